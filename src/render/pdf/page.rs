//! Pages: what is drawn on each (glyphs, rules), the page-number footer, and writing a page
//! with krilla.

use krilla::geom::{PathBuilder, Point};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag};
use krilla::text::{GlyphId, KrillaGlyph};

use crate::layout::{FontRole, PageMetrics};

use super::fonts::FontBook;
use super::text::{self, Align, Mode, Span};

/// Baseline below the top of an em box, for CJK fonts (ideographic em box 880/−120).
pub(crate) const ASCENT: f32 = 0.88;

/// A line of placed glyphs on one baseline.
#[derive(Debug, Clone)]
pub(crate) struct GlyphLine {
    /// Baseline, from the page top.
    pub baseline: f32,
    /// The glyphs, left to right.
    pub glyphs: Vec<text::Placed>,
    /// The structure leaf the line belongs to; `None` for artifacts (page numbers, repeated
    /// table headers).
    pub owner: Option<usize>,
}

/// Everything drawn on one page.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageContent {
    /// Text lines.
    pub lines: Vec<GlyphLine>,
    /// Straight rules (x1, y1, x2, y2), page coordinates from the top left.
    pub rules: Vec<(f32, f32, f32, f32)>,
}

/// The page-number line `— N —`: odd pages right, even pages left, one character in from the
/// text block, its em box `page_number_gap_pt` below the text block.
pub(crate) fn footer(page_no: usize, m: &PageMetrics, book: &FontBook) -> GlyphLine {
    let size = m.page_number_size_pt;
    let label = format!("— {page_no} —");
    let spans = [Span {
        text: &label,
        role: FontRole::PageNumber,
        size,
    }];
    let units = text::units(&spans, book, Mode::Natural);
    let w = text::width(&units);
    let inner = m.text_width_pt - 2.0 * size;
    let align = if page_no % 2 == 1 {
        Align::Right
    } else {
        Align::Left
    };
    let x0 = m.margin_left_pt + size;
    let glyphs = text::place(&units, x0, inner.max(w), align, true);
    let top = m.margin_top_pt + m.text_height_pt + m.page_number_gap_pt;
    GlyphLine {
        baseline: top + ASCENT * size,
        glyphs,
        owner: None,
    }
}

/// The draft mark ([`crate::layout::DRAFT_MARK`]) in 黑体 三号, centred in the top margin.
pub(crate) fn draft_mark(m: &PageMetrics, book: &FontBook) -> GlyphLine {
    let size = 16.0;
    let spans = [Span {
        text: crate::layout::DRAFT_MARK,
        role: FontRole::Hei,
        size,
    }];
    let units = text::units(&spans, book, Mode::Natural);
    let w = text::width(&units);
    let glyphs = text::place(
        &units,
        m.margin_left_pt,
        m.text_width_pt.max(w),
        Align::Center,
        true,
    );
    let top = m.margin_top_pt / 2.0 - size / 2.0;
    GlyphLine {
        baseline: top + ASCENT * size,
        glyphs,
        owner: None,
    }
}

/// Draws a page's content on a krilla surface. With `tags`, every line is marked content:
/// a span whose identifier goes to its owner's leaf, or an artifact of `artifact` kind.
pub(crate) fn draw(
    surface: &mut Surface,
    content: &PageContent,
    book: &FontBook,
    mut tags: Option<&mut Vec<Vec<Identifier>>>,
    artifact: ArtifactType,
) {
    for line in &content.lines {
        match (tags.as_deref_mut(), line.owner) {
            (Some(ids), Some(leaf)) if leaf < ids.len() => {
                let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                draw_line(surface, line, book);
                surface.end_tagged();
                ids[leaf].push(id);
            }
            (Some(_), _) => {
                surface.start_tagged(ContentTag::Artifact(Artifact::new(artifact, None)));
                draw_line(surface, line, book);
                surface.end_tagged();
            }
            (None, _) => draw_line(surface, line, book),
        }
    }
    if !content.rules.is_empty() {
        if tags.is_some() {
            surface.start_tagged(ContentTag::Artifact(Artifact::new(
                ArtifactType::Layout,
                None,
            )));
        }
        let mut pb = PathBuilder::new();
        for &(x1, y1, x2, y2) in &content.rules {
            pb.move_to(x1, y1);
            pb.line_to(x2, y2);
        }
        if let Some(path) = pb.finish() {
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                width: 0.75,
                ..Default::default()
            }));
            surface.draw_path(&path);
            surface.set_stroke(None);
        }
        if tags.is_some() {
            surface.end_tagged();
        }
    }
}

fn draw_line(surface: &mut Surface, line: &GlyphLine, book: &FontBook) {
    surface.set_fill(Some(Fill {
        opacity: NormalizedF32::ONE,
        ..Default::default()
    }));
    let g = &line.glyphs;
    let mut i = 0;
    while i < g.len() {
        // A run: same font and size.
        let mut j = i + 1;
        while j < g.len() && g[j].glyph.font == g[i].glyph.font && g[j].size == g[i].size {
            j += 1;
        }
        let run = &g[i..j];
        let mut text = String::new();
        let mut glyphs = Vec::with_capacity(run.len());
        for (k, p) in run.iter().enumerate() {
            let start = text.len();
            text.push(p.ch);
            let adv = match run.get(k + 1) {
                Some(next) => next.x - p.x,
                None => p.glyph.advance * p.size,
            };
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(u32::from(p.glyph.gid)),
                adv / p.size,
                0.0,
                0.0,
                0.0,
                start..text.len(),
                None,
            ));
        }
        let font = book.fonts[run[0].glyph.font].font.clone();
        surface.draw_glyphs(
            Point::from_xy(run[0].x, line.baseline),
            &glyphs,
            font,
            &text,
            run[0].size,
            false,
        );
        i = j;
    }
}
