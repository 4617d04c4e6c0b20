//! Portal text in its real shapes → [`Doc`]: TAB-led cells, one cell per line, pipe rows,
//! NBSP for empty cells, header words split over lines, and whole reports flattened onto a line.

use super::doc::{Doc, Line, is_space};
use super::{ImportError, Note};

/// Decodes text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030.
pub fn decode(bytes: &[u8], notes: &mut Vec<Note>) -> Result<String, ImportError> {
    let (text, encoding) = crate::input::decode_text(bytes).map_err(ImportError::Encoding)?;
    if let Some(enc) = encoding {
        notes.push(crate::import::info(format!(
            "输入是 {} 编码，已转换为 UTF-8",
            enc.name()
        )));
    }
    Ok(text)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Tab,
    Pipe,
    Text,
}

fn kind(line: &str) -> Kind {
    if line
        .chars()
        .all(|c| c.is_whitespace() && c != '\u{a0}' && c != '\u{3000}')
    {
        Kind::Blank
    } else if line.starts_with('\t') {
        Kind::Tab
    } else if line.contains('|') && line.split('|').all(|c| c.chars().count() <= 80) {
        Kind::Pipe
    } else {
        Kind::Text
    }
}

/// Cells of a pipe row; outer pipes dropped. `None` for a Markdown separator row.
fn pipe_cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim_matches(|c: char| c.is_whitespace() && c != '\u{a0}');
    if t.contains('-')
        && t.chars()
            .all(|c| matches!(c, '|' | '-' | ':' | '+' | '=') || c.is_whitespace())
    {
        return None;
    }
    if t.matches('|').count() == 1 && t.ends_with('|') {
        // One cell per line with a trailing ` |` (possibly empty).
        return Some(vec![clean_cell(&t[..t.len() - 1])]);
    }
    let mut parts: Vec<&str> = t.split('|').collect();
    if t.starts_with('|') && !parts.is_empty() {
        parts.remove(0);
    }
    if t.ends_with('|') && !parts.is_empty() {
        parts.pop();
    }
    Some(parts.iter().map(|p| clean_cell(p)).collect())
}

/// A cell's text without the spaces around it; NBSP-only cells become empty.
fn clean_cell(s: &str) -> String {
    s.trim_matches(is_space).to_owned()
}

/// Lines of a crawler/portal header that ends with a `=====` rule: dropped, title kept as hint.
fn strip_header(lines: &mut Vec<&str>) -> Option<String> {
    let rule = lines.iter().take(40).position(|l| {
        let t = l.trim();
        t.starts_with("=====") && t.ends_with("=====")
    })?;
    let mut title = None;
    for l in &lines[..rule] {
        if let Some((k, v)) = l.split_once([':', '：'])
            && k.trim() == "标题"
            && !v.trim().is_empty()
        {
            title = Some(v.trim().to_owned());
        }
    }
    lines.drain(..=rule);
    title.or(Some(String::new()))
}

/// Parses portal text into lines and table rows.
pub fn parse(text: &str) -> Doc {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut raw: Vec<&str> = text.split('\n').collect();
    let all = raw.len();
    let title_hint = strip_header(&mut raw).filter(|t| !t.is_empty());
    let skipped = all - raw.len();
    let mut out: Vec<Line> = Vec::new();
    // Input line (1-based) of each line of `out`; a row starts where its first cell was.
    let mut origin: Vec<u32> = Vec::new();
    let mut row_at = 0u32;
    // Current row being assembled from one-cell lines (TAB-led or `cell |`).
    let mut row: Option<Vec<String>> = None;
    let mut prev = Kind::Blank;
    let flush = |row: &mut Option<Vec<String>>, out: &mut Vec<Line>, origin: &mut Vec<u32>, at| {
        if let Some(r) = row.take()
            && !r.is_empty()
        {
            out.push(Line::Row(r));
            origin.push(at);
        }
    };
    for (i, line) in raw.into_iter().enumerate() {
        let n = u32::try_from(skipped + i + 1).unwrap_or(u32::MAX);
        if row.is_none() {
            row_at = n;
        }
        let k = kind(line);
        match k {
            Kind::Blank => {
                if row.is_some() {
                    flush(&mut row, &mut out, &mut origin, row_at);
                    row_at = n;
                }
                out.push(Line::Blank);
            }
            Kind::Tab => {
                // Several TABs on one line: a row of TAB-separated cells.
                let body = &line[1..];
                if body.contains('\t') {
                    flush(&mut row, &mut out, &mut origin, row_at);
                    row_at = n;
                    out.push(Line::Row(body.split('\t').map(clean_cell).collect()));
                } else {
                    row.get_or_insert_with(Vec::new).push(clean_cell(body));
                }
            }
            Kind::Pipe => match pipe_cells(line) {
                None => {}
                Some(cells)
                    if cells.len() == 1
                        && line.trim_end().ends_with('|')
                        && line.matches('|').count() == 1 =>
                {
                    row.get_or_insert_with(Vec::new).extend(cells);
                }
                Some(cells) => {
                    flush(&mut row, &mut out, &mut origin, row_at);
                    row_at = n;
                    out.push(Line::Row(cells));
                }
            },
            Kind::Text => {
                if let Some(r) = row.as_mut()
                    && matches!(prev, Kind::Tab | Kind::Pipe)
                    && let Some(last) = r.last_mut()
                {
                    // Header words split over lines: the line continues the previous cell.
                    last.push_str(line.trim_matches(is_space));
                } else {
                    flush(&mut row, &mut out, &mut origin, row_at);
                    row_at = n;
                    if line.contains('\t') && line.split('\t').all(|c| c.chars().count() <= 60) {
                        out.push(Line::Row(line.split('\t').map(clean_cell).collect()));
                    } else {
                        out.push(Line::Para(line.to_owned()));
                    }
                }
            }
        }
        origin.resize(out.len(), n);
        prev = k;
    }
    flush(&mut row, &mut out, &mut origin, row_at);
    Doc {
        lines: out,
        title_hint,
        origin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tab_cells_pipes_and_continuations() {
        let d = parse(
            "\t信息内容\n\t本年新\n公开数量\n\n\t规章\n\t\u{a0}\u{a0}0\n\n| a | b |\n|---|---|\nc | d\nx |\ny |\n",
        );
        assert_eq!(
            d.lines[0],
            Line::Row(vec!["信息内容".into(), "本年新公开数量".into()])
        );
        assert_eq!(d.lines[2], Line::Row(vec!["规章".into(), "0".into()]));
        assert!(d.lines.contains(&Line::Row(vec!["a".into(), "b".into()])));
        assert!(d.lines.contains(&Line::Row(vec!["c".into(), "d".into()])));
        assert!(d.lines.contains(&Line::Row(vec!["x".into(), "y".into()])));
    }
}
