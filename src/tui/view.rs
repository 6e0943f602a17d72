//! Drawing the App: title bar, step list, the page, the key-hint bar, and any pop-up.

use super::app::{App, START_OPTIONS, Screen};
use super::modal::Modal;
use super::pages::Cx;
use super::save_flow::{self, SOURCES};
use super::slot::Slot;
use super::widgets::dialog::{centered, frame_box, text_box};
use super::widgets::form::{Widget, wrap};
use super::widgets::form_view;
use crate::project::{Page, Severity};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph, Wrap};

/// The smallest terminal the wizard draws in.
pub const MIN_W: u16 = 80;
pub const MIN_H: u16 = 24;
const STEPS_W: u16 = 18;

/// WCD's page titles.
pub fn page_heading(p: Page) -> &'static str {
    match p {
        Page::Project => "Project",
        Page::Device => "Set up device",
        Page::Network => "Set up network",
        Page::Accounts => "Account management",
        Page::Applications => "Add applications",
        Page::Certificates => "Add certificates",
        Page::Kiosk => "Configure kiosk account and app",
        Page::Advanced => "Advanced settings",
        Page::Protect => "Protect your package",
        Page::Summary => "Summary",
    }
}

fn page_number(p: Page) -> usize {
    Page::ALL.iter().position(|x| *x == p).unwrap_or(0) + 1
}

impl App {
    /// Draws the whole screen.
    pub fn render(&self, frame: &mut Frame) {
        let area = frame.area();
        let t = &self.theme;
        if area.width < MIN_W || area.height < MIN_H {
            let mut text = format!(
                "ppkg-wizard needs a terminal of at least {MIN_W} × {MIN_H} characters.\n\
                 This one is {} × {}.\n\nMake the window larger or the font smaller.\n",
                area.width, area.height
            );
            // Behind this screen only quitting acts; its question is answered here.
            let question = match &self.modal {
                Some(Modal::Popup(p)) => p.answers_when_too_small(),
                _ => None,
            };
            if let Some(q) = question {
                text.push('\n');
                text.push_str(q);
            } else if self.dirty {
                text.push_str("Ctrl+Q quits (asks first: there are unsaved changes).");
            } else {
                text.push_str("Ctrl+Q quits.");
            }
            let h = 8.min(area.height);
            let r = Rect::new(
                area.x,
                area.y + area.height.saturating_sub(h) / 2,
                area.width,
                h,
            );
            frame.render_widget(
                Paragraph::new(text)
                    .style(t.error())
                    .alignment(ratatui::layout::Alignment::Center)
                    .wrap(Wrap { trim: true }),
                r,
            );
            return;
        }
        let [top, body, bottom] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        self.render_title(frame, top);
        match &self.screen {
            Screen::Start { selected } => self.render_start(frame, body, *selected),
            Screen::Wizard => {
                let [steps, page] =
                    Layout::horizontal([Constraint::Length(STEPS_W), Constraint::Min(1)])
                        .areas(body);
                self.render_steps(frame, steps);
                self.render_page(frame, page);
            }
        }
        self.render_hints(frame, bottom);
        if let Some(m) = &self.modal {
            self.render_modal(frame, area, m);
        }
    }

