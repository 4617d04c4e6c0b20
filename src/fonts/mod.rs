//! Font resolution: which real font each [`FontRole`] is set in on this machine.
//!
//! Order per role: explicit configuration (`字体:` in the YAML or `--font ROLE=PATH|FAMILY`),
//! the official Windows families ([`FontRole::official_families`]), open stand-ins
//! ([`FontRole::stand_ins`]), and last the font compiled into nianbao ([`Bundled`]).
//! Nothing is printed: stand-ins and problems come back as [`FontSet::warnings`].

mod scan;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use scan::{FaceInfo, SystemFonts, default_dirs, is_font_file};

use crate::layout::FontRole;

/// A font compiled into nianbao, subset to GB 2312 (see `assets/fonts/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bundled {
    /// Noto Serif CJK SC Regular (stands in for 仿宋, 宋体, 小标宋).
    Serif,
    /// Noto Sans CJK SC Regular (stands in for 黑体).
    Sans,
    /// WenKai GB2312, a renamed subset of LXGW WenKai Regular (stands in for 楷体).
    Kai,
}

static SERIF: &[u8] = include_bytes!("../../assets/fonts/NotoSerifCJKsc-GB2312.otf");
static SANS: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-GB2312.otf");
static KAI: &[u8] = include_bytes!("../../assets/fonts/WenKaiGB2312-Regular.ttf");

/// The OFL licence of the bundled Noto fonts.
pub const BUNDLED_LICENSE: &str = include_str!("../../assets/fonts/OFL.txt");

/// The OFL licence of the bundled WenKai subset.
pub const BUNDLED_KAI_LICENSE: &str = include_str!("../../assets/fonts/OFL-WenKai.txt");

impl Bundled {
    /// The font file's bytes.
    pub fn data(self) -> &'static [u8] {
        match self {
            Bundled::Serif => SERIF,
            Bundled::Sans => SANS,
            Bundled::Kai => KAI,
        }
    }

    /// Its family name.
    pub fn family(self) -> &'static str {
        match self {
            Bundled::Serif => "Noto Serif CJK SC",
            Bundled::Sans => "Noto Sans CJK SC",
            Bundled::Kai => "WenKai GB2312",
        }
    }

    /// The bundled font used for a role.
    pub fn for_role(role: FontRole) -> Bundled {
        match role {
            FontRole::Hei => Bundled::Sans,
            FontRole::Kai => Bundled::Kai,
            _ => Bundled::Serif,
        }
    }

    /// The bundled fonts a role's characters are looked up in when its own font lacks them,
    /// preferred first (楷体: WenKai, then the serif for the few symbols WenKai lacks).
    pub fn chain(role: FontRole) -> &'static [Bundled] {
        match role {
            FontRole::Hei => &[Bundled::Sans],
            FontRole::Kai => &[Bundled::Kai, Bundled::Serif],
            _ => &[Bundled::Serif],
        }
    }
}

/// Where a role's font comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FontSource {
    /// A font file on disk (face `index` of a collection).
    File {
        /// The file.
        path: PathBuf,
        /// Face index in a `.ttc`, 0 otherwise.
        index: u32,
    },
    /// The font compiled into nianbao.
    Bundled(Bundled),
}

impl FontSource {
    /// The font's bytes: a file is memory-mapped (see [`map_cached`]), a bundled font is static.
    pub fn load(&self) -> std::io::Result<FontData> {
        match self {
            FontSource::File { path, .. } => map_cached(path),
            FontSource::Bundled(b) => Ok(FontData::Static(b.data())),
        }
    }

    /// Face index inside the file.
    pub fn index(&self) -> u32 {
        match self {
            FontSource::File { index, .. } => *index,
            FontSource::Bundled(_) => 0,
        }
    }
}

/// The largest font file opened (the largest CJK collections are about 30 MB).
pub const MAX_FONT_BYTES: usize = 128 * 1024 * 1024;

