//! Getting an Entra ID bulk token (BPRT) for "Enroll in Azure AD", without a browser on this
//! machine: OAuth device-code sign-in, then `bulkaadjtoken` begin + poll
//! (`reference/bulk-token.md`).
//!
//! The wizard and the `token` subcommand both call [`get_bulk_token`] from a thread that may
//! block; progress comes back through an [`Event`] callback and [`Cancel`] stops it.
//!
//! ```no_run
//! use ppkg_wizard::token::{get_bulk_token, Cancel, Event, TokenRequest};
//! let request = TokenRequest::new("contoso.onmicrosoft.com");
//! let cancel = Cancel::new();
//! let token = get_bulk_token(&request, &cancel, &mut |event| {
//!     if let Event::ShowCode { message, .. } = event {
//!         eprintln!("{message}");
//!     }
//! })?;
//! println!("{} expires {}", token.package_account, token.expires);
//! # Ok::<(), ppkg_wizard::token::TokenError>(())
//! ```

mod bulk;
pub mod cli;
mod device_code;
mod errors;
pub(crate) mod http;
pub mod jwt;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use time::Date;

use crate::secret::SecretString;

pub use bulk::{default_expiry, format_exp_date, today_local, validate_expiry};
pub use errors::TokenError;
pub use http::Timeouts;

/// Microsoft's public login host; override with [`LOGIN_URL_ENV`].
pub const DEFAULT_LOGIN_URL: &str = "https://login.microsoftonline.com";
/// Environment variable that replaces [`DEFAULT_LOGIN_URL`] for every call (tests,
/// sovereign clouds).
pub const LOGIN_URL_ENV: &str = "PPKG_WIZARD_LOGIN_URL";
/// A public client known to work with device code for the Device Registration Service.
pub const DEFAULT_CLIENT_ID: &str = "1b730954-1685-4b74-9bfd-dac224a7b894";
/// Default validity of a new token, in days from today.
pub const DEFAULT_EXPIRY_DAYS: i64 = 30;

/// The login URL to use: [`LOGIN_URL_ENV`] when set and not empty, else the default.
pub fn login_url_from_env() -> String {
    std::env::var(LOGIN_URL_ENV)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_LOGIN_URL.to_string())
}

/// What to ask for, and how patiently.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    /// Tenant id, domain, or `organizations` (not `common`).
    pub tenant: String,
    /// Public client used for device code; see [`DEFAULT_CLIENT_ID`].
    pub client_id: String,
    /// Last day the token works; after today and less than 180 days away.
    pub expires: Date,
    /// Display name of the package account; `package_<pid>` when `None`.
    pub name: Option<String>,
    /// Login host, e.g. [`DEFAULT_LOGIN_URL`].
    pub login_url: String,
    /// Per-request time limits.
    pub timeouts: Timeouts,
    /// Polling pace; only tests change it.
    pub pace: Pace,
}

impl TokenRequest {
    /// A request with the documented defaults: default client, expiry today + 30 days,
    /// login URL from the environment.
    pub fn new(tenant: impl Into<String>) -> Self {
        Self {
            tenant: tenant.into(),
            client_id: DEFAULT_CLIENT_ID.to_string(),
            expires: default_expiry(today_local()),
            name: None,
            login_url: login_url_from_env(),
            timeouts: Timeouts::default(),
            pace: Pace::default(),
        }
    }

    /// Checks everything that can be checked without the network, so a user never signs in
    /// only to be told the date was wrong.
    pub fn validate(&self, today: Date) -> Result<(), TokenError> {
        validate_tenant(&self.tenant)?;
        if uuid::Uuid::parse_str(self.client_id.trim()).is_err() {
            return Err(TokenError::InvalidClientId(self.client_id.clone()));
        }
        validate_expiry(self.expires, today)?;
        if let Some(name) = &self.name {
            let n = name.chars().count();
            if n == 0 || n > 256 || name.trim().is_empty() {
                return Err(TokenError::InvalidName);
            }
        }
        Ok(())
    }
}

/// How long the protocol's waits really are. Entra ID speaks in seconds; tests shrink
/// [`Pace::second`] so a `slow_down` (+5 s) takes milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    /// Length of one "second" of `interval` / `expires_in`.
    pub second: Duration,
    /// Pause between bulk token polls.
    pub bulk_poll_every: Duration,
    /// Give up on the bulk token after this long.
    pub bulk_time_limit: Duration,
}

