//! The dialog open over the page and how keys reach it. Each dialog is a component of
//! `popups`, driven the same way through [`Popup`]. The sign-in and the build progress keep
//! their own type because the App updates them from a worker; the picker, the save
//! question and the result keep theirs so callers can tell which dialog is open.

use super::app::App;
use super::popups::{
    BuildProgress, Outcome, PackageCreated, Pick, Popup, SecretSources, SignIn, TextBox,
};
use ratatui::crossterm::event::KeyEvent;

/// The dialog currently open.
pub enum Modal {
    /// A dialog the App never updates while it is open.
    Popup(Box<dyn Popup>),
    Picker(Box<Pick>),
    Secret(Box<SecretSources>),
    /// Updated with what Entra ID answers.
    Token(Box<SignIn>),
    /// Updated with the builder's progress.
    Build(Box<BuildProgress>),
    Built(Box<PackageCreated>),
}

impl Modal {
    pub fn message(title: &str, text: String) -> Self {
        Modal::Popup(Box::new(TextBox::message(title, text)))
    }

    /// The open dialog as a component.
    pub fn popup(&self) -> &dyn Popup {
        match self {
            Modal::Popup(p) => p.as_ref(),
            Modal::Picker(p) => p.as_ref(),
            Modal::Secret(p) => p.as_ref(),
            Modal::Token(p) => p.as_ref(),
            Modal::Build(p) => p.as_ref(),
            Modal::Built(p) => p.as_ref(),
        }
    }

    fn popup_mut(&mut self) -> &mut dyn Popup {
        match self {
            Modal::Popup(p) => p.as_mut(),
            Modal::Picker(p) => p.as_mut(),
            Modal::Secret(p) => p.as_mut(),
            Modal::Token(p) => p.as_mut(),
            Modal::Build(p) => p.as_mut(),
            Modal::Built(p) => p.as_mut(),
        }
    }

    /// The dialog's title.
    pub fn title(&self) -> String {
        self.popup().title()
    }

    /// Pasted text for a dialog's text field.
    pub fn paste(&mut self, text: &str) {
        self.popup_mut().paste(text);
    }
}

impl App {
    /// A key while a dialog is open. The dialog was taken out of `self.modal`; it is put
    /// back unless the key closed it (or what it asked for opened another).
    pub(crate) fn modal_key(&mut self, mut modal: Modal, key: KeyEvent) {
        match modal.popup_mut().key(key) {
            Outcome::Keep => {}
            Outcome::Close => return,
            Outcome::Run(cmd) => return self.run(cmd),
            Outcome::Also(cmd) => {
                self.modal = Some(modal);
                return self.run(cmd);
            }
        }
        if self.modal.is_none() {
            self.modal = Some(modal);
        }
    }
}
