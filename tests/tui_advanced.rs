//! The Advanced settings page driven by keys: searching, setting a value of each editor
//! type, changing and removing one, and what reaches the saved project and the compiled
//! package. Snapshots at 80×24.

#[path = "tui_support.rs"]
mod support;

use ppkg_wizard::package::compile::{CompileOptions, Content, compile};
use ppkg_wizard::project::*;
use ppkg_wizard::tui::App;
use ppkg_wizard::tui::theme::Theme;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};
use support::*;

/// A stable folder, so paths in the snapshots do not change between runs.
fn snap_dir(name: &str) -> PathBuf {
    let d = PathBuf::from(format!("/tmp/ppkg-wizard-snap-advanced-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn open_advanced(dir: &Path) -> (App, PathBuf) {
    let mut p = Project::new("Kiosk Lab");
    p.base_dir = dir.to_path_buf();
    p.package.id = uuid::Uuid::from_u128(0x1234);
    let file = save_project(&p, dir);
    let (mut app, _) = app_open(&file, Theme::plain());
    let n = Page::ALL.iter().position(|p| *p == Page::Advanced).unwrap() + 1;
    let digit = char::from_digit(n as u32, 10).unwrap();
    app.handle_key(KeyEvent::new(KeyCode::Char(digit), KeyModifiers::ALT));
    (app, file)
}

/// Searches for `query` and opens the first result.
fn find_and_open(app: &mut App, query: &str) {
    ctrl(app, 'f');
    for _ in 0..40 {
        key(app, KeyCode::Backspace);
    }
    typ(app, query);
    key(app, KeyCode::Enter);
    key(app, KeyCode::Enter);
}

fn saved(file: &Path) -> Project {
    ppkg_wizard::project::load(file).unwrap()
}

fn advanced_value(p: &Project, path: &str) -> Option<String> {
    p.advanced
        .iter()
        .find(|a| a.path.to_string() == path)
        .map(|a| match &a.value {
            AdvancedValue::Value(v) => v.clone(),
            other => format!("{other:?}"),
        })
}

/// Every text file the compiler makes for `p`, concatenated.
fn compiled_text(p: &Project) -> String {
    let doc = p.to_customizations(SecretMode::Values).unwrap();
    let base = p.base_dir.clone();
    let resolve = move |t: &str| -> Option<PathBuf> { Some(base.join(t)) };
    let c = compile(&doc, &resolve, CompileOptions::default()).unwrap();
    c.files
        .iter()
        .filter_map(|f| match &f.content {
            Content::Bytes(b) if f.path.ends_with(".provxml") => {
                Some(String::from_utf8_lossy(b).into_owned())
            }
            _ => None,
        })
        .collect()
}

#[test]
fn snapshots_of_the_page() {
    let dir = snap_dir("snap");
    let (mut app, _) = open_advanced(&dir);
    insta::assert_snapshot!("advanced_empty", screen(&app, 80, 24));
    typ(&mut app, "bluetooth");
    insta::assert_snapshot!("advanced_search", screen(&app, 80, 24));
    // A choice with the store's display names.
    find_and_open(&mut app, "allowbluetooth");
    insta::assert_snapshot!("advanced_choice", screen(&app, 80, 24));
    // A number with bounds, refused out of range.
    find_and_open(&mut app, "activehoursend");
    typ(&mut app, "30");
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("advanced_number_refused", screen(&app, 80, 24));
    // Yes/no.
    find_and_open(&mut app, "hideoobe");
    insta::assert_snapshot!("advanced_toggle", screen(&app, 80, 24));
    // Text, too long for the field.
    find_and_open(&mut app, "dnscomputername");
    typ(&mut app, &"LAB-BUILDING-B-ROOM-214-".repeat(4));
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("advanced_long_text", screen(&app, 80, 24));
    // A setting inside a named entry: the entry name is asked first.
    find_and_open(&mut app, "users user usergroup");
    insta::assert_snapshot!("advanced_keyed", screen(&app, 80, 24));
}

#[test]
fn keys_set_change_and_remove_settings() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, file) = open_advanced(dir.path());

    // Typing anywhere on the page searches; Enter goes to the results, Enter opens one.
    find_and_open(&mut app, "allowbluetooth");
    assert!(screen(&app, 80, 24).contains("Policies/Connectivity/AllowBluetooth"));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);

    find_and_open(&mut app, "activehoursend");
    typ(&mut app, "30");
    key(&mut app, KeyCode::Enter);
    assert!(
        screen(&app, 80, 24).contains("not accepted"),
        "out of range is refused"
    );
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    typ(&mut app, "17");
    key(&mut app, KeyCode::Enter);

    find_and_open(&mut app, "hideoobe");
    key(&mut app, KeyCode::Enter);

    find_and_open(&mut app, "dnscomputername");
    typ(&mut app, "LAB-01");
    key(&mut app, KeyCode::Enter);

    find_and_open(&mut app, "users user usergroup");
    typ(&mut app, "kiosk");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);

    ctrl(&mut app, 's');
    let p = saved(&file);
    let bt = advanced_value(&p, "Policies/Connectivity/AllowBluetooth").unwrap();
    let bt_setting = ppkg_wizard::catalog::setting("Policies/Connectivity/AllowBluetooth").unwrap();
    assert_eq!(
        bt, bt_setting.values[1].0,
        "the second choice, by display name"
    );
    assert_eq!(
        advanced_value(&p, "Policies/Update/ActiveHoursEnd").as_deref(),
        Some("17")
    );
    assert_eq!(
        advanced_value(&p, "OOBE/Desktop/HideOobe").as_deref(),
        Some("True")
    );
    assert_eq!(
        advanced_value(&p, "DevDetail/DNSComputerName").as_deref(),
        Some("LAB-01")
    );
    let group = advanced_value(&p, "Accounts/Users/User[UserName=kiosk]/UserGroup").unwrap();
    let ug = ppkg_wizard::catalog::setting("Accounts/Users/User/UserGroup").unwrap();
    let group_key = ug.compile_value(&group).unwrap();

    let xml = compiled_text(&p);
    assert!(
        xml.contains(r#"name="ActiveHoursEnd" value="17" datatype="integer""#),
        "{xml}"
    );
    assert!(
        xml.contains(r#"name="DNSComputerName" value="LAB-01""#),
        "{xml}"
    );
    assert!(
        xml.contains(&format!(
            r#"name="AllowBluetooth" value="{}""#,
            bt_setting.values[1].1
        )),
        "{xml}"
    );
    assert!(xml.contains(r#"name="HideOobe" value="true""#), "{xml}");
    assert!(
        xml.contains(&format!(r#"name="LocalUserGroup" value="{group_key}""#)),
        "{xml}"
    );

    // Change one from the "set" list: Tab from the empty search box reaches it.
    key(&mut app, KeyCode::Esc);
    for _ in 0..40 {
        key(&mut app, KeyCode::Backspace);
    }
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), ppkg_wizard::tui::slot::Slot::AdvSet);
    // The list is in the order set: Bluetooth, hours, OOBE, name, group.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    typ(&mut app, "9");
    key(&mut app, KeyCode::Enter);
    // Remove the OOBE one.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    assert_eq!(app.focus(), ppkg_wizard::tui::slot::Slot::AdvSet);
    key(&mut app, KeyCode::Char('d'));
    ctrl(&mut app, 's');
    let p = saved(&file);
    assert_eq!(
        advanced_value(&p, "Policies/Update/ActiveHoursEnd").as_deref(),
        Some("9")
    );
    assert_eq!(advanced_value(&p, "OOBE/Desktop/HideOobe"), None);
    assert_eq!(p.advanced.len(), 4);
    let xml = compiled_text(&p);
    assert!(xml.contains(r#"name="ActiveHoursEnd" value="9" datatype="integer""#));
    assert!(!xml.contains("HideOobe"));
}
