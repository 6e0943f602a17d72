//! `ppkg-wizard check PROJECT.json`.

use super::exit::Failure;
use super::secrets::{load_project, resolve_secrets};
use ppkg_wizard::printable::escape;
use ppkg_wizard::project::Severity;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The project file.
    project: PathBuf,
    /// Print the problems as JSON on stdout (`{"error": …}` when the project cannot be read).
    #[arg(long)]
    json: bool,
    /// Fail on warnings too (exit 1), for scripts that want a package with no known risk.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    each: super::batch::CheckEachArgs,
}

pub fn run(a: &CheckArgs) -> Result<(), Failure> {
    if let Some(csv) = &a.each.each {
        return super::batch::check(&a.each, csv, &a.project, a.json);
    }
    let mut p = load_project(&a.project).inspect_err(|f| {
        if a.json {
            f.print_json();
        }
    })?;
    let (secret_errors, asked) = resolve_secrets(&mut p, true);
    let problems = p.validate();
    let mut rows: Vec<(Severity, String, String)> = Vec::new();
    for e in &secret_errors {
        rows.push((Severity::Error, String::new(), e.to_string() + "."));
    }
    for label in &asked {
        rows.push((
            Severity::Warning,
            label.clone(),
            "Is asked for at build time, so it was not checked; `build` from the command line needs it from an environment variable or a file.".into(),
        ));
    }
    for pr in &problems {
        rows.push((pr.severity, pr.field.to_string(), pr.message.clone()));
    }
    let errors = rows.iter().filter(|r| r.0 == Severity::Error).count();
    let warnings = rows.len() - errors;
    let files = files(&p);
    if a.json {
        let list: Vec<_> = rows
            .iter()
            .map(|(sev, field, msg)| {
                serde_json::json!({
                    "severity": if *sev == Severity::Error { "error" } else { "warning" },
                    "field": field,
                    "message": msg,
                })
            })
            .collect();
        let files: Vec<_> = files
            .iter()
            .map(|f| serde_json::json!({ "path": f.path, "local": f.local, "from": f.from }))
            .collect();
        let ok = errors == 0 && !(a.strict && warnings > 0);
        let out = serde_json::json!({ "ok": ok, "errors": errors, "warnings": warnings, "problems": list, "files": files });
        outln!("{}", serde_json::to_string_pretty(&out).expect("json"));
    } else {
        for (sev, field, msg) in &rows {
            let tag = if *sev == Severity::Error {
                "error"
            } else {
                "warning"
            };
            // Messages quote names and paths from the project and its files.
            let msg = escape(msg);
            if field.is_empty() {
                eprintln!("{tag}: {msg}");
            } else {
                eprintln!("{tag}: {}: {msg}", escape(field));
            }
        }
    }
    if !a.json && !files.is_empty() {
        outln!("Files packed:");
        for f in &files {
            let (path, local) = (escape(&f.path), escape(&f.local));
            match &f.from {
                Some(from) => outln!("  {path} ({local}; from {})", escape(from)),
                None => outln!("  {path} ({local})"),
            }
        }
    }
    if errors > 0 {
        return Err(Failure::inputs(vec![format!(
            "{} has {errors} problem{} to fix before it can be built",
            a.project.display(),
            if errors == 1 { "" } else { "s" }
        )]));
    }
    if a.strict && warnings > 0 {
        return Err(Failure::inputs(vec![format!(
            "{} has {warnings} warning{} (--strict fails on warnings)",
            a.project.display(),
            if warnings == 1 { "" } else { "s" }
        )]));
    }
    if !a.json {
        outln!(
            "{}: ready to build{}",
            a.project.display(),
            match warnings {
                0 => String::new(),
                1 => " (1 warning)".into(),
                n => format!(" ({n} warnings)"),
            }
        );
    }
    Ok(())
}

/// One file the project packs and where it comes from.
struct PackedFile {
    /// As the project names it.
    path: String,
    /// Where it is read from on this machine.
    local: String,
    /// The path the imported WCD project named, if imported.
    from: Option<String>,
}

fn files(p: &ppkg_wizard::project::Project) -> Vec<PackedFile> {
    p.asset_paths()
        .into_iter()
        .map(|rel| PackedFile {
            path: rel.display().to_string(),
            local: p.resolve_path(rel).display().to_string(),
            from: p.origin_of(rel).map(str::to_owned),
        })
        .collect()
}
