//! PDF writer: typesets the layout layer's [`Document`] on the GB/T 9704 grid (spec §6) and
//! writes it with krilla (embedded font subsets, extractable text, bookmarks, metadata,
//! optional PDF/A-2b).
//!
//! Files: `fonts` (glyph lookup and fallback), `text` (units, kinsoku, line breaking),
//! `flow` (the line grid and paragraph styles), `table`, `page` (drawing, page numbers),
//! `outline` (bookmarks), `metadata`.

mod flow;
mod fonts;
mod metadata;
mod outline;
mod page;
mod table;
mod tags;
mod text;

use std::collections::BTreeSet;
use std::fmt;

use krilla::Document as KDocument;
use krilla::SerializeSettings;
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::page::PageSettings;
use krilla::tagging::ArtifactType;

use crate::fonts::FontSet;
use crate::layout::{Document, FontRole, GBT9704, Item, PageMetrics, ParaStyle};

/// Options of the PDF writer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PdfOptions {
    /// Write PDF/A-2b.
    pub pdfa: bool,
    /// Creation time (Unix seconds); `None` uses the document's (report date).
    pub created_unix: Option<i64>,
    /// Write a tagged PDF (structure tree: headings, paragraphs, tables); implied by `pdfa`.
    pub tagged: bool,
}

/// A written PDF and what the CLI should tell the user.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Notices: stand-in fonts, characters taken from the bundled font.
    pub warnings: Vec<String>,
    /// Number of pages.
    pub pages: usize,
}

/// Why no PDF could be written.
#[derive(Debug, Clone, PartialEq)]
pub enum PdfError {
    /// A font file could not be read or parsed.
    Font {
        /// Which font.
        font: String,
        /// What went wrong.
        message: String,
    },
    /// A character that neither the role's font nor the bundled font has.
    MissingGlyph {
        /// The character.
        ch: char,
        /// The family it was looked for in.
        family: String,
        /// Where it occurs.
        position: String,
    },
    /// krilla refused to write the file.
    Write(String),
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Font { font, message } => write!(f, "字体 {font}：{message}"),
            PdfError::MissingGlyph {
                ch,
                family,
                position,
            } => write!(
                f,
                "字符“{ch}”（U+{:04X}，{position}）在所用字体 {family} 和内置字体中都没有，请改用常用字或用 --font 指定含此字的字体",
                u32::from(*ch)
            ),
            PdfError::Write(m) => write!(f, "无法生成 PDF：{m}"),
        }
    }
}

impl std::error::Error for PdfError {}

/// Every character of `doc` that neither its role's font nor the bundled font has (at most
/// `limit`), with its role, in document order of roles and characters.
pub fn missing_glyphs(
    doc: &Document,
    fonts: &FontSet,
    limit: usize,
) -> Result<Vec<(FontRole, char)>, PdfError> {
    let mut book = fonts::FontBook::new(fonts)?;
    let mut uses = char_uses(doc);
    let mut out = Vec::new();
    while out.len() < limit {
        match book.prepare(&uses) {
            Ok(()) => break,
            Err(missing) => {
                uses.remove(&missing);
                out.push(missing);
            }
        }
    }
    Ok(out)
}

/// Typesets `doc` with `fonts` and returns the PDF.
pub fn render(doc: &Document, fonts: &FontSet, opts: &PdfOptions) -> Result<PdfOutput, PdfError> {
    render_with(doc, fonts, opts, &GBT9704)
}

/// [`render`] with other page metrics.
pub fn render_with(
    doc: &Document,
    fonts: &FontSet,
    opts: &PdfOptions,
    m: &PageMetrics,
) -> Result<PdfOutput, PdfError> {
    let mut book = fonts::FontBook::new(fonts)?;
    let uses = char_uses(doc);
    if let Err((role, ch)) = book.prepare(&uses) {
        return Err(PdfError::MissingGlyph {
            ch,
            family: fonts.family(role).to_owned(),
            position: position_of(doc, role, ch),
        });
    }
    let mut warnings = fonts.warnings();
    for role in FontRole::ALL {
        let chars: String = book
            .fallbacks
            .iter()
            .filter(|(r, _)| *r == role)
            .map(|(_, c)| *c)
            .collect();
        if !chars.is_empty() {
            warnings.push(format!(
                "{}字体 {} 缺少“{chars}”，这些字改用内置字体",
                role.key(),
                fonts.family(role),
            ));
        }
    }

    // Typeset.
    let mut flow = flow::Flow::new(m);
    for (i, item) in doc.items.iter().enumerate() {
        match item {
            Item::Blank => flow.blank(),
            Item::Para(p) => {
                let heading = matches!(p.style, ParaStyle::Heading(_) | ParaStyle::Title);
                // Grid lines that must follow a heading on its page: one, or a following
                // table's header rows and first row.
                let keep = match doc.items.get(i + 1) {
                    _ if !heading => 0,
                    Some(Item::Table(t)) => {
                        (table::head_height(t, m, &book) / m.line_pitch_pt).ceil() as u32 + 1
                    }
                    Some(_) => 1,
                    None => 0,
                };
                flow.para(p, &book, keep);
            }
            Item::Table(t) => table::table(t, m, &book, &mut flow),
        }
    }
    let bookmarks = std::mem::take(&mut flow.bookmarks);
    let pages = std::mem::take(&mut flow.pages);
    let structure = std::mem::take(&mut flow.structure);
    let tagged = opts.tagged || opts.pdfa;
    let mut ids: Vec<Vec<krilla::tagging::Identifier>> = vec![Vec::new(); structure.leaves];

    // Write.
    let mut settings = SerializeSettings {
        enable_tagging: tagged,
        ..SerializeSettings::default()
    };
    if opts.pdfa {
        settings.configuration = ConfigurationBuilder::new()
            .with_archival_validator(Archival::A2_B)
            .finish()
            .map_err(|e| PdfError::Write(format!("{e:?}")))?;
    }
    let mut pdf = KDocument::new_with(settings);
    let size = PageSettings::from_wh(m.page_width_pt, m.page_height_pt)
        .ok_or_else(|| PdfError::Write("bad page size".into()))?;
    for (i, content) in pages.iter().enumerate() {
        let mut pg = pdf.start_page_with(size.clone());
        let mut surface = pg.surface();
        page::draw(
            &mut surface,
            content,
            &book,
            tagged.then_some(&mut ids),
            ArtifactType::PaginationOther,
        );
        let mut lines = vec![page::footer(i + 1, m, &book)];
        if doc.meta.draft {
            lines.push(page::draft_mark(m, &book));
        }
        page::draw(
            &mut surface,
            &page::PageContent {
                lines,
                rules: Vec::new(),
            },
            &book,
            tagged.then_some(&mut ids),
            ArtifactType::PageNumber,
        );
        surface.finish();
        pg.finish();
    }
    if tagged {
        pdf.set_tag_tree(structure.tree(ids, doc.meta.lang));
    }
    pdf.set_outline(outline::outline(&bookmarks));
    pdf.set_metadata(metadata::metadata(
        &doc.meta,
        opts.created_unix.unwrap_or(doc.meta.created_unix),
    ));
    let bytes = pdf
        .finish()
        .map_err(|e| PdfError::Write(format!("{e:?}")))?;
    Ok(PdfOutput {
        bytes,
        warnings,
        pages: pages.len(),
    })
}

