//! `ppkg-wizard [PROJECT.json | BUNDLE.zip]`: the interactive wizard.

use super::exit::Failure;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Opens the wizard on a project, a bundle (unpacked into a new folder beside it), or a
/// new project.
pub fn run(project: Option<&Path>) -> ExitCode {
    let path = match project {
        Some(p) if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) => {
            match unpack_beside(p) {
                Ok(project) => Some(project),
                Err(f) => return f.report(),
            }
        }
        Some(p) => Some(p.to_path_buf()),
        None => None,
    };
    match ppkg_wizard::tui::run(path.as_deref()) {
        Ok(code) => code,
        Err(e) => Failure::io(format!("{e:#}")).report(),
    }
}

/// `x.zip` → the folder `x/` next to it (which must not exist yet).
fn unpack_beside(zip: &Path) -> Result<PathBuf, Failure> {
    let dest = ppkg_wizard::bundle::folder_beside(zip);
    if dest.exists() {
        return Err(Failure::input(format!(
            "{} already exists; open the project in it, or unpack the bundle elsewhere with `ppkg-wizard import {} -o NEW_FOLDER`",
            dest.display(),
            zip.display()
        )));
    }
    let project = super::import::open_bundle(zip, &dest)?;
    eprintln!("Unpacked {} into {}", zip.display(), dest.display());
    Ok(project)
}
