//! Round trip of every example through this project's own DOCX and XLSX: the same headings
//! (level, text, run-in body), paragraphs and numbers come back.

use nianbao::import::{ImportOptions, import_bytes};
mod support;

use nianbao::model::{Block, Report};
use support::examples;

/// Every heading as `level text | body`, and paragraphs, of every section.
fn outline(r: &Report) -> Vec<String> {
    r.sections
        .iter()
        .flat_map(|s| {
            s.blocks.iter().map(move |b| match b {
                Block::Paragraph(p) => format!("{} ¶ {p}", s.key),
                // As printed: a run-in heading ends with 「。」 whether or not the source typed it.
                Block::Heading { level, text, body } => format!(
                    "{} H{level} {} | {}",
                    s.key,
                    nianbao::layout::document::run_in(text, body.is_some()),
                    body.as_deref().unwrap_or_default()
                ),
            })
        })
        .collect()
}

#[test]
fn docx_round_trip_keeps_headings_and_numbering() {
    for (n, src) in examples() {
        let doc = nianbao::layout::document(&src);
        let bytes = nianbao::render::docx::render(&doc).unwrap();
        let i = import_bytes(&bytes, Some("x.docx"), &ImportOptions::default()).unwrap();
        let (want, got) = (outline(&src), outline(&i.report));
        for (w, g) in want.iter().zip(&got) {
            assert_eq!(w, g, "{n} via docx");
        }
        assert_eq!(want.len(), got.len(), "{n} via docx");
        assert!(
            !i.notes.iter().any(|d| d.message.contains("编号")),
            "{n}: numbering warned about on a clean round trip"
        );
    }
}

/// The DOCX with every first-level run-in heading's 「。」 removed, as a hand-made Word file
/// has it: the heading is only set apart by its 楷体 run. (Lower levels are printed in the body
/// font, so without their stop not even a reader could tell heading from text.)
fn without_heading_stops(docx: &[u8], src: &Report) -> Vec<u8> {
    let mut removed = 0;
    let out = support::rewrite_zip(docx, |name, data| {
        if name != "word/document.xml" {
            return data;
        }
        let mut xml = String::from_utf8(data).unwrap();
        for s in &src.sections {
            for b in &s.blocks {
                if let Block::Heading {
                    level: 1,
                    text,
                    body: Some(_),
                } = b
                {
                    let printed = nianbao::layout::document::run_in(text, true);
                    let bare = printed.trim_end_matches('。');
                    let from = format!("{printed}</w:t>");
                    if xml.contains(&from) {
                        xml = xml.replace(&from, &format!("{bare}</w:t>"));
                        removed += 1;
                    }
                }
            }
        }
        xml.into_bytes()
    });
    assert!(removed > 0, "no run-in heading found in the DOCX");
    out
}

#[test]
fn docx_heading_runs_without_a_stop_are_headings() {
    for (n, src) in examples() {
        let doc = nianbao::layout::document(&src);
        let bytes = nianbao::render::docx::render(&doc).unwrap();
        let bare = without_heading_stops(&bytes, &src);
        let i = import_bytes(&bare, Some("x.docx"), &ImportOptions::default()).unwrap();
        let (want, got) = (outline(&src), outline(&i.report));
        for (w, g) in want.iter().zip(&got) {
            assert_eq!(w, g, "{n} via docx without heading stops");
        }
        assert_eq!(want.len(), got.len(), "{n}");
    }
}

/// The workbook as a script saves it: every formula without its cached result (`zero`: the
/// result written as 0, as rust_xlsxwriter does without `set_result`).
fn without_cached_results(xlsx: &[u8], zero: bool) -> (Vec<u8>, usize) {
    let mut stripped = 0;
    let out = support::rewrite_zip(xlsx, |name, data| {
        if !name.starts_with("xl/worksheets/") {
            return data;
        }
        let xml = String::from_utf8(data).unwrap();
        let mut new = String::new();
        let mut rest = xml.as_str();
        while let Some(p) = rest.find("</f><v>") {
            let end = rest[p..].find("</v>").unwrap() + p + "</v>".len();
            new.push_str(&rest[..p + "</f>".len()]);
            if zero {
                new.push_str("<v>0</v>");
            }
            stripped += 1;
            rest = &rest[end..];
        }
        new.push_str(rest);
        new.into_bytes()
    });
    (out, stripped)
}

#[test]
fn xlsx_round_trip_with_and_without_cached_formula_results() {
    for (n, src) in examples() {
        let doc = nianbao::layout::document(&src);
        let findings = nianbao::check::check(&src);
        let bytes = nianbao::render::xlsx::render(&src, &doc, &findings).unwrap();
        use nianbao::diag::Rule;
        let arithmetic = |d: &nianbao::diag::Diagnostic| {
            matches!(
                d.rule,
                Rule::PrintedTotal | Rule::Balance | Rule::UnresolvedImport
            )
        };
        let own_errors = findings.iter().filter(|d| arithmetic(d)).count();
        let (plain, _) = (bytes.clone(), 0);
        let (empty, k) = without_cached_results(&bytes, false);
        let (zeros, _) = without_cached_results(&bytes, true);
        assert!(k > 10, "{n}: only {k} formulas");
        for (what, b) in [("cached", plain), ("no results", empty), ("zeros", zeros)] {
            let i = import_bytes(&b, Some("x.xlsx"), &ImportOptions::default()).unwrap();
            assert_eq!(i.report.meta.date, src.meta.date, "{n} {what}: 成文日期");
            for (id, t) in &src.tables {
                for ((r, c), cell) in &t.cells {
                    let got = i.report.tables[id].get(r, c).and_then(|x| x.value);
                    assert_eq!(got, cell.value, "{n} {what}: {id} {r} {c}");
                }
            }
            // Totals come from the inputs: no false 合计不符 / 勾稽 errors.
            let errors: Vec<_> = nianbao::check::check(&i.report)
                .into_iter()
                .filter(|d| arithmetic(d))
                .collect();
            assert_eq!(errors.len(), own_errors, "{n} {what}: {errors:#?}");
            if what != "cached" {
                assert!(
                    i.notes
                        .iter()
                        .any(|d| d.message.contains("没有保存计算结果")),
                    "{n} {what}"
                );
            }
        }
    }
}
