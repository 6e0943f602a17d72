//! Loading a project and reading its secrets, shared by the commands that need both.

use super::exit::Failure;
use ppkg_wizard::project::{self, LoadError, Project, SecretError};
use std::path::Path;

/// Loads a project, mapping load errors to exit 1 (a bad file) or 3 (unreadable).
pub fn load_project(path: &Path) -> Result<Project, Failure> {
    project::load(path).map_err(|e| match &e {
        LoadError::Read { reason, .. }
            if reason != "it does not exist" && reason != "it is a folder" =>
        {
            Failure::io(e.to_string())
        }
        _ => Failure::input(e.to_string()),
    })
}

/// Reads every secret from its source, the targets' ones included (an export carries
/// them though no build needs them).
pub fn resolve_every_secret(p: &mut Project) -> Vec<SecretError> {
    let base = p.base_dir.clone();
    p.every_secret_mut()
        .into_iter()
        .filter_map(|(label, s)| s.resolve(&label, &base, &mut |_| None).err())
        .collect()
}

/// Reads every secret from its source. The command line cannot ask, so `ask` secrets
/// fail unless `allow_ask` (then they are left unread and returned as labels).
pub fn resolve_secrets(p: &mut Project, allow_ask: bool) -> (Vec<SecretError>, Vec<String>) {
    let base = p.base_dir.clone();
    let mut errors = Vec::new();
    let mut asked = Vec::new();
    for (label, s) in p.secrets_mut() {
        match s.resolve(&label, &base, &mut |_| None) {
            Ok(_) => {}
            Err(SecretError::MustAsk { field }) if allow_ask => asked.push(field),
            Err(e) => errors.push(e),
        }
    }
    (errors, asked)
}
