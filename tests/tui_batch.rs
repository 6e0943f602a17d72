//! "Create one package per row of a CSV…" on the wizard's Summary, driven by keys: the
//! rows file is chosen with the wizard's file picker, the preview shows each row's key,
//! the columns it sets and the device name it gives, rows with problems by line and
//! column; Create builds every row with the shared batch builder, and each package
//! inspects with its own row's values. Snapshots at 80×24.

mod common;
#[path = "tui_support.rs"]
mod support;
#[path = "common/tmux.rs"]
mod tmux;

use ppkg_wizard::project::{Join, LocalAdmin, Project, Secret};
use ppkg_wizard::tui::App;
use ppkg_wizard::tui::slot::Slot;
use ppkg_wizard::tui::theme::Theme;
use ppkg_wizard::tui::worker::{
    BatchDone, BatchProgress, BatchRequest, BuildRequest, Built, CancelFlag, Progress, Services,
    TokenEvent, TokenFailed, TokenRequest, TokenResult,
};
use ratatui::crossterm::event::KeyCode;
use std::path::{Path, PathBuf};
use support::*;

/// A fixed folder per test, so paths in snapshots do not change between runs.
fn snap_dir(name: &str) -> PathBuf {
    let d = PathBuf::from("/tmp/ppkg-wizard-tui-batch").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("secrets")).unwrap();
    d
}

/// Lobby PCs joined to Active Directory (its password in a file) with a local
/// administrator whose password is typed in the wizard, asked at build time.
fn lobby(dir: &Path) -> PathBuf {
    std::fs::write(dir.join("secrets/join.secret"), "Join-Pass-1\n").unwrap();
    std::fs::write(dir.join("secrets/north.key"), "north-wifi-key\n").unwrap();
    std::fs::write(dir.join("secrets/south.key"), "south-wifi-key\n").unwrap();
    let mut p = Project::new("Lobby");
    p.base_dir = dir.to_path_buf();
    p.device.name = "LOBBY-%RAND:4%".into();
    p.accounts.join = Join::ActiveDirectory {
        domain: "corp.example.org".into(),
        account: "CORP\\svc-join".into(),
        password: Secret::file("secrets/join.secret"),
        ou: Some("OU=Devices,DC=corp,DC=example,DC=org".into()),
    };
    p.accounts.local_admin = Some(LocalAdmin {
        name: "lobbyadmin".into(),
        password: Secret::ask(),
    });
    p.ensure_package_id();
    save_project(&p, dir)
}

const SITES: &str = "\
key,name,device.name,network.ssid,network.key,accounts.join.ou
north,Lobby North,NORTH-%SERIAL%,NorthNet,file:secrets/north.key,\"OU=North,DC=corp,DC=example,DC=org\"
south,Lobby South,SOUTH-%SERIAL%,SouthNet,file:secrets/south.key,\"OU=South,DC=corp,DC=example,DC=org\"
east,Lobby East,EAST-%RAND:4%,EastNet,file:secrets/north.key,\"OU=East,DC=corp,DC=example,DC=org\"
";

fn shot(app: &App) -> String {
    let text = screen(app, 80, 24);
    for secret in [
        "Join-Pass-1",
        "north-wifi-key",
        "south-wifi-key",
        "Admin-Typed-9",
        "Clear-Wifi-Key-7",
    ] {
        assert!(!text.contains(secret), "a secret is on screen:\n{text}");
    }
    text
}

/// The Summary with "Create one package per row of a CSV…" focused.
fn on_batch_button(app: &mut App) {
    ctrl(app, 'g');
    key(app, KeyCode::Char('s'));
    for _ in 0..10 {
        if app.focus() == Slot::Batch {
            return;
        }
        tab(app, 1);
    }
    panic!("no batch button:\n{}", shot(app));
}

/// Presses the batch button, types the admin password when asked, and picks `csv`.
fn open_rows(app: &mut App, csv: &str) {
    on_batch_button(app);
    key(app, KeyCode::Enter);
    if dialog(app).as_deref() == Some("Password needed") {
        let asked = shot(app);
        assert!(asked.contains("Local administrator password"), "{asked}");
        typ(app, "Admin-Typed-9");
        key(app, KeyCode::Enter);
    }
    assert_eq!(
        dialog(app).as_deref(),
        Some("Rows for the packages: choose a CSV file"),
        "{}",
        shot(app)
    );
    typ(app, csv);
    key(app, KeyCode::Enter);
    assert_eq!(
        dialog(app).as_deref(),
        Some("One package per row"),
        "{}",
        shot(app)
    );
    wait_for(app, |a| !shot(a).contains("Checking every row"));
}

fn packages_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ppkg") || n.ends_with(".cat"))
        .collect();
    v.sort();
    v
}

