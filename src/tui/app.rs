//! The wizard's state and its reaction to keys, without a terminal: tests drive it with
//! [`App::handle_key`] and draw it with [`App::render`] on a `TestBackend`.

use super::modal::Modal;
use super::pages::{Cx, Effect, Pages};
use super::popups::{
    Ask, AskThen, Command, Confirm, GoTo, PackageCreated, Pending, Pick, PickTarget, Quit,
    SecretSources, SignIn, TextBox,
};
use super::save_flow::AfterSave;
use super::slot::Slot;
use super::theme::Theme;
use super::widgets::file_picker::FilePicker;
use super::widgets::form::Widget;
use super::worker::{BuildRequest, Job, JobMsg, Services, TokenRequest};
use crate::fsutil::Overwrite;
use crate::project::{self, Page, Problem, Project, SecretSource, Severity};
use crate::secret::SecretString;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the key bar says after Esc stopped a build.
pub const CANCELLED: &str = "Cancelled — nothing was written.";

/// What the event loop should do after a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Continue,
    Quit,
}

/// Which screen is showing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Screen {
    /// New project, or open one.
    Start {
        selected: usize,
    },
    Wizard,
}

/// The options of the start screen.
pub const START_OPTIONS: [&str; 3] = [
    "Create a new project",
    "Open a project file",
    "Import a WCD project (its customizations.xml)",
];

/// How the step list marks a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepMark {
    NotVisited,
    Done,
    /// Only warnings: the package can be created.
    Warnings,
    /// At least one problem that stops "Create".
    Errors,
}

impl StepMark {
    /// A different character for each, so the marks read without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            StepMark::NotVisited => "·",
            StepMark::Done => "✓",
            StepMark::Warnings => "?",
            StepMark::Errors => "!",
        }
    }

    pub fn span(self, t: &Theme) -> ratatui::text::Span<'static> {
        let style = match self {
            StepMark::NotVisited => t.dim(),
            StepMark::Done => t.ok(),
            StepMark::Warnings => t.warning(),
            StepMark::Errors => t.error(),
        };
        ratatui::text::Span::styled(self.symbol(), style)
    }
}

/// Where a line of the Summary's problem list leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A field of the project model.
    Field(project::Field),
    /// A widget only the wizard has.
    Slot(Page, Slot),
    /// A secret that cannot be read now: offer to type it for this build.
    Secret(String),
}

/// One line of the Summary's problem list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryItem {
    pub page: Page,
    pub severity: Severity,
    pub text: String,
    pub target: Target,
}

/// A problem only the wizard sees (folder, second password), placed on its page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalProblem {
    pub page: Page,
    pub slot: Slot,
    pub severity: Severity,
    pub message: String,
}

/// The whole wizard.
pub struct App {
    pub(crate) project: Project,
    pub(crate) pages: Pages,
    pub(crate) screen: Screen,
    pub(crate) page: Page,
    pub(crate) visited: HashSet<Page>,
    pub(crate) problems: Vec<Problem>,
    pub(crate) local: Vec<LocalProblem>,
    pub(crate) modal: Option<Modal>,
    pub(crate) job: Option<Job>,
    pub(crate) theme: Theme,
    pub(crate) services: Arc<dyn Services>,
    /// Where the project was last saved (or opened from).
    pub(crate) saved_path: Option<PathBuf>,
    pub(crate) dirty: bool,
    /// A one-line message in the key bar until the next key.
    pub(crate) status: Option<String>,
    /// Secrets the user chose to be asked for at build time (not asked again on save).
    asked: HashSet<String>,
    /// Values typed at build time for "ask" secrets, kept for this session only.
    session_secrets: HashMap<String, SecretString>,
    /// Secrets this session received rather than typed (a bulk token): nobody can type
    /// them again, so saving never offers to drop them.
    fetched: HashSet<String>,
    /// Secrets whose source cannot be read now (an unset variable, a missing file).
    pub(crate) secret_problems: Vec<(String, String)>,
    /// The terminal's size; below the minimum only quitting acts.
    size: (u16, u16),
    pub(crate) today: time::Date,
    quit: bool,
}

fn ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

impl App {
    /// The start screen, with a new project in `cwd`.
    pub fn new(theme: Theme, services: Arc<dyn Services>, cwd: &Path) -> Self {
        let today = services.today();
        let mut p = Project::new("");
        p.base_dir = cwd.to_path_buf();
        let mut app = Self {
            pages: Pages::new(&p, today),
            project: p,
            screen: Screen::Start { selected: 0 },
            page: Page::Project,
            visited: HashSet::new(),
            problems: Vec::new(),
            local: Vec::new(),
            modal: None,
            job: None,
            theme,
            services,
            saved_path: None,
            dirty: false,
            status: None,
            asked: HashSet::new(),
            session_secrets: HashMap::new(),
            fetched: HashSet::new(),
            secret_problems: Vec::new(),
            size: (super::view::MIN_W, super::view::MIN_H),
            today,
            quit: false,
        };
        app.refresh();
        app
    }

