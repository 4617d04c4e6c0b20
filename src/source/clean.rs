//! Text as a clerk pastes it, made safe and clean once, at load time, before any rule or writer.
//!
//! Two jobs, each reported once per kind per file (count and first place):
//! - characters no XML format can carry (C0/C1 controls other than tab and line feed, U+FFFE,
//!   U+FFFF) are dropped, so no writer ever sees them;
//! - what Word and web pages leave in pasted text is removed: zero-width characters, the byte-order
//!   mark, soft hyphens, bidirectional controls, line/paragraph separators; non-breaking and
//!   ideographic spaces between Chinese characters are dropped (elsewhere they become one space),
//!   a space between two Chinese characters (what a folded YAML line inserts) is dropped, and the
//!   full-width indent at the start of a paragraph goes (layout indents the body).

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Loc, Rule};
use crate::source::tree::{Node, Value};

/// A kind of character removed or changed, in reporting order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Control characters and non-characters no XML can carry.
    Control,
    /// Zero-width characters, byte-order marks, word joiners.
    ZeroWidth,
    /// Soft hyphens (U+00AD).
    SoftHyphen,
    /// Bidirectional controls (U+200E/F, U+202A–202E, U+2066–2069).
    Bidi,
    /// Line and paragraph separators (U+2028/2029).
    Separator,
    /// Non-breaking, ideographic and other special spaces.
    SpecialSpace,
    /// A space between two Chinese characters.
    SpaceInChinese,
    /// Full-width indent at the start of a text.
    Indent,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Control => "控制字符（文件格式无法保存）",
            Kind::ZeroWidth => "零宽字符（U+200B 等，看不见）",
            Kind::SoftHyphen => "软连字符（U+00AD）",
            Kind::Bidi => "文字方向控制符（U+202E 等）",
            Kind::Separator => "行分隔符（U+2028/2029）",
            Kind::SpecialSpace => "不间断空格或全角空格",
            Kind::SpaceInChinese => "汉字之间的空格（多为折行产生）",
            Kind::Indent => "段首的全角缩进（排版时自动缩进两字）",
        }
    }
}

/// Is `c` a character no XML 1.0 document may hold (or should: C1 controls)?
pub fn is_unprintable(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || matches!(c, '\u{fffe}' | '\u{ffff}')
}

/// Is `c` invisible (zero-width, soft hyphen, bidirectional control, line separator)?
pub fn is_invisible(c: char) -> bool {
    invisible_kind(c).is_some()
}

/// Zero-width and other invisible characters, by kind.
fn invisible_kind(c: char) -> Option<Kind> {
    match c {
        '\u{200b}'..='\u{200d}'
        | '\u{2060}'..='\u{2064}'
        | '\u{feff}'
        | '\u{180e}'
        | '\u{fff9}'..='\u{fffb}' => Some(Kind::ZeroWidth),
        '\u{ad}' => Some(Kind::SoftHyphen),
        '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{61c}' => {
            Some(Kind::Bidi)
        }
        '\u{2028}' | '\u{2029}' => Some(Kind::Separator),
        _ => None,
    }
}

fn special_space(c: char) -> bool {
    matches!(
        c,
        '\u{a0}' | '\u{3000}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}'
    )
}

/// Chinese characters and full-width punctuation (where a space between two is never meant).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303f}' | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}' | '\u{ff01}'..='\u{ff60}' | '\u{20000}'..='\u{2fa1f}'
        | '\u{2018}'..='\u{201d}' | '\u{2014}' | '\u{2026}')
}

