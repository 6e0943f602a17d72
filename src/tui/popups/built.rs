//! "Package created": where the package is and how to apply it, with what the builder
//! noticed on the way.

use super::{Hint, Outcome, Popup};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::text_box;
use crate::tui::worker::Built;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

const TITLE: &str = "Package created";

/// The finished build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageCreated {
    pub built: Built,
}

impl PackageCreated {
    pub fn new(built: Built) -> Self {
        Self { built }
    }

    fn text(&self) -> String {
        let b = &self.built;
        let mut text = format!("Your package is ready:\n{}\n", b.package.display());
        if let Some(c) = &b.catalog {
            text.push_str(&format!("(with its catalog {})\n", c.display()));
        }
        text.push_str(
            "\nTo apply it on a new PC: copy the .ppkg to the root of a USB drive, start the \
             PC and, at the first setup screen, plug in the drive (or press the Windows key \
             five times) and choose the package.\n\nOn a PC already set up: double-click the \
             .ppkg, or Settings > Accounts > Access work or school > Add or remove a \
             provisioning package.",
        );
        if b.encrypted {
            text.push_str("\n\nWindows asks for the package password before installing.");
        }
        for n in &b.notices {
            text.push_str(&format!("\n\nNote: {}.", crate::printable::escape(n)));
        }
        text
    }
}

impl Popup for PackageCreated {
    fn title(&self) -> String {
        TITLE.into()
    }

    fn key(&mut self, key: KeyEvent) -> Outcome {
        match key.code {
            KeyCode::Enter | KeyCode::Esc => Outcome::Close,
            _ => Outcome::Keep,
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        text_box(frame, area, TITLE, &self.text(), "Enter closes", theme);
    }

    fn hints(&self) -> Vec<Hint> {
        vec![("Enter/Esc", "close")]
    }
}
