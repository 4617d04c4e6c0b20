//! `{title}.manifest.json`: the SHA-256 of the source and of every file a build wrote, so an
//! office can prove what it published and anyone can see whether a published file was changed
//! afterwards.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// SHA-256 of `bytes` as 64 lowercase hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            use std::fmt::Write;
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// One file in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// File name (outputs: in the manifest's directory; source: as given to `build`).
    pub file: String,
    /// Format (`yaml`, `docx`, `xlsx`, `pdf`, `html`, `fragment.html`).
    pub format: String,
    /// Size in bytes.
    pub bytes: usize,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

impl Entry {
    /// An entry for `bytes` named `file`.
    pub fn new(file: impl Into<String>, format: impl Into<String>, bytes: &[u8]) -> Entry {
        Entry {
            file: file.into(),
            format: format.into(),
            bytes: bytes.len(),
            sha256: sha256_hex(bytes),
        }
    }
}

/// The manifest of one build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Manifest {
    /// The report title.
    pub title: String,
    /// The tool that wrote the files.
    pub generator: String,
    /// Creation time recorded in the outputs (Unix seconds; the report date, not the build time).
    pub created_unix: i64,
    /// The source file.
    pub source: Entry,
    /// Every output, in build order.
    pub outputs: Vec<Entry>,
}

impl Manifest {
    /// Pretty JSON ending in a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_digests() {
        assert_eq!(
            super::sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            super::sha256_hex("abc".as_bytes()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
