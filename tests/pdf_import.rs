//! Importing PDF reports: this project's own PDFs (round trip of every example), LibreOffice
//! exports of real portal reports (same numbers as the HTML import), scanned and encrypted
//! PDFs refused with their messages, truncated and garbled PDFs give errors, never panics.

mod support;

use nianbao::fonts::FontSet;
use nianbao::import::{Format, ImportError, ImportOptions, Imported, import_bytes};
use nianbao::model::{Block, Report};
use nianbao::render::pdf::{self, PdfOptions};

const PDF_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf");
const LEGACY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/legacy");

fn import(bytes: &[u8], name: &str) -> Result<Imported, ImportError> {
    import_bytes(bytes, Some(name), &ImportOptions::default())
}

fn notes(i: &Imported) -> String {
    i.notes
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every cell of every table of `want` has the same value in `got` (empty stays empty).
fn assert_same_cells(want: &Report, got: &Imported, what: &str) {
    let n = support::assert_same_cells(want, &got.report, what, &notes(got));
    assert!(n > 50, "{what}: only {n} values compared");
    for (id, t) in &got.report.tables {
        assert!(
            t.unreadable.is_empty(),
            "{what}: {id} has unread cells {:?}",
            t.unreadable
        );
    }
}

/// A block with the full stop the writers add after a run-in heading taken off.
fn norm(b: &Block) -> Block {
    match b {
        Block::Heading { level, text, body } => Block::Heading {
            level: *level,
            text: text.trim_end_matches('。').to_owned(),
            body: body.clone(),
        },
        p => p.clone(),
    }
}

/// Headings of the narrative: section keys and every sub-heading (level and text), in order.
fn headings(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    for s in &r.sections {
        out.push(s.key.clone());
        for b in &s.blocks {
            if let Block::Heading { level, text, .. } = norm(b) {
                out.push(format!("{level} {text}"));
            }
        }
    }
    out
}

#[test]
fn round_trip_through_our_own_pdf() {
    for (n, src) in support::examples() {
        let doc = nianbao::layout::document(&src);
        let out = pdf::render(&doc, &FontSet::bundled(), &PdfOptions::default()).unwrap();
        let what = format!("{n} via pdf");
        let i = import(&out.bytes, "x.pdf").unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(i.format, Format::Pdf);
        assert_eq!(i.report.meta.template, src.meta.template, "{what}");
        assert_eq!(i.report.meta.organ, src.meta.organ, "{what}");
        assert_eq!(i.report.meta.year, src.meta.year, "{what}");
        assert_eq!(i.report.meta.date, src.meta.date, "{what}");
        assert!(i.missing.is_empty(), "{what}: {:?}", i.missing);
        // The organ and year in front of the title are the title, not page chrome.
        assert!(
            !i.notes.iter().any(|d| d.message.contains("标题前")),
            "{what}: {:?}",
            i.notes
        );
        assert_same_cells(&src, &i, &what);
        assert_eq!(headings(&i.report), headings(&src), "{what}");
        // Paragraphs come back whole (wrapped lines and page breaks joined).
        for (a, b) in i.report.sections.iter().zip(&src.sections) {
            let a: Vec<Block> = a.blocks.iter().map(norm).collect();
            let b: Vec<Block> = b.blocks.iter().map(norm).collect();
            assert_eq!(a, b, "{what}");
        }
        assert_eq!(i.report.preamble, src.preamble, "{what}");
    }
}

/// Our DOCX of each example, exported to PDF by LibreOffice (as a clerk's Word/WPS export
/// would be), imports with every number, the organ, the year, the date and the text.
#[test]
fn round_trip_through_our_docx_exported_by_libreoffice() {
    if !support::need("soffice", "--version", "LibreOffice PDF export round trip") {
        return;
    }
    let dir = support::temp_dir("pdf-import-lo");
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    for n in ["shili-jiaoyuju-2024", "zhangdian-minzheng-2020"] {
        let text = std::fs::read_to_string(format!("{examples}/{n}.yaml")).unwrap();
        let src = nianbao::source::load_str(&text).unwrap().report;
        let doc = nianbao::layout::document(&src);
        let docx = dir.join(format!("{n}.docx"));
        std::fs::write(&docx, nianbao::render::docx::render(&doc).unwrap()).unwrap();
        let out = std::process::Command::new("soffice")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.join("profile").display()
            ))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&dir)
            .arg(&docx)
            .output()
            .expect("soffice runs");
        assert!(out.status.success(), "{out:?}");
        let pdf = std::fs::read(dir.join(format!("{n}.pdf"))).unwrap();
        let what = format!("{n} via LibreOffice PDF");
        let i = import(&pdf, "x.pdf").unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(i.report.meta.organ, src.meta.organ, "{what}");
        assert_eq!(i.report.meta.year, src.meta.year, "{what}");
        assert_eq!(i.report.meta.date, src.meta.date, "{what}");
        assert_eq!(i.report.meta.contact, src.meta.contact, "{what}");
        assert_same_cells(&src, &i, &what);
        assert_eq!(headings(&i.report), headings(&src), "{what}");
        for (a, b) in i.report.sections.iter().zip(&src.sections) {
            let a: Vec<Block> = a.blocks.iter().map(norm).collect();
            let b: Vec<Block> = b.blocks.iter().map(norm).collect();
            assert_eq!(a, b, "{what}");
        }
    }
}

