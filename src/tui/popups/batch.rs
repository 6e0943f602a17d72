//! "Create one package per row of a CSV…": the rows file's preview (each row's key, the
//! columns it sets and the device name it gives, the rows with problems by line and
//! column), then the batch build with one overall progress, then what was written.
//!
//! Nothing is written while a row has a problem unless the user chooses to build the good
//! rows (the command line's `--keep-going`). The dialog runs its own job; Esc while it
//! builds stops it, and packages being built are not written.

use super::scroll::Scroll;
use super::{Hint, Outcome, Popup};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{body_and_foot, centered, frame_box};
use crate::tui::widgets::form::wrap;
use crate::tui::worker::{BatchDone, BatchPreview, BatchProgress, BatchRequest, Services, Task};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph};
use std::sync::Arc;

const TITLE: &str = "One package per row";
const LINE_W: usize = 5;
const KEY_W: usize = 14;
const NAME_W: usize = 16;

enum Msg {
    Checked(Result<BatchPreview, String>),
    Progress(BatchProgress),
    Done(Result<BatchDone, String>),
}

enum Phase {
    /// Every row is being read and checked.
    Checking(Task<Msg>),
    /// The file cannot be used at all (unreadable, a bad header): why.
    Unusable(String),
    Preview,
    Building {
        progress: BatchProgress,
        task: Task<Msg>,
        stopping: bool,
    },
    Done(Result<BatchDone, String>),
}

/// The preview, the running batch, or its result.
pub struct BatchDialog {
    preview: BatchPreview,
    /// What Create builds; taken when the build starts.
    request: Option<BatchRequest>,
    services: Arc<dyn Services>,
    /// The build button is selected (else Cancel).
    go_selected: bool,
    phase: Phase,
    scroll: Scroll,
}

impl BatchDialog {
    /// Checks every row of `request.rows` on a worker, then shows the preview; Create
    /// builds `request` (its `keep_going` is set by the user's choice).
    pub fn open(request: BatchRequest, services: Arc<dyn Services>) -> Self {
        Self {
            preview: BatchPreview {
                rows_file: request.rows.clone(),
                out_dir: request.out_dir.clone(),
                ..Default::default()
            },
            phase: Phase::Checking(spawn_check(&request)),
            request: Some(request),
            services,
            go_selected: false,
            scroll: Scroll::default(),
        }
    }

    /// Checks every row of `request` again (it changed); the preview follows.
    fn check(&mut self, request: BatchRequest) {
        self.phase = Phase::Checking(spawn_check(&request));
        self.request = Some(request);
        self.scroll.reset();
    }

    fn checked(&mut self, r: Result<BatchPreview, String>) {
        match r {
            Err(e) => self.phase = Phase::Unusable(e),
            Ok(preview) => {
                // Building every row is the expected answer; with bad rows the safe one
                // is Cancel.
                self.go_selected = preview.bad == 0 && preview.good > 0;
                self.preview = preview;
                self.phase = Phase::Preview;
            }
        }
    }

    fn total_rows(&self) -> u64 {
        self.preview.good + self.preview.bad
    }

    /// The label of the build button, or `None` when no row can be built.
    fn go_label(&self) -> Option<String> {
        let p = &self.preview;
        match (p.good, p.bad) {
            (0, _) => None,
            (1, 0) => Some("Create 1 package".into()),
            (n, 0) => Some(format!("Create {n} packages")),
            (1, _) => Some("Build the good row".into()),
            (n, _) => Some(format!("Build the {n} good rows")),
        }
    }

    fn start(&mut self) {
        let Some(mut req) = self.request.take() else {
            return;
        };
        req.keep_going = self.preview.bad > 0;
        let services = self.services.clone();
        let task = Task::spawn(move |tx, cancel| {
            let ptx = tx.clone();
            let r = services.build_batch(req, &cancel, &move |p| {
                let _ = ptx.send(Msg::Progress(p));
            });
            let _ = tx.send(Msg::Done(r));
        });
        self.scroll.reset();
        self.phase = Phase::Building {
            progress: BatchProgress {
                done: 0,
                total: self.preview.good,
                failed: 0,
            },
            task,
            stopping: false,
        };
    }

