//! Writing a single-image, XPRESS-compressed WIM the way WCD does, streaming file contents.
//!
//! Each file is read once: chunks are hashed (SHA-1 for the blob table, and SHA-256 too for
//! [`Writer::add_blob`], whose caller names files by it) on the calling thread and
//! compressed by a pool of worker threads that lives as long as the writer, then written in
//! order. Chunks flow across file boundaries: `add_file` returns once a file is
//! read, while its last chunks are still being compressed, so the workers never wait for a
//! file to be finished. At most a few chunks per thread are in flight, whatever the sizes.
//! Files up to one chunk are hashed before they are compressed, so duplicates cost nothing;
//! a larger duplicate is recognised by its SHA-1 once read, and whatever of it was already
//! written is dropped by rewinding.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::{self, BufWriter, Cursor, Read, Seek, SeekFrom, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use sha1::{Digest, Sha1};
use sha2::Sha256;

use super::blob_table::BlobEntry;
use super::dentry::{self, ATTR_ARCHIVE, ATTR_DIRECTORY, OutNode};
use super::error::{Result, WimError};
use super::header::{CHUNK_SIZE, HEADER_SIZE, Header, RESHDR_COMPRESSED, RESHDR_METADATA, ResHdr};
use super::resource::chunk_entry_size;
use super::xml::{self, ImageInfo, ImageStats};
use super::xpress::pool::{ChunkPool, Done, Stopped};
use super::xpress::{Compressor, Params};

/// How to write the WIM.
#[derive(Clone, Debug, Default)]
pub struct WriteOptions {
    /// FILETIME stamped on every entry and in the XML data; `None` = now. Fixing it (and
    /// `guid`) makes the output byte-for-byte reproducible.
    pub timestamp: Option<u64>,
    /// WIM GUID in the header; `None` = random.
    pub guid: Option<[u8; 16]>,
    /// Compression threads; 0 = one per core.
    pub threads: usize,
}

/// Progress reported after each file and about every MiB of a large file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Files (and directories) fully added.
    pub files_done: u64,
    /// Content bytes read so far.
    pub bytes_done: u64,
}

/// Contents stored by [`Writer::add_blob`]: what [`Writer::link`] needs to name them, and
/// their SHA-256, computed in the same pass as the SHA-1 and the compression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blob {
    pub size: u64,
    pub sha1: [u8; 20],
    pub sha256: [u8; 32],
}

/// SHA-1 of a resource's bytes, with their SHA-256 when asked for.
struct Hasher {
    sha1: Sha1,
    sha256: Option<Sha256>,
}

impl Hasher {
    fn new(sha256: bool) -> Self {
        Hasher {
            sha1: Sha1::new(),
            sha256: sha256.then(Sha256::new),
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        self.sha1.update(bytes);
        if let Some(h) = self.sha256.as_mut() {
            h.update(bytes);
        }
    }

    fn finish(self) -> Hashed {
        Hashed {
            sha1: self.sha1.finalize().into(),
            sha256: self.sha256.map(|h| h.finalize().into()),
        }
    }
}

/// The digests of one stored resource.
#[derive(Clone, Copy)]
struct Hashed {
    sha1: [u8; 20],
    sha256: Option<[u8; 32]>,
}

/// Converts a system time to a Windows FILETIME (100 ns ticks since 1601).
pub fn filetime(t: SystemTime) -> u64 {
    const EPOCH_DIFF_SECS: u64 = 11_644_473_600;
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs() + EPOCH_DIFF_SECS) * 10_000_000 + u64::from(d.subsec_nanos() / 100),
        Err(_) => EPOCH_DIFF_SECS * 10_000_000,
    }
}

/// Chunks in flight per compression thread (32 KiB in and out each): enough that the
/// workers still have half of them queued while the reader refills the other half.
const IN_FLIGHT_PER_THREAD: usize = 8;

/// Longest name Windows accepts, in UTF-16 units.
const MAX_NAME_UNITS: usize = 255;

