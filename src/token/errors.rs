//! Everything that can go wrong while getting a bulk token, each as one plain sentence that
//! says what to do (the table in `reference/bulk-token.md`).
//!
//! No variant ever holds a token: the texts end up on screens, in logs and in bug reports.

use std::time::Duration;
use thiserror::Error;

/// Why no bulk token was obtained.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TokenError {
    // ---- the request itself is wrong (checked before any network traffic) ----
    /// `common` cannot issue tokens for v1 resources like the Device Registration Service.
    #[error(
        "The tenant \"common\" cannot be used for bulk tokens: give your tenant's id or domain (for example contoso.onmicrosoft.com), or \"organizations\"."
    )]
    CommonTenant,
    /// The tenant goes into the URL path, so only id/domain characters are allowed.
    #[error(
        "\"{0}\" is not a tenant id or domain: use something like contoso.onmicrosoft.com, a tenant GUID, or \"organizations\"."
    )]
    InvalidTenant(String),
    /// The client id must be an application (GUID) id.
    #[error(
        "\"{0}\" is not an application id: give a GUID such as 1b730954-1685-4b74-9bfd-dac224a7b894."
    )]
    InvalidClientId(String),
    /// The login host override is unusable.
    #[error("The login URL \"{url}\" cannot be used: {reason}.")]
    InvalidLoginUrl { url: String, reason: &'static str },
    /// Expiry outside what Entra ID accepts (checked locally to save a failed request).
    #[error(
        "The expiry date {date} is not allowed: pick a date after today ({today}) and less than 180 days away (at the latest {latest})."
    )]
    InvalidExpiry {
        date: String,
        today: String,
        latest: String,
    },
    /// Display name of the package account.
    #[error(
        "The package account name must be 1 to 256 characters long; shorten it or leave it out."
    )]
    InvalidName,

    // ---- sign-in (device code) ----
    /// The admin pressed "No" / "Cancel" on the sign-in page.
    #[error("The sign-in was declined; run the command again and approve the sign-in.")]
    Declined,
    /// Nobody signed in before the code ran out.
    #[error(
        "The sign-in code expired before the sign-in was completed; run the command again and sign in sooner."
    )]
    CodeExpired,
    /// Entra ID forgot or never knew the device code.
    #[error(
        "Entra ID did not recognise the sign-in code; run the command again and enter the new code exactly as shown."
    )]
    BadVerificationCode,
    /// The access token is for another resource (wrong client id or scope handling).
    #[error(
        "The sign-in produced a token for \"{aud}\" instead of the Device Registration Service; check --client-id and try again."
    )]
    WrongAudience { aud: String },
    /// AADSTS50076 / AADSTS50079.
    #[error(
        "Entra ID requires multi-factor authentication or a Conditional Access policy blocks this sign-in (AADSTS{code}): exclude the device code flow or this account as your tenant's policy allows (an \"authentication flows\" policy may block device code), or use another account."
    )]
    MfaRequired { code: u32 },
    /// Federated (on-premises) accounts cannot request bulk tokens.
    #[error(
        "Bulk tokens cannot be requested with a federated account: sign in with a cloud-only account of the tenant."
    )]
    FederatedAccount,

    // ---- bulk token (bulkaadjtoken begin/poll) ----
    /// AADSTS240001 (BulkAADJTokenUnauthorized).
    #[error(
        "Entra ID refused the bulk token (AADSTS240001): allow this account to join devices (Entra ID > Devices > Device settings) and grant admin consent to the app, then try again."
    )]
    NotAllowedToJoin,
    /// AADSTS90092 / AADSTS90202.
    #[error(
        "Entra ID refused the bulk token (AADSTS{code}) because the service principal Microsoft.Azure.SyncFabric is missing: create it with `New-MgServicePrincipal -AppId 00000014-0000-0000-c000-000000000000`, then try again."
    )]
    SyncFabricMissing { code: u32 },
    /// AADSTS90114 (InvalidExpiryDate).
    #[error(
        "Entra ID refused the expiry date (AADSTS90114): pick a date after today and less than 180 days away."
    )]
    ExpiryRejected,
    /// AADSTS240005.
    #[error(
        "The signed-in account lacks a role needed for bulk tokens (AADSTS240005): sign in as a Cloud Device Administrator, Intune Administrator or Password Administrator."
    )]
    RoleMissing,
    /// `unauthorized_client` even after the one allowed retry of begin.
    #[error(
        "Entra ID answered unauthorized_client (twice); wait a minute and try again, and check that the app given by --client-id is allowed in your tenant."
    )]
    UnauthorizedClient,
    /// Entra ID did not finish within the overall time limit.
    #[error(
        "Entra ID did not finish creating the bulk token within {} s; try again later, and delete any unused package_ account it may have created in Entra ID > Users.", .0.as_secs()
    )]
    BulkTimedOut(Duration),
    /// Any other refusal: Entra ID's own first line (it carries the AADSTS code).
    #[error(
        "Entra ID refused the request ({error}: {description}); fix what it says and try again."
    )]
    Rejected { error: String, description: String },

    // ---- transport ----
    /// Connection refused, DNS failure, unreachable network.
    #[error(
        "Could not reach {host} ({detail}): check the network connection, DNS and proxy settings, then try again."
    )]
    Network { host: String, detail: String },
    /// TLS handshake or certificate failure.
    #[error(
        "The secure connection to {host} failed ({detail}): check the system clock and any proxy that inspects TLS, then try again."
    )]
    Tls { host: String, detail: String },
    /// A request took longer than the configured timeout.
    #[error("{host} did not answer within {} s; check the network connection and try again.", .timeout.as_secs_f32())]
    Timeout { host: String, timeout: Duration },
    /// HTTP 5xx.
    #[error("Entra ID had an internal problem (HTTP {status}); try again in a few minutes.")]
    Server { status: u16 },
    /// Malformed JSON, missing fields, odd status codes.
    #[error(
        "Entra ID sent an answer this program does not understand ({what}); try again later, and report it if it keeps happening."
    )]
    Unexpected { what: String },

    // ---- the user stopped it ----
    /// Cancelled through [`super::Cancel`] (Ctrl+C, Esc).
    #[error("Cancelled; no bulk token was created.")]
    Cancelled,
    /// Cancelled after the bulk token request was sent: an account may exist.
    #[error(
        "Cancelled while Entra ID was creating the bulk token; delete the package account {account} in Entra ID > Users if it appears."
    )]
    CancelledAfterBegin { account: String },
}

