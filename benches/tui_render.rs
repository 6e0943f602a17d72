//! Drawing each wizard page at 80×24 and 200×60 (target: under 1 ms a frame), and startup
//! to the first frame (open a project, validate, draw).

use criterion::{Criterion, criterion_group, criterion_main};
use ppkg_wizard::project::*;
use ppkg_wizard::tui::App;
use ppkg_wizard::tui::theme::Theme;
use ppkg_wizard::tui::worker::{
    BuildRequest, Built, CancelFlag, Progress, Services, TokenEvent, TokenFailed, TokenRequest,
    TokenResult,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

struct NoWork;

impl Services for NoWork {
    fn today(&self) -> time::Date {
        time::macros::date!(2025 - 03 - 01)
    }
    fn build(
        &self,
        _: BuildRequest,
        _: &CancelFlag,
        _: &mut dyn FnMut(Progress),
    ) -> Result<Built, String> {
        Err("not in benchmarks".into())
    }
    fn bulk_token(
        &self,
        _: TokenRequest,
        _: &CancelFlag,
        _: &mut dyn FnMut(TokenEvent),
    ) -> Result<TokenResult, TokenFailed> {
        Err(TokenFailed::new("not in benchmarks"))
    }
}

fn project(dir: &Path) -> std::path::PathBuf {
    std::fs::create_dir_all(dir.join("installers")).unwrap();
    std::fs::write(dir.join("installers/firefox.msi"), b"x").unwrap();
    let mut p = Project::new("School Lab");
    p.base_dir = dir.to_path_buf();
    p.device.name = "LAB-%SERIAL%".into();
    p.network = Some(Wifi {
        ssid: "School-WiFi".into(),
        security: WifiSecurity::Wpa2Personal,
        key: Some(Secret::env("WIFI_KEY")),
        hidden: false,
        auto_connect: true,
    });
    p.accounts.join = Join::ActiveDirectory {
        domain: "school.local".into(),
        account: "SCHOOL\\svc-join".into(),
        password: Secret::ask(),
        ou: None,
    };
    p.accounts.local_admin = Some(LocalAdmin {
        name: "LabAdmin".into(),
        password: Secret::ask(),
    });
    for i in 0..12 {
        p.applications.push(Application {
            name: format!("App {i}"),
            installer: "installers/firefox.msi".into(),
            command_line: "msiexec /i \"firefox.msi\" /qn".into(),
            continue_on_failure: false,
            restart_required: false,
            success_code: Some(0),
            restart_code: Some(3010),
            dependencies: vec![],
        });
    }
    let path = dir.join("School Lab.json");
    save(&p, &path, ppkg_wizard::fsutil::Overwrite::Replace).unwrap();
    path
}

fn pages(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path());
    let mut app = App::open(Theme::colored(), Arc::new(NoWork), &path).unwrap();
    for (i, page) in Page::ALL.iter().enumerate() {
        for (w, h) in [(80u16, 24u16), (200, 60)] {
            let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
            c.bench_function(&format!("draw {}. {} {w}x{h}", i + 1, page.title()), |b| {
                b.iter(|| {
                    term.draw(|f| app.render(f)).unwrap();
                    black_box(term.backend().buffer().area);
                })
            });
        }
        app.handle_key(KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE));
    }
}

fn startup(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path());
    c.bench_function("startup to first frame 80x24", |b| {
        b.iter(|| {
            let app = App::open(Theme::colored(), Arc::new(NoWork), &path).unwrap();
            let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
            term.draw(|f| app.render(f)).unwrap();
            black_box(term.backend().buffer().area);
        })
    });
}

/// The Advanced page as the user types a search: each keystroke handled (the catalog
/// searched) and the frame drawn, over the full catalog; and the tree's top drawn.
fn advanced_typing(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = project(dir.path());
    let mut app = App::open(Theme::colored(), Arc::new(NoWork), &path).unwrap();
    let n = Page::ALL.iter().position(|p| *p == Page::Advanced).unwrap() + 1;
    let digit = char::from_digit((n % 10) as u32, 10).unwrap();
    app.handle_key(KeyEvent::new(KeyCode::Char(digit), KeyModifiers::ALT));
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    c.bench_function("advanced: draw the catalog tree 80x24", |b| {
        b.iter(|| {
            term.draw(|f| app.render(f)).unwrap();
            black_box(term.backend().buffer().area);
        })
    });
    for query in ["autologon", "alwbluetth"] {
        let keys = query.chars().count() as u32;
        c.bench_function(
            &format!("advanced: type {query:?}, {keys} keystrokes each searched and drawn 80x24"),
            |b| {
                b.iter(|| {
                    for ch in query.chars() {
                        app.handle_key(KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE));
                        term.draw(|f| app.render(f)).unwrap();
                    }
                    for _ in 0..keys {
                        app.handle_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
                    }
                    black_box(term.backend().buffer().area);
                })
            },
        );
    }
}

criterion_group!(benches, pages, startup, advanced_typing);
criterion_main!(benches);
