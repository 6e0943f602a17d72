//! What can be wrong with one row, said with its line and column.

use super::rows::Malformed;
use std::fmt;

/// Where in the rows file: 1-based column number and its header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub number: usize,
    pub header: String,
}

/// One thing wrong with one row (or with the header, line 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    /// `None` when no single cell causes it (a rule broken by the project itself or by
    /// several cells together).
    pub column: Option<Column>,
    pub why: Why,
}

/// The kinds of row problem.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Why {
    #[error("{0}")]
    Malformed(Malformed),
    #[error("{0}")]
    Header(#[from] HeaderProblem),
    #[error("the key is empty; every row needs one (it gives the package its id)")]
    EmptyKey,
    #[error("the key \"{key}\" is already used on line {first_line}; keys must differ")]
    DuplicateKey { key: String, first_line: u64 },
    #[error(
        "the package name \"{name}\" is already used on line {first_line}; each row needs its own file name"
    )]
    DuplicateName { name: String, first_line: u64 },
    #[error(
        "this column is a secret, so a cell must name where it comes from (env:VARIABLE or file:path), not hold it; the value is not shown"
    )]
    ClearSecret,
    #[error("\"{value}\" is not true or false")]
    NotBool { value: String },
    #[error("\"{value}\" is not a number")]
    NotNumber { value: String },
    #[error("{0}")]
    Set(#[from] super::path::SetError),
    #[error("the value does not fit this field: {detail}")]
    Field { detail: String },
    #[error("{field}: {message}")]
    Rule { field: String, message: String },
    #[error("{0}")]
    Secret(String),
    #[error("{path} already exists; add --force to replace it")]
    Exists { path: String },
}

/// Why a column header cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HeaderProblem {
    #[error("\"{header}\" is not a field path: {why}")]
    Path {
        header: String,
        why: super::path::PathError,
    },
    #[error("\"{header}\" is also column {first}; each field can be set once")]
    Duplicate { header: String, first: usize },
    #[error(
        "\"{header}\" is a group of fields in this project; name one field inside it, like {example}"
    )]
    Group { header: String, example: String },
    #[error("\"{header}\" cannot be set in this project: {why}")]
    Unreachable {
        header: String,
        why: super::path::SetError,
    },
    #[error("the key column \"{0}\" is not in the header")]
    NoKeyColumn(String),
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(c) = &self.column {
            write!(f, ", column {} ({})", c.number, printable(&c.header))?;
        }
        write!(f, ": {}", printable(&self.why.to_string()))
    }
}

/// Cell text made safe for a terminal: control characters escaped, at most 400
/// characters, so a hostile file cannot move the cursor or flood a line.
pub fn printable(s: &str) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == 400 {
            out.push('…');
            break;
        }
        if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}
