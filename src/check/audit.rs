//! The audit workbook of `check DIR --report audit.xlsx`: one row per report with its counts per
//! rule, and one sheet listing every finding.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use crate::diag::{Diagnostic, Rule, count};

/// One checked report, as the audit workbook lists it.
pub struct AuditEntry<'a> {
    /// The source file.
    pub file: &'a Path,
    /// 机关, when the report could be read.
    pub organ: Option<&'a str>,
    /// 年度, when the report could be read.
    pub year: Option<i32>,
    /// Findings (already selected by `--only`/`--skip`).
    pub findings: &'a [Diagnostic],
    /// Could the file not be read at all?
    pub fatal: bool,
}

/// The workbook bytes: sheet 「报告」 (one row per report, a column per rule that occurs) and
/// sheet 「问题清单」 (every finding with its place, cell and values), sheet 「规则」 (the codes).
pub fn workbook(entries: &[AuditEntry]) -> Result<Vec<u8>, String> {
    let err = |e: rust_xlsxwriter::XlsxError| format!("无法生成审核工作簿：{e}");
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let rules: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|r| {
            entries
                .iter()
                .any(|e| e.findings.iter().any(|d| d.rule == *r))
        })
        .collect();
    let sheet = wb.add_worksheet().set_name("报告").map_err(err)?;
    let head = ["文件", "机关", "年度", "结论", "错误", "警告"];
    for (c, h) in head.iter().enumerate() {
        sheet
            .write_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
    }
    for (i, r) in rules.iter().enumerate() {
        let col = (head.len() + i) as u16;
        sheet
            .write_with_format(0, col, r.code(), &bold)
            .map_err(err)?;
    }
    for (n, e) in entries.iter().enumerate() {
        let row = (n + 1) as u32;
        let (errors, warnings) = count(e.findings);
        sheet
            .write(row, 0, e.file.display().to_string())
            .map_err(err)?;
        sheet.write(row, 1, e.organ.unwrap_or("")).map_err(err)?;
        if let Some(y) = e.year {
            sheet.write(row, 2, y).map_err(err)?;
        }
        let verdict = if e.fatal {
            "无法检查"
        } else if errors > 0 {
            "有错误"
        } else {
            "通过"
        };
        sheet.write(row, 3, verdict).map_err(err)?;
        sheet.write(row, 4, errors as u32).map_err(err)?;
        sheet.write(row, 5, warnings as u32).map_err(err)?;
        for (i, r) in rules.iter().enumerate() {
            let k = e.findings.iter().filter(|d| d.rule == *r).count();
            sheet
                .write(row, (head.len() + i) as u16, k as u32)
                .map_err(err)?;
        }
    }
    sheet.set_freeze_panes(1, 1).map_err(err)?;
    sheet.set_column_width(0, 40).map_err(err)?;
    sheet.set_column_width(1, 30).map_err(err)?;

    let list = wb.add_worksheet().set_name("问题清单").map_err(err)?;
    let head = [
        "文件", "行", "列", "级别", "代码", "规则", "表", "表行", "表列", "说明", "发现", "应为",
    ];
    for (c, h) in head.iter().enumerate() {
        list.write_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
    }
    let mut row = 1u32;
    for e in entries {
        for d in e.findings {
            list.write(row, 0, e.file.display().to_string())
                .map_err(err)?;
            if let Some(loc) = d.loc {
                list.write(row, 1, loc.line).map_err(err)?;
                if loc.column > 0 {
                    list.write(row, 2, loc.column).map_err(err)?;
                }
            }
            let texts = [
                d.severity.label(),
                d.rule.code(),
                d.rule.name(),
                d.table.as_deref().unwrap_or(""),
                d.row.as_deref().unwrap_or(""),
                d.column.as_deref().unwrap_or(""),
                &d.message,
                d.found.as_deref().unwrap_or(""),
                d.expected.as_deref().unwrap_or(""),
            ];
            for (c, t) in texts.iter().enumerate() {
                list.write(row, (3 + c) as u16, *t).map_err(err)?;
            }
            row += 1;
        }
    }
    list.set_freeze_panes(1, 0).map_err(err)?;
    list.set_column_width(0, 40).map_err(err)?;
    list.set_column_width(9, 80).map_err(err)?;
    let legend = wb.add_worksheet().set_name("规则").map_err(err)?;
    for (c, h) in ["代码", "名称", "默认级别", "含义"].iter().enumerate() {
        legend
            .write_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
    }
    for (i, r) in Rule::ALL.iter().enumerate() {
        let row = (i + 1) as u32;
        legend.write(row, 0, r.code()).map_err(err)?;
        legend.write(row, 1, r.name()).map_err(err)?;
        legend.write(row, 2, r.severity().label()).map_err(err)?;
        legend.write(row, 3, r.meaning()).map_err(err)?;
    }
    legend.set_column_width(3, 80).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}