    /// Opens a project file straight into the wizard.
    pub fn open(
        theme: Theme,
        services: Arc<dyn Services>,
        path: &Path,
    ) -> Result<Self, project::LoadError> {
        let cwd = path.parent().unwrap_or(Path::new("."));
        let mut app = Self::new(theme, services, cwd);
        app.load(path)?;
        Ok(app)
    }

    fn load(&mut self, path: &Path) -> Result<(), project::LoadError> {
        let mut p = project::load(path)?;
        p.base_dir = std::path::absolute(&p.base_dir).unwrap_or(p.base_dir);
        self.pages = Pages::new(&p, self.today);
        self.project = p;
        self.saved_path = Some(std::path::absolute(path).unwrap_or_else(|_| path.into()));
        self.screen = Screen::Wizard;
        self.page = Page::Project;
        self.visited = Page::ALL.into_iter().collect();
        self.dirty = false;
        self.refresh();
        Ok(())
    }

    fn start_new(&mut self) {
        self.screen = Screen::Wizard;
        self.page = Page::Project;
        self.visited.insert(Page::Project);
        self.refresh();
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    pub fn page(&self) -> Page {
        self.page
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn modal(&self) -> Option<&Modal> {
        self.modal.as_ref()
    }

    /// The focused slot of the current page.
    pub fn focus(&self) -> Slot {
        self.pages.get(self.page).form().focus
    }

    /// The problems of the project (model rules), as of the injected date.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Where Ctrl+S writes the project.
    pub fn project_file(&self) -> PathBuf {
        if let Some(p) = &self.saved_path {
            if let Some(name) = p.file_name() {
                return self.project.base_dir.join(name);
            }
        }
        let name: String = self
            .project
            .name
            .trim()
            .chars()
            .map(|c| {
                if "<>:\"/\\|?*".contains(c) || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let name = if name.is_empty() {
            "project".into()
        } else {
            name
        };
        self.project.base_dir.join(format!("{name}.json"))
    }

    /// Validates again and gathers the wizard's own problems.
    pub(crate) fn refresh(&mut self) {
        self.problems = self.project.validate_on(self.today);
        let file = self.project_file();
        let cx = Cx {
            project: &self.project,
            problems: &self.problems,
            project_file: &file,
        };
        self.local = Page::ALL
            .into_iter()
            .flat_map(|page| {
                self.pages.get(page).local_problems(&cx).into_iter().map(
                    move |(slot, severity, message)| LocalProblem {
                        page,
                        slot,
                        severity,
                        message,
                    },
                )
            })
            .collect();
        self.secret_problems = self.unreadable_secrets();
        let items = self.summary_items();
        self.pages.summary.set_items(items);
        self.pages
            .get_mut(self.page)
            .form_mut()
            .restyle(&self.theme);
    }

    /// Secrets that have no value and whose source cannot be read now. Each is read into
    /// a copy that is dropped at once: the check never keeps or shows a value.
    fn unreadable_secrets(&mut self) -> Vec<(String, String)> {
        let base = self.project.base_dir.clone();
        let session = &self.session_secrets;
        self.project
            .secrets_mut()
            .into_iter()
            .filter(|(label, s)| {
                !s.has_value() && s.source != SecretSource::Ask && !session.contains_key(label)
            })
            .filter_map(|(label, s)| {
                let mut probe = s.clone();
                let err = probe.resolve(&label, &base, &mut |_| None).err()?;
                Some((label, err.to_string()))
            })
            .collect()
    }

    /// Every problem the Summary lists, errors first, each leading somewhere.
    fn summary_items(&self) -> Vec<SummaryItem> {
        let mut v: Vec<SummaryItem> = self
            .problems
            .iter()
            .map(|p| SummaryItem {
                page: p.field.page(),
                severity: p.severity,
                text: format!("{} › {}: {}", p.field.page().title(), p.field, p.message),
                target: Target::Field(p.field),
            })
            .collect();
        v.extend(self.local.iter().map(|l| SummaryItem {
            page: l.page,
            severity: l.severity,
            text: format!("{} › {}: {}", l.page.title(), l.slot.label(), l.message),
            target: Target::Slot(l.page, l.slot),
        }));
        v.extend(self.secret_problems.iter().map(|(label, msg)| SummaryItem {
            page: Page::Summary,
            severity: Severity::Error,
            text: format!("{msg}. Enter types it for this build only (not saved)."),
            target: Target::Secret(label.clone()),
        }));
        let order = |p: Page| Page::ALL.iter().position(|x| *x == p).unwrap_or(0);
        v.sort_by_key(|i| (i.severity != Severity::Error, order(i.page)));
        v
    }

    /// How the step list marks `page`.
    pub fn step_mark(&self, page: Page) -> StepMark {
        if !self.visited.contains(&page) {
            return StepMark::NotVisited;
        }
        let items = self.pages.summary.items();
        let mut mark = StepMark::Done;
        for i in items.iter().filter(|i| i.page == page) {
            if i.severity == Severity::Error {
                return StepMark::Errors;
            }
            mark = StepMark::Warnings;
        }
        mark
    }

    /// Problems on `page` of either kind (the step list marks them).
    pub fn page_has_problems(&self, page: Page) -> bool {
        self.pages.summary.items().iter().any(|i| i.page == page)
    }

    fn error_count(&self) -> usize {
        self.pages
            .summary
            .items()
            .iter()
            .filter(|i| i.severity == Severity::Error)
            .count()
    }

    /// The terminal's size, from the event loop.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
    }

    /// True while the "terminal too small" screen shows.
    pub fn too_small(&self) -> bool {
        self.size.0 < super::view::MIN_W || self.size.1 < super::view::MIN_H
    }

    /// The slots Tab moves through on the current page, in order.
    pub fn visible_slots(&self) -> Vec<Slot> {
        let file = self.project_file();
        let cx = Cx {
            project: &self.project,
            problems: &self.problems,
            project_file: &file,
        };
        self.pages
            .get(self.page)
            .rows(&cx)
            .iter()
            .filter_map(|r| r.slot())
            .collect()
    }

    fn set_focus(&mut self, slot: Slot) {
        self.pages.get_mut(self.page).form_mut().focus = slot;
        self.pages
            .get_mut(self.page)
            .form_mut()
            .restyle(&self.theme);
    }

    fn move_focus(&mut self, forward: bool) {
        let slots = self.visible_slots();
        if slots.is_empty() {
            return;
        }
        let cur = slots.iter().position(|s| *s == self.focus());
        let next = match (cur, forward) {
            (None, _) => 0,
            (Some(i), true) => (i + 1) % slots.len(),
            (Some(i), false) => (i + slots.len() - 1) % slots.len(),
        };
        self.set_focus(slots[next]);
    }

    pub(crate) fn ensure_focus_visible(&mut self) {
        let slots = self.visible_slots();
        if !slots.contains(&self.focus()) {
            if let Some(s) = slots.first() {
                self.set_focus(*s);
            }
        }
    }

    pub(crate) fn go_to(&mut self, page: Page) {
        if page == Page::Summary && self.page != Page::Summary {
            // Arriving on the Summary: on the problems when one stops Create, else on
            // Create (warnings stay listed above it).
            let focus = if self.error_count() > 0 {
                Slot::Problems
            } else {
                Slot::Create
            };
            self.pages.get_mut(page).form_mut().focus = focus;
        }
        self.page = page;
        self.visited.insert(page);
        self.ensure_focus_visible();
        self.pages.get_mut(page).form_mut().restyle(&self.theme);
    }

    fn next_page(&mut self) {
        if let Some(i) = Page::ALL.iter().position(|p| *p == self.page) {
            if i + 1 < Page::ALL.len() {
                self.go_to(Page::ALL[i + 1]);
            }
        }
    }

    fn prev_page(&mut self) {
        if let Some(i) = Page::ALL.iter().position(|p| *p == self.page) {
            if i > 0 {
                self.go_to(Page::ALL[i - 1]);
            }
        }
    }

    /// The widgets changed: write them into the project and validate.
    pub(crate) fn changed(&mut self) {
        self.pages.get_mut(self.page).apply(&mut self.project);
        if self.page == Page::Certificates {
            self.pages.accounts.certificates_changed(&mut self.project);
        }
        self.dirty = true;
        self.refresh();
        self.ensure_focus_visible();
    }

    /// Handles one key press.
    pub fn handle_key(&mut self, key: KeyEvent) -> Action {
        if key.kind == KeyEventKind::Release {
            return self.action();
        }
        self.status = None;
        if ctrl(&key, 'q') || ctrl(&key, 'c') {
            if let Some(job) = self.job.as_mut() {
                job.cancel();
            }
            self.modal = None;
            self.request_quit();
            return self.action();
        }
        if self.too_small() {
            // Only quitting acts behind the "too small" screen; the quit question, when
            // Ctrl+Q opened it, is answered there too.
            if let Some(m) = self.modal.take() {
                if m.popup().answers_when_too_small().is_some() {
                    self.modal_key(m, key)
                } else {
                    self.modal = Some(m)
                }
            }
            return self.action();
        }
        if let Some(modal) = self.modal.take() {
            self.modal_key(modal, key);
            return self.action();
        }
        match self.screen {
            Screen::Start { selected } => self.start_key(selected, key),
            Screen::Wizard => self.wizard_key(key),
        }
        self.action()
    }

    /// Pasted text goes to the focused text field.
    pub fn handle_paste(&mut self, text: &str) {
        if self.too_small() {
            return;
        }
        if let Some(m) = self.modal.as_mut() {
            m.paste(text);
            return;
        }
        if self.screen != Screen::Wizard {
            return;
        }
        let focus = self.focus();
        if let Some(Widget::Text(t)) = self.pages.get_mut(self.page).form_mut().widget_mut(focus) {
            if t.paste(text) {
                self.changed();
            }
        }
    }

    fn action(&self) -> Action {
        if self.quit {
            Action::Quit
        } else {
            Action::Continue
        }
    }

    fn start_key(&mut self, selected: usize, key: KeyEvent) {
        let n = START_OPTIONS.len();
        match key.code {
            KeyCode::Up | KeyCode::BackTab => {
                self.screen = Screen::Start {
                    selected: (selected + n - 1) % n,
                }
            }
            KeyCode::Down | KeyCode::Tab => {
                self.screen = Screen::Start {
                    selected: (selected + 1) % n,
                }
            }
            KeyCode::Char('n') => self.start_new(),
            KeyCode::Char('o') => self.open_picker(),
            KeyCode::Char('i') => self.import_picker(),
            KeyCode::Enter => match selected {
                0 => self.start_new(),
                1 => self.open_picker(),
                _ => self.import_picker(),
            },
            KeyCode::Esc => self.quit = true,
            KeyCode::F(1) => self.modal = Some(Modal::Popup(Box::new(TextBox::start_help()))),
            _ => {}
        }
    }

    fn open_picker(&mut self) {
        let picker = FilePicker::open(
            "Open a project (.json) or a bundle (.zip)",
            &self.project.base_dir,
            &["json", "zip"],
        );
        self.modal = Some(Modal::Picker(Box::new(Pick::new(
            picker,
            PickTarget::OpenProject,
        ))));
    }

    fn import_picker(&mut self) {
        let picker = FilePicker::open(
            "Import a WCD project: choose its customizations.xml",
            &self.project.base_dir,
            &["xml"],
        );
        self.modal = Some(Modal::Picker(Box::new(Pick::new(
            picker,
            PickTarget::ImportWcd,
        ))));
    }

    /// Unpacks a bundle into a new folder beside it (named after it) and opens its project.
    fn open_bundle(&mut self, zip: &Path) {
        let stem = zip
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "bundle".into());
        let dest = zip.with_file_name(&stem);
        if dest.exists() {
            self.modal = Some(Modal::message(
                "Cannot open the bundle",
                format!(
                    "{} already exists, so the bundle is not unpacked over it. Open the \
                     project in that folder, or move the bundle elsewhere first.",
                    dest.display()
                ),
            ));
            return;
        }
        match crate::bundle::open(zip, &dest) {
            Err(e) => self.modal = Some(Modal::message("Cannot open the bundle", format!("{e}."))),
            Ok(project) => match self.load(&project) {
                Ok(()) => {
                    self.status = Some(format!(
                        "Unpacked {} into {}.",
                        zip.display(),
                        dest.display()
                    ))
                }
                Err(e) => {
                    self.modal = Some(Modal::message("Cannot open the project", e.to_string()))
                }
            },
        }
    }

    /// Imports a WCD project with the shared importer. Secrets found in the XML stay in
    /// memory as typed values, so saving asks where each should go like any typed one.
    fn import(&mut self, xml: &Path) {
        use crate::exchange::{ImportOptions, SecretPlacement, import_wcd};
        let dir = xml.parent().unwrap_or(Path::new(".")).to_path_buf();
        let opts = ImportOptions {
            asset_dirs: vec![dir.clone()],
            secrets: Some(SecretPlacement::Clear),
        };
        match import_wcd(xml, &dir.join("project.json"), &opts) {
            Err(e) => self.modal = Some(Modal::message("Cannot import", format!("{e}."))),
            Ok(imported) => {
                let mut p = imported.project;
                p.base_dir = std::path::absolute(&dir).unwrap_or(dir);
                for (_, s) in p.secrets_mut() {
                    if s.source == SecretSource::Clear {
                        s.source = SecretSource::Ask;
                    }
                }
                self.pages = Pages::new(&p, self.today);
                self.project = p;
                self.saved_path = None;
                self.screen = Screen::Wizard;
                self.page = Page::Project;
                self.visited = Page::ALL.into_iter().collect();
                self.dirty = true;
                self.refresh();
                let new_id = if imported.replaced_id.is_some() {
                    " Its package id was not a GUID, so the project has a new one."
                } else {
                    ""
                };
                self.status = Some(format!(
                    "Imported {} ({} settings without a page are kept as they are).{new_id}",
                    xml.display(),
                    imported.advanced
                ));
            }
        }
    }

    fn wizard_key(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::F(1) => {
                let help = TextBox::field_help(self.focus());
                self.modal = Some(Modal::Popup(Box::new(help)));
                return;
            }
            KeyCode::F(2) => return self.save(AfterSave::Stay),
            KeyCode::PageDown => return self.next_page(),
            KeyCode::PageUp => return self.prev_page(),
            _ => {}
        }
        if ctrl(&key, 's') {
            return self.save(AfterSave::Stay);
        }
        if ctrl(&key, 'n') {
            return self.next_page();
        }
        if ctrl(&key, 'p') {
            return self.prev_page();
        }
        if ctrl(&key, 'g') {
            return self.open_go_to();
        }
        if key.modifiers.contains(KeyModifiers::ALT) {
            if let KeyCode::Char(c) = key.code {
                if let Some(&p) = c
                    .to_digit(10)
                    // Alt+0 is the tenth step.
                    .map(|d| if d == 0 { 10 } else { d as usize })
                    .and_then(|d| Page::ALL.get(d - 1))
                {
                    return self.go_to(p);
                }
            }
        }
        let page = self.page;
        if self.confirm_removal(key) {
            return;
        }
        if page == Page::Summary
            && self.focus() == Slot::Problems
            && matches!(key.code, KeyCode::Enter | KeyCode::Char(' '))
        {
            return self.summary_activate();
        }
        if let Some(effect) = self
            .pages
            .get_mut(page)
            .key(key, &mut self.project, &self.problems)
        {
            return self.effect(effect);
        }
        if key.code == KeyCode::Esc {
            return self.request_quit();
        }
        let focus = self.focus();
        let is_button = matches!(
            self.pages.get(page).form().widget(focus),
            Some(Widget::Button)
        );
        // In a radio group the arrows change the choice, as its help says.
        if let Some(Widget::Choice(c)) = self.pages.get_mut(page).form_mut().widget_mut(focus) {
            let n = c.options.len();
            let moved = match key.code {
                KeyCode::Down if c.selected + 1 < n => Some(c.selected + 1),
                KeyCode::Up if c.selected > 0 => Some(c.selected - 1),
                _ => None,
            };
            if let Some(i) = moved {
                c.selected = i;
                return self.changed();
            }
        }
        match key.code {
            KeyCode::Tab | KeyCode::Down => return self.move_focus(true),
            KeyCode::BackTab | KeyCode::Up => return self.move_focus(false),
            KeyCode::Enter if is_button => return self.activate(focus),
            KeyCode::Enter => {
                if self.visible_slots().last() == Some(&focus) {
                    self.next_page();
                } else {
                    self.move_focus(true);
                }
                return;
            }
            _ => {}
        }
        let form = self.pages.get_mut(page).form_mut();
        let changed = match form.widget_mut(focus) {
            Some(Widget::Text(t)) => t.handle(key),
            Some(Widget::Check(c)) if key.code == KeyCode::Char(' ') => {
                *c = !*c;
                true
            }
            Some(Widget::Choice(c)) => c.handle(key),
            Some(Widget::Button) if key.code == KeyCode::Char(' ') => {
                return self.activate(focus);
            }
            _ => false,
        };
        if changed {
            self.changed();
        }
    }

    fn activate(&mut self, slot: Slot) {
        let effect = self
            .pages
            .get_mut(self.page)
            .activate(slot, &mut self.project);
        self.effect(effect);
    }

    pub(crate) fn effect(&mut self, effect: Effect) {
        match effect {
            Effect::None => self.ensure_focus_visible(),
            Effect::Changed => self.changed(),
            Effect::Reload(page) => {
                self.pages.reload(page, &self.project);
                self.changed();
            }
            Effect::Pick {
                slot,
                title,
                extensions,
                start,
            } => {
                let picker =
                    FilePicker::open(title, &start, extensions).with_base(&self.project.base_dir);
                self.modal = Some(Modal::Picker(Box::new(Pick::new(
                    picker,
                    PickTarget::Field(self.page, slot),
                ))))
            }
            Effect::GetToken => self.ask_token(),
            Effect::CheckTenant => self.check_tenant(),
            Effect::Batch => self.batch(),
            Effect::Create => self.create(),
            Effect::Jump(field) => self.jump(field),
        }
        self.pages
            .get_mut(self.page)
            .form_mut()
            .restyle(&self.theme);
    }

    fn open_go_to(&mut self) {
        let steps = Page::ALL.iter().map(|p| (*p, self.step_mark(*p))).collect();
        self.modal = Some(Modal::Popup(Box::new(GoTo::new(steps, self.page))));
    }

    /// `d` or Delete on a list of applications or certificates asks first: the item's
    /// name, file and settings would otherwise be gone with one key.
    fn confirm_removal(&mut self, key: KeyEvent) -> bool {
        if !matches!(key.code, KeyCode::Char('d') | KeyCode::Delete)
            || key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return false;
        }
        let focus = self.focus();
        let names: Vec<&str> = match (self.page, focus) {
            (Page::Applications, Slot::AppList) => self
                .project
                .applications
                .iter()
                .map(|a| a.name.as_str())
                .collect(),
            (Page::Certificates, Slot::CertList) => self
                .project
                .certificates
                .iter()
                .map(|c| c.name.as_str())
                .collect(),
            _ => return false,
        };
        let sel = self.pages.get(self.page).form().selected(focus);
        let Some(name) = names.get(sel) else {
            return false;
        };
        let (what, title) = if self.page == Page::Applications {
            ("application", "Remove the application?")
        } else {
            ("certificate", "Remove the certificate?")
        };
        let name = if name.trim().is_empty() {
            format!("this {what} (no name yet)")
        } else {
            format!("the {what} \"{name}\"")
        };
        self.modal = Some(Modal::Popup(Box::new(Confirm::new(
            title,
            format!(
                "Remove {name} from the package? Its settings are lost (the file itself \
                 stays where it is)."
            ),
            "Remove",
            "Keep",
            Command::RemoveListItem(self.page),
        ))));
        true
    }

