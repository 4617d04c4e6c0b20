//! Keep together: a 表二 sub-table's heading rows (「第二十条第（五）项」 and the column heads) stay
//! on the page of the block's first data row, a section heading that captions a table stays with
//! the table, and no heading is the last line of a page — in our PDF and in LibreOffice's
//! rendering of the DOCX.
//!
//! Each report is built with 0‥21 one-line filler paragraphs before 「二、主动公开政府信息情况」,
//! which moves every table boundary through every position on the 22-line page.
//! Skipped (with a note) when pdftotext or LibreOffice are not installed.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use nianbao::fonts::FontSet;
use nianbao::layout::{self, Document, Item, Para, ParaStyle, Run};
use nianbao::render::{docx, pdf};
use support::{PdfLine, have, pdf_lines};

/// Bottom of the text block (pt from the page top); page numbers sit below it.
const BOTTOM: f32 = 841.89 - 1984.0 / 20.0;

const SHIFTS: usize = 22;

fn load(path: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let report = nianbao::source::load_file(&path).expect("loads").report;
    layout::document(&report)
}

/// The report with its table sections' own paragraphs removed (each section heading captions
/// its table directly) and `n` one-line paragraphs before the first table section.
fn shifted(base: &Document, n: usize) -> Document {
    let mut items: Vec<Item> = Vec::new();
    let mut in_table_section = false;
    let mut first = true;
    for (i, item) in base.items.iter().enumerate() {
        if let Item::Para(p) = item
            && p.style == ParaStyle::Heading(0)
        {
            let table_follows = base.items[i + 1..]
                .iter()
                .take_while(|it| !matches!(it, Item::Para(q) if q.style == ParaStyle::Heading(0)))
                .any(|it| matches!(it, Item::Table(_)));
            in_table_section = table_follows;
            if table_follows && first {
                first = false;
                for k in 0..n {
                    items.push(Item::Para(Para {
                        style: ParaStyle::Body,
                        runs: vec![Run {
                            text: format!("本段是第{}段测试文字。", k + 1),
                            role: layout::FontRole::Body,
                        }],
                    }));
                }
            }
            items.push(item.clone());
            continue;
        }
        if in_table_section && matches!(item, Item::Para(_)) {
            continue;
        }
        items.push(item.clone());
    }
    Document {
        items,
        ..base.clone()
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// (page, line) positions of every body line, in reading order.
fn body_lines(pages: &[Vec<PdfLine>]) -> Vec<(usize, String)> {
    pages
        .iter()
        .enumerate()
        .flat_map(|(p, lines)| {
            lines
                .iter()
                .filter(|l| l.y0 < BOTTOM)
                .map(move |l| (p, squash(&l.text)))
        })
        .collect()
}

/// What must share a page: (leader, follower) texts. The follower is looked for after the leader.
fn pairs(doc: &Document) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, item) in doc.items.iter().enumerate() {
        let Item::Table(t) = item else { continue };
        // The section heading right before a table captions it: it goes with the first row.
        if let Some(Item::Para(p)) = i.checked_sub(1).and_then(|k| doc.items.get(k))
            && p.style == ParaStyle::Heading(0)
        {
            let first = t.rows[0].iter().find(|c| !c.text.is_empty()).unwrap();
            out.push((squash(&p.text()), first_line_of(&first.text)));
        }
        for (r, row) in t.rows.iter().enumerate() {
            if row.len() == 1 && row[0].text.starts_with("第二十条") {
                let g = t.keep_group(r);
                let data = &t.rows[g.end - 1][0];
                out.push((squash(&row[0].text), first_line_of(&data.text)));
            }
        }
    }
    out
}

/// A prefix of a cell text short enough not to wrap in its cell.
fn first_line_of(text: &str) -> String {
    squash(text).chars().take(2).collect()
}

/// Standalone headings (no run-in text): they must never be the last line of a page.
fn standalone_headings(doc: &Document) -> Vec<String> {
    doc.items
        .iter()
        .filter_map(|i| match i {
            Item::Para(p)
                if matches!(p.style, ParaStyle::Heading(_))
                    && p.runs.iter().filter(|r| !r.text.is_empty()).count() == 1 =>
            {
                Some(squash(&p.text()))
            }
            _ => None,
        })
        .collect()
}

