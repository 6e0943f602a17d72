//! One file per wizard page. A page keeps its widgets, describes its rows, and writes what
//! the user entered into the [`Project`] (`apply`), which stays the one source of truth
//! for validation, saving and building.

mod accounts;
mod advanced;
mod applications;
mod certificates;
mod device;
mod item_list;
mod kiosk;
mod list_keys;
mod network;
mod project_page;
mod protect;
mod summary;

pub use accounts::AccountsPage;
pub use advanced::AdvancedPage;
pub use applications::ApplicationsPage;
pub use certificates::CertificatesPage;
pub use device::{DevicePage, SAMPLE_SERIAL};
pub use kiosk::KioskPage;
pub use network::NetworkPage;
pub use project_page::ProjectPage;
pub use protect::ProtectPage;
pub use summary::SummaryPage;

use crate::project::{Field, Page, Problem, Project, Secret, SecretSource, Severity};
use crate::tui::slot::Slot;
use crate::tui::widgets::form::{Form, Row};
use ratatui::crossterm::event::KeyEvent;
use std::path::{Path, PathBuf};

/// What a page needs to know to draw itself.
pub struct Cx<'a> {
    pub project: &'a Project,
    pub problems: &'a [Problem],
    /// Where the project file is (or will be) saved.
    pub project_file: &'a Path,
}

/// What the App should do after a page handled a key.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    None,
    /// The widgets changed: apply them to the project and validate again.
    Changed,
    /// The project changed in a field of another page (an advanced setting that is also a
    /// wizard field): that page reads its fields again, then as [`Effect::Changed`].
    Reload(Page),
    /// Open the file picker; the chosen file goes to `slot` through [`PageView::picked`].
    Pick {
        slot: Slot,
        title: &'static str,
        extensions: &'static [&'static str],
        start: PathBuf,
    },
    /// Start the bulk-token sign-in.
    GetToken,
    /// Run the pre-flight checks of the tenant.
    CheckTenant,
    /// One package per row of a CSV file.
    Batch,
    /// Build the package.
    Create,
    /// Show the field of a problem.
    Jump(Field),
}

/// The behaviour every page shares.
pub trait PageView {
    fn form(&self) -> &Form;
    fn form_mut(&mut self) -> &mut Form;
    /// The page's rows, top to bottom; they decide which widgets can be focused.
    fn rows(&self, cx: &Cx) -> Vec<Row>;
    /// Writes the widgets into the project.
    fn apply(&mut self, p: &mut Project);
    /// The widget a problem of the model belongs under, when shown on this page now: by
    /// default the field's own widget, when the page has it.
    fn slot_of(&self, field: Field) -> Option<Slot> {
        let s = Slot::for_field(field);
        self.form().widget(s).is_some().then_some(s)
    }
    /// Problems only the wizard knows about (a folder, a second password).
    fn local_problems(&self, _cx: &Cx) -> Vec<(Slot, Severity, String)> {
        Vec::new()
    }
    /// A button was pressed.
    fn activate(&mut self, _slot: Slot, _p: &mut Project) -> Effect {
        Effect::None
    }
    /// Keys the page wants before the form's own handling (lists, Esc in an editor).
    fn key(&mut self, _key: KeyEvent, _p: &mut Project, _problems: &[Problem]) -> Option<Effect> {
        None
    }
    /// Moves the focus to the widget of `field`; false when the page does not show it.
    fn focus_field(&mut self, field: Field, _p: &Project) -> bool {
        match self.slot_of(field) {
            Some(s) => {
                self.form_mut().focus = s;
                true
            }
            None => false,
        }
    }
    /// A file was chosen for `slot`.
    fn picked(&mut self, _slot: Slot, _path: PathBuf, _p: &mut Project) {}
}

/// The pages' state.
pub struct Pages {
    pub project: ProjectPage,
    pub device: DevicePage,
    pub network: NetworkPage,
    pub accounts: AccountsPage,
    pub applications: ApplicationsPage,
    pub certificates: CertificatesPage,
    pub kiosk: KioskPage,
    pub advanced: AdvancedPage,
    pub protect: ProtectPage,
    pub summary: SummaryPage,
}

