//! XLSX → [`Doc`]: every sheet in workbook order, shared strings resolved, numbers kept as
//! numbers, cells covered by a merge left out (like HTML spans).

use std::collections::{BTreeMap, HashSet};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::ImportError;
use super::archive::{Archive, MAX_DEPTH, attr, local};
use super::doc::{Doc, Line};

/// Most cells read from one workbook.
const MAX_CELLS: usize = 500_000;

fn bad(what: &str, e: impl std::fmt::Display) -> ImportError {
    ImportError::BadArchive(format!("{what} 不是有效的 XML：{e}"))
}

/// Parses an XLSX file.
pub fn parse(bytes: &[u8]) -> Result<Doc, ImportError> {
    let mut ar = Archive::open(bytes)?;
    let shared = match ar.text("xl/sharedStrings.xml")? {
        Some(x) => shared_strings(&x)?,
        None => Vec::new(),
    };
    let mut sheets = sheet_paths(&mut ar)?;
    if sheets.is_empty() {
        let mut names: Vec<String> = ar
            .names()
            .into_iter()
            .filter(|n| n.starts_with("xl/worksheets/") && n.ends_with(".xml"))
            .collect();
        names.sort_by_key(|n| (n.len(), n.clone()));
        sheets = names;
    }
    let mut lines = Vec::new();
    let mut cells_read = 0usize;
    for path in sheets {
        if let Some(xml) = ar.text(&path)? {
            sheet(&xml, &shared, &mut lines, &mut cells_read)?;
            lines.push(Line::Blank);
        }
    }
    Ok(Doc {
        lines,
        title_hint: None,
        origin: Vec::new(),
    })
}

