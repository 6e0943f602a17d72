//! The wizard driven by keys alone, without a terminal: a complete school-lab project typed
//! page by page, saved (each typed secret sent to the source the user picks), created,
//! and opened again.

mod common;
#[path = "tui_support.rs"]
mod support;

use ppkg_wizard::project::{self, *};
use ppkg_wizard::tui::slot::Slot;
use ppkg_wizard::tui::theme::Theme;
use ppkg_wizard::tui::{App, Modal};
use ratatui::crossterm::event::KeyCode;
use std::path::PathBuf;
use support::*;

const WIFI: &str = "Typed-WiFi-Pass1";
const JOIN: &str = "JoinPass-Hidden9";
const ADMIN: &str = "AdminPass42";
const PKG: &str = "Lab2025Spring";

/// Types the whole project; leaves the App on the Summary page.
fn fill_school_lab(app: &mut App) {
    key(app, KeyCode::Enter); // Create a new project
    assert_eq!(app.page(), Page::Project);
    typ(app, "School Lab");
    tab(app, 2);
    typ(app, "Lab PCs in building B");
    key(app, KeyCode::PageDown);

    assert_eq!(app.focus(), Slot::DeviceName);
    typ(app, "LAB-%SERIAL%");
    tab(app, 2);
    key(app, KeyCode::Char(' ')); // shared use
    tab(app, 1);
    key(app, KeyCode::Char(' ')); // remove pre-installed software
    key(app, KeyCode::PageDown);

    key(app, KeyCode::Char(' ')); // Wi-Fi on
    tab(app, 1);
    typ(app, "School-WiFi");
    tab(app, 2); // WPA2-Personal is the default
    typ(app, WIFI);
    tab(app, 2);
    key(app, KeyCode::Char(' ')); // hidden network
    ctrl(app, 'n');

    assert_eq!(app.page(), Page::Accounts);
    key(app, KeyCode::Left);
    key(app, KeyCode::Left); // No directory join -> Active Directory
    tab(app, 1);
    typ(app, "school.local");
    tab(app, 1);
    typ(app, "SCHOOL\\svc-join");
    tab(app, 1);
    typ(app, JOIN);
    tab(app, 1);
    typ(app, "OU=Lab,DC=school,DC=local");
    tab(app, 1);
    key(app, KeyCode::Char(' ')); // also a local administrator
    tab(app, 1);
    typ(app, "LabAdmin");
    tab(app, 1);
    typ(app, ADMIN);
    key(app, KeyCode::PageDown);

    assert_eq!(app.focus(), Slot::AppList);
    key(app, KeyCode::Char('a'));
    typ(app, "Firefox");
    tab(app, 1);
    typ(app, "installers/firefox.msi");
    assert_eq!(
        app.project().applications[0].command_line,
        "msiexec /i \"firefox.msi\" /qn"
    );
    key(app, KeyCode::Esc); // back to the list
    key(app, KeyCode::Char('a'));
    tab(app, 2); // Browse
    key(app, KeyCode::Enter);
    assert!(matches!(app.modal(), Some(Modal::Picker { .. })));
    key(app, KeyCode::Char('i')); // jump to installers/
    key(app, KeyCode::Enter);
    key(app, KeyCode::Char('s')); // setup.ps1
    key(app, KeyCode::Enter);
    assert!(app.modal().is_none());
    let setup = &app.project().applications[1];
    assert_eq!(
        setup.installer,
        std::path::Path::new("installers/setup.ps1")
    );
    assert_eq!(setup.name, "setup");
    assert_eq!(
        setup.command_line,
        "PowerShell.exe -NoProfile -ExecutionPolicy Bypass -File .\\setup.ps1"
    );
    key(app, KeyCode::Esc);
    key(app, KeyCode::Char('-')); // setup first
    let names: Vec<_> = app
        .project()
        .applications
        .iter()
        .map(|a| a.name.clone())
        .collect();
    assert_eq!(names, ["setup", "Firefox"]);
    key(app, KeyCode::Char('+')); // and back
    key(app, KeyCode::PageDown);

    key(app, KeyCode::Char('a'));
    typ(app, "School Root");
    tab(app, 2);
    typ(app, "certs/root.cer");
    key(app, KeyCode::Esc);
    while app.page() != Page::Protect {
        key(app, KeyCode::PageDown);
    }

    key(app, KeyCode::Char(' ')); // protect
    tab(app, 1);
    typ(app, PKG);
    tab(app, 1);
    typ(app, PKG);
    key(app, KeyCode::PageDown);
    assert_eq!(app.page(), Page::Summary);
}

