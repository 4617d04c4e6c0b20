//! The neutral intermediate every reader produces, and a searchable index over it.
//!
//! A [`Doc`] is a list of lines: paragraphs, table rows (cells in reading order, cells covered
//! by a row or column span left out) and blank lines. [`Index`] flattens it into one string with
//! cell and row separators plus a "skeleton" of normalised characters for label search.

use crate::diag::edit_distance;

/// One line of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    /// A paragraph of running text (may hold a whole flattened report).
    Para(String),
    /// A table row: cell texts, empty string for an empty cell.
    Row(Vec<String>),
    /// A blank line (a row break in portal text).
    Blank,
}

/// A document as lines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    /// The lines in reading order.
    pub lines: Vec<Line>,
    /// A title found outside the body (HTML `<title>`), used when the body has none.
    pub title_hint: Option<String>,
}

/// Separator between cells of a row in [`Index::text`].
pub const CELL: char = '\u{1f}';
/// Marks an empty cell (or an NBSP-only line) in [`Index::text`].
pub const EMPTY: char = '\u{1e}';

/// Spaces of every width used by portals.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{a0}' | '\u{3000}' | '\u{200b}' | '\u{feff}')
}

/// Maps a character to its matching form (ASCII/full-width punctuation unified); `None` drops it.
pub fn fold(c: char) -> Option<char> {
    if is_space(c) || c == CELL || c == EMPTY {
        return None;
    }
    Some(match c {
        '(' => '（',
        ')' => '）',
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '．' | '、' => '.',
        '"' | '\u{201d}' | '\u{201c}' | '＂' => '"',
        '钩' => '勾',
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        c => c,
    })
}

/// Folds a whole label.
pub fn fold_str(s: &str) -> Vec<char> {
    s.chars().filter_map(fold).collect()
}

/// A flattened document with a skeleton for searching labels.
#[derive(Debug, Clone)]
pub struct Index {
    /// The document as one string: cells joined by [`CELL`], lines ended by `\n`.
    pub text: String,
    /// Folded characters with their byte offset in `text` and byte length.
    pub skel: Vec<(char, usize, usize)>,
    /// Byte range of each line in `text`, and whether it is a table row.
    pub lines: Vec<(usize, usize, bool)>,
    /// Title found outside the body.
    pub title_hint: Option<String>,
}

/// A label found in the document: skeleton range and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// First skeleton index.
    pub s0: usize,
    /// One past the last skeleton index.
    pub s1: usize,
    /// Byte offset where the match starts in `text`.
    pub b0: usize,
    /// Byte offset just after the match in `text`.
    pub b1: usize,
}

impl Index {
    /// Builds the index.
    pub fn new(doc: &Doc) -> Index {
        let mut text = String::new();
        let mut lines = Vec::new();
        for line in &doc.lines {
            let start = text.len();
            let row = match line {
                Line::Para(p) => {
                    if p.chars().all(is_space) && !p.is_empty() {
                        text.push(EMPTY);
                    } else {
                        text.push_str(p);
                    }
                    false
                }
                Line::Row(cells) => {
                    for (i, c) in cells.iter().enumerate() {
                        if i > 0 {
                            text.push(CELL);
                        }
                        if c.chars().all(is_space) {
                            text.push(EMPTY);
                        } else {
                            text.push_str(c);
                        }
                    }
                    true
                }
                Line::Blank => false,
            };
            lines.push((start, text.len(), row));
            text.push('\n');
        }
        let mut skel = Vec::with_capacity(text.len() / 2);
        for (i, c) in text.char_indices() {
            if let Some(f) = fold(c) {
                skel.push((f, i, c.len_utf8()));
            }
        }
        Index {
            text,
            skel,
            lines,
            title_hint: doc.title_hint.clone(),
        }
    }

    /// Skeleton index of the first folded character at or after byte `b`.
    pub fn skel_at(&self, b: usize) -> usize {
        self.skel.partition_point(|(_, o, _)| *o < b)
    }

