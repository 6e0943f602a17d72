//! "Check tenant" on the wizard's Accounts page runs the `preflight` checks (the same code
//! as the command) against a fake Entra ID and a fake Microsoft Graph on 127.0.0.1: the
//! device-code sign-in, the checks on a worker, and the report with ✔, ✘ (and its fix)
//! and ? lines, scrolled at 80×24. Every frame is checked for the Graph token.
//!
//! The wizard builds its request from the tenant alone, so the hosts come from
//! `PPKG_WIZARD_LOGIN_URL` and `PPKG_WIZARD_GRAPH_URL`, and the sign-in runs at its real
//! pace (interval 1 s). The tests share those variables, so they take turns (`SERIAL`).

mod common;
#[path = "common/fake_graph.rs"]
mod fake_graph;
#[path = "tui_support.rs"]
mod support;
#[path = "common/tmux.rs"]
mod tmux;

use common::fake_entra::{self, FakeEntra, Route, USER_CODE};
use fake_graph::*;
use ppkg_wizard::preflight::GRAPH_URL_ENV;
use ppkg_wizard::project::{Join, Page, Project, Secret, default_authority};
use ppkg_wizard::token::LOGIN_URL_ENV;
use ppkg_wizard::tui::App;
use ppkg_wizard::tui::slot::Slot;
use ppkg_wizard::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};
use support::*;

const TENANT: &str = "contoso.onmicrosoft.com";
const SPS: &str = "/v1.0/servicePrincipals";
const CA: &str = "/v1.0/identity/conditionalAccess/policies";

static SERIAL: Mutex<()> = Mutex::new(());

/// The Graph access token the fake sign-in hands out. It must never be drawn.
fn graph_token() -> String {
    fake_entra::jwt(&json!({
        "aud": "https://graph.microsoft.com",
        "upn": ME_UPN,
        "tid": fake_entra::TENANT_ID,
        "scp": "Policy.Read.All User.Read",
    }))
}

/// A fake Entra ID (one pending poll, then the Graph token) and `graph`, with the
/// environment pointing at both for as long as the guard lives.
struct Servers {
    entra: FakeEntra,
    graph: FakeGraph,
    _turn: MutexGuard<'static, ()>,
}

fn servers(graph: FakeGraph, token_replies: Vec<fake_entra::Reply>) -> Servers {
    let turn = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let entra = FakeEntra::start();
    entra
        .script(Route::DeviceCode, vec![fake_entra::device_code(1, 900)])
        .script(Route::Token, token_replies);
    // SAFETY: every test of this binary holds `SERIAL` while it runs, and the workers of
    // an earlier test have stopped (their dialog was closed or their run finished), so no
    // other thread reads the environment while it changes.
    unsafe {
        std::env::set_var(LOGIN_URL_ENV, &entra.url);
        std::env::set_var(GRAPH_URL_ENV, &graph.url);
    }
    Servers {
        entra,
        graph,
        _turn: turn,
    }
}

fn signs_in() -> Vec<fake_entra::Reply> {
    vec![
        fake_entra::oauth_error(400, "authorization_pending", "AADSTS70016: pending"),
        fake_entra::access_token_with(&graph_token()),
    ]
}

/// Healthy but for two things: Microsoft.Azure.SyncFabric is missing (✘) and the
/// Conditional Access policies may not be read (403, ?).
fn tenant_with_a_failure_and_an_unknown() -> FakeGraph {
    let g = FakeGraph::healthy();
    g.set(
        SPS,
        paged(vec![service_principal(
            "00000003-0000-0000-c000-000000000000",
            "Microsoft Graph",
            true,
        )]),
    );
    g.forbid(CA);
    g
}

