//! The wizard's "Get bulk token" with its real services (the token module itself, as
//! `ppkg-wizard` runs it) against the fake Entra ID on 127.0.0.1: what the sign-in dialog
//! shows, what the project holds afterwards, how Esc stops the flow, and how a refusal
//! reads. Every frame is drawn on an 80×24 `TestBackend` and checked for the token.
//!
//! The wizard builds its token request from the tenant and expiry alone, so the login host
//! comes from `PPKG_WIZARD_LOGIN_URL` and the protocol runs at its real pace (interval 1 s,
//! one bulk poll per second). The tests share that variable, so they take turns (`SERIAL`).

mod common;
#[path = "tui_support.rs"]
mod support;

use common::fake_entra::*;
use ppkg_wizard::project::{Join, SecretSource};
use ppkg_wizard::token::{LOGIN_URL_ENV, TokenError, format_exp_date};
use ppkg_wizard::tui::slot::Slot;
use ppkg_wizard::tui::theme::Theme;
use ppkg_wizard::tui::worker::{RealServices, Services};
use ppkg_wizard::tui::{App, Modal};
use ratatui::crossterm::event::KeyCode;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use support::{key, typ};

/// The bulk token the fake hands out. It must never be drawn.
const BPRT: &str = "0.AXoA-tui-BPRT-Zq7Xw3vK-never-on-screen";
/// A piece of it, in case a wrapped field split the whole.
const BPRT_PIECE: &str = "Zq7Xw3vK";
const TENANT: &str = "contoso.onmicrosoft.com";
/// As Entra ID names it: `package_<guid>@<domain>`, longer than the value column.
const ACCOUNT: &str = "package_7d6c1b9e-4f0a-4c2b-9d3e-5a6b7c8d9e0f@contoso.onmicrosoft.com";

/// The tests change the process environment and each runs a fake server; one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts a fake Entra ID and points the token module at it.
fn fake_server(_turn: &MutexGuard<'static, ()>) -> FakeEntra {
    let server = FakeEntra::start();
    // SAFETY: every test of this binary holds `SERIAL` while it runs (the guard is the
    // argument), and no worker of an earlier test is still running by then, so no other
    // thread reads the environment while it changes.
    unsafe { std::env::set_var(LOGIN_URL_ENV, &server.url) };
    server
}

/// The final poll answer, naming [`ACCOUNT`] in its id token.
fn poll_success_for_account(bprt: &str) -> Reply {
    let id_token = jwt(&serde_json::json!({"upn": ACCOUNT, "tid": TENANT_ID}));
    let inner = serde_json::json!({
        "token_type": "Bearer",
        "refresh_token": bprt,
        "id_token": id_token,
    })
    .to_string();
    Reply::Json(
        200,
        serde_json::json!({"flowToken": "x", "state": "CompleteSuccess", "resultData": inner})
            .to_string(),
    )
}

/// Every frame drawn so far; each one is checked for the token as it is drawn.
#[derive(Default)]
struct Frames(Vec<String>);

impl Frames {
    fn draw(&mut self, app: &App) -> String {
        let text = support::screen(app, 80, 24);
        assert!(
            !text.contains(BPRT) && !text.contains(BPRT_PIECE),
            "the bulk token is on screen:\n{text}"
        );
        self.0.push(text.clone());
        text
    }
}

/// Runs the event loop's work (read the worker, redraw) until `done` holds, as
/// `event_loop::run` does every 50 ms; fails after `limit`.
fn run_until(
    app: &mut App,
    frames: &mut Frames,
    limit: Duration,
    what: &str,
    mut done: impl FnMut(&App, &str) -> bool,
) -> String {
    let end = Instant::now() + limit;
    loop {
        app.tick();
        let text = frames.draw(app);
        if done(app, &text) {
            return text;
        }
        assert!(
            Instant::now() < end,
            "timed out waiting for {what}:\n{text}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// A new project named "Token Lab" in `dir`, on the Accounts page with Entra ID chosen,
/// the tenant and [`expiry`] typed, focus on "Get bulk token".
fn entra_app(dir: &Path, frames: &mut Frames) -> App {
    let services: Arc<dyn Services> = Arc::new(RealServices);
    let mut app = App::new(Theme::colored(), services, dir);
    key(&mut app, KeyCode::Enter); // Create a new project
    typ(&mut app, "Token Lab");
    for _ in 0..3 {
        key(&mut app, KeyCode::PageDown);
    }
    assert_eq!(app.focus(), Slot::Join);
    key(&mut app, KeyCode::Left); // No directory join -> Entra ID
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Slot::EntraTenant);
    typ(&mut app, TENANT);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Slot::EntraExpiry);
    for _ in 0.."yyyy-mm-dd".len() {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, &expiry().to_string());
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Slot::GetToken);
    let text = frames.draw(&app);
    assert!(text.contains("[ Get bulk token ]"), "{text}");
    app
}

