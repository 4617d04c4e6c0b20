//! Locating template labels in the document index: exact first, then tolerant (typos,
//! bracket-less and shortened variants).

use crate::diag::Loc;
use crate::import::doc::{Hit, Index, fold_str};
use crate::text::normalize_label;

/// Label search pattern: the folded label body, or the full label when the body is short.
pub(super) fn pattern(label: &str) -> (Vec<char>, Vec<char>) {
    let full = fold_str(label);
    let body = fold_str(&normalize_label(label));
    let prefix_len = full.len().saturating_sub(body.len());
    let prefix = if full.ends_with(&body) {
        full[..prefix_len].to_vec()
    } else {
        Vec::new()
    };
    if body.len() < 4 && !prefix.is_empty() {
        (full, Vec::new())
    } else {
        (body, prefix)
    }
}

/// Finds a label from `from` within `..to`: exact first, then tolerant (typos, variants).
pub(super) fn find_label(ix: &Index, label: &str, from: usize, to: usize) -> Option<Hit> {
    let (pat, prefix) = pattern(label);
    let hit = ix.find_chars(&pat, from, to).or_else(|| {
        if pat.len() >= 4 {
            let max = (pat.len() / 4).max(1);
            ix.find_fuzzy(&pat, from, to.min(from + 600), max)
                .or_else(|| {
                    // Without its bracketed note (部分公开 for 部分公开（区分处理的…）).
                    let core = without_brackets(&pat);
                    (core.len() >= 2 && core.len() < pat.len())
                        .then(|| ix.find_chars(&core, from, to.min(from + 600)))
                        .flatten()
                })
                .or_else(|| {
                    // A shortened variant (规范性文件 for 行政规范性文件).
                    (pat.len() >= 6)
                        .then(|| ix.find_chars(&pat[2..], from, to.min(from + 300)))
                        .flatten()
                })
        } else {
            None
        }
    })?;
    // Take in the label's own numbering (`2.`) so it does not end up in the previous row's digits.
    if !prefix.is_empty() && hit.s0 >= prefix.len() {
        let before: Vec<char> = ix.skel[hit.s0 - prefix.len()..hit.s0]
            .iter()
            .map(|x| x.0)
            .collect();
        if before == prefix {
            return Some(ix.hit(hit.s0 - prefix.len(), hit.s1));
        }
    }
    Some(hit)
}

/// A label without its bracketed notes.
pub(super) fn without_brackets(pat: &[char]) -> Vec<char> {
    let mut depth = 0usize;
    let mut out = Vec::new();
    for &c in pat {
        match c {
            '（' => depth += 1,
            '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

pub(super) fn loc_of(ix: &Index, b: usize) -> Option<Loc> {
    let line = ix.line_of(b)?;
    Some(Loc {
        line: u32::try_from(line + 1).ok()?,
        column: 1,
    })
}

/// The input line (no column) of byte `b`, for import notes.
pub(super) fn line_of(ix: &Index, b: usize) -> Option<Loc> {
    let line = *ix.origin.get(ix.line_of(b)?)?;
    Some(Loc { line, column: 0 })
}
