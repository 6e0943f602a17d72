//! `build PROJECT --each ROWS.csv` and `check PROJECT --each ROWS.csv`: one package per
//! row. Every row is checked before anything is written.

use super::exit::Failure;
use ppkg_wizard::batch::{
    self, Batch, BatchBuild, CheckOptions, Checked, Event, Limits, RowProblem, RowsFile,
};
use ppkg_wizard::package::WcdVersion;
use ppkg_wizard::pipeline::{self, ProjectBuild};
use ppkg_wizard::protect::PackagePassword;
use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// `build`'s options for many packages.
#[derive(clap::Args, Debug)]
pub struct EachArgs {
    /// Build one package per row of this CSV file. Its header names project fields by
    /// their JSON path (name, device.name, network.ssid, network.key, accounts.join.ou,
    /// package.version, advanced[SETTING/PATH], …); a cell replaces that field for its row
    /// and an empty cell keeps the project's value. Secret cells name a source only:
    /// env:VARIABLE or file:path. Without a name column each package is named
    /// "<project name> <key>".
    #[arg(long, value_name = "ROWS.csv")]
    pub each: Option<PathBuf>,
    /// The column that identifies a row; each row's package id is derived from the
    /// project's id and this value, so rebuilding gives the same ids. Default: the first
    /// column. A column named "key" is a key only and sets no field.
    #[arg(long, value_name = "COLUMN", requires = "each")]
    pub key: Option<String>,
    /// Packages built at once. Default: the number of processor cores.
    #[arg(long, value_name = "N", requires = "each")]
    pub jobs: Option<NonZeroUsize>,
    /// Build the good rows even when some rows have problems (they are listed, and the
    /// command still exits 1).
    #[arg(long, requires = "each")]
    pub keep_going: bool,
}

/// `check`'s options for many packages.
#[derive(clap::Args, Debug)]
pub struct CheckEachArgs {
    /// Check every row of this CSV file (see `build --each`) without building.
    #[arg(long, value_name = "ROWS.csv")]
    pub each: Option<PathBuf>,
    /// The column that identifies a row. Default: the first column.
    #[arg(long, value_name = "COLUMN", requires = "each")]
    pub key: Option<String>,
}

/// The rest of `build`'s options, as the build command read them.
pub struct BuildEach<'a> {
    pub project: &'a Path,
    pub output: &'a Path,
    pub force: bool,
    pub quiet: bool,
    pub password: Option<PackagePassword>,
    pub wcd_version: Option<WcdVersion>,
}

/// `build PROJECT --each ROWS.csv`.
pub fn build(each: &EachArgs, csv: &Path, b: BuildEach<'_>) -> Result<(), Failure> {
    let mut project = load(b.project)?;
    super::build::warn_targets(&project);
    if project.ensure_package_id() {
        // Row ids derive from the project's id, so it must stay the same between builds.
        ppkg_wizard::project::save(&project, b.project, ppkg_wizard::fsutil::Overwrite::Replace)
            .map_err(|e| {
                Failure::io(format!(
                    "cannot save the new package id into {}: {}",
                    b.project.display(),
                    ppkg_wizard::errors::io_reason(&e)
                ))
            })?;
        eprintln!(
            "The project had no package id; gave it {{{}}} and saved it in {}.",
            project.package.id,
            b.project.display()
        );
    }
    let batch = plan(project, csv, each.key.as_deref())?;
    let opts = CheckOptions {
        read_secrets: true,
        refuse_existing_in: (!b.force).then_some(b.output),
    };
    let checked = batch::check_all(&batch, open(csv)?, &opts).map_err(rows_failure)?;
    print_problems(csv, &checked);
    if checked.bad > 0 && (!each.keep_going || checked.good == 0) {
        return Err(Failure::input(format!(
            "nothing was built: {} of {} rows in {} have problems{}",
            checked.bad,
            checked.bad + checked.good,
            csv.display(),
            if each.keep_going {
                ""
            } else {
                " (--keep-going builds the others)"
            }
        )));
    }
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let flag = cancel.clone();
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    }
    let jobs = each.jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, NonZeroUsize::get),
        NonZeroUsize::get,
    );
    let how = BatchBuild {
        how: ProjectBuild {
            out_dir: b.output.to_path_buf(),
            replace: b.force,
            password: b.password,
            wcd_version: b.wcd_version,
            fixed_time: pipeline::reproducible_from_env().map_err(Failure::input)?,
        },
        jobs,
        keep_going: each.keep_going,
        cancel,
    };
    let bar = (!b.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(checked.good);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "Building [{bar:30}] {pos}/{len} packages ({per_sec}, {eta})",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar
    });
    let say = |line: String, err: bool| match &bar {
        Some(bar) => bar.suspend(|| print_line(&line, err)),
        None => print_line(&line, err),
    };
    let on_event = |e: Event<'_>| {
        match e {
            Event::Built { output, .. } => say(
                format!(
                    "Built {} (package id {{{}}})",
                    output.ppkg.display(),
                    output.package_id
                ),
                false,
            ),
            Event::Failed { line, key, reasons } => {
                for r in reasons {
                    say(
                        format!(
                            "error: {} line {line} (key \"{}\"): {}",
                            csv.display(),
                            batch::problem::printable(key),
                            r
                        ),
                        true,
                    );
                }
            }
        }
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    };
    let done =
        batch::build_all(&batch, open(csv)?, &checked, &how, &on_event).map_err(rows_failure)?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    outln!(
        "Built {} of {} packages into {}.",
        done.built,
        checked.good + checked.bad,
        b.output.display()
    );
    if done.cancelled {
        return Err(Failure {
            code: 130,
            messages: vec!["Stopped: packages being built were not written.".into()],
        });
    }
    let mut messages = Vec::new();
    if checked.bad > 0 {
        messages.push(format!(
            "{} rows with problems were not built (listed above)",
            checked.bad
        ));
    }
    if done.failed > 0 {
        messages.push(format!("{} rows failed to build", done.failed));
    }
    if done.not_started > 0 {
        messages.push(format!(
            "{} rows were not built because the batch stopped at the first failure",
            done.not_started
        ));
    }
    if messages.is_empty() {
        Ok(())
    } else {
        Err(Failure::inputs(messages))
    }
}

