//! The article: title, section headings, sub-headings (stand-alone or run-in), paragraphs,
//! tables and the signature, in the order and wording layout gave them.

use std::fmt::Write;

use crate::layout::{Document, Item, Para, ParaStyle, heading_role};

use super::escape;
use super::style::{self, Kind, Mode};
use super::table;

/// The caption of a table: its template title (the same in every template).
fn caption(id: &str) -> String {
    crate::template::all()
        .ok()
        .and_then(|all| all.iter().rev().find_map(|t| t.table(id)))
        .map(|t| t.title.clone())
        .unwrap_or_else(|| id.to_owned())
}

/// HTML heading level of a layout heading level, never skipping a level after `previous`.
fn heading_level(level: u8, previous: u8) -> u8 {
    (level + 2).min(previous + 1).clamp(2, 6)
}

/// Writes the article element with everything in `doc`.
pub fn write(out: &mut String, doc: &Document, mode: Mode) {
    let lang = if mode == Mode::Fragment {
        format!(" lang=\"{}\"", doc.meta.lang)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<article{lang}{}>",
        style::attrs(mode, &[Kind::Article])
    );
    if doc.meta.draft {
        // A forced build with errors: the same words as the PDF/DOCX mark, impossible to miss.
        let _ = writeln!(
            out,
            "<p role=\"alert\" style=\"border:2px solid #b00020;color:#b00020;font-weight:bold;text-align:center;padding:0.5em;\">{}</p>",
            escape::text(crate::layout::DRAFT_MARK)
        );
    }
    let mut previous = 1u8;
    let mut tables = 0;
    let mut signature_open = false;
    for item in &doc.items {
        let is_signature = matches!(
            item,
            Item::Para(Para {
                style: ParaStyle::SignatureOrgan | ParaStyle::SignatureDate,
                ..
            })
        );
        if signature_open && !is_signature {
            out.push_str("</div>\n");
            signature_open = false;
        }
        match item {
            Item::Blank => {}
            Item::Table(t) => {
                tables += 1;
                table::write(out, t, &caption(&t.id), tables, mode);
            }
            Item::Para(p) => match p.style {
                ParaStyle::Title => {
                    let _ = writeln!(
                        out,
                        "<h1{}>{}</h1>",
                        style::attrs(mode, &[Kind::Title]),
                        escape::text(&p.text())
                    );
                }
                ParaStyle::Body => {
                    let _ = writeln!(
                        out,
                        "<p{}>{}</p>",
                        style::attrs(mode, &[Kind::Body]),
                        escape::text(&p.text())
                    );
                }
                ParaStyle::Heading(0) => {
                    previous = 2;
                    let _ = writeln!(
                        out,
                        "<h2{}>{}</h2>",
                        style::attrs(mode, &[Kind::Section]),
                        escape::text(&p.text())
                    );
                }
                ParaStyle::Heading(level) => {
                    let h = heading_level(level, previous);
                    previous = h;
                    write_heading(out, p, level, h, mode);
                }
                ParaStyle::SignatureOrgan | ParaStyle::SignatureDate => {
                    if !signature_open {
                        let _ = writeln!(out, "<div{}>", style::attrs(mode, &[Kind::Signature]));
                        signature_open = true;
                    }
                    let _ = writeln!(
                        out,
                        "<p{}>{}</p>",
                        style::attrs(mode, &[Kind::SignatureLine]),
                        escape::text(&p.text())
                    );
                }
            },
        }
    }
    if signature_open {
        out.push_str("</div>\n");
    }
    out.push_str("</article>\n");
}

/// A sub-heading `<hN>` (level `h`); when text runs on after it in the paragraph, the heading
/// and a `<p>` with that text are shown inline in one block.
fn write_heading(out: &mut String, p: &Para, level: u8, h: u8, mode: Mode) {
    let role = heading_role(level);
    // Layout puts the numbered heading first; punctuation it appends stays with it.
    let mut split = p.runs.len().min(1);
    while split < p.runs.len()
        && p.runs[split]
            .text
            .chars()
            .all(|c| !c.is_alphanumeric() && !c.is_whitespace())
    {
        split += 1;
    }
    let head: String = p.runs[..split].iter().map(|r| r.text.as_str()).collect();
    let body: String = p.runs[split..].iter().map(|r| r.text.as_str()).collect();
    let font = style::font_stack(role);
    let font_attr = |kinds: &[Kind]| match mode {
        Mode::Page => format!("{} style=\"font-family:{font}\"", style::attrs(mode, kinds)),
        Mode::Fragment => {
            let decls: Vec<String> = kinds.iter().map(|k| style::decl(*k)).collect();
            format!(" style=\"{};font-family:{font}\"", decls.join(";"))
        }
    };
    if body.trim().is_empty() {
        let _ = writeln!(
            out,
            "<h{h}{}>{}</h{h}>",
            font_attr(&[Kind::Heading]),
            escape::text(&head)
        );
    } else {
        // Run-in: a real heading and its paragraph shown inline on one line, as in print.
        let _ = writeln!(
            out,
            "<div{}><h{h}{}>{}</h{h}><p{}>{}</p></div>",
            style::attrs(mode, &[Kind::Body]),
            font_attr(&[Kind::Heading, Kind::RunIn]),
            escape::text(&head),
            style::attrs(mode, &[Kind::RunIn]),
            escape::text(&body)
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn heading_levels_never_skip() {
        assert_eq!(super::heading_level(1, 2), 3);
        assert_eq!(super::heading_level(2, 2), 3);
        assert_eq!(super::heading_level(2, 3), 4);
        assert_eq!(super::heading_level(1, 4), 3);
    }
}
