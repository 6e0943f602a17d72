//! What a device-code sign-in shows while it runs, for the bulk token and pre-flight:
//! the address, the code, who must sign in, the countdown, then what happens next.

use super::SignIn;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::wrap;
use ratatui::text::Line;

/// The sign-in's lines for a box `width` wide; `who` says which account must sign in.
pub fn lines(v: &SignIn, who: &str, width: usize, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    match &v.code {
        None => lines.push(Line::raw(format!("Contacting Entra ID for {}…", v.tenant))),
        Some((code, url)) => {
            lines.push(Line::raw(
                "1. On any device with a browser (a phone works), open:",
            ));
            lines.push(Line::styled(format!("     {url}"), t.title()));
            lines.push(Line::raw("2. Enter this code:"));
            lines.push(Line::styled(format!("     {code}"), t.title()));
            for l in wrap(&format!("3. Sign in as {who}."), width) {
                lines.push(Line::raw(l));
            }
            if let Some(s) = v.seconds_left {
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    format!("The code works for {}:{:02} more.", s / 60, s % 60),
                    t.dim(),
                ));
            }
        }
    }
    if let Some(s) = &v.status {
        lines.push(Line::raw(""));
        for l in wrap(s, width) {
            lines.push(Line::raw(l));
        }
    }
    if let Some(e) = &v.error {
        lines.push(Line::raw(""));
        for l in wrap(&format!("! {e}"), width) {
            lines.push(Line::styled(l, t.error()));
        }
    }
    lines
}
