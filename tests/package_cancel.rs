//! Cancelling a build (the wizard's Esc): from another thread mid-way through a large
//! asset, during encryption, during the catalog's hashing, before the start, and too late.
//! Each cancel is `BuildError::Cancelled` with nothing written and no existing package
//! touched; a cancel after the package is in place is a success.

mod common;

use ppkg_wizard::fsutil::Overwrite;
use ppkg_wizard::package::{BuildError, BuildOptions, Progress, Stage, build};
use ppkg_wizard::pipeline::{ProjectBuild, ProjectBuildError, build_project_cancellable};
use ppkg_wizard::project::{Application, Project};
use ppkg_wizard::settings::Customizations;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

const MIB: u64 = 1 << 20;
const CMD: &str = "ProvisioningCommands/PrimaryContext/Command/CommandConfig";

use common::wcd_xml::doc;

/// A doc that packs `<dir>/big.exe`.
fn doc_with_asset(dir: &Path) -> Customizations {
    let big = dir.join("big.exe");
    doc(
        "P",
        &[
            (&format!("{CMD}[#0]/CommandFile"), big.to_str().unwrap()),
            (&format!("{CMD}[#0]/CommandLine"), "big.exe /quiet"),
        ],
    )
}

fn resolve(text: &str) -> Option<PathBuf> {
    let p = PathBuf::from(text);
    p.is_file().then_some(p)
}

