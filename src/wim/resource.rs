//! Reading resources: plain ones, and compressed ones made of independent chunks behind
//! a chunk table (one offset per chunk after the first, relative to the table's end).
//!
//! Nothing here trusts a declared size: the chunk table is only read after checking it
//! fits in the resource, and the resource was checked to fit in the file.

use std::io::{self, Read, Seek, SeekFrom};

use super::error::{Result, WimError};
use super::header::ResHdr;
use super::xpress::Decompressor;

/// Bytes per chunk table entry for a resource of this uncompressed size.
pub(crate) fn chunk_entry_size(original_size: u64) -> u64 {
    if original_size > u64::from(u32::MAX) {
        8
    } else {
        4
    }
}

/// Streams the uncompressed bytes of one resource.
pub(crate) struct ResourceReader<'a, R: Read + Seek> {
    src: &'a mut R,
    res: ResHdr,
    chunk_size: u64,
    /// Compressed chunk boundaries relative to `data_start`; `num_chunks + 1` entries.
    bounds: Vec<u64>,
    data_start: u64,
    next_chunk: usize,
    buf: Vec<u8>,
    buf_pos: usize,
    cbuf: Vec<u8>,
    decomp: Option<Box<Decompressor>>,
    remaining: u64,
    what: String,
}

impl<'a, R: Read + Seek> ResourceReader<'a, R> {
    /// Prepares reading `res`; `file_len` bounds every declared size. `what` names the
    /// resource in error messages.
    pub(crate) fn new(
        src: &'a mut R,
        res: ResHdr,
        chunk_size: u32,
        file_len: u64,
        what: &str,
    ) -> Result<Self> {
        let end = res.offset.checked_add(res.size_in_wim);
        if end.is_none_or(|e| e > file_len) {
            return Err(WimError::truncated(format!(
                "{what} ends at {} past the end of the file ({file_len} bytes)",
                res.offset.saturating_add(res.size_in_wim)
            )));
        }
        let mut r = ResourceReader {
            src,
            res,
            chunk_size: u64::from(chunk_size),
            bounds: Vec::new(),
            data_start: res.offset,
            next_chunk: 0,
            buf: Vec::new(),
            buf_pos: 0,
            cbuf: Vec::new(),
            decomp: None,
            remaining: res.original_size,
            what: what.to_string(),
        };
        if !res.is_compressed() {
            if res.size_in_wim != res.original_size {
                return Err(WimError::CorruptData(format!(
                    "{what}: uncompressed resource of {} bytes declares {} bytes",
                    res.size_in_wim, res.original_size
                )));
            }
            return Ok(r);
        }
        if res.original_size == 0 {
            return Ok(r);
        }
        let n = res.original_size.div_ceil(r.chunk_size);
        let es = chunk_entry_size(res.original_size);
        let table_len = (n - 1)
            .checked_mul(es)
            .filter(|&t| t <= res.size_in_wim)
            .ok_or_else(|| {
                WimError::SizeTooLarge(format!(
                    "{what}: {} bytes in {n} chunks cannot fit in {} stored bytes",
                    res.original_size, res.size_in_wim
                ))
            })?;
        let mut table = vec![0u8; table_len as usize];
        r.src.seek(SeekFrom::Start(res.offset))?;
        r.src
            .read_exact(&mut table)
            .map_err(|e| eof_to_truncated(e, what))?;
        let data_len = res.size_in_wim - table_len;
        let mut bounds = Vec::with_capacity(n as usize + 1);
        bounds.push(0u64);
        for e in table.chunks_exact(es as usize) {
            bounds.push(if es == 4 {
                u64::from(u32::from_le_bytes([e[0], e[1], e[2], e[3]]))
            } else {
                u64::from_le_bytes(e.try_into().unwrap_or([0; 8]))
            });
        }
        bounds.push(data_len);
        for k in 0..n as usize {
            let csize = bounds[k + 1].checked_sub(bounds[k]);
            let usize_ = (res.original_size - k as u64 * r.chunk_size).min(r.chunk_size);
            match csize {
                Some(c) if c > 0 && c <= usize_ => {}
                _ => {
                    return Err(WimError::CorruptChunkTable(format!(
                        "{what}: chunk {k} spans {}..{} of {data_len} bytes",
                        bounds[k],
                        bounds[k + 1]
                    )));
                }
            }
        }
        r.bounds = bounds;
        r.data_start = res.offset + table_len;
        Ok(r)
    }