#[test]
fn a_school_lab_typed_saved_created_and_reopened() {
    let dir = tempfile::tempdir().unwrap();
    assets(dir.path());
    let (mut app, fake) = app_new_real_build(dir.path(), Theme::colored());
    fill_school_lab(&mut app);
    assert!(
        app.problems().is_empty(),
        "problems left: {:?}",
        app.problems()
    );
    assert_eq!(app.focus(), Slot::Create);

    // Save: one question per typed secret, in page order.
    ctrl(&mut app, 's');
    let label = |app: &App| match app.modal() {
        Some(Modal::Secret(d)) => d.label().to_owned(),
        _ => String::new(),
    };
    assert_eq!(label(&app), "Wi-Fi password");
    key(&mut app, KeyCode::Down); // environment variable (suggested name)
    key(&mut app, KeyCode::Enter);
    assert_eq!(label(&app), "Domain join password");
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down); // a file beside the project
    key(&mut app, KeyCode::Enter);
    assert_eq!(label(&app), "Local administrator password");
    key(&mut app, KeyCode::Enter); // ask at build time
    assert_eq!(label(&app), "Package password");
    key(&mut app, KeyCode::Up); // clear text, which needs a confirmation
    key(&mut app, KeyCode::Enter);
    assert_eq!(label(&app), "Package password");
    key(&mut app, KeyCode::Char('y'));
    assert!(app.modal().is_none());
    assert!(!app.is_dirty());

    let file = dir.path().join("School Lab.json");
    let json = std::fs::read_to_string(&file).unwrap();
    for s in [WIFI, JOIN, ADMIN] {
        assert!(
            !json.contains(s),
            "a secret chosen not to be saved is in the project"
        );
    }
    assert!(
        json.contains(PKG),
        "the explicitly chosen clear-text secret is saved"
    );
    let join_file = dir.path().join("domain-join-password.secret");
    assert_eq!(
        std::fs::read_to_string(&join_file).unwrap(),
        format!("{JOIN}\n")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&join_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // Create: the builder gets every secret's value and the project folder.
    key(&mut app, KeyCode::Enter);
    wait_for(&mut app, |a| matches!(a.modal(), Some(Modal::Built(_))));
    {
        let builds = fake.builds.lock().unwrap();
        let b = &builds[0];
        assert_eq!(b.out_dir, dir.path());
        assert!(!b.overwrite);
        b.project
            .to_customizations(SecretMode::Values)
            .expect("every secret resolved");
        let mut p = b.project.clone();
        let values: Vec<String> = p
            .secrets_mut()
            .into_iter()
            .map(|(_, s)| s.value().unwrap().expose().to_owned())
            .collect();
        assert_eq!(values, [WIFI, JOIN, ADMIN, PKG]);
    }
    let done = screen(&app, 80, 24);
    assert!(done.contains("Package created"), "{done}");
    assert!(done.contains("School Lab.ppkg"));
    key(&mut app, KeyCode::Enter);

    // The package is real: open it with the package password and find what was typed.
    let ppkg = dir.path().join("School Lab.ppkg");
    assert!(dir.path().join("School Lab.cat").is_file());
    let pw = ppkg_wizard::protect::PackagePassword::new_wcd(PKG).unwrap();
    let decrypt = ppkg_wizard::pipeline::decrypt_hook(pw);
    let seen = ppkg_wizard::package::inspect(&ppkg, Some(&*decrypt)).unwrap();
    assert!(seen.encrypted);
    assert_eq!(seen.name, "School Lab");
    let values: Vec<String> = seen
        .settings
        .iter()
        .map(|s| format!("{} [{:?}] = {:?}", s.path, s.key, s.value))
        .collect();
    let all = values.join("\n");
    for want in ["LAB-%SERIAL%", "School-WiFi", "school.local", "LabAdmin"] {
        assert!(
            all.contains(want),
            "{want} missing from the package:\n{all}"
        );
    }
    let cmds: Vec<_> = seen.commands.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(cmds, ["Firefox", "setup"]);

    // Open the saved project again: every value is there, secrets as references.
    let p = project::load(&file).unwrap();
    assert_eq!(p.name, "School Lab");
    assert_eq!(p.description, "Lab PCs in building B");
    assert_eq!(p.device.name, "LAB-%SERIAL%");
    assert!(p.device.shared_use && p.device.remove_preinstalled && !p.device.hide_oobe);
    let w = p.network.as_ref().unwrap();
    assert_eq!(w.ssid, "School-WiFi");
    assert_eq!(w.security, WifiSecurity::Wpa2Personal);
    assert!(w.hidden);
    assert_eq!(
        w.key.as_ref().unwrap().source,
        SecretSource::Env("PPKG_WI_FI_PASSWORD".into())
    );
    match &p.accounts.join {
        Join::ActiveDirectory {
            domain,
            account,
            password,
            ou,
        } => {
            assert_eq!(domain, "school.local");
            assert_eq!(account, "SCHOOL\\svc-join");
            assert_eq!(
                password.source,
                SecretSource::File("domain-join-password.secret".into())
            );
            assert_eq!(ou.as_deref(), Some("OU=Lab,DC=school,DC=local"));
        }
        other => panic!("{other:?}"),
    }
    let admin = p.accounts.local_admin.as_ref().unwrap();
    assert_eq!(admin.name, "LabAdmin");
    assert_eq!(admin.password.source, SecretSource::Ask);
    let apps: Vec<_> = p.applications.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(apps, ["Firefox", "setup"]);
    assert_eq!(p.certificates[0].name, "School Root");
    assert_eq!(p.certificates[0].kind, CertificateKind::Root);
    let pw = &p.protect.as_ref().unwrap().password;
    assert_eq!(pw.source, SecretSource::Clear);
    assert_eq!(pw.value().unwrap().expose(), PKG);

    // ... and in the wizard, which shows them on the pages.
    let (mut again, _) = app_open(&file, Theme::colored());
    assert_eq!(again.project(), &p_with_abs_base(p, &file));
    key(&mut again, KeyCode::PageDown);
    key(&mut again, KeyCode::PageDown);
    let net = screen(&again, 80, 24);
    assert!(net.contains("School-WiFi"));
    assert!(net.contains("environment variable PPKG_WI_FI_PASSWORD"));
}

