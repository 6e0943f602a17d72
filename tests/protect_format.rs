//! The encrypted package format: the reference's test vector, round trips, and how wrong
//! passwords and damage are told apart.

use std::io::Cursor;

use ppkg_wizard::protect::{
    CHUNK, PackagePassword, ProtectError, WIM_MAGIC, decrypt, encrypt, encrypted_len,
};
use proptest::prelude::*;

fn pw(s: &str) -> PackagePassword {
    PackagePassword::new_format(s).unwrap()
}

/// A fake WIM of `len` bytes (≥ 8): the magic, then a counter pattern.
fn wim(len: usize) -> Vec<u8> {
    let mut v = WIM_MAGIC.to_vec();
    v.extend((0..len - WIM_MAGIC.len()).map(|i| (i * 7 + 3) as u8));
    v
}

fn enc(plain: &[u8], p: &PackagePassword, iv: Option<[u8; 16]>) -> Vec<u8> {
    let mut out = Vec::new();
    let n = encrypt(&mut Cursor::new(plain), &mut out, p, iv).unwrap();
    assert_eq!(n, out.len() as u64);
    out
}

fn dec(pkg: &[u8], p: &PackagePassword) -> Result<Vec<u8>, ProtectError> {
    let mut out = Vec::new();
    let n = decrypt(&mut Cursor::new(pkg), &mut out, p)?;
    assert_eq!(n, out.len() as u64);
    Ok(out)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn reference_test_vector() {
    // ppkg-format.md §4: magic + bytes 0x00..=0xC7 (8 + 200 = 208 bytes), "Passw0rd", zero IV.
    let mut plain = WIM_MAGIC.to_vec();
    plain.extend(0u8..=0xC7);
    assert_eq!(plain.len(), 208);
    let pkg = enc(&plain, &pw("Passw0rd"), Some([0; 16]));
    assert_eq!(pkg.len(), 368);
    assert_eq!(encrypted_len(208), 368);
    assert_eq!(&pkg[..16], &[0u8; 16]);
    assert_eq!(hex(&pkg[16..32]), "afa11748754828c95bfa1720d7113e24");
    assert_eq!(
        hex(&pkg[336..]),
        "b2c0b3f208dcda41b244a569605daab32c73f89fe2698dd7c19ceb9db1265db7"
    );
    let back = dec(&pkg, &PackagePassword::new_wcd("Passw0rd").unwrap()).unwrap();
    assert_eq!(back.len(), 320);
    assert_eq!(&back[..208], &plain[..]);
    assert!(back[208..].iter().all(|&b| b == 0));
}

#[test]
fn round_trip_sizes_around_chunk_boundaries() {
    let p = pw("Passw0rd");
    for len in WIM_MAGIC.len()..=400 {
        let plain = wim(len);
        let pkg = enc(&plain, &p, None);
        assert_eq!(pkg.len() as u64, encrypted_len(len as u64), "len {len}");
        assert_eq!((pkg.len() - 48) % CHUNK, 0);
        let back = dec(&pkg, &p).unwrap();
        assert_eq!(&back[..len], &plain[..], "len {len}");
        assert_eq!(back.len(), len.div_ceil(CHUNK) * CHUNK);
        assert!(back[len..].iter().all(|&b| b == 0));
    }
}

#[test]
fn inputs_shorter_than_the_magic_or_without_it_are_refused() {
    let p = pw("Passw0rd");
    for len in 0..=400 {
        let mut plain = wim(len.max(8));
        plain.truncate(len);
        if len >= 8 {
            plain[0] = b'X';
        }
        let mut out = Vec::new();
        let err = encrypt(&mut Cursor::new(&plain), &mut out, &p, None).unwrap_err();
        assert!(matches!(err, ProtectError::NotAWim), "len {len}: {err:?}");
        assert!(out.is_empty(), "nothing written for len {len}");
    }
}

#[test]
fn multi_mib_round_trip_streams() {
    // Not a multiple of the 160 KiB buffer, nor of 160, to cross every boundary.
    let len = 3 * 1024 * 1024 + 12_345;
    let plain = wim(len);
    let p = pw("0123456789abcdef");
    // A reader that returns short reads, as pipes do.
    struct Trickle<'a>(&'a [u8]);
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(4093);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }
    let mut pkg = Vec::new();
    encrypt(&mut Trickle(&plain), &mut pkg, &p, None).unwrap();
    assert_eq!(pkg.len() as u64, encrypted_len(len as u64));
    assert_eq!(pkg, enc(&plain, &p, Some(pkg[..16].try_into().unwrap())));
    let back = dec(&pkg, &p).unwrap();
    assert_eq!(&back[..len], &plain[..]);
    assert!(back[len..].iter().all(|&b| b == 0));
}

#[test]
fn random_ivs_differ() {
    let p = pw("Passw0rd");
    let a = enc(&wim(100), &p, None);
    let b = enc(&wim(100), &p, None);
    assert_ne!(a[..16], b[..16]);
    assert_ne!(a[16..], b[16..]);
}

#[test]
fn wrong_password_is_reported_as_such() {
    let pkg = enc(&wim(1000), &pw("Passw0rd"), None);
    for wrong in ["passw0rd", "Passw0rd1", "Passw0r", "x"] {
        let err = dec(&pkg, &pw(wrong)).unwrap_err();
        assert!(
            matches!(err, ProtectError::WrongPassword),
            "{wrong}: {err:?}"
        );
        assert_eq!(err.windows_hresult(), Some(0x8007_000D));
        assert_eq!(err.to_string(), "The password is wrong for this package.");
    }
}

