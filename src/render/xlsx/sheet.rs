//! One official table → one sheet: the layout grid with its merges, numbers as numbers,
//! derived cells as formulas with cached values, check rows for the template's equations.

use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, Formula, Note, Worksheet, XlsxError,
    utility::row_col_to_cell,
};

use crate::amount::Amount;
use crate::derive::TableGrid;
use crate::layout::{Align, CellRef, LCell, TableLayout};
use crate::template::{Kind, TableDef};

use super::formulas::{self, Addresses};
use super::protect::{self, InputCells};
use super::style::{self, Styles};

/// Sheet rows above the table (the section heading).
const TOP: u32 = 1;

/// A printed value of a derived cell that differs from what its formula computes.
#[derive(Debug, Clone)]
pub(crate) struct Mismatch {
    /// Cell address on the sheet (D26).
    pub cell: String,
    /// Row label as printed.
    pub row: String,
    /// Column label as printed.
    pub col: String,
    /// The printed value (`None`: printed empty).
    pub printed: Option<Amount>,
    /// What the formula computes.
    pub derived: Amount,
}

/// A live check row (勾稽关系) on a table sheet.
#[derive(Debug, Clone)]
pub(crate) struct CheckRow {
    /// Rule name (勾稽关系).
    pub name: String,
    /// The cells of the row (D30:J30).
    pub range: String,
    /// Columns whose cached difference is not zero, with the difference.
    pub failing: Vec<(String, Amount)>,
}

/// What the metadata sheet needs to know about a written table sheet.
#[derive(Debug, Clone)]
pub(crate) struct TableSheet {
    /// Table id (表三).
    pub id: String,
    /// Sheet name.
    pub name: String,
    /// Printed derived values that differ from the formulas.
    pub mismatches: Vec<Mismatch>,
    /// The check rows.
    pub checks: Vec<CheckRow>,
}

/// A cell to place on the sheet, in sheet coordinates.
struct Placed<'a> {
    row: u32,
    col: u16,
    row_span: u32,
    col_span: u16,
    text: &'a str,
    kind: CellKind<'a>,
}

enum CellKind<'a> {
    Header,
    Label(Align),
    Data(&'a CellRef),
    Title,
    CheckLabel,
}

