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

/// How the note about formulas saved without results reads (see [`formulas_uncached`]).
const UNCACHED: &str = "公式单元格没有保存计算结果";

/// Did the workbook's import note formulas saved without their results?
pub fn formulas_uncached(notes: &[super::Note]) -> bool {
    notes.iter().any(|n| n.message.contains(UNCACHED))
}

/// Parses an XLSX file; says so in `notes` when formulas were saved without their results.
pub fn parse(bytes: &[u8], notes: &mut Vec<super::Note>) -> Result<Doc, ImportError> {
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
    let mut uncached = 0usize;
    for path in sheets {
        if let Some(xml) = ar.text(&path)? {
            sheet(&xml, &shared, &mut lines, &mut cells_read, &mut uncached)?;
            lines.push(Line::Blank);
        }
    }
    if uncached > 0 {
        notes.push(super::info(format!(
            "工作簿中 {uncached} 个{UNCACHED}（或结果为 0），不当作印出的数；合计按各项计算"
        )));
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
    uncached: &mut usize,
) -> Result<(), ImportError> {
    let mut cells: BTreeMap<(u32, u32), String> = BTreeMap::new();
    let mut covered: HashSet<(u32, u32)> = HashSet::new();
    let mut r = Reader::from_str(xml);
    let mut cur: Option<((u32, u32), String)> = None; // (pos, type)
    let mut value = String::new();
    let mut in_v = false;
    let mut has_formula = false;
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
                        has_formula = false;
                    }
                    "v" | "t" => in_v = true,
                    "f" => has_formula = true,
                    _ => {}
                }
            }
            Event::Empty(e) if local(e.name().as_ref()) == "f" => has_formula = true,
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
                            // A formula saved without its result (a script wrote the
                            // workbook: no value, or 0): not a printed value; the total
                            // is computed from its inputs instead.
                            let text = if has_formula
                                && !matches!(ty.as_str(), "s" | "str" | "inlineStr")
                                && matches!(text.trim(), "" | "0")
                            {
                                *uncached += 1;
                                String::new()
                            } else {
                                text
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

/// The 成文日期 of a workbook's information sheet (`成文日期 | 2025年1月20日`, or an Excel date).
pub fn written_date(doc: &Doc) -> Option<crate::model::Date> {
    doc.lines.iter().find_map(|l| {
        let Line::Row(cells) = l else { return None };
        let mut it = cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty());
        if it.next()? != "成文日期" {
            return None;
        }
        let v = it.next()?;
        crate::model::Date::parse(v).or_else(|| {
            // An Excel serial date: days since 1899-12-30.
            let n: i64 = v.parse().ok().filter(|n| (20_000..80_000).contains(n))?;
            let (y, m, d) = civil_from_days(n - 25_569);
            crate::model::Date::parse(&format!("{y}年{m}月{d}日"))
        })
    })
}

/// Days since 1970-01-01 to (year, month, day) (proleptic Gregorian).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn excel_serial_dates() {
        assert_eq!(super::civil_from_days(45_677 - 25_569), (2025, 1, 20));
    }
}
