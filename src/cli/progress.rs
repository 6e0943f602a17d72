//! The build's progress bar on stderr (only on a terminal).

use ppkg_wizard::package::{Progress, Stage};
use std::io::IsTerminal;

/// Shows [`Progress`] reports as an indicatif bar; silent when stderr is not a terminal.
pub struct ProgressBar {
    bar: Option<indicatif::ProgressBar>,
}

impl ProgressBar {
    pub fn new(quiet: bool) -> Self {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let b = indicatif::ProgressBar::new(0);
            b.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg:>10} [{bar:30}] {bytes}/{total_bytes} ({eta})",
                )
                .expect("valid template")
                .progress_chars("=> "),
            );
            b
        });
        Self { bar }
    }

    pub fn update(&mut self, p: Progress) {
        let Some(b) = &self.bar else { return };
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
