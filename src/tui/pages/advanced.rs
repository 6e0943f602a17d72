//! "Advanced settings": every catalog setting, found by searching, described in our own
//! words and edited with a widget fitting its type. What is set lives in
//! [`Project::advanced`]; this page edits that list directly and the catalog validates.

use super::{Cx, Effect, PageView};
use crate::catalog::{self, Setting, search::search};
use crate::project::{AdvancedSetting, AdvancedValue, Field, Project, Secret, SecretSource};
use crate::settings::path::Selector;
use crate::settings::{PathSegment, SettingPath};
use crate::tui::slot::Slot;
use crate::tui::widgets::form::{Entry, Form, Row, Tone, Widget, list, text};
use crate::tui::widgets::setting_editor::{self, EditorKind};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;

/// Most results listed for one search.
const RESULTS: usize = 50;

/// The setting open in the detail pane.
struct Open {
    setting: &'static Setting,
    /// The collections the setting sits in (schema path of each repeated element and its
    /// key attribute, `None` for a list), outermost first.
    entries: Vec<(&'static str, Option<&'static str>)>,
    /// The path it is set at, when editing one already set.
    path: Option<SettingPath>,
    error: Option<String>,
}

pub struct AdvancedPage {
    form: Form,
    hits: Vec<&'static Setting>,
    open: Option<Open>,
}

impl AdvancedPage {
    pub fn new(_p: &Project) -> Self {
        Self {
            form: Form::new(vec![
                text(Slot::AdvSearch, ""),
                list(Slot::AdvSet),
                list(Slot::AdvResults),
                text(Slot::AdvKey, ""),
                text(Slot::AdvValue, ""),
            ]),
            hits: Vec::new(),
            open: None,
        }
    }

    fn research(&mut self) {
        self.hits = search(self.form.text(Slot::AdvSearch), RESULTS)
            .into_iter()
            .map(|h| h.setting)
            .collect();
        self.form.select(Slot::AdvResults, 0);
    }

    /// Opens `setting` for editing; `path` and `current` when it is set already.
    fn open(
        &mut self,
        setting: &'static Setting,
        path: Option<SettingPath>,
        current: Option<&str>,
    ) {
        let entries = collections_of(setting.path);
        let key = path
            .as_ref()
            .and_then(|p| {
                p.0.iter().rev().find_map(|s| match &s.selector {
                    Selector::Key(_, v) => Some(v.clone()),
                    Selector::Index(i) => Some((i + 1).to_string()),
                    Selector::First => None,
                })
            })
            .unwrap_or_default();
        self.form.set_text(Slot::AdvKey, &key);
        if let Some(w) = self.form.widget_mut(Slot::AdvValue) {
            *w = setting_editor::editor(setting, current);
        }
        self.open = Some(Open {
            setting,
            entries,
            path,
            error: None,
        });
        self.form.focus = if self.needs_key() {
            Slot::AdvKey
        } else {
            Slot::AdvValue
        };
    }

    fn needs_key(&self) -> bool {
        self.open
            .as_ref()
            .is_some_and(|o| o.path.is_none() && !o.entries.is_empty())
    }

