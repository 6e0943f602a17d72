//! Text to read and close: help, a message, a result. Enter, Esc (and F1 for help) close.

use super::{Hint, Outcome, Popup};
use crate::tui::slot::Slot;
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

    /// Help for the focused field.
    pub fn field_help(slot: Slot) -> Self {
        Self::help(
            format!("Help: {}", slot.label()),
            crate::tui::help::help(slot),
        )
    }

    /// Help on the start screen.
    pub fn start_help() -> Self {
        Self::help(
            "Help",
            "ppkg-wizard builds a Windows provisioning package (.ppkg): a file that sets up \
             new PCs (name, Wi-Fi, accounts, apps, certificates) when plugged in on a USB \
             drive at the first setup screen.\n\nCreate a new project to answer the \
             wizard's pages one by one, or open a project saved earlier.\n\nKeys: arrows \
             move, Enter chooses, Esc quits.",
        )
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