impl TokenError {
    /// Process exit code per DESIGN.md: 1 the input or the tenant's setup is wrong,
    /// 3 network / I/O, 130 cancelled (the shell convention for Ctrl+C).
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Network { .. }
            | Self::Tls { .. }
            | Self::Timeout { .. }
            | Self::Server { .. }
            | Self::Unexpected { .. }
            | Self::BulkTimedOut(_) => 3,
            Self::Cancelled | Self::CancelledAfterBegin { .. } => 130,
            _ => 1,
        }
    }

    /// Errors that may be caused by a blip; the caller decides whether to ask for a retry.
    pub fn is_transient(&self) -> bool {
        self.exit_code() == 3
    }
}

/// An OAuth-style error as Entra ID reports it (`error`, `error_description`, `error_codes`).
#[derive(Debug, Default, serde::Deserialize)]
pub(crate) struct AadError {
    #[serde(default)]
    pub error: String,
    #[serde(default)]
    pub error_description: String,
    #[serde(default)]
    pub error_codes: Vec<u32>,
}

impl AadError {
    /// Every AADSTS number mentioned, from `error_codes` and from the texts.
    fn codes(&self) -> Vec<u32> {
        let mut codes = self.error_codes.clone();
        for text in [&self.error, &self.error_description] {
            codes.extend(aadsts_codes(text));
        }
        codes
    }

