//! The Advanced settings page driven by keys: browsing the catalog tree, searching,
//! setting a value with each editor (choice, number, yes/no, text, secret, file, a map's
//! entries, a list of files), changing and removing them, and what reaches the saved
//! project and the compiled package; the wizard fields and their advanced twins are one
//! value. Snapshots at 80×24.

#[path = "tui_support.rs"]
mod support;

use ppkg_wizard::package::compile::{CompileOptions, Content, compile};
use ppkg_wizard::project::*;
use ppkg_wizard::tui::App;
use ppkg_wizard::tui::slot::Slot;
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

fn alt_to(app: &mut App, page: Page) {
    let n = Page::ALL.iter().position(|p| *p == page).unwrap() + 1;
    let digit = char::from_digit((n % 10) as u32, 10).unwrap();
    app.handle_key(KeyEvent::new(KeyCode::Char(digit), KeyModifiers::ALT));
    assert_eq!(app.page(), page);
}

fn open_advanced(dir: &Path) -> (App, PathBuf) {
    let mut p = Project::new("Kiosk Lab");
    p.base_dir = dir.to_path_buf();
    p.package.id = uuid::Uuid::from_u128(0x1234);
    std::fs::create_dir_all(dir.join("files")).unwrap();
    for f in ["start.cmd", "stop.cmd", "wallpaper.jpg"] {
        std::fs::write(dir.join("files").join(f), f.as_bytes()).unwrap();
    }
    let file = save_project(&p, dir);
    let (mut app, _) = app_open(&file, Theme::plain());
    alt_to(&mut app, Page::Advanced);
    (app, file)
}

/// Searches for `query` and opens the first result.
fn find_and_open(app: &mut App, query: &str) {
    ctrl(app, 'f');
    for _ in 0..60 {
        key(app, KeyCode::Backspace);
    }
    typ(app, query);
    key(app, KeyCode::Enter);
    key(app, KeyCode::Enter);
}

/// Saves, answering "where should this secret come from" with its first choice (ask
/// again: nothing is written).
fn save(app: &mut App, file: &Path) -> Project {
    ctrl(app, 's');
    for _ in 0..5 {
        if dialog(app).is_none() {
            break;
        }
        key(app, KeyCode::Enter);
    }
    assert!(dialog(app).is_none(), "{:?}", dialog(app));
    ppkg_wizard::project::load(file).unwrap()
}

fn advanced_value(p: &Project, path: &str) -> Option<String> {
    p.advanced
        .iter()
        .find(|a| a.path.to_string() == path)
        .map(|a| match &a.value {
            AdvancedValue::Value(v) => v.clone(),
            AdvancedValue::Asset(f) => format!("file:{}", f.display()),
            AdvancedValue::Secret(s) => format!("secret:{:?}", s.source),
        })
}

/// Every provxml the compiler makes for `p` (secrets given their typed values),
/// concatenated.
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
    // Empty: the catalog as a tree, by category.
    let empty = screen(&app, 80, 24);
    assert!(empty.contains("▸ Accounts/"), "{empty}");
    insta::assert_snapshot!("advanced_empty", empty);
    // Into the first category, and back up.
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let inside = screen(&app, 80, 24);
    assert!(inside.contains("goes up"), "{inside}");
    insta::assert_snapshot!("advanced_tree", inside);
    key(&mut app, KeyCode::Left);
    assert!(screen(&app, 80, 24).contains("every setting, by category"));

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
    find_and_open(&mut app, "hideautologonui");
    insta::assert_snapshot!("advanced_toggle", screen(&app, 80, 24));
    // Text, too long for the field.
    find_and_open(&mut app, "desktopimageurl");
    typ(&mut app, &"https://intranet.example.org/lobby/".repeat(4));
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("advanced_long_text", screen(&app, 80, 24));
    // A secret: typed hidden.
    find_and_open(&mut app, "autologon password");
    typ(&mut app, "Hidden-Pass-1");
    let secret = screen(&app, 80, 24);
    assert!(!secret.contains("Hidden-Pass-1"));
    insta::assert_snapshot!("advanced_secret", secret);
    // A setting inside a map: the entry name is asked first; the entries set are listed.
    find_and_open(&mut app, "users user usergroup");
    insta::assert_snapshot!("advanced_keyed", screen(&app, 80, 24));
    typ(&mut app, "kiosk");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    find_and_open(&mut app, "users user usergroup");
    typ(&mut app, "guest");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("advanced_map", screen(&app, 80, 24));
    // A list of files: item numbers, a file editor and Browse.
    find_and_open(&mut app, "devicecontext commandfiles commandfile");
    typ(&mut app, "1");
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "files/start.cmd");
    key(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("advanced_list_file", screen(&app, 80, 24));
}

