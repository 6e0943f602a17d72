//! Page 8, "Summary": everything on one screen, grouped by page; the problems, each
//! leading to its field; and "Create".

use super::{Cx, Effect, PageView};
use crate::project::{
    CertificateKind, Field, Join, Problem, Project, Secret, SecretSource, Severity, iso_date,
};
use crate::tui::app::SummaryItem;
use crate::tui::slot::Slot;
use crate::tui::widgets::form::{Entry, Form, Row, Tone, button, list};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

pub struct SummaryPage {
    form: Form,
    /// Every problem of the project, the wizard's own and unreadable secrets; the App
    /// gathers them, the page lists them.
    items: Vec<SummaryItem>,
}

/// Where a secret will come from, in words (never its value).
pub fn describe_secret(s: &Secret) -> String {
    match (&s.source, s.has_value()) {
        (SecretSource::Clear, true) => "saved in the project in clear text".into(),
        // Typed now, so this session can build; a later build reads the variable.
        (SecretSource::Env(v), true) if std::env::var_os(v).is_none() => format!(
            "typed; later builds read environment variable {v}, which this shell does not set"
        ),
        (SecretSource::Env(v), true) => format!("from environment variable {v}"),
        (SecretSource::File(f), true) => format!("from file {}", f.display()),
        (SecretSource::Ask, true) => "typed (you choose where it is kept when you save)".into(),
        (SecretSource::Env(v), false) => format!("from environment variable {v}"),
        (SecretSource::File(f), false) => format!("from file {}", f.display()),
        (SecretSource::Ask, false) => "asked when you create the package".into(),
        (SecretSource::Clear, false) => "empty".into(),
    }
}

fn yes_no(items: &[(&str, bool)]) -> String {
    let on: Vec<&str> = items.iter().filter(|(_, b)| *b).map(|(s, _)| *s).collect();
    if on.is_empty() {
        String::new()
    } else {
        format!("; {}", on.join(", "))
    }
}

impl SummaryPage {
    pub fn new() -> Self {
        Self {
            form: Form::new(vec![
                list(Slot::Problems),
                button(Slot::Create),
                button(Slot::Batch),
            ]),
            items: Vec::new(),
        }
    }

    pub fn set_items(&mut self, items: Vec<SummaryItem>) {
        let sel = self.form.selected(Slot::Problems);
        self.form
            .select(Slot::Problems, sel.min(items.len().saturating_sub(1)));
        self.items = items;
    }

    pub fn items(&self) -> &[SummaryItem] {
        &self.items
    }
}

/// "1 warning", "2 warnings".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Default for SummaryPage {
    fn default() -> Self {
        Self::new()
    }
}

