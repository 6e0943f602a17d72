//! Saving without secrets in clear: what the "where should this secret come from" dialog
//! (`popups::SecretSources`) checks and writes — variable names, and secret files beside
//! the project with owner-only permissions.

use std::io::Write;
use std::path::Path;

/// What happens after the project is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterSave {
    Stay,
    Quit,
}

/// Checks an environment variable name (letters, digits, `_`, not starting with a digit).
pub fn env_name_problem(name: &str) -> Option<String> {
    let ok = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    (!ok).then(|| {
        "An environment variable name uses letters, digits and _ and does not start with a digit."
            .into()
    })
}

/// Writes a secret into `name` inside `dir`, readable by the owner only. An existing file
/// is kept if it already holds the value, and never overwritten if it holds another.
pub fn write_secret_file(dir: &Path, name: &str, value: &str) -> Result<(), String> {
    let n = Path::new(name);
    let simple = n.components().count() == 1
        && matches!(n.components().next(), Some(std::path::Component::Normal(_)));
    if name.trim().is_empty() || !simple {
        return Err(
            "Give a plain file name (no folders); the file goes beside the project.".into(),
        );
    }
    let path = dir.join(n);
    if path.exists() {
        let existing = crate::fsutil::read_capped(&path, 64 << 10)
            .map_err(|e| format!("Cannot read {name}: {e}."))?;
        let text = String::from_utf8_lossy(&existing);
        if text.trim_end_matches(['\r', '\n']) == value {
            return Ok(());
        }
        return Err(format!(
            "{name} already exists and holds something else; choose another name."
        ));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("Cannot create the folder: {e}."))?;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(&path)
        .map_err(|e| format!("Cannot create {name}: {e}."))?;
    f.write_all(value.as_bytes())
        .and_then(|_| f.write_all(b"\n"))
        .and_then(|_| f.sync_all())
        .map_err(|e| format!("Cannot write {name}: {e}."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_files_are_private_and_never_clobbered() {
        let d = tempfile::tempdir().unwrap();
        write_secret_file(d.path(), "k.secret", "v1").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(d.path().join("k.secret"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        write_secret_file(d.path(), "k.secret", "v1").unwrap();
        assert!(write_secret_file(d.path(), "k.secret", "v2").is_err());
        assert_eq!(
            std::fs::read_to_string(d.path().join("k.secret")).unwrap(),
            "v1\n"
        );
        assert!(write_secret_file(d.path(), "../x", "v").is_err());
        assert!(write_secret_file(d.path(), "a/b", "v").is_err());
    }

    #[test]
    fn variable_names_are_checked() {
        assert!(env_name_problem("PPKG_X").is_none());
        assert!(env_name_problem("1X").is_some());
        assert!(env_name_problem("A-B").is_some());
        assert!(env_name_problem("").is_some());
    }
}
