//! Importing legacy reports: portal text, HTML, DOCX, XLSX and text PDFs into a [`Report`].
//!
//! Every reader turns its input into a neutral [`doc::Doc`] (paragraph lines and table rows of
//! cell strings; cells covered by row/column spans are simply absent). `tables` finds the
//! template's row labels in it (tolerant match: ASCII/full-width punctuation, spaces,
//! typos, bracket-less and shortened variants, Traditional characters) and reads the printed
//! values after each label; digit runs of flattened text (`规范性文件1077`) are split by the
//! column count and the table's own arithmetic (row totals, （七）总计 = its parts, 勾稽),
//! and every split with more than one reading is reported. `outline` finds title (organ,
//! year), the six sections, the signature and date, and drops page chrome; `narrative` then
//! reads the preamble, contact sentence and each section's （一）/1./（1） sub-headings.
//!
//! Printed values are kept as printed: printed totals stay (for `check` to compare), empty
//! cells stay empty (`None`), and a row whose digits cannot be split with confidence is left
//! out rather than guessed. Nothing is printed here: what was inferred is returned as
//! [`Note`]s ([`Diagnostic`]s of import rules) for the caller to show.
//!
//! ```no_run
//! use nianbao::import::{ImportOptions, import_bytes};
//! let bytes = std::fs::read("report.html").unwrap();
//! match import_bytes(&bytes, Some("report.html"), &ImportOptions::default()) {
//!     Ok(imported) => {
//!         for note in &imported.notes {
//!             eprintln!("{note}");
//!         }
//!         let _findings = nianbao::check::check(&imported.report);
//!     }
//!     Err(e) => eprintln!("{e} (exit {})", e.exit_code()),
//! }
//! ```

mod archive;
pub(crate) mod doc;
mod docx;
mod html;
pub mod last_year;
mod narrative;
mod outline;
pub mod pdf;
mod sniff;
mod tables;
mod text;
mod xlsx;

use std::fmt;

use crate::diag::{Diagnostic, Rule};

use crate::model::Report;
use crate::template::{self, Template};

pub use sniff::{Format, sniff};

/// Largest input accepted (bytes).
pub const MAX_INPUT_BYTES: usize = 20 * 1024 * 1024;

/// Most characters of text (after markup is removed) a report may have.
pub const MAX_TEXT_CHARS: usize = 4_000_000;

/// How to import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Return what was found even when tables or sections are missing.
    pub partial: bool,
}

/// What the importer inferred or could not read: a [`Diagnostic`] of an import rule
/// ([`Rule::ImportNote`], [`Rule::ImportAmbiguous`]), with the input line when known.
pub type Note = Diagnostic;

/// An informational import note (template guessed, chrome dropped).
pub(crate) fn info(message: impl Into<String>) -> Diagnostic {
    Diagnostic::note(Rule::ImportNote, message)
}

/// An import note the user should check (missing row, unread value).
pub(crate) fn warning(message: impl Into<String>) -> Diagnostic {
    Diagnostic::warning(Rule::ImportNote, None, message)
}

/// The result of an import: the report and what was inferred on the way.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The report as printed (printed totals kept, empty cells kept empty).
    pub report: Report,
    /// What was inferred, in reading order.
    pub notes: Vec<Note>,
    /// The input format that was read.
    pub format: Format,
    /// Parts not found (section titles, table ids); empty for a complete report. Only a
    /// `partial` import returns a report with parts missing.
    pub missing: Vec<String>,
}

/// Why an input could not be imported.
#[derive(Debug, Clone)]
pub enum ImportError {
    /// The input is not a report: says what was and was not found.
    Unrecognized(String),
    /// The text encoding is not supported.
    Encoding(String),
    /// The input is larger than [`MAX_INPUT_BYTES`] (or an archive entry is too large).
    TooLarge(String),
    /// A broken or hostile ZIP container (DOCX/XLSX).
    BadArchive(String),
    /// A broken or hostile PDF.
    BadPdf(String),
    /// A recognisable but incomplete report (without `partial`); the partial result is kept.
    Incomplete {
        /// What was found.
        found: Vec<String>,
        /// What is missing.
        missing: Vec<String>,
        /// The partial import.
        partial: Box<Imported>,
    },
}

