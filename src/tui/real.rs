//! The wizard's link to the shared package builder and the token module. Nothing here
//! builds a package itself: the TUI contains no package logic.

use super::worker::{
    BuildRequest, Built, CancelFlag, Progress, TokenEvent, TokenRequest, TokenResult,
};

/// Builds with `crate::package::build` (not merged into this branch yet).
pub fn build(
    _req: BuildRequest,
    _cancel: &CancelFlag,
    _progress: &mut dyn FnMut(Progress),
) -> Result<Built, String> {
    Err(
        "This version of ppkg-wizard does not include the package builder yet; \
         save the project and build it with a newer version."
            .into(),
    )
}

/// Gets a bulk token with `crate::token` (not merged into this branch yet).
pub fn bulk_token(
    _req: TokenRequest,
    _cancel: &CancelFlag,
    _events: &mut dyn FnMut(TokenEvent),
) -> Result<TokenResult, String> {
    Err(
        "This version of ppkg-wizard cannot get bulk tokens yet; use \
         `ppkg-wizard token` from a newer version."
            .into(),
    )
}
