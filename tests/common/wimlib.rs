//! Finds `wimlib-imagex` for tests that compare with wimlib.
//!
//! Without the tool those tests return early, unless `PPKG_WIZARD_REQUIRE_TOOLS=1` is set:
//! then a missing tool is a failure, so CI cannot pass by skipping.

#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::{Command, Output};

/// True when `wimlib-imagex` can be run; panics when it is required but missing.
pub fn available() -> bool {
    let ok = Command::new("wimlib-imagex")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var("PPKG_WIZARD_REQUIRE_TOOLS").as_deref() == Ok("1") {
        panic!("wimlib-imagex is required (PPKG_WIZARD_REQUIRE_TOOLS=1) but was not found");
    }
    if !ok {
        eprintln!("wimlib-imagex not found: skipping");
    }
    ok
}

/// Runs `wimlib-imagex` with `args` and returns its output; panics on failure.
pub fn run(args: &[OsString]) -> Output {
    let mut c = Command::new("wimlib-imagex");
    c.args(args);
    let out = c.output().expect("run wimlib-imagex");
    assert!(
        out.status.success(),
        "wimlib-imagex {:?} failed: {}{}",
        args,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Shorthand to build argument lists of mixed strings and paths.
pub fn a(x: impl AsRef<OsStr>) -> OsString {
    x.as_ref().to_os_string()
}

/// `wimlib-imagex info --header` as text.
pub fn header_info(wim: &Path) -> String {
    String::from_utf8_lossy(&run(&[a("info"), a(wim), a("--header")]).stdout).into_owned()
}

/// The value of `Field = value` in `info --header` output.
pub fn header_field(info: &str, field: &str) -> String {
    info.lines()
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == field).then(|| v.trim().to_string())
        })
        .unwrap_or_else(|| panic!("no {field} in {info}"))
}
