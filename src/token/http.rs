//! The few HTTP calls the token flow makes: blocking, over rustls, with timeouts on every
//! request and no automatic retries or redirects (a repeated `begin` could create a second
//! package account; a redirect could carry the bearer token elsewhere).

use std::io;
use std::time::Duration;

use super::errors::TokenError;
use crate::secret::SecretString;

/// Per-request time limits. Production uses [`Timeouts::default`]; tests use short ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing the connection, TLS included.
    pub connect: Duration,
    /// The whole request, from connecting to the last byte of the answer.
    pub overall: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(30),
            overall: Duration::from_secs(30),
        }
    }
}

/// An answer, whatever its status. The body is kept as a secret because successful answers
/// carry access and refresh tokens.
pub(crate) struct Reply {
    pub status: u16,
    pub body: SecretString,
}

/// A client bound to one login host.
pub(crate) struct Http {
    agent: ureq::Agent,
    base: String,
    host: String,
    timeouts: Timeouts,
}

impl Http {
    /// `base` is the login URL (`https://login.microsoftonline.com` or an override).
    /// Plain `http` is accepted only for the local machine (tests): bearer tokens and the
    /// bulk token must not cross a network in clear.
    pub fn new(base: &str, timeouts: Timeouts) -> Result<Self, TokenError> {
        let base = base.trim().trim_end_matches('/').to_string();
        let bad = |reason| TokenError::InvalidLoginUrl {
            url: base.clone(),
            reason,
        };
        let is_local = |r: &str| matches!(host_part(r), "127.0.0.1" | "localhost" | "[::1]");
        let rest = if let Some(r) = base.strip_prefix("https://") {
            r
        } else if let Some(r) = base.strip_prefix("http://") {
            if !is_local(r) {
                return Err(bad(
                    "plain http is only allowed for 127.0.0.1 / localhost; use https",
                ));
            }
            r
        } else {
            return Err(bad("it must start with https://"));
        };
        if rest.is_empty() || rest.contains(['?', '#', ' ', '@']) {
            return Err(bad(
                "it must be a bare host such as https://login.microsoftonline.com",
            ));
        }
        let host = rest.split('/').next().unwrap_or(rest).to_string();
        Ok(Self {
            agent: agent(is_local(rest), timeouts),
            base,
            host,
            timeouts,
        })
    }

    /// `POST {base}{path}` with a form body.
    pub fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Result<Reply, TokenError> {
        let url = format!("{}{}", self.base, path);
        let res = self
            .agent
            .post(&url)
            .header("Accept", "application/json")
            .send_form(fields.iter().copied());
        self.finish(res)
    }

    /// `POST {base}{path}` with a JSON body and a bearer token.
    pub fn post_json(
        &self,
        path: &str,
        bearer: &SecretString,
        body: &impl serde::Serialize,
    ) -> Result<Reply, TokenError> {
        let url = format!("{}{}", self.base, path);
        let auth = SecretString::new(format!("Bearer {}", bearer.expose()));
        // Plain `application/json` as in the reference (ureq's send_json adds a charset).
        let json = serde_json::to_vec(body).map_err(|_| TokenError::Unexpected {
            what: "the request could not be encoded".into(),
        })?;
        let res = self
            .agent
            .post(&url)
            .header("Authorization", auth.expose())
            .header("Accept", "application/json")
            .header("Content-Type", "application/json")
            .send(&json[..]);
        self.finish(res)
    }

    /// `GET {base}{path_and_query}` with a bearer token. The caller encodes the query.
    pub fn get(&self, path_and_query: &str, bearer: &SecretString) -> Result<Reply, TokenError> {
        let url = format!("{}{}", self.base, path_and_query);
        let auth = SecretString::new(format!("Bearer {}", bearer.expose()));
        let res = self
            .agent
            .get(&url)
            .header("Authorization", auth.expose())
            .header("Accept", "application/json")
            .call();
        self.finish(res)
    }

