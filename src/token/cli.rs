//! `ppkg-wizard token`: get a bulk token with no keyboard interaction. The sign-in message
//! goes to stderr, the summary (package account, expiry — never the token) to stdout, and
//! the token only where the user said: a new 0600 file (`--save-to`) and/or the project.
//!
//! Wiring (for `main.rs`): make `Token(TokenArgs)` a subcommand, create the cancel handle
//! with [`Cancel::on_ctrl_c`], call [`run`] with stdout/stderr and a [`ProjectStore`]
//! ([`NoProjectSupport`] until the project model implements it), print the error's `Display`
//! to stderr and exit with [`TokenCliError::exit_code`].

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;
use time::Date;
use time::macros::format_description;

use super::{
    BulkToken, Cancel, DEFAULT_CLIENT_ID, Event, TokenError, TokenRequest, get_bulk_token,
    today_local,
};
use crate::fsutil::{AtomicFile, Overwrite};

/// Extra help shown after the options of `token --help`.
pub const AFTER_HELP: &str = "\
The bulk token is a credential that joins devices to your tenant until it expires: it is \
never printed. It is written only to the --save-to file (created new, readable only by you) \
and/or referenced from the --project. Revoke it early by deleting its package_<id> account in \
Entra ID > Users.

Sign-in uses a device code: open the URL shown on any device and enter the code. \
PPKG_WIZARD_LOGIN_URL replaces https://login.microsoftonline.com (sovereign clouds).

Exit codes: 0 done; 1 wrong input or Entra ID refused (the message says what to change); \
2 usage (e.g. neither --save-to nor --project); 3 network or file error; 130 stopped with Ctrl+C.";

/// Options of `ppkg-wizard token`.
#[derive(Debug, Clone, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct TokenArgs {
    /// Tenant id or domain (e.g. contoso.onmicrosoft.com), or "organizations"; not "common".
    #[arg(long, value_name = "TENANT")]
    pub tenant: String,

    /// Last day the token works, after today and less than 180 days away (default: today + 30 days).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub expires: Option<Date>,

    /// Display name of the package account, 1-256 characters (default: "package_" and the package id).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Public client (application) id used for the device-code sign-in.
    #[arg(long, value_name = "ID", default_value = DEFAULT_CLIENT_ID)]
    pub client_id: String,

    /// Write the token to this new file (permissions 0600); an existing file is never overwritten.
    #[arg(long, value_name = "FILE")]
    pub save_to: Option<PathBuf>,

    /// Record the token (as a file reference), its package account and expiry in this project.
    #[arg(long, value_name = "PROJECT")]
    pub project: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s.trim(), format_description!("[year]-[month]-[day]"))
        .map_err(|_| format!("\"{s}\" is not a date in the form YYYY-MM-DD"))
}

/// What `--project` needs from the project model. The project module implements it; until
/// then `main.rs` passes [`NoProjectSupport`].
pub trait ProjectStore {
    /// Called before sign-in, so a missing or invalid project fails before an account is
    /// created. Returns a plain sentence on failure.
    fn check(&self, project: &Path) -> Result<(), String>;

    /// Where the token goes when only `--project` is given: `<project stem>.bprt` beside it.
    fn default_token_file(&self, project: &Path) -> PathBuf {
        let stem = project
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "project".into());
        project.with_file_name(format!("{stem}.bprt"))
    }

    /// Records the token in the project, after the token file was written: the BPRT as a
    /// secret reference `{"file": …}` (relative to the project), `Accounts/Azure/Authority`,
    /// the package account, expiry date and tenant, so the user sees when to renew it and
    /// which account revokes it. Must save the project atomically.
    fn store_in_project(&self, project: &Path, stored: &StoredToken<'_>) -> Result<(), String>;
}

/// What [`ProjectStore::store_in_project`] records. Holds no token: it is in `token_file`.
#[derive(Debug, Clone, Copy)]
pub struct StoredToken<'a> {
    pub token_file: &'a Path,
    pub package_account: &'a str,
    pub expires: Date,
    pub tenant_id: &'a str,
    pub signed_in_as: &'a str,
}

/// Placeholder until the project model exists: `--project` is refused before sign-in.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProjectSupport;

