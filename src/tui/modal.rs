//! What can open over a page: help, the file picker, questions (quit, replace, where a
//! secret comes from, a password at build time), the token sign-in and the build progress.
//! Esc closes each one, or cancels the work it shows.

use super::app::App;
use super::popups::{Hint, Outcome, Popup};
use super::save_flow::{self, AfterSave, Answered, SecretDialog};
use super::slot::Slot;
use super::widgets::file_picker::{FilePicker, Picked};
use super::widgets::text_input::TextInput;
use super::worker::{Built, Progress, TokenEvent};
use crate::project::Page;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// Where a picked file goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickTarget {
    OpenProject,
    ImportWcd,
    Field(Page, Slot),
}

/// "Save before quitting?"
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QuitDialog {
    pub selected: usize,
}

pub const QUIT_OPTIONS: [&str; 3] = ["Save and quit", "Quit without saving", "Keep working"];

/// What happens once every asked secret is typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AskThen {
    /// Go on creating the package.
    Create,
    /// Back to the Summary (the value is kept for this session's builds).
    Stay,
}

/// A password asked for at build time, for secrets set to "ask" or whose source cannot
/// be read now.
pub struct AskDialog {
    pub queue: Vec<(usize, String)>,
    pub input: TextInput,
    pub then: AskThen,
    pub error: Option<String>,
}

impl AskDialog {
    pub fn new(queue: Vec<(usize, String)>, then: AskThen) -> Self {
        Self {
            queue,
            input: TextInput::secret("", "type it here (hidden)"),
            then,
            error: None,
        }
    }
}

/// The device-code sign-in as it progresses.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenView {
    pub tenant: String,
    pub code: Option<(String, String)>,
    pub seconds_left: Option<u64>,
    pub status: Option<String>,
    pub error: Option<String>,
}

impl TokenView {
    pub fn new(tenant: String) -> Self {
        Self {
            tenant,
            ..Default::default()
        }
    }

    pub fn event(&mut self, e: TokenEvent) {
        match e {
            TokenEvent::ShowCode {
                user_code,
                verification_uri,
                seconds_left,
            } => {
                self.code = Some((user_code, verification_uri));
                self.seconds_left = Some(seconds_left);
            }
            TokenEvent::Waiting { seconds_left } => self.seconds_left = Some(seconds_left),
            // A status comes once the admin signed in: the code's countdown is over.
            TokenEvent::Status(s) => {
                self.status = Some(s);
                self.seconds_left = None;
            }
        }
    }
}

/// The build's progress.
#[derive(Clone, Debug, PartialEq)]
pub struct BuildView {
    pub progress: Progress,
}

impl Default for BuildView {
    fn default() -> Self {
        Self {
            progress: Progress {
                fraction: 0.0,
                message: "Starting…".into(),
            },
        }
    }
}

/// The pop-up currently open.
pub enum Modal {
    Help(Slot),
    HelpText {
        title: String,
        text: String,
    },
    Picker {
        picker: Box<FilePicker>,
        target: PickTarget,
    },
    Quit(QuitDialog),
    /// A self-contained dialog (see `popups`).
    Popup(Box<dyn Popup>),
    Secret(Box<SecretDialog>),
    Ask(Box<AskDialog>),
    Token(TokenView),
    Build(BuildView),
    Built(Built),
    Message {
        title: String,
        text: String,
    },
}

impl Modal {
    pub fn message(title: &str, text: String) -> Self {
        Modal::Message {
            title: title.into(),
            text,
        }
    }

    pub fn help_start() -> Self {
        Modal::HelpText {
            title: "Help".into(),
            text: "ppkg-wizard builds a Windows provisioning package (.ppkg): a file that sets \
                   up new PCs (name, Wi-Fi, accounts, apps, certificates) when plugged in on a \
                   USB drive at the first setup screen.\n\nCreate a new project to answer the \
                   wizard's pages one by one, or open a project saved earlier.\n\nKeys: arrows \
                   move, Enter chooses, Esc quits."
                .into(),
        }
    }

