//! Page 6, "Add certificates": a list, and an editor for one certificate (kind, file, and
//! for a client .pfx its password and key options).

use super::item_list::{ListPage, ListSlots, name_after_file};
use super::list_keys::LIST_HINT;
use super::{Cx, Effect, PageView, merge_secret, relative_to, secret_text, source_note};
use crate::project::{Certificate, CertificateKind, Field, KeyLocation, Problem, Project};
use crate::tui::slot::Slot;
use crate::tui::widgets::form::{Form, Row, button, check, choice, list, secret, text};
use ratatui::crossterm::event::KeyEvent;
use std::path::{Path, PathBuf};

const CERT_EXTENSIONS: &[&str] = &["cer", "crt", "der", "pem", "pfx", "p12"];
const CLIENT: usize = 3;
const LOCATIONS: [KeyLocation; 3] = [
    KeyLocation::TpmOnly,
    KeyLocation::TpmWithSoftwareFallback,
    KeyLocation::SoftwareOnly,
];

pub struct CertificatesPage {
    form: Form,
    editing: Option<usize>,
}

fn kind_index(k: &CertificateKind) -> usize {
    match k {
        CertificateKind::Root => 0,
        CertificateKind::Ca => 1,
        CertificateKind::TrustedPeople => 2,
        CertificateKind::Client { .. } => CLIENT,
    }
}

fn kind_name(k: &CertificateKind) -> &'static str {
    match k {
        CertificateKind::Root => "root CA",
        CertificateKind::Ca => "intermediate CA",
        CertificateKind::TrustedPeople => "trusted people",
        CertificateKind::Client { .. } => "client .pfx",
    }
}

impl CertificatesPage {
    pub fn new() -> Self {
        Self {
            form: Form::new(vec![
                list(Slot::CertList),
                button(Slot::CertAdd),
                text(Slot::CertName, ""),
                choice(
                    Slot::CertKind,
                    vec![
                        "Root CA",
                        "Intermediate CA",
                        "Trusted People",
                        "Client (.pfx)",
                    ],
                    0,
                ),
                text(Slot::CertPath, ""),
                button(Slot::CertBrowse),
                secret(Slot::CertPassword, ""),
                choice(
                    Slot::CertKeyLocation,
                    vec!["TPM only", "TPM, else software", "Software only"],
                    0,
                ),
                check(Slot::CertExportable, false),
                button(Slot::CertDone),
            ]),
            editing: None,
        }
    }
}

impl Default for CertificatesPage {
    fn default() -> Self {
        Self::new()
    }
}

impl ListPage for CertificatesPage {
    type Item = Certificate;
    const SLOTS: ListSlots = ListSlots {
        list: Slot::CertList,
        add: Slot::CertAdd,
        done: Slot::CertDone,
        first: Slot::CertName,
    };

    fn editing(&self) -> Option<usize> {
        self.editing
    }
    fn set_editing(&mut self, i: Option<usize>) {
        self.editing = i;
    }
    fn items(p: &Project) -> &[Certificate] {
        &p.certificates
    }
    fn items_mut(p: &mut Project) -> &mut Vec<Certificate> {
        &mut p.certificates
    }

    fn blank() -> Certificate {
        Certificate {
            name: String::new(),
            path: PathBuf::new(),
            kind: CertificateKind::Root,
        }
    }

    fn load(&mut self, c: &Certificate) {
        let f = &mut self.form;
        f.set_text(Slot::CertName, &c.name);
        f.set_choice(Slot::CertKind, kind_index(&c.kind));
        f.set_text(Slot::CertPath, &c.path.display().to_string());
        let (pw, loc, exp) = match &c.kind {
            CertificateKind::Client {
                password,
                key_location,
                exportable,
            } => (
                secret_text(Some(password)),
                LOCATIONS
                    .iter()
                    .position(|l| l == key_location)
                    .unwrap_or(0),
                *exportable,
            ),
            _ => (String::new(), 0, false),
        };
        f.set_text(Slot::CertPassword, &pw);
        f.set_choice(Slot::CertKeyLocation, loc);
        f.set_checked(Slot::CertExportable, exp);
    }

    fn item_of(field: Field) -> Option<usize> {
        cert_index(field)
    }

    fn describe(c: &Certificate) -> (&str, String) {
        (
            &c.name,
            format!("{}, {}", kind_name(&c.kind), c.path.display()),
        )
    }
}

