//! `ppkg-wizard export PROJECT.json (--wcd DIR | --bundle FILE.zip)`.

use super::exit::Failure;
use super::secrets::{load_project, resolve_every_secret};
use ppkg_wizard::exchange::{WcdExportOptions, export_wcd};
use ppkg_wizard::fsutil::Overwrite;
use ppkg_wizard::printable::escape;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("target").required(true).args(["wcd", "bundle"])))]
pub struct ExportArgs {
    /// The project file.
    project: PathBuf,
    /// Write a folder Windows Configuration Designer opens (customizations.xml,
    /// <Name>.icdproj.xml, the assets and a README with the ICD.exe command).
    #[arg(long, value_name = "DIR")]
    wcd: Option<PathBuf>,
    /// Write a portable zip with the project and its assets (no secret values).
    #[arg(long, value_name = "FILE.zip")]
    bundle: Option<PathBuf>,
    /// With --wcd: the folder the export will be copied to on Windows; WCD needs
    /// absolute asset paths.
    #[arg(
        long,
        value_name = "WINDOWS_PATH",
        default_value = "C:\\ppkg-wizard\\export"
    )]
    windows_dir: String,
    /// With --wcd: write passwords, keys and tokens in clear into customizations.xml,
    /// as WCD itself does. Without it they are left empty and listed in README.txt.
    #[arg(long)]
    include_secrets: bool,
    /// Replace files in an existing export folder or bundle.
    #[arg(long)]
    force: bool,
}

pub fn run(a: &ExportArgs) -> Result<(), Failure> {
    let mut p = load_project(&a.project)?;
    let overwrite = if a.force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    if let Some(dir) = &a.wcd {
        if a.include_secrets {
            let errors = resolve_every_secret(&mut p);
            if !errors.is_empty() {
                return Err(Failure::inputs(
                    errors.iter().map(|e| e.to_string()).collect(),
                ));
            }
        }
        let opts = WcdExportOptions {
            windows_dir: a.windows_dir.clone(),
            include_secrets: a.include_secrets,
            overwrite,
        };
        let out = export_wcd(&p, dir, &opts).map_err(|e| match e {
            ppkg_wizard::exchange::wcd_export::WcdExportError::Io { .. } => {
                Failure::io(e.to_string())
            }
            _ => Failure::input(e.to_string()),
        })?;
        // The file names come from the project's name.
        outln!("Wrote {}", shown(&out.customizations));
        outln!("Wrote {}", shown(&out.icdproj));
        outln!(
            "Wrote {} ({} asset{})",
            shown(&out.readme),
            out.assets.len(),
            if out.assets.len() == 1 { "" } else { "s" }
        );
        if !out.absent.is_empty() {
            eprintln!(
                "note: {} file{} only the targets' settings name {} not here; copy {} into the Assets folder before building in WCD (README.txt lists {})",
                out.absent.len(),
                if out.absent.len() == 1 { "" } else { "s" },
                if out.absent.len() == 1 { "is" } else { "are" },
                if out.absent.len() == 1 { "it" } else { "them" },
                if out.absent.len() == 1 { "it" } else { "them" },
            );
        }
        if a.include_secrets {
            eprintln!(
                "warning: customizations.xml holds passwords and tokens in clear; keep the folder private"
            );
        } else if !out.blank_secrets.is_empty() {
            eprintln!(
                "note: secrets were left empty (see README.txt): {}",
                escape(&out.blank_secrets.join(", "))
            );
        }
        return Ok(());
    }
    let zip = a.bundle.as_ref().expect("clap requires --wcd or --bundle");
    if overwrite == Overwrite::Refuse && zip.exists() {
        return Err(Failure::exists(zip));
    }
    let name = a
        .project
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project.json".into());
    let summary = ppkg_wizard::bundle::export(&p, &name, zip, overwrite).map_err(|e| match e {
        ppkg_wizard::bundle::BundleError::Write { .. }
        | ppkg_wizard::bundle::BundleError::Read { .. } => Failure::io(e.to_string()),
        _ => Failure::input(e.to_string()),
    })?;
    outln!(
        "Wrote {} ({} files)",
        shown(&summary.path),
        summary.files.len()
    );
    for label in &summary.cleared_secrets {
        eprintln!(
            "note: {} was stored in clear in the project; the bundle asks for it at build time instead",
            escape(label)
        );
    }
    for s in &summary.secret_files {
        eprintln!(
            "note: {} comes from a file that is not in the bundle; bring {} separately",
            escape(&s.field),
            shown(&s.path)
        );
    }
    Ok(())
}

/// A path as the terminal may show it (names come from the project and its files).
fn shown(p: &std::path::Path) -> String {
    escape(&p.display().to_string()).into_owned()
}