    /// The keys the open dialog offers, for the hint bar.
    pub fn hints(&self) -> Vec<Hint> {
        match self {
            Modal::Popup(p) => p.hints(),
            Modal::Help(_) => vec![("Esc/F1", "close")],
            Modal::HelpText { .. } | Modal::Message { .. } | Modal::Built(_) => {
                vec![("Enter/Esc", "close")]
            }
            Modal::Picker { .. } => vec![
                ("Enter", "open/pick"),
                ("Tab", "complete"),
                ("Backspace", "up"),
                ("Esc", "cancel"),
            ],
            Modal::Quit(_) => vec![
                ("s", "save and quit"),
                ("q", "quit without saving"),
                ("Esc", "keep working"),
            ],
            Modal::Secret(_) => vec![
                ("↑↓", "choose"),
                ("Enter", "confirm"),
                ("Esc", "cancel the save"),
            ],
            Modal::Ask(_) => vec![("Enter", "continue"), ("Esc", "cancel")],
            Modal::Token(_) | Modal::Build(_) => vec![("Esc", "cancel")],
        }
    }

    /// Pasted text for a dialog's text field.
    pub fn paste(&mut self, text: &str) {
        match self {
            Modal::Ask(a) => {
                a.input.paste(text);
            }
            Modal::Picker { picker, .. } => picker.paste(text),
            Modal::Secret(d) => match d.choice {
                save_flow::ENV => {
                    d.env.paste(text);
                }
                save_flow::FILE => {
                    d.file.paste(text);
                }
                _ => {}
            },
            _ => {}
        }
    }
}

impl App {
    /// A key while a modal is open. The modal was taken out of `self.modal`; it is put back
    /// unless the key closed it.
    pub(crate) fn modal_key(&mut self, modal: Modal, key: KeyEvent) {
        let esc = key.code == KeyCode::Esc;
        let enter = key.code == KeyCode::Enter;
        let keep = match modal {
            Modal::Help(_) | Modal::HelpText { .. } | Modal::Message { .. } | Modal::Built(_) => {
                if esc || enter || key.code == KeyCode::F(1) {
                    None
                } else {
                    Some(modal)
                }
            }
            Modal::Picker { mut picker, target } => match picker.handle(key) {
                Picked::Nothing => Some(Modal::Picker { picker, target }),
                Picked::Cancelled => None,
                Picked::File(f) => {
                    self.picked(target, f);
                    return;
                }
            },
            Modal::Quit(mut q) => {
                let n = QUIT_OPTIONS.len();
                let choose = match key.code {
                    KeyCode::Left | KeyCode::BackTab | KeyCode::Up => {
                        q.selected = (q.selected + n - 1) % n;
                        None
                    }
                    KeyCode::Right | KeyCode::Tab | KeyCode::Down => {
                        q.selected = (q.selected + 1) % n;
                        None
                    }
                    KeyCode::Char('s' | 'S') => Some(0),
                    KeyCode::Char('q' | 'Q' | 'd' | 'D') => Some(1),
                    KeyCode::Esc | KeyCode::Char('k' | 'K') => Some(2),
                    KeyCode::Enter => Some(q.selected),
                    _ => None,
                };
                match choose {
                    None => Some(Modal::Quit(q)),
                    Some(0) => {
                        self.save(AfterSave::Quit);
                        return;
                    }
                    Some(1) => {
                        self.force_quit();
                        None
                    }
                    Some(_) => None,
                }
            }
            Modal::Popup(mut p) => match p.key(key) {
                Outcome::Keep => Some(Modal::Popup(p)),
                Outcome::Close => None,
                Outcome::Run(cmd) => {
                    self.run(cmd);
                    return;
                }
            },
            Modal::Secret(d) => {
                self.secret_key(d, key);
                return;
            }
            Modal::Ask(mut a) => {
                if esc {
                    None
                } else if enter {
                    let value = a.input.value().to_owned();
                    if value.is_empty() {
                        a.error =
                            Some("Type it, or press Esc to cancel creating the package.".into());
                        Some(Modal::Ask(a))
                    } else {
                        let (_, label) = a.queue.remove(0);
                        self.remember_secret(label, value.into());
                        if a.queue.is_empty() {
                            match a.then {
                                AskThen::Create => self.create(),
                                AskThen::Stay => {
                                    self.refresh();
                                    self.ensure_focus_visible();
                                    self.status = Some(
                                        "Kept for this session's builds only; not saved.".into(),
                                    );
                                }
                            }
                            return;
                        }
                        a.input.set_value("");
                        a.error = None;
                        Some(Modal::Ask(a))
                    }
                } else {
                    a.input.handle(key);
                    Some(Modal::Ask(a))
                }
            }
            Modal::Token(t) => {
                if self.busy() {
                    if esc {
                        self.cancel_job();
                    }
                    Some(Modal::Token(t))
                } else if esc || enter {
                    None
                } else {
                    Some(Modal::Token(t))
                }
            }
            Modal::Build(b) => {
                if esc {
                    self.cancel_job();
                }
                Some(Modal::Build(b))
            }
        };
        if self.modal.is_none() {
            self.modal = keep;
        }
    }

