//! Writers: each turns the layout layer's decisions into one file format, deciding nothing itself.
//!
//! Every writer implements [`Writer`] over one laid-out [`Document`] (which already carries the
//! derived totals) and is listed once in [`WRITERS`]. The command line's `--format` names, the
//! help text, file extensions and the default set all come from that list.
//!
//! To add a format: write `render/NAME/` with a unit struct implementing [`Writer`], add a
//! variant to [`Format`] and one line to [`WRITERS`]. Nothing else changes.

use std::fmt;
use std::str::FromStr;

use crate::diag::Diagnostic;
use crate::layout::Document;
use crate::model::Report;

/// DOCX (Word) via docx-rs, finished by one patch step.
pub mod docx;
/// HTML for the portal: a self-contained accessible page and a CMS-safe fragment.
pub mod html;
/// PDF typeset on the GB/T 9704 grid, written with krilla (embedded font subsets).
pub mod pdf;
/// XLSX (the statistical tables as a fillable workbook) via rust_xlsxwriter.
pub mod xlsx;

/// An output format: one per writer in [`WRITERS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Word document for internal approval.
    Docx,
    /// Workbook with the statistical tables.
    Xlsx,
    /// PDF for publication.
    Pdf,
    /// HTML page for the portal.
    Html,
    /// The page's article with inline styles, for pasting into a portal editor.
    HtmlFragment,
}

/// What a writer is given: the laid-out document, and the report and findings behind it.
#[derive(Debug, Clone, Copy)]
pub struct RenderInput<'a> {
    /// The report (the workbook writes its input cells and formulas from it).
    pub report: &'a Report,
    /// The laid-out document, with derived totals.
    pub doc: &'a Document,
    /// Findings of `check` (the workbook lists them).
    pub findings: &'a [Diagnostic],
    /// PDF/A-2b with tags.
    pub pdfa: bool,
}

/// A writer's result: the file's bytes, and notes for the user (font stand-ins …).
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The complete file.
    pub bytes: Vec<u8>,
    /// Notes, each a [`Diagnostic`] with the output format set.
    pub notes: Vec<Diagnostic>,
}

/// One output format's writer.
pub trait Writer: Sync {
    /// Which format this is.
    fn format(&self) -> Format;
    /// File extension, without the dot.
    fn extension(&self) -> &'static str;
    /// Names accepted by `--format` (the extension first).
    fn names(&self) -> &'static [&'static str];
    /// What the file is for, in Chinese (help text).
    fn purpose(&self) -> &'static str;
    /// Is it built when no `--format` is given?
    fn default_on(&self) -> bool {
        true
    }
    /// Renders the document; the error is a Chinese sentence.
    fn render(&self, input: &RenderInput<'_>) -> Result<Rendered, String>;
}

/// Every writer, in build order.
pub static WRITERS: &[&dyn Writer] = &[
    &docx::DocxWriter,
    &xlsx::XlsxWriter,
    &pdf::PdfWriter,
    &html::HtmlWriter,
    &html::FragmentWriter,
];

impl Format {
    /// Every format, in build order.
    pub fn all() -> Vec<Format> {
        WRITERS.iter().map(|w| w.format()).collect()
    }

    /// The formats built when none is asked for.
    pub fn defaults() -> Vec<Format> {
        WRITERS
            .iter()
            .filter(|w| w.default_on())
            .map(|w| w.format())
            .collect()
    }

    /// This format's writer.
    pub fn writer(self) -> &'static dyn Writer {
        *WRITERS
            .iter()
            .find(|w| w.format() == self)
            .expect("every format has a writer in WRITERS")
    }

    /// File extension.
    pub fn extension(self) -> &'static str {
        self.writer().extension()
    }

    /// One line per format for `--help`: `docx  送审用的 Word 文档`.
    pub fn help() -> String {
        WRITERS
            .iter()
            .map(|w| format!("{}（{}）", w.extension(), w.purpose()))
            .collect::<Vec<_>>()
            .join("、")
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let want = s.trim().to_ascii_lowercase();
        WRITERS
            .iter()
            .find(|w| w.names().contains(&want.as_str()))
            .map(|w| w.format())
            .ok_or_else(|| {
                let names: Vec<&str> = WRITERS.iter().map(|w| w.extension()).collect();
                format!(
                    "不支持的格式「{}」，可选：{}、all",
                    s.trim(),
                    names.join("、")
                )
            })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

/// Renders one format.
pub fn render(format: Format, input: &RenderInput<'_>) -> Result<Rendered, String> {
    if let Some(o) = &input.doc.overflow {
        return Err(format!(
            "{}「{}」行「{}」列的合计超出可计算范围，不能生成（合计不能按 0 印出）",
            o.table, o.row, o.column
        ));
    }
    format.writer().render(input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_one_writer_and_unique_names() {
        let mut names = std::collections::BTreeSet::new();
        for w in WRITERS {
            assert_eq!(w.format().writer().extension(), w.extension());
            assert_eq!(w.names()[0], w.extension());
            for n in w.names() {
                assert!(names.insert(*n), "{n} used twice");
                assert_eq!(n.parse::<Format>().unwrap(), w.format());
            }
        }
        assert!("odt".parse::<Format>().is_err());
    }
}
