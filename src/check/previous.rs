//! Rules across years: this report against last year's.

use super::{cell_loc, make, short_name};
use crate::derive;
use crate::diag::{Diagnostic, Rule};
use crate::model::{Report, TableValues};
use crate::source::keys as k;
use crate::template::RuleSeverity;

/// Rules across years: this report against last year's.
pub fn check_previous(report: &Report, last: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if last.meta.year + 1 != report.meta.year {
        out.push(Diagnostic::warning(
            Rule::PreviousReport,
            report.loc(k::YEAR),
            format!(
                "对比的上年报告是 {} 年度，本报告是 {} 年度，不是相邻年度",
                last.meta.year, report.meta.year
            ),
        ));
    }
    let (Ok(this_grids), Ok(last_grids)) = (derive::compute(report), derive::compute(last)) else {
        return out;
    };
    let empty = TableValues::default();
    for table in &report.template().tables {
        let Some(last_table) = last.template().table(&table.id) else {
            continue;
        };
        let values = report.tables.get(&table.id).unwrap_or(&empty);
        let this = &this_grids[&table.id];
        let prev = &last_grids[&table.id];
        for block in &table.blocks {
            for rule in &block.previous_year {
                let severity_error = rule.severity == RuleSeverity::Error;
                if let (Some(row), Some(last_row)) = (&rule.row, &rule.last_year_row) {
                    if last_table.block_of_row(last_row).is_none() {
                        continue;
                    }
                    for col in block.leaf_columns() {
                        let ck = col.key.as_deref().unwrap_or_default();
                        let (now, then) = (this.get(row, ck), prev.get(last_row, ck));
                        if now != then {
                            let loc = cell_loc(values, row, ck);
                            let msg = format!(
                                "{}「{}」列：本年「{}」为 {now}，上年报告「{}」为 {then}，两者应相等",
                                table.id,
                                col.label,
                                short_name(block, row),
                                short_name(block, last_row)
                            );
                            out.push(
                                make(severity_error, Rule::CrossYear, loc, msg).values(now, then),
                            );
                        }
                    }
                }
                if let (Some(col), Some(last_col)) = (&rule.column, &rule.last_year_column) {
                    let Some(last_block) = last_table
                        .blocks
                        .iter()
                        .find(|b| b.column(last_col).is_some())
                    else {
                        continue;
                    };
                    for row in block.keyed_rows() {
                        let rk = row.key.as_deref().unwrap_or_default();
                        if last_block.row(rk).is_none() {
                            continue;
                        }
                        let mut expected = prev.get(rk, last_col);
                        for p in &rule.plus {
                            expected = expected.checked_add(this.get(rk, p)).unwrap_or(expected);
                        }
                        for m in &rule.minus {
                            expected = expected.checked_sub(this.get(rk, m)).unwrap_or(expected);
                        }
                        let now = this.get(rk, col);
                        if now != expected {
                            let label =
                                block.column(col).map_or(col.as_str(), |c| c.label.as_str());
                            let msg = format!(
                                "{}「{rk}」的「{label}」为 {now}，按上年 {} 加本年{}减本年{}应为 {expected}",
                                table.id,
                                prev.get(rk, last_col),
                                rule.plus.join("、"),
                                rule.minus.join("、"),
                            );
                            out.push(
                                make(
                                    severity_error,
                                    Rule::CrossYear,
                                    cell_loc(values, rk, col),
                                    msg,
                                )
                                .values(now, expected),
                            );
                        }
                    }
                }
            }
        }
    }
    out
}
