//! `ppkg-wizard build (PROJECT.json | WCD_FOLDER | customizations.xml)`.

use super::exit::Failure;
use super::password::{PasswordArgs, Rule};
use super::progress::ProgressBar;
use ppkg_wizard::package::{self, BuildError, BuildOptions, BuildOutput, WcdVersion};
use ppkg_wizard::pipeline::{self, ProjectBuild, ProjectBuildError};
use ppkg_wizard::printable::escape;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// A project (.json), a WCD project folder, or a customizations.xml. A folder's
    /// .icdproj.xml names the Windows editions it targets; a customizations.xml alone
    /// gets the WCD version's default ones.
    input: PathBuf,
    /// Folder for <Name>.ppkg and <Name>.cat (created when missing).
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    output: PathBuf,
    /// Replace an existing package of the same name.
    #[arg(long)]
    force: bool,
    /// For WCD projects: a folder holding the installers, scripts and images the XML names
    /// with Windows paths (C:\…\setup.exe), matched by file name. Repeatable; the XML's
    /// own folder is searched last.
    #[arg(long, value_name = "DIR")]
    asset_dir: Vec<PathBuf>,
    /// Compile exactly as this WCD/ICD version did, given as WCD writes it in a package's
    /// NOTES: 2025.416.0.0 (Store WCD), 10.0.22621.1 (the ADK's ICD), 10.0.10586 (ICD
    /// 2016). Default: the project's version, else the newest Store WCD.
    #[arg(long, value_name = "VERSION")]
    wcd_version: Option<WcdVersion>,
    /// Do not show progress. Ctrl+C stops a build without writing anything. (Set SOURCE_DATE_EPOCH for reproducible output: the same
    /// input then gives the same package bytes, unless the package is encrypted.)
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    password: PasswordArgs,
    #[command(flatten)]
    each: super::batch::EachArgs,
}

/// Builds; a build that fails or is cancelled leaves no empty output folder it created.
pub fn run(a: &BuildArgs) -> Result<(), Failure> {
    let missing: Vec<PathBuf> = a
        .output
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
        .map(PathBuf::from)
        .collect();
    let result = build(a);
    if result.is_err() {
        // Deepest first; `remove_dir` leaves any folder that is not empty.
        for d in &missing {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
        }
    }
    result
}

fn build(a: &BuildArgs) -> Result<(), Failure> {
    let password = a.password.read(Rule::New)?;
    if let Some(csv) = &a.each.each {
        let b = super::batch::BuildEach {
            project: &a.input,
            output: &a.output,
            force: a.force,
            quiet: a.quiet,
            password,
            wcd_version: a.wcd_version.clone(),
        };
        return super::batch::build(&a.each, csv, b);
    }
    // Ctrl+C stops the build cleanly: nothing is written, an old package stays.
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let flag = cancel.clone();
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    }
    if let Some(note) = a.wcd_version.as_ref().and_then(|v| v.resolve().note) {
        eprintln!("{note}");
    }
    let mut bar = ProgressBar::new(a.quiet);
    let is_project = a.input.is_file()
        && a.input
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let out = if is_project {
        let mut p = super::secrets::load_project(&a.input)?;
        if p.ensure_package_id() {
            // Saved before building, so every later build replaces this package on the
            // devices instead of installing beside it.
            ppkg_wizard::project::save(&p, &a.input, ppkg_wizard::fsutil::Overwrite::Replace)
                .map_err(|e| {
                    Failure::io(format!(
                        "cannot save the new package id into {}: {}",
                        a.input.display(),
                        ppkg_wizard::errors::io_reason(&e)
                    ))
                })?;
            eprintln!(
                "The project had no package id; gave it {{{}}} and saved it in {}.",
                p.package.id,
                a.input.display()
            );
        }
        warn_targets(&p);
        editions_caveats(p.target_editions.as_ref());
        if a.wcd_version.is_none() {
            if let Some(note) = p.wcd_version.as_ref().and_then(|v| v.resolve().note) {
                eprintln!("{note}");
            }
        }
        let how = ProjectBuild {
            out_dir: a.output.clone(),
            replace: a.force,
            password,
            wcd_version: a.wcd_version.clone(),
            fixed_time: pipeline::reproducible_from_env().map_err(Failure::input)?,
        };
        pipeline::build_project_cancellable(&mut p, &how, Some(cancel), &mut |_| None, &mut |pr| {
            bar.update(pr)
        })
        .map_err(project_failure)?
    } else {
        build_wcd(a, password, cancel, &mut bar)?
    };
    bar.finish();
    report(&out);
    Ok(())
}

