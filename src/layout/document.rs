//! The report as a sequence of backend-neutral items: numbered headings, paragraphs, tables.

use crate::derive;
use crate::model::{Block, Date, Report, TableValues};
use crate::text::han_number;

use super::metrics::FontRole;
use super::table::{TableLayout, layout_table};

/// Document properties every writer records.
#[derive(Debug, Clone, PartialEq)]
pub struct DocMeta {
    /// The report title.
    pub title: String,
    /// 机关全称.
    pub author: String,
    /// Language tag.
    pub lang: &'static str,
    /// 成文日期, used for document dates (never "now").
    pub date: Option<Date>,
    /// The report year.
    pub year: i32,
    /// Creation time written into every output (Unix seconds): the report date, or 1 January
    /// after the report year; callers may override it (e.g. from `SOURCE_DATE_EPOCH`).
    pub created_unix: i64,
    /// Built with `--force` while `check` found errors: every writer marks the output with
    /// [`DRAFT_MARK`] (set by the pipeline, never by a writer).
    pub draft: bool,
}

/// The mark on every page of a forced build whose numbers do not add up.
pub const DRAFT_MARK: &str = "未通过检查，不得公开";

/// How a paragraph is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParaStyle {
    /// Centred 2号 title, one run per line as [`super::title`] broke it.
    Title,
    /// Body paragraph: 2-character first-line indent, justified.
    Body,
    /// Heading: 0 = `一、` section (bookmarked), 1 = `（一）`, 2 = `1.`, 3 = `（1）`; indented like body.
    Heading(u8),
    /// Signing organ, right-aligned with 2 characters of right indent.
    SignatureOrgan,
    /// Date under the organ.
    SignatureDate,
}

/// A stretch of text in one font role.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Which font it is set in.
    pub role: FontRole,
}

/// A paragraph of runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// Paragraph style.
    pub style: ParaStyle,
    /// Its runs, in order.
    pub runs: Vec<Run>,
}

impl Para {
    /// The paragraph's text, runs joined.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// One item of the document flow.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A paragraph.
    Para(Para),
    /// A table.
    Table(TableLayout),
    /// One empty grid line.
    Blank,
}

/// The whole document, ready for any writer.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Properties.
    pub meta: DocMeta,
    /// The flow.
    pub items: Vec<Item>,
    /// Every table's values with derived totals, computed once for all writers.
    pub grids: std::collections::BTreeMap<String, derive::TableGrid>,
    /// A total too large to compute: no writer may draw this document (its totals would be 0).
    pub overflow: Option<derive::Overflow>,
}

fn para(style: ParaStyle, role: FontRole, text: impl Into<String>) -> Item {
    Item::Para(Para {
        style,
        runs: vec![Run {
            text: text.into(),
            role,
        }],
    })
}

/// Heading numbers by level: `（一）`, `1.`, `（1）`; counters reset below a higher level.
#[derive(Debug, Default)]
struct Numbering {
    counters: [usize; 3],
}

impl Numbering {
    fn next(&mut self, level: u8) -> String {
        let i = usize::from(level.clamp(1, 3)) - 1;
        self.counters[i] += 1;
        for c in &mut self.counters[i + 1..] {
            *c = 0;
        }
        let n = self.counters[i];
        match i {
            0 => format!("（{}）", han_number(n)),
            1 => format!("{n}."),
            _ => format!("（{n}）"),
        }
    }
}

/// Closing punctuation that already ends a heading.
const CLOSING: &[char] = &['。', '：', ':', '；', ';', '！', '!', '？', '?', '.', '．'];

/// A heading's text as printed: when text follows in the same paragraph (run-in) and the
/// heading has no closing punctuation, it ends with 「。」; a heading standing alone is unchanged.
pub fn run_in(heading: &str, text_follows: bool) -> String {
    let trimmed = heading.trim_end();
    if text_follows && !trimmed.is_empty() && !trimmed.ends_with(CLOSING) {
        format!("{trimmed}。")
    } else {
        heading.to_owned()
    }
}