impl PageView for CertificatesPage {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn rows(&self, cx: &Cx) -> Vec<Row> {
        let p = cx.project;
        let Some(i) = self.editing else {
            return self.list_rows(
                cx,
                "Certificates installed on every device: your own root CA (for Wi-Fi, \
                 web filters, servers), or a client certificate with its key (.pfx).",
                LIST_HINT.replace(" (the install order)", ""),
            );
        };
        let mut rows = vec![
            Row::Heading(format!("Certificate {} of {}", i + 1, p.certificates.len())),
            Row::Field(Slot::CertName),
            Row::Field(Slot::CertKind),
            Row::Field(Slot::CertPath),
            Row::Field(Slot::CertBrowse),
        ];
        if let Some(from) = p.certificates.get(i).and_then(|c| p.origin_of(&c.path)) {
            let from: String = from.chars().filter(|c| !c.is_control()).collect();
            rows.insert(4, Row::pair("Imported from", from));
        }
        if self.form.choice(Slot::CertKind) == CLIENT {
            rows.push(Row::Field(Slot::CertPassword));
            if let Some(n) = p.certificates.get(i).and_then(|c| match &c.kind {
                CertificateKind::Client { password, .. } => source_note(password),
                _ => None,
            }) {
                rows.push(Row::dim(n));
            }
            rows.push(Row::Field(Slot::CertKeyLocation));
            rows.push(Row::Field(Slot::CertExportable));
        }
        rows.push(Row::Field(Slot::CertDone));
        rows
    }

    fn apply(&mut self, p: &mut Project) {
        let Some(i) = self.editing else { return };
        // The example path follows the kind: a client certificate comes with its key.
        let example = match self.form.choice(Slot::CertKind) {
            0..=2 => Slot::CertPath.placeholder(),
            _ => "e.g. certs/client.pfx",
        };
        if let Some(input) = self.form.input_mut(Slot::CertPath) {
            input.set_placeholder(example);
        }
        let f = &self.form;
        let Some(c) = p.certificates.get_mut(i) else {
            return;
        };
        c.name = f.text(Slot::CertName).trim().to_owned();
        c.path = PathBuf::from(f.text(Slot::CertPath).trim());
        c.kind = match f.choice(Slot::CertKind) {
            0 => CertificateKind::Root,
            1 => CertificateKind::Ca,
            2 => CertificateKind::TrustedPeople,
            _ => {
                let old = match &c.kind {
                    CertificateKind::Client { password, .. } => Some(password.clone()),
                    _ => None,
                };
                CertificateKind::Client {
                    password: merge_secret(old.as_ref(), f.text(Slot::CertPassword)),
                    key_location: LOCATIONS[f.choice(Slot::CertKeyLocation).min(2)],
                    exportable: f.checked(Slot::CertExportable),
                }
            }
        };
    }

    fn slot_of(&self, field: Field) -> Option<Slot> {
        let i = self.editing?;
        match field {
            Field::CertName(j) if j == i => Some(Slot::CertName),
            Field::CertPath(j) if j == i => Some(Slot::CertPath),
            Field::CertPassword(j) if j == i => Some(Slot::CertPassword),
            _ => None,
        }
    }

    fn activate(&mut self, slot: Slot, p: &mut Project) -> Effect {
        if let Some(e) = self.list_activate(slot, p) {
            return e;
        }
        match slot {
            Slot::CertBrowse => Effect::Pick {
                slot: Slot::CertPath,
                title: "Choose the certificate file",
                extensions: CERT_EXTENSIONS,
                start: p.resolve_path(Path::new(self.form.text(Slot::CertPath))),
            },
            _ => Effect::None,
        }
    }

    fn key(&mut self, key: KeyEvent, p: &mut Project, _problems: &[Problem]) -> Option<Effect> {
        self.list_key(key, p)
    }

    fn focus_field(&mut self, field: Field, p: &Project) -> bool {
        self.list_focus_field(field, p)
    }

    fn picked(&mut self, slot: Slot, path: PathBuf, p: &mut Project) {
        let rel = relative_to(&path, &p.base_dir);
        let ext = rel
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        self.form.set_text(slot, &rel.display().to_string());
        if ext == "pfx" || ext == "p12" {
            self.form.set_choice(Slot::CertKind, CLIENT);
        }
        name_after_file(&mut self.form, Slot::CertName, &rel);
    }
}

fn cert_index(f: Field) -> Option<usize> {
    match f {
        Field::CertName(i) | Field::CertPath(i) | Field::CertPassword(i) => Some(i),
        _ => None,
    }
}
