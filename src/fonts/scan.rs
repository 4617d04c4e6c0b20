//! Finding installed fonts by family name without loading them: only the sfnt table
//! directory, `name` and `OS/2` tables of each face are read.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// One face of an installed font file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaceInfo {
    /// The font file.
    pub path: PathBuf,
    /// Face index inside a collection (`.ttc`), 0 otherwise.
    pub index: u32,
    /// Every family name the face carries (name IDs 1 and 16, all languages).
    pub families: Vec<String>,
    /// The English (or first) family name, for display.
    pub display_family: String,
    /// `OS/2` weight class (400 regular, 700 bold).
    pub weight: u16,
}

/// The fonts installed on this machine, indexed by family name.
#[derive(Debug, Clone, Default)]
pub struct SystemFonts {
    faces: Vec<FaceInfo>,
}

impl SystemFonts {
    /// No system fonts at all (forces configured paths or the bundled font).
    pub fn none() -> SystemFonts {
        SystemFonts::default()
    }

    /// Scans the usual font directories of this platform.
    pub fn scan_default() -> SystemFonts {
        SystemFonts::scan(&default_dirs())
    }

    /// Scans the given directories recursively for `.ttf`, `.otf`, `.ttc` and `.otc` files.
    pub fn scan(dirs: &[PathBuf]) -> SystemFonts {
        // Each real file once: a link loop in a font folder ends.
        let mut walk = crate::walk::Walk {
            keep: &is_font_file,
            max_depth: 8,
            hidden: true,
            seen: Default::default(),
        };
        let (mut files, mut unreadable) = (Vec::new(), Vec::new());
        for d in dirs {
            walk.files(d, &mut files, &mut unreadable);
        }
        files.sort();
        files.dedup();
        let mut faces = Vec::new();
        for f in files {
            faces.extend(read_faces(&f).unwrap_or_default());
        }
        SystemFonts { faces }
    }

    /// Every face found.
    pub fn faces(&self) -> &[FaceInfo] {
        &self.faces
    }

    /// The face of `family` (case-insensitive, any language) whose weight is nearest `weight`.
    pub fn find(&self, family: &str, weight: u16) -> Option<&FaceInfo> {
        let want = normalize(family);
        self.faces
            .iter()
            .filter(|f| f.families.iter().any(|n| normalize(n) == want))
            .min_by_key(|f| (f.weight.abs_diff(weight), f.path.clone(), f.index))
    }
}

fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The usual font directories of Linux, macOS and Windows that exist on this machine.
pub fn default_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = vec![
        "/usr/share/fonts".into(),
        "/usr/local/share/fonts".into(),
        "/Library/Fonts".into(),
        "/System/Library/Fonts".into(),
    ];
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
        dirs.push(home.join("Library/Fonts"));
    }
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME") {
        dirs.push(PathBuf::from(xdg).join("fonts"));
    }
    if let Some(win) = std::env::var_os("WINDIR") {
        dirs.push(PathBuf::from(win).join("Fonts"));
    }
    if let Some(local) = std::env::var_os("LOCALAPPDATA") {
        dirs.push(PathBuf::from(local).join("Microsoft/Windows/Fonts"));
    }
    dirs.retain(|d| d.is_dir());
    dirs
}

/// Does the path name a font file nianbao can read?
pub fn is_font_file(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .map(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "ttf" | "otf" | "ttc" | "otc"
            )
        })
        .unwrap_or(false)
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes([
        *b.get(at)?,
        *b.get(at + 1)?,
        *b.get(at + 2)?,
        *b.get(at + 3)?,
    ]))
}

fn read_at(f: &mut File, offset: u64, len: usize) -> Option<Vec<u8>> {
    f.seek(SeekFrom::Start(offset)).ok()?;
    let mut buf = vec![0; len];
    f.read_exact(&mut buf).ok()?;
    Some(buf)
}