    /// Writes the open setting into the project; false (with the reason shown) when the
    /// catalog refuses the value.
    fn commit(&mut self, p: &mut Project) -> bool {
        let needs_key = self.needs_key();
        let Some(open) = self.open.as_mut() else {
            return false;
        };
        let s = open.setting;
        let widget = self.form.widget(Slot::AdvValue);
        let typed = widget.map(setting_editor::text_of).unwrap_or_default();
        let path = match &open.path {
            Some(path) => path.clone(),
            None => match path_for(s.path, &open.entries, self.form.text(Slot::AdvKey).trim()) {
                Ok(path) => path,
                Err(e) => {
                    open.error = Some(e);
                    return false;
                }
            },
        };
        let _ = needs_key;
        let value = match setting_editor::kind_of(s) {
            EditorKind::Secret => {
                AdvancedValue::Secret(Secret::typed(typed.as_str().into(), SecretSource::Ask))
            }
            EditorKind::File if typed.trim().is_empty() => {
                open.error = Some("Type the path of the file.".into());
                return false;
            }
            EditorKind::File => AdvancedValue::Asset(super::relative_to(
                &p.base_dir.join(typed.trim()),
                &p.base_dir,
            )),
            _ => match s.compile_value(&typed) {
                Ok(_) => AdvancedValue::Value(typed),
                Err(e) => {
                    open.error = Some(format!(
                        "\"{}\" is not accepted here; it takes {}.",
                        e.value,
                        e.accepted.join(", ")
                    ));
                    return false;
                }
            },
        };
        open.error = None;
        match p.advanced.iter_mut().find(|a| a.path == path) {
            Some(a) => a.value = value,
            None => p.advanced.push(AdvancedSetting {
                path: path.clone(),
                value,
            }),
        }
        open.path = Some(path);
        true
    }

    /// Focus moves to the search box with `c` typed into it.
    fn type_into_search(&mut self, key: KeyEvent) -> Effect {
        self.form.focus = Slot::AdvSearch;
        self.open = None;
        if let Some(t) = self.form.input_mut(Slot::AdvSearch)
            && t.handle(key)
        {
            self.research();
        }
        Effect::None
    }
}

/// The collections enclosing schema path `path`: each repeated element with its key.
fn collections_of(path: &str) -> Vec<(&'static str, Option<&'static str>)> {
    let mut out = Vec::new();
    for (i, _) in path
        .match_indices('/')
        .chain(std::iter::once((path.len(), "")))
    {
        if let Some(c) = catalog::collection(&path[..i]) {
            out.push((c.path, c.key));
        }
    }
    out
}

/// The path of a setting inside one named entry: map entries by key, list items by
/// their number (1 = first).
fn path_for(
    schema: &str,
    entries: &[(&'static str, Option<&'static str>)],
    key: &str,
) -> Result<SettingPath, String> {
    if entries.len() > 1 {
        return Err(
            "This setting sits inside entries within entries; import a WCD project \
                    to set it."
                .into(),
        );
    }
    let mut segs = Vec::new();
    let mut at = 0;
    for name in schema.split('/') {
        at += name.len();
        let selector = match entries.first() {
            Some((elem, k)) if elem.len() == at => {
                if key.is_empty() {
                    return Err("Type the entry's name first.".into());
                }
                match k {
                    Some(attr) => Selector::Key((*attr).to_owned(), key.to_owned()),
                    None => match key.parse::<usize>() {
                        Ok(n) if n >= 1 => Selector::Index(n - 1),
                        _ => return Err("This is a list: type the item number (1, 2…).".into()),
                    },
                }
            }
            _ => Selector::First,
        };
        at += 1;
        segs.push(PathSegment {
            name: name.to_owned(),
            selector,
        });
    }
    Ok(SettingPath(segs))
}

/// How a set value reads in the list: secrets hidden, choices by display name.
fn value_words(s: Option<&Setting>, v: &AdvancedValue) -> String {
    match v {
        AdvancedValue::Secret(_) => "(secret)".into(),
        AdvancedValue::Asset(p) => format!("file {}", p.display()),
        AdvancedValue::Value(t) => match s.and_then(|s| s.compile_value(t).ok().map(|c| (s, c))) {
            Some((s, c)) => s.value_in_words(&c),
            None => t.clone(),
        },
    }
}

