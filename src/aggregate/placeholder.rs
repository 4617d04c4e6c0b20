//! Text a person still has to write: any field holding the placeholder marker (【待填写】).

use crate::diag::{Diagnostic, Rule};
use crate::model::{Block, Report};
use crate::source::keys::{self as k, PLACEHOLDER};

/// One error per place that still holds the placeholder marker.
pub fn find(report: &Report) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut flag = |text: &str, loc, place: &str| {
        if text.contains(PLACEHOLDER) {
            out.push(Diagnostic::new(
                Rule::Placeholder,
                loc,
                format!("{place}还是占位文字「{PLACEHOLDER}」，请写上实际内容后删去占位标记"),
            ));
        }
    };
    for p in &report.preamble {
        flag(p, report.loc(k::PREAMBLE), "前言");
    }
    if let Some(c) = &report.meta.contact {
        flag(c, report.loc(k::CONTACT), "联系方式");
    }
    for (def, section) in report.template().sections.iter().zip(&report.sections) {
        for (i, block) in section.blocks.iter().enumerate() {
            let loc = section.locs.get(i).copied().or(report.loc(k::BODY));
            match block {
                Block::Paragraph(p) => flag(p, loc, &format!("「{}」", def.title)),
                Block::Heading { text, body, .. } => {
                    flag(text, loc, &format!("「{}」的标题", def.title));
                    if let Some(b) = body {
                        flag(b, loc, &format!("「{}」", def.title));
                    }
                }
            }
        }
    }
    out
}