    /// Maps a refusal to the sentence for it. `federated` is what the sign-in told us about
    /// the account (`amr` contains `fed`); it only explains otherwise unknown refusals.
    pub fn classify(&self, federated: bool) -> TokenError {
        let codes = self.codes();
        let has = |c: u32| codes.contains(&c);
        match self.error.as_str() {
            "authorization_declined" | "access_denied" => return TokenError::Declined,
            "expired_token" | "code_expired" => return TokenError::CodeExpired,
            "bad_verification_code" => return TokenError::BadVerificationCode,
            _ => {}
        }
        if has(240001) {
            TokenError::NotAllowedToJoin
        } else if has(90092) {
            TokenError::SyncFabricMissing { code: 90092 }
        } else if has(90202) {
            TokenError::SyncFabricMissing { code: 90202 }
        } else if has(90114) {
            TokenError::ExpiryRejected
        } else if has(240005) {
            TokenError::RoleMissing
        } else if has(50076) {
            TokenError::MfaRequired { code: 50076 }
        } else if has(50079) {
            TokenError::MfaRequired { code: 50079 }
        } else if has(90124) {
            TokenError::CommonTenant
        } else if self.error == "unauthorized_client" {
            TokenError::UnauthorizedClient
        } else if self
            .error_description
            .to_ascii_lowercase()
            .contains("federat")
            || federated
        {
            TokenError::FederatedAccount
        } else {
            let first_line = server_text(self.error_description.lines().next().unwrap_or(""), 300);
            TokenError::Rejected {
                error: if self.error.is_empty() {
                    "error".into()
                } else {
                    server_text(&self.error, 80)
                },
                description: if first_line.is_empty() {
                    "no description".into()
                } else {
                    first_line
                },
            }
        }
    }
}

/// The error for a non-success answer: 5xx is the server's problem; otherwise Entra ID's
/// `error` / `error_description` when the body has them. `what` names the step for the
/// "does not understand" sentence. The body itself is never quoted (it could hold tokens).
pub(crate) fn refusal(status: u16, body: &str, what: &str, federated: bool) -> TokenError {
    if status >= 500 {
        return TokenError::Server { status };
    }
    match serde_json::from_str::<AadError>(body) {
        Ok(e) if !e.error.is_empty() || !e.error_codes.is_empty() => e.classify(federated),
        _ => TokenError::Unexpected {
            what: format!("HTTP {status} from {what}"),
        },
    }
}

/// Server text made safe for a terminal: control characters (escape sequences) become
/// spaces, trimmed, at most `max` characters.
pub(crate) fn plain(text: &str, max: usize) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(max)
        .collect::<String>()
        .trim()
        .to_string()
}

/// Server text as it may be shown: anything shaped like a token removed (a server that
/// echoes the request's `Authorization` header must not make us print the access token),
/// then [`plain`] and at most `max` characters.
pub(crate) fn server_text(text: &str, max: usize) -> String {
    // Bounded work whatever the server sent: only the first part can be shown anyway.
    let head: String = text.chars().take(max * 4).collect();
    plain(&remove_tokens(&head), max)
}

/// Characters of base64, base64url and JWTs.
fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '+' | '/' | '=')
}

