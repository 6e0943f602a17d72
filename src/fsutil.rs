//! Atomic file output: a temporary file in the target folder, fsync, then rename.
//!
//! A package or project is either fully written or not there at all; an existing file is
//! only replaced when the caller asks for it.

use std::fs::{self, File};
use std::io::{self, Write};
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
            .suffix(".partial")
            .tempfile_in(&dir)?;
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
