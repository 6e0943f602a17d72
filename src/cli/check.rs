//! `ppkg-wizard check PROJECT.json`.

use super::exit::{Failure, sentence};
use super::secrets::{load_project, resolve_secrets};
use ppkg_wizard::project::Severity;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The project file.
    project: PathBuf,
    /// Print the problems as JSON on stdout.
    #[arg(long)]
    json: bool,
}

pub fn run(a: &CheckArgs) -> Result<(), Failure> {
    let mut p = load_project(&a.project)?;
    let (secret_errors, asked) = resolve_secrets(&mut p, true);
    let problems = p.validate();
    let mut rows: Vec<(Severity, String, String)> = Vec::new();
    for e in &secret_errors {
        rows.push((
            Severity::Error,
            String::new(),
            sentence(&e.to_string()) + ".",
        ));
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
        let out = serde_json::json!({ "ok": errors == 0, "errors": errors, "warnings": warnings, "problems": list });
        println!("{}", serde_json::to_string_pretty(&out).expect("json"));
    } else {
        for (sev, field, msg) in &rows {
            let tag = if *sev == Severity::Error {
                "error"
            } else {
                "warning"
            };
            if field.is_empty() {
                eprintln!("{tag}: {msg}");
            } else {
                eprintln!("{tag}: {field}: {msg}");
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
    if !a.json {
        println!(
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
