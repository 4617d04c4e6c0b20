//! Metadata rules: organ, template against year, date, empty sections.

use crate::diag::{Diagnostic, Rule};
use crate::model::{Block, Report};
use crate::source::keys as k;
use crate::template;

pub(super) fn check_meta(report: &Report, out: &mut Vec<Diagnostic>) {
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
        Some(d) if meta.year != 0 => {
            let (kind, month, day) = deadline(&meta.organ);
            let last = crate::model::Date {
                year: meta.year + 1,
                month,
                day,
            };
            if d > last {
                out.push(
                    Diagnostic::new(
                        Rule::Deadline,
                        report.loc(k::DATE),
                        format!(
                            "成文日期 {d} 晚于条例第四十九条的期限：{kind}的年度报告应在 {last} 前公布"
                        ),
                    )
                    .values(d, last),
                );
            }
        }
        Some(_) => {}
    }
}

pub(super) fn check_sections(report: &Report, out: &mut Vec<Diagnostic>) {
    let template = report.template();
    for (def, section) in template.sections.iter().zip(&report.sections) {
        if section.blocks.is_empty() && def.table.is_none() {
            out.push(Diagnostic::new(
                Rule::EmptySection,
                report
                    .loc(&crate::model::section_loc_key(&def.key))
                    .or_else(|| report.loc(k::BODY)),
                format!(
                    "「{}」没有内容：公开的报告必须有全部六个部分；没有可写的情况时，请在这一部分下写一段「- 无。」",
                    def.title
                ),
            ));
        }
    }
}

/// The deadline of 条例第四十九条 for an organ: (kind, month, day). 人民政府 and 管委会 publish by
/// 31 March; their departments by 31 January. Townships follow local notices: the March date,
/// and only a warning like every finding of this rule.
fn deadline(organ: &str) -> (&'static str, u32, u32) {
    let government = ["人民政府", "管委会", "管理委员会", "街道办事处"]
        .iter()
        .any(|g| organ.ends_with(g));
    if government {
        ("人民政府（管委会）", 3, 31)
    } else {
        ("政府部门", 1, 31)
    }
}

/// Section 六 of the 2021 template reports the 信息处理费; section 五 is more than one short line.
pub(super) fn check_required(report: &Report, out: &mut Vec<Diagnostic>) {
    let template = report.template();
    for (def, section) in template.sections.iter().zip(&report.sections) {
        let text: String = section.blocks.iter().map(block_text).collect();
        let loc = section.locs.first().copied().or(report.loc(k::BODY));
        if def.title.starts_with("六") && template.id >= 2021 && !text.contains("处理费") {
            out.push(Diagnostic::new(
                Rule::FeeStatement,
                loc,
                format!(
                    "「{}」应说明本年度按《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费的情况（发出收费通知的件数、总金额、实际收取的总金额），或写明未收取",
                    def.title
                ),
            ));
        }
        if def.title.starts_with("五") && !section.blocks.is_empty() && text.chars().count() < 50 {
            out.push(Diagnostic::new(
                Rule::ShortSection,
                loc,
                format!(
                    "「{}」只有一句话（{} 字），应写明存在的主要问题和相应的改进措施",
                    def.title,
                    text.chars().count()
                ),
            ));
        }
    }
}

/// The text of a narrative block (heading and run-on body).
pub(super) fn block_text(block: &Block) -> String {
    match block {
        Block::Paragraph(p) => p.clone(),
        Block::Heading { text, body, .. } => format!("{text}{}", body.as_deref().unwrap_or("")),
    }
}
