//! The keys of an editable list (applications, certificates): the same everywhere.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListCmd {
    Up,
    Down,
    Edit,
    Add,
    Remove,
    MoveUp,
    MoveDown,
}

/// Reads a key aimed at a focused list.
pub fn list_cmd(key: KeyEvent) -> Option<ListCmd> {
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    Some(match key.code {
        KeyCode::Up if alt => ListCmd::MoveUp,
        KeyCode::Down if alt => ListCmd::MoveDown,
        KeyCode::Char('+') => ListCmd::MoveDown,
        KeyCode::Char('-') => ListCmd::MoveUp,
        KeyCode::Up | KeyCode::Char('k') => ListCmd::Up,
        KeyCode::Down | KeyCode::Char('j') => ListCmd::Down,
        KeyCode::Enter | KeyCode::Char('e') => ListCmd::Edit,
        KeyCode::Insert | KeyCode::Char('a') => ListCmd::Add,
        KeyCode::Delete | KeyCode::Char('d') => ListCmd::Remove,
        _ => return None,
    })
}

/// Applies a selection or reordering command to `items`; returns the new selection and
/// whether the list changed.
pub fn apply_cmd<T>(cmd: ListCmd, items: &mut Vec<T>, sel: usize) -> (usize, bool) {
    let n = items.len();
    match cmd {
        ListCmd::Up => (sel.saturating_sub(1), false),
        ListCmd::Down => ((sel + 1).min(n.saturating_sub(1)), false),
        ListCmd::MoveUp if sel > 0 && sel < n => {
            items.swap(sel, sel - 1);
            (sel - 1, true)
        }
        ListCmd::MoveDown if sel + 1 < n => {
            items.swap(sel, sel + 1);
            (sel + 1, true)
        }
        ListCmd::Remove if sel < n => {
            items.remove(sel);
            (sel.min(n.saturating_sub(2)), true)
        }
        _ => (sel, false),
    }
}

/// The hint line under a list.
pub const LIST_HINT: &str =
    "Enter edit · a add · d remove · + / - move down / up (the install order)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reorders_and_removes() {
        let mut v = vec![1, 2, 3];
        assert_eq!(apply_cmd(ListCmd::MoveDown, &mut v, 0), (1, true));
        assert_eq!(v, [2, 1, 3]);
        assert_eq!(apply_cmd(ListCmd::MoveUp, &mut v, 0), (0, false));
        assert_eq!(apply_cmd(ListCmd::Remove, &mut v, 2), (1, true));
        assert_eq!(v, [2, 1]);
    }
}