/// Chinese one-paragraph message.
impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Unrecognized(m) => write!(f, "无法识别为政府信息公开工作年度报告：{m}"),
            ImportError::Encoding(m) => write!(f, "文字编码无法识别：{m}"),
            ImportError::TooLarge(m) => write!(f, "输入过大：{m}"),
            ImportError::BadArchive(m) => write!(f, "压缩包（DOCX/XLSX）损坏或不安全：{m}"),
            ImportError::BadPdf(m) => write!(f, "PDF 文件损坏或不安全：{m}"),
            ImportError::Incomplete { found, missing, .. } => write!(
                f,
                "报告不完整：找到{}；缺少{}（如需导入已找到的部分，请使用 --partial）",
                if found.is_empty() {
                    "（无）".to_owned()
                } else {
                    found.join("、")
                },
                missing.join("、")
            ),
        }
    }
}

impl std::error::Error for ImportError {}

impl ImportError {
    /// Exit code the CLI should use: 1 for an incomplete report, 2 for unusable input.
    pub fn exit_code(&self) -> i32 {
        match self {
            ImportError::Incomplete { .. } => 1,
            _ => 2,
        }
    }
}

/// Imports a legacy report from bytes; `file_name` helps to guess the format.
pub fn import_bytes(
    bytes: &[u8],
    file_name: Option<&str>,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    import_bytes_with(bytes, file_name, opts, None)
}

/// Like [`import_bytes`], with last year's report of the same organ (if known) to rank the
/// readings of digit runs (上年现行有效 + 本年制发 − 本年废止 = 现行有效).
pub fn import_bytes_with(
    bytes: &[u8],
    file_name: Option<&str>,
    opts: &ImportOptions,
    last: Option<&Report>,
) -> Result<Imported, ImportError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge(format!(
            "{} 字节，上限 {} 字节",
            bytes.len(),
            MAX_INPUT_BYTES
        )));
    }
    if sniff::is_nianbao_source(bytes) {
        return Err(ImportError::Unrecognized(
            "这已经是 nianbao 源文件（YAML），不需要导入：直接用 nianbao check 或 nianbao build 处理它".into(),
        ));
    }
    let format = sniff(bytes, file_name)
        .ok_or_else(|| ImportError::Unrecognized(sniff::describe_unknown(bytes)))?;
    let mut notes = Vec::new();
    let doc = match format {
        Format::Text => {
            let s = text::decode(bytes, &mut notes)?;
            text::parse(&s)
        }
        Format::Html => {
            let s = text::decode(bytes, &mut notes)?;
            html::parse(&s)
        }
        Format::Docx => docx::parse(bytes)?,
        Format::Xlsx => xlsx::parse(bytes, &mut notes)?,
        Format::Pdf => pdf::parse(bytes)?,
    };
    import_doc(&doc, format, notes, opts, last)
}

/// Imports a report from text already decoded (portal text or HTML, sniffed).
pub fn import_str(text: &str, opts: &ImportOptions) -> Result<Imported, ImportError> {
    import_bytes(text.as_bytes(), None, opts)
}

