//! `--password-env VAR` / `--password-file F`: the package password, never from argv.

use super::exit::Failure;
use ppkg_wizard::protect::PackagePassword;
use std::path::PathBuf;

#[derive(clap::Args, Debug, Default)]
pub struct PasswordArgs {
    /// Read the package password from this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "password_file")]
    password_env: Option<String>,
    /// Read the package password from this file (first line).
    #[arg(long, value_name = "FILE")]
    password_file: Option<PathBuf>,
}

/// Largest password file read: a password is at most 16 characters, plus a line ending
/// and room for an editor's extra lines.
const MAX_PASSWORD_FILE: u64 = 4096;

/// Which rule the password must follow.
#[derive(Clone, Copy)]
pub enum Rule {
    /// WCD's rule for new packages: 8–16 letters and digits.
    New,
    /// Any password a package could have been made with: 1–16 ASCII characters.
    Existing,
}

impl PasswordArgs {
    /// The password, when one was named.
    pub fn read(&self, rule: Rule) -> Result<Option<PackagePassword>, Failure> {
        let text = if let Some(var) = &self.password_env {
            match std::env::var(var) {
                Ok(v) => zeroize::Zeroizing::new(v),
                Err(_) => {
                    return Err(Failure::input(format!(
                        "the package password comes from the environment variable {var}, which is not set"
                    )));
                }
            }
        } else if let Some(file) = &self.password_file {
            let unreadable = |why: String| {
                Failure::input(format!(
                    "cannot read the package password from {}: {why}",
                    file.display()
                ))
            };
            let raw = zeroize::Zeroizing::new(
                ppkg_wizard::fsutil::read_capped(file, MAX_PASSWORD_FILE)
                    .map_err(|e| unreadable(e.to_string()))?,
            );
            let raw =
                std::str::from_utf8(&raw).map_err(|_| unreadable("it is not UTF-8 text".into()))?;
            zeroize::Zeroizing::new(raw.lines().next().unwrap_or("").to_owned())
        } else {
            return Ok(None);
        };
        let pw = match rule {
            Rule::New => PackagePassword::new_wcd(text.as_str()),
            Rule::Existing => PackagePassword::new_format(text.as_str()),
        };
        pw.map(Some).map_err(|e| Failure::input(e.to_string()))
    }
}