/// The expiry typed on the Accounts page: not the proposed one (today + 30 days), so the
/// request can only carry it if the wizard passes it on.
fn expiry() -> time::Date {
    RealServices.today() + time::Duration::days(45)
}

/// The countdown line of the sign-in dialog, in seconds.
fn countdown(screen: &str) -> Option<u64> {
    let rest = screen.split("The code works for ").nth(1)?;
    let (m, rest) = rest.split_once(':')?;
    let s = rest.get(..2)?;
    rest.get(2..)?.strip_prefix(" more.")?;
    Some(m.trim().parse::<u64>().ok()? * 60 + s.parse::<u64>().ok()?)
}

/// The value of a label/value row on the Accounts page, with its wrapped lines joined
/// (long values are broken across lines in the value column). Columns count characters,
/// not bytes: the frame is drawn with box-drawing characters.
fn row_value(screen: &str, label: &str) -> Option<String> {
    let lines: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let label: Vec<char> = label.chars().collect();
    let (i, at) = lines.iter().enumerate().find_map(|(i, l)| {
        l.windows(label.len())
            .position(|w| w == label.as_slice())
            .map(|at| (i, at))
    })?;
    let col = at + label.len();
    let cell = |l: &[char]| -> String {
        let rest: String = l.get(col..).unwrap_or_default().iter().collect();
        rest.trim_end_matches('│').trim().to_string()
    };
    let mut value = cell(&lines[i]);
    for l in &lines[i + 1..] {
        // A continuation line has nothing in the page's label column.
        let label_col: String = l.get(at..col).unwrap_or_default().iter().collect();
        let more = cell(l);
        if !label_col.trim().is_empty() || more.is_empty() {
            break;
        }
        value.push_str(&more);
    }
    Some(value)
}

