//! Opening a bundle: every check that can be made before writing is made first, then the
//! files are unpacked into a hidden folder beside the destination, verified byte by byte,
//! and the folder is renamed into place only when the whole bundle checks out.

use super::central::{self, CentralDirectory};
use super::error::reason;
use super::manifest::{
    CopyError, FileEntry, MANIFEST_NAME, MAX_MANIFEST_BYTES, Manifest, copy_hashed,
};
use super::refs::{asset_paths_mut, bundle_path};
use super::{BundleError, safety};
use crate::project::{LoadError, SecretSource, load_str};
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};
use zip::ZipArchive;

/// Largest project JSON accepted (the same limit as `project::load`).
const MAX_PROJECT_BYTES: u64 = 8 << 20;

/// Unpacks the bundle `zip` into the new folder `dest_dir` and returns the path of the
/// project file there; the project's relative paths then resolve inside `dest_dir`.
///
/// `dest_dir` must not exist, or be an empty folder; its parent must exist. On any error
/// nothing is left on disk. The manifest itself is checked but not unpacked.
pub fn open(zip: &Path, dest_dir: &Path) -> Result<PathBuf, BundleError> {
    let parent = check_dest(dest_dir)?;
    let (file, _) = crate::fsutil::open_regular(zip).map_err(|e| BundleError::Read {
        path: zip.to_path_buf(),
        reason: match e {
            crate::fsutil::ReadError::Io(e) => reason(&e),
            other => other.to_string(),
        },
    })?;
    let mut reader = BufReader::new(file);
    let dir = central::read(&mut reader)?;
    let names = safety::check_entries(&dir.entries)?;
    let mut archive = ZipArchive::new(reader).map_err(|e| BundleError::NotZip {
        reason: e.to_string(),
    })?;
    same_view(&mut archive, &dir)?;

    let manifest_index = names
        .iter()
        .position(|n| n == MANIFEST_NAME)
        .ok_or(BundleError::NoManifest)?;
    let manifest_bytes = read_small(&mut archive, manifest_index, MAX_MANIFEST_BYTES)?;
    let (manifest, listed) = Manifest::parse(&manifest_bytes)?;
    for (name, entry) in names.iter().zip(&dir.entries) {
        if name == MANIFEST_NAME {
            continue;
        }
        let expected = listed
            .get(name)
            .ok_or_else(|| BundleError::Unlisted { name: name.clone() })?;
        if expected.size != entry.size {
            return Err(BundleError::SizeMismatch {
                name: name.clone(),
                expected: expected.size,
                actual: entry.size,
            });
        }
    }
    if let Some(missing) = listed.keys().find(|k| !names.contains(k)) {
        return Err(BundleError::Missing {
            name: missing.clone(),
        });
    }
    if listed[&manifest.project].size > MAX_PROJECT_BYTES {
        return Err(BundleError::Project(LoadError::Read {
            path: dest_dir.join(&manifest.project),
            reason: "it is larger than 8 MiB; a project is a few KiB".into(),
        }));
    }

    // Everything that can be checked without unpacking is; now unpack into a hidden folder.
    let dest_name = dest_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{dest_name}."))
        .suffix(".opening")
        .tempdir_in(&parent)
        .map_err(|e| dest_err(dest_dir, &e))?;
    for (index, name) in names.iter().enumerate() {
        if name != MANIFEST_NAME {
            extract(
                &mut archive,
                index,
                name,
                &listed[name],
                temp.path(),
                dest_dir,
            )?;
        }
    }

    let final_project = dest_dir.join(&manifest.project);
    let text = fs::read_to_string(temp.path().join(&manifest.project)).map_err(|_| {
        BundleError::Project(LoadError::Read {
            path: final_project.clone(),
            reason: "it is not UTF-8 text".into(),
        })
    })?;
    let mut project = load_str(&text, &final_project).map_err(BundleError::Project)?;
    check_references(&mut project, &listed)?;

    // An empty destination folder was allowed; it makes way for the checked one.
    if dest_dir.is_dir() {
        fs::remove_dir(dest_dir).map_err(|e| dest_err(dest_dir, &e))?;
    }
    fs::rename(temp.path(), dest_dir).map_err(|e| dest_err(dest_dir, &e))?;
    let _ = temp.keep();
    Ok(final_project)
}

fn dest_err(dest: &Path, e: &std::io::Error) -> BundleError {
    BundleError::Dest {
        path: dest.to_path_buf(),
        reason: reason(e),
    }
}

/// Refuses a destination that exists and is not an empty folder; returns its parent.
fn check_dest(dest: &Path) -> Result<PathBuf, BundleError> {
    match fs::symlink_metadata(dest) {
        Ok(m) if m.is_dir() => {
            let mut entries = fs::read_dir(dest).map_err(|e| dest_err(dest, &e))?;
            if entries.next().is_some() {
                return Err(BundleError::DestNotEmpty {
                    path: dest.to_path_buf(),
                });
            }
        }
        Ok(_) => {
            return Err(BundleError::Dest {
                path: dest.to_path_buf(),
                reason: "it exists and is not a folder".into(),
            });
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(dest_err(dest, &e)),
    }
    if dest.file_name().is_none() {
        return Err(BundleError::Dest {
            path: dest.to_path_buf(),
            reason: "it does not name a folder".into(),
        });
    }
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(BundleError::Dest {
            path: dest.to_path_buf(),
            reason: format!("its parent folder {} does not exist", parent.display()),
        });
    }
    Ok(parent)
}

