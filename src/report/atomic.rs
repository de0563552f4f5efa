//! Atomic, polite output files. Each file is written to a hidden temporary file in the output
//! folder, flushed and synced, then renamed over its final name, so a reader (or a crash) never
//! sees a half-written output. The folder keeps a manifest of the files siloscope wrote there
//! ([`MANIFEST`]): siloscope writes into an empty folder or its own, refuses a folder of someone
//! else's files unless `--force`, never replaces a file it did not write (unless `--force`), and
//! never deletes one.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};

/// The manifest of an output folder: the names of the files siloscope wrote there, one a line.
pub const MANIFEST: &str = ".siloscope-manifest";

/// The output folder (`--out DIR`).
#[derive(Debug, Clone)]
pub struct OutputDir {
    dir: PathBuf,
    /// `--excel`: CSV tables in French Excel's form (BOM, `;`, decimal comma).
    excel: bool,
    /// The files siloscope wrote in this folder (this run and earlier ones), or `None` for a
    /// folder siloscope does not keep (the folder of a `--timings` file).
    owned: Option<Arc<Mutex<BTreeSet<String>>>>,
    /// `--force`: write siloscope's own file names even over files it did not write.
    force: bool,
    /// The files written by this run, so that [`OutputDir::remove_stale`] can take out the
    /// ones an earlier run wrote and this one did not.
    this_run: Arc<Mutex<BTreeSet<String>>>,
}

impl OutputDir {
    /// Opens the results folder: creates it if needed; a folder that holds files siloscope did
    /// not write (no manifest) is refused unless `force`; a path that is a file is refused.
    pub fn create(dir: &Path) -> Result<OutputDir> {
        OutputDir::create_with(dir, false)
    }