#[test]
fn bad_sizes_are_not_packages() {
    let p = pw("Passw0rd");
    for len in [0, 1, 47, 48, 48 + 159] {
        let err = dec(&vec![0xAA; len], &p).unwrap_err();
        assert!(
            matches!(err, ProtectError::TooShort { .. }),
            "{len}: {err:?}"
        );
    }
    let pkg = enc(&wim(500), &p, None);
    for cut in [1, 16, 159] {
        let err = dec(&pkg[..pkg.len() - cut], &p).unwrap_err();
        assert!(
            matches!(err, ProtectError::NotAPackage { .. }),
            "{cut}: {err:?}"
        );
    }
    // Cutting a whole chunk keeps the size valid but breaks the tag.
    let mut short = pkg[..pkg.len() - 32 - 160].to_vec();
    short.extend_from_slice(&pkg[pkg.len() - 32..]);
    assert!(matches!(dec(&short, &p), Err(ProtectError::Damaged)));
}

/// The first ciphertext block decides the magic check: a flip there reads as a wrong
/// password (as on Windows). So do flips in IV bytes 0–7, which XOR into the magic.
#[test]
fn flips_in_the_first_block_or_iv_magic_read_as_wrong_password() {
    let p = pw("Passw0rd");
    let pkg = enc(&wim(700), &p, None);
    for pos in (0..8).chain(16..32) {
        for bit in 0..8 {
            let mut bad = pkg.clone();
            bad[pos] ^= 1 << bit;
            let err = dec(&bad, &p).unwrap_err();
            assert!(matches!(err, ProtectError::WrongPassword), "{pos}/{bit}");
        }
    }
}

/// The IV is not covered by the HMAC (a property of the format): a flip in IV bytes 8–15
/// decrypts "fine" and changes the same bit of WIM header bytes 8–15 (header size,
/// version), which any WIM reader then checks. Pinned here so a format fix shows up.
#[test]
fn iv_bytes_8_to_15_are_not_authenticated_by_the_format() {
    let p = pw("Passw0rd");
    let plain = wim(700);
    let pkg = enc(&plain, &p, None);
    let mut bad = pkg.clone();
    bad[9] ^= 0x10;
    let back = dec(&bad, &p).unwrap();
    assert_eq!(back[9], plain[9] ^ 0x10);
    assert_eq!(&back[10..700], &plain[10..]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any change from the second ciphertext block to the end of the tag is "damaged".
    #[test]
    fn any_flip_after_the_first_block_is_damage(
        len in 8usize..2000, pos_seed in any::<u64>(), mask in 1u8..=255,
    ) {
        let p = pw("Passw0rd");
        let pkg = enc(&wim(len), &p, None);
        let pos = 32 + (pos_seed as usize) % (pkg.len() - 32);
        let mut bad = pkg.clone();
        bad[pos] ^= mask;
        let err = dec(&bad, &p).unwrap_err();
        prop_assert!(matches!(err, ProtectError::Damaged), "pos {} of {}: {:?}", pos, pkg.len(), err);
        prop_assert_eq!(err.windows_hresult(), Some(0x8007_0570));
    }

    /// Round trip for arbitrary content and password.
    #[test]
    fn round_trip_any(body in proptest::collection::vec(any::<u8>(), 0..1500),
                      password in "[ -~]{1,16}") {
        let p = pw(&password);
        let mut plain = WIM_MAGIC.to_vec();
        plain.extend(body);
        let back = dec(&enc(&plain, &p, None), &p).unwrap();
        prop_assert_eq!(&back[..plain.len()], &plain[..]);
    }
}

#[test]
fn damaged_output_never_reaches_the_writer() {
    let p = pw("Passw0rd");
    let pkg = enc(&wim(5000), &p, None);
    let mut bad = pkg.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    let mut out = Vec::new();
    let err = decrypt(&mut Cursor::new(&bad), &mut out, &p).unwrap_err();
    assert!(matches!(err, ProtectError::Damaged));
    assert!(out.is_empty());
    let mut out = Vec::new();
    decrypt(&mut Cursor::new(&pkg), &mut out, &p).unwrap();
    assert!(out.starts_with(&WIM_MAGIC));
}

/// If the package changes between the HMAC pass and the decrypting pass, the second HMAC
/// check catches it: `decrypt` still fails as damaged (callers discard the partial output,
/// as `decrypt_file` does).
#[test]
fn a_package_changed_between_passes_is_damaged() {
    use std::io::{Read, Seek, SeekFrom};
    struct Changing {
        data: Cursor<Vec<u8>>,
        passes: u32,
    }
    impl Read for Changing {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.data.read(buf)
        }
    }
    impl Seek for Changing {
        fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
            if pos == SeekFrom::Start(16) {
                self.passes += 1;
                if self.passes == 2 {
                    self.data.get_mut()[4000] ^= 1; // after the HMAC pass
                }
            }
            self.data.seek(pos)
        }
    }
    let p = pw("Passw0rd");
    let mut src = Changing {
        data: Cursor::new(enc(&wim(10_000), &p, None)),
        passes: 0,
    };
    let err = decrypt(&mut src, &mut Vec::new(), &p).unwrap_err();
    assert!(matches!(err, ProtectError::Damaged), "{err:?}");
    assert_eq!(src.passes, 2);
}