/// The LibreOffice export of a real report reads the same numbers as its HTML page.
fn same_as_html(stem: &str) -> Imported {
    let html = std::fs::read(format!("{LEGACY}/{stem}.html")).unwrap();
    let from_html = import_bytes(&html, Some("x.html"), &ImportOptions { partial: true }).unwrap();
    let pdf = std::fs::read(format!("{PDF_DIR}/{stem}.libreoffice.pdf")).unwrap();
    let from_pdf = import(&pdf, "x.pdf").unwrap_or_else(|e| panic!("{stem}: {e}"));
    assert_eq!(from_pdf.format, Format::Pdf);
    assert_eq!(
        from_pdf.report.meta.organ, from_html.report.meta.organ,
        "{stem}"
    );
    assert_eq!(
        from_pdf.report.meta.year, from_html.report.meta.year,
        "{stem}"
    );
    assert_eq!(
        from_pdf.report.meta.template,
        from_html.report.meta.template
    );
    assert_same_cells(&from_html.report, &from_pdf, stem);
    // Every section the page has is found in the PDF too.
    for (a, b) in from_pdf
        .report
        .sections
        .iter()
        .zip(&from_html.report.sections)
    {
        assert_eq!(
            a.blocks.is_empty(),
            b.blocks.is_empty(),
            "{stem}: {}",
            a.key
        );
    }
    from_pdf
}

#[test]
fn libreoffice_export_of_report_03() {
    let i = same_as_html("03_pingtan-jinjingpianqu-2020");
    assert_eq!(i.report.meta.organ, "平潭综合实验区金井片区管理局");
    // The title wrapped onto a centred second line is one title, not a preamble paragraph.
    assert!(
        i.report
            .preamble
            .first()
            .is_some_and(|p| p.starts_with("根据")),
        "{:?}",
        i.report.preamble
    );
    // The row broken across pages 3 and 4 (「7.属于行政执」 / 「法案卷」) is read whole.
    let t = &i.report.tables["表三"];
    assert!(
        t.cells.keys().any(|(r, _)| r.contains("行政执法案卷")),
        "{t:?}"
    );
}

#[test]
fn libreoffice_export_of_report_09() {
    let i = same_as_html("09_pingtan-ziranziyuanyushengtaihuanjingju-2023");
    assert_eq!(i.report.meta.year, 2023);
    // Ragged lines (LibreOffice does not justify) still join into one paragraph.
    assert!(
        i.report
            .preamble
            .iter()
            .any(|p| p.contains("总体情况、主动公开政府信息情况")),
        "{:?}",
        i.report.preamble
    );
}

#[test]
fn scanned_pdf_is_refused() {
    let bytes = std::fs::read(format!("{PDF_DIR}/scanned.pdf")).unwrap();
    let e = import(&bytes, "scan.pdf").unwrap_err();
    assert!(matches!(e, ImportError::Unrecognized(_)), "{e}");
    let msg = e.to_string();
    assert!(msg.contains("扫描件（只有图片，没有文字）"), "{msg}");
    assert!(msg.contains("请找原 DOCX/WPS 文件或网页版本"), "{msg}");
    assert_eq!(e.exit_code(), 2);
}

