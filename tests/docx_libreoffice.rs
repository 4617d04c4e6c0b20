//! DOCX in LibreOffice: convert to PDF with `soffice` and measure the result with
//! `pdftotext -bbox-layout`: 22 lines on every full page, 28 characters on ≥ 85 % of full
//! lines, no glyph lost, `— N —` 7 mm below the text block, odd right / even left.
//!
//! Skipped (with a note) when LibreOffice or poppler-utils are not installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use nianbao::layout::{self, Document, Item};
use nianbao::render::docx;

const LEFT: f32 = 1588.0 / 20.0;
const RIGHT: f32 = (1588.0 + 8844.0) / 20.0;
const TOP: f32 = 2098.0 / 20.0;
const BOTTOM: f32 = 841.89 - 1984.0 / 20.0;
const PITCH: f32 = 579.0 / 20.0;

fn fixture() -> Document {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zhangdian-minzheng-2020.yaml");
    let report = nianbao::source::load_file(&path)
        .expect("fixture loads")
        .report;
    layout::document(&report)
}

/// The fixture's prose (no tables) three times over: many full pages of realistic text.
fn long_prose() -> Document {
    let doc = fixture();
    let prose: Vec<Item> = doc
        .items
        .iter()
        .filter(|i| matches!(i, Item::Para(_)))
        .cloned()
        .collect();
    let (head, tail) = (prose[0].clone(), prose[prose.len() - 1].clone());
    let mut items = vec![head, Item::Blank];
    for _ in 0..3 {
        items.extend(prose[1..prose.len() - 1].iter().cloned());
    }
    items.push(Item::Blank);
    items.push(tail);
    Document { items, ..doc }
}

struct Converted {
    pages: Vec<Vec<Line>>,
    plain: String,
}

fn convert(doc: &Document, name: &str, dir: &Path) -> Converted {
    let path = dir.join(format!("{name}.docx"));
    std::fs::write(&path, docx::render(doc).expect("renders")).expect("write docx");
    let profile = format!("file://{}", dir.join("profile").display());
    let status = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(&path)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "soffice failed: {status:?}");
    let pdf = dir.join(format!("{name}.pdf"));
    let plain = Command::new("pdftotext")
        .arg("-raw")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    Converted {
        pages: pdf_lines(&pdf),
        plain: String::from_utf8_lossy(&plain.stdout).into_owned(),
    }
}

fn is_page_number(l: &Line) -> bool {
    l.y0 > BOTTOM
}

/// Body paragraphs (outside tables) must appear verbatim: no glyph lost.
fn assert_no_glyph_lost(doc: &Document, c: &Converted) {
    let strip = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut text = String::new();
    for line in c.plain.lines() {
        let t = line.trim();
        let is_number = t.starts_with('—')
            && t.ends_with('—')
            && t.chars().filter(|c| c.is_ascii_digit()).count() > 0
            && t.chars().count() <= 10;
        if !is_number {
            text.push_str(&strip(t));
        }
    }
    for item in &doc.items {
        if let Item::Para(p) = item {
            let want = strip(&p.text());
            assert!(text.contains(&want), "not in the PDF: {want}");
        }
    }
}

mod support;
use support::{PdfLine as Line, have, pdf_lines};

fn temp_dir(name: &str) -> PathBuf {
    support::temp_dir(&format!("docx-lo-{name}"))
}