/// Worksheet paths in workbook order.
fn sheet_paths(ar: &mut Archive) -> Result<Vec<String>, ImportError> {
    let (Some(wb), Some(rels)) = (
        ar.text("xl/workbook.xml")?,
        ar.text("xl/_rels/workbook.xml.rels")?,
    ) else {
        return Ok(Vec::new());
    };
    let mut targets = BTreeMap::new();
    let mut r = Reader::from_str(&rels);
    loop {
        match r.read_event().map_err(|e| bad("workbook.xml.rels", e))? {
            Event::Start(e) | Event::Empty(e) if local(e.name().as_ref()) == "Relationship" => {
                if let (Some(id), Some(t)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    let t = t.trim_start_matches('/');
                    let path = if t.starts_with("xl/") {
                        t.to_owned()
                    } else {
                        format!("xl/{t}")
                    };
                    targets.insert(id, path);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut r = Reader::from_str(&wb);
    loop {
        match r.read_event().map_err(|e| bad("workbook.xml", e))? {
            Event::Start(e) | Event::Empty(e) if local(e.name().as_ref()) == "sheet" => {
                if let Some(p) = attr(&e, "id").and_then(|id| targets.get(&id)) {
                    out.push(p.clone());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn shared_strings(xml: &str) -> Result<Vec<String>, ImportError> {
    let mut out = Vec::new();
    let mut r = Reader::from_str(xml);
    let mut cur: Option<String> = None;
    let mut in_t = false;
    loop {
        match r.read_event().map_err(|e| bad("sharedStrings.xml", e))? {
            Event::Start(e) => match local(e.name().as_ref()) {
                "si" => cur = Some(String::new()),
                "t" => in_t = true,
                _ => {}
            },
            Event::Empty(e) if local(e.name().as_ref()) == "si" => out.push(String::new()),
            Event::Text(t) if in_t => {
                if let Some(c) = cur.as_mut() {
                    c.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
                }
            }
            Event::GeneralRef(g) if in_t => {
                if let Some(c) = cur.as_mut() {
                    match g.resolve_char_ref() {
                        Ok(Some(ch)) => c.push(ch),
                        _ => c.push_str(&super::html::decode_entities(&format!(
                            "&{};",
                            g.into_inner()
                        ))),
                    }
                }
            }
            Event::End(e) => match local(e.name().as_ref()) {
                "si" => out.extend(cur.take()),
                "t" => in_t = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        if out.len() > MAX_CELLS {
            return Err(ImportError::TooLarge("共享字符串过多".into()));
        }
    }
    Ok(out)
}

/// `B3` → (row 3, column 2).
fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    let mut col = 0u32;
    for c in letters.chars() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        col = col
            .checked_mul(26)?
            .checked_add(c as u32 - 'A' as u32 + 1)?;
    }
    Some((digits.parse().ok()?, col))
}

fn number_text(v: &str) -> String {
    match v.trim().parse::<f64>() {
        Ok(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
        Ok(f) => format!("{f}"),
        Err(_) => v.trim().to_owned(),
    }
}

fn sheet(
    xml: &str,
    shared: &[String],
    lines: &mut Vec<Line>,
    cells_read: &mut usize,
) -> Result<(), ImportError> {
    let mut cells: BTreeMap<(u32, u32), String> = BTreeMap::new();
    let mut covered: HashSet<(u32, u32)> = HashSet::new();
    let mut r = Reader::from_str(xml);
    let mut cur: Option<((u32, u32), String)> = None; // (pos, type)
    let mut value = String::new();
    let mut in_v = false;
    let mut depth = 0usize;
    loop {
        let ev = r.read_event().map_err(|e| bad("工作表", e))?;
        match ev {
            Event::Start(e) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(bad("工作表", "嵌套过深"));
                }
                match local(e.name().as_ref()) {
                    "c" => {
                        let pos = attr(&e, "r").and_then(|x| cell_ref(&x));
                        cur = pos.map(|p| (p, attr(&e, "t").unwrap_or_default()));
                        value.clear();
                    }
                    "v" | "t" => in_v = true,
                    _ => {}
                }
            }
            Event::Empty(e) if local(e.name().as_ref()) == "mergeCell" => {
                if let Some(rf) = attr(&e, "ref")
                    && let Some((a, b)) = rf.split_once(':')
                    && let (Some(a), Some(b)) = (cell_ref(a), cell_ref(b))
                {
                    let area = u64::from(b.0.saturating_sub(a.0) + 1)
                        * u64::from(b.1.saturating_sub(a.1) + 1);
                    if area > 100_000 {
                        continue;
                    }
                    for row in a.0..=b.0 {
                        for col in a.1..=b.1 {
                            if (row, col) != a {
                                covered.insert((row, col));
                            }
                        }
                    }
                }
            }
            Event::Text(t) if in_v => {
                value.push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0))
            }
            Event::GeneralRef(g) if in_v => match g.resolve_char_ref() {
                Ok(Some(ch)) => value.push(ch),
                _ => value.push_str(&super::html::decode_entities(&format!(
                    "&{};",
                    g.into_inner()
                ))),
            },
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match local(e.name().as_ref()) {
                    "v" | "t" => in_v = false,
                    "c" => {
                        if let Some((pos, ty)) = cur.take() {
                            let text = match ty.as_str() {
                                "s" => value
                                    .trim()
                                    .parse::<usize>()
                                    .ok()
                                    .and_then(|i| shared.get(i).cloned())
                                    .unwrap_or_default(),
                                "str" | "inlineStr" | "e" => value.clone(),
                                "b" => value.clone(),
                                _ => number_text(&value),
                            };
                            cells.insert(pos, text);
                            *cells_read += 1;
                            if *cells_read > MAX_CELLS {
                                return Err(ImportError::TooLarge("工作簿单元格过多".into()));
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let max_col = cells.keys().map(|k| k.1).max().unwrap_or(0).min(200);
    let rows: Vec<u32> = {
        let mut v: Vec<u32> = cells.keys().map(|k| k.0).collect();
        v.dedup();
        v
    };
    let mut prev_row = 0;
    for row in rows {
        if prev_row != 0 && row > prev_row + 1 {
            lines.push(Line::Blank);
        }
        prev_row = row;
        let mut out = Vec::new();
        for col in 1..=max_col {
            if covered.contains(&(row, col)) {
                continue;
            }
            out.push(cells.get(&(row, col)).cloned().unwrap_or_default());
        }
        let filled: Vec<&String> = out.iter().filter(|c| !c.trim().is_empty()).collect();
        match filled.as_slice() {
            [] => lines.push(Line::Blank),
            [one] if one.chars().count() > 60 => lines.push(Line::Para((*one).clone())),
            _ => lines.push(Line::Row(out)),
        }
    }
    Ok(())
}
