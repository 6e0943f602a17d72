//! WIM (Windows Imaging Format) reading and writing, in pure Rust, streaming.
//!
//! A `.ppkg` is a single-image WIM compressed with XPRESS-Huffman in 32 KiB chunks; this
//! module knows nothing about provisioning. [`Writer`] builds such a file from a stream of
//! directories and files (contents are hashed and compressed while streaming, in parallel,
//! so memory does not grow with file size); [`Reader`] opens any single-image WIM that is
//! uncompressed or XPRESS-compressed, lists and streams its files, checks SHA-1s and
//! extracts safely.
//!
//! File layout written: header (208 bytes) · file blobs · metadata resource (compressed) ·
//! blob table (uncompressed, flag 0x2) · XML data (UTF-16LE, flag 0x2), as WCD does.

pub mod blob_table;
pub mod dentry;
pub mod error;
pub mod header;
mod reader;
mod resource;
mod writer;
pub mod xml;
pub mod xpress;

pub use error::{Result, WimError};
pub use reader::{Entry, FileReader, Reader};
pub use writer::{Progress, WriteOptions, Writer, filetime};
pub use xml::{ImageInfo, ImageStats, XmlInfo};
