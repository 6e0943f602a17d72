//! `Writer::add_blob` hashes contents (SHA-1 and SHA-256) in the same read that compresses
//! them: the digests must equal ones computed separately, for every kind of payload
//! (empty, one chunk, many chunks, incompressible, repetitive, duplicates) on the serial
//! and the parallel path, and what is linked must read back intact through our reader and
//! wimlib.

#[path = "common/wimlib.rs"]
mod wimlib;

use std::io::{Cursor, Read};

use ppkg_wizard::wim::{Blob, ImageInfo, Reader, WimError, WriteOptions, Writer};
use proptest::prelude::*;
use sha1::Digest;
use wimlib::a;

/// A payload of one kind: 0 zeros, 1 xorshift (incompressible), 2 text-like repeats,
/// 3 a copy of this test binary's code (real machine code).
fn payload(kind: u8, len: usize, seed: u64) -> Vec<u8> {
    match kind {
        0 => vec![0; len],
        1 => {
            let mut x = seed | 1;
            (0..len)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x as u8
                })
                .collect()
        }
        2 => b"<parm name=\"Setting\" value=\"true\"/>\r\n"
            .iter()
            .cycle()
            .enumerate()
            .map(|(i, &b)| {
                if i % 97 == seed as usize % 97 {
                    b'x'
                } else {
                    b
                }
            })
            .take(len)
            .collect(),
        _ => {
            let exe = std::fs::read(std::env::current_exe().unwrap()).unwrap();
            let start = (seed as usize) % exe.len().saturating_sub(len).max(1);
            exe.iter().cycle().skip(start).take(len).copied().collect()
        }
    }
}

fn sha1(b: &[u8]) -> [u8; 20] {
    sha1::Sha1::digest(b).into()
}

fn sha256(b: &[u8]) -> [u8; 32] {
    sha2::Sha256::digest(b).into()
}

fn writer(threads: usize) -> Writer<Cursor<Vec<u8>>> {
    Writer::new(
        Cursor::new(Vec::new()),
        WriteOptions {
            timestamp: Some(0x01D9_5E64_C73E_FC0C),
            guid: Some([3; 16]),
            threads,
        },
    )
    .unwrap()
}

fn finish(w: Writer<Cursor<Vec<u8>>>) -> Vec<u8> {
    let info = ImageInfo {
        name: "t".into(),
        version: "1".into(),
        ..Default::default()
    };
    let (out, len) = w.finish_with_len(&info).unwrap();
    let mut bytes = out.into_inner();
    bytes.truncate(len as usize);
    bytes
}

/// Stores every payload with `add_blob`, checks its digests, links it (twice for the
/// first), and reads everything back.
fn check(payloads: &[Vec<u8>], threads: usize) -> Vec<u8> {
    let mut w = writer(threads);
    let mut blobs = Vec::new();
    for (i, p) in payloads.iter().enumerate() {
        let b = w
            .add_blob(&format!("payload {i}"), &mut &p[..], p.len() as u64)
            .unwrap();
        assert_eq!(b.size, p.len() as u64);
        assert_eq!(
            b.sha1,
            if p.is_empty() { [0; 20] } else { sha1(p) },
            "SHA-1 of {i}"
        );
        assert_eq!(b.sha256, sha256(p), "SHA-256 of {i}");
        blobs.push(b);
    }
    for (i, b) in blobs.iter().enumerate() {
        w.link(&format!("d/{i}.bin"), b).unwrap();
    }
    if let Some(b) = blobs.first() {
        w.link("again/0.bin", b).unwrap();
    }
    let bytes = finish(w);
    let mut r = Reader::new(Cursor::new(bytes.clone())).unwrap();
    r.verify().unwrap();
    for (i, p) in payloads.iter().enumerate() {
        let mut back = Vec::new();
        r.open_file(&format!("/d/{i}.bin"))
            .unwrap()
            .read_to_end(&mut back)
            .unwrap();
        assert!(back == *p, "file {i} reads back different");
    }
    bytes
}

fn kinds() -> impl Strategy<Value = Vec<Vec<u8>>> {
    // Sizes around the 32 KiB chunk: empty, tiny, one chunk exactly, just over, several.
    let len = prop_oneof![
        Just(0usize),
        1usize..300,
        Just(32768),
        32769usize..33000,
        60_000usize..200_000,
    ];
    prop::collection::vec((0u8..4, len, any::<u64>(), any::<bool>()), 1..6).prop_map(|specs| {
        let mut out: Vec<Vec<u8>> = Vec::new();
        for (kind, len, seed, dup) in specs {
            // Sometimes the same contents again: a duplicate is stored once.
            match out.last() {
                Some(prev) if dup => out.push(prev.clone()),
                _ => out.push(payload(kind, len, seed)),
            }
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn one_pass_digests_equal_separate_ones(payloads in kinds()) {
        let serial = check(&payloads, 1);
        let parallel = check(&payloads, 3);
        // The thread count changes nothing in the output.
        prop_assert!(serial == parallel);
    }
}

#[test]
fn every_kind_passes_wimlib_verify_and_apply() {
    let payloads: Vec<Vec<u8>> = vec![
        payload(0, 0, 0),
        payload(1, 100, 7),
        payload(2, 32768, 1),
        payload(3, 100_000, 5),
        payload(1, 70_000, 9),
        payload(2, 70_000, 3),
        payload(2, 70_000, 3),
    ];
    let bytes = check(&payloads, 2);
    if !wimlib::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wim = dir.path().join("t.wim");
    std::fs::write(&wim, &bytes).unwrap();
    wimlib::run(&[a("verify"), a(&wim)]);
    let out = dir.path().join("out");
    wimlib::run(&[a("apply"), a(&wim), a(&out)]);
    for (i, p) in payloads.iter().enumerate() {
        let back = std::fs::read(out.join(format!("d/{i}.bin"))).unwrap();
        assert!(back == *p, "wimlib applied file {i} differently");
    }
    assert_eq!(std::fs::read(out.join("again/0.bin")).unwrap(), payloads[0]);
}

#[test]
fn stored_but_never_linked_contents_are_not_in_the_image() {
    let linked = payload(1, 50_000, 11);
    let orphan = payload(3, 40_000, 2);
    let mut w = writer(2);
    let b = w
        .add_blob("a", &mut &linked[..], linked.len() as u64)
        .unwrap();
    w.add_blob("b", &mut &orphan[..], orphan.len() as u64)
        .unwrap();
    w.link("a.bin", &b).unwrap();
    let bytes = finish(w);
    let mut r = Reader::new(Cursor::new(bytes)).unwrap();
    r.verify().unwrap();
    let files: Vec<_> = r.entries().iter().filter(|e| !e.is_dir).collect();
    assert_eq!(files.len(), 1);
    // The blob table names only the linked contents.
    assert_eq!(r.blob_count(), 1);
}

#[test]
fn link_refuses_contents_it_does_not_hold_and_taken_names() {
    let data = payload(2, 1000, 1);
    let mut w = writer(1);
    let b = w.add_blob("x", &mut &data[..], 1000).unwrap();
    let forged = Blob { sha1: [9; 20], ..b };
    assert!(matches!(
        w.link("f.bin", &forged),
        Err(WimError::InvalidPath { .. })
    ));
    w.link("f.bin", &b).unwrap();
    assert!(matches!(
        w.link("F.BIN", &b),
        Err(WimError::InvalidPath { .. })
    ));
    // A source shorter than declared is refused like add_file's.
    assert!(matches!(
        w.add_blob("short", &mut &data[..10], 20),
        Err(WimError::SizeChanged { .. })
    ));
}
