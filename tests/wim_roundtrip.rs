//! Writer → our reader and writer → wimlib round trips.

#[path = "common/wimlib.rs"]
mod wimlib;

use std::collections::BTreeMap;
use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use ppkg_wizard::wim::{ImageInfo, Reader, WimError, WriteOptions, Writer};
use wimlib::a;

/// A fixed time (2023-03-24) and GUID so output is reproducible.
const T: u64 = 0x01D9_5E64_C73E_FC0C;

fn opts(threads: usize) -> WriteOptions {
    WriteOptions {
        timestamp: Some(T),
        guid: Some([0x42; 16]),
        threads,
    }
}

fn info() -> ImageInfo {
    ImageInfo {
        name: "Test package".into(),
        description: String::new(),
        notes: "VERSION=1;PackageID=f70f31bb-69aa-4a40-a800-f43b1a7af4f5;".into(),
        version: "1.2".into(),
        altitude: 5000,
        package_id: "{f70f31bb-69aa-4a40-a800-f43b1a7af4f5}".into(),
    }
}

/// Deterministic pseudo-random bytes (incompressible).
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// Text-like compressible bytes.
fn text(n: usize, seed: u64) -> Vec<u8> {
    let words = [
        "<setting ",
        "name=\"",
        "Value",
        "</parm>",
        "Provisioning",
        " ",
        "\r\n",
        "true",
        "0x1F",
        "=",
    ];
    let mut out = Vec::with_capacity(n + 16);
    let mut x = seed | 1;
    while out.len() < n {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        out.extend_from_slice(words[(x >> 59) as usize % words.len()].as_bytes());
        if (x >> 40) & 7 == 0 {
            out.extend_from_slice(format!("{}", x % 1000).as_bytes());
        }
    }
    out.truncate(n);
    out
}

type Files = Vec<(String, Vec<u8>)>;

/// A WCD-built sample package from the shared folder (beside the repository in CI).
fn sample(name: &str) -> PathBuf {
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/samples");
    let base = beside;
    base.join(name).join("e-power.ppkg")
}

fn write_wim(dir: &Path, dirs: &[&str], files: &Files, threads: usize) -> PathBuf {
    let path = dir.join("out.wim");
    let f = fs::File::create(&path).unwrap();
    let mut w = Writer::new(f, opts(threads)).unwrap();
    for d in dirs {
        w.add_dir(d).unwrap();
    }
    for (p, data) in files {
        w.add_file(p, &mut Cursor::new(data), data.len() as u64)
            .unwrap();
    }
    let (f, len) = w.finish_with_len(&info()).unwrap();
    f.set_len(len).unwrap();
    path
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

/// The tree a WIM should contain: files, their parent directories and explicit dirs.
fn expected(dirs: &[&str], files: &Files) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut m = BTreeMap::new();
    let add_parents = |p: &str, m: &mut BTreeMap<String, Option<Vec<u8>>>| {
        let mut cur = String::new();
        for c in p.split('/').filter(|c| !c.is_empty()) {
            cur.push('/');
            cur.push_str(c);
            m.entry(cur.clone()).or_insert(None);
        }
    };
    for d in dirs {
        add_parents(d, &mut m);
    }
    for (p, data) in files {
        add_parents(p, &mut m);
        m.insert(p.clone(), Some(data.clone()));
    }
    m
}

