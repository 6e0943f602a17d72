//! Golden tests: compiling the WCD samples' customizations.xml must give WCD's tree,
//! byte for byte, except the exceptions listed (each with its reason).

mod common;

use common::files_under;
use ppkg_wizard::package::{CompileOptions, Content, compile};
use ppkg_wizard::settings::read_customizations;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

fn hash_name(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .encode(Sha256::digest(bytes))
        .replace('/', ".")
}

/// Compiles `sample` against the tree WCD packed and compares every file.
/// `stale` lists packed files whose WCD name carries a hash that is not the hash of the
/// bytes WCD packed (catalog §3: EP v1.11). For those, WCD's stale hash is replaced by
/// the real one before comparing, and the test asserts that the hash really is stale.
fn golden(sample: &str, version: &str, stale: &[&str]) {
    if !common::tool_available("wimlib-imagex") {
        return;
    }
    let dir = common::samples_dir().join(sample);
    let tree = common::wimlib_apply(&dir.join("e-power.ppkg"));
    let mut wcd = files_under(tree.path());

    let mut doc = read_customizations(&fs::read(dir.join("customizations.xml")).unwrap()).unwrap();
    // WCD bumps the project version after building; the package holds the earlier one.
    let packed = read_customizations(&wcd["Multivariant/0/customizations.xml"]).unwrap();
    doc.package.version = packed.package.version;

    // Assets: the files WCD packed, found by file name.
    let by_name: BTreeMap<String, PathBuf> = wcd
        .keys()
        .filter(|p| p.starts_with("DataAsset/") && p.matches('/').count() == 3)
        .map(|p| {
            (
                p.rsplit('/').next().unwrap().to_owned(),
                tree.path().join(p),
            )
        })
        .collect();
    let resolver = |text: &str| {
        let name = text.rsplit('\\').next().unwrap();
        by_name.get(name).cloned()
    };
    let ours = compile(
        &doc,
        &resolver,
        CompileOptions::for_version(&version.parse().unwrap()),
    )
    .unwrap();

    // Exception: stale hashes in WCD's names (see doc comment).
    for name in stale {
        let path = wcd
            .keys()
            .find(|p| p.ends_with(&format!("/{name}")))
            .unwrap()
            .clone();
        let dir_part = path.split('/').nth(2).unwrap();
        let wcd_hash = dir_part.split_once('_').unwrap().1.to_owned();
        let real = hash_name(&wcd[&path]);
        assert_ne!(wcd_hash, real, "{name}: the listed exception is not needed");
        let fix = |s: &str| s.replace(&wcd_hash, &real);
        wcd = wcd
            .into_iter()
            .map(|(p, b)| {
                let b = if p.ends_with(".xml") || p.ends_with(".provxml") {
                    fix(&String::from_utf8(b).unwrap()).into_bytes()
                } else {
                    b
                };
                (fix(&p), b)
            })
            .collect();
    }

    let mut ours_map = BTreeMap::new();
    for f in &ours.files {
        let bytes = match &f.content {
            Content::Bytes(b) => b.clone(),
            Content::Asset(a) => {
                let b = fs::read(&a.source).unwrap();
                assert_eq!(a.size, b.len() as u64);
                assert_eq!(a.sha256, <[u8; 32]>::from(Sha256::digest(&b)));
                b
            }
        };
        assert!(
            ours_map.insert(f.path.clone(), bytes).is_none(),
            "duplicate {}",
            f.path
        );
    }
    let wcd_names: Vec<&String> = wcd.keys().collect();
    let our_names: Vec<&String> = ours_map.keys().collect();
    assert_eq!(our_names, wcd_names, "{sample}: file lists differ");
    for (path, bytes) in &wcd {
        let mine = &ours_map[path];
        assert!(
            mine == bytes,
            "{sample}: {path} differs\n--- WCD\n{}\n--- ours\n{}",
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(mine)
        );
    }
}

#[test]
fn epower_v1_11_store_wcd_with_settings_path() {
    golden(
        "epower-v1.11",
        "2022.1118.0.0",
        &["Set-Autopilot.ps1", "Set-Autopilot-reset.ps1"],
    );
}

#[test]
fn epower_v1_1_adk_icd_without_settings_path() {
    golden("epower-v1.1", "10.0.22621.1", &[]);
}