/// Checks one rendered PDF; returns a description of each violation.
fn violations(doc: &Document, pages: &[Vec<PdfLine>]) -> Vec<String> {
    let lines = body_lines(pages);
    let mut bad = Vec::new();
    for (lead, follow) in pairs(doc) {
        let Some(at) = lines.iter().position(|(_, t)| t.starts_with(&lead)) else {
            bad.push(format!("「{lead}」 not found"));
            continue;
        };
        let Some(next) = lines[at + 1..]
            .iter()
            .find(|(_, t)| t.starts_with(&follow) || t.contains(&follow))
        else {
            bad.push(format!("「{follow}」 not found after 「{lead}」"));
            continue;
        };
        if next.0 != lines[at].0 {
            bad.push(format!(
                "「{lead}」 on page {} but 「{follow}」 on page {}",
                lines[at].0 + 1,
                next.0 + 1
            ));
        }
    }
    let headings = standalone_headings(doc);
    for (p, page) in pages.iter().enumerate().take(pages.len().saturating_sub(1)) {
        if let Some(last) = page.iter().rev().find(|l| l.y0 < BOTTOM) {
            let t = squash(&last.text);
            if headings.contains(&t) || t.starts_with("第二十条") {
                bad.push(format!("page {} ends with the heading 「{t}」", p + 1));
            }
        }
    }
    bad
}

fn temp_dir(name: &str) -> PathBuf {
    support::temp_dir(&format!("keep-{name}"))
}

const REPORTS: [&str; 2] = [
    "examples/shili-jiaoyuju-2024.yaml",
    "tests/fixtures/zhangdian-minzheng-2020.yaml",
];

#[test]
fn every_sub_table_and_caption_is_checked() {
    for path in REPORTS {
        let base = load(path);
        let pairs = pairs(&base);
        // Three captioned tables and at least four 表二 blocks.
        assert!(pairs.len() >= 7, "{path}: {pairs:?}");
        assert!(
            pairs
                .iter()
                .any(|(l, f)| l == "第二十条第（五）项" && f == "行政")
        );
        assert!(
            pairs
                .iter()
                .any(|(l, _)| l.starts_with("二、主动公开政府信息情况"))
        );
    }
}

#[test]
fn pdf_keeps_table_headings_with_their_rows() {
    if !have("pdftotext", "-v") {
        eprintln!("note: pdftotext not installed; PDF keep-together checks skipped");
        return;
    }
    let dir = temp_dir("pdf");
    let fonts = FontSet::bundled();
    let mut foot_positions = std::collections::BTreeSet::new();
    for path in REPORTS {
        let base = load(path);
        for n in 0..SHIFTS {
            let doc = shifted(&base, n);
            let out = pdf::render(&doc, &fonts, &pdf::PdfOptions::default()).expect("renders");
            let file = dir.join(format!("{n}.pdf"));
            std::fs::write(&file, &out.bytes).unwrap();
            let pages = pdf_lines(&file);
            let bad = violations(&doc, &pages);
            assert!(bad.is_empty(), "{path} with {n} filler paragraphs: {bad:?}");
            // Where 「第二十条第（五）项」 landed: the sweep must put it near a page foot.
            for page in &pages {
                if let Some(l) = page
                    .iter()
                    .find(|l| squash(&l.text) == "第二十条第（五）项")
                {
                    foot_positions.insert((l.y0 / 40.0) as i32);
                }
            }
        }
    }
    // The caption row was seen in many vertical positions, including the lowest fifth.
    assert!(foot_positions.len() >= 8, "{foot_positions:?}");
    assert!(
        foot_positions
            .iter()
            .any(|&b| b as f32 * 40.0 > BOTTOM - 170.0),
        "{foot_positions:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn docx_in_libreoffice_keeps_table_headings_with_their_rows() {
    if !have("soffice", "--version") || !have("pdftotext", "-v") {
        eprintln!(
            "note: LibreOffice (soffice) or pdftotext not installed; DOCX keep-together checks skipped"
        );
        return;
    }
    let dir = temp_dir("docx");
    let mut docs = Vec::new();
    for (k, path) in REPORTS.iter().enumerate() {
        let base = load(path);
        for n in 0..SHIFTS {
            let doc = shifted(&base, n);
            let file = dir.join(format!("r{k}-{n}.docx"));
            std::fs::write(&file, docx::render(&doc).expect("renders")).unwrap();
            docs.push((file, doc, format!("{path} with {n} filler paragraphs")));
        }
    }
    // One LibreOffice run converts them all.
    let profile = format!("file://{}", dir.join("profile").display());
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .args(docs.iter().map(|(f, _, _)| f))
        .output()
        .expect("soffice runs");
    assert!(out.status.success(), "soffice failed: {out:?}");
    let mut failures = Vec::new();
    for (file, doc, what) in &docs {
        let pages = pdf_lines(&file.with_extension("pdf"));
        assert!(pages.len() > 1, "{what}: no PDF pages");
        let bad = violations(doc, &pages);
        if !bad.is_empty() {
            failures.push(format!("{what}: {bad:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    let _ = std::fs::remove_dir_all(&dir);
}
