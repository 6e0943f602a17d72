//! Steps 3 and 4 of `reference/bulk-token.md`: `bulkaadjtoken/begin` creates the package
//! account and starts the flow, `bulkaadjtoken/poll` returns the BPRT. Also the expiry rules.

use std::time::Instant;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Date, Duration as Days, OffsetDateTime};

use super::errors::{AadError, TokenError, refusal};
use super::http::{Http, de_secret, url_encode};
use super::jwt::decode_claims;
use super::{Cancel, Event, TokenRequest};
use crate::secret::SecretString;

const BEGIN_PATH: &str = "/webapp/bulkaadjtoken/begin";
const POLL_PATH: &str = "/webapp/bulkaadjtoken/poll";
/// Entra ID refuses expiry dates this many days away or more (AADSTS90114).
const MAX_DAYS: i64 = 180;

/// Today's date on this machine (UTC when the local offset is unknown).
pub fn today_local() -> Date {
    OffsetDateTime::now_local()
        .unwrap_or_else(|_| OffsetDateTime::now_utc())
        .date()
}

/// The default expiry: today + 30 days.
pub fn default_expiry(today: Date) -> Date {
    today + Days::days(super::DEFAULT_EXPIRY_DAYS)
}

/// Entra ID's rule, checked before signing in: after today and less than 180 days away.
pub fn validate_expiry(expires: Date, today: Date) -> Result<(), TokenError> {
    let days = (expires - today).whole_days();
    if (1..MAX_DAYS).contains(&days) {
        Ok(())
    } else {
        Err(TokenError::InvalidExpiry {
            date: expires.to_string(),
            today: today.to_string(),
            latest: (today + Days::days(MAX_DAYS - 1)).to_string(),
        })
    }
}

/// The `exp` field as WCD sends it: `MM/dd/yyyy`.
pub fn format_exp_date(date: Date) -> String {
    format!(
        "{:02}/{:02}/{:04}",
        u8::from(date.month()),
        date.day(),
        date.year()
    )
}

#[derive(Serialize)]
struct Begin<'a> {
    pid: &'a str,
    name: &'a str,
    exp: &'a str,
}

/// A begin or poll answer.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Flow {
    #[serde(default)]
    flow_token: Option<String>,
    #[serde(default)]
    state: String,
    #[serde(default)]
    result_data: Value,
}

#[derive(Deserialize)]
struct Success {
    #[serde(deserialize_with = "de_secret")]
    refresh_token: SecretString,
    #[serde(default)]
    id_token: Option<String>,
}

/// A created token before the caller adds sign-in details.
pub(crate) struct Created {
    pub token: SecretString,
    pub package_account: String,
    pub package_id: String,
    pub package_name: String,
}

enum Step {
    Done(Created),
    Pending,
}

/// Begins the flow (retrying once on `unauthorized_client`) and polls it to the end.
pub(crate) fn create(
    http: &Http,
    access_token: &SecretString,
    req: &TokenRequest,
    federated: bool,
    cancel: &Cancel,
    on_event: &mut dyn FnMut(Event),
) -> Result<Created, TokenError> {
    let pid = uuid::Uuid::new_v4().to_string();
    let default_name = format!("package_{pid}");
    let name = req.name.as_deref().unwrap_or(&default_name);
    let exp = format_exp_date(req.expires);
    let body = Begin {
        pid: &pid,
        name,
        exp: &exp,
    };
    let ctx = Ctx {
        pid: &pid,
        name,
        federated,
    };
    on_event(Event::CreatingToken {
        package_name: name.to_string(),
    });
    if cancel.is_cancelled() {
        return Err(TokenError::Cancelled);
    }

    let mut retried = false;
    let flow_token = loop {
        match begin_once(http, access_token, &body, &ctx) {
            Ok(Begun::Running(token)) => break token,
            Ok(Begun::Done(created)) => return Ok(created),
            Err(TokenError::UnauthorizedClient) if !retried => {
                retried = true;
                on_event(Event::RetryingBegin);
                if !cancel.sleep(req.pace.bulk_poll_every) {
                    return Err(TokenError::Cancelled);
                }
            }
            Err(e) => return Err(e),
        }
    };

    let started = Instant::now();
    let poll = format!("{POLL_PATH}?flowToken={}", url_encode(&flow_token));
    loop {
        if !cancel.sleep(req.pace.bulk_poll_every) {
            return Err(TokenError::CancelledAfterBegin {
                account: default_name,
            });
        }
        let reply = http.get(&poll, access_token)?;
        if reply.status != 200 {
            return Err(refusal(
                reply.status,
                reply.body.expose(),
                "the bulk token poll",
                federated,
            ));
        }
        let flow = parse_flow(reply.body.expose(), "the bulk token poll")?;
        if let Step::Done(created) = ctx.step(&flow)? {
            return Ok(created);
        }
        if started.elapsed() >= req.pace.bulk_time_limit {
            return Err(TokenError::BulkTimedOut(req.pace.bulk_time_limit));
        }
    }
}

