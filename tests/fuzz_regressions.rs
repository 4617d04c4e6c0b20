//! Inputs the fuzzers found crashing, kept as regression tests: each must import (or be
//! refused) without a panic, and whatever is imported must be written as YAML that loads.

use nianbao::import::{ImportOptions, import_bytes};

fn writes_loadable_yaml(file: &str) {
    let data = std::fs::read(file).unwrap();
    for name in [None, Some("a.docx"), Some("a.xlsx"), Some("a.html")] {
        if let Ok(imported) = import_bytes(&data, name, &ImportOptions { partial: true }) {
            let yaml = nianbao::source::write::to_yaml(&imported.report, Default::default());
            if let Err(e) = nianbao::source::load_str(&yaml) {
                panic!("{file} as {name:?}: written YAML does not load: {e:?}");
            }
        }
    }
}

/// An organ name with a control character (U+000F) broke the `# title` comment line.
#[test]
fn control_character_in_the_title() {
    writes_loadable_yaml("tests/fixtures/fuzz/import-control-char-in-title.bin");
}
