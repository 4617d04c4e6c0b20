//! Fuzz target: any bytes through the YAML loader, the checker and the layout layer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((text, _)) = nianbao::input::decode_text(data) else {
        return;
    };
    if let Ok(loaded) = nianbao::source::load_str(&text) {
        let _ = nianbao::check::check(&loaded.report);
        let _ = nianbao::layout::document(&loaded.report);
        let _ = nianbao::source::write::to_yaml(&loaded.report, Default::default());
    }
});
