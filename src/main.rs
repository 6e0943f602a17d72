//! Placeholder CLI: only `token` is wired (so its tests can run the real binary).
//! The lead replaces this file with the full clap CLI.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ppkg_wizard::token::Cancel;
use ppkg_wizard::token::cli::{NoProjectSupport, TokenArgs};

#[derive(Parser)]
#[command(name = "ppkg-wizard", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Get an Entra ID bulk token (device-code sign-in) for "Enroll in Azure AD".
    Token(TokenArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Token(args)) => {
            let cancel = match Cancel::on_ctrl_c() {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("Could not watch for Ctrl+C ({e}); try again.");
                    return ExitCode::from(3);
                }
            };
            let mut out = std::io::stdout();
            let mut err = std::io::stderr();
            match ppkg_wizard::token::cli::run(
                &args,
                &NoProjectSupport,
                &cancel,
                &mut out,
                &mut err,
            ) {
                Ok(_) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(e.exit_code() as u8)
                }
            }
        }
        None => {
            println!("ppkg-wizard: under construction");
            ExitCode::SUCCESS
        }
    }
}