/// Refuses the bundle unless the `zip` crate reads exactly the directory we checked: the
/// same records at the same offsets with the same names and sizes. This closes the gap
/// between two parsers (duplicate names the crate would merge, a second directory). Also
/// refuses entries whose data overlap.
fn same_view<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    dir: &CentralDirectory,
) -> Result<(), BundleError> {
    let differ = || BundleError::NotZip {
        reason: "its directory reads differently depending on the reader".into(),
    };
    if archive.len() != dir.entries.len()
        || archive.offset() != 0
        || archive.central_directory_start() != dir.start
    {
        return Err(differ());
    }
    let mut spans = Vec::with_capacity(dir.entries.len());
    for (i, raw) in dir.entries.iter().enumerate() {
        let f = archive.by_index_raw(i).map_err(|e| BundleError::Corrupt {
            name: String::from_utf8_lossy(&raw.name).into_owned(),
            reason: e.to_string(),
        })?;
        let end = f.data_start().checked_add(f.compressed_size());
        spans.push((f.header_start(), end, i));
        if f.central_header_start() != raw.record_offset
            || f.name_raw() != raw.name.as_slice()
            || f.size() != raw.size
            || f.compressed_size() != raw.compressed_size
            || f.encrypted()
            || f.is_symlink()
        {
            return Err(differ());
        }
    }
    // Each entry's data in its own bytes: overlapping entries are how some bombs multiply
    // one compressed stream, and no writer produces them.
    spans.sort_unstable();
    let mut free_from = 0u64;
    for (start, end, i) in spans {
        match end {
            Some(end) if start >= free_from && end <= dir.start => free_from = end,
            _ => {
                return Err(BundleError::Corrupt {
                    name: String::from_utf8_lossy(&dir.entries[i].name).into_owned(),
                    reason: "its data overlaps another entry or the directory".into(),
                });
            }
        }
    }
    Ok(())
}

/// Reads a small entry (the manifest) whole, counting bytes rather than trusting sizes.
fn read_small<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    index: usize,
    limit: u64,
) -> Result<Vec<u8>, BundleError> {
    let mut f = archive.by_index(index).map_err(|e| BundleError::Corrupt {
        name: MANIFEST_NAME.into(),
        reason: e.to_string(),
    })?;
    let mut out = Vec::new();
    copy_hashed(&mut f, &mut out, limit).map_err(|e| match e {
        CopyError::TooLong => BundleError::BadManifest {
            detail: format!("it is larger than {limit} bytes"),
        },
        CopyError::Read(e) | CopyError::Write(e) => BundleError::Corrupt {
            name: MANIFEST_NAME.into(),
            reason: e.to_string(),
        },
    })?;
    Ok(out)
}

/// Unpacks one entry into `root`, never writing more bytes than the manifest lists and
/// comparing the SHA-256 before the file is kept.
fn extract<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    index: usize,
    name: &str,
    expected: &FileEntry,
    root: &Path,
    dest_dir: &Path,
) -> Result<(), BundleError> {
    let corrupt = |reason: String| BundleError::Corrupt {
        name: name.to_owned(),
        reason,
    };
    // `name` passed `safety::name_problem`: relative, `/`-separated, no `..`.
    let target = name
        .split('/')
        .fold(root.to_path_buf(), |p, part| p.join(part));
    if let Some(folder) = target.parent() {
        fs::create_dir_all(folder).map_err(|e| dest_err(dest_dir, &e))?;
    }
    let out = File::options()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(|e| dest_err(dest_dir, &e))?;
    let mut out = BufWriter::new(out);
    let mut entry = archive
        .by_index(index)
        .map_err(|e| corrupt(e.to_string()))?;
    let (size, sha256) = copy_hashed(&mut entry, &mut out, expected.size).map_err(|e| match e {
        CopyError::TooLong => BundleError::Inflated {
            name: name.to_owned(),
            declared: expected.size,
        },
        CopyError::Read(e) => corrupt(e.to_string()),
        CopyError::Write(e) => dest_err(dest_dir, &e),
    })?;
    if size != expected.size {
        return Err(BundleError::SizeMismatch {
            name: name.to_owned(),
            expected: expected.size,
            actual: size,
        });
    }
    if sha256 != expected.sha256 {
        return Err(BundleError::HashMismatch {
            name: name.to_owned(),
        });
    }
    out.flush().map_err(|e| dest_err(dest_dir, &e))?;
    Ok(())
}

/// Refuses a bundled project whose assets are not files of the bundle, or whose secret
/// files lie outside its folder: otherwise building it could pack or send files of the
/// machine that opened it.
fn check_references(
    project: &mut crate::project::Project,
    listed: &BTreeMap<String, FileEntry>,
) -> Result<(), BundleError> {
    for (field, path) in asset_paths_mut(project) {
        match bundle_path(path) {
            Some(entry) if listed.contains_key(&entry) => {}
            _ => {
                return Err(BundleError::ForeignAsset {
                    field,
                    path: path.clone(),
                });
            }
        }
    }
    for (field, secret) in project.every_secret_mut() {
        if let SecretSource::File(path) = &secret.source {
            if bundle_path(path).is_none() {
                return Err(BundleError::ForeignSecretFile {
                    field,
                    path: path.clone(),
                });
            }
        }
    }
    Ok(())
}
