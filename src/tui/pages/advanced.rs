//! "Advanced settings": every catalog setting, browsed as a tree (Accounts,
//! ConnectivityProfiles, Policies/…) or found by searching, described in our own words and
//! edited with a widget fitting its type: a choice, a number, text, a hidden secret, a
//! file (typed or picked), and for settings inside a map or list the entries set so far
//! with their names. What is set lives in [`Project::advanced`], except settings a wizard
//! page owns (the device name, the setup screens…): those are read from and written to
//! that page's field, so the two never disagree.

use super::{Cx, Effect, PageView};
use crate::catalog::{self, Setting, search::search};
use crate::project::sections::device;
use crate::project::{
    AdvancedSetting, AdvancedValue, Device, Field, NameSetting, Page, Project, Secret, SecretSource,
};
use crate::settings::path::Selector;
use crate::settings::{PathSegment, SettingPath};
use crate::tui::slot::Slot;
use crate::tui::widgets::form::{Entry, Form, Row, Tone, Widget, button, list, text};
use crate::tui::widgets::setting_editor::{self, EditorKind};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;

/// Most results listed for one search.
const RESULTS: usize = 50;

/// A catalog setting a wizard page also sets.
struct Twin {
    path: &'static str,
    page: Page,
    field: TwinField,
}

enum TwinField {
    /// The device name, when the project writes it to this setting.
    DeviceName(NameSetting),
    ProductKey,
    /// A tick box the wizard writes as `word` when on (and leaves out when off).
    Flag(fn(&mut Device) -> &mut bool, &'static str),
}

fn hide_oobe(d: &mut Device) -> &mut bool {
    &mut d.hide_oobe
}
fn trusted_apps(d: &mut Device) -> &mut bool {
    &mut d.allow_all_trusted_apps
}
fn shared_use(d: &mut Device) -> &mut bool {
    &mut d.shared_use
}
fn remove_preinstalled(d: &mut Device) -> &mut bool {
    &mut d.remove_preinstalled
}

/// The wizard fields that have an advanced twin, with the setting each writes (the
/// device section's constants, [`device`]).
const TWINS: [Twin; 7] = [
    Twin {
        path: device::COMPUTER_NAME,
        page: Page::Device,
        field: TwinField::DeviceName(NameSetting::ComputerAccount),
    },
    Twin {
        path: device::DNS_COMPUTER_NAME,
        page: Page::Device,
        field: TwinField::DeviceName(NameSetting::DnsComputerName),
    },
    Twin {
        path: device::PRODUCT_KEY,
        page: Page::Device,
        field: TwinField::ProductKey,
    },
    Twin {
        path: device::SHARED_PC,
        page: Page::Device,
        field: TwinField::Flag(shared_use, device::SHARED_PC_ON),
    },
    Twin {
        path: device::CLEAN_PC,
        page: Page::Device,
        field: TwinField::Flag(remove_preinstalled, device::CLEAN_PC_ON),
    },
    Twin {
        path: device::HIDE_OOBE,
        page: Page::Device,
        field: TwinField::Flag(hide_oobe, device::HIDE_OOBE_ON),
    },
    Twin {
        path: device::ALLOW_ALL_TRUSTED_APPS,
        page: Page::Device,
        field: TwinField::Flag(trusted_apps, device::TRUSTED_APPS_ON),
    },
];

impl Twin {
    fn of(path: &str) -> Option<&'static Twin> {
        TWINS.iter().find(|t| t.path == path)
    }

    /// The field's value as the setting's text, `None` when the field writes nothing.
    fn get(&self, p: &Project) -> Option<String> {
        match &self.field {
            TwinField::DeviceName(s) => (p.device.name_setting == *s && !p.device.name.is_empty())
                .then(|| p.device.name.clone()),
            TwinField::ProductKey => p.device.product_key.clone(),
            TwinField::Flag(f, word) => {
                let mut d = p.device.clone();
                f(&mut d).then(|| (*word).to_owned())
            }
        }
    }

    /// Writes the setting's text (already accepted by the catalog) into the field;
    /// `None` clears it.
    fn set(&self, p: &mut Project, text: Option<&str>) {
        match &self.field {
            TwinField::DeviceName(s) => match text {
                Some(t) => {
                    p.device.name = t.trim().to_owned();
                    p.device.name_setting = *s;
                }
                None if p.device.name_setting == *s => p.device.name.clear(),
                None => {}
            },
            TwinField::ProductKey => {
                p.device.product_key = text
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(Into::into)
            }
            TwinField::Flag(f, word) => {
                let on = text.is_some_and(|t| {
                    let s = catalog::setting(self.path);
                    let compiled = |w: &str| s.and_then(|s| s.compile_value(w).ok());
                    compiled(t).is_some() && compiled(t) == compiled(word)
                });
                *f(&mut p.device) = on;
            }
        }
    }
}