#[test]
fn encrypted_pdf_is_refused_but_permissions_only_is_read() {
    let bytes = std::fs::read(format!("{PDF_DIR}/encrypted.libreoffice.pdf")).unwrap();
    let e = import(&bytes, "enc.pdf").unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("已加密") && msg.contains("密码"), "{msg}");
    // Only an owner password (copying restricted): the text is read; this tiny file is not
    // a whole report, so the error is about the content, not the encryption.
    let bytes = std::fs::read(format!("{PDF_DIR}/permissions.libreoffice.pdf")).unwrap();
    let e = import(&bytes, "perm.pdf").unwrap_err();
    let msg = e.to_string();
    assert!(!msg.contains("加密") && !msg.contains("扫描件"), "{msg}");
}

#[test]
fn old_office_files_are_refused_with_advice() {
    let e = import(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0\0\0", "report.doc").unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("另存为") && msg.contains("DOCX") && msg.contains("XLSX"),
        "{msg}"
    );
}

/// A small valid PDF with the given page content and extra objects (numbered from 4).
fn tiny_pdf(content: &[u8], filter: &str, extra: &[Vec<u8>], resources: &str) -> Vec<u8> {
    let mut objs: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {resources} /Contents {} 0 R >>",
            4 + extra.len()
        )
        .into_bytes(),
    ];
    objs.extend(extra.iter().cloned());
    let mut c = format!("<< /Length {} {filter} >>\nstream\n", content.len()).into_bytes();
    c.extend_from_slice(content);
    c.extend_from_slice(b"\nendstream");
    objs.push(c);
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (k, o) in objs.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", k + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn hostile_pdfs_end_with_an_error() {
    // A form that draws itself ten times at every level.
    let form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /F 4 0 R >> >> /Length 59 >>\nstream\n/F Do /F Do /F Do /F Do /F Do /F Do /F Do /F Do /F Do /F Do\nendstream".to_vec();
    let pdf = tiny_pdf(b"/F Do", "", &[form], "<< /XObject << /F 4 0 R >> >>");
    let e = import(&pdf, "x.pdf").unwrap_err();
    assert!(e.to_string().contains("没有任何文字"), "{e}");
    // Deeply nested q, arrays and a text string without a font.
    let mut deep = b"q ".repeat(5000);
    deep.extend(b"[".repeat(5000));
    deep.extend(b" BT (abc) Tj ET");
    let e = import(&tiny_pdf(&deep, "", &[], "<< >>"), "x.pdf").unwrap_err();
    assert!(matches!(e, ImportError::Unrecognized(_)), "{e}");
    // A page tree with no pages, and no trailer at all.
    for junk in [
        &b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"[..],
        b"%PDF-1.4\n%%EOF",
        b"%PDF-",
    ] {
        let e = import(junk, "x.pdf").unwrap_err();
        assert_eq!(e.exit_code(), 2, "{e}");
    }
}

/// A flate stream that inflates past the per-stream limit (a decompression bomb) as page content.
#[test]
fn decompression_bomb_is_bounded() {
    use std::io::Write;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..(nianbao::import::pdf::MAX_STREAM_BYTES >> 20) + 4 {
        enc.write_all(&chunk).unwrap();
    }
    let bomb = enc.finish().unwrap();
    assert!(bomb.len() < 1_000_000, "{}", bomb.len());
    let pdf = tiny_pdf(&bomb, "/Filter /FlateDecode", &[], "<< >>");
    let e = import(&pdf, "x.pdf").unwrap_err();
    assert_eq!(e.exit_code(), 2, "{e}");
}

#[test]
fn truncated_and_garbled_pdfs_never_panic() {
    let src = std::fs::read(format!(
        "{PDF_DIR}/09_pingtan-ziranziyuanyushengtaihuanjingju-2023.libreoffice.pdf"
    ))
    .unwrap();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    // Truncations: an error or a partial reading, never a panic.
    for k in 1..40 {
        let cut = src.len() * k / 40;
        let _ = import(&src[..cut], "x.pdf");
    }
    // Garbled bytes and garbled runs.
    for _ in 0..40 {
        let mut b = src.clone();
        for _ in 0..20 {
            let at = (next() as usize) % b.len();
            b[at] = next() as u8;
        }
        let _ = import(&b, "x.pdf");
        let mut b = src.clone();
        let at = (next() as usize) % b.len();
        let len = ((next() as usize) % 4096).min(b.len() - at);
        for x in &mut b[at..at + len] {
            *x = next() as u8;
        }
        let _ = import(&b, "x.pdf");
    }
    // Pure garbage after a PDF header.
    let mut junk = b"%PDF-1.7\n".to_vec();
    junk.extend((0..20_000).map(|_| next() as u8));
    assert!(import(&junk, "x.pdf").is_err());
}
