//! The wizard tells the truth at Save and Create (issue 14), driven by keys without a
//! terminal, one section per point of the issue: a received bulk token is kept, the
//! Summary lists every secret that cannot be read, the tenant survives saving, a .pfx
//! password is checked and its thumbprint filled, nothing but quitting acts behind the
//! "too small" screen, bundles and our own WCD exports open from the start screen,
//! removing asks first, validation marks agree, radio groups and Go to work, the text
//! fits, the picker filters and completes, the save dialog and the password generator
//! behave, the Summary says everything, UPN join accounts pass, and the build dialog
//! shows progress from its first draw.

mod common;
#[path = "tui_support.rs"]
mod support;

use ppkg_wizard::fsutil::Overwrite;
use ppkg_wizard::project::*;
use ppkg_wizard::tui::slot::Slot;
use ppkg_wizard::tui::theme::Theme;
use ppkg_wizard::tui::{App, Modal, StepMark};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};
use support::*;

/// A fixed folder per test, so paths in snapshots do not change between runs.
fn snap_dir(name: &str) -> PathBuf {
    let d = PathBuf::from("/tmp/ppkg-wizard-truth").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn check(name: &str, text: &str) {
    assert!(!text.contains(FAKE_TOKEN), "{name} shows the bulk token");
    insta::assert_snapshot!(name, text);
}

fn shot(app: &App) -> String {
    screen(app, 80, 24)
}

fn alt(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
}

/// A new project named `name`, on the Accounts page with Entra ID chosen and `tenant`
/// typed; focus on "Get bulk token".
fn entra_project(dir: &Path, name: &str, tenant: &str) -> App {
    let (mut app, _) = app_new(dir, Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, name);
    alt(&mut app, '4');
    assert_eq!(app.page(), Page::Accounts);
    assert_eq!(app.focus(), Slot::Join);
    key(&mut app, KeyCode::Left); // No directory join -> Entra ID
    tab(&mut app, 1);
    typ(&mut app, tenant);
    tab(&mut app, 2);
    assert_eq!(app.focus(), Slot::GetToken);
    app
}

fn get_token(app: &mut App) {
    key(app, KeyCode::Enter);
    wait_for(app, |a| !a.busy());
}

fn saved_json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

// ----- 1. a received bulk token is kept -----

#[test]
fn a_received_bulk_token_is_saved_to_a_private_file_by_default() {
    let dir = snap_dir("token");
    let mut app = entra_project(&dir, "Lab", "contoso.example");
    get_token(&mut app);
    assert!(shot(&app).contains("Bulk token received."));

    ctrl(&mut app, 's');
    assert!(matches!(app.modal(), Some(Modal::Secret(_))));
    let text = shot(&app);
    assert!(text.contains("Entra ID issued it"), "{text}");
    assert!(!text.contains("You typed it"), "{text}");
    assert!(
        !text.contains("Ask me again"),
        "a received token cannot be asked for"
    );
    check("save_received_token", &text);
    // Up/Down offer only the file and the project file.
    key(&mut app, KeyCode::Down);
    assert!(shot(&app).contains("> (•) In the project file"));
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Enter);
    assert!(app.modal().is_none(), "{}", shot(&app));
    assert!(!app.is_dirty());

    let json = saved_json(&dir.join("Lab.json"));
    let join = &json["accounts"]["join"];
    assert_eq!(
        join["token"],
        serde_json::json!({"file": "bulk-token.secret"})
    );
    assert_eq!(join["package_account"], "package_1234@contoso.example");
    let token_file = dir.join("bulk-token.secret");
    assert_eq!(
        std::fs::read_to_string(&token_file).unwrap().trim_end(),
        FAKE_TOKEN
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(
        !std::fs::read_to_string(dir.join("Lab.json"))
            .unwrap()
            .contains(FAKE_TOKEN)
    );
}

#[test]
fn a_second_token_names_the_package_account_to_delete() {
    let dir = snap_dir("second-token");
    let mut app = entra_project(&dir, "Lab", "contoso.example");
    get_token(&mut app);
    app.jump(Field::EntraToken);
    assert_eq!(app.focus(), Slot::GetToken);
    key(&mut app, KeyCode::Enter);
    assert!(!app.busy(), "asks before signing in again");
    let text = shot(&app);
    assert!(text.contains("package_1234@contoso.example"), "{text}");
    check("second_token_question", &text);
    key(&mut app, KeyCode::Enter); // "Keep this one" is selected first
    assert!(app.modal().is_none());
    assert!(!app.busy());

    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('y'));
    wait_for(&mut app, |a| !a.busy());
    let text = shot(&app);
    assert!(
        text.contains("delete package_1234@contoso.example"),
        "{text}"
    );
    check("new_token_names_the_old_account", &text);
}

