//! Text to read and close: help, a message, a result. Enter, Esc (and F1 for help) close.

use super::{Hint, Outcome, Popup};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{centered, frame_box};
use crate::tui::widgets::form::wrap;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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
        let width = 66u16.min(area.width);
        let lines = wrap(&self.text, width as usize - 4);
        let h = (lines.len() as u16 + 4).min(area.height);
        let inner = frame_box(frame, centered(area, width, h), &self.title, theme);
        let inner = Rect::new(
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(2),
            inner.height,
        );
        let body: Vec<Line> = lines.into_iter().map(Line::raw).collect();
        frame.render_widget(
            Paragraph::new(body),
            Rect::new(
                inner.x,
                inner.y,
                inner.width,
                inner.height.saturating_sub(1),
            ),
        );
        let close = if self.help {
            "Esc or F1 closes"
        } else {
            "Enter or Esc closes"
        };
        frame.render_widget(
            Paragraph::new(Span::styled(close, theme.dim())),
            Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1),
        );
    }

    fn hints(&self) -> Vec<Hint> {
        if self.help {
            vec![("Esc/F1", "close")]
        } else {
            vec![("Enter/Esc", "close")]
        }
    }
}