fn p_with_abs_base(mut p: Project, file: &std::path::Path) -> Project {
    p.base_dir = std::path::absolute(file.parent().unwrap()).unwrap();
    p
}

#[test]
fn secrets_set_to_ask_are_asked_for_at_create() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::new("Kiosk");
    p.base_dir = dir.path().to_path_buf();
    p.device.name = "KIOSK-%RAND:4%".into();
    p.accounts.local_admin = Some(LocalAdmin {
        name: "Support".into(),
        password: Secret::ask(),
    });
    let file = save_project(&p, dir.path());
    let (mut app, fake) = app_open(&file, Theme::colored());
    while app.page() != Page::Summary {
        key(&mut app, KeyCode::PageDown);
    }
    assert_eq!(app.focus(), Slot::Create);
    key(&mut app, KeyCode::Enter);
    assert_eq!(dialog(&app).as_deref(), Some("Password needed"));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("Type the Local administrator password"));
    typ(&mut app, "Support-Pass-7");
    assert!(!screen(&app, 80, 24).contains("Support-Pass-7"));
    key(&mut app, KeyCode::Enter);
    wait_for(&mut app, |a| matches!(a.modal(), Some(Modal::Built(_))));
    let mut built = fake.builds.lock().unwrap()[0].project.clone();
    let (_, s) = built.secrets_mut().into_iter().next().unwrap();
    assert_eq!(s.value().unwrap().expose(), "Support-Pass-7");
    // The project file still asks; nothing was saved.
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("Support-Pass-7")
    );
}

