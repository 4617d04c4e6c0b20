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
                    "p" => {
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
