//! Helpers for the wizard's tests: fake services (fixed date, recorded builds, a scripted
//! sign-in), key presses, and the screen as text. Included by the `tui_*` tests.
#![allow(dead_code)]

use ppkg_wizard::project::{self, Project};
use ppkg_wizard::tui::App;
use ppkg_wizard::tui::theme::Theme;
use ppkg_wizard::tui::worker::{
    BuildRequest, Built, CancelFlag, Progress, Services, TokenEvent, TokenFailed, TokenRequest,
    TokenResult,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The date every test runs on.
pub fn today() -> time::Date {
    time::macros::date!(2025 - 03 - 01)
}

/// A bulk token the fake sign-in returns; it must never appear on screen.
pub const FAKE_TOKEN: &str = "eyFAKE-BULK-TOKEN-must-not-be-shown";

/// What a build request carried, so a test can check what the wizard asked the builder for.
pub struct Recorded {
    pub project: Project,
    pub out_dir: PathBuf,
    pub overwrite: bool,
}

/// Services with a fixed date, a recording builder and a scripted sign-in.
#[derive(Default)]
pub struct Fake {
    pub builds: Mutex<Vec<Recorded>>,
    /// When set, the build answers with this error instead of a result.
    pub build_error: Option<String>,
    /// Build for real with the shared package builder (after recording the request).
    pub real_build: bool,
}

impl Services for Fake {
    fn today(&self) -> time::Date {
        today()
    }

    fn build(
        &self,
        req: BuildRequest,
        _cancel: &CancelFlag,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Built, String> {
        progress(Progress {
            fraction: 0.5,
            message: "Compiling settings".into(),
        });
        let package = req.out_dir.join(format!("{}.ppkg", req.project.name));
        let encrypted = req.project.protect.is_some();
        self.builds.lock().unwrap().push(Recorded {
            project: req.project.clone(),
            out_dir: req.out_dir.clone(),
            overwrite: req.overwrite,
        });
        if self.real_build {
            return ppkg_wizard::tui::worker::RealServices.build(req, _cancel, progress);
        }
        match &self.build_error {
            Some(e) => Err(e.clone()),
            None => Ok(Built {
                package,
                catalog: None,
                encrypted,
                notices: Vec::new(),
            }),
        }
    }

    fn bulk_token(
        &self,
        req: TokenRequest,
        cancel: &CancelFlag,
        events: &mut dyn FnMut(TokenEvent),
    ) -> Result<TokenResult, TokenFailed> {
        events(TokenEvent::ShowCode {
            user_code: "ABCD-EFGH".into(),
            verification_uri: "https://microsoft.com/devicelogin".into(),
            seconds_left: 899,
        });
        // "slow": cancellable sign-in. "late-err"/"late-ok": Esc arrives after Entra ID
        // began creating the package account (the module's error names it, or the token
        // still arrives).
        if matches!(
            req.tenant.as_str(),
            "slow.example" | "late-err.example" | "late-ok.example"
        ) {
            let end = Instant::now() + Duration::from_secs(10);
            while Instant::now() < end {
                if cancel.is_cancelled() {
                    match req.tenant.as_str() {
                        "late-err.example" => {
                            return Err(TokenFailed {
                                message: format!(
                                    "Cancelled while Entra ID was creating the bulk token; delete the package account package_1234@{} in Entra ID > Users if it appears.",
                                    req.tenant
                                ),
                                account_may_exist: true,
                            });
                        }
                        "late-ok.example" => break,
                        _ => return Err(TokenFailed::new("Cancelled.")),
                    }
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        Ok(TokenResult {
            token: FAKE_TOKEN.into(),
            expires: req.expires,
            package_account: format!("package_1234@{}", req.tenant),
        })
    }
}

pub fn app_new(dir: &Path, theme: Theme) -> (App, Arc<Fake>) {
    let fake = Arc::new(Fake::default());
    (App::new(theme, fake.clone(), dir), fake)
}

/// An App whose "Create" runs the real package builder.
pub fn app_new_real_build(dir: &Path, theme: Theme) -> (App, Arc<Fake>) {
    let fake = Arc::new(Fake {
        real_build: true,
        ..Fake::default()
    });
    (App::new(theme, fake.clone(), dir), fake)
}

/// An App on a saved project whose "Create" runs the real package builder.
pub fn app_open_real_build(path: &Path, theme: Theme) -> (App, Arc<Fake>) {
    let fake = Arc::new(Fake {
        real_build: true,
        ..Fake::default()
    });
    (App::open(theme, fake.clone(), path).unwrap(), fake)
}

pub fn app_open(path: &Path, theme: Theme) -> (App, Arc<Fake>) {
    let fake = Arc::new(Fake::default());
    (App::open(theme, fake.clone(), path).unwrap(), fake)
}

pub fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

pub fn shift_tab(app: &mut App) {
    app.handle_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
}

pub fn typ(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

pub fn tab(app: &mut App, n: usize) {
    for _ in 0..n {
        key(app, KeyCode::Tab);
    }
}

/// The title of the open dialog, if any.
pub fn dialog(app: &App) -> Option<String> {
    app.modal().map(|m| m.title())
}

/// Reads worker messages until `done` holds (or fails after 5 s).
pub fn wait_for(app: &mut App, mut done: impl FnMut(&App) -> bool) {
    let end = Instant::now() + Duration::from_secs(5);
    loop {
        app.tick();
        if done(app) {
            return;
        }
        assert!(Instant::now() < end, "timed out waiting for the worker");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The screen as text, one line per row, trailing spaces removed.
pub fn screen(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| app.render(f)).unwrap();
    buffer_text(t.backend().buffer())
}

pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The words inside the box of the dialog titled `title`, joined by single spaces (wrapped sentences read
/// whole; what shows beside the box is left out).
pub fn dialog_words(screen: &str, title: &str) -> String {
    let lines: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    let top: Vec<char> = format!("┌ {title}").chars().collect();
    let (first, left) = lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| {
            l.windows(top.len())
                .position(|w| w == top.as_slice())
                .map(|at| (i, at))
        })
        .unwrap_or_else(|| panic!("the dialog {title} is open"));
    let right = left + lines[first][left..].iter().position(|c| *c == '┐').unwrap();
    let mut words = Vec::new();
    for l in &lines[first + 1..] {
        if l.get(left) == Some(&'└') {
            break;
        }
        let inner: String = l.get(left + 1..right).unwrap_or_default().iter().collect();
        words.extend(inner.split_whitespace().map(str::to_owned));
    }
    words.join(" ")
}

/// A kiosk project whose one application `name` is `installer` in `dir` (the caller
/// writes it), saved in `dir`.
pub fn kiosk_with_installer(dir: &Path, name: &str, installer: &str) -> PathBuf {
    use ppkg_wizard::project::{Application, LocalAdmin, Secret, SecretSource};
    let mut p = Project::new("Kiosk");
    p.base_dir = dir.to_path_buf();
    p.device.name = "KIOSK-%RAND:4%".into();
    p.accounts.local_admin = Some(LocalAdmin {
        name: "Support".into(),
        password: Secret::typed("Kiosk-Pass-7".into(), SecretSource::Clear),
    });
    p.applications.push(Application {
        name: name.into(),
        installer: installer.into(),
        command_line: format!("{installer} /quiet"),
        continue_on_failure: false,
        restart_required: false,
        success_code: Some(0),
        restart_code: Some(3010),
        dependencies: Vec::new(),
    });
    save_project(&p, dir)
}

/// A folder with an installer, a script and a certificate, as a technician would have.
pub fn assets(dir: &Path) {
    std::fs::create_dir_all(dir.join("installers")).unwrap();
    std::fs::create_dir_all(dir.join("certs")).unwrap();
    put(&dir.join("installers/firefox.msi"), b"MSI placeholder");
    put(&dir.join("installers/setup.ps1"), b"Write-Host hi");
    put(
        &dir.join("certs/root.cer"),
        &std::fs::read(cert_path()).unwrap(),
    );
}

/// Tests running in parallel share the snapshot folder: a file is replaced whole by a
/// rename, so no test ever reads one half-written by another.
fn put(path: &Path, bytes: &[u8]) {
    let mut tmp = tempfile::NamedTempFile::new_in(path.parent().unwrap()).unwrap();
    std::io::Write::write_all(&mut tmp, bytes).unwrap();
    tmp.persist(path).unwrap();
}

/// A real self-signed certificate (EC P-256, "Test School Root", made with openssl).
fn cert_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/root-test.cer")
}

/// Saves `p` as `<dir>/<name>.json` and returns the path.
pub fn save_project(p: &Project, dir: &Path) -> PathBuf {
    let path = dir.join(format!("{}.json", p.name));
    project::save(p, &path, ppkg_wizard::fsutil::Overwrite::Replace).unwrap();
    path
}
