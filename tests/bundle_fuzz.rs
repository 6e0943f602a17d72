//! Damaged bundles: flipping bytes anywhere in a valid bundle must never panic, must leave
//! nothing behind when refused, and can only open when every unpacked file is unchanged.

use ppkg_wizard::bundle;
use ppkg_wizard::fsutil::Overwrite;
use ppkg_wizard::project::{Application, Project};
use proptest::prelude::*;
use std::fs;
use std::path::Path;
use std::sync::OnceLock;

/// A small real bundle and the files it holds (entry name, bytes).
/// The files of the bundle: (name, bytes).
type Entries = Vec<(String, Vec<u8>)>;

fn valid() -> &'static (Vec<u8>, Entries) {
    static BUNDLE: OnceLock<(Vec<u8>, Entries)> = OnceLock::new();
    BUNDLE.get_or_init(|| {
        let src = tempfile::tempdir().unwrap();
        fs::write(src.path().join("setup.exe"), b"MZ small installer body").unwrap();
        fs::write(src.path().join("dep.dll"), vec![7u8; 3000]).unwrap();
        let mut p = Project::new("Fuzz");
        p.base_dir = src.path().to_path_buf();
        p.applications.push(Application {
            name: "A".into(),
            installer: "setup.exe".into(),
            command_line: "setup.exe".into(),
            continue_on_failure: false,
            restart_required: false,
            success_code: Some(0),
            restart_code: Some(3010),
            dependencies: vec!["dep.dll".into()],
        });
        let zip = src.path().join("b.zip");
        bundle::export(&p, "fuzz.json", &zip, Overwrite::Refuse).unwrap();
        let bytes = fs::read(&zip).unwrap();
        let out = src.path().join("o");
        bundle::open(&zip, &out).unwrap();
        let files = ["fuzz.json", "setup.exe", "dep.dll"]
            .iter()
            .map(|n| (n.to_string(), fs::read(out.join(n)).unwrap()))
            .collect();
        (bytes, files)
    })
}

fn check(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("b.zip");
    fs::write(&zip, bytes).unwrap();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    let dest = out.join("d");
    match bundle::open(&zip, &dest) {
        Err(e) => {
            assert!(!e.to_string().is_empty());
            assert_eq!(
                fs::read_dir(&out).unwrap().count(),
                0,
                "left files after: {e}"
            );
        }
        Ok(_) => {
            for (name, content) in &valid().1 {
                assert_eq!(
                    &fs::read(dest.join(name)).unwrap(),
                    content,
                    "{name} changed"
                );
            }
            assert!(!Path::new(&dest.join("manifest.json")).exists());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn flipped_bytes_anywhere(flips in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4)) {
        let mut bytes = valid().0.clone();
        let n = bytes.len();
        for (i, x) in flips {
            bytes[i.index(n)] ^= x;
        }
        check(&bytes);
    }

    /// The directory and end record are where parsers disagree; hit them harder.
    #[test]
    fn flipped_bytes_in_the_directory(flips in prop::collection::vec((any::<prop::sample::Index>(), 1u8..=255), 1..4)) {
        let mut bytes = valid().0.clone();
        let n = bytes.len();
        let tail = 350.min(n);
        for (i, x) in flips {
            bytes[n - tail + i.index(tail)] ^= x;
        }
        check(&bytes);
    }

    #[test]
    fn truncated(len in any::<prop::sample::Index>()) {
        let bytes = valid().0.clone();
        let cut = len.index(bytes.len());
        check(&bytes[..cut]);
    }
}
