//! Text to read and close: help, a message, a result. Enter, Esc (and F1 for help) close.

use super::{Hint, Outcome, Popup};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::text_box;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

/// A titled, wrapped text with the line saying how to close it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextBox {
    title: String,
    text: String,
    /// Help also closes with F1, the key that opened it.
    help: bool,
}

impl TextBox {
    pub fn message(title: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            text: text.into(),
            help: false,
        }
    }

    pub fn help(title: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            help: true,
            ..Self::message(title, text)
        }
    }
}

impl Popup for TextBox {
    fn title(&self) -> String {
        self.title.clone()
    }

    fn key(&mut self, key: KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Enter | KeyCode::Esc => Outcome::Close,
            KeyCode::F(1) if self.help => Outcome::Close,
            _ => Outcome::Keep,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let close = if self.help {
            "Esc or F1 closes"
        } else {
            "Enter or Esc closes"
        };
        text_box(frame, area, &self.title, &self.text, close, theme);
    }

    fn hints(&self) -> Vec<Hint> {
        if self.help {
            vec![("Esc/F1", "close")]
        } else {
            vec![("Enter/Esc", "close")]
        }
    }
}