#[test]
fn secrets_from_missing_sources_stop_create_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::new("Kiosk");
    p.base_dir = dir.path().to_path_buf();
    p.device.name = "KIOSK-%RAND:4%".into();
    p.accounts.local_admin = Some(LocalAdmin {
        name: "Support".into(),
        password: Secret::env("PPKG_WIZARD_TEST_SURELY_UNSET"),
    });
    let file = save_project(&p, dir.path());
    let (mut app, fake) = app_open(&file, Theme::colored());
    while app.page() != Page::Summary {
        key(&mut app, KeyCode::PageDown);
    }
    // The Summary already says so, before Create is tried.
    let text = screen(&app, 80, 24);
    assert!(text.contains("PPKG_WIZARD_TEST_SURELY_UNSET"), "{text}");
    assert!(text.contains("1 problem to fix"), "{text}");
    tab(&mut app, 1);
    assert_eq!(app.focus(), Slot::Create);
    key(&mut app, KeyCode::Enter);
    let text = screen(&app, 80, 24);
    assert!(text.contains("Not ready yet"), "{text}");
    assert!(fake.builds.lock().unwrap().is_empty());
}

#[test]
fn problems_on_the_summary_lead_to_their_field() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, fake) = app_new(dir.path(), Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    // Ask for a local administrator and leave its name empty.
    while app.page() != Page::Accounts {
        key(&mut app, KeyCode::PageDown);
    }
    for _ in 0..10 {
        if app.focus() == Slot::AdminOn {
            break;
        }
        tab(&mut app, 1);
    }
    assert_eq!(app.focus(), Slot::AdminOn);
    key(&mut app, KeyCode::Char(' '));
    while app.page() != Page::Summary {
        key(&mut app, KeyCode::PageDown);
    }
    // Create refuses and points at the problem list.
    tab(&mut app, 1);
    assert_eq!(app.focus(), Slot::Create);
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app, 80, 24).contains("must be fixed first"));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.focus(), Slot::Problems);
    // Errors are listed first; the first (the empty administrator name) leads to its
    // page and field.
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.page(), Page::Accounts);
    assert_eq!(app.focus(), Slot::AdminName);
    assert!(fake.builds.lock().unwrap().is_empty());
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = app_new(dir.path(), Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    key(&mut app, KeyCode::Esc);
    assert_eq!(dialog(&app).as_deref(), Some("Unsaved changes"));
    key(&mut app, KeyCode::Esc); // keep working
    assert!(app.modal().is_none() && !app.should_quit());
    ctrl(&mut app, 'q');
    key(&mut app, KeyCode::Char('s')); // save and quit
    assert!(app.should_quit());
    assert!(dir.path().join("Lab.json").exists());

    let (mut app, _) = app_new(dir.path(), Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Other");
    ctrl(&mut app, 'q');
    key(&mut app, KeyCode::Char('q')); // quit without saving
    assert!(app.should_quit());
    assert!(!dir.path().join("Other.json").exists());
}

#[test]
fn a_new_project_never_overwrites_another_project_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Lab.json"),
        "{\"schema\": 1, \"name\": \"Lab\"}",
    )
    .unwrap();
    let (mut app, _) = app_new(dir.path(), Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    ctrl(&mut app, 's');
    assert!(screen(&app, 80, 24).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Lab.json")).unwrap(),
        "{\"schema\": 1, \"name\": \"Lab\"}"
    );
}