    /// [`OutputDir::create`], with `--force`.
    pub fn create_with(dir: &Path, force: bool) -> Result<OutputDir> {
        let write_err = |source| Error::Write {
            path: dir.to_path_buf(),
            source,
        };
        if dir.exists() && !dir.is_dir() {
            return Err(Error::OutputIsAFile {
                path: dir.to_path_buf(),
            });
        }
        fs::create_dir_all(dir).map_err(write_err)?;
        let manifest = dir.join(MANIFEST);
        let owned: BTreeSet<String> = match fs::read_to_string(&manifest) {
            Ok(text) => text.lines().map(str::to_string).collect(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let mut foreign: Vec<String> = fs::read_dir(dir)
                    .map_err(write_err)?
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect();
                foreign.sort();
                if !foreign.is_empty() && !force {
                    return Err(Error::ForeignOutputFolder {
                        path: dir.to_path_buf(),
                        files: foreign.len(),
                        example: foreign[0].clone(),
                    });
                }
                BTreeSet::new()
            }
            Err(source) => {
                return Err(Error::Write {
                    path: manifest,
                    source,
                });
            }
        };
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            excel: false,
            owned: Some(Arc::new(Mutex::new(owned))),
            force,
            this_run: Arc::default(),
        })
    }

    /// A folder that holds one file named on the command line (`--timings FILE`): no manifest,
    /// no check of the other files, which are never touched.
    pub fn for_named_file(dir: &Path) -> Result<OutputDir> {
        fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            excel: false,
            owned: None,
            force: true,
            this_run: Arc::default(),
        })
    }

    /// True when siloscope wrote `name` in this folder (this run or an earlier one).
    fn owns(&self, name: &str) -> bool {
        self.owned
            .as_ref()
            .is_some_and(|o| o.lock().map(|o| o.contains(name)).unwrap_or(false))
    }

    /// Records `name` as siloscope's (or forgets it) and rewrites the manifest atomically.
    fn record(&self, name: &str, written: bool) -> io::Result<()> {
        let Some(owned) = &self.owned else {
            return Ok(());
        };
        let text = {
            let mut o = owned
                .lock()
                .map_err(|_| io::Error::other("manifest lock"))?;
            if written {
                o.insert(name.to_string());
            } else {
                o.remove(name);
            }
            o.iter().map(|n| format!("{n}\n")).collect::<String>()
        };
        let temp = self.dir.join(format!("{MANIFEST}.tmp"));
        fs::write(&temp, text)?;
        fs::rename(&temp, self.dir.join(MANIFEST))
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
        if target.exists() && !self.force && !self.owns(name) {
            return Err(Error::ForeignOutputFile { path: target });
        }
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
            self.record(name, true)?;
            if let Ok(mut names) = self.this_run.lock() {
                names.insert(name.to_string());
            }
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

    /// Removes the files siloscope wrote in this folder in an earlier run and not in this one
    /// (an analysis left out with `--analyses`, person-level files under `--no-person-level`,
    /// pictures under `--format none`), so that the folder never mixes two runs. Call it once,
    /// when everything is written. Files siloscope did not write are never touched.
    pub fn remove_stale(&self) -> Result<()> {
        let Some(owned) = &self.owned else {
            return Ok(());
        };
        let written = self.this_run.lock().map(|w| w.clone()).unwrap_or_default();
        let stale: Vec<String> = owned
            .lock()
            .map(|o| o.difference(&written).cloned().collect())
            .unwrap_or_default();
        for name in stale {
            self.remove_if_present(&name)?;
        }
        Ok(())
    }

    /// A folder of siloscope's inside this one (`before/` and `after/` of a comparison):
    /// recorded in this folder's manifest, and itself checked and owned as [`Self::create`]
    /// does. Returns its path.
    pub fn subfolder(&self, name: &str) -> Result<PathBuf> {
        let path = self.dir.join(name);
        if path.exists() && !path.is_dir() {
            return Err(Error::OutputIsAFile { path });
        }
        fs::create_dir_all(&path).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        self.record(name, true).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        if let Ok(mut w) = self.this_run.lock() {
            w.insert(name.to_string());
        }
        Ok(path)
    }

    /// Removes `name` from the folder if siloscope wrote it there (a stale output of an earlier
    /// run); a file of the same name that siloscope did not write is left alone.
    pub fn remove_if_present(&self, name: &str) -> Result<()> {
        if !self.owns(name) {
            return Ok(());
        }
        let path = self.dir.join(name);
        if path.is_dir() {
            // a comparison's before/ or after/: its files are its own manifest's business
            return Ok(());
        }
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(Error::Write { path, source }),
        }
        self.record(name, false)
            .map_err(|source| Error::Write { path, source })
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
        let mut names: Vec<_> = names;
        names.sort();
        assert_eq!(
            names,
            vec![
                std::ffi::OsString::from(MANIFEST),
                std::ffi::OsString::from("a.txt")
            ]
        );
    }

    #[test]
    fn a_folder_of_someone_else_s_files_is_refused_and_never_touched() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("summary.md"), b"mine").unwrap();
        fs::write(dir.path().join("notes.txt"), b"mine too").unwrap();
        assert!(matches!(
            OutputDir::create(dir.path()),
            Err(Error::ForeignOutputFolder { files: 2, .. })
        ));
        // --force writes siloscope's own names, and deletes nothing else
        let out = OutputDir::create_with(dir.path(), true).unwrap();
        out.write_bytes("summary.md", b"new").unwrap();
        out.remove_if_present("notes.txt").unwrap();
        assert_eq!(fs::read(dir.path().join("summary.md")).unwrap(), b"new");
        assert_eq!(fs::read(dir.path().join("notes.txt")).unwrap(), b"mine too");
        // the next run finds its own folder: it replaces and removes its own files only
        let again = OutputDir::create(dir.path()).unwrap();
        again.write_bytes("summary.md", b"newer").unwrap();
        again.remove_if_present("summary.md").unwrap();
        assert!(!dir.path().join("summary.md").exists());
        assert!(dir.path().join("notes.txt").exists());
        // a file the user puts in siloscope's folder is never replaced without --force
        fs::write(dir.path().join("people.csv"), b"user").unwrap();
        let third = OutputDir::create(dir.path()).unwrap();
        assert!(matches!(
            third.write_bytes("people.csv", b"x"),
            Err(Error::ForeignOutputFile { .. })
        ));
        assert_eq!(fs::read(dir.path().join("people.csv")).unwrap(), b"user");
    }

    #[test]
    fn an_out_path_that_is_a_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out");
        fs::write(&file, b"x").unwrap();
        assert!(matches!(
            OutputDir::create(&file),
            Err(Error::OutputIsAFile { .. })
        ));
    }
}
