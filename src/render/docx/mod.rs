//! DOCX writer: the layout layer's document written with docx-rs, then finished in one
//! place ([`patch`]) for what docx-rs cannot express (styles with Chinese typography,
//! `tblHeader`, a schema-ordered `sectPr`, document properties, a deterministic archive).
//!
//! Page setup follows GB/T 9704 (spec §6) with the settings measured to give 22 lines ×
//! 28 characters in LibreOffice (`docx-grid-in-libreoffice.md`).

mod patch;
mod props;
mod section;
mod styles;
mod table;

use std::fmt;

use docx_rs::{BreakType, Docx, Paragraph, Run, SpecialIndentType};

use crate::layout::{Document, Item, Para, ParaStyle};

/// Why a DOCX could not be written.
#[derive(Debug)]
pub enum DocxError {
    /// docx-rs produced XML the patch step did not expect.
    Patch(String),
    /// Writing the ZIP archive failed.
    Zip(String),
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocxError::Patch(what) => write!(f, "生成 DOCX 失败：文档结构不符合预期（{what}）"),
            DocxError::Zip(what) => write!(f, "生成 DOCX 失败：无法写入压缩包（{what}）"),
        }
    }
}

impl std::error::Error for DocxError {}

/// Deterministic paragraph ids (`w14:paraId`), so equal input gives equal bytes.
pub(crate) struct ParaIds(u32);

impl ParaIds {
    /// The next id, `00000001` upwards.
    pub(crate) fn next(&mut self) -> String {
        self.0 += 1;
        format!("{:08X}", self.0)
    }
}

/// Display width of text in twips at body size with body spacing (CJK 15.75 pt,
/// Times New Roman digits 8 pt − 0.25 pt).
fn text_twips(text: &str) -> u32 {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                styles::BODY_CHAR_TWIPS / 2 - 2
            } else {
                styles::BODY_CHAR_TWIPS
            }
        })
        .sum()
}

/// Right indents (organ, date) in twips that centre the date under the organ name: the
/// shorter line moves left by half the difference, the longer keeps 2 characters.
fn signature_indents(doc: &Document) -> (u32, u32) {
    let width = |style: ParaStyle| {
        doc.items.iter().rev().find_map(|i| match i {
            Item::Para(p) if p.style == style => Some(text_twips(&p.text())),
            _ => None,
        })
    };
    let base = styles::INDENT_2_CHARS;
    match (
        width(ParaStyle::SignatureOrgan),
        width(ParaStyle::SignatureDate),
    ) {
        (Some(organ), Some(date)) => (
            base + date.saturating_sub(organ) / 2,
            base + organ.saturating_sub(date) / 2,
        ),
        _ => (base, base),
    }
}

fn paragraph(p: &Para, ids: &mut ParaIds, signature: (u32, u32)) -> Paragraph {
    let own = styles::para_style_role(p.style);
    let mut para = Paragraph::new()
        .id(ids.next())
        .style(styles::para_style_id(p.style));
    let right = match p.style {
        ParaStyle::SignatureOrgan => signature.0,
        ParaStyle::SignatureDate => signature.1,
        _ => styles::INDENT_2_CHARS,
    };
    if right != styles::INDENT_2_CHARS {
        // Content-dependent: the only direct paragraph formatting in the document.
        para = para.indent(
            None,
            Some(SpecialIndentType::FirstLine(0)),
            Some(i32::try_from(right).unwrap_or(0)),
            None,
        );
    }
    // A heading standing alone (no run-in text) never ends a page: it stays with what follows.
    if matches!(p.style, ParaStyle::Heading(_))
        && p.runs.iter().filter(|r| !r.text.is_empty()).count() == 1
    {
        para = para.keep_next(true);
    }
    if p.style == ParaStyle::Title {
        let mut r = Run::new();
        for (i, line) in p.runs.iter().map(|r| &r.text).enumerate() {
            if i > 0 {
                r = r.add_break(BreakType::TextWrapping);
            }
            r = r.add_text(line.as_str());
        }
        return para.add_run(r);
    }
    for run in &p.runs {
        if run.text.is_empty() {
            continue;
        }
        let mut r = Run::new().add_text(run.text.as_str());
        if run.role != own {
            r = r.style(styles::char_style_id(run.role));
        }
        para = para.add_run(r);
    }
    para
}

/// Writes the document as DOCX bytes: A4, GB/T 9704 grid, official styles and tables.
///
/// The same document always gives the same bytes; dates come from `doc.meta`.
pub fn render(doc: &Document) -> Result<Vec<u8>, DocxError> {
    let mut ids = ParaIds(0);
    let mut docx = Docx::new();
    let signature = signature_indents(doc);
    let mut header_rows = Vec::new();
    for item in &doc.items {
        docx = match item {
            Item::Para(p) => docx.add_paragraph(paragraph(p, &mut ids, signature)),
            Item::Table(t) => {
                header_rows.push(t.header_rows);
                docx.add_table(table::table(t, &mut ids))
            }
            Item::Blank => {
                docx.add_paragraph(Paragraph::new().id(ids.next()).style(styles::id::NORMAL))
            }
        };
    }
    if doc.meta.draft {
        docx = docx
            .header(section::draft_header("7FFFFFF2"))
            .even_header(section::draft_header("7FFFFFF3"));
    }
    let docx = docx
        .footer(section::odd_footer())
        .even_footer(section::even_footer());
    patch::package(docx.build(), &doc.meta, &header_rows)
}

/// The DOCX writer in the registry ([`crate::render::WRITERS`]).
pub struct DocxWriter;

impl crate::render::Writer for DocxWriter {
    fn format(&self) -> crate::render::Format {
        crate::render::Format::Docx
    }
    fn extension(&self) -> &'static str {
        "docx"
    }
    fn names(&self) -> &'static [&'static str] {
        &["docx", "word"]
    }
    fn purpose(&self) -> &'static str {
        "送审用的 Word 文档"
    }
    fn render(
        &self,
        input: &crate::render::RenderInput<'_>,
    ) -> Result<crate::render::Rendered, String> {
        Ok(crate::render::Rendered {
            bytes: render(input.doc).map_err(|e| e.to_string())?,
            notes: Vec::new(),
        })
    }
}
