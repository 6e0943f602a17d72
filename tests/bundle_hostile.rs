//! Hostile bundles: each must be refused with the right error, naming the entry, and leave
//! nothing on disk. Most are built byte by byte, because a well-behaved zip writer refuses
//! to write them; each is otherwise a valid bundle (manifest and project correct), so the
//! refusal is for the defect under test.

use ppkg_wizard::bundle::{self, BundleError};
use ppkg_wizard::project::{Project, to_json};
use sha2::Digest;
use std::fs;
use std::io::{Cursor, Write};
use std::path::Path;

// ---------- a raw zip writer ----------

#[derive(Clone)]
struct Raw {
    name: Vec<u8>,
    /// Bytes stored in the archive (already compressed when `method` is 8).
    stored: Vec<u8>,
    method: u16,
    flags: u16,
    made_by: u16,
    external: u32,
    crc: u32,
    size: u64,
    compressed: u64,
}

impl Raw {
    /// A stored file with correct CRC and sizes.
    fn file(name: &str, content: &[u8]) -> Self {
        Raw {
            name: name.as_bytes().to_vec(),
            stored: content.to_vec(),
            method: 0,
            flags: if name.is_ascii() { 0 } else { 1 << 11 },
            made_by: (3 << 8) | 20,
            external: 0o100_644 << 16,
            crc: crc32(content),
            size: content.len() as u64,
            compressed: content.len() as u64,
        }
    }
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Writes local headers, data, the central directory and the end record. Sizes that do
/// not fit 32 bits get a zip64 extra field (in both headers), as real writers do.
fn build(entries: &[Raw]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let big = e.size >= 0xFFFF_FFFF || e.compressed >= 0xFFFF_FFFF;
        let (size32, comp32) = if big {
            (u32::MAX, u32::MAX)
        } else {
            (e.size as u32, e.compressed as u32)
        };
        let mut extra = Vec::new();
        if big {
            extra.extend_from_slice(&1u16.to_le_bytes());
            extra.extend_from_slice(&16u16.to_le_bytes());
            extra.extend_from_slice(&e.size.to_le_bytes());
            extra.extend_from_slice(&e.compressed.to_le_bytes());
        }
        let offset = out.len() as u32;
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&(if big { 45u16 } else { 20 }).to_le_bytes());
        out.extend_from_slice(&e.flags.to_le_bytes());
        out.extend_from_slice(&e.method.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0x21, 0]); // time, date (1980-01-01)
        out.extend_from_slice(&e.crc.to_le_bytes());
        out.extend_from_slice(&comp32.to_le_bytes());
        out.extend_from_slice(&size32.to_le_bytes());
        out.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        out.extend_from_slice(&(extra.len() as u16).to_le_bytes());
        out.extend_from_slice(&e.name);
        out.extend_from_slice(&extra);
        out.extend_from_slice(&e.stored);

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&e.made_by.to_le_bytes());
        central.extend_from_slice(&(if big { 45u16 } else { 20 }).to_le_bytes());
        central.extend_from_slice(&e.flags.to_le_bytes());
        central.extend_from_slice(&e.method.to_le_bytes());
        central.extend_from_slice(&[0, 0, 0x21, 0]);
        central.extend_from_slice(&e.crc.to_le_bytes());
        central.extend_from_slice(&comp32.to_le_bytes());
        central.extend_from_slice(&size32.to_le_bytes());
        central.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
        central.extend_from_slice(&(extra.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 6]); // comment len, disk, internal attrs
        central.extend_from_slice(&e.external.to_le_bytes());
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(&e.name);
        central.extend_from_slice(&extra);
    }
    let cd_start = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_start.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

