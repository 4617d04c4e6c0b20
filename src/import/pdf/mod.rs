//! PDF → [`Doc`]: text PDFs (as exported from Word, WPS, LibreOffice or this project) are
//! read with positions (`extract`), ruled tables rebuilt from their lines (`cells`), the rest
//! of the text rebuilt into lines and paragraphs (`lines`); the shared readers do the rest.
//! Scanned (image-only) and password-protected PDFs are refused with a message saying what
//! to import instead. Every stage is bounded (pages, decoded bytes, operations, glyphs).

mod cells;
mod cmap;
mod extract;
mod font;
mod lines;
mod radicals;

use super::ImportError;
use super::doc::{Doc, Line};
use lines::{Placed, TextLine};

/// Most pages a PDF report may have.
pub const MAX_PAGES: usize = 500;
/// Most bytes one stream may decode to.
pub const MAX_STREAM_BYTES: usize = 16 * 1024 * 1024;
/// Most decoded content (page streams, forms, fonts' CMaps) over the whole document.
pub const MAX_CONTENT_BYTES: usize = 128 * 1024 * 1024;
/// Most content-stream operations over the whole document.
pub const MAX_OPERATIONS: usize = 20_000_000;

/// Why a PDF gave no text.
#[derive(Debug, Clone)]
pub(crate) enum PdfProblem {
    /// Needs a password.
    Encrypted,
    /// Not a readable PDF (parser message).
    Broken(String),
    /// More than [`MAX_PAGES`] pages.
    TooManyPages(usize),
    /// Content beyond the decoding or operation limits.
    TooLarge,
}

const ASK_ORIGINAL: &str = "请找原 DOCX/WPS 文件或网页版本";

impl From<PdfProblem> for ImportError {
    fn from(p: PdfProblem) -> Self {
        match p {
            PdfProblem::Encrypted => ImportError::Unrecognized(format!(
                "这个 PDF 已加密（需要密码才能打开），无法导入；{ASK_ORIGINAL}，或用密码打开后另存为不加密的 PDF"
            )),
            PdfProblem::Broken(m) => ImportError::BadPdf(format!(
                "无法读取（{m}）；文件可能不完整或已损坏，{ASK_ORIGINAL}"
            )),
            PdfProblem::TooManyPages(n) => ImportError::TooLarge(format!(
                "PDF 有 {n} 页，上限 {MAX_PAGES} 页（年度报告通常不到 30 页）"
            )),
            PdfProblem::TooLarge => ImportError::TooLarge(format!(
                "PDF 页面内容超过解压或绘制指令上限（{} MB / {} 条）",
                MAX_CONTENT_BYTES / 1024 / 1024,
                MAX_OPERATIONS
            )),
        }
    }
}

/// The message for a PDF without a text layer.
pub const SCANNED: &str =
    "这是扫描件（只有图片，没有文字），无法导入；请找原 DOCX/WPS 文件或网页版本";

/// Reads a PDF into a [`Doc`].
pub(crate) fn parse(bytes: &[u8]) -> Result<Doc, ImportError> {
    let (pages, title) = extract::pages(bytes)?;
    let glyphs: usize = pages.iter().map(|p| p.glyphs.len()).sum();
    let images: usize = pages.iter().map(|p| p.images).sum();
    if glyphs == 0 {
        return Err(ImportError::Unrecognized(if images > 0 {
            SCANNED.to_owned()
        } else {
            format!("PDF 中没有任何文字；{ASK_ORIGINAL}")
        }));
    }
    let unknown = pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .filter(|g| g.text.contains('\u{fffd}'))
        .count();
    if unknown * 2 > glyphs {
        return Err(ImportError::Unrecognized(format!(
            "PDF 中的文字无法还原（{unknown}/{glyphs} 个字符的字体没有 Unicode 对照表 ToUnicode），无法导入；{ASK_ORIGINAL}"
        )));
    }
    let mut doc = assemble(&pages);
    doc.title_hint = title.filter(|t| t.contains("年度报告"));
    Ok(doc)
}

/// One thing on a page in reading order: a text line or a table row.
enum Item {
    Text(Placed),
    Row(usize, cells::Row),
}

fn is_number(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
}

/// Is `next` (the first row on a page) the rest of `prev` (the last row on the page before),
/// a row broken across the page? Then its texts are appended to the cells above them.
fn continue_row(prev: &mut cells::Row, next: &cells::Row) -> bool {
    let filled: Vec<&(f64, f64, String)> = next.cells.iter().filter(|c| !c.2.is_empty()).collect();
    if filled.is_empty()
        || filled
            .iter()
            .any(|c| c.2.chars().any(|ch| ch.is_ascii_digit()))
    {
        return false;
    }
    let mut target = Vec::new();
    for c in &filled {
        let mid = (c.0 + c.1) / 2.0;
        let Some(k) = prev.cells.iter().position(|p| p.0 <= mid && mid <= p.1) else {
            return false;
        };
        // A repeated header row puts text above numbers; a broken row only continues labels.
        if prev.cells[k].2.is_empty() || is_number(&prev.cells[k].2) {
            return false;
        }
        target.push((k, c.2.clone()));
    }
    for (k, text) in target {
        lines::join(&mut prev.cells[k].2, &text);
    }
    true
}

