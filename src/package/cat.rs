//! The unsigned catalog WCD writes beside a package (`<Name>.cat`, ppkg-format.md §3).
//!
//! A DER PKCS#7 SignedData with no signer whose content is a Microsoft certificate trust
//! list (`1.3.6.1.4.1.311.10.1`) with two members: the SHA-1 and the SHA-256 of the whole
//! `.ppkg`. The structure reproduces WCD's `e-power.cat` byte for byte; only the list
//! identifier (16 random bytes) and the time (`thisUpdate`) differ per build. Members are
//! sorted by their hash bytes, as in both samples (makecat sorts by tag).

use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::io::{self, Read};

const OID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
const OID_CTL: &str = "1.3.6.1.4.1.311.10.1";
const OID_CATALOG_LIST: &str = "1.3.6.1.4.1.311.12.1.1";
const OID_CATALOG_LIST_MEMBER: &str = "1.3.6.1.4.1.311.12.1.3";
const OID_MEMBER_INFO2: &str = "1.3.6.1.4.1.311.12.2.3";
const OID_SPC_INDIRECT_DATA: &str = "1.3.6.1.4.1.311.2.1.4";
const OID_SPC_CAB_DATA: &str = "1.3.6.1.4.1.311.2.1.25";
const OID_SHA256: &str = "2.16.840.1.101.3.4.2.1";

/// SHA-1 and SHA-256 of a package, the two catalog members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackageHashes {
    pub sha1: [u8; 20],
    pub sha256: [u8; 32],
}

impl PackageHashes {
    /// Hashes a stream in one pass. SHA-1 runs on a second thread beside SHA-256 (each
    /// chunk is read once and shared), so it costs the slower hash's time, not the sum of
    /// both. A file is hashed faster by [`PackageHashes::of_file`].
    pub fn of(mut r: impl Read) -> io::Result<Self> {
        const CHUNK: usize = 256 * 1024;
        let (tx, rx) = std::sync::mpsc::sync_channel::<std::sync::Arc<Vec<u8>>>(4);
        std::thread::scope(|s| {
            let sha1 = s.spawn(move || {
                let mut h = Sha1::new();
                for chunk in rx {
                    h.update(&chunk[..]);
                }
                <[u8; 20]>::from(h.finalize())
            });
            let mut h2 = Sha256::new();
            let read = (|| -> io::Result<()> {
                loop {
                    let mut buf = vec![0u8; CHUNK];
                    let mut n = 0;
                    while n < CHUNK {
                        match r.read(&mut buf[n..]) {
                            Ok(0) => break,
                            Ok(k) => n += k,
                            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                            Err(e) => return Err(e),
                        }
                    }
                    if n == 0 {
                        return Ok(());
                    }
                    buf.truncate(n);
                    let chunk = std::sync::Arc::new(buf);
                    // The SHA-1 thread only ends when `tx` is dropped, so it is there.
                    let _ = tx.send(chunk.clone());
                    h2.update(&chunk[..]);
                    if n < CHUNK {
                        return Ok(());
                    }
                }
            })();
            drop(tx);
            let sha1 = sha1.join().expect("the SHA-1 thread does not panic");
            read.map(|()| PackageHashes {
                sha1,
                sha256: h2.finalize().into(),
            })
        })
    }
}

impl PackageHashes {
    /// Hashes a whole file with SHA-1 and SHA-256 side by side, each on its own thread
    /// reading the file at its own offsets into its own buffer: nothing is shared or
    /// allocated per chunk, so the pass takes the slower hash's time over the page cache.
    /// `stop` is asked before each chunk; when it says so the pass ends with an error.
    pub fn of_file(file: &std::fs::File, stop: &(dyn Fn() -> bool + Sync)) -> io::Result<Self> {
        let len = file.metadata()?.len();
        std::thread::scope(|s| {
            let sha1 = s.spawn(|| hash_file::<Sha1>(file, len, stop));
            let sha256 = hash_file::<Sha256>(file, len, stop);
            let sha1 = sha1
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the SHA-1 thread panicked")));
            Ok(PackageHashes {
                sha1: sha1?.as_slice().try_into().map_err(io::Error::other)?,
                sha256: sha256?.as_slice().try_into().map_err(io::Error::other)?,
            })
        })
    }
}

