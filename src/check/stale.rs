//! Text left from another year or another organ: the statistical period, sentences about the
//! year, report titles and contact lines that do not match 年度 and 机关.

use crate::diag::{Diagnostic, Loc, Rule};
use crate::model::Report;
use crate::source::keys as k;

use super::meta::block_text;

/// Words that make a sentence a comparison with another year (legitimate).
const COMPARISON: &[&str] = &[
    "上年", "去年", "同比", "较", "相比", "以来", "至今", "截至", "截止", "历年", "连续", "比",
];

/// Every narrative text with where it is: preamble, contact, section blocks.
fn texts(report: &Report) -> Vec<(String, Option<Loc>)> {
    let mut all: Vec<(String, Option<Loc>)> = report
        .preamble
        .iter()
        .map(|p| (p.clone(), report.loc(k::PREAMBLE)))
        .collect();
    if let Some(c) = &report.meta.contact {
        all.push((c.clone(), report.loc(k::CONTACT)));
    }
    for section in &report.sections {
        for (i, block) in section.blocks.iter().enumerate() {
            all.push((block_text(block), section.locs.get(i).copied()));
        }
    }
    all
}

/// Years written as `2023年` in a text: (char index, year).
fn years(chars: &[char]) -> Vec<(usize, i32)> {
    (0..chars.len().saturating_sub(4))
        .filter(|&i| {
            chars[i + 4] == '年'
                && chars[i..i + 4].iter().all(char::is_ascii_digit)
                && (i == 0 || !chars[i - 1].is_ascii_digit())
        })
        .filter_map(|i| {
            let y: i32 = chars[i..i + 4].iter().collect::<String>().parse().ok()?;
            Some((i, y))
        })
        .collect()
}

/// Reports stale years and names of other organs.
pub(super) fn check_stale(report: &Report, out: &mut Vec<Diagnostic>) {
    let year = report.meta.year;
    if year == 0 {
        return;
    }
    for (text, loc) in texts(report) {
        for sentence in text.split(['。', '；', ';', '！', '？', '\n']) {
            // Every rule below needs a year (`2023年`) in the sentence.
            if !sentence.contains('年') {
                continue;
            }
            let chars: Vec<char> = sentence.trim().chars().collect();
            let s: String = chars.iter().collect();
            let ys = years(&chars);
            let push = |out: &mut Vec<Diagnostic>, what: &str, found: i32| {
                out.push(
                    Diagnostic::new(
                        Rule::StaleYear,
                        loc,
                        format!(
                            "{what}「{}」写的是 {found} 年，本报告是 {year} 年度",
                            excerpt(&s)
                        ),
                    )
                    .values(found, year),
                );
            };
            // 统计期限为2023年1月1日至2023年12月31日.
            if (s.contains("统计期") || s.contains("统计时限") || s.contains("统计区间"))
                && let Some((_, y)) = ys.iter().find(|(_, y)| *y != year)
            {
                push(out, "统计期限", *y);
                continue;
            }
            // 《某局2023年政府信息公开工作年度报告》.
            if let Some((_, y)) = ys.iter().find(|(i, y)| {
                *y != year && {
                    let rest: String = chars[i + 5..].iter().take(14).collect();
                    rest.starts_with("政府信息公开工作年度报告")
                        || rest.starts_with("度政府信息公开工作年度报告")
                }
            }) {
                push(out, "报告标题", *y);
                continue;
            }
            // "2023年，我局全年…": a sentence about the year that names an earlier one.
            if let Some((0, y)) = ys.first()
                && *y < year
                && *y >= year - 3
                && (s.contains("全年") || s.contains("本年"))
                && !COMPARISON.iter().any(|w| s.contains(w))
            {
                push(out, "正文", *y);
            }
        }
        check_organ_names(report, &text, loc, out);
    }
}