/// Writes `table` on `ws`: heading, grid, check rows, validation, print setup, protection.
pub(crate) fn write_table(
    ws: &mut Worksheet,
    table: &TableLayout,
    def: &TableDef,
    grid: &TableGrid,
    heading: &str,
    styles: &Styles,
) -> Result<TableSheet, XlsxError> {
    let name = sheet_name(&def.id, &def.title);
    ws.set_name(&name)?;
    let columns = table.columns().max(1);
    let last_col = (columns - 1) as u16;

    let mut placed = vec![Placed {
        row: 0,
        col: 0,
        row_span: 1,
        col_span: columns as u16,
        text: heading,
        kind: CellKind::Title,
    }];
    let mut addresses = Addresses::default();
    for (r, row) in table.rows.iter().enumerate() {
        let sheet_row = TOP + r as u32;
        for c in row {
            let kind = match &c.data {
                Some(d) => {
                    addresses.insert(&d.row, &d.col, (sheet_row, c.col as u16));
                    CellKind::Data(d)
                }
                None if c.is_header => CellKind::Header,
                None => CellKind::Label(c.align),
            };
            placed.push(place(sheet_row, c, kind));
        }
    }

    // Check rows: one per equation, under the table after a blank row.
    let mut next_row = TOP + table.rows.len() as u32 + 1;
    let mut check_cells: Vec<(u32, u16, String, Amount, Kind, Option<String>)> = Vec::new();
    let mut check_labels: Vec<(u32, u16, String)> = Vec::new();
    let mut checks = Vec::new();
    let mut alarm_ranges: Vec<(u32, u16, u16)> = Vec::new();
    for block in &def.blocks {
        for eq in &block.equations {
            let mut cells = Vec::new();
            for col in block.leaf_columns() {
                let ck = col.key.as_deref().unwrap_or_default();
                let left: Vec<(u32, u16)> = eq
                    .left
                    .iter()
                    .flat_map(|r| addresses.terms(block, r, ck))
                    .collect();
                let right: Vec<(u32, u16)> = eq
                    .right
                    .iter()
                    .flat_map(|r| addresses.terms(block, r, ck))
                    .collect();
                let Some(at) = left.first().or(right.first()).map(|a| a.1) else {
                    continue;
                };
                let diff = eq.difference(|r| grid.get(r, ck)).unwrap_or(Amount::ZERO);
                let unit = col.units.first().cloned().filter(|_| col.units.len() == 1);
                cells.push((
                    at,
                    formulas::difference_formula(&left, &right),
                    diff,
                    col.kind,
                    unit,
                    col.label.clone(),
                ));
            }
            let Some(first) = cells.iter().map(|c| c.0).min() else {
                continue;
            };
            let last = cells.iter().map(|c| c.0).max().unwrap_or(first);
            let label = format!(
                "勾稽检查：{} − {}，各列应为 0，不为 0 时显示红色（{}）",
                eq.left.join(" + "),
                eq.right.join(" − "),
                eq.rule
            );
            if first == 0 {
                // No label columns: the explanation goes on its own row above.
                check_labels.push((next_row, last_col + 1, label));
                next_row += 1;
            } else {
                check_labels.push((next_row, first, label));
            }
            let mut failing = Vec::new();
            for (at, formula, diff, kind, unit, col_label) in cells {
                if diff != Amount::ZERO {
                    failing.push((col_label, diff));
                }
                check_cells.push((next_row, at, formula, diff, kind, unit));
            }
            alarm_ranges.push((next_row, first, last));
            checks.push(CheckRow {
                name: eq.name.clone(),
                range: format!(
                    "{}:{}",
                    row_col_to_cell(next_row, first),
                    row_col_to_cell(next_row, last)
                ),
                failing,
            });
            next_row += 2;
        }
    }
    for (row, span, text) in &check_labels {
        placed.push(Placed {
            row: *row,
            col: 0,
            row_span: 1,
            col_span: *span,
            text,
            kind: CellKind::CheckLabel,
        });
    }

    // Column widths and row heights.
    let widths = column_widths(&placed, columns);
    let total_rows = next_row.max(TOP + table.rows.len() as u32) as usize;
    let heights = row_heights(&placed, &widths, total_rows);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (r, h) in heights.iter().enumerate() {
        ws.set_row_height(r as u32, *h)?;
    }

    // Cells.
    let mut inputs = InputCells::default();
    let mut mismatches = Vec::new();
    for p in &placed {
        match p.kind {
            CellKind::Data(d) => {
                write_data(ws, p, d, def, grid, &addresses, styles, &mut inputs)?;
                let derived = grid.get(&d.row, &d.col);
                if d.derived && d.value != Some(derived) && !(d.value.is_none() && is_zero(derived))
                {
                    let printed = d.value.map_or_else(|| "空".to_owned(), |v| v.to_string());
                    let note = Note::new(format!(
                        "原文印出 {printed}，按各项相加应为 {derived}；本格为公式，显示计算结果。"
                    ))
                    .set_author("nianbao")
                    .add_author_prefix(false)
                    .set_width(220)
                    .set_height(60);
                    ws.insert_note(p.row, p.col, &note)?;
                    mismatches.push(Mismatch {
                        cell: row_col_to_cell(p.row, p.col),
                        row: row_label(def, &d.row),
                        col: col_label(def, &d.row, &d.col),
                        printed: d.value,
                        derived,
                    });
                }
            }
            _ => {
                let format = match p.kind {
                    CellKind::Title => &styles.title,
                    CellKind::Header => &styles.header,
                    CellKind::Label(Align::Left) => &styles.label_left,
                    CellKind::Label(Align::Center) => &styles.label_center,
                    _ => &styles.check_label,
                };
                if p.row_span > 1 || p.col_span > 1 {
                    ws.merge_range(
                        p.row,
                        p.col,
                        p.row + p.row_span - 1,
                        p.col + p.col_span - 1,
                        p.text,
                        format,
                    )?;
                } else {
                    ws.write_string_with_format(p.row, p.col, p.text, format)?;
                }
            }
        }
    }
    for (row, col, formula, diff, kind, unit) in &check_cells {
        let format = styles.check(
            *kind,
            unit.as_deref(),
            scale_of(*kind, unit.as_deref(), None),
        );
        ws.write_formula_with_format(
            *row,
            *col,
            Formula::new(formula).set_result(diff.to_string()),
            &format,
        )?;
    }
    // One red-when-not-zero rule per check row.
    for (row, first, last) in &alarm_ranges {
        let alarm = ConditionalFormatCell::new()
            .set_rule(ConditionalFormatCellRule::NotEqualTo(0))
            .set_format(&styles.alarm);
        ws.add_conditional_format(*row, *first, *row, *last, &alarm)?;
    }
    inputs.apply(ws)?;

    // Print setup.
    let header_end = TOP + table.header_rows as u32;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.6, 0.6, 0.8, 0.8, 0.3, 0.4);
    ws.set_footer("&C— &P —");
    ws.set_repeat_rows(0, header_end.max(1) - 1)?;
    ws.set_freeze_panes(header_end.max(1), 0)?;
    ws.set_screen_gridlines(false);
    protect::protect(ws);

    Ok(TableSheet {
        id: def.id.clone(),
        name,
        mismatches,
        checks,
    })
}