/// One line of the results: a folder of the catalog tree, or a setting.
#[derive(Clone, Copy, Debug)]
enum Item {
    Folder(&'static str),
    Setting(&'static Setting),
}

impl PartialEq for Item {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Item::Folder(a), Item::Folder(b)) => a == b,
            (Item::Setting(a), Item::Setting(b)) => a.path == b.path,
            _ => false,
        }
    }
}

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

/// One line of the "Set in this project" list.
enum SetLine {
    Advanced(usize),
    Twin(&'static Twin),
    /// A setting the Kiosk page writes: shown, changed on that page.
    Kiosk(SettingPath, String),
}

pub struct AdvancedPage {
    form: Form,
    items: Vec<Item>,
    /// The folder of the catalog tree shown while nothing is searched ("" = the top).
    folder: String,
    open: Option<Open>,
}

impl AdvancedPage {
    pub fn new(_p: &Project) -> Self {
        let mut page = Self {
            form: Form::new(vec![
                text(Slot::AdvSearch, ""),
                list(Slot::AdvSet),
                list(Slot::AdvResults),
                list(Slot::AdvEntries),
                text(Slot::AdvKey, ""),
                text(Slot::AdvValue, ""),
                button(Slot::AdvBrowse),
            ]),
            items: Vec::new(),
            folder: String::new(),
            open: None,
        };
        page.research();
        page
    }

