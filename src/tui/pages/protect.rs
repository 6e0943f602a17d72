//! Page 7, "Protect your package": an optional password (typed twice, or generated).

use super::{Cx, Effect, PageView, merge_secret, secret_text, source_note};
use crate::project::{Project, Protection, Severity};
use crate::tui::slot::Slot;
use crate::tui::widgets::form::{Form, Row, Tone, Widget, button, check, secret};

pub struct ProtectPage {
    form: Form,
    /// A password the wizard generated, shown once so the user can copy it.
    generated: Option<String>,
    error: Option<String>,
}

impl ProtectPage {
    pub fn new(p: &Project) -> Self {
        let pw = secret_text(p.protect.as_ref().map(|x| &x.password));
        Self {
            form: Form::new(vec![
                check(Slot::ProtectOn, p.protect.is_some()),
                secret(Slot::ProtectPassword, &pw),
                secret(Slot::ProtectConfirm, &pw),
                check(Slot::ShowProtect, false),
                button(Slot::Generate),
            ]),
            generated: None,
            error: None,
        }
    }
}

impl PageView for ProtectPage {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn rows(&self, cx: &Cx) -> Vec<Row> {
        let mut rows = vec![
            Row::dim(
                "A protected package can only be installed by someone who types its password. \
                 Use it when the package holds passwords or a bulk token and travels on a USB \
                 drive.",
            ),
            Row::Blank,
            Row::Field(Slot::ProtectOn),
        ];
        if !self.form.checked(Slot::ProtectOn) {
            return rows;
        }
        rows.extend([
            Row::Field(Slot::ProtectPassword),
            Row::Field(Slot::ProtectConfirm),
        ]);
        if let Some(n) = cx
            .project
            .protect
            .as_ref()
            .and_then(|x| source_note(&x.password))
        {
            rows.push(Row::dim(n));
        }
        rows.extend([
            Row::dim("Rules: 8 to 16 characters, only letters (A-Z, a-z) and digits (0-9)."),
            Row::Field(Slot::ShowProtect),
            Row::Field(Slot::Generate),
        ]);
        if let Some(g) = &self.generated {
            rows.push(Row::Pair("Generated".into(), g.clone(), Tone::Strong));
            rows.push(Row::Note(
                "Copy it now and keep it safe: without it the package cannot be installed.".into(),
                Tone::Warn,
            ));
        }
        if let Some(e) = &self.error {
            rows.push(Row::Note(e.clone(), Tone::Error));
        }
        rows
    }

    fn apply(&mut self, p: &mut Project) {
        let shown = self.form.checked(Slot::ShowProtect);
        for s in [Slot::ProtectPassword, Slot::ProtectConfirm] {
            if let Some(Widget::Text(t)) = self.form.widget_mut(s) {
                t.reveal(shown);
            }
        }
        p.protect = if self.form.checked(Slot::ProtectOn) {
            let old = p.protect.as_ref().map(|x| &x.password);
            Some(Protection {
                password: merge_secret(old, self.form.text(Slot::ProtectPassword)),
            })
        } else {
            None
        };
    }

    fn local_problems(&self, _cx: &Cx) -> Vec<(Slot, Severity, String)> {
        if !self.form.checked(Slot::ProtectOn) {
            return Vec::new();
        }
        let a = self.form.text(Slot::ProtectPassword);
        let b = self.form.text(Slot::ProtectConfirm);
        if a == b {
            Vec::new()
        } else if b.is_empty() {
            vec![(
                Slot::ProtectConfirm,
                Severity::Error,
                "Type the password a second time to make sure it has no typo.".into(),
            )]
        } else {
            vec![(
                Slot::ProtectConfirm,
                Severity::Error,
                "The two passwords are different.".into(),
            )]
        }
    }

    fn activate(&mut self, slot: Slot, _p: &mut Project) -> Effect {
        if slot != Slot::Generate {
            return Effect::None;
        }
        match crate::protect::generate_password() {
            Ok(pw) => {
                let text = pw.expose().to_owned();
                self.form.set_text(Slot::ProtectPassword, &text);
                self.form.set_text(Slot::ProtectConfirm, &text);
                self.generated = Some(text);
                self.error = None;
            }
            Err(e) => self.error = Some(format!("Could not generate a password: {e}.")),
        }
        Effect::Changed
    }
}
