//! "Go to step": any page, the Summary included, in one key instead of paging through.

use super::{Command, Hint, Outcome, Popup};
use crate::project::Page;
use crate::tui::app::StepMark;
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{centered, frame_box};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The steps with their marks; one is selected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoTo {
    steps: Vec<(Page, StepMark)>,
    selected: usize,
}

impl GoTo {
    pub fn new(steps: Vec<(Page, StepMark)>, current: Page) -> Self {
        let selected = steps.iter().position(|(p, _)| *p == current).unwrap_or(0);
        Self { steps, selected }
    }
}

impl Popup for GoTo {
    fn title(&self) -> String {
        "Go to step".into()
    }

    fn key(&mut self, key: KeyEvent) -> Outcome {
        let n = self.steps.len();
        match key.code {
            KeyCode::Esc => Outcome::Close,
            KeyCode::Up | KeyCode::BackTab => {
                self.selected = (self.selected + n - 1) % n;
                Outcome::Keep
            }
            KeyCode::Down | KeyCode::Tab => {
                self.selected = (self.selected + 1) % n;
                Outcome::Keep
            }
            KeyCode::Enter => Outcome::Run(Command::GoTo(self.steps[self.selected].0)),
            KeyCode::Char('s' | 'S') => Outcome::Run(Command::GoTo(Page::Summary)),
            // 0 is the tenth step, as with Alt.
            KeyCode::Char(c) => {
                match c.to_digit(10).map(|d| if d == 0 { 10 } else { d as usize }) {
                    Some(d) if (1..=n).contains(&d) => {
                        Outcome::Run(Command::GoTo(self.steps[d - 1].0))
                    }
                    _ => Outcome::Keep,
                }
            }
            _ => Outcome::Keep,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let h = self.steps.len() as u16 + 4;
        let inner = frame_box(frame, centered(area, 40, h), "Go to step", theme);
        let mut lines = Vec::new();
        for (i, (page, mark)) in self.steps.iter().enumerate() {
            let sel = i == self.selected;
            lines.push(Line::from(vec![
                Span::raw(if sel { " > " } else { "   " }),
                mark.span(theme),
                Span::styled(
                    format!(" {} {}", i + 1, page.title()),
                    if sel { theme.focus() } else { theme.base() },
                ),
            ]));
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(" 1–9 or Enter goes · s Summary", theme.dim()));
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn hints(&self) -> Vec<Hint> {
        vec![
            ("1-9", "go"),
            ("↑↓", "move"),
            ("Enter", "go"),
            ("Esc", "stay"),
        ]
    }
}