    /// Enter on a line of the Summary's problem list.
    fn summary_activate(&mut self) {
        let items = self.pages.summary.items();
        if items.is_empty() {
            return;
        }
        let sel = self
            .pages
            .get(Page::Summary)
            .form()
            .selected(Slot::Problems)
            .min(items.len() - 1);
        match items[sel].target.clone() {
            Target::Field(f) => self.effect(Effect::Jump(f)),
            Target::Slot(page, slot) => {
                self.go_to(page);
                self.set_focus(slot);
            }
            Target::Secret(label) => {
                self.modal = Some(Modal::Popup(Box::new(Ask::new(vec![label], AskThen::Stay))));
            }
        }
    }

    /// Carries out what a dialog asked for.
    pub(crate) fn run(&mut self, cmd: Command) {
        match cmd {
            Command::RemoveListItem(page) => {
                if let Some(effect) = self.pages.get_mut(page).key(
                    KeyEvent::new(KeyCode::Delete, KeyModifiers::NONE),
                    &mut self.project,
                    &self.problems,
                ) {
                    self.effect(effect);
                }
            }
            Command::GetNewToken => self.start_token(),
            Command::GoTo(page) => self.go_to(page),
            Command::BuildReplacing => self.build(true),
            Command::SaveAndQuit => self.save(AfterSave::Quit),
            Command::QuitWithoutSaving => self.force_quit(),
            Command::Typed { values, then } => {
                for (label, value) in values {
                    self.remember_secret(label, value);
                }
                match then {
                    AskThen::Create => self.create(),
                    AskThen::Batch => self.batch(),
                    AskThen::Stay => {
                        self.refresh();
                        self.ensure_focus_visible();
                        self.status =
                            Some("Kept for this session's builds only; not saved.".into());
                    }
                }
            }
            Command::Picked { target, path } => self.picked(target, path),
            Command::PlaceSecretsAndSave { placed, then } => {
                for p in placed {
                    self.set_secret_source(p.index, &p.label, p.source);
                }
                self.write_project(then);
            }
            Command::SaveCancelled => self.status = Some("Not saved.".into()),
            Command::CancelJob => self.cancel_job(),
        }
    }

