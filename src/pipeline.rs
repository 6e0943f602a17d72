//! Project → package: the sequence both front ends (command line and wizard) run, so they
//! cannot drift apart. Read secrets, check the project, compile, pack, encrypt.

use crate::package::{
    self, BuildError, BuildOptions, BuildOutput, DecryptHook, EncryptHook, Progress,
};
use crate::project::{Problem, Project, SecretError, SecretMode, Severity, ToSettingsError};
use crate::protect::{self, PackagePassword};
use crate::secret::SecretString;
use std::io::{Read, Seek, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// Why a project could not be built. Each variant lists everything wrong at once.
#[derive(Debug, thiserror::Error)]
pub enum ProjectBuildError {
    #[error("{} secret{} could not be read", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    Secrets(Vec<SecretError>),
    #[error("the project has {} problem{} to fix first", .0.len(), if .0.len() == 1 { "" } else { "s" })]
    Invalid(Vec<Problem>),
    #[error("{0}")]
    Settings(#[from] ToSettingsError),
    #[error("{0}")]
    Build(#[from] BuildError),
}

/// How to build a project.
pub struct ProjectBuild {
    /// Where `<Name>.ppkg` and `<Name>.cat` go (created when missing).
    pub out_dir: PathBuf,
    /// Replace existing output files.
    pub replace: bool,
    /// Overrides the project's own package password (`--password-env/--password-file`).
    pub password: Option<PackagePassword>,
    /// Compile as this WCD version; `None` = the project's `wcd_version`, else the newest
    /// Store WCD.
    pub wcd_version: Option<package::WcdVersion>,
    /// Fixed build time: the same project then gives the same package bytes
    /// (see [`reproducible_from_env`]). Ignored for encrypted packages, whose IV is random.
    pub fixed_time: Option<time::OffsetDateTime>,
}

/// The build time from `SOURCE_DATE_EPOCH` (the reproducible-builds convention), if set.
pub fn reproducible_from_env() -> Result<Option<time::OffsetDateTime>, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Err(_) => Ok(None),
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|secs| time::OffsetDateTime::from_unix_timestamp(secs).ok())
            .map(Some)
            .ok_or_else(|| {
                format!("SOURCE_DATE_EPOCH must be a number of seconds since 1970, not \"{v}\"")
            }),
    }
}

/// Applies a fixed build time to builder options: timestamps, and the WIM GUID and
/// catalog id derived from the package id and time instead of drawn at random.
pub fn apply_fixed_time(opts: &mut BuildOptions, package_id: &str, at: time::OffsetDateTime) {
    use sha2::Digest;
    let seed = sha2::Sha256::digest(
        format!(
            "ppkg-wizard reproducible {package_id} {}",
            at.unix_timestamp()
        )
        .as_bytes(),
    );
    let mut a = [0u8; 16];
    let mut b = [0u8; 16];
    a.copy_from_slice(&seed[..16]);
    b.copy_from_slice(&seed[16..]);
    opts.timestamp = Some(at);
    opts.random_ids = Some((a, b));
}

/// Builds the package for `project`. `ask` is called for secrets set to be asked for
/// (the wizard prompts; the command line passes a closure that returns `None`).
pub fn build_project(
    project: &mut Project,
    how: &ProjectBuild,
    ask: &mut dyn FnMut(&str) -> Option<SecretString>,
    progress: &mut dyn FnMut(Progress),
) -> Result<BuildOutput, ProjectBuildError> {
    build_project_cancellable(project, how, None, ask, progress)
}

