//! Pre-flight: read-only checks of the Entra ID / Intune tenant before a technician drives
//! to site. The usual bulk-enrollment failures are tenant settings that only show on the
//! device, hours later; each check here reads one of them from Microsoft Graph (delegated,
//! read-only) and says ✔ / ✘ / ? with one plain sentence and, for ✘, the fix.
//!
//! Sign-in reuses the token module's device-code flow (`PPKG_WIZARD_LOGIN_URL`); Graph is
//! `https://graph.microsoft.com` unless [`GRAPH_URL_ENV`] says otherwise. A check the account
//! may not read is "?" naming the permission it needs, never a pass.
//!
//! [`run`] blocks; a UI calls it from a worker thread and receives progress per check
//! through the [`Event`] callback (forward it over a channel), and stops it with [`Cancel`].
//!
//! ```no_run
//! use ppkg_wizard::preflight::{run, Event, PreflightRequest};
//! use ppkg_wizard::token::Cancel;
//! let request = PreflightRequest::new("contoso.onmicrosoft.com");
//! let report = run(&request, &Cancel::new(), &mut |event| {
//!     if let Event::Checked(check) = event {
//!         eprintln!("{} {}", check.status.symbol(), check.message);
//!     }
//! })?;
//! std::process::exit(report.exit_code());
//! # Ok::<(), ppkg_wizard::preflight::PreflightError>(())
//! ```

mod checks;
mod graph;
mod report;
mod text;

use serde::Serialize;
use thiserror::Error;
use time::Date;

use crate::project::{Join, Project};
use crate::token::{self, Cancel, Pace, Timeouts, TokenError, TokenRequest};

pub use graph::{DEFAULT_GRAPH_URL, Throttling};
pub use report::{render_json, render_text};

/// Environment variable that replaces [`DEFAULT_GRAPH_URL`] (tests, sovereign clouds).
pub const GRAPH_URL_ENV: &str = "PPKG_WIZARD_GRAPH_URL";
/// "Microsoft Graph Command Line Tools", the public client Microsoft's own Graph PowerShell
/// signs in with; it may ask for the read-only Graph permissions below with admin consent.
pub const DEFAULT_CLIENT_ID: &str = "14d82eec-204b-4c2f-b7e8-296a70dab67e";
/// Delegated permissions asked for at sign-in; all read-only. Policy.Read.All also covers
/// the device registration policy (least privileged: Policy.Read.DeviceConfiguration).
pub const SCOPES: &[&str] = &[
    "User.Read",
    "User.Read.All",
    "GroupMember.Read.All",
    "Application.Read.All",
    "Policy.Read.All",
    "DeviceManagementServiceConfig.Read.All",
    "RoleManagement.Read.Directory",
];

/// The Graph URL to use: [`GRAPH_URL_ENV`] when set and not empty, else the default.
pub fn graph_url_from_env() -> String {
    std::env::var(GRAPH_URL_ENV)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_GRAPH_URL.to_string())
}

/// What the project says about its bulk token (no token: only its expiry and account).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectToken {
    /// Last day the token works, as recorded when it was fetched.
    pub expires: Option<Date>,
    /// `package_<id>@domain`, the account the devices join with.
    pub package_account: Option<String>,
    /// Where the project is, to name it in the fix for an expired or revoked token.
    pub path: Option<std::path::PathBuf>,
}

impl ProjectToken {
    /// The token details of a project that enrolls in Entra ID; `None` for other joins.
    pub fn of(project: &Project) -> Option<Self> {
        match &project.accounts.join {
            Join::EntraId {
                expires,
                package_account,
                ..
            } => Some(Self {
                expires: *expires,
                package_account: package_account.clone(),
                path: None,
            }),
            _ => None,
        }
    }
}

/// Where the report is read: the fixes name what the reader can do there (a command line
/// flag, or the wizard's own buttons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Surface {
    #[default]
    CommandLine,
    Wizard,
}

impl Surface {
    /// How to check again once the package account exists.
    pub(crate) fn check_again(self) -> &'static str {
        match self {
            Surface::CommandLine => "get the token and check again with --project",
            Surface::Wizard => "get the bulk token and check the tenant again",
        }
    }

    /// How to record the token's expiry and package account in the project.
    pub(crate) fn record_token(self) -> &'static str {
        match self {
            Surface::CommandLine => "fetch the token with ppkg-wizard token --project",
            Surface::Wizard => "get the bulk token on the Accounts page",
        }
    }
}

