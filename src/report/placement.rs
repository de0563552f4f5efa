//! Putting a result set in place in one step. A run writes everything into a staging folder
//! beside `--out` (same file system, so that moves are renames); when every file is written the
//! staging folder takes the place of `--out`:
//! - a new or empty `--out` is replaced by one `rename(2)`;
//! - an `--out` that holds only siloscope's own files is exchanged with the staging folder in
//!   one `renameat2(RENAME_EXCHANGE)` (Linux), and the previous set, now in the staging path,
//!   is deleted file by file from its manifest;
//! - otherwise (files of the user's beside siloscope's under `--force`, or no atomic exchange on
//!   this platform) the files are moved in one burst of renames: the manifest first names the old
//!   and the new files, then every new file replaces its old one, then the old files this run did
//!   not write are removed, then the manifest names the new files only.
//!
//! A run killed before the exchange leaves the previous set untouched (and a staging folder,
//! removed by the next run); in the first two cases a reader sees the old set or the new one,
//! never a mix. Only files named in one of siloscope's manifests are ever deleted.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The manifest of an output folder: the names of the files siloscope wrote there, one a line.
pub const MANIFEST: &str = ".siloscope-manifest";

/// What the name of a staging folder starts with, after the dot and the name of `--out`.
const STAGING_TAG: &str = ".siloscope-new-";

/// The names in `dir`'s manifest, or `None` when it has none (a folder siloscope did not
/// write, or a new one).
pub fn read_manifest(dir: &Path) -> Result<Option<BTreeSet<String>>> {
    match fs::read_to_string(dir.join(MANIFEST)) {
        Ok(text) => Ok(Some(text.lines().map(str::to_string).collect())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Write {
            path: dir.join(MANIFEST),
            source,
        }),
    }
}

/// Writes `names` as `dir`'s manifest, atomically.
pub fn write_manifest(dir: &Path, names: &BTreeSet<String>) -> io::Result<()> {
    let text: String = names.iter().map(|n| format!("{n}\n")).collect();
    let temp = dir.join(format!("{MANIFEST}.tmp"));
    fs::write(&temp, text)?;
    fs::rename(&temp, dir.join(MANIFEST))
}

/// The temporary name a file is written under before it gets its own.
pub fn temporary_name(name: &str) -> String {
    format!(".{name}.tmp")
}

/// True for names siloscope uses only while it writes: a staging folder, a temporary file of
/// a name in `owned`, the manifest and its temporary file.
fn is_working_name(name: &str, owned: &BTreeSet<String>) -> bool {
    name == MANIFEST
        || name == format!("{MANIFEST}.tmp")
        || name.contains(STAGING_TAG)
        || name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".tmp"))
            .is_some_and(|n| owned.contains(n))
}

/// The entries of `dir` that siloscope did not write (neither in `owned` nor a working name),
/// sorted.
pub fn foreign_entries(dir: &Path, owned: &BTreeSet<String>) -> Result<Vec<String>> {
    let entries = fs::read_dir(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut foreign: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !owned.contains(n) && !is_working_name(n, owned))
        .collect();
    foreign.sort();
    Ok(foreign)
}

/// Where a run into `out` stages its files: a hidden folder beside `out` named after it and
/// the process, or inside `out` when `out` has no parent (a root). O(1).
pub fn staging_path(out: &Path) -> PathBuf {
    let pid = std::process::id();
    match (out.parent(), out.file_name()) {
        (Some(parent), Some(name)) => {
            parent.join(format!(".{}{STAGING_TAG}{pid}", name.to_string_lossy()))
        }
        _ => out.join(format!("{STAGING_TAG}{pid}")),
    }
}

/// Removes the staging folders that runs into `out` left behind when they were killed (their
/// process is gone), deleting only the files their manifests name.
pub fn remove_abandoned_staging(out: &Path) {
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefix = format!(".{}{STAGING_TAG}", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        if pid.parse::<u32>().is_ok_and(process_is_gone) {
            let _ = dispose(&entry.path());
        }
    }
}