#[test]
fn get_bulk_token_signs_in_shows_the_account_and_saves_the_token_beside_the_project() {
    let turn = serial();
    let server = fake_server(&turn);
    server
        .script(Route::DeviceCode, vec![device_code(1, 900)])
        .script(
            Route::Token,
            vec![
                oauth_error(400, "authorization_pending", "AADSTS70016: pending"),
                oauth_error(400, "authorization_pending", "AADSTS70016: pending"),
                access_token_reply(),
            ],
        )
        .script(Route::Begin, vec![begin_started("flow-1")])
        .script(Route::Poll, vec![poll_success_for_account(BPRT)]);
    let dir = tempfile::tempdir().unwrap();
    let mut frames = Frames::default();
    let mut app = entra_app(dir.path(), &mut frames);
    let expires = expiry();

    key(&mut app, KeyCode::Enter); // Get bulk token
    assert!(app.busy());
    let shown = run_until(
        &mut app,
        &mut frames,
        Duration::from_secs(5),
        "the code",
        |_, s| s.contains(USER_CODE),
    );
    assert!(
        shown.contains("https://microsoft.com/devicelogin"),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("administrator of {TENANT}")),
        "{shown}"
    );
    assert!(shown.contains("Esc cancels"), "{shown}");
    let first = countdown(&shown).expect("a countdown");
    assert!((890..=900).contains(&first), "{shown}");

    let done = run_until(
        &mut app,
        &mut frames,
        Duration::from_secs(20),
        "the token",
        |a, _| !a.busy(),
    );
    assert!(app.modal().is_none(), "the dialog closes:\n{done}");

    // The countdown ran while the sign-in was pending, and the dialog said what came next.
    let seconds: Vec<u64> = frames.0.iter().filter_map(|f| countdown(f)).collect();
    let last = *seconds.last().unwrap();
    assert!(
        last < first && first - last <= 6,
        "countdown {first} -> {last}"
    );
    assert!(
        seconds.windows(2).all(|w| w[1] <= w[0]),
        "the countdown never goes up: {seconds:?}"
    );
    // Once signed in, the dialog says who, and names the package account being created in
    // full (what to delete in Entra ID should the flow be stopped now).
    let pid = server.requests_to(Route::Begin)[0].json()["pid"]
        .as_str()
        .unwrap()
        .to_string();
    let creating =
        format!("Signed in as {ACCESS_UPN}. Creating the package account package_{pid}…");
    assert!(
        frames.0.iter().any(|f| f.contains("┌ Get a bulk token")
            && support::dialog_words(f, "Get a bulk token").contains(&creating)),
        "never shown: {creating}"
    );

    // Exactly the protocol: code, two pending polls and the sign-in, begin, one poll; the
    // tenant and the expiry typed in the wizard are what reached Entra ID.
    let routes: Vec<Route> = server.requests().iter().map(|r| r.route).collect();
    use Route::*;
    assert_eq!(routes, [DeviceCode, Token, Token, Token, Begin, Poll]);
    assert_eq!(
        server.requests_to(DeviceCode)[0].path,
        format!("/{TENANT}/oauth2/v2.0/devicecode")
    );
    let begin = server.requests_to(Begin)[0].json();
    assert_eq!(begin["exp"], format_exp_date(expires).as_str());

    // The page shows the account and the expiry, not the token.
    assert_eq!(app.page(), ppkg_wizard::project::Page::Accounts);
    assert!(done.contains("Bulk token received."), "{done}");
    assert_eq!(
        row_value(&done, "Bulk token").as_deref(),
        Some("received"),
        "{done}"
    );
    assert_eq!(
        row_value(&done, "Token expires"),
        Some(expires.to_string()),
        "{done}"
    );
    let account = row_value(&done, "Package account").unwrap_or_default();
    assert!(
        account.starts_with(ACCOUNT),
        "the package account is shown: {account:?}\n{done}"
    );

    // The project holds the token in memory, with its expiry and account.
    match &app.project().accounts.join {
        Join::EntraId {
            token,
            expires: e,
            package_account,
            ..
        } => {
            assert_eq!(token.value().map(|v| v.expose()), Some(BPRT));
            assert_eq!(token.source, SecretSource::Ask, "not saved anywhere yet");
            assert_eq!(*e, Some(expires));
            assert_eq!(package_account.as_deref(), Some(ACCOUNT));
        }
        other => panic!("not an Entra join: {other:?}"),
    }
    assert!(app.is_dirty());

    // Save: the token goes to a file beside the project.
    key(&mut app, KeyCode::F(2));
    match app.modal() {
        Some(Modal::Secret(d)) => assert_eq!(d.label(), "Bulk token"),
        _ => panic!(
            "saving asks where the token goes:\n{}",
            support::screen(&app, 80, 24)
        ),
    }
    frames.draw(&app);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down); // A file beside the project named
    let question = frames.draw(&app);
    assert!(question.contains("bulk-token.secret"), "{question}");
    key(&mut app, KeyCode::Enter);
    let saved = frames.draw(&app);
    assert!(app.modal().is_none(), "{saved}");
    assert!(!app.is_dirty());

    let json_path = dir.path().join("Token Lab.json");
    let json = std::fs::read_to_string(&json_path).unwrap();
    assert!(!json.contains(BPRT) && !json.contains(BPRT_PIECE), "{json}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();

    let join = &v["accounts"]["join"];
    let entra = join
        .get("entra_id")
        .or_else(|| join.get("EntraId"))
        .unwrap_or(join);
    assert_eq!(
        entra["token"],
        serde_json::json!({"file": "bulk-token.secret"}),
        "{json}"
    );
    assert_eq!(entra["expires"], expires.to_string(), "{json}");
    assert_eq!(entra["package_account"], ACCOUNT, "{json}");

    let token_file = dir.path().join("bulk-token.secret");
    let stored = std::fs::read_to_string(&token_file).unwrap();
    assert_eq!(stored, format!("{BPRT}\n"), "the token and a line end");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // Opened again, the project reads the token from that file.
    let mut p = ppkg_wizard::project::load(&json_path).unwrap();
    let base = p.base_dir.clone();
    let (label, s) = p.secrets_mut().into_iter().next().unwrap();
    assert_eq!(s.source, SecretSource::File("bulk-token.secret".into()));
    s.resolve(&label, &base, &mut |_| None).unwrap();
    assert_eq!(s.value().map(|v| v.expose()), Some(BPRT));
    assert!(frames.0.len() > 20, "the flow was watched frame by frame");
}

