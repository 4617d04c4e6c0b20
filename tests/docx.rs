//! DOCX writer: read the generated file back (unzip + XML) and check page setup, styles,
//! tables with the official merges, numbers, properties and determinism.

use std::io::Read;
use std::path::Path;

use nianbao::layout::{self, Document, Item};
use nianbao::render::docx;

fn fixture() -> Document {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zhangdian-minzheng-2020.yaml");
    let report = nianbao::source::load_file(&path)
        .expect("fixture loads")
        .report;
    layout::document(&report)
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut f = zip.by_name(name).expect(name);
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf8");
    s
}

fn build() -> (Document, Vec<u8>) {
    let doc = fixture();
    let bytes = docx::render(&doc).expect("renders");
    if let Ok(dir) = std::env::var("NIANBAO_DOCX_OUT") {
        std::fs::write(Path::new(&dir).join("fixture.docx"), &bytes).expect("write");
    }
    (doc, bytes)
}

#[test]
fn writes_a_docx() {
    let (_, bytes) = build();
    assert!(bytes.starts_with(b"PK"));
}