// ----- 2. the Summary checks every secret -----

/// A kiosk whose Wi-Fi password comes from an unset variable and whose package password
/// is asked at build time; an older package is in the folder.
fn kiosk_with_unreadable_secrets(dir: &Path) -> PathBuf {
    let mut p = Project::new("Kiosk");
    p.base_dir = dir.to_path_buf();
    p.device.name = "KIOSK-%RAND:4%".into();
    p.network = Some(Wifi {
        ssid: "Shop".into(),
        security: WifiSecurity::Wpa2Personal,
        key: Some(Secret::env("PPKG_WIZARD_TRUTH_SURELY_UNSET")),
        hidden: false,
        auto_connect: true,
    });
    p.accounts.local_admin = Some(LocalAdmin {
        name: "Support".into(),
        password: Secret::file("admin.secret"),
    });
    p.protect = Some(Protection {
        password: Secret::ask(),
    });
    std::fs::write(dir.join("Kiosk.ppkg"), b"the old package").unwrap();
    save_project(&p, dir)
}

#[test]
fn the_summary_lists_secrets_that_cannot_be_read_and_offers_to_type_them() {
    let dir = snap_dir("secrets");
    let file = kiosk_with_unreadable_secrets(&dir);
    let (mut app, fake) = app_open(&file, Theme::colored());
    alt(&mut app, '0');
    assert_eq!(app.page(), Page::Summary);
    assert_eq!(app.focus(), Slot::Problems, "arrives on the problems");
    let text = shot(&app);
    assert!(text.contains("2 problems to fix"), "{text}");
    assert!(!text.contains("No problems found"));
    check("summary_unreadable_secrets", &text);

    // Create refuses before anything else, and never asks about replacing.
    alt(&mut app, '1');
    alt(&mut app, '0');
    tab(&mut app, 1);
    assert_eq!(app.focus(), Slot::Create);
    key(&mut app, KeyCode::Enter);
    assert!(shot(&app).contains("Not ready yet"));
    assert!(!shot(&app).contains("Replace the package?"));
    key(&mut app, KeyCode::Enter);

    // Enter on a secret's line: type it for this build only.
    assert_eq!(app.focus(), Slot::Problems);
    for (label, secret) in [
        ("Wi-Fi password", "Wifi-Pass-2"),
        ("Local administrator password", "Local-Admin-Pass9"),
    ] {
        key(&mut app, KeyCode::Enter);
        assert_eq!(
            dialog(&app).as_deref(),
            Some("Password needed"),
            "{}",
            shot(&app)
        );
        assert!(shot(&app).contains(label), "{}", shot(&app));
        typ(&mut app, secret);
        key(&mut app, KeyCode::Enter);
        assert!(app.modal().is_none());
    }
    let text = shot(&app);
    assert!(text.contains("No problems found"), "{text}");
    assert!(
        !app.is_dirty(),
        "typed for this build only, not into the project"
    );

    // Create: the asked package password comes first, "Replace?" last.
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        dialog(&app).as_deref(),
        Some("Password needed"),
        "{}",
        shot(&app)
    );
    typ(&mut app, "Pkg-Pass-44");
    key(&mut app, KeyCode::Enter);
    assert!(
        shot(&app).contains("Replace the package?"),
        "{}",
        shot(&app)
    );
    key(&mut app, KeyCode::Char('y'));
    wait_for(&mut app, |a| matches!(a.modal(), Some(Modal::Built(_))));
    let builds = fake.builds.lock().unwrap();
    assert!(builds[0].overwrite);
    let mut built = builds[0].project.clone();
    let values: Vec<String> = built
        .secrets_mut()
        .into_iter()
        .map(|(_, s)| s.value().unwrap().expose().to_owned())
        .collect();
    assert_eq!(values, ["Wifi-Pass-2", "Local-Admin-Pass9", "Pkg-Pass-44"]);
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(!saved.contains("Wifi-Pass-2") && !saved.contains("Local-Admin-Pass9"));
}

// ----- 3. the Entra tenant is kept -----