    fn secret_key(&mut self, mut d: Box<SecretDialog>, key: KeyEvent) {
        if d.confirm_clear {
            match key.code {
                KeyCode::Char('y' | 'Y') => {
                    self.answer(&mut d, crate::project::SecretSource::Clear, None);
                    return self.next_secret(d);
                }
                KeyCode::Char('n' | 'N') | KeyCode::Esc => d.confirm_clear = false,
                _ => {}
            }
            self.modal = Some(Modal::Secret(d));
            return;
        }
        match key.code {
            KeyCode::Esc => {
                // Cancelling the save cancels all of it: earlier answers are undone and
                // the secret files written for them removed.
                for a in d.answered.drain(..).rev() {
                    self.restore_secret_source(a.index, &a.label, a.old);
                    if let Some(f) = a.written {
                        let _ = std::fs::remove_file(f);
                    }
                }
                self.status = Some("Not saved.".into());
                return;
            }
            KeyCode::Up | KeyCode::BackTab => d.step(false),
            KeyCode::Down | KeyCode::Tab => d.step(true),
            KeyCode::Enter => {
                let i = d.queue[0].index;
                match d.choice {
                    save_flow::CLEAR => d.confirm_clear = true,
                    save_flow::ENV => match save_flow::env_name_problem(d.env.value().trim()) {
                        Some(e) => d.error = Some(e),
                        None => {
                            let src = save_flow::source_for(d.choice, &d);
                            self.answer(&mut d, src, None);
                            return self.next_secret(d);
                        }
                    },
                    save_flow::FILE => {
                        let value = self
                            .project
                            .secrets_mut()
                            .into_iter()
                            .nth(i)
                            .and_then(|(_, s)| s.value().map(|v| v.expose().to_owned()))
                            .unwrap_or_default();
                        let dir = self.project.base_dir.clone();
                        let name = d.file.value().trim().to_owned();
                        let existed = dir.join(&name).exists();
                        match save_flow::write_secret_file(&dir, &name, &value) {
                            Err(e) => d.error = Some(e),
                            Ok(()) => {
                                let src = save_flow::source_for(d.choice, &d);
                                let written = (!existed).then(|| dir.join(&name));
                                self.answer(&mut d, src, written);
                                return self.next_secret(d);
                            }
                        }
                    }
                    _ => {
                        self.answer(&mut d, crate::project::SecretSource::Ask, None);
                        return self.next_secret(d);
                    }
                }
            }
            _ => match d.choice {
                save_flow::ENV => {
                    d.env.handle(key);
                }
                save_flow::FILE => {
                    d.file.handle(key);
                }
                _ => {}
            },
        }
        self.modal = Some(Modal::Secret(d));
    }

    /// Applies an answer for the current secret and remembers how to undo it.
    fn answer(
        &mut self,
        d: &mut SecretDialog,
        source: crate::project::SecretSource,
        written: Option<std::path::PathBuf>,
    ) {
        let p = d.queue[0].clone();
        if let Some(old) = self.set_secret_source(p.index, &p.label, source) {
            d.answered.push(Answered {
                index: p.index,
                label: p.label,
                old,
                written,
            });
        }
    }

    fn next_secret(&mut self, mut d: Box<SecretDialog>) {
        d.queue.remove(0);
        if d.queue.is_empty() {
            self.write_project(d.then);
        } else {
            d.reset_names();
            self.modal = Some(Modal::Secret(d));
        }
    }
}