/// Opens a font file once per process and maps it read-only: a 20–30 MB collection costs only
/// the pages the PDF writer touches (table directory, `cmap`, the glyphs used), and a batch of
/// reports shares the mapping instead of reading the file for every PDF.
///
/// The file is opened through [`crate::input::open_bounded`] (a regular file of at most
/// [`MAX_FONT_BYTES`]). Where mapping is refused (some network file systems), the file is read
/// instead, with the same bound.
///
/// A mapped file truncated by another process while a PDF is being written makes the process
/// fail with SIGBUS. That is accepted: fonts are system files that package managers and font
/// installers replace by renaming a new file into place (the mapping keeps the old one), not by
/// truncating it in place.
pub fn map_cached(path: &Path) -> std::io::Result<FontData> {
    type Cache = std::sync::Mutex<std::collections::HashMap<PathBuf, FontData>>;
    static CACHE: std::sync::OnceLock<Cache> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(data) = cache.lock().ok().and_then(|c| c.get(path).cloned()) {
        return Ok(data);
    }
    let bounded = |e: crate::input::InputError| std::io::Error::other(e.to_string());
    let (file, _) = crate::input::open_bounded(path, MAX_FONT_BYTES).map_err(bounded)?;
    // SAFETY: a read-only mapping of a regular file; nothing in this process writes to it. Its
    // contents changing underneath can only give wrong glyphs; truncation is discussed above.
    let data = match unsafe { memmap2::Mmap::map(&file) } {
        Ok(map) if map.len() <= MAX_FONT_BYTES => FontData::Mapped(Arc::new(map)),
        _ => FontData::Owned(Arc::new(
            crate::input::read_bounded(path, MAX_FONT_BYTES).map_err(bounded)?,
        )),
    };
    if let Ok(mut c) = cache.lock() {
        c.insert(path.to_path_buf(), data.clone());
    }
    Ok(data)
}

impl fmt::Display for FontSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FontSource::File { path, index: 0 } => write!(f, "{}", path.display()),
            FontSource::File { path, index } => write!(f, "{} #{index}", path.display()),
            FontSource::Bundled(_) => write!(f, "bundled GB 2312 subset"),
        }
    }
}

/// A loaded font file's bytes: mapped, read or compiled in; cloning shares them.
#[derive(Debug, Clone)]
pub enum FontData {
    /// A font file mapped read-only ([`map_cached`]).
    Mapped(Arc<memmap2::Mmap>),
    /// Read from disk (where mapping is refused).
    Owned(Arc<Vec<u8>>),
    /// Compiled in.
    Static(&'static [u8]),
}

impl AsRef<[u8]> for FontData {
    fn as_ref(&self) -> &[u8] {
        match self {
            FontData::Mapped(m) => m,
            FontData::Owned(v) => v,
            FontData::Static(s) => s,
        }
    }
}

/// What one role resolved to, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// The role.
    pub role: FontRole,
    /// The families (or paths) looked for, in order.
    pub requested: Vec<String>,
    /// The family actually used.
    pub family: String,
    /// Where it comes from.
    pub source: FontSource,
    /// True when the font is neither configured nor an official family.
    pub stand_in: bool,
    /// Problems met on the way (a configured path that does not exist, …).
    pub notes: Vec<String>,
}

impl Resolution {
    /// A one-line warning when the font stands in for the official family.
    pub fn warning(&self) -> Option<String> {
        if !self.stand_in {
            return None;
        }
        let wanted = self.role.official_families().join("/");
        let how = match &self.source {
            FontSource::Bundled(_) => format!("内置的 {}", self.family),
            src => format!("{} ({src})", self.family),
        };
        Some(format!("未找到 {wanted}，{}改用 {how}", self.role.key()))
    }
}

/// One line of `nianbao fonts`: role, wanted family, the font used and where it comes from.
impl fmt::Display for Resolution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let wanted = self
            .requested
            .first()
            .map(String::as_str)
            .unwrap_or_default();
        write!(
            f,
            "{}\t{wanted} → {}\t{}",
            self.role.key(),
            self.family,
            self.source
        )?;
        if self.stand_in {
            write!(f, "\t（替代字体）")?;
        }
        Ok(())
    }
}

/// The font chosen for every role.
#[derive(Debug, Clone, PartialEq)]
pub struct FontSet {
    /// One resolution per role, in [`FontRole::ALL`] order.
    pub roles: Vec<Resolution>,
}

impl FontSet {
    /// The resolution of a role (`None` only for a hand-built set that lacks it).
    pub fn get(&self, role: FontRole) -> Option<&Resolution> {
        self.roles.iter().find(|r| r.role == role)
    }

    /// The family used for a role, for messages.
    pub fn family(&self, role: FontRole) -> &str {
        self.get(role)
            .map(|r| r.family.as_str())
            .unwrap_or("(no font)")
    }