fn clean(c: char) -> Option<char> {
    match c {
        '\t' | '\n' | '\r' => Some(' '),
        c if c.is_control() => None,
        c => Some(c),
    }
}

/// Every (role, character) the document draws.
fn char_uses(doc: &Document) -> BTreeSet<(FontRole, char)> {
    let mut uses = BTreeSet::new();
    for item in &doc.items {
        match item {
            Item::Para(p) => {
                for r in &p.runs {
                    uses.extend(r.text.chars().filter_map(clean).map(|c| (r.role, c)));
                }
            }
            Item::Table(t) => {
                for c in t.rows.iter().flatten() {
                    uses.extend(c.text.chars().filter_map(clean).map(|ch| (t.font, ch)));
                }
            }
            Item::Blank => {}
        }
    }
    uses.extend("— 0123456789".chars().map(|c| (FontRole::PageNumber, c)));
    if doc.meta.draft {
        uses.extend(
            crate::layout::DRAFT_MARK
                .chars()
                .map(|c| (FontRole::Hei, c)),
        );
    }
    uses
}

/// Where a character first occurs, in words.
fn position_of(doc: &Document, role: FontRole, ch: char) -> String {
    let mut section = String::new();
    for item in &doc.items {
        match item {
            Item::Para(p) => {
                if p.style == ParaStyle::Heading(0) {
                    section = p.text();
                }
                let text = p.text();
                if p.runs.iter().any(|r| r.role == role && r.text.contains(ch)) {
                    let k = text.chars().position(|c| c == ch).unwrap_or(0);
                    let start: String = text.chars().take(12).collect();
                    let within = if section.is_empty() {
                        String::new()
                    } else {
                        format!("「{section}」中")
                    };
                    return format!("{within}以“{start}…”开头的段落第 {} 个字", k + 1);
                }
            }
            Item::Table(t) => {
                if t.font != role {
                    continue;
                }
                for (r, row) in t.rows.iter().enumerate() {
                    for c in row {
                        if let Some(k) = c.text.chars().position(|x| x == ch) {
                            return format!(
                                "{}第 {} 行第 {} 列“{}”中第 {} 个字",
                                t.id,
                                r + 1,
                                c.col + 1,
                                c.text,
                                k + 1
                            );
                        }
                    }
                }
            }
            Item::Blank => {}
        }
    }
    "in the page numbers".into()
}

/// The PDF writer in the registry ([`crate::render::WRITERS`]); fonts are resolved from the
/// report's `字体` (with `--font` choices already merged in by the pipeline).
pub struct PdfWriter;

impl crate::render::Writer for PdfWriter {
    fn format(&self) -> crate::render::Format {
        crate::render::Format::Pdf
    }
    fn extension(&self) -> &'static str {
        "pdf"
    }
    fn names(&self) -> &'static [&'static str] {
        &["pdf"]
    }
    fn purpose(&self) -> &'static str {
        "公开发布用的 PDF"
    }
    fn render(
        &self,
        input: &crate::render::RenderInput<'_>,
    ) -> Result<crate::render::Rendered, String> {
        let fonts = crate::fonts::resolve(&input.report.meta.fonts);
        let opts = PdfOptions {
            pdfa: input.pdfa,
            ..Default::default()
        };
        let out = render(input.doc, &fonts, &opts).map_err(|e| e.to_string())?;
        Ok(crate::render::Rendered {
            bytes: out.bytes,
            notes: out
                .warnings
                .into_iter()
                .map(|w| {
                    crate::diag::Diagnostic::note(crate::diag::Rule::FontFallback, w)
                        .in_output("pdf")
                })
                .collect(),
        })
    }
}
