//! "Get a bulk token": the device-code sign-in as it progresses (the code and the page to
//! enter it on, the countdown, what Entra ID answered). Esc asks the App to stop the
//! sign-in while it runs and closes the dialog once it is over.

use super::{Command, Hint, Outcome, Popup};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{centered, frame_box};
use crate::tui::worker::TokenEvent;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;

const TITLE: &str = "Get a bulk token";

/// What the sign-in has shown so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignIn {
    pub tenant: String,
    /// The user code and the page to enter it on.
    pub code: Option<(String, String)>,
    pub seconds_left: Option<u64>,
    pub status: Option<String>,
    pub error: Option<String>,
    /// The sign-in still runs on the worker.
    running: bool,
    cancelling: bool,
}

impl SignIn {
    pub fn new(tenant: String) -> Self {
        Self {
            tenant,
            code: None,
            seconds_left: None,
            status: None,
            error: None,
            running: true,
            cancelling: false,
        }
    }

    /// What the worker reported.
    pub fn event(&mut self, e: TokenEvent) {
        match e {
            TokenEvent::ShowCode {
                user_code,
                verification_uri,
                seconds_left,
            } => {
                self.code = Some((user_code, verification_uri));
                self.seconds_left = Some(seconds_left);
            }
            TokenEvent::Waiting { seconds_left } => self.seconds_left = Some(seconds_left),
            // A status comes once the admin signed in: the code's countdown is over.
            TokenEvent::Status(s) => {
                self.status = Some(s);
                self.seconds_left = None;
            }
        }
    }

    /// The sign-in ended without a token; the dialog stays to say why.
    pub fn failed(&mut self, error: String) {
        self.error = Some(error);
        self.running = false;
        self.cancelling = false;
    }
}

impl Popup for SignIn {
    fn title(&self) -> String {
        TITLE.into()
    }

    fn key(&mut self, key: KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Esc if self.running => {
                self.cancelling = true;
                Outcome::Also(Command::CancelJob)
            }
            KeyCode::Esc | KeyCode::Enter if !self.running => Outcome::Close,
            _ => Outcome::Keep,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let t = theme;
        let inner = frame_box(frame, centered(area, 70, 16), TITLE, t);
        let who = format!("an administrator of {}", self.tenant);
        let lines = super::device_code::lines(self, &who, inner.width as usize, t);
        frame.render_widget(Paragraph::new(lines), inner);
        let hint = match (self.running, self.cancelling) {
            (true, true) => "Cancelling…",
            (true, false) => "Waiting for the sign-in… Esc cancels",
            (false, _) => "Esc closes",
        };
        frame.render_widget(
            Paragraph::new(Span::styled(hint, t.dim())),
            Rect::new(inner.x, inner.bottom().saturating_sub(1), inner.width, 1),
        );
    }

    fn hints(&self) -> Vec<Hint> {
        if self.running {
            vec![("Esc", "cancel")]
        } else {
            vec![("Enter/Esc", "close")]
        }
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
    fn esc_stops_a_running_sign_in_and_closes_a_finished_one() {
        let mut s = SignIn::new("contoso.example".into());
        assert_eq!(s.key(k(KeyCode::Enter)), Outcome::Keep);
        assert_eq!(s.key(k(KeyCode::Esc)), Outcome::Also(Command::CancelJob));
        assert_eq!(s.hints(), vec![("Esc", "cancel")]);
        s.failed("Entra ID refused".into());
        assert_eq!(s.hints(), vec![("Enter/Esc", "close")]);
        assert_eq!(s.key(k(KeyCode::Esc)), Outcome::Close);
    }
}