#[test]
fn the_tenant_typed_before_a_token_survives_saving() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = entra_project(dir.path(), "Lab", "fabrikam.onmicrosoft.com");
    ctrl(&mut app, 's');
    assert!(app.modal().is_none(), "{}", shot(&app));
    let json = saved_json(&dir.path().join("Lab.json"));
    assert_eq!(
        json["accounts"]["join"]["tenant"],
        "fabrikam.onmicrosoft.com"
    );
    let (mut again, _) = app_open(&dir.path().join("Lab.json"), Theme::colored());
    alt(&mut again, '4');
    let text = shot(&again);
    assert!(text.contains("fabrikam.onmicrosoft.com"), "{text}");
    check("tenant_kept", &text);
}

// ----- 5. behind "too small" only quitting acts -----

#[test]
fn behind_the_too_small_screen_only_quitting_acts() {
    let dir = snap_dir("small");
    let (mut app, _) = app_new(&dir, Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    app.resize(60, 20);
    let before = (app.project().clone(), app.page(), app.focus());
    typ(&mut app, "xyz");
    for k in [
        KeyCode::PageDown,
        KeyCode::Tab,
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::F(2),
    ] {
        key(&mut app, k);
    }
    ctrl(&mut app, 'n');
    ctrl(&mut app, 's');
    app.handle_paste("pasted");
    assert_eq!((app.project().clone(), app.page(), app.focus()), before);
    assert!(app.modal().is_none());
    assert!(!dir.join("Lab.json").exists());

    // Ctrl+Q still asks about the unsaved changes, on the small screen itself.
    ctrl(&mut app, 'q');
    let text = screen(&app, 60, 20);
    assert!(text.contains("s save and quit"), "{text}");
    check("too_small_quit_question", &text);
    key(&mut app, KeyCode::Esc);
    assert!(app.modal().is_none() && !app.should_quit());

    app.resize(80, 24);
    typ(&mut app, "!");
    assert_eq!(app.project().name, "Lab!");
}

// ----- 6. bundles and our own WCD exports open from the start screen -----

fn small_project(dir: &Path) -> Project {
    std::fs::create_dir_all(dir.join("installers")).unwrap();
    std::fs::write(dir.join("installers/tool.msi"), b"MSI").unwrap();
    let mut p = Project::new("Kiosk");
    p.base_dir = dir.to_path_buf();
    p.device.name = "KIOSK-%RAND:4%".into();
    p.applications.push(Application {
        name: "Tool".into(),
        installer: "installers/tool.msi".into(),
        command_line: "msiexec /i \"tool.msi\" /qn".into(),
        continue_on_failure: false,
        restart_required: false,
        success_code: Some(0),
        restart_code: Some(3010),
        dependencies: Vec::new(),
    });
    p
}

#[test]
fn open_unpacks_a_bundle_beside_it() {
    let src = tempfile::tempdir().unwrap();
    let work = snap_dir("bundle");
    let p = small_project(src.path());
    ppkg_wizard::bundle::export(&p, "Kiosk.json", &work.join("kiosk.zip"), Overwrite::Refuse)
        .unwrap();
    let (mut app, _) = app_new(&work, Theme::colored());
    key(&mut app, KeyCode::Char('o'));
    let text = shot(&app);
    assert!(
        text.contains("kiosk.zip"),
        "the picker shows bundles:\n{text}"
    );
    check("open_shows_bundles", &text);
    typ(&mut app, "kio");
    key(&mut app, KeyCode::Enter);
    assert!(app.modal().is_none(), "{}", shot(&app));
    assert_eq!(app.project().name, "Kiosk");
    assert_eq!(app.project().applications[0].name, "Tool");
    assert!(work.join("kiosk").is_dir());
    assert!(shot(&app).contains("Unpacked"));

    // A second time the folder exists: said plainly, nothing overwritten.
    let (mut app, _) = app_new(&work, Theme::colored());
    key(&mut app, KeyCode::Char('o'));
    typ(&mut app, "kiosk.zip");
    key(&mut app, KeyCode::Enter);
    assert!(shot(&app).contains("already exists"), "{}", shot(&app));
}

#[test]
fn import_takes_our_own_wcd_export() {
    let src = tempfile::tempdir().unwrap();
    let p = small_project(src.path());
    let out = src.path().join("for-wcd");
    ppkg_wizard::exchange::export_wcd(
        &p,
        &out,
        &ppkg_wizard::exchange::WcdExportOptions {
            windows_dir: "C:\\ppkg\\for-wcd".into(),
            include_secrets: false,
            overwrite: Overwrite::Refuse,
        },
    )
    .unwrap();
    let (mut app, _) = app_new(src.path(), Theme::colored());
    key(&mut app, KeyCode::Char('i'));
    typ(&mut app, "for-wcd/customizations.xml");
    key(&mut app, KeyCode::Enter);
    assert!(app.modal().is_none(), "{}", shot(&app));
    assert_eq!(app.project().name, "Kiosk");
    assert_eq!(app.project().applications.len(), 1);
    alt(&mut app, '0');
    let text = shot(&app);
    assert!(!text.contains("cannot be read"), "{text}");
}

// ----- 7. removing asks first -----

#[test]
fn removing_an_application_or_certificate_asks_first() {
    let dir = snap_dir("remove");
    assets(&dir);
    let (mut app, _) = app_new(&dir, Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    alt(&mut app, '5');
    key(&mut app, KeyCode::Char('a'));
    typ(&mut app, "Firefox");
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.focus(), Slot::AppList);
    key(&mut app, KeyCode::Char('d'));
    let text = shot(&app);
    assert!(
        text.contains("Remove the application \"Firefox\""),
        "{text}"
    );
    check("remove_application_question", &text);
    key(&mut app, KeyCode::Char('n'));
    assert_eq!(app.project().applications.len(), 1);
    key(&mut app, KeyCode::Delete);
    key(&mut app, KeyCode::Enter); // "Keep" is selected first
    assert_eq!(app.project().applications.len(), 1);
    key(&mut app, KeyCode::Char('d'));
    key(&mut app, KeyCode::Char('y'));
    assert!(app.project().applications.is_empty());

    alt(&mut app, '6');
    key(&mut app, KeyCode::Char('a'));
    typ(&mut app, "Root");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('d'));
    assert!(shot(&app).contains("Remove the certificate \"Root\""));
    key(&mut app, KeyCode::Esc);
    assert_eq!(app.project().certificates.len(), 1);
}