fn excerpt(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 40 {
        s.to_owned()
    } else {
        chars[..38].iter().collect::<String>() + "…"
    }
}

/// Suffixes naming the kind of an organ, longest first.
const KINDS: &[&str] = &[
    "街道办事处",
    "人民政府",
    "管委会",
    "委员会",
    "办公室",
    "街道",
    "局",
    "乡",
    "镇",
    "委",
    "办",
];

/// The name written before a report title or in the contact line ("请与某局联系").
fn named_organs(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (open, close) in [("请与", "联系"), ("请联系", "")] {
        let mut rest = text;
        while let Some(p) = rest.find(open) {
            let after = &rest[p + open.len()..];
            let end = if close.is_empty() {
                after
                    .find(['（', '(', '，', '。', '：', ':'])
                    .unwrap_or(after.len())
            } else {
                after.find(close).unwrap_or(0)
            };
            let name = &after[..end];
            if !name.is_empty() && name.chars().count() <= 30 {
                names.push(name.to_owned());
            }
            rest = after;
        }
    }
    let chars: Vec<char> = text.chars().collect();
    for (i, _) in years(&chars) {
        let rest: String = chars[i + 5..].iter().take(14).collect();
        if rest.starts_with("政府信息公开工作年度报告")
            || rest.starts_with("度政府信息公开工作年度报告")
        {
            let start = chars[..i]
                .iter()
                .rposition(|c| matches!(c, '《' | '，' | '。' | '“' | '、' | '（'))
                .map_or(0, |p| p + 1);
            let name: String = chars[start..i].iter().collect();
            if name.chars().count() >= 2 {
                names.push(name);
            }
        }
    }
    names
}

/// Does `name` refer to `organ` (same organ, maybe abbreviated or with an office inside it)?
fn same_organ(name: &str, organ: &str) -> bool {
    if name.contains(organ) || organ.contains(name) {
        return true;
    }
    // Compare the kind and the two characters before it: 教育局 vs 卫健局.
    let Some(kind) = KINDS.iter().find(|k| organ.ends_with(**k)) else {
        return true;
    };
    let trimmed = ["办公室", "政务公开办公室", "政务公开办"]
        .iter()
        .find_map(|o| name.strip_suffix(o).filter(|n| !n.is_empty()))
        .unwrap_or(name);
    let Some(stem) = trimmed.strip_suffix(kind) else {
        return true; // another kind of body: a superior or a partner, not a copy slip
    };
    let core: String = stem
        .chars()
        .rev()
        .take(2)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    core.chars().count() < 2 || organ.contains(&core)
}

fn check_organ_names(report: &Report, text: &str, loc: Option<Loc>, out: &mut Vec<Diagnostic>) {
    let organ = report.meta.organ.trim();
    if organ.is_empty() {
        return;
    }
    for name in named_organs(text) {
        if !same_organ(&name, organ) {
            out.push(
                Diagnostic::new(
                    Rule::OtherOrgan,
                    loc,
                    format!(
                        "正文写的是「{name}」，本报告的机关是「{organ}」，是否从别的报告复制而来？"
                    ),
                )
                .values(&name, organ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organs_of_the_same_kind() {
        assert!(same_organ("县教育局", "示例县教育局"));
        assert!(same_organ("示例县教育局办公室", "示例县教育局"));
        assert!(!same_organ("示例县卫健局", "示例县教育局"));
        assert!(same_organ(
            "区执法应急局",
            "平潭综合实验区综合执法与应急管理局"
        ));
        assert!(same_organ("示例县人民政府", "示例县教育局"));
    }

    #[test]
    fn contact_and_title_names() {
        assert_eq!(
            named_organs("如有疑问，请与示例县卫健局联系（电话：1）"),
            vec!["示例县卫健局"]
        );
        assert_eq!(
            named_organs("特向社会公布《某县财政局2023年政府信息公开工作年度报告》"),
            vec!["某县财政局"]
        );
    }
}