fn sha(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The project every test bundle carries; its installer is `assets/setup.exe`.
fn project_json() -> Vec<u8> {
    let mut p = Project::new("Hostile");
    p.package.id = uuid::Uuid::from_u128(0x1234_5678);
    p.applications.push(ppkg_wizard::project::Application {
        name: "Setup".into(),
        installer: "assets/setup.exe".into(),
        command_line: "setup.exe".into(),
        continue_on_failure: false,
        restart_required: false,
        success_code: Some(0),
        restart_code: Some(3010),
        dependencies: vec![],
    });
    to_json(&p).into_bytes()
}

fn manifest(files: &[(&str, u64, String)]) -> Raw {
    let files: Vec<serde_json::Value> = files
        .iter()
        .map(|(p, size, h)| serde_json::json!({"path": p, "size": size, "sha256": h}))
        .collect();
    let m = serde_json::json!({
        "format": "ppkg-wizard-bundle", "format_version": 1, "tool_version": "0.1.0",
        "schema": 1, "project": "project.json", "files": files,
    });
    Raw::file("manifest.json", m.to_string().as_bytes())
}

/// A valid bundle's entries plus `extra`, with a manifest listing them all by content.
fn bundle_with(extra: Vec<Raw>) -> Vec<u8> {
    let mut entries = vec![
        Raw::file("project.json", &project_json()),
        Raw::file("assets/setup.exe", b"MZ installer"),
    ];
    entries.extend(extra);
    let listed: Vec<(&str, u64, String)> = entries
        .iter()
        .map(|e| {
            (
                std::str::from_utf8(&e.name).unwrap_or("?"),
                e.size,
                sha(&e.stored),
            )
        })
        .collect();
    let m = manifest(&listed);
    entries.push(m);
    build(&entries)
}

// ---------- the harness ----------

/// Writes `zip` into a fresh folder, opens it into `<folder>/out/dest`, and checks that it
/// failed and that `out` is still empty (no destination, no temporary folder, no escapee).
fn refuse(zip: &[u8]) -> BundleError {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("hostile.zip");
    fs::write(&zip_path, zip).unwrap();
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    let err = bundle::open(&zip_path, &out.join("dest")).expect_err("a hostile bundle was opened");
    assert_eq!(
        fs::read_dir(&out).unwrap().count(),
        0,
        "something was written: {err}"
    );
    let mut top: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    top.sort();
    assert_eq!(top, ["hostile.zip", "out"], "something escaped: {err}");
    err
}

fn says(err: &BundleError, name: &str) {
    let msg = err.to_string();
    assert!(msg.contains(name), "{msg:?} does not name {name:?}");
    assert!(!msg.contains('\n'), "{msg:?} is not one sentence");
}

#[test]
fn the_valid_baseline_opens() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("ok.zip");
    fs::write(&zip_path, bundle_with(vec![])).unwrap();
    let p = bundle::open(&zip_path, &dir.path().join("d")).unwrap();
    assert_eq!(
        fs::read(dir.path().join("d/assets/setup.exe")).unwrap(),
        b"MZ installer"
    );
    assert!(p.ends_with("project.json"));
}

#[test]
fn zip_slip_absolute_and_backslash_names_are_refused() {
    for name in [
        "../evil.txt",
        "a/../../evil.txt",
        "assets/../../../../tmp/evil.txt",
        "/etc/evil",
        "/tmp/evil.txt",
        "C:\\evil.txt",
        "C:/evil.txt",
        "c:evil.txt",
        "\\\\server\\share\\evil.txt",
        "assets\\..\\..\\evil.txt",
        "assets\\evil.txt",
        "./evil.txt",
        "assets/CON",
        "assets/evil.txt:stream",
    ] {
        let err = refuse(&bundle_with(vec![Raw::file(name, b"gotcha")]));
        assert!(
            matches!(err, BundleError::UnsafeName { .. }),
            "{name}: {err:?}"
        );
        says(&err, name);
    }
}

