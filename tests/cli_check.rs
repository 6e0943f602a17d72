//! The command line on good and bad projects: one clear sentence, the right exit code,
//! nothing written.

mod common;

use common::cli::bin;
use std::path::{Path, PathBuf};
use std::process::Output;

fn run(args: &[&str], dir: &Path) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .env_remove("PPKG_TEST_UNSET")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

const MINIMAL: &str = r#"{"schema": 1, "name": "Lab", "package": {"id": "6f1c8a52-3d4e-4b7a-9a55-0d2f5f3c1e77"}, "device": {"name": "LAB-%SERIAL%"}}"#;

#[test]
fn shipped_examples_pass_check() {
    for name in ["school-lab.json", "mdm-onprem.json", "kiosk-app.json"] {
        let o = run(
            &["check", common::examples_dir().join(name).to_str().unwrap()],
            &common::examples_dir(),
        );
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert!(String::from_utf8_lossy(&o.stdout).contains("ready to build"));
    }
    let o = bin()
        .args([
            "check",
            common::examples_dir()
                .join("kiosk-ad.json")
                .to_str()
                .unwrap(),
        ])
        .env("KIOSK_JOIN_PASSWORD", "Join-Pass-1")
        .env("KIOSK_ADMIN_PASSWORD", "Admin-Pass-1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn bad_inputs_give_one_sentence_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: Vec<(&str, String, &str)> = vec![
        ("malformed.json", "{\"schema\": 1, \"name\": ".into(), "is not valid JSON (line 1"),
        ("future.json", r#"{"schema": 7, "name": "x"}"#.into(), "uses schema 7"),
        ("noschema.json", r#"{"name": "x"}"#.into(), "has no \"schema\""),
        ("unknown.json", r#"{"schema": 1, "name": "x", "colour": "red"}"#.into(), "unknown field `colour`"),
        (
            "asset.json",
            MINIMAL.replace(
                "}}",
                r#"}, "applications": [{"name": "App", "installer": "missing.msi", "command_line": "msiexec /i missing.msi /qn"}]}"#,
            ),
            "Application 1 installer: The file missing.msi cannot be used: it does not exist.",
        ),
        (
            "envvar.json",
            MINIMAL.replace(
                "}}",
                r#"}, "accounts": {"local_admin": {"name": "admin", "password": {"env": "PPKG_TEST_UNSET"}}}}"#,
            ),
            "Local administrator password comes from the environment variable PPKG_TEST_UNSET, which is not set.",
        ),
    ];
    for (name, body, needle) in &cases {
        std::fs::write(d.join(name), body).unwrap();
        let before = files_in(d);
        let o = run(&["check", name], d);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(needle), "{name}: {err}");
        assert_eq!(files_in(d), before, "{name} wrote something");
        // The export writes nothing either.
        let o = run(&["export", name, "--wcd", "out"], d);
        if *name == "envvar.json" || *name == "asset.json" {
            // Export without secrets does not need the value; a missing asset fails.
            continue;
        }
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(!d.join("out").exists(), "{name}: export wrote a folder");
    }
    let o = run(&["check", "does-not-exist.json"], d);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot read the project does-not-exist.json: it does not exist"));
}

#[test]
fn usage_errors_exit_2() {
    let o = bin().args(["export", "x.json"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let o = bin().args(["check"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    for sub in ["check", "export"] {
        let o = bin().args([sub, "--help"]).output().unwrap();
        assert!(o.status.success());
        assert!(
            String::from_utf8_lossy(&o.stdout).len() > 200,
            "{sub} --help is too thin"
        );
    }
}

#[test]
fn export_wcd_writes_a_project_wcd_opens_and_keeps_secrets_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("wcd");
    let export = || {
        bin()
            .arg("export")
            .arg(common::examples_dir().join("school-lab.json"))
            .arg("--wcd")
            .arg(&out)
            .output()
            .unwrap()
    };
    let o = export();
    assert!(o.status.success(), "{}", stderr(&o));
    let xml = std::fs::read_to_string(out.join("customizations.xml")).unwrap();
    let doc = ppkg_wizard::settings::read_customizations(xml.as_bytes()).unwrap();
    assert_eq!(doc.package.id, "{6f1c8a52-3d4e-4b7a-9a55-0d2f5f3c1e77}");
    assert!(xml.contains(
        r"<CommandFile>C:\ppkg-wizard\export\Assets\install-lab-tools.ps1</CommandFile>"
    ));
    let proj = std::fs::read(out.join("School lab.icdproj.xml")).unwrap();
    let icd = ppkg_wizard::exchange::icdproj::read_icdproj(&proj).unwrap();
    assert_eq!(icd.id, doc.package.id);
    assert!(out.join("Assets/install-lab-tools.ps1").is_file());
    // No secret from the example's secret files appears anywhere in the export.
    for secret in [
        "Example-WiFi-Passphrase-2026",
        "0.AXAMPLE",
        "Lab-Admin-Example-1",
    ] {
        for f in common::paths_under(&out) {
            let bytes = std::fs::read(&f).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains(secret),
                "{secret} in {}",
                f.display()
            );
        }
    }
    // A second export into the same folder is refused without --force.
    let o = export();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already has files"));
}

#[test]
fn warnings_pass_errors_fail_and_strict_fails_on_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, json: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, json).unwrap();
        p.to_string_lossy().into_owned()
    };
    // Clean: 0, also with --strict.
    let clean = write("clean.json", MINIMAL);
    assert_eq!(run(&["check", &clean], dir.path()).status.code(), Some(0));
    assert_eq!(
        run(&["check", "--strict", &clean], dir.path())
            .status
            .code(),
        Some(0)
    );
    // No device name and no package id: two warnings, still ready to build.
    let warned = write("warned.json", r#"{"schema": 1, "name": "Lab"}"#);
    let o = run(&["check", &warned], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: Device name"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("warning: Package id"), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("ready to build (2 warnings)"));
    let o = run(&["check", "--strict", &warned], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("--strict"), "{}", stderr(&o));
    let o = run(&["check", "--json", "--strict", &warned], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["warnings"], 2);
    assert_eq!(v["problems"][0]["severity"], "warning");
    // An error: 1 with or without --strict.
    let broken = write(
        "broken.json",
        r#"{"schema": 1, "name": "Lab", "device": {"name": "A B"}}"#,
    );
    assert_eq!(run(&["check", &broken], dir.path()).status.code(), Some(1));
}

#[test]
fn build_gives_a_project_without_id_one_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("lab.json");
    std::fs::write(
        &p,
        r#"{"schema": 1, "name": "Lab", "device": {"name": "LAB-%SERIAL%"}}"#,
    )
    .unwrap();
    let id_of = || {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        v["package"]["id"].as_str().map(str::to_owned)
    };
    assert_eq!(id_of(), None);
    let build = |out: &str| {
        let o = run(
            &["build", p.to_str().unwrap(), "-o", out, "-q", "--force"],
            dir.path(),
        );
        assert!(o.status.success(), "{}", stderr(&o));
        o
    };
    let o = build("out1");
    assert!(stderr(&o).contains("no package id"), "{}", stderr(&o));
    let first = id_of().expect("the build saved an id");
    let o = build("out2");
    assert!(!stderr(&o).contains("no package id"), "{}", stderr(&o));
    assert_eq!(id_of().as_deref(), Some(first.as_str()), "the id stays");
    let o = run(&["check", p.to_str().unwrap()], dir.path());
    assert!(!stderr(&o).contains("Package id"), "{}", stderr(&o));
}