/// `check PROJECT --each ROWS.csv`.
pub fn check(each: &CheckEachArgs, csv: &Path, project: &Path, json: bool) -> Result<(), Failure> {
    let batch = plan(load(project)?, csv, each.key.as_deref())?;
    let opts = CheckOptions {
        read_secrets: true,
        refuse_existing_in: None,
    };
    let checked = batch::check_all(&batch, open(csv)?, &opts).map_err(rows_failure)?;
    if json {
        let list: Vec<_> = checked
            .problems
            .iter()
            .map(|p| {
                serde_json::json!({
                    "line": p.line,
                    "column": p.column.as_ref().map(|c| c.number),
                    "header": p.column.as_ref().map(|c| c.header.clone()),
                    "message": p.why.to_string(),
                })
            })
            .collect();
        let out = serde_json::json!({
            "ok": checked.bad == 0,
            "rows": checked.good + checked.bad,
            "bad_rows": checked.bad,
            "problems": list,
            "problem_count": checked.problem_count,
        });
        outln!("{}", serde_json::to_string_pretty(&out).expect("json"));
    } else {
        print_problems(csv, &checked);
    }
    if checked.bad > 0 {
        return Err(Failure::input(format!(
            "{} of {} rows in {} have problems to fix before they can be built",
            checked.bad,
            checked.good + checked.bad,
            csv.display()
        )));
    }
    if !json {
        outln!(
            "{}: all {} rows are ready to build (key column \"{}\")",
            csv.display(),
            checked.good,
            batch::problem::printable(batch.key_header())
        );
    }
    Ok(())
}

fn print_line(line: &str, err: bool) {
    if err {
        eprintln!("{line}");
    } else {
        outln!("{line}");
    }
}

fn load(project: &Path) -> Result<ppkg_wizard::project::Project, Failure> {
    if !project
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        return Err(Failure::input(format!(
            "--each needs a ppkg-wizard project (.json); {} is not one (import a WCD project first)",
            project.display()
        )));
    }
    super::secrets::load_project(project)
}

fn open(csv: &Path) -> Result<RowsFile, Failure> {
    RowsFile::open(csv, Limits::default()).map_err(rows_failure)
}

fn plan(
    project: ppkg_wizard::project::Project,
    csv: &Path,
    key: Option<&str>,
) -> Result<Batch, Failure> {
    let rows = open(csv)?;
    Batch::new(project, rows.header(), key)
        .map_err(|list| Failure::inputs(list.iter().map(|p| located(csv, p)).collect()))
}

fn located(csv: &Path, p: &RowProblem) -> String {
    format!("{} {p}", csv.display())
}

fn print_problems(csv: &Path, checked: &Checked) {
    for p in &checked.problems {
        eprintln!("error: {}", located(csv, p));
    }
    let hidden = checked.problem_count - checked.problems.len() as u64;
    if hidden > 0 {
        eprintln!("error: … and {hidden} more problems");
    }
}

fn rows_failure(e: batch::RowsError) -> Failure {
    match e {
        batch::RowsError::Read { .. } => Failure::io(e.to_string()),
        _ => Failure::input(e.to_string()),
    }
}
