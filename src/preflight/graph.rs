//! Read-only Microsoft Graph calls for the pre-flight checks: `GET` only, a bearer token
//! that is never sent to another host (no redirects; `@odata.nextLink` must stay on the
//! Graph base URL), bounded paging, and bounded waits when Graph throttles with `429` /
//! `Retry-After`.

use std::io;
use std::time::Duration;

use serde_json::Value;

use crate::secret::SecretString;
use crate::token::{Cancel, Timeouts, TokenError};

/// Microsoft's Graph host; override with [`GRAPH_URL_ENV`](super::GRAPH_URL_ENV).
pub const DEFAULT_GRAPH_URL: &str = "https://graph.microsoft.com";

/// At most this many pages of one collection are read (memory stays bounded).
const MAX_PAGES: usize = 50;
/// Largest answer accepted, per page.
const MAX_BODY: u64 = 4 * 1024 * 1024;
/// Largest collection accepted, all pages together.
const MAX_TOTAL: usize = 16 * 1024 * 1024;

/// How patiently throttling is waited out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Throttling {
    /// Retries of one request after `429` / `503` (then the check is "?").
    pub retries: u32,
    /// A `Retry-After` longer than this many seconds is not waited for.
    pub max_wait_secs: u64,
    /// Length of one `Retry-After` second; only tests shorten it.
    pub second: Duration,
}

impl Default for Throttling {
    fn default() -> Self {
        Self {
            retries: 3,
            max_wait_secs: 60,
            second: Duration::from_secs(1),
        }
    }
}

/// Why one Graph read gave no data. Each check turns it into a "?" line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphError {
    /// 403: the app or the signed-in account may not read this.
    Forbidden,
    /// 401: Graph did not accept the sign-in.
    Unauthorized,
    /// 404.
    NotFound,
    /// 429 / 503 still after the allowed retries, or a `Retry-After` too long to wait.
    Throttled,
    /// Other 5xx.
    Server(u16),
    /// Could not reach Graph (the run ends with exit code 3).
    Transport(TokenError),
    /// Any other status, or JSON this program does not understand.
    Unexpected(String),
    /// The user stopped the run.
    Cancelled,
}

/// A Graph client bound to one base URL and one access token.
pub(crate) struct Graph<'a> {
    agent: ureq::Agent,
    base: String,
    host: String,
    timeouts: Timeouts,
    bearer: SecretString,
    throttling: Throttling,
    cancel: &'a Cancel,
}

/// The Graph base URL, checked like the login URL: https, or plain http to this machine.
pub(crate) fn checked_base(url: &str) -> Result<(String, String, bool), String> {
    let base = url.trim().trim_end_matches('/').to_string();
    let (rest, https) = if let Some(r) = base.strip_prefix("https://") {
        (r, true)
    } else if let Some(r) = base.strip_prefix("http://") {
        (r, false)
    } else {
        return Err("it must start with https://".into());
    };
    if rest.is_empty() || rest.contains(['/', '?', '#', ' ', '@']) {
        return Err("it must be a bare host such as https://graph.microsoft.com".into());
    }
    let name = if rest.starts_with('[') {
        rest.split_inclusive(']').next().unwrap_or(rest)
    } else {
        rest.split(':').next().unwrap_or(rest)
    };
    let local = matches!(name, "127.0.0.1" | "localhost" | "[::1]");
    if !https && !local {
        return Err("plain http is only allowed for 127.0.0.1 / localhost; use https".into());
    }
    Ok((base.clone(), rest.to_string(), local))
}

impl<'a> Graph<'a> {
    pub fn new(
        base_url: &str,
        bearer: SecretString,
        timeouts: Timeouts,
        throttling: Throttling,
        cancel: &'a Cancel,
    ) -> Result<Self, String> {
        let (base, host, local) = checked_base(base_url)?;
        Ok(Self {
            agent: crate::token::http::agent(local, timeouts),
            base,
            host,
            timeouts,
            bearer,
            throttling,
            cancel,
        })
    }

    /// `GET {base}{path}` as JSON. `path` starts with `/v1.0/` or `/beta/` and is encoded.
    pub fn get(&self, path: &str) -> Result<Value, GraphError> {
        self.get_url(&format!("{}{}", self.base, path))
    }

    /// Every item of a collection, following `@odata.nextLink` (at most [`MAX_PAGES`]).
    pub fn get_all(&self, path: &str) -> Result<Vec<Value>, GraphError> {
        let mut url = format!("{}{}", self.base, path);
        let mut items = Vec::new();
        let mut total = 0;
        for _ in 0..MAX_PAGES {
            let (mut page, size) = self.get_sized(&url)?;
            total += size;
            if total > MAX_TOTAL {
                return Err(GraphError::Unexpected("a list is too large".into()));
            }
            match page.get_mut("value").map(Value::take) {
                Some(Value::Array(list)) => items.extend(list),
                _ => {
                    return Err(GraphError::Unexpected(
                        "a collection answer has no value list".into(),
                    ));
                }
            }
            match page.get("@odata.nextLink").and_then(Value::as_str) {
                None => return Ok(items),
                Some(next) => {
                    // The bearer token must never go anywhere but the Graph host.
                    if !next.starts_with(&format!("{}/", self.base)) {
                        return Err(GraphError::Unexpected(
                            "a next-page link points away from the Graph host".into(),
                        ));
                    }
                    url = next.to_string();
                }
            }
        }
        Err(GraphError::Unexpected(format!(
            "a list has more than {MAX_PAGES} pages"
        )))
    }