#[test]
fn a_wcd_project_is_imported_from_the_start_screen() {
    let samples =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples/epower-v1.11");
    if !samples.is_dir() {
        eprintln!("skipping: WCD samples not present");
        return;
    }
    // A copy of the WCD project with the scripts it names, as a technician would have it.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        samples.join("customizations.xml"),
        dir.path().join("customizations.xml"),
    )
    .unwrap();
    for f in [
        "Disable-WindowsUpdate.ps1",
        "Set-Autopilot-reset.ps1",
        "Set-Autopilot.ps1",
        "Set-UserOOBE.ps1",
        "blank-desktop.png",
    ] {
        std::fs::write(dir.path().join(f), b"Write-Host ok").unwrap();
    }
    let (mut app, _) = app_new(dir.path(), Theme::colored());
    key(&mut app, KeyCode::Char('i'));
    assert!(matches!(app.modal(), Some(Modal::Picker { .. })));
    typ(&mut app, "customizations.xml"); // typing goes to the path
    key(&mut app, KeyCode::Enter);
    assert!(app.modal().is_none(), "{}", screen(&app, 80, 24));
    assert_eq!(app.page(), Page::Project);
    assert_eq!(app.project().name, "e-power Autopilot enrollment");
    assert!(app.is_dirty());
    assert!(screen(&app, 80, 24).contains("Imported"));
}

/// A project whose one application is a large installer, saved in `dir`.
fn kiosk_with_big_installer(dir: &std::path::Path) -> PathBuf {
    common::write_incompressible(&dir.join("big.exe"), 64);
    kiosk_with_installer(dir, "Big", "big.exe")
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Creates, waits until the real builder is packing the installer, and presses Esc.
fn create_then_esc_while_packing(app: &mut App) {
    wait_for(app, |a| match a.modal() {
        Some(Modal::Build(b)) => b.progress.message.starts_with("Packing"),
        _ => false,
    });
    assert!(app.busy());
    key(app, KeyCode::Esc);
    assert!(screen(app, 80, 24).contains("Cancelling…"));
    wait_for(app, |a| !a.busy());
}

#[test]
fn esc_during_create_cancels_the_build_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = kiosk_with_big_installer(dir.path());
    let before = files_in(dir.path());
    let (mut app, _) = app_open_real_build(&file, Theme::colored());
    while app.page() != Page::Summary {
        key(&mut app, KeyCode::PageDown);
    }
    assert_eq!(app.focus(), Slot::Create);
    key(&mut app, KeyCode::Enter);
    create_then_esc_while_packing(&mut app);

    assert!(app.modal().is_none(), "back on the page, no dialog");
    assert_eq!(app.page(), Page::Summary);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains(ppkg_wizard::tui::CANCELLED), "{shown}");
    assert_eq!(files_in(dir.path()), before, "the build left files behind");
    assert!(!app.should_quit());
}

#[test]
fn esc_during_a_replacing_create_keeps_the_old_package() {
    let dir = tempfile::tempdir().unwrap();
    let file = kiosk_with_big_installer(dir.path());
    std::fs::write(dir.path().join("Kiosk.ppkg"), b"the old package").unwrap();
    std::fs::write(dir.path().join("Kiosk.cat"), b"the old catalog").unwrap();
    let before = files_in(dir.path());
    let (mut app, _) = app_open_real_build(&file, Theme::colored());
    while app.page() != Page::Summary {
        key(&mut app, KeyCode::PageDown);
    }
    key(&mut app, KeyCode::Enter);
    assert!(screen(&app, 80, 24).contains("Replace the package?"));
    key(&mut app, KeyCode::Char('y'));
    create_then_esc_while_packing(&mut app);

    assert!(screen(&app, 80, 24).contains(ppkg_wizard::tui::CANCELLED));
    assert_eq!(files_in(dir.path()), before);
    assert_eq!(
        std::fs::read(dir.path().join("Kiosk.ppkg")).unwrap(),
        b"the old package"
    );
    assert_eq!(
        std::fs::read(dir.path().join("Kiosk.cat")).unwrap(),
        b"the old catalog"
    );
}

