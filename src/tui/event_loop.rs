//! The loop: draw, wait briefly for a key, read what workers reported, repeat.

use super::app::App;
use anyhow::Result;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use std::time::{Duration, Instant};

/// How long to wait for input before checking the worker again.
const POLL: Duration = Duration::from_millis(50);

/// While work runs, the screen is drawn at least this often, so what depends on time (the
/// seconds a build step has taken) moves even when the worker is quiet.
const BUSY_REDRAW: Duration = Duration::from_millis(500);

/// Runs until the user quits.
pub fn run<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let mut redraw = true;
    let mut drawn = Instant::now();
    let size = terminal.size()?;
    app.resize(size.width, size.height);
    loop {
        if redraw || (app.busy() && drawn.elapsed() >= BUSY_REDRAW) {
            terminal.draw(|f| app.render(f))?;
            redraw = false;
            drawn = Instant::now();
        }
        if event::poll(POLL)? {
            match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => {
                    app.handle_key(k);
                }
                Event::Paste(text) => app.handle_paste(&text),
                Event::Resize(w, h) => app.resize(w, h),
                _ => {}
            }
            redraw = true;
        }
        if app.tick() {
            redraw = true;
        }
        if app.should_quit() {
            return Ok(());
        }
    }
}
