//! Memory stays bounded on hostile input, measured by a counting global allocator in this
//! test binary (issue 13, points 9–11, 14 and the package-reader fuzz target). The tests
//! here run one at a time (they share the allocator's counters and `TMPDIR`).

mod common;

use ppkg_wizard::package::{self, BuildOptions, DecryptHook, build};
use ppkg_wizard::settings::Customizations;
use ppkg_wizard::wim::{ImageInfo, Reader, WriteOptions, Writer};
use proptest::prelude::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Mutex, MutexGuard, OnceLock};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static CALLS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
            CALLS.fetch_add(1, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        CURRENT.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            if new >= l.size() {
                let now = CURRENT.fetch_add(new - l.size(), Relaxed) + new - l.size();
                PEAK.fetch_max(now, Relaxed);
            } else {
                CURRENT.fetch_sub(l.size() - new, Relaxed);
            }
            CALLS.fetch_add(1, Relaxed);
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

/// What `f` allocated at its peak above what was live before, and how many allocations
/// it made.
fn measure<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
    let base = CURRENT.load(Relaxed);
    PEAK.store(base, Relaxed);
    let calls = CALLS.load(Relaxed);
    let out = f();
    (
        out,
        PEAK.load(Relaxed).saturating_sub(base),
        CALLS.load(Relaxed) - calls,
    )
}

/// One test at a time, with `TMPDIR` pointing at a folder only this binary uses.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    static TMP: OnceLock<PathBuf> = OnceLock::new();
    let guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    TMP.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("ppkg-hostile-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        // SAFETY: set once, under the lock every test of this binary takes first.
        unsafe { std::env::set_var("TMPDIR", &dir) };
        dir
    });
    guard
}

const MIB: usize = 1 << 20;

fn doc(name: &str) -> Customizations {
    common::wcd_xml::doc(
        name,
        &[
            ("Policies/DeviceLock/DevicePasswordEnabled", "Enabled"),
            (
                "ProvisioningCommands/PrimaryContext/Command/CommandConfig[#0]/CommandLine",
                "cmd /c echo hi",
            ),
        ],
    )
}

fn small_package(dir: &Path, encrypt: bool) -> PathBuf {
    let mut o = BuildOptions::new(dir);
    o.threads = 1;
    if encrypt {
        let pw = ppkg_wizard::protect::PackagePassword::new_wcd("Password1").unwrap();
        o.encrypt = Some(ppkg_wizard::pipeline::encrypt_hook(pw));
    }
    build(&doc("P"), &|_: &str| None::<PathBuf>, &o, &mut |_| {})
        .unwrap()
        .ppkg
}

// ---- the package reader, fuzzed: never a panic, memory bounded ----

fn base_package() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let d = tempfile::tempdir().unwrap();
        fs::read(small_package(d.path(), false)).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]
    #[test]
    fn mutated_packages_inspect_without_panic_in_bounded_memory(
        flips in prop::collection::vec((any::<u32>(), any::<u8>()), 1..8),
        cut in prop::option::of(any::<u32>()),
    ) {
        let _g = serial();
        let mut b = base_package().to_vec();
        for (at, x) in flips {
            let i = at as usize % b.len();
            b[i] ^= x | 1;
        }
        if let Some(c) = cut {
            b.truncate(c as usize % b.len());
        }
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("m.ppkg");
        fs::write(&p, &b).unwrap();
        let (_, peak, _) = measure(|| {
            let _ = package::inspect(&p, None);
            let _ = package::extract(&p, &d.path().join("x"), None);
        });
        prop_assert!(peak < 16 * MIB, "peak {peak} bytes for a {} byte package", b.len());
    }

    /// Header fields and resource sizes set to extremes: refused without allocating for
    /// what they claim.
    #[test]
    fn extreme_header_sizes_stay_bounded(field in 0usize..26, value in any::<u64>()) {
        let _g = serial();
        let mut b = base_package().to_vec();
        // Header fields from offset 48: resource headers (24 bytes each) and counts.
        let at = 48 + field * 4;
        b[at..at + 8].copy_from_slice(&value.to_le_bytes());
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("h.ppkg");
        fs::write(&p, &b).unwrap();
        let (_, peak, _) = measure(|| {
            let _ = package::inspect(&p, None);
        });
        prop_assert!(peak < 16 * MIB, "peak {peak} bytes");
    }
}

/// A package whose settings file decompresses to far more than it occupies.
fn bomb(dir: &Path, size: usize) -> PathBuf {
    let p = dir.join("bomb.ppkg");
    let mut w = Writer::new(fs::File::create(&p).unwrap(), WriteOptions::default()).unwrap();
    let mut xml = b"<wap-provisioningdoc><!--".to_vec();
    xml.resize(size, b' ');
    xml.extend_from_slice(b"--></wap-provisioningdoc>");
    let name = "/Multivariant/0/Prov/RunTime/0__x.provxml";
    w.add_file(name, &mut &xml[..], xml.len() as u64).unwrap();
    w.finish(&ImageInfo {
        name: "B".into(),
        ..Default::default()
    })
    .unwrap();
    p
}

#[test]
fn p10_a_compressed_settings_bomb_is_refused_in_bounded_memory() {
    let _g = serial();
    let d = tempfile::tempdir().unwrap();
    let p = bomb(d.path(), 64 * MIB);
    assert!(fs::metadata(&p).unwrap().len() < 4 * MIB as u64);
    let (r, peak, _) = measure(|| package::inspect(&p, None));
    let e = r.unwrap_err();
    assert!(e.to_string().contains("at most 8 MiB"), "{e}");
    assert!(peak < 4 * MIB, "peak {peak}");
    // Just under the cap it is read, still in bounded memory.
    let p = bomb(d.path(), 7 * MIB);
    let (_, peak, _) = measure(|| package::inspect(&p, None));
    assert!(peak < 48 * MIB, "peak {peak}");
}

