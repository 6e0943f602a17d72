//! "Save before quitting?", asked when there are unsaved changes. It is also answered on
//! the "terminal too small" screen, where it is drawn as one line.

use super::{Command, Hint, Outcome, Popup};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{centered, frame_box};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

const OPTIONS: [&str; 3] = ["Save and quit", "Quit without saving", "Keep working"];

/// The three answers; one is selected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Quit {
    selected: usize,
}

impl Quit {
    /// The question on one line, for the "too small" screen.
    pub const ONE_LINE: &'static str =
        "Unsaved changes: s save and quit · q quit without saving · Esc keep working";
}

impl Popup for Quit {
    fn title(&self) -> String {
        "Unsaved changes".into()
    }

    fn key(&mut self, key: KeyEvent) -> Outcome {
        let n = OPTIONS.len();
        let choose = match key.code {
            KeyCode::Left | KeyCode::BackTab | KeyCode::Up => {
                self.selected = (self.selected + n - 1) % n;
                return Outcome::Keep;
            }
            KeyCode::Right | KeyCode::Tab | KeyCode::Down => {
                self.selected = (self.selected + 1) % n;
                return Outcome::Keep;
            }
            KeyCode::Char('s' | 'S') => 0,
            KeyCode::Char('q' | 'Q' | 'd' | 'D') => 1,
            KeyCode::Esc | KeyCode::Char('k' | 'K') => 2,
            KeyCode::Enter => self.selected,
            _ => return Outcome::Keep,
        };
        match choose {
            0 => Outcome::Run(Command::SaveAndQuit),
            1 => Outcome::Run(Command::QuitWithoutSaving),
            _ => Outcome::Close,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let inner = frame_box(frame, centered(area, 68, 8), "Unsaved changes", theme);
        let mut spans = Vec::new();
        for (i, o) in OPTIONS.iter().enumerate() {
            let sel = i == self.selected;
            spans.push(Span::styled(
                format!("{}[ {o} ]", if sel { ">" } else { " " }),
                if sel { theme.focus() } else { theme.button() },
            ));
            spans.push(Span::raw(" "));
        }
        let lines = vec![
            Line::raw("The project has changes that are not saved."),
            Line::raw("Save them before quitting?"),
            Line::raw(""),
            Line::from(spans),
            Line::raw(""),
            Line::styled(
                "s save and quit · q quit without saving · Esc keep working",
                theme.dim(),
            ),
        ];
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn hints(&self) -> Vec<Hint> {
        vec![
            ("s", "save and quit"),
            ("q", "quit without saving"),
            ("Esc", "keep working"),
        ]
    }

    fn answers_when_too_small(&self) -> Option<&'static str> {
        Some(Self::ONE_LINE)
    }
}
