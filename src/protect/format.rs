//! The encrypted package layout and the streaming encryption and decryption.
//!
//! `IV (16) || AES-128-CBC(key, IV, WIM || zeros to a multiple of 160) || HMAC-SHA256(key, ciphertext)`
//! (reference: ppkg-format.md §4). Buffers are a fixed multiple of 160 bytes, so memory does
//! not grow with the package.

use std::io::{Read, Seek, SeekFrom, Write};

use aes::Aes128;
use cbc::cipher::{Block, BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::error::{ProtectError, Result};
use super::password::PackagePassword;

/// The first 8 bytes of every WIM; a package not starting with them is taken as encrypted.
pub const WIM_MAGIC: [u8; 8] = *b"MSWIM\0\0\0";
/// Windows encrypts in chunks of this size; the plaintext is zero-padded to a multiple of it.
pub const CHUNK: usize = 160;
/// Bytes of IV in front of the ciphertext.
pub const IV_LEN: usize = 16;
/// Bytes of HMAC-SHA256 tag after the ciphertext.
pub const TAG_LEN: usize = 32;
/// Size of the I/O buffers: a multiple of [`CHUNK`] (and of the AES block), 160 KiB.
const BUF_LEN: usize = CHUNK * 1024;

type Enc = cbc::Encryptor<Aes128>;
type Dec = cbc::Decryptor<Aes128>;
type HmacSha256 = Hmac<Sha256>;

/// Size of the encrypted package for a WIM of `wim_len` bytes, e.g. for progress bars.
pub fn encrypted_len(wim_len: u64) -> u64 {
    (IV_LEN + TAG_LEN) as u64 + wim_len.div_ceil(CHUNK as u64) * CHUNK as u64
}

/// Encrypts the WIM read from `src` into `dst` and returns the bytes written.
///
/// `iv` is `None` in real use (16 bytes from the OS RNG); tests pass a fixed one. Refuses
/// (before writing anything) an input that does not start with [`WIM_MAGIC`], because
/// Windows would report such a package as having a wrong password.
pub fn encrypt(
    src: &mut impl Read,
    dst: &mut impl Write,
    password: &PackagePassword,
    iv: Option<[u8; IV_LEN]>,
) -> Result<u64> {
    let mut buf = Zeroizing::new(vec![0u8; BUF_LEN]);
    let mut n = read_full(src, &mut buf)?;
    if n < WIM_MAGIC.len() || buf[..WIM_MAGIC.len()] != WIM_MAGIC {
        return Err(ProtectError::NotAWim);
    }
    let iv = match iv {
        Some(iv) => iv,
        None => {
            let mut iv = [0u8; IV_LEN];
            getrandom::fill(&mut iv).map_err(ProtectError::Random)?;
            iv
        }
    };
    let key = password.key();
    let mut cbc = Enc::new((&*key).into(), (&iv).into());
    let mut mac = new_mac(&key);
    dst.write_all(&iv)?;
    let mut written = IV_LEN as u64;
    while n > 0 {
        let padded = n.div_ceil(CHUNK) * CHUNK;
        buf[n..padded].fill(0);
        cbc.encrypt_blocks(as_blocks(&mut buf[..padded]));
        mac.update(&buf[..padded]);
        dst.write_all(&buf[..padded])?;
        written += padded as u64;
        // A short read means end of input: read_full only stops early at EOF.
        n = if n == BUF_LEN {
            read_full(src, &mut buf)?
        } else {
            0
        };
    }
    dst.write_all(&mac.finalize().into_bytes())?;
    dst.flush()?;
    Ok(written + TAG_LEN as u64)
}

/// Decrypts the package read from `src` into `dst` and returns the bytes written.
///
/// Order of checks, as Windows does them, so that nothing unauthenticated reaches `dst`:
/// 1. the size must be `48 + 160·k` with k ≥ 1 ([`ProtectError::TooShort`] /
///    [`ProtectError::NotAPackage`]);
/// 2. the first decrypted block must start with [`WIM_MAGIC`], else
///    [`ProtectError::WrongPassword`] (0x8007000D);
/// 3. the HMAC over the whole ciphertext must match the tag (constant-time), else
///    [`ProtectError::Damaged`] (0x80070570);
/// 4. only then is the ciphertext decrypted into `dst`, re-checking the HMAC on the way; a
///    mismatch then (the file changed between the passes) is also `Damaged`, with partial
///    output in `dst` — `decrypt_file` discards it.
///
/// Consequences of the format, not of this code: a damaged first ciphertext block (bytes
/// 16–31) or IV bytes 0–7 garble the magic and read as `WrongPassword`, as on Windows. The
/// IV is not covered by the HMAC, so a change in IV bytes 8–15 goes unnoticed here and
/// alters WIM header bytes 8–15 (header size, version), which a WIM reader then rejects.
///
/// The output keeps the zero padding to a multiple of 160 bytes, as Windows' does: trimming
/// would need the WIM's resource table, and WIM readers ignore bytes after the last resource.
pub fn decrypt(
    src: &mut (impl Read + Seek),
    dst: &mut impl Write,
    password: &PackagePassword,
) -> Result<u64> {
    let len = src.seek(SeekFrom::End(0))?;
    let overhead = (IV_LEN + TAG_LEN) as u64;
    if len < overhead + CHUNK as u64 {
        return Err(ProtectError::TooShort { len });
    }
    let ct_len = len - overhead;
    if ct_len % CHUNK as u64 != 0 {
        return Err(ProtectError::NotAPackage { len });
    }
    let key = password.key();

    src.seek(SeekFrom::Start(0))?;
    let mut iv = [0u8; IV_LEN];
    src.read_exact(&mut iv)?;
    let mut first = Block::<Aes128>::default();
    src.read_exact(&mut first)?;
    Dec::new((&*key).into(), (&iv).into()).decrypt_block(&mut first);
    let magic_ok = first[..WIM_MAGIC.len()] == WIM_MAGIC;
    zeroize::Zeroize::zeroize(first.as_mut_slice());
    if !magic_ok {
        return Err(ProtectError::WrongPassword);
    }

    let mut tag = [0u8; TAG_LEN];
    src.seek(SeekFrom::Start(IV_LEN as u64 + ct_len))?;
    src.read_exact(&mut tag)?;

    let mut buf = Zeroizing::new(vec![0u8; BUF_LEN]);
    let mut mac = new_mac(&key);
    for_each_chunk(src, ct_len, &mut buf, |ct| {
        mac.update(ct);
        Ok(())
    })?;
    mac.verify_slice(&tag).map_err(|_| ProtectError::Damaged)?;

    let mut cbc = Dec::new((&*key).into(), (&iv).into());
    let mut mac = new_mac(&key);
    for_each_chunk(src, ct_len, &mut buf, |chunk| {
        mac.update(chunk);
        cbc.decrypt_blocks(as_blocks(chunk));
        dst.write_all(chunk)?;
        Ok(())
    })?;
    mac.verify_slice(&tag).map_err(|_| ProtectError::Damaged)?;
    dst.flush()?;
    Ok(ct_len)
}

fn new_mac(key: &[u8; 16]) -> HmacSha256 {
    <HmacSha256 as KeyInit>::new_from_slice(key).expect("HMAC accepts any key length")
}

/// Reads the `ct_len` bytes after the IV in buffer-sized pieces and hands each to `f`.
fn for_each_chunk<R: Read + Seek>(
    src: &mut R,
    ct_len: u64,
    buf: &mut [u8],
    mut f: impl FnMut(&mut [u8]) -> Result<()>,
) -> Result<()> {
    src.seek(SeekFrom::Start(IV_LEN as u64))?;
    let mut left = ct_len;
    while left > 0 {
        let n = usize::try_from(left).map_or(buf.len(), |l| l.min(buf.len()));
        src.read_exact(&mut buf[..n])?;
        f(&mut buf[..n])?;
        left -= n as u64;
    }
    Ok(())
}

use crate::fsutil::read_full;

/// Views a byte buffer whose length is a multiple of 16 as AES blocks.
fn as_blocks(bytes: &mut [u8]) -> &mut [Block<Aes128>] {
    let (blocks, rest) = Block::<Aes128>::slice_as_chunks_mut(bytes);
    debug_assert!(rest.is_empty());
    blocks
}
