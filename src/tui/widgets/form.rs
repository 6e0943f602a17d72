//! A page's widgets and the rows it shows. A page keeps its widgets in a [`Form`] and
//! describes its screen as [`Row`]s each frame; the rows decide which widgets are visible
//! (and so where Tab goes), so hidden fields cannot be focused.

use super::choice::Choice;
use super::text_input::TextInput;
use crate::tui::slot::Slot;
use crate::tui::theme::Theme;

/// One focusable widget.
#[derive(Clone, Debug)]
pub enum Widget {
    Text(Box<TextInput>),
    Check(bool),
    Choice(Choice),
    Button,
    /// A list whose entries the page supplies; the form keeps the selection.
    List(usize),
}

/// What a row of a page shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Row {
    /// The widget in this slot, with its label and its problems below it.
    Field(Slot),
    /// A list widget and its entries.
    Entries {
        slot: Slot,
        entries: Vec<Entry>,
    },
    /// Text across the page, wrapped.
    Note(String, Tone),
    /// A label and a value, like a read-only field.
    Pair(String, String, Tone),
    Heading(String),
    Blank,
}

/// One entry of a list row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub text: String,
    pub problem: bool,
}

/// How a note is styled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Dim,
    Ok,
    Warn,
    Error,
    Strong,
}

impl Row {
    /// The slot the user can focus on this row.
    pub fn slot(&self) -> Option<Slot> {
        match self {
            Row::Field(s) | Row::Entries { slot: s, .. } => Some(*s),
            _ => None,
        }
    }

    pub fn note(text: impl Into<String>) -> Row {
        Row::Note(text.into(), Tone::Plain)
    }

    pub fn dim(text: impl Into<String>) -> Row {
        Row::Note(text.into(), Tone::Dim)
    }

    pub fn pair(label: impl Into<String>, value: impl Into<String>) -> Row {
        Row::Pair(label.into(), value.into(), Tone::Plain)
    }
}

/// The widgets of a page and which one has the focus.
#[derive(Clone, Debug)]
pub struct Form {
    items: Vec<(Slot, Widget)>,
    pub focus: Slot,
}

impl Form {
    /// The keys the focused widget offers, for the hint bar (the wizard's own keys follow).
    pub fn focus_hints(&self) -> Vec<(&'static str, &'static str)> {
        match self.widget(self.focus) {
            Some(Widget::Check(_)) => vec![("Space", "toggle")],
            Some(Widget::Choice(_)) => vec![("↑↓/Space", "choose")],
            Some(Widget::Button) => vec![("Enter", "press")],
            Some(Widget::List(_)) if self.focus == Slot::Problems => vec![("Enter", "go to")],
            Some(Widget::List(_)) if self.focus == Slot::AdvResults => {
                vec![("Enter", "open"), ("←", "up"), ("/", "search")]
            }
            Some(Widget::List(_)) if matches!(self.focus, Slot::AdvSet | Slot::AdvEntries) => {
                vec![("Enter", "edit"), ("d", "remove")]
            }
            Some(Widget::List(_)) => vec![("a", "add"), ("Enter", "edit"), ("d", "remove")],
            _ => vec![],
        }
    }

    pub fn new(items: Vec<(Slot, Widget)>) -> Self {
        let focus = items.first().map(|(s, _)| *s).unwrap_or(Slot::Name);
        Self { items, focus }
    }

    pub fn widget(&self, slot: Slot) -> Option<&Widget> {
        self.items.iter().find(|(s, _)| *s == slot).map(|(_, w)| w)
    }

    pub fn widget_mut(&mut self, slot: Slot) -> Option<&mut Widget> {
        self.items
            .iter_mut()
            .find(|(s, _)| *s == slot)
            .map(|(_, w)| w)
    }

    /// The text of a text field ("" for other widgets).
    pub fn text(&self, slot: Slot) -> &str {
        match self.widget(slot) {
            Some(Widget::Text(t)) => t.value(),
            _ => "",
        }
    }