fn build_wcd(
    a: &BuildArgs,
    password: Option<ppkg_wizard::protect::PackagePassword>,
    cancel: Arc<AtomicBool>,
    bar: &mut ProgressBar,
) -> Result<BuildOutput, Failure> {
    if !a.input.exists() {
        return Err(Failure::input(format!(
            "{} does not exist",
            a.input.display()
        )));
    }
    let mut wcd = package::open_wcd_project(&a.input, &a.asset_dir).map_err(build_failure)?;
    if let Some(w) = ppkg_wizard::project::variants::set_aside(&mut wcd.doc) {
        eprintln!("warning: {}", escape(&w));
    }
    std::fs::create_dir_all(&a.output).map_err(|e| {
        Failure::io(format!(
            "cannot create {}: {}",
            a.output.display(),
            ppkg_wizard::errors::io_reason(&e)
        ))
    })?;
    let mut opts = BuildOptions::new(&a.output);
    if a.force {
        opts.overwrite = ppkg_wizard::fsutil::Overwrite::Replace;
    }
    if let Some(v) = &a.wcd_version {
        opts.wcd_version = v.clone();
    }
    editions_caveats(wcd.target_editions.as_ref());
    if !wcd.unknown_editions.is_empty() {
        eprintln!(
            "warning: {}",
            ppkg_wizard::package::editions::left_out(&wcd.unknown_editions)
        );
    }
    opts.target_skus = wcd.target_editions.as_ref().map(|t| t.skus());
    if let Some(at) = pipeline::reproducible_from_env().map_err(Failure::input)? {
        pipeline::apply_fixed_time(&mut opts, &wcd.doc.package.id, at);
    }
    opts.encrypt = password.map(pipeline::encrypt_hook);
    opts.cancel = Some(cancel);
    let resolve = |t: &str| wcd.resolve(t);
    package::build(&wcd.doc, &resolve, &opts, &mut |pr| bar.update(pr)).map_err(build_failure)
}

/// Warns that the project's settings for particular PCs (targets) are kept, not built.
pub(super) fn warn_targets(p: &ppkg_wizard::project::Project) {
    for w in ppkg_wizard::project::variants::problems(p) {
        eprintln!("warning: {}: {}", w.field, escape(&w.message));
    }
}

/// Warns about target editions whose settings store this tool does not have.
fn editions_caveats(editions: Option<&ppkg_wizard::package::TargetEditions>) {
    for c in editions.into_iter().flat_map(|t| t.caveats()) {
        eprintln!("warning: {c}");
    }
}

fn report(out: &BuildOutput) {
    // Notices and file names carry text from the project and its files.
    let shown = |p: &std::path::Path| escape(&p.display().to_string()).into_owned();
    out.notices
        .iter()
        .for_each(|n| eprintln!("note: {}", escape(n)));
    let hex: String = out.sha256.iter().map(|b| format!("{b:02x}")).collect();
    outln!("Built {} ({})", shown(&out.ppkg), human_size(out.size));
    outln!("      {}", shown(&out.cat));
    outln!(
        "Package id {{{}}}, {} files, SHA-256 {hex}",
        out.package_id,
        out.files
    );
    outln!(
        "Apply it on a new PC during first-run setup (insert the USB stick at the first screen), or later with Settings > Accounts > Access work or school > Add a provisioning package."
    );
}

fn human_size(n: u64) -> String {
    match n {
        n if n >= 1 << 30 => format!("{:.1} GiB", n as f64 / (1u64 << 30) as f64),
        n if n >= 1 << 20 => format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64),
        n if n >= 1 << 10 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} bytes"),
    }
}

fn project_failure(e: ProjectBuildError) -> Failure {
    match e {
        ProjectBuildError::Secrets(list) => {
            Failure::inputs(list.iter().map(|e| e.to_string()).collect())
        }
        ProjectBuildError::Invalid(list) => Failure::inputs(
            list.iter()
                .map(|p| format!("{}: {}", p.field, p.message))
                .collect(),
        ),
        ProjectBuildError::Settings(e) => Failure::input(e.to_string()),
        ProjectBuildError::Build(e) => build_failure(e),
    }
}

fn build_failure(e: BuildError) -> Failure {
    let msg = e.to_string();
    match e {
        BuildError::OutputExists(path) => Failure::exists(&path),
        BuildError::Cancelled => Failure {
            code: 130,
            messages: vec![msg],
        },
        BuildError::Io { .. } | BuildError::Wim(_) | BuildError::Encrypt(_) => Failure::io(msg),
        _ => Failure::input(msg),
    }
}
