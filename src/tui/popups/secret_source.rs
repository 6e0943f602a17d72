//! "Where should the … come from?", asked on save for each secret typed or received in
//! this session: an environment variable, a file beside the project (written at once,
//! owner-only), asked again at build time, or — after a second question — the project
//! file in clear. The answers go to the App together when the last one is given, so Esc
//! cancels the whole save: nothing was changed, and the files this dialog wrote are
//! removed.

use super::{Command, Hint, Outcome, Popup};
use crate::project::SecretSource;
use crate::secret::SecretString;
use crate::tui::save_flow::{AfterSave, env_name_problem, write_secret_file};
use crate::tui::theme::Theme;
use crate::tui::widgets::dialog::{centered, frame_box};
use crate::tui::widgets::text_input::TextInput;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use std::path::{Path, PathBuf};

/// The answers, in the order shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Ask,
    Env,
    File,
    Clear,
}

impl Choice {
    fn label(self) -> &'static str {
        match self {
            Choice::Ask => "Ask me again when I create the package (nothing is saved)",
            Choice::Env => "An environment variable named",
            Choice::File => "A file beside the project named",
            Choice::Clear => "In the project file, in clear text",
        }
    }
}

/// A secret still to place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    /// Index into `Project::secrets_mut()`.
    pub index: usize,
    pub label: String,
    /// Received in this session (a bulk token), not typed: it cannot be typed again.
    pub fetched: bool,
    /// The value, written to the secret file when that is the answer.
    pub value: SecretString,
}

/// Where one secret comes from, as answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub index: usize,
    pub label: String,
    pub source: SecretSource,
}

/// The question, one secret at a time.
pub struct SecretSources {
    queue: Vec<Pending>,
    choice: Choice,
    env: TextInput,
    file: TextInput,
    /// The clear-text choice waits for a second confirmation.
    confirm_clear: bool,
    error: Option<String>,
    then: AfterSave,
    placed: Vec<Placed>,
    /// Secret files this dialog created, removed if the save is cancelled.
    written: Vec<PathBuf>,
    /// The project's folder, where secret files go.
    dir: PathBuf,
    /// The project file, named when clear text is chosen.
    project_file: PathBuf,
}

impl SecretSources {
    pub fn new(queue: Vec<Pending>, then: AfterSave, dir: &Path, project_file: &Path) -> Self {
        let mut d = Self {
            queue,
            choice: Choice::Ask,
            env: TextInput::new("", "e.g. WIFI_PASSWORD"),
            file: TextInput::new("", "e.g. wifi-password.secret"),
            confirm_clear: false,
            error: None,
            then,
            placed: Vec::new(),
            written: Vec::new(),
            dir: dir.to_path_buf(),
            project_file: project_file.to_path_buf(),
        };
        d.reset_names();
        d
    }

    /// The label of the secret being asked about.
    pub fn label(&self) -> &str {
        self.queue.first().map(|p| p.label.as_str()).unwrap_or("")
    }

    /// The answer selected now.
    pub fn choice(&self) -> Choice {
        self.choice
    }

    /// True when the current secret was received, not typed.
    fn fetched(&self) -> bool {
        self.queue.first().is_some_and(|p| p.fetched)
    }

