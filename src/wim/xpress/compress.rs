//! XPRESS-Huffman compression of one chunk: lazy LZ77 parsing over hash chains, then one
//! length-limited canonical Huffman code for the chunk.
//!
//! Speed comes from keeping everything a chunk touches small and fixed-size: the chunk is
//! copied into a padded window, positions are 16-bit (a chunk is at most 64 KiB), so the
//! chain table is indexed by a `u16` and the hash tables by a shifted hash, and the
//! compiler can prove those accesses in bounds. Tables are cleared per chunk (chunks are
//! independent), which costs far less than a chunk's parse.
//!
//! The parse is lazy: after finding a match, the next position is searched (with half the
//! depth) for a longer one. Length-3 matches far away cost more than three literals and
//! are not taken. In stretches with no match the parser steps over positions ever faster,
//! so incompressible chunks are given up on quickly.

use super::NUM_SYMBOLS;
use super::huffman::{canonical_codes, code_lengths};

/// Largest chunk the compressor accepts (offsets must fit in 16 bits).
pub const MAX_CHUNK: usize = 65536;
const MIN_MATCH: usize = 3;
/// Bits of the 4-byte hash (chain heads): twice a 32 KiB chunk's positions, so few chains
/// mix different 4-byte strings.
const HASH4_BITS: u32 = 16;
/// Bits of the 3-byte hash: one candidate per hash, only near 3-byte matches pay off.
const HASH3_BITS: u32 = 12;
/// Window: one unused byte (position 0 means "none"), the chunk, then padding so word
/// reads near the end stay inside.
const WINDOW: usize = MAX_CHUNK + 64;
/// After `2^SKIP_SHIFT` positions in a row without a match, step over one more per miss.
const SKIP_SHIFT: usize = 5;
/// Largest step over positions without a match.
const MAX_SKIP: usize = 8;
/// The end-of-data symbol Microsoft's encoder writes after the last item.
const END_OF_DATA: usize = 256;

/// How hard to search. The defaults land at wimlib's default (level 50) output size on
/// executables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// Chain candidates examined at a position (half of that for the lazy look-ahead).
    pub max_depth: u32,
    /// A match this long is taken at once, without looking further.
    pub nice_len: usize,
    /// Matches shorter than this get the lazy look-ahead; longer ones are taken at once
    /// (0 = greedy parsing).
    pub lazy_len: usize,
    /// Inside a match longer than this, only its first and last `insert_len / 2`
    /// positions are entered in the tables (later matches rarely start in the middle of
    /// a long repeat); `usize::MAX` enters them all.
    pub insert_len: usize,
    /// Bits a literal byte is assumed to cost when weighing a longer match against the
    /// extra offset bits it needs (XPRESS sends `log2(offset)` raw bits); 0 = always
    /// prefer the longer match.
    pub literal_bits: u32,
    /// Once a match this long is found, only a quarter of the remaining candidates are
    /// examined for a longer one (0 = never cut the search short).
    pub good_len: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            max_depth: 24,
            nice_len: 48,
            lazy_len: 48,
            insert_len: usize::MAX,
            literal_bits: 4,
            good_len: 0,
        }
    }
}

/// Reusable compressor state: hash tables, chains, window and item buffer, so chunks
/// allocate nothing (about 300 KiB per compressor).
pub struct Compressor {
    win: Box<[u8; WINDOW]>,
    head4: Box<[u16; 1 << HASH4_BITS]>,
    head3: Box<[u16; 1 << HASH3_BITS]>,
    /// `chain[p]`: the previous window position with the same 4-byte hash as `p`.
    chain: Box<[u16; MAX_CHUNK]>,
    /// Literals (< 256) and matches (`offset << 16 | (len - 3)`, offset ≥ 1).
    items: Vec<u32>,
    freqs: [u32; NUM_SYMBOLS],
    /// Raw length bytes the matches will need.
    extra_bytes: usize,
    params: Params,
}

impl Default for Compressor {
    fn default() -> Self {
        Self::new()
    }
}

fn boxed<T: Copy + Default, const N: usize>() -> Box<[T; N]> {
    match vec![T::default(); N].into_boxed_slice().try_into() {
        Ok(b) => b,
        Err(_) => unreachable!("length is N"),
    }
}

impl Compressor {
    /// A compressor with the default parameters (wimlib's default output size).
    pub fn new() -> Self {
        Self::with(Params::default())
    }

