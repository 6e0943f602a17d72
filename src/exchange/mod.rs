//! Moving projects between ppkg-wizard and Windows Configuration Designer.

pub mod icdproj;
pub mod wcd_export;
pub mod wcd_import;

pub use wcd_export::{WcdExport, WcdExportOptions, export_wcd};
pub use wcd_import::{ImportError, ImportOptions, Imported, SecretPlacement, import_wcd};
