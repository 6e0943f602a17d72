//! XPRESS-Huffman decompression of one WIM chunk ([MS-XCA] §2.2.4, WIM variant: one
//! Huffman table per chunk, the chunk's uncompressed size known from the chunk table).

use super::NUM_SYMBOLS;
use super::huffman::{TABLE_BITS, build_decode_table};

/// Why a chunk could not be decoded.
#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The 256-byte code length table is missing or does not form a prefix code.
    BadTable,
    /// A bit pattern that no code maps to.
    BadSymbol,
    /// A match reaches before the start of the chunk or past its end.
    BadMatch,
    /// The input ended in the middle of a length byte.
    Truncated,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DecodeError::BadTable => "invalid Huffman table",
            DecodeError::BadSymbol => "invalid Huffman symbol",
            DecodeError::BadMatch => "match outside the chunk",
            DecodeError::Truncated => "chunk ends too early",
        })
    }
}

/// Reusable decoder state (the 64 KiB decode table), so chunks allocate nothing.
pub struct Decompressor {
    table: Vec<u16>,
}

impl Default for Decompressor {
    fn default() -> Self {
        Self::new()
    }
}

impl Decompressor {
    /// Creates a decoder.
    pub fn new() -> Self {
        Decompressor {
            table: vec![0; 1 << TABLE_BITS],
        }
    }

    /// Decodes `input` into exactly `out.len()` bytes.
    pub fn decompress(&mut self, input: &[u8], out: &mut [u8]) -> Result<(), DecodeError> {
        if out.is_empty() {
            return Ok(());
        }
        if input.len() < NUM_SYMBOLS / 2 {
            return Err(DecodeError::BadTable);
        }
        let mut lens = [0u8; NUM_SYMBOLS];
        for (i, &b) in input[..NUM_SYMBOLS / 2].iter().enumerate() {
            lens[2 * i] = b & 0xf;
            lens[2 * i + 1] = b >> 4;
        }
        build_decode_table(&lens, &mut self.table).map_err(|_| DecodeError::BadTable)?;
        let table = &self.table;

        // Words past the end of the input read as zero: a compressor pads the final words,
        // and a bad chunk then fails on a symbol or a match, never by reading out of bounds.
        let word = |p: usize| -> u32 {
            match input.get(p..p + 2) {
                Some(w) => u32::from(u16::from_le_bytes([w[0], w[1]])),
                None => 0,
            }
        };
        let mut pos = NUM_SYMBOLS / 2;
        let mut bits: u32 = (word(pos) << 16) | word(pos + 2);
        pos += 4;
        // Valid bits in `bits` beyond the 16 always kept available.
        let mut extra: i32 = 16;
        macro_rules! consume {
            ($n:expr) => {{
                let n = $n;
                bits = if n >= 32 { 0 } else { bits << n };
                extra -= n as i32;
                if extra < 0 {
                    bits |= word(pos) << (-extra) as u32;
                    pos += 2;
                    extra += 16;
                }
            }};
        }

        let mut o = 0usize;
        let n = out.len();
        while o < n {
            let entry = table[(bits >> (32 - TABLE_BITS)) as usize];
            let len = u32::from(entry & 0xf);
            if len == 0 {
                return Err(DecodeError::BadSymbol);
            }
            let sym = (entry >> 4) as usize;
            consume!(len);
            if sym < 256 {
                out[o] = sym as u8;
                o += 1;
                continue;
            }
            let sym = sym - 256;
            let mut length = sym & 0xf;
            let offset_bits = (sym >> 4) as u32;
            if length == 15 {
                let b = *input.get(pos).ok_or(DecodeError::Truncated)? as usize;
                pos += 1;
                if b == 255 {
                    let w = input.get(pos..pos + 2).ok_or(DecodeError::Truncated)?;
                    pos += 2;
                    length = usize::from(u16::from_le_bytes([w[0], w[1]]));
                    if length == 0 {
                        let w = input.get(pos..pos + 4).ok_or(DecodeError::Truncated)?;
                        pos += 4;
                        length = u32::from_le_bytes([w[0], w[1], w[2], w[3]]) as usize;
                    }
                    if length < 15 {
                        return Err(DecodeError::BadMatch);
                    }
                } else {
                    length = b + 15;
                }
            }
            let length = length + 3;
            let offset = if offset_bits == 0 {
                1
            } else {
                let extra_bits = bits >> (32 - offset_bits);
                consume!(offset_bits);
                (1usize << offset_bits) | extra_bits as usize
            };
            if offset > o || length > n - o {
                return Err(DecodeError::BadMatch);
            }
            let src = o - offset;
            if offset >= length {
                out.copy_within(src..src + length, o);
            } else {
                for i in 0..length {
                    out[o + i] = out[src + i];
                }
            }
            o += length;
        }
        Ok(())
    }
}