    /// A compressor searching at most `max_depth` candidates per position and settling for
    /// any match of `nice_len` bytes.
    pub fn with_params(max_depth: u32, nice_len: usize) -> Self {
        Self::with(Params {
            max_depth,
            nice_len,
            ..Params::default()
        })
    }

    /// A compressor with explicit parameters.
    pub fn with(params: Params) -> Self {
        Compressor {
            win: boxed(),
            head4: boxed(),
            head3: boxed(),
            chain: boxed(),
            items: Vec::with_capacity(MAX_CHUNK),
            freqs: [0; NUM_SYMBOLS],
            extra_bytes: 0,
            params: Params {
                max_depth: params.max_depth.max(2),
                nice_len: params.nice_len.clamp(MIN_MATCH + 1, MAX_CHUNK),
                lazy_len: params.lazy_len,
                insert_len: params.insert_len.max(2),
                literal_bits: params.literal_bits,
                good_len: if params.good_len == 0 {
                    usize::MAX
                } else {
                    params.good_len
                },
            },
        }
    }

    /// Compresses `input` (at most 64 KiB) into `out`. Returns `false`, leaving `out`
    /// unspecified, when the result would not be smaller than the input: the caller then
    /// stores the chunk as is, which is what the WIM format expects.
    pub fn compress(&mut self, input: &[u8], out: &mut Vec<u8>) -> bool {
        assert!(input.len() <= MAX_CHUNK, "XPRESS chunks are at most 64 KiB");
        if input.len() <= NUM_SYMBOLS / 2 + 8 {
            return false;
        }
        self.parse(input);
        self.freqs[END_OF_DATA] += 1;
        let mut lens = [0u8; NUM_SYMBOLS];
        code_lengths(&self.freqs, &mut lens);
        // Exact output size from the statistics, to skip encoding hopeless chunks.
        let mut bits: u64 = 0;
        for (s, (&f, &l)) in self.freqs.iter().zip(lens.iter()).enumerate() {
            let extra = if s >= 256 { (s as u64 - 256) >> 4 } else { 0 };
            bits += u64::from(f) * (u64::from(l) + extra);
        }
        // The end-of-data symbol has no offset bits.
        // Words: every full one but the last is written as the next bits arrive; the last
        // (full or not) and a zero word follow at the end.
        let size = NUM_SYMBOLS as u64 / 2 + (bits.div_ceil(16) + 1) * 2 + self.extra_bytes as u64;
        if size >= input.len() as u64 {
            return false;
        }
        let mut codes = [0u16; NUM_SYMBOLS];
        canonical_codes(&lens, &mut codes);
        // Code and length of each symbol in one word: one load per item.
        let mut table = [0u32; NUM_SYMBOLS];
        for (t, (&c, &l)) in table.iter_mut().zip(codes.iter().zip(lens.iter())) {
            *t = (u32::from(c) << 8) | u32::from(l);
        }

        out.clear();
        out.resize(size as usize, 0);
        for i in 0..NUM_SYMBOLS / 2 {
            out[i] = lens[2 * i] | (lens[2 * i + 1] << 4);
        }
        let mut w = BitWriter::new(out, NUM_SYMBOLS / 2);
        for &it in &self.items {
            if it < 0x10000 {
                let t = table[it as usize & 0xff];
                w.bits(t >> 8, t & 0xff);
            } else {
                let l = (it & 0xffff) as usize;
                let off = it >> 16;
                let ob = 31 - off.leading_zeros();
                let t = table[256 + ((ob as usize) << 4) + l.min(15)];
                w.bits(t >> 8, t & 0xff);
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
        let t = table[END_OF_DATA];
        w.bits(t >> 8, t & 0xff);
        let n = w.finish();
        debug_assert_eq!(n as u64, size);
        out.truncate(n);
        n < input.len()
    }

    /// Lazy LZ77 parse of `data` into `self.items`, counting symbols into `self.freqs`.
    fn parse(&mut self, data: &[u8]) {
        self.items.clear();
        self.freqs = [0; NUM_SYMBOLS];
        self.extra_bytes = 0;
        self.head4.fill(0);
        self.head3.fill(0);
        let n = data.len();
        self.win[1..=n].copy_from_slice(data);
        // Stale bytes after the chunk could extend a match: every comparison is bounded
        // by `end`, and hashes of the last positions are never looked up.
        let end = n + 1;
        // Positions with 4 bytes of chunk left can be hashed and searched.
        let last = end - 4;
        let too_far = if n <= 8192 { 2048 } else { 4096 };
        let depth = self.params.max_depth;
        let lazy = self.params.lazy_len.min(self.params.nice_len);

        let mut p = 1usize;
        let mut misses = 0usize;
        while p <= last {
            let near = self.insert(p);
            let (mut len, mut off) = self.longest(p, MIN_MATCH - 1, end, depth, near);
            if len < MIN_MATCH || (len == MIN_MATCH && off >= too_far) {
                misses += 1;
                let step = (1 + (misses >> SKIP_SHIFT)).min(MAX_SKIP).min(end - p);
                for q in p..p + step {
                    self.literal(self.win[q]);
                }
                p += step;
                continue;
            }
            misses = 0;
            loop {
                if len >= lazy || p + 1 > last {
                    self.emit_match(len, off);
                    self.insert_range(p + 1, (p + len).min(last + 1));
                    p += len;
                    break;
                }
                let near = self.insert(p + 1);
                let (l2, o2) = self.longest(p + 1, len, end, depth / 2, near);
                if l2 > len && self.better(l2, o2, len, off) {
                    self.literal(self.win[p]);
                    p += 1;
                    len = l2;
                    off = o2;
                    continue;
                }
                self.emit_match(len, off);
                self.insert_range(p + 2, (p + len).min(last + 1));
                p += len;
                break;
            }
        }
        while p < end {
            self.literal(self.win[p]);
            p += 1;
        }
    }

    #[inline(always)]
    fn literal(&mut self, b: u8) {
        self.items.push(u32::from(b));
        self.freqs[b as usize] += 1;
    }

    #[inline(always)]
    fn emit_match(&mut self, len: usize, off: usize) {
        let l = len - MIN_MATCH;
        self.items.push(((off as u32) << 16) | l as u32);
        let ob = 31 - (off as u32).leading_zeros();
        self.freqs[256 + ((ob as usize) << 4) + l.min(15)] += 1;
        if l >= 15 {
            self.extra_bytes += if l - 15 < 255 { 1 } else { 3 };
        }
    }

    /// Records window position `p` (with 4 bytes of chunk from it) in the tables and
    /// returns the previous position with the same 3-byte hash (0 = none).
    #[inline(always)]
    fn insert(&mut self, p: usize) -> usize {
        let v = read32(&self.win, p);
        let h4 = hash4(v);
        let h3 = hash3(v);
        self.chain[p as u16 as usize] = self.head4[h4];
        self.head4[h4] = p as u16;
        let prev3 = self.head3[h3];
        self.head3[h3] = p as u16;
        prev3 as usize
    }

    #[inline(always)]
    fn insert_range(&mut self, from: usize, to: usize) {
        let cap = self.params.insert_len;
        if to - from.min(to) > cap {
            for q in (from..from + cap / 2).chain(to - cap / 2..to) {
                self.insert4(q);
            }
        } else {
            for q in from..to {
                self.insert4(q);
            }
        }
    }

    /// Enters position `p` in the 4-byte chains only: positions inside a match, where
    /// the 3-byte table (for near, short matches) would be overwritten soon anyway.
    #[inline(always)]
    fn insert4(&mut self, p: usize) {
        let h4 = hash4(read32(&self.win, p));
        self.chain[p as u16 as usize] = self.head4[h4];
        self.head4[h4] = p as u16;
    }

    /// Longest match at `p` (already inserted) longer than `min_len`, as (length, offset),
    /// or length 0: up to `depth` chain entries, else a 3-byte match at `near`.
    #[inline(always)]
    fn longest(
        &self,
        p: usize,
        min_len: usize,
        end: usize,
        depth: u32,
        near: usize,
    ) -> (usize, usize) {
        let win = &*self.win;
        let max_len = (end - p).min(MAX_CHUNK - 1);
        if max_len <= min_len {
            return (0, 0);
        }
        let nice = self.params.nice_len.min(max_len);
        let cur4 = read32(win, p);
        let mut best = min_len;
        let mut best_off = 0usize;
        let mut cand = self.chain[p as u16 as usize] as usize;
        if cand == 0 {
            return self.near3(p, min_len, cur4, near);
        }
        let mut left = depth;
        // The 4 bytes ending just past `best`: a candidate must match them to be longer.
        let mut tail_at = best.max(3) - 3;
        let mut tail = read32(win, p + tail_at);
        loop {
            if read32(win, cand + tail_at) == tail && read32(win, cand) == cur4 {
                let l = 4 + match_len(win, cand + 4, p + 4, max_len - 4);
                if l > best && (best_off == 0 || self.better(l, p - cand, best, best_off)) {
                    best = l;
                    best_off = p - cand;
                    if l >= nice {
                        break;
                    }
                    if l >= self.params.good_len {
                        left = left.min(depth.div_ceil(4));
                    }
                    tail_at = best - 3;
                    tail = read32(win, p + tail_at);
                }
            }
            left -= 1;
            cand = self.chain[cand as u16 as usize] as usize;
            if cand == 0 || left == 0 {
                break;
            }
        }
        if best_off == 0 {
            return self.near3(p, min_len, cur4, near);
        }
        (best, best_off)
    }

    /// Whether a match of `l` bytes at offset `o` saves more than one of `best` bytes at
    /// `best_off` (`l > best`): each byte more saves a literal, each offset bit more costs.
    #[inline(always)]
    fn better(&self, l: usize, o: usize, best: usize, best_off: usize) -> bool {
        let lb = self.params.literal_bits as usize;
        let bits = |o: usize| (usize::BITS - 1 - o.leading_zeros()) as usize;
        (l - best) * lb + bits(best_off) > bits(o) || lb == 0
    }

    /// A 3-byte match at `near` (the last position with the same 3-byte hash), when the
    /// chain found nothing longer.
    #[inline(always)]
    fn near3(&self, p: usize, min_len: usize, cur4: u32, near: usize) -> (usize, usize) {
        if min_len < MIN_MATCH && near != 0 && (read32(&self.win, near) ^ cur4) & 0xff_ffff == 0 {
            (MIN_MATCH, p - near)
        } else {
            (0, 0)
        }
    }
}

#[inline(always)]
fn hash4(v: u32) -> usize {
    (v.wrapping_mul(0x9E37_79B1) >> (32 - HASH4_BITS)) as usize
}

#[inline(always)]
fn hash3(v: u32) -> usize {
    ((v << 8).wrapping_mul(0x9E37_79B1) >> (32 - HASH3_BITS)) as usize
}

#[inline(always)]
fn read32(d: &[u8; WINDOW], i: usize) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&d[i..i + 4]);
    u32::from_le_bytes(b)
}