fn is_char(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

impl PageView for AdvancedPage {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn rows(&self, cx: &Cx) -> Vec<Row> {
        let p = cx.project;
        let mut rows = vec![Row::Field(Slot::AdvSearch)];
        let query = self.form.text(Slot::AdvSearch).trim();
        if query.is_empty() {
            rows.push(Row::dim(
                "Type to search every setting by name, path or Windows (CSP) path.",
            ));
        } else if self.hits.is_empty() {
            rows.push(Row::Note(
                format!("No setting matches \"{query}\"."),
                Tone::Warn,
            ));
        } else if self.open.is_none() {
            rows.push(Row::Entries {
                slot: Slot::AdvResults,
                entries: self
                    .hits
                    .iter()
                    .map(|s| Entry {
                        text: if s.label.is_empty() {
                            s.path.to_owned()
                        } else {
                            format!("{} · {}", s.label, s.path)
                        },
                        problem: false,
                    })
                    .collect(),
            });
        }
        if let Some(o) = &self.open {
            let s = o.setting;
            rows.push(Row::Heading(s.display_label().to_owned()));
            for (label, value) in setting_editor::facts(s) {
                rows.push(Row::pair(label, value));
            }
            if !o.entries.is_empty() {
                match &o.path {
                    Some(path) => rows.push(Row::pair("Entry", path.to_string())),
                    None => rows.push(Row::Field(Slot::AdvKey)),
                }
            }
            rows.push(Row::Field(Slot::AdvValue));
            if let Some(e) = &o.error {
                rows.push(Row::Note(format!("! {e}"), Tone::Error));
            }
            rows.push(Row::dim("Enter sets it · Esc closes it"));
        }
        rows.push(Row::Heading(format!(
            "Set in this project ({})",
            p.advanced.len()
        )));
        if p.advanced.is_empty() {
            rows.push(Row::dim("Nothing yet."));
        } else {
            rows.push(Row::Entries {
                slot: Slot::AdvSet,
                entries: p
                    .advanced
                    .iter()
                    .map(|a| {
                        let s = catalog::setting(&a.path.schema_path());
                        Entry {
                            text: format!("{} = {}", a.path, value_words(s, &a.value)),
                            problem: s.is_none(),
                        }
                    })
                    .collect(),
            });
        }
        rows
    }

    /// The page edits the project in [`PageView::key`]; nothing is pending here.
    fn apply(&mut self, _p: &mut Project) {}

    fn slot_of(&self, field: Field) -> Option<Slot> {
        match field {
            Field::Advanced(_) => Some(Slot::AdvSet),
            _ => None,
        }
    }

    fn key(
        &mut self,
        key: KeyEvent,
        p: &mut Project,
        _problems: &[crate::project::Problem],
    ) -> Option<Effect> {
        let focus = self.form.focus;
        let ctrl_f =
            key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('f');
        if ctrl_f {
            self.form.focus = Slot::AdvSearch;
            return Some(Effect::None);
        }
        if matches!(focus, Slot::AdvResults | Slot::AdvSet)
            && matches!(key.code, KeyCode::Up | KeyCode::Down)
        {
            // Arrows move within a list; past either end the focus moves on.
            let n = if focus == Slot::AdvSet {
                p.advanced.len()
            } else {
                self.hits.len()
            };
            let sel = self.form.selected(focus);
            let to = match key.code {
                KeyCode::Down if sel + 1 < n => sel + 1,
                KeyCode::Up if sel > 0 => sel - 1,
                _ => return None,
            };
            self.form.select(focus, to);
            return Some(Effect::None);
        }
        match focus {
            Slot::AdvSearch => {
                if key.code == KeyCode::Enter && !self.hits.is_empty() {
                    self.open = None;
                    self.form.focus = Slot::AdvResults;
                    return Some(Effect::None);
                }
                if matches!(
                    key.code,
                    KeyCode::Char(_) | KeyCode::Backspace | KeyCode::Delete
                ) && !key.modifiers.contains(KeyModifiers::CONTROL)
                {
                    return Some(self.type_into_search(key));
                }
                None
            }
            Slot::AdvResults => match key.code {
                KeyCode::Enter => {
                    let s = *self.hits.get(self.form.selected(Slot::AdvResults))?;
                    self.open(s, None, None);
                    Some(Effect::None)
                }
                KeyCode::Char('/') => {
                    self.form.focus = Slot::AdvSearch;
                    Some(Effect::None)
                }
                _ if is_char(&key) => Some(self.type_into_search(key)),
                _ => None,
            },
            Slot::AdvSet => match key.code {
                KeyCode::Enter => {
                    let a = p.advanced.get(self.form.selected(Slot::AdvSet))?;
                    let s = catalog::setting(&a.path.schema_path())?;
                    let current = match &a.value {
                        AdvancedValue::Value(t) => Some(t.clone()),
                        AdvancedValue::Asset(f) => Some(f.display().to_string()),
                        AdvancedValue::Secret(x) => x.value().map(|v| v.expose().to_owned()),
                    };
                    self.open(s, Some(a.path.clone()), current.as_deref());
                    Some(Effect::None)
                }
                KeyCode::Char('d') | KeyCode::Delete
                    if !key.modifiers.contains(KeyModifiers::CONTROL) =>
                {
                    let i = self.form.selected(Slot::AdvSet);
                    if i >= p.advanced.len() {
                        return Some(Effect::None);
                    }
                    let gone = p.advanced.remove(i);
                    if self.open.as_ref().and_then(|o| o.path.as_ref()) == Some(&gone.path) {
                        self.open = None;
                    }
                    self.form
                        .select(Slot::AdvSet, i.min(p.advanced.len().saturating_sub(1)));
                    if p.advanced.is_empty() {
                        self.form.focus = Slot::AdvSearch;
                    }
                    Some(Effect::Changed)
                }
                KeyCode::Char('/') => {
                    self.form.focus = Slot::AdvSearch;
                    Some(Effect::None)
                }
                _ if is_char(&key) => Some(self.type_into_search(key)),
                _ => None,
            },
            Slot::AdvKey | Slot::AdvValue => match key.code {
                KeyCode::Enter => {
                    if focus == Slot::AdvKey {
                        self.form.focus = Slot::AdvValue;
                        return Some(Effect::None);
                    }
                    Some(if self.commit(p) {
                        Effect::Changed
                    } else {
                        Effect::None
                    })
                }
                KeyCode::Esc => {
                    self.open = None;
                    self.form.focus = Slot::AdvSearch;
                    Some(Effect::None)
                }
                KeyCode::Char('/')
                    if matches!(self.form.widget(focus), Some(Widget::Choice(_))) =>
                {
                    self.form.focus = Slot::AdvSearch;
                    Some(Effect::None)
                }
                // The editor's own keys; the value is written on Enter, so editing does
                // not mark the project changed.
                _ => {
                    let w = self.form.widget_mut(focus)?;
                    let handled = match w {
                        Widget::Text(t) => t.handle(key),
                        Widget::Choice(c) => {
                            let n = c.options.len();
                            match key.code {
                                KeyCode::Down if c.selected + 1 < n => {
                                    c.selected += 1;
                                    true
                                }
                                KeyCode::Up if c.selected > 0 => {
                                    c.selected -= 1;
                                    true
                                }
                                _ => c.handle(key),
                            }
                        }
                        _ => false,
                    };
                    handled.then_some(Effect::None)
                }
            },
            _ => None,
        }
    }

    fn picked(&mut self, _slot: Slot, path: PathBuf, _p: &mut Project) {
        self.form.set_text(Slot::AdvValue, &path.to_string_lossy());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_their_entry() {
        let s = "Accounts/Users/User/Password";
        let entries = collections_of(s);
        assert_eq!(entries, [("Accounts/Users/User", Some("UserName"))]);
        let p = path_for(s, &entries, "kiosk").unwrap();
        assert_eq!(
            p.to_string(),
            "Accounts/Users/User[UserName=kiosk]/Password"
        );
        assert!(path_for(s, &entries, "").is_err());
        let plain = path_for("OOBE/Desktop/HideOobe", &[], "").unwrap();
        assert_eq!(plain.to_string(), "OOBE/Desktop/HideOobe");
    }
}
