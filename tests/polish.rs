//! Output a reviewer signs, read back from the built files: run-in headings end with 「。」
//! in DOCX and PDF alike; blank cells print 0; a forced build with errors is marked as a draft in every format.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds `example` into a fresh directory with `args`; returns the paths of the outputs.
fn build(example: &str, name: &str, args: &[&str]) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("nianbao-polish-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("build")
        .args(args)
        .arg("-o")
        .arg(&dir)
        .arg(root.join("examples").join(example))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

fn with_ext(files: &[PathBuf], ext: &str) -> PathBuf {
    files
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == ext))
        .unwrap_or_else(|| panic!("no .{ext} in {files:?}"))
        .clone()
}

/// The text of every `w:t` of a DOCX part, joined.
fn docx_text(path: &Path, part: &str) -> String {
    let xml = docx_part(path, part);
    let mut text = String::new();
    let mut rest = xml.as_str();
    while let Some(i) = rest.find("<w:t") {
        let tail = &rest[i..];
        let open_end = tail.find('>').unwrap();
        if tail[..open_end].ends_with('/') || !matches!(tail.as_bytes()[4], b'>' | b' ') {
            rest = &tail[open_end + 1..];
            continue;
        }
        let body = &tail[open_end + 1..];
        let close = body.find("</w:t>").unwrap();
        text.push_str(&body[..close]);
        rest = &body[close..];
    }
    text
}