#[test]
fn keys_set_change_and_remove_settings_of_each_type() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, file) = open_advanced(dir.path());

    // Choice: typing anywhere on the page searches; Enter goes to the results, Enter
    // opens one; the second choice.
    find_and_open(&mut app, "allowbluetooth");
    assert!(screen(&app, 80, 24).contains("Policies/Connectivity/AllowBluetooth"));
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    // Number, refused out of range, then accepted.
    find_and_open(&mut app, "activehoursend");
    typ(&mut app, "30");
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app, 80, 24).contains("not accepted"));
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    typ(&mut app, "17");
    key(&mut app, KeyCode::Enter);
    // Yes/no.
    find_and_open(&mut app, "hideautologonui");
    key(&mut app, KeyCode::Enter);
    // Text.
    find_and_open(&mut app, "desktopimageurl");
    typ(&mut app, "https://intranet.example.org/lobby.jpg");
    key(&mut app, KeyCode::Enter);
    // Secret, inside a map entry.
    find_and_open(&mut app, "users user password");
    typ(&mut app, "kiosk");
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Kiosk-Pass-1");
    key(&mut app, KeyCode::Enter);
    // Map: two entries of one setting.
    for (name, downs) in [("kiosk", 0), ("guest", 1)] {
        find_and_open(&mut app, "users user usergroup");
        typ(&mut app, name);
        key(&mut app, KeyCode::Enter);
        for _ in 0..downs {
            key(&mut app, KeyCode::Down);
        }
        key(&mut app, KeyCode::Enter);
    }
    // File: typed.
    find_and_open(&mut app, "deploydesktopimage");
    typ(&mut app, "files/wallpaper.jpg");
    key(&mut app, KeyCode::Enter);
    // List: two items, files.
    for (n, f) in [("1", "files/start.cmd"), ("2", "files/stop.cmd")] {
        find_and_open(&mut app, "devicecontext commandfiles commandfile");
        typ(&mut app, n);
        key(&mut app, KeyCode::Enter);
        typ(&mut app, f);
        key(&mut app, KeyCode::Enter);
    }
    // Browse opens the file picker for a file setting.
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.focus(), Slot::AdvBrowse);
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        dialog(&app).as_deref(),
        Some("Choose the file for this setting")
    );
    key(&mut app, KeyCode::Esc);
    assert!(app.modal().is_none());

    let p = save(&mut app, &file);
    let bt_setting = ppkg_wizard::catalog::setting("Policies/Connectivity/AllowBluetooth").unwrap();
    let ug = ppkg_wizard::catalog::setting("Accounts/Users/User/UserGroup").unwrap();
    let expect = [
        (
            "Policies/Connectivity/AllowBluetooth",
            bt_setting.values[1].0.to_owned(),
        ),
        ("Policies/Update/ActiveHoursEnd", "17".into()),
        ("SMISettings/HideAutologonUI", "True".into()),
        (
            "Personalization/DesktopImageUrl",
            "https://intranet.example.org/lobby.jpg".into(),
        ),
        (
            "Accounts/Users/User[UserName=kiosk]/Password",
            "secret:Ask".into(),
        ),
        (
            "Accounts/Users/User[UserName=kiosk]/UserGroup",
            ug.values[0].0.to_owned(),
        ),
        (
            "Accounts/Users/User[UserName=guest]/UserGroup",
            ug.values[1].0.to_owned(),
        ),
        (
            "Personalization/DeployDesktopImage",
            "file:files/wallpaper.jpg".into(),
        ),
        (
            "ProvisioningCommands/DeviceContext/CommandFiles/CommandFile[#0]",
            "file:files/start.cmd".into(),
        ),
        (
            "ProvisioningCommands/DeviceContext/CommandFiles/CommandFile[#1]",
            "file:files/stop.cmd".into(),
        ),
    ];
    for (path, value) in &expect {
        assert_eq!(
            advanced_value(&p, path).as_deref(),
            Some(value.as_str()),
            "{path}"
        );
    }
    assert_eq!(p.advanced.len(), expect.len());
    // The saved project asks for the secret; the wizard still holds what was typed.
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("Kiosk-Pass-1")
    );

    let xml = compiled_text(app.project());
    for needle in [
        format!(
            r#"name="AllowBluetooth" value="{}""#,
            bt_setting.values[1].1
        ),
        r#"name="ActiveHoursEnd" value="17" datatype="integer""#.into(),
        r#"name="HideAutologonUI" value="true" datatype="boolean""#.into(),
        r#"value="https://intranet.example.org/lobby.jpg""#.into(),
        r#"name="Password" value="Kiosk-Pass-1""#.into(),
        r#"<characteristic type="kiosk">"#.into(),
        format!(r#"name="LocalUserGroup" value="{}""#, ug.values[1].1),
        "wallpaper.jpg".into(),
        "start.cmd".into(),
        "stop.cmd".into(),
    ] {
        assert!(xml.contains(&needle), "{needle} missing from\n{xml}");
    }

    // Change: the number, from the "set" list (Tab from the empty search box).
    key(&mut app, KeyCode::Esc);
    for _ in 0..60 {
        key(&mut app, KeyCode::Backspace);
    }
    while app.focus() != Slot::AdvSet {
        key(&mut app, KeyCode::Tab);
    }
    key(&mut app, KeyCode::Down); // the hours, second in the order set
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Backspace);
    key(&mut app, KeyCode::Backspace);
    typ(&mut app, "9");
    key(&mut app, KeyCode::Enter);
    // Change the guest's group and remove the kiosk's, from the map's own entries
    // (listed in the order set: kiosk, guest).
    find_and_open(&mut app, "users user usergroup");
    assert!(screen(&app, 80, 24).contains("guest = "));
    assert_eq!(app.focus(), Slot::AdvKey);
    shift_tab(&mut app);
    assert_eq!(app.focus(), Slot::AdvEntries);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    let shown = screen(&app, 80, 24);
    assert!(
        shown
            .lines()
            .any(|l| l.contains("Entry ") && l.contains(" guest ")),
        "{shown}"
    );
    key(&mut app, KeyCode::Up); // Administrators → the first choice
    key(&mut app, KeyCode::Enter);
    shift_tab(&mut app);
    assert_eq!(app.focus(), Slot::AdvEntries);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Char('d'));
    // Remove the second file of the list and the yes/no from the "set" list.
    find_and_open(&mut app, "devicecontext commandfiles commandfile");
    while app.focus() != Slot::AdvEntries {
        shift_tab(&mut app);
    }
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('d'));
    key(&mut app, KeyCode::Esc);
    while app.focus() != Slot::AdvSet {
        key(&mut app, KeyCode::Tab);
    }
    // The selection is still on the hours (second); the yes/no is third.
    key(&mut app, KeyCode::Down);
    assert!(screen(&app, 80, 24).contains("> SMISettings/HideAutologonUI"));
    key(&mut app, KeyCode::Char('d'));

    let p = save(&mut app, &file);
    assert_eq!(
        advanced_value(&p, "Policies/Update/ActiveHoursEnd").as_deref(),
        Some("9")
    );
    assert_eq!(
        advanced_value(&p, "Accounts/Users/User[UserName=guest]/UserGroup").as_deref(),
        Some(ug.values[0].0)
    );
    assert_eq!(
        advanced_value(&p, "Accounts/Users/User[UserName=kiosk]/UserGroup"),
        None
    );
    assert_eq!(advanced_value(&p, "SMISettings/HideAutologonUI"), None);
    assert_eq!(
        advanced_value(
            &p,
            "ProvisioningCommands/DeviceContext/CommandFiles/CommandFile[#1]"
        ),
        None
    );
    assert_eq!(p.advanced.len(), expect.len() - 3);
    let xml = compiled_text(app.project());
    assert!(xml.contains(r#"name="ActiveHoursEnd" value="9" datatype="integer""#));
    assert!(!xml.contains("HideAutologonUI"));
    assert!(!xml.contains("stop.cmd"));
    assert!(xml.contains("start.cmd"));
    assert!(xml.contains(&format!(
        r#"name="LocalUserGroup" value="{}""#,
        ug.values[0].1
    )));
}

#[test]
fn wizard_fields_and_their_advanced_twins_are_one_value() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, file) = open_advanced(dir.path());
    // The device name set as an advanced setting is the Device page's name.
    find_and_open(&mut app, "dnscomputername");
    typ(&mut app, "LAB-%SERIAL%");
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.project().device.name, "LAB-%SERIAL%");
    assert_eq!(
        app.project().device.name_setting,
        NameSetting::DnsComputerName
    );
    assert!(app.project().advanced.is_empty());
    // Setup screens, too.
    find_and_open(&mut app, "hideoobe");
    key(&mut app, KeyCode::Enter);
    assert!(app.project().device.hide_oobe);
    alt_to(&mut app, Page::Device);
    let device = screen(&app, 80, 24);
    assert!(device.contains("LAB-%SERIAL%"), "{device}");
    assert!(
        device.contains("[x] Hide the setup screens (OOBE)"),
        "{device}"
    );

    // The other way: a name typed on the Device page is what the Advanced page shows.
    for _ in 0..20 {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "KIOSK-01");
    alt_to(&mut app, Page::Advanced);
    key(&mut app, KeyCode::Esc); // closes the setting still open there
    for _ in 0..20 {
        key(&mut app, KeyCode::Backspace);
    }
    let adv = screen(&app, 80, 24);
    assert!(
        adv.contains("DevDetail/DNSComputerName = KIOSK-01 (Device page)"),
        "{adv}"
    );
    insta::assert_snapshot!("advanced_twins", adv);
    find_and_open(&mut app, "dnscomputername");
    assert!(screen(&app, 80, 24).contains("KIOSK-01"));
    let p = save(&mut app, &file);
    assert_eq!(p.device.name, "KIOSK-01");
    let xml = compiled_text(&p);
    assert!(
        xml.contains(r#"name="DNSComputerName" value="KIOSK-01""#),
        "{xml}"
    );
    assert!(xml.contains(r#"name="HideOobe" value="true""#), "{xml}");
    assert!(
        !xml.contains(r#"name="ComputerName""#),
        "one name setting: {xml}"
    );

    // Removing the twin from the list clears the field.
    key(&mut app, KeyCode::Esc);
    for _ in 0..60 {
        key(&mut app, KeyCode::Backspace);
    }
    while app.focus() != Slot::AdvSet {
        key(&mut app, KeyCode::Tab);
    }
    key(&mut app, KeyCode::Char('d'));
    assert_eq!(app.project().device.name, "");
    alt_to(&mut app, Page::Device);
    assert!(!screen(&app, 80, 24).contains("KIOSK-01"));
}

#[test]
fn a_setting_inside_entries_within_entries_is_set_by_both_names() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, file) = open_advanced(dir.path());
    // Shell Launcher on (its per-user shells only apply then) …
    find_and_open(&mut app, "shelllauncher enable");
    assert!(screen(&app, 80, 24).contains("SMISettings/ShellLauncher/Enable"));
    key(&mut app, KeyCode::Enter);
    // … and a domain user's shell: the domain, then the user.
    find_and_open(&mut app, "domainusershellsettings usercustomshell");
    typ(&mut app, "kiosk");
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "C:\\Kiosk\\kiosk.exe");
    key(&mut app, KeyCode::Enter);
    let refused = screen(&app, 80, 24);
    assert!(refused.contains("type their names"), "{refused}");
    assert_eq!(
        app.project().advanced.len(),
        1,
        "only Shell Launcher's switch"
    );
    shift_tab(&mut app);
    assert_eq!(app.focus(), Slot::AdvKey);
    for _ in 0..10 {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "CONTOSO/kiosk");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("CONTOSO / kiosk"), "{shown}");
    let p = save(&mut app, &file);
    let path = "SMISettings/ShellLauncher/UserSpecificSettings/DomainUserSpecificSettings/DomainUserShellSettings[Domain=CONTOSO]/UserShellSetting[Username=kiosk]/UserCustomShell";
    assert_eq!(
        advanced_value(&p, path).as_deref(),
        Some("C:\\Kiosk\\kiosk.exe")
    );
    let xml = compiled_text(&p);
    assert!(xml.contains(r#"value="C:\Kiosk\kiosk.exe""#), "{xml}");
    assert!(xml.contains(r#"<characteristic type="CONTOSO">"#), "{xml}");
    assert!(xml.contains(r#"<characteristic type="kiosk">"#), "{xml}");
}
