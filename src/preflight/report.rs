//! The report as text for people (one line per check, the fix indented below a ✘) and as
//! JSON for scripts. Every string in a [`Report`] is already escaped.

use std::io::{self, Write};

use super::{Report, Status};

/// One line per check: symbol, title, sentence; for ✘ a "Fix:" line; then a summary.
pub fn render_text(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for c in &report.checks {
        writeln!(out, "{} {}: {}", c.status.symbol(), c.id.title(), c.message)?;
        if let Some(fix) = &c.fix {
            writeln!(out, "    Fix: {fix}")?;
        }
    }
    let count = |s: Status| report.checks.iter().filter(|c| c.status == s).count();
    writeln!(
        out,
        "{} passed, {} failed, {} could not be checked.",
        count(Status::Pass),
        count(Status::Fail),
        count(Status::Unknown)
    )?;
    out.flush()
}

/// `{"signed_in_as", "tenant_id", "exit_code", "checks": [{"id", "status", "message",
/// "fix"?, "unknown"?}]}` on one line.
pub fn render_json(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut v = serde_json::to_value(report).map_err(io::Error::other)?;
    v["exit_code"] = report.exit_code().into();
    serde_json::to_writer(&mut *out, &v).map_err(io::Error::other)?;
    writeln!(out)?;
    out.flush()
}
