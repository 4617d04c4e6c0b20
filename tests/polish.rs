//! Output a reviewer signs, read back from the built files: run-in headings end with 「。」
//! in DOCX and PDF alike.

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
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name(part).unwrap().read_to_string(&mut xml).unwrap();
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
