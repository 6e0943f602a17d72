//! A yes/no question before something that cannot be taken back (removing an item,
//! replacing a package, a second bulk token). The safe answer is selected first.

use super::{Command, Hint, Outcome, Popup};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{centered, frame_box};
use crate::tui::widgets::form::wrap;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The question, its two buttons and what "yes" does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    title: String,
    text: String,
    yes: &'static str,
    no: &'static str,
    on_yes: Command,
    yes_selected: bool,
}

impl Confirm {
    /// `yes`/`no` are the button labels; their first letters are the shortcut keys.
    pub fn new(
        title: impl Into<String>,
        text: impl Into<String>,
        yes: &'static str,
        no: &'static str,
        on_yes: Command,
    ) -> Self {
        Self {
            title: title.into(),
            text: text.into(),
            yes,
            no,
            on_yes,
            yes_selected: false,
        }
    }

    fn lines(&self, width: usize) -> Vec<String> {
        wrap(&self.text, width)
    }
}

impl Popup for Confirm {
    fn title(&self) -> String {
        self.title.clone()
    }

    fn key(&mut self, key: KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Char('y' | 'Y') => Outcome::Run(self.on_yes.clone()),
            KeyCode::Char('n' | 'N') | KeyCode::Esc => Outcome::Close,
            KeyCode::Left | KeyCode::Right | KeyCode::Tab | KeyCode::BackTab => {
                self.yes_selected = !self.yes_selected;
                Outcome::Keep
            }
            KeyCode::Enter if self.yes_selected => Outcome::Run(self.on_yes.clone()),
            KeyCode::Enter => Outcome::Close,
            _ => Outcome::Keep,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let width = 66u16.min(area.width);
        let text = self.lines(width as usize - 4);
        let h = (text.len() as u16 + 5).min(area.height);
        let inner = frame_box(frame, centered(area, width, h), &self.title, theme);
        let inner = Rect::new(
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(2),
            inner.height,
        );
        let mut lines: Vec<Line> = text.into_iter().map(Line::raw).collect();
        lines.push(Line::raw(""));
        let button = |label: &str, sel: bool| {
            Span::styled(
                format!("{}[ {label} ]", if sel { ">" } else { " " }),
                if sel { theme.focus() } else { theme.button() },
            )
        };
        lines.push(Line::from(vec![
            button(self.yes, self.yes_selected),
            Span::raw("  "),
            button(self.no, !self.yes_selected),
        ]));
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn hints(&self) -> Vec<Hint> {
        vec![("y", self.yes), ("n/Esc", self.no), ("←→", "choose")]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn k(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn the_safe_answer_is_the_default() {
        let mut c = Confirm::new("t", "x", "Remove", "Keep", Command::GetNewToken);
        assert_eq!(c.key(k(KeyCode::Enter)), Outcome::Close);
        assert_eq!(c.key(k(KeyCode::Right)), Outcome::Keep);
        assert_eq!(c.key(k(KeyCode::Enter)), Outcome::Run(Command::GetNewToken));
        assert_eq!(
            c.key(k(KeyCode::Char('y'))),
            Outcome::Run(Command::GetNewToken)
        );
        assert_eq!(c.key(k(KeyCode::Esc)), Outcome::Close);
    }
}
