//! The wizard's link to the shared package builder and the token module. Nothing here
//! builds a package itself: the TUI contains no package logic.

use super::worker::{
    BuildRequest, Built, CancelFlag, Progress, TokenEvent, TokenRequest, TokenResult,
};

/// Builds with the sequence the command line runs, [`crate::pipeline`]: the project's
/// settings (secrets resolved by the caller), its files under their project-relative
/// names, and the package password as the encryption hook. Esc reaches the builder
/// through the cancel flag, which it reads while streaming every file.
pub fn build(
    req: BuildRequest,
    cancel: &CancelFlag,
    progress: &mut dyn FnMut(Progress),
) -> Result<Built, String> {
    use crate::package::Stage;
    use crate::pipeline::{ProjectBuild, ProjectBuildError, build_project_cancellable};
    let mut project = req.project;
    let encrypted = project.protect.is_some();
    let how = ProjectBuild {
        out_dir: req.out_dir,
        replace: req.overwrite,
        password: None,
        wcd_version: None,
        fixed_time: None,
    };
    // Every secret already has a value: the wizard asked before starting the worker.
    let out = build_project_cancellable(
        &mut project,
        &how,
        Some(cancel.shared()),
        &mut |_| None,
        &mut |pr| {
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
        },
    )
    .map_err(|e| match e {
        ProjectBuildError::Secrets(list) => list
            .iter()
            .map(|e| sentence(&e.to_string()))
            .collect::<Vec<_>>()
            .join("\n"),
        ProjectBuildError::Invalid(list) => list
            .iter()
            .map(|p| sentence(&p.message))
            .collect::<Vec<_>>()
            .join("\n"),
        other => sentence(&other.to_string()),
    })?;
    Ok(Built {
        package: out.ppkg,
        catalog: Some(out.cat),
        encrypted,
        notices: out.notices,
    })
}

/// Ends a message with a full stop. Its case is kept: it may start with a path.
fn sentence(s: &str) -> String {
    let mut out = s.to_owned();
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
    // `SignedIn` and `CreatingToken` arrive together: say both in one status, or the
    // second would replace the first before it could be read.
    let mut signed_in = String::new();
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
        Event::SignedIn { upn, .. } => {
            signed_in = format!("Signed in as {upn}. ");
            events(TokenEvent::Status(format!(
                "{signed_in}Creating the bulk token…"
            )))
        }
        Event::CreatingToken { package_name } => events(TokenEvent::Status(format!(
            "{signed_in}Creating the package account {package_name}…"
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