#[test]
fn three_sites_preview_then_build_one_package_each_with_its_row_values() {
    let dir = snap_dir("sites");
    let project = lobby(&dir);
    std::fs::write(dir.join("sites.csv"), SITES).unwrap();
    let (mut app, _) = app_open(&project, Theme::colored());
    open_rows(&mut app, "sites.csv");

    let preview = shot(&app);
    for want in [
        "3 rows, key column \"key\"",
        "Every row is ready: Create builds 3 packages",
        "north",
        "NORTH-Z12345678",
        "EAST-3074",
        "network.ssid=SouthNet",
        "network.key=file:secrets/south.key",
        "[ Create 3 packages ]",
    ] {
        assert!(preview.contains(want), "{want:?} missing:\n{preview}");
    }
    insta::assert_snapshot!("batch_preview_sites", preview);
    assert!(packages_in(&dir).is_empty(), "the preview writes nothing");

    key(&mut app, KeyCode::Char('c'));
    wait_for(&mut app, |a| shot(a).contains("Enter or Esc closes"));
    let done = shot(&app);
    assert!(done.contains("Built 3 of 3 packages into"), "{done}");
    insta::assert_snapshot!("batch_done_sites", done);
    assert_eq!(
        packages_in(&dir),
        [
            "Lobby East.cat",
            "Lobby East.ppkg",
            "Lobby North.cat",
            "Lobby North.ppkg",
            "Lobby South.cat",
            "Lobby South.ppkg"
        ]
    );

    let base = app.project().package.id;
    for (key, name, device, ssid, ou) in [
        (
            "north",
            "Lobby North",
            "NORTH-%SERIAL%",
            "NorthNet",
            "OU=North",
        ),
        (
            "south",
            "Lobby South",
            "SOUTH-%SERIAL%",
            "SouthNet",
            "OU=South",
        ),
        ("east", "Lobby East", "EAST-%RAND:4%", "EastNet", "OU=East"),
    ] {
        let v = common::cli::inspect_json(&dir.join(format!("{name}.ppkg")), &[]);
        assert_eq!(v["name"], name);
        assert_eq!(
            v["package_id"].as_str().unwrap().trim_matches(['{', '}']),
            uuid::Uuid::new_v5(&base, key.as_bytes()).to_string(),
            "each row's id derives from the project's id and its key"
        );
        let t = common::cli::setting_texts(&v);
        let has = |s: &str| t.iter().any(|x| x.contains(s));
        assert!(has(&format!("Device name: {device}")), "{name}: {t:?}");
        assert!(has(&format!(": {ou},DC=corp")), "{name}: {t:?}");
        assert!(has("Local administrator: lobbyadmin"), "{name}: {t:?}");
        assert!(
            v["settings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["key"] == ssid),
            "{name}: {v}"
        );
        for other in ["NorthNet", "SouthNet", "EastNet"] {
            if other != ssid {
                assert!(!t.iter().any(|x| x.contains(other)), "{name}: {t:?}");
            }
        }
    }
    key(&mut app, KeyCode::Enter);
    assert!(app.modal().is_none());
    // The typed password was used for the build and is still not saved anywhere.
    let json = std::fs::read_to_string(&project).unwrap();
    assert!(!json.contains("Admin-Typed-9"), "{json}");

    // The same rows again: every package exists, and is replaced only when asked.
    let before = std::fs::metadata(dir.join("Lobby North.ppkg"))
        .unwrap()
        .modified()
        .unwrap();
    open_rows(&mut app, "sites.csv");
    let again = shot(&app);
    assert!(again.contains("All 3 rows have problems"), "{again}");
    assert!(
        again.contains("North.ppkg already exists (r replaces"),
        "{again}"
    );
    key(&mut app, KeyCode::Char('c'));
    key(&mut app, KeyCode::Char('g'));
    assert!(
        shot(&app).contains("All 3 rows have problems"),
        "nothing starts"
    );
    key(&mut app, KeyCode::Char('r'));
    wait_for(&mut app, |a| !shot(a).contains("Checking every row"));
    let replacing = shot(&app);
    assert!(replacing.contains("Every row is ready"), "{replacing}");
    assert!(replacing.contains("are replaced"), "{replacing}");
    std::thread::sleep(std::time::Duration::from_millis(20));
    key(&mut app, KeyCode::Char('c'));
    wait_for(&mut app, |a| shot(a).contains("Enter or Esc closes"));
    assert!(shot(&app).contains("Built 3 of 3 packages"));
    let after = std::fs::metadata(dir.join("Lobby North.ppkg"))
        .unwrap()
        .modified()
        .unwrap();
    assert!(after > before, "the package was written again");
    let v = common::cli::inspect_json(&dir.join("Lobby North.ppkg"), &[]);
    assert_eq!(
        v["package_id"].as_str().unwrap().trim_matches(['{', '}']),
        uuid::Uuid::new_v5(&base, b"north").to_string(),
        "a rebuilt row keeps its id"
    );
}

const BAD: &str = "\
key,name,device.name,network.ssid,network.key
north,Lobby North,NORTH-%SERIAL%,NorthNet,file:secrets/north.key
south,Lobby South,SOUTH-%SERIAL%,SouthNet,Clear-Wifi-Key-7
west,Lobby West,THIS-NAME-IS-FAR-TOO-LONG,WestNet,file:secrets/north.key
";

#[test]
fn bad_cells_are_shown_by_line_and_column_and_nothing_is_written_unless_asked() {
    let dir = snap_dir("bad");
    let project = lobby(&dir);
    std::fs::write(dir.join("rows.csv"), BAD).unwrap();
    let (mut app, _) = app_open(&project, Theme::colored());
    open_rows(&mut app, "rows.csv");

    let preview = shot(&app);
    for want in [
        "2 of 3 rows have problems",
        "line 3, column 5 (network.key)",
        "name=…",
        "line 4, column 3 (device.name)",
        "[ Build the good row ]",
        ">[ Cancel ]",
    ] {
        assert!(preview.contains(want), "{want:?} missing:\n{preview}");
    }
    insta::assert_snapshot!("batch_preview_bad_cell", preview);

    // Enter answers the safe "Cancel": nothing is written.
    key(&mut app, KeyCode::Enter);
    assert!(app.modal().is_none(), "{}", shot(&app));
    assert!(packages_in(&dir).is_empty());

    // Asked for, the good row is built and the others are listed as not built.
    open_rows(&mut app, "rows.csv");
    key(&mut app, KeyCode::Char('g'));
    wait_for(&mut app, |a| shot(a).contains("Enter or Esc closes"));
    let done = shot(&app);
    assert!(done.contains("Built 1 of 3 packages"), "{done}");
    assert!(
        done.contains("Not built, rows with problems (2):"),
        "{done}"
    );
    assert_eq!(packages_in(&dir), ["Lobby North.cat", "Lobby North.ppkg"]);
}

#[test]
fn a_header_that_names_no_field_is_refused_before_any_row() {
    let dir = snap_dir("header");
    let project = lobby(&dir);
    std::fs::write(dir.join("rows.csv"), "key,name,name\nnorth,A,B\n").unwrap();
    let (mut app, _) = app_open(&project, Theme::colored());
    on_batch_button(&mut app);
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "Admin-Typed-9");
    key(&mut app, KeyCode::Enter);
    typ(&mut app, "rows.csv");
    key(&mut app, KeyCode::Enter);
    wait_for(&mut app, |a| shot(a).contains("cannot be used"));
    let text = shot(&app);
    assert!(text.contains("line 1, column 3 (name)"), "{text}");
    assert_eq!(hint_bar(&app), "Enter/Esc close");
    key(&mut app, KeyCode::Enter);
    assert!(app.modal().is_none());
    assert!(packages_in(&dir).is_empty());
}

