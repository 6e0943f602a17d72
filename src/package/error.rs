//! Everything that can stop a build or an inspection, one sentence each.

use std::path::PathBuf;

/// Why a package could not be compiled or built. Nothing is written when one occurs.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the setting {path} cannot be compiled: {why}")]
    Unmappable { path: String, why: String },
    #[error("the setting {path} has a wrong value: {why}")]
    BadValue { path: String, why: String },
    #[error("these asset files were not found: {}", .0.join("; "))]
    AssetsNotFound(Vec<String>),
    #[error("the asset {} for {setting} cannot be used: {why}", path.display())]
    BadAsset {
        setting: String,
        path: PathBuf,
        why: String,
    },
    #[error("the asset {} changed while the package was being built ({why}); build again", path.display())]
    AssetChanged { path: PathBuf, why: String },
    #[error("\"{name}\" cannot be a package name: {why}")]
    InvalidPackageName { name: String, why: String },
    #[error("{0}")]
    Metadata(#[from] crate::settings::MetadataError),
    #[error(
        "the build time ({0} seconds since 1970) is outside what a package can record (the years 1601 to 9999); check SOURCE_DATE_EPOCH"
    )]
    TimeOutOfRange(i64),
    #[error("the package ID \"{0}\" is not a GUID")]
    BadPackageId(String),
    #[error("{} already exists; choose another folder or allow replacing it", .0.display())]
    OutputExists(PathBuf),
    #[error("the customizations cannot be read: {0}")]
    Xml(String),
    #[error("{what}: {source}")]
    Io {
        what: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the package image could not be written: {0}")]
    Wim(String),
    #[error("the package could not be encrypted: {0}")]
    Encrypt(String),
    /// [`crate::package::BuildOptions::cancel`] was set before the package was in place.
    #[error("the build was cancelled; nothing was written")]
    Cancelled,
}

impl BuildError {
    pub(crate) fn io(what: impl Into<String>, source: std::io::Error) -> Self {
        BuildError::Io {
            what: what.into(),
            source,
        }
    }
}

/// Why a package could not be inspected or extracted.
#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    #[error("{} cannot be read: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} cannot be inspected: {why}", path.display())]
    NotAFile { path: PathBuf, why: String },
    #[error("cannot write {}: {}", path.display(), crate::errors::io_reason(source))]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{} is not a provisioning package, or it is encrypted and no password was given", .0.display())]
    NotAPackage(PathBuf),
    #[error("{} could not be decrypted: {why}", path.display())]
    Decrypt { path: PathBuf, why: String },
    #[error("{} is damaged: {why}", path.display())]
    Damaged { path: PathBuf, why: String },
}