/// The PDF's text with all white space removed, or `None` without poppler.
fn pdf_text(path: &Path) -> Option<String> {
    let Ok(out) = Command::new("pdftotext").arg(path).arg("-").output() else {
        eprintln!("跳过 PDF 部分：未安装 pdftotext（poppler-utils）");
        return None;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    Some(text.chars().filter(|c| !c.is_whitespace()).collect())
}

#[test]
fn run_in_headings_end_with_a_full_stop_in_docx_and_pdf() {
    let files = build(
        "shili-jiaoyuju-2024.yaml",
        "runin",
        &["--format", "docx,pdf"],
    );
    let docx = docx_text(&with_ext(&files, "docx"), "word/document.xml");
    // No closing punctuation in the source: 「。」 added before the run-in text.
    assert!(docx.contains("（一）主动公开。全年"), "{docx}");
    // Already closed in the source: not doubled.
    assert!(docx.contains("1.健全发布审查机制。严格"), "{docx}");
    assert!(!docx.contains("。。"), "{docx}");
    if let Some(pdf) = pdf_text(&with_ext(&files, "pdf")) {
        assert!(pdf.contains("（一）主动公开。全年"), "{pdf}");
        assert!(!pdf.contains("。。"), "{pdf}");
    }
}

const DRAFT: &str = "未通过检查，不得公开";

/// The example with one number changed so that check finds errors.
fn broken_example(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("examples/shili-jiaoyuju-2024.yaml")).unwrap();
    assert!(text.contains("本年新收: [15,"));
    let dir =
        std::env::temp_dir().join(format!("nianbao-polish-src-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.yaml");
    std::fs::write(&path, text.replace("本年新收: [15,", "本年新收: [25,")).unwrap();
    path
}

/// What the draft mark looks like in each format: (PDF pages with it / all pages,
/// DOCX headers with it and referenced from the section, XLSX first sheet's top rows with it).
fn marks(files: &[PathBuf]) -> (Option<(usize, usize)>, bool, bool) {
    let pdf = Command::new("pdftotext")
        .arg(with_ext(files, "pdf"))
        .arg("-")
        .output()
        .ok()
        .map(|o| {
            let text = String::from_utf8_lossy(&o.stdout).into_owned();
            let pages: Vec<&str> = text
                .split('\u{c}')
                .filter(|p| !p.trim().is_empty())
                .collect();
            (
                pages.iter().filter(|p| p.contains(DRAFT)).count(),
                pages.len(),
            )
        });
    let docx = with_ext(files, "docx");
    let document = docx_part(&docx, "word/document.xml");
    let header = docx_text(&docx, "word/header1.xml").contains(DRAFT)
        && docx_text(&docx, "word/header2.xml").contains(DRAFT)
        && document.contains(r#"<w:headerReference w:type="default""#)
        && document.contains(r#"<w:headerReference w:type="even""#);
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = calamine::open_workbook(with_ext(files, "xlsx")).unwrap();
    let first = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&first).unwrap();
    let top = range
        .rows()
        .take(3)
        .flatten()
        .any(|c| c.to_string().contains(DRAFT));
    (pdf, header, top)
}

/// A part of a DOCX, empty when there is no such part.
fn docx_part(path: &Path, part: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    if let Ok(mut f) = zip.by_name(part) {
        f.read_to_string(&mut xml).unwrap();
    }
    xml
}

#[test]
fn forced_build_with_errors_is_marked_on_every_page_and_sheet() {
    let src = broken_example("draft");
    let out = std::env::temp_dir().join(format!("nianbao-polish-draft-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let run = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["build", "--force", "--format", "docx,xlsx,pdf,html", "-o"])
        .arg(&out)
        .arg(&src)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let files: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let (pdf, docx, xlsx) = marks(&files);
    assert!(docx, "DOCX header lacks the draft mark");
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
    {
        let html = std::fs::read_to_string(f).unwrap();
        assert!(html.contains(DRAFT), "{} lacks the draft mark", f.display());
    }
    // The header parts are valid OOXML too.
    let validator = "/work/shared/tools/ooxml-validate/validate.py";
    match Command::new("python3")
        .arg(validator)
        .arg(with_ext(&files, "docx"))
        .arg(with_ext(&files, "xlsx"))
        .output()
    {
        Ok(v) if Path::new(validator).is_file() => {
            let report = String::from_utf8_lossy(&v.stdout);
            assert!(v.status.success() && !report.contains("orphan"), "{report}");
        }
        _ => eprintln!("跳过 OOXML 校验：未找到 python3 或校验器"),
    }
    assert!(xlsx, "first sheet lacks the draft mark at the top");
    match pdf {
        Some((marked, pages)) => {
            assert!(pages > 1);
            assert_eq!(marked, pages, "every PDF page carries the mark");
        }
        None => eprintln!("跳过 PDF 部分：未安装 pdftotext（poppler-utils）"),
    }
}

#[test]
fn clean_build_has_no_draft_mark() {
    let files = build(
        "shili-jiaoyuju-2024.yaml",
        "clean",
        &["--format", "docx,xlsx,pdf,html"],
    );
    let (pdf, docx, xlsx) = marks(&files);
    assert!(!docx && !xlsx);
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
    {
        assert!(!std::fs::read_to_string(f).unwrap().contains(DRAFT));
    }
    assert!(docx_part(&with_ext(&files, "docx"), "word/header1.xml").is_empty());
    if let Some((marked, pages)) = pdf {
        assert!(pages > 1);
        assert_eq!(marked, 0);
    }
}

#[test]
fn blank_cells_print_zero_and_check_warns_once_per_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("examples/shili-jiaoyuju-2024.yaml")).unwrap();
    assert!(text.contains("行政处罚: 4") && text.contains("行政强制: 0"));
    let dir = std::env::temp_dir().join(format!("nianbao-polish-blank-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("blank.yaml");
    // Two blanks in 表二: one warning for the table.
    let text = text
        .replace("行政处罚: 4", "行政处罚: ~")
        .replace("行政强制: 0", "行政强制: ~");
    std::fs::write(&src, text).unwrap();

    let check = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "json"])
        .arg(&src)
        .output()
        .unwrap();
    let json = String::from_utf8_lossy(&check.stdout);
    assert_eq!(
        json.matches(r#""code": "blank-cells""#).count(),
        1,
        "{json}"
    );

    let out = dir.join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["build", "--force", "--format", "docx,pdf", "-o"])
        .arg(&out)
        .arg(&src)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let files: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let docx = docx_text(&with_ext(&files, "docx"), "word/document.xml");
    assert!(docx.contains("行政处罚0行政强制0"), "{docx}");
    if let Some(pdf) = pdf_text(&with_ext(&files, "pdf")) {
        assert!(pdf.contains("行政处罚0行政强制0"), "{pdf}");
    }
    // The source keeps its `~`.
    assert!(
        std::fs::read_to_string(&src)
            .unwrap()
            .contains("行政处罚: ~")
    );
}

#[test]
fn docx_headings_standing_alone_keep_with_next() {
    let files = build("shili-jiaoyuju-2024.yaml", "keep", &["--format", "docx"]);
    let xml = docx_part(&with_ext(&files, "docx"), "word/document.xml");
    let paragraphs: Vec<&str> = xml.split("<w:p ").skip(1).collect();
    let with = |needle: &str| {
        paragraphs
            .iter()
            .find(|p| docx_text_of(p).starts_with(needle))
            .unwrap_or_else(|| panic!("no paragraph {needle}"))
            .contains("<w:keepNext")
    };
    // Section headings (the table captions' sections too) stay with what follows.
    assert!(with("一、总体情况"));
    assert!(with("二、主动公开政府信息情况"));
    // A run-in heading is its own paragraph of text: no keepNext.
    assert!(!with("（一）主动公开。"));
}

/// The `w:t` text of one paragraph's XML.
fn docx_text_of(xml: &str) -> String {
    xml.split("<w:t")
        .skip(1)
        .filter_map(|t| {
            let t = t
                .strip_prefix('>')
                .or_else(|| t.split_once('>').map(|(_, r)| r))?;
            t.split_once("</w:t>").map(|(a, _)| a)
        })
        .collect()
}

#[test]
fn docx_compact_tables_are_set_in_wuhao() {
    let files = build("shili-jiaoyuju-2024.yaml", "compact", &["--format", "docx"]);
    let xml = docx_part(&with_ext(&files, "docx"), "word/document.xml");
    let tables: Vec<&str> = xml.split("<w:tbl>").skip(1).collect();
    assert!(tables.len() >= 3);
    // 表二 (4 columns) keeps the table style; 表三 (more than 7 columns) is 五号.
    assert!(!tables[0].contains("NbTableCompact"));
    assert!(tables[1].contains(r#"w:val="NbTableCompact""#));
    let styles = docx_part(&with_ext(&files, "docx"), "word/styles.xml");
    let compact = styles
        .split(r#"w:styleId="NbTableCompact""#)
        .nth(1)
        .unwrap();
    let compact = &compact[..compact.find("</w:style>").unwrap()];
    assert!(compact.contains(r#"<w:sz w:val="21"/>"#), "{compact}");
}
