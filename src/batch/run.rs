//! Checking every row, then building the good ones in parallel.
//!
//! Both passes stream the rows file; what is kept per row is its key, its package name
//! and whether it was bad — bounded by the file's row limit, never by package contents.

use super::plan::{Batch, RowProject};
use super::problem::{RowProblem, Why};
use super::rows::{Record, RowsError, RowsFile};
use crate::package::{BuildError, BuildOutput};
use crate::pipeline::{self, ProjectBuild, ProjectBuildError};
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// At most this many problems are kept to show; the rest are only counted.
pub const MAX_SHOWN_PROBLEMS: usize = 200;

/// What the check pass does besides the rules.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions<'a> {
    /// Read every secret from its source, as a build would.
    pub read_secrets: bool,
    /// The output folder, when building without `--force`: a package already there is
    /// reported before anything is written.
    pub refuse_existing_in: Option<&'a Path>,
}

/// The result of checking every row.
#[derive(Debug, Default)]
pub struct Checked {
    /// Rows that can be built.
    pub good: u64,
    /// Rows with at least one problem.
    pub bad: u64,
    /// The first [`MAX_SHOWN_PROBLEMS`] problems, in file order.
    pub problems: Vec<RowProblem>,
    /// Every problem, shown or not.
    pub problem_count: u64,
    bad_lines: HashSet<u64>,
}

impl Checked {
    fn add(&mut self, list: Vec<RowProblem>) {
        for p in list {
            self.problem_count += 1;
            if self.problems.len() < MAX_SHOWN_PROBLEMS {
                self.problems.push(p);
            }
        }
    }
}

/// Checks every row of `rows`: its cells, the project's rules for it, unique keys and
/// package names, and (per `opts`) its secrets and output files. Writes nothing.
pub fn check_all(
    batch: &Batch,
    mut rows: RowsFile,
    opts: &CheckOptions<'_>,
) -> Result<Checked, RowsError> {
    let mut out = Checked::default();
    let mut keys: HashMap<String, u64> = HashMap::new();
    let mut names: HashMap<String, u64> = HashMap::new();
    while let Some(rec) = rows.next_record()? {
        let row = match rec {
            Record::Row(r) => r,
            Record::Bad { line, why } => {
                out.bad += 1;
                out.bad_lines.insert(line);
                out.add(vec![RowProblem {
                    line,
                    column: None,
                    why: Why::Malformed(why),
                }]);
                continue;
            }
        };
        let mut problems = Vec::new();
        match batch.project_for(&row) {
            Err(list) => problems.extend(list),
            Ok(mut p) => {
                if let Some(&first_line) = keys.get(&p.key) {
                    problems.push(RowProblem {
                        line: p.line,
                        column: Some(key_column(batch)),
                        why: Why::DuplicateKey {
                            key: p.key.clone(),
                            first_line,
                        },
                    });
                } else {
                    keys.insert(p.key.clone(), p.line);
                }
                // Windows file names ignore case.
                let folded = p.project.name.to_lowercase();
                if let Some(&first_line) = names.get(&folded) {
                    problems.push(RowProblem {
                        line: p.line,
                        column: Some(batch.name_column()),
                        why: Why::DuplicateName {
                            name: p.project.name.clone(),
                            first_line,
                        },
                    });
                } else {
                    names.insert(folded, p.line);
                }
                if let Some(dir) = opts.refuse_existing_in {
                    for ext in ["ppkg", "cat"] {
                        let f = dir.join(format!("{}.{ext}", p.project.name));
                        if f.exists() {
                            problems.push(RowProblem {
                                line: p.line,
                                column: Some(batch.name_column()),
                                why: Why::Exists {
                                    path: f.display().to_string(),
                                },
                            });
                        }
                    }
                }
                if opts.read_secrets && problems.is_empty() {
                    problems.extend(batch.check_secrets(&row, &mut p));
                }
            }
        }
        if problems.is_empty() {
            out.good += 1;
        } else {
            out.bad += 1;
            out.bad_lines.insert(row.line);
            out.add(problems);
        }
    }
    if out.good + out.bad == 0 {
        return Err(RowsError::NoRows {
            path: Path::new("the rows file").to_path_buf(),
        });
    }
    Ok(out)
}

fn key_column(batch: &Batch) -> super::problem::Column {
    let header = batch.key_header().to_owned();
    super::problem::Column {
        number: batch.key_index() + 1,
        header,
    }
}

