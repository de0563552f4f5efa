//! Atomic, polite output files. A run writes its whole result set into a staging folder beside
//! `--out`, each file under a temporary name first, then puts the set in place in one step when
//! everything is written ([`OutputDir::commit`], [`crate::report::placement`]): a run that fails
//! or is killed leaves the previous result set as it was. The folder keeps a manifest of the
//! files siloscope wrote there ([`MANIFEST`]): siloscope writes into an empty folder or its own,
//! refuses a folder of someone else's files unless `--force`, never replaces a file it did not
//! write (unless `--force`), and never deletes one.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};
use crate::report::placement;
pub use crate::report::placement::MANIFEST;

/// The output folder (`--out DIR`).
#[derive(Debug, Clone)]
pub struct OutputDir {
    /// The folder the user named: where the results end up.
    dir: PathBuf,
    /// Where this run writes them until [`OutputDir::commit`] (the staging folder, or a folder
    /// inside it for a [`OutputDir::subfolder`]; `dir` itself for a named file).
    staging: Arc<Staging>,
    /// `--excel`: CSV tables in French Excel's form (BOM, `;`, decimal comma).
    excel: bool,
    /// The files siloscope wrote in `dir` in an earlier run, or `None` for a folder siloscope
    /// does not keep (the folder of a `--timings` file).
    owned: Option<Arc<BTreeSet<String>>>,
    /// `--force`: write siloscope's own file names even over files it did not write.
    force: bool,
    /// The files written by this run (the staging folder's manifest).
    this_run: Arc<Mutex<BTreeSet<String>>>,
}

/// A staging folder, deleted (from its manifest) when the run ends without committing it.
#[derive(Debug)]
struct Staging {
    path: PathBuf,
    /// False for a subfolder (its parent's staging owns it) and for a named file's folder.
    root: bool,
    committed: Mutex<bool>,
}

impl Drop for Staging {
    fn drop(&mut self) {
        let committed = self.committed.lock().map(|c| *c).unwrap_or(false);
        if self.root && !committed {
            let _ = placement::dispose(&self.path);
        }
    }
}

impl OutputDir {
    /// Opens the results folder: creates it if needed; a folder that holds files siloscope did
    /// not write (no manifest) is refused unless `force`; a path that is a file is refused.
    pub fn create(dir: &Path) -> Result<OutputDir> {
        OutputDir::create_with(dir, false)
    }

