//! Kiosk projects through the real binary: the shipped example and a desktop-app kiosk
//! build (checked by wimlib), compile to the assigned-access / Shell Launcher settings the
//! catalog gives, and `inspect` says what the device will do; WCD's own kiosk packages
//! import into the kiosk fields; a wrong kiosk is refused with a sentence.

mod common;

use common::cli::{bin, ok, only_ppkg};

use std::path::{Path, PathBuf};

fn corpus(id: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/corpus")
        .join(id)
        .join("package.ppkg")
}

fn build(project: &Path, out: &Path) -> PathBuf {
    ok(&bin()
        .arg("build")
        .arg(project)
        .arg("-o")
        .arg(out)
        .arg("-q")
        .output()
        .unwrap());
    let pkg = only_ppkg(out);
    if common::tool_available("wimlib-imagex") {
        common::wimlib_verify(&pkg).unwrap_or_else(|e| panic!("{e}"));
    }
    pkg
}

/// The package's provxml files, by name without the `<n>__` prefix, from our own reader.
fn provxml(pkg: &Path) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    ok(&bin()
        .arg("inspect")
        .arg(pkg)
        .arg("--extract")
        .arg(dir.path())
        .output()
        .unwrap());
    let runtime = dir.path().join("Multivariant/0/Prov/RunTime");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&runtime)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let name = name.split_once("__").map(|(_, n)| n.to_owned()).unwrap();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn file<'a>(files: &'a [(String, String)], name: &str) -> &'a str {
    files
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("{name} not among {:?}", files.iter().map(|f| &f.0)))
}

#[test]
fn the_store_app_example_builds_and_inspect_describes_the_kiosk() {
    let out = tempfile::tempdir().unwrap();
    let pkg = build(&common::examples_dir().join("kiosk-app.json"), out.path());
    let files = provxml(&pkg);
    // The groups WCD's kiosk package (iialab-lab06) has, with its parms (the newest WCD
    // adds a SettingsPath attribute before each name).
    let aa = file(&files, "AssignedAccess_AssignedAccessSettings.provxml");
    assert!(aa.contains(
        r#"name="KioskModeApp" value="{&quot;Account&quot;:&quot;checkin&quot;, &quot;AUMID&quot;:&quot;Microsoft.WindowsCalculator_8wekyb3d8bbwe!App&quot;}" datatype="string" />"#
    ), "{aa}");
    let user = file(&files, "Accounts_Users_checkin.provxml");
    assert!(user.contains(r#"name="LocalUserGroup" value="1" datatype="integer" />"#));
    assert!(user.contains(r#"name="Password" value="Kiosk-User-Example-1""#));
    let logon = file(&files, "SMISettings_AutoLogon.provxml");
    for parm in [
        r#"name="DomainName" value="" datatype="string" />"#,
        r#"name="Enable" value="1" datatype="string" />"#,
        r#"name="UserName" value="checkin" datatype="string" />"#,
    ] {
        assert!(logon.contains(parm), "{parm} in {logon}");
    }
    assert!(!files.iter().any(|(n, _)| n.contains("ShellLauncher")));

    let v = common::cli::inspect_json(&pkg, &[]);
    assert_eq!(v["kiosk"]["account"], "checkin");
    assert_eq!(v["kiosk"]["app_kind"], "Store app");
    assert_eq!(
        v["kiosk"]["app"],
        "Microsoft.WindowsCalculator_8wekyb3d8bbwe!App"
    );
    assert_eq!(v["kiosk"]["auto_sign_in"], true);
    let text = ok(&bin().arg("inspect").arg(&pkg).output().unwrap());
    assert!(text.contains(
        "Kiosk: the account checkin runs only the Store app Microsoft.WindowsCalculator_8wekyb3d8bbwe!App (assigned access); the account signs in automatically at every start"
    ), "{text}");
    assert!(!v.to_string().contains("Kiosk-User-Example-1"));
}

#[test]
fn a_desktop_app_kiosk_uses_shell_launcher() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pw.txt"), "Desk-Kiosk-1\n").unwrap();
    let project = dir.path().join("desk.json");
    std::fs::write(
        &project,
        r#"{"schema": 1, "name": "Signage", "package": {"id": "0b8f1a52-3d4e-4b7a-9a55-0d2f5f3c1e70"},
            "kiosk": {"account": "sign", "auto_sign_in": false, "password": {"file": "pw.txt"},
                      "app": {"type": "desktop", "path": "C:\\Signage\\player.exe"}}}"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    let pkg = build(&project, &out);
    let files = provxml(&pkg);
    let shell = file(&files, "SMISettings_ShellLauncher.provxml");
    assert!(
        shell.contains(r#"value="C:\Signage\player.exe""#),
        "{shell}"
    );
    assert!(shell.contains(r#"<characteristic type="sign">"#), "{shell}");
    assert!(!files.iter().any(|(n, _)| n.contains("AutoLogon")));
    assert!(!files.iter().any(|(n, _)| n.contains("AssignedAccess")));
    let v = common::cli::inspect_json(&pkg, &[]);
    assert_eq!(v["kiosk"]["app_kind"], "desktop app");
    assert_eq!(v["kiosk"]["app"], "C:\\Signage\\player.exe");
    assert_eq!(v["kiosk"]["auto_sign_in"], false);
}

#[test]
fn wcd_kiosk_packages_import_into_the_kiosk_fields() {
    for (id, created, others) in [
        ("iialab-lab06-5ef2802f", true, 2),
        // An existing account and a Shell Launcher shell WCD did not compile: that
        // setting stays an advanced one.
        ("iialab-lab06-e08f427e", false, 3),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let x = dir.path().join("x");
        ok(&bin()
            .arg("inspect")
            .arg(corpus(id))
            .arg("--extract")
            .arg(&x)
            .output()
            .unwrap());
        let project = dir.path().join("p.json");
        ok(&bin()
            .arg("import")
            .arg(x.join("Multivariant/0/customizations.xml"))
            .arg("-o")
            .arg(&project)
            .args(["--secrets", "file"])
            .output()
            .unwrap());
        let p: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&project).unwrap()).unwrap();
        let k = &p["kiosk"];
        assert_eq!(k["account"], "Kiosk", "{id}: {p}");
        assert_eq!(k["app"]["type"], "store", "{id}");
        assert!(k["app"]["aumid"].as_str().unwrap().ends_with("!App"));
        assert_eq!(k.get("create_account").is_none(), created, "{id}: {k}");
        assert_eq!(k.get("auto_sign_in"), None, "{id}: signs in automatically");
        assert_eq!(p["advanced"].as_array().unwrap().len(), others, "{id}: {p}");
        // The password is moved out of the project like every imported secret.
        assert!(!p.to_string().contains("RedactedPassword00"));
        let out = dir.path().join("out");
        let pkg = build(&project, &out);
        assert!(
            common::cli::inspect_json(&pkg, &[])["kiosk"]["auto_sign_in"] == true,
            "{id}"
        );

        // The wizard shows the imported kiosk on its page.
        let (mut app, _) = support::app_open(&project, ppkg_wizard::tui::theme::Theme::plain());
        app.handle_key(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char('7'),
            ratatui::crossterm::event::KeyModifiers::ALT,
        ));
        let page = support::screen(&app, 80, 24);
        assert!(page.contains("[x] Make these devices kiosks"), "{page}");
        assert!(page.contains("Kiosk account       Kiosk"), "{page}");
        let create = if created { "[x]" } else { "[ ]" };
        assert!(
            page.contains(&format!("{create} Create it as a local standard user")),
            "{page}"
        );
        let aumid = k["app"]["aumid"].as_str().unwrap();
        assert!(page.contains(&aumid[..20]), "{page}");
    }
}

#[test]
fn a_wrong_kiosk_is_refused_with_a_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("bad.json");
    std::fs::write(
        &project,
        r#"{"schema": 1, "name": "Bad", "package": {"id": "0b8f1a52-3d4e-4b7a-9a55-0d2f5f3c1e71"},
            "kiosk": {"account": "kiosk", "app": {"type": "store", "aumid": "calc.exe"}}}"#,
    )
    .unwrap();
    let o = bin().arg("check").arg(&project).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("Creating the kiosk account needs a password."),
        "{err}"
    );
    assert!(err.contains("\"calc.exe\" is not an AUMID"), "{err}");
}

