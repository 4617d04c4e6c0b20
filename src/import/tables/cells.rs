//! Cell tokens: the text after a label split into cells, empty cells, row breaks, printed
//! numbers with units, and digit runs of flattened text.

use crate::amount::Amount;
use crate::import::doc::{CELL, EMPTY, is_space};

/// A cell value read from the document.
pub(super) type Val = Option<(Amount, Option<String>)>;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Empty,
    Text(String),
    Break,
}

/// Splits the text after a label into cells, empty cells and row breaks.
pub(super) fn tokens(region: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let lines: Vec<&str> = region.split('\n').collect();
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() && i > 0 && i < last {
            out.push(Tok::Break);
            continue;
        }
        for piece in line.split(CELL) {
            let t = piece.trim_matches(is_space);
            if t.contains(EMPTY) && t.chars().all(|c| c == EMPTY || is_space(c)) {
                out.push(Tok::Empty);
            } else if !t.is_empty() {
                out.push(Tok::Text(t.replace(EMPTY, "")));
            }
        }
    }
    out
}

/// The unit written after the numbers (`542700元`).
pub(super) fn unit_in(region: &str) -> Option<String> {
    if region.contains("万元") {
        Some("万元".into())
    } else if region.contains('元') {
        Some("元".into())
    } else {
        None
    }
}

/// One printed number in a cell: `17`, `-2`, `12.35`, `1,234`, `542700元`.
pub(super) fn single_number(t: &str) -> Option<Amount> {
    let t = t.trim_matches(is_space);
    let t = t
        .strip_suffix("万元")
        .or_else(|| t.strip_suffix('元'))
        .unwrap_or(t)
        .trim_matches(is_space);
    let mut chars = t.chars().peekable();
    if matches!(chars.peek(), Some('+' | '-' | '＋' | '－')) {
        chars.next();
    }
    let body: String = chars.collect();
    if body.is_empty() {
        return None;
    }
    let ok_digits = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    };
    let (int, frac) = match body.split_once(['.', '．']) {
        Some((i, f)) => (i, Some(f)),
        None => (body.as_str(), None),
    };
    let int_ok = ok_digits(int)
        || (int.contains(',')
            && int
                .split(',')
                .enumerate()
                .all(|(i, g)| ok_digits(g) && (g.len() == 3 || (i == 0 && g.len() <= 3))));
    if !int_ok || frac.is_some_and(|f| !ok_digits(f)) {
        return None;
    }
    Amount::parse(t).ok()
}

/// Values when the region is made of separate cells; `None` when the cells do not fit `n`.
pub(super) fn as_cells(toks: &[Tok], n: usize) -> Option<Vec<Val>> {
    let mut vals: Vec<Option<Val>> = Vec::new(); // None = break
    for t in toks {
        match t {
            Tok::Empty => vals.push(Some(None)),
            Tok::Break => vals.push(None),
            Tok::Text(s) if is_placeholder(s) => vals.push(Some(None)),
            Tok::Text(s) => {
                if let Some(a) = single_number(s) {
                    vals.push(Some(Some((a, None))));
                } else if s.chars().any(|c| c.is_ascii_digit()) {
                    return None;
                } else if unit_only(s) {
                    // A unit cell (元) after a money value.
                } else {
                    // Label text inside the region (a repeated heading): not a value.
                }
            }
        }
    }
    let cells: Vec<Val> = vals.iter().flatten().cloned().collect();
    if cells.is_empty() {
        return None;
    }
    if cells.len() == n {
        return Some(cells);
    }
    if cells.len() < n {
        // Blank lines standing for empty cells: all of them, or only those inside the row.
        let with_breaks: Vec<Val> = vals.iter().map(|v| v.clone().unwrap_or(None)).collect();
        if with_breaks.len() == n {
            return Some(with_breaks);
        }
        // Some blank lines at the ends may separate rows rather than stand for cells.
        let lead = vals.iter().take_while(|v| v.is_none()).count();
        let trail = vals.iter().rev().take_while(|v| v.is_none()).count();
        for l in 0..=lead {
            for t in 0..=trail {
                if vals.len() >= l + t && vals.len() - l - t == n {
                    return Some(
                        vals[l..vals.len() - t]
                            .iter()
                            .map(|v| v.clone().unwrap_or(None))
                            .collect(),
                    );
                }
            }
        }
        return None;
    }
    // More cells than columns: drop empty cells at the ends (row padding).
    let mut c = cells;
    while c.len() > n && c.last() == Some(&None) {
        c.pop();
    }
    while c.len() > n && c.first() == Some(&None) {
        c.remove(0);
    }
    (c.len() == n).then_some(c)
}

/// A printed stand-in for an empty cell: `—`, `-`, `/`, `无`.
pub(super) fn is_placeholder(s: &str) -> bool {
    let t = s.trim_matches(is_space);
    !t.is_empty()
        && (t == "无"
            || t.chars()
                .all(|c| matches!(c, '—' | '-' | '－' | '–' | '/' | '／' | '─' | '―' | '\\')))
}

pub(super) fn unit_only(s: &str) -> bool {
    matches!(s.trim(), "元" | "万元" | "（元）" | "（万元）")
}

/// A run of digits that belong to consecutive cells (`0000000`), or one atomic number (`12.35`).
#[derive(Debug, Clone)]
pub(super) struct Run {
    pub(super) text: String,
    pub(super) atomic: bool,
}

/// Digit runs of flattened text; bracketed notes are skipped.
pub(super) fn runs_of(toks: &[Tok]) -> Vec<Run> {
    let mut out = Vec::new();
    for t in toks {
        let Tok::Text(s) = t else { continue };
        let chars: Vec<char> = s
            .chars()
            .map(|c| match c {
                '０'..='９' => crate::text::ascii_digit(c),
                '．' => '.',
                '－' => '-',
                c => c,
            })
            .collect();
        let mut depth = 0usize;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if matches!(c, '（' | '(') {
                depth += 1;
            } else if matches!(c, '）' | ')') {
                depth = depth.saturating_sub(1);
            } else if depth == 0 && c.is_ascii_digit() {
                let signed = i > 0
                    && matches!(chars[i - 1], '-' | '+')
                    && (i < 2 || !matches!(chars[i - 2], '-' | '+'));
                let start = i;
                let mut atomic = false;
                while i < chars.len()
                    && (chars[i].is_ascii_digit()
                        || (chars[i] == '.'
                            && i + 1 < chars.len()
                            && chars[i + 1].is_ascii_digit()
                            && i > start))
                {
                    if chars[i] == '.' {
                        atomic = true;
                    }
                    i += 1;
                }
                let mut text: String = chars[start..i].iter().collect();
                if signed && chars[start - 1] == '-' {
                    text.insert(0, '-');
                }
                out.push(Run { text, atomic });
                continue;
            }
            i += 1;
        }
    }
    out
}