/// The same in a real terminal, with every secret in a file (nothing to type).
#[test]
fn three_sites_in_a_real_terminal() {
    if !common::tool_available("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("secrets")).unwrap();
    let project = lobby(dir.path());
    std::fs::write(dir.path().join("secrets/admin.secret"), "Admin-File-3\n").unwrap();
    let mut p = ppkg_wizard::project::load(&project).unwrap();
    if let Some(a) = p.accounts.local_admin.as_mut() {
        a.password = Secret::file("secrets/admin.secret");
    }
    ppkg_wizard::project::save(&p, &project, ppkg_wizard::fsutil::Overwrite::Replace).unwrap();
    std::fs::write(dir.path().join("sites.csv"), SITES).unwrap();

    let t = tmux::Tmux::start(dir.path(), &["Lobby.json"]);
    t.wait("1. Project");
    t.keys(&["C-g", "s"]);
    t.wait("> [ Create the package ]");
    t.keys(&["Tab"]);
    t.wait("> [ Create one package per row of a CSV… ]");
    t.keys(&["Enter"]);
    t.wait("choose a CSV file");
    t.text("sites.csv");
    t.keys(&["Enter"]);
    let preview = t.wait("Every row is ready: Create builds 3 packages");
    assert!(preview.contains("NORTH-Z12345678"), "{preview}");
    t.keys(&["c"]);
    let done = t.wait("Built 3 of 3 packages");
    assert!(done.contains("Lobby South.ppkg"), "{done}");
    for name in ["Lobby North", "Lobby South", "Lobby East"] {
        assert!(dir.path().join(format!("{name}.ppkg")).is_file());
        assert!(dir.path().join(format!("{name}.cat")).is_file());
    }
    t.keys(&["Enter"]);
    t.wait("> [ Create one package per row of a CSV… ]");
    t.keys(&["C-q"]);
    t.wait_exit();
}

/// A batch builder that finishes one row, then waits for Esc: the dialog's progress and
/// what it says after a stop, whatever the machine's speed.
struct SlowBatch(Fake);

impl Services for SlowBatch {
    fn today(&self) -> time::Date {
        self.0.today()
    }
    fn build(
        &self,
        req: BuildRequest,
        cancel: &CancelFlag,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Built, String> {
        self.0.build(req, cancel, progress)
    }
    fn bulk_token(
        &self,
        req: TokenRequest,
        cancel: &CancelFlag,
        events: &mut dyn FnMut(TokenEvent),
    ) -> Result<TokenResult, TokenFailed> {
        self.0.bulk_token(req, cancel, events)
    }
    fn build_batch(
        &self,
        req: BatchRequest,
        cancel: &CancelFlag,
        progress: &(dyn Fn(BatchProgress) + Sync),
    ) -> Result<BatchDone, String> {
        progress(BatchProgress {
            done: 1,
            total: 3,
            failed: 0,
        });
        while !cancel.is_cancelled() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        Ok(BatchDone {
            built: vec![req.out_dir.join("Lobby North.ppkg")],
            not_started: 2,
            cancelled: true,
            out_dir: req.out_dir,
            ..Default::default()
        })
    }
}

#[test]
fn the_build_shows_one_overall_progress_and_esc_stops_it() {
    let dir = snap_dir("progress");
    let project = lobby(&dir);
    std::fs::write(dir.join("sites.csv"), SITES).unwrap();
    let services = std::sync::Arc::new(SlowBatch(Fake::default()));
    let mut app = App::open(Theme::colored(), services, &project).unwrap();
    open_rows(&mut app, "sites.csv");
    key(&mut app, KeyCode::Enter); // "Create 3 packages" is selected
    wait_for(&mut app, |a| shot(a).contains("1 of 3"));
    let building = shot(&app);
    assert!(building.contains("Building 3 packages into"), "{building}");
    assert_eq!(hint_bar(&app), "Esc stop");
    insta::assert_snapshot!("batch_building", building);

    key(&mut app, KeyCode::Esc);
    assert!(shot(&app).contains("Stopping…"));
    wait_for(&mut app, |a| shot(a).contains("Enter or Esc closes"));
    let done = shot(&app);
    assert!(done.contains("Built 1 of 3 packages"), "{done}");
    assert!(done.contains("Stopped: the packages being built"), "{done}");
    assert!(done.contains("2 good rows were not built."), "{done}");
}

/// The key-hint bar (the screen's last line), its words joined by single spaces.
fn hint_bar(app: &App) -> String {
    let text = screen(app, 80, 24);
    let last = text.lines().last().unwrap_or_default();
    last.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn cell_text_cannot_drive_the_terminal() {
    let dir = snap_dir("escape");
    let project = lobby(&dir);
    std::fs::write(
        dir.join("rows.csv"),
        "key,name,network.ssid,network.key\nk\u{1b}[2J,Lobby K,Net\u{202e}Evil,file:secrets/north.key\n",
    )
    .unwrap();
    let (mut app, _) = app_open(&project, Theme::colored());
    open_rows(&mut app, "rows.csv");
    let text = shot(&app);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text:?}"
    );
    assert!(text.contains("k\\x1b[2J"), "{text}");
    assert!(text.contains("network.ssid=Net\\u{202e}Evil"), "{text}");
}

#[test]
fn a_long_rows_file_keeps_the_first_rows_and_counts_the_rest() {
    let dir = snap_dir("long");
    let project = lobby(&dir);
    let mut csv = String::from("key,device.name\n");
    for i in 1..=600 {
        csv.push_str(&format!("pc{i:03},PC{i:03}\n"));
    }
    std::fs::write(dir.join("pcs.csv"), csv).unwrap();
    let (mut app, _) = app_open(&project, Theme::colored());
    open_rows(&mut app, "pcs.csv");
    let top = shot(&app);
    assert!(top.contains("600 rows, key column \"key\""), "{top}");
    assert!(top.contains("[ Create 600 packages ]"), "{top}");
    assert!(top.contains("pc001"), "{top}");
    key(&mut app, KeyCode::End);
    let end = shot(&app);
    assert!(end.contains("pc500"), "{end}");
    assert!(!end.contains("pc501"), "{end}");
    assert!(end.contains("… and 100 more rows"), "{end}");
    key(&mut app, KeyCode::Esc);
    assert!(app.modal().is_none());
    assert!(packages_in(&dir).is_empty());
}
