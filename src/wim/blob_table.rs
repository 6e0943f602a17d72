//! The blob (lookup) table: one 50-byte entry per stored stream, addressed by SHA-1.

use super::error::{Result, WimError};
use super::header::{ResHdr, le16, le32};

/// One blob table entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobEntry {
    /// Where the blob is stored.
    pub res: ResHdr,
    /// Part of a split WIM holding it (1 here).
    pub part_number: u16,
    /// How many streams in the image refer to it.
    pub ref_count: u32,
    /// SHA-1 of the uncompressed contents.
    pub sha1: [u8; 20],
}

/// Size of an entry on disk.
pub const ENTRY_SIZE: usize = 50;

impl BlobEntry {
    /// Encodes the entry.
    pub fn to_bytes(&self) -> [u8; ENTRY_SIZE] {
        let mut b = [0u8; ENTRY_SIZE];
        b[0..24].copy_from_slice(&self.res.to_bytes());
        b[24..26].copy_from_slice(&self.part_number.to_le_bytes());
        b[26..30].copy_from_slice(&self.ref_count.to_le_bytes());
        b[30..50].copy_from_slice(&self.sha1);
        b
    }
}

/// Decodes a blob table. Trailing bytes that do not make a whole entry are an error.
pub fn parse(b: &[u8]) -> Result<Vec<BlobEntry>> {
    if b.len() % ENTRY_SIZE != 0 {
        return Err(WimError::CorruptBlobTable(format!(
            "{} bytes is not a multiple of 50",
            b.len()
        )));
    }
    Ok(b.chunks_exact(ENTRY_SIZE)
        .map(|e| BlobEntry {
            res: ResHdr::parse(&e[0..24]),
            part_number: le16(&e[24..26]),
            ref_count: le32(&e[26..30]),
            sha1: e[30..50].try_into().unwrap_or([0; 20]),
        })
        .collect())
}