enum Begun {
    Running(String),
    Done(Created),
}

/// One `begin` request. Transport failures are never retried by the caller: the request
/// may have reached Entra ID and created an account.
fn begin_once(
    http: &Http,
    access_token: &SecretString,
    body: &Begin<'_>,
    ctx: &Ctx<'_>,
) -> Result<Begun, TokenError> {
    const WHAT: &str = "the bulk token request";
    let reply = http.post_json(BEGIN_PATH, access_token, body)?;
    if reply.status != 200 {
        return Err(refusal(
            reply.status,
            reply.body.expose(),
            WHAT,
            ctx.federated,
        ));
    }
    let flow = parse_flow(reply.body.expose(), WHAT)?;
    match ctx.step(&flow)? {
        Step::Done(created) => Ok(Begun::Done(created)),
        Step::Pending => match flow.flow_token {
            Some(t) if !t.is_empty() => Ok(Begun::Running(t)),
            _ => Err(TokenError::Unexpected {
                what: format!("{WHAT} answer has no flowToken"),
            }),
        },
    }
}

fn parse_flow(body: &str, what: &str) -> Result<Flow, TokenError> {
    serde_json::from_str(body).map_err(|_| TokenError::Unexpected {
        what: format!("{what} answer is not the expected JSON"),
    })
}

struct Ctx<'a> {
    pid: &'a str,
    name: &'a str,
    federated: bool,
}

impl Ctx<'_> {
    /// Interprets a flow state: finished, failed, or still running.
    fn step(&self, flow: &Flow) -> Result<Step, TokenError> {
        if flow.state.contains("Error") {
            let e = match &flow.result_data {
                Value::String(s) => serde_json::from_str::<AadError>(s).unwrap_or_default(),
                v @ Value::Object(_) => AadError::deserialize(v).unwrap_or_default(),
                _ => AadError::default(),
            };
            if e.error.is_empty() && e.error_description.is_empty() && e.error_codes.is_empty() {
                return Err(TokenError::Unexpected {
                    what: format!("state {} without an error", short(&flow.state)),
                });
            }
            return Err(e.classify(self.federated));
        }
        if flow.state != "CompleteSuccess" {
            return Ok(Step::Pending);
        }
        let bad = || TokenError::Unexpected {
            what: "the finished bulk token result has no refresh_token".into(),
        };
        let success: Success = match &flow.result_data {
            Value::String(s) => serde_json::from_str(s).map_err(|_| bad())?,
            v @ Value::Object(_) => Success::deserialize(v).map_err(|_| bad())?,
            _ => return Err(bad()),
        };
        if success.refresh_token.is_empty() {
            return Err(bad());
        }
        // The id_token names the package account; without it, the name is still findable.
        let package_account = success
            .id_token
            .as_deref()
            .and_then(|t| decode_claims(t).ok())
            .and_then(|c| c.account_name().map(str::to_string))
            .unwrap_or_else(|| format!("package_{}", self.pid));
        Ok(Step::Done(Created {
            token: success.refresh_token,
            package_account,
            package_id: self.pid.to_string(),
            package_name: self.name.to_string(),
        }))
    }
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn expiry_rules() {
        let today = date!(2025 - 01 - 15);
        assert!(validate_expiry(today, today).is_err(), "today");
        assert!(
            validate_expiry(date!(2025 - 01 - 14), today).is_err(),
            "past"
        );
        assert!(
            validate_expiry(date!(2025 - 01 - 16), today).is_ok(),
            "tomorrow"
        );
        assert!(
            validate_expiry(today + Days::days(179), today).is_ok(),
            "179 days"
        );
        let e = validate_expiry(today + Days::days(180), today).unwrap_err();
        assert_eq!(
            e.to_string(),
            "The expiry date 2025-07-14 is not allowed: pick a date after today (2025-01-15) and less than 180 days away (at the latest 2025-07-13)."
        );
    }

    #[test]
    fn default_expiry_is_thirty_days() {
        assert_eq!(default_expiry(date!(2025 - 12 - 15)), date!(2026 - 01 - 14));
    }

    #[test]
    fn exp_is_month_day_year() {
        assert_eq!(format_exp_date(date!(2025 - 03 - 07)), "03/07/2025");
        assert_eq!(format_exp_date(date!(2026 - 12 - 31)), "12/31/2026");
    }

    #[test]
    fn begin_body_has_exactly_the_documented_fields() {
        let body = serde_json::to_value(Begin {
            pid: "p",
            name: "package_p",
            exp: "03/07/2025",
        })
        .unwrap();
        assert_eq!(
            body,
            serde_json::json!({"pid": "p", "name": "package_p", "exp": "03/07/2025"})
        );
    }
}
