//! Atomic output files: each file is written to a hidden temporary file in the output folder,
//! flushed and synced, then renamed over its final name, so a reader (or a crash) never sees a
//! half-written output.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The output folder (`--out DIR`).
#[derive(Debug, Clone)]
pub struct OutputDir {
    dir: PathBuf,
    /// `--excel`: CSV tables in French Excel's form (BOM, `;`, decimal comma).
    excel: bool,
}

impl OutputDir {
    /// Creates the folder (and its parents) if needed.
    pub fn create(dir: &Path) -> Result<OutputDir> {
        fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            excel: false,
        })
    }

    /// Writes the CSV tables in French Excel's form from now on (`--excel`).
    pub fn for_excel(mut self, excel: bool) -> OutputDir {
        self.excel = excel;
        self
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Writes `name` atomically with `fill`, returning its path.
    pub fn write<F>(&self, name: &str, fill: F) -> Result<PathBuf>
    where
        F: FnOnce(&mut dyn Write) -> io::Result<()>,
    {
        let target = self.dir.join(name);
        let temp = self.dir.join(format!(".{name}.tmp"));
        let excel = self.excel && name.ends_with(".csv");
        let result = (|| {
            let file = File::create(&temp)?;
            let mut out = BufWriter::with_capacity(1 << 16, file);
            if excel {
                let mut plain = Vec::new();
                fill(&mut plain)?;
                out.write_all(&crate::report::excel::to_french_excel(&plain)?)?;
            } else {
                fill(&mut out)?;
            }
            let file = out.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
            fs::rename(&temp, &target)
        })();
        result.map_err(|source| {
            let _ = fs::remove_file(&temp);
            Error::Write {
                path: target.clone(),
                source,
            }
        })?;
        Ok(target)
    }

    /// Removes `name` from the folder if it is there (a stale output of an earlier run).
    pub fn remove_if_present(&self, name: &str) -> Result<()> {
        let path = self.dir.join(name);
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(Error::Write { path, source }),
        }
    }

    /// Writes a CSV file atomically: `header`, then one record per row (serialized without a
    /// header of their own), so that a table with no row still has its header line.
    pub fn write_csv<T, I>(&self, name: &str, header: &[&str], rows: I) -> Result<PathBuf>
    where
        T: serde::Serialize,
        I: IntoIterator<Item = T>,
    {
        self.write(name, |w| {
            let mut csv = csv::WriterBuilder::new().has_headers(false).from_writer(w);
            csv.write_record(header).map_err(csv_io)?;
            for row in rows {
                csv.serialize(row).map_err(csv_io)?;
            }
            csv.flush()
        })
    }

    /// Writes `name` atomically from bytes.
    pub fn write_bytes(&self, name: &str, bytes: &[u8]) -> Result<PathBuf> {
        self.write(name, |w| w.write_all(bytes))
    }
}

/// Turns a csv error into an io error (for [`OutputDir::write`] closures).
pub fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_atomically_and_cleans_up_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::create(&dir.path().join("out")).unwrap();
        out.write_bytes("a.txt", b"hello").unwrap();
        assert_eq!(fs::read(out.path().join("a.txt")).unwrap(), b"hello");
        let err = out.write("b.txt", |w| {
            w.write_all(b"partial")?;
            Err(io::Error::other("boom"))
        });
        assert!(err.is_err());
        let names: Vec<_> = fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.txt")]);
    }
}
