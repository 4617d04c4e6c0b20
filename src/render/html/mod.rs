//! HTML writer for the portal: a self-contained accessible page and a CMS-safe fragment.
//!
//! Both are drawn from the layout layer's [`Document`] and decide nothing it decides. The page
//! has no scripts and no external resources, `lang="zh-CN"`, one stylesheet (screen, phone and
//! print); the fragment is only the article with every style inline (portal editors strip
//! `<style>`, classes and ids). The markup is also well-formed XML, so any XML reader parses it.
//!
//! Files: `escape` (text and attributes), `style` (declarations shared by both outputs),
//! `headers` (header associations of table cells), `table`, `body` (the article), this file
//! (page and fragment wrappers).

mod body;
mod escape;
mod headers;
mod style;
mod table;

use std::fmt::Write;

use crate::layout::Document;

pub use style::Mode;

/// The two HTML files of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlOutput {
    /// The whole page (`{title}.html`).
    pub page: String,
    /// The article alone with inline styles (`{title}.fragment.html`).
    pub fragment: String,
}

/// Writes the page and the fragment of `doc`.
pub fn render(doc: &Document) -> HtmlOutput {
    HtmlOutput {
        page: page(doc),
        fragment: fragment(doc),
    }
}

/// The self-contained page.
pub fn page(doc: &Document) -> String {
    let m = &doc.meta;
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\" />\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>{}</title>\n\
         <meta name=\"author\" content=\"{}\" />\n",
        m.lang,
        escape::text(&m.title),
        escape::attr(&m.author)
    );
    if let Some(d) = m.date {
        let _ = writeln!(
            out,
            "<meta name=\"date\" content=\"{:04}-{:02}-{:02}\" />",
            d.year, d.month, d.day
        );
    }
    let _ = write!(
        out,
        "<meta name=\"generator\" content=\"nianbao {}\" />\n<style>\n{}</style>\n</head>\n<body>\n<main>\n",
        env!("CARGO_PKG_VERSION"),
        style::stylesheet()
    );
    body::write(&mut out, doc, Mode::Page);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// The CMS-safe fragment: the article only, styles inline.
pub fn fragment(doc: &Document) -> String {
    let mut out = String::with_capacity(96 * 1024);
    body::write(&mut out, doc, Mode::Fragment);
    out
}

/// The page writer (`--format html`; the build adds the fragment beside it).
pub struct HtmlWriter;

impl crate::render::Writer for HtmlWriter {
    fn format(&self) -> crate::render::Format {
        crate::render::Format::Html
    }
    fn extension(&self) -> &'static str {
        "html"
    }
    fn names(&self) -> &'static [&'static str] {
        &["html", "htm", "网页"]
    }
    fn purpose(&self) -> &'static str {
        "网站发布用的网页，同时生成供网站编辑器粘贴的 .fragment.html"
    }
    fn render(
        &self,
        input: &crate::render::RenderInput<'_>,
    ) -> Result<crate::render::Rendered, String> {
        Ok(crate::render::Rendered {
            bytes: page(input.doc).into_bytes(),
            notes: Vec::new(),
        })
    }
}

/// The fragment writer (`{title}.fragment.html`).
pub struct FragmentWriter;

impl crate::render::Writer for FragmentWriter {
    fn format(&self) -> crate::render::Format {
        crate::render::Format::HtmlFragment
    }
    fn extension(&self) -> &'static str {
        "fragment.html"
    }
    fn names(&self) -> &'static [&'static str] {
        &["fragment.html", "fragment", "片段"]
    }
    fn purpose(&self) -> &'static str {
        "只含正文、样式内联的网页片段"
    }
    fn render(
        &self,
        input: &crate::render::RenderInput<'_>,
    ) -> Result<crate::render::Rendered, String> {
        Ok(crate::render::Rendered {
            bytes: fragment(input.doc).into_bytes(),
            notes: Vec::new(),
        })
    }
}
