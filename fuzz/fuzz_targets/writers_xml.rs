//! Fuzz target: arbitrary text in every text field (organ, preamble, paragraphs, headings,
//! contact), through the YAML writer and loader as a clerk's file would go, then the DOCX and
//! XLSX writers: every XML part of every package must parse.
#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;
use nianbao::model::Block;

const EXAMPLE: &str = include_str!("../../examples/shili-jiaoyuju-2024.yaml");

fn assert_parts_parse(bytes: &[u8]) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("name").into_owned();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut xml = String::new();
        entry.read_to_string(&mut xml).expect("utf-8 part");
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name}: {e}"),
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\u{1}');
    let mut next = || parts.next().unwrap_or("").to_owned();
    let mut report = nianbao::source::load_str(EXAMPLE).expect("example").report;
    report.meta.organ = next();
    report.meta.contact = Some(next());
    report.preamble = vec![next()];
    report.sections[0].blocks = vec![
        Block::Paragraph(next()),
        Block::Heading { level: 1, text: next(), body: Some(next()) },
    ];
    // As a clerk's file: written, then read back (the loader decides what text may hold).
    let yaml = nianbao::source::write::to_yaml(&report, Default::default());
    let Ok(loaded) = nianbao::source::load_str(&yaml) else {
        return;
    };
    let doc = nianbao::layout::document(&loaded.report);
    if let Ok(docx) = nianbao::render::docx::render(&doc) {
        assert_parts_parse(&docx);
    }
    if let Ok(xlsx) = nianbao::render::xlsx::render(&loaded.report, &doc, &loaded.diagnostics) {
        assert_parts_parse(&xlsx);
    }
});
