//! A page that edits an ordered list one item at a time (applications, certificates).
//!
//! The list half is the same on every such page — the numbered entries with their problem
//! marks, the key hint and the Add button; the list keys (select, reorder, remove, add,
//! edit); Esc and Done back to the list with the edited item selected; a problem opening
//! its item. It lives here once, so the pages cannot drift apart; a page supplies only
//! its items, how one is described, and its editor.
//!
//! It sits with the pages rather than in `widgets` because it works on the [`Project`]
//! and answers with page [`Effect`]s.

use super::list_keys::{ListCmd, apply_cmd, list_cmd};
use super::{Cx, Effect, PageView};
use crate::project::{Field, Project};
use crate::tui::slot::Slot;
use crate::tui::widgets::form::{Entry, Form, Row};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::path::Path;

/// The slots a list page shows around its list.
#[derive(Clone, Copy, Debug)]
pub struct ListSlots {
    /// The list itself.
    pub list: Slot,
    /// The "Add" button under it.
    pub add: Slot,
    /// The editor's "Done" button, back to the list.
    pub done: Slot,
    /// The editor's first field, focused when an item opens.
    pub first: Slot,
}

/// A page built around such a list: what the page provides, and (provided methods) the
/// list behaviour it gets for it. The page's [`PageView`] methods call the `list_*`
/// methods and add their own editor's behaviour.
pub trait ListPage: PageView {
    type Item;
    const SLOTS: ListSlots;

    /// The item being edited, or `None` while the list shows.
    fn editing(&self) -> Option<usize>;
    fn set_editing(&mut self, i: Option<usize>);
    fn items(p: &Project) -> &[Self::Item];
    fn items_mut(p: &mut Project) -> &mut Vec<Self::Item>;
    /// A new, empty item for "Add".
    fn blank() -> Self::Item;
    /// Fills the editor's widgets from `item`.
    fn load(&mut self, item: &Self::Item);
    /// The item a problem of the model belongs to.
    fn item_of(field: Field) -> Option<usize>;
    /// How the list shows an item: its name and what follows it in brackets.
    fn describe(item: &Self::Item) -> (&str, String);

    /// Opens item `i` in the editor.
    fn edit(&mut self, i: usize, p: &Project) {
        let Some(item) = Self::items(p).get(i) else {
            return;
        };
        self.load(item);
        self.form_mut().focus = Self::SLOTS.first;
        self.set_editing(Some(i));
    }

    /// Appends a blank item and opens it.
    fn add(&mut self, p: &mut Project) {
        Self::items_mut(p).push(Self::blank());
        self.edit(Self::items(p).len() - 1, p);
    }

    /// Closes the editor; the item just edited stays selected.
    fn back_to_list(&mut self) {
        let list = Self::SLOTS.list;
        if let Some(i) = self.editing() {
            self.set_editing(None);
            self.form_mut().select(list, i);
        }
        self.form_mut().focus = list;
    }

    /// The rows of the list view: `intro`, the entries, `hint` and the Add button.
    fn list_rows(&self, cx: &Cx, intro: &str, hint: impl Into<String>) -> Vec<Row> {
        let entries = Self::items(cx.project)
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let (name, detail) = Self::describe(item);
                let name = if name.is_empty() { "(no name)" } else { name };
                Entry {
                    text: format!("{}. {name}  ({detail})", i + 1),
                    problem: cx
                        .problems
                        .iter()
                        .any(|pr| Self::item_of(pr.field) == Some(i)),
                }
            })
            .collect();
        vec![
            Row::dim(intro),
            Row::Blank,
            Row::Entries {
                slot: Self::SLOTS.list,
                entries,
            },
            Row::dim(hint),
            Row::Blank,
            Row::Field(Self::SLOTS.add),
        ]
    }

    /// Keys before the form's own handling: Esc in the editor goes back to the list; on
    /// the focused list, the list keys. `None` lets the form handle the key.
    fn list_key(&mut self, key: KeyEvent, p: &mut Project) -> Option<Effect> {
        let list = Self::SLOTS.list;
        if self.editing().is_some() {
            if key.code == KeyCode::Esc {
                self.back_to_list();
                return Some(Effect::None);
            }
            return None;
        }
        if self.form().focus != list {
            return None;
        }
        let cmd = list_cmd(key)?;
        let sel = self.form().selected(list);
        match cmd {
            ListCmd::Add => self.add(p),
            // Opening an item to look at it changes nothing.
            ListCmd::Edit if sel < Self::items(p).len() => {
                self.edit(sel, p);
                return Some(Effect::None);
            }
            ListCmd::Edit => return None,
            _ => {
                let (sel, changed) = apply_cmd(cmd, Self::items_mut(p), sel);
                self.form_mut().select(list, sel);
                if !changed {
                    return Some(Effect::None);
                }
            }
        }
        Some(Effect::Changed)
    }

    /// The Add and Done buttons; `None` for the page's own buttons.
    fn list_activate(&mut self, slot: Slot, p: &mut Project) -> Option<Effect> {
        if slot == Self::SLOTS.add {
            self.add(p);
            Some(Effect::Changed)
        } else if slot == Self::SLOTS.done {
            self.back_to_list();
            Some(Effect::None)
        } else {
            None
        }
    }

    /// Opens the item a problem belongs to, on the problem's field.
    fn list_focus_field(&mut self, field: Field, p: &Project) -> bool {
        let Some(i) = Self::item_of(field) else {
            return false;
        };
        self.edit(i, p);
        if let Some(s) = self.slot_of(field) {
            self.form_mut().focus = s;
        }
        true
    }
}

/// Names an item after a picked file (its stem) while the name is still empty.
pub fn name_after_file(form: &mut Form, name: Slot, file: &Path) {
    if form.text(name).trim().is_empty() {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        form.set_text(name, &stem);
    }
}
