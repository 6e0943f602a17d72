//! Reading the rows file: a regular file of bounded size, streamed one record at a time
//! so memory does not grow with the number of rows.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// How much a rows file may hold. A district's sites or a refresh batch is hundreds of
/// rows; the limits stop a wrong file (a log, a disk image) early with a clear message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_rows: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 32 * 1024 * 1024,
            max_rows: 100_000,
        }
    }
}

/// Why the rows file as a whole cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RowsError {
    #[error("cannot read {path}: {reason}")]
    Read { path: PathBuf, reason: String },
    #[error("{path} is not a regular file (a folder, device or pipe?)")]
    NotRegular { path: PathBuf },
    #[error("{path} is larger than {limit} bytes; split it into several files")]
    TooLarge { path: PathBuf, limit: u64 },
    #[error("{path} has more than {limit} rows; split it into several files")]
    TooManyRows { path: PathBuf, limit: u64 },
    #[error("{path} is empty; its first line must name the project fields each column sets")]
    NoHeader { path: PathBuf },
    #[error("{path} has a header but no rows")]
    NoRows { path: PathBuf },
}

/// One data row: its line in the file (1 = the header) and its cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

/// A row the CSV reader could not take apart.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Malformed {
    #[error("the row has {found} cells but the header has {expected}")]
    Cells { expected: usize, found: usize },
    #[error("the row is not UTF-8 text (save the file as UTF-8)")]
    NotUtf8,
}

/// What reading the next record gave.
#[derive(Debug)]
pub enum Record {
    Row(Row),
    Bad { line: u64, why: Malformed },
}

/// An open rows file positioned after its header.
pub struct RowsFile {
    path: PathBuf,
    header: Vec<String>,
    reader: csv::Reader<Limited>,
    exceeded: Arc<AtomicBool>,
    limits: Limits,
    rows: u64,
    record: csv::StringRecord,
}

impl RowsFile {
    /// Opens `path` (regular files only) and reads its header.
    pub fn open(path: &Path, limits: Limits) -> Result<Self, RowsError> {
        let read_err = |e: &io::Error| RowsError::Read {
            path: path.to_path_buf(),
            reason: crate::errors::io_reason(e),
        };
        // Checked before opening, since opening a FIFO would wait for a writer.
        let meta = std::fs::metadata(path).map_err(|e| read_err(&e))?;
        if !meta.is_file() {
            return Err(RowsError::NotRegular {
                path: path.to_path_buf(),
            });
        }
        let file = File::open(path).map_err(|e| read_err(&e))?;
        let meta = file.metadata().map_err(|e| read_err(&e))?;
        if !meta.is_file() {
            return Err(RowsError::NotRegular {
                path: path.to_path_buf(),
            });
        }
        if meta.len() > limits.max_bytes {
            return Err(RowsError::TooLarge {
                path: path.to_path_buf(),
                limit: limits.max_bytes,
            });
        }
        let exceeded = Arc::new(AtomicBool::new(false));
        let limited = Limited {
            inner: file,
            left: limits.max_bytes,
            exceeded: exceeded.clone(),
        };
        // Records end at '\n' only: the csv crate's CRLF handling reports the line before
        // the real one for every record after a "\r\n". The '\r' left at the end of the
        // last cell is removed with the cell's spaces.
        let mut reader = csv::ReaderBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .flexible(true)
            .has_headers(true)
            .from_reader(limited);
        let header = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(file_error(path, &exceeded, limits, e)),
        };
        let header: Vec<String> = header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = if i == 0 {
                    h.trim_start_matches('\u{feff}')
                } else {
                    h
                };
                h.trim().to_owned()
            })
            .collect();
        if header.is_empty() || header.iter().all(String::is_empty) {
            return Err(RowsError::NoHeader {
                path: path.to_path_buf(),
            });
        }
        Ok(RowsFile {
            path: path.to_path_buf(),
            header,
            reader,
            exceeded,
            limits,
            rows: 0,
            record: csv::StringRecord::new(),
        })
    }

    /// The header's cells, trimmed (a UTF-8 byte-order mark removed).
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The next record, `None` at the end of the file.
    pub fn next_record(&mut self) -> Result<Option<Record>, RowsError> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return Ok(None),
                Ok(true) => {
                    // A line holding only separators or spaces is a blank line to a person.
                    if self.record.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    self.count()?;
                    let line = self.record.position().map_or(0, |p| p.line());
                    if self.record.len() != self.header.len() {
                        return Ok(Some(Record::Bad {
                            line,
                            why: Malformed::Cells {
                                expected: self.header.len(),
                                found: self.record.len(),
                            },
                        }));
                    }
                    return Ok(Some(Record::Row(Row {
                        line,
                        cells: self.record.iter().map(|c| c.trim().to_owned()).collect(),
                    })));
                }
                Err(e) => {
                    if let csv::ErrorKind::Utf8 { pos, .. } = e.kind() {
                        let line = pos.as_ref().map_or(0, |p| p.line());
                        self.count()?;
                        return Ok(Some(Record::Bad {
                            line,
                            why: Malformed::NotUtf8,
                        }));
                    }
                    return Err(file_error(&self.path, &self.exceeded, self.limits, e));
                }
            }
        }
    }

    fn count(&mut self) -> Result<(), RowsError> {
        self.rows += 1;
        if self.rows > self.limits.max_rows {
            return Err(RowsError::TooManyRows {
                path: self.path.clone(),
                limit: self.limits.max_rows,
            });
        }
        Ok(())
    }
}

