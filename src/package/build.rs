//! `build`: the one package builder the CLI and the wizard call.
//!
//! Compile (without reading the assets) → stream every asset into a WIM (XPRESS, 32 KiB
//! chunks, as WCD) in a temporary file beside the target, each read once: the writer hashes
//! it (SHA-1 for the WIM, SHA-256 for its DataAsset name) while it compresses it → the
//! files that name the assets by their SHA-256 (provxml, DataAsset.xml), and the rest of
//! the image → optional encryption → hash the result → write the `.cat` → rename both into
//! place. On any error nothing is left behind and no existing file is
//! replaced unless [`Overwrite::Replace`] was asked for.
//!
//! A build can be cancelled from another thread ([`BuildOptions::cancel`]): the flag is
//! read before each file, on every read of an asset, the encryption input and the
//! catalog's hashing pass, and before the package is renamed into place — so even a
//! multi-GiB installer stops within one 32 KiB read. A cancelled build is an error like
//! any other: the temporary files are dropped and nothing is written or replaced.

use super::BuildError;
use super::cat::{self, PackageHashes};
use super::compile::{self, AssetResolver, CompileOptions, Content, PlannedAsset, open_regular};
use crate::fsutil::{AtomicFile, Overwrite};
use crate::settings::Customizations;
use crate::wim;
use std::collections::HashMap;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Turns the finished, unencrypted WIM (`plain`, `len` bytes) into the encrypted package
/// written to `out`. The hook exists for `crate::protect::encrypt_file` (ppkg-format.md
/// §4), which another module provides; the builder only calls it.
pub type EncryptHook = dyn Fn(&mut dyn Read, u64, &mut dyn Write) -> Result<(), String>;

/// How to build.
pub struct BuildOptions {
    /// Folder for `<Name>.ppkg` and `<Name>.cat`; must exist.
    pub out_dir: PathBuf,
    /// Whether existing output files may be replaced.
    pub overwrite: Overwrite,
    /// The WCD version whose output to reproduce (file names and order, `SettingsPath`
    /// attributes, NOTES).
    pub wcd_version: super::WcdVersion,
    /// `TargetSkus` (`Desktop`, `WindowsCommon,Desktop`); `None` = the version's default.
    pub target_skus: Option<String>,
    /// `VERSION=` in the WIM NOTES: the building tool's version.
    pub tool_version: String,
    /// `Source=` in the WIM NOTES. WCD writes `Classic` (GUI) or `CLI` (icd.exe); we
    /// write `ppkg-wizard` by default so a package says honestly what built it. Nothing
    /// public shows Windows reading this field; set `Classic` here if one ever must.
    pub notes_source: String,
    /// Fixed build time (WIM timestamps and the catalog time) for reproducible output;
    /// `None` = now.
    pub timestamp: Option<time::OffsetDateTime>,
    /// Fixed WIM GUID and catalog list id; `None` = random.
    pub random_ids: Option<([u8; 16], [u8; 16])>,
    /// Compression threads (0 = one per core).
    pub threads: usize,
    /// Encrypts the package (password protection) when set; NOTES then say
    /// `EncryptPackage=True`.
    pub encrypt: Option<Box<EncryptHook>>,
    /// Set it (from any thread) to stop the build with [`BuildError::Cancelled`]. Once the
    /// package has been renamed into place the build finishes and reports success, so a
    /// late cancel never leaves a package without its catalog.
    pub cancel: Option<Arc<AtomicBool>>,
}

impl BuildOptions {
    /// Defaults: Store-WCD form, refuse to overwrite, this crate's version, now.
    pub fn new(out_dir: impl Into<PathBuf>) -> Self {
        BuildOptions {
            out_dir: out_dir.into(),
            overwrite: Overwrite::Refuse,
            wcd_version: super::WcdVersion::newest(),
            target_skus: None,
            tool_version: env!("CARGO_PKG_VERSION").to_owned(),
            notes_source: "ppkg-wizard".to_owned(),
            timestamp: None,
            random_ids: None,
            threads: 0,
            encrypt: None,
            cancel: None,
        }
    }
}

/// Where the build is; reported through the callback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Settings compiled and assets found (not read yet: packing reads them).
    Compiled,
    /// Files are being packed: the assets first (reported about every MiB read), then
    /// the files generated from the settings.
    Packing,
    /// The package is being encrypted.
    Encrypting,
    /// Hashing the package and writing the catalog.
    Cataloging,
    /// Both files are in place.
    Done,
}

/// Progress of a build: files and content bytes packed so far out of the totals. The
/// totals are the assets' until they are packed, then grow by the generated files (a few
/// KiB), which are made once the assets' hashes are known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub files_done: u64,
    pub files_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