/// `text` with every token-shaped run replaced by `[removed]`: the word after `Bearer`,
/// and runs of 32 or more base64/JWT characters mixing letters and digits that are not a
/// GUID or a URL (Entra ID's messages quote GUIDs and links, never secrets).
fn remove_tokens(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut after_bearer = false;
    while i < chars.len() {
        if !token_char(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && token_char(chars[i]) {
            i += 1;
        }
        let run: String = chars[start..i].iter().collect();
        let shaped = run.chars().count() >= 32
            && run.chars().any(|c| c.is_ascii_digit())
            && run.chars().any(|c| c.is_ascii_alphabetic())
            && !run.starts_with("//")
            && uuid::Uuid::parse_str(&run).is_err();
        if after_bearer || shaped {
            out.push_str("[removed]");
        } else {
            out.push_str(&run);
        }
        after_bearer = run.eq_ignore_ascii_case("bearer");
    }
    out
}

/// The numbers after each `AADSTS` in `text`.
fn aadsts_codes(text: &str) -> impl Iterator<Item = u32> + '_ {
    text.match_indices("AADSTS").filter_map(move |(i, m)| {
        let digits: String = text[i + m.len()..]
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        digits.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(error: &str, description: &str) -> AadError {
        AadError {
            error: error.into(),
            error_description: description.into(),
            error_codes: vec![],
        }
    }

    #[test]
    fn codes_are_found_in_texts_and_lists() {
        let e = AadError {
            error: "invalid_grant".into(),
            error_description: "AADSTS50079: Due to a configuration change\r\nTrace ID: x".into(),
            error_codes: vec![12],
        };
        assert_eq!(e.codes(), vec![12, 50079]);
        assert_eq!(e.classify(false), TokenError::MfaRequired { code: 50079 });
    }

    #[test]
    fn table_codes_map_to_their_sentences() {
        let cases = [
            ("AADSTS240001: x", TokenError::NotAllowedToJoin),
            (
                "AADSTS90092: x",
                TokenError::SyncFabricMissing { code: 90092 },
            ),
            (
                "AADSTS90202: x",
                TokenError::SyncFabricMissing { code: 90202 },
            ),
            ("AADSTS90114: x", TokenError::ExpiryRejected),
            ("AADSTS240005: x", TokenError::RoleMissing),
            ("AADSTS50076: x", TokenError::MfaRequired { code: 50076 }),
            ("AADSTS90124: x", TokenError::CommonTenant),
            (
                "federated users are not supported",
                TokenError::FederatedAccount,
            ),
        ];
        for (desc, want) in cases {
            assert_eq!(err("invalid_request", desc).classify(false), want, "{desc}");
        }
        assert_eq!(
            err("unauthorized_client", "").classify(false),
            TokenError::UnauthorizedClient
        );
    }

    #[test]
    fn unknown_refusals_show_the_first_line_only() {
        let e = err(
            "invalid_request",
            "AADSTS90002: Tenant 'x' not found.\r\nTrace ID: 1",
        );
        let TokenError::Rejected { description, .. } = e.classify(false) else {
            panic!("wrong variant");
        };
        assert_eq!(description, "AADSTS90002: Tenant 'x' not found.");
        // Unknown refusal for a federated sign-in is explained as federation.
        assert_eq!(
            err("invalid_request", "AADSTS9999: odd").classify(true),
            TokenError::FederatedAccount
        );
    }

    #[test]
    fn server_text_cannot_drive_the_terminal() {
        let e = err("x\u{1b}[2J", "AADSTS1: a\u{1b}]0;title\u{7} b");
        let TokenError::Rejected { error, description } = e.classify(false) else {
            panic!("wrong variant");
        };
        assert!(!error.contains('\u{1b}') && !description.contains('\u{1b}'));
        assert!(!description.contains('\u{7}'));
    }

    #[test]
    fn token_shaped_server_text_is_removed() {
        let jwt =
            "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ1cm46bXMtZHJzIn0.c2lnbmF0dXJlMTIz";
        let e = err(
            "invalid_request",
            &format!(
                "AADSTS50000: got header Authorization: Bearer {jwt} (trace 5b3c1d2e-0000-4000-8000-123456789abc)"
            ),
        );
        let TokenError::Rejected { description, .. } = e.classify(false) else {
            panic!("wrong variant");
        };
        assert!(!description.contains("eyJ"), "{description}");
        assert!(description.contains("Bearer [removed]"), "{description}");
        assert!(description.contains("5b3c1d2e-0000-4000-8000-123456789abc"));
        // Opaque tokens without a Bearer in front, too.
        let raw = "0.AXoAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEFGH";
        let out = server_text(&format!("token {raw} leaked"), 300);
        assert_eq!(out, "token [removed] leaked");
        // Ordinary text stays.
        let ok = "AADSTS90002: Tenant 'contoso.onmicrosoft.com' not found. See https://aka.ms/x";
        assert_eq!(server_text(ok, 300), ok);
        // Length is capped.
        assert_eq!(server_text(&"word ".repeat(1000), 300).chars().count(), 299);
    }

    #[test]
    fn exit_codes_follow_design() {
        assert_eq!(TokenError::Declined.exit_code(), 1);
        assert_eq!(TokenError::Server { status: 500 }.exit_code(), 3);
        assert_eq!(TokenError::Cancelled.exit_code(), 130);
    }
}
