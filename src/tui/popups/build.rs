//! "Creating the package": what the builder is doing and how far it is. Esc asks the App
//! to stop the build (nothing is written); the dialog stays until the builder answers.

use super::{Command, Hint, Outcome, Popup};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{centered, frame_box};
use crate::tui::worker::Progress;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Gauge, Paragraph};

const TITLE: &str = "Creating the package";

/// The latest progress, and whether Esc was pressed.
#[derive(Clone, Debug, PartialEq)]
pub struct BuildProgress {
    pub progress: Progress,
    cancelling: bool,
}

impl Default for BuildProgress {
    /// Before the builder's first report it is reading the project's files.
    fn default() -> Self {
        Self {
            progress: Progress {
                fraction: 0.0,
                message: "Reading the project and its files…".into(),
            },
            cancelling: false,
        }
    }
}

impl BuildProgress {
    pub fn update(&mut self, progress: Progress) {
        self.progress = progress;
    }
}

impl Popup for BuildProgress {
    fn title(&self) -> String {
        TITLE.into()
    }

    fn key(&mut self, key: KeyEvent) -> Outcome {
        if key.code == KeyCode::Esc && !self.cancelling {
            self.cancelling = true;
            return Outcome::Also(Command::CancelJob);
        }
        Outcome::Keep
    }

    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let inner = frame_box(frame, centered(area, 64, 9), TITLE, theme);
        frame.render_widget(
            Paragraph::new(self.progress.message.clone()),
            Rect::new(inner.x, inner.y + 1, inner.width, 1),
        );
        frame.render_widget(
            Gauge::default()
                .ratio(self.progress.fraction.clamp(0.0, 1.0))
                .gauge_style(theme.focus()),
            Rect::new(inner.x, inner.y + 3, inner.width, 1),
        );
        let hint = if self.cancelling {
            "Cancelling…"
        } else {
            "Esc cancels (nothing is written)"
        };
        frame.render_widget(
            Paragraph::new(Span::styled(hint, theme.dim())),
            Rect::new(inner.x, inner.y + 5, inner.width, 1),
        );
    }

    fn hints(&self) -> Vec<Hint> {
        if self.cancelling {
            vec![]
        } else {
            vec![("Esc", "cancel")]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    #[test]
    fn esc_asks_once_to_cancel_and_the_dialog_stays() {
        let mut b = BuildProgress::default();
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(b.key(esc), Outcome::Also(Command::CancelJob));
        assert_eq!(b.key(esc), Outcome::Keep);
        assert!(b.hints().is_empty());
    }
}
