//! XPRESS-Huffman compression of one chunk: lazy LZ77 parsing over hash chains, then one
//! length-limited canonical Huffman code for the chunk.
//!
//! The parameters (chain depth, "nice" length) trade speed for size; the defaults were
//! tuned to land within a few per cent of wimlib's default XPRESS output at a similar speed.

use super::NUM_SYMBOLS;
use super::huffman::{canonical_codes, code_lengths};

const HASH_BITS: u32 = 15;
const HASH3_BITS: u32 = 14;
const MIN_MATCH: usize = 3;
/// After `2^SKIP_SHIFT` misses in a row the search skips one more position per step.
const SKIP_SHIFT: usize = 5;
/// Largest step over positions without a match.
const MAX_SKIP: usize = 8;
/// A match this long is good enough to search only a quarter of the chain for a better one.
const GOOD_LEN: usize = 16;
/// Largest chunk the compressor accepts (offsets must fit in 16 bits).
pub const MAX_CHUNK: usize = 65536;

/// Reusable compressor state: hash chains and buffers, so chunks allocate nothing.
pub struct Compressor {
    head: Vec<u32>,
    prev: Vec<u32>,
    /// Most recent position of each 3-byte hash: 3-byte matches are only worth taking
    /// when near, so one candidate is enough.
    head3: Vec<u32>,
    last3: u32,
    /// Added to positions so stale `head` entries from earlier chunks are recognisable
    /// without clearing the table for each chunk.
    base: u32,
    items: Vec<u32>,
    freqs: [u32; NUM_SYMBOLS],
    max_depth: u32,
    nice_len: usize,
}

impl Default for Compressor {
    fn default() -> Self {
        Self::new()
    }
}

impl Compressor {
    /// A compressor with the default (balanced) parameters.
    pub fn new() -> Self {
        Self::with_params(16, 32)
    }

    /// A compressor searching at most `max_depth` candidates per position and settling for
    /// any match of `nice_len` bytes.
    pub fn with_params(max_depth: u32, nice_len: usize) -> Self {
        Compressor {
            head: vec![0; 1 << HASH_BITS],
            prev: vec![0; MAX_CHUNK],
            head3: vec![0; 1 << HASH3_BITS],
            last3: 0,
            base: 0,
            items: Vec::new(),
            freqs: [0; NUM_SYMBOLS],
            max_depth: max_depth.max(1),
            nice_len: nice_len.max(MIN_MATCH),
        }
    }

    /// Compresses `input` (at most 64 KiB) into `out`. Returns `false`, leaving `out`
    /// unspecified, when the result would not be smaller than the input: the caller then
    /// stores the chunk as is, which is what the WIM format expects.
    pub fn compress(&mut self, input: &[u8], out: &mut Vec<u8>) -> bool {
        assert!(input.len() <= MAX_CHUNK, "XPRESS chunks are at most 64 KiB");
        if input.len() <= NUM_SYMBOLS / 2 {
            return false;
        }
        self.parse(input);
        let mut lens = [0u8; NUM_SYMBOLS];
        code_lengths(&self.freqs, &mut lens);
        // Exact output size from the statistics, to skip encoding hopeless chunks.
        let mut bits: u64 = 0;
        let mut raw_bytes: u64 = 0;
        for (s, &f) in self.freqs.iter().enumerate() {
            bits += u64::from(f) * u64::from(lens[s]);
            if s >= 256 {
                bits += u64::from(f) * ((s as u64 - 256) >> 4);
            }
        }
        for &it in &self.items {
            if it >= 0x10000 {
                let l = (it & 0xffff) as u64;
                if l >= 15 {
                    raw_bytes += if l - 15 < 255 { 1 } else { 3 };
                }
            }
        }
        let estimate = 256 + (bits.div_ceil(16) + 1) * 2 + raw_bytes;
        if estimate >= input.len() as u64 {
            return false;
        }
        let mut codes = [0u16; NUM_SYMBOLS];
        canonical_codes(&lens, &mut codes);

        out.clear();
        out.resize(estimate as usize + 8, 0);
        for i in 0..NUM_SYMBOLS / 2 {
            out[i] = lens[2 * i] | (lens[2 * i + 1] << 4);
        }
        let mut w = BitWriter::new(out, NUM_SYMBOLS / 2);
        for &it in &self.items {
            if it < 0x10000 {
                let s = it as usize;
                w.bits(u32::from(codes[s]), u32::from(lens[s]));
            } else {
                let l = (it & 0xffff) as usize;
                let off = it >> 16;
                let ob = 31 - off.leading_zeros();
                let s = 256 + ((ob as usize) << 4) + l.min(15);
                w.bits(u32::from(codes[s]), u32::from(lens[s]));
                if l >= 15 {
                    if l - 15 < 255 {
                        w.byte((l - 15) as u8);
                    } else {
                        w.byte(255);
                        w.byte(l as u8);
                        w.byte((l >> 8) as u8);
                    }
                }
                w.bits(off & ((1 << ob) - 1), ob);
            }
        }
        let n = w.finish();
        out.truncate(n);
        n < input.len()
    }