/// The project, one or two lines per page.
pub fn summary_rows(p: &Project) -> Vec<Row> {
    let mut rows = Vec::new();
    let or_dash = |s: &str| {
        if s.trim().is_empty() {
            "—".to_string()
        } else {
            s.to_owned()
        }
    };
    rows.push(Row::pair(
        "Project",
        format!("{} (version {})", or_dash(&p.name), p.package.version),
    ));
    let d = &p.device;
    rows.push(Row::pair(
        "Device",
        format!(
            "name {}{}{}",
            or_dash(&d.name),
            if d.product_key.is_some() {
                "; product key set"
            } else {
                ""
            },
            yes_no(&[
                ("shared use", d.shared_use),
                ("remove pre-installed software", d.remove_preinstalled),
                ("hide setup screens", d.hide_oobe),
            ])
        ),
    ));
    rows.push(Row::pair(
        "Network",
        match &p.network {
            None => "no Wi-Fi (wired)".to_string(),
            Some(w) => format!(
                "Wi-Fi {} ({}{}){}",
                or_dash(&w.ssid),
                match w.security {
                    crate::project::WifiSecurity::Open => "open",
                    crate::project::WifiSecurity::Wpa2Personal => "WPA2-Personal",
                },
                if w.hidden { ", hidden" } else { "" },
                w.key
                    .as_ref()
                    .map(|k| format!("; password {}", describe_secret(k)))
                    .unwrap_or_default()
            ),
        },
    ));
    let mut acc = match &p.accounts.join {
        Join::None => "local accounts only".to_string(),
        Join::ActiveDirectory {
            domain,
            account,
            ou,
            ..
        } => format!(
            "join {} as {}{}",
            or_dash(domain),
            or_dash(account),
            ou.as_deref()
                .filter(|o| !o.trim().is_empty())
                .map(|o| format!(", computer account in {o}"))
                .unwrap_or_default()
        ),
        Join::EntraId { token, expires, .. } => format!(
            "Entra ID, bulk token {}{}",
            describe_secret(token),
            expires
                .map(|e| format!(", expires {}", iso_date::format(e)))
                .unwrap_or_default()
        ),
    };
    if let Some(a) = &p.accounts.local_admin {
        acc.push_str(&format!("; local admin {}", or_dash(&a.name)));
    }
    if let Some(m) = &p.accounts.mdm {
        acc.push_str(&format!("; MDM enrollment as {}", or_dash(&m.upn)));
    }
    rows.push(Row::pair("Accounts", acc));
    rows.push(Row::pair(
        "Applications",
        if p.applications.is_empty() {
            "none".to_string()
        } else {
            p.applications
                .iter()
                .map(|a| or_dash(&a.name))
                .collect::<Vec<_>>()
                .join(", ")
        },
    ));
    rows.push(Row::pair(
        "Certificates",
        if p.certificates.is_empty() {
            "none".to_string()
        } else {
            p.certificates
                .iter()
                .map(|c| {
                    let mut s = or_dash(&c.name);
                    if matches!(c.kind, CertificateKind::Client { .. }) {
                        s.push_str(" (.pfx)");
                    }
                    s
                })
                .collect::<Vec<_>>()
                .join(", ")
        },
    ));
    if let Some(k) = &p.kiosk {
        rows.push(Row::pair("Kiosk", k.in_words()));
    }
    rows.push(Row::pair(
        "Protect",
        match &p.protect {
            None => "no password".to_string(),
            Some(x) => format!("password {}", describe_secret(&x.password)),
        },
    ));
    if !p.advanced.is_empty() {
        let shown: Vec<String> = p
            .advanced
            .iter()
            .take(3)
            .map(|a| a.path.to_string())
            .collect();
        let more = p.advanced.len().saturating_sub(shown.len());
        rows.push(Row::pair(
            "Advanced",
            format!(
                "{} kept from the WCD project: {}{}",
                count(p.advanced.len(), "setting", "settings"),
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
        ));
    }
    if !p.targets.is_empty() || !p.variants.is_empty() {
        let names: Vec<String> = p
            .targets
            .iter()
            .map(|t| crate::printable::escape(&t.id).into_owned())
            .collect();
        rows.push(Row::pair(
            "Targets",
            format!(
                "{} with {} own settings ({}): kept, not built; every PC gets the common settings",
                count(names.len(), "target", "targets"),
                if names.len() == 1 { "its" } else { "their" },
                names.join(", ")
            ),
        ));
    }
    if p.protect.is_none() {
        let mut c = p.clone();
        let labels: Vec<String> = c
            .secrets_mut()
            .into_iter()
            .map(|(l, _)| lower_first(&l))
            .collect();
        if !labels.is_empty() {
            rows.push(Row::Note(
                format!(
                    "Without a package password the package holds the {} in clear text: \
                     anyone with the .ppkg file can read {}. Set a password on page {} \
                     (Protect).",
                    labels.join(", "),
                    if labels.len() == 1 { "it" } else { "them" },
                    crate::project::Page::ALL
                        .iter()
                        .position(|x| *x == crate::project::Page::Protect)
                        .unwrap_or(0)
                        + 1
                ),
                Tone::Warn,
            ));
        }
    }
    rows
}

/// "Bulk token" → "bulk token", for the middle of a sentence; a first word that is a
/// name ("Wi-Fi", "MDM") keeps its case.
fn lower_first(s: &str) -> String {
    let first = s.split(' ').next().unwrap_or("");
    let plain = first.chars().skip(1).all(|c| c.is_lowercase());
    if plain {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_lowercase().chain(c).collect())
            .unwrap_or_default()
    } else {
        s.to_owned()
    }
}

impl PageView for SummaryPage {
    fn form(&self) -> &Form {
        &self.form
    }
    fn form_mut(&mut self) -> &mut Form {
        &mut self.form
    }