    /// The answers offered for the current secret, in order. A received token cannot be
    /// asked for or set in a variable by someone who never saw it, so it is kept in a file
    /// (or, after a warning, the project).
    pub fn options(&self) -> &'static [Choice] {
        if self.fetched() {
            &[Choice::File, Choice::Clear]
        } else {
            &[Choice::Ask, Choice::Env, Choice::File, Choice::Clear]
        }
    }

    fn step(&mut self, forward: bool) {
        let opts = self.options();
        let i = opts.iter().position(|c| *c == self.choice).unwrap_or(0);
        let n = opts.len();
        self.choice = opts[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        self.error = None;
    }

    /// Suggests names from the label for the current secret.
    fn reset_names(&mut self) {
        let slug: String = self
            .label()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let slug = slug
            .split('_')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        self.env
            .suggest(&format!("PPKG_{}", slug.to_ascii_uppercase()));
        let stem = slug.to_ascii_lowercase().replace('_', "-");
        // A name not taken yet: an existing file (an older token) is never overwritten.
        let free = (1..)
            .map(|n| {
                if n == 1 {
                    format!("{stem}.secret")
                } else {
                    format!("{stem}-{n}.secret")
                }
            })
            .find(|name| !self.dir.join(name).exists())
            .expect("some name is free");
        self.file.suggest(&free);
        self.choice = if self.fetched() {
            Choice::File
        } else {
            Choice::Ask
        };
        self.confirm_clear = false;
        self.error = None;
    }

    /// Records the answer for the current secret and moves to the next one; after the
    /// last, hands every answer to the App.
    fn answer(&mut self, source: SecretSource) -> Outcome {
        let p = self.queue.remove(0);
        self.placed.push(Placed {
            index: p.index,
            label: p.label,
            source,
        });
        if self.queue.is_empty() {
            return Outcome::Run(Command::PlaceSecretsAndSave {
                placed: std::mem::take(&mut self.placed),
                then: self.then,
            });
        }
        self.reset_names();
        Outcome::Keep
    }

    fn enter(&mut self) -> Outcome {
        match self.choice {
            Choice::Ask => self.answer(SecretSource::Ask),
            Choice::Clear => {
                self.confirm_clear = true;
                Outcome::Keep
            }
            Choice::Env => {
                let name = self.env.value().trim().to_owned();
                match env_name_problem(&name) {
                    Some(e) => {
                        self.error = Some(e);
                        Outcome::Keep
                    }
                    None => self.answer(SecretSource::Env(name)),
                }
            }
            Choice::File => {
                let name = self.file.value().trim().to_owned();
                let path = self.dir.join(&name);
                let existed = path.exists();
                let value = self.queue[0].value.clone();
                match write_secret_file(&self.dir, &name, value.expose()) {
                    Err(e) => {
                        self.error = Some(e);
                        Outcome::Keep
                    }
                    Ok(()) => {
                        if !existed {
                            self.written.push(path);
                        }
                        self.answer(SecretSource::File(name.into()))
                    }
                }
            }
        }
    }

    fn input_mut(&mut self) -> Option<&mut TextInput> {
        match self.choice {
            Choice::Env => Some(&mut self.env),
            Choice::File => Some(&mut self.file),
            _ => None,
        }
    }

    fn draw_confirm_clear(&self, frame: &mut Frame, inner: Rect, theme: &Theme) {
        let text = format!(
            "Really save the {} in clear text in {}?\n\nAnyone who gets the project file \
             (a colleague, a backup, a Git repository) can read it.\n\ny saves it in clear \
             text · n chooses again",
            self.label(),
            self.project_file.display()
        );
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.warning())
                .wrap(Wrap { trim: true }),
            inner,
        );
    }
}

impl Popup for SecretSources {
    fn title(&self) -> String {
        format!("Where should the {} come from?", self.label())
    }

    fn key(&mut self, key: KeyEvent) -> Outcome {
        if self.confirm_clear {
            match key.code {
                KeyCode::Char('y' | 'Y') => return self.answer(SecretSource::Clear),
                KeyCode::Char('n' | 'N') | KeyCode::Esc => self.confirm_clear = false,
                _ => {}
            }
            return Outcome::Keep;
        }
        match key.code {
            KeyCode::Esc => {
                for f in self.written.drain(..).rev() {
                    let _ = std::fs::remove_file(f);
                }
                return Outcome::Run(Command::SaveCancelled);
            }
            KeyCode::Up | KeyCode::BackTab => self.step(false),
            KeyCode::Down | KeyCode::Tab => self.step(true),
            KeyCode::Enter => return self.enter(),
            _ => {
                if let Some(input) = self.input_mut() {
                    input.handle(key);
                }
            }
        }
        Outcome::Keep
    }

