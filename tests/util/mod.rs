//! Helpers shared by the integration tests: the shared data folder, running the binary, and
//! reading CSV outputs.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `../shared` next to the crate, if present. Missing: a failure under CI, a skip otherwise.
pub fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if p.join("data").is_dir() && p.join("reference").is_dir() {
        Some(p)
    } else if std::env::var_os("CI").is_some() {
        panic!("../shared is missing but CI is set: the reference checks must run");
    } else {
        eprintln!("note: ../shared not found; skipping reference checks");
        None
    }
}

/// A fixture path inside the crate.
pub fn fixture(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

/// A configuration folder for this test process, so that the default pseudonymization key is
/// created there rather than in the real ~/.config.
pub fn config_home() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// The siloscope command, with the default key kept in [`config_home`].
pub fn siloscope() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_siloscope"));
    cmd.env("XDG_CONFIG_HOME", config_home());
    cmd
}

/// A CSV file as rows of column → value.
pub fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut rdr =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// A CSV file keyed by the given columns.
pub fn read_keyed(path: &Path, keys: &[&str]) -> BTreeMap<Vec<String>, BTreeMap<String, String>> {
    read_csv(path)
        .into_iter()
        .map(|row| (keys.iter().map(|k| row[*k].clone()).collect(), row))
        .collect()
}

/// Every file of a folder with its bytes, sorted by name.
pub fn folder_bytes(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}
