//! Saving without secrets in clear: for each password typed in this session, the user
//! chooses where it comes from at build time — an environment variable, a file beside the
//! project (written here with owner-only permissions), asked again, or, after a warning,
//! the project file itself.

use super::widgets::text_input::TextInput;
use crate::project::SecretSource;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What happens after the project is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterSave {
    Stay,
    Quit,
}

/// The four answers, in the order shown.
pub const SOURCES: [&str; 4] = [
    "Ask me again when I create the package (nothing is saved)",
    "An environment variable named",
    "A file beside the project named",
    "In the project file, in clear text",
];
pub const ASK: usize = 0;
pub const ENV: usize = 1;
pub const FILE: usize = 2;
pub const CLEAR: usize = 3;

/// A secret still to place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    /// Index into `Project::secrets_mut()`.
    pub index: usize,
    pub label: String,
    /// Received in this session (a bulk token), not typed: it cannot be typed again.
    pub fetched: bool,
}

/// An answer already given in this dialog, undone if the save is cancelled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answered {
    pub index: usize,
    pub label: String,
    pub old: SecretSource,
    /// The secret file this dialog wrote, removed on cancel.
    pub written: Option<PathBuf>,
}

/// The "where should this secret come from" question, one secret at a time.
pub struct SecretDialog {
    pub queue: Vec<Pending>,
    pub choice: usize,
    pub env: TextInput,
    pub file: TextInput,
    /// The clear-text choice waits for a second confirmation.
    pub confirm_clear: bool,
    pub error: Option<String>,
    pub then: AfterSave,
    pub answered: Vec<Answered>,
    dir: PathBuf,
}

impl SecretDialog {
    /// `dir` is the project's folder, where secret files go.
    pub fn new(queue: Vec<Pending>, then: AfterSave, dir: &Path) -> Self {
        let mut d = Self {
            queue,
            choice: ASK,
            env: TextInput::new("", "e.g. WIFI_PASSWORD"),
            file: TextInput::new("", "e.g. wifi-password.secret"),
            confirm_clear: false,
            error: None,
            then,
            answered: Vec::new(),
            dir: dir.to_path_buf(),
        };
        d.reset_names();
        d
    }

    /// The label of the secret being asked about.
    pub fn label(&self) -> &str {
        self.queue.first().map(|p| p.label.as_str()).unwrap_or("")
    }

    /// True when the current secret was received, not typed.
    pub fn fetched(&self) -> bool {
        self.queue.first().is_some_and(|p| p.fetched)
    }

    /// The answers offered for the current secret, in order. A received token cannot be
    /// asked for or set in a variable by someone who never saw it, so it is kept in a file
    /// (or, after a warning, the project).
    pub fn options(&self) -> &'static [usize] {
        if self.fetched() {
            &[FILE, CLEAR]
        } else {
            &[ASK, ENV, FILE, CLEAR]
        }
    }

    /// Moves the choice by `step` (±1) through the offered answers.
    pub fn step(&mut self, forward: bool) {
        let opts = self.options();
        let i = opts.iter().position(|c| *c == self.choice).unwrap_or(0);
        let n = opts.len();
        self.choice = opts[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        self.error = None;
    }

    /// Suggests names from the label for the next secret.
    pub fn reset_names(&mut self) {
        let slug: String = self
            .label()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let slug = slug
            .split('_')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        self.env
            .suggest(&format!("PPKG_{}", slug.to_ascii_uppercase()));
        let stem = slug.to_ascii_lowercase().replace('_', "-");
        // A name not taken yet: an existing file (an older token) is never overwritten.
        let free = (1..)
            .map(|n| {
                if n == 1 {
                    format!("{stem}.secret")
                } else {
                    format!("{stem}-{n}.secret")
                }
            })
            .find(|name| !self.dir.join(name).exists())
            .expect("some name is free");
        self.file.suggest(&free);
        self.choice = if self.fetched() { FILE } else { ASK };
        self.confirm_clear = false;
        self.error = None;
    }
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

/// The source for an answer (the file has been written by then).
pub fn source_for(choice: usize, d: &SecretDialog) -> SecretSource {
    match choice {
        ENV => SecretSource::Env(d.env.value().trim().to_owned()),
        FILE => SecretSource::File(d.file.value().trim().into()),
        CLEAR => SecretSource::Clear,
        _ => SecretSource::Ask,
    }
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
    fn names_are_suggested_from_the_label() {
        let dir = tempfile::tempdir().unwrap();
        let pending = |label: &str, fetched| Pending {
            index: 0,
            label: label.into(),
            fetched,
        };
        let d = SecretDialog::new(
            vec![pending("Wi-Fi password", false)],
            AfterSave::Stay,
            dir.path(),
        );
        assert_eq!(d.env.value(), "PPKG_WI_FI_PASSWORD");
        assert_eq!(d.file.value(), "wi-fi-password.secret");
        assert!(env_name_problem("PPKG_X").is_none());
        assert!(env_name_problem("1X").is_some());
        assert_eq!(d.choice, ASK);
        std::fs::write(dir.path().join("bulk-token.secret"), "old").unwrap();
        let d = SecretDialog::new(
            vec![pending("Bulk token", true)],
            AfterSave::Stay,
            dir.path(),
        );
        assert_eq!(d.choice, FILE);
        assert_eq!(d.options(), &[FILE, CLEAR]);
        assert_eq!(d.file.value(), "bulk-token-2.secret");
    }
}
