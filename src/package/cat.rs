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
    /// Hashes a stream in one pass.
    pub fn of(mut r: impl Read) -> io::Result<Self> {
        let (mut h1, mut h2) = (Sha1::new(), Sha256::new());
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = r.read(&mut buf)?;
            if n == 0 {
                break;
            }
            h1.update(&buf[..n]);
            h2.update(&buf[..n]);
        }
        Ok(PackageHashes {
            sha1: h1.finalize().into(),
            sha256: h2.finalize().into(),
        })
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
    let t = time.to_offset(time::UtcOffset::UTC);
    let utc = format!(
        "{:02}{:02}{:02}{:02}{:02}{:02}Z",
        t.year().rem_euclid(100),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
    let ctl = seq(&[
        seq(&[oid(OID_CATALOG_LIST)]),
        octets(&list_id),
        tlv(0x17, utc.as_bytes()),
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

/// The fields of a WCD-style catalog, read back (for tests and `inspect`).
#[derive(Debug, PartialEq, Eq)]
pub struct CatalogFields {
    pub list_id: [u8; 16],
    pub time: String,
    pub hashes: PackageHashes,
}

/// Reads the list identifier, time and member hashes from a catalog of the layout
/// [`catalog`] writes; `None` for anything else.
pub fn parse_catalog(der: &[u8]) -> Option<CatalogFields> {
    // Fixed prefix up to the list identifier (offsets as in WCD's file).
    let id_at = der.windows(2).position(|w| w == [0x04, 0x10])?;
    let list_id: [u8; 16] = der.get(id_at + 2..id_at + 18)?.try_into().ok()?;
    let t = der.get(id_at + 18..id_at + 33)?;
    if t[0] != 0x17 || t[1] != 13 {
        return None;
    }
    let time = String::from_utf8(t[2..].to_vec()).ok()?;
    let find = |len: u8| -> Option<Vec<u8>> {
        let pat = [0x04, len];
        let at = der[id_at + 33..].windows(2).position(|w| w == pat)? + id_at + 33 + 2;
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
