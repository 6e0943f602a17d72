//! Our reader on the WCD-built packages in `shared/reference/samples`, compared with
//! what wimlib extracts from them.

#[path = "common/wimlib.rs"]
mod wimlib;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use ppkg_wizard::wim::Reader;
use wimlib::a;

fn samples() -> Vec<PathBuf> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples");
    let v: Vec<PathBuf> = ["epower-v1.1", "epower-v1.11"]
        .iter()
        .map(|d| base.join(d).join("e-power.ppkg"))
        .collect();
    for p in &v {
        assert!(p.exists(), "sample {} missing", p.display());
    }
    v
}

/// Relative path -> contents (None for directories) of everything under `dir`.
fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = format!("/{}", p.strip_prefix(dir).unwrap().to_string_lossy());
            if p.is_dir() {
                out.insert(rel, None);
                stack.push(p);
            } else {
                out.insert(rel, Some(fs::read(&p).unwrap()));
            }
        }
    }
    out
}

#[test]
fn samples_read_like_wimlib_extracts_them() {
    for wim in samples() {
        let mut r = Reader::open(&wim).unwrap();
        r.verify().unwrap();
        let h = r.header().clone();
        assert_eq!(
            (h.version, h.flags, h.chunk_size),
            (0x10d00, 0x20082, 32768)
        );
        let x = r.xml_info().clone();
        assert_eq!(x.image.name, "e-power Autopilot enrollment");
        assert_eq!(x.image.altitude, 5000);
        assert_eq!(x.image.package_id, "{f70f31bb-69aa-4a40-a800-f43b1a7af4f5}");
        let files = r.entries().iter().filter(|e| !e.is_dir).count() as u64;
        let dirs = r.entries().iter().filter(|e| e.is_dir).count() as u64;
        let bytes: u64 = r.entries().iter().map(|e| e.size).sum();
        // WCD's DIRCOUNT leaves out the root. Its FILECOUNT and TOTALBYTES count more than
        // the files in the tree (40 vs 28 files in v1.1): they are not checked here.
        assert_eq!(x.stats.dir_count, dirs, "{}", wim.display());
        assert!(files > 20 && x.stats.file_count >= files && x.stats.total_bytes >= bytes);

        // Our extraction.
        let ours = tempfile::tempdir().unwrap();
        r.extract_to(ours.path()).unwrap();
        let ours_tree = tree(ours.path());
        assert_eq!(ours_tree.len(), r.entries().len());
        for e in r.entries().to_vec() {
            let mut data = Vec::new();
            if !e.is_dir {
                std::io::Read::read_to_end(&mut r.open_file(&e.path).unwrap(), &mut data).unwrap();
                assert_eq!(data.len() as u64, e.size);
                assert_eq!(ours_tree[&e.path].as_deref(), Some(&data[..]), "{}", e.path);
            }
        }

        if wimlib::available() {
            let theirs = tempfile::tempdir().unwrap();
            let dest = theirs.path().join("x");
            wimlib::run(&[a("apply"), a(&wim), a("1"), a(&dest), a("--no-acls")]);
            assert_eq!(tree(&dest), ours_tree, "{}", wim.display());
        }
    }
}