/// A reader that fails once more than the limit was read (a file growing while read).
struct Limited {
    inner: File,
    left: u64,
    exceeded: Arc<AtomicBool>,
}

impl Read for Limited {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let want = buf
            .len()
            .min(usize::try_from(self.left + 1).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n as u64 > self.left {
            self.exceeded.store(true, Ordering::Relaxed);
            return Err(io::Error::other("the file grew past its size limit"));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

fn file_error(path: &Path, exceeded: &AtomicBool, limits: Limits, e: csv::Error) -> RowsError {
    let path = path.to_path_buf();
    if exceeded.load(Ordering::Relaxed) {
        return RowsError::TooLarge {
            path,
            limit: limits.max_bytes,
        };
    }
    let reason = match e.into_kind() {
        csv::ErrorKind::Io(io) => crate::errors::io_reason(&io),
        csv::ErrorKind::Utf8 { .. } => "its first line is not UTF-8 text".into(),
        _ => "it is not a CSV file".into(),
    };
    RowsError::Read { path, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("rows.csv");
        std::fs::write(&p, text).unwrap();
        (dir, p)
    }

    fn all(f: &mut RowsFile) -> Result<Vec<Record>, RowsError> {
        let mut v = Vec::new();
        while let Some(r) = f.next_record()? {
            v.push(r);
        }
        Ok(v)
    }

    #[test]
    fn header_is_trimmed_and_lines_are_counted_across_quoted_newlines() {
        let (_d, p) = file(" key , name\na,\"two\nlines\"\n\n , \nb,B\n".as_bytes());
        let mut f = RowsFile::open(&p, Limits::default()).unwrap();
        assert_eq!(f.header(), ["key", "name"]);
        let rows = all(&mut f).unwrap();
        assert_eq!(rows.len(), 2, "blank lines are skipped");
        let Record::Row(r) = &rows[0] else { panic!() };
        assert_eq!(
            (r.line, r.cells.as_slice()),
            (2, &["a".to_owned(), "two\nlines".to_owned()][..])
        );
        let Record::Row(r) = &rows[1] else { panic!() };
        assert_eq!(r.line, 6);
    }

    #[test]
    fn windows_line_ends_give_the_same_lines_and_cells() {
        let (_d, p) = file(b"\xef\xbb\xbfkey,name\r\n\r\na,\"A\"\r\nb,\"two\r\nlines\"\r\nc,C\r\n");
        let mut f = RowsFile::open(&p, Limits::default()).unwrap();
        assert_eq!(f.header(), ["key", "name"]);
        let rows: Vec<(u64, Vec<String>)> = all(&mut f)
            .unwrap()
            .into_iter()
            .map(|r| match r {
                Record::Row(r) => (r.line, r.cells),
                Record::Bad { line, why } => panic!("line {line}: {why}"),
            })
            .collect();
        let cells = |a: &str, b: &str| vec![a.to_owned(), b.to_owned()];
        assert_eq!(
            rows,
            [
                (3, cells("a", "A")),
                (4, cells("b", "two\r\nlines")),
                (6, cells("c", "C"))
            ]
        );
    }

    #[test]
    fn malformed_rows_are_reported_and_reading_goes_on() {
        let (_d, p) = file(b"key,name\na\nb,\xff\xfe\nc,C\n");
        let mut f = RowsFile::open(&p, Limits::default()).unwrap();
        let rows = all(&mut f).unwrap();
        assert!(matches!(
            rows[0],
            Record::Bad {
                line: 2,
                why: Malformed::Cells {
                    expected: 2,
                    found: 1
                }
            }
        ));
        assert!(matches!(
            rows[1],
            Record::Bad {
                line: 3,
                why: Malformed::NotUtf8
            }
        ));
        assert!(matches!(&rows[2], Record::Row(r) if r.line == 4));
    }

    #[test]
    fn limits_stop_with_clear_errors() {
        let (_d, p) = file(b"key\na\nb\nc\n");
        let small = Limits {
            max_bytes: 1024,
            max_rows: 2,
        };
        let mut f = RowsFile::open(&p, small).unwrap();
        let e = all(&mut f).err().unwrap();
        assert!(matches!(e, RowsError::TooManyRows { limit: 2, .. }), "{e}");
        assert!(
            e.to_string()
                .ends_with("has more than 2 rows; split it into several files")
        );
        let tiny = Limits {
            max_bytes: 5,
            max_rows: 10,
        };
        let e = RowsFile::open(&p, tiny).err().unwrap();
        assert!(matches!(e, RowsError::TooLarge { limit: 5, .. }), "{e}");
        let (_d, empty) = file(b"");
        assert!(matches!(
            RowsFile::open(&empty, Limits::default()),
            Err(RowsError::NoHeader { .. })
        ));
        assert!(matches!(
            RowsFile::open(Path::new("/dev/null"), Limits::default()),
            Err(RowsError::NotRegular { .. })
        ));
    }
}