/// One digest of the first `len` bytes of `file`, read by position.
fn hash_file<D: Digest>(
    file: &std::fs::File,
    len: u64,
    stop: &(dyn Fn() -> bool + Sync),
) -> io::Result<Vec<u8>> {
    // Small enough to stay in the core's cache between the copy and the hash.
    const CHUNK: usize = 256 * 1024;
    let mut buf = vec![0u8; CHUNK];
    let mut h = D::new();
    let mut at = 0u64;
    while at < len {
        if stop() {
            return Err(io::Error::other("stopped"));
        }
        let want = (len - at).min(CHUNK as u64) as usize;
        let n = read_at(file, &mut buf[..want], at)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the file got shorter while it was hashed",
            ));
        }
        h.update(&buf[..n]);
        at += n as u64;
    }
    Ok(h.finalize().to_vec())
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    use std::os::unix::fs::FileExt;
    loop {
        match file.read_at(buf, at) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            r => return r,
        }
    }
}

#[cfg(windows)]
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> io::Result<usize> {
    use std::os::windows::fs::FileExt;
    loop {
        match file.seek_read(buf, at) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            r => return r,
        }
    }
}

/// The `.cat` bytes. `list_id` is WCD's random list identifier, `time` the UTC time
/// written as `thisUpdate`.
pub fn catalog(hashes: &PackageHashes, list_id: [u8; 16], time: time::OffsetDateTime) -> Vec<u8> {
    let member_info = || seq(&[oid(OID_MEMBER_INFO2), set(&[tlv(0x82, &[])])]);
    let sha1_member = seq(&[octets(&hashes.sha1), set(&[member_info()])]);
    let indirect = seq(&[
        oid(OID_SPC_INDIRECT_DATA),
        set(&[seq(&[
            seq(&[oid(OID_SPC_CAB_DATA), tlv(0xA2, &tlv(0x80, &[]))]),
            seq(&[
                seq(&[oid(OID_SHA256), tlv(0x05, &[])]),
                octets(&hashes.sha256),
            ]),
        ])]),
    ]);
    let sha256_member = seq(&[octets(&hashes.sha256), set(&[member_info(), indirect])]);
    let mut members = [
        (&hashes.sha1[..], sha1_member),
        (&hashes.sha256[..], sha256_member),
    ];
    members.sort_by(|a, b| a.0.cmp(b.0));
    let ctl = seq(&[
        seq(&[oid(OID_CATALOG_LIST)]),
        octets(&list_id),
        der_time(time),
        seq(&[oid(OID_CATALOG_LIST_MEMBER), tlv(0x05, &[])]),
        seq(&[members[0].1.clone(), members[1].1.clone()]),
    ]);
    let signed = seq(&[
        tlv(0x02, &[1]),
        set(&[]),
        seq(&[oid(OID_CTL), tlv(0xA0, &ctl)]),
        set(&[]),
    ]);
    seq(&[oid(OID_SIGNED_DATA), tlv(0xA0, &signed)])
}

/// Earliest and latest build times a package can record: a WIM's FILETIME starts in 1601
/// and a catalog's GeneralizedTime ends with the year 9999.
pub const TIME_RANGE: (i64, i64) = (-11_644_473_600, 253_402_300_799);