    /// Shows the page and field of a problem.
    pub fn jump(&mut self, field: project::Field) {
        let page = field.page();
        self.go_to(page);
        self.pages.get_mut(page).focus_field(field, &self.project);
        self.ensure_focus_visible();
        self.pages.get_mut(page).form_mut().restyle(&self.theme);
    }

    /// Quits, asking first when there are unsaved changes.
    pub(crate) fn request_quit(&mut self) {
        if self.dirty {
            self.modal = Some(Modal::Popup(Box::new(Quit::default())));
        } else {
            self.quit = true;
        }
    }

    pub(crate) fn force_quit(&mut self) {
        self.quit = true;
    }

    // ----- saving -----

    /// Saves, first asking where each newly typed secret should come from.
    pub fn save(&mut self, then: AfterSave) {
        let asked = &self.asked;
        let fetched = &self.fetched;
        let queue: Vec<Pending> = self
            .project
            .secrets_mut()
            .into_iter()
            .enumerate()
            .filter(|(_, (label, s))| {
                s.has_value() && s.source == SecretSource::Ask && !asked.contains(label)
            })
            .map(|(index, (label, s))| Pending {
                index,
                fetched: fetched.contains(&label),
                value: s.value().cloned().unwrap_or_default(),
                label,
            })
            .collect();
        if queue.is_empty() {
            self.write_project(then);
        } else {
            let dir = self.project.base_dir.clone();
            let file = self.project_file();
            let dialog = SecretSources::new(queue, then, &dir, &file);
            self.modal = Some(Modal::Secret(Box::new(dialog)));
        }
    }