    /// Fills the results: the search's hits, or the current folder of the tree.
    fn research(&mut self) {
        let query = self.form.text(Slot::AdvSearch).trim().to_owned();
        self.items = if query.is_empty() {
            tree_items(&self.folder)
        } else {
            search(&query, RESULTS)
                .into_iter()
                .map(|h| Item::Setting(h.setting))
                .collect()
        };
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

    /// Opens a setting from the catalog, with the value a wizard page gives it.
    fn open_new(&mut self, s: &'static Setting, p: &Project) {
        match Twin::of(s.path) {
            Some(t) => {
                let current = t.get(p);
                let path = current.as_ref().map(|_| plain_path(s.path));
                self.open(s, path, current.as_deref());
            }
            None => self.open(s, None, None),
        }
    }

    fn needs_key(&self) -> bool {
        self.open
            .as_ref()
            .is_some_and(|o| o.path.is_none() && !o.entries.is_empty())
    }

    /// Writes the open setting into the project; `None` (with the reason shown) when the
    /// catalog refuses the value, else the effect to report.
    fn commit(&mut self, p: &mut Project) -> Option<Effect> {
        let open = self.open.as_mut()?;
        let s = open.setting;
        let widget = self.form.widget(Slot::AdvValue);
        let typed = widget.map(setting_editor::text_of).unwrap_or_default();
        let path = match &open.path {
            Some(path) => path.clone(),
            None => match path_for(s.path, &open.entries, self.form.text(Slot::AdvKey).trim()) {
                Ok(path) => path,
                Err(e) => {
                    open.error = Some(e);
                    return None;
                }
            },
        };
        let value = match setting_editor::kind_of(s) {
            EditorKind::Secret => {
                AdvancedValue::Secret(Secret::typed(typed.as_str().into(), SecretSource::Ask))
            }
            EditorKind::File if typed.trim().is_empty() => {
                open.error = Some("Type the path of the file, or choose it with Browse.".into());
                return None;
            }
            EditorKind::File => AdvancedValue::Asset(super::relative_to(
                &p.base_dir.join(typed.trim()),
                &p.base_dir,
            )),
            _ => match s.compile_value(&typed) {
                Ok(_) => AdvancedValue::Value(typed.clone()),
                Err(e) => {
                    open.error = Some(format!(
                        "\"{}\" is not accepted here; it takes {}.",
                        e.value,
                        e.accepted.join(", ")
                    ));
                    return None;
                }
            },
        };
        open.error = None;
        open.path = Some(path.clone());
        // A setting a wizard page owns goes into that page's field.
        if let Some(t) = Twin::of(s.path).filter(|_| open.entries.is_empty()) {
            t.set(p, Some(&typed));
            p.advanced.retain(|a| a.path != path);
            if t.get(p).is_none() {
                // Off, for a tick box: the page writes nothing, so nothing is set here.
                open.path = None;
            }
            return Some(Effect::Reload(t.page));
        }
        match p.advanced.iter_mut().find(|a| a.path == path) {
            Some(a) => a.value = value,
            None => p.advanced.push(AdvancedSetting { path, value }),
        }
        Some(Effect::Changed)
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

    /// The lines of the "Set in this project" list: advanced settings, then the wizard
    /// fields that write a catalog setting.
    fn set_lines(p: &Project) -> Vec<SetLine> {
        (0..p.advanced.len())
            .map(SetLine::Advanced)
            .chain(
                TWINS
                    .iter()
                    .filter(|t| t.get(p).is_some())
                    .map(SetLine::Twin),
            )
            .chain(p.kiosk.iter().flat_map(|k| {
                crate::project::kiosk::settings(k)
                    .into_iter()
                    .map(|(path, text)| {
                        let words = match text {
                            crate::project::kiosk::Text::Plain(t) => {
                                text_words(catalog::setting(&path.schema_path()), &t)
                            }
                            crate::project::kiosk::Text::Secret(_) => "(secret)".to_owned(),
                        };
                        SetLine::Kiosk(path, words)
                    })
            }))
            .collect()
    }

    /// Entries of the open map/list setting set in this project: (index, entry name).
    fn entries_of_open(&self, p: &Project) -> Vec<(usize, String)> {
        let Some(o) = &self.open else {
            return Vec::new();
        };
        if o.entries.is_empty() {
            return Vec::new();
        }
        p.advanced
            .iter()
            .enumerate()
            .filter(|(_, a)| a.path.schema_path() == o.setting.path)
            .map(|(i, a)| (i, entry_name(&a.path)))
            .collect()
    }

    fn up_a_folder(&mut self) {
        self.folder = match self.folder.rsplit_once('/') {
            Some((up, _)) => up.to_owned(),
            None => String::new(),
        };
        self.research();
    }
}

/// `schema` with no entry selectors.
fn plain_path(schema: &str) -> SettingPath {
    SettingPath(
        schema
            .split('/')
            .map(|n| PathSegment {
                name: n.to_owned(),
                selector: Selector::First,
            })
            .collect(),
    )
}

/// The names of the entries a path selects, from the outside in: keys, or item numbers.
fn entry_name(path: &SettingPath) -> String {
    path.0
        .iter()
        .filter_map(|s| match &s.selector {
            Selector::Key(_, v) => Some(v.clone()),
            Selector::Index(i) => Some(format!("#{}", i + 1)),
            Selector::First => None,
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

/// The folders and settings directly inside `folder` of the catalog tree, folders first.
fn tree_items(folder: &str) -> Vec<Item> {
    let prefix = if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    };
    let mut folders: Vec<&'static str> = Vec::new();
    let mut leaves: Vec<Item> = Vec::new();
    for s in catalog::settings() {
        let Some(rest) = s.path.strip_prefix(prefix.as_str()) else {
            continue;
        };
        match rest.find('/') {
            Some(i) => {
                let f = &s.path[..prefix.len() + i];
                if !folders.contains(&f) {
                    folders.push(f);
                }
            }
            None => leaves.push(Item::Setting(s)),
        }
    }
    folders.sort_by_key(|f| f.to_ascii_lowercase());
    folders
        .into_iter()
        .map(Item::Folder)
        .chain(leaves)
        .collect()
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

/// The path of a setting inside named entries: map entries by key, list items by their
/// number (1 = first). Inside entries within entries (a domain, then a user), the names
/// are typed from the outside in, separated by `/`.
fn path_for(
    schema: &str,
    entries: &[(&'static str, Option<&'static str>)],
    key: &str,
) -> Result<SettingPath, String> {
    let keys: Vec<&str> = match entries.len() {
        0 => Vec::new(),
        1 => vec![key.trim()],
        _ => key.split('/').map(str::trim).collect(),
    };
    if keys.iter().any(|k| k.is_empty()) || keys.len() != entries.len() {
        return Err(if entries.len() > 1 {
            format!(
                "This setting sits inside {} entries within each other: type their names \
                 from the outside in, separated by /.",
                entries.len()
            )
        } else {
            "Type the entry's name first.".into()
        });
    }
    let mut segs = Vec::new();
    let mut at = 0;
    for name in schema.split('/') {
        at += name.len();
        let entry = entries.iter().position(|(elem, _)| elem.len() == at);
        let selector = match entry {
            Some(i) => {
                let key = keys[i];
                match entries[i].1 {
                    Some(attr) => Selector::Key(attr.to_owned(), key.to_owned()),
                    None => match key.trim_start_matches('#').parse::<usize>() {
                        Ok(n) if n >= 1 => Selector::Index(n - 1),
                        _ => return Err("This is a list: type the item number (1, 2…).".into()),
                    },
                }
            }
            None => Selector::First,
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
        AdvancedValue::Value(t) => text_words(s, t),
    }
}

fn text_words(s: Option<&Setting>, t: &str) -> String {
    match s.and_then(|s| s.compile_value(t).ok().map(|c| (s, c))) {
        Some((s, c)) => s.value_in_words(&c),
        None => t.to_owned(),
    }
}

fn is_char(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_))
        && !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
}

fn item_text(item: &Item) -> String {
    match item {
        Item::Folder(f) => format!("▸ {}/", f.rsplit('/').next().unwrap_or(f)),
        Item::Setting(s) if s.label.is_empty() => s.path.to_owned(),
        Item::Setting(s) => format!("{} · {}", s.label, s.path),
    }
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
        // What is set comes first, while no setting is open.
        if self.open.is_none() {
            let lines = Self::set_lines(p);
            rows.push(Row::Heading(format!(
                "Set in this project ({})",
                lines.len()
            )));
            if lines.is_empty() {
                rows.push(Row::dim("Nothing yet."));
            } else {
                rows.push(Row::Entries {
                    slot: Slot::AdvSet,
                    entries: lines
                        .iter()
                        .map(|l| match l {
                            SetLine::Advanced(i) => {
                                let a = &p.advanced[*i];
                                let s = catalog::setting(&a.path.schema_path());
                                Entry {
                                    text: format!("{} = {}", a.path, value_words(s, &a.value)),
                                    problem: s.is_none(),
                                }
                            }
                            SetLine::Kiosk(path, words) => Entry {
                                text: format!("{path} = {words} (Kiosk page)"),
                                problem: false,
                            },
                            SetLine::Twin(t) => Entry {
                                text: format!(
                                    "{} = {} ({} page)",
                                    t.path,
                                    text_words(
                                        catalog::setting(t.path),
                                        &t.get(p).unwrap_or_default()
                                    ),
                                    t.page.title()
                                ),
                                problem: false,
                            },
                        })
                        .collect(),
                });
            }
        }
        if query.is_empty() && self.open.is_none() {
            let place = if self.folder.is_empty() {
                "every setting, by category".to_owned()
            } else {
                format!("{}/  (← or Backspace goes up)", self.folder)
            };
            rows.push(Row::Pair("Browsing".into(), place, Tone::Dim));
        }
        if !query.is_empty() && self.items.is_empty() {
            rows.push(Row::Note(
                format!("No setting matches \"{query}\"."),
                Tone::Warn,
            ));
        } else if self.open.is_none() {
            rows.push(Row::Entries {
                slot: Slot::AdvResults,
                entries: self
                    .items
                    .iter()
                    .map(|i| Entry {
                        text: item_text(i),
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
            if let Some(t) = Twin::of(s.path).filter(|_| o.entries.is_empty()) {
                rows.push(Row::Pair(
                    "Also on".into(),
                    format!("the {} page: the two are one value", t.page.title()),
                    Tone::Dim,
                ));
            }
            if !o.entries.is_empty() {
                let set = self.entries_of_open(p);
                if !set.is_empty() {
                    rows.push(Row::Entries {
                        slot: Slot::AdvEntries,
                        entries: set
                            .iter()
                            .map(|(i, name)| Entry {
                                text: format!(
                                    "{name} = {}",
                                    value_words(Some(s), &p.advanced[*i].value)
                                ),
                                problem: false,
                            })
                            .collect(),
                    });
                }
                match &o.path {
                    Some(path) => rows.push(Row::pair("Entry", entry_name(path))),
                    None => rows.push(Row::Field(Slot::AdvKey)),
                }
            }
            // Above the value, so it shows beside the field the focus is on.
            if let Some(e) = &o.error {
                rows.push(Row::Note(format!("! {e}"), Tone::Error));
            }
            rows.push(Row::Field(Slot::AdvValue));
            if setting_editor::kind_of(s) == EditorKind::File {
                rows.push(Row::Field(Slot::AdvBrowse));
            }
            rows.push(Row::dim(if o.entries.is_empty() {
                "Enter sets it · Esc closes it"
            } else {
                "Enter sets it · Esc closes it · in the entries: Enter edits, d removes"
            }));
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

    fn focus_field(&mut self, field: Field, p: &Project) -> bool {
        let Field::Advanced(i) = field else {
            return false;
        };
        self.form.focus = Slot::AdvSet;
        self.form.select(Slot::AdvSet, i.min(p.advanced.len()));
        true
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
        if matches!(focus, Slot::AdvResults | Slot::AdvSet | Slot::AdvEntries)
            && matches!(key.code, KeyCode::Up | KeyCode::Down)
        {
            // Arrows move within a list; past either end the focus moves on.
            let n = match focus {
                Slot::AdvSet => Self::set_lines(p).len(),
                Slot::AdvEntries => self.entries_of_open(p).len(),
                _ => self.items.len(),
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
                if key.code == KeyCode::Enter && !self.items.is_empty() {
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
                KeyCode::Enter | KeyCode::Right => {
                    match *self.items.get(self.form.selected(Slot::AdvResults))? {
                        Item::Folder(f) => {
                            self.folder = f.to_owned();
                            self.research();
                        }
                        Item::Setting(s) if key.code == KeyCode::Enter => self.open_new(s, p),
                        Item::Setting(_) => {}
                    }
                    Some(Effect::None)
                }
                KeyCode::Left | KeyCode::Backspace
                    if self.form.text(Slot::AdvSearch).trim().is_empty() =>
                {
                    self.up_a_folder();
                    Some(Effect::None)
                }
                KeyCode::Char('/') => {
                    self.form.focus = Slot::AdvSearch;
                    Some(Effect::None)
                }
                _ if is_char(&key) => Some(self.type_into_search(key)),
                _ => None,
            },
            Slot::AdvSet => {
                let lines = Self::set_lines(p);
                let sel = self.form.selected(Slot::AdvSet);
                match key.code {
                    KeyCode::Enter => {
                        match lines.get(sel)? {
                            SetLine::Advanced(i) => {
                                let a = &p.advanced[*i];
                                let s = catalog::setting(&a.path.schema_path())?;
                                let current = match &a.value {
                                    AdvancedValue::Value(t) => Some(t.clone()),
                                    AdvancedValue::Asset(f) => Some(f.display().to_string()),
                                    AdvancedValue::Secret(x) => {
                                        x.value().map(|v| v.expose().to_owned())
                                    }
                                };
                                self.open(s, Some(a.path.clone()), current.as_deref());
                            }
                            SetLine::Twin(t) => {
                                let s = catalog::setting(t.path)?;
                                self.open_new(s, p);
                            }
                            SetLine::Kiosk(..) => return Some(Effect::Jump(Field::KioskAccount)),
                        }
                        Some(Effect::None)
                    }
                    KeyCode::Char('d') | KeyCode::Delete
                        if !key.modifiers.contains(KeyModifiers::CONTROL) =>
                    {
                        let Some(line) = lines.get(sel) else {
                            return Some(Effect::None);
                        };
                        let effect = match line {
                            SetLine::Advanced(i) => {
                                let gone = p.advanced.remove(*i);
                                if self.open.as_ref().and_then(|o| o.path.as_ref())
                                    == Some(&gone.path)
                                {
                                    self.open = None;
                                }
                                Effect::Changed
                            }
                            SetLine::Twin(t) => {
                                t.set(p, None);
                                Effect::Reload(t.page)
                            }
                            // Changed on the Kiosk page (Enter goes there).
                            SetLine::Kiosk(..) => return Some(Effect::None),
                        };
                        let left = Self::set_lines(p).len();
                        self.form
                            .select(Slot::AdvSet, sel.min(left.saturating_sub(1)));
                        if left == 0 {
                            self.form.focus = Slot::AdvSearch;
                        }
                        Some(effect)
                    }
                    KeyCode::Char('/') => {
                        self.form.focus = Slot::AdvSearch;
                        Some(Effect::None)
                    }
                    _ if is_char(&key) => Some(self.type_into_search(key)),
                    _ => None,
                }
            }
            Slot::AdvEntries => {
                let entries = self.entries_of_open(p);
                let (i, _) = entries.get(self.form.selected(Slot::AdvEntries))?.clone();
                match key.code {
                    KeyCode::Enter => {
                        let a = &p.advanced[i];
                        let current = match &a.value {
                            AdvancedValue::Value(t) => Some(t.clone()),
                            AdvancedValue::Asset(f) => Some(f.display().to_string()),
                            AdvancedValue::Secret(x) => x.value().map(|v| v.expose().to_owned()),
                        };
                        let (s, path) = (self.open.as_ref()?.setting, a.path.clone());
                        self.open(s, Some(path), current.as_deref());
                        Some(Effect::None)
                    }
                    KeyCode::Char('d') | KeyCode::Delete => {
                        let gone = p.advanced.remove(i);
                        if let Some(o) = self.open.as_mut()
                            && o.path.as_ref() == Some(&gone.path)
                        {
                            o.path = None;
                        }
                        self.form.select(Slot::AdvEntries, 0);
                        if entries.len() == 1 {
                            self.form.focus = Slot::AdvKey;
                        }
                        Some(Effect::Changed)
                    }
                    KeyCode::Esc => {
                        self.open = None;
                        self.form.focus = Slot::AdvSearch;
                        Some(Effect::None)
                    }
                    _ => None,
                }
            }
            Slot::AdvBrowse => match key.code {
                KeyCode::Enter | KeyCode::Char(' ') => Some(Effect::Pick {
                    slot: Slot::AdvValue,
                    title: "Choose the file for this setting",
                    extensions: &[],
                    start: p.base_dir.clone(),
                }),
                KeyCode::Esc => {
                    self.open = None;
                    self.form.focus = Slot::AdvSearch;
                    Some(Effect::None)
                }
                _ => None,
            },
            Slot::AdvKey | Slot::AdvValue => match key.code {
                KeyCode::Enter => {
                    if focus == Slot::AdvKey {
                        self.form.focus = Slot::AdvValue;
                        return Some(Effect::None);
                    }
                    Some(self.commit(p).unwrap_or(Effect::None))
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

    fn picked(&mut self, _slot: Slot, path: PathBuf, p: &mut Project) {
        let rel = super::relative_to(&path, &p.base_dir);
        self.form
            .set_text(Slot::AdvValue, &rel.display().to_string());
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

    #[test]
    fn entries_within_entries_are_named_from_the_outside_in() {
        let s = "SMISettings/ShellLauncher/UserSpecificSettings/DomainUserSpecificSettings/\
                 DomainUserShellSettings/UserShellSetting/UserCustomShell";
        let entries = collections_of(s);
        assert_eq!(entries.len(), 2, "{entries:?}");
        let p = path_for(s, &entries, "CONTOSO / kiosk").unwrap();
        assert_eq!(
            p.to_string(),
            "SMISettings/ShellLauncher/UserSpecificSettings/DomainUserSpecificSettings/DomainUserShellSettings[Domain=CONTOSO]/UserShellSetting[Username=kiosk]/UserCustomShell"
        );
        assert!(path_for(s, &entries, "kiosk").is_err());
        assert!(path_for(s, &entries, "CONTOSO/").is_err());
    }

    #[test]
    fn the_tree_has_categories_then_folders_and_settings() {
        let top = tree_items("");
        assert!(top.contains(&Item::Folder("Accounts")));
        assert!(top.contains(&Item::Folder("Policies")));
        assert!(
            top.iter().all(|i| matches!(i, Item::Folder(_))),
            "no setting at the top"
        );
        let users = tree_items("Accounts/Users/User");
        assert!(
            users
                .iter()
                .any(|i| matches!(i, Item::Setting(s) if s.path == "Accounts/Users/User/Password"))
        );
    }

    #[test]
    fn every_twin_is_a_catalog_setting_the_project_writes() {
        for t in &TWINS {
            assert!(catalog::setting(t.path).is_some(), "{}", t.path);
            let mut p = Project::new("x");
            let word = match t.field {
                TwinField::DeviceName(_) => "LAB-01",
                TwinField::ProductKey => "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE",
                TwinField::Flag(_, w) => w,
            };
            t.set(&mut p, Some(word));
            assert_eq!(t.get(&p).as_deref(), Some(word), "{}", t.path);
            // The project writes the field to exactly this setting.
            let doc = p
                .to_customizations(crate::project::SecretMode::Blank)
                .unwrap();
            assert_eq!(
                doc.common().and_then(|c| c.text_at(t.path)),
                Some(word),
                "{}",
                t.path
            );
            t.set(&mut p, None);
            assert_eq!(t.get(&p), None, "{}", t.path);
        }
    }
}
