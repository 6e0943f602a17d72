//! XPRESS-Huffman codec: property round trips, robustness on random input, and our
//! decoder on WIMs compressed by wimlib.

#[path = "common/wimlib.rs"]
mod wimlib;

use std::fs;
use std::io::Read;

use ppkg_wizard::wim::xpress::{Compressor, Decompressor, Params};
use ppkg_wizard::wim::{Reader, WimError};
use proptest::prelude::*;
use wimlib::a;

/// Data with the structure LZ77 finds: repeats of earlier slices, runs, and noise.
fn structured() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((0u8..4, any::<u8>(), 1usize..300, any::<u16>()), 0..200).prop_map(
        |ops| {
            let mut v: Vec<u8> = Vec::new();
            for (kind, b, len, back) in ops {
                match kind {
                    0 => v.extend(std::iter::repeat_n(b, len)),
                    1 if !v.is_empty() => {
                        let start = v.len() - 1 - (back as usize % v.len());
                        for i in 0..len {
                            let x = v[start + i % (v.len() - start)];
                            v.push(x);
                        }
                    }
                    _ => {
                        v.extend((0..len).map(|i| b.wrapping_mul(i as u8).wrapping_add(back as u8)))
                    }
                }
                if v.len() > 65536 {
                    v.truncate(65536);
                    break;
                }
            }
            v
        },
    )
}

fn round_trip(data: &[u8], c: &mut Compressor) {
    let mut out = Vec::new();
    if c.compress(data, &mut out) {
        assert!(out.len() < data.len());
        let mut back = vec![0u8; data.len()];
        Decompressor::new()
            .decompress(&out, &mut back)
            .expect("own output decodes");
        assert_eq!(back, data);
    }
}

/// This test binary: real machine code, relocations, string tables and padding, the
/// kind of bytes installers are made of, present wherever the test runs.
fn own_executable() -> &'static [u8] {
    static EXE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    EXE.get_or_init(|| fs::read(std::env::current_exe().unwrap()).unwrap())
}

/// Executable-like bytes without a real file: x86 call/jump instructions with nearby
/// relative targets, small immediates, zero padding and names, in random proportions.
fn synthetic_code() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((0u8..6, any::<u32>()), 0..12000).prop_map(|ops| {
        let mut v = Vec::new();
        for (kind, x) in ops {
            match kind {
                0 => {
                    v.push(0xe8);
                    v.extend_from_slice(&((x % 4096) as i32 - 2048).to_le_bytes());
                }
                1 => v.extend_from_slice(&[0x48, 0x8b, 0x45, (x & 0xf8) as u8]),
                2 => v.extend(std::iter::repeat_n(0u8, (x % 24) as usize)),
                3 => v.extend_from_slice(format!("_ZN{}func{}E", x % 7, x % 97).as_bytes()),
                4 => v.extend_from_slice(&x.to_le_bytes()),
                _ => v.extend_from_slice(&[0x55, 0x48, 0x89, 0xe5, (x >> 24) as u8]),
            }
            if v.len() >= 65536 {
                v.truncate(65536);
                break;
            }
        }
        v
    })
}