#[test]
fn symlinks_are_refused() {
    let mut link = Raw::file("assets/passwd", b"/etc/passwd");
    link.external = 0o120_777 << 16;
    let err = refuse(&bundle_with(vec![link]));
    assert!(matches!(err, BundleError::Symlink { .. }), "{err:?}");
    says(&err, "assets/passwd");

    // The same made by the zip crate's own symlink writer.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    w.start_file("project.json", o).unwrap();
    w.write_all(&project_json()).unwrap();
    w.add_symlink("assets/setup.exe", "/bin/sh", o).unwrap();
    let zip = w.finish().unwrap().into_inner();
    let err = refuse(&zip);
    assert!(matches!(err, BundleError::Symlink { .. }), "{err:?}");

    // A Windows reparse point (junction) attribute.
    let mut junction = Raw::file("assets/junction", b"");
    junction.made_by = 20; // DOS/Windows
    junction.external = 0x400;
    let err = refuse(&bundle_with(vec![junction]));
    assert!(matches!(err, BundleError::Symlink { .. }), "{err:?}");
}

#[test]
fn folder_and_device_entries_are_refused() {
    let err = refuse(&bundle_with(vec![Raw::file("assets/dir/", b"")]));
    assert!(matches!(err, BundleError::UnsafeName { .. }), "{err:?}");
    let mut fifo = Raw::file("assets/fifo", b"");
    fifo.external = 0o010_644 << 16;
    let err = refuse(&bundle_with(vec![fifo]));
    assert!(matches!(err, BundleError::NotAFile { .. }), "{err:?}");
}

/// Declares 10 GB (zip64) for a 10-byte entry. Refused from the directory alone: nothing is
/// inflated or allocated (the test would take minutes and 10 GB otherwise).
#[test]
fn ten_gigabytes_declared_is_refused_before_anything_is_read() {
    let mut big = Raw::file("assets/big.bin", b"0123456789");
    big.size = 10_000_000_000;
    big.compressed = 10;
    let err = refuse(&bundle_with(vec![big]));
    assert!(
        matches!(err, BundleError::TooLarge { declared, .. } if declared >= 10_000_000_000),
        "{err:?}"
    );

    // The same total spread over three entries of 32-bit sizes.
    let thirds: Vec<Raw> = (0..3)
        .map(|i| {
            let mut r = Raw::file(&format!("assets/part{i}.bin"), &[0; 100]);
            r.size = 3_500_000_000;
            r
        })
        .collect();
    let err = refuse(&bundle_with(thirds));
    assert!(matches!(err, BundleError::TooLarge { .. }), "{err:?}");
}

#[test]
fn implausible_compression_ratio_is_refused() {
    // 2 GB claimed from 1 KB: under the total limit, far over any real file's ratio.
    let mut r = Raw::file("assets/bomb.bin", &[0; 1024]);
    r.size = 2_000_000_000;
    let err = refuse(&bundle_with(vec![r]));
    assert!(matches!(err, BundleError::Ratio { .. }), "{err:?}");
    says(&err, "assets/bomb.bin");

    // A real deflate stream of 16 MiB of zeros (ratio about 1000:1), declared honestly.
    let zeros = vec![0u8; 16 << 20];
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    w.start_file("assets/zeros.bin", o).unwrap();
    w.write_all(&zeros).unwrap();
    let zip = w.finish().unwrap().into_inner();
    let err = refuse(&zip);
    assert!(matches!(err, BundleError::Ratio { .. }), "{err:?}");
}

/// The directory says 1000 bytes, the deflate stream inflates to 8 MiB: the bytes are
/// counted while inflating and the entry is refused at byte 1001.
#[test]
fn inflating_past_the_declared_size_is_refused() {
    let real = vec![b'A'; 8 << 20];
    let mut enc = flate2_free_deflate(&real);
    let mut r = Raw::file("assets/setup.exe", b"");
    r.method = 8;
    r.stored = std::mem::take(&mut enc);
    r.compressed = r.stored.len() as u64;
    r.size = 1000;
    r.crc = crc32(&real[..1000]);
    let m = manifest(&[
        (
            "project.json",
            project_json().len() as u64,
            sha(&project_json()),
        ),
        ("assets/setup.exe", 1000, sha(&real[..1000])),
    ]);
    let zip = build(&[Raw::file("project.json", &project_json()), r, m]);
    let err = refuse(&zip);
    assert!(
        matches!(err, BundleError::Inflated { declared: 1000, .. }),
        "{err:?}"
    );
    says(&err, "assets/setup.exe");
}

