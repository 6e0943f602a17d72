//! `token --project`: what the CLI hands the project model (through `ProjectStore`), run
//! in-process against a fake Entra ID.

mod common;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Parser;
use common::fake_entra::*;
use ppkg_wizard::token::cli::{
    ProjectStore, StoredToken, TokenArgs, TokenCliError, request_from_args, run_request,
};
use ppkg_wizard::token::{Cancel, TokenError, today_local};
use time::Date;

const BPRT: &str = "0.AXoA-project-token-never-printed";

/// project, token file, package account, expiry, tenant id, signed in as.
type Stored = (PathBuf, PathBuf, String, Date, String, String);

#[derive(Default)]
struct Recorder {
    refuse_check: bool,
    refuse_store: bool,
    stored: RefCell<Vec<Stored>>,
}

impl ProjectStore for Recorder {
    fn check(&self, _project: &Path) -> Result<(), String> {
        if self.refuse_check {
            Err("The project p.json is not valid.".into())
        } else {
            Ok(())
        }
    }
    fn store_in_project(&self, project: &Path, s: &StoredToken<'_>) -> Result<(), String> {
        if self.refuse_store {
            return Err("disk full".into());
        }
        self.stored.borrow_mut().push((
            project.to_path_buf(),
            s.token_file.to_path_buf(),
            s.package_account.to_string(),
            s.expires,
            s.tenant_id.to_string(),
            s.signed_in_as.to_string(),
        ));
        Ok(())
    }
}

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    token: TokenArgs,
}

fn go(
    server: &FakeEntra,
    argv: &[&str],
    store: &Recorder,
) -> (
    Result<ppkg_wizard::token::cli::TokenOutcome, TokenCliError>,
    String,
    String,
) {
    let args = Cli::try_parse_from(std::iter::once("token").chain(argv.iter().copied()))
        .unwrap()
        .token;
    let mut req = request_from_args(&args, today_local());
    req.login_url = server.url.clone();
    req.pace.second = Duration::from_millis(10);
    req.pace.bulk_poll_every = Duration::from_millis(10);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let r = run_request(&args, &req, store, &Cancel::new(), &mut out, &mut err);
    (
        r,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn project_only_saves_beside_the_project_and_records_it() {
    let server = FakeEntra::happy(BPRT);
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("site.json");
    let store = Recorder::default();
    let (r, out, err) = go(
        &server,
        &[
            "--tenant",
            "contoso.onmicrosoft.com",
            "--project",
            project.to_str().unwrap(),
        ],
        &store,
    );
    let outcome = r.expect("ok");
    let token_file = dir.path().join("site.bprt");
    assert_eq!(outcome.token_file, token_file);
    assert_eq!(std::fs::read_to_string(&token_file).unwrap(), BPRT);
    let stored = store.stored.borrow();
    assert_eq!(stored.len(), 1);
    let (p, f, account, expires, tid, upn) = &stored[0];
    assert_eq!(p, &project);
    assert_eq!(f, &token_file);
    assert_eq!(account, PACKAGE_ACCOUNT);
    assert_eq!(*expires, outcome.expires);
    assert_eq!(tid, TENANT_ID);
    assert_eq!(upn, ACCESS_UPN);
    assert!(out.contains("site.json"), "{out}");
    assert!(!out.contains(BPRT) && !err.contains(BPRT));
}

#[test]
fn save_to_wins_over_the_default_file_with_project() {
    let server = FakeEntra::happy(BPRT);
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("site.json");
    let file = dir.path().join("elsewhere.txt");
    let store = Recorder::default();
    let (r, _, _) = go(
        &server,
        &[
            "--tenant",
            "contoso.onmicrosoft.com",
            "--project",
            project.to_str().unwrap(),
            "--save-to",
            file.to_str().unwrap(),
        ],
        &store,
    );
    assert_eq!(r.unwrap().token_file, file);
    assert_eq!(store.stored.borrow()[0].1, file);
    assert!(!dir.path().join("site.bprt").exists());
}

#[test]
fn a_bad_project_fails_before_sign_in() {
    let server = FakeEntra::happy(BPRT);
    let dir = tempfile::tempdir().unwrap();
    let store = Recorder {
        refuse_check: true,
        ..Default::default()
    };
    let project = dir.path().join("p.json");
    let (r, _, _) = go(
        &server,
        &[
            "--tenant",
            "contoso.onmicrosoft.com",
            "--project",
            project.to_str().unwrap(),
        ],
        &store,
    );
    let e = r.unwrap_err();
    assert_eq!(e.exit_code(), 1);
    assert_eq!(e.to_string(), "The project p.json is not valid.");
    assert!(server.requests().is_empty());
}

#[test]
fn a_project_that_cannot_be_updated_keeps_the_token_file_and_says_so() {
    let server = FakeEntra::happy(BPRT);
    let dir = tempfile::tempdir().unwrap();
    let store = Recorder {
        refuse_store: true,
        ..Default::default()
    };
    let project = dir.path().join("p.json");
    let (r, _, _) = go(
        &server,
        &[
            "--tenant",
            "contoso.onmicrosoft.com",
            "--project",
            project.to_str().unwrap(),
        ],
        &store,
    );
    let e = r.unwrap_err();
    assert_eq!(e.exit_code(), 3);
    let msg = e.to_string();
    assert!(
        msg.contains(PACKAGE_ACCOUNT) && msg.contains("p.bprt"),
        "{msg}"
    );
    assert!(!msg.contains(BPRT));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("p.bprt")).unwrap(),
        BPRT
    );
}

#[test]
fn a_missing_folder_fails_before_sign_in() {
    let server = FakeEntra::happy(BPRT);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("no/such/dir/t.bprt");
    let (r, _, _) = go(
        &server,
        &[
            "--tenant",
            "contoso.onmicrosoft.com",
            "--save-to",
            file.to_str().unwrap(),
        ],
        &Recorder::default(),
    );
    assert!(matches!(
        r.unwrap_err(),
        TokenCliError::DestinationFolderMissing(_)
    ));
    assert!(server.requests().is_empty());
}

#[test]
fn token_errors_pass_through_with_their_exit_code() {
    let server = FakeEntra::happy(BPRT);
    server.script(
        Route::Poll,
        vec![complete_error("invalid_request", "AADSTS90114: bad date")],
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t");
    let (r, _, _) = go(
        &server,
        &[
            "--tenant",
            "contoso.onmicrosoft.com",
            "--save-to",
            file.to_str().unwrap(),
        ],
        &Recorder::default(),
    );
    let e = r.unwrap_err();
    assert!(matches!(
        e,
        TokenCliError::Token(TokenError::ExpiryRejected)
    ));
    assert_eq!(e.exit_code(), 1);
    assert!(!file.exists());
}
