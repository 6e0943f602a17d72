//! Portable project bundles: one zip with a project, every file it uses and a manifest of
//! SHA-256 sums, to move a project to another machine.
//!
//! [`export`] never puts a secret value in a bundle. [`open`] treats every bundle as
//! hostile: it refuses unsafe names, links, duplicates, encryption, oversized or lying
//! entries and anything the manifest does not vouch for, and writes nothing unless the
//! whole bundle checks out.

mod central;
mod error;
mod export;
mod manifest;
mod open;
mod refs;
pub mod safety;

pub use error::BundleError;
pub use export::{
    ASSETS_DIR, BundleSummary, BundledFile, DEFAULT_PROJECT_NAME, SecretFileNote, export,
};
pub use manifest::{FORMAT, FORMAT_VERSION, FileEntry, MANIFEST_NAME, Manifest};
pub use open::{folder_beside, open};
