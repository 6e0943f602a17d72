//! "Configure kiosk account and app", from WCD's kiosk wizard: the account the app runs as
//! (created as a standard user, or one that exists), automatic sign-in, and the one app:
//! a Store app by AUMID or a desktop app by path. Labels and help come from the field
//! descriptors in [`crate::project::kiosk`].

use super::{Cx, PageView, merge_secret, secret_text, source_note};
use crate::project::kiosk::{self, Kiosk, KioskApp};
use crate::project::{Field, Project};
use crate::tui::slot::Slot;
use crate::tui::widgets::form::{Form, Row, Tone, check, choice, secret, text};

pub struct KioskPage {
    form: Form,
}

const STORE: usize = 0;
const DESKTOP: usize = 1;

/// The app kinds, as the choice shows them.
pub const APP_KINDS: [&str; 2] = ["Store app (by AUMID)", "Desktop app (by path)"];

impl KioskPage {
    pub fn new(p: &Project) -> Self {
        let k = p.kiosk.as_ref();
        let (kind, aumid, path) = match k.map(|k| &k.app) {
            Some(KioskApp::Desktop { path }) => (DESKTOP, "", path.as_str()),
            Some(KioskApp::Store { aumid }) => (STORE, aumid.as_str(), ""),
            None => (STORE, "", ""),
        };
        Self {
            form: Form::new(vec![
                check(Slot::KioskOn, k.is_some()),
                text(
                    Slot::KioskAccount,
                    k.map(|k| k.account.as_str()).unwrap_or(""),
                ),
                check(Slot::KioskCreate, k.is_none_or(|k| k.create_account)),
                secret(
                    Slot::KioskPassword,
                    &secret_text(k.and_then(|k| k.password.as_ref())),
                ),
                check(Slot::KioskAutoSignIn, k.is_none_or(|k| k.auto_sign_in)),
                choice(Slot::KioskAppKind, APP_KINDS.to_vec(), kind),
                text(Slot::KioskAumid, aumid),
                text(Slot::KioskPath, path),
            ]),
        }
    }
}

impl PageView for KioskPage {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn rows(&self, cx: &Cx) -> Vec<Row> {
        let mut rows = vec![Row::Field(Slot::KioskOn)];
        if !self.form.checked(Slot::KioskOn) {
            rows.push(Row::Blank);
            rows.push(Row::dim(
                "A kiosk shows one app to everyone who walks up to it: a lobby sign, a \
                 check-in screen, a catalogue terminal. Tick the box to set one up.",
            ));
            return rows;
        }
        rows.push(Row::dim(kiosk::WHAT_IT_DOES));
        rows.extend([
            Row::Field(Slot::KioskAccount),
            Row::Field(Slot::KioskCreate),
        ]);
        let create = self.form.checked(Slot::KioskCreate);
        let auto = self.form.checked(Slot::KioskAutoSignIn);
        if create || auto {
            rows.push(Row::Field(Slot::KioskPassword));
            if let Some(note) = cx
                .project
                .kiosk
                .as_ref()
                .and_then(|k| k.password.as_ref())
                .and_then(source_note)
            {
                rows.push(Row::dim(note));
            }
        }
        rows.push(Row::Field(Slot::KioskAutoSignIn));
        rows.push(Row::Field(Slot::KioskAppKind));
        if self.form.choice(Slot::KioskAppKind) == DESKTOP {
            rows.push(Row::Field(Slot::KioskPath));
            rows.push(Row::Note(
                "Desktop apps replace the desktop with Shell Launcher: Windows Enterprise \
                 or Education only."
                    .into(),
                Tone::Dim,
            ));
        } else {
            rows.push(Row::Field(Slot::KioskAumid));
        }
        rows
    }

    fn apply(&mut self, p: &mut Project) {
        if !self.form.checked(Slot::KioskOn) {
            p.kiosk = None;
            return;
        }
        let old = p.kiosk.take();
        let create = self.form.checked(Slot::KioskCreate);
        let auto = self.form.checked(Slot::KioskAutoSignIn);
        let old_pw = old.as_ref().and_then(|k| k.password.as_ref());
        let typed = self.form.text(Slot::KioskPassword);
        // An existing account may sign in by itself without a password.
        let password = if create || (auto && (!typed.is_empty() || old_pw.is_some())) {
            Some(merge_secret(old_pw, typed))
        } else {
            None
        };
        let app = if self.form.choice(Slot::KioskAppKind) == DESKTOP {
            KioskApp::Desktop {
                path: self.form.text(Slot::KioskPath).trim().to_owned(),
            }
        } else {
            KioskApp::Store {
                aumid: self.form.text(Slot::KioskAumid).trim().to_owned(),
            }
        };
        p.kiosk = Some(Kiosk {
            account: self.form.text(Slot::KioskAccount).trim().to_owned(),
            create_account: create,
            password,
            auto_sign_in: auto,
            app,
        });
    }

    fn slot_of(&self, field: Field) -> Option<Slot> {
        match field {
            Field::KioskAccount => Some(Slot::KioskAccount),
            Field::KioskPassword => Some(Slot::KioskPassword),
            Field::KioskApp if self.form.choice(Slot::KioskAppKind) == DESKTOP => {
                Some(Slot::KioskPath)
            }
            Field::KioskApp => Some(Slot::KioskAumid),
            _ => None,
        }
    }
}
