//! The package password: validated once, then used as the AES/HMAC key.

use std::fmt;

use zeroize::Zeroizing;

use super::error::{PasswordError, ProtectError};
use crate::secret::SecretString;

/// Longest password the format allows: the key is the password's bytes in 16 bytes.
pub const MAX_LEN: usize = 16;
/// Shortest password WCD's wizard accepts (the format itself accepts 1).
pub const WCD_MIN_LEN: usize = 8;
/// Length of [`generate_password`]'s passwords: the most key bits the format can use.
pub const GENERATED_LEN: usize = 16;

/// Letters and digits without the look-alikes 0/O/o and 1/l/I: the password is read off
/// the screen and typed on a PC being set up.
const ALPHABET: &[u8; 56] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
/// Bytes below this are used: a multiple of the alphabet's size, so `b % len` is uniform.
const UNBIASED: u8 = (256 - 256 % ALPHABET.len()) as u8;

/// A password that fits the package format (1–16 one-byte characters). Prints as
/// `[hidden]`, zeroizes on drop; the clear text is only reachable through
/// [`PackagePassword::expose`].
/// No `PartialEq`: comparing secrets is not a job for a non-constant-time `==`.
#[derive(Clone)]
pub struct PackagePassword(SecretString);

impl PackagePassword {
    /// The rule for passwords the wizard sets (WCD's): 8–16 ASCII letters and digits.
    /// Stricter than the format, so a package we build opens in WCD and on any device.
    pub fn new_wcd(password: impl Into<SecretString>) -> Result<Self, PasswordError> {
        let password = password.into();
        check_len(&password, WCD_MIN_LEN)?;
        if !password.expose().bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(PasswordError::NotAlphanumeric);
        }
        Ok(Self(password))
    }

    /// The format's rule, for opening packages made elsewhere: 1–16 characters of one byte
    /// each. We accept printable ASCII only: what other code pages map to is unknown.
    pub fn new_format(password: impl Into<SecretString>) -> Result<Self, PasswordError> {
        let password = password.into();
        check_len(&password, 1)?;
        if !password
            .expose()
            .bytes()
            .all(|b| (0x20..=0x7e).contains(&b))
        {
            return Err(PasswordError::NotAscii);
        }
        Ok(Self(password))
    }

    /// The clear text, e.g. to show a generated password once. Never format it into logs.
    pub fn expose(&self) -> &str {
        self.0.expose()
    }

    /// The AES-128 and HMAC key: the password's bytes, zero-padded to 16 (no KDF).
    pub(crate) fn key(&self) -> Zeroizing<[u8; 16]> {
        let mut key = Zeroizing::new([0u8; 16]);
        let bytes = self.0.expose().as_bytes();
        key[..bytes.len()].copy_from_slice(bytes);
        key
    }
}

fn check_len(password: &SecretString, min: usize) -> Result<(), PasswordError> {
    let len = password.char_count();
    if (min..=MAX_LEN).contains(&len) {
        Ok(())
    } else {
        Err(PasswordError::Length { min, len })
    }
}

impl fmt::Debug for PackagePassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PackagePassword([hidden])")
    }
}

