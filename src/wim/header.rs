//! The fixed 208-byte WIM header and the 24-byte resource headers it contains.
//!
//! Layout from the published "Windows Imaging File Format" specification; the values WCD
//! writes are the defaults of [`Header::new_xpress`].

use super::error::{Result, WimError};

/// `MSWIM\0\0\0`: the first eight bytes of every WIM file.
pub const MAGIC: [u8; 8] = *b"MSWIM\0\0\0";
/// Size of the header on disk.
pub const HEADER_SIZE: usize = 208;
/// Format version WCD writes (and every reader accepts).
pub const VERSION: u32 = 0x10d00;
/// Header flag: resources may be compressed.
pub const FLAG_COMPRESSION: u32 = 0x2;
/// Header flag: reparse-point fixups were applied at capture time.
pub const FLAG_RP_FIX: u32 = 0x80;
/// Header flag: compression is XPRESS (Huffman variant).
pub const FLAG_COMPRESS_XPRESS: u32 = 0x20000;
/// Header flag: compression is LZX.
pub const FLAG_COMPRESS_LZX: u32 = 0x40000;
/// Header flag: compression is LZMS.
pub const FLAG_COMPRESS_LZMS: u32 = 0x80000;
/// Header flag: XPRESS compression (alternate bit used by some WIMs).
pub const FLAG_COMPRESS_XPRESS2: u32 = 0x200000;
/// Header flag: this is one part of a split WIM.
pub const FLAG_SPANNED: u32 = 0x8;
/// The chunk size WCD uses; the only one this module writes.
pub const CHUNK_SIZE: u32 = 32 * 1024;

/// Resource flag: the resource is a free (deleted) entry.
pub const RESHDR_FREE: u8 = 0x1;
/// Resource flag: the resource is metadata (image tree, blob table, XML).
pub const RESHDR_METADATA: u8 = 0x2;
/// Resource flag: the resource is stored in compressed chunks.
pub const RESHDR_COMPRESSED: u8 = 0x4;
/// Resource flag: the resource spans parts of a split WIM.
pub const RESHDR_SPANNED: u8 = 0x8;
/// Resource flag: solid ("packed") resource, used with LZMS.
pub const RESHDR_SOLID: u8 = 0x10;

/// Where a resource lives in the file and how it is stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResHdr {
    /// Bytes the resource occupies in the file (56 bits on disk).
    pub size_in_wim: u64,
    /// `RESHDR_*` flags.
    pub flags: u8,
    /// Absolute file offset.
    pub offset: u64,
    /// Size after decompression.
    pub original_size: u64,
}

impl ResHdr {
    /// On-disk size.
    pub const SIZE: usize = 24;

    /// Decodes 24 bytes.
    pub fn parse(b: &[u8]) -> ResHdr {
        let raw = u64::from_le_bytes(b[0..8].try_into().unwrap_or([0; 8]));
        ResHdr {
            size_in_wim: raw & 0x00ff_ffff_ffff_ffff,
            flags: (raw >> 56) as u8,
            offset: le64(&b[8..16]),
            original_size: le64(&b[16..24]),
        }
    }

    /// Encodes to 24 bytes.
    pub fn to_bytes(&self) -> [u8; 24] {
        let mut out = [0u8; 24];
        let raw = (self.size_in_wim & 0x00ff_ffff_ffff_ffff) | (u64::from(self.flags) << 56);
        out[0..8].copy_from_slice(&raw.to_le_bytes());
        out[8..16].copy_from_slice(&self.offset.to_le_bytes());
        out[16..24].copy_from_slice(&self.original_size.to_le_bytes());
        out
    }

    /// True when the resource is stored in compressed chunks.
    pub fn is_compressed(&self) -> bool {
        self.flags & RESHDR_COMPRESSED != 0
    }
}

/// The decoded WIM header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Format version (`0x10d00`).
    pub version: u32,
    /// `FLAG_*` bits.
    pub flags: u32,
    /// Uncompressed size of a chunk of a compressed resource.
    pub chunk_size: u32,
    /// Identifies the WIM (all parts of a split WIM share it).
    pub guid: [u8; 16],
    /// This part's number, from 1.
    pub part_number: u16,
    /// Number of parts.
    pub total_parts: u16,
    /// Number of images.
    pub image_count: u32,
    /// The blob (lookup) table.
    pub blob_table: ResHdr,
    /// The XML data.
    pub xml_data: ResHdr,
    /// Metadata resource of the boot image (unused here).
    pub boot_metadata: ResHdr,
    /// Index of the bootable image, 0 for none.
    pub boot_index: u32,
    /// Integrity table (SHA-1 of file ranges), unused here.
    pub integrity: ResHdr,
}

/// Compression used by a WIM's resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    /// Resources are stored as is.
    None,
    /// XPRESS with Huffman coding.
    Xpress,
}

