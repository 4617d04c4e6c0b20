//! The other direction: a published compiled report against its children, cell by cell.

use std::path::PathBuf;

use crate::amount::Amount;
use crate::diag::{Diagnostic, Rule};
use crate::model::Report;

use super::sum;
use super::{Aggregate, Options, aggregate};

/// Every input cell where `parent` differs from the sum of `children` (money compared in 元),
/// plus the intake findings about the children (duplicates, other year, mixed templates …).
pub fn compare(parent: &Report, children: &[PathBuf]) -> Vec<Diagnostic> {
    let agg: Aggregate = aggregate(
        children,
        &Options {
            organ: parent.meta.organ.clone(),
            year: parent.meta.year,
            force: true,
            ..Default::default()
        },
    );
    let mut out: Vec<Diagnostic> = agg
        .findings
        .iter()
        .filter(|d| d.rule != Rule::BlankChildCell)
        .cloned()
        .collect();
    if agg.report.is_none() {
        return out;
    }
    if agg.report.as_ref().map(|r| r.meta.template) != Some(parent.meta.template) {
        out.push(Diagnostic::new(
            Rule::MixedTemplate,
            parent.loc(crate::source::keys::TEMPLATE),
            format!(
                "汇总报告使用模板 {}，下级报告使用另一模板，无法逐格比对",
                parent.meta.template
            ),
        ));
        return out;
    }
    let Ok(mine) = sum::child_values(parent, &agg.slots) else {
        return out;
    };
    for (i, slot) in agg.slots.iter().enumerate() {
        let (have, want) = (mine.values[i], agg.totals[i]);
        if have == want {
            continue;
        }
        let cell = parent.tables.get(&slot.table);
        let loc = cell
            .and_then(|t| t.get(&slot.row, &slot.col))
            .and_then(|c| c.loc)
            .or_else(|| cell.and_then(|t| t.row_locs.get(&slot.row).copied()));
        let show = |v: Amount| {
            if slot.is_money() {
                let c = sum::money_cell(v, slot);
                crate::layout::format_value(c.value, c.unit.as_deref().or(Some("万元")))
            } else {
                v.to_string()
            }
        };
        out.push(
            Diagnostic::new(
                Rule::ChildrenSum,
                loc,
                format!(
                    "{}「{}」行「{}」列为 {}，{} 个下级报告之和为 {}",
                    slot.table,
                    slot.row,
                    slot.label,
                    show(have),
                    agg.children.iter().filter(|c| c.included).count(),
                    show(want)
                ),
            )
            .values(show(have), show(want))
            .cell(&slot.table, Some(&slot.row), Some(&slot.col)),
        );
    }
    out
}