/// Cleans one text; `note(kind)` is called for each change. Returns the cleaned text.
pub fn clean_text(s: &str, mut note: impl FnMut(Kind)) -> String {
    // 1. Drop what no format can hold and what is invisible; special spaces become plain ones
    //    (remembering which were special, to drop them between Chinese characters).
    let mut chars: Vec<(char, bool)> = Vec::with_capacity(s.len());
    for c in s.chars() {
        if is_unprintable(c) {
            note(Kind::Control);
        } else if let Some(kind) = invisible_kind(c) {
            note(kind);
        } else if special_space(c) {
            chars.push((' ', true));
        } else {
            chars.push((c, false));
        }
    }
    // 2. Leading indent made of full-width/non-breaking spaces (a paragraph pasted from Word).
    let lead = chars
        .iter()
        .take_while(|(c, special)| *special && *c == ' ')
        .count();
    if lead > 0 {
        note(Kind::Indent);
        chars.drain(..lead);
    }
    // 3. Spaces: between two Chinese characters, dropped; elsewhere special ones become one space.
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let (c, special) = chars[i];
        if c == ' ' {
            let start = i;
            let mut any_special = false;
            while i < chars.len() && chars[i].0 == ' ' {
                any_special |= chars[i].1;
                i += 1;
            }
            let before = start.checked_sub(1).map(|j| chars[j].0);
            let after = chars.get(i).map(|p| p.0);
            let between_cjk = before.is_some_and(is_cjk) && after.is_some_and(is_cjk);
            if between_cjk && before.is_some() {
                note(if any_special {
                    Kind::SpecialSpace
                } else {
                    Kind::SpaceInChinese
                });
            } else if any_special {
                note(Kind::SpecialSpace);
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n(' ', i - start));
            }
            continue;
        }
        let _ = special;
        out.push(c);
        i += 1;
    }
    out
}

/// Per kind: how many changes, and the first place.
#[derive(Debug, Default)]
pub struct Tally(BTreeMap<Kind, (usize, Loc)>);

impl Tally {
    fn add(&mut self, kind: Kind, loc: Loc) {
        self.0.entry(kind).or_insert((0, loc)).0 += 1;
    }

    /// One warning per kind, at the first such character in `source` from where its value
    /// starts (the value's start when the character cannot be found there).
    pub fn diagnostics_in(&self, source: &str) -> Vec<Diagnostic> {
        let lines: Vec<&str> = source.split('\n').collect();
        self.diagnostics()
            .into_iter()
            .zip(self.0.keys())
            .map(|(mut d, kind)| {
                if let Some(l) = d.loc {
                    d.loc = Some(first_of(*kind, &lines, l).unwrap_or(l));
                }
                d
            })
            .collect()
    }

    /// One warning per kind.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        self.0
            .iter()
            .map(|(kind, (n, loc))| {
                let (rule, what) = if *kind == Kind::Control {
                    (Rule::ControlChar, "已删除")
                } else {
                    (Rule::PastedText, "已清除")
                };
                Diagnostic::new(
                    rule,
                    Some(*loc),
                    format!(
                        "{what} {n} 处{}，第一处在这里；文字其余部分不变",
                        kind.describe()
                    ),
                )
                .values(n, 0)
            })
            .collect()
    }
}

/// Where the first character of `kind` is at or after `from` (looking at most 20 lines on,
/// as far as a multi-line value reaches).
fn first_of(kind: Kind, lines: &[&str], from: Loc) -> Option<Loc> {
    let start = usize::try_from(from.line).ok()?.checked_sub(1)?;
    // A space between Chinese characters may be one the YAML folding of two lines made: look
    // on the value's own line only.
    let reach = if kind == Kind::SpaceInChinese { 1 } else { 20 };
    for (i, line) in lines.iter().enumerate().skip(start).take(reach) {
        let chars: Vec<char> = line.chars().collect();
        let skip = if i == start {
            usize::try_from(from.column).ok()?.saturating_sub(1)
        } else {
            0
        };
        for j in skip..chars.len() {
            let c = chars[j];
            let hit = match kind {
                Kind::Control => is_unprintable(c) && c != '\r',
                Kind::SpecialSpace => special_space(c),
                Kind::SpaceInChinese => {
                    c == ' '
                        && j > 0
                        && is_cjk(chars[j - 1])
                        && chars.get(j + 1).is_some_and(|n| is_cjk(*n))
                }
                Kind::Indent => return None,
                k => invisible_kind(c) == Some(k),
            };
            if hit {
                return Some(Loc {
                    line: u32::try_from(i + 1).ok()?,
                    column: u32::try_from(j + 1).ok()?,
                });
            }
        }
    }
    None
}