    fn fill(&mut self) -> Result<()> {
        let k = self.next_chunk;
        let ulen =
            (self.res.original_size - k as u64 * self.chunk_size).min(self.chunk_size) as usize;
        let (start, end) = (self.bounds[k], self.bounds[k + 1]);
        let clen = (end - start) as usize;
        self.src.seek(SeekFrom::Start(self.data_start + start))?;
        self.buf.resize(ulen, 0);
        if clen == ulen {
            self.src
                .read_exact(&mut self.buf)
                .map_err(|e| eof_to_truncated(e, &self.what))?;
        } else {
            self.cbuf.resize(clen, 0);
            self.src
                .read_exact(&mut self.cbuf)
                .map_err(|e| eof_to_truncated(e, &self.what))?;
            let d = self
                .decomp
                .get_or_insert_with(|| Box::new(Decompressor::new()));
            d.decompress(&self.cbuf, &mut self.buf)
                .map_err(|e| WimError::CorruptData(format!("{}: chunk {k}: {e}", self.what)))?;
        }
        self.buf_pos = 0;
        self.next_chunk += 1;
        Ok(())
    }

    /// Reads the whole resource into memory, refusing resources over `cap` bytes.
    pub(crate) fn read_all(mut self, cap: u64) -> Result<Vec<u8>> {
        if self.res.original_size > cap {
            return Err(WimError::SizeTooLarge(format!(
                "{}: {} bytes (limit {cap})",
                self.what, self.res.original_size
            )));
        }
        // Grows with the data actually decoded, not with the declared size.
        let mut v = Vec::new();
        self.read_to_end(&mut v)?;
        Ok(v)
    }
}

fn eof_to_truncated(e: io::Error, what: &str) -> WimError {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        WimError::truncated(what.to_string())
    } else {
        WimError::Io(e)
    }
}

impl<R: Read + Seek> Read for ResourceReader<'_, R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.remaining == 0 || out.is_empty() {
            return Ok(0);
        }
        if !self.res.is_compressed() {
            let pos = self.res.offset + (self.res.original_size - self.remaining);
            self.src.seek(SeekFrom::Start(pos))?;
            let want = (out.len() as u64).min(self.remaining) as usize;
            let n = self.src.read(&mut out[..want])?;
            if n == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("truncated WIM: {}", self.what),
                ));
            }
            self.remaining -= n as u64;
            return Ok(n);
        }
        if self.buf_pos == self.buf.len() {
            self.fill().map_err(to_io)?;
        }
        let n = out.len().min(self.buf.len() - self.buf_pos);
        out[..n].copy_from_slice(&self.buf[self.buf_pos..self.buf_pos + n]);
        self.buf_pos += n;
        self.remaining -= n as u64;
        Ok(n)
    }
}

/// Carries a `WimError` through `io::Read`; [`from_io`] recovers it.
pub(crate) fn to_io(e: WimError) -> io::Error {
    match e {
        WimError::Io(e) => e,
        other => io::Error::other(other),
    }
}

/// Inverse of [`to_io`].
pub(crate) fn from_io(e: io::Error) -> WimError {
    if e.get_ref().is_some_and(|i| i.is::<WimError>()) {
        match e.into_inner().map(|b| b.downcast::<WimError>()) {
            Some(Ok(w)) => *w,
            Some(Err(other)) => WimError::Io(io::Error::other(other)),
            None => WimError::Io(io::Error::other("unknown")),
        }
    } else {
        WimError::Io(e)
    }
}
