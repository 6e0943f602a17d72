//! Text from files made safe to print on a terminal.
//!
//! Names, notes and command lines inside a package are written by whoever made it. Printed
//! raw, an ESC starts a terminal escape sequence and a CR returns to the start of the line,
//! so `Runs: evil.exe` could display as `Runs: harmless.exe`. Every such character is shown
//! as a visible escape instead; ordinary text (Windows paths included) is unchanged.

use std::borrow::Cow;

/// Characters that change how the rest of a line displays: C0/C1 controls and DEL, and
/// the Unicode bidirectional and line-breaking formatting characters.
fn must_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every character that could drive the terminal or fake a line shown as an
/// escape (`\r`, `\n`, `\t`, `\x1b`, `\u{202e}`).
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(must_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if must_escape(c) && (c as u32) < 0x100 => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if must_escape(c) => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn controls_become_visible() {
        assert_eq!(escape("C:\\Tools\\setup.exe /q"), "C:\\Tools\\setup.exe /q");
        assert_eq!(escape("evil.exe\rharmless.exe"), "evil.exe\\rharmless.exe");
        assert_eq!(escape("a\u{1b}[2Jb\n"), "a\\x1b[2Jb\\n");
        assert_eq!(escape("x\u{202e}exe.txt"), "x\\u{202e}exe.txt");
        assert_eq!(escape("\u{9b}31m"), "\\x9b31m");
        assert_eq!(escape("Ünïcödé ok"), "Ünïcödé ok");
    }
}