/// What to check and how.
#[derive(Debug, Clone)]
pub struct PreflightRequest {
    /// Tenant id or domain (not `common`).
    pub tenant: String,
    /// Public client for the device-code sign-in; see [`DEFAULT_CLIENT_ID`].
    pub client_id: String,
    /// Login host (`PPKG_WIZARD_LOGIN_URL`).
    pub login_url: String,
    /// Graph host (`PPKG_WIZARD_GRAPH_URL`).
    pub graph_url: String,
    /// The project's token, to check its expiry and package account.
    pub project: Option<ProjectToken>,
    /// How many devices the package will join, to compare with the per-user device quota.
    pub devices: Option<u32>,
    /// Today, for the token expiry.
    pub today: Date,
    pub timeouts: Timeouts,
    pub pace: Pace,
    pub throttling: Throttling,
    /// Who reads the report.
    pub surface: Surface,
}

impl PreflightRequest {
    /// Defaults: Graph CLI client, URLs from the environment, no project.
    pub fn new(tenant: impl Into<String>) -> Self {
        Self {
            tenant: tenant.into(),
            client_id: DEFAULT_CLIENT_ID.to_string(),
            login_url: token::login_url_from_env(),
            graph_url: graph_url_from_env(),
            project: None,
            devices: None,
            today: token::today_local(),
            timeouts: Timeouts::default(),
            pace: Pace::default(),
            throttling: Throttling::default(),
            surface: Surface::default(),
        }
    }

    /// The space-separated scope for the sign-in: each permission on the Graph resource.
    /// A sovereign Graph host is its own resource; a local test host stands for Microsoft's.
    pub fn scope(&self) -> String {
        let resource = match graph::checked_base(&self.graph_url) {
            Ok((base, _, false)) => base,
            _ => DEFAULT_GRAPH_URL.to_string(),
        };
        SCOPES
            .iter()
            .map(|s| format!("{resource}/{s}"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// One check's identity, stable for `--json` and the wizard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckId {
    /// The signed-in admin holds a role that may create bulk tokens, tenant-wide.
    AdminRole,
    /// Microsoft.Azure.SyncFabric exists (else no bulk token can be had).
    SyncFabric,
    /// "Users may join devices" lets the package account join.
    JoinAllowed,
    /// The per-user device quota covers the fleet.
    DeviceQuota,
    /// The token requester is inside Intune's MDM user scope.
    MdmScope,
    /// No Conditional Access policy demands MFA from the package account.
    ConditionalAccess,
    /// The default enrollment restriction lets Windows enroll.
    EnrollmentRestriction,
    /// The project's token has not expired.
    TokenExpiry,
    /// The project's package account still exists and is enabled.
    PackageAccount,
}

impl CheckId {
    /// Short title, for lists.
    pub fn title(self) -> &'static str {
        match self {
            Self::AdminRole => "Role to create bulk tokens",
            Self::SyncFabric => "Microsoft.Azure.SyncFabric",
            Self::JoinAllowed => "Users may join devices",
            Self::DeviceQuota => "Devices per user",
            Self::MdmScope => "MDM user scope",
            Self::ConditionalAccess => "Conditional Access",
            Self::EnrollmentRestriction => "Enrollment restriction",
            Self::TokenExpiry => "Bulk token expiry",
            Self::PackageAccount => "Package account",
        }
    }

    /// The kebab-case id used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Self::AdminRole => "admin-role",
            Self::SyncFabric => "sync-fabric",
            Self::JoinAllowed => "join-allowed",
            Self::DeviceQuota => "device-quota",
            Self::MdmScope => "mdm-scope",
            Self::ConditionalAccess => "conditional-access",
            Self::EnrollmentRestriction => "enrollment-restriction",
            Self::TokenExpiry => "token-expiry",
            Self::PackageAccount => "package-account",
        }
    }
}

/// ✔ / ✘ / ?.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    /// Could not be decided: no permission, throttled, network, or not enough information.
    Unknown,
}

impl Status {
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Pass => "✔",
            Self::Fail => "✘",
            Self::Unknown => "?",
        }
    }
}

/// Why a check is "?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "detail")]
pub enum Unknown {
    /// Graph answered 403: this delegated permission (with admin consent) and a role that
    /// may read it are needed.
    Permission(&'static str),
    /// Graph could not be reached.
    Network(String),
    /// Graph kept throttling or failing.
    Unavailable(String),
    /// The tenant's data does not decide it (e.g. dynamic groups).
    Undecided,
}

/// The outcome of one check. `message` and `fix` hold no server text unescaped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    pub id: CheckId,
    pub status: Status,
    /// One plain sentence.
    pub message: String,
    /// For ✘: the portal path or PowerShell command that fixes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// For ?: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown: Option<Unknown>,
}

/// Progress for the wizard and the CLI.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// A sign-in step (show the code, countdown, signed in).
    SignIn(token::Event),
    /// This check is being read now.
    Checking(CheckId),
    /// This check is done.
    Checked(CheckResult),
}

