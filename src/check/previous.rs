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
    if !same_organ(&report.meta.organ, &last.meta.organ) {
        out.push(Diagnostic::new(
            Rule::PreviousReport,
            report.loc(k::ORGAN),
            format!(
                "对比的上年报告是「{}」的，本报告是「{}」的，不是同一机关：不做跨年度衔接和照搬上年的检查；请用本机关上一年度的报告作 --previous",
                last.meta.organ, report.meta.organ
            ),
        ));
        return out;
    }
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
    check_repetition(report, last, &mut out);
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

/// Sentences of the narrative with digits and spaces removed (figures change every year, the
/// wording is what a copy keeps); short ones (headings, 「无。」) are left out.
fn normalised_sentences(report: &Report) -> Vec<String> {
    let mut texts: Vec<String> = report.preamble.clone();
    for section in &report.sections {
        texts.extend(section.blocks.iter().map(super::meta::block_text));
    }
    texts
        .iter()
        .flat_map(|t| t.split(['。', '；', ';', '！', '？', '\n']))
        .map(|s| {
            s.chars()
                .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
                .collect::<String>()
        })
        .filter(|s| s.chars().count() >= 8)
        .collect()
}

/// Character-bigram Dice similarity of two sentences (1.0 = same wording).
fn similarity(a: &[(char, char)], b: &[(char, char)]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut b_left: Vec<(char, char)> = b.to_vec();
    let mut common = 0usize;
    for g in a {
        if let Some(p) = b_left.iter().position(|x| x == g) {
            b_left.swap_remove(p);
            common += 1;
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

fn bigrams(s: &str) -> Vec<(char, char)> {
    let c: Vec<char> = s.chars().collect();
    c.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Share (0–1) of this year's narrative, by characters, whose sentences repeat last year's
/// (same wording apart from figures, or ≥ 80 % similar).
pub fn repeated_share(report: &Report, last: &Report) -> f64 {
    let this = normalised_sentences(report);
    let then: Vec<Vec<(char, char)>> = normalised_sentences(last)
        .iter()
        .map(|s| bigrams(s))
        .collect();
    let total: usize = this.iter().map(|s| s.chars().count()).sum();
    if total == 0 {
        return 0.0;
    }
    let repeated: usize = this
        .iter()
        .filter(|s| {
            let g = bigrams(s);
            // Dice ≥ 0.8 needs lengths within a factor of 1.5 of each other.
            then.iter().any(|t| {
                3 * t.len() >= 2 * g.len() && 3 * g.len() >= 2 * t.len() && similarity(&g, t) >= 0.8
            })
        })
        .map(|s| s.chars().count())
        .sum();
    repeated as f64 / total as f64
}

/// Warns when more than half of the narrative repeats last year's report.
pub(super) fn check_repetition(report: &Report, last: &Report, out: &mut Vec<Diagnostic>) {
    let share = repeated_share(report, last);
    if share > 0.5 {
        let pct = (share * 100.0).round();
        out.push(
            Diagnostic::new(
                Rule::RepeatedText,
                report.loc(k::BODY),
                format!(
                    "正文约 {pct}% 的文字与上年报告相同（数字除外），评估时会被视为照搬上年；请按本年度实际情况撰写"
                ),
            )
            .values(format!("{pct}%"), "≤ 50%"),
        );
    }
}

/// Organ names compared leniently: spaces and full-width forms ignored, and a region prefix
/// (「平潭综合实验区」财政金融局) optional when the rest is the same. An empty name matches.
pub fn same_organ(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !crate::source::clean::is_invisible(*c))
            .map(|c| match c {
                '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
                c => c,
            })
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    if a.is_empty() || b.is_empty() || a == b {
        return true;
    }
    let (long, short) = if a.len() >= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    short.chars().count() >= 3
        && long.ends_with(short.as_str())
        && long[..long.len() - short.len()].ends_with(['区', '县', '市', '省', '州', '旗'])
}
