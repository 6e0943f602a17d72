//! The rules that keep a hostile bundle from writing outside its folder, overwriting its own
//! files, or filling the disk. Export checks its own output with them before committing it,
//! so every bundle we write is one we accept.

use super::BundleError;
use super::central::RawEntry;
use std::collections::HashMap;

/// Most entries a bundle may have (a project has a few dozen files).
pub const MAX_ENTRIES: u64 = 10_000;
/// Most bytes a bundle may expand to, over all entries.
pub const MAX_TOTAL_BYTES: u64 = 4 << 30;
/// Largest expansion ratio accepted for an entry above [`RATIO_FLOOR`] bytes. Installers,
/// certificates and scripts compress far less; a higher ratio is how bombs look.
pub const MAX_RATIO: u64 = 200;
/// Entries up to this size are not ratio-checked (small text files compress well).
pub const RATIO_FLOOR: u64 = 1 << 20;
/// Largest central directory read (10,000 entries with long names fit easily).
pub const MAX_CENTRAL_DIR_BYTES: u64 = 64 << 20;
/// Longest entry name, in bytes (Windows paths beyond this are trouble anyway).
pub const MAX_NAME_BYTES: usize = 512;

const FLAG_ENCRYPTED: u16 = 1;
const FLAG_STRONG_ENCRYPTION: u16 = 1 << 6;
const FLAG_UTF8: u16 = 1 << 11;
const HOST_UNIX: u16 = 3;
const S_IFMT: u32 = 0o170_000;
const S_IFREG: u32 = 0o100_000;
const S_IFLNK: u32 = 0o120_000;
const DOS_DIRECTORY: u32 = 0x10;
const DOS_REPARSE_POINT: u32 = 0x400;
const METHOD_STORED: u16 = 0;
const METHOD_DEFLATED: u16 = 8;

/// Why `name` is not a safe relative path inside a bundle, or `None` when it is.
///
/// Names use `/` only; every component must be a plain file name that Windows, macOS and
/// Linux all accept, so opening a bundle cannot escape its folder or hit a device name.
pub fn name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("has an empty name".into());
    }
    if name.len() > MAX_NAME_BYTES {
        return Some(format!("has a name longer than {MAX_NAME_BYTES} bytes"));
    }
    if name.starts_with('/') || name.starts_with('\\') {
        return Some("is an absolute path".into());
    }
    if name.as_bytes().get(1) == Some(&b':') {
        return Some("is an absolute path with a drive letter".into());
    }
    if name.contains('\\') {
        return Some("contains a backslash, which Windows reads as a folder separator".into());
    }
    if name.ends_with('/') {
        return Some("is a folder entry".into());
    }
    for part in name.split('/') {
        if let Some(p) = component_problem(part) {
            return Some(p);
        }
    }
    None
}

/// Why one path component (a file or folder name) is unsafe, or `None`.
pub fn component_problem(part: &str) -> Option<String> {
    match part {
        "" => return Some("has an empty folder name (\"//\")".into()),
        "." | ".." => return Some("climbs out of the bundle folder with \"..\" or \".\"".into()),
        _ => {}
    }
    use crate::winname::NameProblem;
    match crate::winname::problem(part)? {
        NameProblem::Forbidden(c) => Some(format!(
            "contains the character {c:?}, which Windows does not allow in file names"
        )),
        NameProblem::Control => {
            Some("contains a control character, which Windows does not allow in file names".into())
        }
        NameProblem::TrailingDotOrSpace | NameProblem::Empty => {
            Some("has a name ending in a dot or space, which Windows drops".into())
        }
        NameProblem::Reserved(stem) => Some(format!("uses the Windows device name {stem}")),
    }
}

