use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Temporary (tui branch): the wizard when run without a subcommand, until the lead's
    // clap CLI calls `ppkg_wizard::tui::run`.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = match args.as_slice() {
        [] => None,
        [p] if !p.starts_with('-') => Some(PathBuf::from(p)),
        _ => {
            eprintln!("usage: ppkg-wizard [PROJECT.json]");
            return ExitCode::from(2);
        }
    };
    match ppkg_wizard::tui::run(path.as_deref()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e:#}");
            ExitCode::from(3)
        }
    }
}