/// `size` bytes of incompressible (xorshift) data as `<dir>/big.exe`, so packing does real
/// compression work for every chunk.
fn big_asset(dir: &Path, size: u64) -> PathBuf {
    let path = dir.join("big.exe");
    let mut f = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut block = vec![0u8; MIB as usize];
    for _ in 0..size / MIB {
        for word in block.chunks_exact_mut(8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            word.copy_from_slice(&x.to_le_bytes());
        }
        f.write_all(&block).unwrap();
    }
    f.flush().unwrap();
    path
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// What a build saw when another thread cancelled it once `at` bytes were packed.
struct Cancelled {
    /// From the flag being set to the builder returning.
    latency: Duration,
    /// Bytes packed when the flag was set, and the most reported at all.
    at_cancel: u64,
    max_reported: u64,
    stages: Vec<Stage>,
}

/// Runs `run` (a build reading `flag`), and sets `flag` from another thread once the
/// progress shows `at` bytes packed. The progress callback waits until the other thread
/// has set the flag, so the cancel lands mid-asset however fast the machine is.
fn cancel_from_another_thread<T>(
    at: u64,
    flag: Arc<AtomicBool>,
    run: impl FnOnce(&mut dyn FnMut(Progress)) -> T,
) -> (T, Cancelled) {
    let (reached_tx, reached_rx) = channel::<u64>();
    let (set_tx, set_rx) = channel::<Instant>();
    let canceller = std::thread::spawn(move || {
        let Ok(bytes) = reached_rx.recv() else {
            return None;
        };
        flag.store(true, Ordering::SeqCst);
        set_tx.send(Instant::now()).unwrap();
        Some(bytes)
    });
    let mut reached_tx = Some(reached_tx);
    let mut set_at = None;
    let mut max_reported = 0;
    let mut stages = Vec::new();
    let result = run(&mut |p: Progress| {
        if stages.last() != Some(&p.stage) {
            stages.push(p.stage);
        }
        max_reported = max_reported.max(p.bytes_done);
        if p.stage == Stage::Packing && p.bytes_done >= at {
            if let Some(tx) = reached_tx.take() {
                tx.send(p.bytes_done).unwrap();
                set_at = Some(set_rx.recv().unwrap());
            }
        }
    });
    let returned = Instant::now();
    drop(reached_tx);
    let at_cancel = canceller
        .join()
        .unwrap()
        .expect("the build never reached the cancel point");
    let seen = Cancelled {
        latency: returned - set_at.unwrap(),
        at_cancel,
        max_reported,
        stages,
    };
    (result, seen)
}

#[test]
fn a_cancel_from_another_thread_stops_mid_asset_and_writes_nothing() {
    let (assets, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    big_asset(assets.path(), 64 * MIB);
    let d = doc_with_asset(assets.path());
    let flag = Arc::new(AtomicBool::new(false));
    let mut opts = BuildOptions::new(out.path());
    opts.cancel = Some(flag.clone());
    let (result, seen) = cancel_from_another_thread(4 * MIB, flag, |progress| {
        build(&d, &resolve, &opts, progress)
    });
    let e = result.unwrap_err();
    assert!(matches!(e, BuildError::Cancelled), "{e}");
    assert_eq!(
        e.to_string(),
        "the build was cancelled; nothing was written"
    );
    assert_eq!(
        entries(out.path()),
        Vec::<String>::new(),
        "files left behind"
    );
    // It stopped inside the asset: no progress after the next read, no later stage.
    assert!(
        seen.max_reported <= seen.at_cancel + MIB,
        "kept packing after the cancel: {} then {}",
        seen.at_cancel,
        seen.max_reported
    );
    assert_eq!(seen.stages, [Stage::Compiled, Stage::Packing]);
    // The next 32 KiB read notices; this bound only guards against running to the end
    // (packing the remaining 60 MiB takes far longer in this debug build).
    assert!(
        seen.latency < Duration::from_secs(2),
        "took {:?} to stop",
        seen.latency
    );
}

fn project_with_app(dir: &Path) -> Project {
    let mut p = Project::new("P");
    p.base_dir = dir.to_path_buf();
    p.device.name = "LAB-%SERIAL%".into();
    p.applications.push(Application {
        name: "Big".into(),
        installer: "big.exe".into(),
        command_line: "big.exe /quiet".into(),
        continue_on_failure: false,
        restart_required: false,
        success_code: Some(0),
        restart_code: Some(3010),
        dependencies: Vec::new(),
    });
    p
}

#[test]
fn an_existing_package_survives_a_cancelled_replace_build() {
    let (project_dir, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    big_asset(project_dir.path(), 16 * MIB);
    fs::write(out.path().join("P.ppkg"), b"the old package").unwrap();
    fs::write(out.path().join("P.cat"), b"the old catalog").unwrap();
    let how = ProjectBuild {
        out_dir: out.path().to_path_buf(),
        replace: true,
        password: None,
        wcd_version: None,
        fixed_time: None,
    };
    let flag = Arc::new(AtomicBool::new(false));
    let (result, _) = cancel_from_another_thread(2 * MIB, flag.clone(), |progress| {
        let mut p = project_with_app(project_dir.path());
        build_project_cancellable(&mut p, &how, Some(flag.clone()), &mut |_| None, progress)
    });
    let e = result.unwrap_err();
    assert!(
        matches!(e, ProjectBuildError::Build(BuildError::Cancelled)),
        "{e}"
    );
    assert_eq!(entries(out.path()), ["P.cat", "P.ppkg"]);
    assert_eq!(
        fs::read(out.path().join("P.ppkg")).unwrap(),
        b"the old package"
    );
    assert_eq!(
        fs::read(out.path().join("P.cat")).unwrap(),
        b"the old catalog"
    );

    // The same build without a cancel does replace both: the check above is not vacuous.
    let mut p = project_with_app(project_dir.path());
    let built = build_project_cancellable(
        &mut p,
        &how,
        Some(Arc::new(AtomicBool::new(false))),
        &mut |_| None,
        &mut |_| {},
    )
    .unwrap();
    assert_ne!(fs::read(&built.ppkg).unwrap(), b"the old package");
    assert_ne!(fs::read(&built.cat).unwrap(), b"the old catalog");
    assert_eq!(entries(out.path()), ["P.cat", "P.ppkg"]);
}

#[test]
fn a_cancel_during_encryption_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    let d = doc("P", &[("OOBE/Desktop/HideOobe", "True")]);
    let flag = Arc::new(AtomicBool::new(false));
    let mut opts = BuildOptions::new(out.path());
    opts.cancel = Some(flag.clone());
    let esc = flag.clone();
    opts.encrypt = Some(Box::new(move |src, _len, dst| {
        // Esc arrives after the first bytes were encrypted.
        let mut first = [0u8; 16];
        src.read_exact(&mut first).map_err(|e| e.to_string())?;
        dst.write_all(&first).map_err(|e| e.to_string())?;
        esc.store(true, Ordering::SeqCst);
        std::io::copy(src, dst).map_err(|e| e.to_string())?;
        Ok(())
    }));
    let e = build(&d, &resolve, &opts, &mut |_| {}).unwrap_err();
    assert!(matches!(e, BuildError::Cancelled), "{e}");
    assert_eq!(entries(out.path()), Vec::<String>::new());
}

#[test]
fn a_cancel_while_cataloguing_writes_nothing() {
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("P.ppkg"), b"the old package").unwrap();
    let d = doc("P", &[("OOBE/Desktop/HideOobe", "True")]);
    let flag = Arc::new(AtomicBool::new(false));
    let mut opts = BuildOptions::new(out.path());
    opts.overwrite = Overwrite::Replace;
    opts.cancel = Some(flag.clone());
    let e = build(&d, &resolve, &opts, &mut |p| {
        if p.stage == Stage::Cataloging {
            flag.store(true, Ordering::SeqCst);
        }
    })
    .unwrap_err();
    assert!(matches!(e, BuildError::Cancelled), "{e}");
    assert_eq!(entries(out.path()), ["P.ppkg"]);
    assert_eq!(
        fs::read(out.path().join("P.ppkg")).unwrap(),
        b"the old package"
    );
}

#[test]
fn a_cancel_before_the_start_does_nothing_at_all() {
    let out = tempfile::tempdir().unwrap();
    let d = doc("P", &[("OOBE/Desktop/HideOobe", "True")]);
    let mut opts = BuildOptions::new(out.path());
    opts.cancel = Some(Arc::new(AtomicBool::new(true)));
    let mut calls = 0;
    let e = build(&d, &resolve, &opts, &mut |_| calls += 1).unwrap_err();
    assert!(matches!(e, BuildError::Cancelled), "{e}");
    assert_eq!(calls, 0, "nothing was compiled");
    assert_eq!(entries(out.path()), Vec::<String>::new());
}

#[test]
fn a_cancel_after_the_package_is_in_place_is_too_late() {
    let out = tempfile::tempdir().unwrap();
    let d = doc("P", &[("OOBE/Desktop/HideOobe", "True")]);
    let flag = Arc::new(AtomicBool::new(false));
    let mut opts = BuildOptions::new(out.path());
    opts.cancel = Some(flag.clone());
    let built = build(&d, &resolve, &opts, &mut |p| {
        if p.stage == Stage::Done {
            flag.store(true, Ordering::SeqCst);
        }
    })
    .unwrap();
    assert!(built.ppkg.is_file() && built.cat.is_file());
    assert_eq!(entries(out.path()), ["P.cat", "P.ppkg"]);
}

#[test]
fn the_hashing_pass_over_assets_stops_on_cancel() {
    use ppkg_wizard::package::{CompileOptions, compile};
    let dir = tempfile::tempdir().unwrap();
    big_asset(dir.path(), 64 << 20);
    let d = doc_with_asset(dir.path());
    let flag = Arc::new(AtomicBool::new(true));
    let start = Instant::now();
    let err = compile(
        &d,
        &resolve,
        CompileOptions {
            cancel: Some(flag.clone()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("cancelled"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(2));
    // The same compile without the flag hashes the whole asset.
    flag.store(false, Ordering::SeqCst);
    compile(
        &d,
        &resolve,
        CompileOptions {
            cancel: Some(flag),
            ..Default::default()
        },
    )
    .unwrap();
}
