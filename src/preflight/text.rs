//! Server text (policy names, user names) made safe for a terminal and a log line.

/// Control characters (escape sequences, newlines) and bidirectional overrides become
/// spaces; at most `max` characters; trimmed.
pub(crate) fn plain(text: &str, max: usize) -> String {
    text.chars()
        .take(max)
        .map(|c| {
            if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// A server-provided name, escaped and quoted for a sentence.
pub(crate) fn quoted(name: &str) -> String {
    let p = plain(name, 120);
    if p.is_empty() {
        "(unnamed)".into()
    } else {
        format!("\"{p}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_cannot_reach_the_terminal() {
        let s = plain("a\u{1b}[2Jb\u{9b}31m\r\nc\u{202E}d\u{7}", 100);
        assert!(
            !s.chars().any(|c| c.is_control() || c == '\u{202E}'),
            "{s:?}"
        );
        assert!(s.starts_with('a') && s.ends_with('d'));
        assert_eq!(plain(&"x".repeat(500), 10).len(), 10);
        assert_eq!(quoted("  "), "(unnamed)");
        assert_eq!(quoted("MFA"), "\"MFA\"");
    }
}
