//! Metadata rules: organ, template against year, date, empty sections.

use crate::diag::{Diagnostic, Rule};
use crate::model::Report;
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

pub(super) fn check_sections(report: &Report, out: &mut Vec<Diagnostic>) {
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
