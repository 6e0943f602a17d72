//! `ppkg-wizard inspect FILE.ppkg [--json] [--extract DIR]`.

use super::exit::Failure;
use super::password::{PasswordArgs, Rule};
use ppkg_wizard::package::{self, InspectError};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct InspectArgs {
    /// The package (.ppkg), ours or WCD's.
    package: PathBuf,
    /// Print the inspection as JSON on stdout.
    #[arg(long)]
    json: bool,
    /// Also extract every file of the package into this new folder.
    #[arg(long, value_name = "DIR")]
    extract: Option<PathBuf>,
    #[command(flatten)]
    password: PasswordArgs,
}

pub fn run(a: &InspectArgs) -> Result<(), Failure> {
    let hook = a
        .password
        .read(Rule::Existing)?
        .map(ppkg_wizard::pipeline::decrypt_hook);
    let info = package::inspect(&a.package, hook.as_deref()).map_err(fail)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&info).expect("json"));
    } else {
        print!("{info}");
    }
    if let Some(dir) = &a.extract {
        if dir.exists()
            && std::fs::read_dir(dir)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true)
        {
            return Err(Failure::input(format!(
                "{} already has files in it; choose an empty or new folder",
                dir.display()
            )));
        }
        package::extract(&a.package, dir, hook.as_deref()).map_err(fail)?;
        eprintln!("Extracted into {}", dir.display());
    }
    Ok(())
}

fn fail(e: InspectError) -> Failure {
    match e {
        InspectError::Io { path, source } if source.kind() == std::io::ErrorKind::NotFound => {
            Failure::input(format!("{} does not exist", path.display()))
        }
        InspectError::Io { .. } => Failure::io(e.to_string()),
        _ => Failure::input(e.to_string()),
    }
}
