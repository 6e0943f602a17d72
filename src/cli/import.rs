//! `ppkg-wizard import (WCD_FOLDER | customizations.xml) -o PROJECT.json`.

use super::exit::Failure;
use ppkg_wizard::exchange::{ImportError, ImportOptions, SecretPlacement, import_wcd};
use ppkg_wizard::fsutil::{AtomicFile, Overwrite};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// A WCD project folder (with *.icdproj.xml and customizations.xml), a
    /// customizations.xml file, or a bundle (.zip) made with `export --bundle`.
    input: PathBuf,
    /// The project file to write; for a bundle, the new folder to unpack it into.
    #[arg(short, long, value_name = "PROJECT.json|DIR")]
    output: PathBuf,
    /// A folder holding the installers, scripts and certificates the XML names with
    /// Windows paths (C:\…\setup.exe); matched by file name. Repeatable; the XML's own
    /// folder is searched last.
    #[arg(long, value_name = "DIR")]
    asset_dir: Vec<PathBuf>,
    /// Where passwords, keys and tokens found in the XML go: "file" (files under secrets/
    /// beside the project, readable only by you), "env" (environment variables
    /// PPKG_<NAME>, values not saved), "ask" (asked at build time, values dropped) or
    /// "clear" (kept in the project in clear). Required when the XML holds secrets.
    #[arg(long, value_name = "file|env|ask|clear", value_parser = ["file", "env", "ask", "clear"])]
    secrets: Option<String>,
    /// Replace an existing project file.
    #[arg(long)]
    force: bool,
}

