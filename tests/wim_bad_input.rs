//! Hostile and damaged WIMs: every case must give a clear error, never a panic, never a
//! huge allocation, never a file outside the extraction folder.

use std::fs;
use std::io::{Cursor, Read};

use ppkg_wizard::wim::blob_table::BlobEntry;
use ppkg_wizard::wim::dentry::{ATTR_ARCHIVE, ATTR_DIRECTORY, OutNode, write_tree};
use ppkg_wizard::wim::header::{Header, RESHDR_METADATA, ResHdr};
use ppkg_wizard::wim::{ImageInfo, Reader, WimError, WriteOptions, Writer, xml};
use proptest::prelude::*;
use sha1::{Digest, Sha1};

fn sha1(d: &[u8]) -> [u8; 20] {
    Sha1::digest(d).into()
}

fn noise(n: usize) -> Vec<u8> {
    let mut x = 7u64;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn text(n: usize) -> Vec<u8> {
    (0..)
        .flat_map(|i: u32| format!("row {} of {}\n", i % 101, i % 7).into_bytes())
        .take(n)
        .collect()
}

/// A valid XPRESS WIM from our writer: first blob is a 3-chunk text file at offset 208,
/// then a 1000-byte incompressible file stored plainly.
fn valid_wim() -> Vec<u8> {
    let opts = WriteOptions {
        timestamp: Some(1),
        guid: Some([1; 16]),
        threads: 1,
    };
    let mut w = Writer::new(Cursor::new(Vec::new()), opts).unwrap();
    w.add_file("/dir/text.txt", &mut Cursor::new(text(70_000)), 70_000)
        .unwrap();
    w.add_file("/noise.bin", &mut Cursor::new(noise(1000)), 1000)
        .unwrap();
    w.add_file("/empty", &mut Cursor::new(Vec::new()), 0)
        .unwrap();
    w.finish(&ImageInfo {
        name: "x".into(),
        ..Default::default()
    })
    .unwrap()
    .into_inner()
}

fn open(b: Vec<u8>) -> Result<Reader<Cursor<Vec<u8>>>, WimError> {
    Reader::new(Cursor::new(b))
}

/// Opens, verifies and reads everything; the first error wins.
fn read_everything(b: Vec<u8>) -> Result<(), WimError> {
    let mut r = open(b)?;
    r.verify()?;
    for e in r.entries().to_vec() {
        if !e.is_dir {
            let mut v = Vec::new();
            r.open_file(&e.path)?
                .read_to_end(&mut v)
                .map_err(WimError::Io)?;
        }
    }
    Ok(())
}

#[test]
fn valid_wim_reads() {
    read_everything(valid_wim()).unwrap();
}

#[test]
fn not_a_wim() {
    let e = open(b"PK\x03\x04 definitely a zip file, long enough to hold a header?".repeat(10))
        .err()
        .unwrap();
    assert!(e.to_string().starts_with("not a WIM file"), "{e}");
    assert!(matches!(
        open(Vec::new()).err().unwrap(),
        WimError::NotWim(_)
    ));
}

#[test]
fn every_truncation_fails_cleanly() {
    let wim = valid_wim();
    for len in (0..wim.len()).step_by(7) {
        let e = read_everything(wim[..len].to_vec()).expect_err("truncated WIM accepted");
        let msg = e.to_string();
        assert!(!msg.is_empty());
    }
    let e = open(wim[..wim.len() - 1].to_vec()).err().unwrap();
    assert!(matches!(e, WimError::Truncated(_)), "{e}");
}

#[test]
fn corrupt_chunk_table() {
    let mut wim = valid_wim();
    // The text file's chunk table (two u32 entries) starts right after the header.
    wim[208..212].copy_from_slice(&0xffff_fff0u32.to_le_bytes());
    let mut r = open(wim).unwrap();
    let e = r.verify().unwrap_err();
    assert!(matches!(e, WimError::CorruptChunkTable(_)), "{e}");
    assert!(e.to_string().starts_with("corrupt chunk table"), "{e}");
}

#[test]
fn wrong_sha1_is_reported_with_the_path() {
    let mut wim = valid_wim();
    let r = open(wim.clone()).unwrap();
    let noise_sha = r.entry("/noise.bin").unwrap().sha1.unwrap();
    // The incompressible file is stored as is: find it and change one byte.
    let at = wim.windows(1000).position(|w| w == noise(1000)).unwrap();
    wim[at + 500] ^= 1;
    let mut r = open(wim).unwrap();
    let e = r.verify().unwrap_err();
    assert_eq!(e.to_string(), "SHA-1 mismatch for /noise.bin");
    let mut v = Vec::new();
    let io = r
        .open_file("/noise.bin")
        .unwrap()
        .read_to_end(&mut v)
        .unwrap_err();
    assert!(io.to_string().contains("SHA-1 mismatch"), "{io}");
    assert_ne!(sha1(&v), noise_sha);
}

/// Offset of the blob table entry with resource offset `res_off`.
fn blob_entry_at(wim: &[u8], res_off: u64) -> usize {
    let h = Header::parse(&wim[..208]).unwrap();
    let start = h.blob_table.offset as usize;
    (0..h.blob_table.size_in_wim as usize / 50)
        .map(|i| start + i * 50)
        .find(|&e| ResHdr::parse(&wim[e..e + 24]).offset == res_off)
        .unwrap()
}

#[test]
fn huge_declared_sizes_are_refused_without_allocating() {
    let wim = valid_wim();
    // A file claiming 2^55 bytes.
    let mut w = wim.clone();
    let e = blob_entry_at(&w, 208);
    w[e + 16..e + 24].copy_from_slice(&(1u64 << 55).to_le_bytes());
    let mut r = open(w).unwrap();
    assert_eq!(r.entry("/dir/text.txt").unwrap().size, 1 << 55);
    let err = r.verify().unwrap_err();
    assert!(
        err.to_string().starts_with("declared size too large"),
        "{err}"
    );

    // The metadata resource claiming 2^50 bytes.
    let mut w = wim.clone();
    let h = Header::parse(&w[..208]).unwrap();
    let e = h.blob_table.offset as usize; // metadata entry comes first
    assert_ne!(w[e + 7] & RESHDR_METADATA, 0);
    w[e + 16..e + 24].copy_from_slice(&(1u64 << 50).to_le_bytes());
    let err = open(w).err().unwrap();
    assert!(
        err.to_string().starts_with("declared size too large"),
        "{err}"
    );

    // A blob table bigger than the file.
    let mut w = wim.clone();
    w[48..55].copy_from_slice(&[0xff; 7]);
    let err = open(w).err().unwrap();
    assert!(matches!(err, WimError::Truncated(_)), "{err}");
}

/// Builds an uncompressed WIM from raw nodes: lets tests put names our writer refuses.
fn craft(nodes: &[OutNode], blobs: &[Vec<u8>]) -> Vec<u8> {
    let mut out = vec![0u8; 208];
    let mut table = Vec::new();
    for b in blobs {
        let res = ResHdr {
            size_in_wim: b.len() as u64,
            flags: 0,
            offset: out.len() as u64,
            original_size: b.len() as u64,
        };
        table.extend_from_slice(
            &BlobEntry {
                res,
                part_number: 1,
                ref_count: 1,
                sha1: sha1(b),
            }
            .to_bytes(),
        );
        out.extend_from_slice(b);
    }
    let meta = write_tree(nodes);
    let res = ResHdr {
        size_in_wim: meta.len() as u64,
        flags: RESHDR_METADATA,
        offset: out.len() as u64,
        original_size: meta.len() as u64,
    };
    table.splice(
        0..0,
        BlobEntry {
            res,
            part_number: 1,
            ref_count: 1,
            sha1: sha1(&meta),
        }
        .to_bytes(),
    );
    out.extend_from_slice(&meta);
    let mut h = Header::new_xpress([0; 16]);
    h.flags = 0;
    h.blob_table = ResHdr {
        size_in_wim: table.len() as u64,
        flags: RESHDR_METADATA,
        offset: out.len() as u64,
        original_size: table.len() as u64,
    };
    out.extend_from_slice(&table);
    let x = xml::encode_utf16("<WIM><IMAGE INDEX=\"1\"><NAME>crafted</NAME></IMAGE></WIM>");
    h.xml_data = ResHdr {
        size_in_wim: x.len() as u64,
        flags: RESHDR_METADATA,
        offset: out.len() as u64,
        original_size: x.len() as u64,
    };
    out.extend_from_slice(&x);
    out[..208].copy_from_slice(&h.to_bytes());
    out
}

fn node(name: &str, dir: bool, data: Option<&[u8]>, children: Vec<usize>) -> OutNode {
    OutNode {
        name: name.encode_utf16().collect(),
        attributes: if dir { ATTR_DIRECTORY } else { ATTR_ARCHIVE },
        sha1: data.map(sha1).unwrap_or([0; 20]),
        time: 0,
        children,
    }
}

/// A WIM with `/dir/<name>` holding "payload".
fn wim_with_name(name: &str) -> Vec<u8> {
    let payload = b"payload".to_vec();
    let nodes = vec![
        node("", true, None, vec![1]),
        node("dir", true, None, vec![2]),
        node(name, false, Some(&payload), vec![]),
    ];
    craft(&nodes, &[payload])
}

#[test]
fn crafted_wim_reads() {
    let mut r = open(wim_with_name("ok.txt")).unwrap();
    r.verify().unwrap();
    assert_eq!(r.xml_info().image.name, "crafted");
    let tmp = tempfile::tempdir().unwrap();
    r.extract_to(tmp.path()).unwrap();
    assert_eq!(fs::read(tmp.path().join("dir/ok.txt")).unwrap(), b"payload");
}

#[test]
fn names_that_escape_are_refused_at_open() {
    for name in ["..", ".", "a/b", "/", "../../etc/passwd", "nul\0"] {
        let e = open(wim_with_name(name))
            .err()
            .unwrap_or_else(|| panic!("{name:?} accepted"));
        assert!(matches!(e, WimError::UnsafeName(_)), "{name:?}: {e}");
    }
}

#[test]
fn names_unsafe_on_disk_are_refused_by_extract_and_nothing_is_written() {
    for name in [
        "a\\..\\..\\x",
        "C:",
        "c:\\windows",
        "bell\u{7}",
        "new\nline",
    ] {
        let mut r = open(wim_with_name(name)).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let e = r.extract_to(tmp.path()).unwrap_err();
        assert!(matches!(e, WimError::UnsafeName(_)), "{name:?}: {e}");
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            0,
            "{name:?}: something was written"
        );
    }
}