/// Checks the WIM with our reader and, when present, with wimlib.
fn check(wim: &Path, dirs: &[&str], files: &Files) {
    let want = expected(dirs, files);
    let mut r = Reader::open(wim).unwrap();
    r.verify().unwrap();
    let mut got = BTreeMap::new();
    for e in r.entries().to_vec() {
        if e.is_dir {
            got.insert(e.path.clone(), None);
        } else {
            let mut v = Vec::new();
            r.open_file(&e.path).unwrap().read_to_end(&mut v).unwrap();
            assert_eq!(v.len() as u64, e.size);
            got.insert(e.path.clone(), Some(v));
        }
    }
    assert_eq!(got.len(), want.len());
    assert!(got == want, "our reader disagrees");
    let x = r.xml_info();
    assert_eq!(x.image, info());
    assert_eq!(x.stats.file_count, files.len() as u64);
    assert_eq!(
        x.stats.dir_count,
        want.values().filter(|v| v.is_none()).count() as u64
    );
    assert_eq!(
        x.stats.total_bytes,
        files.iter().map(|f| f.1.len() as u64).sum::<u64>()
    );

    if wimlib::available() {
        wimlib::run(&[a("verify"), a(wim)]);
        let listing = String::from_utf8(wimlib::run(&[a("dir"), a(wim), a("1")]).stdout).unwrap();
        let listed: Vec<&str> = listing.lines().filter(|l| *l != "/").collect();
        assert_eq!(
            listed.len(),
            want.len(),
            "wimlib dir lists {} entries",
            listed.len()
        );
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("x");
        wimlib::run(&[a("apply"), a(wim), a("1"), a(&dest), a("--no-acls")]);
        assert!(tree(&dest) == want, "wimlib extracts something else");
        let info_text =
            String::from_utf8_lossy(&wimlib::run(&[a("info"), a(wim)]).stdout).into_owned();
        assert!(info_text.contains("Test package"), "{info_text}");
    }
}

fn files(list: &[(&str, Vec<u8>)]) -> Files {
    list.iter()
        .map(|(p, d)| (p.to_string(), d.clone()))
        .collect()
}

#[test]
fn sizes_around_chunk_boundaries_and_empty_files() {
    let tmp = tempfile::tempdir().unwrap();
    let fs_ = files(&[
        ("/empty.txt", vec![]),
        ("/a/one.bin", vec![7]),
        ("/a/text-32k", text(32768, 1)),
        ("/a/text-32k-1", text(32767, 2)),
        ("/a/text-32k+1", text(32769, 3)),
        ("/b/noise-32k", noise(32768, 4)),
        ("/b/noise-32k+1", noise(32769, 5)),
        ("/b/noise-200k", noise(200_000, 6)),
        ("/c/text-300k", text(300_000, 7)),
        ("/c/zeros-100k", vec![0; 100_000]),
    ]);
    for threads in [1, 3] {
        let wim = write_wim(tmp.path(), &["/Multivariant/0", "/emptydir"], &fs_, threads);
        check(&wim, &["/Multivariant/0", "/emptydir"], &fs_);
    }
}

#[test]
fn empty_image() {
    let tmp = tempfile::tempdir().unwrap();
    let wim = write_wim(tmp.path(), &[], &Vec::new(), 0);
    check(&wim, &[], &Vec::new());
    let r = Reader::open(&wim).unwrap();
    assert!(r.entries().is_empty());
}

#[test]
fn header_matches_wcd() {
    let tmp = tempfile::tempdir().unwrap();
    let wim = write_wim(tmp.path(), &[], &files(&[("/x.xml", text(5000, 1))]), 0);
    let r = Reader::open(&wim).unwrap();
    let h = r.header();
    assert_eq!(
        (h.version, h.flags, h.chunk_size, h.image_count),
        (0x10d00, 0x20082, 32768, 1)
    );
    assert_eq!(h.blob_table.flags, 0x2);
    assert_eq!(h.xml_data.flags, 0x2);
    if wimlib::available() {
        let ours = wimlib::header_info(&wim);
        let wcd = wimlib::header_info(&sample("epower-v1.11"));
        for f in [
            "Version",
            "Flags",
            "Chunk Size",
            "Header Size",
            "Image Count",
            "Blob Table Flags",
            "XML Data Flags",
        ] {
            assert_eq!(
                wimlib::header_field(&ours, f),
                wimlib::header_field(&wcd, f),
                "{f}"
            );
        }
    }
}

#[test]
fn many_small_files() {
    let tmp = tempfile::tempdir().unwrap();
    let fs_: Files = (0..10_000)
        .map(|i| {
            (
                format!("/d{}/f{i}.txt", i % 37),
                format!("file {i}\n").into_bytes(),
            )
        })
        .collect();
    let wim = write_wim(tmp.path(), &[], &fs_, 0);
    check(&wim, &[], &fs_);
}