impl Header {
    /// The header WCD writes: version 0x10d00, flags 0x20082, 32 KiB chunks, one part and image.
    pub fn new_xpress(guid: [u8; 16]) -> Header {
        Header {
            version: VERSION,
            flags: FLAG_COMPRESSION | FLAG_RP_FIX | FLAG_COMPRESS_XPRESS,
            chunk_size: CHUNK_SIZE,
            guid,
            part_number: 1,
            total_parts: 1,
            image_count: 1,
            blob_table: ResHdr::default(),
            xml_data: ResHdr::default(),
            boot_metadata: ResHdr::default(),
            boot_index: 0,
            integrity: ResHdr::default(),
        }
    }

    /// Decodes and sanity-checks a header.
    pub fn parse(b: &[u8]) -> Result<Header> {
        if b.len() < HEADER_SIZE || b[0..8] != MAGIC {
            return Err(WimError::NotWim("missing MSWIM magic".into()));
        }
        let header_size = le32(&b[8..12]);
        if header_size as usize != HEADER_SIZE {
            return Err(WimError::NotWim(format!(
                "header size {header_size}, expected 208"
            )));
        }
        let h = Header {
            version: le32(&b[12..16]),
            flags: le32(&b[16..20]),
            chunk_size: le32(&b[20..24]),
            guid: b[24..40].try_into().unwrap_or([0; 16]),
            part_number: u16::from_le_bytes([b[40], b[41]]),
            total_parts: u16::from_le_bytes([b[42], b[43]]),
            image_count: le32(&b[44..48]),
            blob_table: ResHdr::parse(&b[48..72]),
            xml_data: ResHdr::parse(&b[72..96]),
            boot_metadata: ResHdr::parse(&b[96..120]),
            boot_index: le32(&b[120..124]),
            integrity: ResHdr::parse(&b[124..148]),
        };
        Ok(h)
    }

    /// Which codec the resources use; errors for LZX, LZMS and unknown codecs.
    pub fn compression(&self) -> Result<Compression> {
        if self.flags & FLAG_COMPRESSION == 0 {
            return Ok(Compression::None);
        }
        if self.flags & FLAG_COMPRESS_LZX != 0 {
            return Err(WimError::UnsupportedCompression("LZX".into()));
        }
        if self.flags & FLAG_COMPRESS_LZMS != 0 {
            return Err(WimError::UnsupportedCompression("LZMS".into()));
        }
        if self.flags & (FLAG_COMPRESS_XPRESS | FLAG_COMPRESS_XPRESS2) != 0 {
            return Ok(Compression::Xpress);
        }
        Err(WimError::UnsupportedCompression(format!(
            "(header flags {:#x})",
            self.flags
        )))
    }

    /// Encodes to 208 bytes.
    pub fn to_bytes(&self) -> [u8; HEADER_SIZE] {
        let mut b = [0u8; HEADER_SIZE];
        b[0..8].copy_from_slice(&MAGIC);
        b[8..12].copy_from_slice(&(HEADER_SIZE as u32).to_le_bytes());
        b[12..16].copy_from_slice(&self.version.to_le_bytes());
        b[16..20].copy_from_slice(&self.flags.to_le_bytes());
        b[20..24].copy_from_slice(&self.chunk_size.to_le_bytes());
        b[24..40].copy_from_slice(&self.guid);
        b[40..42].copy_from_slice(&self.part_number.to_le_bytes());
        b[42..44].copy_from_slice(&self.total_parts.to_le_bytes());
        b[44..48].copy_from_slice(&self.image_count.to_le_bytes());
        b[48..72].copy_from_slice(&self.blob_table.to_bytes());
        b[72..96].copy_from_slice(&self.xml_data.to_bytes());
        b[96..120].copy_from_slice(&self.boot_metadata.to_bytes());
        b[120..124].copy_from_slice(&self.boot_index.to_le_bytes());
        b[124..148].copy_from_slice(&self.integrity.to_bytes());
        b
    }
}

pub(crate) fn le16(b: &[u8]) -> u16 {
    u16::from_le_bytes([b[0], b[1]])
}

pub(crate) fn le32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

pub(crate) fn le64(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_round_trip() {
        let mut h = Header::new_xpress([7; 16]);
        h.blob_table = ResHdr {
            size_in_wim: 50,
            flags: RESHDR_METADATA,
            offset: 1000,
            original_size: 50,
        };
        let b = h.to_bytes();
        assert_eq!(Header::parse(&b).unwrap(), h);
        assert_eq!(h.compression().unwrap(), Compression::Xpress);
    }

    #[test]
    fn lzx_is_refused() {
        let mut h = Header::new_xpress([0; 16]);
        h.flags = FLAG_COMPRESSION | FLAG_COMPRESS_LZX;
        let e = h.compression().unwrap_err().to_string();
        assert!(e.contains("unsupported compression LZX"), "{e}");
    }
}
