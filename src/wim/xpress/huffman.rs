//! Canonical Huffman codes limited to 15 bits, as XPRESS-Huffman needs them.
//!
//! Codes are canonical: shorter codes sort first, codes of equal length follow the symbol
//! order, so only the lengths travel in the chunk (4 bits each).

/// Longest code XPRESS allows.
pub const MAX_CODE_LEN: u32 = 15;
/// Bits looked up at once by the decoder: the full maximum length, one table step.
pub const TABLE_BITS: u32 = MAX_CODE_LEN;

/// Computes code lengths (at most `MAX_CODE_LEN`) for symbol frequencies.
///
/// Symbols with frequency 0 get length 0. With a single used symbol a second one is given
/// a code too, so the code is always complete and every decoder accepts it. When the
/// optimal code is too deep, the frequencies are halved (keeping every used symbol) and
/// the code rebuilt: that keeps it complete, and is rare enough not to matter for speed.
pub fn code_lengths(freqs: &[u32], lens: &mut [u8]) {
    debug_assert_eq!(freqs.len(), lens.len());
    debug_assert!(freqs.len() <= 1 << SYM_BITS);
    lens.iter_mut().for_each(|l| *l = 0);
    let mut used: Vec<u64> = freqs
        .iter()
        .enumerate()
        .filter(|&(_, &f)| f != 0)
        .map(|(s, &f)| (u64::from(f) << SYM_BITS) | s as u64)
        .collect();
    match used.len() {
        0 => return,
        1 => {
            let s = (used[0] & SYM_MASK) as usize;
            lens[s] = 1;
            lens[if s == 0 { 1 } else { 0 }] = 1;
            return;
        }
        _ => {}
    }
    let mut depth = vec![0u32; 2 * used.len()];
    loop {
        // Sorted by frequency, ties by symbol: deterministic.
        used.sort_unstable();
        if huffman_depths(&used, &mut depth) <= MAX_CODE_LEN {
            for (i, &k) in used.iter().enumerate() {
                lens[(k & SYM_MASK) as usize] = depth[i] as u8;
            }
            return;
        }
        for k in used.iter_mut() {
            let f = ((*k >> SYM_BITS) >> 1).max(1);
            *k = (f << SYM_BITS) | (*k & SYM_MASK);
        }
    }
}

/// Bits of a sort key holding the symbol (the frequency is above them).
const SYM_BITS: u32 = 10;
const SYM_MASK: u64 = (1 << SYM_BITS) - 1;

/// Plain (unlimited) Huffman over leaves sorted by weight (`weight << SYM_BITS | sym`),
/// with the two-queue method: internal nodes are made in non-decreasing weight order, so
/// the next smallest node is always at the front of one of the two queues. Writes each
/// leaf's depth into `depth[..n]` and returns the largest.
fn huffman_depths(leaves: &[u64], depth: &mut [u32]) -> u32 {
    let n = leaves.len();
    // Nodes: 0..n leaves, n..2n-1 internal, in creation order.
    let mut weight = vec![0u64; 2 * n - 1];
    let mut parent = vec![0usize; 2 * n - 1];
    for (w, &k) in weight.iter_mut().zip(leaves) {
        *w = k >> SYM_BITS;
    }
    let (mut leaf, mut inner, mut next) = (0usize, n, n);
    let take = |weight: &[u64], leaf: &mut usize, inner: &mut usize, next: usize| {
        if *leaf < n && (*inner >= next || weight[*leaf] <= weight[*inner]) {
            *leaf += 1;
            *leaf - 1
        } else {
            *inner += 1;
            *inner - 1
        }
    };
    while next < 2 * n - 1 {
        let a = take(&weight, &mut leaf, &mut inner, next);
        let b = take(&weight, &mut leaf, &mut inner, next);
        weight[next] = weight[a] + weight[b];
        parent[a] = next;
        parent[b] = next;
        next += 1;
    }
    // Parents come after their children: walk from the root down.
    let root = 2 * n - 2;
    depth[root] = 0;
    let mut max = 0;
    for i in (0..root).rev() {
        depth[i] = depth[parent[i]] + 1;
        if i < n {
            max = max.max(depth[i]);
        }
    }
    max
}

/// Assigns canonical codes to lengths (code bits MSB-first, as XPRESS writes them).
pub fn canonical_codes(lens: &[u8], codes: &mut [u16]) {
    let mut count = [0u32; 16];
    for &l in lens {
        count[l as usize] += 1;
    }
    count[0] = 0;
    let mut next = [0u32; 16];
    let mut code = 0u32;
    for len in 1..16 {
        code = (code + count[len - 1]) << 1;
        next[len] = code;
    }
    for (s, &l) in lens.iter().enumerate() {
        if l != 0 {
            codes[s] = next[l as usize] as u16;
            next[l as usize] += 1;
        } else {
            codes[s] = 0;
        }
    }
}

/// Error from [`build_decode_table`]: the lengths do not form a usable prefix code.
#[derive(Debug, PartialEq, Eq)]
pub struct BadCode;

/// Fills a `1 << TABLE_BITS` table mapping the next 15 bits of input to
/// `symbol << 4 | length`; entries no code reaches stay 0 (length 0 = invalid).
pub fn build_decode_table(lens: &[u8], table: &mut [u16]) -> Result<(), BadCode> {
    debug_assert_eq!(table.len(), 1 << TABLE_BITS);
    let mut pos = 0usize;
    for len in 1..=MAX_CODE_LEN {
        let span = 1usize << (TABLE_BITS - len);
        for (sym, &l) in lens.iter().enumerate() {
            if u32::from(l) == len {
                let end = pos + span;
                if end > table.len() {
                    return Err(BadCode);
                }
                table[pos..end].fill(((sym as u16) << 4) | len as u16);
                pos = end;
            }
        }
    }
    if pos == 0 {
        return Err(BadCode);
    }
    table[pos..].fill(0);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kraft(lens: &[u8]) -> f64 {
        lens.iter()
            .filter(|&&l| l > 0)
            .map(|&l| 0.5f64.powi(l as i32))
            .sum()
    }

    #[test]
    fn lengths_are_limited_and_complete() {
        // Fibonacci frequencies force a deep tree without limiting.
        let mut freqs = vec![0u32; 512];
        let (mut a, mut b) = (1u32, 1u32);
        for f in freqs.iter_mut().take(30) {
            *f = a;
            let c = a.saturating_add(b);
            a = b;
            b = c;
        }
        let mut lens = vec![0u8; 512];
        code_lengths(&freqs, &mut lens);
        assert!(lens.iter().all(|&l| u32::from(l) <= MAX_CODE_LEN));
        assert!((kraft(&lens) - 1.0).abs() < 1e-12);
        assert!(lens[..30].iter().all(|&l| l > 0));
    }

    #[test]
    fn single_symbol_gets_a_complete_code() {
        let mut freqs = vec![0u32; 512];
        freqs[65] = 10;
        let mut lens = vec![0u8; 512];
        code_lengths(&freqs, &mut lens);
        assert_eq!(lens[65], 1);
        assert!((kraft(&lens) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn decode_table_rejects_oversubscribed() {
        let mut lens = vec![0u8; 512];
        lens[0] = 1;
        lens[1] = 1;
        lens[2] = 1;
        let mut t = vec![0u16; 1 << TABLE_BITS];
        assert_eq!(build_decode_table(&lens, &mut t), Err(BadCode));
    }
}
