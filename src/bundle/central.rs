//! A strict reader of the zip central directory, used before the `zip` crate sees the file.
//!
//! Why our own: the `zip` crate keys entries by name, so two entries with the same name
//! silently become one, and it reads every declared entry before we could count them. This
//! reader walks the raw records (bounded by [`super::safety`] limits) so duplicates, entry
//! counts, declared sizes, flags and file types are judged on what the archive really says.
//! `open` then checks that the `zip` crate sees exactly the same records.

use super::BundleError;
use super::safety::{MAX_CENTRAL_DIR_BYTES, MAX_ENTRIES};
use std::io::{Read, Seek, SeekFrom};

const EOCD_SIG: u32 = 0x0605_4b50;
const EOCD64_LOCATOR_SIG: u32 = 0x0706_4b50;
const EOCD64_SIG: u32 = 0x0606_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const EOCD_LEN: u64 = 22;
const MAX_COMMENT: u64 = 0xFFFF;

/// One central directory record, as the archive declares it.
#[derive(Debug, Clone)]
pub(crate) struct RawEntry {
    /// The name bytes exactly as stored.
    pub name: Vec<u8>,
    /// Offset of this record in the file (matches `ZipFile::central_header_start`).
    pub record_offset: u64,
    pub version_made_by: u16,
    pub flags: u16,
    pub method: u16,
    pub external_attributes: u32,
    pub compressed_size: u64,
    pub size: u64,
}

/// The whole directory: where it starts and its records in file order.
#[derive(Debug)]
pub(crate) struct CentralDirectory {
    pub start: u64,
    pub entries: Vec<RawEntry>,
}

fn not_zip(reason: impl Into<String>) -> BundleError {
    BundleError::NotZip {
        reason: reason.into(),
    }
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}
fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}
fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

fn read_at(r: &mut (impl Read + Seek), at: u64, len: usize) -> Result<Vec<u8>, BundleError> {
    let mut buf = vec![0; len];
    r.seek(SeekFrom::Start(at))
        .and_then(|_| r.read_exact(&mut buf))
        .map_err(|e| not_zip(format!("its directory cannot be read ({e})")))?;
    Ok(buf)
}

/// Reads and walks the central directory. Refuses archives with data before the first
/// entry or after the end record (beyond its comment), multi-disk archives, and more than
/// [`MAX_ENTRIES`] entries — the count is checked before any record is read.
pub(crate) fn read(r: &mut (impl Read + Seek)) -> Result<CentralDirectory, BundleError> {
    let len = r
        .seek(SeekFrom::End(0))
        .map_err(|e| not_zip(e.to_string()))?;
    if len < EOCD_LEN {
        return Err(not_zip("it is too short to be a zip file"));
    }
    // The end record is the last "PK\5\6" whose comment reaches exactly to the end of file.
    let tail_len = len.min(EOCD_LEN + MAX_COMMENT);
    let tail = read_at(r, len - tail_len, tail_len as usize)?;
    let eocd_at = (0..=tail.len() - EOCD_LEN as usize)
        .rev()
        .find(|&i| {
            u32_at(&tail, i) == EOCD_SIG
                && i + EOCD_LEN as usize + usize::from(u16_at(&tail, i + 20)) == tail.len()
        })
        .ok_or_else(|| not_zip("it has no end-of-directory record"))?;
    let e = &tail[eocd_at..];
    let eocd_pos = len - tail_len + eocd_at as u64;
    if u16_at(e, 4) != 0 || u16_at(e, 6) != 0 {
        return Err(not_zip("it spans several disks"));
    }
    let mut count = u64::from(u16_at(e, 10));
    let mut cd_size = u64::from(u32_at(e, 12));
    let mut cd_start = u64::from(u32_at(e, 16));
    let mut cd_end_expected = eocd_pos;
    if u16_at(e, 8) == 0xFFFF
        || count == 0xFFFF
        || cd_size == 0xFFFF_FFFF
        || cd_start == 0xFFFF_FFFF
    {
        // Zip64: the locator sits right before the end record and points at the zip64 one.
        if eocd_pos < 20 {
            return Err(not_zip("its zip64 locator is missing"));
        }
        let loc = read_at(r, eocd_pos - 20, 20)?;
        if u32_at(&loc, 0) != EOCD64_LOCATOR_SIG {
            return Err(not_zip("its zip64 locator is missing"));
        }
        let rec_pos = u64_at(&loc, 8);
        if u32_at(&loc, 4) != 0 || u32_at(&loc, 16) > 1 || rec_pos > eocd_pos - 20 - 56 {
            return Err(not_zip("its zip64 locator is invalid"));
        }
        let rec = read_at(r, rec_pos, 56)?;
        if u32_at(&rec, 0) != EOCD64_SIG || u32_at(&rec, 16) != 0 || u32_at(&rec, 20) != 0 {
            return Err(not_zip("its zip64 end record is invalid"));
        }
        if u64_at(&rec, 24) != u64_at(&rec, 32) {
            return Err(not_zip("it spans several disks"));
        }
        count = u64_at(&rec, 32);
        cd_size = u64_at(&rec, 40);
        cd_start = u64_at(&rec, 48);
        cd_end_expected = rec_pos;
    }
    if count > MAX_ENTRIES {
        return Err(BundleError::TooManyEntries {
            count,
            max: MAX_ENTRIES,
        });
    }
    if cd_size > MAX_CENTRAL_DIR_BYTES {
        return Err(not_zip("its directory is larger than any bundle needs"));
    }
    if cd_start.checked_add(cd_size) != Some(cd_end_expected) {
        return Err(not_zip(
            "its directory is not where its end record says (extra data or a damaged file)",
        ));
    }
    let cd = read_at(r, cd_start, cd_size as usize)?;
    let entries = parse_records(&cd, cd_start, count)?;
    Ok(CentralDirectory {
        start: cd_start,
        entries,
    })
}