#[inline(always)]
fn read64(d: &[u8; WINDOW], i: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&d[i..i + 8]);
    u64::from_le_bytes(b)
}

/// Length of the common prefix of the window at `a` and at `b` (`a < b`), at most `max`.
/// Reads whole words past `b + max` only into the window's padding.
#[inline(always)]
fn match_len(win: &[u8; WINDOW], a: usize, b: usize, max: usize) -> usize {
    let mut l = 0;
    while l < max {
        let d = read64(win, a + l) ^ read64(win, b + l);
        if d != 0 {
            return (l + (d.trailing_zeros() / 8) as usize).min(max);
        }
        l += 8;
    }
    max
}

/// Writes the XPRESS bitstream: 16-bit words are reserved two ahead of the raw-byte
/// position, mirroring the decoder, which always holds two words when it reads a raw byte.
struct BitWriter<'a> {
    out: &'a mut [u8],
    slot1: usize,
    slot2: usize,
    cur: usize,
    acc: u32,
    /// Bits held in `acc` (at most 16 between calls).
    count: u32,
}

impl<'a> BitWriter<'a> {
    fn new(out: &'a mut Vec<u8>, start: usize) -> Self {
        BitWriter {
            out: out.as_mut_slice(),
            slot1: start,
            slot2: start + 2,
            cur: start + 4,
            acc: 0,
            count: 0,
        }
    }

    /// Appends the low `n` (≤ 16) bits of `bits`, most significant first. A full word is
    /// written only once a bit beyond it arrives: the decoder loads its next word at that
    /// moment too, and raw length bytes go after the words it has loaded.
    #[inline(always)]
    fn bits(&mut self, bits: u32, n: u32) {
        self.acc = self.acc.wrapping_shl(n) | bits;
        self.count += n;
        if self.count > 16 {
            self.count -= 16;
            let w = (self.acc >> self.count) as u16;
            self.out[self.slot1..self.slot1 + 2].copy_from_slice(&w.to_le_bytes());
            self.slot1 = self.slot2;
            self.slot2 = self.cur;
            self.cur += 2;
        }
    }

    #[inline(always)]
    fn byte(&mut self, b: u8) {
        self.out[self.cur] = b;
        self.cur += 1;
    }

    fn finish(self) -> usize {
        let w = (self.acc << (16 - self.count)) as u16;
        self.out[self.slot1..self.slot1 + 2].copy_from_slice(&w.to_le_bytes());
        self.out[self.slot2..self.slot2 + 2].copy_from_slice(&[0, 0]);
        self.cur
    }
}
