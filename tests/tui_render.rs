//! Snapshots of every wizard page at 80×24 (TestBackend), with a problem, with help open,
//! without colour, and too small. No snapshot may contain a secret value.

#[path = "tui_support.rs"]
mod support;

use ppkg_wizard::project::*;
use ppkg_wizard::tui::App;
use ppkg_wizard::tui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use std::path::{Path, PathBuf};
use support::*;

/// Values typed in these tests; none may reach the screen.
const SECRETS: [&str; 3] = [FAKE_TOKEN, "Typed-WiFi-Pass1", "JoinPass-Hidden9"];

/// A stable folder, so paths in the snapshots do not change between runs.
fn snap_dir() -> PathBuf {
    let d = PathBuf::from("/tmp/ppkg-wizard-snap");
    assets(&d);
    d
}

fn lab_project(dir: &Path) -> Project {
    let mut p = Project::new("School Lab");
    p.description = "Lab PCs in building B".into();
    p.base_dir = dir.to_path_buf();
    p.device.name = "LAB-%SERIAL%".into();
    p.device.remove_preinstalled = true;
    p.network = Some(Wifi {
        ssid: "School-WiFi".into(),
        security: WifiSecurity::Wpa2Personal,
        key: Some(Secret::env("WIFI_KEY")),
        hidden: false,
        auto_connect: true,
    });
    p.accounts.join = Join::ActiveDirectory {
        domain: "school.local".into(),
        account: "SCHOOL\\svc-join".into(),
        password: Secret::file("join.secret"),
        ou: None,
    };
    p.accounts.local_admin = Some(LocalAdmin {
        name: "LabAdmin".into(),
        password: Secret::ask(),
    });
    let app = |name: &str, installer: &str, cmd: &str| Application {
        name: name.into(),
        installer: installer.into(),
        command_line: cmd.into(),
        continue_on_failure: false,
        restart_required: false,
        success_code: Some(0),
        restart_code: Some(3010),
        dependencies: vec![],
    };
    p.applications = vec![
        app(
            "Firefox",
            "installers/firefox.msi",
            "msiexec /i \"firefox.msi\" /qn",
        ),
        app(
            "Lab setup",
            "installers/setup.ps1",
            "PowerShell.exe -NoProfile -ExecutionPolicy Bypass -File .\\setup.ps1",
        ),
    ];
    p.certificates = vec![Certificate {
        name: "School Root".into(),
        path: "certs/root.cer".into(),
        kind: CertificateKind::Root,
    }];
    p.protect = Some(Protection {
        password: Secret::env("PPKG_PASSWORD"),
    });
    p
}

fn lab_app(theme: Theme) -> App {
    let dir = snap_dir();
    let path = save_project(&lab_project(&dir), &dir);
    app_open(&path, theme).0
}

fn check(name: &str, text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{name} shows a secret value");
    }
    insta::assert_snapshot!(name, text);
}

fn shot(app: &App) -> String {
    screen(app, 80, 24)
}

fn go(app: &mut App, page: usize) {
    for _ in 0..page {
        key(app, KeyCode::PageDown);
    }
}

#[test]
fn start_screen() {
    let (app, _) = app_new(&snap_dir(), Theme::colored());
    check("start", &shot(&app));
}

#[test]
fn every_page_of_a_school_lab_project() {
    let names = [
        "page1_project",
        "page2_device",
        "page3_network",
        "page4_accounts",
        "page5_applications",
        "page6_certificates",
        "page7_kiosk",
        "page8_advanced",
        "page9_protect",
        "page10_summary",
    ];
    let mut app = lab_app(Theme::colored());
    for (i, name) in names.iter().enumerate() {
        assert_eq!(app.page(), Page::ALL[i]);
        check(name, &shot(&app));
        key(&mut app, KeyCode::PageDown);
    }
}

#[test]
fn application_editor() {
    let mut app = lab_app(Theme::colored());
    go(&mut app, 4);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    check("page5_application_editor", &shot(&app));
}

#[test]
fn a_problem_is_shown_under_its_field() {
    let mut app = lab_app(Theme::colored());
    go(&mut app, 1);
    // Replace the name with one that has a space and is too long.
    for _ in 0..20 {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "SCIENCE LAB-%SERIAL%");
    let text = shot(&app);
    assert!(text.contains("! A device name cannot contain spaces."));
    check("page2_device_problem", &text);
}

#[test]
fn help_for_the_focused_field() {
    let mut app = lab_app(Theme::colored());
    go(&mut app, 1);
    key(&mut app, KeyCode::F(1));
    let text = shot(&app);
    assert!(text.contains("Help: Device name"));
    check("help_device_name", &text);
    key(&mut app, KeyCode::Esc);
    assert!(app.modal().is_none());
}

#[test]
fn without_colour_focus_and_problems_stay_visible() {
    let mut app = lab_app(Theme::plain());
    go(&mut app, 1);
    for _ in 0..20 {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "LAB PC");
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| app.render(f)).unwrap();
    let buf = t.backend().buffer().clone();
    let text = buffer_text(&buf);
    check("no_color_device_problem", &text);
    for cell in buf.content() {
        assert!(
            matches!(cell.fg, Color::Reset) && matches!(cell.bg, Color::Reset),
            "a colour was used with NO_COLOR"
        );
    }
    // The focused label is drawn in reverse video and marked with '>'.
    let row = text
        .lines()
        .position(|l| l.contains("> Device name"))
        .unwrap();
    let col = text
        .lines()
        .nth(row)
        .unwrap()
        .find("> Device name")
        .unwrap();
    let x = text.lines().nth(row).unwrap()[..col].chars().count() as u16;
    assert!(
        buf[(x + 2, row as u16)]
            .modifier
            .contains(Modifier::REVERSED)
    );
    // Problems are marked with '!' and bold.
    let prow = text
        .lines()
        .position(|l| l.contains("! A device name"))
        .unwrap();
    let pcol = text.lines().nth(prow).unwrap().find('!').unwrap();
    let px = text.lines().nth(prow).unwrap()[..pcol].chars().count() as u16;
    assert!(buf[(px, prow as u16)].modifier.contains(Modifier::BOLD));
}