/// How to build the rows.
pub struct BatchBuild {
    /// Shared by every row: output folder, replace, password, WCD version, fixed time.
    pub how: ProjectBuild,
    /// Packages built at once (at least 1).
    pub jobs: usize,
    /// Keep building the other rows after one fails.
    pub keep_going: bool,
    /// Set from anywhere (Ctrl+C) to stop: rows being built are abandoned with nothing
    /// written, later rows are not started.
    pub cancel: Arc<AtomicBool>,
}

/// One row finished, from whichever worker built it.
pub enum Event<'a> {
    Built {
        line: u64,
        key: &'a str,
        output: &'a BuildOutput,
    },
    Failed {
        line: u64,
        key: &'a str,
        reasons: Vec<String>,
    },
}

/// What the build pass did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Built {
    pub built: u64,
    pub failed: u64,
    /// Rows not built because the batch stopped (a failure without keep-going, Ctrl+C).
    pub not_started: u64,
    pub cancelled: bool,
}

/// Builds every row `checked` found good, `jobs` at a time, each through
/// [`pipeline::build_project_cancellable`]. `rows` is the same file reopened; a row that
/// went bad since the check fails like a build error.
pub fn build_all(
    batch: &Batch,
    mut rows: RowsFile,
    checked: &Checked,
    b: &BatchBuild,
    on_event: &(dyn Fn(Event<'_>) + Sync),
) -> Result<Built, RowsError> {
    let jobs = b.jobs.max(1);
    let (tx, rx) = mpsc::sync_channel::<RowProject>(jobs * 2);
    let rx = std::sync::Mutex::new(rx);
    let built = std::sync::atomic::AtomicU64::new(0);
    let failed = std::sync::atomic::AtomicU64::new(0);
    let started = std::sync::atomic::AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let mut feed_error = None;
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                loop {
                    let next = rx.lock().expect("not poisoned").recv();
                    let Ok(mut rp) = next else { break };
                    if b.cancel.load(Ordering::SeqCst) || stop.load(Ordering::SeqCst) {
                        continue;
                    }
                    started.fetch_add(1, Ordering::SeqCst);
                    let r = pipeline::build_project_cancellable(
                        &mut rp.project,
                        &b.how,
                        Some(b.cancel.clone()),
                        &mut |_| None,
                        &mut |_| {},
                    );
                    match r {
                        Ok(out) => {
                            built.fetch_add(1, Ordering::SeqCst);
                            on_event(Event::Built {
                                line: rp.line,
                                key: &rp.key,
                                output: &out,
                            });
                        }
                        Err(ProjectBuildError::Build(BuildError::Cancelled)) => {
                            started.fetch_sub(1, Ordering::SeqCst);
                        }
                        Err(e) => {
                            failed.fetch_add(1, Ordering::SeqCst);
                            if !b.keep_going {
                                stop.store(true, Ordering::SeqCst);
                            }
                            on_event(Event::Failed {
                                line: rp.line,
                                key: &rp.key,
                                reasons: reasons(&e),
                            });
                        }
                    }
                }
            });
        }
        loop {
            if b.cancel.load(Ordering::SeqCst) || stop.load(Ordering::SeqCst) {
                break;
            }
            let rec = match rows.next_record() {
                Ok(Some(r)) => r,
                Ok(None) => break,
                Err(e) => {
                    feed_error = Some(e);
                    stop.store(true, Ordering::SeqCst);
                    break;
                }
            };
            let Record::Row(row) = rec else { continue };
            if checked.bad_lines.contains(&row.line) {
                continue;
            }
            match batch.project_for(&row) {
                Ok(p) => {
                    if tx.send(p).is_err() {
                        break;
                    }
                }
                Err(list) => {
                    failed.fetch_add(1, Ordering::SeqCst);
                    if !b.keep_going {
                        stop.store(true, Ordering::SeqCst);
                    }
                    on_event(Event::Failed {
                        line: row.line,
                        key: &row.cells[batch.key_index()],
                        reasons: list.iter().map(ToString::to_string).collect(),
                    });
                }
            }
        }
        drop(tx);
    });
    if let Some(e) = feed_error {
        return Err(e);
    }
    let built = built.into_inner();
    let failed = failed.into_inner();
    Ok(Built {
        built,
        failed,
        not_started: checked.good.saturating_sub(built + failed),
        cancelled: b.cancel.load(Ordering::SeqCst),
    })
}

/// A failed build's reasons, one sentence each.
pub fn reasons(e: &ProjectBuildError) -> Vec<String> {
    match e {
        ProjectBuildError::Secrets(list) => list.iter().map(ToString::to_string).collect(),
        ProjectBuildError::Invalid(list) => list
            .iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect(),
        ProjectBuildError::Settings(e) => vec![e.to_string()],
        ProjectBuildError::Build(e) => vec![e.to_string()],
    }
}
