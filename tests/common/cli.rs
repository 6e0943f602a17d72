//! The real binary and what the tests read from its output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test, with the environment the test runs in.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ppkg-wizard"))
}

/// The binary with a fixed build time and no terminal colours: the same bytes and the same
/// text on every run.
pub fn pinned_bin() -> Command {
    let mut c = bin();
    c.env("SOURCE_DATE_EPOCH", "1700000000")
        .env("NO_COLOR", "1");
    c
}

/// Standard output then standard error, as one text.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Standard output of a run that must have succeeded (both streams shown if it did not).
pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `inspect --json` of a package (with `extra` arguments), which must succeed.
pub fn inspect_json(pkg: &Path, extra: &[&str]) -> serde_json::Value {
    let o = bin()
        .arg("inspect")
        .arg(pkg)
        .arg("--json")
        .args(extra)
        .output()
        .unwrap();
    serde_json::from_str(&ok(&o)).unwrap()
}

/// The `text` of every setting in `inspect --json` output, in order.
pub fn setting_texts(v: &serde_json::Value) -> Vec<String> {
    v["settings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_owned())
        .collect()
}

/// The one .ppkg a build wrote into `dir`.
pub fn only_ppkg(dir: &Path) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ppkg"))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one package in {}: {found:?}",
        dir.display()
    );
    found.into_iter().next().unwrap()
}

/// Every file of a package, path inside it → bytes, as `inspect --extract` (our own
/// reader) writes them into `dir`.
pub fn extract(pkg: &Path, dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::create_dir_all(dir).unwrap();
    let o = pinned_bin()
        .arg("inspect")
        .arg(pkg)
        .arg("--extract")
        .arg(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "inspect --extract: {}", text(&o));
    super::files_under(dir)
}
