//! "Check the tenant": the `preflight` checks from the Accounts page. A device-code
//! sign-in (shown as the bulk token's is), then each check read on a worker, then the
//! report — ✔ / ✘ / ? with its sentence and, for ✘, the fix — to scroll through.
//!
//! The dialog runs its own job; closing it (Esc, Ctrl+Q) drops the job, which cancels
//! the sign-in or the remaining checks. No token is kept or shown: the worker holds the
//! Graph token and drops it with the run.

use super::device_code;
use super::scroll::Scroll;
use super::{Hint, Outcome, Popup, SignIn};
use crate::preflight::{CheckId, CheckResult, Report, Status, check_ids};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{body_and_foot, centered, frame_box};
use crate::tui::widgets::form::wrap;
use crate::tui::worker::{PreflightAsk, PreflightEvent, Services, Task};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph};
use std::sync::Arc;

const TITLE: &str = "Check the tenant";

/// What the worker reports.
enum Msg {
    Event(PreflightEvent),
    Done(Result<Report, String>),
}

/// The checks as they run, then their report.
pub struct Preflight {
    sign_in: SignIn,
    /// Every check this run makes, in order (for "3 of 7").
    planned: Vec<CheckId>,
    current: Option<CheckId>,
    results: Vec<CheckResult>,
    outcome: Option<Result<Report, String>>,
    task: Option<Task<Msg>>,
    /// The report's position.
    scroll: Scroll,
}

impl Preflight {
    /// Starts the sign-in and the checks on a worker.
    pub fn start(services: Arc<dyn Services>, ask: PreflightAsk) -> Self {
        let planned = check_ids(ask.project.is_some());
        let sign_in = SignIn::new(ask.tenant.clone());
        let task = Task::spawn(move |tx, cancel| {
            let etx = tx.clone();
            let r = services.preflight(ask, &cancel, &mut |e| {
                let _ = etx.send(Msg::Event(e));
            });
            let _ = tx.send(Msg::Done(r));
        });
        Self {
            sign_in,
            planned,
            current: None,
            results: Vec::new(),
            outcome: None,
            task: Some(task),
            scroll: Scroll::default(),
        }
    }

    /// True until the report (or the reason there is none) arrived.
    pub fn running(&self) -> bool {
        self.outcome.is_none()
    }

    fn event(&mut self, e: PreflightEvent) {
        match e {
            PreflightEvent::SignIn(t) => self.sign_in.event(t),
            PreflightEvent::Checking(id) => self.current = Some(id),
            PreflightEvent::Checked(c) => {
                self.current = None;
                self.results.push(c);
            }
        }
    }

    /// The report as lines `width` wide: each check, its fix indented below a ✘.
    fn report_lines(&self, checks: &[CheckResult], width: usize, t: &Theme) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        for c in checks {
            let style = status_style(c.status, t);
            let text = format!("{}: {}", c.id.title(), crate::printable::escape(&c.message));
            for (i, l) in wrap(&text, width.saturating_sub(2)).into_iter().enumerate() {
                let mark = if i == 0 { c.status.symbol() } else { " " };
                out.push(Line::from(vec![
                    Span::styled(format!("{mark} "), style),
                    Span::raw(l),
                ]));
            }
            if let Some(fix) = &c.fix {
                let fix = format!("Fix: {}", crate::printable::escape(fix));
                for l in wrap(&fix, width.saturating_sub(4)) {
                    out.push(Line::styled(format!("    {l}"), t.warning()));
                }
            }
        }
        out
    }
}

fn status_style(s: Status, t: &Theme) -> Style {
    match s {
        Status::Pass => t.ok(),
        Status::Fail => t.error(),
        Status::Unknown => t.warning(),
    }
}

/// "2 passed, 1 failed, 4 could not be checked."
fn tally(checks: &[CheckResult]) -> String {
    let n = |s: Status| checks.iter().filter(|c| c.status == s).count();
    format!(
        "{} passed, {} failed, {} could not be checked.",
        n(Status::Pass),
        n(Status::Fail),
        n(Status::Unknown)
    )
}

impl Popup for Preflight {
    fn title(&self) -> String {
        TITLE.into()
    }

    fn key(&mut self, key: KeyEvent) -> Outcome {
        if self.running() {
            // Closing drops the job, which cancels it.
            return match key.code {
                KeyCode::Esc => Outcome::Close,
                _ => Outcome::Keep,
            };
        }
        match key.code {
            KeyCode::Esc | KeyCode::Enter => Outcome::Close,
            code => {
                self.scroll.key(code);
                Outcome::Keep
            }
        }
    }

