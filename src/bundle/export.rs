//! Writing a bundle: the project, every file it uses, and a manifest, in one zip that is the
//! same bytes every time for the same project, and never carries a secret value.

use super::BundleError;
use super::central;
use super::error::reason;
use super::manifest::{
    CopyError, FORMAT, FORMAT_VERSION, FileEntry, MANIFEST_NAME, Manifest, copy_hashed,
};
use super::refs::{asset_paths_mut, bundle_path};
use super::safety::{self, MAX_TOTAL_BYTES, component_problem, fold, name_problem};
use crate::fsutil::{AtomicFile, Overwrite};
use crate::project::{Project, SCHEMA_VERSION, Secret, SecretSource, to_json};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Folder of the bundle that holds the project's files.
pub const ASSETS_DIR: &str = "assets";
/// The project's entry name when its own file name cannot be used.
pub const DEFAULT_PROJECT_NAME: &str = "project.json";

/// What [`export`] wrote and what the user should know about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleSummary {
    /// The bundle written.
    pub path: PathBuf,
    /// The project's entry name inside the bundle.
    pub project_entry: String,
    /// The project's files, in bundle order.
    pub files: Vec<BundledFile>,
    /// Secrets that were saved in clear text; the bundle asks for them instead (warn).
    pub cleared_secrets: Vec<String>,
    /// Secrets read from files, which are never bundled: the other machine needs them.
    pub secret_files: Vec<SecretFileNote>,
}

/// One asset copied into the bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundledFile {
    /// Entry name in the bundle (also the path in the bundled project).
    pub entry: String,
    /// Where it was read from.
    pub source: PathBuf,
    /// Its size when the bundle was planned (the manifest has the bytes actually read).
    pub size: u64,
}

/// A secret file the bundle refers to but does not contain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretFileNote {
    /// The field, e.g. "Wi-Fi password".
    pub field: String,
    /// The path in the bundled project, relative to the opened project's folder.
    pub path: PathBuf,
    /// Set when the original path pointed outside the project folder (absolute or `..`),
    /// which a bundle may not do: the reference became the bare file name.
    pub moved_from: Option<PathBuf>,
}

/// Writes `project` and every file it uses to the zip `out`, atomically.
///
/// `project_file_name` names the project inside the bundle (its own file name, e.g.
/// `Contoso.json`); a name unusable on Windows or clashing with the manifest becomes
/// `project.json`. Assets inside the project folder keep their relative path; others go to
/// `assets/<file name>`, a clash (letter case included) to `assets/2/<file name>` and so
/// on, in project order; the same file used twice is stored
/// once. Secret values never enter the bundle: clear-text secrets become `{"ask": true}`,
/// secret files stay references. Entries are sorted, timestamps fixed, and the manifest is
/// last, so the same project always gives the same bytes.
pub fn export(
    project: &Project,
    project_file_name: &str,
    out: &Path,
    overwrite: Overwrite,
) -> Result<BundleSummary, BundleError> {
    let mut p = project.clone();
    let project_entry = project_entry_name(project_file_name);
    let mut layout = Layout::default();
    layout.take(&project_entry);
    layout.take(MANIFEST_NAME);

    // Assets: assign entry names and rewrite the project's paths to them.
    let mut sources: BTreeMap<String, Source> = BTreeMap::new();
    let mut by_source: HashMap<PathBuf, String> = HashMap::new();
    let mut files = Vec::new();
    let mut planned_total: u64 = 0;
    for (field, path) in asset_paths_mut(&mut p) {
        let source = project.resolve_path(path);
        let unreadable = |e: &std::io::Error| BundleError::AssetUnreadable {
            field: field.clone(),
            path: path.clone(),
            reason: reason(e),
        };
        let canonical = source.canonicalize().map_err(|e| unreadable(&e))?;
        if let Some(entry) = by_source.get(&canonical) {
            *path = PathBuf::from(entry);
            continue;
        }
        let meta = std::fs::metadata(&canonical).map_err(|e| unreadable(&e))?;
        if !meta.is_file() {
            return Err(BundleError::AssetUnreadable {
                field,
                path: path.clone(),
                reason: "it is not a regular file".into(),
            });
        }
        let file_name = checked_file_name(path).map_err(|reason| BundleError::AssetName {
            field: field.clone(),
            path: path.clone(),
            reason,
        })?;
        // Keep the project's own layout when the file lies inside the project folder, so
        // relative paths (and the package built from them) stay the same; else assets/.
        let entry = match kept_layout(path).filter(|e| layout.is_free(e)) {
            Some(e) => {
                layout.take(&e);
                e
            }
            None => layout.place(&file_name),
        };
        planned_total = planned_total.saturating_add(meta.len());
        files.push(BundledFile {
            entry: entry.clone(),
            source: source.clone(),
            size: meta.len(),
        });
        sources.insert(
            entry.clone(),
            Source {
                read_from: canonical.clone(),
                field: field.clone(),
                path: path.clone(),
            },
        );
        by_source.insert(canonical, entry.clone());
        *path = PathBuf::from(entry);
    }
    if planned_total > MAX_TOTAL_BYTES {
        return Err(BundleError::ExportTooLarge {
            max: MAX_TOTAL_BYTES,
        });
    }

    let (cleared_secrets, secret_files) = strip_secrets(&mut p)?;
    let project_json = to_json(&p);

    let summary = BundleSummary {
        path: out.to_path_buf(),
        project_entry: project_entry.clone(),
        files,
        cleared_secrets,
        secret_files,
    };
    // Entries that deflate too well for `open`'s ratio check are stored instead; that is
    // only known after compressing, so such a bundle is written a second time.
    let mut stored = HashSet::new();
    loop {
        let plan = Plan {
            project_entry: &project_entry,
            project_json: project_json.as_bytes(),
            sources: &sources,
            stored: &stored,
        };
        match write_zip(out, overwrite, &plan) {
            Err(BundleError::Ratio { name, .. }) if !stored.contains(&name) => {
                stored.insert(name);
            }
            Err(e) => return Err(e),
            Ok(()) => return Ok(summary),
        }
    }
}

