//! Round trip of every example through this project's own DOCX and XLSX: the same headings
//! (level, text, run-in body), paragraphs and numbers come back.

use nianbao::import::{ImportOptions, import_bytes};
use nianbao::model::{Block, Report};

fn examples() -> Vec<(String, Report)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let text = std::fs::read_to_string(format!("{dir}/{n}")).unwrap();
            let r = nianbao::source::load_str(&text).unwrap().report;
            (n, r)
        })
        .collect()
}

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