fn is_zero(a: Amount) -> bool {
    a == Amount::ZERO
}

fn place<'a>(row: u32, c: &'a LCell, kind: CellKind<'a>) -> Placed<'a> {
    Placed {
        row,
        col: c.col as u16,
        row_span: c.row_span.max(1) as u32,
        col_span: c.col_span.max(1) as u16,
        text: &c.text,
        kind,
    }
}

/// `表三 收到和处理政府信息公开申请情况`, cut to Excel's 31 characters, without forbidden characters.
fn sheet_name(id: &str, title: &str) -> String {
    format!("{id} {title}")
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect()
}

fn row_label(def: &TableDef, row: &str) -> String {
    def.block_of_row(row)
        .and_then(|b| b.row(row))
        .map(|r| r.label.clone())
        .unwrap_or_else(|| row.to_owned())
}

fn col_label(def: &TableDef, row: &str, col: &str) -> String {
    def.block_of_row(row)
        .and_then(|b| b.column(col))
        .map(|c| c.label.clone())
        .unwrap_or_else(|| col.to_owned())
}

/// Decimals shown for a value: money in 万元 keeps two, else the value's own.
fn scale_of(kind: Kind, unit: Option<&str>, value: Option<Amount>) -> u8 {
    if kind != Kind::Money {
        return 0;
    }
    let own = value.map(|v| v.scale).unwrap_or(0);
    if unit == Some("万元") {
        own.max(2)
    } else {
        own
    }
}

