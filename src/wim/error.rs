//! The one error type of the WIM module.
//!
//! Every malformed input maps to a variant with a message a user can act on; the module
//! never panics on bad bytes.

use std::io;

/// Everything that can go wrong while reading or writing a WIM file.
#[derive(Debug, thiserror::Error)]
pub enum WimError {
    /// An I/O error from the underlying file or source.
    #[error("I/O error: {0}")]
    Io(#[from] io::Error),
    /// Extraction could not create or write a file or folder on disk.
    #[error("cannot write {}: {}", path.display(), crate::errors::io_reason(source))]
    Write {
        /// The path on disk that failed.
        path: std::path::PathBuf,
        #[source]
        source: io::Error,
    },
    /// The file does not start with the WIM magic or has an impossible header.
    #[error("not a WIM file: {0}")]
    NotWim(String),
    /// A structure extends past the end of the file or of its resource.
    #[error("truncated WIM: {0}")]
    Truncated(String),
    /// The WIM uses a compression format this module does not implement.
    #[error("unsupported compression {0}")]
    UnsupportedCompression(String),
    /// A WIM feature this module does not implement (split WIMs, several images...).
    #[error("unsupported WIM: {0}")]
    Unsupported(String),
    /// The chunk table of a compressed resource is inconsistent.
    #[error("corrupt chunk table: {0}")]
    CorruptChunkTable(String),
    /// A compressed chunk does not decode to its declared size.
    #[error("corrupt compressed data: {0}")]
    CorruptData(String),
    /// A size field is larger than the file could possibly hold.
    #[error("declared size too large: {0}")]
    SizeTooLarge(String),
    /// The metadata resource (directory tree) is malformed.
    #[error("corrupt directory tree: {0}")]
    CorruptMetadata(String),
    /// The blob (lookup) table is malformed or misses an entry.
    #[error("corrupt blob table: {0}")]
    CorruptBlobTable(String),
    /// The XML data is malformed.
    #[error("corrupt XML data: {0}")]
    CorruptXml(String),
    /// Stored contents do not hash to the SHA-1 the WIM records.
    #[error("SHA-1 mismatch for {0}")]
    Sha1Mismatch(String),
    /// A name in the image cannot be represented safely (`..`, `/`, NUL, control chars...).
    #[error("unsafe name in image: {0:?}")]
    UnsafeName(String),
    /// A path given to the writer or reader is malformed or conflicts with another entry.
    #[error("invalid path {path:?}: {reason}")]
    InvalidPath {
        /// The path as given.
        path: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// No entry with this path exists in the image.
    #[error("no such file in image: {0}")]
    NotFound(String),
    /// A source passed to `add_file` yielded a different number of bytes than declared.
    #[error("size of {path} changed while packing: declared {declared} bytes, got {actual}")]
    SizeChanged {
        /// Path in the image.
        path: String,
        /// Size given to `add_file`.
        declared: u64,
        /// Bytes the source yielded (a lower bound when it yielded more).
        actual: u64,
    },
}

impl WimError {
    pub(crate) fn truncated(what: impl Into<String>) -> Self {
        WimError::Truncated(what.into())
    }
}

/// Result alias used throughout the module.
pub type Result<T, E = WimError> = std::result::Result<T, E>;
