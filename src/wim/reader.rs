//! Reading single-image WIM files (XPRESS or uncompressed): the tree, file contents as
//! streams, the XML data, SHA-1 verification and safe extraction.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use sha1::{Digest, Sha1};

use super::blob_table::{self, BlobEntry};
use super::dentry::{self, ATTR_DIRECTORY, ATTR_REPARSE_POINT};
use super::error::{Result, WimError};
use super::header::{HEADER_SIZE, Header, RESHDR_METADATA};
use super::resource::{ResourceReader, from_io, to_io};
use super::xml::{self, XmlInfo};

/// Largest metadata resource (directory tree) accepted, whatever the header says: about
/// 150,000 entries; a provisioning package has dozens.
const MAX_METADATA: u64 = 16 << 20;
/// Largest blob table accepted (about 1.3 million blobs).
const MAX_BLOB_TABLE: u64 = 64 << 20;
/// Largest XML data accepted; real ones are about 1 KiB.
const MAX_XML: u64 = 4 << 20;
/// Longest path in the image, in characters (Windows' own limit).
const MAX_PATH_CHARS: usize = 32_767;
/// Total bytes of all paths kept in memory: a deep tree of many entries would otherwise
/// need memory quadratic in its size.
const MAX_TOTAL_PATH_BYTES: usize = 16 << 20;

/// One file or directory of the image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Absolute path in the image with `/` separators, e.g. `/Multivariant/0`.
    pub path: String,
    /// True for directories.
    pub is_dir: bool,
    /// Size of the contents in bytes (0 for directories).
    pub size: u64,
    /// Windows file attributes.
    pub attributes: u32,
    /// SHA-1 of the contents; `None` for directories and empty files.
    pub sha1: Option<[u8; 20]>,
    /// FILETIME of creation.
    pub creation_time: u64,
    /// FILETIME of last write.
    pub last_write_time: u64,
}

/// A WIM opened for reading.
pub struct Reader<R: Read + Seek> {
    src: R,
    file_len: u64,
    header: Header,
    blobs: HashMap<[u8; 20], BlobEntry>,
    entries: Vec<Entry>,
    by_path: HashMap<String, usize>,
    xml: XmlInfo,
}

impl Reader<BufReader<File>> {
    /// Opens the WIM file at `path`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Reader::new(BufReader::with_capacity(64 * 1024, File::open(path)?))
    }
}

/// Rejects names that cannot be part of a `/`-separated path.
fn check_name(name: &str) -> Result<()> {
    if name.is_empty() || name == "." || name == ".." || name.contains('/') || name.contains('\0') {
        return Err(WimError::UnsafeName(name.to_string()));
    }
    Ok(())
}

