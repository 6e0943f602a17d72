//! Choosing a file with the keyboard alone. The list shows the folder; what you type
//! filters it (letters are never lost), Tab completes, `/` goes into a folder, Enter opens
//! a folder or picks a file, Backspace on an empty path goes to the parent folder. A typed
//! relative path starts at the project folder, like the paths the project stores.

use super::dialog::{centered, frame_box};
use super::text_input::TextInput;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::path::{Path, PathBuf};

/// Most entries read from one folder; beyond that the user types the path.
const MAX_ENTRIES: usize = 5000;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Entry {
    Parent,
    Dir(String),
    File(String),
}

impl Entry {
    fn name(&self) -> &str {
        match self {
            Entry::Parent => "..",
            Entry::Dir(s) | Entry::File(s) => s,
        }
    }
}

/// What the picker did with a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    Nothing,
    Cancelled,
    File(PathBuf),
}

/// A keyboard file browser limited to some extensions.
#[derive(Clone, Debug)]
pub struct FilePicker {
    pub title: String,
    /// The folder browsed with the arrows.
    dir: PathBuf,
    /// Where typed relative paths start.
    base: PathBuf,
    /// The folder the list shows: `dir`, or the folder part of a typed path.
    shown: PathBuf,
    entries: Vec<Entry>,
    selected: usize,
    extensions: &'static [&'static str],
    path: TextInput,
    error: Option<String>,
}

