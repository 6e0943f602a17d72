//! Project files: versioned JSON, read with clear errors, written atomically.

use super::model::{Project, SCHEMA_VERSION};
use crate::fsutil::{Overwrite, write_atomic};
use std::path::{Path, PathBuf};

/// Largest project file read; real ones are a few KiB.
const MAX_PROJECT_BYTES: u64 = 8 * 1024 * 1024;

/// Why a project file could not be opened. One sentence each, naming the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the project {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("the project {path} is not valid JSON (line {line}, column {column}): {detail}")]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        detail: String,
    },
    #[error("the project {path} has no \"schema\" number; is it a ppkg-wizard project?")]
    NoSchema { path: PathBuf },
    #[error(
        "the project {path} uses schema {found}, but this version of ppkg-wizard reads schema {SCHEMA_VERSION}; use a newer ppkg-wizard"
    )]
    Schema { path: PathBuf, found: u64 },
    #[error("in the project {path}, {detail}")]
    Field { path: PathBuf, detail: String },
}

/// Reads a project file. Paths inside are taken relative to its folder.
pub fn load(path: &Path) -> Result<Project, LoadError> {
    let read_err = |e: &std::io::Error| LoadError::Read {
        path: path.to_path_buf(),
        reason: crate::errors::io_reason(e),
    };
    let meta = std::fs::metadata(path).map_err(|e| read_err(&e))?;
    if meta.is_dir() {
        return Err(LoadError::Read {
            path: path.to_path_buf(),
            reason: "it is a folder".into(),
        });
    }
    if meta.len() > MAX_PROJECT_BYTES {
        return Err(LoadError::Read {
            path: path.to_path_buf(),
            reason: "it is larger than 8 MiB; a project is a few KiB".into(),
        });
    }
    let text =
        crate::fsutil::read_capped(path, MAX_PROJECT_BYTES).map_err(|e| read_err(&e.into()))?;
    let text = String::from_utf8(text).map_err(|_| LoadError::Read {
        path: path.to_path_buf(),
        reason: "it is not UTF-8 text".into(),
    })?;
    let mut p = load_str(&text, path)?;
    p.base_dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    Ok(p)
}

/// Parses project JSON; `path` is only used in messages.
pub fn load_str(text: &str, path: &Path) -> Result<Project, LoadError> {
    let json_err = |e: serde_json::Error| LoadError::Json {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        detail: strip_position(&e.to_string()),
    };
    // Check the schema first, so a newer file gets "use a newer version", not a field error.
    let value: serde_json::Value = serde_json::from_str(text).map_err(json_err)?;
    match value.get("schema").and_then(serde_json::Value::as_u64) {
        None => {
            return Err(LoadError::NoSchema {
                path: path.to_path_buf(),
            });
        }
        Some(n) if n != u64::from(SCHEMA_VERSION) => {
            return Err(LoadError::Schema {
                path: path.to_path_buf(),
                found: n,
            });
        }
        Some(_) => {}
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        // The value knows the field and gives the clearer message; the text, read again,
        // knows the line (both stop at the same first error).
        let at = match serde_json::from_str::<Project>(text) {
            Err(t) if t.line() > 0 => format!(" (line {}, column {})", t.line(), t.column()),
            _ => String::new(),
        };
        let field = e.path().to_string();
        let detail = plain_types(&strip_position(&e.inner().to_string()));
        LoadError::Field {
            path: path.to_path_buf(),
            detail: if field == "." {
                format!("{detail}{at}")
            } else {
                format!("{field}: {detail}{at}")
            },
        }
    })
}

/// Serde names Rust types (`expected u8`); a project's author knows numbers.
fn plain_types(s: &str) -> String {
    let mut out = s.to_owned();
    for (rust, plain) in [
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected u16", "expected a whole number from 0 to 65535"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
    ] {
        if let Some(rest) = out.strip_suffix(rust) {
            out = format!("{rest}{plain}");
        }
    }
    out
}

fn strip_position(s: &str) -> String {
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s.to_owned(),
    }
}

/// The project as pretty JSON (what [`save`] writes).
pub fn to_json(p: &Project) -> String {
    let mut s = serde_json::to_string_pretty(p).expect("a project always serializes");
    s.push('\n');
    s
}

/// Writes the project atomically. Secrets are written as their sources; a value is written
/// in clear only for secrets whose source the user set to clear text.
pub fn save(p: &Project, path: &Path, overwrite: Overwrite) -> std::io::Result<PathBuf> {
    write_atomic(path, to_json(p).as_bytes(), overwrite)
}
