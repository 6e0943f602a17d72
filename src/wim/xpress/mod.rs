//! XPRESS-Huffman, the codec of WCD's packages: LZ77 matches and literals coded with one
//! canonical Huffman code (512 symbols, lengths ≤ 15) per independent chunk of ≤ 64 KiB.
//!
//! A chunk is 256 bytes of 4-bit code lengths followed by a bitstream read as little-endian
//! 16-bit words, most significant bit first. Symbol `s < 256` is a literal; `s ≥ 256`
//! encodes `min(len - 3, 15) | log2(offset) << 4`; longer lengths follow as a raw byte (or
//! `255` then a u16) interleaved with the words, and the low bits of the offset follow in
//! the bitstream. Written from [MS-XCA] §2.1/§2.2.

pub mod compress;
pub mod decompress;
pub mod huffman;
pub mod pool;

pub use compress::{Compressor, Params};
pub use decompress::{DecodeError, Decompressor};

/// Literals plus 256 match headers.
pub const NUM_SYMBOLS: usize = 512;