#[test]
fn too_small_says_how_large_it_must_be() {
    let app = lab_app(Theme::colored());
    let text = screen(&app, 60, 20);
    assert!(text.contains("at least 80 × 24"));
    assert!(text.contains("This one is 60 × 20."));
    check("too_small_60x20", &text);
}

#[test]
fn typed_passwords_are_masked() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = app_new(dir.path(), Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    go(&mut app, 2);
    key(&mut app, KeyCode::Char(' '));
    tab(&mut app, 1);
    typ(&mut app, "School-WiFi");
    tab(&mut app, 2);
    typ(&mut app, "Typed-WiFi-Pass1");
    let text = screen(&app, 80, 24);
    assert!(text.contains("••••••••••••••••"));
    assert!(!text.contains("Typed-WiFi-Pass1"));
}

#[test]
fn bulk_token_sign_in_and_result() {
    let mut app = lab_app(Theme::colored());
    go(&mut app, 3);
    key(&mut app, KeyCode::Right); // Active Directory -> Entra ID
    tab(&mut app, 1);
    typ(&mut app, "school.onmicrosoft.com");
    tab(&mut app, 2);
    assert_eq!(app.focus(), ppkg_wizard::tui::slot::Slot::GetToken);
    check("page4_entra_before_token", &shot(&app));
    key(&mut app, KeyCode::Enter);
    wait_for(&mut app, |a| a.modal().is_none());
    let text = shot(&app);
    assert!(
        text.contains("package_1234@school.onmicrosoft.com"),
        "{text}"
    );
    assert!(text.contains("2025-03-31"));
    check("page4_entra_with_token", &text);
}

#[test]
fn the_sign_in_shows_the_code_and_url() {
    let mut app = lab_app(Theme::colored());
    go(&mut app, 3);
    key(&mut app, KeyCode::Right);
    tab(&mut app, 1);
    typ(&mut app, "slow.example");
    tab(&mut app, 2);
    key(&mut app, KeyCode::Enter);
    wait_for(&mut app, |a| shot(a).contains("ABCD-EFGH"));
    let text = shot(&app);
    assert!(text.contains("https://microsoft.com/devicelogin"));
    check("token_dialog", &text);
    // Esc cancels the running sign-in and closes the dialog.
    key(&mut app, KeyCode::Esc);
    wait_for(&mut app, |a| a.modal().is_none() && !a.busy());
    assert!(!shot(&app).contains("package_1234"));
}

#[test]
fn a_cancel_too_late_to_stop_the_package_account_says_so() {
    // The module's error names the account to delete: shown, not swallowed.
    let mut app = lab_app(Theme::colored());
    go(&mut app, 3);
    key(&mut app, KeyCode::Right);
    tab(&mut app, 1);
    typ(&mut app, "late-err.example");
    tab(&mut app, 2);
    key(&mut app, KeyCode::Enter);
    wait_for(&mut app, |a| shot(a).contains("ABCD-EFGH"));
    key(&mut app, KeyCode::Esc);
    wait_for(&mut app, |a| !a.busy());
    let text = shot(&app).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Bulk token cancelled"), "{text}");
    assert!(text.contains("package_1234@late-err.example"), "{text}");

    // A token that arrives anyway is kept: its package account exists already.
    let mut app = lab_app(Theme::colored());
    go(&mut app, 3);
    key(&mut app, KeyCode::Right);
    tab(&mut app, 1);
    typ(&mut app, "late-ok.example");
    tab(&mut app, 2);
    key(&mut app, KeyCode::Enter);
    wait_for(&mut app, |a| shot(a).contains("ABCD-EFGH"));
    key(&mut app, KeyCode::Esc);
    wait_for(&mut app, |a| !a.busy());
    let text = shot(&app);
    assert!(text.contains("arrived as you cancelled"), "{text}");
    assert!(!text.contains(FAKE_TOKEN));
}

#[test]
fn saving_asks_where_a_typed_secret_goes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = app_new(dir.path(), Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    go(&mut app, 3);
    key(&mut app, KeyCode::Left); // No directory join -> Entra ID
    key(&mut app, KeyCode::Left); // -> Active Directory
    tab(&mut app, 3);
    typ(&mut app, "JoinPass-Hidden9");
    ctrl(&mut app, 's');
    let text = screen(&app, 80, 24);
    assert!(text.contains("Where should the Domain join password come from?"));
    // Paths differ per run: snapshot only the dialog's own lines.
    let dialog: String = text
        .lines()
        .filter(|l| l.contains('│') && !l.contains("/tmp"))
        .collect::<Vec<_>>()
        .join("\n");
    check("save_secret_dialog", &dialog);
}

#[test]
fn quitting_with_changes_asks() {
    let mut app = lab_app(Theme::colored());
    typ(&mut app, " 2");
    key(&mut app, KeyCode::Esc);
    check("quit_dialog", &shot(&app));
}
