//! Derived values: subtotals, totals and total columns computed from the typed cells.
//!
//! A source never needs to type a total. Where it does carry one (an imported report),
//! the printed value stays in the model and `check` compares it with what is derived here.

use std::collections::BTreeMap;

use crate::amount::Amount;
use crate::model::{Report, TableValues};
use crate::template::{BlockDef, RowRole, TableDef};

/// Every cell of one table with its value: typed cells as given (empty = 0), derived cells computed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableGrid {
    /// By row key, then column key (looked up by `&str`, nothing allocated).
    cells: BTreeMap<String, BTreeMap<String, Amount>>,
}

impl TableGrid {
    /// The value at (row, column); 0 when the template has no such cell.
    pub fn get(&self, row: &str, col: &str) -> Amount {
        self.cells
            .get(row)
            .and_then(|r| r.get(col))
            .copied()
            .unwrap_or(Amount::ZERO)
    }

    fn set(&mut self, row: &str, col: &str, v: Amount) {
        match self.cells.get_mut(row) {
            Some(r) => {
                r.insert(col.to_owned(), v);
            }
            None => {
                self.cells
                    .insert(row.to_owned(), BTreeMap::from([(col.to_owned(), v)]));
            }
        }
    }
}

/// A sum too large to represent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overflow {
    /// Table id.
    pub table: String,
    /// Row key.
    pub row: String,
    /// Column key.
    pub column: String,
}

fn sum(parts: impl IntoIterator<Item = Amount>) -> Option<Amount> {
    parts
        .into_iter()
        .try_fold(Amount::ZERO, |acc, v| acc.checked_add(v))
}

fn row_value(
    block: &BlockDef,
    values: &TableValues,
    row: &str,
    col: &str,
    depth: usize,
) -> Option<Amount> {
    let def = block.row(row)?;
    match def.role() {
        RowRole::Input => Some(
            values
                .get(row, col)
                .and_then(|c| c.value)
                .unwrap_or(Amount::ZERO),
        ),
        RowRole::Subtotal | RowRole::Total if depth < 16 => {
            // The parts of `RowDef::parts`, added in order without collecting them first.
            let mut acc = Amount::ZERO;
            if !def.sum.is_empty() {
                for p in &def.sum {
                    acc = acc.checked_add(row_value(block, values, p, col, depth + 1)?)?;
                }
            } else {
                for p in def.children.iter().filter_map(|c| c.key.as_deref()) {
                    acc = acc.checked_add(row_value(block, values, p, col, depth + 1)?)?;
                }
            }
            Some(acc)
        }
        _ => None,
    }
}

/// Computes every cell of a table.
pub fn compute_table(def: &TableDef, values: &TableValues) -> Result<TableGrid, Overflow> {
    let mut grid = TableGrid::default();
    for block in &def.blocks {
        let leaves = block.leaf_columns();
        for row in block.keyed_rows() {
            let rk = row.key.as_deref().unwrap_or_default();
            let overflow = |col: &str| Overflow {
                table: def.id.clone(),
                row: rk.to_owned(),
                column: col.to_owned(),
            };
            for col in leaves.iter().filter(|c| !c.is_derived()) {
                let ck = col.key.as_deref().unwrap_or_default();
                let v = row_value(block, values, rk, ck, 0).ok_or_else(|| overflow(ck))?;
                grid.set(rk, ck, v);
            }
            for col in leaves.iter().filter(|c| c.is_derived()) {
                let ck = col.key.as_deref().unwrap_or_default();
                let v = sum(col.sum.iter().map(|p| grid.get(rk, p))).ok_or_else(|| overflow(ck))?;
                grid.set(rk, ck, v);
            }
        }
    }
    Ok(grid)
}

/// Computes every table of a report, by table id.
pub fn compute(report: &Report) -> Result<BTreeMap<String, TableGrid>, Overflow> {
    let template = report.template();
    let empty = TableValues::default();
    template
        .tables
        .iter()
        .map(|t| {
            let values = report.tables.get(&t.id).unwrap_or(&empty);
            Ok((t.id.clone(), compute_table(t, values)?))
        })
        .collect()
}