/// Removes every secret value from the bundled project; returns what the user must know.
fn strip_secrets(p: &mut Project) -> Result<(Vec<String>, Vec<SecretFileNote>), BundleError> {
    let mut cleared = Vec::new();
    let mut notes = Vec::new();
    for (field, secret) in p.every_secret_mut() {
        match secret.source.clone() {
            SecretSource::Clear => {
                *secret = Secret::ask();
                cleared.push(field);
            }
            SecretSource::File(path) => {
                if bundle_path(&path).is_some() {
                    *secret = Secret::file(path.clone());
                    notes.push(SecretFileNote {
                        field,
                        path,
                        moved_from: None,
                    });
                } else {
                    let name =
                        checked_file_name(&path).map_err(|reason| BundleError::AssetName {
                            field: field.clone(),
                            path: path.clone(),
                            reason,
                        })?;
                    *secret = Secret::file(&name);
                    notes.push(SecretFileNote {
                        field,
                        path: PathBuf::from(name),
                        moved_from: Some(path),
                    });
                }
            }
            // Only the source is saved; drop any value resolved in memory all the same.
            SecretSource::Env(_) | SecretSource::Ask => secret.set_value(None),
        }
    }
    Ok((cleared, notes))
}

fn project_entry_name(given: &str) -> String {
    let usable = given.to_ascii_lowercase().ends_with(".json")
        && !given.eq_ignore_ascii_case(MANIFEST_NAME)
        && !given.contains('/')
        && name_problem(given).is_none();
    if usable {
        given.to_owned()
    } else {
        DEFAULT_PROJECT_NAME.to_owned()
    }
}

/// The file name of `path` when it is UTF-8 and safe on every system, else why not.
fn checked_file_name(path: &Path) -> Result<String, String> {
    let name = path
        .file_name()
        .ok_or_else(|| "is missing".to_owned())?
        .to_str()
        .ok_or_else(|| "is not UTF-8 text".to_owned())?;
    match component_problem(name) {
        Some(problem) => Err(problem),
        None => Ok(name.to_owned()),
    }
}

/// The bundle entry for an asset kept at its project-relative path: only plain relative
/// paths (no `..`, no root) whose every part is a safe entry name.
fn kept_layout(path: &Path) -> Option<String> {
    use std::path::Component;
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?.to_owned()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    let entry = parts.join("/");
    (!parts.is_empty() && super::safety::name_problem(&entry).is_none()).then_some(entry)
}

/// Entry names taken so far, compared as Windows does (ignoring letter case).
#[derive(Default)]
struct Layout {
    files: HashSet<String>,
    folders: HashSet<String>,
}

impl Layout {
    fn is_free(&self, name: &str) -> bool {
        let folded = fold(name);
        !self.files.contains(&folded)
            && !self.folders.contains(&folded)
            && !folded
                .match_indices('/')
                .any(|(i, _)| self.files.contains(&folded[..i]))
    }

