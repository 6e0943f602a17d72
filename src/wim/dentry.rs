//! The image metadata resource: security data followed by the directory tree as
//! "dentries" (directory entries), each directory's children stored as one list ended
//! by an 8-byte zero.
//!
//! Dentry layout (little-endian): length u64 @0, attributes u32 @8, security id i32 @12,
//! subdir offset u64 @16, two unused u64, creation / last access / last write FILETIMEs
//! @40/@48/@56, SHA-1 of the unnamed stream @64, reserved u32 @84, reparse tag or
//! hard-link group id @88..@96, extra stream count u16 @96, short name bytes u16 @98, name
//! bytes u16 @100, then the UTF-16LE name and short name, each NUL-terminated, padded to 8.

use std::collections::HashSet;

use super::error::{Result, WimError};
use super::header::{le16, le32, le64};

/// `FILE_ATTRIBUTE_DIRECTORY`.
pub const ATTR_DIRECTORY: u32 = 0x10;
/// `FILE_ATTRIBUTE_ARCHIVE`, what WCD sets on files.
pub const ATTR_ARCHIVE: u32 = 0x20;
/// `FILE_ATTRIBUTE_REPARSE_POINT`.
pub const ATTR_REPARSE_POINT: u32 = 0x400;
/// `FILE_ATTRIBUTE_VIRTUAL`, which WCD sets on some folders.
pub const ATTR_VIRTUAL: u32 = 0x10000;

const FIXED: usize = 102;
const STREAM_FIXED: usize = 38;

/// One decoded directory entry (a node of the tree, without children).
#[derive(Clone, Debug)]
pub struct RawDentry {
    /// Name in the parent (empty for the root).
    pub name: String,
    /// Windows file attributes.
    pub attributes: u32,
    /// Offset of the child list, 0 for none.
    pub subdir_offset: u64,
    /// FILETIME.
    pub creation_time: u64,
    /// FILETIME.
    pub last_access_time: u64,
    /// FILETIME.
    pub last_write_time: u64,
    /// SHA-1 of the unnamed data stream, zero when empty.
    pub sha1: [u8; 20],
}

/// A node of the decoded tree, in depth-first order with its parent's index.
#[derive(Clone, Debug)]
pub struct TreeNode {
    /// The dentry.
    pub dentry: RawDentry,
    /// Index of the parent in the node list (the root is its own parent).
    pub parent: usize,
}

fn corrupt(msg: impl Into<String>) -> WimError {
    WimError::CorruptMetadata(msg.into())
}

/// Reads the dentry at `off`; `Ok(None)` for the end-of-list marker. Returns the dentry
/// and the offset just past it (and its extra stream entries).
fn read_dentry(m: &[u8], off: usize) -> Result<Option<(RawDentry, usize)>> {
    let head = m
        .get(off..off + 8)
        .ok_or_else(|| corrupt(format!("entry at {off} past the end")))?;
    let length = le64(head);
    if length == 0 {
        return Ok(None);
    }
    if length < FIXED as u64 || length > (m.len() - off) as u64 {
        return Err(corrupt(format!("entry at {off} has length {length}")));
    }
    let d = &m[off..off + length as usize];
    let extra_streams = le16(&d[96..98]) as usize;
    let short_len = le16(&d[98..100]) as usize;
    let name_len = le16(&d[100..102]) as usize;
    if name_len % 2 != 0 || FIXED + name_len + short_len > d.len() {
        return Err(corrupt(format!("entry at {off}: name does not fit")));
    }
    let units: Vec<u16> = d[FIXED..FIXED + name_len]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    let name = String::from_utf16(&units)
        .map_err(|_| corrupt(format!("entry at {off}: name is not valid UTF-16")))?;
    let mut sha1: [u8; 20] = d[64..84].try_into().unwrap_or([0; 20]);
    let mut next = off + align8(length as usize);
    for _ in 0..extra_streams {
        let s = m
            .get(next..next + STREAM_FIXED)
            .ok_or_else(|| corrupt(format!("stream entry at {next} past the end")))?;
        let slen = le64(s);
        if slen < STREAM_FIXED as u64 || slen > (m.len() - next) as u64 {
            return Err(corrupt(format!("stream entry at {next} has length {slen}")));
        }
        if le16(&s[36..38]) == 0 && sha1 == [0; 20] {
            sha1.copy_from_slice(&s[16..36]);
        }
        next += align8(slen as usize);
    }
    Ok(Some((
        RawDentry {
            name,
            attributes: le32(&d[8..12]),
            subdir_offset: le64(&d[16..24]),
            creation_time: le64(&d[40..48]),
            last_access_time: le64(&d[48..56]),
            last_write_time: le64(&d[56..64]),
            sha1,
        },
        next,
    )))
}

fn align8(n: usize) -> usize {
    n.div_ceil(8) * 8
}