impl Default for Pace {
    fn default() -> Self {
        Self {
            second: Duration::from_secs(1),
            bulk_poll_every: Duration::from_secs(1),
            bulk_time_limit: Duration::from_secs(120),
        }
    }
}

fn validate_tenant(tenant: &str) -> Result<(), TokenError> {
    let t = tenant.trim();
    if t.eq_ignore_ascii_case("common") {
        return Err(TokenError::CommonTenant);
    }
    let ok = !t.is_empty()
        && t.len() <= 253
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && !t.starts_with('.')
        && !t.contains("..");
    if ok {
        Ok(())
    } else {
        Err(TokenError::InvalidTenant(tenant.to_string()))
    }
}

/// Stops a running [`get_bulk_token`] between requests, within about 50 ms. Clones share
/// the flag, so the UI thread keeps one and the worker another.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// A handle that is not cancelled.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the flow to stop at the next check.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// True once [`Cancel::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// A handle cancelled by Ctrl+C (for the CLI). A second Ctrl+C exits at once with code
    /// 130, for when a request is stuck until its timeout. Only one handler may exist per
    /// process.
    pub fn on_ctrl_c() -> Result<Self, ctrlc::Error> {
        let cancel = Self::new();
        let flag = cancel.clone();
        ctrlc::set_handler(move || {
            if flag.is_cancelled() {
                std::process::exit(130);
            }
            flag.cancel();
        })?;
        Ok(cancel)
    }

    /// Sleeps `total` in small slices; `false` when cancelled meanwhile.
    fn sleep(&self, total: Duration) -> bool {
        let end = Instant::now() + total;
        loop {
            if self.is_cancelled() {
                return false;
            }
            let now = Instant::now();
            if now >= end {
                return true;
            }
            std::thread::sleep((end - now).min(Duration::from_millis(50)));
        }
    }
}

/// Progress, for the wizard (from a worker thread, e.g. forwarded over a channel) and the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// Show this to the admin: open `verification_uri` on any device and enter `user_code`.
    /// `message` is Entra ID's own sentence saying the same.
    ShowCode {
        user_code: String,
        verification_uri: String,
        message: String,
        /// When the code stops working (for a countdown).
        expires_at: Instant,
    },
    /// Still waiting for the sign-in; sent when the whole number of seconds left changes.
    Waiting { seconds_left: u64 },
    /// Entra ID asked us to poll less often; the new interval in seconds.
    SlowDown { interval_secs: u64 },
    /// The admin signed in.
    SignedIn { upn: String, tenant_id: String },
    /// The bulk token request was sent; the package account is being created.
    CreatingToken { package_name: String },
    /// Entra ID answered `unauthorized_client` to begin; asking once more.
    RetryingBegin,
}

/// The result: a bulk token and what the user needs to manage it later.
#[derive(Debug, Clone)]
pub struct BulkToken {
    /// The BPRT itself (`Accounts/Azure/BPRT`). Never print it.
    pub token: SecretString,
    /// `package_<pid>@<tenant domain>`: delete this user in Entra ID to revoke the token.
    pub package_account: String,
    /// The random GUID sent as `pid`.
    pub package_id: String,
    /// Display name of the package account.
    pub package_name: String,
    /// Last day the token is valid (as requested).
    pub expires: Date,
    /// Tenant id (`tid` of the sign-in).
    pub tenant_id: String,
    /// Who signed in to create it.
    pub signed_in_as: String,
}

/// Signs in with a device code and creates a bulk token. Blocks for as long as the admin
/// takes to sign in; call it from a worker thread in a UI. Validates `request` first.
///
/// Requests are never repeated automatically, except `begin` once after
/// `unauthorized_client`, so a flaky network cannot create two package accounts.
pub fn get_bulk_token(
    request: &TokenRequest,
    cancel: &Cancel,
    on_event: &mut dyn FnMut(Event),
) -> Result<BulkToken, TokenError> {
    request.validate(today_local())?;
    let http = http::Http::new(&request.login_url, request.timeouts)?;
    let signed_in = device_code::sign_in(&http, request, cancel, on_event)?;
    let claims = &signed_in.claims;
    let upn = claims
        .account_name()
        .unwrap_or("unknown account")
        .to_string();
    let tenant_id = claims.tid.clone().unwrap_or_default();
    on_event(Event::SignedIn {
        upn: upn.clone(),
        tenant_id: tenant_id.clone(),
    });
    if cancel.is_cancelled() {
        return Err(TokenError::Cancelled);
    }
    let created = bulk::create(
        &http,
        &signed_in.access_token,
        request,
        claims.is_federated(),
        cancel,
        on_event,
    )?;
    Ok(BulkToken {
        token: created.token,
        package_account: created.package_account,
        package_id: created.package_id,
        package_name: created.package_name,
        expires: request.expires,
        tenant_id,
        signed_in_as: upn,
    })
}