    /// Records where secret `index` comes from (a secret file is already written).
    fn set_secret_source(&mut self, index: usize, label: &str, source: SecretSource) {
        if source == SecretSource::Ask {
            self.asked.insert(label.to_owned());
        }
        if let Some((_, s)) = self.project.secrets_mut().into_iter().nth(index) {
            s.source = source;
        }
    }

    pub(crate) fn write_project(&mut self, then: AfterSave) {
        let path = self.project_file();
        let overwrite = if self.saved_path.as_deref() == Some(path.as_path()) {
            Overwrite::Replace
        } else {
            Overwrite::Refuse
        };
        let result = std::fs::create_dir_all(&self.project.base_dir)
            .and_then(|_| project::save(&self.project, &path, overwrite));
        match result {
            Ok(_) => {
                self.saved_path = Some(path.clone());
                self.dirty = false;
                self.status = Some(format!("Saved to {}", path.display()));
                self.refresh();
                if then == AfterSave::Quit {
                    self.quit = true;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                self.modal = Some(Modal::message(
                    "Not saved",
                    format!(
                        "{} already exists and is another project. Change the name or the \
                         folder on the Project page, or open that file from the start screen.",
                        path.display()
                    ),
                ));
            }
            Err(e) => {
                self.modal = Some(Modal::message(
                    "Not saved",
                    format!(
                        "The project could not be written to {}: {}.",
                        path.display(),
                        crate::errors::io_reason(&e)
                    ),
                ));
            }
        }
    }

    // ----- building -----

    fn package_path(&self) -> PathBuf {
        self.project
            .base_dir
            .join(format!("{}.ppkg", self.project.name.trim()))
    }

    /// "Create": checks, asks for missing secrets, then builds on a worker thread.
    pub(crate) fn create(&mut self) {
        self.refresh();
        let errors = self.error_count();
        if errors > 0 {
            self.go_to(Page::Summary);
            self.set_focus(Slot::Problems);
            self.modal = Some(Modal::message(
                "Not ready yet",
                if errors == 1 {
                    "1 problem must be fixed first. It is listed on the Summary page: select \
                     it and press Enter to go to its field."
                        .to_string()
                } else {
                    format!(
                        "{errors} problems must be fixed first. They are listed on the Summary \
                         page: select one and press Enter to go to its field."
                    )
                },
            ));
            return;
        }
        let to_ask = self.secrets_to_ask();
        if !to_ask.is_empty() {
            self.modal = Some(Modal::Popup(Box::new(Ask::new(to_ask, AskThen::Create))));
            return;
        }
        // Asked last, once nothing else can stop the build.
        if self.package_path().exists() {
            self.modal = Some(Modal::Popup(Box::new(Confirm::new(
                "Replace the package?",
                format!(
                    "{} already exists. Replace it with the new package?",
                    self.package_path().display()
                ),
                "Replace",
                "Keep it",
                Command::BuildReplacing,
            ))));
            return;
        }
        self.build(false);
    }

    /// Resolves every secret (values typed for this build first) and starts the builder.
    pub(crate) fn build(&mut self, overwrite: bool) {
        let Some(resolved) = self.resolved_project() else {
            return;
        };
        let req = BuildRequest {
            out_dir: resolved.base_dir.clone(),
            project: resolved,
            overwrite,
        };
        self.job = Some(Job::build(self.services.clone(), req));
        self.modal = Some(Modal::Build(Default::default()));
    }

    /// The project with every secret's value (typed for this session, or read from its
    /// source), for a build; `None` after saying which cannot be read.
    pub(crate) fn resolved_project(&mut self) -> Option<Project> {
        let mut resolved = self.project.clone();
        let base = resolved.base_dir.clone();
        let mut failures = Vec::new();
        for (label, s) in resolved.secrets_mut() {
            if s.has_value() {
                continue;
            }
            if let Some(v) = self.session_secrets.get(&label) {
                s.set_value(Some(v.clone()));
                continue;
            }
            if let Err(e) = s.resolve(&label, &base, &mut |_| None) {
                failures.push(e.to_string());
            }
        }
        if !failures.is_empty() {
            self.modal = Some(Modal::message(
                "Some secrets cannot be read",
                format!("{}.", failures.join(".\n")),
            ));
            return None;
        }
        Some(resolved)
    }

    /// Secrets to be asked for at build time that have no value yet in this session.
    pub(crate) fn secrets_to_ask(&mut self) -> Vec<String> {
        let session = &self.session_secrets;
        self.project
            .secrets_mut()
            .into_iter()
            .filter(|(label, s)| {
                !s.has_value() && s.source == SecretSource::Ask && !session.contains_key(label)
            })
            .map(|(label, _)| label)
            .collect()
    }

    /// Keeps a value typed at build time for this session.
    pub(crate) fn remember_secret(&mut self, label: String, value: SecretString) {
        self.asked.insert(label.clone());
        self.session_secrets.insert(label, value);
    }

    // ----- bulk token -----

    /// "Get bulk token": a second token does not revoke the first, so when one exists the
    /// user is told which package account to delete before a new one is made.
    fn ask_token(&mut self) {
        if let project::Join::EntraId {
            token,
            package_account,
            expires,
            ..
        } = &self.project.accounts.join
        {
            let exists = token.has_value() || token.source != SecretSource::Ask;
            if exists || package_account.is_some() {
                let account = package_account
                    .as_deref()
                    .map(|a| format!(" (package account {a})"))
                    .unwrap_or_default();
                let until = expires
                    .map(|e| format!(", valid until {}", project::iso_date::format(e)))
                    .unwrap_or_default();
                let revoke = match package_account {
                    Some(a) => format!("delete {a} in Entra ID > Users"),
                    None => "delete its package account (package_…) in Entra ID > Users".into(),
                };
                self.modal = Some(Modal::Popup(Box::new(Confirm::new(
                    "Replace the bulk token?",
                    format!(
                        "This project already has a bulk token{account}{until}. A new token \
                         does not revoke the old one: after getting it, {revoke} so the old \
                         token stops working."
                    ),
                    "Get a new token",
                    "Keep this one",
                    Command::GetNewToken,
                ))));
                return;
            }
        }
        self.start_token();
    }

    fn start_token(&mut self) {
        match self.pages.accounts.token_ask(self.today) {
            Err(msg) => self.modal = Some(Modal::message("Cannot get a token yet", msg)),
            Ok(ask) => {
                let req = TokenRequest {
                    tenant: ask.tenant.clone(),
                    expires: ask.expires,
                };
                self.job = Some(Job::token(self.services.clone(), req));
                self.modal = Some(Modal::Token(Box::new(SignIn::new(ask.tenant))));
            }
        }
    }

    /// Reads what the worker reported; returns true when something changed on screen.
    pub fn tick(&mut self) -> bool {
        // A dialog running its own work (pre-flight, batch) reads its worker itself.
        let popup = match self.modal.as_mut() {
            Some(Modal::Popup(p)) => p.tick(),
            _ => false,
        };
        let Some(job) = self.job.as_mut() else {
            return popup;
        };
        let mut msgs = Vec::new();
        while let Ok(m) = job.rx.try_recv() {
            msgs.push(m);
        }
        let any = !msgs.is_empty();
        for m in msgs {
            self.job_msg(m);
        }
        any || popup
    }

    /// True while a build or a sign-in runs.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    fn job_msg(&mut self, msg: JobMsg) {
        let cancelling = self.job.as_ref().is_some_and(|j| j.cancelling);
        match msg {
            JobMsg::Progress(p) => {
                if let Some(Modal::Build(b)) = self.modal.as_mut() {
                    b.update(p);
                }
            }
            JobMsg::Built(r) => {
                self.job = None;
                match r {
                    // Esc after the package was renamed into place is too late: the
                    // builder finishes, and the package that exists is reported.
                    Ok(built) => {
                        self.modal = Some(Modal::Built(Box::new(PackageCreated::new(built))))
                    }
                    // Any failure after Esc is the cancel (the builder reports it as the
                    // read that noticed it); either way nothing was written.
                    Err(_) if cancelling => {
                        // Ctrl+Q may have replaced the progress with the quit question.
                        if matches!(self.modal, Some(Modal::Build(_))) {
                            self.modal = None;
                            self.go_to(Page::Summary);
                        }
                        self.status = Some(CANCELLED.into());
                    }
                    Err(e) => {
                        self.modal = Some(Modal::message("The package could not be created", e))
                    }
                }
            }
            JobMsg::Token(e) => {
                if let Some(Modal::Token(t)) = self.modal.as_mut() {
                    t.event(e);
                }
            }
            JobMsg::TokenDone(r) => {
                self.job = None;
                match r {
                    // A cancel that came too late to stop Entra ID creating the package
                    // account: keep what it says, so the user knows what to delete.
                    Err(e) if cancelling && e.account_may_exist => {
                        self.modal = Some(Modal::message("Bulk token cancelled", e.message));
                    }
                    Err(_) if cancelling => self.modal = None,
                    Ok(tok) => {
                        // Arriving after Esc, the token is kept anyway: its package account
                        // already exists in Entra ID, and discarding it would orphan it.
                        self.go_to(Page::Accounts);
                        let old_account = match &self.project.accounts.join {
                            project::Join::EntraId {
                                package_account, ..
                            } => package_account.clone(),
                            _ => None,
                        };
                        self.pages.accounts.set_token(
                            &mut self.project,
                            project::Secret::typed(tok.token, SecretSource::Ask),
                            tok.expires,
                            tok.package_account,
                        );
                        self.note_fetched();
                        self.changed();
                        self.modal = None;
                        let mut status = if cancelling {
                            "The bulk token arrived as you cancelled; it was kept.".to_string()
                        } else {
                            // The pre-flight checks are one Enter away.
                            self.set_focus(Slot::CheckTenant);
                            "Bulk token received. Enter checks the tenant (a second, read-only sign-in)."
                                .to_string()
                        };
                        // The old token keeps working until its account is deleted: said
                        // in a dialog, where the whole account name fits.
                        if let Some(old) = old_account.filter(|_| !cancelling) {
                            self.modal = Some(Modal::message(
                                "New bulk token received",
                                format!(
                                    "The previous token still works until you delete its \
                                     package account: delete {old} in Entra ID > Users."
                                ),
                            ));
                            status.clear();
                        }
                        self.status = (!status.is_empty()).then_some(status);
                    }
                    Err(e) => {
                        if let Some(Modal::Token(t)) = self.modal.as_mut() {
                            t.failed(e.message);
                        } else {
                            self.modal = Some(Modal::message("No bulk token", e.message));
                        }
                    }
                }
            }
        }
    }