    /// The preview's table and its problems, `width` wide.
    fn preview_lines(&self, width: usize, t: &Theme) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        // Problems first: they decide what Create may do.
        if !self.preview.problems.is_empty() {
            out.push(Line::styled(
                format!("Problems ({}):", self.preview.problem_count),
                t.error(),
            ));
            for p in &self.preview.problems {
                for (i, l) in wrap(p, width.saturating_sub(2)).into_iter().enumerate() {
                    let mark = if i == 0 { "! " } else { "  " };
                    out.push(Line::styled(format!("{mark}{l}"), t.error()));
                }
            }
            let hidden = self.preview.problem_count - self.preview.problems.len() as u64;
            if hidden > 0 {
                out.push(Line::styled(
                    format!("… and {hidden} more problems"),
                    t.error(),
                ));
            }
            out.push(Line::raw(""));
        }
        let sets_w = width.saturating_sub(2 + LINE_W + KEY_W + NAME_W + 3).max(8);
        out.push(Line::styled(
            format!(
                "  {:<LINE_W$}{:<KEY_W$} {:<NAME_W$} {}",
                "Line",
                cut("Key", KEY_W),
                "Device name e.g.",
                "Sets"
            ),
            t.title(),
        ));
        for r in &self.preview.rows {
            let sets: Vec<String> = if r.sets.is_empty() {
                vec!["(only the key)".to_string()]
            } else {
                r.sets.iter().flat_map(|s| wrap(s, sets_w)).collect()
            };
            let style = if r.bad { t.error() } else { t.base() };
            let name = r.device_name.clone().unwrap_or_else(|| "—".into());
            for (i, s) in sets.into_iter().enumerate() {
                let text = if i == 0 {
                    format!(
                        "{} {:<LINE_W$}{:<KEY_W$} {:<NAME_W$} {s}",
                        if r.bad { "!" } else { " " },
                        r.line,
                        cut(&r.key, KEY_W - 1),
                        cut(&name, NAME_W),
                    )
                } else {
                    format!("{:w$}{s}", "", w = 2 + LINE_W + KEY_W + 1 + NAME_W + 1)
                };
                out.push(Line::styled(text, style));
            }
        }
        if self.preview.more_rows > 0 {
            out.push(Line::styled(
                format!("  … and {} more rows", self.preview.more_rows),
                t.dim(),
            ));
        }
        if self
            .preview
            .rows
            .iter()
            .any(|r| r.sets.iter().any(|s| s.ends_with("=…")))
        {
            let note = "=… : a row that cannot be read does not show its values (one may \
                        be a password typed in clear).";
            for l in wrap(note, width) {
                out.push(Line::styled(l, t.dim()));
            }
        }
        out
    }

    fn done_lines(&self, d: &BatchDone, width: usize, t: &Theme) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        let para = |out: &mut Vec<Line<'static>>, text: &str, style| {
            for l in wrap(text, width) {
                out.push(Line::styled(l, style));
            }
        };
        let dir = crate::printable::escape(&d.out_dir.display().to_string()).into_owned();
        let built = d.built.len();
        let style = if built as u64 == self.total_rows() {
            t.ok()
        } else {
            t.warning()
        };
        para(
            &mut out,
            &format!(
                "Built {built} of {} packages into {dir}.",
                self.total_rows()
            ),
            style,
        );
        if d.cancelled {
            para(
                &mut out,
                "Stopped: the packages being built when you pressed Esc were not written.",
                t.warning(),
            );
        }
        if d.not_started > 0 {
            para(
                &mut out,
                &format!("{} good rows were not built.", d.not_started),
                t.warning(),
            );
        }
        if built == 0 && d.bad_count > 0 {
            para(
                &mut out,
                "Nothing was written: rows have problems (listed below).",
                t.error(),
            );
        }
        if !d.bad_rows.is_empty() {
            out.push(Line::raw(""));
            para(
                &mut out,
                &format!("Not built, rows with problems ({}):", d.bad_count),
                t.error(),
            );
            for p in &d.bad_rows {
                para(&mut out, &format!("! {p}"), t.error());
            }
        }
        if !d.failed.is_empty() {
            out.push(Line::raw(""));
            para(
                &mut out,
                &format!("Failed while building ({}):", d.failed.len()),
                t.error(),
            );
            for f in &d.failed {
                para(&mut out, &format!("! {f}"), t.error());
            }
        }
        if built > 0 {
            out.push(Line::raw(""));
            para(
                &mut out,
                "Packages written (each with its .cat):",
                t.title(),
            );
            let mut names: Vec<String> = d
                .built
                .iter()
                .map(|p| {
                    p.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default()
                })
                .collect();
            names.sort();
            for n in names {
                for l in wrap(&crate::printable::escape(&n), width.saturating_sub(2)) {
                    out.push(Line::raw(format!("  {l}")));
                }
            }
        }
        out
    }
}