    fn rows(&self, cx: &Cx) -> Vec<Row> {
        let mut rows = summary_rows(cx.project);
        rows.push(Row::Blank);
        let errors = self
            .items
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count();
        let warnings = self.items.len() - errors;
        if self.items.is_empty() {
            rows.push(Row::Note(
                "No problems found: every field and every secret can be read.".into(),
                Tone::Ok,
            ));
        } else {
            let what = match (errors, warnings) {
                (0, w) => count(w, "warning", "warnings"),
                (e, 0) => format!("{} to fix", count(e, "problem", "problems")),
                (e, w) => format!(
                    "{} to fix, {}",
                    count(e, "problem", "problems"),
                    count(w, "warning", "warnings")
                ),
            };
            rows.push(Row::Heading(format!("{what} — Enter shows each")));
            rows.push(Row::Entries {
                slot: Slot::Problems,
                entries: self
                    .items
                    .iter()
                    .map(|p| Entry {
                        text: match p.severity {
                            Severity::Error => p.text.clone(),
                            Severity::Warning => format!("? {}", p.text),
                        },
                        problem: p.severity == Severity::Error,
                    })
                    .collect(),
            });
        }
        rows.push(Row::Blank);
        rows.push(Row::Field(Slot::Create));
        let pkg = cx
            .project
            .base_dir
            .join(format!("{}.ppkg", cx.project.name));
        rows.push(Row::dim(format!("Creates {}", pkg.display())));
        rows.push(Row::Field(Slot::Batch));
        rows
    }

    fn apply(&mut self, _p: &mut Project) {}

    fn slot_of(&self, _field: Field) -> Option<Slot> {
        None
    }

    fn activate(&mut self, slot: Slot, _p: &mut Project) -> Effect {
        match slot {
            Slot::Create => Effect::Create,
            Slot::Batch => Effect::Batch,
            _ => Effect::None,
        }
    }

    /// Up and Down move through the problems (Enter is the App's: a line may lead to a
    /// field, a wizard-only widget or a secret to type).
    fn key(&mut self, key: KeyEvent, _p: &mut Project, _problems: &[Problem]) -> Option<Effect> {
        let n = self.items.len();
        if self.form.focus != Slot::Problems || n == 0 {
            return None;
        }
        let sel = self.form.selected(Slot::Problems).min(n - 1);
        match key.code {
            KeyCode::Up if sel > 0 => self.form.select(Slot::Problems, sel - 1),
            KeyCode::Down if sel + 1 < n => self.form.select(Slot::Problems, sel + 1),
            _ => return None,
        }
        Some(Effect::None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::SecretString;

    fn typed(source: SecretSource) -> Secret {
        Secret::typed(SecretString::from("pw".to_string()), source)
    }

    #[test]
    fn a_typed_secret_saved_to_an_unset_variable_says_later_builds_need_it() {
        let unset = "PPKG_WIZARD_TEST_SURELY_UNSET_VARIABLE";
        let text = describe_secret(&typed(SecretSource::Env(unset.into())));
        assert!(
            text.contains(unset) && text.contains("does not set"),
            "{text}"
        );
        let path = describe_secret(&typed(SecretSource::Env("PATH".into())));
        assert_eq!(path, "from environment variable PATH");
        let before_save = describe_secret(&typed(SecretSource::Ask));
        assert!(before_save.contains("when you save"), "{before_save}");
        assert!(!describe_secret(&typed(SecretSource::File("k.txt".into()))).contains("typed"));
    }

    #[test]
    fn a_project_with_targets_says_so_in_one_line() {
        let mut p = Project::new("Lab");
        let targets = |p: &Project| {
            summary_rows(p)
                .into_iter()
                .filter_map(|r| match r {
                    Row::Pair(label, text, _) if label == "Targets" => Some(text),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        assert!(targets(&p).is_empty());
        for id in ["Surface Laptop 3", "Aurora\x1b[31m"] {
            p.targets.push(crate::project::Target {
                id: id.into(),
                states: Vec::new(),
                kept: Default::default(),
            });
        }
        assert_eq!(
            targets(&p),
            [
                "2 targets with their own settings (Surface Laptop 3, Aurora\\x1b[31m): kept, not built; every PC gets the common settings"
            ]
        );
    }
}