impl<R: Read + Seek> Reader<R> {
    /// Reads the header, blob table, directory tree and XML data of a WIM.
    pub fn new(mut src: R) -> Result<Self> {
        let file_len = src.seek(SeekFrom::End(0))?;
        src.seek(SeekFrom::Start(0))?;
        let mut hb = [0u8; HEADER_SIZE];
        if file_len < HEADER_SIZE as u64 {
            let mut magic = [0u8; 8];
            let n = src.read(&mut magic)?;
            return Err(if n == 8 && magic == super::header::MAGIC {
                WimError::truncated("header")
            } else {
                WimError::NotWim("file too short".into())
            });
        }
        src.read_exact(&mut hb)?;
        let header = Header::parse(&hb)?;
        header.compression()?;
        if header.compression()? != super::header::Compression::None
            && !(4096..=65536).contains(&header.chunk_size)
        {
            return Err(WimError::Unsupported(format!(
                "chunk size {}",
                header.chunk_size
            )));
        }
        if header.total_parts != 1 || header.flags & super::header::FLAG_SPANNED != 0 {
            return Err(WimError::Unsupported("split WIM".into()));
        }
        if header.image_count != 1 {
            return Err(WimError::Unsupported(format!(
                "{} images (expected 1)",
                header.image_count
            )));
        }
        let bt = ResourceReader::new(
            &mut src,
            header.blob_table,
            header.chunk_size,
            file_len,
            "blob table",
        )?
        .read_all(file_len.min(MAX_BLOB_TABLE))
        .map_err(from_io_wim)?;
        let table = blob_table::parse(&bt)?;
        drop(bt);
        let mut blobs = HashMap::new();
        let mut metadata = None;
        for e in table {
            if e.res.flags & RESHDR_METADATA != 0 {
                if metadata.is_none() {
                    metadata = Some(e);
                }
            } else if e.sha1 != [0; 20] {
                blobs.insert(e.sha1, e);
            }
        }
        let metadata = metadata
            .ok_or_else(|| WimError::CorruptBlobTable("no image metadata resource".into()))?;
        let meta = ResourceReader::new(
            &mut src,
            metadata.res,
            header.chunk_size,
            file_len,
            "image metadata",
        )?
        .read_all(MAX_METADATA)
        .map_err(from_io_wim)?;
        if meta.len() as u64 != metadata.res.original_size {
            return Err(WimError::truncated("image metadata"));
        }
        let metadata_ok = <[u8; 20]>::from(Sha1::digest(&meta)) == metadata.sha1;
        let nodes = dentry::parse_tree(&meta)?;
        drop(meta);
        // After parsing, so a malformed tree is named for what is wrong with it; before
        // using it, as wimlib does ("Metadata resource is corrupted").
        if !metadata_ok {
            return Err(WimError::Sha1Mismatch(
                "the image metadata (directory tree)".into(),
            ));
        }

        // Node i (after the root) becomes entries[i - 1]; a parent's path is read there.
        let mut entries: Vec<Entry> = Vec::with_capacity(nodes.len().saturating_sub(1));
        let mut by_path = HashMap::new();
        let mut path_bytes = 0usize;
        for (i, n) in nodes.iter().enumerate() {
            if i == 0 {
                continue;
            }
            check_name(&n.dentry.name)?;
            let parent = match n.parent {
                0 => "",
                p => entries.get(p - 1).map_or("", |e| e.path.as_str()),
            };
            // Each path is held twice: in its entry and as a lookup key.
            path_bytes += 2 * (parent.len() + 1 + n.dentry.name.len());
            if path_bytes > MAX_TOTAL_PATH_BYTES {
                return Err(WimError::SizeTooLarge(format!(
                    "the paths of the image's files add up to more than {} MiB",
                    MAX_TOTAL_PATH_BYTES >> 20
                )));
            }
            if parent.len() + 1 + n.dentry.name.len() > MAX_PATH_CHARS
                && parent.chars().count() + 1 + n.dentry.name.chars().count() > MAX_PATH_CHARS
            {
                return Err(WimError::SizeTooLarge(format!(
                    "a path in the image is longer than {MAX_PATH_CHARS} characters"
                )));
            }
            let path = format!("{parent}/{}", n.dentry.name);
            let d = &n.dentry;
            let is_dir = d.attributes & ATTR_DIRECTORY != 0;
            let sha1 = (!is_dir && d.sha1 != [0; 20]).then_some(d.sha1);
            let size = match sha1 {
                Some(h) => {
                    blobs
                        .get(&h)
                        .ok_or_else(|| WimError::CorruptBlobTable(format!("no blob for {path}")))?
                        .res
                        .original_size
                }
                None => 0,
            };
            if by_path.insert(path.clone(), entries.len()).is_some() {
                return Err(WimError::CorruptMetadata(format!("{path} appears twice")));
            }
            entries.push(Entry {
                path,
                is_dir,
                size,
                attributes: d.attributes,
                sha1,
                creation_time: d.creation_time,
                last_write_time: d.last_write_time,
            });
        }

        let xml = if header.xml_data.size_in_wim == 0 {
            XmlInfo::default()
        } else {
            let x = ResourceReader::new(
                &mut src,
                header.xml_data,
                header.chunk_size,
                file_len,
                "XML data",
            )?
            .read_all(MAX_XML)
            .map_err(from_io_wim)?;
            xml::parse(&x)?
        };
        Ok(Reader {
            src,
            file_len,
            header,
            blobs,
            entries,
            by_path,
            xml,
        })
    }

    /// The header as read.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// All files and directories except the root, parents before children, children in
    /// stored order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Looks up an entry by path (`/a/b`, case-sensitive).
    pub fn entry(&self, path: &str) -> Option<&Entry> {
        self.by_path.get(path).map(|&i| &self.entries[i])
    }

    /// The XML data: raw text and the image's fields.
    pub fn xml_info(&self) -> &XmlInfo {
        &self.xml
    }

    /// Number of distinct file blobs in the blob table (the metadata resource excluded).
    pub fn blob_count(&self) -> usize {
        self.blobs.len()
    }