#[path = "tui_support.rs"]
mod support;

mod wizard {
    use super::support::{self, key, typ};
    use ppkg_wizard::project::{KioskApp, Page, Project, SecretSource};
    use ppkg_wizard::tui::App;
    use ppkg_wizard::tui::slot::Slot;
    use ppkg_wizard::tui::theme::Theme;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use std::path::{Path, PathBuf};

    /// A stable folder, so paths in the snapshots do not change between runs.
    fn snap_dir() -> PathBuf {
        let d = PathBuf::from("/tmp/ppkg-wizard-snap-kiosk");
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn open_kiosk(dir: &Path) -> (App, PathBuf) {
        let mut p = Project::new("Lobby");
        p.base_dir = dir.to_path_buf();
        p.package.id = uuid::Uuid::from_u128(0x4321);
        p.device.name = "LOBBY-%RAND:4%".into();
        let file = support::save_project(&p, dir);
        let (mut app, _) = support::app_open(&file, Theme::plain());
        app.handle_key(KeyEvent::new(KeyCode::Char('7'), KeyModifiers::ALT));
        assert_eq!(app.page(), Page::Kiosk);
        (app, file)
    }

    fn save(app: &mut App, file: &Path) -> Project {
        support::ctrl(app, 's');
        for _ in 0..5 {
            if support::dialog(app).is_none() {
                break;
            }
            key(app, KeyCode::Enter); // ask again when building: nothing saved
        }
        ppkg_wizard::project::load(file).unwrap()
    }

    fn shot(app: &App) -> String {
        support::screen(app, 80, 24)
    }

    #[test]
    fn the_kiosk_page_typed_saved_and_switched_to_a_desktop_app() {
        let dir = snap_dir();
        let (mut app, file) = open_kiosk(&dir);
        insta::assert_snapshot!("kiosk_off", shot(&app));

        key(&mut app, KeyCode::Char(' '));
        assert!(app.project().kiosk.is_some());
        // F1 on the switch says what the device will do and how to get out.
        key(&mut app, KeyCode::F(1));
        let help = shot(&app);
        assert!(help.contains("Ctrl+Alt+Del"), "{help}");
        insta::assert_snapshot!("kiosk_help", help);
        key(&mut app, KeyCode::Esc);

        support::tab(&mut app, 1);
        assert_eq!(app.focus(), Slot::KioskAccount);
        typ(&mut app, "checkin");
        support::tab(&mut app, 2);
        assert_eq!(app.focus(), Slot::KioskPassword);
        typ(&mut app, "Kiosk-Pass-1");
        support::tab(&mut app, 3);
        assert_eq!(app.focus(), Slot::KioskAumid);
        typ(&mut app, "calc.exe");
        let bad = shot(&app);
        assert!(bad.contains("is not an AUMID"), "{bad}");
        assert!(!bad.contains("Kiosk-Pass-1"));
        insta::assert_snapshot!("kiosk_bad_aumid", bad);
        for _ in 0.."calc.exe".len() {
            key(&mut app, KeyCode::Backspace);
        }
        typ(&mut app, "Microsoft.WindowsCalculator_8wekyb3d8bbwe!App");
        let good = shot(&app);
        assert!(!good.contains("is not an AUMID"), "{good}");
        insta::assert_snapshot!("kiosk_store", good);

        let p = save(&mut app, &file);
        let k = p.kiosk.as_ref().unwrap();
        assert_eq!(k.account, "checkin");
        assert!(k.create_account && k.auto_sign_in);
        assert_eq!(
            k.app,
            KioskApp::Store {
                aumid: "Microsoft.WindowsCalculator_8wekyb3d8bbwe!App".into()
            }
        );
        assert_eq!(k.password.as_ref().unwrap().source, SecretSource::Ask);
        assert!(
            !std::fs::read_to_string(&file)
                .unwrap()
                .contains("Kiosk-Pass-1")
        );
        // What the wizard would build: assigned access and automatic sign-in with the
        // typed password.
        let doc = app
            .project()
            .to_customizations(ppkg_wizard::project::SecretMode::Values)
            .unwrap();
        let c = doc.common().unwrap();
        assert_eq!(
            c.text_at("AssignedAccess/AssignedAccessSettings"),
            Some(
                r#"{"Account":"checkin", "AUMID":"Microsoft.WindowsCalculator_8wekyb3d8bbwe!App"}"#
            )
        );
        assert_eq!(
            c.text_at("SMISettings/AutoLogon/Password"),
            Some("Kiosk-Pass-1")
        );

        // A desktop app instead: the path field replaces the AUMID.
        support::shift_tab(&mut app);
        assert_eq!(app.focus(), Slot::KioskAppKind);
        key(&mut app, KeyCode::Down);
        support::tab(&mut app, 1);
        assert_eq!(app.focus(), Slot::KioskPath);
        typ(&mut app, "C:\\Signage\\player.exe");
        insta::assert_snapshot!("kiosk_desktop", shot(&app));
        let p = save(&mut app, &file);
        assert_eq!(
            p.kiosk.as_ref().unwrap().app,
            KioskApp::Desktop {
                path: "C:\\Signage\\player.exe".into()
            }
        );

        // The Advanced page lists what the kiosk writes; Enter on a line goes to the page.
        app.handle_key(KeyEvent::new(KeyCode::Char('8'), KeyModifiers::ALT));
        let adv = shot(&app);
        for line in [
            "Accounts/Users/User[UserName=checkin]/Password =",
            "(secret) (Kiosk page)",
            "SMISettings/AutoLogon/Enable = ENABLE (Kiosk page)",
        ] {
            assert!(adv.contains(line), "{line} in\n{adv}");
        }
        assert!(!adv.contains("Kiosk-Pass-1"));
        while app.focus() != Slot::AdvSet {
            support::tab(&mut app, 1);
        }
        key(&mut app, KeyCode::Down); // past the Device page's name, the kiosk's first
        key(&mut app, KeyCode::Enter);
        assert_eq!(app.page(), Page::Kiosk);
        assert_eq!(app.focus(), Slot::KioskAccount);

        // The Summary lists the kiosk.
        app.handle_key(KeyEvent::new(KeyCode::Char('0'), KeyModifiers::ALT));
        let summary = shot(&app);
        assert!(
            summary.contains("checkin (created) runs the desktop"),
            "{summary}"
        );
        assert!(summary.contains("page 9 (Protect)"), "{summary}");

        // Off again: the project has no kiosk.
        app.handle_key(KeyEvent::new(KeyCode::Char('7'), KeyModifiers::ALT));
        while app.focus() != Slot::KioskOn {
            support::shift_tab(&mut app);
        }
        key(&mut app, KeyCode::Char(' '));
        assert!(save(&mut app, &file).kiosk.is_none());
    }
}
