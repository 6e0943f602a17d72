//! A one-line text field on top of `ratatui-textarea`: editing keys go to the text area,
//! navigation keys (Enter, Tab, arrows up/down, page keys) stay with the form.

use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use tui_textarea::{CursorMove, TextArea};

/// The character shown instead of each character of a hidden password.
const MASK: char = '•';

/// A single-line text field, optionally masked.
#[derive(Clone, Debug)]
pub struct TextInput {
    area: TextArea<'static>,
    masked: bool,
    /// The text is a suggestion: the first typed character replaces it.
    suggested: bool,
    /// Unfocused, a long value shows its beginning (the text area would show the end).
    focused: bool,
}

impl TextInput {
    pub fn new(value: &str, placeholder: &str) -> Self {
        let mut area = TextArea::new(vec![single_line(value)]);
        area.set_placeholder_text(placeholder);
        area.move_cursor(CursorMove::End);
        Self {
            area,
            masked: false,
            suggested: false,
            focused: false,
        }
    }

    /// Changes the greyed example shown while the field is empty.
    pub fn set_placeholder(&mut self, text: &str) {
        self.area.set_placeholder_text(text);
    }

    /// A password field: shown as dots until revealed.
    pub fn secret(value: &str, placeholder: &str) -> Self {
        let mut t = Self::new(value, placeholder);
        t.masked = true;
        t.area.set_mask_char(MASK);
        t
    }

    pub fn value(&self) -> &str {
        self.area.lines().first().map(String::as_str).unwrap_or("")
    }

    pub fn is_masked(&self) -> bool {
        self.masked
    }

    /// Replaces the text, keeping styles and the mask.
    pub fn set_value(&mut self, value: &str) {
        self.area.select_all();
        self.area.cut();
        self.area.insert_str(single_line(value));
        self.area.set_yank_text("");
    }

    /// Shows `value` as a suggestion that typing replaces (editing keys keep it).
    pub fn suggest(&mut self, value: &str) {
        self.set_value(value);
        self.suggested = true;
    }

    /// Shows or hides a password field's text.
    pub fn reveal(&mut self, shown: bool) {
        if !self.masked {
            return;
        }
        if shown {
            self.area.clear_mask_char();
        } else {
            self.area.set_mask_char(MASK);
        }
    }

    /// Sets the styles for the focused or unfocused look.
    pub fn restyle(&mut self, focused: bool, theme: &Theme) {
        self.focused = focused;
        let style = if focused {
            theme.input_focused()
        } else {
            theme.input()
        };
        self.area.set_style(style);
        self.area.set_cursor_line_style(style);
        self.area
            .set_cursor_style(if focused { theme.cursor() } else { style });
        self.area.set_placeholder_style(theme.placeholder());
    }

    /// Editing keys; returns true when the text changed. Navigation keys are not taken.
    pub fn handle(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Enter | KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                return false;
            }
            KeyCode::PageUp | KeyCode::PageDown | KeyCode::Esc | KeyCode::F(_) => return false,
            KeyCode::Char('m' | 'j' | 'n' | 'p') if ctrl => return false,
            _ => {}
        }
        if std::mem::take(&mut self.suggested) && matches!(key.code, KeyCode::Char(_)) && !ctrl {
            self.set_value("");
        }
        let before = self.value().to_owned();
        self.area.input(key);
        self.value() != before
    }

    /// Pasted text (newlines become spaces); returns true when the text changed.
    pub fn paste(&mut self, text: &str) -> bool {
        self.area.insert_str(single_line(text))
    }

    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let n = self.value().chars().count();
        if !self.focused && n > area.width as usize && area.width > 1 {
            let head: String = if self.masked && self.area.mask_char().is_some() {
                std::iter::repeat_n(MASK, area.width as usize - 1).collect()
            } else {
                self.value().chars().take(area.width as usize - 1).collect()
            };
            let p = ratatui::widgets::Paragraph::new(format!("{head}…")).style(self.area.style());
            frame.render_widget(p, area);
            return;
        }
        frame.render_widget(&self.area, area);
    }
}

fn single_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn edits_and_refuses_navigation() {
        let mut t = TextInput::new("ab", "");
        assert!(t.handle(key(KeyCode::Char('c'))));
        assert_eq!(t.value(), "abc");
        assert!(!t.handle(key(KeyCode::Enter)));
        assert!(t.handle(key(KeyCode::Backspace)));
        assert_eq!(t.value(), "ab");
        t.set_value("x\ny");
        assert_eq!(t.value(), "x y");
        assert!(t.paste("z"));
        assert_eq!(t.value(), "x yz");
    }
}
