//! Reading ZIP containers (DOCX, XLSX) with limits against zip bombs and malformed archives.

use std::io::{Cursor, Read};

use super::ImportError;

/// Most entries an archive may list.
const MAX_ENTRIES: usize = 2000;
/// Most bytes one entry may inflate to.
const MAX_ENTRY_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes all entries read may inflate to together.
const MAX_TOTAL_BYTES: u64 = 128 * 1024 * 1024;

/// An opened archive.
pub struct Archive {
    zip: zip::ZipArchive<Cursor<Vec<u8>>>,
    read_total: u64,
}

impl Archive {
    /// Opens an archive, refusing too many entries.
    pub fn open(bytes: &[u8]) -> Result<Archive, ImportError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec()))
            .map_err(|e| ImportError::BadArchive(format!("无法打开压缩包：{e}")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(ImportError::BadArchive(format!(
                "压缩包有 {} 个文件，超过上限 {MAX_ENTRIES}",
                zip.len()
            )));
        }
        Ok(Archive { zip, read_total: 0 })
    }

    /// Names of all entries.
    pub fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .flatten()
            .map(|n| n.into_owned())
            .collect()
    }

    /// Reads one entry as UTF-8 text; `Ok(None)` when absent. Sizes are checked as declared
    /// and as actually inflated.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, ImportError> {
        let mut f = match self.zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(ImportError::BadArchive(format!("无法读取 {name}：{e}"))),
        };
        if f.size() > MAX_ENTRY_BYTES {
            return Err(ImportError::BadArchive(format!(
                "{name} 解压后声称有 {} 字节，超过上限 {MAX_ENTRY_BYTES}（可能是压缩炸弹）",
                f.size()
            )));
        }
        let mut buf = Vec::new();
        let limit = MAX_ENTRY_BYTES.min(MAX_TOTAL_BYTES.saturating_sub(self.read_total));
        (&mut f)
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| ImportError::BadArchive(format!("{name} 解压失败：{e}")))?;
        if buf.len() as u64 > limit {
            return Err(ImportError::BadArchive(format!(
                "{name} 解压后超过 {limit} 字节（可能是压缩炸弹）"
            )));
        }
        self.read_total += buf.len() as u64;
        String::from_utf8(buf)
            .map(Some)
            .map_err(|_| ImportError::BadArchive(format!("{name} 不是 UTF-8 编码的 XML")))
    }
}

/// Value of an attribute by local name (`w:val` → `val`).
pub fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key: &str = a.key.as_ref();
        (local(key) == name).then(|| a.value.into_owned())
    })
}

/// Local name of an element (`w:tc` → `tc`).
pub fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Deepest XML nesting accepted.
pub const MAX_DEPTH: usize = 256;
