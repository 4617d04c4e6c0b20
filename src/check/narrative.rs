//! Figures stated in the narrative against the tables.

use std::collections::BTreeMap;

use crate::amount::Amount;
use crate::derive::TableGrid;
use crate::diag::{Diagnostic, Rule};
use crate::model::{Block, Report};

/// Figures quoted in the narrative that contradict the tables (warnings).
pub(super) fn check_narrative(
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
