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

/// Gets a bulk token with the shared token module (device-code sign-in, then
/// `bulkaadjtoken`), translating its events for the sign-in dialog.
pub fn bulk_token(
    req: TokenRequest,
    cancel: &CancelFlag,
    events: &mut dyn FnMut(TokenEvent),
) -> Result<TokenResult, String> {
    use crate::token::{Cancel, Event, TokenRequest as Ask, get_bulk_token};
    let mut ask = Ask::new(req.tenant);
    ask.expires = req.expires;
    let handle = Cancel::new();
    let h = handle.clone();
    cancel.on_cancel(Box::new(move || h.cancel()));
    let token = get_bulk_token(&ask, &handle, &mut |e| match e {
        Event::ShowCode {
            user_code,
            verification_uri,
            expires_at,
            ..
        } => events(TokenEvent::ShowCode {
            user_code,
            verification_uri,
            seconds_left: expires_at
                .saturating_duration_since(std::time::Instant::now())
                .as_secs(),
        }),
        Event::Waiting { seconds_left } => events(TokenEvent::Waiting { seconds_left }),
        Event::SignedIn { upn, .. } => events(TokenEvent::Status(format!(
            "Signed in as {upn}. Creating the bulk token…"
        ))),
        Event::CreatingToken { package_name } => events(TokenEvent::Status(format!(
            "Creating the package account {package_name}…"
        ))),
        _ => {}
    })
    .map_err(|e| e.to_string())?;
    Ok(TokenResult {
        token: token.token,
        expires: token.expires,
        package_account: token.package_account,
    })
}