/// `time` as DER requires (RFC 5280 §4.1.2.5): UTCTime (two-digit year) for 1950–2049,
/// GeneralizedTime (four-digit year) otherwise. Callers keep `time` within [`TIME_RANGE`].
fn der_time(time: time::OffsetDateTime) -> Vec<u8> {
    let t = time.to_offset(time::UtcOffset::UTC);
    let rest = format!(
        "{:02}{:02}{:02}{:02}{:02}Z",
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    if (1950..2050).contains(&t.year()) {
        tlv(0x17, format!("{:02}{rest}", t.year() % 100).as_bytes())
    } else {
        tlv(0x18, format!("{:04}{rest}", t.year()).as_bytes())
    }
}

/// The fields of a WCD-style catalog, read back (for tests and `inspect`).
#[derive(Debug, PartialEq, Eq)]
pub struct CatalogFields {
    pub list_id: [u8; 16],
    /// As written: `YYMMDDhhmmssZ` (UTCTime) or `YYYYMMDDhhmmssZ` (GeneralizedTime).
    pub time: String,
    pub hashes: PackageHashes,
}

/// Reads the list identifier, time and member hashes from a catalog of the layout
/// [`catalog`] writes; `None` for anything else.
pub fn parse_catalog(der: &[u8]) -> Option<CatalogFields> {
    // Fixed prefix up to the list identifier (offsets as in WCD's file).
    let id_at = der.windows(2).position(|w| w == [0x04, 0x10])?;
    let list_id: [u8; 16] = der.get(id_at + 2..id_at + 18)?.try_into().ok()?;
    let time_len = match der.get(id_at + 18..id_at + 20)? {
        [0x17, 13] => 13,
        [0x18, 15] => 15,
        _ => return None,
    };
    let after = id_at + 20 + time_len;
    let time = String::from_utf8(der.get(id_at + 20..after)?.to_vec()).ok()?;
    let find = |len: u8| -> Option<Vec<u8>> {
        let pat = [0x04, len];
        let at = der.get(after..)?.windows(2).position(|w| w == pat)? + after + 2;
        der.get(at..at + len as usize).map(<[u8]>::to_vec)
    };
    let sha1: [u8; 20] = find(20)?.try_into().ok()?;
    let sha256: [u8; 32] = find(32)?.try_into().ok()?;
    let fields = CatalogFields {
        list_id,
        time,
        hashes: PackageHashes { sha1, sha256 },
    };
    Some(fields)
}

/// Largest `.cat` read back; ours are about 600 bytes.
const MAX_CATALOG: u64 = 64 << 10;

/// Whether a package and the catalog beside it belong together.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "reason")]
pub enum PairCheck {
    /// The catalog lists the package's SHA-1 and SHA-256.
    Matches,
    /// The catalog lists other hashes: it belongs to another build.
    Mismatch,
    /// There is no catalog (or no package) to compare.
    Missing,
    /// The catalog or package could not be read, or the catalog is not in WCD's layout.
    Unreadable(String),
}

/// Compares `ppkg` with the catalog `cat` by hashing the whole package (streamed).
pub fn check_pair(ppkg: &std::path::Path, cat: &std::path::Path) -> PairCheck {
    use crate::fsutil::{ReadError, open_regular, read_capped};
    let der = match read_capped(cat, MAX_CATALOG) {
        Ok(d) => d,
        Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound => return PairCheck::Missing,
        Err(e) => return PairCheck::Unreadable(format!("{}: {e}", cat.display())),
    };
    let Some(fields) = parse_catalog(&der) else {
        return PairCheck::Unreadable(format!(
            "{} is not a catalog in the layout WCD writes",
            cat.display()
        ));
    };
    let file = match open_regular(ppkg) {
        Ok((f, _)) => f,
        Err(ReadError::Io(e)) if e.kind() == io::ErrorKind::NotFound => return PairCheck::Missing,
        Err(e) => return PairCheck::Unreadable(format!("{}: {e}", ppkg.display())),
    };
    match PackageHashes::of_file(&file, &|| false) {
        Ok(h) if h == fields.hashes => PairCheck::Matches,
        Ok(_) => PairCheck::Mismatch,
        Err(e) => PairCheck::Unreadable(format!(
            "{}: {}",
            ppkg.display(),
            crate::errors::io_reason(&e)
        )),
    }
}

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

fn set(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x31, &parts.concat())
}

fn octets(b: &[u8]) -> Vec<u8> {
    tlv(0x04, b)
}

fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted
        .split('.')
        .map(|a| a.parse().expect("valid OID"))
        .collect();
    let mut body = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &a in &arcs[2..] {
        let mut groups = vec![(a & 0x7f) as u8];
        let mut v = a >> 7;
        while v > 0 {
            groups.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        groups.reverse();
        body.extend(groups);
    }
    tlv(0x06, &body)
}

#[cfg(test)]
mod hash_tests {
    use super::*;

    /// A reader that hands out at most 1000 bytes a call, as pipes and some files do.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(1000);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn both_hashes_equal_the_one_shot_hashes_at_every_chunk_boundary() {
        let chunk = 256 * 1024;
        for len in [0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk + 5] {
            let data: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            let want = PackageHashes {
                sha1: Sha1::digest(&data).into(),
                sha256: Sha256::digest(&data).into(),
            };
            assert_eq!(PackageHashes::of(&data[..]).unwrap(), want, "{len}");
            assert_eq!(PackageHashes::of(Trickle(&data)).unwrap(), want, "{len}");
        }
    }

    #[test]
    fn a_file_hashes_like_the_stream_and_stops_when_asked() {
        let chunk = 256 * 1024;
        for len in [0, 1, chunk - 1, chunk, chunk + 1, 3 * chunk + 5] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 % 253) as u8).collect();
            let mut f = tempfile::tempfile().unwrap();
            io::Write::write_all(&mut f, &data).unwrap();
            let want = PackageHashes::of(&data[..]).unwrap();
            assert_eq!(
                PackageHashes::of_file(&f, &|| false).unwrap(),
                want,
                "{len}"
            );
            if len > 0 {
                assert!(PackageHashes::of_file(&f, &|| true).is_err());
            }
        }
    }

    #[test]
    fn a_read_error_is_returned() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
                Err(io::Error::other("disk gone"))
            }
        }
        assert!(PackageHashes::of(Broken).is_err());
    }
}
