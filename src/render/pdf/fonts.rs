//! Fonts as the typesetter sees them: per role a loaded face with glyph lookup and advances,
//! falling back per character to the bundled font, and an error for a character no font has.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use krilla::text::Font;

use crate::fonts::{Bundled, FontData, FontSet, FontSource};
use crate::layout::FontRole;

use super::PdfError;

/// A glyph as placed: which loaded font, glyph id, natural advance in em.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GlyphInfo {
    /// Index into [`FontBook::fonts`].
    pub font: usize,
    /// Glyph id.
    pub gid: u16,
    /// Natural advance in em.
    pub advance: f32,
}

/// One loaded face.
pub(crate) struct LoadedFont {
    /// krilla's handle (embeds a subset on output).
    pub font: Font,
    data: FontData,
    index: u32,
}

/// Every font the document uses, and the glyph of every (role, character) in it.
pub(crate) struct FontBook {
    /// Loaded faces; index is [`GlyphInfo::font`].
    pub fonts: Vec<LoadedFont>,
    role_font: HashMap<FontRole, usize>,
    /// Per role, the bundled fonts tried in order for characters its own font lacks.
    role_fallback: HashMap<FontRole, Vec<usize>>,
    glyphs: HashMap<(FontRole, char), GlyphInfo>,
    /// Characters that came from the bundled font instead of the role's font.
    pub fallbacks: BTreeSet<(FontRole, char)>,
}

impl FontBook {
    /// Loads the role fonts of `set` and looks up every character of `uses`.
    pub fn new(set: &FontSet) -> Result<FontBook, PdfError> {
        let mut book = FontBook {
            fonts: Vec::new(),
            role_font: HashMap::new(),
            role_fallback: HashMap::new(),
            glyphs: HashMap::new(),
            fallbacks: BTreeSet::new(),
        };
        let mut by_source: HashMap<FontSource, usize> = HashMap::new();
        for res in &set.roles {
            let idx = book.load(&mut by_source, &res.source)?;
            book.role_font.insert(res.role, idx);
            let mut chain = Vec::new();
            for b in Bundled::chain(res.role) {
                chain.push(book.load(&mut by_source, &FontSource::Bundled(*b))?);
            }
            book.role_fallback.insert(res.role, chain);
        }
        Ok(book)
    }

    fn load(
        &mut self,
        by_source: &mut HashMap<FontSource, usize>,
        src: &FontSource,
    ) -> Result<usize, PdfError> {
        if let Some(i) = by_source.get(src) {
            return Ok(*i);
        }
        let data = src.load().map_err(|e| PdfError::Font {
            font: src.to_string(),
            message: e.to_string(),
        })?;
        let index = src.index();
        let arc: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(data.clone());
        let font = Font::new(arc.into(), index).ok_or_else(|| PdfError::Font {
            font: src.to_string(),
            message: "not a usable OpenType font".into(),
        })?;
        ttf_parser::Face::parse(data.as_ref(), index).map_err(|e| PdfError::Font {
            font: src.to_string(),
            message: e.to_string(),
        })?;
        self.fonts.push(LoadedFont { font, data, index });
        let i = self.fonts.len() - 1;
        by_source.insert(src.clone(), i);
        Ok(i)
    }

    /// Looks up the glyphs of all `(role, char)` pairs; returns the first that no font has.
    pub fn prepare(&mut self, uses: &BTreeSet<(FontRole, char)>) -> Result<(), (FontRole, char)> {
        // Group by font so each face is parsed once.
        let mut by_font: HashMap<usize, Vec<char>> = HashMap::new();
        for &(role, c) in uses {
            if let Some(&f) = self.role_font.get(&role) {
                by_font.entry(f).or_default().push(c);
            }
        }
        let mut found: HashMap<(usize, char), GlyphInfo> = HashMap::new();
        for (f, chars) in &by_font {
            let lf = &self.fonts[*f];
            let Ok(face) = ttf_parser::Face::parse(lf.data.as_ref(), lf.index) else {
                continue;
            };
            lookup(&face, *f, chars, &mut found);
        }
        // Fallback pass for what the role fonts lack: every bundled font of the role's chain.
        let mut missing: HashMap<usize, Vec<char>> = HashMap::new();
        for &(role, c) in uses {
            let f = self.role_font.get(&role).copied().unwrap_or(0);
            if !found.contains_key(&(f, c)) {
                for &fb in self.role_fallback.get(&role).into_iter().flatten() {
                    missing.entry(fb).or_default().push(c);
                }
            }
        }
        for (f, chars) in &missing {
            let lf = &self.fonts[*f];
            if let Ok(face) = ttf_parser::Face::parse(lf.data.as_ref(), lf.index) {
                lookup(&face, *f, chars, &mut found);
            }
        }
        for &(role, c) in uses {
            let f = self.role_font.get(&role).copied().unwrap_or(0);
            let g = match found.get(&(f, c)) {
                Some(g) => *g,
                None => {
                    let fb = self
                        .role_fallback
                        .get(&role)
                        .into_iter()
                        .flatten()
                        .find_map(|&fb| found.get(&(fb, c)));
                    match fb {
                        Some(g) => {
                            self.fallbacks.insert((role, c));
                            *g
                        }
                        None => return Err((role, c)),
                    }
                }
            };
            self.glyphs.insert((role, c), g);
        }
        Ok(())
    }

    /// The glyph of a prepared character.
    pub fn glyph(&self, role: FontRole, c: char) -> Option<GlyphInfo> {
        self.glyphs.get(&(role, c)).copied()
    }
}

fn lookup(
    face: &ttf_parser::Face,
    f: usize,
    chars: &[char],
    found: &mut HashMap<(usize, char), GlyphInfo>,
) {
    let upem = f32::from(face.units_per_em().max(1));
    for &c in chars {
        if let Some(gid) = face.glyph_index(c).filter(|g| g.0 != 0) {
            let adv = face.glyph_hor_advance(gid).map(f32::from).unwrap_or(upem) / upem;
            found.insert(
                (f, c),
                GlyphInfo {
                    font: f,
                    gid: gid.0,
                    advance: adv,
                },
            );
        }
    }
}
