//! Ctrl+C during `build` stops it cleanly: exit 130, no package, no catalog, no temp file,
//! and no empty output folder it created.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn ctrl_c_stops_a_build_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // 64 MiB, so hashing and packing take a moment.
    let project = common::big_installer_project(dir.path(), 64);
    let out = dir.path().join("out");
    let child = common::cli::bin()
        .arg("build")
        .arg(&project)
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
