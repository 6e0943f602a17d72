//! Dialogs as self-contained components: each file holds one dialog's state, reads its
//! keys, draws itself and names the keys it offers. A dialog never touches the App: it
//! answers a key with an [`Outcome`], and the App carries out the [`Command`] it names.

mod ask;
mod batch;
mod build;
mod built;
mod confirm;
mod device_code;
mod go_to;
mod pick;
mod preflight;
mod quit;
mod scroll;
mod secret_source;
mod sign_in;
mod text_box;

pub use ask::{Ask, AskThen};
pub use batch::BatchDialog;
pub use build::BuildProgress;
pub use built::PackageCreated;
pub use confirm::Confirm;
pub use go_to::GoTo;
pub use pick::{Pick, PickTarget};
pub use preflight::Preflight;
pub use quit::Quit;
pub use secret_source::{Pending, Placed, SecretSources};
pub use sign_in::SignIn;
pub use text_box::TextBox;

use crate::project::Page;
use crate::secret::SecretString;
use crate::tui::save_flow::AfterSave;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use std::path::PathBuf;

/// A key and what it does, for the hint bar.
pub type Hint = (&'static str, &'static str);

/// What a dialog did with a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Still open.
    Keep,
    /// Closed, nothing to do.
    Close,
    /// Closed; the App carries out the command.
    Run(Command),
    /// Still open; the App carries out the command (stopping the work the dialog shows).
    Also(Command),
}

/// What a dialog can ask of the App.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Remove the selected item of the list on `page` (applications, certificates).
    RemoveListItem(Page),
    /// Start the bulk-token sign-in although a token exists.
    GetNewToken,
    /// Show `page`.
    GoTo(Page),
    /// Build, replacing the existing package.
    BuildReplacing,
    /// Save the project, then quit.
    SaveAndQuit,
    /// Quit, dropping the unsaved changes.
    QuitWithoutSaving,
    /// Secrets typed for this session's builds, then go on as `then` says.
    Typed {
        values: Vec<(String, SecretString)>,
        then: AskThen,
    },
    /// Use `path` as `target` says (open it, import it, put it in a field).
    Picked { target: PickTarget, path: PathBuf },
    /// Give each secret its answered source, then write the project.
    PlaceSecretsAndSave {
        placed: Vec<Placed>,
        then: AfterSave,
    },
    /// The save was cancelled: nothing changed.
    SaveCancelled,
    /// Stop the running build or sign-in.
    CancelJob,
}

/// One dialog.
pub trait Popup {
    /// The dialog's title (tests and the "too small" screen name it by this).
    fn title(&self) -> String;
    fn key(&mut self, key: KeyEvent) -> Outcome;
    /// Pasted text, for dialogs with a text field.
    fn paste(&mut self, _text: &str) {}
    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme);
    /// The keys the dialog offers, for the hint bar.
    fn hints(&self) -> Vec<Hint>;
    /// The dialog as one line when it must still be answered behind the "terminal too
    /// small" screen (only the quit question); `None` for every other dialog.
    fn answers_when_too_small(&self) -> Option<&'static str> {
        None
    }
    /// Reads what the dialog's own worker reported (pre-flight, batch); true when
    /// something changed on screen.
    fn tick(&mut self) -> bool {
        false
    }
}