    fn get_url(&self, url: &str) -> Result<Value, GraphError> {
        self.get_sized(url).map(|(v, _)| v)
    }

    /// The answer and the size of its body.
    fn get_sized(&self, url: &str) -> Result<(Value, usize), GraphError> {
        let auth = SecretString::new(format!("Bearer {}", self.bearer.expose()));
        let mut attempt = 0;
        loop {
            if self.cancel.is_cancelled() {
                return Err(GraphError::Cancelled);
            }
            let res = self
                .agent
                .get(url)
                .header("Authorization", auth.expose())
                .header("Accept", "application/json")
                .call();
            let mut res = res.map_err(|e| self.transport(e))?;
            let status = res.status().as_u16();
            if status == 429 || status == 503 {
                let wait = retry_after(res.headers().get("retry-after"));
                attempt += 1;
                if attempt > self.throttling.retries || wait > self.throttling.max_wait_secs {
                    return Err(if status == 429 {
                        GraphError::Throttled
                    } else {
                        GraphError::Server(503)
                    });
                }
                let pause = self
                    .throttling
                    .second
                    .saturating_mul(u32::try_from(wait).unwrap_or(u32::MAX));
                if !sleep(self.cancel, pause) {
                    return Err(GraphError::Cancelled);
                }
                continue;
            }
            match status {
                200 => {}
                401 => return Err(GraphError::Unauthorized),
                403 => return Err(GraphError::Forbidden),
                404 => return Err(GraphError::NotFound),
                s if s >= 500 => return Err(GraphError::Server(s)),
                s => return Err(GraphError::Unexpected(format!("HTTP {s}"))),
            }
            let body = res
                .body_mut()
                .with_config()
                .limit(MAX_BODY)
                .read_to_string()
                .map_err(|e| self.transport(e))?;
            let value = serde_json::from_str(&body)
                .map_err(|_| GraphError::Unexpected("an answer is not JSON".into()))?;
            return Ok((value, body.len()));
        }
    }

    fn transport(&self, e: ureq::Error) -> GraphError {
        if matches!(e, ureq::Error::BodyExceedsLimit(_)) {
            return GraphError::Unexpected("an answer is too large".into());
        }
        GraphError::Transport(self.transport_error(e))
    }

    fn transport_error(&self, e: ureq::Error) -> TokenError {
        let host = self.host.clone();
        let network = |detail: &str| TokenError::Network {
            host: host.clone(),
            detail: detail.into(),
        };
        match e {
            ureq::Error::Timeout(_) => TokenError::Timeout {
                host,
                timeout: self.timeouts.overall,
            },
            ureq::Error::HostNotFound => network("the name could not be resolved"),
            ureq::Error::Io(io) => match io.kind() {
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => TokenError::Timeout {
                    host,
                    timeout: self.timeouts.overall,
                },
                io::ErrorKind::ConnectionRefused => network("connection refused"),
                io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
                    network("the connection was dropped")
                }
                io::ErrorKind::UnexpectedEof => network("the connection closed before an answer"),
                _ => network("the request failed"),
            },
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::TlsRequired => {
                TokenError::Tls {
                    host,
                    detail: "the secure connection could not be made".into(),
                }
            }
            _ => network("the request failed"),
        }
    }
}

/// Sleeps `total` in small slices; `false` when cancelled meanwhile.
fn sleep(cancel: &Cancel, total: Duration) -> bool {
    let end = std::time::Instant::now() + total;
    loop {
        if cancel.is_cancelled() {
            return false;
        }
        let now = std::time::Instant::now();
        if now >= end {
            return true;
        }
        std::thread::sleep((end - now).min(Duration::from_millis(50)));
    }
}

/// Seconds to wait from a `Retry-After` header (delta-seconds); 1 when absent or a date.
fn retry_after(value: Option<&ureq::http::HeaderValue>) -> u64 {
    value
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

/// Percent-encodes a value for a Graph query (`$filter` literals, ids in paths).
pub(crate) fn encode(value: &str) -> String {
    // The quotes of `$filter` literals and the `@` of a user principal name stay as they are.
    crate::token::http::percent_encode(value, b"'@")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_must_be_https_or_local() {
        assert!(checked_base("https://graph.microsoft.us/").is_ok());
        assert!(checked_base("http://127.0.0.1:9").unwrap().2);
        assert!(checked_base("http://graph.example").is_err());
        assert!(checked_base("https://graph.example/v1.0").is_err());
        assert!(checked_base("https://u@graph.example").is_err());
        assert!(checked_base("ftp://x").is_err());
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(encode("principalId eq 'a b'"), "principalId%20eq%20'a%20b'");
        assert_eq!(encode("p&q=r#"), "p%26q%3Dr%23");
    }
}