    fn finish(
        &self,
        res: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<Reply, TokenError> {
        let mut res = res.map_err(|e| map_error(e, &self.host, self.timeouts))?;
        let status = res.status().as_u16();
        let body = res
            .body_mut()
            .with_config()
            .limit(1024 * 1024)
            .read_to_string()
            .map_err(|e| map_error(e, &self.host, self.timeouts))?;
        Ok(Reply {
            status,
            body: SecretString::new(body),
        })
    }
}

/// The HTTP client every Microsoft endpoint is called with: statuses are answers, not
/// errors; no redirects (a token must never follow one elsewhere); bounded time; proxies
/// from the environment, except to this machine (a local test server).
pub(crate) fn agent(local: bool, timeouts: Timeouts) -> ureq::Agent {
    let proxy = if local {
        None
    } else {
        ureq::Proxy::try_from_env()
    };
    ureq::Agent::config_builder()
        .proxy(proxy)
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_connect(Some(timeouts.connect))
        .timeout_global(Some(timeouts.overall))
        .user_agent(concat!("ppkg-wizard/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

fn host_part(rest: &str) -> &str {
    let authority = rest.split('/').next().unwrap_or(rest);
    if authority.starts_with('[') {
        authority.split_inclusive(']').next().unwrap_or(authority)
    } else {
        authority.split(':').next().unwrap_or(authority)
    }
}

/// Turns a transport failure into the sentence for it.
pub(crate) fn map_error(e: ureq::Error, host: &str, timeouts: Timeouts) -> TokenError {
    let host = host.to_string();
    let network = |detail: &str| TokenError::Network {
        host: host.clone(),
        detail: detail.to_string(),
    };
    match e {
        ureq::Error::Timeout(t) => TokenError::Timeout {
            host,
            timeout: if matches!(t, ureq::Timeout::Connect) {
                timeouts.connect
            } else {
                timeouts.overall
            },
        },
        ureq::Error::HostNotFound => network("the name could not be resolved"),
        ureq::Error::Io(io) => match io.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => TokenError::Timeout {
                host,
                timeout: timeouts.overall,
            },
            io::ErrorKind::ConnectionRefused => network("connection refused"),
            io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
                network("the connection was dropped")
            }
            io::ErrorKind::UnexpectedEof => network("the connection closed before an answer"),
            io::ErrorKind::NetworkUnreachable | io::ErrorKind::HostUnreachable => {
                network("the network is unreachable")
            }
            io::ErrorKind::InvalidData => TokenError::Tls {
                host,
                detail: "the server's answer is not valid TLS".into(),
            },
            _ => network(&io.kind().to_string()),
        },
        ureq::Error::Tls(msg) => TokenError::Tls {
            host,
            detail: msg.to_string(),
        },
        ureq::Error::Rustls(err) => TokenError::Tls {
            host,
            detail: err.to_string(),
        },
        ureq::Error::Pem(_) | ureq::Error::TlsRequired => TokenError::Tls {
            host,
            detail: "TLS could not be set up".into(),
        },
        ureq::Error::ConnectionFailed | ureq::Error::ConnectProxyFailed(_) => {
            network("the connection failed")
        }
        ureq::Error::Protocol(_) | ureq::Error::LargeResponseHeader(..) => TokenError::Unexpected {
            what: "not a valid HTTP answer".into(),
        },
        ureq::Error::BodyExceedsLimit(_) => TokenError::Unexpected {
            what: "the answer is too large".into(),
        },
        _ => network("the request failed"),
    }
}

/// Deserializes a JSON string straight into a [`SecretString`] (for token fields).
pub(crate) fn de_secret<'de, D: serde::Deserializer<'de>>(d: D) -> Result<SecretString, D::Error> {
    let s: String = serde::Deserialize::deserialize(d)?;
    Ok(SecretString::new(s))
}

/// Deserializes a count of seconds that some endpoints send as a string.
pub(crate) fn de_seconds<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum NumOrText {
        Num(u64),
        Text(String),
    }
    match serde::Deserialize::deserialize(d)? {
        NumOrText::Num(n) => Ok(n),
        NumOrText::Text(t) => t.trim().parse().map_err(serde::de::Error::custom),
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters (for query values).
pub(crate) fn url_encode(value: &str) -> String {
    percent_encode(value, b"")
}

/// Percent-encodes every byte of `value` but RFC 3986 unreserved characters and `keep`.
pub(crate) fn percent_encode(value: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') || keep.contains(&b)
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_url_must_be_https_unless_local() {
        let t = Timeouts::default();
        assert!(Http::new("https://login.microsoftonline.us/", t).is_ok());
        assert!(Http::new("http://127.0.0.1:8080", t).is_ok());
        assert!(Http::new("http://localhost:1", t).is_ok());
        assert!(matches!(
            Http::new("http://login.example.com", t),
            Err(TokenError::InvalidLoginUrl { .. })
        ));
        assert!(matches!(
            Http::new("ftp://x", t),
            Err(TokenError::InvalidLoginUrl { .. })
        ));
        assert!(matches!(
            Http::new("https://user@evil", t),
            Err(TokenError::InvalidLoginUrl { .. })
        ));
        assert_eq!(
            Http::new("https://h.example/", t).unwrap().base,
            "https://h.example"
        );
    }

    #[test]
    fn transport_errors_map_to_sentences() {
        let t = Timeouts::default();
        assert!(matches!(
            map_error(ureq::Error::HostNotFound, "h", t),
            TokenError::Network { .. }
        ));
        assert!(matches!(
            map_error(ureq::Error::Tls("bad certificate"), "h", t),
            TokenError::Tls { .. }
        ));
        assert!(matches!(
            map_error(ureq::Error::Timeout(ureq::Timeout::Global), "h", t),
            TokenError::Timeout { .. }
        ));
        let refused = io::Error::from(io::ErrorKind::ConnectionRefused);
        let e = map_error(ureq::Error::Io(refused), "h", t);
        assert!(e.to_string().contains("connection refused"), "{e}");
    }

    #[test]
    fn query_values_are_fully_encoded() {
        assert_eq!(url_encode("a+b/c=d e&f~"), "a%2Bb%2Fc%3Dd%20e%26f~");
        assert_eq!(url_encode("é"), "%C3%A9");
    }
}
