//! Packed files (catalog section 3): `<k>_<hash>` names, element indexes and
//! `DataAsset.xml`.

use crate::settings::{Out, escape_attr};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// A file on disk that goes into the package, with the SHA-256 that names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssetFile {
    pub source: PathBuf,
    pub size: u64,
    pub sha256: [u8; 32],
}

/// Why an asset file cannot be read.
#[derive(Debug)]
pub enum AssetProblem {
    NotAFile(&'static str),
    Io(io::Error),
}

/// Opens `path` only when it is a regular file (not a folder, device, FIFO or socket),
/// so `/dev/zero` cannot make a build run forever.
pub fn open_regular(path: &Path) -> Result<(File, u64), AssetProblem> {
    use crate::fsutil::ReadError;
    crate::fsutil::open_regular(path).map_err(|e| match e {
        ReadError::Folder => AssetProblem::NotAFile("it is a folder"),
        ReadError::Io(e) => AssetProblem::Io(e),
        _ => AssetProblem::NotAFile("it is not a regular file (a device or pipe?)"),
    })
}

/// Reads a regular file's size and SHA-256 in one streaming pass; stops with an error as
/// soon as `cancel` is set.
pub fn measure(
    path: &Path,
    cancel: Option<&std::sync::atomic::AtomicBool>,
) -> Result<AssetFile, AssetProblem> {
    let (mut file, _) = open_regular(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        if cancel.is_some_and(|c| c.load(std::sync::atomic::Ordering::SeqCst)) {
            return Err(AssetProblem::Io(io::Error::other(
                "the build was cancelled",
            )));
        }
        let n = file.read(&mut buf).map_err(AssetProblem::Io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok(AssetFile {
        source: path.to_path_buf(),
        size,
        sha256: hasher.finalize().into(),
    })
}

/// WCD's `<hash>`: Base64 of the SHA-256 with `/` replaced by `.` (padding kept).
pub fn hash_name(sha256: &[u8; 32]) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(sha256)
        .replace('/', ".")
}

/// The file name part of a source path as written on the build machine (`C:\a\b.ps1` →
/// `b.ps1`; `/` also separates).
pub fn source_file_name(text: &str) -> &str {
    text.trim().rsplit(['\\', '/']).next().unwrap_or("")
}

/// One `<Element>` of DataAsset.xml: all files of one asset setting name.
#[derive(Debug, Default)]
pub struct Element {
    pub index: u32,
    pub name: String,
    /// `(key = "<k>_<hash>\<file>", value = "/<instance path>")`.
    pub entries: Vec<(String, String)>,
}

/// Assigns `<k>` numbers and element indexes in processing order.
#[derive(Debug, Default)]
pub struct DataAssets {
    pub elements: Vec<Element>,
    next_k: u32,
}

/// A packed file registered before its SHA-256 is known: where its `<k>_<hash>` goes.
#[derive(Clone, Debug)]
pub struct Reserved {
    /// Its element's index (the `DataAsset/<index>` folder).
    pub element: u32,
    k: u32,
    pos: usize,
    entry: usize,
}

impl DataAssets {
    /// Registers one packed file whose hash is filled in later by [`DataAssets::name`].
    pub fn reserve(&mut self, setting_name: &str, instance: &str) -> Reserved {
        let k = self.next_k;
        self.next_k += 1;
        let pos = match self.elements.iter().position(|e| e.name == setting_name) {
            Some(p) => p,
            None => {
                self.elements.push(Element {
                    index: 2 + self.elements.len() as u32,
                    name: setting_name.to_owned(),
                    entries: Vec::new(),
                });
                self.elements.len() - 1
            }
        };
        let e = &mut self.elements[pos];
        e.entries.push((String::new(), instance.to_owned()));
        Reserved {
            element: e.index,
            k,
            pos,
            entry: e.entries.len() - 1,
        }
    }

    /// Fills in the name of a reserved file now that its SHA-256 is known; returns its
    /// folder, `<k>_<hash>`.
    pub fn name(&mut self, r: &Reserved, file_name: &str, sha: &[u8; 32]) -> String {
        let dir = format!("{}_{}", r.k, hash_name(sha));
        self.elements[r.pos].entries[r.entry].0 = format!("{dir}\\{file_name}");
        dir
    }

    /// `/DataAsset/DataAsset.xml`: no BOM, `UTF-8` upper case, CRLF.
    pub fn xml(&self) -> String {
        let mut w = Out::default();
        w.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        w.line(0, "<Elements Type=\"DataAsset\">");
        for e in &self.elements {
            w.line(1, &format!("<Element Index=\"{}\">", e.index));
            w.line(
                2,
                &format!(
                    "<Metadata Key=\"Name\" Value=\"{}\" />",
                    escape_attr(&e.name)
                ),
            );
            for (k, v) in &e.entries {
                w.line(
                    2,
                    &format!(
                        "<Metadata Key=\"{}\" Value=\"{}\" />",
                        escape_attr(k),
                        escape_attr(v)
                    ),
                );
            }
            w.line(1, "</Element>");
        }
        w.line(0, "</Elements>");
        w.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            source_file_name("C:\\x y\\src\\Set-Autopilot.ps1"),
            "Set-Autopilot.ps1"
        );
        assert_eq!(source_file_name("rel/dir/a.png"), "a.png");
        let sha: [u8; 32] = Sha256::digest(b"").into();
        assert_eq!(
            hash_name(&sha),
            "47DEQpj8HBSa+.TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
    }
}
