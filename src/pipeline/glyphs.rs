//! Characters the PDF cannot print: found by `check`, before `build` fails on them, each at the
//! place in the source where it is written.

use crate::diag::{Diagnostic, Loc, Rule};
use crate::model::{Block, Report};
use crate::source::keys as k;

use super::Derived;

/// At most this many missing characters are named per file (a pasted rare-script block would
/// otherwise give hundreds of lines).
const LIMIT: usize = 20;

/// One error per character that no font available for its role (nor the bundled font) has.
pub fn missing_glyphs(report: &Report, derived: &Derived) -> Vec<Diagnostic> {
    let doc = crate::layout::document_with(report, derived.clone());
    let fonts = crate::fonts::resolve(&report.meta.fonts);
    let Ok(missing) = crate::render::pdf::missing_glyphs(&doc, &fonts, LIMIT) else {
        // A font that cannot be loaded at all is reported by `build`, with the file named.
        return Vec::new();
    };
    let mut seen = std::collections::BTreeSet::new();
    missing
        .into_iter()
        .filter(|(_, ch)| seen.insert(*ch))
        .map(|(role, ch)| {
            let (loc, place) = place_of(report, ch);
            Diagnostic::error(
                Rule::MissingGlyph,
                loc,
                format!(
                    "字符「{ch}」（U+{:04X}{place}）在所用的{}字体 {} 和内置字体中都没有，PDF 无法生成；请改用常用字（或拼音、同义词），或用 --font 指定含这个字的字体",
                    u32::from(ch),
                    role.key(),
                    fonts.family(role),
                ),
            )
        })
        .collect()
}

/// Where `ch` first occurs in the report's text: the source place of that field and a short
/// description (「一、总体情况」第 2 段).
fn place_of(report: &Report, ch: char) -> (Option<Loc>, String) {
    let meta = &report.meta;
    let fields = [
        (Some(meta.organ.as_str()), k::ORGAN),
        (meta.signer.as_deref(), k::SIGNER),
        (meta.contact.as_deref(), k::CONTACT),
    ];
    for (text, key) in fields {
        if text.is_some_and(|t| t.contains(ch)) {
            return (report.loc(key), format!("，在「{key}」中"));
        }
    }
    if report.preamble.iter().any(|p| p.contains(ch)) {
        return (report.loc(k::PREAMBLE), "，在前言中".into());
    }
    let template = report.template();
    for (def, section) in template.sections.iter().zip(&report.sections) {
        for (i, block) in section.blocks.iter().enumerate() {
            let has = match block {
                Block::Paragraph(p) => p.contains(ch),
                Block::Heading { text, body, .. } => {
                    text.contains(ch) || body.as_deref().is_some_and(|b| b.contains(ch))
                }
            };
            if has {
                return (
                    section.locs.get(i).copied(),
                    format!("，在「{}」第 {} 项中", def.title, i + 1),
                );
            }
        }
    }
    (None, String::new())
}
