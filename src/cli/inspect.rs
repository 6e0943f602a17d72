//! `ppkg-wizard inspect FILE.ppkg [--json] [--verify] [--extract DIR]`.

use super::exit::Failure;
use super::password::{PasswordArgs, Rule};
use ppkg_wizard::package::{self, InspectError, VerifyLevel};
use ppkg_wizard::printable::escape;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct InspectArgs {
    /// The package (.ppkg), ours or WCD's.
    package: PathBuf,
    /// Print the inspection as JSON on stdout (also `{"error": …}` when it fails).
    #[arg(long)]
    json: bool,
    /// Check every file against its SHA-1, however large the package (by default every
    /// file is checked only when the contents total 64 MiB or less).
    #[arg(long)]
    verify: bool,
    /// Also extract every file of the package into this folder (created when missing;
    /// it must be empty). Only files that match their SHA-1 are kept.
    #[arg(long, value_name = "DIR")]
    extract: Option<PathBuf>,
    #[command(flatten)]
    password: PasswordArgs,
}

pub fn run(a: &InspectArgs) -> Result<(), Failure> {
    let result = inspect(a);
    if let Err(f) = &result
        && a.json
    {
        f.print_json();
    }
    result
}

fn inspect(a: &InspectArgs) -> Result<(), Failure> {
    let hook = a
        .password
        .read(Rule::Existing)?
        .map(ppkg_wizard::pipeline::decrypt_hook);
    let level = if a.verify {
        VerifyLevel::Full
    } else {
        VerifyLevel::Auto
    };
    let info = package::inspect_with(&a.package, hook.as_deref(), level).map_err(fail)?;
    // JSON goes out once, after the extraction, so a failed extraction prints only
    // `{"error": …}` and stdout stays one document.
    if !a.json {
        out!("{info}");
    }
    if let Some(dir) = &a.extract {
        let shown = escape(&dir.display().to_string()).into_owned();
        if dir.exists() && !dir.is_dir() {
            return Err(Failure::input(format!(
                "{shown} is a file, not a folder; choose an empty or new folder"
            )));
        }
        if dir.exists()
            && std::fs::read_dir(dir)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true)
        {
            return Err(Failure::input(format!(
                "{shown} already has files in it; choose an empty or new folder"
            )));
        }
        package::extract(&a.package, dir, hook.as_deref()).map_err(fail)?;
        eprintln!("Extracted into {shown} (every file matched its SHA-1)");
    }
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&info).expect("json"));
    }
    Ok(())
}

/// Messages name paths inside the package, which anyone could have written: escaped.
fn fail(e: InspectError) -> Failure {
    let msg = escape(&e.to_string()).into_owned();
    match e {
        InspectError::Io { path, source } if source.kind() == std::io::ErrorKind::NotFound => {
            Failure::input(format!(
                "{} does not exist",
                escape(&path.display().to_string())
            ))
        }
        InspectError::Io { .. } | InspectError::Write { .. } => Failure::io(msg),
        _ => Failure::input(msg),
    }
}