/// Reads and checks every row of `request` on a worker, as its build will.
fn spawn_check(request: &BatchRequest) -> Task<Msg> {
    let probe = request.clone();
    Task::spawn(move |tx, _| {
        let _ = tx.send(Msg::Checked(crate::tui::real::batch_preview(&probe)));
    })
}

/// "1 row", "3 rows".
fn rows(n: u64) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{n} rows")
    }
}

/// `s` cut to `n` characters, ending in "…" when cut.
fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(n.saturating_sub(1)).collect();
    out.push('…');
    out
}

impl Popup for BatchDialog {
    fn title(&self) -> String {
        TITLE.into()
    }

    fn key(&mut self, key: KeyEvent) -> Outcome {
        match &mut self.phase {
            // Closing drops the check's worker; it writes nothing.
            Phase::Checking(_) => match key.code {
                KeyCode::Esc => Outcome::Close,
                _ => Outcome::Keep,
            },
            Phase::Unusable(_) => match key.code {
                KeyCode::Esc | KeyCode::Enter => Outcome::Close,
                _ => Outcome::Keep,
            },
            Phase::Building { task, stopping, .. } => {
                if key.code == KeyCode::Esc {
                    *stopping = true;
                    task.cancel.cancel();
                }
                Outcome::Keep
            }
            Phase::Done(_) => match key.code {
                KeyCode::Esc | KeyCode::Enter => Outcome::Close,
                code => {
                    self.scroll.key(code);
                    Outcome::Keep
                }
            },
            Phase::Preview => {
                let can_go = self.go_label().is_some();
                match key.code {
                    KeyCode::Esc | KeyCode::Char('n' | 'N') => return Outcome::Close,
                    KeyCode::Tab | KeyCode::BackTab | KeyCode::Left | KeyCode::Right => {
                        self.go_selected = can_go && !self.go_selected;
                    }
                    KeyCode::Enter if self.go_selected => self.start(),
                    KeyCode::Enter => return Outcome::Close,
                    KeyCode::Char('c' | 'C') if can_go && self.preview.bad == 0 => self.start(),
                    KeyCode::Char('g' | 'G') if can_go && self.preview.bad > 0 => self.start(),
                    // Packages already there are replaced only when asked, and the rows
                    // are checked again as that build will be.
                    KeyCode::Char('r' | 'R') if self.preview.existing > 0 => {
                        if let Some(mut req) = self.request.take() {
                            req.replace = true;
                            self.check(req);
                        }
                    }
                    code => {
                        self.scroll.key(code);
                    }
                }
                Outcome::Keep
            }
        }
    }