// ----- 9. radio groups and going to a step -----

#[test]
fn arrows_change_a_radio_group_and_any_step_is_one_key_away() {
    let dir = snap_dir("steps");
    let (mut app, _) = app_new(&dir, Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    alt(&mut app, '4');
    assert_eq!(app.focus(), Slot::Join);
    key(&mut app, KeyCode::Up);
    assert_eq!(app.focus(), Slot::Join, "Up changes the choice");
    assert!(matches!(app.project().accounts.join, Join::EntraId { .. }));
    key(&mut app, KeyCode::Up);
    assert!(matches!(
        app.project().accounts.join,
        Join::ActiveDirectory { .. }
    ));
    key(&mut app, KeyCode::Down);
    assert!(matches!(app.project().accounts.join, Join::EntraId { .. }));
    key(&mut app, KeyCode::Down);
    assert!(matches!(app.project().accounts.join, Join::None));
    key(&mut app, KeyCode::Down);
    assert_ne!(
        app.focus(),
        Slot::Join,
        "past the last option: the next field"
    );

    ctrl(&mut app, 'g');
    check("go_to_step", &shot(&app));
    key(&mut app, KeyCode::Char('0'));
    assert_eq!(app.page(), Page::Summary);
    ctrl(&mut app, 'g');
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.page(), Page::Protect);
    alt(&mut app, '3');
    assert_eq!(app.page(), Page::Network);
}

// ----- 10. text that does not fit -----

#[test]
fn long_text_is_shortened_or_wrapped_never_cut_mid_word() {
    let dir = snap_dir("fit");
    let (mut app, _) = app_new(&dir, Theme::colored());
    key(&mut app, KeyCode::Enter);
    let long = "Building B science lab computers for the spring term of 2025 and beyond";
    typ(&mut app, long);
    let text = shot(&app);
    let title = text.lines().next().unwrap();
    assert!(title.contains("(unsaved changes)"), "{title}");
    assert!(title.ends_with("Step 1 of 10"), "{title}");
    assert!(title.contains('…'), "{title}");
    // Unfocused, the long name shows its beginning.
    tab(&mut app, 1);
    let text = shot(&app);
    assert!(text.contains("Building B science lab"), "{text}");
    check("long_name", &text);

    // One warning reads "1 warning"; problem lines wrap at words.
    alt(&mut app, '4');
    tab(&mut app, 1);
    key(&mut app, KeyCode::Char(' ')); // also a local administrator
    tab(&mut app, 1);
    typ(&mut app, "Support");
    alt(&mut app, '0');
    let text = shot(&app);
    assert!(!text.contains("1 warnings"), "{text}");
    for line in text.lines().filter(|l| l.contains("› ")) {
        let cell = line.split('│').nth(3).unwrap_or("").trim_end();
        let last = cell.split(' ').next_back().unwrap_or("");
        assert!(
            !last.is_empty() && cell.len() < 60,
            "a problem line runs to the border: {line}"
        );
    }
    // A wrapped warning's next lines start under its text, not under its "?".
    let cell = |l: &str| l.split('│').nth(3).unwrap_or("").to_owned();
    let lines: Vec<String> = text.lines().map(cell).collect();
    let warning = lines
        .iter()
        .position(|l| l.contains("? Device › Device name"))
        .unwrap_or_else(|| panic!("{text}"));
    let under = lines[warning].chars().take_while(|c| *c != '?').count() + 2;
    let next = &lines[warning + 1];
    assert_eq!(
        next.chars().take_while(|c| *c == ' ').count(),
        under,
        "{text}"
    );
}