#[allow(clippy::too_many_arguments)]
fn write_data(
    ws: &mut Worksheet,
    p: &Placed,
    d: &CellRef,
    def: &TableDef,
    grid: &TableGrid,
    addresses: &Addresses,
    styles: &Styles,
    inputs: &mut InputCells,
) -> Result<(), XlsxError> {
    // The unit goes into the number format only where the printed text shows it
    // (a unit fixed by the column label is not repeated).
    let shown_unit = d
        .unit
        .as_deref()
        .filter(|u| !u.is_empty() && p.text.ends_with(*u));
    let formula = if d.derived {
        formulas::derived_formula(def, addresses, &d.row, &d.col)
    } else {
        None
    };
    let input = formula.is_none();
    let derived = grid.get(&d.row, &d.col);
    let shown = if input { d.value } else { Some(derived) };
    let format = styles.number(
        d.kind,
        shown_unit,
        scale_of(d.kind, d.unit.as_deref(), shown),
        input,
    );
    if p.col_span > 1 || p.row_span > 1 {
        ws.merge_range(
            p.row,
            p.col,
            p.row + p.row_span - 1,
            p.col + p.col_span - 1,
            "",
            &format,
        )?;
    }
    match (formula, d.value) {
        (Some(f), _) => {
            ws.write_formula_with_format(
                p.row,
                p.col,
                Formula::new(f).set_result(derived.to_string()),
                &format,
            )?;
        }
        (None, Some(v)) => {
            ws.write_number_with_format(p.row, p.col, v.to_f64(), &format)?;
        }
        (None, None) => {
            ws.write_blank(p.row, p.col, &format)?;
        }
    }
    if input {
        inputs.add(d.kind, d.unit.as_deref(), (p.row, p.col));
    }
    Ok(())
}

/// Column widths (Excel units) wide enough for the labels: single cells first, then spans.
fn column_widths(placed: &[Placed], columns: usize) -> Vec<f64> {
    let mut w = vec![0f64; columns];
    for p in placed.iter().filter(|p| p.col_span == 1) {
        let units = style::text_units(p.text);
        let want = match p.kind {
            CellKind::Data(_) => (units + 3.0).max(9.0),
            CellKind::Header => (units + 2.0).clamp(9.0, 18.0),
            CellKind::Label(_) if p.row_span > 1 => (units + 2.0).min(12.0),
            CellKind::Label(_) => (units + 2.0).min(46.0),
            _ => 0.0,
        };
        if let Some(slot) = w.get_mut(p.col as usize) {
            *slot = slot.max(want);
        }
    }
    let mut spans: Vec<&Placed> = placed
        .iter()
        .filter(|p| p.col_span > 1 && !matches!(p.kind, CellKind::Title | CellKind::CheckLabel))
        .collect();
    spans.sort_by_key(|p| p.col_span);
    for p in spans {
        let units = style::text_units(p.text);
        let want = match p.kind {
            CellKind::Data(_) => units + 3.0,
            _ => (units + 2.0).min(60.0),
        };
        let first = p.col as usize;
        let last = (first + p.col_span as usize).min(columns);
        if first >= last {
            continue;
        }
        let have: f64 = w[first..last].iter().sum();
        if have < want {
            w[last - 1] += want - have;
        }
    }
    for slot in &mut w {
        if *slot == 0.0 {
            *slot = 9.0;
        }
    }
    w
}

/// Row heights (points) tall enough for wrapped text; a merged cell grows its last row.
fn row_heights(placed: &[Placed], widths: &[f64], rows: usize) -> Vec<f64> {
    let mut h = vec![style::MIN_ROW; rows];
    let mut order: Vec<&Placed> = placed.iter().collect();
    order.sort_by_key(|p| p.row_span);
    for p in order {
        let first = p.col as usize;
        let last = (first + p.col_span as usize).min(widths.len());
        let width: f64 = widths
            .get(first..last)
            .map(|s| s.iter().sum())
            .unwrap_or(9.0);
        let lines = style::lines_in(p.text, width) as f64;
        let line = if matches!(p.kind, CellKind::Title) {
            style::LINE * 1.3
        } else {
            style::LINE
        };
        let need = lines * line + 6.0;
        let r0 = p.row as usize;
        let r1 = (r0 + p.row_span as usize).min(rows);
        if r0 >= r1 {
            continue;
        }
        let have: f64 = h[r0..r1].iter().sum();
        if have < need {
            h[r1 - 1] += need - have;
        }
    }
    h
}
