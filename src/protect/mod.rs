//! Password protection of a built package (reference: ppkg-format.md §4).
//!
//! An encrypted package is `IV || AES-128-CBC(WIM padded to 160 bytes) || HMAC-SHA256`,
//! keyed directly with the password's bytes. This module only transforms bytes; the package
//! builder must also write [`NOTES_ENCRYPTED`] into the WIM's NOTES before encrypting.
//!
//! The format was recovered from Windows' code and has not been checked against a package
//! Windows encrypted, so it lives here alone, in small pieces, with tests that pin it down.

mod error;
mod format;
mod password;

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read};
use std::path::Path;

pub use error::{PasswordError, ProtectError, Result};
pub use format::{CHUNK, IV_LEN, TAG_LEN, WIM_MAGIC, decrypt, encrypt, encrypted_len};
pub use password::{GENERATED_LEN, MAX_LEN, PackagePassword, WCD_MIN_LEN, generate_password};

use crate::fsutil::{AtomicFile, Overwrite};

/// The line the inner WIM's NOTES carries for a package built with a password (written by
/// the package builder, not here).
pub const NOTES_ENCRYPTED: &str = "EncryptPackage=True";

/// Encrypts the WIM at `wim` into a package at `out`, atomically: on any error (including a
/// non-WIM input) no file is left at `out`. Returns the package size.
pub fn encrypt_file(
    wim: &Path,
    out: &Path,
    password: &PackagePassword,
    overwrite: Overwrite,
) -> Result<u64> {
    let mut src = BufReader::new(File::open(wim)?);
    let mut dst = AtomicFile::create(out, overwrite)?;
    let n = encrypt(&mut src, &mut BufWriter::new(&mut dst), password, None)?;
    dst.commit()?;
    Ok(n)
}

/// Decrypts the package at `package` into a WIM at `out`, atomically: on a wrong password,
/// a damaged package or any other error no file is left at `out`. Returns the WIM size
/// (padding included; see [`decrypt`]).
pub fn decrypt_file(
    package: &Path,
    out: &Path,
    password: &PackagePassword,
    overwrite: Overwrite,
) -> Result<u64> {
    let mut src = BufReader::new(File::open(package)?);
    let mut dst = AtomicFile::create(out, overwrite)?;
    let n = decrypt(&mut src, &mut BufWriter::new(&mut dst), password)?;
    dst.commit()?;
    Ok(n)
}

/// True when the file does not start with the WIM magic, which is how Windows tells an
/// encrypted package (a file shorter than the magic counts as encrypted too; decrypting it
/// then says why it is not a package).
pub fn is_encrypted(path: &Path) -> io::Result<bool> {
    let mut head = Vec::with_capacity(WIM_MAGIC.len());
    File::open(path)?
        .take(WIM_MAGIC.len() as u64)
        .read_to_end(&mut head)?;
    Ok(head != WIM_MAGIC)
}