/// Raw deflate via the zip crate (it has the encoder; this crate does not depend on flate2).
fn flate2_free_deflate(data: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("x", zip::write::SimpleFileOptions::default())
        .unwrap();
    w.write_all(data).unwrap();
    let bytes = w.finish().unwrap().into_inner();
    let mut a = zip::ZipArchive::new(Cursor::new(bytes.clone())).unwrap();
    let f = a.by_index_raw(0).unwrap();
    let (start, len) = (f.data_start() as usize, f.compressed_size() as usize);
    bytes[start..start + len].to_vec()
}

/// 100,000 empty entries, written by the zip crate (zip64 end record): refused from the
/// count in the end record before any entry is parsed.
#[test]
fn a_hundred_thousand_entries_are_refused() {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..100_000 {
        w.start_file(format!("f{i}"), o).unwrap();
    }
    let zip = w.finish().unwrap().into_inner();
    let err = refuse(&zip);
    assert!(
        matches!(err, BundleError::TooManyEntries { count: 100_000, .. }),
        "{err:?}"
    );
}

#[test]
fn duplicate_names_are_refused_exact_case_and_folder() {
    // Exact duplicates: the zip crate alone would silently keep only one of them.
    let err = refuse(&bundle_with(vec![Raw::file(
        "assets/setup.exe",
        b"second payload",
    )]));
    assert!(matches!(err, BundleError::Duplicate { .. }), "{err:?}");
    says(&err, "assets/setup.exe");

    let err = refuse(&bundle_with(vec![Raw::file("ASSETS/Setup.EXE", b"other")]));
    assert!(matches!(err, BundleError::CaseDuplicate { .. }), "{err:?}");
    says(&err, "ASSETS/Setup.EXE");

    let err = refuse(&bundle_with(vec![Raw::file(
        "assets/setup.exe/inner",
        b"x",
    )]));
    assert!(
        matches!(err, BundleError::FileFolderClash { .. }),
        "{err:?}"
    );
}

#[test]
fn altered_content_fails_the_hash_even_with_a_fixed_crc() {
    let mut tampered = Raw::file("assets/setup.exe", b"MZ evil!!!!!");
    let m = manifest(&[
        (
            "project.json",
            project_json().len() as u64,
            sha(&project_json()),
        ),
        ("assets/setup.exe", 12, sha(b"MZ installer")),
    ]);
    tampered.crc = crc32(b"MZ evil!!!!!");
    let zip = build(&[Raw::file("project.json", &project_json()), tampered, m]);
    let err = refuse(&zip);
    assert!(matches!(err, BundleError::HashMismatch { .. }), "{err:?}");
    says(&err, "assets/setup.exe");
}

#[test]
fn manifest_problems_are_refused() {
    // No manifest at all.
    let zip = build(&[
        Raw::file("project.json", &project_json()),
        Raw::file("assets/setup.exe", b"MZ installer"),
    ]);
    assert!(matches!(refuse(&zip), BundleError::NoManifest));

    // An entry the manifest does not list.
    let m = manifest(&[(
        "project.json",
        project_json().len() as u64,
        sha(&project_json()),
    )]);
    let zip = build(&[
        Raw::file("project.json", &project_json()),
        Raw::file("assets/setup.exe", b"MZ installer"),
        m,
    ]);
    let err = refuse(&zip);
    assert!(matches!(err, BundleError::Unlisted { .. }), "{err:?}");
    says(&err, "assets/setup.exe");

    // A listed file that is absent.
    let m = manifest(&[
        (
            "project.json",
            project_json().len() as u64,
            sha(&project_json()),
        ),
        ("assets/gone.exe", 3, sha(b"abc")),
    ]);
    let err = refuse(&build(&[Raw::file("project.json", &project_json()), m]));
    assert!(matches!(err, BundleError::Missing { .. }), "{err:?}");
    says(&err, "assets/gone.exe");

    // A newer bundle format.
    let mut m = Raw::file(
        "manifest.json",
        br#"{"format":"ppkg-wizard-bundle","format_version":2}"#,
    );
    m.size = m.stored.len() as u64;
    let err = refuse(&build(&[Raw::file("project.json", &project_json()), m]));
    assert!(
        matches!(err, BundleError::NewerFormat { found: 2, .. }),
        "{err:?}"
    );
}

