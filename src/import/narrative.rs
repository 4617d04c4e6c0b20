//! The narrative of a report: preamble, contact sentence and each section's text, split into
//! blocks at its （一）/1./（1） sub-headings (the outline module finds where each part is).

use super::Note;
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
    notes: &mut Vec<Note>,
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
        let mut numbers: Vec<(u8, usize)> = Vec::new();
        for piece in paragraphs(ix, h.b1, end.max(h.b1))
            .iter()
            .flat_map(|p| split_numbered(p))
        {
            let Some(n) = number_of(&piece) else { continue };
            numbers.push(n);
            if heading_of(&piece).is_none() {
                let head: String = piece.chars().take(16).collect();
                notes.push(super::warning(format!(
                    "「{}」中「{head}…」以小标题编号开头，但看不出标题在哪里结束，按段落导入；重新生成时小标题会重新编号，这一段的编号会与之重复。请把它改成小标题（标题后加「。」）",
                    sec.title
                )));
            }
        }
        check_numbering(&sec.title, &numbers, notes);
        report.sections[i].blocks = blocks;
    }
}

/// The level and value of a piece's hand-typed number (（三） → (1, 3), 2. → (2, 2)).
fn number_of(piece: &str) -> Option<(u8, usize)> {
    let (level, len) = numbering(piece)?;
    let inner: String = piece[..len]
        .chars()
        .filter(|c| !matches!(c, '（' | '）' | '(' | ')' | '.' | '．' | '、'))
        .collect();
    let value = if level == 1 {
        han_value(&inner)?
    } else {
        inner.parse().ok()?
    };
    Some((level, value))
}

/// 一 … 九十九 as a number.
fn han_value(s: &str) -> Option<usize> {
    const DIGITS: &str = "一二三四五六七八九";
    let digit = |c: char| DIGITS.chars().position(|d| d == c).map(|i| i + 1);
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(10 * digit(*t)?),
        [t, '十', u] => Some(10 * digit(*t)? + digit(*u)?),
        _ => None,
    }
}

/// Warns when the hand-typed sub-heading numbers of a section repeat or skip
/// (（一）（二）（二） or （一）（三）); a deeper level restarts under each heading above it.
fn check_numbering(section: &str, numbers: &[(u8, usize)], notes: &mut Vec<Note>) {
    let mut last = [0usize; 3];
    let shown = |level: u8, n: usize| match level {
        1 => format!("（{}）", han_number(n)),
        2 => format!("{n}."),
        _ => format!("（{n}）"),
    };
    for &(level, n) in numbers {
        let i = usize::from(level.clamp(1, 3)) - 1;
        let before = last[i];
        if n == before {
            notes.push(super::warning(format!(
                "「{section}」的小标题编号 {} 重复出现；重新生成时会按顺序编号，请核对是否漏了一个标题或编号写错",
                shown(level, n)
            )));
        } else if n != before + 1 && n > 0 {
            let what = if n > before + 1 {
                if before == 0 {
                    format!("从 {} 开始，缺少 {}", shown(level, n), shown(level, 1))
                } else {
                    format!(
                        "{} 之后是 {}，跳过了 {}",
                        shown(level, before),
                        shown(level, n),
                        shown(level, before + 1)
                    )
                }
            } else {
                format!("{} 之后是 {}", shown(level, before), shown(level, n))
            };
            notes.push(super::warning(format!(
                "「{section}」的小标题编号{what}；重新生成时会按顺序编号，请核对"
            )));
        }
        last[i] = n;
        for l in &mut last[i + 1..] {
            *l = 0;
        }
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
        return run_on_heading(level, rest);
    }
    if rest.chars().count() <= 40 {
        return Some(Block::Heading {
            level,
            text: rest.to_owned(),
            body: None,
        });
    }
    run_on_heading(level, rest)
}

/// A heading typed straight into its text without a stop (`存在的主要问题2023年，…`,
/// `改进措施一是…`): the heading ends where a year, 「一是」 or a colon begins the text.
fn run_on_heading(level: u8, rest: &str) -> Option<Block> {
    let chars: Vec<(usize, char)> = rest.char_indices().take(21).collect();
    let cut = chars.iter().enumerate().find_map(|(k, &(b, c))| {
        let year = chars
            .get(k..k + 5)
            .is_some_and(|w| w[..4].iter().all(|x| x.1.is_ascii_digit()) && w[4].1 == '年');
        let first = c == '一' && chars.get(k + 1).is_some_and(|x| x.1 == '是');
        (k >= 2 && (year || first || matches!(c, '：' | ':'))).then_some((b, c))
    });
    // The guideline's headings end in 「情况」「方面」(`政府信息管理情况持续优化…`).
    let tail = ["情况", "方面"].iter().find_map(|t| {
        let at = rest.find(t)?;
        let end = at + t.len();
        let n = rest[..end].chars().count();
        ((4..=20).contains(&n) && end < rest.len()).then_some((end, '情'))
    });
    let cut = match (cut, tail) {
        (Some(a), Some(b)) => Some(if b.0 < a.0 { b } else { a }),
        (a, b) => a.or(b),
    }?;
    let (b, c) = cut;
    let head = &rest[..b];
    if head.contains(['，', ',', '、', '；']) {
        return None;
    }
    let body_from = if matches!(c, '：' | ':') {
        b + c.len_utf8()
    } else {
        b
    };
    let body = rest[body_from..].trim_matches(is_space);
    (!body.is_empty()).then(|| Block::Heading {
        level,
        text: head.to_owned(),
        body: Some(body.to_owned()),
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
    fn numbering_repeats_and_skips() {
        let mut notes = Vec::new();
        check_numbering(
            "一、总体情况",
            &[(1, 1), (2, 1), (2, 2), (1, 2), (2, 1)],
            &mut notes,
        );
        assert!(notes.is_empty(), "{notes:?}");
        check_numbering(
            "一、总体情况",
            &[(1, 1), (1, 2), (1, 2), (1, 4)],
            &mut notes,
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].message.contains("（二） 重复"));
        assert!(notes[1].message.contains("跳过了 （三）"));
        assert_eq!(han_value("十二"), Some(12));
        assert_eq!(number_of("（十）加强。正文"), Some((1, 10)));
    }

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
        assert_eq!(
            heading_of("（一）存在的主要问题2023年，平潭综合实验区市场监督管理局政府信息公开工作取得了一定成绩，但还存在一些问题和不足：一是政策文件解读形式单一。"),
            Some(Block::Heading {
                level: 1,
                text: "存在的主要问题".into(),
                body: Some("2023年，平潭综合实验区市场监督管理局政府信息公开工作取得了一定成绩，但还存在一些问题和不足：一是政策文件解读形式单一。".into())
            })
        );
        assert_eq!(numbering("2020年"), None);
    }
}
