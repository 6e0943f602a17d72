//! Drawing the App: title bar, step list, the page, the key-hint bar, and any pop-up.

use super::app::{App, START_OPTIONS, Screen};
use super::pages::Cx;
use super::slot::Slot;
use super::widgets::dialog::{centered, frame_box};
use super::widgets::form_view;
use crate::project::{Page, Severity};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

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
            let question = self
                .modal
                .as_ref()
                .and_then(|m| m.popup().answers_when_too_small());
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
            m.popup().draw(frame, area, t);
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
            m.popup().hints()
        } else if let Screen::Start { .. } = self.screen {
            vec![
                ("↑↓", "move"),
                ("Enter", "choose"),
                ("F1", "help"),
                ("Esc", "quit"),
            ]
        } else {
            let mut k = self.pages.get(self.page).form().focus_hints();
            k.extend(WIZARD_KEYS);
            k
        };
        let mut spans = vec![Span::raw(" ")];
        for (key, what) in fit_hints(keys, area.width as usize) {
            spans.push(Span::styled(key, t.key()));
            spans.push(Span::raw(format!(" {what}  ")));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)).style(t.hint_bar()), area);
    }
}

/// The keys every wizard page offers, after the focused field's own.
const WIZARD_KEYS: [(&str, &str); 6] = [
    ("Tab", "next"),
    ("PgDn/PgUp", "page"),
    ("^G", "go to"),
    ("F1", "help"),
    ("^S", "save"),
    ("Esc", "quit"),
];

/// The hints that fit in `width`: the wizard-wide keys a user learns first go first
/// (paging, go to, Tab), so the focused field's own keys and Esc always show.
fn fit_hints<'a>(mut keys: Vec<(&'a str, &'a str)>, width: usize) -> Vec<(&'a str, &'a str)> {
    // " key what  key what": the last hint's two trailing spaces may fall off the edge.
    let len = |k: &[(&str, &str)]| {
        k.iter()
            .map(|(key, what)| key.chars().count() + what.chars().count() + 3)
            .sum::<usize>()
            .saturating_sub(1)
    };
    for drop in ["PgDn/PgUp", "^G", "Tab", "F1"] {
        if len(&keys) <= width {
            break;
        }
        keys.retain(|(key, _)| *key != drop);
    }
    keys
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

#[cfg(test)]
mod tests {
    use super::{WIZARD_KEYS, fit_hints};

    #[test]
    fn hints_that_do_not_fit_drop_the_wizard_wide_keys_first() {
        let mut all = vec![("a", "add"), ("Enter", "edit"), ("d", "remove")];
        all.extend(WIZARD_KEYS);
        assert_eq!(fit_hints(all.clone(), 200), all);
        let fitted = fit_hints(all.clone(), 80);
        assert!(fitted.contains(&("Esc", "quit")) && fitted.contains(&("d", "remove")));
        assert!(!fitted.contains(&("PgDn/PgUp", "page")));
        let text: usize = fitted.iter().map(|(k, w)| k.len() + w.len() + 3).sum();
        assert!(text < 80, "{fitted:?}");
    }
}