// ----- 12. the save dialog -----

#[test]
fn typing_replaces_a_suggested_name_and_esc_cancels_the_whole_save() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = app_new(dir.path(), Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    alt(&mut app, '3');
    key(&mut app, KeyCode::Char(' ')); // Wi-Fi on
    tab(&mut app, 1);
    typ(&mut app, "School");
    tab(&mut app, 2);
    typ(&mut app, "Typed-WiFi-Pass1");
    alt(&mut app, '4');
    tab(&mut app, 1);
    key(&mut app, KeyCode::Char(' ')); // also a local administrator
    tab(&mut app, 1);
    typ(&mut app, "Support");
    tab(&mut app, 1);
    typ(&mut app, "AdminPass42");

    ctrl(&mut app, 's');
    key(&mut app, KeyCode::Down); // an environment variable
    typ(&mut app, "SCHOOL_WIFI");
    assert!(shot(&app).contains("SCHOOL_WIFI "), "{}", shot(&app));
    assert!(!shot(&app).contains("PPKG_WI_FI_PASSWORDSCHOOL"));
    key(&mut app, KeyCode::Down); // a file beside the project
    key(&mut app, KeyCode::Enter);
    assert!(dir.path().join("wi-fi-password.secret").exists());
    // The second secret: Esc cancels the whole save.
    key(&mut app, KeyCode::Esc);
    assert!(app.modal().is_none());
    assert!(!dir.path().join("Lab.json").exists());
    assert!(
        !dir.path().join("wi-fi-password.secret").exists(),
        "the file written for the cancelled save is removed"
    );
    assert!(app.is_dirty());
    // Saving again asks about the Wi-Fi password again.
    ctrl(&mut app, 's');
    assert!(shot(&app).contains("Where should the Wi-Fi password come from?"));
}

// ----- 13. the Summary says everything -----

#[test]
fn the_summary_shows_the_ou_advanced_settings_and_clear_text_secrets() {
    let dir = snap_dir("summary");
    let mut p = Project::new("Office");
    p.base_dir = dir.clone();
    p.device.name = "OFFICE-%SERIAL%".into();
    p.accounts.join = Join::ActiveDirectory {
        domain: "corp.example".into(),
        account: "CORP\\svc-join".into(),
        password: Secret::typed("Join-Pass-1".into(), SecretSource::Clear),
        ou: Some("OU=Kiosks,DC=corp,DC=example".into()),
    };
    p.advanced = vec![AdvancedSetting {
        path: "Policies/Browser/AllowCookies".parse().unwrap(),
        value: AdvancedValue::Value("0".into()),
    }];
    let file = save_project(&p, &dir);
    let (mut app, _) = app_open(&file, Theme::colored());
    alt(&mut app, '0');
    let text = screen(&app, 80, 30);
    assert!(text.contains("OU=Kiosks,DC=corp,DC=example"), "{text}");
    assert!(text.contains("join password in clear text"), "{text}");
    assert!(
        text.contains("1 setting kept from the WCD project"),
        "{text}"
    );
    check("summary_ou_advanced_clear_text", &text);
}

#[test]
fn an_empty_file_path_asks_for_a_file_and_the_ssid_rule_says_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = app_new(dir.path(), Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    alt(&mut app, '5');
    key(&mut app, KeyCode::Char('a'));
    typ(&mut app, "Tool");
    let text = shot(&app);
    assert!(text.contains("Choose a file."), "{text}");
    assert!(!text.contains("is a folder"), "{text}");

    alt(&mut app, '3');
    key(&mut app, KeyCode::Char(' ')); // Wi-Fi on
    tab(&mut app, 1);
    typ(&mut app, &"é".repeat(17));
    let text = shot(&app);
    assert!(
        text.contains("UTF-8") && text.contains("accented letter"),
        "{text}"
    );
    assert!(text.contains("it is 34"), "{text}");
}

