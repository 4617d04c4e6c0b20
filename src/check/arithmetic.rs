//! Table rules: missing rows, value kinds, printed totals, the template's equations.

use super::short_name;
use crate::amount::Amount;
use crate::derive::TableGrid;
use crate::diag::{Diagnostic, Rule};
use crate::model::TableValues;
use crate::template::{BlockDef, ColumnDef, Equation, Kind, RowDef, RowRole, TableDef};

pub(super) fn check_missing_rows(
    table: &TableDef,
    block: &BlockDef,
    values: &TableValues,
    out: &mut Vec<Diagnostic>,
) {
    let missing: Vec<&str> = block
        .keyed_rows()
        .into_iter()
        .filter(|r| r.role() == RowRole::Input)
        .filter_map(|r| r.key.as_deref())
        .filter(|key| !values.row_locs.contains_key(*key))
        // Rows held back by an unknown row name are reported with that name, not as missing.
        .filter(|key| {
            !block
                .leaf_columns()
                .iter()
                .any(|c| values.is_unreadable(key, c.key.as_deref().unwrap_or_default()))
        })
        .collect();
    if !missing.is_empty() {
        out.push(Diagnostic::warning(
            Rule::MissingRow,
            values.loc,
            format!(
                "{}没有填写这些行，按 0 处理：{}",
                table.id,
                missing.join("、")
            ),
        ));
    }
}