    /// The trimmed text, `None` when empty.
    pub fn opt_text(&self, slot: Slot) -> Option<String> {
        let t = self.text(slot).trim();
        (!t.is_empty()).then(|| t.to_owned())
    }

    pub fn set_text(&mut self, slot: Slot, value: &str) {
        if let Some(Widget::Text(t)) = self.widget_mut(slot) {
            t.set_value(value);
        }
    }

    pub fn input_mut(&mut self, slot: Slot) -> Option<&mut TextInput> {
        match self.widget_mut(slot) {
            Some(Widget::Text(t)) => Some(t),
            _ => None,
        }
    }

    pub fn checked(&self, slot: Slot) -> bool {
        matches!(self.widget(slot), Some(Widget::Check(true)))
    }

    pub fn set_checked(&mut self, slot: Slot, on: bool) {
        if let Some(Widget::Check(c)) = self.widget_mut(slot) {
            *c = on;
        }
    }

    pub fn choice(&self, slot: Slot) -> usize {
        match self.widget(slot) {
            Some(Widget::Choice(c)) => c.selected,
            _ => 0,
        }
    }

    pub fn set_choice(&mut self, slot: Slot, i: usize) {
        if let Some(Widget::Choice(c)) = self.widget_mut(slot) {
            c.selected = i.min(c.options.len().saturating_sub(1));
        }
    }

    pub fn selected(&self, slot: Slot) -> usize {
        match self.widget(slot) {
            Some(Widget::List(i)) => *i,
            _ => 0,
        }
    }

    pub fn select(&mut self, slot: Slot, i: usize) {
        if let Some(Widget::List(s)) = self.widget_mut(slot) {
            *s = i;
        }
    }

    /// Gives text fields the focused or unfocused look.
    pub fn restyle(&mut self, theme: &Theme) {
        let focus = self.focus;
        for (s, w) in &mut self.items {
            if let Widget::Text(t) = w {
                t.restyle(*s == focus, theme);
            }
        }
    }
}

/// Builders that keep page code short.
pub fn text(slot: Slot, value: &str) -> (Slot, Widget) {
    (
        slot,
        Widget::Text(Box::new(TextInput::new(value, slot.placeholder()))),
    )
}

pub fn secret(slot: Slot, value: &str) -> (Slot, Widget) {
    (
        slot,
        Widget::Text(Box::new(TextInput::secret(value, slot.placeholder()))),
    )
}

pub fn check(slot: Slot, on: bool) -> (Slot, Widget) {
    (slot, Widget::Check(on))
}

pub fn choice(slot: Slot, options: Vec<&'static str>, selected: usize) -> (Slot, Widget) {
    (slot, Widget::Choice(Choice::new(options, selected)))
}

pub fn button(slot: Slot) -> (Slot, Widget) {
    (slot, Widget::Button)
}

pub fn list(slot: Slot) -> (Slot, Widget) {
    (slot, Widget::List(0))
}

/// Wraps `text` at word boundaries into lines of at most `width` characters.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut len = 0;
        for word in para.split(' ') {
            let wl = word.chars().count();
            if len > 0 && len + 1 + wl > width {
                out.push(std::mem::take(&mut line));
                len = 0;
            }
            if wl > width {
                // Break a long word (a path, a URL) across lines.
                let mut chars: Vec<char> = word.chars().collect();
                while chars.len() + len > width {
                    let take = width - len;
                    line.extend(chars.drain(..take));
                    out.push(std::mem::take(&mut line));
                    len = 0;
                }
                len += chars.len();
                line.extend(chars);
                continue;
            }
            if len > 0 {
                line.push(' ');
                len += 1;
            }
            line.push_str(word);
            len += wl;
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_words_and_long_words() {
        assert_eq!(wrap("aaa bbb ccc", 8), vec!["aaa bbb", "ccc"]);
        assert_eq!(
            wrap("x /a/very/long/path/name", 8),
            vec!["x", "/a/very/", "long/pat", "h/name"]
        );
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
    }
}
