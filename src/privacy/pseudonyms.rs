//! Keyed pseudonyms: by default every output names a person only by
//! `p-` + base32(HMAC-SHA256(key, id)), never by name, address or raw id. The same key gives the
//! same pseudonyms (so two runs, before and after a programme, can be compared); another key
//! gives unrelated ones. Pseudonyms are as short as possible, 8 characters at least, and
//! lengthened for the whole directory until no two people share one (checked at run time).
//!
//! HMAC: RFC 2104, via the RustCrypto `hmac` and `sha2` crates. O(n) hashes.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::error::{Error, Result};
use crate::ingest::Directory;

/// A pseudonymization key: 32 random bytes, stored as 64 hexadecimal characters.
#[derive(Clone, PartialEq, Eq)]
pub struct Key([u8; 32]);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)") // never print the key
    }
}

impl Key {
    /// A key from raw bytes (tests).
    pub fn from_bytes(bytes: [u8; 32]) -> Key {
        Key(bytes)
    }

    /// Reads a key file: 64 hexadecimal characters (surrounding whitespace ignored).
    pub fn read(path: &Path) -> Result<Key> {
        let text = fs::read_to_string(path).map_err(|source| Error::Key {
            path: path.to_path_buf(),
            problem: "cannot read it",
            source: Some(Box::new(source)),
        })?;
        let hex = text.trim();
        let bad = || Error::Key {
            path: path.to_path_buf(),
            problem: "expected 64 hexadecimal characters (a key made by siloscope)",
            source: None,
        };
        if hex.len() != 64 {
            return Err(bad());
        }
        let mut bytes = [0u8; 32];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(Key(bytes))
    }

    /// Reads the key at `path`, or creates it (random, owner-only permissions) if there is no
    /// file yet. Returns the key and whether it was created.
    pub fn read_or_create(path: &Path) -> Result<(Key, bool)> {
        if path.exists() {
            return Ok((Key::read(path)?, false));
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| Error::Key {
            path: path.to_path_buf(),
            problem: "no randomness available to create it",
            source: Some(Box::new(e)),
        })?;
        let problem = |e: std::io::Error| Error::Key {
            path: path.to_path_buf(),
            problem: "cannot create it",
            source: Some(Box::new(e)),
        };
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(problem)?;
        }
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        // Written whole to a private temporary file, then linked to its name: two runs started
        // at once never see a half-written key, and the one that loses the race reads the
        // winner's key.
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let temp = path.with_extension(format!("tmp{}-{}", std::process::id(), &hex[..12]));
        let mut file = options.open(&temp).map_err(problem)?;
        let written = writeln!(file, "{hex}").and_then(|()| file.sync_all());
        let linked = written.and_then(|()| fs::hard_link(&temp, path));
        let _ = fs::remove_file(&temp);
        match linked {
            Ok(()) => Ok((Key(bytes), true)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Ok((Key::read(path)?, false))
            }
            Err(e) => Err(problem(e)),
        }
    }
}

const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
const MIN_LENGTH: usize = 8;

/// base32 (RFC 4648 alphabet, lowercase) of the first `chars` × 5 bits of `digest`.
fn base32(digest: &[u8], chars: usize) -> String {
    let mut out = String::with_capacity(chars);
    let mut buffer = 0u32;
    let mut bits = 0;
    let mut bytes = digest.iter();
    while out.len() < chars {
        if bits < 5 {
            buffer = (buffer << 8) | u32::from(*bytes.next().unwrap_or(&0));
            bits += 8;
        }
        bits -= 5;
        out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
    }
    out
}

/// The pseudonym of every person, by person index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pseudonyms {
    labels: Vec<String>,
}

/// How each person is shown, by person index: their pseudonym under `key`, their id when
/// identities are revealed (`None`). O(n) HMACs.
pub fn shown_labels(key: Option<&Key>, directory: &Directory) -> Vec<String> {
    match key {
        Some(k) => Pseudonyms::new(k, directory).labels().to_vec(),
        None => directory.people().iter().map(|p| p.id.clone()).collect(),
    }
}

impl Pseudonyms {
    /// Pseudonymizes the directory with `key`. O(n) HMACs, O(n log n) for the collision check.
    pub fn new(key: &Key, directory: &Directory) -> Pseudonyms {
        let digests: Vec<[u8; 32]> = directory
            .people()
            .iter()
            .map(|p| {
                let mut mac = Hmac::<Sha256>::new_from_slice(&key.0)
                    .expect("invariant: HMAC takes any key length");
                mac.update(p.id.as_bytes());
                mac.finalize().into_bytes().into()
            })
            .collect();
        // 51 characters use all 256 bits; two different ids then cannot collide in practice.
        let mut length = MIN_LENGTH;
        loop {
            let mut labels: Vec<String> = digests
                .iter()
                .map(|d| format!("p-{}", base32(d, length)))
                .collect();
            let mut sorted: Vec<&String> = labels.iter().collect();
            sorted.sort();
            if sorted.windows(2).all(|w| w[0] != w[1]) || length >= 51 {
                labels.shrink_to_fit();
                return Pseudonyms { labels };
            }
            length += 2;
        }
    }

    /// The pseudonym of person `v`.
    pub fn label(&self, v: u32) -> &str {
        &self.labels[v as usize]
    }

    /// All pseudonyms, by person index.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_key_same_pseudonyms_other_key_other_ones() {
        let d = Directory::from_pairs([("a@x", "A"), ("b@x", "A"), ("c@x", "B")]).unwrap();
        let one = Pseudonyms::new(&Key::from_bytes([1; 32]), &d);
        let again = Pseudonyms::new(&Key::from_bytes([1; 32]), &d);
        let other = Pseudonyms::new(&Key::from_bytes([2; 32]), &d);
        assert_eq!(one, again);
        assert!(one.labels().iter().zip(other.labels()).all(|(a, b)| a != b));
        assert_eq!(one.label(0).len(), 10);
        assert!(one.label(0).starts_with("p-"));
        assert!(!one.labels().iter().any(|l| l.contains("a@x")));
    }

    #[test]
    fn runs_started_at_once_share_one_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        let keys: Vec<Key> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| s.spawn(|| Key::read_or_create(&path).unwrap().0))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(keys.windows(2).all(|w| w[0] == w[1]));
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn base32_matches_rfc4648() {
        // RFC 4648 test vector: base32("foobar") = MZXW6YTBOI
        assert_eq!(base32(b"foobar", 10), "mzxw6ytboi");
    }

    #[test]
    fn key_files_are_created_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("conf/key");
        let (k1, created) = Key::read_or_create(&path).unwrap();
        assert!(created);
        let (k2, created) = Key::read_or_create(&path).unwrap();
        assert!(!created);
        assert_eq!(k1, k2);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        fs::write(dir.path().join("bad"), "not a key").unwrap();
        assert!(matches!(
            Key::read(&dir.path().join("bad")),
            Err(Error::Key { .. })
        ));
    }
}