/// [`build_project`] that stops with [`BuildError::Cancelled`] (nothing written, no
/// existing package touched) once `cancel` is set from another thread — the wizard's Esc.
/// A separate entry point rather than a [`ProjectBuild`] field so callers that build
/// `ProjectBuild` literally need no change.
pub fn build_project_cancellable(
    project: &mut Project,
    how: &ProjectBuild,
    cancel: Option<Arc<AtomicBool>>,
    ask: &mut dyn FnMut(&str) -> Option<SecretString>,
    progress: &mut dyn FnMut(Progress),
) -> Result<BuildOutput, ProjectBuildError> {
    // A project without an id would get a new one at every build; the caller saves it.
    project.ensure_package_id();
    let base = project.base_dir.clone();
    let mut secret_errors = Vec::new();
    for (label, s) in project.secrets_mut() {
        if let Err(e) = s.resolve(&label, &base, ask) {
            secret_errors.push(e);
        }
    }
    if !secret_errors.is_empty() {
        return Err(ProjectBuildError::Secrets(secret_errors));
    }
    let errors: Vec<Problem> = project
        .validate()
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        return Err(ProjectBuildError::Invalid(errors));
    }
    let password = match (&how.password, &project.protect) {
        (Some(p), _) => Some(p.clone()),
        (None, Some(prot)) => {
            let value = prot
                .password
                .value()
                .map(|v| v.expose())
                .unwrap_or_default();
            Some(PackagePassword::new_wcd(value).map_err(|e| {
                ProjectBuildError::Invalid(vec![Problem {
                    field: crate::project::Field::ProtectPassword,
                    severity: Severity::Error,
                    message: e.to_string(),
                }])
            })?)
        }
        (None, None) => None,
    };
    let mut doc = project.to_customizations(SecretMode::Values)?;
    // Record assets by their project-relative path (Windows separators, like WCD's), not
    // this machine's absolute path: the same project then builds the same bytes anywhere.
    let mut to_relative = std::collections::BTreeMap::new();
    let mut to_local = std::collections::BTreeMap::new();
    for rel in project.asset_paths() {
        let text = rel.to_string_lossy().replace('/', "\\");
        to_relative.insert(project.asset_text(rel), text.clone());
        to_local.insert(text, project.resolve_path(rel));
    }
    for n in &mut doc.settings {
        crate::exchange::wcd_export::rewrite_leaves(n, &to_relative);
    }
    std::fs::create_dir_all(&how.out_dir).map_err(|e| BuildError::Io {
        what: format!("cannot create the folder {}", how.out_dir.display()),
        source: e,
    })?;
    let mut opts = BuildOptions::new(&how.out_dir);
    opts.overwrite = if how.replace {
        crate::fsutil::Overwrite::Replace
    } else {
        crate::fsutil::Overwrite::Refuse
    };
    opts.wcd_version = how
        .wcd_version
        .clone()
        .or_else(|| project.wcd_version.clone())
        .unwrap_or_default();
    opts.target_skus = project.target_editions.as_ref().map(|t| t.skus());
    if let Some(at) = how.fixed_time {
        apply_fixed_time(&mut opts, &doc.package.id, at);
    }
    opts.encrypt = password.map(encrypt_hook);
    opts.cancel = cancel;
    let resolve = |text: &str| to_local.get(text).cloned();
    Ok(package::build(&doc, &resolve, &opts, progress)?)
}

/// The builder's encryption step for `password` (ppkg-format.md §4).
pub fn encrypt_hook(password: PackagePassword) -> Box<EncryptHook> {
    Box::new(move |src: &mut dyn Read, _len: u64, dst: &mut dyn Write| {
        protect::encrypt(
            &mut ReadAdapter(src),
            &mut WriteAdapter(dst),
            &password,
            None,
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    })
}

/// `inspect`'s decryption step for `password`. The encrypted bytes are spooled to a
/// temporary file because decryption reads the ciphertext twice (HMAC first).
pub fn decrypt_hook(password: PackagePassword) -> Box<DecryptHook> {
    Box::new(move |src: &mut dyn Read, _len: u64, dst: &mut dyn Write| {
        let mut spool = tempfile::tempfile().map_err(|e| e.to_string())?;
        std::io::copy(src, &mut spool).map_err(|e| e.to_string())?;
        spool.rewind().map_err(|e| e.to_string())?;
        protect::decrypt(&mut spool, &mut WriteAdapter(dst), &password)
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
}

struct ReadAdapter<'a>(&'a mut dyn Read);
impl Read for ReadAdapter<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.0.read(buf)
    }
}

struct WriteAdapter<'a>(&'a mut dyn Write);
impl Write for WriteAdapter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
