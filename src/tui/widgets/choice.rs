//! One choice among a few options (radio buttons): Space or → picks the next, ← the previous.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// The options and which one is selected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub options: Vec<&'static str>,
    pub selected: usize,
}

impl Choice {
    pub fn new(options: Vec<&'static str>, selected: usize) -> Self {
        let selected = selected.min(options.len().saturating_sub(1));
        Self { options, selected }
    }

    /// Space / → / ← ; returns true when the selection changed.
    pub fn handle(&mut self, key: KeyEvent) -> bool {
        let n = self.options.len();
        if n == 0 {
            return false;
        }
        match key.code {
            KeyCode::Char(' ') | KeyCode::Right => {
                self.selected = (self.selected + 1) % n;
                true
            }
            KeyCode::Left => {
                self.selected = (self.selected + n - 1) % n;
                true
            }
            _ => false,
        }
    }

    /// Width of the options laid out on one line.
    pub fn inline_width(&self) -> usize {
        self.options
            .iter()
            .map(|o| o.chars().count() + 6)
            .sum::<usize>()
    }
}