    /// " ppkg-wizard · NAME (unsaved changes)   Step N of 8": a long name is shortened
    /// with "…" so the step and the unsaved mark always show.
    fn render_title(&self, frame: &mut Frame, area: Rect) {
        let t = &self.theme;
        let name = if self.project.name.trim().is_empty() {
            "new project".to_string()
        } else {
            self.project.name.clone()
        };
        let mut spans = vec![Span::styled(" ppkg-wizard ", t.title())];
        if self.screen == Screen::Wizard {
            let right = format!("Step {} of {} ", page_number(self.page), Page::ALL.len());
            let unsaved = " (unsaved changes)";
            let fixed = 13 + 2 + right.chars().count() + 1;
            let room = (area.width as usize)
                .saturating_sub(fixed + if self.dirty { unsaved.len() } else { 0 });
            spans.push(Span::raw(format!("· {}", ellipsize(&name, room))));
            if self.dirty {
                spans.push(Span::styled(unsaved, t.warning()));
            }
            let w = right.chars().count() as u16;
            frame.render_widget(Paragraph::new(Line::from(spans)), area);
            frame.render_widget(
                Paragraph::new(right).style(t.dim()),
                Rect::new(area.right().saturating_sub(w), area.y, w, 1),
            );
            return;
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
    }

    fn render_start(&self, frame: &mut Frame, area: Rect, selected: usize) {
        let t = &self.theme;
        let r = centered(area, 60, 12);
        let inner = frame_box(frame, r, "Welcome", t);
        let mut lines = vec![
            Line::raw("Build a Windows provisioning package (.ppkg) that sets up"),
            Line::raw("new PCs: name, Wi-Fi, accounts, apps and certificates."),
            Line::raw(""),
            Line::styled("What would you like to do?", t.title()),
        ];
        for (i, o) in START_OPTIONS.iter().enumerate() {
            let sel = i == selected;
            lines.push(Line::styled(
                format!("{}{o}", if sel { "> " } else { "  " }),
                if sel { t.focus() } else { t.base() },
            ));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled("n new · o open · i import", t.dim()));
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn render_steps(&self, frame: &mut Frame, area: Rect) {
        let t = &self.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .title(" Steps ")
            .title_style(t.title());
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut lines = Vec::new();
        for (i, p) in Page::ALL.iter().enumerate() {
            let mark = self.step_mark(*p).span(t);
            let cur = *p == self.page;
            let name = format!("{}{} {}", if cur { ">" } else { " " }, i + 1, p.title());
            lines.push(Line::from(vec![
                mark,
                Span::styled(name, if cur { t.focus() } else { t.base() }),
            ]));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled("✓ done", t.dim()));
        lines.push(Line::styled("! to fix", t.dim()));
        lines.push(Line::styled("? warnings only", t.dim()));
        lines.push(Line::styled("· not visited", t.dim()));
        lines.push(Line::styled("^G go to a step", t.dim()));
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn render_page(&self, frame: &mut Frame, area: Rect) {
        let t = &self.theme;
        let title = format!("{}. {}", page_number(self.page), page_heading(self.page));
        let block = Block::default()
            .borders(Borders::ALL)
            .title(format!(" {title} "))
            .title_style(t.title());
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let file = self.project_file();
        let cx = Cx {
            project: &self.project,
            problems: &self.problems,
            project_file: &file,
        };
        let view = self.pages.get(self.page);
        let rows = view.rows(&cx);
        let page = self.page;
        let problems_of = |slot: Slot| -> Vec<(Severity, String)> {
            let mut v: Vec<(Severity, String)> = self
                .problems
                .iter()
                .filter(|p| view.slot_of(p.field) == Some(slot))
                .map(|p| (p.severity, p.message.clone()))
                .collect();
            v.extend(
                self.local
                    .iter()
                    .filter(|l| l.page == page && l.slot == slot)
                    .map(|l| (l.severity, l.message.clone())),
            );
            v
        };
        let content = Rect::new(
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(1),
            inner.height,
        );
        form_view::render(frame, content, view.form(), &rows, &problems_of, t);
    }

    fn render_hints(&self, frame: &mut Frame, area: Rect) {
        let t = &self.theme;
        if let Some(s) = &self.status {
            frame.render_widget(Paragraph::new(Span::styled(format!(" {s}"), t.ok())), area);
            return;
        }
        let keys: Vec<(&str, &str)> = if let Some(m) = &self.modal {
            m.hints()
        } else if let Screen::Start { .. } = self.screen {
            vec![
                ("↑↓", "move"),
                ("Enter", "choose"),
                ("F1", "help"),
                ("Esc", "quit"),
            ]
        } else {
            let focus = self.focus();
            let mut k = match self.pages.get(self.page).form().widget(focus) {
                Some(Widget::Check(_)) => vec![("Space", "toggle")],
                Some(Widget::Choice(_)) => vec![("↑↓/Space", "choose")],
                Some(Widget::Button) => vec![("Enter", "press")],
                Some(Widget::List(_)) if focus == Slot::Problems => vec![("Enter", "go to")],
                Some(Widget::List(_)) => vec![("a", "add"), ("Enter", "edit"), ("d", "remove")],
                _ => vec![],
            };
            k.extend([
                ("Tab", "next"),
                ("PgDn/PgUp", "page"),
                ("^G", "go to"),
                ("F1", "help"),
                ("^S", "save"),
                ("Esc", "quit"),
            ]);
            k
        };
        let mut spans = vec![Span::raw(" ")];
        for (key, what) in keys {
            spans.push(Span::styled(key, t.key()));
            spans.push(Span::raw(format!(" {what}  ")));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)).style(t.hint_bar()), area);
    }

    fn render_modal(&self, frame: &mut Frame, area: Rect, m: &Modal) {
        let t = &self.theme;
        match m {
            Modal::Picker { picker, .. } => picker.render(frame, area, t),
            Modal::Popup(p) => p.draw(frame, area, t),
            Modal::Secret(d) => self.render_secret(frame, area, d),
            Modal::Token(v) => self.render_token(frame, area, v),
            Modal::Build(b) => {
                let r = centered(area, 64, 9);
                let inner = frame_box(frame, r, "Creating the package", t);
                let cancelling = self.job.as_ref().is_some_and(|j| j.cancelling);
                frame.render_widget(
                    Paragraph::new(b.progress.message.clone()),
                    Rect::new(inner.x, inner.y + 1, inner.width, 1),
                );
                frame.render_widget(
                    Gauge::default()
                        .ratio(b.progress.fraction.clamp(0.0, 1.0))
                        .gauge_style(t.focus()),
                    Rect::new(inner.x, inner.y + 3, inner.width, 1),
                );
                let hint = if cancelling {
                    "Cancelling…"
                } else {
                    "Esc cancels (nothing is written)"
                };
                frame.render_widget(
                    Paragraph::new(Span::styled(hint, t.dim())),
                    Rect::new(inner.x, inner.y + 5, inner.width, 1),
                );
            }
            Modal::Built(b) => {
                let mut text = format!("Your package is ready:\n{}\n", b.package.display());
                if let Some(c) = &b.catalog {
                    text.push_str(&format!("(with its catalog {})\n", c.display()));
                }
                text.push_str(
                    "\nTo apply it on a new PC: copy the .ppkg to the root of a USB drive, \
                     start the PC and, at the first setup screen, plug in the drive (or press \
                     the Windows key five times) and choose the package.\n\nOn a PC already set \
                     up: double-click the .ppkg, or Settings > Accounts > Access work or school \
                     > Add or remove a provisioning package.",
                );
                if b.encrypted {
                    text.push_str("\n\nWindows asks for the package password before installing.");
                }
                for n in &b.notices {
                    text.push_str(&format!("\n\nNote: {}.", crate::printable::escape(n)));
                }
                text_box(frame, area, "Package created", &text, "Enter closes", t);
            }
        }
    }

    fn render_secret(&self, frame: &mut Frame, area: Rect, d: &save_flow::SecretDialog) {
        let t = &self.theme;
        let r = centered(area, 76, 16);
        let inner = frame_box(
            frame,
            r,
            &format!("Where should the {} come from?", d.label()),
            t,
        );
        if d.confirm_clear {
            let text = format!(
                "Really save the {} in clear text in {}?\n\nAnyone who gets the project file \
                 (a colleague, a backup, a Git repository) can read it.\n\ny saves it in clear \
                 text · n chooses again",
                d.label(),
                self.project_file().display()
            );
            frame.render_widget(
                Paragraph::new(text)
                    .style(t.warning())
                    .wrap(Wrap { trim: true }),
                inner,
            );
            return;
        }
        let mut lines = if d.fetched() {
            vec![
                Line::raw("Entra ID issued it in this session; nobody can type it in again."),
                Line::raw("Keep it where the package build can read it:"),
                Line::raw(""),
            ]
        } else {
            vec![
                Line::raw("You typed it in this session. Project files are shared and kept,"),
                Line::raw("so by default they do not hold passwords. When the package is built:"),
                Line::raw(""),
            ]
        };
        let options = d.options();
        for &i in options {
            let sel = i == d.choice;
            lines.push(Line::styled(
                format!(
                    "{}({}) {}",
                    if sel { "> " } else { "  " },
                    if sel { "•" } else { " " },
                    SOURCES[i]
                ),
                if sel { t.focus() } else { t.base() },
            ));
        }
        frame.render_widget(Paragraph::new(lines), inner);
        for (input, which) in [(&d.env, save_flow::ENV), (&d.file, save_flow::FILE)] {
            let Some(pos) = options.iter().position(|o| *o == which) else {
                continue;
            };
            let row = 3 + pos as u16;
            let x = inner.x + SOURCES[which].chars().count() as u16 + 7;
            let mut input = input.clone();
            input.restyle(d.choice == which, t);
            input.render(
                frame,
                Rect::new(x, inner.y + row, inner.right().saturating_sub(x), 1),
            );
        }
        let note = match d.choice {
            save_flow::ENV => "Set this variable before building from the command line.",
            save_flow::FILE if d.fetched() => {
                "Written now beside the project, readable only by you. Recommended."
            }
            save_flow::FILE => "Written now beside the project, readable only by you.",
            save_flow::CLEAR => "Not recommended: anyone with the project file can read it.",
            _ => "The wizard asks for it when you create the package.",
        };
        let mut tail = vec![Line::styled(note.to_string(), t.dim())];
        if let Some(e) = &d.error {
            tail.push(Line::styled(format!("! {e}"), t.error()));
        }
        tail.push(Line::raw(""));
        tail.push(Line::styled(
            "↑↓ choose · type a new name · Enter confirm · Esc cancels the whole save",
            t.dim(),
        ));
        let y = inner.y + 9;
        frame.render_widget(
            Paragraph::new(tail).wrap(Wrap { trim: true }),
            Rect::new(inner.x, y, inner.width, inner.bottom().saturating_sub(y)),
        );
    }

    fn render_token(&self, frame: &mut Frame, area: Rect, v: &super::modal::TokenView) {
        let t = &self.theme;
        let r = centered(area, 70, 16);
        let inner = frame_box(frame, r, "Get a bulk token", t);
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
                lines.push(Line::raw(format!(
                    "3. Sign in as an administrator of {}.",
                    v.tenant
                )));
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
            // Wrapped: it names the package account, which must be readable in full.
            for l in wrap(s, inner.width as usize) {
                lines.push(Line::raw(l));
            }
        }
        if let Some(e) = &v.error {
            lines.push(Line::raw(""));
            for l in wrap(&format!("! {e}"), inner.width as usize) {
                lines.push(Line::styled(l, t.error()));
            }
        }
        frame.render_widget(Paragraph::new(lines), inner);
        let hint = if self.busy() {
            if self.job.as_ref().is_some_and(|j| j.cancelling) {
                "Cancelling…"
            } else {
                "Waiting for the sign-in… Esc cancels"
            }
        } else {
            "Esc closes"
        };
        frame.render_widget(
            Paragraph::new(Span::styled(hint, t.dim())),
            Rect::new(inner.x, inner.bottom() - 1, inner.width, 1),
        );
    }
}

/// `s` cut to `room` characters, ending in "…" when cut.
fn ellipsize(s: &str, room: usize) -> String {
    if s.chars().count() <= room {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(room.saturating_sub(1)).collect();
    out.push('…');
    out
}