#[test]
fn encrypted_and_non_utf8_entries_are_refused() {
    let mut enc = Raw::file("assets/secret.bin", b"xxxxxxxxxxxx");
    enc.flags |= 1;
    let err = refuse(&bundle_with(vec![enc]));
    assert!(matches!(err, BundleError::Encrypted { .. }), "{err:?}");
    says(&err, "assets/secret.bin");

    let mut bad = Raw::file("assets/x", b"x");
    bad.name = b"assets/\xff\xfe.exe".to_vec();
    let err = refuse(&bundle_with(vec![bad]));
    assert!(matches!(err, BundleError::NonUtf8Name { .. }), "{err:?}");

    // Non-ASCII UTF-8 bytes without the UTF-8 flag: other tools read them as CP437.
    let mut cp437 = Raw::file("assets/é.txt", b"x");
    cp437.flags = 0;
    let err = refuse(&bundle_with(vec![cp437]));
    assert!(matches!(err, BundleError::NonUtf8Name { .. }), "{err:?}");

    let mut lzma = Raw::file("assets/x.bin", b"x");
    lzma.method = 14;
    let err = refuse(&bundle_with(vec![lzma]));
    assert!(
        matches!(err, BundleError::Compression { method: 14, .. }),
        "{err:?}"
    );
}

