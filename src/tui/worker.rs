//! Long work off the UI thread: building the package and getting a bulk token run on a
//! worker thread and report through a channel, so the screen never freezes and Esc can
//! cancel. The work itself sits behind [`Services`] so tests can drive the App without a
//! network and with a fixed date.

use crate::project::Project;
use crate::secret::SecretString;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

/// A cancel request shared between the UI and a worker. Hooks let a worker forward the
/// request to a library's own cancel handle.
#[derive(Clone, Default)]
pub struct CancelFlag {
    flag: Arc<AtomicBool>,
    hooks: Arc<Mutex<Vec<CancelHook>>>,
}

/// Called when a job is cancelled.
type CancelHook = Box<dyn Fn() + Send>;

impl CancelFlag {
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::SeqCst);
        if let Ok(hooks) = self.hooks.lock() {
            for h in hooks.iter() {
                h();
            }
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    /// The flag itself, for a library that polls an `AtomicBool` (the package builder
    /// reads it on every 32 KiB of an asset).
    pub fn shared(&self) -> Arc<AtomicBool> {
        self.flag.clone()
    }

    /// Runs `hook` on cancel (at once if already cancelled).
    pub fn on_cancel(&self, hook: Box<dyn Fn() + Send>) {
        if self.is_cancelled() {
            hook();
        }
        if let Ok(mut hooks) = self.hooks.lock() {
            hooks.push(hook);
        }
    }
}

/// What to build: a project whose secrets all have values, and where.
pub struct BuildRequest {
    pub project: Project,
    pub out_dir: PathBuf,
    /// Replace an existing package (the user confirmed).
    pub overwrite: bool,
}

/// Progress of a build, 0.0 to 1.0, with what is happening.
#[derive(Clone, Debug, PartialEq)]
pub struct Progress {
    pub fraction: f64,
    pub message: String,
}

/// A finished package.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Built {
    pub package: PathBuf,
    pub catalog: Option<PathBuf>,
    pub encrypted: bool,
    /// What the builder noticed on the way (stale partial files removed, a previous
    /// `.cat` that did not match its package), shown with the result.
    pub notices: Vec<String>,
}

/// What the sign-in shows while it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenEvent {
    ShowCode {
        user_code: String,
        verification_uri: String,
        seconds_left: u64,
    },
    Waiting {
        seconds_left: u64,
    },
    Status(String),
}

/// A bulk token received from Entra ID.
pub struct TokenResult {
    pub token: SecretString,
    pub expires: time::Date,
    pub package_account: String,
}

/// What the token request asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRequest {
    pub tenant: String,
    pub expires: time::Date,
}

/// The work the wizard delegates: the one package builder, the token flow, today's date.
pub trait Services: Send + Sync {
    fn today(&self) -> time::Date;
    fn build(
        &self,
        req: BuildRequest,
        cancel: &CancelFlag,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Built, String>;
    fn bulk_token(
        &self,
        req: TokenRequest,
        cancel: &CancelFlag,
        events: &mut dyn FnMut(TokenEvent),
    ) -> Result<TokenResult, String>;
}

/// A message from a worker.
pub enum JobMsg {
    Progress(Progress),
    Built(Result<Built, String>),
    Token(TokenEvent),
    TokenDone(Result<TokenResult, String>),
}

/// A running job: its channel and its cancel flag.
pub struct Job {
    pub rx: Receiver<JobMsg>,
    pub cancel: CancelFlag,
    pub cancelling: bool,
}

impl Job {
    fn spawn(f: impl FnOnce(Sender<JobMsg>, CancelFlag) + Send + 'static) -> Self {
        let (tx, rx) = channel();
        let cancel = CancelFlag::default();
        let c = cancel.clone();
        std::thread::spawn(move || f(tx, c));
        Self {
            rx,
            cancel,
            cancelling: false,
        }
    }

    /// Builds on a worker thread.
    pub fn build(services: Arc<dyn Services>, req: BuildRequest) -> Self {
        Self::spawn(move |tx, cancel| {
            let ptx = tx.clone();
            let r = services.build(req, &cancel, &mut |p| {
                let _ = ptx.send(JobMsg::Progress(p));
            });
            let _ = tx.send(JobMsg::Built(r));
        })
    }

    /// Gets a bulk token on a worker thread.
    pub fn token(services: Arc<dyn Services>, req: TokenRequest) -> Self {
        Self::spawn(move |tx, cancel| {
            let etx = tx.clone();
            let r = services.bulk_token(req, &cancel, &mut |e| {
                let _ = etx.send(JobMsg::Token(e));
            });
            let _ = tx.send(JobMsg::TokenDone(r));
        })
    }

    pub fn cancel(&mut self) {
        self.cancelling = true;
        self.cancel.cancel();
    }
}

/// The real services. The package builder and the token flow are wired in `real.rs`.
pub struct RealServices;

impl Services for RealServices {
    fn today(&self) -> time::Date {
        time::OffsetDateTime::now_local()
            .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
            .date()
    }

    fn build(
        &self,
        req: BuildRequest,
        cancel: &CancelFlag,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Built, String> {
        super::real::build(req, cancel, progress)
    }

    fn bulk_token(
        &self,
        req: TokenRequest,
        cancel: &CancelFlag,
        events: &mut dyn FnMut(TokenEvent),
    ) -> Result<TokenResult, String> {
        super::real::bulk_token(req, cancel, events)
    }
}
