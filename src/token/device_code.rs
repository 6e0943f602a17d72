//! Steps 1 and 2 of `reference/bulk-token.md`: OAuth 2.0 device authorization grant against
//! the v2.0 endpoints, for an access token to the Device Registration Service.

use std::time::{Duration, Instant};

use serde::Deserialize;

use super::errors::{AadError, TokenError, plain, refusal};
use super::http::{Http, de_seconds, de_secret};
use super::jwt::{Claims, decode_claims};
use super::{Cancel, Event, TokenRequest};
use crate::secret::SecretString;

/// The scope that yields a token with `aud` = the Device Registration Service.
pub(crate) const SCOPE: &str = "urn:ms-drs:enterpriseregistration.windows.net/.default";
/// The grant type of the token poll (RFC 8628).
pub(crate) const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// Seconds added to the interval for each `slow_down` (RFC 8628 §3.5).
const SLOW_DOWN_STEP: u64 = 5;

/// An access token for the Device Registration Service and what it says about the admin.
pub(crate) struct SignedIn {
    pub access_token: SecretString,
    pub claims: Claims,
}

#[derive(Deserialize)]
struct DeviceCode {
    #[serde(deserialize_with = "de_secret")]
    device_code: SecretString,
    user_code: String,
    #[serde(alias = "verification_url")]
    verification_uri: String,
    #[serde(deserialize_with = "de_seconds")]
    expires_in: u64,
    #[serde(default = "default_interval", deserialize_with = "de_seconds")]
    interval: u64,
    #[serde(default)]
    message: String,
}

fn default_interval() -> u64 {
    5
}

#[derive(Deserialize)]
struct AccessToken {
    #[serde(deserialize_with = "de_secret")]
    access_token: SecretString,
}

/// Shows a code, waits for the admin to sign in elsewhere, returns the checked access token.
pub(crate) fn sign_in(
    http: &Http,
    req: &TokenRequest,
    cancel: &Cancel,
    on_event: &mut dyn FnMut(Event),
) -> Result<SignedIn, TokenError> {
    let body = sign_in_for(http, req, SCOPE, cancel, on_event)?;
    checked(body.expose())
}

/// The device-code flow for any `scope` (space-separated); returns the successful token
/// answer unparsed, for the caller to check the audience it needs.
pub(crate) fn sign_in_for(
    http: &Http,
    req: &TokenRequest,
    scope: &str,
    cancel: &Cancel,
    on_event: &mut dyn FnMut(Event),
) -> Result<SecretString, TokenError> {
    let tenant = req.tenant.trim();
    let client_id = req.client_id.trim();
    let reply = http.post_form(
        &format!("/{tenant}/oauth2/v2.0/devicecode"),
        &[("client_id", client_id), ("scope", scope)],
    )?;
    if reply.status != 200 {
        return Err(refusal(
            reply.status,
            reply.body.expose(),
            "the device code request",
            false,
        ));
    }
    let code: DeviceCode =
        serde_json::from_str(reply.body.expose()).map_err(|_| TokenError::Unexpected {
            what: "the device code answer lacks device_code, user_code, verification_uri or expires_in"
                .into(),
        })?;
    let unit = req.pace.second;
    // Codes live 15 minutes; cap what we believe at a day so arithmetic cannot overflow.
    let expires_at = Instant::now() + seconds(unit, code.expires_in.min(86_400));
    // Shown on a terminal: no control characters from the server.
    let user_code = plain(&code.user_code, 64);
    let verification_uri = plain(&code.verification_uri, 512);
    let message = match plain(&code.message, 1000) {
        m if m.is_empty() => format!(
            "To sign in, open {verification_uri} on any device and enter the code {user_code}."
        ),
        m => m,
    };
    on_event(Event::ShowCode {
        user_code,
        verification_uri,
        message,
        expires_at,
    });

    // Never poll faster than once a "second", even if told interval 0.
    let mut interval = code.interval.clamp(1, 3600);
    let token_path = format!("/{tenant}/oauth2/v2.0/token");
    loop {
        wait(cancel, seconds(unit, interval), expires_at, unit, on_event)?;
        let reply = http.post_form(
            &token_path,
            &[
                ("grant_type", GRANT_TYPE),
                ("client_id", client_id),
                ("device_code", code.device_code.expose()),
            ],
        )?;
        if reply.status == 200 {
            return Ok(reply.body);
        }
        let pending = if reply.status < 500 {
            serde_json::from_str::<AadError>(reply.body.expose())
                .map(|e| e.error)
                .unwrap_or_default()
        } else {
            String::new()
        };
        match pending.as_str() {
            "authorization_pending" => continue,
            "slow_down" => {
                interval += SLOW_DOWN_STEP;
                on_event(Event::SlowDown {
                    interval_secs: interval,
                });
                continue;
            }
            _ => {}
        }
        return Err(refusal(
            reply.status,
            reply.body.expose(),
            "the sign-in poll",
            false,
        ));
    }
}

/// `n` protocol seconds.
fn seconds(unit: Duration, n: u64) -> Duration {
    unit.saturating_mul(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Parses a successful token answer for any resource: the access token and, when it is a
/// readable JWT, its claims (who signed in).
pub(crate) fn access_token_of(body: &str) -> Result<(SecretString, Claims), TokenError> {
    let t: AccessToken = serde_json::from_str(body).map_err(|_| TokenError::Unexpected {
        what: "the sign-in answer has no access_token".into(),
    })?;
    if t.access_token.is_empty() {
        return Err(TokenError::Unexpected {
            what: "the sign-in answer has an empty access_token".into(),
        });
    }
    let claims = decode_claims(t.access_token.expose()).unwrap_or_default();
    Ok((t.access_token, claims))
}

/// Parses a successful token answer and requires the DRS audience.
fn checked(body: &str) -> Result<SignedIn, TokenError> {
    let t: AccessToken = serde_json::from_str(body).map_err(|_| TokenError::Unexpected {
        what: "the sign-in answer has no access_token".into(),
    })?;
    let claims = decode_claims(t.access_token.expose()).map_err(|e| TokenError::Unexpected {
        what: format!("the access token cannot be read: {e}"),
    })?;
    if !claims.is_for_drs() {
        let aud = claims.aud.join(", ");
        return Err(TokenError::WrongAudience {
            aud: if aud.is_empty() {
                "no audience".into()
            } else {
                aud.chars().take(200).collect()
            },
        });
    }
    Ok(SignedIn {
        access_token: t.access_token,
        claims,
    })
}

/// Waits `total` (cut short at `deadline`), reporting the countdown and honouring `cancel`.
/// Fails with [`TokenError::CodeExpired`] once the deadline has passed.
fn wait(
    cancel: &Cancel,
    total: Duration,
    deadline: Instant,
    unit: Duration,
    on_event: &mut dyn FnMut(Event),
) -> Result<(), TokenError> {
    let end = (Instant::now() + total).min(deadline);
    let mut shown = None;
    loop {
        if cancel.is_cancelled() {
            return Err(TokenError::Cancelled);
        }
        let now = Instant::now();
        let left = deadline.saturating_duration_since(now);
        let seconds_left = left.as_nanos().div_ceil(unit.as_nanos().max(1)) as u64;
        if shown != Some(seconds_left) {
            on_event(Event::Waiting { seconds_left });
            shown = Some(seconds_left);
        }
        if now >= deadline {
            return Err(TokenError::CodeExpired);
        }
        if now >= end {
            return Ok(());
        }
        std::thread::sleep((end - now).min(Duration::from_millis(50)));
    }
}
