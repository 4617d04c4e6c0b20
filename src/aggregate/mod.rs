//! 汇总: compiles an area's report from its departments' (or towns') reports.
//!
//! `read` loads and checks each child in parallel and keeps only its values; `intake` decides
//! who is counted; `sum` adds the input cells exactly (money across 元/万元); `source` writes
//! the aggregate's YAML; `detail` writes the compiling workbook; `compare` checks a published
//! compiled report against its children; `placeholder` finds text still to be written.

pub mod compare;
pub mod detail;
pub mod intake;
pub mod placeholder;
pub mod read;
pub mod source;
pub mod sum;

use std::path::PathBuf;

use crate::amount::Amount;
use crate::diag::{Diagnostic, Rule};
use crate::model::{Block, ChildRef, Report};
use crate::source::keys::PLACEHOLDER;
use crate::template;

pub use read::Child;
pub use sum::Slot;

/// What to compile.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The compiling organ (机关 of the aggregate).
    pub organ: String,
    /// The year compiled.
    pub year: i32,
    /// Count children that have errors of their own.
    pub force: bool,
    /// Organs expected to submit (`--expect`).
    pub expect: Vec<String>,
    /// Threads used to read children (0 = as many as the machine has).
    pub threads: usize,
}

/// The result: the children, the intake findings and (when nothing stops it) the aggregate.
#[derive(Debug, Clone)]
pub struct Aggregate {
    /// The aggregate report; `None` when an intake error stops it.
    pub report: Option<Report>,
    /// Every child, in the order given.
    pub children: Vec<Child>,
    /// Intake findings (including one note per child whose blank cells count as 0).
    pub findings: Vec<Diagnostic>,
    /// Organs expected but missing.
    pub missing: Vec<String>,
    /// The input cells of the aggregate's template.
    pub slots: Vec<Slot>,
    /// Totals by slot (money in 元).
    pub totals: Vec<Amount>,
}

/// Narrative placeholders of the aggregate, one per section.
fn placeholder_text(section_key: &str) -> String {
    let what = match section_key {
        "总体情况" => "概述本地区本年度政府信息公开工作总体情况",
        "主动公开政府信息情况" => "说明本地区主动公开情况（表二数字由下级报告汇总而来）",
        "收到和处理政府信息公开申请情况" => {
            "说明本地区依申请公开情况（表三数字由下级报告汇总而来）"
        }
        "政府信息公开行政复议、行政诉讼情况" => {
            "说明本地区行政复议、行政诉讼情况（表四数字由下级报告汇总而来）"
        }
        "存在的主要问题及改进情况" => "写本地区存在的主要问题及改进情况",
        _ => "写其他需要报告的事项",
    };
    format!("{PLACEHOLDER}{what}。")
}

/// One note per child whose blank (`~`) cells are counted as 0: how many, the first few by
/// name, and the cell of the first (the detail workbook marks every one of them).
fn blank_note(c: &Child, slots: &[Slot]) -> Option<Diagnostic> {
    const NAMED: usize = 3;
    let blank: Vec<&Slot> = c
        .values
        .blanks
        .iter()
        .filter_map(|&b| slots.get(b as usize))
        .collect();
    let first = blank.first()?;
    let named: Vec<String> = blank
        .iter()
        .take(NAMED)
        .map(|s| format!("{}「{}」行「{}」列", s.table, s.row, s.label))
        .collect();
    let more = if blank.len() > NAMED {
        format!("等 {} 格（明细工作簿中逐格标出）", blank.len())
    } else {
        String::new()
    };
    Some(
        Diagnostic::new(
            Rule::BlankChildCell,
            None,
            format!("「{}」{}{more}为空白，按 0 计入", c.organ, named.join("、")),
        )
        .cell(&first.table, Some(&first.row), Some(&first.col))
        .in_file(&c.path),
    )
}

/// Reads, checks and sums the children into an aggregate report for `opts.organ`.
pub fn aggregate(paths: &[PathBuf], opts: &Options) -> Aggregate {
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        opts.threads
    };
    let mut children = read::read_all(paths, threads);
    let intake = intake::run(&mut children, opts.year, opts.force, &opts.expect);
    let mut findings = intake.findings.clone();
    let tpl = intake
        .template
        .and_then(template::get)
        .or_else(|| template::for_year(opts.year));
    let slots: Vec<Slot> = tpl
        .map(|t| sum::cached_slots(t.id).map_or_else(|| sum::slots(t), <[Slot]>::to_vec))
        .unwrap_or_default();
    let mut totals = vec![Amount::ZERO; slots.len()];
    let mut overflow = false;
    let mut scratch: Vec<Amount> = Vec::with_capacity(slots.len());
    for c in children.iter().filter(|c| c.included) {
        if let Some(d) = blank_note(c, &slots) {
            findings.push(d);
        }
        if !overflow && c.values.packed.len() == slots.len() {
            scratch.clear();
            scratch.extend(c.values.packed.iter());
        }
        if !overflow
            && c.values.packed.len() == slots.len()
            && let Err(i) = sum::add_into(&mut totals, &scratch)
        {
            findings.push(sum::overflow(&slots[i]));
            overflow = true;
        }
    }
    let report = match tpl {
        Some(t) if !intake.blocks() && !overflow => {
            let mut r = Report::empty(t, &opts.organ, opts.year);
            for s in &mut r.sections {
                s.blocks = vec![Block::Paragraph(placeholder_text(&s.key))];
            }
            sum::fill_tables(&mut r, &slots, &totals);
            r.children = children
                .iter()
                .filter(|c| c.included)
                .map(|c| ChildRef {
                    organ: c.organ.clone(),
                    hash: c.hash.clone(),
                })
                .collect();
            Some(r)
        }
        _ => None,
    };
    Aggregate {
        report,
        children,
        findings,
        missing: intake.missing,
        slots,
        totals,
    }
}
