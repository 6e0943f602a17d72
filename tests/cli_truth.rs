//! The command line is consistent (issue 14): `inspect --extract` creates its folder and
//! tells an I/O failure from a damaged package, paths keep their case in messages,
//! refusing to replace an output names `--force` and exits 1 everywhere, a mistyped
//! command gets the nearest one suggested, `--json` always prints JSON and type errors
//! name their field and line, a failed build leaves no folder it created, and `build`
//! shows progress from its first moment.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn wizard(dir: &Path, args: &[&str]) -> Output {
    common::cli::bin()
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A valid project named "School lab" in `dir/p.json`.
fn project(dir: &Path) {
    std::fs::write(
        dir.join("p.json"),
        r#"{"schema": 1, "name": "School lab",
            "package": {"id": "6f1c8a52-3d4e-4b7a-9a55-0d2f5f3c1e77"},
            "device": {"name": "LAB-%SERIAL%"},
            "accounts": {"join": {"type": "none"},
                         "local_admin": {"name": "Admin", "password": {"file": "admin.secret"}}}}"#,
    )
    .unwrap();
    std::fs::write(dir.join("admin.secret"), "Admin-Pass-9\n").unwrap();
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Output to a stdout that cannot take it (a full disk) ends with a sentence and exit 3,
/// never a panic; the package on disk is complete either way.
#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_is_exit_3_with_a_sentence_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    for args in [
        &["build", "p.json", "-o", "out", "-q"][..],
        &["inspect", "out/School lab.ppkg"][..],
        &["inspect", "out/School lab.ppkg", "--json"][..],
        &["check", "p.json"][..],
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let o = common::cli::bin()
            .args(args)
            .current_dir(dir.path())
            .stdin(std::process::Stdio::null())
            .stdout(full)
            .output()
            .unwrap();
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert_eq!(o.status.code(), Some(3), "{args:?}: {err}");
        assert!(err.contains("cannot write the output"), "{args:?}: {err}");
        // The build's report comes after the package is complete.
        assert!(dir.path().join("out/School lab.ppkg").is_file(), "{args:?}");
    }
}

// ----- 15 -----

