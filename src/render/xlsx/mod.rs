//! XLSX writer: one workbook per report — a first sheet with the report's metadata and
//! findings, then one sheet per official table (表二, 表三, 表四).
//!
//! Table sheets reproduce the layout layer's grid (labels, merges) with numbers as numbers.
//! Derived cells are formulas whose computed value is cached in the file; the 勾稽 rule is a
//! live check row under its table. Input cells are unlocked and validated; everything else is
//! locked by sheet protection without a password. Output is deterministic: the creation time
//! comes from the document metadata and nothing else varies between runs.

mod formulas;
mod meta_sheet;
mod protect;
mod sheet;
mod style;

use std::fmt;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

use crate::diag::Diagnostic;
use crate::layout::{Document, Item};
use crate::model::Report;

/// Why a workbook could not be produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XlsxError {
    /// A derived value is too large to compute (table, row, column).
    Overflow {
        /// Table id.
        table: String,
        /// Row key.
        row: String,
        /// Column key.
        column: String,
    },
    /// The spreadsheet library refused something (message from the library).
    Writer(String),
}

impl fmt::Display for XlsxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XlsxError::Overflow { table, row, column } => write!(
                f,
                "无法生成 XLSX：{table}「{row}」行「{column}」列的合计超出可计算范围"
            ),
            XlsxError::Writer(m) => write!(f, "无法生成 XLSX：{m}"),
        }
    }
}

impl std::error::Error for XlsxError {}

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        XlsxError::Writer(e.to_string())
    }
}

/// Renders the workbook: metadata and `findings` first, then one sheet per table of `doc`.
///
/// The creation time recorded in the file is `doc.meta.created_unix` (the caller sets it from
/// `SOURCE_DATE_EPOCH` when wanted); the same inputs give the same bytes. Write the result with
/// [`crate::output::write_atomic`].
pub fn render(
    report: &Report,
    doc: &Document,
    findings: &[Diagnostic],
) -> Result<Vec<u8>, XlsxError> {
    if let Some(o) = &doc.overflow {
        return Err(XlsxError::Overflow {
            table: o.table.clone(),
            row: o.row.clone(),
            column: o.column.clone(),
        });
    }
    let grids = &doc.grids;
    let template = report.template();
    let styles = style::Styles::new();
    let mut workbook = Workbook::new();

    let created = ExcelDateTime::from_timestamp(doc.meta.created_unix)
        .or_else(|_| ExcelDateTime::from_timestamp(0))?;
    let properties = DocProperties::new()
        .set_title(&doc.meta.title)
        .set_author(&doc.meta.author)
        .set_company(&doc.meta.author)
        .set_subject("政府信息公开工作年度报告")
        .set_comment(format!("由 nianbao {} 生成", env!("CARGO_PKG_VERSION")))
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);

    // The first sheet is written last (it lists what the table sheets found), but added first.
    let meta_index = 0;
    workbook.add_worksheet();
    let mut written = Vec::new();
    for item in &doc.items {
        let Item::Table(table) = item else { continue };
        let Some(def) = template.table(&table.id) else {
            continue;
        };
        let grid = grids.get(&table.id).cloned().unwrap_or_default();
        let heading = template
            .sections
            .iter()
            .find(|s| s.table.as_deref() == Some(table.id.as_str()))
            .map(|s| s.title.clone())
            .unwrap_or_else(|| def.title.clone());
        let ws = workbook.add_worksheet();
        let info = sheet::write_table(ws, table, def, &grid, &heading, &styles)?;
        written.push(info);
    }
    let ws = workbook.worksheet_from_index(meta_index)?;
    meta_sheet::write(ws, report, doc, findings, &written, &styles)?;

    Ok(workbook.save_to_buffer()?)
}

/// The XLSX writer in the registry ([`crate::render::WRITERS`]).
pub struct XlsxWriter;

impl crate::render::Writer for XlsxWriter {
    fn format(&self) -> crate::render::Format {
        crate::render::Format::Xlsx
    }
    fn extension(&self) -> &'static str {
        "xlsx"
    }
    fn names(&self) -> &'static [&'static str] {
        &["xlsx", "excel"]
    }
    fn purpose(&self) -> &'static str {
        "统计表工作簿"
    }
    fn render(
        &self,
        input: &crate::render::RenderInput<'_>,
    ) -> Result<crate::render::Rendered, String> {
        Ok(crate::render::Rendered {
            bytes: render(input.report, input.doc, input.findings).map_err(|e| e.to_string())?,
            notes: Vec::new(),
        })
    }
}
