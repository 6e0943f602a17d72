//! Choosing a file for the start screen (a project, a bundle, a WCD project) or for a
//! field: the file picker widget in a dialog that names where the file goes.

use super::{Command, Hint, Outcome, Popup};
use crate::project::Page;
use crate::tui::slot::Slot;
use crate::tui::theme::Theme;
use crate::tui::widgets::file_picker::{FilePicker, Picked};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;

/// Where a picked file goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickTarget {
    OpenProject,
    ImportWcd,
    Field(Page, Slot),
    /// The rows file of a batch.
    BatchRows,
}

/// The picker and where its file goes.
pub struct Pick {
    picker: FilePicker,
    target: PickTarget,
}

impl Pick {
    pub fn new(picker: FilePicker, target: PickTarget) -> Self {
        Self { picker, target }
    }

    pub fn target(&self) -> PickTarget {
        self.target
    }
}

impl Popup for Pick {
    fn title(&self) -> String {
        self.picker.title.clone()
    }

    fn key(&mut self, key: KeyEvent) -> Outcome {
        match self.picker.handle(key) {
            Picked::Nothing => Outcome::Keep,
            Picked::Cancelled => Outcome::Close,
            Picked::File(path) => Outcome::Run(Command::Picked {
                target: self.target,
                path,
            }),
        }
    }

    fn paste(&mut self, text: &str) {
        self.picker.paste(text);
    }

    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        self.picker.render(frame, area, theme);
    }

    fn hints(&self) -> Vec<Hint> {
        vec![
            ("Enter", "open/pick"),
            ("Tab", "complete"),
            ("Backspace", "up"),
            ("Esc", "cancel"),
        ]
    }
}
