//! Long work off the UI thread: building the package, getting a bulk token, the tenant's
//! pre-flight checks and a batch of packages run on a worker thread and report through a
//! channel, so the screen never freezes and Esc can cancel. The work itself sits behind
//! [`Services`] so tests can drive the App without a network and with a fixed date.

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
/// Why getting a bulk token failed: the sentence for the user and whether Entra ID may
/// already have created the package account (a cancel that came too late), which the user
/// must then be told to delete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenFailed {
    pub message: String,
    pub account_may_exist: bool,
}

impl TokenFailed {
    /// A failure that left nothing behind in Entra ID.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            account_may_exist: false,
        }
    }
}

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
    ) -> Result<TokenResult, TokenFailed>;
    /// Signs in by device code and runs the `preflight` checks. The real checks by
    /// default: tests point them at a fake Entra ID and Graph on 127.0.0.1 through
    /// `PPKG_WIZARD_LOGIN_URL` and `PPKG_WIZARD_GRAPH_URL`.
    fn preflight(
        &self,
        req: PreflightAsk,
        cancel: &CancelFlag,
        events: &mut dyn FnMut(PreflightEvent),
    ) -> Result<crate::preflight::Report, String> {
        super::real::preflight(req, cancel, events)
    }
    /// Builds one package per row of a CSV file with the shared batch builder.
    fn build_batch(
        &self,
        req: BatchRequest,
        cancel: &CancelFlag,
        progress: &(dyn Fn(BatchProgress) + Sync),
    ) -> Result<BatchDone, String> {
        super::real::build_batch(req, cancel, progress)
    }
}

/// What the pre-flight checks are asked to read.
#[derive(Clone, Debug)]
pub struct PreflightAsk {
    pub tenant: String,
    /// The project's token (expiry, package account), when it has one.
    pub project: Option<crate::preflight::ProjectToken>,
    /// The App's date, for the token expiry.
    pub today: time::Date,
}

/// What the pre-flight dialog shows while it runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreflightEvent {
    /// The device-code sign-in, as the bulk-token dialog shows it.
    SignIn(TokenEvent),
    /// This check is being read now.
    Checking(crate::preflight::CheckId),
    /// This check is done.
    Checked(crate::preflight::CheckResult),
}

/// One package per row of `rows`, from `project` (every secret with a value or a
/// readable source), into `out_dir`.
#[derive(Clone)]
pub struct BatchRequest {
    pub project: Project,
    pub rows: PathBuf,
    pub out_dir: PathBuf,
    /// Build the good rows although some rows have problems.
    pub keep_going: bool,
    /// Replace packages already in `out_dir` (the user chose to).
    pub replace: bool,
    /// Packages built at once.
    pub jobs: usize,
}

/// What a rows file would build, read before anything is written: the table the
/// preview shows and the verdict of the same check `check --each` makes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchPreview {
    pub rows_file: PathBuf,
    /// The key column's header (escaped).
    pub key_header: String,
    /// The first rows, in file order.
    pub rows: Vec<PreviewRow>,
    /// Rows after those shown.
    pub more_rows: u64,
    pub good: u64,
    pub bad: u64,
    /// Each problem with its line and column, one sentence each (escaped).
    pub problems: Vec<String>,
    /// Every problem, listed or not.
    pub problem_count: u64,
    /// Listed problems that are only a package already in the output folder.
    pub existing: u64,
    /// Checked as a build that replaces existing packages.
    pub replace: bool,
    pub out_dir: PathBuf,
}

/// One row of the preview table. Every text is escaped; secret cells show their source
/// reference only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PreviewRow {
    pub line: u64,
    pub key: String,
    /// `column=value` for each cell the row sets.
    pub sets: Vec<String>,
    /// The device name this row gives, for a sample serial number.
    pub device_name: Option<String>,
    pub bad: bool,
}

/// Rows finished so far, built or failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchProgress {
    pub done: u64,
    pub total: u64,
    pub failed: u64,
}

/// What a batch did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchDone {
    /// Packages written, in the order they finished.
    pub built: Vec<PathBuf>,
    /// Rows that had problems before building (line, column and reason), not built.
    pub bad_rows: Vec<String>,
    /// How many rows had problems (more than `bad_rows` lists when it is long).
    pub bad_count: u64,
    /// Rows whose build failed, with the reason.
    pub failed: Vec<String>,
    /// Rows not started because the batch stopped (a failure, or Esc).
    pub not_started: u64,
    pub cancelled: bool,
    pub out_dir: PathBuf,
}

/// A worker of one of the dialogs that run their own job (pre-flight, batch): its
/// messages and its cancel flag. Dropping it cancels the work.
pub struct Task<M> {
    pub rx: Receiver<M>,
    pub cancel: CancelFlag,
}

impl<M: Send + 'static> Task<M> {
    /// Runs `f` on a worker thread; what it sends arrives in `rx`.
    pub fn spawn(f: impl FnOnce(Sender<M>, CancelFlag) + Send + 'static) -> Self {
        let (tx, rx) = channel();
        let cancel = CancelFlag::default();
        let c = cancel.clone();
        std::thread::spawn(move || f(tx, c));
        Self { rx, cancel }
    }

    /// Every message waiting, without blocking.
    pub fn drain(&self) -> Vec<M> {
        self.rx.try_iter().collect()
    }
}

impl<M> Drop for Task<M> {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

/// A message from a worker.
pub enum JobMsg {
    Progress(Progress),
    Built(Result<Built, String>),
    Token(TokenEvent),
    TokenDone(Result<TokenResult, TokenFailed>),
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
    ) -> Result<TokenResult, TokenFailed> {
        super::real::bulk_token(req, cancel, events)
    }
}