#[test]
fn esc_while_waiting_for_the_sign_in_stops_polling_and_stores_nothing() {
    let turn = serial();
    let server = fake_server(&turn);
    server
        .script(Route::DeviceCode, vec![device_code(1, 900)])
        .script(
            Route::Token,
            vec![oauth_error(
                400,
                "authorization_pending",
                "AADSTS70016: pending",
            )],
        )
        .script(Route::Begin, vec![begin_started("flow-1")])
        .script(Route::Poll, vec![poll_success_for_account(BPRT)]);
    let dir = tempfile::tempdir().unwrap();
    let mut frames = Frames::default();
    let mut app = entra_app(dir.path(), &mut frames);

    key(&mut app, KeyCode::Enter);
    run_until(
        &mut app,
        &mut frames,
        Duration::from_secs(5),
        "the first pending poll",
        |_, s| s.contains(USER_CODE) && !server.requests_to(Route::Token).is_empty(),
    );

    let asked = Instant::now();
    key(&mut app, KeyCode::Esc);
    let after = run_until(
        &mut app,
        &mut frames,
        Duration::from_secs(3),
        "the sign-in to stop",
        |a, _| !a.busy(),
    );
    assert!(
        asked.elapsed() < Duration::from_millis(500),
        "Esc took {:?}",
        asked.elapsed()
    );
    assert!(app.modal().is_none(), "the dialog closes:\n{after}");
    assert!(!after.contains(USER_CODE), "{after}");

    // Nothing more reaches Entra ID: watch for longer than one poll interval.
    let polls = server.requests_to(Route::Token).len();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        server.requests_to(Route::Token).len(),
        polls,
        "polled after Esc"
    );
    assert!(server.requests_to(Route::Begin).is_empty());

    match &app.project().accounts.join {
        Join::EntraId {
            token,
            expires,
            package_account,
            ..
        } => {
            assert!(!token.has_value());
            assert_eq!(*expires, None);
            assert_eq!(*package_account, None);
        }
        other => panic!("not an Entra join: {other:?}"),
    }
    let page = frames.draw(&app);
    assert!(
        row_value(&page, "Bulk token").is_some_and(|v| v.starts_with("none yet")),
        "{page}"
    );
    assert!(!page.contains("Package account"), "{page}");
}

#[test]
fn a_refusal_from_bulk_begin_reads_as_the_token_modules_sentence() {
    let turn = serial();
    let server = fake_server(&turn);
    server
        .script(Route::DeviceCode, vec![device_code(1, 900)])
        .script(Route::Token, vec![access_token_reply()])
        .script(
            Route::Begin,
            vec![oauth_error(
                400,
                "invalid_request",
                "AADSTS240001: BulkAADJTokenUnauthorized: User is not authorized",
            )],
        )
        .script(Route::Poll, vec![poll_success_for_account(BPRT)]);
    let dir = tempfile::tempdir().unwrap();
    let mut frames = Frames::default();
    let mut app = entra_app(dir.path(), &mut frames);

    key(&mut app, KeyCode::Enter);
    let text = run_until(
        &mut app,
        &mut frames,
        Duration::from_secs(10),
        "the refusal",
        |a, _| !a.busy(),
    );
    let sentence = TokenError::NotAllowedToJoin.to_string();
    match app.modal() {
        Some(Modal::Token(v)) => assert_eq!(v.error.as_deref(), Some(sentence.as_str())),
        _ => panic!("the sign-in dialog stays open with the reason:\n{text}"),
    }
    let dialog = support::dialog_words(&text, "Get a bulk token");

    assert!(
        dialog.contains(&format!("! {sentence} Esc closes")),
        "the whole sentence, above the key hint: {dialog}\n{text}"
    );
    let pid = server.requests_to(Route::Begin)[0].json()["pid"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(dialog.contains(&format!("package_{pid}")), "{dialog}");
    assert!(dialog.contains("Esc closes"), "{dialog}");
    assert_eq!(server.requests_to(Route::Begin).len(), 1);
    assert!(server.requests_to(Route::Poll).is_empty());

    key(&mut app, KeyCode::Esc);
    let page = frames.draw(&app);
    assert!(app.modal().is_none(), "{page}");
    match &app.project().accounts.join {
        Join::EntraId {
            token,
            expires,
            package_account,
            ..
        } => {
            assert!(!token.has_value());
            assert_eq!(*expires, None);
            assert_eq!(*package_account, None);
        }
        other => panic!("not an Entra join: {other:?}"),
    }
    assert!(!page.contains("Package account"), "{page}");
}
