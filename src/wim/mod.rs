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
//! Header: version 0x10d00, flags 0x20082 (COMPRESSION | RP_FIX | COMPRESS_XPRESS), 32 KiB
//! chunks — what `wimlib-imagex info --header` shows for WCD's packages.
//!
//! ```
//! use std::io::Cursor;
//! use ppkg_wizard::wim::{ImageInfo, Reader, WriteOptions, Writer};
//!
//! // Fixed time and GUID: the same input gives the same bytes.
//! let opts = WriteOptions { timestamp: Some(0x01D9_5E64_C73E_FC0C), guid: Some([7; 16]), threads: 0 };
//! let mut w = Writer::new(Cursor::new(Vec::new()), opts)?;
//! w.add_dir("/Multivariant/0")?;
//! let xml = b"<WindowsCustomizations/>";
//! w.add_file("/Multivariant/0/customizations.xml", &mut &xml[..], xml.len() as u64)?;
//! let info = ImageInfo { name: "Example".into(), version: "1.0".into(), altitude: 5000, ..Default::default() };
//! let bytes = w.finish(&info)?.into_inner();
//!
//! let mut r = Reader::new(Cursor::new(bytes))?;
//! r.verify()?;
//! assert_eq!(r.xml_info().image.name, "Example");
//! assert_eq!(r.entries().len(), 3); // /Multivariant, /Multivariant/0, the file
//! let mut back = Vec::new();
//! std::io::Read::read_to_end(&mut r.open_file("/Multivariant/0/customizations.xml")?, &mut back)?;
//! assert_eq!(back, xml);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Not supported: LZX/LZMS compression (reading fails with "unsupported compression"),
//! split and multi-image WIMs, writing security descriptors, alternate data streams,
//! reparse points or hard links (the reader skips reparse points and named streams).

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
pub use writer::{Blob, Progress, WriteOptions, Writer, filetime};
pub use xml::{ImageInfo, ImageStats, XmlInfo};