    fn paste(&mut self, text: &str) {
        if let Some(input) = self.input_mut() {
            input.paste(text);
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme) {
        let t = theme;
        let inner = frame_box(frame, centered(area, 76, 16), &self.title(), t);
        if self.confirm_clear {
            return self.draw_confirm_clear(frame, inner, t);
        }
        let mut lines = if self.fetched() {
            vec![
                Line::raw("Entra ID issued it in this session; nobody can type it in again."),
                Line::raw("Keep it where the package build can read it:"),
                Line::raw(""),
            ]
        } else {
            vec![
                Line::raw("You typed it in this session. Project files are shared and kept,"),
                Line::raw("so by default they do not hold passwords. When the package is built:"),
                Line::raw(""),
            ]
        };
        let options = self.options();
        for &c in options {
            let sel = c == self.choice;
            lines.push(Line::styled(
                format!(
                    "{}({}) {}",
                    if sel { "> " } else { "  " },
                    if sel { "•" } else { " " },
                    c.label()
                ),
                if sel { t.focus() } else { t.base() },
            ));
        }
        frame.render_widget(Paragraph::new(lines), inner);
        for (input, which) in [(&self.env, Choice::Env), (&self.file, Choice::File)] {
            let Some(pos) = options.iter().position(|o| *o == which) else {
                continue;
            };
            let row = 3 + pos as u16;
            let x = inner.x + which.label().chars().count() as u16 + 7;
            let mut input = input.clone();
            input.restyle(self.choice == which, t);
            input.render(
                frame,
                Rect::new(x, inner.y + row, inner.right().saturating_sub(x), 1),
            );
        }
        let note = match self.choice {
            Choice::Env => "Set this variable before building from the command line.",
            Choice::File if self.fetched() => {
                "Written now beside the project, readable only by you. Recommended."
            }
            Choice::File => "Written now beside the project, readable only by you.",
            Choice::Clear => "Not recommended: anyone with the project file can read it.",
            Choice::Ask => "The wizard asks for it when you create the package.",
        };
        let mut tail = vec![Line::styled(note.to_string(), t.dim())];
        if let Some(e) = &self.error {
            tail.push(Line::styled(format!("! {e}"), t.error()));
        }
        tail.push(Line::raw(""));
        tail.push(Line::styled(
            "↑↓ choose · type a new name · Enter confirm · Esc cancels the whole save",
            t.dim(),
        ));
        let y = inner.y + 9;
        frame.render_widget(
            Paragraph::new(tail).wrap(Wrap { trim: true }),
            Rect::new(inner.x, y, inner.width, inner.bottom().saturating_sub(y)),
        );
    }

    fn hints(&self) -> Vec<Hint> {
        if self.confirm_clear {
            vec![("y", "save in clear text"), ("n/Esc", "choose again")]
        } else {
            vec![
                ("↑↓", "choose"),
                ("Enter", "confirm"),
                ("Esc", "cancel the save"),
            ]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyModifiers;

    fn k(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    fn pending(label: &str, fetched: bool) -> Pending {
        Pending {
            index: 0,
            label: label.into(),
            fetched,
            value: SecretString::from("v"),
        }
    }

    #[test]
    fn names_are_suggested_from_the_label() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.json");
        let d = SecretSources::new(
            vec![pending("Wi-Fi password", false)],
            AfterSave::Stay,
            dir.path(),
            &file,
        );
        assert_eq!(d.env.value(), "PPKG_WI_FI_PASSWORD");
        assert_eq!(d.file.value(), "wi-fi-password.secret");
        assert_eq!(d.choice(), Choice::Ask);
        std::fs::write(dir.path().join("bulk-token.secret"), "old").unwrap();
        let d = SecretSources::new(
            vec![pending("Bulk token", true)],
            AfterSave::Stay,
            dir.path(),
            &file,
        );
        assert_eq!(d.choice(), Choice::File);
        assert_eq!(d.options(), &[Choice::File, Choice::Clear]);
        assert_eq!(d.file.value(), "bulk-token-2.secret");
    }

    #[test]
    fn answers_go_together_and_esc_removes_the_files_written() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.json");
        let mut second = pending("Admin password", false);
        second.index = 1;
        let mut d = SecretSources::new(
            vec![pending("Wi-Fi password", false), second.clone()],
            AfterSave::Quit,
            dir.path(),
            &file,
        );
        d.key(k(KeyCode::Down));
        d.key(k(KeyCode::Down));
        assert_eq!(d.key(k(KeyCode::Enter)), Outcome::Keep);
        assert!(dir.path().join("wi-fi-password.secret").exists());
        assert_eq!(d.label(), "Admin password");
        assert_eq!(d.key(k(KeyCode::Esc)), Outcome::Run(Command::SaveCancelled));
        assert!(!dir.path().join("wi-fi-password.secret").exists());

        let mut d = SecretSources::new(vec![second], AfterSave::Quit, dir.path(), &file);
        d.key(k(KeyCode::Up));
        assert_eq!(d.choice(), Choice::Clear);
        assert_eq!(
            d.key(k(KeyCode::Enter)),
            Outcome::Keep,
            "asks a second time"
        );
        assert_eq!(d.key(k(KeyCode::Char('n'))), Outcome::Keep);
        d.key(k(KeyCode::Enter));
        assert_eq!(
            d.key(k(KeyCode::Char('y'))),
            Outcome::Run(Command::PlaceSecretsAndSave {
                placed: vec![Placed {
                    index: 1,
                    label: "Admin password".into(),
                    source: SecretSource::Clear,
                }],
                then: AfterSave::Quit,
            })
        );
    }
}
