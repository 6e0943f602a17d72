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
use std::time::Instant;

const TITLE: &str = "Creating the package";

/// The latest progress, and whether Esc was pressed.
#[derive(Clone, Debug, PartialEq)]
pub struct BuildProgress {
    pub progress: Progress,
    cancelling: bool,
    /// When the current step began: a step the builder reports no fraction for (reading
    /// and hashing the files) shows the seconds it has taken, so the dialog never looks
    /// stuck.
    since: Instant,
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
            since: Instant::now(),
        }
    }
}

impl BuildProgress {
    pub fn update(&mut self, progress: Progress) {
        if progress.message != self.progress.message {
            self.since = Instant::now();
        }
        self.progress = progress;
    }

    /// The message, with the seconds spent on it once a step has gone on for a while.
    fn message(&self, now: Instant) -> String {
        let secs = now.saturating_duration_since(self.since).as_secs();
        if secs >= 2 {
            format!("{} ({secs} s)", self.progress.message)
        } else {
            self.progress.message.clone()
        }
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
            Paragraph::new(self.message(Instant::now())),
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

    #[test]
    fn a_long_step_shows_its_seconds_and_a_new_step_starts_again() {
        let mut b = BuildProgress::default();
        let start = b.since;
        assert_eq!(b.message(start), "Reading the project and its files…");
        let later = start + std::time::Duration::from_secs(7);
        assert_eq!(b.message(later), "Reading the project and its files… (7 s)");
        b.update(Progress {
            fraction: 0.05,
            message: "Settings compiled".into(),
        });
        assert!(b.since >= start);
        assert_eq!(b.message(b.since), "Settings compiled");
    }
}
