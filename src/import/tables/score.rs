//! Consistency scoring: how many column-wise rules a reading of a table breaks, and the
//! totals its part rows imply.

use crate::amount::Amount;
use crate::model::TableValues;
use crate::template::{BlockDef, Equation, RowDef, RowRole, TableDef};

/// How many column-wise rules the printed values break: printed total rows against their
/// parts, and the block equations (printed values where given, derived otherwise).
pub(super) fn violations(table: &TableDef, values: &TableValues) -> usize {
    let Ok(grid) = crate::derive::compute_table(table, values) else {
        return usize::MAX / 2;
    };
    let mut n = 0;
    for block in &table.blocks {
        let cols = block.leaf_columns();
        let shown = |r: &str, c: &str| {
            values
                .get(r, c)
                .and_then(|x| x.value)
                .unwrap_or_else(|| grid.get(r, c))
        };
        for row in block.keyed_rows() {
            if row.role() != RowRole::Total {
                continue;
            }
            let rk = row.key.as_deref().unwrap_or_default();
            for c in cols.iter().filter(|c| !c.is_derived()) {
                let ck = c.key.as_deref().unwrap_or_default();
                if let Some(v) = values.get(rk, ck).and_then(|x| x.value)
                    && v != grid.get(rk, ck)
                {
                    n += 1;
                }
            }
        }
        for eq in &block.equations {
            for c in &cols {
                let ck = c.key.as_deref().unwrap_or_default();
                let (l, r) = (
                    Equation::sum(&eq.left, |r| shown(r, ck)),
                    Equation::sum(&eq.right, |r| shown(r, ck)),
                );
                if l != r {
                    n += 1;
                }
            }
        }
    }
    n
}

/// For a printed total row (（七）总计): the column-wise sums of the printed part rows read so
/// far, when every part row was read.
pub(super) fn expected_total(
    block: &BlockDef,
    row: &RowDef,
    values: &TableValues,
) -> Option<Vec<Amount>> {
    if row.role() != RowRole::Total {
        return None;
    }
    let mut leaves = Vec::new();
    let mut stack: Vec<&str> = row.parts();
    let mut guard = 0;
    while let Some(k) = stack.pop() {
        guard += 1;
        if guard > 200 {
            return None;
        }
        let r = block.row(k)?;
        match r.role() {
            RowRole::Input => leaves.push(k),
            RowRole::Subtotal => stack.extend(r.parts()),
            _ => return None,
        }
    }
    if leaves.iter().any(|k| !values.row_locs.contains_key(*k)) {
        return None;
    }
    block
        .leaf_columns()
        .iter()
        .map(|c| {
            let ck = c.key.as_deref().unwrap_or_default();
            leaves.iter().try_fold(Amount::ZERO, |acc, k| {
                let v = values
                    .get(k, ck)
                    .and_then(|x| x.value)
                    .unwrap_or(Amount::ZERO);
                acc.checked_add(v)
            })
        })
        .collect()
}
