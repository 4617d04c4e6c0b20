//! The compiling workbook (`--detail`): per table one row per child and a total row of formulas
//! with cached values, children with findings highlighted (red), blank cells counted as 0
//! marked (yellow), the intake findings and the organs expected but missing. Every cell of the aggregate can be traced to the children that make it.

use std::path::Path;

use rust_xlsxwriter::{Color, Format, Formula, Workbook, Worksheet, XlsxError};

use crate::amount::Amount;
use crate::diag::Severity;

use super::Aggregate;

/// A value as the workbook shows it: money (kept in 元) in 万元, counts as they are.
fn shown(v: Amount, money: bool) -> Amount {
    if money {
        super::sum::trim(Amount {
            units: v.units,
            scale: v.scale.saturating_add(4),
        })
    } else {
        v
    }
}

fn header(ws: &mut Worksheet, cols: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (i, c) in cols.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *c, bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Writes the workbook to bytes.
pub fn workbook(agg: &Aggregate) -> Result<Vec<u8>, XlsxError> {
    workbook_in(agg, None)
}

/// Writes the workbook to bytes; the sheets with a row per child are written row by row
/// through a temporary file in `tempdir` (the output's folder; else the system's) so that
/// memory does not grow with the number of children.
pub fn workbook_in(agg: &Aggregate, tempdir: Option<&Path>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    if let Some(dir) = tempdir {
        // A folder that cannot take it leaves the system's; writing the output reports why.
        let _ = wb.set_tempdir(dir);
    }
    let bold = Format::new().set_bold();
    let flagged = Format::new().set_background_color(Color::RGB(0xFFC7CE));
    let blank_fmt = Format::new().set_background_color(Color::RGB(0xFFEB9C));
    let total_fmt = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7));
    let included: Vec<_> = agg.children.iter().filter(|c| c.included).collect();
    let named: std::collections::HashSet<&std::path::Path> = agg
        .findings
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .filter_map(|d| d.file.as_deref())
        .collect();
    let has_findings = |c: &super::Child| {
        c.errors > 0
            || c.findings.iter().any(|d| d.severity == Severity::Warning)
            || named.contains(c.path.as_path())
    };
    let mut tables: Vec<&str> = agg.slots.iter().map(|s| s.table.as_str()).collect();
    tables.dedup();
    for table in tables {
        let ws = wb.add_worksheet_with_low_memory()?;
        ws.set_name(table)?;
        let cols: Vec<(usize, &super::Slot)> = agg
            .slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.table == table)
            .collect();
        let mut heads = vec!["单位".to_owned(), "文件".to_owned(), "说明".to_owned()];
        heads.extend(cols.iter().map(|(_, s)| {
            let unit = if s.is_money() { "（万元）" } else { "" };
            format!("{}·{}{unit}", s.row, s.label)
        }));
        let heads: Vec<&str> = heads.iter().map(String::as_str).collect();
        header(ws, &heads, &bold)?;
        ws.set_column_width(0, 24)?;
        ws.set_column_width(1, 30)?;
        for (r, c) in included.iter().enumerate() {
            let row = r as u32 + 1;
            let mark = has_findings(c);
            let plain = Format::new();
            let fmt = if mark { &flagged } else { &plain };
            ws.write_string_with_format(row, 0, &c.organ, fmt)?;
            ws.write_string_with_format(row, 1, c.path.display().to_string(), fmt)?;
            let note = match (c.errors, c.values.blanks.len()) {
                (0, 0) if mark => "有警告，见「汇总检查」".to_owned(),
                (0, 0) => String::new(),
                (0, b) => format!("空白按0计 {b} 格"),
                (e, _) => format!("有 {e} 个错误，按 --force 计入"),
            };
            ws.write_string_with_format(row, 2, note, fmt)?;
            let values = c.values.packed.unpack();
            for (j, (i, s)) in cols.iter().enumerate() {
                let v = values.get(*i).copied().unwrap_or(Amount::ZERO);
                // A blank (`~`) cell counted as 0 is marked cell by cell.
                let blank =
                    u32::try_from(*i).is_ok_and(|i| c.values.blanks.binary_search(&i).is_ok());
                ws.write_number_with_format(
                    row,
                    3 + j as u16,
                    shown(v, s.is_money()).to_f64(),
                    if blank { &blank_fmt } else { fmt },
                )?;
            }
        }
        let last = included.len() as u32 + 1;
        ws.write_string_with_format(last, 0, "合计", &total_fmt)?;
        ws.write_string_with_format(last, 2, format!("{} 个单位", included.len()), &total_fmt)?;
        for (j, (i, s)) in cols.iter().enumerate() {
            let col = 3 + j as u16;
            let name = rust_xlsxwriter::utility::column_number_to_name(col);
            let total = shown(
                agg.totals.get(*i).copied().unwrap_or(Amount::ZERO),
                s.is_money(),
            );
            let f = if included.is_empty() {
                Formula::new("=0").set_result("0")
            } else {
                Formula::new(format!("=SUM({name}2:{name}{last})")).set_result(total.to_string())
            };
            ws.write_formula_with_format(last, col, f, &total_fmt)?;
        }
    }
    // Intake findings: the set's own and each child's errors and warnings.
    let ws = wb.add_worksheet_with_low_memory()?;
    ws.set_name("汇总检查")?;
    header(
        ws,
        &["文件", "单位", "规则代码", "规则", "级别", "位置", "说明"],
        &bold,
    )?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(6, 80)?;
    let organs: std::collections::HashMap<&std::path::Path, &str> = agg
        .children
        .iter()
        .map(|c| (c.path.as_path(), c.organ.as_str()))
        .collect();
    let organ_of =
        |f: Option<&std::path::Path>| f.and_then(|f| organs.get(f).copied()).unwrap_or_default();
    let own = agg
        .children
        .iter()
        .flat_map(|c| c.findings.iter().filter(|d| d.severity != Severity::Note));
    for (r, d) in agg.findings.iter().chain(own).enumerate() {
        let row = r as u32 + 1;
        let file = d.file.as_deref();
        ws.write_string(
            row,
            0,
            file.map(|f| f.display().to_string()).unwrap_or_default(),
        )?;
        ws.write_string(row, 1, organ_of(file))?;
        ws.write_string(row, 2, d.rule.code())?;
        ws.write_string(row, 3, d.rule.name())?;
        ws.write_string(row, 4, d.severity.label())?;
        let place = d
            .loc
            .map(|l| format!("{}:{}", l.line, l.column))
            .unwrap_or_default();
        ws.write_string(row, 5, place)?;
        ws.write_string(row, 6, &d.message)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name("未报送")?;
    header(ws, &["应报送但未收到的单位"], &bold)?;
    ws.set_column_width(0, 30)?;
    for (r, name) in agg.missing.iter().enumerate() {
        ws.write_string(r as u32 + 1, 0, name)?;
    }
    wb.save_to_buffer()
}