pub(super) fn check_kinds(
    table: &TableDef,
    block: &BlockDef,
    values: &TableValues,
    out: &mut Vec<Diagnostic>,
) {
    for row in block.keyed_rows() {
        let rk = row.key.as_deref().unwrap_or_default();
        for col in block.leaf_columns() {
            let ck = col.key.as_deref().unwrap_or_default();
            let Some(cell) = values.get(rk, ck) else {
                continue;
            };
            let place = format!("{}「{}」行「{}」列", table.id, rk, col.label);
            if let Some(v) = cell.value {
                match col.kind {
                    Kind::Count => {
                        if !v.is_integer() {
                            out.push(
                                Diagnostic::error(
                                    Rule::Integer,
                                    cell.loc,
                                    format!("{place}是件数，应为整数，这里是 {v}"),
                                )
                                .values(v, "整数"),
                            );
                        }
                        if v.is_negative() {
                            out.push(
                                Diagnostic::error(
                                    Rule::NonNegative,
                                    cell.loc,
                                    format!("{place}是件数，不能为负数，这里是 {v}"),
                                )
                                .values(v, "≥ 0"),
                            );
                        }
                    }
                    Kind::Signed => {
                        if !v.is_integer() {
                            out.push(
                                Diagnostic::error(
                                    Rule::Integer,
                                    cell.loc,
                                    format!("{place}应为整数，这里是 {v}"),
                                )
                                .values(v, "整数"),
                            );
                        }
                    }
                    Kind::Money => {
                        if v.is_negative() {
                            out.push(
                                Diagnostic::error(
                                    Rule::NonNegative,
                                    cell.loc,
                                    format!("{place}是金额，不能为负数，这里是 {v}"),
                                )
                                .values(v, "≥ 0"),
                            );
                        }
                        if cell.unit.is_none() && col.units.len() > 1 && v != Amount::ZERO {
                            out.push(Diagnostic::warning(
                                Rule::Unit,
                                cell.loc,
                                format!(
                                    "{place}没有注明单位，请写成如「{v}元」或「{v}万元」（可用：{}）",
                                    col.units.join("、")
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }
}

/// Does the value at (row, col) depend on a cell that could not be read (reported already)?
fn tainted(block: &BlockDef, values: &TableValues, row: &str, col: &str) -> bool {
    if values.unreadable.is_empty() {
        return false;
    }
    fn go(block: &BlockDef, values: &TableValues, row: &str, col: &str, depth: u8) -> bool {
        if depth > 16 {
            return false;
        }
        if values.is_unreadable(row, col) {
            return true;
        }
        if let Some(c) = block.column(col)
            && c.is_derived()
            && c.sum.iter().any(|p| go(block, values, row, p, depth + 1))
        {
            return true;
        }
        match block.row(row) {
            Some(r) if r.role() != RowRole::Input => r
                .parts()
                .iter()
                .any(|p| go(block, values, p, col, depth + 1)),
            _ => false,
        }
    }
    go(block, values, row, col, 0)
}

fn is_derived_cell(row: &RowDef, col: &ColumnDef) -> bool {
    row.role() != RowRole::Input || col.is_derived()
}

pub(super) fn check_printed_totals(
    table: &TableDef,
    block: &BlockDef,
    values: &TableValues,
    grid: &TableGrid,
    out: &mut Vec<Diagnostic>,
) {
    for row in block.keyed_rows() {
        let rk = row.key.as_deref().unwrap_or_default();
        for col in block.leaf_columns() {
            if !is_derived_cell(row, col) {
                continue;
            }
            let ck = col.key.as_deref().unwrap_or_default();
            let Some(cell) = values.get(rk, ck) else {
                continue;
            };
            if tainted(block, values, rk, ck) {
                continue;
            }
            let derived = grid.get(rk, ck);
            let how = if col.is_derived() {
                col.sum.join(" + ")
            } else {
                row.parts().join(" + ")
            };
            let printed = match cell.value {
                Some(v) if v == derived => continue,
                None if derived == Amount::ZERO => continue,
                Some(v) => v.to_string(),
                None => "空".to_owned(),
            };
            out.push(
                Diagnostic::error(
                    Rule::PrintedTotal,
                    cell.loc,
                    format!(
                        "{}「{}」行「{}」列印为 {printed}，按各项相加（{how}）应为 {derived}",
                        table.id,
                        short_name(block, rk),
                        col.label
                    ),
                )
                .values(printed, derived),
            );
        }
    }
}

pub(super) fn check_equations(
    table: &TableDef,
    block: &BlockDef,
    values: &TableValues,
    grid: &TableGrid,
    out: &mut Vec<Diagnostic>,
) {
    for eq in &block.equations {
        for col in block.leaf_columns() {
            let ck = col.key.as_deref().unwrap_or_default();
            if eq
                .left
                .iter()
                .chain(&eq.right)
                .any(|r| tainted(block, values, r, ck))
            {
                continue;
            }
            let side = |rows: &[String]| -> (Amount, String) {
                let total = Equation::sum(rows, |r| grid.get(r, ck)).unwrap_or(Amount::ZERO);
                let text = rows
                    .iter()
                    .map(|r| format!("{} {}", short_name(block, r), grid.get(r, ck)))
                    .collect::<Vec<_>>()
                    .join(" + ");
                (total, text)
            };
            let (left, left_text) = side(&eq.left);
            let (right, right_text) = side(&eq.right);
            if left == right {
                continue;
            }
            // Point at the first right-hand value given in the file (the total, then the carry-over).
            let loc = eq
                .right
                .iter()
                .chain(&eq.left)
                .find_map(|r| values.get(r, ck).and_then(|c| c.loc))
                .or_else(|| {
                    eq.right
                        .iter()
                        .find_map(|r| values.row_locs.get(r).copied())
                })
                .or(values.loc);
            out.push(
                Diagnostic::new(
                    eq.code,
                    loc,
                    format!(
                        "{}「{}」列不满足{}（{}）：{left_text} = {left}，{right_text} = {right}（{left} ≠ {right}）",
                        table.id, col.label, eq.name, eq.rule
                    ),
                )
                .values(right, left),
            );
        }
    }
}

/// One warning per table whose input cells are left blank (`~`): they print as 0.
pub(super) fn check_blank_cells(table: &TableDef, values: &TableValues, out: &mut Vec<Diagnostic>) {
    let blank: Vec<_> = values
        .cells
        .iter()
        .filter(|(_, c)| c.value.is_none())
        .collect();
    let Some(((rk, _), first)) = blank.first() else {
        return;
    };
    out.push(Diagnostic::warning(
        Rule::BlankCells,
        first.loc,
        format!(
            "{}有 {} 个空白单元格（~），从「{rk}」行起；生成的文件里印作 0。确为 0 请填 0，否则填实际数字",
            table.id,
            blank.len()
        ),
    ));
}