fn parse_records(cd: &[u8], cd_start: u64, count: u64) -> Result<Vec<RawEntry>, BundleError> {
    let mut entries = Vec::with_capacity(count as usize);
    let mut at = 0usize;
    for _ in 0..count {
        if cd.len() - at < 46 || u32_at(cd, at) != CENTRAL_SIG {
            return Err(not_zip("its directory is truncated or damaged"));
        }
        let h = &cd[at..at + 46];
        let name_len = usize::from(u16_at(h, 28));
        let extra_len = usize::from(u16_at(h, 30));
        let comment_len = usize::from(u16_at(h, 32));
        let total = 46 + name_len + extra_len + comment_len;
        if cd.len() - at < total {
            return Err(not_zip("its directory is truncated or damaged"));
        }
        if u16_at(h, 34) != 0 && u16_at(h, 34) != 0xFFFF {
            return Err(not_zip("it spans several disks"));
        }
        let name = cd[at + 46..at + 46 + name_len].to_vec();
        let extra = &cd[at + 46 + name_len..at + 46 + name_len + extra_len];
        let mut size = u64::from(u32_at(h, 24));
        let mut compressed_size = u64::from(u32_at(h, 20));
        let offset32 = u32_at(h, 42);
        zip64_sizes(extra, &mut size, &mut compressed_size, offset32)?;
        entries.push(RawEntry {
            name,
            record_offset: cd_start + at as u64,
            version_made_by: u16_at(h, 4),
            flags: u16_at(h, 8),
            method: u16_at(h, 10),
            external_attributes: u32_at(h, 38),
            compressed_size,
            size,
        });
        at += total;
    }
    if at != cd.len() {
        return Err(not_zip("its directory holds more records than it declares"));
    }
    Ok(entries)
}

/// Applies the zip64 extra field (id 1): its values replace the 32-bit fields set to all
/// ones, in the order uncompressed size, compressed size, header offset.
fn zip64_sizes(
    mut extra: &[u8],
    size: &mut u64,
    compressed: &mut u64,
    offset32: u32,
) -> Result<(), BundleError> {
    while extra.len() >= 4 {
        let id = u16_at(extra, 0);
        let len = usize::from(u16_at(extra, 2));
        if extra.len() < 4 + len {
            return Err(not_zip("an entry's extra field is truncated"));
        }
        let mut data = &extra[4..4 + len];
        if id == 1 {
            for field in [&mut *size, &mut *compressed] {
                if *field == 0xFFFF_FFFF {
                    if data.len() < 8 {
                        return Err(not_zip("an entry's zip64 field is truncated"));
                    }
                    *field = u64_at(data, 0);
                    data = &data[8..];
                }
            }
            if offset32 == 0xFFFF_FFFF && data.len() < 8 {
                return Err(not_zip("an entry's zip64 field is truncated"));
            }
        }
        extra = &extra[4 + len..];
    }
    Ok(())
}
