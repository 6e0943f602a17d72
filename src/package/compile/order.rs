//! WCD's settings-store order (catalog 2.7): depth first, siblings sorted the way the
//! registry enumerates keys (case-insensitive, by upper-cased name). Same-named siblings —
//! map entries and list items — keep their document order.

use std::cmp::Ordering;

/// Registry key order: compare upper-cased names.
pub fn store_cmp(a: &str, b: &str) -> Ordering {
    a.chars()
        .flat_map(char::to_uppercase)
        .cmp(b.chars().flat_map(char::to_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_order() {
        let mut names = vec![
            "SMISettings",
            "SharedPC",
            "Accounts",
            "AccountManagement",
            "SecureStart",
        ];
        names.sort_by(|a, b| store_cmp(a, b));
        assert_eq!(
            names,
            [
                "AccountManagement",
                "Accounts",
                "SecureStart",
                "SharedPC",
                "SMISettings"
            ]
        );
    }
}
