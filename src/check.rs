//! The rules of spec §5: arithmetic (勾稽关系), derived vs printed totals, value kinds,
//! template/year fit, cross-year rules and narrative figures. Findings only; no printing.

use std::collections::BTreeMap;

use crate::amount::Amount;
use crate::derive::{self, TableGrid};
use crate::diag::{Diagnostic, Loc, Rule};
use crate::model::{Block, Report, TableValues};
use crate::source::keys as k;
use crate::template::{
    self, BlockDef, ColumnDef, Equation, Kind, RowDef, RowRole, RuleSeverity, TableDef,
};

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
    check_meta(report, &mut out);
    check_sections(report, &mut out);
    out.extend(crate::aggregate::placeholder::find(report));
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
        for block in &table.blocks {
            if report.tables.contains_key(&table.id) {
                check_missing_rows(table, block, values, &mut out);
            }
            check_kinds(table, block, values, &mut out);
            check_printed_totals(table, block, values, grid, &mut out);
            check_equations(table, block, values, grid, &mut out);
        }
    }
    check_narrative(report, grids, &mut out);
    out
}

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

fn make(error: bool, rule: Rule, loc: Option<Loc>, msg: String) -> Diagnostic {
    if error {
        Diagnostic::error(rule, loc, msg)
    } else {
        Diagnostic::warning(rule, loc, msg)
    }
}

fn check_meta(report: &Report, out: &mut Vec<Diagnostic>) {
    let meta = &report.meta;
    if meta.organ.trim().is_empty() {
        out.push(Diagnostic::error(
            Rule::Organ,
            report.loc(k::ORGAN),
            "机关全称不能为空",
        ));
    }
    if meta.year != 0
        && let Some(expected) = template::for_year(meta.year)
        && expected.id != meta.template
    {
        out.push(Diagnostic::warning(
            Rule::TemplateYear,
            report.loc(k::TEMPLATE),
            format!(
                "{} 年度的报告应使用 {} 模板（{}），这里是 {}",
                meta.year, expected.id, expected.name, meta.template
            ),
        ));
    }
    match meta.date {
        None => out.push(Diagnostic::warning(
            Rule::Date,
            report.loc(k::DATE),
            "没有填写成文日期（日期:），落款将不显示日期",
        )),
        Some(d) if meta.year != 0 && d.year <= meta.year => out.push(Diagnostic::warning(
            Rule::Date,
            report.loc(k::DATE),
            format!(
                "成文日期 {d} 早于 {} 年度结束，年度报告应在次年编制",
                meta.year
            ),
        )),
        Some(d) if meta.year != 0 && (d.year > meta.year + 1 || d.month > 3) => {
            out.push(Diagnostic::warning(
                Rule::Date,
                report.loc(k::DATE),
                format!(
                    "成文日期 {d} 晚于法定期限（条例第四十九条：部门 {}年1月31日前，政府 {}年3月31日前）",
                    meta.year + 1,
                    meta.year + 1
                ),
            ))
        }
        Some(_) => {}
    }
}

fn check_sections(report: &Report, out: &mut Vec<Diagnostic>) {
    let template = report.template();
    for (def, section) in template.sections.iter().zip(&report.sections) {
        if section.blocks.is_empty() && def.table.is_none() {
            out.push(Diagnostic::warning(
                Rule::EmptySection,
                report.loc(k::BODY),
                format!("「{}」没有内容", def.title),
            ));
        }
    }
}

fn cell_loc(values: &TableValues, row: &str, col: &str) -> Option<Loc> {
    values
        .get(row, col)
        .and_then(|c| c.loc)
        .or_else(|| values.row_locs.get(row).copied())
        .or(values.loc)
}

/// A short printed name of a row for messages: its label when short, else its key.
fn short_name(block: &BlockDef, key: &str) -> String {
    match block.row(key) {
        Some(r) if r.label.chars().count() <= 8 => r.label.clone(),
        _ => key.to_owned(),
    }
}

fn check_missing_rows(
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

fn check_kinds(
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

fn check_printed_totals(
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

fn check_equations(
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

/// Figures quoted in the narrative that contradict the tables (warnings).
fn check_narrative(
    report: &Report,
    grids: &BTreeMap<String, TableGrid>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(t3) = grids.get("表三") else {
        return;
    };
    // A 表三 value could not be read: its totals are not known, so nothing to compare with.
    if report
        .tables
        .get("表三")
        .is_some_and(|t| !t.unreadable.is_empty())
    {
        return;
    }
    let received = t3.get("本年新收", "总计");
    let with_carry = received
        .checked_add(t3.get("上年结转", "总计"))
        .unwrap_or(received);
    for section in &report.sections {
        for (i, block) in section.blocks.iter().enumerate() {
            let texts: Vec<&str> = match block {
                Block::Paragraph(p) => vec![p],
                Block::Heading { text, body, .. } => std::iter::once(text.as_str())
                    .chain(body.as_deref())
                    .collect(),
            };
            for text in texts {
                for n in quoted_application_counts(text) {
                    let n = Amount::int(n);
                    if n != received && n != with_carry {
                        out.push(
                            Diagnostic::warning(
                                Rule::NarrativeFigure,
                                section.locs.get(i).copied(),
                                format!(
                                    "正文说收到政府信息公开申请 {n} 件，但表三「本年新收」总计为 {received}"
                                ),
                            )
                            .values(n, received),
                        );
                    }
                }
            }
        }
    }
}

/// Numbers of applications quoted in a sentence: "收到…申请N件", "收到N条…申请", "受理…申请N件".
pub fn quoted_application_counts(text: &str) -> Vec<i64> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < chars.len() {
        let two: String = chars[i..i + 2].iter().collect();
        if two == "收到" || two == "受理" {
            // Look ahead within the clause for "申请" and a number followed by 件/条/份/个.
            let end = (i + 24).min(chars.len());
            let clause: Vec<char> = chars[i + 2..end]
                .iter()
                .copied()
                .take_while(|c| !matches!(c, '，' | '。' | '；' | ',' | ';'))
                .collect();
            let clause_text: String = clause.iter().collect();
            if clause_text.contains("申请") && !clause_text.contains("复议") {
                let mut j = 0;
                while j < clause.len() {
                    if clause[j].is_ascii_digit() {
                        let start = j;
                        while j < clause.len() && clause[j].is_ascii_digit() {
                            j += 1;
                        }
                        if j < clause.len() && matches!(clause[j], '件' | '条' | '份' | '个') {
                            let digits: String = clause[start..j].iter().collect();
                            if let Ok(n) = digits.parse() {
                                found.push(n);
                            }
                            break;
                        }
                    }
                    j += 1;
                }
            }
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_quoted_counts() {
        assert_eq!(
            quoted_application_counts("2020年度收到2条公开申请政府信息"),
            vec![2]
        );
        assert_eq!(
            quoted_application_counts("共收到政府信息公开申请4件，其中"),
            vec![4]
        );
        assert_eq!(
            quoted_application_counts("收到市长热线126件"),
            Vec::<i64>::new()
        );
    }
}