/// A strong password for the user to note down: 16 letters and digits (about 95 bits),
/// uniformly drawn from the OS RNG among those with at least one upper-case letter, one
/// lower-case letter and one digit, so it also satisfies strict password checkers.
pub fn generate_password() -> Result<PackagePassword, ProtectError> {
    loop {
        let mut chars = Zeroizing::new(String::with_capacity(GENERATED_LEN));
        let mut random = Zeroizing::new([0u8; 64]);
        while chars.len() < GENERATED_LEN {
            getrandom::fill(&mut random[..]).map_err(ProtectError::Random)?;
            // Rejection sampling: UNBIASED = 4 × 56, so `b % 56` is uniform below it.
            for &b in random.iter().filter(|&&b| b < UNBIASED) {
                if chars.len() == GENERATED_LEN {
                    break;
                }
                chars.push(ALPHABET[usize::from(b) % ALPHABET.len()] as char);
            }
        }
        let has = |f: fn(&u8) -> bool| chars.bytes().any(|b| f(&b));
        if has(u8::is_ascii_uppercase) && has(u8::is_ascii_lowercase) && has(u8::is_ascii_digit) {
            return Ok(PackagePassword::new_wcd(SecretString::new(chars.as_str()))?);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wizard_rule_messages() {
        let e = PackagePassword::new_wcd("A".repeat(17)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "The package password must be 8 to 16 characters long; it has 17."
        );
        let e = PackagePassword::new_wcd("Abc123").unwrap_err();
        assert_eq!(
            e.to_string(),
            "The package password must be 8 to 16 characters long; it has 6."
        );
        for bad in ["Passw0rd!", "Pass word", "Pässw0rd", "Passw0rd\u{0}"] {
            let e = PackagePassword::new_wcd(bad).unwrap_err();
            assert_eq!(
                e.to_string(),
                "The package password may only contain the letters A–Z, a–z and the digits 0–9."
            );
        }
        // Non-ASCII is counted in characters, not bytes.
        let e = PackagePassword::new_wcd("é".repeat(16)).unwrap_err();
        assert_eq!(e, PasswordError::NotAlphanumeric);
        assert!(PackagePassword::new_wcd("Passw0rd").is_ok());
        assert!(PackagePassword::new_wcd("A".repeat(16)).is_ok());
    }

    #[test]
    fn format_rule() {
        assert!(PackagePassword::new_format("x").is_ok());
        assert!(PackagePassword::new_format("p@ss w0rd!~").is_ok());
        assert_eq!(
            PackagePassword::new_format("").unwrap_err().to_string(),
            "The package password must be 1 to 16 characters long; it has 0."
        );
        assert_eq!(
            PackagePassword::new_format("x".repeat(17)).unwrap_err(),
            PasswordError::Length { min: 1, len: 17 }
        );
        for bad in ["pässword", "tab\there", "nul\0"] {
            assert_eq!(
                PackagePassword::new_format(bad).unwrap_err(),
                PasswordError::NotAscii
            );
        }
    }

    #[test]
    fn key_is_zero_padded_bytes() {
        let p = PackagePassword::new_wcd("Passw0rd").unwrap();
        assert_eq!(&p.key()[..], b"Passw0rd\0\0\0\0\0\0\0\0");
        let p = PackagePassword::new_format("0123456789abcdef").unwrap();
        assert_eq!(&p.key()[..], b"0123456789abcdef");
    }

    #[test]
    fn never_shows_the_password() {
        let p = PackagePassword::new_wcd("Sup3rSecretPw").unwrap();
        assert!(!format!("{p:?}").contains("Sup3r"));
        let e = PackagePassword::new_wcd("Sup3rSecretPw!").unwrap_err();
        assert!(!format!("{e} {e:?}").contains("Sup3r"));
    }

    #[test]
    fn generated_passwords_are_strong_and_distinct() {
        let mut seen = std::collections::HashSet::new();
        let mut counts = [0u32; 56];
        for _ in 0..2000 {
            let p = generate_password().unwrap();
            let s = p.expose();
            assert_eq!(s.len(), GENERATED_LEN);
            assert!(PackagePassword::new_wcd(s).is_ok());
            assert!(s.bytes().any(|b| b.is_ascii_uppercase()));
            assert!(s.bytes().any(|b| b.is_ascii_lowercase()));
            assert!(s.bytes().any(|b| b.is_ascii_digit()));
            assert!(seen.insert(s.to_owned()));
            assert!(
                !s.contains(['0', 'O', 'o', '1', 'l', 'I']),
                "look-alike in {s}"
            );
            for b in s.bytes() {
                counts[ALPHABET.iter().position(|&a| a == b).unwrap()] += 1;
            }
        }
        // 32,000 characters over 56 symbols: about 571 each. A gross bias (e.g. a modulo
        // bias of 2× or a missing symbol) falls far outside these loose bounds.
        assert!(
            counts.iter().all(|&c| (400..760).contains(&c)),
            "{counts:?}"
        );
    }
}
