//! A dialog's text longer than its box (a pre-flight report, a batch's rows): the arrows,
//! Page Up/Down, Home and End move through it, and the box says when more is above or below.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use std::cell::Cell;

/// The first line shown, and what the last drawing learned about the box.
#[derive(Debug, Default)]
pub struct Scroll {
    top: usize,
    /// The largest useful `top`.
    max: Cell<usize>,
    /// Lines that fit, less one (Page Up/Down keep one line in view).
    page: Cell<usize>,
}

impl Scroll {
    /// Back to the first line.
    pub fn reset(&mut self) {
        self.top = 0;
    }

    /// Moves for a scrolling key; false for any other key.
    pub fn key(&mut self, code: KeyCode) -> bool {
        let max = self.max.get();
        let page = self.page.get().max(1);
        self.top = match code {
            KeyCode::Down => (self.top + 1).min(max),
            KeyCode::Up => self.top.saturating_sub(1),
            KeyCode::PageDown => (self.top + page).min(max),
            KeyCode::PageUp => self.top.saturating_sub(page),
            KeyCode::Home => 0,
            KeyCode::End => max,
            _ => return false,
        };
        true
    }

    /// Draws the part of `lines` in view into `view`; returns what the hint line should
    /// add ("" when everything fits).
    pub fn draw(&self, frame: &mut Frame, view: Rect, lines: Vec<Line<'static>>) -> &'static str {
        let fits = view.height as usize;
        let max = lines.len().saturating_sub(fits);
        self.max.set(max);
        self.page.set(fits.saturating_sub(1).max(1));
        let from = self.top.min(max);
        let shown: Vec<Line> = lines.into_iter().skip(from).take(fits).collect();
        frame.render_widget(Paragraph::new(shown), view);
        if max == 0 {
            ""
        } else if from >= max {
            "↑ PgUp scroll back"
        } else {
            "↓ PgDn more below"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    #[test]
    fn keys_stay_within_what_the_last_drawing_showed() {
        let mut s = Scroll::default();
        let lines: Vec<Line<'static>> = (0..10).map(|i| Line::raw(i.to_string())).collect();
        let mut t = Terminal::new(TestBackend::new(10, 4)).unwrap();
        let mut hint = "";
        t.draw(|f| hint = s.draw(f, Rect::new(0, 0, 10, 4), lines.clone()))
            .unwrap();
        assert_eq!(hint, "↓ PgDn more below");
        assert!(s.key(KeyCode::End));
        assert_eq!(s.top, 6);
        assert!(s.key(KeyCode::Down));
        assert_eq!(s.top, 6, "never past the last page");
        assert!(s.key(KeyCode::PageUp));
        assert_eq!(s.top, 3);
        assert!(!s.key(KeyCode::Enter));
        s.key(KeyCode::End);
        t.draw(|f| hint = s.draw(f, Rect::new(0, 0, 10, 4), lines.clone()))
            .unwrap();
        assert_eq!(hint, "↑ PgUp scroll back");
        t.draw(|f| hint = s.draw(f, Rect::new(0, 0, 10, 20), lines))
            .unwrap();
        assert_eq!(hint, "", "everything fits");
    }
}