impl Pages {
    pub fn new(p: &Project, today: time::Date) -> Self {
        Self {
            project: ProjectPage::new(p),
            device: DevicePage::new(p),
            network: NetworkPage::new(p),
            accounts: AccountsPage::new(p, today),
            applications: ApplicationsPage::new(),
            certificates: CertificatesPage::new(),
            kiosk: KioskPage::new(p),
            advanced: AdvancedPage::new(p),
            protect: ProtectPage::new(p),
            summary: SummaryPage::new(),
        }
    }

    /// Makes `page` read its fields from the project again.
    pub fn reload(&mut self, page: Page, p: &Project) {
        match page {
            Page::Device => self.device = DevicePage::new(p),
            Page::Kiosk => self.kiosk = KioskPage::new(p),
            _ => {}
        }
    }

    pub fn get(&self, page: Page) -> &dyn PageView {
        match page {
            Page::Project => &self.project,
            Page::Device => &self.device,
            Page::Network => &self.network,
            Page::Accounts => &self.accounts,
            Page::Applications => &self.applications,
            Page::Certificates => &self.certificates,
            Page::Kiosk => &self.kiosk,
            Page::Advanced => &self.advanced,
            Page::Protect => &self.protect,
            Page::Summary => &self.summary,
        }
    }

    pub fn get_mut(&mut self, page: Page) -> &mut dyn PageView {
        match page {
            Page::Project => &mut self.project,
            Page::Device => &mut self.device,
            Page::Network => &mut self.network,
            Page::Accounts => &mut self.accounts,
            Page::Applications => &mut self.applications,
            Page::Certificates => &mut self.certificates,
            Page::Kiosk => &mut self.kiosk,
            Page::Advanced => &mut self.advanced,
            Page::Protect => &mut self.protect,
            Page::Summary => &mut self.summary,
        }
    }
}

/// The secret to store for what is typed in a password field: the existing one when the
/// text is its value (or both are empty, keeping an `env`/`file` source), otherwise a newly
/// typed value whose source is decided when saving.
pub fn merge_secret(existing: Option<&Secret>, typed: &str) -> Secret {
    let current = existing
        .and_then(|s| s.value())
        .map(|v| v.expose())
        .unwrap_or("");
    match existing {
        Some(s) if current == typed => s.clone(),
        Some(s) if typed.is_empty() => {
            let mut s = s.clone();
            s.set_value(None);
            if s.source == SecretSource::Clear {
                s.source = SecretSource::Ask;
            }
            s
        }
        _ if typed.is_empty() => Secret::ask(),
        _ => Secret::typed(typed.into(), SecretSource::Ask),
    }
}

/// The clear text a password field starts with: only a value already in memory.
pub fn secret_text(s: Option<&Secret>) -> String {
    s.and_then(|s| s.value())
        .map(|v| v.expose().to_owned())
        .unwrap_or_default()
}

/// A plain-language note on where a secret comes from, for fields left empty.
pub fn source_note(s: &Secret) -> Option<String> {
    if s.has_value() {
        return None;
    }
    Some(match &s.source {
        SecretSource::Env(v) => format!("Taken from the environment variable {v} when building."),
        SecretSource::File(f) => format!("Taken from the file {} when building.", f.display()),
        SecretSource::Ask => "Not typed yet: you will be asked when you create the package.".into(),
        SecretSource::Clear => "Empty.".into(),
    })
}

/// `path` relative to `base` when inside it (how projects store assets), else unchanged.
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let base = std::fs::canonicalize(base).unwrap_or_else(|_| base.to_path_buf());
    let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    full.strip_prefix(&base)
        .map(Path::to_path_buf)
        .unwrap_or(full)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_sources_until_a_new_value_is_typed() {
        let env = Secret::env("WIFI");
        assert_eq!(merge_secret(Some(&env), ""), env);
        let typed = merge_secret(Some(&env), "abc");
        assert_eq!(typed.source, SecretSource::Ask);
        assert_eq!(typed.value().unwrap().expose(), "abc");
        let same = merge_secret(Some(&typed), "abc");
        assert_eq!(same, typed);
        assert_eq!(merge_secret(Some(&typed), "").value(), None);
        assert_eq!(merge_secret(None, ""), Secret::ask());
    }
}