    /// [`OutputDir::create`], with `--force`.
    pub fn create_with(dir: &Path, force: bool) -> Result<OutputDir> {
        let write_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Write { path, source }
        };
        if dir.exists() && !dir.is_dir() {
            return Err(Error::OutputIsAFile {
                path: dir.to_path_buf(),
            });
        }
        let owned = if dir.is_dir() {
            match placement::read_manifest(dir)? {
                Some(owned) => owned,
                None => {
                    let foreign = placement::foreign_entries(dir, &BTreeSet::new())?;
                    if !foreign.is_empty() && !force {
                        return Err(Error::ForeignOutputFolder {
                            path: dir.to_path_buf(),
                            files: foreign.len(),
                            example: foreign[0].clone(),
                        });
                    }
                    BTreeSet::new()
                }
            }
        } else {
            BTreeSet::new()
        };
        placement::remove_abandoned_staging(dir);
        let staging = placement::staging_path(dir);
        if staging.exists() {
            placement::dispose(&staging).map_err(write_err(&staging))?;
        }
        fs::create_dir_all(&staging).map_err(write_err(dir))?;
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            staging: Arc::new(Staging {
                path: staging,
                root: true,
                committed: Mutex::new(false),
            }),
            excel: false,
            owned: Some(Arc::new(owned)),
            force,
            this_run: Arc::default(),
        })
    }

    /// A folder that holds one file named on the command line (`--timings FILE`): no manifest,
    /// no staging, no check of the other files, which are never touched.
    pub fn for_named_file(dir: &Path) -> Result<OutputDir> {
        fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            staging: Arc::new(Staging {
                path: dir.to_path_buf(),
                root: false,
                committed: Mutex::new(true),
            }),
            excel: false,
            owned: None,
            force: true,
            this_run: Arc::default(),
        })
    }

    /// True when siloscope wrote `name` in this folder in an earlier run.
    fn owns(&self, name: &str) -> bool {
        self.owned.as_ref().is_some_and(|o| o.contains(name))
    }

    /// Records `name` as written by this run (or forgets it) in the staging manifest, before
    /// its temporary file exists, so that a staging folder left by a kill is removed whole.
    fn record(&self, name: &str, written: bool) -> io::Result<()> {
        if self.owned.is_none() {
            return Ok(());
        }
        // the manifest is written under the lock: files written from several threads never
        // leave an older list over a newer one
        let mut names = self
            .this_run
            .lock()
            .map_err(|_| io::Error::other("manifest lock"))?;
        if written {
            names.insert(name.to_string());
        } else {
            names.remove(name);
        }
        placement::write_manifest(&self.staging.path, &names)
    }

    /// Puts the result set in place: `--out` becomes exactly this run's files (beside the
    /// user's own, which are never touched), and siloscope's files of an earlier run that this
    /// one did not write are gone. Call it once, when everything is written; a subfolder is
    /// placed with its parent, and a named file's folder needs nothing. Until then `--out`
    /// holds the previous result set, unchanged.
    pub fn commit(&self) -> Result<()> {
        if !self.staging.root {
            return Ok(());
        }
        let mut committed = self.staging.committed.lock().map_err(|_| Error::Write {
            path: self.dir.clone(),
            source: io::Error::other("staging lock"),
        })?;
        if *committed {
            return Ok(());
        }
        // a run that wrote nothing still leaves its manifest: the folder stays siloscope's
        let names = self.this_run.lock().map(|n| n.clone()).unwrap_or_default();
        placement::write_manifest(&self.staging.path, &names).map_err(|source| Error::Write {
            path: self.dir.clone(),
            source,
        })?;
        placement::place(&self.staging.path, &self.dir, self.force)?;
        *committed = true;
        Ok(())
    }

    /// A folder of siloscope's inside this one (`before/` and `after/` of a comparison),
    /// written into this folder's staging and placed with it; its files are checked against
    /// the files of the same folder in `--out` as [`Self::create`] does.
    pub fn subfolder(&self, name: &str) -> Result<OutputDir> {
        let target = self.dir.join(name);
        if target.exists() && !target.is_dir() {
            return Err(Error::OutputIsAFile { path: target });
        }
        if target.exists() && !self.force && !self.owns(name) {
            return Err(Error::ForeignOutputFile { path: target });
        }
        let owned = if target.is_dir() {
            placement::read_manifest(&target)?.unwrap_or_default()
        } else {
            BTreeSet::new()
        };
        let path = self.staging.path.join(name);
        self.record(name, true)
            .and_then(|()| fs::create_dir_all(&path))
            .map_err(|source| Error::Write {
                path: target.clone(),
                source,
            })?;
        Ok(OutputDir {
            dir: target,
            staging: Arc::new(Staging {
                path,
                root: false,
                committed: Mutex::new(false),
            }),
            excel: self.excel,
            owned: Some(Arc::new(owned)),
            force: self.force,
            this_run: Arc::default(),
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
        if target.exists() && !self.force && !self.owns(name) {
            return Err(Error::ForeignOutputFile { path: target });
        }
        let staged = self.staging.path.join(name);
        let temp = self.staging.path.join(placement::temporary_name(name));
        let excel = self.excel && name.ends_with(".csv");
        let result = (|| {
            self.record(name, true)?;
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
            fs::rename(&temp, &staged)
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

    /// Takes `name` out of this run's result set if this run wrote it (a picture whose
    /// rendering was given up); siloscope's file of that name from an earlier run goes at
    /// [`Self::commit`], and a file of that name siloscope did not write is left alone.
    pub fn remove_if_present(&self, name: &str) -> Result<()> {
        let written = self
            .this_run
            .lock()
            .map(|w| w.contains(name))
            .unwrap_or(false);
        if !written {
            return Ok(());
        }
        let path = self.staging.path.join(name);
        let err = |source| Error::Write {
            path: self.dir.join(name),
            source,
        };
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(err(source)),
        }
        self.record(name, false).map_err(err)
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
    use crate::report::placement::tests::listing;

    #[test]
    fn nothing_appears_before_the_commit_and_a_failed_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let out = OutputDir::create(&target).unwrap();
        out.write_bytes("a.txt", b"hello").unwrap();
        assert!(!target.exists());
        let err = out.write("b.txt", |w| {
            w.write_all(b"partial")?;
            Err(io::Error::other("boom"))
        });
        assert!(err.is_err());
        out.commit().unwrap();
        assert_eq!(fs::read(target.join("a.txt")).unwrap(), b"hello");
        assert_eq!(listing(&target), vec![MANIFEST, "a.txt"]);
        assert_eq!(listing(dir.path()), vec!["out"]);
    }

    #[test]
    fn a_run_that_ends_without_commit_leaves_the_previous_set_and_no_staging() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let first = OutputDir::create(&target).unwrap();
        first.write_bytes("a.txt", b"old").unwrap();
        first.commit().unwrap();
        {
            let failed = OutputDir::create(&target).unwrap();
            failed.write_bytes("a.txt", b"new").unwrap();
            failed.write_bytes("b.txt", b"new").unwrap();
        }
        assert_eq!(fs::read(target.join("a.txt")).unwrap(), b"old");
        assert_eq!(listing(&target), vec![MANIFEST, "a.txt"]);
        assert_eq!(listing(dir.path()), vec!["out"]);
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
        out.commit().unwrap();
        assert_eq!(fs::read(dir.path().join("summary.md")).unwrap(), b"new");
        assert_eq!(fs::read(dir.path().join("notes.txt")).unwrap(), b"mine too");
        // the next run finds its own folder: it replaces and removes its own files only
        let again = OutputDir::create(dir.path()).unwrap();
        again.write_bytes("summary.md", b"newer").unwrap();
        again.remove_if_present("summary.md").unwrap();
        again.commit().unwrap();
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
    fn subfolders_are_placed_with_their_parent() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let out = OutputDir::create(&target).unwrap();
        let before = out.subfolder("before").unwrap();
        before.write_bytes("a.csv", b"x").unwrap();
        before.commit().unwrap();
        assert!(!target.exists());
        out.write_bytes("summary.md", b"y").unwrap();
        out.commit().unwrap();
        assert_eq!(listing(&target), vec![MANIFEST, "before", "summary.md"]);
        assert_eq!(listing(&target.join("before")), vec![MANIFEST, "a.csv"]);
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