/// True when no process `pid` runs (Linux: no `/proc/pid`; elsewhere the folder is taken as
/// abandoned unless it is this process's).
fn process_is_gone(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    if cfg!(target_os = "linux") {
        !Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Deletes a folder siloscope wrote: the files and folders its manifest names (folders by
/// their own manifests), their temporary files and the manifest, then the folder if it is
/// empty. Anything else in it is left where it is. O(files).
pub fn dispose(dir: &Path) -> io::Result<()> {
    let owned = match read_manifest(dir) {
        Ok(Some(owned)) => owned,
        Ok(None) => BTreeSet::new(),
        Err(Error::Write { source, .. }) => return Err(source),
        Err(e) => return Err(io::Error::other(e.to_string())),
    };
    for name in &owned {
        let path = dir.join(name);
        if path.is_dir() {
            dispose(&path)?;
        } else {
            remove_if_exists(&path)?;
        }
        remove_if_exists(&dir.join(temporary_name(name)))?;
    }
    remove_if_exists(&dir.join(format!("{MANIFEST}.tmp")))?;
    remove_if_exists(&dir.join(MANIFEST))?;
    match fs::remove_dir(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        // something of the user's is in it: it stays
        Err(_) => Ok(()),
    }
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// How a result set was put in place (for tests and messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `--out` was new or empty: one rename.
    Renamed,
    /// `--out` held siloscope's files only: one atomic exchange.
    Exchanged,
    /// Files moved one by one (the user's files beside siloscope's, or no exchange here).
    Burst,
}

/// Puts the result set staged in `staging` in place at `out` (see the module's description),
/// with `force` allowing siloscope's names to replace files of the user's. O(files).
pub fn place(staging: &Path, out: &Path, force: bool) -> Result<Placement> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    if !out.exists() {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(write_err(parent))?;
        }
        fs::rename(staging, out).map_err(write_err(out))?;
        return Ok(Placement::Renamed);
    }
    if staging.starts_with(out) {
        return burst(staging, out, force).map(|()| Placement::Burst);
    }
    let old = read_manifest(out)?.unwrap_or_default();
    let foreign = foreign_entries(out, &old)?;
    if foreign.is_empty() && fs::read_dir(out).map_err(write_err(out))?.next().is_none() {
        // rename(2) replaces an empty folder
        if fs::rename(staging, out).is_ok() {
            return Ok(Placement::Renamed);
        }
    }
    if foreign.is_empty()
        && only_own_files_below(out, &old)?
        && !holds_current_dir(out)
        && exchange(staging, out).is_ok()
    {
        // the previous set is now in the staging path
        return_stray_files(staging, out);
        dispose(staging).map_err(write_err(staging))?;
        return Ok(Placement::Exchanged);
    }
    burst(staging, out, force)?;
    dispose(staging).map_err(write_err(staging))?;
    Ok(Placement::Burst)
}

/// True when every entry of the folders siloscope owns under `dir` (its subfolders, such as a
/// comparison's `before/`) is siloscope's too.
fn only_own_files_below(dir: &Path, owned: &BTreeSet<String>) -> Result<bool> {
    for name in owned {
        let path = dir.join(name);
        if path.is_dir() {
            let inner = read_manifest(&path)?.unwrap_or_default();
            if !foreign_entries(&path, &inner)?.is_empty() || !only_own_files_below(&path, &inner)?
            {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// True when the current directory is `dir` or inside it: exchanging `dir` would leave the
/// user's shell in a deleted folder.
fn holds_current_dir(dir: &Path) -> bool {
    match (std::env::current_dir(), fs::canonicalize(dir)) {
        (Ok(cwd), Ok(dir)) => cwd.starts_with(dir),
        _ => true,
    }
}

/// Files that appeared in `old` (the previous set, after an exchange) that siloscope did not
/// write are moved back into `out`, unless a name is taken.
fn return_stray_files(old: &Path, out: &Path) {
    let owned = read_manifest(old).ok().flatten().unwrap_or_default();
    if let Ok(foreign) = foreign_entries(old, &owned) {
        for name in foreign {
            let target = out.join(&name);
            if !target.exists() {
                let _ = fs::rename(old.join(&name), target);
            }
        }
    }
}

/// Exchanges two folders atomically (Linux `renameat2(RENAME_EXCHANGE)`); elsewhere an error,
/// and the caller moves files one by one.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the call; the
    // syscall reads them and touches no other memory of this process.
    let status = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if status == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange of folders on this platform",
    ))
}

/// Moves the files of `staging` into `out` one by one (folders recursively), replacing
/// siloscope's files of the same name, then removes siloscope's files of an earlier run that
/// this one did not write. A name of the user's is replaced only with `force`; that is checked
/// for every file before the first move. O(files).
fn burst(staging: &Path, out: &Path, force: bool) -> Result<()> {
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    let old = read_manifest(out)?.unwrap_or_default();
    let new = read_manifest(staging)?.unwrap_or_default();
    for name in &new {
        let (from, to) = (staging.join(name), out.join(name));
        if from.is_dir() && to.exists() && !to.is_dir() {
            return Err(Error::OutputIsAFile { path: to });
        }
        if !from.is_dir() && to.exists() && !force && !old.contains(name) {
            return Err(Error::ForeignOutputFile { path: to });
        }
    }
    // a kill from here on leaves every file it may have moved named in the manifest
    let both: BTreeSet<String> = old.union(&new).cloned().collect();
    write_manifest(out, &both).map_err(write_err(out))?;
    for name in &new {
        let (from, to) = (staging.join(name), out.join(name));
        if from.is_dir() && to.is_dir() {
            burst(&from, &to, force)?;
            dispose(&from).map_err(write_err(&from))?;
        } else if to.is_dir() {
            dispose(&to).map_err(write_err(&to))?;
            fs::rename(&from, &to).map_err(write_err(&to))?;
        } else {
            fs::rename(&from, &to).map_err(write_err(&to))?;
        }
    }
    for name in old.difference(&new) {
        let path = out.join(name);
        if path.is_dir() {
            dispose(&path).map_err(write_err(&path))?;
        } else {
            remove_if_exists(&path).map_err(write_err(&path))?;
        }
    }
    write_manifest(out, &new).map_err(write_err(out))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    fn stage(dir: &Path, files: &[(&str, &str)]) {
        fs::create_dir_all(dir).unwrap();
        for (name, text) in files {
            fs::write(dir.join(name), text).unwrap();
        }
        write_manifest(dir, &set(&files.iter().map(|f| f.0).collect::<Vec<_>>())).unwrap();
    }

    /// The names in `dir`, sorted (for the tests of the output folder).
    pub(crate) fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_folder_is_one_rename() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        let staging = staging_path(&out);
        stage(&staging, &[("a.csv", "new")]);
        assert_eq!(place(&staging, &out, false).unwrap(), Placement::Renamed);
        assert_eq!(listing(&out), vec![MANIFEST, "a.csv"]);
        assert!(!staging.exists());
    }

    #[test]
    fn an_own_folder_is_exchanged_and_its_stale_files_go() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        stage(&out, &[("a.csv", "old"), ("stale.csv", "old")]);
        let staging = staging_path(&out);
        stage(&staging, &[("a.csv", "new")]);
        let expected = if cfg!(target_os = "linux") {
            Placement::Exchanged
        } else {
            Placement::Burst
        };
        assert_eq!(place(&staging, &out, false).unwrap(), expected);
        assert_eq!(listing(&out), vec![MANIFEST, "a.csv"]);
        assert_eq!(fs::read_to_string(out.join("a.csv")).unwrap(), "new");
        assert!(!staging.exists());
    }

    #[test]
    fn the_user_s_files_stay_through_a_burst() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        stage(&out, &[("a.csv", "old"), ("stale.csv", "old")]);
        fs::write(out.join("mine.txt"), "user").unwrap();
        let staging = staging_path(&out);
        stage(&staging, &[("a.csv", "new")]);
        assert_eq!(place(&staging, &out, false).unwrap(), Placement::Burst);
        assert_eq!(listing(&out), vec![MANIFEST, "a.csv", "mine.txt"]);
        assert_eq!(fs::read_to_string(out.join("mine.txt")).unwrap(), "user");
        assert_eq!(read_manifest(&out).unwrap().unwrap(), set(&["a.csv"]));
    }

    #[test]
    fn a_user_s_file_of_one_of_siloscope_s_names_needs_force() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("a.csv"), "user").unwrap();
        let staging = staging_path(&out);
        stage(&staging, &[("a.csv", "new"), ("b.csv", "new")]);
        assert!(matches!(
            place(&staging, &out, false),
            Err(Error::ForeignOutputFile { .. })
        ));
        // nothing was moved
        assert_eq!(listing(&out), vec!["a.csv"]);
        assert_eq!(place(&staging, &out, true).unwrap(), Placement::Burst);
        assert_eq!(fs::read_to_string(out.join("a.csv")).unwrap(), "new");
    }

    #[test]
    fn subfolders_are_placed_with_their_own_manifests() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        stage(&out, &[("summary.md", "old")]);
        stage(
            &out.join("before"),
            &[("a.csv", "old"), ("stale.csv", "old")],
        );
        write_manifest(&out, &set(&["summary.md", "before"])).unwrap();
        fs::write(out.join("notes.txt"), "user").unwrap();
        let staging = staging_path(&out);
        stage(&staging, &[("summary.md", "new")]);
        stage(&staging.join("before"), &[("a.csv", "new")]);
        write_manifest(&staging, &set(&["summary.md", "before"])).unwrap();
        assert_eq!(place(&staging, &out, false).unwrap(), Placement::Burst);
        assert_eq!(listing(&out.join("before")), vec![MANIFEST, "a.csv"]);
        assert_eq!(fs::read_to_string(out.join("before/a.csv")).unwrap(), "new");
        assert!(out.join("notes.txt").exists());
        assert!(!staging.exists());
    }

    #[test]
    fn dispose_deletes_only_what_the_manifest_names() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("d");
        stage(&dir, &[("a.csv", "x")]);
        fs::write(dir.join("mine.txt"), "user").unwrap();
        dispose(&dir).unwrap();
        assert_eq!(listing(&dir), vec!["mine.txt"]);
    }

    #[test]
    fn abandoned_staging_folders_are_removed() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        // pid 0 is never a user process: /proc/0 does not exist
        let abandoned = root.path().join(format!(".out{STAGING_TAG}0"));
        stage(&abandoned, &[("a.csv", "x")]);
        let ours = staging_path(&out);
        stage(&ours, &[("a.csv", "x")]);
        remove_abandoned_staging(&out);
        if cfg!(target_os = "linux") {
            assert!(!abandoned.exists());
        }
        assert!(ours.exists());
    }
}
