//! Why a bundle could not be written or opened: one sentence each, naming the file or entry,
//! so the CLI can print it as it is and the wizard can show it in a dialog.

use crate::project::LoadError;
use std::path::PathBuf;

/// A bundle export or open failure. Every variant leaves nothing behind on disk.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    // --- export ---
    #[error("{field} uses the file {path}, which cannot be read ({reason}); no bundle was written")]
    AssetUnreadable {
        field: String,
        path: PathBuf,
        reason: String,
    },
    #[error("{field} uses the file {path}, whose name {reason}; rename it before bundling")]
    AssetName {
        field: String,
        path: PathBuf,
        reason: String,
    },
    #[error(
        "the project's files add up to more than {max} bytes, more than a bundle may hold; no bundle was written"
    )]
    ExportTooLarge { max: u64 },
    #[error("cannot write the bundle {path}: {reason}")]
    Write { path: PathBuf, reason: String },

    // --- open: the zip file itself ---
    #[error("cannot read the bundle {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("the bundle is not a zip file this program accepts: {reason}")]
    NotZip { reason: String },
    #[error("the bundle has {count} entries, more than the {max} a bundle may have")]
    TooManyEntries { count: u64, max: u64 },

    // --- open: one entry ---
    #[error("a bundle entry's name ({lossy}) is not UTF-8 text, so it cannot be opened safely")]
    NonUtf8Name { lossy: String },
    #[error("the bundle entry \"{name}\" {reason}, so the bundle was refused")]
    UnsafeName { name: String, reason: String },
    #[error(
        "the bundle entry \"{name}\" is a symbolic link; bundles hold only plain files, so it was refused"
    )]
    Symlink { name: String },
    #[error(
        "the bundle entry \"{name}\" is a folder or special file; bundles hold only plain files, so it was refused"
    )]
    NotAFile { name: String },
    #[error(
        "the bundle entry \"{name}\" is encrypted; bundles are never encrypted, so it was refused"
    )]
    Encrypted { name: String },
    #[error(
        "the bundle entry \"{name}\" uses compression method {method}; bundles use only stored or deflate"
    )]
    Compression { name: String, method: u16 },
    #[error("the bundle has more than one entry named \"{name}\"")]
    Duplicate { name: String },
    #[error(
        "the bundle entries \"{first}\" and \"{second}\" differ only in letter case and would overwrite each other on Windows"
    )]
    CaseDuplicate { first: String, second: String },
    #[error(
        "the bundle entry \"{name}\" needs a folder \"{folder}\", but the bundle also has a file by that name"
    )]
    FileFolderClash { name: String, folder: String },

    // --- open: sizes (decompression bombs) ---
    #[error(
        "the bundle declares {declared} bytes of content, more than the limit of {max}; refused as a possible decompression bomb"
    )]
    TooLarge { declared: u64, max: u64 },
    #[error(
        "the bundle entry \"{name}\" claims to expand from {compressed} to {size} bytes, more than {max_ratio} times; refused as a possible decompression bomb"
    )]
    Ratio {
        name: String,
        compressed: u64,
        size: u64,
        max_ratio: u64,
    },
    #[error(
        "the bundle entry \"{name}\" expands to more than the {declared} bytes it declares; refused as a decompression bomb"
    )]
    Inflated { name: String, declared: u64 },

    // --- open: manifest and contents ---
    #[error("the bundle has no manifest.json, so its files cannot be checked")]
    NoManifest,
    #[error("the bundle's manifest.json is not valid: {detail}")]
    BadManifest { detail: String },
    #[error(
        "the bundle was made by a newer ppkg-wizard (bundle format {found}, this one reads {supported}); use a newer ppkg-wizard"
    )]
    NewerFormat { found: u64, supported: u32 },
    #[error("the bundle entry \"{name}\" is not listed in the bundle's manifest")]
    Unlisted { name: String },
    #[error("the bundle's manifest lists \"{name}\", but the bundle does not contain it")]
    Missing { name: String },
    #[error("the bundle entry \"{name}\" is {actual} bytes, but the manifest says {expected}")]
    SizeMismatch {
        name: String,
        expected: u64,
        actual: u64,
    },
    #[error(
        "the bundle entry \"{name}\" does not match the SHA-256 in the manifest; the bundle is damaged or was altered"
    )]
    HashMismatch { name: String },
    #[error("the bundle entry \"{name}\" is damaged: {reason}")]
    Corrupt { name: String, reason: String },

    // --- open: the bundled project ---
    #[error("the bundled project cannot be opened: {0}")]
    Project(#[source] LoadError),
    #[error(
        "the bundled project uses {path} for {field}, which is not a file in the bundle, so the bundle was refused"
    )]
    ForeignAsset { field: String, path: PathBuf },
    #[error(
        "the bundled project reads {field} from {path}, which is outside the project folder, so the bundle was refused"
    )]
    ForeignSecretFile { field: String, path: PathBuf },

    // --- open: the destination ---
    #[error("the folder {path} already exists and is not empty; open the bundle into a new folder")]
    DestNotEmpty { path: PathBuf },
    #[error("cannot open the bundle into {path}: {reason}")]
    Dest { path: PathBuf, reason: String },
}

/// Shorthand for I/O reasons in messages.
pub(crate) fn reason(e: &std::io::Error) -> String {
    crate::errors::io_reason(e)
}
