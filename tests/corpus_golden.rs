//! The corpus golden test: every real WCD/ICD package in `../shared/reference/corpus/` and
//! both `samples/` is rebuilt from its own customizations.xml and packed files, as the WCD
//! version its WIM NOTES name (none: the 2016 ICD), and must equal WCD's tree file for
//! file, byte for byte. Only asset hash strings are compared loosely (WCD sometimes keeps
//! a stale one, catalog §3): a WCD hash that is not the hash of the bytes it packed is
//! replaced by the real one before comparing.
//!
//! Packages are read with our own WIM reader, so this test needs no external tool.

mod common;

use common::files_under;
use ppkg_wizard::package::{CompileOptions, Content, WcdVersion, compile};
use ppkg_wizard::settings::read_customizations;
use ppkg_wizard::wim;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

fn reference() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference")
}

struct Case {
    name: String,
    ppkg: PathBuf,
    /// The WIM XML WCD wrote (meta.json keeps it for re-captured corpus packages).
    wim_xml: String,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    let corpus = reference().join("corpus");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&corpus)
        .expect("the corpus is in ../shared/reference/corpus")
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("package.ppkg").is_file())
        .collect();
    dirs.sort();
    for d in dirs {
        let meta: serde_json::Value =
            serde_json::from_slice(&fs::read(d.join("meta.json")).unwrap()).unwrap();
        out.push(Case {
            name: d.file_name().unwrap().to_string_lossy().into_owned(),
            ppkg: d.join("package.ppkg"),
            wim_xml: meta["wim_xml"].as_str().unwrap_or_default().to_owned(),
        });
    }
    for s in ["epower-v1.1", "epower-v1.11"] {
        let ppkg = reference().join("samples").join(s).join("e-power.ppkg");
        let reader = wim::Reader::open(&ppkg).unwrap();
        let info = reader.xml_info();
        out.push(Case {
            name: format!("samples/{s}"),
            wim_xml: format!("<NOTES>{}</NOTES>", info.image.notes),
            ppkg,
        });
    }
    out
}

/// `KEY=value` from the NOTES of a WIM XML.
fn note(wim_xml: &str, key: &str) -> Option<String> {
    let notes = wim_xml.split("<NOTES>").nth(1)?.split("</NOTES>").next()?;
    notes
        .split(';')
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")).map(str::to_owned))
}

fn hash_name(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .encode(Sha256::digest(bytes))
        .replace('/', ".")
}

/// Replaces every stale `<k>_<hash>` WCD wrote by the hash of the bytes it packed.
fn normalise_stale_hashes(wcd: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let mut fixes: Vec<(String, String)> = Vec::new();
    for (p, b) in &wcd {
        let parts: Vec<&str> = p.split('/').collect();
        if parts.len() == 4 && parts[0] == "DataAsset" {
            if let Some((_, h)) = parts[2].split_once('_') {
                let real = hash_name(b);
                if h != real {
                    fixes.push((h.to_owned(), real));
                }
            }
        }
    }
    let fix = |s: &str| {
        let mut s = s.to_owned();
        for (old, new) in &fixes {
            s = s.replace(old, new);
        }
        s
    };
    wcd.into_iter()
        .map(|(p, b)| {
            let b = if p.ends_with(".xml") || p.ends_with(".provxml") {
                match String::from_utf8(b) {
                    Ok(s) => fix(&s).into_bytes(),
                    Err(e) => e.into_bytes(),
                }
            } else {
                b
            };
            (fix(&p), b)
        })
        .collect()
}

/// Every leaf of the customizations: its element name and text.
fn leaves(doc: &ppkg_wizard::settings::Customizations) -> Vec<(String, String)> {
    fn walk(n: &ppkg_wizard::settings::Node, out: &mut Vec<(String, String)>) {
        if n.children.is_empty() {
            if let Some(t) = &n.text {
                out.push((n.name.clone(), t.clone()));
            }
        }
        for c in &n.children {
            walk(c, out);
        }
    }
    let mut out = Vec::new();
    for n in &doc.settings {
        walk(n, &mut out);
    }
    out
}