    /// The hit covering skeleton range `s0..s1`.
    pub fn hit(&self, s0: usize, s1: usize) -> Hit {
        let b0 = self.skel.get(s0).map_or(self.text.len(), |x| x.1);
        let b1 = if s1 == 0 {
            b0
        } else {
            self.skel.get(s1 - 1).map_or(self.text.len(), |x| x.1 + x.2)
        };
        Hit { s0, s1, b0, b1 }
    }

    /// First exact occurrence of a (folded) label at or after skeleton index `from`.
    pub fn find(&self, label: &str, from: usize) -> Option<Hit> {
        let pat = fold_str(label);
        self.find_chars(&pat, from, self.skel.len())
    }

    /// First exact occurrence of folded `pat` within skeleton `from..to`.
    pub fn find_chars(&self, pat: &[char], from: usize, to: usize) -> Option<Hit> {
        let to = to.min(self.skel.len());
        if pat.is_empty() || from >= to || to - from < pat.len() {
            return None;
        }
        let first = pat[0];
        let mut i = from;
        while i + pat.len() <= to {
            if self.skel[i].0 == first
                && self.skel[i..i + pat.len()]
                    .iter()
                    .zip(pat)
                    .all(|(a, b)| a.0 == *b)
            {
                return Some(self.hit(i, i + pat.len()));
            }
            i += 1;
        }
        None
    }

    /// Best approximate occurrence of `pat` within `from..to`: edit distance at most `max`.
    /// Returns the earliest window with the smallest distance.
    pub fn find_fuzzy(&self, pat: &[char], from: usize, to: usize, max: usize) -> Option<Hit> {
        let to = to.min(self.skel.len());
        let n = pat.len();
        if n == 0 || from >= to {
            return None;
        }
        let pat_s: String = pat.iter().collect();
        let mut best: Option<(usize, Hit)> = None;
        let mut i = from;
        while i < to {
            // Cheap filter: the window must share its first or second character with the label.
            let c = self.skel[i].0;
            if c == pat[0] || (n > 1 && c == pat[1]) {
                for len in n.saturating_sub(max).max(1)..=n + max {
                    if i + len > to {
                        break;
                    }
                    let w: String = self.skel[i..i + len].iter().map(|x| x.0).collect();
                    let d = edit_distance(&w, &pat_s);
                    if d <= max && best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                        best = Some((d, self.hit(i, i + len)));
                    }
                }
                if best.as_ref().is_some_and(|(d, _)| *d == 0) {
                    break;
                }
            }
            i += 1;
        }
        best.map(|(_, h)| h)
    }

    /// Index of the line holding byte offset `b`.
    pub fn line_of(&self, b: usize) -> Option<usize> {
        let i = self.lines.partition_point(|(s, _, _)| *s <= b);
        i.checked_sub(1)
    }

    /// Folded skeleton characters in `s0..s1` as a string.
    pub fn skel_str(&self, s0: usize, s1: usize) -> String {
        let s1 = s1.min(self.skel.len());
        if s0 >= s1 {
            return String::new();
        }
        self.skel[s0..s1].iter().map(|x| x.0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_labels_across_cells_and_spaces() {
        let doc = Doc {
            lines: vec![
                Line::Row(vec!["本年新".into(), "公开数量".into()]),
                Line::Para("（二）部分公开(区分处理的)  3".into()),
            ],
            title_hint: None,
        };
        let ix = Index::new(&doc);
        assert!(ix.find("本年新公开数量", 0).is_some());
        let h = ix.find("部分公开（区分处理的）", 0).unwrap();
        assert_eq!(ix.text[h.b1..].trim_start(), "3\n");
        assert!(
            ix.find_fuzzy(&fold_str("行政复议"), 0, ix.skel.len(), 1)
                .is_none()
        );
    }
}
