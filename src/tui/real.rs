//! The wizard's link to the shared package builder, the batch builder, the token module
//! and the pre-flight checks. Nothing here builds a package or checks a tenant itself:
//! the TUI contains no package logic.

use super::worker::{
    BatchDone, BatchPreview, BatchProgress, BatchRequest, BuildRequest, Built, CancelFlag,
    PreflightAsk, PreflightEvent, PreviewRow, Progress, TokenEvent, TokenRequest, TokenResult,
};

/// Builds with the sequence the command line runs, [`crate::pipeline`]: the project's
/// settings (secrets resolved by the caller), its files under their project-relative
/// names, and the package password as the encryption hook. Esc reaches the builder
/// through the cancel flag, which it reads while streaming every file.
pub fn build(
    req: BuildRequest,
    cancel: &CancelFlag,
    progress: &mut dyn FnMut(Progress),
) -> Result<Built, String> {
    use crate::package::Stage;
    use crate::pipeline::{ProjectBuild, ProjectBuildError, build_project_cancellable};
    let mut project = req.project;
    let encrypted = project.protect.is_some();
    let how = ProjectBuild {
        out_dir: req.out_dir,
        replace: req.overwrite,
        password: None,
        wcd_version: None,
        fixed_time: None,
    };
    // Every secret already has a value: the wizard asked before starting the worker.
    let out = build_project_cancellable(
        &mut project,
        &how,
        Some(cancel.shared()),
        &mut |_| None,
        &mut |pr| {
            let fraction = if pr.bytes_total > 0 {
                pr.bytes_done as f64 / pr.bytes_total as f64
            } else {
                0.0
            };
            let (fraction, message) = match pr.stage {
                Stage::Compiled => (0.05, "Settings compiled".to_string()),
                Stage::Packing => (0.05 + 0.8 * fraction, packing_message(&pr)),
                Stage::Encrypting => (0.9, "Encrypting with the package password".into()),
                Stage::Cataloging => (0.95, "Writing the catalog".into()),
                _ => (1.0, "Done".into()),
            };
            progress(Progress { fraction, message });
        },
    )
    .map_err(|e| match e {
        ProjectBuildError::Secrets(list) => list
            .iter()
            .map(|e| sentence(&e.to_string()))
            .collect::<Vec<_>>()
            .join("\n"),
        ProjectBuildError::Invalid(list) => list
            .iter()
            .map(|p| sentence(&p.message))
            .collect::<Vec<_>>()
            .join("\n"),
        other => sentence(&other.to_string()),
    })?;
    Ok(Built {
        package: out.ppkg,
        catalog: Some(out.cat),
        encrypted,
        notices: out.notices,
    })
}

/// What packing has read so far, counted in MiB once there is a MiB to count: the builder
/// reports about every MiB of a file, so a large installer moves the bar from its start.
fn packing_message(pr: &crate::package::Progress) -> String {
    const MIB: u64 = 1 << 20;
    if pr.bytes_total >= MIB {
        format!(
            "Packing the files: {} of {} MiB",
            pr.bytes_done / MIB,
            pr.bytes_total.div_ceil(MIB)
        )
    } else {
        "Packing the files".into()
    }
}

