//! Device names with WCD's macros: `%SERIAL%` (the serial number, cut from the front to
//! fit) and `%RAND:x%` (x random digits). Windows allows at most 15 characters.

/// Longest NetBIOS computer name.
pub const MAX_LEN: usize = 15;

/// Characters Windows refuses in a computer name (outside the macros).
pub const FORBIDDEN: &str = "{|}~[\\]^':;<=>?@!\"#$%`()+/.,*&";

/// One piece of a device-name pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    Text(String),
    Serial,
    Rand(u8),
}

/// A parsed device-name pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamePattern(pub Vec<Part>);

impl NamePattern {
    /// Parses `LAB-%SERIAL%`; the error is a sentence for the user.
    pub fn parse(s: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut rest = s;
        while let Some(start) = rest.find('%') {
            if start > 0 {
                parts.push(Part::Text(rest[..start].to_owned()));
            }
            let after = &rest[start + 1..];
            let end = after.find('%').ok_or_else(|| {
                "A '%' starts a macro that is not closed; use %SERIAL% or %RAND:x%.".to_string()
            })?;
            let mac = &after[..end];
            if mac.eq_ignore_ascii_case("SERIAL") {
                parts.push(Part::Serial);
            } else if let Some(n) = mac
                .strip_prefix("RAND:")
                .or_else(|| mac.strip_prefix("rand:"))
            {
                // Digits only: `u8::from_str` would also take "+4".
                if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!("%{mac}% needs a number of digits, like %RAND:4%."));
                }
                let x = n
                    .parse::<u8>()
                    .ok()
                    .filter(|&x| x != 0 && usize::from(x) < MAX_LEN)
                    .ok_or_else(|| format!("%RAND:{n}% must ask for 1 to 14 random digits."))?;
                parts.push(Part::Rand(x));
            } else {
                return Err(format!(
                    "%{mac}% is not a macro Windows knows; use %SERIAL% or %RAND:x%."
                ));
            }
            rest = &after[end + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_owned()));
        }
        Ok(NamePattern(parts))
    }

    /// True when every device gets a different name (a macro is used).
    pub fn has_macro(&self) -> bool {
        self.0.iter().any(|p| !matches!(p, Part::Text(_)))
    }

    /// Characters fixed by the pattern (text and random digits).
    pub fn fixed_len(&self) -> usize {
        self.0
            .iter()
            .map(|p| match p {
                Part::Text(t) => t.chars().count(),
                Part::Rand(x) => *x as usize,
                Part::Serial => 0,
            })
            .sum()
    }

    /// What one device's name could look like, with `serial` cut from the front to fit
    /// and random digits shown as digits.
    pub fn preview(&self, serial: &str) -> String {
        let room = MAX_LEN.saturating_sub(self.fixed_len());
        let mut out = String::new();
        let mut digit = 0u8;
        for p in &self.0 {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Rand(x) => {
                    for _ in 0..*x {
                        out.push(char::from(b'0' + (digit * 7 + 3) % 10));
                        digit = digit.wrapping_add(1);
                    }
                }
                Part::Serial => {
                    let chars: Vec<char> = serial.chars().collect();
                    let keep = chars.len().min(room);
                    out.extend(&chars[chars.len() - keep..]);
                }
            }
        }
        out
    }

    /// Every rule the name breaks, as sentences.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let text: String = self
            .0
            .iter()
            .filter_map(|p| match p {
                Part::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        let serial = self.0.contains(&Part::Serial);
        let fixed = self.fixed_len();
        if fixed + usize::from(serial) > MAX_LEN {
            out.push(format!(
                "A device name can have at most {MAX_LEN} characters; this one has {fixed}{} once the macros are filled in.",
                if serial { " plus the serial number" } else { "" }
            ));
        }
        if text.chars().any(char::is_whitespace) {
            out.push("A device name cannot contain spaces.".into());
        }
        let bad: String = text.chars().filter(|c| FORBIDDEN.contains(*c)).collect();
        if !bad.is_empty() {
            out.push(format!(
                "A device name cannot contain {}; use letters, digits and hyphens.",
                bad.chars()
                    .map(|c| format!("'{c}'"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ));
        }
        if text.chars().any(|c| c.is_control()) {
            out.push("A device name cannot contain control characters.".into());
        }
        if self.all_digits() && !self.0.iter().any(|p| matches!(p, Part::Rand(_))) {
            out.push("A device name cannot be only digits; add a letter, like PC-%RAND:4%.".into());
        }
        out
    }

    /// Risks Windows only finds on the device: WCD accepts these patterns, so they are
    /// warnings rather than errors.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.all_digits() && self.0.iter().any(|p| matches!(p, Part::Rand(_))) {
            out.push("This pattern gives names made only of digits, which Windows refuses as a computer name: the PC would keep its factory name. Add a letter, like PC-%RAND:4%.".into());
        }
        out
    }

    /// Every name the pattern makes is digits only.
    fn all_digits(&self) -> bool {
        !self.0.is_empty()
            && self.0.iter().all(|p| match p {
                Part::Text(t) => t.chars().all(|c| c.is_ascii_digit()),
                Part::Rand(_) => true,
                Part::Serial => false,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_cuts_the_serial_from_the_front() {
        let p = NamePattern::parse("LAB-%SERIAL%").unwrap();
        assert_eq!(p.preview("PF3A9XYZ12345678"), "LAB-XYZ12345678");
        assert_eq!(p.preview("ABC"), "LAB-ABC");
        let r = NamePattern::parse("K-%RAND:3%").unwrap();
        assert_eq!(r.preview("").len(), 5);
        assert!(r.has_macro());
    }

    #[test]
    fn macro_errors() {
        assert!(NamePattern::parse("A%RAND:15%").is_err());
        assert!(NamePattern::parse("A%RAND:0%").is_err());
        assert!(NamePattern::parse("A%RAND:x%").is_err());
        assert!(NamePattern::parse("A%FOO%").is_err());
        assert!(NamePattern::parse("A%SERIAL").is_err());
        assert!(NamePattern::parse("A%RAND:14%").is_ok());
    }

    #[test]
    fn all_digit_names() {
        let lit = NamePattern::parse("12345").unwrap();
        assert_eq!(lit.problems().len(), 1);
        assert!(lit.warnings().is_empty());
        let rand = NamePattern::parse("%RAND:5%").unwrap();
        assert!(rand.problems().is_empty());
        assert_eq!(rand.warnings().len(), 1);
        let ok = NamePattern::parse("PC-%RAND:5%").unwrap();
        assert!(ok.problems().is_empty() && ok.warnings().is_empty());
    }
}