    fn tick(&mut self) -> bool {
        if let Phase::Checking(task) = &self.phase {
            let checked = task.drain().into_iter().find_map(|m| match m {
                Msg::Checked(r) => Some(r),
                _ => None,
            });
            return match checked {
                Some(r) => {
                    self.checked(r);
                    true
                }
                None => false,
            };
        }
        let Phase::Building { progress, task, .. } = &mut self.phase else {
            return false;
        };
        let mut finished = None;
        let msgs = task.drain();
        let any = !msgs.is_empty();
        for m in msgs {
            match m {
                Msg::Progress(p) => *progress = p,
                Msg::Done(r) => finished = Some(r),
                Msg::Checked(_) => {}
            }
        }
        if let Some(r) = finished {
            self.scroll.reset();
            self.phase = Phase::Done(r);
        }
        any
    }

    fn draw(&self, frame: &mut Frame, area: Rect, t: &Theme) {
        // The table and the result use the whole screen; progress needs a few lines.
        let (w, h) = match self.phase {
            Phase::Checking(_) | Phase::Building { .. } => (70, 9),
            Phase::Unusable(_) => (70, 14),
            _ => (78, area.height.saturating_sub(2).max(8)),
        };
        let inner = frame_box(frame, centered(area, w, h), TITLE, t);
        let (body, foot) = body_and_foot(inner);
        let width = body.width as usize;
        let p = &self.preview;
        let dir = crate::printable::escape(&p.out_dir.display().to_string()).into_owned();
        match &self.phase {
            Phase::Checking(_) => {
                let file =
                    crate::printable::escape(&p.rows_file.display().to_string()).into_owned();
                let lines: Vec<Line> = wrap(&format!("Checking every row of {file}…"), width)
                    .into_iter()
                    .map(Line::raw)
                    .collect();
                frame.render_widget(Paragraph::new(lines), body);
                frame.render_widget(
                    Paragraph::new(Span::styled("Esc cancels (nothing is written)", t.dim())),
                    foot,
                );
            }
            Phase::Unusable(e) => {
                let file =
                    crate::printable::escape(&p.rows_file.display().to_string()).into_owned();
                let mut lines: Vec<Line> = wrap(&format!("{file} cannot be used:"), width)
                    .into_iter()
                    .map(|l| Line::styled(l, t.error()))
                    .collect();
                for l in wrap(&crate::printable::escape(e), width) {
                    lines.push(Line::styled(l, t.error()));
                }
                frame.render_widget(Paragraph::new(lines), body);
                frame.render_widget(
                    Paragraph::new(Span::styled(
                        "Nothing was written. Enter or Esc closes",
                        t.dim(),
                    )),
                    foot,
                );
            }
            Phase::Preview => {
                let file =
                    crate::printable::escape(&p.rows_file.display().to_string()).into_owned();
                let mut head: Vec<Line> = wrap(
                    &format!(
                        "{file}: {}, key column \"{}\".",
                        rows(self.total_rows()),
                        p.key_header
                    ),
                    width,
                )
                .into_iter()
                .map(|l| Line::styled(l, t.dim()))
                .collect();
                let (verdict, style) = if p.bad == 0 {
                    (
                        format!(
                            "Every row is ready: Create builds {} into {dir}.",
                            if p.good == 1 {
                                "1 package".to_string()
                            } else {
                                format!("{} packages", p.good)
                            }
                        ),
                        t.ok(),
                    )
                } else if p.good == 0 {
                    (
                        if p.bad == 1 {
                            "The row has problems; nothing can be built.".to_string()
                        } else {
                            format!("All {} rows have problems; nothing can be built.", p.bad)
                        },
                        t.error(),
                    )
                } else {
                    let good = if p.good == 1 {
                        "the good row".to_string()
                    } else {
                        format!("the {} good rows", p.good)
                    };
                    (
                        format!(
                            "{} of {} rows have problems. Nothing is written unless you \
                             choose to build {good} into {dir}.",
                            p.bad,
                            self.total_rows(),
                        ),
                        t.error(),
                    )
                };
                head.extend(
                    wrap(&verdict, width)
                        .into_iter()
                        .map(|l| Line::styled(l, style)),
                );
                if p.replace {
                    head.push(Line::styled(
                        "Packages already in the folder are replaced.",
                        t.warning(),
                    ));
                }
                let top = head.len() as u16;
                frame.render_widget(Paragraph::new(head), body);
                let view = Rect::new(
                    body.x,
                    body.y + top + 1,
                    body.width,
                    body.height.saturating_sub(top + 2),
                );
                let more = self.scroll.draw(frame, view, self.preview_lines(width, t));
                let button = |label: &str, sel: bool| {
                    Span::styled(
                        format!("{}[ {label} ]", if sel { ">" } else { " " }),
                        if sel { t.focus() } else { t.button() },
                    )
                };
                let mut spans = Vec::new();
                match self.go_label() {
                    Some(go) => {
                        spans.push(button(&go, self.go_selected));
                        spans.push(Span::raw(" "));
                        spans.push(button("Cancel", !self.go_selected));
                    }
                    None => spans.push(button("Close", true)),
                }
                if !more.is_empty() {
                    spans.push(Span::styled(format!("  {more}"), t.dim()));
                }
                frame.render_widget(Paragraph::new(Line::from(spans)), foot);
            }
            Phase::Building {
                progress, stopping, ..
            } => {
                let lines = vec![
                    Line::raw(format!("Building {} packages into {dir}…", progress.total)),
                    Line::raw(""),
                ];
                frame.render_widget(Paragraph::new(lines), body);
                let ratio = if progress.total == 0 {
                    0.0
                } else {
                    progress.done as f64 / progress.total as f64
                };
                frame.render_widget(
                    Gauge::default()
                        .ratio(ratio.clamp(0.0, 1.0))
                        .label(format!("{} of {}", progress.done, progress.total))
                        .gauge_style(t.focus()),
                    Rect::new(body.x, body.y + 2, body.width, 1),
                );
                if progress.failed > 0 {
                    frame.render_widget(
                        Paragraph::new(Line::styled(
                            format!("{} failed so far", progress.failed),
                            t.error(),
                        )),
                        Rect::new(body.x, body.y + 4, body.width, 1),
                    );
                }
                let hint = if *stopping {
                    "Stopping…"
                } else {
                    "Esc stops (packages being built are not written)"
                };
                frame.render_widget(Paragraph::new(Span::styled(hint, t.dim())), foot);
            }
            Phase::Done(Err(e)) => {
                let mut lines = vec![Line::styled("The batch could not run:", t.error())];
                for l in wrap(&crate::printable::escape(e), width) {
                    lines.push(Line::styled(l, t.error()));
                }
                frame.render_widget(Paragraph::new(lines), body);
                frame.render_widget(
                    Paragraph::new(Span::styled("Enter or Esc closes", t.dim())),
                    foot,
                );
            }
            Phase::Done(Ok(d)) => {
                let more = self.scroll.draw(frame, body, self.done_lines(d, width, t));
                let hint = if more.is_empty() {
                    "Enter or Esc closes".to_string()
                } else {
                    format!("{more} · Enter or Esc closes")
                };
                frame.render_widget(Paragraph::new(Span::styled(hint, t.dim())), foot);
            }
        }
    }

    fn hints(&self) -> Vec<Hint> {
        let mut keys = match &self.phase {
            Phase::Checking(_) => return vec![("Esc", "cancel")],
            Phase::Unusable(_) => return vec![("Enter/Esc", "close")],
            Phase::Building { .. } => return vec![("Esc", "stop")],
            Phase::Done(_) => {
                return vec![("↑↓/PgUp/PgDn", "scroll"), ("Enter/Esc", "close")];
            }
            Phase::Preview if self.go_label().is_none() => vec![],
            Phase::Preview if self.preview.bad == 0 => vec![("c", "create")],
            Phase::Preview => vec![("g", "build the good rows")],
        };
        if self.preview.existing > 0 {
            keys.push(("r", "replace existing"));
        }
        keys.push(("↑↓/PgUp/PgDn", "scroll"));
        keys.push(("Esc", "cancel"));
        keys
    }
}