/// Who signed in with [`sign_in_for_scope`], and the access token for that scope.
#[derive(Debug)]
pub struct ScopedSignIn {
    /// Bearer token for the requested resource. Never print it.
    pub access_token: SecretString,
    /// `upn` (or a fallback name) from the token, when it is a readable JWT.
    pub upn: Option<String>,
    /// `tid` from the token, when it is a readable JWT.
    pub tenant_id: Option<String>,
}

/// Device-code sign-in for another resource than the Device Registration Service (e.g.
/// Microsoft Graph for pre-flight checks), with the same flow, events and cancel handling
/// as [`get_bulk_token`]. `scope` is space-separated. Only the tenant and client id of
/// `request` are validated; its expiry and name are not used.
pub fn sign_in_for_scope(
    request: &TokenRequest,
    scope: &str,
    cancel: &Cancel,
    on_event: &mut dyn FnMut(Event),
) -> Result<ScopedSignIn, TokenError> {
    validate_tenant(&request.tenant)?;
    if uuid::Uuid::parse_str(request.client_id.trim()).is_err() {
        return Err(TokenError::InvalidClientId(request.client_id.clone()));
    }
    let http = http::Http::new(&request.login_url, request.timeouts)?;
    let body = device_code::sign_in_for(&http, request, scope, cancel, on_event)?;
    let (access_token, claims) = device_code::access_token_of(body.expose())?;
    let upn = claims.account_name().map(|n| errors::plain(n, 256));
    let tenant_id = claims.tid.as_deref().map(|t| errors::plain(t, 64));
    on_event(Event::SignedIn {
        upn: upn.clone().unwrap_or_else(|| "unknown account".into()),
        tenant_id: tenant_id.clone().unwrap_or_default(),
    });
    Ok(ScopedSignIn {
        access_token,
        upn,
        tenant_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn tenants() {
        assert_eq!(validate_tenant("common"), Err(TokenError::CommonTenant));
        assert_eq!(validate_tenant("Common"), Err(TokenError::CommonTenant));
        for ok in [
            "organizations",
            "contoso.onmicrosoft.com",
            "0c8e0e1a-3c1e-4a6e-8d55-7b3f5a1c2d3e",
        ] {
            assert_eq!(validate_tenant(ok), Ok(()), "{ok}");
        }
        for bad in ["", "a/b", "x?y", "..", "a b", "../x"] {
            assert!(
                matches!(validate_tenant(bad), Err(TokenError::InvalidTenant(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn request_validation_covers_client_and_name() {
        let today = date!(2025 - 03 - 01);
        let mut r = TokenRequest::new("contoso.com");
        r.expires = date!(2025 - 03 - 31);
        assert_eq!(r.validate(today), Ok(()));
        r.client_id = "not-a-guid".into();
        assert!(matches!(
            r.validate(today),
            Err(TokenError::InvalidClientId(_))
        ));
        r.client_id = DEFAULT_CLIENT_ID.into();
        r.name = Some("x".repeat(257));
        assert_eq!(r.validate(today), Err(TokenError::InvalidName));
        r.name = Some("é".repeat(256));
        assert_eq!(r.validate(today), Ok(()));
        r.name = Some(String::new());
        assert_eq!(r.validate(today), Err(TokenError::InvalidName));
    }

    #[test]
    fn cancel_interrupts_sleep_quickly() {
        let c = Cancel::new();
        let c2 = c.clone();
        let t = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(30));
            c2.cancel();
        });
        let start = Instant::now();
        assert!(!c.sleep(Duration::from_secs(10)));
        assert!(start.elapsed() < Duration::from_millis(300));
        t.join().unwrap();
        assert!(Cancel::new().sleep(Duration::from_millis(1)));
    }
}