/// Builds a WIM into `W`. Call [`Writer::finish`] at the end: until then the file has no
/// valid header.
pub struct Writer<W: Write + Seek> {
    out: BufWriter<W>,
    base: u64,
    /// End of the valid data, relative to `base`.
    pos: u64,
    /// Furthest byte ever written (rewinds over duplicates leave stale bytes below it).
    high_water: u64,
    nodes: Vec<OutNode>,
    /// (parent, upper-cased name) -> node: names are unique case-insensitively, as on Windows.
    lookup: HashMap<(usize, String), usize>,
    blobs: Vec<BlobEntry>,
    blob_index: HashMap<[u8; 20], usize>,
    time: u64,
    guid: [u8; 16],
    progress: Option<Box<dyn FnMut(Progress) + Send>>,
    done: Progress,
    stats: ImageStats,
    compressor: Compressor,
    buf: Vec<u8>,
    cbuf: Vec<u8>,
    /// Parallel compression across files, with more than one thread.
    flow: Option<Flow>,
}

/// Chunks on their way through the worker pool and the files they belong to.
struct Flow {
    pool: ChunkPool,
    /// Files with chunks not yet written or a resource not yet recorded, oldest first.
    files: VecDeque<InFlight>,
    /// Compressed chunks waiting for an earlier one, by number.
    ready: BTreeMap<u64, Done>,
    next_seq: u64,
    next_write: u64,
    max_in_flight: u64,
    /// Chunks just taken from the pool (kept for its allocation).
    batch: Vec<Done>,
    /// Buffers to reuse (never more than the chunks in flight need).
    spare: Vec<Vec<u8>>,
}

/// One file's resource while its chunks are compressed and written.
struct InFlight {
    chunks: u64,
    written: u64,
    size: u64,
    /// Offset (relative to the WIM's start) of its first byte, once written.
    start: Option<u64>,
    /// Stored size of each chunk written.
    sizes: Vec<u32>,
    /// A one-chunk resource: whether the chunk was compressed.
    compressed: bool,
    /// The blob to record the resource in, once the file is read and known to be new.
    blob: Option<usize>,
    /// A duplicate (or a file that failed to read): its chunks are not written.
    dropped: bool,
}

fn stopped(_: Stopped) -> WimError {
    WimError::Io(io::Error::other("compression worker stopped"))
}

/// Result of streaming one resource.
struct Written {
    res: ResHdr,
    sha1: [u8; 20],
}

fn invalid(path: &str, reason: &'static str) -> WimError {
    WimError::InvalidPath {
        path: path.to_string(),
        reason,
    }
}

/// Splits an image path into checked components.
fn components(path: &str) -> Result<Vec<&str>> {
    let comps: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
    if comps.is_empty() {
        return Err(invalid(path, "names no file or directory"));
    }
    for c in &comps {
        if *c == "." || *c == ".." {
            return Err(invalid(path, "contains . or .."));
        }
        if c.chars()
            .any(|ch| (ch as u32) < 0x20 || ch == '\u{7f}' || "\\:*?\"<>|".contains(ch))
        {
            return Err(invalid(
                path,
                "contains a character Windows does not allow in names",
            ));
        }
        if c.encode_utf16().count() > MAX_NAME_UNITS {
            return Err(invalid(path, "has a name longer than 255 UTF-16 units"));
        }
    }
    Ok(comps)
}

use crate::fsutil::read_full;

/// Fails when the source still has bytes after `declared` were read.
fn expect_end(src: &mut dyn Read, path: &str, declared: u64) -> Result<()> {
    let mut probe = [0u8; 1];
    if read_full(src, &mut probe)? != 0 {
        return Err(WimError::SizeChanged {
            path: path.to_string(),
            declared,
            actual: declared + 1,
        });
    }
    Ok(())
}

impl<W: Write + Seek> Writer<W> {
    /// Starts a WIM at the current position of `out` (normally an empty file).
    pub fn new(mut out: W, opts: WriteOptions) -> Result<Self> {
        let base = out.stream_position()?;
        let mut out = BufWriter::with_capacity(256 * 1024, out);
        out.write_all(&[0u8; HEADER_SIZE])?;
        let time = opts
            .timestamp
            .unwrap_or_else(|| filetime(SystemTime::now()));
        let threads = match opts.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        let root = OutNode {
            name: Vec::new(),
            attributes: ATTR_DIRECTORY,
            sha1: [0; 20],
            time,
            children: Vec::new(),
        };
        Ok(Writer {
            out,
            base,
            pos: HEADER_SIZE as u64,
            high_water: HEADER_SIZE as u64,
            nodes: vec![root],
            lookup: HashMap::new(),
            blobs: Vec::new(),
            blob_index: HashMap::new(),
            time,
            guid: opts
                .guid
                .unwrap_or_else(|| *uuid::Uuid::new_v4().as_bytes()),
            progress: None,
            done: Progress::default(),
            stats: ImageStats::default(),
            compressor: Compressor::new(),
            buf: Vec::new(),
            cbuf: Vec::new(),
            flow: (threads > 1).then(|| Flow {
                pool: ChunkPool::new(threads, Params::default(), IN_FLIGHT_PER_THREAD * threads),
                files: VecDeque::new(),
                ready: BTreeMap::new(),
                next_seq: 0,
                next_write: 0,
                max_in_flight: (IN_FLIGHT_PER_THREAD * threads) as u64,
                batch: Vec::new(),
                spare: Vec::new(),
            }),
        })
    }

