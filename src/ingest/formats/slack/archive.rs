//! Where the files of a Slack export are read from: an unzipped folder, or the .zip Slack
//! hands out (read in place with the `zip` crate, never unpacked to disk).
//!
//! Both give the same view: the top-level files (`users.json`, `channels.json`...) and, per
//! conversation folder, its day files (`2024-03-12.json`), folders and day files in byte order
//! of their names, so that an export reads the same way zipped or not. Only day files are
//! listed: a name other than `YYYY-MM-DD.json` in a conversation folder, hidden files and
//! macOS's `__MACOSX/` folder are not Slack's and are ignored.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use zip::ZipArchive;

/// A day file holds at most this many bytes (a zip bomb, or something that is no day file):
/// a larger one is rejected, not read.
pub const MAX_DAY_FILE_BYTES: u64 = 1 << 30;

/// The first bytes of a zip archive (a local file header).
pub const ZIP_MAGIC: &[u8; 4] = b"PK\x03\x04";

/// The files that list conversations; a Slack export holds at least one of them.
pub const CONVERSATION_LISTS: [&str; 4] =
    ["channels.json", "groups.json", "dms.json", "mpims.json"];

/// One day file of a conversation folder.
#[derive(Debug, Clone)]
pub struct DayFile {
    /// Its name in the folder (`2024-03-12.json`).
    pub name: String,
    /// Its index in the zip archive (zip only).
    index: Option<usize>,
}

/// An opened export.
pub enum Archive {
    /// An unzipped folder.
    Folder {
        /// The folder.
        root: PathBuf,
    },
    /// A .zip archive.
    Zip {
        /// The archive's path.
        path: PathBuf,
        /// Its central directory, read once.
        zip: Box<ZipArchive<BufReader<File>>>,
        /// `""`, or the one folder the export sits in (`export/`) when the archive was made by
        /// zipping an unzipped export again.
        prefix: String,
        /// The day files of each conversation folder, sorted.
        days: BTreeMap<String, Vec<DayFile>>,
    },
}

/// True for the names Slack gives day files: `YYYY-MM-DD.json`.
pub fn is_day_file(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() == 15
        && name.ends_with(".json")
        && b[4] == b'-'
        && b[7] == b'-'
        && [0, 1, 2, 3, 5, 6, 8, 9]
            .iter()
            .all(|&i| b[i].is_ascii_digit())
}

/// True when `path` is a folder that looks like a Slack export: `users.json` and at least one
/// of the conversation lists.
pub fn is_export_folder(path: &Path) -> bool {
    path.join("users.json").is_file() && CONVERSATION_LISTS.iter().any(|f| path.join(f).is_file())
}

/// True when the file at `path` starts with the zip magic `PK\x03\x04`.
pub fn starts_like_zip(path: &Path) -> io::Result<bool> {
    let mut first = [0u8; 4];
    let mut file = File::open(path)?;
    let mut got = 0;
    while got < 4 {
        match file.read(&mut first[got..])? {
            0 => break,
            n => got += n,
        }
    }
    Ok(got == 4 && &first == ZIP_MAGIC)
}

fn ignored(name: &str) -> bool {
    name.starts_with('.') || name == "__MACOSX"
}

impl Archive {
    /// Opens an unzipped export.
    pub fn folder(root: &Path) -> Archive {
        Archive::Folder {
            root: root.to_path_buf(),
        }
    }