impl FilePicker {
    /// Opens at `start` (a folder, or a file whose folder is used); typed relative paths
    /// start at `start` too until [`Self::with_base`] says otherwise.
    pub fn open(title: &str, start: &Path, extensions: &'static [&'static str]) -> Self {
        let dir = if start.is_dir() {
            start.to_path_buf()
        } else {
            start
                .parent()
                .filter(|p| p.is_dir())
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."))
        };
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        let mut p = Self {
            title: title.into(),
            base: dir.clone(),
            shown: dir.clone(),
            dir,
            entries: Vec::new(),
            selected: 0,
            extensions,
            path: TextInput::new("", "type to filter, or a path; Tab completes"),
            error: None,
        };
        p.read_shown();
        p
    }

    /// Typed relative paths start at `base` (the project folder).
    pub fn with_base(mut self, base: &Path) -> Self {
        self.base = std::fs::canonicalize(base).unwrap_or_else(|_| base.to_path_buf());
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The typed text split at its last `/` into a folder part and a name filter.
    fn typed(&self) -> (Option<&str>, &str) {
        let t = self.path.value();
        match t.rfind(['/', '\\']) {
            Some(i) => (Some(&t[..=i]), &t[i + 1..]),
            None => (None, t),
        }
    }

    fn resolve(&self, typed: &str) -> PathBuf {
        let p = Path::new(typed);
        if p.is_absolute() {
            p.to_path_buf()
        } else if let Some(rest) = typed.strip_prefix("~/") {
            std::env::var_os("HOME")
                .map(|h| PathBuf::from(h).join(rest))
                .unwrap_or_else(|| self.base.join(p))
        } else {
            self.base.join(p)
        }
    }

    /// Reads the folder the list shows (after the typed folder part changed).
    fn read_shown(&mut self) {
        let shown = match self.typed().0 {
            Some(d) => self.resolve(d),
            None => self.dir.clone(),
        };
        self.shown = shown;
        self.entries.clear();
        self.selected = 0;
        self.error = None;
        if self.shown.parent().is_some() {
            self.entries.push(Entry::Parent);
        }
        let mut dirs = Vec::new();
        let mut files = Vec::new();
        match std::fs::read_dir(&self.shown) {
            Err(e) => {
                self.error = Some(format!(
                    "Cannot read {}: {}.",
                    self.shown.display(),
                    crate::errors::io_reason(&e)
                ))
            }
            Ok(rd) => {
                for e in rd.flatten().take(MAX_ENTRIES) {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') {
                        continue;
                    }
                    if e.path().is_dir() {
                        dirs.push(name);
                    } else if self.accepts(&name) {
                        files.push(name);
                    }
                }
            }
        }
        dirs.sort_by_key(|d| d.to_lowercase());
        files.sort_by_key(|f| f.to_lowercase());
        self.entries.extend(dirs.into_iter().map(Entry::Dir));
        self.entries.extend(files.into_iter().map(Entry::File));
    }

    fn accepts(&self, name: &str) -> bool {
        let ext = Path::new(name)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        self.extensions.is_empty() || self.extensions.contains(&ext.as_str())
    }

    /// The entries matching the typed name: those starting with it first, then those
    /// containing it (case-insensitive). The parent entry shows only when nothing is typed.
    fn visible(&self) -> Vec<&Entry> {
        let needle = self.typed().1.to_lowercase();
        if needle.is_empty() {
            return self.entries.iter().collect();
        }
        let named = || self.entries.iter().filter(|e| !matches!(e, Entry::Parent));
        let starts = named().filter(|e| e.name().to_lowercase().starts_with(&needle));
        let contains = named().filter(|e| {
            let n = e.name().to_lowercase();
            !n.starts_with(&needle) && n.contains(&needle)
        });
        starts.chain(contains).collect()
    }

    fn go(&mut self, dir: PathBuf) {
        self.dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        self.path.set_value("");
        self.read_shown();
    }

    fn set_typed(&mut self, text: &str) {
        let before = self.typed().0.map(str::to_owned);
        self.path.set_value(text);
        self.after_edit(before);
    }

    fn after_edit(&mut self, folder_before: Option<String>) {
        if self.typed().0.map(str::to_owned) != folder_before {
            self.read_shown();
        }
        self.selected = 0;
        self.error = None;
    }

    /// Tab: completes the typed name as far as the matching entries agree; a single
    /// matching folder gets its `/`.
    fn complete(&mut self) {
        let (folder, name) = self.typed();
        let folder = folder.unwrap_or("").to_owned();
        let lower = name.to_lowercase();
        let matches: Vec<&Entry> = self
            .entries
            .iter()
            .filter(|e| !matches!(e, Entry::Parent) && e.name().to_lowercase().starts_with(&lower))
            .collect();
        let Some(first) = matches.first() else {
            self.error = Some(format!("Nothing here starts with \"{name}\"."));
            return;
        };
        if matches.len() == 1 {
            let slash = if matches!(first, Entry::Dir(_)) {
                "/"
            } else {
                ""
            };
            let text = format!("{folder}{}{slash}", first.name());
            return self.set_typed(&text);
        }
        let mut common: Vec<char> = first.name().chars().collect();
        for m in &matches[1..] {
            let n = common
                .iter()
                .zip(m.name().chars())
                .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
                .count();
            common.truncate(n);
        }
        if common.len() > name.chars().count() {
            let text = format!("{folder}{}", common.iter().collect::<String>());
            self.set_typed(&text);
        }
    }

    /// Enter: a typed path that exists is opened or picked; otherwise the selected entry.
    fn enter(&mut self) -> Picked {
        let typed = self.path.value().trim().to_owned();
        if !typed.is_empty() {
            let full = self.resolve(&typed);
            if full.is_file() && self.accepts(&typed) {
                return Picked::File(full);
            }
            if full.is_dir() {
                self.go(full);
                return Picked::Nothing;
            }
        }
        match self.visible().get(self.selected).map(|e| (*e).clone()) {
            Some(Entry::Parent) => {
                if let Some(parent) = self.shown.parent() {
                    let parent = parent.to_path_buf();
                    self.go(parent);
                }
            }
            Some(Entry::Dir(d)) => {
                let d = self.shown.join(d);
                self.go(d);
            }
            Some(Entry::File(f)) => return Picked::File(self.shown.join(f)),
            None if typed.is_empty() => {}
            None => {
                self.error = Some(format!(
                    "{} does not exist (typed paths start at {}).",
                    self.resolve(&typed).display(),
                    self.base.display()
                ))
            }
        }
        Picked::Nothing
    }

    pub fn handle(&mut self, key: KeyEvent) -> Picked {
        let n = self.visible().len();
        let empty = self.path.value().is_empty();
        match key.code {
            KeyCode::Esc => return Picked::Cancelled,
            KeyCode::Enter => return self.enter(),
            KeyCode::Tab => self.complete(),
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(10),
            KeyCode::PageDown => self.selected = (self.selected + 10).min(n.saturating_sub(1)),
            KeyCode::Home if empty => self.selected = 0,
            KeyCode::End if empty => self.selected = n.saturating_sub(1),
            KeyCode::Backspace | KeyCode::Left if empty => {
                if let Some(parent) = self.dir.parent() {
                    let parent = parent.to_path_buf();
                    self.go(parent);
                }
            }
            KeyCode::Right if empty => {
                if let Some(Entry::Dir(d)) = self.visible().get(self.selected).map(|e| (*e).clone())
                {
                    let d = self.shown.join(d);
                    self.go(d);
                }
            }
            _ if key.modifiers.contains(KeyModifiers::ALT) => {}
            _ => {
                let before = self.typed().0.map(str::to_owned);
                if self.path.handle(key) {
                    self.after_edit(before);
                }
            }
        }
        Picked::Nothing
    }

    /// Typed text arriving in one piece.
    pub fn paste(&mut self, text: &str) {
        let before = self.typed().0.map(str::to_owned);
        if self.path.paste(text) {
            self.after_edit(before);
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let rect = centered(area, 70, 20);
        let inner = frame_box(frame, rect, &self.title, theme);
        let w = inner.width as usize;
        let dir = self.shown.display().to_string();
        let dir_line: String = if dir.chars().count() > w {
            let skip = dir.chars().count() - w + 1;
            format!("…{}", dir.chars().skip(skip).collect::<String>())
        } else {
            dir
        };
        frame.render_widget(
            Paragraph::new(Span::styled(dir_line, theme.title())),
            Rect::new(inner.x, inner.y, inner.width, 1),
        );
        let list_h = inner.height.saturating_sub(5) as usize;
        let visible = self.visible();
        let first = (self.selected + 1).saturating_sub(list_h);
        for (row, (i, e)) in visible
            .iter()
            .enumerate()
            .skip(first)
            .take(list_h)
            .enumerate()
        {
            let text = match e {
                Entry::Parent => "../  (parent folder)".to_string(),
                Entry::Dir(d) => format!("{d}/"),
                Entry::File(f) => f.clone(),
            };
            let sel = i == self.selected;
            let style = if sel { theme.focus() } else { theme.base() };
            let text = format!("{}{text}", if sel { "> " } else { "  " });
            frame.render_widget(
                Paragraph::new(Span::styled(text, style)),
                Rect::new(inner.x, inner.y + 1 + row as u16, inner.width, 1),
            );
        }
        if visible.iter().all(|e| matches!(e, Entry::Parent)) {
            let what = if self.typed().1.is_empty() {
                format!("  (no {} files here)", self.kinds())
            } else {
                format!("  (nothing matches \"{}\")", self.typed().1)
            };
            frame.render_widget(
                Paragraph::new(Span::styled(what, theme.dim())),
                Rect::new(inner.x, inner.y + 2, inner.width, 1),
            );
        }
        let y = inner.bottom().saturating_sub(4);
        if let Some(e) = &self.error {
            frame.render_widget(
                Paragraph::new(Span::styled(format!("! {e}"), theme.error())),
                Rect::new(inner.x, y, inner.width, 1),
            );
        }
        frame.render_widget(
            Paragraph::new(Span::styled("> Path: ", theme.focus())),
            Rect::new(inner.x, y + 1, 8, 1),
        );
        let mut input = self.path.clone();
        input.restyle(true, theme);
        input.render(frame, Rect::new(inner.x + 8, y + 1, inner.width - 8, 1));
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("  typed paths start at {}", self.base.display()),
                theme.dim(),
            )),
            Rect::new(inner.x, y + 2, inner.width, 1),
        );
        let hint = Line::from(vec![
            Span::styled("Enter", theme.key()),
            Span::raw(" open/pick  "),
            Span::styled("Tab", theme.key()),
            Span::raw(" complete  "),
            Span::styled("Backspace", theme.key()),
            Span::raw(" up  "),
            Span::styled("Esc", theme.key()),
            Span::raw(" cancel"),
        ]);
        frame.render_widget(
            Paragraph::new(hint),
            Rect::new(inner.x, y + 3, inner.width, 1),
        );
    }

    /// ".msi, .exe" for the "no files here" line.
    fn kinds(&self) -> String {
        if self.extensions.is_empty() {
            return "matching".into();
        }
        self.extensions
            .iter()
            .map(|e| format!(".{e}"))
            .collect::<Vec<_>>()
            .join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    fn typ(p: &mut FilePicker, s: &str) {
        for c in s.chars() {
            p.handle(k(KeyCode::Char(c)));
        }
    }

    fn tree() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("sub")).unwrap();
        std::fs::create_dir(d.path().join("installers")).unwrap();
        std::fs::write(d.path().join("sub/app.msi"), b"x").unwrap();
        std::fs::write(d.path().join("sub/readme.txt"), b"x").unwrap();
        std::fs::write(d.path().join("installers/firefox.msi"), b"x").unwrap();
        std::fs::write(d.path().join("installers/firmware.msi"), b"x").unwrap();
        d
    }

    #[test]
    fn browses_and_picks_with_keys_only() {
        let d = tree();
        let mut p = FilePicker::open("t", d.path(), &["msi"]);
        typ(&mut p, "s");
        assert_eq!(p.handle(k(KeyCode::Enter)), Picked::Nothing);
        assert_eq!(
            p.dir(),
            std::fs::canonicalize(d.path().join("sub")).unwrap()
        );
        // In sub/: parent, app.msi (readme.txt is filtered out).
        assert_eq!(p.visible().len(), 2);
        assert_eq!(p.handle(k(KeyCode::Down)), Picked::Nothing);
        match p.handle(k(KeyCode::Enter)) {
            Picked::File(f) => assert!(f.ends_with("sub/app.msi")),
            other => panic!("{other:?}"),
        }
        assert_eq!(p.handle(k(KeyCode::Esc)), Picked::Cancelled);
    }

    #[test]
    fn typing_filters_and_tab_completes() {
        let d = tree();
        let mut p = FilePicker::open("t", d.path(), &["msi"]);
        typ(&mut p, "in");
        assert_eq!(p.visible(), [&Entry::Dir("installers".into())]);
        p.handle(k(KeyCode::Tab));
        assert_eq!(p.path.value(), "installers/");
        typ(&mut p, "fi");
        p.handle(k(KeyCode::Tab));
        assert_eq!(p.path.value(), "installers/fir", "the common part only");
        typ(&mut p, "e");
        p.handle(k(KeyCode::Tab));
        assert_eq!(p.path.value(), "installers/firefox.msi");
        match p.handle(k(KeyCode::Enter)) {
            Picked::File(f) => assert!(f.ends_with("installers/firefox.msi")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn typed_paths_start_at_the_project_folder() {
        let d = tree();
        let mut p = FilePicker::open("t", &d.path().join("sub"), &["msi"]).with_base(d.path());
        typ(&mut p, "installers/firefox.msi");
        match p.handle(k(KeyCode::Enter)) {
            Picked::File(f) => assert!(f.ends_with("installers/firefox.msi")),
            other => panic!("{other:?}"),
        }
        // Backspace edits the typed text; only on an empty path does it go up.
        let mut p = FilePicker::open("t", &d.path().join("sub"), &["msi"]);
        typ(&mut p, "x");
        p.handle(k(KeyCode::Backspace));
        assert!(p.dir().ends_with("sub"));
        p.handle(k(KeyCode::Backspace));
        assert!(!p.dir().ends_with("sub"));
    }
}