/// A fixed folder per test, so paths in snapshots do not change between runs.
fn snap_dir(name: &str) -> PathBuf {
    let d = PathBuf::from("/tmp/ppkg-wizard-tui-preflight").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A saved project that joins Entra ID with a token fetched earlier: its expiry and
/// package account are recorded (the token itself is in a file the checks never read).
fn project_with_token(dir: &Path) -> PathBuf {
    project_expiring(dir, time::macros::date!(2025 - 03 - 20))
}

fn project_expiring(dir: &Path, expires: time::Date) -> PathBuf {
    let mut p = Project::new("Site Lab");
    p.base_dir = dir.to_path_buf();
    p.device.name = "LAB-%SERIAL%".into();
    p.accounts.join = Join::EntraId {
        authority: default_authority(),
        tenant: Some(TENANT.into()),
        token: Secret::file("bulk-token.secret"),
        expires: Some(expires),
        package_account: Some(PACKAGE_UPN.into()),
    };
    save_project(&p, dir)
}

fn alt(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
}

/// Tabs to `slot` on the current page.
fn focus(app: &mut App, slot: Slot) {
    for _ in 0..30 {
        if app.focus() == slot {
            return;
        }
        tab(app, 1);
    }
    panic!("{slot:?} is not on this page:\n{}", screen(app, 80, 24));
}

/// Draws a frame and checks it for the token.
fn draw(app: &App) -> String {
    let text = screen(app, 80, 24);
    let token = graph_token();
    assert!(
        !text.contains(&token) && !text.contains(&token[token.len() - 12..]),
        "the Graph token is on screen:\n{text}"
    );
    assert!(
        !text.contains(FAKE_TOKEN),
        "the bulk token is on screen:\n{text}"
    );
    text
}

/// Does what the event loop does (read the workers, redraw) until `done` holds.
fn run_until(app: &mut App, what: &str, mut done: impl FnMut(&App, &str) -> bool) -> String {
    let end = Instant::now() + Duration::from_secs(20);
    loop {
        app.tick();
        let text = draw(app);
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

/// The countdown changes by the second: shown as m:ss in snapshots.
fn steady(text: &str) -> String {
    match text.find("The code works for ") {
        None => text.to_string(),
        Some(at) => {
            let start = at + "The code works for ".len();
            let end = start + text[start..].find(' ').unwrap();
            format!("{}m:ss{}", &text[..start], &text[end..])
        }
    }
}

#[test]
fn check_tenant_signs_in_and_reports_passes_a_failure_with_its_fix_and_an_unknown() {
    let s = servers(tenant_with_a_failure_and_an_unknown(), signs_in());
    let dir = snap_dir("report");
    let (mut app, _) = app_open(&project_with_token(&dir), Theme::colored());
    alt(&mut app, '4');
    assert_eq!(app.page(), Page::Accounts);
    focus(&mut app, Slot::CheckTenant);
    let page = draw(&app);
    assert!(page.contains("> [ Check tenant ]"), "{page}");

    key(&mut app, KeyCode::Enter);
    assert_eq!(dialog(&app).as_deref(), Some("Check the tenant"));
    let code = run_until(&mut app, "the code", |_, t| t.contains(USER_CODE));
    assert!(code.contains("https://microsoft.com/devicelogin"), "{code}");
    assert!(
        code.contains(&format!("administrator of {TENANT}")),
        "{code}"
    );
    assert!(code.contains("Esc cancels"), "{code}");
    insta::assert_snapshot!("preflight_sign_in", steady(&code));

    let report = run_until(&mut app, "the report", |_, t| {
        t.contains("could not be checked.")
    });
    // Nine checks: seven of the tenant, two of the project's token.
    assert!(
        report.contains("7 passed, 1 failed, 1 could not be checked."),
        "{report}"
    );
    assert!(
        report.contains(&format!("Checked as {ME_UPN}.")),
        "{report}"
    );
    assert!(report.contains("✔ Role to create bulk tokens:"), "{report}");
    assert!(report.contains("✘ Microsoft.Azure.SyncFabric:"), "{report}");
    assert!(report.contains("Fix:"), "{report}");
    insta::assert_snapshot!("preflight_report", report);

    // The rest of the report is below: End shows the last lines.
    key(&mut app, KeyCode::End);
    let end = draw(&app);
    assert!(end.contains("? Conditional Access:"), "{end}");
    assert!(end.contains("403"), "{end}");
    assert!(end.contains("✔ Bulk token expiry:"), "{end}");
    assert!(end.contains("2025-03-20"), "{end}");
    assert!(end.contains("✔ Package account:"), "{end}");
    insta::assert_snapshot!("preflight_report_end", end);
    key(&mut app, KeyCode::Home);
    assert_eq!(draw(&app), report, "Home goes back to the top");

    // The project's package account was looked up; only reads reached Graph.
    assert!(
        !s.graph
            .seen_path(&format!("/v1.0/users/{PACKAGE_UPN}"))
            .is_empty()
    );
    assert!(s.graph.seen().iter().all(|r| r.method == "GET"));
    assert_eq!(s.entra.requests_to(Route::DeviceCode).len(), 1);

    key(&mut app, KeyCode::Enter);
    assert!(app.modal().is_none());
    // Nothing about the checks went into the project or its folder.
    assert!(!app.is_dirty());
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files, vec![std::ffi::OsString::from("Site Lab.json")]);
}

#[test]
fn after_a_bulk_token_the_check_is_one_enter_away_and_includes_the_new_token() {
    let s = servers(FakeGraph::healthy(), signs_in());
    let dir = snap_dir("after-token");
    let (mut app, _) = app_new(&dir, Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    alt(&mut app, '4');
    key(&mut app, KeyCode::Left); // No directory join -> Entra ID
    tab(&mut app, 1);
    typ(&mut app, TENANT);
    focus(&mut app, Slot::GetToken);
    key(&mut app, KeyCode::Enter);
    wait_for(&mut app, |a| !a.busy());
    let got = draw(&app);
    assert!(got.contains("Bulk token received."), "{got}");
    assert!(got.contains("Enter checks the tenant"), "{got}");
    assert_eq!(app.focus(), Slot::CheckTenant);

    key(&mut app, KeyCode::Enter);
    let report = run_until(&mut app, "the report", |_, t| {
        t.contains("could not be checked.")
    });
    key(&mut app, KeyCode::End);
    let end = draw(&app);
    // The new token's expiry (today + 30 days) and its account, which this tenant does
    // not have: the check says so.
    assert!(end.contains("✔ Bulk token expiry:"), "{report}\n{end}");
    assert!(end.contains("2025-03-31"), "{end}");
    assert!(end.contains("✘ Package account:"), "{end}");
    assert!(
        !s.graph
            .seen_path(&format!("/v1.0/users/package_1234@{TENANT}"))
            .is_empty()
    );
}

#[test]
fn esc_during_the_sign_in_stops_it_and_closes_the_dialog() {
    let pending = vec![fake_entra::oauth_error(
        400,
        "authorization_pending",
        "AADSTS70016: pending",
    )];
    let s = servers(FakeGraph::healthy(), pending);
    let dir = snap_dir("esc");
    let (mut app, _) = app_open(&project_with_token(&dir), Theme::colored());
    alt(&mut app, '4');
    focus(&mut app, Slot::CheckTenant);
    key(&mut app, KeyCode::Enter);
    run_until(&mut app, "a pending poll", |_, t| {
        t.contains(USER_CODE) && !s.entra.requests_to(Route::Token).is_empty()
    });
    assert_eq!(hint_bar(&app), "Esc cancel");
    key(&mut app, KeyCode::Esc);
    assert!(app.modal().is_none());
    let polls = s.entra.requests_to(Route::Token).len();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        s.entra.requests_to(Route::Token).len(),
        polls,
        "polled after Esc"
    );
    assert!(s.graph.seen().is_empty(), "no Graph call after Esc");
}

#[test]
fn a_declined_sign_in_reads_as_the_token_modules_sentence() {
    let declined = vec![fake_entra::oauth_error(
        400,
        "authorization_declined",
        "AADSTS70000: the user declined",
    )];
    let s = servers(FakeGraph::healthy(), declined);
    let dir = snap_dir("declined");
    let (mut app, _) = app_open(&project_with_token(&dir), Theme::colored());
    alt(&mut app, '4');
    focus(&mut app, Slot::CheckTenant);
    key(&mut app, KeyCode::Enter);
    let text = run_until(&mut app, "the refusal", |_, t| t.contains("could not run"));
    let sentence = ppkg_wizard::token::TokenError::Declined.to_string();
    assert!(
        support::dialog_words(&text, "Check the tenant").contains(&sentence),
        "{sentence}\n{text}"
    );
    assert_eq!(hint_bar(&app), "Enter/Esc close");
    assert!(s.graph.seen().is_empty(), "no Graph call without a sign-in");
    key(&mut app, KeyCode::Enter);
    assert!(app.modal().is_none());
}

#[test]
fn without_a_tenant_the_wizard_says_what_to_type() {
    let dir = snap_dir("no-tenant");
    let (mut app, _) = app_new(&dir, Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    alt(&mut app, '4');
    key(&mut app, KeyCode::Left);
    focus(&mut app, Slot::CheckTenant);
    key(&mut app, KeyCode::Enter);
    assert_eq!(dialog(&app).as_deref(), Some("Cannot check the tenant yet"));
    assert!(draw(&app).contains("Enter your tenant first"));
}

/// The same in a real terminal: the binary reads both hosts from its environment.
#[test]
fn check_tenant_in_a_real_terminal() {
    if !common::tool_available("tmux") {
        return;
    }
    // Own servers, and the variables passed to the child only: no turn needed.
    let entra = FakeEntra::start();
    entra
        .script(Route::DeviceCode, vec![fake_entra::device_code(1, 900)])
        .script(Route::Token, signs_in());
    let graph = tenant_with_a_failure_and_an_unknown();
    let dir = tempfile::tempdir().unwrap();
    // The binary's date is the clock's: a token valid for three more weeks.
    let expires = time::OffsetDateTime::now_utc().date() + time::Duration::days(21);
    project_expiring(dir.path(), expires);
    let env = [
        (LOGIN_URL_ENV, entra.url.as_str()),
        (GRAPH_URL_ENV, graph.url.as_str()),
    ];
    let t = tmux::Tmux::start_env(dir.path(), &env, &["Site Lab.json"]);
    t.wait("1. Project");
    t.keys(&["M-4"]);
    t.wait("4. Account management");
    t.keys(&["Tab", "Tab", "Tab", "Tab"]);
    t.wait("> [ Check tenant ]");
    t.keys(&["Enter"]);
    t.wait(USER_CODE);
    let report = t.wait("could not be checked.");
    assert!(
        report.contains("7 passed, 1 failed, 1 could not be checked."),
        "{report}"
    );
    assert!(report.contains("✘ Microsoft.Azure.SyncFabric:"), "{report}");
    assert!(report.contains("Fix:"), "{report}");
    t.keys(&["End"]);
    let end = t.wait("✔ Package account:");
    assert!(end.contains("? Conditional Access:"), "{end}");
    let token = graph_token();
    assert!(
        !end.contains(&token[token.len() - 12..]) && !report.contains(&token[token.len() - 12..])
    );
    t.keys(&["Escape"]);
    t.wait("> [ Check tenant ]");
    t.keys(&["C-q"]);
    t.wait_exit();
}

/// The key-hint bar (the screen's last line), its words joined by single spaces.
fn hint_bar(app: &App) -> String {
    let text = screen(app, 80, 24);
    let last = text.lines().last().unwrap_or_default();
    last.split_whitespace().collect::<Vec<_>>().join(" ")
}