#[test]
fn a_project_pointing_outside_the_bundle_is_refused() {
    for (field, json_patch) in [
        ("installer", r#""installer": "/etc/passwd""#),
        ("installer", r#""installer": "../../home/user/.ssh/id_rsa""#),
        ("installer", r#""installer": "assets/not-in-bundle.exe""#),
    ] {
        let text = String::from_utf8(project_json())
            .unwrap()
            .replace(r#""installer": "assets/setup.exe""#, json_patch);
        assert!(text.contains(json_patch), "{field}");
        let m = manifest(&[
            ("project.json", text.len() as u64, sha(text.as_bytes())),
            ("assets/setup.exe", 12, sha(b"MZ installer")),
        ]);
        let zip = build(&[
            Raw::file("project.json", text.as_bytes()),
            Raw::file("assets/setup.exe", b"MZ installer"),
            m,
        ]);
        let err = refuse(&zip);
        assert!(
            matches!(err, BundleError::ForeignAsset { .. }),
            "{json_patch}: {err:?}"
        );
    }

    // A secret read from a file outside the project folder.
    let mut p: serde_json::Value = serde_json::from_slice(&project_json()).unwrap();
    p["accounts"]["local_admin"] =
        serde_json::json!({"name": "a", "password": {"file": "/root/.ssh/id_rsa"}});
    let text = serde_json::to_string(&p).unwrap();
    let m = manifest(&[
        ("project.json", text.len() as u64, sha(text.as_bytes())),
        ("assets/setup.exe", 12, sha(b"MZ installer")),
    ]);
    let zip = build(&[
        Raw::file("project.json", text.as_bytes()),
        Raw::file("assets/setup.exe", b"MZ installer"),
        m,
    ]);
    let err = refuse(&zip);
    assert!(
        matches!(err, BundleError::ForeignSecretFile { .. }),
        "{err:?}"
    );

    // A project that is not valid JSON.
    let m = manifest(&[("project.json", 5, sha(b"{nope"))]);
    let err = refuse(&build(&[Raw::file("project.json", b"{nope"), m]));
    assert!(matches!(err, BundleError::Project(_)), "{err:?}");
}

#[test]
fn prepended_or_appended_data_and_garbage_are_refused() {
    let good = bundle_with(vec![]);
    let mut prefixed = b"#!/bin/sh\nexit 0\n".to_vec();
    prefixed.extend_from_slice(&good);
    assert!(matches!(refuse(&prefixed), BundleError::NotZip { .. }));
    let mut suffixed = good.clone();
    suffixed.extend_from_slice(b"trailing");
    assert!(matches!(refuse(&suffixed), BundleError::NotZip { .. }));
    assert!(matches!(
        refuse(b"not a zip at all"),
        BundleError::NotZip { .. }
    ));
    assert!(matches!(refuse(b""), BundleError::NotZip { .. }));
}

#[test]
fn a_missing_bundle_or_parent_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = bundle::open(&dir.path().join("nope.zip"), &dir.path().join("d")).unwrap_err();
    assert!(matches!(err, BundleError::Read { .. }), "{err:?}");
    fs::write(dir.path().join("b.zip"), bundle_with(vec![])).unwrap();
    let err = bundle::open(&dir.path().join("b.zip"), &dir.path().join("no/such/d")).unwrap_err();
    assert!(matches!(err, BundleError::Dest { .. }), "{err:?}");
    assert!(!Path::new(&dir.path().join("no")).exists());
}

#[test]
fn a_manifest_naming_a_nested_or_non_json_project_is_refused() {
    for project in ["assets/setup.exe", "sub/project.json"] {
        let m = serde_json::json!({
            "format": "ppkg-wizard-bundle", "format_version": 1, "tool_version": "0.1.0",
            "schema": 1, "project": project,
            "files": [{"path": "assets/setup.exe", "size": 12, "sha256": sha(b"MZ installer")}],
        });
        let zip = build(&[
            Raw::file("assets/setup.exe", b"MZ installer"),
            Raw::file("manifest.json", m.to_string().as_bytes()),
        ]);
        let err = refuse(&zip);
        assert!(matches!(err, BundleError::BadManifest { .. }), "{err:?}");
        says(&err, project);
    }
}

/// Two directory records pointing at the same local entry (the overlapping-file trick that
/// lets one compressed stream count many times).
#[test]
fn overlapping_entries_are_refused() {
    let json = project_json();
    let exe = Raw::file("assets/setup.exe", b"MZ installer");
    let mut twin = exe.clone();
    twin.name = b"assets/twin.exe".to_vec();
    let m = manifest(&[
        ("assets/setup.exe", 12, sha(b"MZ installer")),
        ("assets/twin.exe", 12, sha(b"MZ installer")),
        ("project.json", json.len() as u64, sha(&json)),
    ]);
    let mut zip = build(&[Raw::file("project.json", &json), exe, twin, m]);
    // Point the twin's directory record (the third) at the setup.exe local header.
    let exe_local = find(&zip, b"PK\x03\x04", 1);
    let twin_record = find(&zip, b"PK\x01\x02", 2);
    zip[twin_record + 42..twin_record + 46].copy_from_slice(&(exe_local as u32).to_le_bytes());
    let err = refuse(&zip);
    assert!(
        matches!(&err, BundleError::Corrupt { reason, .. } if reason.contains("overlaps")),
        "{err:?}"
    );
}

/// Offset of the `nth` (0-based) occurrence of `sig`.
fn find(hay: &[u8], sig: &[u8], nth: usize) -> usize {
    hay.windows(sig.len())
        .enumerate()
        .filter(|(_, w)| *w == sig)
        .nth(nth)
        .unwrap()
        .0
}