#[test]
fn unicode_and_long_names() {
    let tmp = tempfile::tempdir().unwrap();
    // 255 UTF-16 units, the Windows maximum (and ≤ 255 UTF-8 bytes for Linux's limit).
    let long = format!("{}.txt", "L".repeat(251));
    assert_eq!(long.encode_utf16().count(), 255);
    let fs_ = files(&[
        ("/Ünïcödé/日本語ファイル.txt", b"konnichiwa".to_vec()),
        ("/emoji/😀 smile.ps1", b"Write-Host hi".to_vec()),
        (&format!("/long/{long}"), b"long".to_vec()),
        ("/spaces in name/a b c.txt", vec![]),
    ]);
    let wim = write_wim(tmp.path(), &[], &fs_, 0);
    check(&wim, &[], &fs_);
}

#[test]
fn duplicate_contents_are_stored_once() {
    let tmp = tempfile::tempdir().unwrap();
    let big = text(500_000, 9);
    let small = text(1000, 10);
    let single = write_wim(
        tmp.path(),
        &[],
        &files(&[("/a", big.clone()), ("/s1", small.clone())]),
        0,
    );
    let single_len = fs::metadata(&single).unwrap().len();
    let fs_ = files(&[
        ("/a", big.clone()),
        ("/s1", small.clone()),
        ("/x/b", big.clone()),
        ("/x/s2", small.clone()),
        ("/y/c", big.clone()),
    ]);
    let wim = write_wim(tmp.path(), &[], &fs_, 0);
    check(&wim, &[], &fs_);
    let r = Reader::open(&wim).unwrap();
    assert_eq!(r.blob_count(), 2);
    let len = fs::metadata(&wim).unwrap().len();
    // Only three more dentries and a bit of XML: far less than another copy.
    assert!(len < single_len + 2000, "{len} vs {single_len}");
}

#[test]
fn output_is_reproducible_and_independent_of_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let fs_ = files(&[("/a", text(400_000, 1)), ("/b", noise(70_000, 2))]);
    let one = fs::read(write_wim(tmp.path(), &[], &fs_, 1)).unwrap();
    let two = fs::read(write_wim(tmp.path(), &[], &fs_, 2)).unwrap();
    let again = fs::read(write_wim(tmp.path(), &[], &fs_, 2)).unwrap();
    assert_eq!(one, two);
    assert_eq!(two, again);
}

#[test]
fn source_changing_size_is_an_error() {
    let mut w = Writer::new(Cursor::new(Vec::new()), opts(2)).unwrap();
    for (declared, actual) in [
        (10u64, 9usize),
        (10, 11),
        (100_000, 99_999),
        (100_000, 100_001),
        (0, 1),
    ] {
        let data = text(actual, 1);
        let e = w
            .add_file("/f", &mut Cursor::new(data), declared)
            .unwrap_err();
        assert!(matches!(e, WimError::SizeChanged { .. }), "{e}");
    }
    // The writer is still usable and the failed files are not in the image.
    w.add_file("/f", &mut Cursor::new(b"ok".to_vec()), 2)
        .unwrap();
    let out = w.finish(&info()).unwrap().into_inner();
    let r = Reader::new(Cursor::new(out)).unwrap();
    assert_eq!(r.entries().len(), 1);
}

#[test]
fn bad_paths_are_refused() {
    let mut w = Writer::new(Cursor::new(Vec::new()), opts(1)).unwrap();
    for p in [
        "/a/../b",
        "/./x",
        "",
        "/",
        "/a\\b",
        "/c:",
        "/nul\0",
        "/tab\there",
    ] {
        assert!(w.add_file(p, &mut Cursor::new(vec![]), 0).is_err(), "{p:?}");
    }
    let too_long = format!("/{}", "x".repeat(256));
    assert!(w.add_dir(&too_long).is_err());
    w.add_file("/Dir/File.txt", &mut Cursor::new(vec![]), 0)
        .unwrap();
    assert!(
        w.add_file("/dir/FILE.TXT", &mut Cursor::new(vec![]), 0)
            .is_err()
    );
    assert!(
        w.add_file("/Dir/File.txt/x", &mut Cursor::new(vec![]), 0)
            .is_err()
    );
    assert!(w.add_dir("/Dir/File.txt").is_err());
    w.add_dir("/Dir").unwrap();
}