/// Cleans every text and key of a parsed tree in place.
pub fn clean_tree(node: &mut Node, tally: &mut Tally) {
    let loc = node.loc;
    match &mut node.value {
        Value::Str(s) if s.chars().any(needs_look) => {
            *s = clean_text(s, |k| tally.add(k, loc));
        }
        Value::Seq(items) => {
            for item in items {
                clean_tree(item, tally);
            }
        }
        Value::Map(entries) => {
            for (key, value) in entries {
                if key.text.chars().any(needs_look) {
                    let kloc = key.loc;
                    key.text = clean_text(&key.text, |k| tally.add(k, kloc));
                }
                clean_tree(value, tally);
            }
        }
        _ => {}
    }
}

/// Cleans every text of a report built by an importer; returns the number of changes.
pub fn clean_report(report: &mut crate::model::Report) -> usize {
    use crate::model::Block;
    let mut n = 0;
    let mut fix = |s: &mut String| {
        if s.chars().any(needs_look) {
            let cleaned = clean_text(s, |_| n += 1);
            *s = cleaned.trim().to_owned();
        }
    };
    fix(&mut report.meta.organ);
    for s in report
        .meta
        .signer
        .iter_mut()
        .chain(report.meta.contact.iter_mut())
    {
        fix(s);
    }
    for p in &mut report.preamble {
        fix(p);
    }
    for section in &mut report.sections {
        for block in &mut section.blocks {
            match block {
                Block::Paragraph(p) => fix(p),
                Block::Heading { text, body, .. } => {
                    fix(text);
                    if let Some(b) = body {
                        fix(b);
                    }
                }
            }
        }
    }
    n
}

/// Does the text hold anything [`clean_text`] might change? (Fast path for clean files.)
fn needs_look(c: char) -> bool {
    !c.is_ascii() && !matches!(c, '\u{4e00}'..='\u{9fff}') || c == ' ' || c.is_ascii_control()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> (String, Vec<Kind>) {
        let mut kinds = Vec::new();
        let out = clean_text(s, |k| kinds.push(k));
        (out, kinds)
    }

    #[test]
    fn removes_what_word_leaves_behind() {
        assert_eq!(clean("公开\u{200b}政府\u{ad}信息").0, "公开政府信息");
        assert_eq!(clean("\u{3000}\u{3000}全年公开").0, "全年公开");
        assert_eq!(clean("主动\u{a0}公开").0, "主动公开");
        assert_eq!(clean("主动 公开").0, "主动公开");
        assert_eq!(clean("网站 www.gov.cn 发布").0, "网站 www.gov.cn 发布");
        assert_eq!(clean("PDF\u{a0}文件").0, "PDF 文件");
        assert_eq!(clean("甲\u{202e}乙\u{1b}丙\u{c}丁\u{fffe}").0, "甲乙丙丁");
        assert_eq!(clean("a\tb\nc").0, "a\tb\nc");
    }

    #[test]
    fn clean_text_is_left_alone() {
        let s = "2024年，本机关共收到政府信息公开申请 15 件（含 2 件 PDF）。";
        let (out, kinds) = clean(s);
        assert_eq!(out, s);
        assert!(kinds.is_empty());
    }

    #[test]
    fn output_never_holds_unprintable_or_invisible_characters() {
        let all: String = (0u32..0x3100)
            .chain(0xfe00..0x10000)
            .filter_map(char::from_u32)
            .collect();
        let (out, _) = clean(&all);
        assert!(
            !out.chars()
                .any(|c| is_unprintable(c) || invisible_kind(c).is_some())
        );
    }
}