    /// Streams the contents of the file at `path`. The stream checks the SHA-1 when it
    /// reaches the end and fails there on a mismatch.
    pub fn open_file(&mut self, path: &str) -> Result<FileReader<'_, R>> {
        let e = self
            .entry(path)
            .ok_or_else(|| WimError::NotFound(path.to_string()))?;
        if e.is_dir {
            return Err(WimError::InvalidPath {
                path: path.to_string(),
                reason: "is a directory",
            });
        }
        let (sha1, path) = (e.sha1, e.path.clone());
        self.stream(sha1, path)
    }

    fn stream(&mut self, sha1: Option<[u8; 20]>, path: String) -> Result<FileReader<'_, R>> {
        let Some(h) = sha1 else {
            return Ok(FileReader {
                inner: None,
                hasher: Sha1::new(),
                expect: [0; 20],
                path,
            });
        };
        let blob = self
            .blobs
            .get(&h)
            .ok_or_else(|| WimError::CorruptBlobTable(format!("no blob for {path}")))?;
        let inner = ResourceReader::new(
            &mut self.src,
            blob.res,
            self.header.chunk_size,
            self.file_len,
            &path,
        )?;
        Ok(FileReader {
            inner: Some(inner),
            hasher: Sha1::new(),
            expect: h,
            path,
        })
    }

    /// Checks the SHA-1 of the directory tree and of every file against the blob table.
    /// (The directory tree was checked when the image was opened.) Returns the number of
    /// distinct contents and bytes checked.
    pub fn verify(&mut self) -> Result<(usize, u64)> {
        let mut bytes = 0;
        let mut done = std::collections::HashSet::new();
        let files: Vec<(Option<[u8; 20]>, String)> = self
            .entries
            .iter()
            .filter(|e| !e.is_dir && e.sha1.is_some())
            .map(|e| (e.sha1, e.path.clone()))
            .collect();
        for (h, path) in files {
            if !done.insert(h) {
                continue;
            }
            let mut r = self.stream(h, path)?;
            bytes += io::copy(&mut r, &mut io::sink()).map_err(from_io)?;
        }
        Ok((done.len(), bytes))
    }

    /// Extracts the image into the existing directory `dir`.
    ///
    /// Names that could escape `dir` or that Windows could not hold (`..`, separators,
    /// drive letters, NUL and control characters) are refused before anything is written.
    /// Every directory is one this call created (exclusively), so no entry can be led
    /// through a symlink out of `dir`; each parent is looked up once, keeping the work
    /// linear in the size of the tree. A file is written under a temporary name and gets
    /// its own name only once its SHA-1 matched: a tampered file is never left behind.
    /// Reparse points are skipped.
    pub fn extract_to(&mut self, dir: &Path) -> Result<()> {
        for e in &self.entries {
            for comp in e.path.split('/').skip(1) {
                check_extract_name(comp)?;
            }
        }
        let meta = fs::symlink_metadata(dir).map_err(|source| WimError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        if !meta.is_dir() {
            return Err(WimError::InvalidPath {
                path: dir.display().to_string(),
                reason: "target is not a directory",
            });
        }
        // Image paths of the directories this call created.
        let mut created: std::collections::HashSet<String> = std::collections::HashSet::new();
        for i in 0..self.entries.len() {
            let e = &self.entries[i];
            if e.attributes & ATTR_REPARSE_POINT != 0 {
                continue;
            }
            let (parent, _) = e.path.rsplit_once('/').unwrap_or(("", &e.path));
            if !parent.is_empty() && !created.contains(parent) {
                return Err(WimError::InvalidPath {
                    path: e.path.clone(),
                    reason: "parent is not a directory",
                });
            }
            let target = dir.join(e.path.trim_start_matches('/'));
            let write_err = |path: &Path| {
                let path = path.to_path_buf();
                move |source| WimError::Write { path, source }
            };
            if e.is_dir {
                fs::create_dir(&target).map_err(write_err(&target))?;
                created.insert(e.path.clone());
            } else {
                let (sha1, path) = (e.sha1, e.path.clone());
                let folder = target.parent().unwrap_or(dir).to_path_buf();
                let mut temp = tempfile::Builder::new()
                    .prefix(".extract.")
                    .suffix(".partial")
                    .tempfile_in(&folder)
                    .map_err(write_err(&folder))?;
                let mut r = self.stream(sha1, path)?;
                // Read errors carry the WIM error; anything else is the disk's.
                let mut out = temp.as_file_mut();
                match io::copy(&mut r, &mut out) {
                    Ok(_) => {}
                    Err(e) if e.get_ref().is_some_and(|i| i.is::<WimError>()) => {
                        return Err(from_io(e));
                    }
                    Err(e) => return Err(write_err(&target)(e)),
                }
                temp.persist_noclobber(&target)
                    .map_err(|e| write_err(&target)(e.error))?;
            }
        }
        Ok(())
    }
}

/// Names safe to create on any OS inside the target directory.
fn check_extract_name(name: &str) -> Result<()> {
    check_name(name)?;
    let bad = name
        .chars()
        .any(|c| c == '\\' || c == ':' || (c as u32) < 0x20 || c == '\u{7f}');
    if bad {
        return Err(WimError::UnsafeName(name.to_string()));
    }
    Ok(())
}

fn from_io_wim(e: WimError) -> WimError {
    match e {
        WimError::Io(io) => from_io(io),
        other => other,
    }
}

/// Streams one file's contents and checks its SHA-1 at the end.
pub struct FileReader<'a, R: Read + Seek> {
    inner: Option<ResourceReader<'a, R>>,
    hasher: Sha1,
    expect: [u8; 20],
    path: String,
}

impl<R: Read + Seek> Read for FileReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let Some(inner) = self.inner.as_mut() else {
            return Ok(0);
        };
        let n = inner.read(buf)?;
        if n == 0 {
            let got: [u8; 20] = std::mem::take(&mut self.hasher).finalize().into();
            self.inner = None;
            if got != self.expect {
                return Err(to_io(WimError::Sha1Mismatch(self.path.clone())));
            }
            return Ok(0);
        }
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}