#[cfg(unix)]
#[test]
fn extract_does_not_follow_symlinks_out_of_the_target() {
    let outside = tempfile::tempdir().unwrap();
    let target = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), target.path().join("dir")).unwrap();
    let mut r = open(wim_with_name("x.txt")).unwrap();
    assert!(r.extract_to(target.path()).is_err());
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
    // A symlink in place of a file is not followed either.
    let target = tempfile::tempdir().unwrap();
    fs::create_dir(target.path().join("dir")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("victim"),
        target.path().join("dir/x.txt"),
    )
    .unwrap();
    let mut r = open(wim_with_name("x.txt")).unwrap();
    assert!(r.extract_to(target.path()).is_err());
    assert!(!outside.path().join("victim").exists());
}

#[test]
fn directory_cycle_is_an_error() {
    let mut wim = wim_with_name("x");
    // Point /dir's child list back at the root's list (offset of the list holding /dir).
    let h = Header::parse(&wim[..208]).unwrap();
    let e = h.blob_table.offset as usize;
    let meta_off = ResHdr::parse(&wim[e..e + 24]).offset as usize;
    let root_list = u64::from_le_bytes(
        wim[meta_off + 8 + 16..meta_off + 8 + 24]
            .try_into()
            .unwrap(),
    );
    let dir = meta_off + root_list as usize;
    wim[dir + 16..dir + 24].copy_from_slice(&root_list.to_le_bytes());
    // Keep the metadata hash out of it: the reader does not check it before parsing.
    let err = open(wim).err().unwrap();
    assert!(matches!(err, WimError::CorruptMetadata(_)), "{err}");
}