    /// Marks the Entra ID join's token as received, not typed.
    fn note_fetched(&mut self) {
        if let project::Join::EntraId { token, .. } = &mut self.project.accounts.join {
            let token: *const project::Secret = token;
            for (label, s) in self.project.secrets_mut() {
                if std::ptr::eq(s, token) {
                    self.fetched.insert(label);
                }
            }
        }
    }

    /// Esc on a running job: ask it to stop.
    pub(crate) fn cancel_job(&mut self) {
        if let Some(j) = self.job.as_mut() {
            j.cancel();
        }
    }

    pub(crate) fn picked(&mut self, target: PickTarget, path: PathBuf) {
        match target {
            PickTarget::ImportWcd => self.import(&path),
            PickTarget::OpenProject
                if path
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("zip")) =>
            {
                self.open_bundle(&path)
            }
            PickTarget::OpenProject => {
                if let Err(e) = self.load(&path) {
                    self.modal = Some(Modal::message("Cannot open the project", e.to_string()));
                }
            }
            PickTarget::BatchRows => self.batch_rows(&path),
            PickTarget::Field(page, slot) => {
                self.go_to(page);
                self.pages
                    .get_mut(page)
                    .picked(slot, path, &mut self.project);
                self.set_focus(slot);
                self.changed();
            }
        }
    }
}
