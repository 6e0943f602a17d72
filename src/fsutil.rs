//! Files in and out: bounded reads of regular files, and atomic output (a temporary file
//! in the target folder, fsync, then rename).
//!
//! A package or project is either fully written or not there at all; an existing file is
//! only replaced when the caller asks for it. A file we read is a regular file (never a
//! device or pipe such as `/dev/zero`, which would never end) and is read only up to a
//! limit fitting what it holds.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// What to do when the destination already exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overwrite {
    /// Fail with [`io::ErrorKind::AlreadyExists`].
    Refuse,
    /// Replace the existing file atomically.
    Replace,
}

/// A file being written next to its final path. Dropping it without [`AtomicFile::commit`]
/// removes the temporary file, so a failure or a panic leaves nothing behind.
pub struct AtomicFile {
    temp: Option<tempfile::NamedTempFile>,
    dest: PathBuf,
    overwrite: Overwrite,
}

impl AtomicFile {
    /// Starts writing `dest`. Fails early when `dest` exists and `overwrite` is `Refuse`,
    /// or when its folder does not exist.
    pub fn create(dest: impl AsRef<Path>, overwrite: Overwrite) -> io::Result<Self> {
        let dest = dest.as_ref().to_path_buf();
        if overwrite == Overwrite::Refuse && fs::symlink_metadata(&dest).is_ok() {
            return Err(already_exists(&dest));
        }
        let dir = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(PARTIAL_SUFFIX)
            .tempfile_in(&dir)?;
        // Held while this process lives: tells [`remove_stale_partials`] the file is in use.
        lock_exclusive(temp.as_file());
        Ok(Self {
            temp: Some(temp),
            dest,
            overwrite,
        })
    }

    /// The open temporary file, for callers that need `Seek` as well as `Write`.
    pub fn file(&mut self) -> &mut File {
        self.temp.as_mut().expect("not committed").as_file_mut()
    }

    /// The path the file will have once committed.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Flushes, fsyncs and renames into place.
    pub fn commit(mut self) -> io::Result<PathBuf> {
        let temp = self.temp.take().expect("not committed");
        temp.as_file().sync_all()?;
        match self.overwrite {
            Overwrite::Replace => {
                temp.persist(&self.dest).map_err(|e| e.error)?;
            }
            Overwrite::Refuse => {
                temp.persist_noclobber(&self.dest).map_err(|e| {
                    if e.error.kind() == io::ErrorKind::AlreadyExists {
                        already_exists(&self.dest)
                    } else {
                        e.error
                    }
                })?;
            }
        }
        if let Some(dir) = self.dest.parent().filter(|p| !p.as_os_str().is_empty()) {
            // Make the rename itself durable; not all platforms allow opening a folder.
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(self.dest.clone())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file().write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file().flush()
    }
}

fn already_exists(dest: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{} already exists", dest.display()),
    )
}

/// Writes `bytes` to `dest` atomically.
pub fn write_atomic(
    dest: impl AsRef<Path>,
    bytes: &[u8],
    overwrite: Overwrite,
) -> io::Result<PathBuf> {
    let mut f = AtomicFile::create(dest, overwrite)?;
    f.write_all(bytes)?;
    f.commit()
}

