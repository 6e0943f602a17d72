//! `ppkg-wizard token`: the bulk token, fetched with device-code sign-in.

use super::exit::Failure;
use ppkg_wizard::project::ProjectTokenStore;
use ppkg_wizard::token::Cancel;
pub use ppkg_wizard::token::cli::TokenArgs;

pub fn run(args: &TokenArgs) -> Result<(), Failure> {
    let cancel = Cancel::on_ctrl_c()
        .map_err(|e| Failure::io(format!("cannot watch for Ctrl+C ({e}); try again")))?;
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    ppkg_wizard::token::cli::run(args, &ProjectTokenStore, &cancel, &mut out, &mut err)
        .map(|_| ())
        .map_err(|e| Failure {
            code: u8::try_from(e.exit_code()).unwrap_or(3),
            messages: vec![e.to_string()],
        })
}
