//! `manifest.json`: what a bundle holds, with each file's size and SHA-256, so opening a
//! bundle can prove every byte it writes is the byte that was exported.

use super::BundleError;
use super::safety::name_problem;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{self, Read, Write};

/// The manifest's own entry name.
pub const MANIFEST_NAME: &str = "manifest.json";
/// What `format` says, so a stray zip is not mistaken for a bundle.
pub const FORMAT: &str = "ppkg-wizard-bundle";
/// The bundle layout this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// Largest manifest read (10,000 entries fit in well under this).
pub const MAX_MANIFEST_BYTES: u64 = 8 << 20;

/// The manifest of a bundle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`FORMAT_VERSION`]; checked before anything else is read.
    pub format_version: u32,
    /// The ppkg-wizard version that wrote the bundle (for support, not checked).
    pub tool_version: String,
    /// The project JSON schema inside.
    pub schema: u32,
    /// The entry name of the project JSON.
    pub project: String,
    /// Every entry but the manifest, sorted by path.
    pub files: Vec<FileEntry>,
}

/// One file of the bundle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    pub path: String,
    pub size: u64,
    /// Lowercase hex.
    pub sha256: String,
}

impl Manifest {
    /// Parses and checks a manifest: known format, safe unique paths, the project listed.
    /// Returns it with its files indexed by path.
    pub fn parse(bytes: &[u8]) -> Result<(Self, BTreeMap<String, FileEntry>), BundleError> {
        let bad = |detail: String| BundleError::BadManifest { detail };
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
        if value.get("format").and_then(|v| v.as_str()) != Some(FORMAT) {
            return Err(bad(format!("it does not say \"format\": \"{FORMAT}\"")));
        }
        match value.get("format_version").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(FORMAT_VERSION) => {}
            Some(v) if v > u64::from(FORMAT_VERSION) => {
                return Err(BundleError::NewerFormat {
                    found: v,
                    supported: FORMAT_VERSION,
                });
            }
            _ => return Err(bad("its \"format_version\" is missing or unknown".into())),
        }
        let m: Manifest = serde_json::from_value(value).map_err(|e| bad(e.to_string()))?;
        let mut files = BTreeMap::new();
        for f in &m.files {
            if let Some(reason) = name_problem(&f.path) {
                return Err(bad(format!("the path \"{}\" {reason}", f.path)));
            }
            if f.path == MANIFEST_NAME {
                return Err(bad("it lists itself".into()));
            }
            if f.sha256.len() != 64
                || !f
                    .sha256
                    .bytes()
                    .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            {
                return Err(bad(format!(
                    "the SHA-256 of \"{}\" is not 64 hex digits",
                    f.path
                )));
            }
            if files.insert(f.path.clone(), f.clone()).is_some() {
                return Err(bad(format!("it lists \"{}\" twice", f.path)));
            }
        }
        // At the root, so the project's relative paths are bundle entry names.
        if m.project.contains('/') || !m.project.to_ascii_lowercase().ends_with(".json") {
            return Err(bad(format!(
                "its project \"{}\" is not a .json file at the top of the bundle",
                m.project
            )));
        }
        if !files.contains_key(&m.project) {
            return Err(bad(format!(
                "its project \"{}\" is not among its files",
                m.project
            )));
        }
        Ok((m, files))
    }

    /// The manifest as pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("a manifest always serializes");
        s.push('\n');
        s
    }
}

/// Lowercase hex of a SHA-256 digest.
pub fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why [`copy_hashed`] stopped.
#[derive(Debug)]
pub enum CopyError {
    Read(io::Error),
    Write(io::Error),
    /// `from` had more than the limit.
    TooLong,
}

/// Copies `from` to `to`, hashing and counting the bytes, and refuses to copy more than
/// `limit` bytes: the count, not any declared size, is what stops a decompression bomb.
/// Returns the byte count and the lowercase hex SHA-256.
pub fn copy_hashed(
    from: &mut impl Read,
    to: &mut impl Write,
    limit: u64,
) -> Result<(u64, String), CopyError> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total: u64 = 0;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(CopyError::Read(e)),
        };
        total += n as u64;
        if total > limit {
            return Err(CopyError::TooLong);
        }
        hasher.update(&buf[..n]);
        to.write_all(&buf[..n]).map_err(CopyError::Write)?;
    }
    Ok((total, hex(&hasher.finalize())))
}