/// Every check, in the order run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Who signed in (from the token), when known.
    pub signed_in_as: Option<String>,
    pub tenant_id: Option<String>,
    pub checks: Vec<CheckResult>,
}

impl Report {
    /// 0 every check passed; 1 one failed, or could not be decided; 3 Graph could not be
    /// reached for some check (and none failed).
    pub fn exit_code(&self) -> i32 {
        let has = |s: Status| self.checks.iter().any(|c| c.status == s);
        if has(Status::Fail) {
            1
        } else if self
            .checks
            .iter()
            .any(|c| matches!(c.unknown, Some(Unknown::Network(_))))
        {
            3
        } else if has(Status::Unknown) {
            1
        } else {
            0
        }
    }
}

/// Why no report at all.
#[derive(Debug, Error)]
pub enum PreflightError {
    /// Sign-in failed or was cancelled (its sentence says what to do).
    #[error(transparent)]
    SignIn(#[from] TokenError),
    #[error("The Graph URL \"{url}\" cannot be used: {reason}.")]
    InvalidGraphUrl { url: String, reason: String },
    #[error("Cancelled; the remaining checks were not made.")]
    Cancelled,
}

impl PreflightError {
    /// 1 input, 3 network, 130 cancelled.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::SignIn(e) => e.exit_code(),
            Self::InvalidGraphUrl { .. } => 1,
            Self::Cancelled => 130,
        }
    }
}

/// The checks [`run`] makes, in order, with or without a project's token (for a UI's
/// progress count).
pub fn check_ids(with_project: bool) -> Vec<CheckId> {
    checks::ids(with_project)
}

/// Signs in by device code, then runs every check against Graph. Blocks; call it from a
/// worker thread in a UI. Individual checks never fail the run: they come back as "?".
pub fn run(
    request: &PreflightRequest,
    cancel: &Cancel,
    on_event: &mut dyn FnMut(Event),
) -> Result<Report, PreflightError> {
    graph::checked_base(&request.graph_url).map_err(|reason| PreflightError::InvalidGraphUrl {
        url: text::plain(&request.graph_url, 200),
        reason,
    })?;
    let mut login = TokenRequest::new(request.tenant.trim());
    login.client_id = request.client_id.trim().to_string();
    login.login_url = request.login_url.clone();
    login.timeouts = request.timeouts;
    login.pace = request.pace;
    let scope = request.scope();
    let signed_in =
        token::sign_in_for_scope(&login, &scope, cancel, &mut |e| on_event(Event::SignIn(e)))?;
    let graph = graph::Graph::new(
        &request.graph_url,
        signed_in.access_token,
        request.timeouts,
        request.throttling,
        cancel,
    )
    .map_err(|reason| PreflightError::InvalidGraphUrl {
        url: text::plain(&request.graph_url, 200),
        reason,
    })?;
    let checks = checks::run_all(&graph, request, cancel, on_event)?;
    Ok(Report {
        signed_in_as: signed_in.upn,
        tenant_id: signed_in.tenant_id,
        checks,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(id: CheckId, status: Status, unknown: Option<Unknown>) -> CheckResult {
        CheckResult {
            id,
            status,
            message: String::new(),
            fix: None,
            unknown,
        }
    }

    #[test]
    fn exit_codes_rank_failure_then_network_then_unknown() {
        let pass = check(CheckId::SyncFabric, Status::Pass, None);
        let fail = check(CheckId::AdminRole, Status::Fail, None);
        let net = check(
            CheckId::MdmScope,
            Status::Unknown,
            Some(Unknown::Network("x".into())),
        );
        let perm = check(
            CheckId::ConditionalAccess,
            Status::Unknown,
            Some(Unknown::Permission("Policy.Read.All")),
        );
        let report = |checks: Vec<CheckResult>| Report {
            signed_in_as: None,
            tenant_id: None,
            checks,
        };
        assert_eq!(report(vec![pass.clone()]).exit_code(), 0);
        assert_eq!(report(vec![pass.clone(), perm.clone()]).exit_code(), 1);
        assert_eq!(report(vec![perm.clone(), net.clone()]).exit_code(), 3);
        assert_eq!(report(vec![net, fail, perm]).exit_code(), 1);
    }

    #[test]
    fn scopes_name_the_graph_resource() {
        let mut r = PreflightRequest::new("contoso.com");
        r.graph_url = "http://127.0.0.1:5".into();
        assert!(
            r.scope()
                .starts_with("https://graph.microsoft.com/User.Read ")
        );
        r.graph_url = "https://graph.microsoft.us/".into();
        assert!(
            r.scope()
                .contains("https://graph.microsoft.us/Policy.Read.All")
        );
        assert!(!r.scope().contains("Write"));
    }
}
