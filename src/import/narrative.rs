//! The narrative of a report: preamble, contact sentence and each section's text, split into
//! blocks at its （一）/1./（1） sub-headings (the outline module finds where each part is).

use super::doc::{CELL, EMPTY, Index, is_space};
use super::outline::{Found, floor_char, is_chrome, strip_inline_chrome};
use super::tables::TablesFound;
use crate::model::{Block, Report};
use crate::template::Template;
use crate::text::han_number;

/// Fills metadata, preamble and section narrative.
pub fn fill(
    ix: &Index,
    template: &Template,
    found: &Found,
    tables: &TablesFound,
    report: &mut Report,
) {
    report.meta.date = found.date;
    report.meta.signer = found.signer.clone();
    let body_end = found.body_end;
    let byte = |s: usize| ix.skel.get(s).map_or(ix.text.len(), |x| x.1);
    // Preamble: after the title, before the first section.
    let pre_start = found.title.map_or(0, |h| h.b1);
    let pre_end = found
        .sections
        .iter()
        .flatten()
        .next()
        .map_or(pre_start, |h| h.b0);
    let mut pre: Vec<String> = paragraphs(ix, pre_start, pre_end.max(pre_start))
        .into_iter()
        .filter(|p| !is_chrome(p))
        .collect();
    if let Some(last) = pre.pop() {
        let (body, contact) = split_contact(&last);
        if !body.is_empty() {
            pre.push(body);
        }
        report.meta.contact = contact;
    }
    if let Some(first) = pre.first_mut() {
        strip_inline_chrome(first);
    }
    report.preamble = pre;
    let starts: Vec<Option<usize>> = found.sections.iter().map(|h| h.map(|h| h.b0)).collect();
    for (i, sec) in template.sections.iter().enumerate() {
        let Some(h) = found.sections[i] else { continue };
        let mut end = starts[i + 1..]
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(body_end)
            .min(body_end.max(h.b1));
        if let Some(t) = &sec.table
            && let Some(&ts) = tables.starts.get(t)
            && ts >= h.b1
            && ts < end
        {
            end = ts;
        }
        let _ = byte;
        let blocks: Vec<Block> = paragraphs(ix, h.b1, end.max(h.b1))
            .into_iter()
            .flat_map(|p| blocks_of(&p))
            .collect();
        report.sections[i].blocks = blocks;
    }
}

/// Non-empty paragraph texts (table rows skipped) in byte range `b0..b1`.
fn paragraphs(ix: &Index, b0: usize, b1: usize) -> Vec<String> {
    let mut out = Vec::new();
    for &(s, e, row) in &ix.lines {
        if row || e <= b0 || s >= b1 {
            continue;
        }
        let a = floor_char(&ix.text, s.max(b0));
        let z = floor_char(&ix.text, e.min(b1));
        let t = ix.text[a..z].trim_matches(|c: char| is_space(c) || c == EMPTY || c == CELL);
        if !t.is_empty() {
            out.push(t.to_owned());
        }
    }
    out
}

/// Splits the contact sentence (`如有疑问，请与…联系…`) off the end of the preamble.
fn split_contact(p: &str) -> (String, Option<String>) {
    let mut starts = vec![0];
    starts.extend(p.match_indices('。').map(|(i, s)| i + s.len()));
    for &s in &starts {
        let rest = &p[s..];
        if (rest.starts_with('如') || rest.starts_with("对本报告")) && rest.contains("联系")
        {
            return (p[..s].trim().to_owned(), Some(rest.trim().to_owned()));
        }
    }
    (p.to_owned(), None)
}

/// Leading numbering of a sub-heading: (level, byte length).
fn numbering(s: &str) -> Option<(u8, usize)> {
    const HAN: &str = "一二三四五六七八九十";
    let mut it = s.char_indices();
    let (_, c0) = it.next()?;
    if c0 == '（' || c0 == '(' {
        let mut level = 0;
        for (i, c) in it {
            if c == '）' || c == ')' {
                return (level != 0 && i <= 12).then_some((level, i + c.len_utf8()));
            }
            if HAN.contains(c) && level != 3 {
                level = 1;
            } else if c.is_ascii_digit() && level != 1 {
                level = 3;
            } else {
                return None;
            }
        }
        return None;
    }
    if c0.is_ascii_digit() {
        for (i, c) in s.char_indices() {
            if c.is_ascii_digit() {
                continue;
            }
            return (matches!(c, '.' | '．' | '、') && i <= 2).then_some((2, i + c.len_utf8()));
        }
    }
    None
}

/// Splits a paragraph into blocks: a long flattened text at its numbered sub-headings, and
/// each numbered piece into a heading and its run-in text.
fn blocks_of(p: &str) -> Vec<Block> {
    split_numbered(p)
        .into_iter()
        .map(|piece| heading_of(&piece).unwrap_or(Block::Paragraph(piece)))
        .collect()
}

fn heading_of(piece: &str) -> Option<Block> {
    let (level, len) = numbering(piece)?;
    let rest = piece[len..].trim_matches(is_space);
    if rest.is_empty() {
        return None;
    }
    if let Some(p) = rest.find('。') {
        let head = &rest[..p + '。'.len_utf8()];
        if head.chars().count() <= 30 {
            let body = rest[p + '。'.len_utf8()..].trim_matches(is_space);
            return Some(Block::Heading {
                level,
                text: head.to_owned(),
                body: (!body.is_empty()).then(|| body.to_owned()),
            });
        }
        return None;
    }
    (rest.chars().count() <= 40).then(|| Block::Heading {
        level,
        text: rest.to_owned(),
        body: None,
    })
}

/// Cuts a long paragraph before each sequentially numbered marker that starts a sentence.
fn split_numbered(p: &str) -> Vec<String> {
    if p.chars().count() < 150 {
        return vec![p.to_owned()];
    }
    let mut cuts: Vec<usize> = Vec::new();
    let starts_sentence = |i: usize| {
        i == 0
            || p[..i]
                .chars()
                .next_back()
                .is_some_and(|c| matches!(c, '。' | '；' | '！' | '：' | '？') || is_space(c))
    };
    let families: [&dyn Fn(usize) -> String; 3] = [
        &|k| format!("（{}）", han_number(k)),
        &|k| format!("{k}."),
        &|k| format!("（{k}）"),
    ];
    for fam in families {
        let mut at = 0;
        for k in 1..=20 {
            let m = fam(k);
            let Some(pos) = p[at..]
                .match_indices(m.as_str())
                .map(|(i, _)| i + at)
                .find(|&i| starts_sentence(i))
            else {
                break;
            };
            if pos > 0 {
                cuts.push(pos);
            }
            at = pos + m.len();
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut last = 0;
    for c in cuts {
        let s = p[last..c].trim_matches(is_space);
        if !s.is_empty() {
            out.push(s.to_owned());
        }
        last = c;
    }
    let s = p[last..].trim_matches(is_space);
    if !s.is_empty() {
        out.push(s.to_owned());
    }
    out
}

#[cfg(test)]
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert_eq!(
            heading_of("（二）加强目录建设。认真按照要求。"),
            Some(Block::Heading {
                level: 1,
                text: "加强目录建设。".into(),
                body: Some("认真按照要求。".into())
            })
        );
        assert_eq!(numbering("1、公开的主要内容。"), Some((2, 4)));
        assert_eq!(numbering("2020年"), None);
    }
}