/// Checks one entry on its own: UTF-8 name, safe path, plain file, not encrypted, a known
/// compression method. Returns the name.
pub(crate) fn check_entry(e: &RawEntry) -> Result<String, BundleError> {
    let name = std::str::from_utf8(&e.name).map_err(|_| BundleError::NonUtf8Name {
        lossy: String::from_utf8_lossy(&e.name).into_owned(),
    })?;
    // Without the UTF-8 flag, readers decode non-ASCII names as code page 437, so the name
    // we check would not be the name another tool extracts.
    if !name.is_ascii() && e.flags & FLAG_UTF8 == 0 {
        return Err(BundleError::NonUtf8Name {
            lossy: name.to_owned(),
        });
    }
    let name = name.to_owned();
    if let Some(reason) = name_problem(&name) {
        return Err(BundleError::UnsafeName { name, reason });
    }
    let unix_mode = e.external_attributes >> 16;
    if e.version_made_by >> 8 == HOST_UNIX && unix_mode != 0 {
        match unix_mode & S_IFMT {
            S_IFLNK => return Err(BundleError::Symlink { name }),
            S_IFREG | 0 => {}
            _ => return Err(BundleError::NotAFile { name }),
        }
    }
    if e.external_attributes & DOS_REPARSE_POINT != 0 {
        return Err(BundleError::Symlink { name });
    }
    if e.external_attributes & DOS_DIRECTORY != 0 {
        return Err(BundleError::NotAFile { name });
    }
    if e.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION) != 0 {
        return Err(BundleError::Encrypted { name });
    }
    if e.method != METHOD_STORED && e.method != METHOD_DEFLATED {
        return Err(BundleError::Compression {
            name,
            method: e.method,
        });
    }
    Ok(name)
}

/// Refuses an entry that claims to expand far more than real files do.
fn check_ratio(e: &RawEntry, name: &str) -> Result<(), BundleError> {
    if e.size > RATIO_FLOOR && e.size / e.compressed_size.max(1) > MAX_RATIO {
        return Err(BundleError::Ratio {
            name: name.to_owned(),
            compressed: e.compressed_size,
            size: e.size,
            max_ratio: MAX_RATIO,
        });
    }
    Ok(())
}

/// Checks each entry, then the declared total against [`MAX_TOTAL_BYTES`], each entry's
/// expansion ratio, and the names together: no exact or letter-case duplicates, no file
/// that is also needed as a folder. Returns the names.
pub(crate) fn check_entries(entries: &[RawEntry]) -> Result<Vec<String>, BundleError> {
    let mut names = Vec::with_capacity(entries.len());
    let mut total: u64 = 0;
    for e in entries {
        names.push(check_entry(e)?);
        total = total.saturating_add(e.size);
    }
    if total > MAX_TOTAL_BYTES {
        return Err(BundleError::TooLarge {
            declared: total,
            max: MAX_TOTAL_BYTES,
        });
    }
    for (e, name) in entries.iter().zip(&names) {
        check_ratio(e, name)?;
    }
    let mut seen: HashMap<String, &str> = HashMap::new();
    for name in &names {
        if let Some(first) = seen.insert(fold(name), name) {
            return Err(if first == name {
                BundleError::Duplicate { name: name.clone() }
            } else {
                BundleError::CaseDuplicate {
                    first: first.to_owned(),
                    second: name.clone(),
                }
            });
        }
    }
    for name in &names {
        for (i, _) in name.match_indices('/') {
            let folder = &name[..i];
            if seen.contains_key(&fold(folder)) {
                return Err(BundleError::FileFolderClash {
                    name: name.clone(),
                    folder: folder.to_owned(),
                });
            }
        }
    }
    Ok(names)
}

/// The form two names share when Windows (or macOS) treats them as the same file.
pub fn fold(name: &str) -> String {
    name.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in [
            "project.json",
            "assets/setup.msi",
            "assets/2/Zertifikat ä.cer",
        ] {
            assert_eq!(name_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "../x",
            "a/../../x",
            "a/./b",
            "/etc/x",
            "C:\\x",
            "C:/x",
            "\\\\server\\x",
            "a\\..\\x",
            "a//b",
            "dir/",
            "a/CON.txt",
            "lpt1",
            "x.",
            "x ",
            "a:b",
            "a\u{0}b",
            "nul.tar.gz",
        ] {
            assert!(name_problem(bad).is_some(), "{bad:?} accepted");
        }
        assert_eq!(name_problem("console.txt"), None);
        assert_eq!(name_problem("COM10"), None);
    }
}