#[test]
fn missing_blob_is_an_error() {
    let payload = b"payload".to_vec();
    let nodes = vec![
        node("", true, None, vec![1]),
        node("f", false, Some(&payload), vec![]),
    ];
    let err = open(craft(&nodes, &[])).err().unwrap();
    assert!(err.to_string().contains("no blob for /f"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn mutated_wims_never_panic(flips in prop::collection::vec((any::<u32>(), any::<u8>()), 1..6)) {
        let mut wim = valid_wim();
        for (at, x) in flips {
            let i = at as usize % wim.len();
            wim[i] ^= x | 1;
        }
        let _ = read_everything(wim);
    }

    #[test]
    fn mutated_headers_and_tables_never_panic(flips in prop::collection::vec((any::<u16>(), any::<u8>()), 1..4)) {
        // Concentrate on the header and the blob table, where sizes and offsets live.
        let mut wim = valid_wim();
        let h = Header::parse(&wim[..208]).unwrap();
        let bt = h.blob_table.offset as usize;
        for (k, (at, x)) in flips.into_iter().enumerate() {
            let i = if k % 2 == 0 { at as usize % 208 } else { bt + at as usize % (wim.len() - bt) };
            wim[i] ^= x | 1;
        }
        let _ = read_everything(wim);
    }

    #[test]
    fn random_bytes_never_panic(mut b in prop::collection::vec(any::<u8>(), 0..600), magic in any::<bool>()) {
        if magic && b.len() >= 12 {
            b[..8].copy_from_slice(b"MSWIM\0\0\0");
            b[8..12].copy_from_slice(&208u32.to_le_bytes());
        }
        let _ = read_everything(b);
    }
}

#[test]
fn compressed_resource_in_wim_without_chunk_size() {
    // A resource flagged compressed while the header says "no compression, chunk size 0".
    let mut wim = wim_with_name("x");
    wim[20..24].copy_from_slice(&0u32.to_le_bytes());
    let h = Header::parse(&wim[..208]).unwrap();
    let e = h.blob_table.offset as usize;
    wim[e + 7] |= 0x4;
    let err = open(wim).err().unwrap();
    assert!(err.to_string().contains("chunk size 0"), "{err}");
}

#[test]
fn child_list_offset_near_the_top_of_the_address_space() {
    let mut wim = wim_with_name("x");
    let h = Header::parse(&wim[..208]).unwrap();
    let e = h.blob_table.offset as usize;
    let meta_off = ResHdr::parse(&wim[e..e + 24]).offset as usize;
    // The root's child list offset.
    wim[meta_off + 8 + 16..meta_off + 8 + 24].copy_from_slice(&(u64::MAX - 3).to_le_bytes());
    assert!(matches!(
        open(wim).err().unwrap(),
        WimError::CorruptMetadata(_)
    ));
}

#[test]
fn wrong_metadata_sha1_fails_at_open() {
    let mut wim = valid_wim();
    let h = Header::parse(&wim[..208]).unwrap();
    let e = h.blob_table.offset as usize; // the metadata entry comes first
    wim[e + 30] ^= 0xff;
    let err = open(wim).err().unwrap();
    assert!(matches!(err, WimError::Sha1Mismatch(_)), "{err}");
}