#[test]
fn dropped_duplicate_at_the_end_leaves_only_zeros_after_the_wim() {
    // Far more chunks than the writer keeps in flight, so part of the copy is written
    // before it is known to be a duplicate.
    let big = text(2_000_000, 3);
    let mut w = Writer::new(Cursor::new(Vec::new()), opts(2)).unwrap();
    w.add_file("/a", &mut Cursor::new(big.clone()), big.len() as u64)
        .unwrap();
    w.add_file("/b", &mut Cursor::new(big.clone()), big.len() as u64)
        .unwrap();
    let (out, len) = w.finish_with_len(&info()).unwrap();
    let bytes = out.into_inner();
    assert!(
        bytes.len() as u64 > len,
        "the dropped copy should have been longer than the tail"
    );
    assert!(bytes[len as usize..].iter().all(|&b| b == 0));
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("untruncated.wim");
    fs::write(&path, &bytes).unwrap();
    check(&path, &[], &files(&[("/a", big.clone()), ("/b", big)]));
}

#[test]
fn progress_reaches_the_totals() {
    use std::sync::{Arc, Mutex};
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut w = Writer::new(Cursor::new(Vec::new()), opts(2)).unwrap();
    let s = Arc::clone(&seen);
    w.set_progress(Box::new(move |p| s.lock().unwrap().push(p)));
    let sizes = [0usize, 10, 40_000, 3_000_000];
    for (i, n) in sizes.iter().enumerate() {
        w.add_file(
            &format!("/f{i}"),
            &mut Cursor::new(text(*n, i as u64)),
            *n as u64,
        )
        .unwrap();
    }
    w.finish(&info()).unwrap();
    let seen = seen.lock().unwrap();
    let last = *seen.last().unwrap();
    assert_eq!(last.files_done, 4);
    assert_eq!(last.bytes_done, sizes.iter().sum::<usize>() as u64);
    // The 3 MB file reports progress while it is being packed, and nothing goes backwards.
    assert!(seen.len() > 5, "{}", seen.len());
    assert!(
        seen.windows(2)
            .all(|w| w[0].bytes_done <= w[1].bytes_done && w[0].files_done <= w[1].files_done)
    );
}

#[test]
fn xml_elements_follow_wcd_order() {
    fn tags(xml: &str) -> Vec<String> {
        xml.split('<')
            .skip(1)
            .filter(|t| !t.starts_with('/'))
            .map(|t| t.split(['>', ' ', '/']).next().unwrap().to_string())
            .collect()
    }
    let tmp = tempfile::tempdir().unwrap();
    let wim = write_wim(tmp.path(), &[], &files(&[("/x", b"x".to_vec())]), 1);
    let ours = Reader::open(&wim).unwrap().xml_info().raw.clone();
    for sample in ["epower-v1.1", "epower-v1.11"] {
        let wcd = Reader::open(self::sample(sample))
            .unwrap()
            .xml_info()
            .raw
            .clone();
        assert_eq!(tags(&ours), tags(&wcd), "{sample}");
    }
}

#[test]
fn every_payload_kind_round_trips_through_wimlib_and_our_reader() {
    // Real machine code (this test binary), text, incompressible bytes, runs, and all of
    // them inside one file, in single- and multi-chunk files, on one and several threads.
    let exe = fs::read(std::env::current_exe().unwrap()).unwrap();
    let exe = &exe[..exe.len().min(3 << 20)];
    let mixed = [
        &exe[..100_000],
        &noise(100_000, 5)[..],
        &text(100_000, 6)[..],
    ]
    .concat();
    let fs_ = files(&[
        ("/Installers/app.exe", exe.to_vec()),
        (
            "/Installers/small.dll",
            exe[exe.len() / 2..][..20_000].to_vec(),
        ),
        ("/Settings/settings.xml", text(700_000, 3)),
        ("/Cabs/data.cab", noise(300_000, 4)),
        ("/zeros.bin", vec![0; 200_000]),
        ("/Installers/setup.exe", mixed),
    ]);
    let tmp = tempfile::tempdir().unwrap();
    for threads in [1, 2, 3] {
        let wim = write_wim(tmp.path(), &[], &fs_, threads);
        check(&wim, &[], &fs_);
    }
}
