//! Fuzz target: any bytes through every importer (sniffing picks text, HTML, DOCX or XLSX),
//! then the YAML writer and loader on whatever was imported.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nianbao::import::{ImportOptions, import_bytes};

fuzz_target!(|data: &[u8]| {
    for name in [None, Some("a.docx"), Some("a.xlsx"), Some("a.html")] {
        if let Ok(imported) = import_bytes(data, name, &ImportOptions { partial: true }) {
            let yaml = nianbao::source::write::to_yaml(&imported.report, Default::default());
            let loaded = nianbao::source::load_str(&yaml).expect("writer output loads");
            let _ = nianbao::check::check(&loaded.report);
        }
    }
});