    /// Lazy LZ77 parse into `self.items` and symbol frequencies into `self.freqs`.
    fn parse(&mut self, data: &[u8]) {
        self.items.clear();
        self.freqs = [0; NUM_SYMBOLS];
        if self.base > u32::MAX - 2 * MAX_CHUNK as u32 {
            self.head.fill(0);
            self.head3.fill(0);
            self.base = 0;
        }
        // Stored positions are `base + pos + 1`; anything ≤ base is from an older chunk.
        let base = self.base;
        let n = data.len();
        let hashable = n.saturating_sub(3); // positions with 4 readable bytes
        let mut i = 0usize;
        // Consecutive positions without a match: in incompressible stretches the search
        // steps over positions ever faster (as LZ4 does), which costs nothing there since
        // such chunks end up stored as is, and little elsewhere, where matches are dense.
        let mut misses = 0usize;
        while i < n {
            if i >= hashable {
                self.literal(data[i]);
                i += 1;
                continue;
            }
            self.insert(data, i, base);
            let (mut len, mut off) = self.longest_match(data, i, MIN_MATCH - 1, base);
            if len < MIN_MATCH {
                misses += 1;
                let step = (1 + (misses >> SKIP_SHIFT)).min(MAX_SKIP).min(hashable - i);
                for &b in &data[i..i + step] {
                    self.literal(b);
                }
                i += step;
                continue;
            }
            misses = 0;
            // Lazy evaluation: prefer a longer match starting one byte later.
            while len < self.nice_len && i + 1 < hashable {
                self.insert(data, i + 1, base);
                let (l2, o2) = self.longest_match(data, i + 1, len, base);
                if l2 > len {
                    self.literal(data[i]);
                    i += 1;
                    len = l2;
                    off = o2;
                } else {
                    // i + 1 is already inserted.
                    self.emit_match(len, off);
                    for p in i + 2..(i + len).min(hashable) {
                        self.insert(data, p, base);
                    }
                    i += len;
                    len = 0;
                    break;
                }
            }
            if len != 0 {
                self.emit_match(len, off);
                for p in i + 1..(i + len).min(hashable) {
                    self.insert(data, p, base);
                }
                i += len;
            }
        }
        self.base = base + n as u32 + 1;
    }

    #[inline]
    fn literal(&mut self, b: u8) {
        self.items.push(u32::from(b));
        self.freqs[b as usize] += 1;
    }

    #[inline]
    fn emit_match(&mut self, len: usize, off: usize) {
        let l = len - MIN_MATCH;
        self.items.push(((off as u32) << 16) | l as u32);
        let ob = 31 - (off as u32).leading_zeros();
        self.freqs[256 + ((ob as usize) << 4) + l.min(15)] += 1;
    }

    #[inline]
    fn hashes(data: &[u8], i: usize) -> (usize, usize, u32) {
        let v = read32(data, i);
        let h3 = ((v & 0xff_ffff).wrapping_mul(0x9E37_79B1) >> (32 - HASH3_BITS)) as usize;
        let h4 = (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH_BITS)) as usize;
        (h3, h4, v)
    }

    /// Records position `i` in both tables; remembers the previous 3-byte candidate.
    #[inline]
    fn insert(&mut self, data: &[u8], i: usize, base: u32) {
        let (h3, h4, _) = Self::hashes(data, i);
        let me = base + i as u32 + 1;
        self.last3 = self.head3[h3];
        self.head3[h3] = me;
        self.prev[i] = self.head[h4];
        self.head[h4] = me;
    }

    /// Best match for position `i` (just inserted) longer than `min_len`: the nearest
    /// 3-byte match from the 3-byte table, then the 4-byte hash chain.
    #[inline]
    fn longest_match(&self, data: &[u8], i: usize, min_len: usize, base: u32) -> (usize, usize) {
        let max_len = (data.len() - i).min(0xffff + MIN_MATCH);
        let mut best = min_len;
        let mut best_off = 0;
        if max_len <= best {
            return (0, 0);
        }
        let cur4 = read32(data, i);
        if best < MIN_MATCH && self.last3 > base {
            let c = (self.last3 - base - 1) as usize;
            if (read32(data, c) ^ cur4) & 0xff_ffff == 0 {
                best = MIN_MATCH;
                best_off = i - c;
            }
        }
        let mut cand = self.prev[i];
        let mut depth = if best >= GOOD_LEN {
            self.max_depth.div_ceil(4)
        } else {
            self.max_depth
        };
        let cur = &data[i..i + max_len];
        while cand > base && depth > 0 {
            let c = (cand - base - 1) as usize;
            depth -= 1;
            let prev = &data[c..];
            // best < max_len, so the 4 bytes ending at best + 1 are inside `cur`.
            let tail = best.max(3) - 3;
            if read32(prev, tail) == read32(cur, tail) && read32(prev, 0) == cur4 {
                let l = match_len(prev, cur);
                if l > best {
                    best = l;
                    best_off = i - c;
                    if l >= self.nice_len || l == max_len {
                        break;
                    }
                }
            }
            cand = self.prev[c];
        }
        if best_off == 0 {
            (0, 0)
        } else {
            (best, best_off)
        }
    }
}