pub fn run(a: &ImportArgs) -> Result<(), Failure> {
    if a.input
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    {
        let project = open_bundle(&a.input, &a.output)?;
        outln!("Unpacked {} into {}", a.input.display(), a.output.display());
        outln!("Project: {}", project.display());
        return Ok(());
    }
    let overwrite = if a.force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    if overwrite == Overwrite::Refuse && a.output.exists() {
        return Err(Failure::exists(&a.output));
    }
    let opts = ImportOptions {
        asset_dirs: a.asset_dir.clone(),
        secrets: a.secrets.as_deref().map(|s| match s {
            "file" => SecretPlacement::Files,
            "env" => SecretPlacement::Env("PPKG".into()),
            "ask" => SecretPlacement::Ask,
            _ => SecretPlacement::Clear,
        }),
    };
    let imported = import_wcd(&a.input, &a.output, &opts).map_err(|e| match e {
        ImportError::Read { .. } => Failure::io(e.to_string()),
        _ => Failure::input(e.to_string()),
    })?;
    let dir = a
        .output
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&dir).map_err(|e| {
        Failure::io(format!(
            "cannot create {}: {}",
            dir.display(),
            ppkg_wizard::errors::io_reason(&e)
        ))
    })?;
    // Secret files first: a project pointing at files that were never written is useless.
    let mut written = Vec::new();
    for (rel, value) in &imported.secret_files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Failure::io(format!("cannot create {}: {e}", parent.display())))?;
        }
        let mut f = AtomicFile::create(&path, overwrite).map_err(|e| {
            Failure::io(format!(
                "cannot write {}: {}",
                path.display(),
                ppkg_wizard::errors::io_reason(&e)
            ))
        })?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = f
                .file()
                .set_permissions(std::fs::Permissions::from_mode(0o600));
        }
        f.write_all(value.expose().as_bytes())
            .and_then(|_| f.commit().map(|_| ()))
            .map_err(|e| {
                Failure::io(format!(
                    "cannot write {}: {}",
                    path.display(),
                    ppkg_wizard::errors::io_reason(&e)
                ))
            })?;
        written.push(path);
    }
    ppkg_wizard::project::save(&imported.project, &a.output, overwrite).map_err(|e| {
        Failure::io(format!(
            "cannot write {}: {}",
            a.output.display(),
            ppkg_wizard::errors::io_reason(&e)
        ))
    })?;
    outln!("Wrote {}", a.output.display());
    if let Some(t) = &imported.project.target_editions {
        outln!("  Target editions (from the .icdproj.xml): {}", t.skus());
        for c in t.caveats() {
            eprintln!("warning: {c}");
        }
    }
    for s in &imported.secrets {
        let place = match &s.source {
            ppkg_wizard::project::SecretSource::File(p) => format!("the file {}", p.display()),
            ppkg_wizard::project::SecretSource::Env(v) => {
                format!("the environment variable {v} (set it before building)")
            }
            ppkg_wizard::project::SecretSource::Ask => "a question at build time".into(),
            ppkg_wizard::project::SecretSource::Clear => "the project, in clear".into(),
        };
        outln!("  {} → {}", s.label, place);
    }
    let list = |missing: &[ppkg_wizard::project::AssetOrigin]| {
        for m in missing {
            let to = dir.join(&m.path);
            outln!(
                "    {} → {}",
                ppkg_wizard::printable::escape(&m.from),
                ppkg_wizard::printable::escape(&to.to_string_lossy())
            );
        }
    };
    let n = imported.missing.len();
    if n > 0 {
        outln!(
            "  {n} file{} named in the XML {} not found; copy {} to the place shown (`check` lists {} until then):",
            plural(n, "", "s"),
            plural(n, "was", "were"),
            plural(n, "it", "each"),
            plural(n, "it", "them"),
        );
        list(&imported.missing);
    }
    let n = imported.missing_for_targets.len();
    if n > 0 {
        outln!(
            "  {n} more file{} only the targets' settings name {} not found (not needed to build; an export to WCD lists {}):",
            plural(n, "", "s"),
            plural(n, "was", "were"),
            plural(n, "it", "them"),
        );
        list(&imported.missing_for_targets);
    }
    if let Some(old) = &imported.replaced_id {
        eprintln!(
            "warning: the package id {} in customizations.xml is not a GUID (a template's placeholder?); the project has a new id, {}",
            ppkg_wizard::printable::escape(old),
            imported.project.package.id.braced()
        );
    }
    if !imported.unknown_editions.is_empty() {
        eprintln!(
            "warning: {}",
            ppkg_wizard::package::editions::left_out(&imported.unknown_editions)
        );
    }
    if imported.advanced > 0 {
        outln!(
            "  {} setting{} without a wizard page kept as advanced settings",
            imported.advanced,
            plural(imported.advanced, "", "s")
        );
    }
    if let Some(line) = targets_kept(&imported.project) {
        outln!("  {line}");
    }
    if matches!(opts.secrets, Some(SecretPlacement::Clear)) && !imported.secrets.is_empty() {
        eprintln!("warning: the project holds passwords or tokens in clear; keep it private");
    }
    Ok(())
}

/// "2 targets with their own settings (A, B) kept; …", when the project has any.
fn targets_kept(p: &ppkg_wizard::project::Project) -> Option<String> {
    if p.targets.is_empty() && p.variants.is_empty() {
        return None;
    }
    let names: Vec<String> = p
        .targets
        .iter()
        .map(|t| ppkg_wizard::printable::escape(&t.id).into_owned())
        .collect();
    Some(format!(
        "{} target{} with {} own settings ({}) kept; ppkg-wizard builds the common settings only, so the package applies them to every PC",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        if names.len() == 1 { "its" } else { "their" },
        if names.is_empty() {
            "none defined".to_owned()
        } else {
            names.join(", ")
        },
    ))
}

/// Unpacks a bundle into `dest` (a new or empty folder) and returns its project file.
pub fn open_bundle(zip: &std::path::Path, dest: &std::path::Path) -> Result<PathBuf, Failure> {
    ppkg_wizard::bundle::open(zip, dest).map_err(|e| match e {
        ppkg_wizard::bundle::BundleError::Read { .. }
        | ppkg_wizard::bundle::BundleError::Dest { .. } => Failure::io(e.to_string()),
        _ => Failure::input(e.to_string()),
    })
}

/// `one` when `n` is 1, else `many`.
fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}