    fn take(&mut self, name: &str) {
        let folded = fold(name);
        for (i, _) in folded.match_indices('/') {
            self.folders.insert(folded[..i].to_owned());
        }
        self.files.insert(folded);
    }

    /// `assets/<name>`, else `assets/2/<name>`, `assets/3/<name>`, …
    fn place(&mut self, file_name: &str) -> String {
        let entry = (1u64..)
            .map(|k| match k {
                1 => format!("{ASSETS_DIR}/{file_name}"),
                k => format!("{ASSETS_DIR}/{k}/{file_name}"),
            })
            .find(|e| self.is_free(e))
            .expect("some number is free");
        self.take(&entry);
        entry
    }
}

/// Where an asset entry's bytes come from, and how to name it in an error.
struct Source {
    read_from: PathBuf,
    field: String,
    path: PathBuf,
}

/// What goes into the zip.
struct Plan<'a> {
    project_entry: &'a str,
    project_json: &'a [u8],
    sources: &'a BTreeMap<String, Source>,
    /// Entries written without compression.
    stored: &'a HashSet<String>,
}

/// Writes the zip and, before committing it, checks it with the same rules `open` applies,
/// so every bundle written is one that opens.
fn write_zip(out: &Path, overwrite: Overwrite, plan: &Plan) -> Result<(), BundleError> {
    let Plan {
        project_entry,
        project_json,
        sources,
        stored,
    } = *plan;
    let write_err = |reason: String| BundleError::Write {
        path: out.to_path_buf(),
        reason,
    };
    let mut atomic = AtomicFile::create(out, overwrite).map_err(|e| write_err(reason(&e)))?;
    let mut zip = ZipWriter::new(BufWriter::new(atomic.file()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);

    let mut entries: BTreeMap<&str, Option<&Source>> =
        sources.iter().map(|(k, v)| (k.as_str(), Some(v))).collect();
    entries.insert(project_entry, None);
    let mut listed = Vec::new();
    let mut budget = MAX_TOTAL_BYTES;
    for (entry, source) in entries {
        let copied = match source {
            None => {
                zip.start_file(entry, options)
                    .map_err(|e| write_err(e.to_string()))?;
                copy_hashed(&mut &project_json[..], &mut zip, budget)
            }
            Some(src) => {
                let unreadable = |e: &std::io::Error| BundleError::AssetUnreadable {
                    field: src.field.clone(),
                    path: src.path.clone(),
                    reason: reason(e),
                };
                // A regular file only: a device or pipe would never end.
                let (mut f, len) =
                    crate::fsutil::open_regular(&src.read_from).map_err(|e| match e {
                        crate::fsutil::ReadError::Io(e) => unreadable(&e),
                        other => BundleError::AssetUnreadable {
                            field: src.field.clone(),
                            path: src.path.clone(),
                            reason: other.to_string(),
                        },
                    })?;
                let mut options = options.large_file(len >= u64::from(u32::MAX));
                if stored.contains(entry) {
                    options = options.compression_method(CompressionMethod::Stored);
                }
                zip.start_file(entry, options)
                    .map_err(|e| write_err(e.to_string()))?;
                copy_hashed(&mut f, &mut zip, budget)
            }
        };
        let (size, sha256) = copied.map_err(|e| match (e, source) {
            (CopyError::Read(e), Some(src)) => BundleError::AssetUnreadable {
                field: src.field.clone(),
                path: src.path.clone(),
                reason: reason(&e),
            },
            (CopyError::Read(e) | CopyError::Write(e), _) => write_err(reason(&e)),
            (CopyError::TooLong, _) => BundleError::ExportTooLarge {
                max: MAX_TOTAL_BYTES,
            },
        })?;
        budget -= size;
        listed.push(FileEntry {
            path: entry.to_owned(),
            size,
            sha256,
        });
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").into(),
        schema: SCHEMA_VERSION,
        project: project_entry.to_owned(),
        files: listed,
    };
    zip.start_file(MANIFEST_NAME, options)
        .map_err(|e| write_err(e.to_string()))?;
    zip.write_all(manifest.to_json().as_bytes())
        .map_err(|e| write_err(reason(&e)))?;
    let buffered = zip.finish().map_err(|e| write_err(e.to_string()))?;
    buffered
        .into_inner()
        .map_err(|e| write_err(reason(e.error())))?;
    let dir = central::read(atomic.file())?;
    safety::check_entries(&dir.entries)?;
    atomic.commit().map_err(|e| write_err(reason(&e)))?;
    Ok(())
}