/// Pages → lines of the [`Doc`]: tables become rows, other text becomes paragraphs.
fn assemble(pages: &[extract::Page]) -> Doc {
    // Text lines and tables of each page; page numbers dropped.
    let mut laid: Vec<(Vec<TextLine>, Vec<cells::Table>)> = Vec::new();
    for page in pages {
        let tables = cells::tables(&page.rules, &page.glyphs);
        let free: Vec<&extract::Glyph> = page
            .glyphs
            .iter()
            .filter(|g| !tables.iter().any(|t| t.holds(g)))
            .collect();
        let text: Vec<TextLine> = lines::lines(&free)
            .into_iter()
            .filter(|l| !lines::is_page_number(&l.text))
            .collect();
        laid.push((text, tables));
    }
    // Margins and body size of the whole document: a last page holding only the signature
    // would otherwise take the signature's edges for its margins.
    let all: Vec<TextLine> = laid.iter().flat_map(|(t, _)| t.iter().cloned()).collect();
    let (left, right) = lines::margins(&all);
    let body = lines::body_size(&all);
    let mut items: Vec<Item> = Vec::new();
    for (k, (text, tables)) in laid.into_iter().enumerate() {
        let mut on_page: Vec<(f64, Item)> = text
            .into_iter()
            .map(|line| {
                (
                    line.y + line.size,
                    Item::Text(Placed {
                        page: k,
                        line,
                        left,
                        right,
                        body,
                    }),
                )
            })
            .collect();
        for t in tables {
            for row in t.rows {
                on_page.push((row.y, Item::Row(k, row)));
            }
        }
        // Top to bottom; rows keep their order (stable sort).
        on_page.sort_by(|a, b| b.0.total_cmp(&a.0));
        items.extend(on_page.into_iter().map(|(_, i)| i));
    }
    let mut doc = Doc::default();
    let mut para: Option<(String, Placed)> = None;
    // The last table row written, with its cells' geometry, while nothing followed it.
    let mut open_row: Option<(usize, cells::Row)> = None;
    let flush = |para: &mut Option<(String, Placed)>, doc: &mut Doc| {
        if let Some((text, _)) = para.take() {
            doc.lines.push(Line::Para(text));
        }
    };
    for item in items {
        match item {
            Item::Row(page, row) => {
                flush(&mut para, &mut doc);
                if let Some((p, prev)) = open_row.as_mut()
                    && *p + 1 == page
                    && continue_row(prev, &row)
                {
                    if let Some(Line::Row(cells)) = doc.lines.last_mut() {
                        *cells = prev.cells.iter().map(|c| c.2.clone()).collect();
                    }
                    *p = page;
                    continue;
                }
                doc.lines
                    .push(Line::Row(row.cells.iter().map(|c| c.2.clone()).collect()));
                open_row = Some((page, row));
            }
            Item::Text(p) => {
                open_row = None;
                if let Some((text, last)) = para.as_mut()
                    && lines::continues(last, &p)
                {
                    lines::join(text, &p.line.text);
                    *last = p;
                    continue;
                }
                flush(&mut para, &mut doc);
                if p.line.pieces.len() > 1 && has_number(&p.line) {
                    // Text set out in columns without rules: a row of a borderless table.
                    doc.lines.push(Line::Row(p.line.pieces.clone()));
                    continue;
                }
                para = Some((p.line.text.clone(), p));
            }
        }
    }
    flush(&mut para, &mut doc);
    doc
}

fn has_number(l: &TextLine) -> bool {
    l.pieces.iter().any(|p| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    })
}

#[cfg(test)]
mod tests {
    use super::extract::{Glyph, Page};
    use super::*;

    /// Glyphs of `text` from `x` on baseline `y`, 10 pt, one em each; `|` leaves a 4 em gap.
    fn put(page: &mut Page, x: f64, y: f64, text: &str) {
        let mut x = x;
        for c in text.chars() {
            if c == '|' {
                x += 40.0;
                continue;
            }
            let w = if c.is_ascii() { 5.0 } else { 10.0 };
            page.glyphs.push(Glyph {
                x0: x,
                x1: x + w,
                y,
                size: 10.0,
                text: c.to_string(),
            });
            x += w;
        }
    }

    fn paras(doc: &Doc) -> Vec<String> {
        doc.lines
            .iter()
            .map(|l| match l {
                Line::Para(p) => p.clone(),
                Line::Row(r) => format!("[{}]", r.join("|")),
                Line::Blank => String::new(),
            })
            .collect()
    }

    #[test]
    fn wrapped_lines_join_and_indents_start_paragraphs() {
        // Text block from x = 100 to 330: a full line is 23 characters, an indented one 21.
        let (a21, a23, b21, b23) = (
            "甲".repeat(21),
            "乙".repeat(23),
            "丙".repeat(21),
            "丁".repeat(23),
        );
        let mut p1 = Page::default();
        put(&mut p1, 100.0, 700.0, "一、总体情况");
        put(&mut p1, 120.0, 680.0, &a21);
        put(&mut p1, 100.0, 665.0, &a23);
        put(&mut p1, 100.0, 650.0, "第一段结束。");
        put(&mut p1, 120.0, 635.0, &b21);
        put(&mut p1, 100.0, 620.0, &b23);
        put(&mut p1, 200.0, 60.0, "- 1 -");
        let mut p2 = Page::default();
        put(&mut p2, 100.0, 780.0, "第二段在下一页继续。");
        put(&mut p2, 100.0, 760.0, "规章|0|0|0");
        let doc = assemble(&[p1, p2]);
        assert_eq!(
            paras(&doc),
            vec![
                "一、总体情况".to_owned(),
                format!("{a21}{a23}第一段结束。"),
                format!("{b21}{b23}第二段在下一页继续。"),
                "[规章|0|0|0]".to_owned(),
            ]
        );
    }
}