    /// Calls `f` as files are added (and during large files) to drive a progress bar.
    pub fn set_progress(&mut self, f: Box<dyn FnMut(Progress) + Send>) {
        self.progress = Some(f);
    }

    fn report(&mut self) {
        let p = self.done;
        if let Some(f) = self.progress.as_mut() {
            f(p);
        }
    }

    /// Adds a directory (attributes `FILE_ATTRIBUTE_DIRECTORY`); missing parents are created.
    /// Adding an existing directory again is allowed.
    pub fn add_dir(&mut self, path: &str) -> Result<()> {
        self.add_dir_with_attributes(path, ATTR_DIRECTORY)
    }

    /// Like [`Writer::add_dir`] with explicit Windows attributes (the directory bit is
    /// forced), e.g. `0x10010` for the `FILE_ATTRIBUTE_VIRTUAL` folders WCD writes.
    pub fn add_dir_with_attributes(&mut self, path: &str, attributes: u32) -> Result<()> {
        let comps = components(path)?;
        let idx = self.ensure_dirs(path, &comps)?;
        self.nodes[idx].attributes = attributes | ATTR_DIRECTORY;
        Ok(())
    }

    /// Walks/creates the directories named by `comps`; returns the last one.
    fn ensure_dirs(&mut self, path: &str, comps: &[&str]) -> Result<usize> {
        let mut cur = 0usize;
        for c in comps {
            let key = (cur, c.to_uppercase());
            cur = match self.lookup.get(&key) {
                Some(&i) if self.nodes[i].attributes & ATTR_DIRECTORY != 0 => i,
                Some(_) => return Err(invalid(path, "a parent is a file")),
                None => {
                    let i = self.new_node(cur, c, ATTR_DIRECTORY, [0; 20]);
                    self.lookup.insert(key, i);
                    self.stats.dir_count += 1;
                    i
                }
            };
        }
        Ok(cur)
    }

    fn new_node(&mut self, parent: usize, name: &str, attributes: u32, sha1: [u8; 20]) -> usize {
        let i = self.nodes.len();
        self.nodes.push(OutNode {
            name: name.encode_utf16().collect(),
            attributes,
            sha1,
            time: self.time,
            children: Vec::new(),
        });
        self.nodes[parent].children.push(i);
        i
    }

    /// Adds a file of `size` bytes read from `src` (parents are created). Contents are
    /// streamed: memory use does not depend on `size`. Fails with
    /// [`WimError::SizeChanged`] when `src` yields fewer or more bytes than `size`, and
    /// when the path already exists (names compare case-insensitively, as on Windows).
    pub fn add_file(&mut self, path: &str, src: &mut dyn Read, size: u64) -> Result<()> {
        let (parent, name) = self.new_file_place(path)?;
        let h = self.store(path, src, size, false)?;
        self.attach(parent, name, h.sha1, size);
        Ok(())
    }

    /// Stores `size` bytes from `src` without naming them yet, returning their SHA-1 and
    /// SHA-256 from the same read that compresses them: for a caller whose file names
    /// depend on the contents' hash. Name them with [`Writer::link`] (once or more);
    /// contents never linked are left out of the image. `what` names the source in errors
    /// ([`WimError::SizeChanged`] when it yields fewer or more bytes than `size`).
    pub fn add_blob(&mut self, what: &str, src: &mut dyn Read, size: u64) -> Result<Blob> {
        let h = self.store(what, src, size, true)?;
        Ok(Blob {
            size,
            sha1: h.sha1,
            sha256: h.sha256.unwrap_or_default(),
        })
    }