/// What was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildOutput {
    pub ppkg: PathBuf,
    pub cat: PathBuf,
    pub package_id: uuid::Uuid,
    /// Size of the `.ppkg` in bytes.
    pub size: u64,
    pub sha256: [u8; 32],
    /// Files inside the image.
    pub files: usize,
    /// Things the user should know that did not stop the build (stale temporary files
    /// removed, a previous package and catalog that did not match), one sentence each.
    pub notices: Vec<String>,
}

/// Builds `<out_dir>/<Name>.ppkg` and `<Name>.cat` from `doc`. `assets` maps each asset
/// path of the customizations to a local file.
pub fn build(
    doc: &Customizations,
    assets: &AssetResolver<'_>,
    opts: &BuildOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<BuildOutput, BuildError> {
    let cancel = Stop(opts.cancel.as_deref());
    // Whatever failed after a cancel request (typically the asset read that noticed it,
    // surfacing as an I/O or encryption error) is reported as the cancel it was.
    build_inner(doc, assets, opts, cancel, progress).map_err(|e| {
        if cancel.requested() {
            BuildError::Cancelled
        } else {
            e
        }
    })
}

fn build_inner(
    doc: &Customizations,
    assets: &AssetResolver<'_>,
    opts: &BuildOptions,
    cancel: Stop<'_>,
    progress: &mut dyn FnMut(Progress),
) -> Result<BuildOutput, BuildError> {
    cancel.check()?;
    let name = doc.package.name.as_str();
    validate_package_name(name)?;
    if let Some(first) = doc.package.problems().into_iter().next() {
        return Err(BuildError::Metadata(first));
    }
    if let Some(t) = opts.timestamp {
        let secs = t.unix_timestamp();
        if secs < cat::TIME_RANGE.0 || secs > cat::TIME_RANGE.1 {
            return Err(BuildError::TimeOutOfRange(secs));
        }
    }
    let ppkg_path = opts.out_dir.join(format!("{name}.ppkg"));
    let cat_path = opts.out_dir.join(format!("{name}.cat"));
    if opts.overwrite == Overwrite::Refuse {
        for p in [&ppkg_path, &cat_path] {
            if std::fs::symlink_metadata(p).is_ok() {
                return Err(BuildError::OutputExists(p.clone()));
            }
        }
    }
    let mut notices = Vec::new();
    for p in [&ppkg_path, &cat_path] {
        for stale in crate::fsutil::remove_stale_partials(p) {
            notices.push(format!(
                "removed {}, left by an interrupted build",
                stale.display()
            ));
        }
    }
    if let super::PairCheck::Mismatch = super::check_pair(&ppkg_path, &cat_path) {
        notices.push(format!(
            "the previous {} did not match {} (an interrupted build?); both are replaced",
            cat_path.display(),
            ppkg_path.display()
        ));
    }
    let plan = compile::plan(
        doc,
        assets,
        CompileOptions {
            version: opts.wcd_version.clone(),
            target_skus: opts.target_skus.clone(),
            cancel: None,
        },
    )?;
    notices.extend(plan.warnings.iter().cloned());
    for h in &plan.hidden {
        notices.push(format!(
            "left out {}: WCD builds it only when {}",
            h.path,
            h.needs_in_words()
        ));
    }
    cancel.check()?;
    let mut p = Progress {
        stage: Stage::Compiled,
        files_done: 0,
        files_total: plan.assets.len() as u64,
        bytes_done: 0,
        bytes_total: plan.assets.iter().map(|a| a.size).sum(),
    };
    progress(p);

    let mut ppkg =
        AtomicFile::create(&ppkg_path, opts.overwrite).map_err(|e| out_error(&ppkg_path, e))?;
    // 100-ns ticks since 1601; in range (checked above), so never negative.
    let filetime = opts
        .timestamp
        .map(|t| (t.unix_timestamp_nanos() / 100 + 116_444_736_000_000_000) as u64);
    let (wim_guid, list_id) = opts.random_ids.unwrap_or_else(|| {
        (
            *uuid::Uuid::new_v4().as_bytes(),
            *uuid::Uuid::new_v4().as_bytes(),
        )
    });
    let encrypted = opts.encrypt.is_some();
    // The plain WIM goes straight into the output, or into a scratch file when encrypting.
    let mut scratch = if encrypted {
        Some(
            tempfile::tempfile_in(&opts.out_dir)
                .map_err(|e| BuildError::io("cannot create a scratch file", e))?,
        )
    } else {
        None
    };
    let target: &mut std::fs::File = match scratch.as_mut() {
        Some(f) => f,
        None => ppkg.file(),
    };
    let mut writer = wim::Writer::new(
        &mut *target,
        wim::WriteOptions {
            timestamp: filetime,
            guid: Some(wim_guid),
            threads: opts.threads,
        },
    )
    .map_err(wim_error)?;
    p.stage = Stage::Packing;
    progress(p);
    // Each asset is read once, hashed while it is compressed; a file named twice is read
    // once.
    let mut blobs = Vec::with_capacity(plan.assets.len());
    let mut by_source: HashMap<&std::path::Path, wim::Blob> = HashMap::new();
    for a in &plan.assets {
        cancel.check()?;
        let blob = match by_source.get(a.source.as_path()) {
            Some(b) => *b,
            None => {
                let b = pack_asset(&mut writer, a, cancel, p, &mut *progress)?;
                by_source.insert(&a.source, b);
                b
            }
        };
        blobs.push(blob);
        p.files_done += 1;
        p.bytes_done += a.size;
        progress(p);
    }
    let hashes: Vec<[u8; 32]> = blobs.iter().map(|b| b.sha256).collect();
    let compiled = plan.finish(&hashes);
    p.files_total = compiled.files.len() as u64;
    let mut blobs = blobs.iter();
    for f in &compiled.files {
        cancel.check()?;
        match &f.content {
            Content::Bytes(b) => {
                writer
                    .add_file(&f.path, &mut &b[..], b.len() as u64)
                    .map_err(wim_error)?;
                p.files_done += 1;
                p.bytes_done += b.len() as u64;
                p.bytes_total += b.len() as u64;
            }
            // The assets come last, in the plan's order.
            Content::Asset(a) => match blobs.next() {
                Some(blob) if blob.sha256 == a.sha256 => {
                    writer.link(&f.path, blob).map_err(wim_error)?;
                }
                _ => return Err(BuildError::Wim(format!("{} was not packed", f.path))),
            },
        }
    }
    progress(p);
    let compile_opts = CompileOptions {
        version: opts.wcd_version.clone(),
        target_skus: opts.target_skus.clone(),
        cancel: None,
    };
    // The 2016 ICD wrote no NOTES; an encrypted package must still say it is.
    let notes = if opts.wcd_version.behaviour().wim_notes || encrypted {
        format!(
            "VERSION={};Source={};;TargetSkus={};EncryptPackage={};SignPackage=False;PackageID={};",
            opts.tool_version,
            opts.notes_source,
            compile_opts.target_skus(),
            if encrypted { "True" } else { "False" },
            compiled.package_id.hyphenated()
        )
    } else {
        String::new()
    };
    let info = wim::ImageInfo {
        name: name.to_owned(),
        description: doc.package.description.clone().unwrap_or_default(),
        notes,
        version: doc.package.version.clone(),
        altitude: doc.package.altitude(),
        package_id: format!("{{{}}}", compiled.package_id.hyphenated()),
    };
    cancel.check()?;
    let (_, wim_len) = writer.finish_with_len(&info).map_err(wim_error)?;
    target
        .set_len(wim_len)
        .map_err(|e| out_error(&ppkg_path, e))?;

    if let (Some(plain), Some(hook)) = (scratch.as_mut(), opts.encrypt.as_ref()) {
        p.stage = Stage::Encrypting;
        progress(p);
        plain
            .seek(SeekFrom::Start(0))
            .map_err(|e| BuildError::io("cannot read the scratch file", e))?;
        let mut out = io::BufWriter::new(ppkg.file());
        let mut plain = Cancellable {
            inner: plain,
            cancel,
        };
        hook(&mut plain, wim_len, &mut out).map_err(BuildError::Encrypt)?;
        out.flush().map_err(|e| out_error(&ppkg_path, e))?;
    }

    cancel.check()?;
    p.stage = Stage::Cataloging;
    progress(p);
    let file = ppkg.file();
    let size = file
        .seek(SeekFrom::End(0))
        .map_err(|e| out_error(&ppkg_path, e))?;
    let hashes = PackageHashes::of_file(file, &|| cancel.requested())
        .map_err(|e| out_error(&ppkg_path, e))?;
    let now = opts.timestamp.unwrap_or_else(time::OffsetDateTime::now_utc);
    let cat_bytes = cat::catalog(&hashes, list_id, now);
    let mut cat =
        AtomicFile::create(&cat_path, opts.overwrite).map_err(|e| out_error(&cat_path, e))?;
    cat.file()
        .write_all(&cat_bytes)
        .map_err(|e| out_error(&cat_path, e))?;
    // The last moment to stop: after this the package exists and is reported.
    cancel.check()?;
    // Both or neither: on failure the previous pair (or nothing) stays.
    let (ppkg_final, cat_final) =
        crate::fsutil::commit_pair(ppkg, cat).map_err(|e| out_error(&e.path, e.source))?;
    p.stage = Stage::Done;
    progress(p);
    Ok(BuildOutput {
        ppkg: ppkg_final,
        cat: cat_final,
        package_id: compiled.package_id,
        size,
        sha256: hashes.sha256,
        files: compiled.files.len(),
        notices,
    })
}

/// A package name must be a valid Windows file name (it names the `.ppkg`).
pub fn validate_package_name(name: &str) -> Result<(), BuildError> {
    use crate::winname::NameProblem;
    let why = match crate::winname::problem(name) {
        None if name.chars().count() > 200 => "it is longer than 200 characters".to_owned(),
        None => return Ok(()),
        Some(NameProblem::Empty) => "it is empty".to_owned(),
        Some(NameProblem::Forbidden(c)) => format!("Windows file names cannot contain '{c}'"),
        Some(NameProblem::Control) => "it contains a control character".to_owned(),
        Some(NameProblem::TrailingDotOrSpace) => {
            "Windows file names cannot end with a dot or a space".to_owned()
        }
        Some(NameProblem::Reserved(_)) => "it is a name Windows reserves for a device".to_owned(),
    };
    Err(BuildError::InvalidPackageName {
        name: name.to_owned(),
        why,
    })
}

fn wim_error(e: wim::WimError) -> BuildError {
    match e {
        wim::WimError::Io(io) => BuildError::io("cannot write the package", io),
        other => BuildError::Wim(other.to_string()),
    }
}

fn out_error(path: &std::path::Path, e: io::Error) -> BuildError {
    if e.kind() == io::ErrorKind::AlreadyExists {
        BuildError::OutputExists(path.to_owned())
    } else {
        BuildError::io(format!("cannot write {}", path.display()), e)
    }
}

/// The build's view of [`BuildOptions::cancel`].
#[derive(Clone, Copy)]
struct Stop<'a>(Option<&'a AtomicBool>);

