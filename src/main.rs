//! The `ppkg-wizard` command: the wizard when run alone, scriptable subcommands otherwise.
//! It parses arguments and prints; all package logic lives in the library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
