//! Choosing a file with the keyboard alone: arrows to move, Enter to open a folder or pick a
//! file, Backspace for the parent folder, a letter to jump, Tab to type a path instead.

use super::dialog::{centered, frame_box};
use super::text_input::TextInput;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
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
    dir: PathBuf,
    entries: Vec<Entry>,
    selected: usize,
    extensions: &'static [&'static str],
    typing: bool,
    path: TextInput,
    error: Option<String>,
}

impl FilePicker {
    /// Opens at `start` (a folder, or a file whose folder is used).
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
            dir,
            entries: Vec::new(),
            selected: 0,
            extensions,
            typing: false,
            path: TextInput::new("", "type a path, then Enter"),
            error: None,
        };
        p.read_dir();
        p
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn read_dir(&mut self) {
        self.entries.clear();
        self.selected = 0;
        self.error = None;
        if self.dir.parent().is_some() {
            self.entries.push(Entry::Parent);
        }
        let mut dirs = Vec::new();
        let mut files = Vec::new();
        match std::fs::read_dir(&self.dir) {
            Err(e) => self.error = Some(format!("Cannot read this folder: {e}.")),
            Ok(rd) => {
                for e in rd.flatten().take(MAX_ENTRIES) {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.starts_with('.') {
                        continue;
                    }
                    let is_dir = e.path().is_dir();
                    if is_dir {
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

    fn go(&mut self, dir: PathBuf) {
        self.dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        self.read_dir();
    }

    pub fn handle(&mut self, key: KeyEvent) -> Picked {
        if key.code == KeyCode::Esc {
            return Picked::Cancelled;
        }
        if key.code == KeyCode::Tab || key.code == KeyCode::BackTab {
            self.typing = !self.typing;
            return Picked::Nothing;
        }
        if self.typing {
            if key.code == KeyCode::Enter {
                let typed = PathBuf::from(self.path.value().trim());
                let full = if typed.is_absolute() {
                    typed
                } else {
                    self.dir.join(typed)
                };
                if full.is_dir() {
                    self.go(full);
                    self.path.set_value("");
                    self.typing = false;
                } else if full.is_file() {
                    return Picked::File(full);
                } else {
                    self.error = Some(format!("{} does not exist.", full.display()));
                }
            } else {
                self.path.handle(key);
            }
            return Picked::Nothing;
        }
        let n = self.entries.len();
        match key.code {
            KeyCode::Up => self.selected = self.selected.saturating_sub(1),
            KeyCode::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            KeyCode::Home => self.selected = 0,
            KeyCode::End => self.selected = n.saturating_sub(1),
            KeyCode::PageUp => self.selected = self.selected.saturating_sub(10),
            KeyCode::PageDown => self.selected = (self.selected + 10).min(n.saturating_sub(1)),
            KeyCode::Backspace | KeyCode::Left => {
                if let Some(parent) = self.dir.parent() {
                    let parent = parent.to_path_buf();
                    self.go(parent);
                }
            }
            KeyCode::Enter | KeyCode::Right => match self.entries.get(self.selected).cloned() {
                Some(Entry::Parent) => {
                    if let Some(parent) = self.dir.parent() {
                        let parent = parent.to_path_buf();
                        self.go(parent);
                    }
                }
                Some(Entry::Dir(d)) => {
                    let d = self.dir.join(d);
                    self.go(d);
                }
                Some(Entry::File(f)) if key.code == KeyCode::Enter => {
                    return Picked::File(self.dir.join(f));
                }
                _ => {}
            },
            KeyCode::Char(c) => {
                let c = c.to_ascii_lowercase();
                let start = self.selected + 1;
                let found = (0..n).map(|k| (start + k) % n).find(|&i| {
                    matches!(&self.entries[i], Entry::Dir(s) | Entry::File(s)
                        if s.to_lowercase().starts_with(c))
                });
                if let Some(i) = found {
                    self.selected = i;
                }
            }
            _ => {}
        }
        Picked::Nothing
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let rect = centered(area, 70, 20);
        let inner = frame_box(frame, rect, &self.title, theme);
        let w = inner.width as usize;
        let dir = self.dir.display().to_string();
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
        let list_h = inner.height.saturating_sub(4) as usize;
        let first = (self.selected + 1).saturating_sub(list_h);
        for (row, (i, e)) in self
            .entries
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
            let style = if sel && !self.typing {
                theme.focus()
            } else {
                theme.base()
            };
            let text = format!("{}{text}", if sel { "> " } else { "  " });
            frame.render_widget(
                Paragraph::new(Span::styled(text, style)),
                Rect::new(inner.x, inner.y + 1 + row as u16, inner.width, 1),
            );
        }
        if self.entries.iter().all(|e| matches!(e, Entry::Parent)) {
            frame.render_widget(
                Paragraph::new(Span::styled("  (no matching files here)", theme.dim())),
                Rect::new(inner.x, inner.y + 2, inner.width, 1),
            );
        }
        let y = inner.bottom().saturating_sub(3);
        if let Some(e) = &self.error {
            frame.render_widget(
                Paragraph::new(Span::styled(format!("! {e}"), theme.error())),
                Rect::new(inner.x, y, inner.width, 1),
            );
        }
        let label = if self.typing { "> Path: " } else { "  Path: " };
        frame.render_widget(
            Paragraph::new(Span::styled(
                label,
                if self.typing {
                    theme.focus()
                } else {
                    theme.base()
                },
            )),
            Rect::new(inner.x, y + 1, 8, 1),
        );
        let mut input = self.path.clone();
        input.restyle(self.typing, theme);
        input.render(frame, Rect::new(inner.x + 8, y + 1, inner.width - 8, 1));
        let hint = Line::from(vec![
            Span::styled("Enter", theme.key()),
            Span::raw(" open/pick  "),
            Span::styled("Backspace", theme.key()),
            Span::raw(" up  "),
            Span::styled("Tab", theme.key()),
            Span::raw(" type a path  "),
            Span::styled("Esc", theme.key()),
            Span::raw(" cancel"),
        ]);
        frame.render_widget(
            Paragraph::new(hint),
            Rect::new(inner.x, y + 2, inner.width, 1),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn k(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn browses_and_picks_with_keys_only() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("sub")).unwrap();
        std::fs::write(d.path().join("sub/app.msi"), b"x").unwrap();
        std::fs::write(d.path().join("sub/readme.txt"), b"x").unwrap();
        let mut p = FilePicker::open("t", d.path(), &["msi"]);
        assert_eq!(p.handle(k(KeyCode::Char('s'))), Picked::Nothing);
        assert_eq!(p.handle(k(KeyCode::Enter)), Picked::Nothing);
        // In sub/: parent, app.msi (readme.txt is filtered out).
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.handle(k(KeyCode::Down)), Picked::Nothing);
        match p.handle(k(KeyCode::Enter)) {
            Picked::File(f) => assert!(f.ends_with("sub/app.msi")),
            other => panic!("{other:?}"),
        }
        assert_eq!(p.handle(k(KeyCode::Esc)), Picked::Cancelled);
    }
}
