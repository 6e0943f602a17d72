//! "Password needed": a secret typed for this session's builds only (set to be asked, or
//! whose variable or file cannot be read). Several are asked one after the other; the
//! values go to the App together, and Esc drops them all.

use super::{Command, Hint, Outcome, Popup};
use crate::secret::SecretString;
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{centered, frame_box};
use crate::tui::widgets::text_input::TextInput;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// What happens once every asked secret is typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AskThen {
    /// Go on creating the package.
    Create,
    /// Back to the Summary (the values are kept for this session's builds).
    Stay,
    /// Go on to the batch's rows file.
    Batch,
}

/// The labels still to ask, the values typed so far, and the hidden input.
pub struct Ask {
    queue: Vec<String>,
    typed: Vec<(String, SecretString)>,
    input: TextInput,
    then: AskThen,
    error: Option<String>,
}

impl Ask {
    pub fn new(labels: Vec<String>, then: AskThen) -> Self {
        Self {
            queue: labels,
            typed: Vec::new(),
            input: TextInput::secret("", "type it here (hidden)"),
            then,
            error: None,
        }
    }

    /// The label being asked for.
    pub fn label(&self) -> &str {
        self.queue.first().map(String::as_str).unwrap_or("")
    }
}

impl Popup for Ask {
    fn title(&self) -> String {
        "Password needed".into()
    }

    fn key(&mut self, key: KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Esc => Outcome::Close,
            KeyCode::Enter if self.input.value().is_empty() => {
                self.error = Some("Type it, or press Esc to cancel.".into());
                Outcome::Keep
            }
            KeyCode::Enter => {
                let label = self.queue.remove(0);
                let value = SecretString::from(self.input.value());
                self.typed.push((label, value));
                self.input.set_value("");
                self.error = None;
                if self.queue.is_empty() {
                    Outcome::Run(Command::Typed {
                        values: std::mem::take(&mut self.typed),
                        then: self.then,
                    })
                } else {
                    Outcome::Keep
                }
            }
            _ => {
                self.input.handle(key);
                Outcome::Keep
            }
        }
    }

    fn paste(&mut self, text: &str) {
        self.input.paste(text);
    }

    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let inner = frame_box(frame, centered(area, 64, 10), "Password needed", theme);
        let mut lines = vec![
            Line::raw(format!("Type the {} for this build.", self.label())),
            Line::styled(
                "It is kept for this session's builds only and never saved.",
                theme.dim(),
            ),
            Line::raw(""),
        ];
        if let Some(e) = &self.error {
            lines.push(Line::styled(format!("! {e}"), theme.error()));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
        let mut input = self.input.clone();
        input.restyle(true, theme);
        input.render(frame, Rect::new(inner.x, inner.y + 5, inner.width, 1));
        frame.render_widget(
            Paragraph::new(Span::styled("Enter continue · Esc cancel", theme.dim())),
            Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1),
        );
    }

    fn hints(&self) -> Vec<Hint> {
        vec![("Enter", "continue"), ("Esc", "cancel")]
    }
}