    /// Every role set in the bundled fonts (no system lookup at all).
    pub fn bundled() -> FontSet {
        resolve_with(&BTreeMap::new(), &SystemFonts::none())
    }

    /// Stand-in notices and configuration problems, for the CLI to print.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for r in &self.roles {
            out.extend(r.notes.iter().cloned());
            out.extend(r.warning());
        }
        out
    }
}

/// Resolves every role against the fonts installed on this machine.
///
/// `config` maps a role's Chinese name (标题, 正文, 黑体, 楷体, 表格, 页码) to a family name or
/// a font file path.
pub fn resolve(config: &BTreeMap<String, String>) -> FontSet {
    resolve_with(config, system())
}

/// The fonts installed on this machine, scanned once per process (a batch or `watch` reuses it).
fn system() -> &'static SystemFonts {
    static SYSTEM: std::sync::OnceLock<SystemFonts> = std::sync::OnceLock::new();
    SYSTEM.get_or_init(SystemFonts::scan_default)
}

/// A configured font as (file or family, face index): `path#N` picks face N of a collection.
fn file_and_face(font: &str) -> (&str, Option<u32>) {
    match font.rsplit_once('#') {
        Some((f, n)) if n.parse::<u32>().is_ok() => (f, n.parse::<u32>().ok()),
        _ => (font, None),
    }
}

/// Does a configured font name a file (a font extension or a path) rather than a family?
fn names_a_file(font: &str) -> bool {
    is_font_file(Path::new(font)) || font.contains('/') || font.contains('\\')
}

/// Checks a font asked for by name on the command line (`--font 正文=…`): a file that exists and
/// holds a font, or a family installed here. The error says what is wrong, in Chinese.
pub fn check_choice(role: FontRole, font: &str) -> Result<(), String> {
    let font = font.trim();
    let (file, index) = file_and_face(font);
    let path = Path::new(file);
    if names_a_file(file) {
        if !path.exists() {
            return Err(format!("{}={font}：找不到字体文件 {file}", role.key()));
        }
        if !path.is_file() {
            return Err(format!(
                "{}={font}：{file} 不是普通文件（目录、设备或管道），请写字体文件本身的路径",
                role.key()
            ));
        }
        let faces = scan::read_faces(path).unwrap_or_default();
        if faces.is_empty() {
            return Err(format!(
                "{}={font}：{file} 不是可用的字体文件（应为 .ttf、.otf 或 .ttc）",
                role.key()
            ));
        }
        if let Some(i) = index
            && !faces.iter().any(|f| f.index == i)
        {
            return Err(format!(
                "{}={font}：{file} 中没有第 {i} 个字体（共 {} 个，从 0 数起）",
                role.key(),
                faces.len()
            ));
        }
        return Ok(());
    }
    let weight = if role == FontRole::Title { 700 } else { 400 };
    if system().find(font, weight).is_some() {
        Ok(())
    } else {
        Err(format!(
            "{}={font}：本机没有安装字体「{font}」；可写字体文件的路径，或运行 nianbao fonts 查看本机所用字体",
            role.key()
        ))
    }
}

/// Resolves every role against the given set of installed fonts.
pub fn resolve_with(config: &BTreeMap<String, String>, system: &SystemFonts) -> FontSet {
    let mut notes_all = Vec::new();
    for key in config.keys() {
        if FontRole::from_key(key).is_none() {
            notes_all.push(format!(
                "字体角色「{key}」不存在（可用：{}）",
                FontRole::names()
            ));
        }
    }
    let mut roles: Vec<Resolution> = FontRole::ALL
        .iter()
        .map(|&role| resolve_role(role, config.get(role.key()).map(String::as_str), system))
        .collect();
    if let Some(first) = roles.first_mut() {
        first.notes.splice(0..0, notes_all);
    }
    FontSet { roles }
}

