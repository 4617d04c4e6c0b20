//! DOCX → [`Doc`]: paragraphs and tables of `word/document.xml`; cells continuing a vertical
//! merge (`vMerge`) are left out like the cells a `gridSpan` covers.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::ImportError;
use super::archive::{Archive, MAX_DEPTH, attr, local};
use super::doc::{Doc, Line};

#[derive(Default)]
struct Tbl {
    row: Vec<String>,
    rows: Vec<Vec<String>>,
    cell: Option<String>,
    skip_cell: bool,
}

/// Parses a DOCX file.
pub fn parse(bytes: &[u8]) -> Result<Doc, ImportError> {
    let mut ar = Archive::open(bytes)?;
    let xml = ar
        .text("word/document.xml")?
        .ok_or_else(|| ImportError::BadArchive("DOCX 中没有 word/document.xml".into()))?;
    parse_xml(&xml)
}

fn parse_xml(xml: &str) -> Result<Doc, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut lines = Vec::new();
    let mut para = String::new();
    let mut tables: Vec<Tbl> = Vec::new();
    let mut depth = 0usize;
    let mut in_text = false;
    // Runs of the paragraph being read: (byte where its text starts, its formatting).
    let mut runs: Vec<(usize, String)> = Vec::new();
    let mut in_run = false;
    let bad = |e: String| ImportError::BadArchive(format!("word/document.xml 不是有效的 XML：{e}"));
    loop {
        let ev = reader.read_event().map_err(|e| bad(e.to_string()))?;
        match ev {
            Event::Start(e) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(bad("嵌套过深".into()));
                }
                match local(e.name().as_ref()) {
                    "t" => in_text = true,
                    "r" => {
                        in_run = true;
                        runs.push((para.len(), String::new()));
                    }
                    "b" | "rFonts" | "rStyle" if in_run => mark_format(&e, &mut runs),
                    "tbl" => tables.push(Tbl::default()),
                    "tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.row.clear();
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.cell = Some(String::new());
                            t.skip_cell = false;
                        }
                    }
                    _ => {}
                }
            }
            Event::Empty(e) => match local(e.name().as_ref()) {
                "b" | "rFonts" | "rStyle" if in_run => mark_format(&e, &mut runs),
                "ta" => para.push('\t'),
                "br" => para.push(' '),
                "vMerge" => {
                    let v = attr(&e, "val");
                    if v.as_deref() != Some("restart")
                        && let Some(t) = tables.last_mut()
                    {
                        t.skip_cell = true;
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                para.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
            }
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    para.push(c);
                } else {
                    let name = r.into_inner();
                    para.push_str(&super::html::decode_entities(&format!("&{name};")));
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match local(e.name().as_ref()) {
                    "t" => in_text = false,
                    "r" => in_run = false,
                    "p" => {
                        run_in_stop(&mut para, &std::mem::take(&mut runs));
                        let p = std::mem::take(&mut para);
                        match tables.last_mut().and_then(|t| t.cell.as_mut()) {
                            Some(c) => c.push_str(&p),
                            None => {
                                if !p.trim().is_empty() {
                                    lines.push(Line::Para(p));
                                }
                            }
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut()
                            && let Some(c) = t.cell.take()
                            && !t.skip_cell
                        {
                            t.row.push(c.trim().to_owned());
                        }
                    }
                    "tr" => {
                        if let Some(t) = tables.last_mut() {
                            let r = std::mem::take(&mut t.row);
                            t.rows.push(r);
                        }
                    }
                    "tbl" => {
                        if let Some(t) = tables.pop() {
                            lines.extend(t.rows.into_iter().map(Line::Row));
                            lines.push(Line::Blank);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(Doc {
        lines,
        title_hint: None,
        origin: Vec::new(),
    })
}

/// Notes the current run's formatting: bold, fonts, character style.
fn mark_format(e: &quick_xml::events::BytesStart, runs: &mut [(usize, String)]) {
    let Some(run) = runs.last_mut() else { return };
    match local(e.name().as_ref()) {
        "b" => {
            if !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off")) {
                run.1.push_str("b;");
            }
        }
        "rStyle" => run
            .1
            .push_str(&format!("s={};", attr(e, "val").unwrap_or_default())),
        _ => {
            for k in ["eastAsia", "ascii"] {
                if let Some(f) = attr(e, k) {
                    run.1.push_str(&format!("{k}={f};"));
                }
            }
        }
    }
}

/// A numbered paragraph whose first run(s) are formatted apart from the text after them
/// (bold, 楷体, a heading style then the body's style): a run-in heading. Without a stop of its
/// own it gets the 「。」 it is printed with, so it is read back as heading and text.
fn run_in_stop(para: &mut String, runs: &[(usize, String)]) {
    let spans: Vec<(usize, usize, &str)> = runs
        .iter()
        .enumerate()
        .map(|(i, (start, f))| {
            let end = runs.get(i + 1).map_or(para.len(), |r| r.0);
            (*start, end.max(*start), f.as_str())
        })
        .filter(|(s, e, _)| {
            para.get(*s..*e)
                .is_some_and(|t| t.chars().any(|c| !c.is_whitespace()))
        })
        .collect();
    let Some(&(_, _, first)) = spans.first() else {
        return;
    };
    let head_runs = spans.iter().take_while(|x| x.2 == first).count();
    if head_runs == spans.len() || spans[head_runs..].iter().any(|x| x.2 == first) {
        return;
    }
    let head_end = spans[head_runs - 1].1;
    let Some(head) = para.get(..head_end).map(str::trim_end) else {
        return;
    };
    let numbered = head
        .trim_start()
        .starts_with(|c: char| matches!(c, '（' | '(') || c.is_ascii_digit());
    let words = head
        .trim_start()
        .trim_start_matches(|c: char| {
            matches!(c, '（' | '(' | '）' | ')' | '.' | '．' | '、')
                || c.is_ascii_digit()
                || "一二三四五六七八九十".contains(c)
        })
        .chars()
        .count();
    if !numbered
        || words < 2
        || head.chars().count() > 40
        || head.ends_with(['。', '：', ':', '；', ';', '！', '!', '？', '?', '.', '．'])
    {
        return;
    }
    let at = head.len();
    para.insert(at, '。');
}