/// Fills `buf` from `src`, stopping early only at the end of input; returns the bytes
/// read. (`Read::read_exact` fails at the end, and block formats need the short count.)
pub fn read_full<R: io::Read + ?Sized>(src: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match src.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The suffix of every temporary file [`AtomicFile`] writes (`.<name>.XXXXXX.partial`).
const PARTIAL_SUFFIX: &str = ".partial";

/// Why a file that should be a regular file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("it is a folder")]
    Folder,
    #[error("it is not a regular file (a device, pipe or socket)")]
    NotRegular,
    #[error("it is larger than {}, more than such a file can need", size_text(*.limit))]
    TooLarge { limit: u64 },
    #[error("{}", crate::errors::io_reason(.0))]
    Io(#[from] io::Error),
}

impl From<ReadError> for io::Error {
    fn from(e: ReadError) -> Self {
        match e {
            ReadError::Io(e) => e,
            other => io::Error::new(io::ErrorKind::InvalidInput, other),
        }
    }
}

/// `4 MiB`, `64 KiB`, `512 bytes`: limits in messages.
pub fn size_text(n: u64) -> String {
    if n >= 1 << 30 && n % (1 << 30) == 0 {
        format!("{} GiB", n >> 30)
    } else if n >= 1 << 20 && n % (1 << 20) == 0 {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n % (1 << 10) == 0 {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

fn check_kind(meta: &fs::Metadata) -> Result<(), ReadError> {
    if meta.is_dir() {
        Err(ReadError::Folder)
    } else if !meta.is_file() {
        Err(ReadError::NotRegular)
    } else {
        Ok(())
    }
}

/// Opens `path` for reading only when it is a regular file (symlinks followed), and gives
/// its size. A FIFO is not waited on: it is refused like any device.
pub fn open_regular(path: &Path) -> Result<(File, u64), ReadError> {
    check_kind(&fs::metadata(path)?)?;
    let file = open_read_nonblocking(path)?;
    // Check the open handle too: the path may have been swapped in between.
    let meta = file.metadata()?;
    check_kind(&meta)?;
    Ok((file, meta.len()))
}

#[cfg(unix)]
fn open_read_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO with no writer returns at once instead of hanging; reads
    // of regular files ignore the flag.
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_read_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Reads the regular file `path` whole, refusing one over `limit` bytes (also when it grows
/// while being read).
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (file, len) = open_regular(path)?;
    if len > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let mut buf = Vec::with_capacity(len as usize);
    file.take(limit + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(buf)
}

/// Reads at most `limit` bytes from `r` into memory; more is [`ReadError::TooLarge`].
pub fn read_stream_capped(r: impl Read, limit: u64) -> io::Result<Result<Vec<u8>, u64>> {
    let mut buf = Vec::new();
    r.take(limit + 1).read_to_end(&mut buf)?;
    Ok(if buf.len() as u64 > limit {
        Err(limit)
    } else {
        Ok(buf)
    })
}

/// Takes an exclusive advisory lock on `f` for as long as it stays open, if the platform
/// has such locks; a process killed with `kill -9` releases it.
#[cfg(unix)]
fn lock_exclusive(f: &File) -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a valid, open descriptor; no memory is shared with the kernel.
    unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

#[cfg(not(unix))]
fn lock_exclusive(_f: &File) -> bool {
    false
}

/// Removes what interrupted writes of `dest` left in its folder: `.<name>.*.partial` files
/// (a killed build's half-written package, possibly holding secrets in clear) that no
/// running process holds. Returns the paths removed. Only our own naming is matched, only
/// regular files are touched, and errors are ignored: this is cleanup, not the job.
pub fn remove_stale_partials(dest: &Path) -> Vec<PathBuf> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Some(name) = dest.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else {
            continue;
        };
        let Some(middle) = n
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(PARTIAL_SUFFIX))
        else {
            continue;
        };
        // tempfile's random part: letters and digits only.
        if middle.is_empty() || !middle.chars().all(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let path = entry.path();
        if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            continue;
        }
        if is_stale(&path) && fs::remove_file(&path).is_ok() {
            removed.push(path);
        }
    }
    removed.sort();
    removed
}

/// True when nobody holds the file's lock (its writer is gone).
#[cfg(unix)]
fn is_stale(path: &Path) -> bool {
    match open_read_nonblocking(path) {
        Ok(f) => f.metadata().is_ok_and(|m| m.is_file()) && lock_exclusive(&f),
        Err(_) => false,
    }
}

/// Without advisory locks: stale once untouched for a day.
#[cfg(not(unix))]
fn is_stale(path: &Path) -> bool {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 24 * 3600)
}

/// Where [`commit_pair`] failed, and whether the previous files are still in place.
#[derive(Debug)]
pub struct PairError {
    /// The destination that could not be written.
    pub path: PathBuf,
    pub source: io::Error,
}

/// Renames two finished files into place as a pair: on any failure both destinations are
/// left exactly as they were (a replaced first file is put back). The only moment the pair
/// is mixed is between two back-to-back renames, which nothing here can shorten further.
pub fn commit_pair(
    mut first: AtomicFile,
    mut second: AtomicFile,
) -> Result<(PathBuf, PathBuf), PairError> {
    let fail = |path: &Path, source: io::Error| PairError {
        path: path.to_owned(),
        source,
    };
    for f in [&mut first, &mut second] {
        let dest = f.dest.clone();
        f.file().sync_all().map_err(|e| fail(&dest, e))?;
        match fs::symlink_metadata(&dest) {
            Ok(m) if m.is_dir() => {
                return Err(fail(
                    &dest,
                    io::Error::new(io::ErrorKind::IsADirectory, "it is a folder"),
                ));
            }
            Ok(_) if f.overwrite == Overwrite::Refuse => {
                return Err(fail(&dest, already_exists(&dest)));
            }
            _ => {}
        }
    }
    // Keep a second name for the first file's previous version, to put it back.
    let backup = if first.overwrite == Overwrite::Replace
        && fs::symlink_metadata(&first.dest).is_ok_and(|m| m.is_file())
    {
        Some(backup_link(&first.dest).map_err(|e| fail(&first.dest, e))?)
    } else {
        None
    };
    let first_dest = first.dest.clone();
    let second_dest = second.dest.clone();
    let restore = |backup: &Option<(PathBuf, File)>| match backup {
        Some((b, _)) => {
            let _ = fs::rename(b, &first_dest);
        }
        None => {
            let _ = fs::remove_file(&first_dest);
        }
    };
    if let Err(e) = first.commit() {
        if let Some((b, _)) = &backup {
            let _ = fs::remove_file(b);
        }
        return Err(fail(&first_dest, e));
    }
    if let Err(e) = second.commit() {
        restore(&backup);
        return Err(fail(&second_dest, e));
    }
    if let Some((b, _)) = backup {
        let _ = fs::remove_file(b);
    }
    Ok((first_dest, second_dest))
}

/// A hard link to `dest` under a temporary name, locked so that a concurrent cleanup keeps
/// it; falls back to a copy where hard links are not possible.
fn backup_link(dest: &Path) -> io::Result<(PathBuf, File)> {
    let holder = AtomicFile::create(dest, Overwrite::Replace)?;
    let temp = holder.temp.as_ref().expect("new").path().to_path_buf();
    // The placeholder only reserved a unique name; the link takes its place.
    fs::remove_file(&temp)?;
    drop(holder);
    if fs::hard_link(dest, &temp).is_err() {
        fs::copy(dest, &temp)?;
    }
    let f = File::open(&temp)?;
    lock_exclusive(&f);
    Ok((temp, f))
}

/// `target` relative to the folder `base` (with `..` where needed), so paths saved in a
/// project keep working when the project folder moves. Absolute when nothing is shared.
pub fn relative_path(target: &Path, base: &Path) -> PathBuf {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (t, b) = (abs(target), abs(base));
    let tc: Vec<_> = t.components().collect();
    let bc: Vec<_> = b.components().collect();
    let common = tc.iter().zip(&bc).take_while(|(a, b)| a == b).count();
    if common <= 1 {
        return t;
    }
    let mut out = PathBuf::new();
    for _ in common..bc.len() {
        out.push("..");
    }
    for c in &tc[common..] {
        out.push(c.as_os_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_clobber_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomic(&p, b"one", Overwrite::Refuse).unwrap();
        let err = write_atomic(&p, b"two", Overwrite::Refuse).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"three", Overwrite::Replace).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"three");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_path(Path::new("/a/b/c.txt"), Path::new("/a/b")),
            PathBuf::from("c.txt")
        );
        assert_eq!(
            relative_path(Path::new("/a/x/c.txt"), Path::new("/a/b")),
            PathBuf::from("../x/c.txt")
        );
        assert_eq!(
            relative_path(Path::new("/x/c.txt"), Path::new("/a/b")),
            PathBuf::from("/x/c.txt")
        );
    }

    #[test]
    fn dropped_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.bin");
        {
            let mut f = AtomicFile::create(&p, Overwrite::Refuse).unwrap();
            f.write_all(b"partial").unwrap();
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