    /// Adds a file at `path` (parents are created) holding contents stored by
    /// [`Writer::add_blob`]. Fails when the path exists already, or `blob` was not stored
    /// by this writer.
    pub fn link(&mut self, path: &str, blob: &Blob) -> Result<()> {
        if blob.size > 0 && !self.blob_index.contains_key(&blob.sha1) {
            return Err(invalid(path, "names contents this WIM does not hold"));
        }
        let (parent, name) = self.new_file_place(path)?;
        self.attach(parent, name, blob.sha1, blob.size);
        Ok(())
    }

    /// Checks `path` names a new file; creates its parents. Returns the parent and name.
    fn new_file_place<'p>(&mut self, path: &'p str) -> Result<(usize, &'p str)> {
        let comps = components(path)?;
        let (name, dirs) = comps
            .split_last()
            .ok_or_else(|| invalid(path, "names no file"))?;
        let parent = self.ensure_dirs(path, dirs)?;
        if self.lookup.contains_key(&(parent, name.to_uppercase())) {
            return Err(invalid(path, "already exists"));
        }
        Ok((parent, name))
    }

    /// The file entry for stored contents; counts a reference to their blob.
    fn attach(&mut self, parent: usize, name: &str, sha1: [u8; 20], size: u64) {
        if size > 0 {
            if let Some(&b) = self.blob_index.get(&sha1) {
                self.blobs[b].ref_count += 1;
            }
        }
        let i = self.new_node(parent, name, ATTR_ARCHIVE, sha1);
        self.lookup.insert((parent, name.to_uppercase()), i);
        self.stats.file_count += 1;
        self.stats.total_bytes += size;
        self.done.files_done += 1;
        self.report();
    }

    /// Reads, hashes and (when new) writes `size` bytes as a blob, not yet referenced.
    fn store(&mut self, what: &str, src: &mut dyn Read, size: u64, sha256: bool) -> Result<Hashed> {
        if size == 0 {
            expect_end(src, what, 0)?;
            let mut h = Hasher::new(sha256);
            h.update(&[]);
            return Ok(Hashed {
                sha1: [0; 20],
                ..h.finish()
            });
        }
        if self.flow.is_some() {
            self.add_parallel(what, src, size, sha256)
        } else if size <= u64::from(CHUNK_SIZE) {
            self.add_small(what, src, size as usize, sha256)
        } else {
            self.add_large(what, src, size, sha256)
        }
    }

    /// A file of one chunk: hashed first, written only when new.
    fn add_small(
        &mut self,
        path: &str,
        src: &mut dyn Read,
        size: usize,
        sha256: bool,
    ) -> Result<Hashed> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.resize(size, 0);
        let got = read_full(src, &mut buf)?;
        if got != size {
            self.buf = buf;
            return Err(WimError::SizeChanged {
                path: path.into(),
                declared: size as u64,
                actual: got as u64,
            });
        }
        expect_end(src, path, size as u64)?;
        let mut hasher = Hasher::new(sha256);
        hasher.update(&buf);
        let h = hasher.finish();
        self.done.bytes_done += size as u64;
        if !self.blob_index.contains_key(&h.sha1) {
            let w = self.write_single_chunk(&buf, h.sha1)?;
            self.record_blob(w);
        }
        self.buf = buf;
        Ok(h)
    }

    /// A new blob, not referenced yet.
    fn record_blob(&mut self, w: Written) {
        self.blob_index.insert(w.sha1, self.blobs.len());
        self.blobs.push(BlobEntry {
            res: w.res,
            part_number: 1,
            ref_count: 0,
            sha1: w.sha1,
        });
    }

    /// Writes one chunk as a resource: compressed when that helps, else stored plainly
    /// (a one-chunk resource has no chunk table, so both forms are the same layout).
    fn write_single_chunk(&mut self, data: &[u8], sha1: [u8; 20]) -> Result<Written> {
        let offset = self.pos;
        let mut cbuf = std::mem::take(&mut self.cbuf);
        let compressed = self.compressor.compress(data, &mut cbuf);
        let (bytes, flags) = if compressed {
            (&cbuf[..], RESHDR_COMPRESSED)
        } else {
            (data, 0)
        };
        self.write_at_end(bytes)?;
        let res = ResHdr {
            size_in_wim: bytes.len() as u64,
            flags,
            offset: self.base + offset,
            original_size: data.len() as u64,
        };
        self.cbuf = cbuf;
        Ok(Written { res, sha1 })
    }

    fn write_at_end(&mut self, bytes: &[u8]) -> Result<()> {
        self.out.write_all(bytes)?;
        self.pos += bytes.len() as u64;
        self.high_water = self.high_water.max(self.pos);
        Ok(())
    }

    /// A multi-chunk file: streamed through the compression pipeline; a duplicate is
    /// dropped afterwards by rewinding over it.
    fn add_large(
        &mut self,
        path: &str,
        src: &mut dyn Read,
        size: u64,
        sha256: bool,
    ) -> Result<Hashed> {
        let start = self.pos;
        let mut hasher = Hasher::new(sha256);
        let result = self
            .write_chunked(path, src, size, &mut hasher)
            .and_then(|w| {
                expect_end(src, path, size)?;
                Ok(w)
            });
        let w = match result {
            Ok(w) => w,
            Err(e) => {
                self.rewind(start)?;
                return Err(e);
            }
        };
        let h = hasher.finish();
        if self.blob_index.contains_key(&h.sha1) {
            self.rewind(start)?;
        } else {
            self.record_blob(Written { sha1: h.sha1, ..w });
        }
        Ok(h)
    }

    fn rewind(&mut self, to: u64) -> Result<()> {
        self.out.seek(SeekFrom::Start(self.base + to))?;
        self.pos = to;
        Ok(())
    }

    /// Streams `size` bytes from `src` as a compressed resource: a chunk table placeholder,
    /// then the chunks in order (each compressed, or stored when that does not help), then
    /// the real chunk table written over the placeholder. The bytes go through `hasher`;
    /// the SHA-1 returned is left for the caller to fill in.
    fn write_chunked(
        &mut self,
        path: &str,
        src: &mut dyn Read,
        size: u64,
        hasher: &mut Hasher,
    ) -> Result<Written> {
        let chunk = CHUNK_SIZE as usize;
        let n = size.div_ceil(chunk as u64);
        let start = self.pos;
        self.write_zeros((n - 1) * chunk_entry_size(size))?;
        // Stored size of each chunk: 4 bytes per 32 KiB of input.
        let mut sizes: Vec<u32> = Vec::new();
        let mut remaining = size;
        let mut buf = std::mem::take(&mut self.buf);
        let mut cbuf = std::mem::take(&mut self.cbuf);
        while remaining > 0 {
            let len = remaining.min(chunk as u64) as usize;
            buf.resize(len, 0);
            self.read_chunk(path, src, &mut buf, size, remaining)?;
            hasher.update(&buf);
            remaining -= len as u64;
            let bytes = if self.compressor.compress(&buf, &mut cbuf) {
                &cbuf[..]
            } else {
                &buf[..]
            };
            sizes.push(bytes.len() as u32);
            self.write_at_end(bytes)?;
            self.chunk_progress(len);
        }
        self.buf = buf;
        self.cbuf = cbuf;
        let end = self.pos;
        self.write_table(start, size, &sizes, end)?;
        let res = ResHdr {
            size_in_wim: end - start,
            flags: RESHDR_COMPRESSED,
            offset: self.base + start,
            original_size: size,
        };
        Ok(Written { res, sha1: [0; 20] })
    }

    /// Appends `len` zero bytes (a chunk table placeholder).
    fn write_zeros(&mut self, len: u64) -> Result<()> {
        let zeros = [0u8; 4096];
        let mut left = len;
        while left > 0 {
            let k = left.min(zeros.len() as u64) as usize;
            self.write_at_end(&zeros[..k])?;
            left -= k as u64;
        }
        Ok(())
    }

    /// Writes the chunk table of the resource at `start` over its placeholder, then goes
    /// back to `end`. Entry k holds where chunk k + 1 starts, relative to the table's end.
    fn write_table(&mut self, start: u64, size: u64, sizes: &[u32], end: u64) -> Result<()> {
        let es = chunk_entry_size(size);
        let mut table = Vec::with_capacity(sizes.len() * es as usize);
        let mut acc = 0u64;
        for &s in &sizes[..sizes.len().saturating_sub(1)] {
            acc += u64::from(s);
            if es == 4 {
                table.extend_from_slice(&(acc as u32).to_le_bytes());
            } else {
                table.extend_from_slice(&acc.to_le_bytes());
            }
        }
        self.out.seek(SeekFrom::Start(self.base + start))?;
        self.out.write_all(&table)?;
        self.out.seek(SeekFrom::Start(self.base + end))?;
        Ok(())
    }

    fn read_chunk(
        &mut self,
        path: &str,
        src: &mut dyn Read,
        buf: &mut [u8],
        size: u64,
        remaining: u64,
    ) -> Result<()> {
        let got = read_full(src, buf)?;
        if got != buf.len() {
            return Err(WimError::SizeChanged {
                path: path.to_string(),
                declared: size,
                actual: size - remaining + got as u64,
            });
        }
        Ok(())
    }

    fn chunk_progress(&mut self, len: usize) {
        let before = self.done.bytes_done;
        self.done.bytes_done += len as u64;
        if before >> 20 != self.done.bytes_done >> 20 {
            self.report();
        }
    }

    /// Adds a file's contents through the worker pool; returns its SHA-1 once it is read.
    /// Its resource is recorded when its last chunk has been written.
    fn add_parallel(
        &mut self,
        path: &str,
        src: &mut dyn Read,
        size: u64,
        sha256: bool,
    ) -> Result<Hashed> {
        let Some(mut flow) = self.flow.take() else {
            return Err(stopped(Stopped));
        };
        let r = self.add_through(&mut flow, path, src, size, sha256);
        self.flow = Some(flow);
        r
    }

    fn add_through(
        &mut self,
        flow: &mut Flow,
        path: &str,
        src: &mut dyn Read,
        size: u64,
        sha256: bool,
    ) -> Result<Hashed> {
        let chunk = u64::from(CHUNK_SIZE);
        let chunks = size.div_ceil(chunk);
        let file = InFlight {
            chunks,
            written: 0,
            size,
            start: None,
            sizes: Vec::new(),
            compressed: false,
            blob: None,
            dropped: false,
        };
        if chunks == 1 {
            // Hashed before anything is compressed: a duplicate costs one read.
            let mut buf = flow.spare.pop().unwrap_or_default();
            buf.resize(size as usize, 0);
            self.read_chunk(path, src, &mut buf, size, size)?;
            expect_end(src, path, size)?;
            let mut hasher = Hasher::new(sha256);
            hasher.update(&buf);
            let h = hasher.finish();
            self.done.bytes_done += size;
            if self.blob_index.contains_key(&h.sha1) {
                flow.spare.push(buf);
                return Ok(h);
            }
            let blob = self.pending_blob(h.sha1, size);
            flow.files.push_back(InFlight {
                blob: Some(blob),
                ..file
            });
            self.submit(flow, buf)?;
            return Ok(h);
        }
        flow.files.push_back(file);
        let mut hasher = Hasher::new(sha256);
        let read = self
            .feed(flow, path, src, size, &mut hasher)
            .and_then(|()| expect_end(src, path, size));
        if let Err(e) = read {
            self.drop_last(flow)?;
            return Err(e);
        }
        let h = hasher.finish();
        if self.blob_index.contains_key(&h.sha1) {
            self.drop_last(flow)?;
        } else {
            let blob = self.pending_blob(h.sha1, size);
            if let Some(f) = flow.files.back_mut() {
                f.blob = Some(blob);
            }
        }
        self.pump(flow, false)?;
        Ok(h)
    }

    /// Reads, hashes and submits every chunk of a multi-chunk file.
    fn feed(
        &mut self,
        flow: &mut Flow,
        path: &str,
        src: &mut dyn Read,
        size: u64,
        hasher: &mut Hasher,
    ) -> Result<()> {
        let mut remaining = size;
        while remaining > 0 {
            let len = remaining.min(u64::from(CHUNK_SIZE)) as usize;
            let mut buf = flow.spare.pop().unwrap_or_default();
            buf.resize(len, 0);
            self.read_chunk(path, src, &mut buf, size, remaining)?;
            hasher.update(&buf);
            remaining -= len as u64;
            self.chunk_progress(len);
            self.submit(flow, buf)?;
        }
        Ok(())
    }

    /// A blob whose resource is not written yet: recorded when its last chunk is.
    fn pending_blob(&mut self, sha1: [u8; 20], size: u64) -> usize {
        let i = self.blobs.len();
        self.blob_index.insert(sha1, i);
        self.blobs.push(BlobEntry {
            res: ResHdr {
                size_in_wim: 0,
                flags: 0,
                offset: 0,
                original_size: size,
            },
            part_number: 1,
            ref_count: 0,
            sha1,
        });
        i
    }

    /// Gives up the file read last: nothing more of it is written, and what was already
    /// written is dropped by rewinding (no later file has been written yet).
    fn drop_last(&mut self, flow: &mut Flow) -> Result<()> {
        let Some(f) = flow.files.back_mut() else {
            return Ok(());
        };
        f.dropped = true;
        f.blob = None;
        if let Some(start) = f.start {
            self.rewind(start)?;
        }
        self.pump(flow, false)
    }

    /// Hands a chunk to the pool, first writing what is ready. With too much in flight
    /// it waits until the workers hold only half of the limit, so it refills them in
    /// batches and sleeps once per batch rather than once per chunk.
    fn submit(&mut self, flow: &mut Flow, data: Vec<u8>) -> Result<()> {
        loop {
            self.pump(flow, false)?;
            let in_flight = flow.next_seq - flow.next_write;
            if in_flight < flow.max_in_flight {
                break;
            }
            let in_pool = in_flight - flow.ready.len() as u64;
            let want = in_pool.saturating_sub(flow.max_in_flight / 2).max(1);
            self.receive(flow, want as usize)?;
        }
        let out = flow.spare.pop().unwrap_or_default();
        flow.pool
            .submit(flow.next_seq, data, out)
            .map_err(stopped)?;
        flow.next_seq += 1;
        Ok(())
    }

    /// Writes the compressed chunks that are next in order and records finished
    /// resources; with `all`, waits until every chunk in flight is written.
    fn pump(&mut self, flow: &mut Flow, all: bool) -> Result<()> {
        loop {
            let mut batch = std::mem::take(&mut flow.batch);
            flow.pool.try_recv(&mut batch).map_err(stopped)?;
            for d in batch.drain(..) {
                flow.ready.insert(d.seq, d);
            }
            flow.batch = batch;
            while let Some(d) = flow.ready.remove(&flow.next_write) {
                self.write_done(flow, d)?;
                flow.next_write += 1;
            }
            self.record_finished(flow)?;
            if !all || flow.next_write == flow.next_seq {
                return Ok(());
            }
            self.receive(flow, 1)?;
        }
    }

    /// Waits for at least `n` chunks from the pool and files them by number.
    fn receive(&mut self, flow: &mut Flow, n: usize) -> Result<()> {
        let mut batch = std::mem::take(&mut flow.batch);
        flow.pool.recv_at_least(n, &mut batch).map_err(stopped)?;
        for d in batch.drain(..) {
            flow.ready.insert(d.seq, d);
        }
        flow.batch = batch;
        Ok(())
    }

    /// Writes one chunk where its file's resource goes (after a chunk table placeholder
    /// for a multi-chunk file), or skips it for a dropped file.
    fn write_done(&mut self, flow: &mut Flow, d: Done) -> Result<()> {
        let Some(f) = flow.files.iter_mut().find(|f| f.written < f.chunks) else {
            return Err(WimError::Io(io::Error::other("a chunk without a file")));
        };
        let (bytes, compressed) = match &d.packed {
            Ok(p) => (&p[..], true),
            Err(_) => (&d.data[..], false),
        };
        if !f.dropped {
            if f.start.is_none() {
                f.start = Some(self.pos);
                let table_len = (f.chunks - 1) * chunk_entry_size(f.size);
                self.write_zeros(table_len)?;
            }
            f.sizes.push(bytes.len() as u32);
            f.compressed = compressed;
            self.write_at_end(bytes)?;
        }
        f.written += 1;
        if flow.spare.len() < 2 * flow.max_in_flight as usize {
            flow.spare.push(d.data);
            flow.spare.push(match d.packed {
                Ok(b) | Err(b) => b,
            });
        }
        Ok(())
    }

    /// Records the resources of the oldest files that are completely written: writes
    /// their chunk tables over the placeholders and fills in their blobs.
    fn record_finished(&mut self, flow: &mut Flow) -> Result<()> {
        while let Some(f) = flow.files.front() {
            if f.written < f.chunks || !(f.dropped || f.blob.is_some()) {
                break;
            }
            let Some(f) = flow.files.pop_front() else {
                break;
            };
            let (Some(blob), Some(start), false) = (f.blob, f.start, f.dropped) else {
                continue;
            };
            // Later files may have been written since: this one ends after its chunks.
            let table_len = (f.chunks - 1) * chunk_entry_size(f.size);
            let len = table_len + f.sizes.iter().map(|&s| u64::from(s)).sum::<u64>();
            if f.chunks > 1 {
                let pos = self.pos;
                self.write_table(start, f.size, &f.sizes, pos)?;
            }
            self.blobs[blob].res = ResHdr {
                size_in_wim: len,
                flags: if f.chunks > 1 || f.compressed {
                    RESHDR_COMPRESSED
                } else {
                    0
                },
                offset: self.base + start,
                original_size: f.size,
            };
        }
        Ok(())
    }

    /// Writes the metadata resource, blob table, XML data and header, and returns the
    /// output. The WIM ends at the XML data; bytes of a dropped duplicate that lay past that
    /// point are overwritten with zeros (readers ignore them), see [`Writer::finish_with_len`].
    pub fn finish(self, info: &ImageInfo) -> Result<W> {
        self.finish_with_len(info).map(|(w, _)| w)
    }

    /// Like [`Writer::finish`], also returning the length of the WIM, so a caller writing
    /// to a file can truncate the zeros that may follow it.
    pub fn finish_with_len(mut self, info: &ImageInfo) -> Result<(W, u64)> {
        if let Some(mut flow) = self.flow.take() {
            self.pump(&mut flow, true)?;
        }
        // Children sorted case-insensitively, as Windows stores directories.
        let mut nodes = std::mem::take(&mut self.nodes);
        let keys: Vec<(Vec<u16>, Vec<u16>)> = nodes
            .iter()
            .map(|n| {
                (
                    String::from_utf16_lossy(&n.name)
                        .to_uppercase()
                        .encode_utf16()
                        .collect(),
                    n.name.clone(),
                )
            })
            .collect();
        for n in nodes.iter_mut() {
            n.children.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        }
        let meta = dentry::write_tree(&nodes);
        let meta_sha1: [u8; 20] = Sha1::digest(&meta).into();
        let meta_res = if meta.len() <= CHUNK_SIZE as usize {
            self.write_single_chunk(&meta, meta_sha1)?.res
        } else {
            let len = meta.len() as u64;
            let done = self.done;
            let res = self
                .write_chunked(
                    "image metadata",
                    &mut Cursor::new(meta),
                    len,
                    &mut Hasher::new(false),
                )?
                .res;
            self.done = done;
            res
        };
        let mut meta_entry = BlobEntry {
            res: meta_res,
            part_number: 1,
            ref_count: 1,
            sha1: meta_sha1,
        };
        meta_entry.res.flags |= RESHDR_METADATA;

        let mut table = Vec::with_capacity((self.blobs.len() + 1) * 50);
        table.extend_from_slice(&meta_entry.to_bytes());
        // Contents stored but never linked are not part of the image.
        for b in self.blobs.iter().filter(|b| b.ref_count > 0) {
            table.extend_from_slice(&b.to_bytes());
        }
        let bt_off = self.pos;
        self.write_at_end(&table)?;
        let blob_table = ResHdr {
            size_in_wim: table.len() as u64,
            flags: RESHDR_METADATA,
            offset: self.base + bt_off,
            original_size: table.len() as u64,
        };

        let xml_off = self.pos;
        let stats = ImageStats {
            wim_total_bytes: xml_off,
            creation_time: self.time,
            last_modification_time: self.time,
            ..self.stats
        };
        let xml = xml::encode_utf16(&xml::build_text(info, &stats));
        self.write_at_end(&xml)?;
        let xml_data = ResHdr {
            size_in_wim: xml.len() as u64,
            flags: RESHDR_METADATA,
            offset: self.base + xml_off,
            original_size: xml.len() as u64,
        };
        let end = self.pos;
        if self.high_water > end {
            let zeros = vec![0u8; (self.high_water - end).min(1 << 20) as usize];
            let mut left = self.high_water - end;
            while left > 0 {
                let k = left.min(zeros.len() as u64) as usize;
                self.out.write_all(&zeros[..k])?;
                left -= k as u64;
            }
        }

        let mut header = Header::new_xpress(self.guid);
        header.blob_table = blob_table;
        header.xml_data = xml_data;
        self.out.seek(SeekFrom::Start(self.base))?;
        self.out.write_all(&header.to_bytes())?;
        self.out.seek(SeekFrom::Start(self.base + end))?;
        self.out.flush()?;
        let w = self
            .out
            .into_inner()
            .map_err(|e| WimError::Io(e.into_error()))?;
        Ok((w, end))
    }
}