/// The font role of a heading level.
pub fn heading_role(level: u8) -> FontRole {
    match level {
        0 => FontRole::Hei,
        1 => FontRole::Kai,
        _ => FontRole::Body,
    }
}

/// Lays out a report: title, preamble, the six sections with their tables, signature.
///
/// Table cells show the value printed in the source where there is one, else the derived value.
pub fn document(report: &Report) -> Document {
    document_with(report, derive::compute(report))
}

/// [`document`] with the derived totals already computed (a build computes them once).
pub fn document_with(
    report: &Report,
    derived: Result<std::collections::BTreeMap<String, derive::TableGrid>, derive::Overflow>,
) -> Document {
    let (grids, overflow) = match derived {
        Ok(g) => (g, None),
        Err(o) => (Default::default(), Some(o)),
    };
    let template = report.template();
    let meta = &report.meta;
    let title = meta.title();
    let title_runs = super::title::title_lines(&title, &meta.organ, super::title::capacity())
        .into_iter()
        .map(|text| Run {
            text,
            role: FontRole::Title,
        })
        .collect();
    let mut items = vec![
        Item::Para(Para {
            style: ParaStyle::Title,
            runs: title_runs,
        }),
        Item::Blank,
    ];

    let mut preamble = report.preamble.clone();
    if let Some(contact) = &meta.contact {
        match preamble.last_mut() {
            Some(last) => last.push_str(contact),
            None => preamble.push(contact.clone()),
        }
    }
    for p in preamble {
        items.push(para(ParaStyle::Body, FontRole::Body, p));
    }

    let empty = TableValues::default();
    for (def, section) in template.sections.iter().zip(&report.sections) {
        items.push(para(
            ParaStyle::Heading(0),
            FontRole::Hei,
            def.title.clone(),
        ));
        let mut numbering = Numbering::default();
        for block in &section.blocks {
            match block {
                Block::Paragraph(p) => items.push(para(ParaStyle::Body, FontRole::Body, p.clone())),
                Block::Heading { level, text, body } => {
                    let has_text = body.as_deref().is_some_and(|b| !b.trim().is_empty());
                    let mut runs = vec![Run {
                        text: format!("{}{}", numbering.next(*level), run_in(text, has_text)),
                        role: heading_role(*level),
                    }];
                    if let Some(b) = body {
                        runs.push(Run {
                            text: b.clone(),
                            role: FontRole::Body,
                        });
                    }
                    items.push(Item::Para(Para {
                        style: ParaStyle::Heading(*level),
                        runs,
                    }));
                }
            }
        }
        if let Some(table_id) = &def.table
            && let Some(table) = template.table(table_id)
        {
            let values = report.tables.get(table_id).unwrap_or(&empty);
            let grid = grids.get(table_id).cloned().unwrap_or_default();
            items.push(Item::Table(layout_table(table, values, &grid)));
        }
    }

    items.push(Item::Blank);
    items.push(para(
        ParaStyle::SignatureOrgan,
        FontRole::Body,
        meta.signer(),
    ));
    if let Some(d) = meta.date {
        items.push(para(
            ParaStyle::SignatureDate,
            FontRole::Body,
            d.to_string(),
        ));
    }

    Document {
        meta: DocMeta {
            title: meta.title(),
            author: meta.organ.clone(),
            lang: "zh-CN",
            date: meta.date,
            year: meta.year,
            created_unix: meta
                .date
                .unwrap_or(Date {
                    year: meta.year + 1,
                    month: 1,
                    day: 1,
                })
                .unix_seconds(),
            draft: false,
        },
        items,
        grids,
        overflow,
    }
}

#[cfg(test)]
mod run_in_tests {
    use super::run_in;

    #[test]
    fn run_in_heading_gets_a_full_stop_only_when_text_follows_and_none_is_there() {
        assert_eq!(run_in("主动公开", true), "主动公开。");
        assert_eq!(run_in("主动公开", false), "主动公开");
        assert_eq!(run_in("主动公开。", true), "主动公开。");
        assert_eq!(run_in("主要做法：", true), "主要做法：");
        assert_eq!(run_in("存在问题？", true), "存在问题？");
    }
}