/// Reads the faces of one font file (several for a collection).
pub fn read_faces(path: &Path) -> Option<Vec<FaceInfo>> {
    let mut f = crate::input::open_regular(path).ok()?;
    let head = read_at(&mut f, 0, 12)?;
    let offsets: Vec<u32> = if &head[0..4] == b"ttcf" {
        let n = be32(&head, 8)?.min(256) as usize;
        let dir = read_at(&mut f, 12, 4 * n)?;
        (0..n).filter_map(|i| be32(&dir, 4 * i)).collect()
    } else {
        vec![0]
    };
    let mut faces = Vec::new();
    for (index, off) in offsets.into_iter().enumerate() {
        if let Some(face) = read_face(&mut f, u64::from(off)) {
            faces.push(FaceInfo {
                path: path.to_path_buf(),
                index: index as u32,
                ..face
            });
        }
    }
    Some(faces)
}

fn read_face(f: &mut File, offset: u64) -> Option<FaceInfo> {
    let head = read_at(f, offset, 12)?;
    let num_tables = usize::from(be16(&head, 4)?);
    let dir = read_at(f, offset + 12, 16 * num_tables)?;
    let mut name = None;
    let mut os2 = None;
    for i in 0..num_tables {
        let rec = &dir[16 * i..16 * i + 16];
        let (off, len) = (be32(rec, 8)?, be32(rec, 12)?);
        match &rec[0..4] {
            b"name" => name = Some((off, len)),
            b"OS/2" => os2 = Some((off, len)),
            _ => {}
        }
    }
    let (noff, nlen) = name?;
    let table = read_at(f, u64::from(noff), (nlen as usize).min(1 << 20))?;
    let weight = os2
        .and_then(|(o, _)| read_at(f, u64::from(o) + 4, 2))
        .and_then(|b| be16(&b, 0))
        .unwrap_or(400);
    let (families, display_family) = parse_names(&table)?;
    Some(FaceInfo {
        path: PathBuf::new(),
        index: 0,
        families,
        display_family,
        weight,
    })
}

/// Family names (IDs 1 and 16) from a `name` table, and the English one for display.
fn parse_names(t: &[u8]) -> Option<(Vec<String>, String)> {
    let count = usize::from(be16(t, 2)?);
    let storage = usize::from(be16(t, 4)?);
    let mut names: Vec<String> = Vec::new();
    let mut english: Option<(u16, String)> = None;
    for i in 0..count {
        let r = 6 + 12 * i;
        let (platform, encoding, lang, id) = (
            be16(t, r)?,
            be16(t, r + 2)?,
            be16(t, r + 4)?,
            be16(t, r + 6)?,
        );
        if id != 1 && id != 16 {
            continue;
        }
        let (len, off) = (usize::from(be16(t, r + 8)?), usize::from(be16(t, r + 10)?));
        let Some(raw) = t.get(storage + off..storage + off + len) else {
            continue;
        };
        let text = match (platform, encoding) {
            (0, _) | (3, 0) | (3, 1) | (3, 10) => {
                let units: Vec<u16> = raw
                    .chunks_exact(2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            }
            (1, 0) if raw.is_ascii() => String::from_utf8_lossy(raw).into_owned(),
            _ => continue,
        };
        let text = text.trim().to_owned();
        if text.is_empty() {
            continue;
        }
        // Prefer the typographic family (16) over the legacy one (1) in English.
        let is_english = (platform == 3 && lang == 0x409) || (platform == 1 && lang == 0);
        if is_english && english.as_ref().is_none_or(|(eid, _)| id > *eid) {
            english = Some((id, text.clone()));
        }
        if !names.contains(&text) {
            names.push(text);
        }
    }
    let display = english.map(|(_, n)| n).or_else(|| names.first().cloned())?;
    Some((names, display))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bundled_font_names() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/fonts");
        let fonts = SystemFonts::scan(&[dir]);
        let face = fonts
            .find("noto serif cjk sc", 400)
            .expect("bundled serif found");
        assert_eq!(face.display_family, "Noto Serif CJK SC");
        assert!(
            face.families
                .iter()
                .any(|n| n.contains("思源") || n.contains("Noto"))
        );
        assert!(fonts.find("黑体", 400).is_none());
    }
}
