//! Glyphs → text lines (by baseline, left to right, spaces from gaps) → paragraphs (wrapped
//! lines joined back by margins and indents, also across a page break), page numbers dropped.

use super::extract::Glyph;

/// One line of text on a page.
#[derive(Debug, Clone)]
pub struct TextLine {
    /// Left edge.
    pub x0: f64,
    /// Right edge.
    pub x1: f64,
    /// Baseline.
    pub y: f64,
    /// Largest font size on the line.
    pub size: f64,
    /// The text, with a space where glyphs are apart.
    pub text: String,
    /// The text split where glyphs are far apart (two character widths or more).
    pub pieces: Vec<String>,
}

/// Groups glyphs into lines, top to bottom.
pub fn lines(glyphs: &[&Glyph]) -> Vec<TextLine> {
    let mut sorted: Vec<&Glyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut groups: Vec<Vec<&Glyph>> = Vec::new();
    let mut base = f64::NAN;
    let mut size: f64 = 0.0;
    for g in sorted {
        let tol = 0.4 * g.size.max(size);
        if groups.is_empty() || (base - g.y).abs() > tol {
            groups.push(Vec::new());
            base = g.y;
            size = g.size;
        }
        size = size.max(g.size);
        if let Some(last) = groups.last_mut() {
            last.push(g);
        }
    }
    groups.into_iter().filter_map(line).collect()
}

fn line(mut gs: Vec<&Glyph>) -> Option<TextLine> {
    gs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    // Fake bold (the same glyph painted twice, slightly shifted) counts once.
    gs.dedup_by(|g, p| p.text == g.text && (g.x0 - p.x0).abs() < 0.2 * g.size);
    let size = gs.iter().map(|g| g.size).fold(0.0, f64::max);
    // Justified lines spread every glyph apart: a space is a gap clearly wider than the
    // line's usual gap.
    let mut gaps: Vec<f64> = gs.windows(2).map(|w| w[1].x0 - w[0].x1).collect();
    gaps.sort_by(f64::total_cmp);
    let usual = gaps.get(gaps.len() / 2).copied().unwrap_or(0.0).max(0.0);
    let space = (0.3 * size).max(usual + 0.2 * size);
    let mut text = String::new();
    let mut pieces = vec![String::new()];
    let mut prev: Option<&Glyph> = None;
    for g in &gs {
        if let Some(p) = prev {
            let gap = g.x0 - p.x1;
            if gap > 2.0 * size {
                pieces.push(String::new());
            }
            // Word and LibreOffice set a quarter-em between Chinese and Latin text (autospace):
            // not a space in the text.
            let mixed = p.text.is_ascii() != g.text.is_ascii();
            let need = if mixed { space.max(0.6 * size) } else { space };
            if gap > need && !text.ends_with(' ') {
                text.push(' ');
                if let Some(last) = pieces.last_mut()
                    && !last.is_empty()
                {
                    last.push(' ');
                }
            }
        }
        text.push_str(&g.text);
        if let Some(last) = pieces.last_mut() {
            last.push_str(&g.text);
        }
        prev = Some(g);
    }
    let text = text.trim().to_owned();
    if text.is_empty() {
        return None;
    }
    Some(TextLine {
        x0: gs.first()?.x0,
        x1: gs.iter().map(|g| g.x1).fold(f64::MIN, f64::max),
        y: gs.iter().map(|g| g.y).sum::<f64>() / gs.len() as f64,
        size,
        text,
        pieces: pieces.into_iter().map(|p| p.trim().to_owned()).collect(),
    })
}

/// Joins two pieces of wrapped text: a space only between two Latin letters (Chinese text
/// wraps anywhere, even inside a number).
pub fn join(a: &mut String, b: &str) {
    let ends = a.chars().last().is_some_and(|c| c.is_ascii_alphabetic());
    let starts = b.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if ends && starts {
        a.push(' ');
    }
    a.push_str(b);
}

/// The text of lines read top to bottom as one (a table cell).
pub fn cell_text(glyphs: &[&Glyph]) -> String {
    let mut out = String::new();
    for l in lines(glyphs) {
        join(&mut out, &l.text);
    }
    out
}

/// Is this line only a page number (「- 3 -」「— 3 —」「第 3 页」「第3页 共8页」「3/8」「3」)?
pub fn is_page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(|c: char| matches!(c, '-' | '—' | '–' | '－' | '·'));
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        return t.len() <= 4;
    }
    let digits_or = |s: &str, extra: &[char]| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || extra.contains(&c))
    };
    if let Some((a, b)) = t.split_once('/') {
        return digits_or(a, &[]) && digits_or(b, &[]);
    }
    if let Some(rest) = t.strip_prefix('第') {
        return digits_or(rest, &['页', '共', '第']);
    }
    false
}

