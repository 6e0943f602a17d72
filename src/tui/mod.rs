//! The interactive wizard: WCD's "Provision desktop devices" pages in a terminal.
//!
//! [`App`] holds the state and reacts to keys without a terminal (tests drive it directly);
//! [`run`] sets the terminal up, runs the loop, and restores the terminal on exit, on error
//! and on panic.

mod app;
mod event_loop;
mod flows;
pub mod help;
mod modal;
mod pages;
mod popups;
mod real;
mod save_flow;
pub mod slot;
pub mod theme;
mod view;
pub mod widgets;
pub mod worker;

pub use app::{Action, App, CANCELLED, Screen, StepMark};
pub use modal::Modal;
pub use save_flow::AfterSave;
pub use view::{MIN_H, MIN_W};

use anyhow::Context;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// Runs the wizard, on `project_path` when given. Exit code 1 when the project cannot be
/// opened (the reason goes to stderr before the screen changes).
pub fn run(project_path: Option<&Path>) -> anyhow::Result<ExitCode> {
    let theme = theme::Theme::from_env();
    let services: Arc<dyn worker::Services> = Arc::new(worker::RealServices);
    let mut app = match project_path {
        Some(p) => match App::open(theme, services, p) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::from(1));
            }
        },
        None => {
            let cwd = std::env::current_dir().context("cannot read the current folder")?;
            App::new(theme, services, &cwd)
        }
    };
    let mut guard = TerminalGuard::enter()?;
    let result = event_loop::run(&mut guard.terminal, &mut app);
    drop(guard);
    result?;
    Ok(ExitCode::SUCCESS)
}

type Term = ratatui::Terminal<ratatui::backend::CrosstermBackend<std::io::Stdout>>;

/// Raw mode and the alternate screen for as long as it lives; a panic hook restores the
/// terminal before the panic message is printed, so the message is readable.
struct TerminalGuard {
    terminal: Term,
}

fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        std::io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
}

impl TerminalGuard {
    fn enter() -> anyhow::Result<Self> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        enable_raw_mode().context("cannot switch the terminal to raw mode")?;
        let mut out = std::io::stdout();
        if let Err(e) = execute!(out, EnterAlternateScreen, EnableBracketedPaste) {
            restore();
            return Err(e).context("cannot set up the terminal");
        }
        let terminal = match ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(out)) {
            Ok(t) => t,
            Err(e) => {
                restore();
                return Err(e).context("cannot set up the terminal");
            }
        };
        Ok(Self { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}