fn import_doc(
    doc: &doc::Doc,
    format: Format,
    mut notes: Vec<Note>,
    opts: &ImportOptions,
    last: Option<&Report>,
) -> Result<Imported, ImportError> {
    let templates = template::all().map_err(|e| ImportError::Unrecognized(e.0))?;
    let chars: usize = doc
        .lines
        .iter()
        .map(|l| match l {
            doc::Line::Para(p) => p.chars().count(),
            doc::Line::Row(cells) => cells.iter().map(|c| c.chars().count() + 1).sum(),
            doc::Line::Blank => 1,
        })
        .sum();
    if chars > MAX_TEXT_CHARS {
        return Err(ImportError::TooLarge(format!(
            "正文有 {chars} 个字符，超过上限 {MAX_TEXT_CHARS}（年度报告通常不到 10 万字）"
        )));
    }
    let index = doc::Index::new(doc);
    let (template, why) = guess_template(&index, templates);
    let Some(template) = template else {
        return Err(ImportError::Unrecognized(
            "没有找到任何统计表的行或列标题（如「本年新收政府信息公开申请数量」「行政许可」），也没有找到报告的章节标题".into(),
        ));
    };
    let nar = outline::read(&index, template, &mut notes);
    let mut report = Report::empty(template, &nar.organ, nar.year);
    report.meta.organ = nar.organ.clone();
    let last = match last {
        Some(l) if !crate::check::previous::same_organ(&l.meta.organ, &nar.organ) => {
            notes.push(warning(format!(
                "上年报告是「{}」的，本报告是「{}」的，不是同一机关，没有用它拆分数字",
                l.meta.organ, nar.organ
            )));
            None
        }
        Some(l) if nar.year != 0 && l.meta.year >= nar.year => {
            notes.push(warning(format!(
                "给出的上年报告是 {} 年度，本报告是 {} 年度，没有用它拆分数字",
                l.meta.year, nar.year
            )));
            None
        }
        Some(l) => {
            notes.push(info(format!(
                "连写数字的拆法参考了上年（{} 年度）报告：上年现行有效 + 本年制发 − 本年废止 = 现行有效",
                l.meta.year
            )));
            Some(l)
        }
        None => None,
    };
    let hints = tables::Hints {
        stated: tables::Hints::stated_in(&index.text),
        last,
    };
    let found_tables = tables::read(&index, template, &nar, &mut report, &hints, &mut notes);
    narrative::fill(
        &index,
        template,
        &nar,
        &found_tables,
        &mut report,
        &mut notes,
    );
    if format == Format::Xlsx && xlsx::formulas_uncached(&notes) {
        drop_blank_totals(&mut report);
    }
    if format == Format::Xlsx
        && report.meta.date.is_none()
        && let Some(d) = xlsx::written_date(doc)
    {
        report.meta.date = Some(d);
        notes.push(info("成文日期取自工作簿「报告信息」表"));
    }
    let cleaned = crate::source::clean::clean_report(&mut report);
    if cleaned > 0 {
        notes.push(info(format!(
            "清除了 {cleaned} 处零宽字符、软连字符、不间断空格或汉字间空格（与读取源文件时的清理相同）"
        )));
    }
    if let Some(w) = why {
        notes.insert(0, info(w));
    }
    let mut found = Vec::new();
    let mut missing = Vec::new();
    // Only structure decides completeness: a table counts as found when its labels were
    // located, even if some of its values could not be read (those are in the notes).
    let mut missing_sections = 0;
    for (def, pos) in template.sections.iter().zip(&nar.sections) {
        if pos.is_some() {
            found.push(def.title.clone());
        } else {
            missing.push(def.title.clone());
            missing_sections += 1;
        }
    }
    let mut missing_tables = 0;
    for t in &template.tables {
        if found_tables.ids.contains(&t.id) || found_tables.starts.contains_key(&t.id) {
            found.push(t.id.clone());
        } else {
            missing.push(t.id.clone());
            missing_tables += 1;
        }
    }
    if found_tables.ids.is_empty() && nar.sections.iter().all(Option::is_none) {
        return Err(ImportError::Unrecognized(format!(
            "没有找到六个部分的标题，也没有读到表二、表三、表四的数值{}",
            if report.meta.organ.is_empty() {
                String::new()
            } else {
                format!("（标题：{}）", report.meta.title())
            }
        )));
    }
    if report.meta.organ.is_empty() {
        notes.push(warning(
            "没有找到机关名称（标题、落款中都没有），请在「机关:」中填写",
        ));
    }
    if report.meta.year == 0 {
        notes.push(warning("没有找到报告年度，请在「年度:」中填写"));
    }
    // Spreadsheets often carry only the tables; text formats must have the narrative too.
    let incomplete = missing_tables > 0 || (format != Format::Xlsx && missing_sections >= 2);
    if format == Format::Xlsx && missing_sections == template.sections.len() {
        notes.push(info("工作簿中没有正文（六个部分），只导入了表格"));
    }
    let mut imported = Imported {
        report,
        notes,
        format,
        missing: if incomplete {
            missing.clone()
        } else {
            Vec::new()
        },
    };
    if incomplete && !opts.partial {
        return Err(ImportError::Incomplete {
            found,
            missing,
            partial: Box::new(imported),
        });
    }
    if incomplete {
        imported.notes.push(warning(format!(
            "报告不完整，未找到：{}（按 --partial 导入已找到的部分）",
            missing.join("、")
        )));
    }
    Ok(imported)
}

