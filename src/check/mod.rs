//! The rules of spec §5: arithmetic (勾稽关系), derived vs printed totals, value kinds,
//! template/year fit, cross-year rules and narrative figures. Findings only; no printing.
//!
//! One module per job: [`arithmetic`] (tables), [`meta`] (organ, year, date, sections),
//! [`narrative`] (text against tables), [`previous`] (this year against last year's).

mod arithmetic;
pub mod audit;
mod meta;
mod narrative;
pub mod previous;
mod stale;

pub use narrative::quoted_application_counts;
pub use previous::check_previous;

use std::collections::BTreeMap;

use crate::derive::{self, TableGrid};
use crate::diag::{Diagnostic, Loc, Rule};
use crate::model::{Report, TableValues};
use crate::template::BlockDef;

/// Checks one report against every rule of its template (the loader's own findings are separate).
pub fn check(report: &Report) -> Vec<Diagnostic> {
    check_with(report, &derive::compute(report))
}

/// [`check`] with the derived totals already computed (a build computes them once).
pub fn check_with(
    report: &Report,
    derived: &Result<BTreeMap<String, TableGrid>, derive::Overflow>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    meta::check_meta(report, &mut out);
    meta::check_sections(report, &mut out);
    meta::check_required(report, &mut out);
    out.extend(crate::aggregate::placeholder::find(report));
    stale::check_stale(report, &mut out);
    let template = report.template();
    let grids = match derived {
        Ok(g) => g,
        Err(o) => {
            let loc = report
                .tables
                .get(&o.table)
                .and_then(|t| t.row_locs.get(&o.row).copied());
            out.push(Diagnostic::error(
                Rule::TooLarge,
                loc,
                format!(
                    "{}「{}」行「{}」列的合计超出可计算范围",
                    o.table, o.row, o.column
                ),
            ));
            return out;
        }
    };
    let empty = TableValues::default();
    for table in &template.tables {
        let values = report.tables.get(&table.id);
        if values.is_none() {
            out.push(Diagnostic::warning(
                Rule::MissingTable,
                None,
                format!("没有填写{}（{}），按全部为 0 处理", table.id, table.title),
            ));
        }
        let values = values.unwrap_or(&empty);
        let grid = &grids[&table.id];
        arithmetic::check_blank_cells(table, values, &mut out);
        for block in &table.blocks {
            if report.tables.contains_key(&table.id) {
                arithmetic::check_missing_rows(table, block, values, &mut out);
            }
            arithmetic::check_kinds(table, block, values, &mut out);
            arithmetic::check_printed_totals(table, block, values, grid, &mut out);
            arithmetic::check_equations(table, block, values, grid, &mut out);
        }
    }
    narrative::check_narrative(report, grids, &mut out);
    out
}

pub(super) fn make(error: bool, rule: Rule, loc: Option<Loc>, msg: String) -> Diagnostic {
    if error {
        Diagnostic::error(rule, loc, msg)
    } else {
        Diagnostic::warning(rule, loc, msg)
    }
}

pub(super) fn cell_loc(values: &TableValues, row: &str, col: &str) -> Option<Loc> {
    values
        .get(row, col)
        .and_then(|c| c.loc)
        .or_else(|| values.row_locs.get(row).copied())
        .or(values.loc)
}

/// A short printed name of a row for messages: its label when short, else its key.
pub(super) fn short_name(block: &BlockDef, key: &str) -> String {
    match block.row(key) {
        Some(r) if r.label.chars().count() <= 8 => r.label.clone(),
        _ => key.to_owned(),
    }
}

/// Which rules a run of `check` reports (`--only CODE,…`, `--skip CODE,…`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// When not empty, only these rules are reported.
    pub only: Vec<Rule>,
    /// These rules are never reported.
    pub skip: Vec<Rule>,
}

impl Selection {
    /// Reads comma-separated rule codes; the error names the unknown code and the closest one.
    pub fn parse(only: Option<&str>, skip: Option<&str>) -> Result<Selection, String> {
        Ok(Selection {
            only: only.map(parse_codes).transpose()?.unwrap_or_default(),
            skip: skip.map(parse_codes).transpose()?.unwrap_or_default(),
        })
    }

    /// Is a finding of this rule reported? Findings that stop a file being read always are.
    pub fn keeps(&self, rule: Rule) -> bool {
        if matches!(rule, Rule::Unreadable | Rule::YamlSyntax) {
            return true;
        }
        (self.only.is_empty() || self.only.contains(&rule)) && !self.skip.contains(&rule)
    }
}

fn parse_codes(text: &str) -> Result<Vec<Rule>, String> {
    text.split([',', '，', '、'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|code| {
            Rule::from_code(code)
                .or_else(|| Rule::ALL.iter().copied().find(|r| r.name() == code))
                .ok_or_else(|| {
                    let hint = crate::diag::suggest(code, Rule::ALL.iter().map(|r| r.code()))
                        .map(|s| format!("，是否想写「{s}」"))
                        .unwrap_or_default();
                    format!("没有规则代码「{code}」{hint}；可用代码见 README「规则代码」一节")
                })
        })
        .collect()
}
