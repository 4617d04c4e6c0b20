//! Shared test support: the binary, fresh temporary directories, ZIP parts and external tools.
//!
//! Each integration test that needs it says `mod support;`; not every test uses every helper.
#![allow(dead_code)]

use std::io::Read;
use std::path::PathBuf;
use std::process::Command;

/// The `nianbao` binary built for this test run.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
}

/// Runs the binary with `args`: exit code, standard output, standard error.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh, empty directory for one test: `nianbao-{tag}-{pid}` under the system temp dir.
pub fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nianbao-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The text of one part of a ZIP package (DOCX/XLSX), e.g. `word/document.xml`.
pub fn zip_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut f = zip.by_name(name).expect(name);
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf8");
    s
}

/// Does `tool arg` run and succeed (e.g. `soffice --version`)?
pub fn have(tool: &str, arg: &str) -> bool {
    Command::new(tool)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Is `tool` installed? When not, prints a visible note that `what` is skipped.
pub fn need(tool: &str, arg: &str, what: &str) -> bool {
    let ok = have(tool, arg);
    if !ok {
        eprintln!("note: {tool} not installed; {what} skipped");
    }
    ok
}

/// A text line of a PDF as `pdftotext -bbox-layout` reports it: box and text.
#[derive(Debug, Clone)]
pub struct PdfLine {
    /// Left edge (pt).
    pub x0: f32,
    /// Top edge from the page top (pt).
    pub y0: f32,
    /// Right edge (pt).
    pub x1: f32,
    /// The words, joined without spaces.
    pub text: String,
}

fn bbox_attr(e: &quick_xml::events::BytesStart, name: &str) -> f32 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.parse().ok())
        .unwrap_or(0.0)
}

/// Pages of text lines of a PDF (needs `pdftotext`), lines on one baseline merged (table cells
/// of one row become one line), sorted top to bottom.
pub fn pdf_lines(pdf: &std::path::Path) -> Vec<Vec<PdfLine>> {
    use quick_xml::events::Event;
    let out = Command::new("pdftotext")
        .arg("-bbox-layout")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut pages: Vec<Vec<PdfLine>> = Vec::new();
    let mut in_word = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.name().as_ref() {
                "page" => pages.push(Vec::new()),
                "line" => {
                    if let Some(p) = pages.last_mut() {
                        p.push(PdfLine {
                            x0: bbox_attr(&e, "xMin"),
                            y0: bbox_attr(&e, "yMin"),
                            x1: bbox_attr(&e, "xMax"),
                            text: String::new(),
                        });
                    }
                }
                "word" => in_word = true,
                _ => {}
            },
            Ok(Event::End(e)) if e.name().as_ref() == "word" => in_word = false,
            Ok(Event::Text(t)) if in_word => {
                if let Some(l) = pages.last_mut().and_then(|p| p.last_mut()) {
                    l.text.push_str(&t.into_inner());
                }
            }
            Ok(Event::GeneralRef(r)) if in_word => {
                if let Some(l) = pages.last_mut().and_then(|p| p.last_mut()) {
                    l.text.push_str(match r.into_inner().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        _ => "\"",
                    });
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    for page in &mut pages {
        page.sort_by(|a, b| a.y0.total_cmp(&b.y0).then(a.x0.total_cmp(&b.x0)));
        let mut merged: Vec<PdfLine> = Vec::new();
        for l in page.drain(..) {
            match merged.last_mut() {
                Some(m) if (m.y0 - l.y0).abs() < 3.0 => {
                    m.x0 = m.x0.min(l.x0);
                    m.x1 = m.x1.max(l.x1);
                    m.text.push_str(&l.text);
                }
                _ => merged.push(l),
            }
        }
        *page = merged;
    }
    pages
}

/// Every example source (`examples/*.yaml`), by file name in order, loaded.
pub fn examples() -> Vec<(String, nianbao::model::Report)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no examples");
    names
        .into_iter()
        .map(|n| {
            let text = std::fs::read_to_string(format!("{dir}/{n}")).unwrap();
            let r = nianbao::source::load_str(&text).unwrap().report;
            (n, r)
        })
        .collect()
}

/// Asserts that every cell of every table of `want` has the same value in `got` (a blank
/// cell stays blank or absent); `notes` is shown with a mismatch. Returns how many values
/// were compared.
pub fn assert_same_cells(
    want: &nianbao::model::Report,
    got: &nianbao::model::Report,
    what: &str,
    notes: &str,
) -> usize {
    let mut n = 0;
    for (id, t) in &want.tables {
        for ((r, c), cell) in &t.cells {
            let v = got
                .tables
                .get(id)
                .and_then(|x| x.get(r, c))
                .map(|x| x.value);
            match cell.value {
                Some(x) => {
                    assert_eq!(v, Some(Some(x)), "{what}: {id} {r} {c}\n{notes}");
                    n += 1;
                }
                None => assert!(
                    matches!(v, None | Some(None)),
                    "{what}: {id} {r} {c} = {v:?}"
                ),
            }
        }
    }
    n
}

/// A copy of a ZIP package (DOCX/XLSX) with each part's bytes passed through `edit(name, data)`.
pub fn rewrite_zip(bytes: &[u8], mut edit: impl FnMut(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    use std::io::Write;
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).expect("part");
            let name = f.name().expect("name").into_owned();
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read part");
            let data = edit(&name, data);
            z.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("start part");
            z.write_all(&data).expect("write part");
        }
        z.finish().expect("finish zip");
    }
    out.into_inner()
}
