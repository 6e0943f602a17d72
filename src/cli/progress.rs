//! The build's progress on stderr (only on a terminal): a spinner from the moment the
//! build starts (reading the project, hashing its files), then a bar while packing.

use ppkg_wizard::package::{Progress, Stage};
use std::io::IsTerminal;
use std::time::Duration;

/// What the spinner says before the builder's first report.
pub const STARTING: &str = "Reading the project and its files";

/// Shows [`Progress`] reports as an indicatif bar; silent when stderr is not a terminal.
pub struct ProgressBar {
    bar: Option<indicatif::ProgressBar>,
    /// Still the spinner: the builder has not reported yet.
    spinning: bool,
}

impl ProgressBar {
    pub fn new(quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let b = indicatif::ProgressBar::new_spinner();
            b.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg}…")
                    .expect("valid template"),
            );
            b.set_message(STARTING);
            b.enable_steady_tick(Duration::from_millis(100));
            b
        });
        Self {
            spinning: bar.is_some(),
            bar,
        }
    }

    pub fn update(&mut self, p: Progress) {
        let Some(b) = &self.bar else { return };
        if std::mem::take(&mut self.spinning) {
            b.disable_steady_tick();
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg:>10} [{bar:30}] {bytes}/{total_bytes} ({eta})",
                )
                .expect("valid template")
                .progress_chars("=> "),
            );
        }
        b.set_length(p.bytes_total.max(1));
        b.set_position(p.bytes_done);
        b.set_message(match p.stage {
            Stage::Compiled => "Compiling",
            Stage::Packing => "Packing",
            Stage::Encrypting => "Encrypting",
            Stage::Cataloging => "Hashing",
            Stage::Done => "Done",
        });
    }

    pub fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}

impl Drop for ProgressBar {
    /// A failed or cancelled build clears its line too, so the error reads cleanly.
    fn drop(&mut self) {
        self.finish();
    }
}