#[test]
fn libreoffice_renders_the_grid() {
    if !have("soffice", "--version") || !have("pdftotext", "-v") {
        eprintln!(
            "note: LibreOffice (soffice) or pdftotext not installed; LibreOffice checks skipped"
        );
        return;
    }
    let dir = temp_dir("grid");
    let doc = long_prose();
    let c = convert(&doc, "long", &dir);
    assert!(c.pages.len() >= 6, "{} pages", c.pages.len());
    assert_no_glyph_lost(&doc, &c);

    let (mut full, mut of28) = (0usize, 0usize);
    for (i, page) in c.pages.iter().enumerate() {
        let n = i + 1;
        let body: Vec<&Line> = page.iter().filter(|l| !is_page_number(l)).collect();
        let number: Vec<&Line> = page.iter().filter(|l| is_page_number(l)).collect();
        // `— N —` 7 mm (19.8 pt) below the text block; odd right, even left, 1 char in.
        assert_eq!(number.len(), 1, "page {n}: {number:?}");
        let pn = number[0];
        assert_eq!(pn.text.replace(' ', ""), format!("—{n}—"));
        assert!(
            (pn.y0 - (BOTTOM + 19.84)).abs() < 2.5,
            "page {n} number top {}",
            pn.y0
        );
        if n % 2 == 1 {
            assert!(
                (pn.x1 - (RIGHT - 14.0)).abs() < 2.0,
                "odd page {n} number at {}",
                pn.x1
            );
        } else {
            assert!(
                (pn.x0 - (LEFT + 14.0)).abs() < 2.0,
                "even page {n} number at {}",
                pn.x0
            );
        }
        // Grid rows used: from the first to the last line on the page pitch.
        let first = body.first().map_or(TOP, |l| l.y0);
        let last = body.last().map_or(TOP, |l| l.y0);
        let rows = ((last - first) / PITCH).round() as usize + 1;
        if n == 1 {
            // Title lines are one grid row each; the page starts at the top of the block.
            assert!(first < TOP + 8.0);
        }
        // A heading standing alone keeps with what follows (keepNext): the page before it may
        // end early.
        let next_starts_with_heading = c.pages.get(i + 1).is_some_and(|next| {
            next.iter().find(|l| !is_page_number(l)).is_some_and(|l| {
                let t = l.text.trim_start();
                t.starts_with('（')
                    || t.chars().nth(1) == Some('、')
                    || t.chars().nth(1) == Some('.')
                    || t.chars().nth(2) == Some('.')
            })
        });
        if n < c.pages.len() && !next_starts_with_heading {
            assert_eq!(rows, 22, "page {n}: {rows} lines");
        }
        for l in &body {
            if l.x0 < LEFT + 3.0 && l.x1 > RIGHT - 3.0 {
                let cjk_only = l.text.chars().all(|ch| !ch.is_ascii());
                if cjk_only {
                    full += 1;
                    if l.text.chars().count() == 28 {
                        of28 += 1;
                    }
                }
            }
        }
    }
    let share = of28 as f32 / full.max(1) as f32;
    eprintln!(
        "LibreOffice: {} pages, 22 lines each full page, {of28}/{full} full lines ({:.1} %) hold 28 characters",
        c.pages.len(),
        share * 100.0
    );
    assert!(full > 50);
    assert!(share >= 0.85, "{of28}/{full}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn libreoffice_renders_the_report_with_tables() {
    if !have("soffice", "--version") || !have("pdftotext", "-v") {
        eprintln!(
            "note: LibreOffice (soffice) or pdftotext not installed; LibreOffice checks skipped"
        );
        return;
    }
    let dir = temp_dir("report");
    let doc = fixture();
    let c = convert(&doc, "fixture", &dir);
    assert_no_glyph_lost(&doc, &c);
    // Every label of every table survives (cells may wrap, so compare without whitespace).
    let flat: String = c.plain.chars().filter(|c| !c.is_whitespace()).collect();
    for item in &doc.items {
        if let Item::Table(t) = item {
            for cell in t.rows.iter().flatten() {
                if cell.data.is_none() && cell.text.chars().count() <= 6 {
                    assert!(flat.contains(&cell.text), "{}: {}", t.id, cell.text);
                }
            }
        }
    }
    // The page number sits on every page.
    for (i, page) in c.pages.iter().enumerate() {
        assert!(
            page.iter()
                .any(|l| is_page_number(l) && l.text.replace(' ', "") == format!("—{}—", i + 1))
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