impl ProjectStore for NoProjectSupport {
    fn check(&self, _project: &Path) -> Result<(), String> {
        Err("--project is not supported by this build yet; use --save-to FILE.".into())
    }
    fn store_in_project(&self, _project: &Path, _stored: &StoredToken<'_>) -> Result<(), String> {
        Err("--project is not supported by this build yet".into())
    }
}

/// A successful run (the token itself is in `token_file`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenOutcome {
    pub package_account: String,
    pub expires: Date,
    pub tenant_id: String,
    pub token_file: PathBuf,
    pub project: Option<PathBuf>,
}

/// Why `token` failed; [`TokenCliError::exit_code`] gives the process exit code.
#[derive(Debug, Error)]
pub enum TokenCliError {
    #[error(
        "Say where the bulk token goes with --save-to FILE or --project PROJECT: it is a credential and is never printed."
    )]
    NoDestination,
    #[error(
        "{} already exists; choose a new file for --save-to (an existing file is never overwritten).", .0.display()
    )]
    DestinationExists(PathBuf),
    #[error("The folder for {} does not exist; create it or choose another path.", .0.display())]
    DestinationFolderMissing(PathBuf),
    #[error("{0}")]
    Project(String),
    #[error(transparent)]
    Token(#[from] TokenError),
    #[error(
        "The bulk token was created (package account {account}) but could not be saved to {}: {reason}; delete that account in Entra ID > Users and try again.", .path.display()
    )]
    SaveFailed {
        path: PathBuf,
        account: String,
        reason: String,
    },
    #[error(
        "The bulk token was saved to {} but could not be recorded in {}: {reason}; add it to the project yourself (package account {account}, expires {expires}).", .token_file.display(), .project.display()
    )]
    ProjectUpdateFailed {
        token_file: PathBuf,
        project: PathBuf,
        account: String,
        expires: Date,
        reason: String,
    },
}

impl TokenCliError {
    /// 0 is success; 1 wrong input or refusal; 2 usage; 3 network or I/O; 130 Ctrl+C.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::NoDestination => 2,
            Self::DestinationExists(_) | Self::DestinationFolderMissing(_) | Self::Project(_) => 1,
            Self::Token(e) => e.exit_code(),
            Self::SaveFailed { .. } | Self::ProjectUpdateFailed { .. } => 3,
        }
    }
}

/// Builds the request from the options (login URL from the environment). Public so tests
/// and callers can adjust timeouts or pace before [`run_request`].
pub fn request_from_args(args: &TokenArgs, today: Date) -> TokenRequest {
    let mut request = TokenRequest::new(args.tenant.trim());
    request.client_id = args.client_id.trim().to_string();
    request.expires = args.expires.unwrap_or_else(|| super::default_expiry(today));
    request.name = args.name.clone();
    request
}

