//! The wizard's link to the shared package builder and the token module. Nothing here
//! builds a package itself: the TUI contains no package logic.

use super::worker::{
    BuildRequest, Built, CancelFlag, Progress, TokenEvent, TokenRequest, TokenResult,
};
use crate::fsutil::Overwrite;
use crate::project::SecretMode;
use std::path::PathBuf;

/// Builds with the one shared builder, [`crate::package::build`]: the project's settings
/// (secrets resolved by the caller), its files, and the package password as the encryption
/// hook. The builder cannot stop half-way; a cancel is honoured before it starts and
/// before encrypting.
pub fn build(
    req: BuildRequest,
    cancel: &CancelFlag,
    progress: &mut dyn FnMut(Progress),
) -> Result<Built, String> {
    use crate::package::{BuildOptions, Stage};
    let cancelled = || "Cancelled; no package was written.".to_string();
    if cancel.is_cancelled() {
        return Err(cancelled());
    }
    let p = &req.project;
    let doc = p
        .to_customizations(SecretMode::Values)
        .map_err(|e| sentence(&e.to_string()))?;
    let mut opts = BuildOptions::new(&req.out_dir);
    opts.overwrite = if req.overwrite {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    let encrypted = p.protect.is_some();
    if let Some(prot) = &p.protect {
        let value = prot
            .password
            .value()
            .ok_or("The package password has no value.")?
            .clone();
        let pw = crate::protect::PackagePassword::new_wcd(value)
            .map_err(|e| sentence(&e.to_string()))?;
        let c = cancel.clone();
        opts.encrypt = Some(Box::new(move |mut src, _len, mut dst| {
            if c.is_cancelled() {
                return Err("Cancelled; no package was written.".into());
            }
            crate::protect::encrypt(&mut src, &mut dst, &pw, None)
                .map(|_| ())
                .map_err(|e| e.to_string())
        }));
    }
    let resolve = |s: &str| {
        let path = PathBuf::from(s);
        path.is_file().then_some(path)
    };
    let out = crate::package::build(&doc, &resolve, &opts, &mut |pr| {
        let fraction = if pr.bytes_total > 0 {
            pr.bytes_done as f64 / pr.bytes_total as f64
        } else {
            0.0
        };
        let (fraction, message) = match pr.stage {
            Stage::Compiled => (0.05, "Settings compiled".to_string()),
            Stage::Packing => (
                0.05 + 0.8 * fraction,
                format!("Packing files ({} of {})", pr.files_done, pr.files_total),
            ),
            Stage::Encrypting => (0.9, "Encrypting with the package password".into()),
            Stage::Cataloging => (0.95, "Writing the catalog".into()),
            _ => (1.0, "Done".into()),
        };
        progress(Progress { fraction, message });
    })
    .map_err(|e| sentence(&e.to_string()))?;
    Ok(Built {
        package: out.ppkg,
        catalog: Some(out.cat),
        encrypted,
    })
}

fn sentence(s: &str) -> String {
    let mut c = s.chars();
    let mut out: String = match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
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
