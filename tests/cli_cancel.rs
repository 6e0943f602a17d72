//! Ctrl+C during `build` stops it cleanly: exit 130, no package, no catalog, no temp file,
//! and no empty output folder it created.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn ctrl_c_stops_a_build_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // 64 MiB that does not compress, so hashing and packing take a moment.
    common::write_incompressible(&dir.path().join("big.exe"), 64);
    std::fs::write(
        dir.path().join("p.json"),
        r#"{"schema": 1, "name": "Big", "package": {"id": "6f1c8a52-3d4e-4b7a-9a55-0d2f5f3c1e77"},
            "device": {"name": "PC-%SERIAL%"},
            "applications": [{"name": "Big", "installer": "big.exe", "command_line": "big.exe /quiet"}]}"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    let child = common::cli::bin()
        .arg("build")
        .arg(dir.path().join("p.json"))
        .arg("-o")
        .arg(&out)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the build has started (it creates the output folder), then press Ctrl+C.
    let start = Instant::now();
    loop {
        let started = out.is_dir();
        if started || start.elapsed() > Duration::from_secs(30) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let kill = Command::new("kill")
        .arg("-INT")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(kill.success());
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    if o.status.code() == Some(0) {
        panic!("the build finished before Ctrl+C arrived; make the installer larger");
    }
    assert_eq!(o.status.code(), Some(130), "{err}");
    assert!(err.contains("cancelled"), "{err}");
    // The output folder this build created is gone with everything in it.
    assert!(
        !out.exists(),
        "left behind: {:?}",
        std::fs::read_dir(&out).map(|d| d.count())
    );
}