/// Ends a message with a full stop. Its case is kept: it may start with a path.
fn sentence(s: &str) -> String {
    let mut out = s.to_owned();
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// Gets a bulk token with the shared token module (device-code sign-in, then
/// `bulkaadjtoken`), translating its events for the sign-in dialog.
pub fn bulk_token(
    req: TokenRequest,
    cancel: &CancelFlag,
    events: &mut dyn FnMut(TokenEvent),
) -> Result<TokenResult, super::worker::TokenFailed> {
    use crate::token::{Cancel, Event, TokenRequest as Ask, get_bulk_token};
    let mut ask = Ask::new(req.tenant);
    ask.expires = req.expires;
    let handle = Cancel::new();
    let h = handle.clone();
    cancel.on_cancel(Box::new(move || h.cancel()));
    // `SignedIn` and `CreatingToken` arrive together: say both in one status, or the
    // second would replace the first before it could be read.
    let mut signed_in = String::new();
    let token = get_bulk_token(&ask, &handle, &mut |e| match e {
        Event::ShowCode { .. } | Event::Waiting { .. } => {
            if let Some(shown) = sign_in_shown(&e) {
                events(shown)
            }
        }
        Event::SignedIn { upn, .. } => {
            signed_in = format!("Signed in as {upn}. ");
            events(TokenEvent::Status(format!(
                "{signed_in}Creating the bulk token…"
            )))
        }
        Event::CreatingToken { package_name } => events(TokenEvent::Status(format!(
            "{signed_in}Creating the package account {package_name}…"
        ))),
        _ => {}
    })
    .map_err(|e| super::worker::TokenFailed {
        account_may_exist: matches!(e, crate::token::TokenError::CancelledAfterBegin { .. }),
        message: e.to_string(),
    })?;
    Ok(TokenResult {
        token: token.token,
        expires: token.expires,
        package_account: token.package_account,
    })
}

/// The code to show and its countdown, as the bulk-token dialog shows them.
fn sign_in_shown(e: &crate::token::Event) -> Option<TokenEvent> {
    use crate::token::Event;
    match e {
        Event::ShowCode {
            user_code,
            verification_uri,
            expires_at,
            ..
        } => Some(TokenEvent::ShowCode {
            user_code: user_code.clone(),
            verification_uri: verification_uri.clone(),
            seconds_left: expires_at
                .saturating_duration_since(std::time::Instant::now())
                .as_secs(),
        }),
        Event::Waiting { seconds_left } => Some(TokenEvent::Waiting {
            seconds_left: *seconds_left,
        }),
        _ => None,
    }
}

/// Runs the `preflight` checks (the same code as the command): a device-code sign-in for
/// Graph's read-only permissions, then every check, reported one by one.
pub fn preflight(
    req: PreflightAsk,
    cancel: &CancelFlag,
    events: &mut dyn FnMut(PreflightEvent),
) -> Result<crate::preflight::Report, String> {
    use crate::preflight::{Event, PreflightRequest, run};
    let mut request = PreflightRequest::new(req.tenant.trim());
    request.surface = crate::preflight::Surface::Wizard;
    request.project = req.project;
    request.today = req.today;
    let handle = crate::token::Cancel::new();
    let h = handle.clone();
    cancel.on_cancel(Box::new(move || h.cancel()));
    run(&request, &handle, &mut |e| match e {
        Event::SignIn(crate::token::Event::SignedIn { upn, .. }) => {
            events(PreflightEvent::SignIn(TokenEvent::Status(format!(
                "Signed in as {upn}. Reading the tenant's settings…"
            ))))
        }
        Event::SignIn(t) => {
            if let Some(shown) = sign_in_shown(&t) {
                events(PreflightEvent::SignIn(shown));
            }
        }
        Event::Checking(id) => events(PreflightEvent::Checking(id)),
        Event::Checked(c) => events(PreflightEvent::Checked(c)),
    })
    .map_err(|e| e.to_string())
}

/// How many rows the preview keeps; the rest are counted (memory stays bounded).
const PREVIEW_ROWS: usize = 500;

/// Reads the rows of `req` against its project without writing anything: the table of the
/// first rows and the check its build makes first (every row's cells, rules, keys,
/// secrets, and, unless it replaces them, packages already in the output folder).
pub fn batch_preview(req: &BatchRequest) -> Result<BatchPreview, String> {
    let (rows_file, out_dir) = (req.rows.as_path(), req.out_dir.as_path());
    use crate::batch::{Batch, CheckOptions, Kind, Limits, RowsFile, check_all, rows::Record};
    let open =
        || RowsFile::open(rows_file, Limits::default()).map_err(|e| sentence(&e.to_string()));
    let mut rows = open()?;
    let batch = Batch::new(req.project.clone(), rows.header(), None).map_err(|list| {
        list.iter()
            .map(|p| sentence(&row_problem_text(p)))
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let header: Vec<String> = rows.header().to_vec();
    let opts = CheckOptions {
        read_secrets: true,
        refuse_existing_in: (!req.replace).then_some(out_dir),
    };
    let checked = check_all(&batch, open()?, &opts).map_err(|e| sentence(&e.to_string()))?;
    let bad_lines: std::collections::HashSet<u64> =
        checked.problems.iter().map(|p| p.line).collect();
    let mut preview = BatchPreview {
        rows_file: rows_file.to_path_buf(),
        key_header: escape(batch.key_header()),
        good: checked.good,
        bad: checked.bad,
        problems: checked.problems.iter().map(row_problem_text).collect(),
        problem_count: checked.problem_count,
        existing: checked
            .problems
            .iter()
            .filter(|p| matches!(p.why, crate::batch::Why::Exists { .. }))
            .count() as u64,
        replace: req.replace,
        out_dir: out_dir.to_path_buf(),
        ..Default::default()
    };
    while let Some(rec) = rows.next_record().map_err(|e| sentence(&e.to_string()))? {
        let Record::Row(row) = rec else { continue };
        if preview.rows.len() >= PREVIEW_ROWS {
            preview.more_rows += 1;
            continue;
        }
        let project = batch.project_for(&row);
        let sets = header
            .iter()
            .zip(&row.cells)
            .enumerate()
            .filter(|(n, (_, cell))| *n != batch.key_index() && !cell.is_empty())
            .map(|(n, (h, cell))| {
                let reference = cell.starts_with("env:") || cell.starts_with("file:");
                let shown = match batch.kind(n) {
                    // A source reference is shown; anything else in a secret column is
                    // a secret typed in clear, refused by the check and never shown.
                    Some(Kind::Secret) if !reference => "(hidden)".to_string(),
                    // A row that cannot be read may hold a secret in a column not known
                    // to be one yet (a Wi-Fi key where the project has no Wi-Fi): its
                    // values stay hidden; its problems say what is wrong where.
                    _ if project.is_err() && !reference => "…".to_string(),
                    _ => escape(cell),
                };
                format!("{}={shown}", escape(h))
            })
            .collect();
        let device_name = project.as_ref().ok().and_then(|p| {
            crate::project::device_name::NamePattern::parse(&p.project.device.name)
                .ok()
                .map(|n| escape(&n.preview(super::pages::SAMPLE_SERIAL)))
        });
        preview.rows.push(PreviewRow {
            line: row.line,
            key: escape(row.cells.get(batch.key_index()).map_or("", String::as_str)),
            sets,
            device_name,
            bad: project.is_err() || bad_lines.contains(&row.line),
        });
    }
    Ok(preview)
}

fn escape(s: &str) -> String {
    crate::printable::escape(s).into_owned()
}

/// A row problem with its line and column, worded for the wizard (whose `--force` is the
/// preview's "replace" key).
pub fn row_problem_text(p: &crate::batch::RowProblem) -> String {
    use crate::batch::Why;
    match &p.why {
        Why::Exists { path } => {
            let mut at = format!("line {}", p.line);
            if let Some(c) = &p.column {
                at.push_str(&format!(", column {} ({})", c.number, escape(&c.header)));
            }
            format!(
                "{at}: {} already exists (r replaces the existing packages)",
                escape(path)
            )
        }
        _ => escape(&p.to_string()),
    }
}

/// Builds one package per good row with the shared batch builder (`build --each`):
/// every row is checked again first, and nothing is written when a row is bad unless
/// `keep_going` says to build the good ones.
pub fn build_batch(
    req: BatchRequest,
    cancel: &CancelFlag,
    progress: &(dyn Fn(BatchProgress) + Sync),
) -> Result<BatchDone, String> {
    use crate::batch::{
        Batch, BatchBuild, CheckOptions, Event, Limits, RowsFile, build_all, check_all,
    };
    use crate::pipeline::ProjectBuild;
    use std::sync::Mutex;
    let open =
        || RowsFile::open(&req.rows, Limits::default()).map_err(|e| sentence(&e.to_string()));
    let rows = open()?;
    let batch = Batch::new(req.project, rows.header(), None).map_err(|list| {
        list.iter()
            .map(|p| sentence(&row_problem_text(p)))
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let opts = CheckOptions {
        read_secrets: true,
        refuse_existing_in: (!req.replace).then_some(req.out_dir.as_path()),
    };
    let checked = check_all(&batch, rows, &opts).map_err(|e| sentence(&e.to_string()))?;
    let mut done = BatchDone {
        bad_rows: checked.problems.iter().map(row_problem_text).collect(),
        bad_count: checked.bad,
        out_dir: req.out_dir.clone(),
        ..Default::default()
    };
    if checked.bad > 0 && (!req.keep_going || checked.good == 0) {
        done.not_started = checked.good;
        return Ok(done);
    }
    let how = BatchBuild {
        how: ProjectBuild {
            out_dir: req.out_dir.clone(),
            replace: req.replace,
            password: None,
            wcd_version: None,
            fixed_time: None,
        },
        jobs: req.jobs.max(1),
        keep_going: req.keep_going,
        cancel: cancel.shared(),
    };
    let total = checked.good;
    progress(BatchProgress {
        done: 0,
        total,
        failed: 0,
    });
    let seen = Mutex::new((Vec::new(), Vec::new()));
    let on_event = |e: Event<'_>| {
        let Ok(mut seen) = seen.lock() else { return };
        match e {
            Event::Built { output, .. } => seen.0.push(output.ppkg.clone()),
            Event::Failed { line, key, reasons } => seen.1.push(format!(
                "line {line} (key \"{}\"): {}",
                escape(key),
                escape(&reasons.join("; "))
            )),
        }
        progress(BatchProgress {
            done: (seen.0.len() + seen.1.len()) as u64,
            total,
            failed: seen.1.len() as u64,
        });
    };
    let result = build_all(&batch, open()?, &checked, &how, &on_event)
        .map_err(|e| sentence(&e.to_string()))?;
    let (built, failed) = seen.into_inner().unwrap_or_default();
    done.built = built;
    done.failed = failed;
    done.not_started = result.not_started;
    done.cancelled = result.cancelled;
    Ok(done)
}