impl Stop<'_> {
    fn requested(self) -> bool {
        self.0.is_some_and(|f| f.load(Ordering::SeqCst))
    }

    fn check(self) -> Result<(), BuildError> {
        if self.requested() {
            Err(BuildError::Cancelled)
        } else {
            Ok(())
        }
    }

    /// The error a read returns once cancelled. Not `Interrupted`: readers retry that.
    fn read_check(self) -> io::Result<()> {
        if self.requested() {
            Err(io::Error::other("the build was cancelled"))
        } else {
            Ok(())
        }
    }
}

/// A reader that fails as soon as the build is cancelled, so long passes over the data
/// (encryption, the catalog's hashes) stop at the next read.
struct Cancellable<'a, R> {
    inner: R,
    cancel: Stop<'a>,
}

impl<R: Read> Read for Cancellable<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.cancel.read_check()?;
        self.inner.read(buf)
    }
}

/// Streams one asset into the WIM, which hashes it; returns what names it.
fn pack_asset(
    writer: &mut wim::Writer<&mut std::fs::File>,
    a: &PlannedAsset,
    cancel: Stop<'_>,
    done: Progress,
    progress: &mut dyn FnMut(Progress),
) -> Result<wim::Blob, BuildError> {
    let changed = |why: String| BuildError::AssetChanged {
        path: a.source.clone(),
        why,
    };
    let (file, size) = open_regular(&a.source)
        .map_err(|_| changed("it can no longer be opened as a file".into()))?;
    if size != a.size {
        return Err(changed(format!(
            "its size went from {} to {size} bytes",
            a.size
        )));
    }
    let mut reader = Checked {
        inner: file,
        cancel,
        done,
        progress,
        since: 0,
    };
    let what = a.source.display().to_string();
    match writer.add_blob(&what, &mut reader, a.size) {
        Ok(b) => Ok(b),
        Err(wim::WimError::SizeChanged { .. }) => Err(changed("its size changed".into())),
        Err(e) => Err(wim_error(e)),
    }
}

/// Reads an asset while reporting progress about every MiB; fails at the next read once
/// the build is cancelled.
struct Checked<'p, R> {
    inner: R,
    cancel: Stop<'p>,
    done: Progress,
    progress: &'p mut dyn FnMut(Progress),
    since: u64,
}

impl<R: Read> Read for Checked<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.cancel.read_check()?;
        let n = self.inner.read(buf)?;
        self.done.bytes_done += n as u64;
        self.since += n as u64;
        if self.since >= 1 << 20 {
            self.since = 0;
            (self.progress)(self.done);
        }
        Ok(n)
    }
}
