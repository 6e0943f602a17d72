//! Windows file-name rules, in one place: package names become `<Name>.ppkg`, bundle
//! entries become files on a technician's PC, and both must be names Windows accepts.

/// Why a name cannot be a Windows file name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NameProblem {
    /// Empty or only spaces.
    Empty,
    /// One of `< > : " / \ | ? *`.
    Forbidden(char),
    /// A control character.
    Control,
    /// Windows silently drops a trailing dot or space.
    TrailingDotOrSpace,
    /// CON, PRN, AUX, NUL, COM0–9, LPT0–9 (also with an extension): device names.
    Reserved(String),
}

/// The first rule `name` (one path component) breaks, if any.
pub fn problem(name: &str) -> Option<NameProblem> {
    if name.trim().is_empty() {
        return Some(NameProblem::Empty);
    }
    if let Some(c) = name.chars().find(|c| "<>:\"/\\|?*".contains(*c)) {
        return Some(NameProblem::Forbidden(c));
    }
    if name.chars().any(char::is_control) {
        return Some(NameProblem::Control);
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Some(NameProblem::TrailingDotOrSpace);
    }
    let stem = name
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    reserved.then_some(NameProblem::Reserved(stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert_eq!(problem("School lab"), None);
        assert_eq!(problem("CONSOLE"), None);
        assert_eq!(problem("COM10"), None);
        assert_eq!(problem(" "), Some(NameProblem::Empty));
        assert_eq!(problem("a:b"), Some(NameProblem::Forbidden(':')));
        assert_eq!(problem("a\u{7}"), Some(NameProblem::Control));
        assert_eq!(problem("a."), Some(NameProblem::TrailingDotOrSpace));
        assert_eq!(
            problem("nul.txt"),
            Some(NameProblem::Reserved("NUL".into()))
        );
        assert_eq!(problem("Lpt9"), Some(NameProblem::Reserved("LPT9".into())));
    }
}
