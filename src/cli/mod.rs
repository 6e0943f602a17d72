//! Command-line surface (DESIGN.md "Interfaces"): argument parsing, dispatch, exit codes.

/// `println!` for command output: a stdout that cannot be written (a full disk, a closed
/// pipe) ends the command with one plain sentence instead of a panic.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::stdout::line(format_args!($($arg)*))
    };
}

/// `print!` for command output, with [`outln!`]'s handling of a failed write.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::stdout::text(format_args!($($arg)*))
    };
}

mod batch;
mod build;
mod check;
mod exit;
mod export;
mod import;
mod inspect;
mod password;
mod preflight;
mod progress;
mod secrets;
mod stdout;
mod token;
mod wizard;

use clap::{CommandFactory, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Build Windows provisioning packages (.ppkg) for bulk enrollment — on any OS, over SSH,
/// and from scripts.
///
/// Run without a command to start the wizard. Secrets (passwords, Wi-Fi keys, bulk
/// tokens) never come from the command line: projects name an environment variable or a
/// file for each, and package passwords come from --password-env or --password-file.
///
/// Exit codes: 0 success, 1 the input is wrong, 2 usage, 3 I/O or network failure.
#[derive(Parser, Debug)]
#[command(name = "ppkg-wizard", version, args_conflicts_with_subcommands = true)]
struct Cli {
    /// A project (.json) or bundle (.zip) to open in the wizard.
    project: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build <Name>.ppkg and <Name>.cat from a project, a WCD project folder or a
    /// customizations.xml.
    ///
    /// Secrets are read from their sources (environment variables or files); the project is
    /// checked first and every problem listed. The output never replaces an existing
    /// package unless --force.
    Build(build::BuildArgs),
    /// Check a project for problems without building it.
    ///
    /// Reads every secret from its source (environment variable or file) and checks all of
    /// WCD's rules: device name, Wi-Fi password, accounts, files, bulk-token expiry.
    /// Exits 1 and lists every problem when there is one.
    Check(check::CheckArgs),
    /// Show what a package does: identity, settings, commands, files and warnings.
    ///
    /// Works on any .ppkg, WCD-built ones included. Secrets are never shown.
    Inspect(inspect::InspectArgs),
    /// Get an Entra ID bulk token with device-code sign-in (no browser needed here).
    ///
    /// Shows a code and an address; sign in on any other device. The token is written only
    /// where you say (--save-to, --project) and is never printed.
    Token(token::TokenArgs),
    /// Turn a WCD project folder or customizations.xml into a ppkg-wizard project.
    ///
    /// Every wizard field is recognised; other settings are kept as advanced settings.
    /// Files named with Windows paths are found by name in --asset-dir folders.
    Import(import::ImportArgs),
    /// Export a project for Windows Configuration Designer or as a portable bundle.
    Export(export::ExportArgs),
    /// Check the Entra ID / Intune tenant for what makes bulk enrollment fail, read-only.
    ///
    /// Signs in by device code and reads the tenant's settings from Microsoft Graph; each
    /// check prints ✔, ✘ with the fix, or ? when it could not be read.
    Preflight(preflight::PreflightArgs),
}

/// Parses arguments, runs the command, prints errors as plain sentences and returns the
/// exit code DESIGN.md promises.
pub fn main() -> ExitCode {
    if let Some(f) = not_a_command(std::env::args_os().nth(1).as_deref()) {
        return f.report();
    }
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Build(a)) => build::run(&a),
        Some(Command::Check(a)) => check::run(&a),
        Some(Command::Inspect(a)) => inspect::run(&a),
        Some(Command::Export(a)) => export::run(&a),
        Some(Command::Import(a)) => import::run(&a),
        Some(Command::Token(a)) => token::run(&a),
        Some(Command::Preflight(a)) => preflight::run(&a),
        None => return wizard::run(cli.project.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => f.report(),
    }
}

/// The first argument when it is neither a command nor a file to open: a mistyped
/// command (`biuld`) gets the nearest one suggested, anything else the list. Paths
/// (`x.json`, `dir/x`) go on to the wizard, which says when they cannot be read.
fn not_a_command(first: Option<&std::ffi::OsStr>) -> Option<exit::Failure> {
    let arg = first?.to_str()?;
    let looks_like_path = arg.contains(['/', '\\', '.']) || arg.starts_with('-');
    if looks_like_path || std::path::Path::new(arg).exists() {
        return None;
    }
    let cmd = Cli::command();
    let names: Vec<&str> = cmd
        .get_subcommands()
        .map(|c| c.get_name())
        .filter(|n| *n != "help")
        .collect();
    if names.contains(&arg) || arg == "help" {
        return None;
    }
    let nearest = names
        .iter()
        .map(|n| (edit_distance(&arg.to_lowercase(), n), *n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 3))
        .min();
    let msg = match nearest {
        Some((_, n)) => {
            format!("'{arg}' is not a command or a file; did you mean `ppkg-wizard {n}`?")
        }
        None => format!(
            "'{arg}' is not a command or a file. Commands: {}; a project (.json) or bundle (.zip) opens in the wizard. See `ppkg-wizard --help`.",
            names.join(", ")
        ),
    };
    Some(exit::Failure::usage(msg))
}

/// Levenshtein distance with adjacent swaps counted as one edit (`biuld` → `build`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swaps_and_typos_are_near() {
        assert_eq!(edit_distance("biuld", "build"), 1);
        assert_eq!(edit_distance("chek", "check"), 1);
        assert!(edit_distance("frobnicate", "build") > 3);
    }
}