#[inline]
fn read32(d: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([d[i], d[i + 1], d[i + 2], d[i + 3]])
}

/// Length of the common prefix of `a` and `b` (`b` is the shorter, bounding the result).
#[inline]
fn match_len(a: &[u8], b: &[u8]) -> usize {
    let n = b.len();
    let mut l = 0;
    while l + 8 <= n {
        let x = u64::from_le_bytes(a[l..l + 8].try_into().unwrap_or([0; 8]));
        let y = u64::from_le_bytes(b[l..l + 8].try_into().unwrap_or([0; 8]));
        let d = x ^ y;
        if d != 0 {
            return l + (d.trailing_zeros() / 8) as usize;
        }
        l += 8;
    }
    while l < n && a[l] == b[l] {
        l += 1;
    }
    l
}

/// Writes the XPRESS bitstream: 16-bit words are reserved two ahead of the raw-byte
/// position, mirroring the decoder, which always holds two words when it reads a raw byte.
struct BitWriter<'a> {
    out: &'a mut [u8],
    slot1: usize,
    slot2: usize,
    cur: usize,
    acc: u32,
    free: u32,
}

impl<'a> BitWriter<'a> {
    fn new(out: &'a mut Vec<u8>, start: usize) -> Self {
        BitWriter {
            out: out.as_mut_slice(),
            slot1: start,
            slot2: start + 2,
            cur: start + 4,
            acc: 0,
            free: 16,
        }
    }

    #[inline]
    fn bits(&mut self, bits: u32, n: u32) {
        if n <= self.free {
            self.acc = if n == 32 { 0 } else { self.acc << n } | bits;
            self.free -= n;
        } else {
            let rest = n - self.free;
            let word = (self.acc << self.free) | (bits >> rest);
            self.put_word(word as u16);
            self.acc = bits & ((1 << rest) - 1);
            self.free = 16 - rest;
        }
    }

    #[inline]
    fn put_word(&mut self, w: u16) {
        self.out[self.slot1..self.slot1 + 2].copy_from_slice(&w.to_le_bytes());
        self.slot1 = self.slot2;
        self.slot2 = self.cur;
        self.cur += 2;
    }

    #[inline]
    fn byte(&mut self, b: u8) {
        self.out[self.cur] = b;
        self.cur += 1;
    }

    fn finish(mut self) -> usize {
        let w = (self.acc << self.free) as u16;
        self.out[self.slot1..self.slot1 + 2].copy_from_slice(&w.to_le_bytes());
        self.out[self.slot2..self.slot2 + 2].copy_from_slice(&[0, 0]);
        self.slot1 = self.slot2;
        self.cur
    }
}

#[cfg(test)]
mod tests {
    use super::super::Decompressor;
    use super::*;

    fn round_trip(data: &[u8]) -> Option<usize> {
        let mut c = Compressor::new();
        let mut out = Vec::new();
        if !c.compress(data, &mut out) {
            return None;
        }
        let mut back = vec![0u8; data.len()];
        Decompressor::new()
            .decompress(&out, &mut back)
            .expect("decodes");
        assert_eq!(back, data);
        Some(out.len())
    }

    #[test]
    fn text_compresses_and_round_trips() {
        let text: Vec<u8> = b"The quick brown fox jumps over the lazy dog. "
            .iter()
            .cycle()
            .take(32768)
            .copied()
            .collect();
        let n = round_trip(&text).expect("compressible");
        assert!(n < 1000, "{n}");
    }

    #[test]
    fn long_runs_use_long_length_encoding() {
        let mut data = vec![0u8; 32768];
        data[..300]
            .iter_mut()
            .enumerate()
            .for_each(|(i, b)| *b = (i * 7) as u8);
        round_trip(&data).expect("compressible");
    }

    #[test]
    fn random_data_is_not_compressed() {
        let mut x = 12345u64;
        let data: Vec<u8> = (0..32768)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        assert_eq!(round_trip(&data), None);
    }
}
