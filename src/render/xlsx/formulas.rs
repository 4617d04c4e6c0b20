//! Formulas of derived cells: sums over the printed cells, with unprinted subtotals expanded.

use std::collections::BTreeMap;

use rust_xlsxwriter::utility::row_col_to_cell;

use crate::template::{BlockDef, RowRole, TableDef};

/// Where each (row key, column key) of a table sits on its sheet (0-based row, column).
#[derive(Debug, Default)]
pub(crate) struct Addresses {
    cells: BTreeMap<(String, String), (u32, u16)>,
}

impl Addresses {
    /// Records a printed cell.
    pub(crate) fn insert(&mut self, row: &str, col: &str, at: (u32, u16)) {
        self.cells.insert((row.to_owned(), col.to_owned()), at);
    }

    /// The sheet position of a printed cell.
    pub(crate) fn get(&self, row: &str, col: &str) -> Option<(u32, u16)> {
        self.cells.get(&(row.to_owned(), col.to_owned())).copied()
    }

    /// Printed cells whose sum is the value of (row, col): the cell itself when printed,
    /// else the cells of the rows it adds up, recursively.
    pub(crate) fn terms(&self, block: &BlockDef, row: &str, col: &str) -> Vec<(u32, u16)> {
        let mut out = Vec::new();
        self.collect(block, row, col, &mut out, 0);
        out
    }

    fn collect(
        &self,
        block: &BlockDef,
        row: &str,
        col: &str,
        out: &mut Vec<(u32, u16)>,
        depth: usize,
    ) {
        if let Some(at) = self.get(row, col) {
            out.push(at);
            return;
        }
        if depth > 16 {
            return;
        }
        if let Some(def) = block.row(row) {
            for part in def.parts() {
                self.collect(block, part, col, out, depth + 1);
            }
        }
    }
}

/// The formula of a derived cell, or `None` when the cell is typed.
///
/// A derived column (总计) adds the columns it names in the same row; a derived row
/// (（七）总计, table subtotals) adds its parts in the same column, unprinted subtotals
/// expanded down to the printed rows.
pub(crate) fn derived_formula(
    table: &TableDef,
    addresses: &Addresses,
    row: &str,
    col: &str,
) -> Option<String> {
    let block = table.block_of_row(row)?;
    let column = block.column(col)?;
    let row_def = block.row(row)?;
    let terms: Vec<(u32, u16)> = if column.is_derived() {
        column
            .sum
            .iter()
            .flat_map(|c| addresses.terms(block, row, c))
            .collect()
    } else if matches!(row_def.role(), RowRole::Subtotal | RowRole::Total) {
        row_def
            .parts()
            .into_iter()
            .flat_map(|p| addresses.terms(block, p, col))
            .collect()
    } else {
        return None;
    };
    Some(sum_formula(&terms))
}

/// `=SUM(…)` over cells, consecutive cells joined into ranges; `=0` for no cells.
pub(crate) fn sum_formula(terms: &[(u32, u16)]) -> String {
    if terms.is_empty() {
        return "=0".to_owned();
    }
    format!("=SUM({})", ranges(terms).join(","))
}

/// `a − b` as a formula: left cells added, right cells subtracted.
pub(crate) fn difference_formula(left: &[(u32, u16)], right: &[(u32, u16)]) -> String {
    let side = |t: &[(u32, u16)]| {
        if t.is_empty() {
            "0".to_owned()
        } else {
            format!("SUM({})", ranges(t).join(","))
        }
    };
    format!("={}-{}", side(left), side(right))
}

/// Joins runs of adjacent cells (down a column or along a row) into `A1:A9` ranges.
pub(crate) fn ranges(terms: &[(u32, u16)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < terms.len() {
        let start = terms[i];
        let mut end = start;
        let mut j = i + 1;
        while j < terms.len() {
            let next = terms[j];
            let down = next.1 == end.1 && next.0 == end.0 + 1 && start.1 == end.1;
            let across = next.0 == end.0 && next.1 == end.1 + 1 && start.0 == end.0;
            let shape_ok = if start == end {
                true
            } else if start.1 == end.1 {
                down
            } else {
                across
            };
            if (down || across) && shape_ok {
                end = next;
                j += 1;
            } else {
                break;
            }
        }
        if start == end {
            out.push(row_col_to_cell(start.0, start.1));
        } else {
            out.push(format!(
                "{}:{}",
                row_col_to_cell(start.0, start.1),
                row_col_to_cell(end.0, end.1)
            ));
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacent_cells_become_ranges() {
        assert_eq!(sum_formula(&[]), "=0");
        assert_eq!(sum_formula(&[(3, 3)]), "=SUM(D4)");
        assert_eq!(sum_formula(&[(3, 3), (4, 3), (5, 3)]), "=SUM(D4:D6)");
        assert_eq!(sum_formula(&[(3, 3), (3, 4), (3, 5)]), "=SUM(D4:F4)");
        assert_eq!(sum_formula(&[(3, 3), (4, 3), (7, 3)]), "=SUM(D4:D5,D8)");
        assert_eq!(sum_formula(&[(3, 3), (4, 3), (4, 4)]), "=SUM(D4:D5,E5)");
        assert_eq!(
            difference_formula(&[(3, 3), (4, 3)], &[(25, 3), (26, 3)]),
            "=SUM(D4:D5)-SUM(D26:D27)"
        );
    }
}
