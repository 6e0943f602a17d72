//! What can open over a page: the self-contained dialogs of `popups` (help, messages,
//! questions, a password at build time), the file picker, where a secret comes from, the
//! token sign-in and the build progress. Esc closes each one, or cancels the work it shows.

use super::app::App;
use super::popups::{Hint, Outcome, Popup, TextBox};
use super::save_flow::{self, Answered, SecretDialog};
use super::slot::Slot;
use super::widgets::file_picker::{FilePicker, Picked};
use super::worker::{Built, Progress, TokenEvent};
use crate::project::Page;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// Where a picked file goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PickTarget {
    OpenProject,
    ImportWcd,
    Field(Page, Slot),
    /// The rows file of a batch.
    BatchRows,
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
    /// A self-contained dialog (see `popups`).
    Popup(Box<dyn Popup>),
    Picker {
        picker: Box<FilePicker>,
        target: PickTarget,
    },
    Secret(Box<SecretDialog>),
    Token(TokenView),
    Build(BuildView),
    Built(Built),
}

impl Modal {
    pub fn message(title: &str, text: String) -> Self {
        Modal::Popup(Box::new(TextBox::message(title, text)))
    }

    /// Help for the focused field.
    pub fn help(slot: Slot) -> Self {
        Modal::Popup(Box::new(TextBox::help(
            format!("Help: {}", slot.label()),
            super::help::help(slot),
        )))
    }

    /// The dialog's title.
    pub fn title(&self) -> String {
        match self {
            Modal::Popup(p) => p.title(),
            Modal::Picker { picker, .. } => picker.title.clone(),
            Modal::Secret(d) => format!("Where should the {} come from?", d.label()),
            Modal::Token(_) => "Get a bulk token".into(),
            Modal::Build(_) => "Creating the package".into(),
            Modal::Built(_) => "Package created".into(),
        }
    }

    pub fn help_start() -> Self {
        Modal::Popup(Box::new(TextBox::help(
            "Help",
            "ppkg-wizard builds a Windows provisioning package (.ppkg): a file that sets \
                   up new PCs (name, Wi-Fi, accounts, apps, certificates) when plugged in on a \
                   USB drive at the first setup screen.\n\nCreate a new project to answer the \
                   wizard's pages one by one, or open a project saved earlier.\n\nKeys: arrows \
                   move, Enter chooses, Esc quits.",
        )))
    }

    /// The keys the open dialog offers, for the hint bar.
    pub fn hints(&self) -> Vec<Hint> {
        match self {
            Modal::Popup(p) => p.hints(),
            Modal::Built(_) => vec![("Enter/Esc", "close")],
            Modal::Picker { .. } => vec![
                ("Enter", "open/pick"),
                ("Tab", "complete"),
                ("Backspace", "up"),
                ("Esc", "cancel"),
            ],
            Modal::Secret(_) => vec![
                ("↑↓", "choose"),
                ("Enter", "confirm"),
                ("Esc", "cancel the save"),
            ],
            Modal::Token(_) | Modal::Build(_) => vec![("Esc", "cancel")],
        }
    }

    /// Pasted text for a dialog's text field.
    pub fn paste(&mut self, text: &str) {
        match self {
            Modal::Popup(p) => p.paste(text),
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
            Modal::Built(_) => {
                if esc || enter {
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