/// The Applications and Certificates lists are one component: the same keys add, leave,
/// reorder and remove items, a nameless item is listed with a problem mark, and a problem
/// opens its item on its field.
#[test]
fn both_lists_add_reorder_remove_and_open_problems_alike() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = app_new(dir.path(), Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    type Names = fn(&Project) -> Vec<String>;
    let apps: Names = |p| p.applications.iter().map(|a| a.name.clone()).collect();
    let certs: Names = |p| p.certificates.iter().map(|c| c.name.clone()).collect();
    for (page, list, names, field, slot, heading) in [
        (
            Page::Applications,
            Slot::AppList,
            apps,
            Field::AppInstaller(1),
            Slot::AppInstaller,
            "Application 2 of 2",
        ),
        (
            Page::Certificates,
            Slot::CertList,
            certs,
            Field::CertPath(1),
            Slot::CertPath,
            "Certificate 2 of 2",
        ),
    ] {
        while app.page() != page {
            key(&mut app, KeyCode::PageDown);
        }
        assert_eq!(app.focus(), list);
        for name in ["one", "two"] {
            key(&mut app, KeyCode::Char('a'));
            typ(&mut app, name);
            key(&mut app, KeyCode::Esc); // back to the list, the item selected
            assert_eq!(app.focus(), list);
        }
        assert_eq!(names(app.project()), ["one", "two"]);
        key(&mut app, KeyCode::Char('-'));
        assert_eq!(names(app.project()), ["two", "one"]);
        key(&mut app, KeyCode::Char('d')); // asks before removing the moved item
        assert_eq!(names(app.project()), ["two", "one"]);
        key(&mut app, KeyCode::Char('y'));
        assert_eq!(names(app.project()), ["one"]);
        key(&mut app, KeyCode::Char('a'));
        key(&mut app, KeyCode::Esc);
        assert!(screen(&app, 80, 24).contains("! 2. (no name)"));
        app.jump(field);
        assert_eq!(app.focus(), slot);
        assert!(screen(&app, 80, 24).contains(heading));
        key(&mut app, KeyCode::Esc);
        assert_eq!(app.focus(), list);
    }
}

/// What the builder notices on the way (here: a killed build's partial file, removed)
/// reaches the user in the "Package created" dialog, not only on the command line.
#[test]
fn create_reports_the_builders_notices() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("small.exe"), b"MZ small installer").unwrap();
    let file = kiosk_with_installer(dir.path(), "Small", "small.exe");
    let stale = dir.path().join(".Kiosk.ppkg.k1LLed.partial");
    std::fs::write(&stale, b"half a package").unwrap();
    let (mut app, _) = app_open_real_build(&file, Theme::colored());
    while app.page() != Page::Summary {
        key(&mut app, KeyCode::PageDown);
    }
    assert_eq!(app.focus(), Slot::Create);
    key(&mut app, KeyCode::Enter);
    wait_for(&mut app, |a| !a.busy());
    let shown = screen(&app, 100, 40);
    assert!(shown.contains("Package created"), "{shown}");
    assert!(shown.contains("Note: removed"), "{shown}");
    assert!(shown.contains("interrupted build"), "{shown}");
    assert!(!stale.exists());
    assert!(dir.path().join("Kiosk.ppkg").exists());
}

/// The certificate file's example follows the chosen kind: a client certificate is a .pfx.
#[test]
fn certificate_path_example_follows_the_kind() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = app_new(dir.path(), Theme::colored());
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Lab");
    while app.page() != Page::Certificates {
        key(&mut app, KeyCode::PageDown);
    }
    key(&mut app, KeyCode::Char('a'));
    typ(&mut app, "MDM client");
    assert!(screen(&app, 80, 24).contains("e.g. certs/root.cer"));
    while app.focus() != Slot::CertKind {
        key(&mut app, KeyCode::Tab);
    }
    for _ in 0..3 {
        key(&mut app, KeyCode::Down);
    }
    assert!(matches!(
        app.project().certificates[0].kind,
        ppkg_wizard::project::CertificateKind::Client { .. }
    ));
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("e.g. certs/client.pfx"), "{shown}");
    assert!(!shown.contains("e.g. certs/root.cer"), "{shown}");
}