fn resolve_role(role: FontRole, configured: Option<&str>, system: &SystemFonts) -> Resolution {
    let weight = if role == FontRole::Title { 700 } else { 400 };
    let mut requested = Vec::new();
    let mut notes = Vec::new();
    if let Some(c) = configured.map(str::trim).filter(|c| !c.is_empty()) {
        requested.push(c.to_owned());
        // `path#N` picks face N of a collection.
        let (file, index) = file_and_face(c);
        let path = Path::new(file);
        if names_a_file(file) {
            let faces = scan::read_faces(path).unwrap_or_default();
            // In a collection without an explicit index, prefer the simplified-Chinese face.
            let face = match index {
                Some(i) => faces.iter().find(|f| f.index == i),
                None => faces
                    .iter()
                    .find(|f| f.families.iter().any(|n| is_simplified_chinese(n)))
                    .or(faces.first()),
            };
            match face {
                Some(face) => {
                    return Resolution {
                        role,
                        requested,
                        family: face.display_family.clone(),
                        source: FontSource::File {
                            path: path.to_path_buf(),
                            index: face.index,
                        },
                        stand_in: false,
                        notes,
                    };
                }
                None => notes.push(format!("{}字体文件 {c} 无法读取，改找常用字体", role.key())),
            }
        } else if let Some(face) = system.find(c, weight) {
            return found(role, requested, face, false, notes);
        } else {
            notes.push(format!("{}字体 {c} 未安装，改找常用字体", role.key()));
        }
    }
    for fam in role.official_families() {
        requested.push((*fam).to_owned());
        if let Some(face) = system.find(fam, weight) {
            return found(role, requested, face, false, notes);
        }
    }
    for fam in role.stand_ins() {
        requested.push((*fam).to_owned());
        if let Some(face) = system.find(fam, weight) {
            return found(role, requested, face, true, notes);
        }
    }
    let b = Bundled::for_role(role);
    Resolution {
        role,
        requested,
        family: b.family().to_owned(),
        source: FontSource::Bundled(b),
        stand_in: true,
        notes,
    }
}

/// Does a family name mark a simplified-Chinese face (`… SC`, `… CN`, `…GB…`, `简`)?
fn is_simplified_chinese(name: &str) -> bool {
    name.ends_with(" SC")
        || name.ends_with(" CN")
        || name.contains("GB")
        || name.contains('简')
        || name.ends_with("SC")
}

fn found(
    role: FontRole,
    requested: Vec<String>,
    face: &FaceInfo,
    stand_in: bool,
    notes: Vec<String>,
) -> Resolution {
    Resolution {
        role,
        requested,
        family: face.display_family.clone(),
        source: FontSource::File {
            path: face.path.clone(),
            index: face.index,
        },
        stand_in,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_system_fonts_means_bundled_with_warnings() {
        let set = FontSet::bundled();
        assert_eq!(set.roles.len(), 6);
        assert_eq!(
            set.get(FontRole::Hei).unwrap().source,
            FontSource::Bundled(Bundled::Sans)
        );
        assert_eq!(
            set.get(FontRole::Body).unwrap().source,
            FontSource::Bundled(Bundled::Serif)
        );
        assert_eq!(
            set.get(FontRole::Kai).unwrap().source,
            FontSource::Bundled(Bundled::Kai)
        );
        let w = set.warnings();
        assert_eq!(w.len(), 6);
        assert!(
            w.iter()
                .any(|w| w.contains("仿宋_GB2312") && w.contains("Noto Serif CJK SC"))
        );
    }

    #[test]
    fn font_files_are_mapped_once_not_read() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/OFL-WenKai.txt");
        let a = map_cached(&path).unwrap();
        let b = map_cached(&path).unwrap();
        let (FontData::Mapped(ma), FontData::Mapped(mb)) = (&a, &b) else {
            panic!("not mapped: {a:?}");
        };
        assert!(
            Arc::ptr_eq(ma, mb),
            "the second load shares the first mapping"
        );
        assert_eq!(a.as_ref(), BUNDLED_KAI_LICENSE.as_bytes());
        // Directories (and anything else not a regular file) are refused before mapping.
        assert!(map_cached(Path::new(env!("CARGO_MANIFEST_DIR"))).is_err());
        assert!(map_cached(Path::new("/nonexistent/font.ttf")).is_err());
    }

    #[test]
    fn configured_path_wins() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/fonts/NotoSansCJKsc-GB2312.otf"
        );
        let mut cfg = BTreeMap::new();
        cfg.insert("正文".to_owned(), path.to_owned());
        cfg.insert("标题".to_owned(), "/nonexistent/x.ttf".to_owned());
        let set = resolve_with(&cfg, &SystemFonts::none());
        let body = set.get(FontRole::Body).unwrap();
        assert!(!body.stand_in);
        assert_eq!(body.family, "Noto Sans CJK SC");
        assert!(
            set.warnings()
                .iter()
                .any(|w| w.contains("/nonexistent/x.ttf"))
        );
    }
}