/// The unescaped value of the first `<parm name="NAME" … value="…"` in a provxml.
fn parm_value(provxml: &str, name: &str) -> Option<String> {
    let at = provxml.find(&format!(" name=\"{name}\" value=\""))?;
    let rest = &provxml[at + name.len() + 16..];
    let raw = &rest[..rest.find('"')?];
    Some(
        raw.replace("&#xD;", "\r")
            .replace("&#xA;", "\n")
            .replace("&#x9;", "\t")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// Rebuilds one package; `Err` says how it differs.
fn rebuild(case: &Case) -> Result<(), String> {
    let tree = tempfile::tempdir().unwrap();
    let mut reader = wim::Reader::open(&case.ppkg).map_err(|e| format!("unreadable: {e}"))?;
    reader.extract_to(tree.path()).unwrap();
    let packed = files_under(tree.path());
    // Assets: the files WCD packed, found by file name.
    let by_name: BTreeMap<String, PathBuf> = packed
        .keys()
        .filter(|p| p.starts_with("DataAsset/") && p.matches('/').count() == 3)
        .map(|p| {
            (
                p.rsplit('/').next().unwrap().to_owned(),
                tree.path().join(p),
            )
        })
        .collect();
    let wcd = normalise_stale_hashes(packed);

    let version_text = note(&case.wim_xml, "VERSION").unwrap_or_else(|| "10.0.10586".into());
    let version: WcdVersion = version_text.parse().map_err(|e| format!("{e}"))?;
    let doc = read_customizations(&wcd["Multivariant/0/customizations.xml"])
        .map_err(|e| format!("customizations.xml: {e}"))?;

    // A file WCD put inline (a licence XML) is not in the package: it is recreated from
    // the parm value WCD wrote, so this checks that compiling it again gives that value.
    let inline = tempfile::tempdir().unwrap();
    for (leaf, text) in leaves(&doc) {
        let file = text.rsplit('\\').next().unwrap_or("").to_owned();
        // Only a Windows path's last part can name a file: a command line with a
        // backslash in it (`reg add "HKLM\…" /v …`) cannot.
        let file_name =
            !file.is_empty() && !file.contains(['<', '>', ':', '"', '/', '|', '?', '*']);
        if !text.contains('\\') || !file_name || by_name.contains_key(&file) {
            continue;
        }
        if let Some(value) = wcd
            .iter()
            .filter(|(p, _)| p.ends_with(".provxml"))
            .find_map(|(_, b)| parm_value(&String::from_utf8_lossy(b), &leaf))
        {
            fs::write(inline.path().join(&file), value).unwrap();
        }
    }
    let resolver = |text: &str| {
        let name = text.rsplit('\\').next().unwrap();
        by_name
            .get(name)
            .cloned()
            .or_else(|| Some(inline.path().join(name)).filter(|p| p.is_file()))
    };
    let mut opts = CompileOptions::for_version(&version);
    if let Some(skus) = note(&case.wim_xml, "TargetSkus") {
        opts.target_skus = Some(skus);
    }
    let ours = compile(&doc, &resolver, opts).map_err(|e| format!("compile failed: {e}"))?;

    let mut mine = BTreeMap::new();
    for f in &ours.files {
        let bytes = match &f.content {
            Content::Bytes(b) => b.clone(),
            Content::Asset(a) => fs::read(&a.source).unwrap(),
        };
        mine.insert(f.path.clone(), bytes);
    }
    let a: Vec<&String> = wcd.keys().collect();
    let b: Vec<&String> = mine.keys().collect();
    if a != b {
        return Err(format!("file lists differ\n  WCD:  {a:?}\n  ours: {b:?}"));
    }
    for (path, bytes) in &wcd {
        let ours = &mine[path];
        if ours != bytes {
            let at = ours
                .iter()
                .zip(bytes.iter())
                .position(|(a, b)| a != b)
                .unwrap_or(ours.len().min(bytes.len()));
            let window = |b: &[u8]| {
                String::from_utf8_lossy(&b[at.saturating_sub(80)..(at + 160).min(b.len())])
                    .into_owned()
            };
            return Err(format!(
                "{path} differs at byte {at}\n--- WCD\n…{}\n--- ours\n…{}",
                window(bytes),
                window(ours)
            ));
        }
    }
    Ok(())
}

#[test]
fn every_corpus_package_rebuilds_identically() {
    let cases = cases();
    assert!(cases.len() >= 29, "the corpus and samples are incomplete");
    let mut identical = 0;
    let mut failures = Vec::new();
    for c in &cases {
        match rebuild(c) {
            Ok(()) => identical += 1,
            Err(e) => failures.push(format!("{}: {e}", c.name)),
        }
    }
    eprintln!("{identical} of {} packages identical", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `build --wcd-version` with a version between known ones builds as the nearest older
/// one and says so in one line on stderr; a string WCD would not write is a usage error.
#[test]
fn cli_wcd_version_between_known_ones_says_which_it_takes() {
    let dir = tempfile::tempdir().unwrap();
    let src = reference().join("corpus/pat-KBF-f1064989/package.ppkg");
    let mut reader = wim::Reader::open(&src).unwrap();
    let tree = dir.path().join("tree");
    fs::create_dir(&tree).unwrap();
    reader.extract_to(&tree).unwrap();
    let xml = tree.join("Multivariant/0/customizations.xml");
    let run = |version: &str, out: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ppkg-wizard"))
            .arg("build")
            .arg(&xml)
            .args(["--quiet", "--wcd-version", version, "-o"])
            .arg(dir.path().join(out))
            .output()
            .unwrap()
    };
    let o = run("2024.101.0.0", "a");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("2024.101.0.0") && err.contains("2022.1118"),
        "{err}"
    );
    // Compiled as 2022.1118: SettingsPath attributes, Desktop only (alphabetical order).
    let mut built = wim::Reader::open(dir.path().join("a/KBF.ppkg")).unwrap();
    assert!(
        built
            .xml_info()
            .image
            .notes
            .contains(";TargetSkus=Desktop;")
    );
    let out = dir.path().join("a-tree");
    fs::create_dir(&out).unwrap();
    built.extract_to(&out).unwrap();
    let rt = fs::read_to_string(out.join("Multivariant/0/Prov/RunTime.xml")).unwrap();
    let first = rt.find("OOBE_Desktop_HideOobe").unwrap();
    let second = rt.find("Policies_ApplicationManagement").unwrap();
    assert!(first < second, "{rt}");

    let o = run("2025.416.0.0+757d43c", "b");
    assert!(o.status.success());
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let o = run("version 5", "c");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a WCD version"));
}