/// Runs `ppkg-wizard token`. Writes progress to `err` and the summary to `out`; `cancel`
/// should be [`Cancel::on_ctrl_c`]. Print the error's `Display` to stderr and exit with
/// [`TokenCliError::exit_code`].
pub fn run(
    args: &TokenArgs,
    projects: &dyn ProjectStore,
    cancel: &Cancel,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<TokenOutcome, TokenCliError> {
    let request = request_from_args(args, today_local());
    run_request(args, &request, projects, cancel, out, err)
}

/// [`run`] with an explicit request.
pub fn run_request(
    args: &TokenArgs,
    request: &TokenRequest,
    projects: &dyn ProjectStore,
    cancel: &Cancel,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<TokenOutcome, TokenCliError> {
    // Everything that can fail locally fails before anyone signs in.
    let token_file = match (&args.save_to, &args.project) {
        (None, None) => return Err(TokenCliError::NoDestination),
        (Some(file), _) => file.clone(),
        (None, Some(project)) => projects.default_token_file(project),
    };
    if let Some(project) = &args.project {
        projects.check(project).map_err(TokenCliError::Project)?;
    }
    check_new_file(&token_file)?;
    request.validate(today_local())?;

    let token = get_bulk_token(request, cancel, &mut |event| report(event, err))?;

    save_token(&token_file, &token).map_err(|e| TokenCliError::SaveFailed {
        path: token_file.clone(),
        account: token.package_account.clone(),
        reason: e.to_string(),
    })?;
    if let Some(project) = &args.project {
        let stored = StoredToken {
            token_file: &token_file,
            package_account: &token.package_account,
            expires: token.expires,
            tenant_id: &token.tenant_id,
            signed_in_as: &token.signed_in_as,
        };
        projects
            .store_in_project(project, &stored)
            .map_err(|reason| TokenCliError::ProjectUpdateFailed {
                token_file: token_file.clone(),
                project: project.clone(),
                account: token.package_account.clone(),
                expires: token.expires,
                reason,
            })?;
    }
    let outcome = TokenOutcome {
        package_account: token.package_account.clone(),
        expires: token.expires,
        tenant_id: token.tenant_id.clone(),
        token_file,
        project: args.project.clone(),
    };
    // The token exists and is saved: a closed stdout must not turn that into a failure.
    let _ = summary(&outcome, &token, out);
    Ok(outcome)
}

fn check_new_file(path: &Path) -> Result<(), TokenCliError> {
    if std::fs::symlink_metadata(path).is_ok() {
        return Err(TokenCliError::DestinationExists(path.to_path_buf()));
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        return Err(TokenCliError::DestinationFolderMissing(path.to_path_buf()));
    }
    Ok(())
}

/// Writes the token, alone and without a newline, to a new file only its owner can read.
fn save_token(path: &Path, token: &BulkToken) -> io::Result<()> {
    let mut file = AtomicFile::create(path, Overwrite::Refuse)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.file()
            .set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(token.token.expose().as_bytes())?;
    file.commit()?;
    Ok(())
}

fn report(event: Event, err: &mut dyn Write) {
    let _ = match event {
        Event::ShowCode { message, .. } => {
            writeln!(err, "{message}\nWaiting for the sign-in (Ctrl+C stops)...")
        }
        Event::SlowDown { interval_secs } => writeln!(
            err,
            "Entra ID asked to check less often; now every {interval_secs} s."
        ),
        Event::SignedIn { upn, tenant_id } => {
            writeln!(err, "Signed in as {upn} (tenant {tenant_id}).")
        }
        Event::CreatingToken { package_name } => {
            writeln!(err, "Creating the bulk token ({package_name})...")
        }
        Event::RetryingBegin => writeln!(
            err,
            "Entra ID answered unauthorized_client; asking once more."
        ),
        _ => Ok(()),
    };
}

fn summary(outcome: &TokenOutcome, token: &BulkToken, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Bulk token created.")?;
    writeln!(out, "  Package account: {}", outcome.package_account)?;
    writeln!(out, "  Expires:         {}", outcome.expires)?;
    writeln!(out, "  Signed in as:    {}", token.signed_in_as)?;
    writeln!(out, "  Tenant:          {}", outcome.tenant_id)?;
    writeln!(
        out,
        "  Token file:      {} (readable only by you)",
        outcome.token_file.display()
    )?;
    if let Some(project) = &outcome.project {
        writeln!(out, "  Project:         {}", project.display())?;
    }
    writeln!(
        out,
        "Anyone with the token can join devices to your tenant until it expires; to revoke it, delete the user {} in Entra ID > Users.",
        outcome.package_account
    )?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use time::macros::date;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        token: TokenArgs,
    }

    #[test]
    fn parses_options_and_defaults() {
        let cli =
            Cli::try_parse_from(["x", "--tenant", "contoso.com", "--save-to", "t.bprt"]).unwrap();
        assert_eq!(cli.token.client_id, DEFAULT_CLIENT_ID);
        let r = request_from_args(&cli.token, date!(2025 - 01 - 01));
        assert_eq!(r.expires, date!(2025 - 01 - 31));
        let cli = Cli::try_parse_from(["x", "--tenant", "t", "--expires", "2025-02-03"]).unwrap();
        assert_eq!(cli.token.expires, Some(date!(2025 - 02 - 03)));
        assert!(Cli::try_parse_from(["x", "--tenant", "t", "--expires", "02/03/2025"]).is_err());
    }

    #[test]
    fn default_token_file_sits_beside_the_project() {
        assert_eq!(
            NoProjectSupport.default_token_file(Path::new("/p/site.json")),
            PathBuf::from("/p/site.bprt")
        );
    }

    #[test]
    fn exit_codes() {
        assert_eq!(TokenCliError::NoDestination.exit_code(), 2);
        assert_eq!(TokenCliError::DestinationExists("x".into()).exit_code(), 1);
        assert_eq!(TokenCliError::Token(TokenError::Cancelled).exit_code(), 130);
    }
}