fn params() -> impl Strategy<Value = Params> {
    (
        1u32..80,
        3usize..300,
        0usize..100,
        0usize..64,
        0u32..10,
        0usize..40,
    )
        .prop_map(
            |(max_depth, nice_len, lazy_len, insert_len, literal_bits, good_len)| Params {
                max_depth,
                nice_len,
                lazy_len,
                insert_len,
                literal_bits,
                good_len,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    /// Slices of a real executable, at any offset and length up to a whole 64 KiB chunk,
    /// with any search parameters, come back identical.
    #[test]
    fn real_executable_slices_round_trip(start in any::<prop::sample::Index>(), len in 1usize..=65536, p in params()) {
        let exe = own_executable();
        let start = start.index(exe.len());
        let data = &exe[start..(start + len).min(exe.len())];
        round_trip(data, &mut Compressor::with(p));
        round_trip(data, &mut Compressor::new());
    }

    #[test]
    fn synthetic_code_round_trips(data in synthetic_code(), p in params()) {
        round_trip(&data, &mut Compressor::with(p));
    }

    #[test]
    fn compress_then_decompress(data in structured()) {
        round_trip(&data, &mut Compressor::new());
        round_trip(&data, &mut Compressor::with_params(1, 3));
    }

    #[test]
    fn random_bytes_round_trip(data in prop::collection::vec(any::<u8>(), 0..5000)) {
        round_trip(&data, &mut Compressor::new());
    }

    #[test]
    fn decompressor_survives_random_input(input in prop::collection::vec(any::<u8>(), 0..2000), n in 1usize..40000) {
        let mut out = vec![0u8; n];
        let _ = Decompressor::new().decompress(&input, &mut out);
    }

    #[test]
    fn decompressor_survives_mutated_chunks(data in structured(), flips in prop::collection::vec((any::<u16>(), any::<u8>()), 1..8)) {
        let mut out = Vec::new();
        if Compressor::new().compress(&data, &mut out) {
            for (at, x) in flips {
                let i = at as usize % out.len();
                out[i] ^= x | 1;
            }
            let mut back = vec![0u8; data.len()];
            let _ = Decompressor::new().decompress(&out, &mut back);
        }
    }
}

#[test]
fn executable_chunks_compress_and_round_trip() {
    // Every 32 KiB chunk of (the first 4 MiB of) a real executable through one
    // compressor, as the writer does.
    let exe = own_executable();
    let exe = &exe[..exe.len().min(4 << 20)];
    let mut c = Compressor::new();
    let (mut packed, mut total) = (0usize, 0usize);
    let mut out = Vec::new();
    for chunk in exe.chunks(32768) {
        round_trip(chunk, &mut c);
        packed += if c.compress(chunk, &mut out) {
            out.len()
        } else {
            chunk.len()
        };
        total += chunk.len();
    }
    // Machine code with symbols and debug info compresses well below 3/4.
    assert!(packed * 4 < total * 3, "{packed} of {total}");
}

#[test]
fn one_compressor_many_chunks() {
    // State (hash chains) carried between chunks must not leak into the next chunk.
    let mut c = Compressor::new();
    for seed in 0..20u8 {
        let data: Vec<u8> = (0..32768u32)
            .map(|i| ((i / 7) as u8).wrapping_mul(seed) ^ (i as u8 & seed))
            .collect();
        round_trip(&data, &mut c);
    }
}

/// A folder of mixed files for wimlib to capture.
fn make_tree(dir: &std::path::Path) {
    fs::create_dir_all(dir.join("sub/deeper")).unwrap();
    let mut x = 99u64;
    let noise: Vec<u8> = (0..150_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let text: Vec<u8> = (0..300_000u32)
        .flat_map(|i| format!("line {} value {}\r\n", i % 977, i % 13).into_bytes())
        .take(300_000)
        .collect();
    fs::write(dir.join("noise.bin"), &noise).unwrap();
    fs::write(dir.join("sub/text.txt"), &text).unwrap();
    fs::write(dir.join("sub/deeper/32k.txt"), &text[..32768]).unwrap();
    fs::write(dir.join("sub/deeper/32k+1.txt"), &text[1..32770]).unwrap();
    fs::write(dir.join("zeros"), vec![0u8; 100_000]).unwrap();
    fs::write(dir.join("empty"), b"").unwrap();
    fs::write(
        dir.join("mixed.bin"),
        [&noise[..40000], &text[..90000], &noise[..40000]].concat(),
    )
    .unwrap();
}

fn compare_with_source(wim: &std::path::Path, src: &std::path::Path) -> usize {
    let mut r = Reader::open(wim).unwrap();
    r.verify().unwrap();
    let mut files = 0;
    for e in r.entries().to_vec() {
        let on_disk = src.join(e.path.trim_start_matches('/'));
        if e.is_dir {
            assert!(on_disk.is_dir(), "{}", e.path);
        } else {
            let mut v = Vec::new();
            r.open_file(&e.path).unwrap().read_to_end(&mut v).unwrap();
            assert!(v == fs::read(&on_disk).unwrap(), "{} differs", e.path);
            files += 1;
        }
    }
    files
}

#[test]
fn reads_wimlib_xpress_and_uncompressed_and_refuses_lzx() {
    if !wimlib::available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    make_tree(&src);
    let xpress = tmp.path().join("xpress.wim");
    wimlib::run(&[
        a("capture"),
        a(&src),
        a(&xpress),
        a("img"),
        a("--compress=XPRESS"),
        a("--chunk-size=32768"),
        a("--no-acls"),
    ]);
    assert_eq!(compare_with_source(&xpress, &src), 7);

    let none = tmp.path().join("none.wim");
    wimlib::run(&[
        a("capture"),
        a(&src),
        a(&none),
        a("img"),
        a("--compress=none"),
        a("--no-acls"),
    ]);
    assert_eq!(compare_with_source(&none, &src), 7);

    let lzx = tmp.path().join("lzx.wim");
    wimlib::run(&[
        a("capture"),
        a(&src),
        a(&lzx),
        a("img"),
        a("--compress=LZX"),
        a("--no-acls"),
    ]);
    match Reader::open(&lzx) {
        Err(e @ WimError::UnsupportedCompression(_)) => {
            assert_eq!(e.to_string(), "unsupported compression LZX")
        }
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("LZX accepted"),
    }
}
