//! Page 6, "Add certificates": a list, and an editor for one certificate (kind, file, and
//! for a client .pfx its password and key options).

use super::list_keys::{LIST_HINT, ListCmd, apply_cmd, list_cmd};
use super::{Cx, Effect, PageView, merge_secret, relative_to, secret_text, source_note};
use crate::project::{Certificate, CertificateKind, Field, KeyLocation, Problem, Project};
use crate::tui::slot::Slot;
use crate::tui::widgets::form::{Entry, Form, Row, button, check, choice, list, secret, text};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
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

    fn edit(&mut self, i: usize, p: &Project) {
        let Some(c) = p.certificates.get(i) else {
            return;
        };
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
        f.focus = Slot::CertName;
        self.editing = Some(i);
    }

    fn back_to_list(&mut self) {
        if let Some(i) = self.editing.take() {
            self.form.select(Slot::CertList, i);
        }
        self.form.focus = Slot::CertList;
    }

    fn add(&mut self, p: &mut Project) {
        p.certificates.push(Certificate {
            name: String::new(),
            path: PathBuf::new(),
            kind: CertificateKind::Root,
        });
        self.edit(p.certificates.len() - 1, p);
    }
}

impl Default for CertificatesPage {
    fn default() -> Self {
        Self::new()
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
            let entries = p
                .certificates
                .iter()
                .enumerate()
                .map(|(i, c)| Entry {
                    text: format!(
                        "{}. {}  ({}, {})",
                        i + 1,
                        if c.name.is_empty() {
                            "(no name)"
                        } else {
                            &c.name
                        },
                        kind_name(&c.kind),
                        c.path.display()
                    ),
                    problem: cx.problems.iter().any(|pr| cert_index(pr.field) == Some(i)),
                })
                .collect();
            return vec![
                Row::dim(
                    "Certificates installed on every device: your own root CA (for Wi-Fi, \
                     web filters, servers), or a client certificate with its key (.pfx).",
                ),
                Row::Blank,
                Row::Entries {
                    slot: Slot::CertList,
                    entries,
                },
                Row::dim(LIST_HINT.replace(" (the install order)", "")),
                Row::Blank,
                Row::Field(Slot::CertAdd),
            ];
        };
        let mut rows = vec![
            Row::Heading(format!("Certificate {} of {}", i + 1, p.certificates.len())),
            Row::Field(Slot::CertName),
            Row::Field(Slot::CertKind),
            Row::Field(Slot::CertPath),
            Row::Field(Slot::CertBrowse),
        ];
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
        match slot {
            Slot::CertAdd => {
                self.add(p);
                Effect::Changed
            }
            Slot::CertDone => {
                self.back_to_list();
                Effect::None
            }
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
        if self.editing.is_some() {
            if key.code == KeyCode::Esc {
                self.back_to_list();
                return Some(Effect::None);
            }
            return None;
        }
        if self.form.focus != Slot::CertList {
            return None;
        }
        let cmd = list_cmd(key)?;
        let sel = self.form.selected(Slot::CertList);
        match cmd {
            ListCmd::Add => self.add(p),
            ListCmd::Edit => {
                if sel < p.certificates.len() {
                    self.edit(sel, p);
                } else {
                    return None;
                }
            }
            _ => {
                let (sel, changed) = apply_cmd(cmd, &mut p.certificates, sel);
                self.form.select(Slot::CertList, sel);
                if !changed {
                    return Some(Effect::None);
                }
            }
        }
        Some(Effect::Changed)
    }

    fn focus_field(&mut self, field: Field, p: &Project) -> bool {
        match cert_index(field) {
            Some(i) => {
                self.edit(i, p);
                if let Some(s) = self.slot_of(field) {
                    self.form.focus = s;
                }
                true
            }
            None => false,
        }
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
        if self.form.text(Slot::CertName).trim().is_empty() {
            let stem = rel
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            self.form.set_text(Slot::CertName, &stem);
        }
    }
}

fn cert_index(f: Field) -> Option<usize> {
    match f {
        Field::CertName(i) | Field::CertPath(i) | Field::CertPassword(i) => Some(i),
        _ => None,
    }
}
