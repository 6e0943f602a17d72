//! Errors of password protection. Messages are meant for end users and never contain the
//! password.

use std::io;

/// Why a password was refused. Built before anything is written, so a bad password never
/// leaves a half-made package behind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Too short or too long; `min` is 8 for the wizard rule and 1 for the format rule.
    #[error("The package password must be {min} to 16 characters long; it has {len}.")]
    Length { min: usize, len: usize },
    /// The wizard rule (WCD's): letters and digits only.
    #[error("The package password may only contain the letters A–Z, a–z and the digits 0–9.")]
    NotAlphanumeric,
    /// The format rule: each character must be one byte; we accept printable ASCII.
    #[error("The package password may only contain ASCII letters, digits, punctuation and spaces.")]
    NotAscii,
}

/// Why encrypting or decrypting a package failed.
#[derive(Debug, thiserror::Error)]
pub enum ProtectError {
    /// The first decrypted block is not a WIM header: Windows' HRESULT 0x8007000D.
    /// Also what a damaged first block (or first half of the IV) looks like; see
    /// [`decrypt`](super::decrypt).
    #[error("The password is wrong for this package.")]
    WrongPassword,
    /// The HMAC-SHA256 tag does not match: Windows' HRESULT 0x80070570.
    #[error("The package is damaged or has been altered (its integrity check failed).")]
    Damaged,
    /// Smaller than the smallest encrypted package (IV, one 160-byte chunk, tag).
    #[error("The file is too short ({len} bytes) to be a password-protected package.")]
    TooShort { len: u64 },
    /// The size is not 48 + a multiple of 160 bytes, so it was not made by this format.
    #[error(
        "The file is not a password-protected package: its size ({len} bytes) does not fit the format."
    )]
    NotAPackage { len: u64 },
    /// Refused to encrypt: the input does not start with the WIM magic, so Windows would
    /// reject the result as a wrong password.
    #[error(
        "The input is not a WIM image (it does not start with \"MSWIM\"); nothing was encrypted."
    )]
    NotAWim,
    /// The password breaks a rule.
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// The operating system's random number generator failed.
    #[error("Could not get random bytes from the operating system: {0}")]
    Random(getrandom::Error),
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl ProtectError {
    /// The HRESULT Windows reports for the same failure, for messages that mirror Windows'.
    pub fn windows_hresult(&self) -> Option<u32> {
        match self {
            Self::WrongPassword => Some(0x8007_000D),
            Self::Damaged => Some(0x8007_0570),
            _ => None,
        }
    }
}

/// Result of this module's operations.
pub type Result<T, E = ProtectError> = std::result::Result<T, E>;
