//! `ppkg-wizard preflight`: read-only checks of the Entra ID / Intune tenant, so a
//! technician learns of a blocking tenant setting before driving to site.

use std::io::Write;
use std::path::PathBuf;

use super::exit::Failure;
use ppkg_wizard::preflight::{self, Event, PreflightRequest, ProjectToken};
use ppkg_wizard::token::{self, Cancel};

const AFTER_HELP: &str = "\
Signs in by device code (open the URL shown on any device and enter the code), then reads the \
tenant's settings from Microsoft Graph with delegated, read-only permissions: User.Read, \
User.Read.All, GroupMember.Read.All, Application.Read.All, Policy.Read.All, \
DeviceManagementServiceConfig.Read.All, RoleManagement.Read.Directory (an administrator may \
have to consent once). Nothing is changed in the tenant and no token is printed or saved.

Each check prints ✔ (passes), ✘ (fails, with the fix) or ? (could not be checked, e.g. a \
missing permission). PPKG_WIZARD_LOGIN_URL and PPKG_WIZARD_GRAPH_URL replace \
https://login.microsoftonline.com and https://graph.microsoft.com (sovereign clouds).

--json prints one object: {\"signed_in_as\", \"tenant_id\", \"exit_code\", \"checks\": [{\"id\", \
\"status\" (pass, fail or unknown), \"message\", \"fix\" (for fail), \"unknown\" (why, for unknown)}]}.

Exit codes: 0 every check passed; 1 a check failed or could not be checked, or wrong input; \
3 network error; 130 stopped with Ctrl+C.";

/// Options of `ppkg-wizard preflight`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct PreflightArgs {
    /// Tenant id or domain (e.g. contoso.onmicrosoft.com); not "common".
    #[arg(long, value_name = "TENANT")]
    pub tenant: String,

    /// Also check this project's bulk token: its expiry, and that its package account still exists and may join.
    #[arg(long, value_name = "PROJECT")]
    pub project: Option<PathBuf>,

    /// Print the result as one JSON object on stdout (for scripts).
    #[arg(long)]
    pub json: bool,

    /// Public client (application) id for the sign-in; use your organisation's own app registration if the default is not allowed.
    #[arg(long, value_name = "ID", default_value = preflight::DEFAULT_CLIENT_ID)]
    pub client_id: String,

    /// How many devices the package will join, to compare with the per-user device quota.
    #[arg(long, value_name = "N")]
    pub devices: Option<u32>,
}

pub fn run(args: &PreflightArgs) -> Result<(), Failure> {
    // Everything local fails before anyone signs in.
    let project = match &args.project {
        None => None,
        Some(path) => {
            let p =
                ppkg_wizard::project::load(path).map_err(|e| Failure::input(format!("{e}.")))?;
            let mut token = ProjectToken::of(&p).ok_or_else(|| {
                Failure::input(format!(
                    "The project {} does not enroll devices in Entra ID with a bulk token, so it has no token to check; run preflight without --project.",
                    path.display()
                ))
            })?;
            token.path = Some(path.clone());
            Some(token)
        }
    };
    let cancel = Cancel::on_ctrl_c()
        .map_err(|e| Failure::io(format!("cannot watch for Ctrl+C ({e}); try again")))?;
    let mut request = PreflightRequest::new(args.tenant.trim());
    request.client_id = args.client_id.trim().to_string();
    request.project = project;
    request.devices = args.devices;

    let mut err = std::io::stderr();
    let report =
        preflight::run(&request, &cancel, &mut |e| progress(e, &mut err)).map_err(|e| Failure {
            code: u8::try_from(e.exit_code()).unwrap_or(3),
            messages: vec![e.to_string()],
        })?;
    let mut out = std::io::stdout();
    let printed = if args.json {
        preflight::render_json(&report, &mut out)
    } else {
        preflight::render_text(&report, &mut out)
    };
    if let Err(e) = printed {
        return Err(Failure::io(format!("cannot write the report: {e}")));
    }
    match report.exit_code() {
        0 => Ok(()),
        code => Err(Failure {
            code: u8::try_from(code).unwrap_or(1),
            messages: Vec::new(),
        }),
    }
}

/// Sign-in prompts and progress go to stderr, so stdout holds only the report.
fn progress(event: Event, err: &mut dyn Write) {
    let _ = match event {
        Event::SignIn(token::Event::ShowCode { message, .. }) => {
            writeln!(err, "{message}\nWaiting for the sign-in (Ctrl+C stops)...")
        }
        Event::SignIn(token::Event::SlowDown { interval_secs }) => writeln!(
            err,
            "Entra ID asked to check less often; now every {interval_secs} s."
        ),
        Event::SignIn(token::Event::SignedIn { upn, .. }) => {
            writeln!(err, "Signed in as {upn}; reading the tenant's settings...")
        }
        _ => Ok(()),
    };
}
