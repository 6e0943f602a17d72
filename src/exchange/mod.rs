//! Moving projects between ppkg-wizard and Windows Configuration Designer.

pub mod icdproj;
pub mod wcd_export;

pub use wcd_export::{WcdExport, WcdExportOptions, export_wcd};