/// Does this line start a numbered heading (「一、」「（一）」「(一)」)?
fn starts_heading(text: &str) -> bool {
    const NUM: &str = "一二三四五六七八九十";
    let mut cs = text.chars();
    match cs.next() {
        Some(c) if NUM.contains(c) => {
            let rest: String = cs.take(2).collect();
            rest.starts_with('、') || rest.chars().nth(1) == Some('、')
        }
        Some('（' | '(') => cs.next().is_some_and(|c| NUM.contains(c)),
        _ => false,
    }
}

/// A line placed on its page, for paragraph building.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Page index.
    pub page: usize,
    /// The line.
    pub line: TextLine,
    /// Left margin of its page (most lines start here).
    pub left: f64,
    /// Right margin of its page (full lines end here).
    pub right: f64,
    /// Commonest font size of its page (body text).
    pub body: f64,
}

impl Placed {
    /// Is the line centred between the margins (and not flush left)?
    fn centred(&self) -> bool {
        let l = &self.line;
        let mid = (self.left + self.right) / 2.0;
        l.x0 > self.left + l.size && ((l.x0 + l.x1) / 2.0 - mid).abs() < 1.5 * l.size
    }
}

/// Does `next` continue the paragraph whose last line is `prev`?
pub fn continues(prev: &Placed, next: &Placed) -> bool {
    let (p, n) = (&prev.line, &next.line);
    let em = p.size.max(n.size);
    if (p.size - n.size).abs() > 0.15 * em {
        return false;
    }
    if p.pieces.len() > 1 || n.pieces.len() > 1 || starts_heading(&n.text) {
        return false;
    }
    // A title (larger than the body) wrapped onto a centred second line.
    let title = p.size > 1.15 * prev.body
        && next.centred()
        && (prev.centred() || p.x1 >= prev.right - 1.5 * em);
    // Latin text (a long web address) wraps whole words: the line may end well short.
    let latin = p.text.ends_with(|c: char| c.is_ascii_graphic())
        && n.text.starts_with(|c: char| c.is_ascii_alphanumeric());
    let slack = if latin { 10.0 } else { 1.5 };
    if !title && (p.x1 < prev.right - slack * em || n.x0 > next.left + 0.5 * em) {
        return false;
    }
    if prev.page == next.page {
        let gap = p.y - n.y;
        gap > 0.0 && gap <= 2.2 * em
    } else {
        next.page == prev.page + 1
    }
}

/// Left and right margins of a page's lines: the commonest start, and where most longer
/// lines end.
pub fn margins(lines: &[TextLine]) -> (f64, f64) {
    if lines.is_empty() {
        return (0.0, 0.0);
    }
    // Ragged (unjustified) text ends a little before the margin: take the upper quartile of
    // the ends of longer lines rather than the farthest end (which may be a table or title).
    let mut ends: Vec<f64> = lines
        .iter()
        .filter(|l| l.text.chars().count() >= 8)
        .map(|l| l.x1)
        .collect();
    ends.sort_by(f64::total_cmp);
    let right = match ends.len() {
        0 => lines.iter().map(|l| l.x1).fold(f64::MIN, f64::max),
        n => ends[(n * 3 / 4).min(n - 1)],
    };
    let mut starts: Vec<i64> = lines.iter().map(|l| l.x0.round() as i64).collect();
    starts.sort_unstable();
    // The smallest start shared (±2 pt) by at least a quarter of the lines, else the smallest.
    let need = (lines.len() / 4).max(1);
    let left = starts
        .iter()
        .find(|s| starts.iter().filter(|t| (*t - **s).abs() <= 2).count() >= need)
        .copied()
        .unwrap_or(starts[0]);
    (left as f64, right)
}

/// The commonest font size of the lines (by characters), rounded to 0.5 pt.
pub fn body_size(lines: &[TextLine]) -> f64 {
    let mut count: std::collections::BTreeMap<i64, usize> = Default::default();
    for l in lines {
        *count.entry((l.size * 2.0).round() as i64).or_default() += l.text.chars().count();
    }
    count
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or(0.0, |(s, _)| s as f64 / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for t in ["- 3 -", "— 12 —", "第 3 页", "第3页 共8页", "3/8", "7"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["2020年", "（一）", "12345", "一、总体情况"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn headings() {
        assert!(starts_heading("二、主动公开政府信息情况"));
        assert!(starts_heading("（三）政府信息管理"));
        assert!(!starts_heading("一是及时梳理"));
    }
}