/// Tabs until `slot` has the focus (fails after a page's worth of fields).
fn tab_to(app: &mut App, slot: Slot) {
    for _ in 0..40 {
        if app.focus() == slot {
            return;
        }
        tab(app, 1);
    }
    panic!("{slot:?} never got the focus:\n{}", shot(app));
}

// ----- 4. certificate-based MDM -----

/// `openssl x509 -fingerprint -sha1` of the fixture's certificate.
const PFX_THUMBPRINT: &str = "BAA79C4F63D62419A7535BD10DC0B1D8DAA72FC7";

fn pfx_fixture(dir: &Path) {
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate/client.pfx"),
        dir.join("client.pfx"),
    )
    .unwrap();
}

/// An office PC enrolling in on-premises MDM with the client certificate `client.pfx`.
fn mdm_project(dir: &Path, pfx_password: Secret, mdm_secret: Secret) -> PathBuf {
    pfx_fixture(dir);
    let mut p = Project::new("Office");
    p.base_dir = dir.to_path_buf();
    p.device.name = "OFFICE-%SERIAL%".into();
    p.certificates.push(Certificate {
        name: "MDM client".into(),
        path: "client.pfx".into(),
        kind: CertificateKind::Client {
            password: pfx_password,
            key_location: KeyLocation::TpmOnly,
            exportable: false,
        },
    });
    p.accounts.mdm = Some(MdmEnrollment {
        upn: "enroll@contoso.com".into(),
        auth: MdmAuth::Certificate,
        discovery_url: "https://mdm.contoso.com/Discovery.svc".into(),
        enrollment_url: String::new(),
        policy_url: String::new(),
        secret: mdm_secret,
    });
    save_project(&p, dir)
}

#[test]
fn a_pfx_password_is_checked_and_its_thumbprint_fills_certificate_mdm() {
    let dir = snap_dir("pfx");
    let file = mdm_project(&dir, Secret::ask(), Secret::ask());
    let (mut app, _) = app_open(&file, Theme::colored());
    alt(&mut app, '6');
    key(&mut app, KeyCode::Enter);
    assert!(
        !app.is_dirty(),
        "opening an item to look at it changes nothing"
    );
    tab_to(&mut app, Slot::CertPassword);
    typ(&mut app, "wrong");
    let text = shot(&app);
    assert!(
        text.contains("The password does not open this .pfx file"),
        "{text}"
    );
    assert_eq!(app.step_mark(Page::Certificates), StepMark::Errors);
    for _ in 0.."wrong".len() {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "FixturePfx1");
    assert!(!shot(&app).contains("does not open"), "{}", shot(&app));

    // The thumbprint is filled in from the .pfx at once, and shown in full.
    alt(&mut app, '4');
    let text = shot(&app);
    assert!(text.contains(PFX_THUMBPRINT), "{text}");
    let mdm = app.project().accounts.mdm.as_ref().unwrap();
    assert_eq!(mdm.secret.value().map(|v| v.expose()), Some(PFX_THUMBPRINT));
    assert!(
        app.problems().iter().all(|p| p.field != Field::MdmSecret),
        "{:?}",
        app.problems()
    );
    check("mdm_thumbprint_from_pfx", &text);
}

#[test]
fn a_thumbprint_of_zeros_is_refused() {
    let dir = snap_dir("zeros");
    let file = mdm_project(
        &dir,
        Secret::typed("FixturePfx1".into(), SecretSource::Clear),
        Secret::typed("0".repeat(40).as_str().into(), SecretSource::Clear),
    );
    let (mut app, _) = app_open(&file, Theme::colored());
    alt(&mut app, '0');
    let text = screen(&app, 80, 40);
    assert!(
        text.contains("MDM enrollment secret: This is not the"),
        "{text}"
    );
    assert!(
        text.contains(PFX_THUMBPRINT),
        "the right one is named:\n{text}"
    );
    assert_eq!(app.step_mark(Page::Accounts), StepMark::Errors);
}

// ----- 8. validation is the same everywhere -----

