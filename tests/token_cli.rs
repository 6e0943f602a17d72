//! The real `ppkg-wizard token` binary against a fake Entra ID: the token reaches only the
//! --save-to file (0600, never overwritten), never stdout/stderr; exit codes per DESIGN.md.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::fake_entra::*;

const BPRT: &str = "0.AXoA-cli-bulk-token-Q7x9-must-never-be-printed";

fn token_cmd(server: &FakeEntra, args: &[&str]) -> Command {
    let mut cmd = common::cli::bin();
    cmd.arg("token")
        .args(args)
        .env("PPKG_WIZARD_LOGIN_URL", &server.url)
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null());
    cmd
}

fn run(server: &FakeEntra, args: &[&str]) -> Output {
    token_cmd(server, args).output().expect("run ppkg-wizard")
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn assert_no_secrets(o: &Output) {
    let (out, err) = text(o);
    for secret in [BPRT, DEVICE_CODE, &access_token()] {
        assert!(!out.contains(secret), "secret on stdout: {out}");
        assert!(!err.contains(secret), "secret on stderr: {err}");
    }
}

#[test]
fn token_goes_only_to_the_new_0600_file() {
    let server = FakeEntra::happy(BPRT);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("contoso.bprt");
    let o = run(
        &server,
        &[
            "--tenant",
            "contoso.onmicrosoft.com",
            "--save-to",
            file.to_str().unwrap(),
        ],
    );
    let (out, err) = text(&o);
    assert!(o.status.success(), "stdout: {out}\nstderr: {err}");
    assert_no_secrets(&o);

    // Sign-in message on stderr, summary on stdout.
    assert!(
        err.contains(USER_CODE) && err.contains("https://microsoft.com/devicelogin"),
        "{err}"
    );
    assert!(!out.contains(USER_CODE), "{out}");
    assert!(out.contains(PACKAGE_ACCOUNT), "{out}");
    let expires = ppkg_wizard::token::default_expiry(ppkg_wizard::token::today_local());
    assert!(
        out.contains(&format!("Expires:         {expires}")),
        "{out}"
    );

    assert_eq!(std::fs::read_to_string(&file).unwrap(), BPRT);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "mode {mode:o}");
    }
    // Nothing else was left in the folder (no temp file).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);

    // The request carried the expiry the summary shows.
    let begin = &server.requests_to(Route::Begin)[0];
    let want = format!(
        "{:02}/{:02}/{:04}",
        expires.month() as u8,
        expires.day(),
        expires.year()
    );
    assert_eq!(begin.json()["exp"], want.as_str());
}

#[test]
fn expires_and_name_options_reach_entra() {
    let server = FakeEntra::happy(BPRT);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t");
    let expires = ppkg_wizard::token::today_local() + time::Duration::days(100);
    let o = run(
        &server,
        &[
            "--tenant",
            "contoso.onmicrosoft.com",
            "--expires",
            &expires.to_string(),
            "--name",
            "Lab batch 7",
            "--save-to",
            file.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let body = server.requests_to(Route::Begin)[0].json();
    assert_eq!(body["name"], "Lab batch 7");
    assert_eq!(
        body["exp"],
        format!(
            "{:02}/{:02}/{:04}",
            expires.month() as u8,
            expires.day(),
            expires.year()
        )
        .as_str()
    );
    assert!(text(&o).0.contains(&format!("Expires:         {expires}")));
}

#[test]
fn an_existing_file_is_never_overwritten_and_nobody_signs_in() {
    let server = FakeEntra::happy(BPRT);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("old.bprt");
    std::fs::write(&file, "previous token").unwrap();
    let o = run(
        &server,
        &[
            "--tenant",
            "contoso.onmicrosoft.com",
            "--save-to",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let (_, err) = text(&o);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "previous token");
    assert!(server.requests().is_empty(), "refused before any request");
}

#[test]
fn without_a_destination_it_refuses_up_front() {
    let server = FakeEntra::happy(BPRT);
    let o = run(&server, &["--tenant", "contoso.onmicrosoft.com"]);
    assert_eq!(o.status.code(), Some(2));
    let (out, err) = text(&o);
    assert!(out.is_empty());
    assert!(
        err.contains("--save-to") && err.contains("never printed"),
        "{err}"
    );
    assert!(server.requests().is_empty());
}

#[test]
fn project_is_refused_before_sign_in_until_wired() {
    let server = FakeEntra::happy(BPRT);
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p.json");
    let o = run(
        &server,
        &[
            "--tenant",
            "contoso.onmicrosoft.com",
            "--project",
            project.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(server.requests().is_empty());
}

#[test]
fn exit_codes_for_refusals_and_outages() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.bprt");
    let f = file.to_str().unwrap();

    let declined = FakeEntra::happy(BPRT);
    declined.script(
        Route::Token,
        vec![oauth_error(400, "authorization_declined", "")],
    );
    let o = run(
        &declined,
        &["--tenant", "contoso.onmicrosoft.com", "--save-to", f],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("declined"));

    let not_allowed = FakeEntra::happy(BPRT);
    not_allowed.script(
        Route::Begin,
        vec![complete_error("invalid_request", "AADSTS240001: no")],
    );
    let o = run(
        &not_allowed,
        &["--tenant", "contoso.onmicrosoft.com", "--save-to", f],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("Device settings"), "{:?}", text(&o));

    let down = FakeEntra::happy(BPRT);
    down.script(
        Route::DeviceCode,
        vec![Reply::Raw(502, "text/html", "bad gateway".into())],
    );
    let o = run(
        &down,
        &["--tenant", "contoso.onmicrosoft.com", "--save-to", f],
    );
    assert_eq!(o.status.code(), Some(3));

    let o = run(&down, &["--tenant", "common", "--save-to", f]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("\"common\""));

    let o = run(
        &down,
        &[
            "--tenant",
            "x.com",
            "--save-to",
            f,
            "--expires",
            "2020-01-01",
        ],
    );
    assert_eq!(o.status.code(), Some(1));

    let o = run(
        &down,
        &[
            "--tenant",
            "x.com",
            "--save-to",
            f,
            "--expires",
            "01/02/2030",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "clap usage error");

    assert!(!Path::new(&file).exists(), "no file on failure");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_polling_with_130() {
    let server = FakeEntra::start();
    server
        .script(Route::DeviceCode, vec![device_code(5, 900)])
        .script(
            Route::Token,
            vec![oauth_error(400, "authorization_pending", "")],
        );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.bprt");
    let child = token_cmd(
        &server,
        &[
            "--tenant",
            "contoso.onmicrosoft.com",
            "--save-to",
            file.to_str().unwrap(),
        ],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    // Wait until the code was requested (the process is in its polling loop).
    let start = Instant::now();
    while server.requests_to(Route::DeviceCode).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no device code request"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let asked = Instant::now();
    let o = child.wait_with_output().unwrap();
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "{:?}",
        asked.elapsed()
    );
    assert_eq!(o.status.code(), Some(130), "{:?}", text(&o));
    assert!(text(&o).1.contains("Cancelled"), "{:?}", text(&o));
    assert!(server.requests_to(Route::Begin).is_empty());
    assert!(!file.exists());
}
