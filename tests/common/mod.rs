//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// `../shared/reference/samples` next to the checkout (CI has it too).
pub fn samples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples")
}

/// `assets/examples`: the example projects the program ships.
pub fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/examples")
}

/// Every package in `../shared/reference/` (corpus and samples), sorted.
pub fn reference_packages() -> Vec<PathBuf> {
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference");
    let mut out = Vec::new();
    for dir in ["corpus", "samples"] {
        for e in std::fs::read_dir(base.join(dir)).unwrap() {
            let e = e.unwrap().path();
            for f in std::fs::read_dir(&e).into_iter().flatten() {
                let f = f.unwrap().path();
                if f.extension().is_some_and(|x| x == "ppkg") {
                    out.push(f);
                }
            }
        }
    }
    out.sort();
    out
}

/// Whether a missing outside tool must fail the test instead of skipping it
/// (`PPKG_WIZARD_REQUIRE_TOOLS=1`).
pub fn tools_required() -> bool {
    std::env::var("PPKG_WIZARD_REQUIRE_TOOLS").as_deref() == Ok("1")
}

/// Whether an external tool can be run. When `PPKG_WIZARD_REQUIRE_TOOLS=1` a missing tool
/// fails the test instead of skipping it, so CI cannot pass by not testing.
pub fn tool_available(tool: &str) -> bool {
    let found = Command::new(tool)
        .arg("--version")
        .output()
        .map(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty())
        .unwrap_or(false);
    if !found && tools_required() {
        panic!("{tool} is required (PPKG_WIZARD_REQUIRE_TOOLS=1) but cannot be run");
    }
    if !found {
        eprintln!("skipping: {tool} is not installed");
    }
    found
}

/// Extracts every file of a WIM with wimlib into a new temporary folder.
pub fn wimlib_apply(wim: &std::path::Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new("wimlib-imagex")
        .arg("apply")
        .arg(wim)
        .arg(dir.path())
        .arg("--no-acls")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "wimlib-imagex apply failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// `wimlib-imagex verify` of `wim` (check [`tool_available`] first): `Err` with what
/// wimlib says when it finds a fault.
pub fn wimlib_verify(wim: &std::path::Path) -> Result<(), String> {
    let out = Command::new("wimlib-imagex")
        .arg("verify")
        .arg(wim)
        .output()
        .unwrap();
    if out.status.success() {
        return Ok(());
    }
    Err(format!(
        "wimlib-imagex verify {}: {}{}",
        wim.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    ))
}

pub mod cert;
pub mod cli;
pub mod fake_entra;
pub mod provxml;
pub mod wcd_xml;

/// The path of every file below `dir`, in no particular order.
pub fn paths_under(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(paths_under(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Every file below `root`, by its `/`-separated relative path.
pub fn files_under(root: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    paths_under(root)
        .into_iter()
        .map(|p| {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let bytes = std::fs::read(&p).unwrap();
            (rel, bytes)
        })
        .collect()
}

/// A project `p.json` in `dir` whose one application is `big.exe`, `mib` MiB that do not
/// compress (so a build of it takes a visible moment); returns the project's path.
pub fn big_installer_project(dir: &std::path::Path, mib: usize) -> PathBuf {
    write_incompressible(&dir.join("big.exe"), mib);
    let project = dir.join("p.json");
    std::fs::write(
        &project,
        r#"{"schema": 1, "name": "Big", "package": {"id": "6f1c8a52-3d4e-4b7a-9a55-0d2f5f3c1e77"},
            "device": {"name": "PC-%SERIAL%"},
            "applications": [{"name": "Big", "installer": "big.exe", "command_line": "big.exe /quiet"}]}"#,
    )
    .unwrap();
    project
}

/// Writes `mib` MiB of xorshift bytes to `path`: a file that does not compress, so
/// reading, hashing and packing it takes a visible moment.
pub fn write_incompressible(path: &std::path::Path, mib: usize) {
    use std::io::Write;
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut block = vec![0u8; 1 << 20];
    for _ in 0..mib {
        for w in block.chunks_exact_mut(8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            w.copy_from_slice(&x.to_le_bytes());
        }
        f.write_all(&block).unwrap();
    }
    f.flush().unwrap();
}