#[test]
fn extract_creates_its_folder_and_an_io_error_is_exit_3_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let o = wizard(dir.path(), &["build", "p.json", "-o", "out", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pkg = "out/School lab.ppkg";

    let o = wizard(dir.path(), &["inspect", pkg, "--extract", "new/deeper"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        dir.path()
            .join("new/deeper/Multivariant/0/customizations.xml")
            .is_file()
    );

    // A folder that cannot be created (its parent is a file): an I/O error, exit 3,
    // naming the path; the package is not called damaged.
    let o = wizard(dir.path(), &["inspect", pkg, "--extract", "admin.secret/x"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("admin.secret/x"), "{err}");
    assert!(
        !err.contains("damaged") && !err.contains("not a provisioning"),
        "{err}"
    );

    let o = wizard(dir.path(), &["inspect", pkg, "--extract", "admin.secret"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("admin.secret is a file, not a folder"),
        "{err}"
    );
    let o = wizard(dir.path(), &["inspect", pkg, "--extract", "new"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("new already has files in it"));
}

// ----- 16 -----

#[test]
fn messages_keep_a_paths_case() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let o = wizard(dir.path(), &["build", "p.json", "-o", "out", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = wizard(dir.path(), &["build", "p.json", "-o", "out", "-q"]);
    let err = stderr(&o);
    assert!(
        err.contains("error: out/School lab.ppkg already exists"),
        "{err}"
    );

    let o = wizard(dir.path(), &["build", "seeds"]);
    let err = stderr(&o);
    assert!(err.contains("seeds") && !err.contains("Seeds"), "{err}");
}

#[test]
fn refusing_to_replace_names_force_and_exits_1_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let twice: [&[&str]; 3] = [
        &["build", "p.json", "-o", "out", "-q"],
        &["export", "p.json", "--bundle", "b.zip"],
        &["import", "wcd", "-o", "p2.json"],
    ];
    let o = wizard(dir.path(), &["export", "p.json", "--wcd", "wcd"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for args in twice {
        let first = wizard(dir.path(), args);
        assert!(first.status.success(), "{args:?}: {}", stderr(&first));
        let again = wizard(dir.path(), args);
        let err = stderr(&again);
        assert_eq!(again.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("already exists; add --force"),
            "{args:?}: {err}"
        );
        let mut forced = args.to_vec();
        forced.push("--force");
        let o = wizard(dir.path(), &forced);
        assert!(o.status.success(), "{forced:?}: {}", stderr(&o));
    }
}

// ----- 17 -----

#[test]
fn a_mistyped_command_gets_the_nearest_one() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    for (typed, want) in [
        ("biuld", "build"),
        ("chekc", "check"),
        ("inspct", "inspect"),
    ] {
        let o = wizard(dir.path(), &[typed, "p.json"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{typed}: {err}");
        assert!(
            err.contains(&format!(
                "'{typed}' is not a command or a file; did you mean `ppkg-wizard {want}`?"
            )),
            "{err}"
        );
    }
    let o = wizard(dir.path(), &["frobnicate"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("'frobnicate' is not a command or a file"),
        "{err}"
    );
    assert!(err.contains("build, check, inspect"), "{err}");
    // A file of that name is opened, not refused (here: not a project, exit 1).
    std::fs::write(dir.path().join("frobnicate"), "not json").unwrap();
    let o = wizard(dir.path(), &["frobnicate"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains("not a command"));
}

// ----- 18 -----

#[test]
fn json_callers_always_get_json_and_type_errors_name_the_field_and_line() {
    let dir = tempfile::tempdir().unwrap();
    project(dir.path());
    let o = wizard(dir.path(), &["build", "p.json", "-o", "out", "-q"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let json = |o: &Output| -> serde_json::Value {
        serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
    };
    std::fs::write(dir.path().join("junk.ppkg"), "not a package").unwrap();
    for args in [
        &["inspect", "missing.ppkg", "--json"][..],
        &["inspect", "junk.ppkg", "--json"],
        &[
            "inspect",
            "out/School lab.ppkg",
            "--json",
            "--extract",
            "admin.secret/x",
        ],
    ] {
        let o = wizard(dir.path(), args);
        assert!(!o.status.success(), "{args:?}");
        let v = json(&o);
        assert!(
            v["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{args:?}: {v}"
        );
    }
    let o = wizard(
        dir.path(),
        &["inspect", "out/School lab.ppkg", "--json", "--extract", "x"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["files"].as_array().map(Vec::len), Some(8));

    std::fs::write(
        dir.path().join("typed.json"),
        "{\"schema\": 1,\n \"name\": \"Lab\",\n \"package\": {\"rank\": \"high\"}}",
    )
    .unwrap();
    let o = wizard(dir.path(), &["check", "typed.json"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "package.rank: invalid type: string \"high\", expected a whole number from 0 to 255"
        ),
        "{err}"
    );
    assert!(err.contains("(line 3, column"), "{err}");
    let o = wizard(dir.path(), &["check", "typed.json", "--json"]);
    let v = json(&o);
    assert!(v["error"].as_str().unwrap().contains("package.rank"), "{v}");

    std::fs::write(
        dir.path().join("list.json"),
        "{\"schema\": 1, \"name\": \"Lab\",\n \"applications\": [\n  {\"name\": 7}]}",
    )
    .unwrap();
    let err = stderr(&wizard(dir.path(), &["check", "list.json"]));
    assert!(
        err.contains("applications[0].name: invalid type: integer `7`"),
        "{err}"
    );
    assert!(err.contains("(line 3, column"), "{err}");
}

// ----- 19 -----

#[test]
fn a_failed_build_leaves_no_folder_it_created() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.json"),
        r#"{"schema": 1, "name": "Bad", "device": {"name": "HAS SPACES"}}"#,
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("kept")).unwrap();
    let o = wizard(dir.path(), &["build", "bad.json", "-o", "kept/new/deeper"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!dir.path().join("kept/new").exists());
    assert!(
        dir.path().join("kept").is_dir(),
        "a folder that existed stays"
    );
}

/// In a real terminal, `build` shows a line from its first moment (while it reads and
/// hashes the project's files), before the packing bar.
#[test]
fn build_shows_progress_from_the_start() {
    if !common::tool_available("tmux") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // 128 MiB: reading and hashing it takes a visible moment.
    common::big_installer_project(dir.path(), 128);
    let socket = format!("ppkg-wizard-cli-{}", std::process::id());
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-L")
            .arg(&socket)
            .args(args)
            .output()
            .unwrap()
    };
    // Everything the build writes to the terminal is logged (tmux pipe-pane), so the
    // first words are seen however briefly they stand: the spinner gives way to the bar
    // at the first report, milliseconds later. The pause lets the pipe attach first.
    let cmd = format!(
        "sleep 1; '{}' build p.json -o out; sleep 30",
        env!("CARGO_BIN_EXE_ppkg-wizard")
    );
    let dir_s = dir.path().to_str().unwrap();
    tmux(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "b",
        "-x",
        "100",
        "-y",
        "10",
        "-c",
        dir_s,
        &cmd,
    ]);
    let log = dir.path().join("pane.log");
    tmux(&[
        "pipe-pane",
        "-t",
        "b",
        "-o",
        &format!("cat >> '{}'", log.display()),
    ]);
    let end = Instant::now() + Duration::from_secs(120);
    let text = loop {
        let text = String::from_utf8_lossy(&std::fs::read(&log).unwrap_or_default()).into_owned();
        if text.contains("Built ") || Instant::now() > end {
            break text;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    tmux(&["kill-server"]);
    let first = |word: &str| text.find(word).unwrap_or(usize::MAX);
    let starting = first("Reading the project and its files");
    assert!(
        starting < first("Compiling") && starting < first("Packing") && starting < first("Built "),
        "the build did not say it was reading before anything else:\n{text}"
    );
    assert!(text.contains("Built "), "the build did not end:\n{text}");
}
