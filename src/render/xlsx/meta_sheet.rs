//! The first sheet: who and what the report is, and what `check` found.

use rust_xlsxwriter::{Formula, Worksheet, XlsxError, utility::quote_sheet_name};

use crate::diag::{self, Diagnostic};
use crate::layout::Document;
use crate::model::Report;

use super::sheet::TableSheet;
use super::style::{self, Styles};

/// Name of the first sheet.
pub(crate) const NAME: &str = "报告信息";

const WIDTHS: [f64; 7] = [16.0, 8.0, 14.0, 16.0, 64.0, 12.0, 12.0];
const LAST: u16 = 6;

/// Writes the metadata, the live check status, the findings and the printed-vs-derived list.
pub(crate) fn write(
    ws: &mut Worksheet,
    report: &Report,
    doc: &Document,
    findings: &[Diagnostic],
    tables: &[TableSheet],
    styles: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(NAME)?;
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let full: f64 = WIDTHS[1..].iter().sum();
    let mut row = 0u32;
    ws.merge_range(
        row,
        0,
        row,
        LAST,
        &style::clip(&doc.meta.title),
        &styles.title,
    )?;
    ws.set_row_height(row, rows_for(&doc.meta.title, WIDTHS.iter().sum(), 1.3))?;
    row += 1;
    if doc.meta.draft {
        // Forced build with errors: said at the top, where nobody can miss it.
        ws.merge_range(row, 0, row, LAST, crate::layout::DRAFT_MARK, &styles.alarm)?;
        ws.set_row_height(row, style::MIN_ROW)?;
    }
    row += 1;

    let template = report.template();
    let meta = &report.meta;
    let pairs: Vec<(&str, String)> = vec![
        ("报告标题", doc.meta.title.clone()),
        ("机关全称", meta.organ.clone()),
        ("报告年度", format!("{}年", meta.year)),
        ("表格模板", format!("{}（{}）", template.name, template.id)),
        (
            "成文日期",
            meta.date.map(|d| d.to_string()).unwrap_or_default(),
        ),
        ("署名", meta.signer().to_owned()),
        ("生成工具", format!("nianbao {}", env!("CARGO_PKG_VERSION"))),
    ];
    for (k, v) in &pairs {
        ws.write_string_with_format(row, 0, *k, &styles.cell_head)?;
        ws.merge_range(row, 1, row, LAST, &style::clip(v), &styles.cell)?;
        ws.set_row_height(row, rows_for(v, full, 1.0))?;
        row += 1;
    }
    row += 1;

    // Live status of the check rows: recomputed whenever an input cell changes.
    ws.merge_range(
        row,
        0,
        row,
        LAST,
        "表内勾稽检查（随填写实时计算）",
        &styles.strong,
    )?;
    ws.set_row_height(row, style::MIN_ROW)?;
    row += 1;
    for t in tables {
        for check in &t.checks {
            let label = format!("{} {}", t.id, check.name);
            let ok = "成立".to_owned();
            let bad = format!("不成立：请看「{}」表下方标红的勾稽检查行", t.name);
            let formula = format!(
                "=IF(COUNTIF({}!{},\"<>0\")=0,\"{ok}\",\"{bad}\")",
                quote_sheet_name(&t.name),
                check.range
            );
            let result = if check.failing.is_empty() { &ok } else { &bad };
            ws.write_string_with_format(row, 0, &label, &styles.cell_head)?;
            ws.merge_range(row, 1, row, LAST, "", &styles.cell)?;
            ws.write_formula_with_format(
                row,
                1,
                Formula::new(formula).set_result(result),
                &styles.cell,
            )?;
            ws.set_row_height(row, rows_for(&label, WIDTHS[0], 1.0))?;
            row += 1;
        }
    }
    row += 1;

    // Findings of `check`, as they were when the workbook was built.
    let (errors, warnings) = diag::count(findings);
    let summary = if findings.is_empty() {
        "检查结果：未发现问题".to_owned()
    } else {
        format!("检查结果（生成时）：错误 {errors} 条，警告 {warnings} 条")
    };
    let format = if errors > 0 {
        &styles.error_text
    } else {
        &styles.strong
    };
    ws.merge_range(row, 0, row, LAST, &summary, format)?;
    ws.set_row_height(row, style::MIN_ROW)?;
    row += 1;
    if !findings.is_empty() {
        let head = [
            "序号",
            "级别",
            "规则",
            "源文件位置",
            "说明",
            "原文数值",
            "应为",
        ];
        for (c, h) in head.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, *h, &styles.cell_head)?;
        }
        ws.set_row_height(row, style::MIN_ROW)?;
        row += 1;
        for (i, d) in findings.iter().enumerate() {
            let place = location(d);
            let texts = [
                (i + 1).to_string(),
                d.severity.label().to_owned(),
                d.rule.name().to_owned(),
                place,
                d.message.clone(),
                d.found.clone().unwrap_or_default(),
                d.expected.clone().unwrap_or_default(),
            ];
            let mut height = style::MIN_ROW;
            for (c, t) in texts.iter().enumerate() {
                ws.write_string_with_format(row, c as u16, style::clip(t), &styles.cell)?;
                height = height.max(rows_for(t, WIDTHS[c], 1.0));
            }
            ws.set_row_height(row, height)?;
            row += 1;
        }
    }
    row += 1;

    // Printed derived values that differ from what the formulas compute.
    let mismatches: Vec<(&TableSheet, &super::sheet::Mismatch)> = tables
        .iter()
        .flat_map(|t| t.mismatches.iter().map(move |m| (t, m)))
        .collect();
    if !mismatches.is_empty() {
        ws.merge_range(
            row,
            0,
            row,
            LAST,
            "原文印出的合计与公式计算结果不同的单元格（表中显示公式计算结果）",
            &styles.strong,
        )?;
        ws.set_row_height(row, style::MIN_ROW)?;
        row += 1;
        let head = ["表格", "单元格", "行", "列", "", "原文印出", "公式计算"];
        for (c, h) in head.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, *h, &styles.cell_head)?;
        }
        ws.merge_range(row, 3, row, 4, "列", &styles.cell_head)?;
        row += 1;
        for (t, m) in mismatches {
            let printed = m
                .printed
                .map(|v| v.to_string())
                .unwrap_or_else(|| "空".to_owned());
            ws.write_string_with_format(row, 0, &t.name, &styles.cell)?;
            ws.write_string_with_format(row, 1, &m.cell, &styles.cell)?;
            ws.write_string_with_format(row, 2, &m.row, &styles.cell)?;
            ws.merge_range(row, 3, row, 4, &m.col, &styles.cell)?;
            ws.write_string_with_format(row, 5, &printed, &styles.cell)?;
            ws.write_number_with_format(row, 6, m.derived.to_f64(), &styles.cell)?;
            let h = rows_for(&t.name, WIDTHS[0], 1.0).max(rows_for(&m.row, WIDTHS[2], 1.0));
            ws.set_row_height(row, h)?;
            row += 1;
        }
    }

    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_footer("&C— &P —");
    ws.set_screen_gridlines(false);
    ws.set_active(true);
    Ok(())
}

/// `file:line:column`, as much of it as is known.
fn location(d: &Diagnostic) -> String {
    let mut out = String::new();
    if let Some(f) = &d.file {
        out.push_str(&f.display().to_string());
    }
    if let Some(loc) = d.loc {
        if !out.is_empty() {
            out.push(':');
        }
        out.push_str(&format!("第{}行第{}列", loc.line, loc.column));
    }
    out
}

/// Row height for `text` wrapped in `width` units.
fn rows_for(text: &str, width: f64, scale: f64) -> f64 {
    let lines = style::lines_in(text, width) as f64;
    (lines * style::LINE * scale + 6.0).max(style::MIN_ROW)
}
