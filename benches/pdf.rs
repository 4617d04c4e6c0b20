//! PDF writer timing (plain `harness = false`, no criterion): `cargo bench --bench pdf`.
//!
//! Prints the median time of layout + typesetting + writing the example report with the bundled
//! fonts and with the fonts resolved on this machine, the time of the system font scan, the PDF
//! sizes and the process's peak resident memory.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use nianbao::fonts::{self, FontSet};
use nianbao::layout;
use nianbao::render::pdf::{self, PdfOptions};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(black_box(f()));
        times.push(t.elapsed());
    }
    (median(times), last.expect("runs > 0"))
}

fn peak_rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zhangdian-minzheng-2020.yaml");
    let (t_load, report) = time(5, || {
        nianbao::source::load_file(&path)
            .expect("fixture loads")
            .report
    });
    let (t_layout, doc) = time(20, || layout::document(&report));
    let bundled = FontSet::bundled();
    let opts = PdfOptions::default();
    let (t_bundled, out) = time(20, || pdf::render(&doc, &bundled, &opts).expect("renders"));
    println!(
        "load {t_load:?}, layout {t_layout:?}, render (bundled fonts) {t_bundled:?}: {} pages, {} bytes",
        out.pages,
        out.bytes.len()
    );
    if let Some(kb) = peak_rss_kb() {
        println!(
            "peak RSS so far (bundled fonts only) {:.1} MB",
            kb as f64 / 1024.0
        );
    }
    let (t_scan, system) = time(3, || fonts::resolve(&BTreeMap::new()));
    let (t_system, out) = time(10, || pdf::render(&doc, &system, &opts).expect("renders"));
    println!(
        "system font scan + resolve {t_scan:?}; render (system fonts: {}) {t_system:?}: {} bytes",
        system.family(layout::FontRole::Body),
        out.bytes.len()
    );
    let pdfa = PdfOptions {
        pdfa: true,
        ..PdfOptions::default()
    };
    let (t_pdfa, out) = time(10, || pdf::render(&doc, &bundled, &pdfa).expect("renders"));
    println!(
        "render PDF/A-2b (bundled) {t_pdfa:?}: {} bytes",
        out.bytes.len()
    );
    if let Some(kb) = peak_rss_kb() {
        println!("peak RSS {:.1} MB", kb as f64 / 1024.0);
    }
}