    fn tick(&mut self) -> bool {
        let Some(task) = &self.task else {
            return false;
        };
        let msgs = task.drain();
        let any = !msgs.is_empty();
        for m in msgs {
            match m {
                Msg::Event(e) => self.event(e),
                Msg::Done(r) => {
                    self.outcome = Some(r);
                    self.task = None;
                }
            }
        }
        any
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        // The sign-in needs the bulk token dialog's room; the report all there is.
        let signing_in = self.running() && self.results.is_empty() && self.current.is_none();
        let h = if signing_in {
            16
        } else {
            area.height.saturating_sub(2).max(8)
        };
        let title = format!("{TITLE}: {}", self.sign_in.tenant);
        let inner = frame_box(frame, centered(area, 76, h), &title, t);
        let (body, foot) = body_and_foot(inner);
        let width = body.width as usize;
        let mut hint = String::from("Esc cancels (nothing in the tenant is changed)");
        match &self.outcome {
            None if self.results.is_empty() && self.current.is_none() => {
                let mut lines = vec![
                    Line::raw("Reads the tenant's settings with read-only permissions."),
                    Line::raw(""),
                ];
                lines.extend(device_code::lines(
                    &self.sign_in,
                    &format!("an administrator of {}", self.sign_in.tenant),
                    width,
                    t,
                ));
                frame.render_widget(Paragraph::new(lines), body);
            }
            None => {
                let done = self.results.len();
                let total = self.planned.len().max(done);
                let now = self
                    .current
                    .map(|c| format!(": {}", c.title()))
                    .unwrap_or_default();
                let mut lines = Vec::new();
                if let Some(s) = &self.sign_in.status {
                    lines.extend(wrap(s, width).into_iter().map(Line::raw));
                }
                lines.push(Line::raw(format!(
                    "Check {} of {total}{now}",
                    (done + 1).min(total)
                )));
                let top = lines.len() as u16;
                frame.render_widget(Paragraph::new(lines), body);
                frame.render_widget(
                    Gauge::default()
                        .ratio(if total == 0 {
                            0.0
                        } else {
                            done as f64 / total as f64
                        })
                        .label(format!("{done} of {total}"))
                        .gauge_style(t.focus()),
                    Rect::new(body.x, body.y + top, body.width, 1),
                );
                let rest = Rect::new(
                    body.x,
                    body.y + top + 2,
                    body.width,
                    body.height.saturating_sub(top + 2),
                );
                let lines = self.report_lines(&self.results, width, t);
                let skip = lines.len().saturating_sub(rest.height as usize);
                frame.render_widget(Paragraph::new(lines[skip..].to_vec()), rest);
            }
            Some(Err(e)) => {
                let mut lines = vec![Line::raw("The checks could not run:"), Line::raw("")];
                for l in wrap(&crate::printable::escape(e), width) {
                    lines.push(Line::styled(l, t.error()));
                }
                frame.render_widget(Paragraph::new(lines), body);
                hint = "Enter or Esc closes".into();
            }
            Some(Ok(report)) => {
                let who = report
                    .signed_in_as
                    .as_deref()
                    .map(|u| format!(" as {}", crate::printable::escape(u)))
                    .unwrap_or_default();
                let mut head: Vec<Line> = wrap(&format!("Checked{who}."), width)
                    .into_iter()
                    .map(|l| Line::styled(l, t.dim()))
                    .collect();
                let worst = if report.checks.iter().any(|c| c.status == Status::Fail) {
                    t.error()
                } else if report.checks.iter().any(|c| c.status == Status::Unknown) {
                    t.warning()
                } else {
                    t.ok()
                };
                head.push(Line::styled(tally(&report.checks), worst));
                head.push(Line::raw(""));
                let top = head.len() as u16;
                frame.render_widget(Paragraph::new(head), body);
                let view = Rect::new(
                    body.x,
                    body.y + top,
                    body.width,
                    body.height.saturating_sub(top),
                );
                let more =
                    self.scroll
                        .draw(frame, view, self.report_lines(&report.checks, width, t));
                hint = if more.is_empty() {
                    "Enter or Esc closes".into()
                } else {
                    format!("{more} · Enter or Esc closes")
                };
            }
        }
        frame.render_widget(Paragraph::new(Span::styled(hint, t.dim())), foot);
    }

    fn hints(&self) -> Vec<Hint> {
        match &self.outcome {
            None => vec![("Esc", "cancel")],
            Some(Err(_)) => vec![("Enter/Esc", "close")],
            Some(Ok(_)) => vec![("↑↓/PgUp/PgDn", "scroll"), ("Enter/Esc", "close")],
        }
    }
}