/// In a workbook saved without formula results a blank total is not a printed value: the
/// total is computed from its inputs.
fn drop_blank_totals(report: &mut Report) {
    let template = report.template();
    for table in &template.tables {
        let Some(values) = report.tables.get_mut(&table.id) else {
            continue;
        };
        for block in &table.blocks {
            let derived: Vec<String> = block
                .leaf_columns()
                .iter()
                .filter(|c| c.is_derived())
                .filter_map(|c| c.key.clone())
                .collect();
            let totals: Vec<String> = block
                .keyed_rows()
                .iter()
                .filter(|r| r.role() != template::RowRole::Input)
                .filter_map(|r| r.key.clone())
                .collect();
            values.cells.retain(|(r, c), cell| {
                cell.value.is_some() || !(derived.contains(c) || totals.contains(r))
            });
        }
    }
}

/// Picks the template whose own labels occur most often; says which labels decided.
fn guess_template<'a>(
    index: &doc::Index,
    templates: &'a [Template],
) -> (Option<&'a Template>, Option<String>) {
    let label_sets: Vec<Vec<String>> = templates.iter().map(tables::template_labels).collect();
    let mut scores: Vec<(usize, Vec<String>)> = Vec::new();
    for (i, _) in templates.iter().enumerate() {
        let mut hits = Vec::new();
        for label in &label_sets[i] {
            let unique = label_sets
                .iter()
                .enumerate()
                .all(|(j, other)| j == i || !other.contains(label));
            if unique && label.chars().count() >= 4 && index.find(label, 0).is_some() {
                hits.push(label.clone());
            }
        }
        scores.push((hits.len(), hits));
    }
    let any_common = label_sets
        .iter()
        .flatten()
        .any(|l| l.chars().count() >= 6 && index.find(l, 0).is_some());
    let best = scores
        .iter()
        .enumerate()
        .max_by_key(|(i, (n, _))| (*n, *i))
        .map(|(i, (n, hits))| (i, *n, hits.clone()));
    match best {
        Some((i, n, hits)) if n > 0 => {
            let shown: Vec<String> = hits.into_iter().take(3).collect();
            (
                Some(&templates[i]),
                Some(format!(
                    "按表格标签「{}」识别为 {} 模板（{}）",
                    shown.join("」「"),
                    templates[i].id,
                    templates[i].name
                )),
            )
        }
        _ if any_common => {
            let year = outline::guess_year(index);
            let t = year
                .and_then(template::for_year)
                .or_else(|| templates.last());
            (
                t,
                t.map(|t| format!("表格标签不足以区分模板，按年度选用 {} 模板", t.id)),
            )
        }
        _ => {
            // No table labels: a narrative-only report still has its six section titles.
            if outline::has_sections(index, templates.last()) {
                let year = outline::guess_year(index);
                let t = year
                    .and_then(template::for_year)
                    .or_else(|| templates.last());
                (
                    t,
                    t.map(|t| format!("没有找到统计表，按年度选用 {} 模板", t.id)),
                )
            } else {
                (None, None)
            }
        }
    }
}