    /// Opens a .zip export: reads its central directory and finds `users.json`, at the root
    /// or inside one top folder. `Err` with a sentence when the archive cannot be read
    /// (truncated: the central directory is at its end) or holds no Slack export.
    pub fn zip(path: &Path) -> std::result::Result<Archive, String> {
        let file = File::open(path).map_err(|e| e.to_string())?;
        let zip = ZipArchive::new(BufReader::new(file)).map_err(|e| {
            format!(
                "this file starts like a zip archive but cannot be opened as one ({e}); a truncated download or copy has no central directory at its end: download or copy the export again"
            )
        })?;
        let mut names: Vec<(String, usize)> = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            if let Some(Ok(name)) = zip.name_for_index(i) {
                names.push((name.into_owned(), i));
            }
        }
        let prefix = match names.iter().any(|(n, _)| n == "users.json") {
            true => String::new(),
            false => {
                let mut candidates: Vec<&str> = names
                    .iter()
                    .filter_map(|(n, _)| n.strip_suffix("/users.json"))
                    .filter(|p| !p.contains('/') && !ignored(p))
                    .collect();
                candidates.sort_unstable();
                candidates.dedup();
                match candidates.as_slice() {
                    [one] => format!("{one}/"),
                    _ => {
                        return Err(
                            "this zip archive holds no users.json (at its root or in one top folder): it is not a Slack export (a Slack export holds users.json, channels.json and one folder per conversation)"
                                .to_string(),
                        );
                    }
                }
            }
        };
        let mut days: BTreeMap<String, Vec<DayFile>> = BTreeMap::new();
        for (name, index) in names {
            let Some(rest) = name.strip_prefix(prefix.as_str()) else {
                continue;
            };
            let Some((folder, file)) = rest.split_once('/') else {
                continue;
            };
            if ignored(folder) || !is_day_file(file) {
                continue;
            }
            days.entry(folder.to_string()).or_default().push(DayFile {
                name: file.to_string(),
                index: Some(index),
            });
        }
        for list in days.values_mut() {
            list.sort_by(|a, b| a.name.cmp(&b.name));
        }
        Ok(Archive::Zip {
            path: path.to_path_buf(),
            zip: Box::new(zip),
            prefix,
            days,
        })
    }

    /// True when the export holds at least one of the conversation lists.
    pub fn has_conversation_list(&self) -> bool {
        match self {
            Archive::Folder { root } => CONVERSATION_LISTS.iter().any(|f| root.join(f).is_file()),
            Archive::Zip { zip, prefix, .. } => CONVERSATION_LISTS
                .iter()
                .any(|f| zip.index_for_name(&format!("{prefix}{f}")).is_some()),
        }
    }

    /// How a file of the export is named in messages: `export.zip/general/2024-03-12.json`.
    pub fn display_path(&self, inner: &str) -> PathBuf {
        match self {
            Archive::Folder { root } => root.join(inner),
            Archive::Zip { path, prefix, .. } => path.join(format!("{prefix}{inner}")),
        }
    }

    /// Size of the archive in bytes for progress (a zip's file size), or 0 (a folder).
    pub fn progress_len(&self) -> u64 {
        match self {
            Archive::Folder { .. } => 0,
            Archive::Zip { path, .. } => fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        }
    }

    /// A top-level file (`users.json`...), whole, or `None` when the export has none.
    pub fn top_file(&mut self, name: &str) -> io::Result<Option<Vec<u8>>> {
        match self {
            Archive::Folder { root } => match fs::read(root.join(name)) {
                Ok(bytes) => Ok(Some(bytes)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e),
            },
            Archive::Zip { zip, prefix, .. } => {
                let Some(index) = zip.index_for_name(&format!("{prefix}{name}")) else {
                    return Ok(None);
                };
                let mut entry = zip.by_index(index).map_err(io::Error::other)?;
                let mut bytes = Vec::with_capacity(entry.size().min(1 << 26) as usize);
                entry.read_to_end(&mut bytes)?;
                Ok(Some(bytes))
            }
        }
    }

    /// The conversation folders holding day files, sorted by name. O(folders) memory.
    pub fn folders(&self) -> io::Result<Vec<String>> {
        match self {
            Archive::Folder { root } => {
                let mut out = Vec::new();
                for entry in fs::read_dir(root)? {
                    let entry = entry?;
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if !ignored(&name) && entry.path().is_dir() {
                        out.push(name);
                    }
                }
                out.sort_unstable();
                Ok(out)
            }
            Archive::Zip { days, .. } => Ok(days.keys().cloned().collect()),
        }
    }

    /// The day files of a conversation folder, sorted by name.
    pub fn day_files(&self, folder: &str) -> io::Result<Vec<DayFile>> {
        match self {
            Archive::Folder { root } => {
                let mut out = Vec::new();
                for entry in fs::read_dir(root.join(folder))? {
                    let name = entry?.file_name().to_string_lossy().into_owned();
                    if is_day_file(&name) {
                        out.push(DayFile { name, index: None });
                    }
                }
                out.sort_unstable_by(|a, b| a.name.cmp(&b.name));
                Ok(out)
            }
            Archive::Zip { days, .. } => Ok(days.get(folder).cloned().unwrap_or_default()),
        }
    }

    /// Reads a day file into `buf` (cleared first), at most [`MAX_DAY_FILE_BYTES`]; returns
    /// the bytes read from the archive (compressed, for progress). A larger file is an error
    /// of kind `FileTooLarge`.
    pub fn read_day(&mut self, folder: &str, day: &DayFile, buf: &mut Vec<u8>) -> io::Result<u64> {
        buf.clear();
        let too_large = || {
            io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!("the day file is larger than {MAX_DAY_FILE_BYTES} bytes"),
            )
        };
        match (self, day.index) {
            (Archive::Zip { zip, .. }, Some(index)) => {
                let entry = zip.by_index(index).map_err(io::Error::other)?;
                if entry.size() > MAX_DAY_FILE_BYTES {
                    return Err(too_large());
                }
                let compressed = entry.compressed_size();
                entry.take(MAX_DAY_FILE_BYTES + 1).read_to_end(buf)?;
                if buf.len() as u64 > MAX_DAY_FILE_BYTES {
                    return Err(too_large());
                }
                Ok(compressed)
            }
            (Archive::Folder { root }, _) => {
                let file = File::open(root.join(folder).join(&day.name))?;
                if file.metadata()?.len() > MAX_DAY_FILE_BYTES {
                    return Err(too_large());
                }
                file.take(MAX_DAY_FILE_BYTES + 1).read_to_end(buf)?;
                if buf.len() as u64 > MAX_DAY_FILE_BYTES {
                    return Err(too_large());
                }
                Ok(buf.len() as u64)
            }
            (Archive::Zip { .. }, None) => Err(io::Error::other("a day file without its entry")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_file_names() {
        assert!(is_day_file("2024-03-12.json"));
        assert!(!is_day_file("2024-3-12.json"));
        assert!(!is_day_file("canvas_in_the_conversation.json"));
        assert!(!is_day_file("2024-03-12.json.bak"));
        assert!(!is_day_file("2024-03-1x.json"));
    }
}