/// A deep tree of long names: the paths alone add up to far more than the file holds.
#[test]
fn p10_paths_of_a_deep_wide_tree_are_capped() {
    let _g = serial();
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("wide.wim");
    let mut w = Writer::new(fs::File::create(&p).unwrap(), WriteOptions::default()).unwrap();
    let long = "n".repeat(200);
    let mut path = String::new();
    for _ in 0..60 {
        path.push('/');
        path.push_str(&long);
        w.add_dir(&path).unwrap();
        for f in 0..40 {
            let name = format!("{path}/{f}");
            w.add_file(&name, &mut &b""[..], 0).unwrap();
        }
    }
    w.finish(&ImageInfo::default()).unwrap();
    let size = fs::metadata(&p).unwrap().len();
    let (r, peak, _) = measure(|| Reader::open(&p).map(|r| r.entries().len()));
    let e = r.unwrap_err();
    assert!(e.to_string().contains("paths"), "{e}");
    // About 15 MB of paths, kept two or three times, without the cap.
    assert!(peak < 32 * MIB, "peak {peak} bytes for a {size} byte file");
}

// ---- 11: extraction work is linear in the size of the tree ----

#[test]
fn p11_deep_trees_extract_with_work_linear_in_entries() {
    let _g = serial();
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("deep.wim");
    let depth = 600;
    let mut w = Writer::new(fs::File::create(&p).unwrap(), WriteOptions::default()).unwrap();
    let mut path = String::new();
    for _ in 0..depth {
        path.push_str("/d");
        w.add_dir(&path).unwrap();
        let f = format!("{path}/f");
        w.add_file(&f, &mut &b"x"[..], 1).unwrap();
    }
    w.finish(&ImageInfo::default()).unwrap();
    let mut r = Reader::open(&p).unwrap();
    let entries = r.entries().len();
    let x = d.path().join("x");
    fs::create_dir(&x).unwrap();
    let (res, _, calls) = measure(|| r.extract_to(&x));
    res.unwrap();
    eprintln!("{calls} allocations to extract {entries} entries");
    // A check of every parent for every entry needs depth × entries allocations for
    // these long paths (~400,000 here); linear work needs a few per entry.
    assert!(
        calls < 40 * entries,
        "{calls} allocations for {entries} entries"
    );
    let deepest = "d/".repeat(depth) + "f";
    assert!(x.join(deepest).is_file());
}

// ---- 14: export --wcd streams assets ----

#[test]
fn p14_export_wcd_streams_a_large_asset() {
    let _g = serial();
    let d = tempfile::tempdir().unwrap();
    let big = d.path().join("setup.cmd");
    // Sparse: 32 MiB that take no disk space to make (the copy does take them).
    fs::File::create(&big)
        .unwrap()
        .set_len(32 * MIB as u64)
        .unwrap();
    fs::write(
        d.path().join("p.json"),
        r#"{"schema":1,"name":"Big","package":{"id":"2b9d4e61-7c3a-4f0e-8d21-5a6b7c8d9e0f","version":"1.0","owner":"ITAdmin","rank":0},
 "device":{"name":"PC-%SERIAL%"},
 "applications":[{"name":"App","installer":"setup.cmd","command_line":"cmd /c setup.cmd"}]}"#,
    )
    .unwrap();
    let project = ppkg_wizard::project::load(&d.path().join("p.json")).unwrap();
    let opts = ppkg_wizard::exchange::WcdExportOptions {
        windows_dir: "C:\\x".into(),
        include_secrets: false,
        overwrite: ppkg_wizard::fsutil::Overwrite::Refuse,
    };
    let out = d.path().join("wcd");
    let (r, peak, _) = measure(|| ppkg_wizard::exchange::export_wcd(&project, &out, &opts));
    let r = r.unwrap();
    assert_eq!(fs::metadata(&r.assets[0]).unwrap().len(), 32 * MIB as u64);
    assert!(peak < 8 * MIB, "peak {peak} bytes to copy a 32 MiB asset");
}

// ---- 9: decryption leaves no named plain file ----

#[test]
fn p09_decrypted_package_never_has_a_name() {
    let _g = serial();
    let d = tempfile::tempdir().unwrap();
    let ppkg = small_package(d.path(), true);
    let tmp = std::env::temp_dir();
    let pw = ppkg_wizard::protect::PackagePassword::new_wcd("Password1").unwrap();
    let real = ppkg_wizard::pipeline::decrypt_hook(pw);
    let named_plain = std::sync::Arc::new(Mutex::new(Vec::<PathBuf>::new()));
    let seen = named_plain.clone();
    let hook: Box<DecryptHook> = Box::new(move |src, len, dst| {
        real(src, len, dst)?;
        dst.flush().map_err(|e| e.to_string())?;
        // Now the whole plain WIM is written: is it reachable by a name in TMPDIR?
        let mut found = Vec::new();
        let mut stack = vec![tmp.clone()];
        while let Some(dir) = stack.pop() {
            for e in fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = e.path();
                let Ok(m) = fs::symlink_metadata(&path) else {
                    continue;
                };
                if m.is_dir() {
                    stack.push(path);
                } else if m.is_file()
                    && fs::read(&path).is_ok_and(|b| b.starts_with(b"MSWIM\0\0\0"))
                {
                    found.push(path);
                }
            }
        }
        seen.lock().unwrap().extend(found);
        Ok(())
    });
    let ins = package::inspect(&ppkg, Some(&*hook)).unwrap();
    assert!(ins.encrypted);
    let found = named_plain.lock().unwrap().clone();
    assert!(found.is_empty(), "plain WIM reachable at {found:?}");
}
