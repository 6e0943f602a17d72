//! A string that holds a credential (password, Wi-Fi key, bulk token).
//!
//! Secrets must never reach logs, panic messages or snapshots by accident, so the type
//! prints as `[hidden]` with both `Debug` and `Display`, and zeroes its memory on drop.

use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A credential value. Read it with [`SecretString::expose`] only where the clear text is
/// really needed (writing the package, sending it to a server).
#[derive(Clone, Default, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps a clear-text value; the caller should drop its own copy.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The clear text. Keep the borrow short and never format it into messages.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when no value has been entered.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of characters, for length rules that must not reveal the value.
    pub fn char_count(&self) -> usize {
        self.0.chars().count()
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

impl fmt::Debug for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretString([hidden])")
    }
}

impl fmt::Display for SecretString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[hidden]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_formats_the_value() {
        let s = SecretString::new("hunter2-very-secret");
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!format!("{s}").contains("hunter2"));
        assert_eq!(s.expose(), "hunter2-very-secret");
    }
}