#[test]
fn problems_show_before_the_first_edit_and_warnings_are_told_from_errors() {
    let dir = snap_dir("validation");
    let (mut app, _) = app_new(&dir, Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    alt(&mut app, '2'); // a device without a name: a warning
    alt(&mut app, '4');
    tab(&mut app, 1);
    key(&mut app, KeyCode::Char(' ')); // a local administrator, no name yet: an error
    let text = shot(&app);
    assert!(
        text.contains("Enter a user name for the local administrator"),
        "{text}"
    );
    assert_eq!(app.step_mark(Page::Device), StepMark::Warnings);
    assert_eq!(app.step_mark(Page::Accounts), StepMark::Errors);
    let steps: Vec<&str> = text.lines().skip(2).take(4).collect();
    assert!(steps[1].starts_with("│? 2 Device"), "{steps:?}");
    assert!(steps[3].starts_with("│!>4 Accounts"), "{steps:?}");
    check("validation_marks", &text);

    // Entra ID: the default expiry (30 days) sets off no warning, no "expiry not recorded"
    // before a token exists, and an expiry past 180 days is wrong before any sign-in.
    key(&mut app, KeyCode::Char(' ')); // no administrator after all
    shift_tab(&mut app);
    key(&mut app, KeyCode::Up);
    assert!(matches!(app.project().accounts.join, Join::EntraId { .. }));
    let text = shot(&app);
    assert!(!text.contains("not recorded"), "{text}");
    assert!(
        text.contains("No bulk token yet; without one, Create asks you to"),
        "without a token Create could only ask for one:\n{text}"
    );
    assert_eq!(app.step_mark(Page::Accounts), StepMark::Warnings);
    assert!(
        app.problems().iter().all(|p| p.field != Field::EntraExpiry),
        "{:?}",
        app.problems()
    );
    tab_to(&mut app, Slot::EntraExpiry);
    for _ in 0..10 {
        key(&mut app, KeyCode::Backspace);
    }
    typ(&mut app, "2027-12-31");
    let text = shot(&app);
    assert!(text.contains("less than 180 days"), "{text}");
    assert_eq!(app.step_mark(Page::Accounts), StepMark::Errors);
}

// ----- 11. the file picker -----

#[test]
fn the_picker_filters_completes_and_takes_paths_from_the_project_folder() {
    let dir = snap_dir("picker");
    std::fs::create_dir_all(dir.join("installers")).unwrap();
    std::fs::write(dir.join("installers/tool.msi"), b"msi").unwrap();
    std::fs::write(dir.join("setup.exe"), b"exe").unwrap();
    std::fs::write(dir.join("readme.txt"), b"not an installer").unwrap();
    let (mut app, _) = app_new(&dir, Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    alt(&mut app, '5');
    key(&mut app, KeyCode::Char('a'));
    tab_to(&mut app, Slot::AppBrowse);
    key(&mut app, KeyCode::Enter);
    assert_eq!(dialog(&app).as_deref(), Some("Choose the installer"));
    let text = shot(&app);
    assert!(
        text.contains("setup.exe") && !text.contains("readme.txt"),
        "{text}"
    );

    // Letters typed in the list filter it and stay in the path; Tab completes.
    typ(&mut app, "inst");
    let text = shot(&app);
    assert!(text.contains("Path: inst"), "{text}");
    assert!(!text.contains("setup.exe"), "filtered out:\n{text}");
    key(&mut app, KeyCode::Tab);
    let text = shot(&app);
    assert!(text.contains("Path: installers/"), "{text}");
    assert!(text.contains("tool.msi"), "{text}");
    check("picker_completed", &text);
    typ(&mut app, "t");
    key(&mut app, KeyCode::Enter);
    assert!(app.modal().is_none(), "{}", shot(&app));
    assert_eq!(
        app.project().applications[0].installer,
        PathBuf::from("installers/tool.msi"),
        "kept relative to the project folder"
    );

    // A typed relative path starts at the project folder, wherever the list is.
    tab_to(&mut app, Slot::AppBrowse);
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Backspace); // the list goes to the parent folder
    typ(&mut app, "setup.exe");
    key(&mut app, KeyCode::Enter);
    assert!(app.modal().is_none(), "{}", shot(&app));
    assert_eq!(
        app.project().applications[0].installer,
        PathBuf::from("setup.exe")
    );
}

// ----- 12. the generated password -----

#[test]
fn a_generated_package_password_has_no_look_alike_characters() {
    let dir = snap_dir("generate");
    let (mut app, _) = app_new(&dir, Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    alt(&mut app, '9');
    key(&mut app, KeyCode::Char(' '));
    let mut seen = Vec::new();
    for _ in 0..20 {
        tab_to(&mut app, Slot::Generate);
        key(&mut app, KeyCode::Enter);
        let text = shot(&app);
        let line = text
            .lines()
            .find(|l| l.contains("Generated"))
            .unwrap_or_else(|| panic!("{text}"));
        let pw = line
            .split("Generated")
            .nth(1)
            .unwrap()
            .trim_matches(|c: char| c == ' ' || c == '│')
            .to_owned();
        assert!((8..=16).contains(&pw.len()), "{pw}");
        assert!(pw.chars().all(|c| c.is_ascii_alphanumeric()), "{pw}");
        assert!(!pw.contains(['0', 'O', 'o', '1', 'l', 'I']), "{pw}");
        let protect = app.project().protect.as_ref().unwrap();
        assert_eq!(protect.password.value().map(|v| v.expose()), Some(&*pw));
        seen.push(pw);
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 20, "each press gives a new password");
    // The snapshot never holds a password: the last one is starred out.
    let text = shot(&app);
    let last = seen.iter().find(|p| text.contains(p.as_str())).unwrap();
    let text = text.replace(last.as_str(), &"*".repeat(last.len()));
    check("generated_password", &text);
}

// ----- 14. join accounts and key locations -----

#[test]
fn a_upn_join_account_is_taken_and_help_says_what_tpm_only_needs() {
    let dir = snap_dir("upn");
    let (mut app, _) = app_new(&dir, Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Office");
    alt(&mut app, '4');
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    assert!(matches!(
        app.project().accounts.join,
        Join::ActiveDirectory { .. }
    ));
    tab_to(&mut app, Slot::AdDomain);
    typ(&mut app, "corp.local");
    tab_to(&mut app, Slot::AdAccount);
    typ(&mut app, "svc-join@corp.local");
    assert!(
        app.problems().iter().all(|p| p.field != Field::AdAccount),
        "{:?}",
        app.problems()
    );
    key(&mut app, KeyCode::F(1));
    let text = shot(&app);
    assert!(text.contains("user@domain"), "{text}");
    key(&mut app, KeyCode::Esc);

    alt(&mut app, '6');
    key(&mut app, KeyCode::Char('a'));
    tab_to(&mut app, Slot::CertKind);
    for _ in 0..3 {
        key(&mut app, KeyCode::Down);
    }
    tab_to(&mut app, Slot::CertKeyLocation);
    key(&mut app, KeyCode::F(1));
    let text = shot(&app);
    assert!(text.contains("without a TPM"), "{text}");
    check("tpm_only_help", &text);
}

// ----- 19. the build shows progress from the start -----

#[test]
fn the_build_dialog_shows_each_phase_from_the_first_file_read() {
    let dir = snap_dir("progress");
    common::write_incompressible(&dir.join("big.exe"), 24);
    let file = kiosk_with_installer(&dir, "Big", "big.exe");
    // The real services: what the dialog shows is what the real builder reports.
    let services = std::sync::Arc::new(ppkg_wizard::tui::worker::RealServices);
    let mut app = App::open(Theme::colored(), services, &file).unwrap();
    alt(&mut app, '0');
    tab_to(&mut app, Slot::Create);
    key(&mut app, KeyCode::Enter);

    // Drawn before the builder reports anything: it is reading the files.
    let text = shot(&app);
    assert!(
        text.contains("Reading the project and its files…"),
        "{text}"
    );
    assert!(
        text.lines().last().unwrap().contains("Esc cancel"),
        "{text}"
    );
    check("build_progress_first", &text);

    let mut messages = vec![];
    let mut last = 0.0f64;
    wait_for(&mut app, |a| match a.modal() {
        Some(Modal::Build(b)) => {
            assert!(
                b.progress.fraction >= last,
                "the bar never goes back: {last} then {:?}",
                b.progress
            );
            last = b.progress.fraction;
            if messages.last() != Some(&b.progress.message) {
                messages.push(b.progress.message.clone());
            }
            false
        }
        _ => true,
    });
    assert!(
        matches!(app.modal(), Some(Modal::Built(_))),
        "{}",
        shot(&app)
    );
    // The builder reports about every MiB it reads: the 24 MiB installer moves the bar
    // while it is read, not only once it is packed.
    let reading: Vec<&String> = messages
        .iter()
        .filter(|m| m.starts_with("Packing the files:") && m.ends_with("of 24 MiB"))
        .collect();
    assert!(reading.len() >= 3, "{messages:?}");
}