/// Decodes a metadata resource into the root (index 0) and its descendants in depth-first
/// order. Cycles, shared child lists and absurd depths are errors.
pub fn parse_tree(m: &[u8]) -> Result<Vec<TreeNode>> {
    if m.len() < 8 {
        return Err(corrupt(
            "metadata resource shorter than its security data header",
        ));
    }
    let sec_len = le32(&m[0..4]) as usize;
    if sec_len < 8 || sec_len > m.len() {
        return Err(corrupt(format!("security data length {sec_len}")));
    }
    let root_off = align8(sec_len);
    let (root, _) = read_dentry(m, root_off)?.ok_or_else(|| corrupt("no root directory"))?;
    let mut nodes = vec![TreeNode {
        dentry: root,
        parent: 0,
    }];
    let mut seen = HashSet::new();
    // Depth-first with an explicit stack: (node index, depth).
    let mut stack = vec![(0usize, 0usize)];
    while let Some((idx, depth)) = stack.pop() {
        let d = &nodes[idx].dentry;
        if d.attributes & ATTR_DIRECTORY == 0 || d.subdir_offset == 0 {
            continue;
        }
        if depth > 1024 {
            return Err(corrupt("directory tree deeper than 1024 levels"));
        }
        let mut off =
            usize::try_from(d.subdir_offset).map_err(|_| corrupt("child list offset too large"))?;
        if !seen.insert(off) {
            return Err(corrupt(format!("child list at {off} used twice (cycle)")));
        }
        let first_child = nodes.len();
        while let Some((child, next)) = read_dentry(m, off)? {
            nodes.push(TreeNode {
                dentry: child,
                parent: idx,
            });
            if nodes.len() > m.len() / 8 {
                return Err(corrupt("too many entries"));
            }
            off = next;
        }
        // Push children reversed so they are visited in stored order.
        for c in (first_child..nodes.len()).rev() {
            stack.push((c, depth + 1));
        }
    }
    Ok(nodes)
}

/// A node of the tree being written.
#[derive(Clone, Debug)]
pub struct OutNode {
    /// UTF-16 name (empty for the root).
    pub name: Vec<u16>,
    /// Windows file attributes.
    pub attributes: u32,
    /// SHA-1 of the contents, zero for directories and empty files.
    pub sha1: [u8; 20],
    /// FILETIME used for creation, last access and last write.
    pub time: u64,
    /// Children indices, already in the order they are to be stored.
    pub children: Vec<usize>,
}

fn dentry_len(n: &OutNode) -> usize {
    let name = if n.name.is_empty() {
        0
    } else {
        n.name.len() * 2 + 2
    };
    align8(FIXED + name)
}

/// Encodes security data (none: every entry has security id -1) and the tree rooted at
/// `nodes[0]`.
pub fn write_tree(nodes: &[OutNode]) -> Vec<u8> {
    // Security data: total length 8, no descriptors.
    let mut out = Vec::new();
    out.extend_from_slice(&8u32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    // Layout pass: the root, its terminator, then each directory's child list in
    // depth-first order.
    let mut subdir = vec![0u64; nodes.len()];
    let mut cursor = 8 + dentry_len(&nodes[0]) + 8;
    let mut order = Vec::new();
    let mut stack = vec![0usize];
    while let Some(i) = stack.pop() {
        if nodes[i].attributes & ATTR_DIRECTORY == 0 {
            continue;
        }
        subdir[i] = cursor as u64;
        order.push(i);
        cursor += nodes[i]
            .children
            .iter()
            .map(|&c| dentry_len(&nodes[c]))
            .sum::<usize>()
            + 8;
        for &c in nodes[i].children.iter().rev() {
            stack.push(c);
        }
    }
    out.reserve(cursor.saturating_sub(out.len()));
    write_dentry(&mut out, &nodes[0], subdir[0]);
    out.extend_from_slice(&[0; 8]);
    for &dir in &order {
        debug_assert_eq!(out.len() as u64, subdir[dir]);
        for &c in &nodes[dir].children {
            write_dentry(&mut out, &nodes[c], subdir[c]);
        }
        out.extend_from_slice(&[0; 8]);
    }
    out
}

fn write_dentry(out: &mut Vec<u8>, n: &OutNode, subdir: u64) {
    let len = dentry_len(n);
    let start = out.len();
    out.extend_from_slice(&(len as u64).to_le_bytes());
    out.extend_from_slice(&n.attributes.to_le_bytes());
    out.extend_from_slice(&(-1i32).to_le_bytes());
    out.extend_from_slice(&subdir.to_le_bytes());
    out.extend_from_slice(&[0; 16]);
    for _ in 0..3 {
        out.extend_from_slice(&n.time.to_le_bytes());
    }
    out.extend_from_slice(&n.sha1);
    out.extend_from_slice(&[0; 12]); // reserved u32, reparse tag or hard-link group id
    out.extend_from_slice(&0u16.to_le_bytes()); // extra streams
    out.extend_from_slice(&0u16.to_le_bytes()); // short name
    out.extend_from_slice(&((n.name.len() * 2) as u16).to_le_bytes());
    for u in &n.name {
        out.extend_from_slice(&u.to_le_bytes());
    }
    if !n.name.is_empty() {
        out.extend_from_slice(&[0, 0]);
    }
    out.resize(start + len, 0);
}
