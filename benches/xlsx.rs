//! Timing loop for the XLSX writer (plain `harness = false`, no criterion).
//!
//! `cargo bench --bench xlsx` renders the example report repeatedly and prints the median and
//! best time per workbook. With `NIANBAO_BENCH_OUT=dir` it also writes the workbook there.

use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zhangdian-minzheng-2020.yaml");
    let report = match nianbao::source::load_file(&path) {
        Ok(l) => l.report,
        Err(e) => {
            eprintln!("cannot load {}: {e:?}", path.display());
            std::process::exit(1);
        }
    };
    let iterations = 50;
    let mut times: Vec<Duration> = Vec::with_capacity(iterations);
    let mut size = 0;
    for _ in 0..iterations {
        let start = Instant::now();
        let doc = nianbao::layout::document(&report);
        let findings = nianbao::check::check(&report);
        let bytes = match nianbao::render::xlsx::render(&report, &doc, &findings) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        };
        times.push(start.elapsed());
        size = bytes.len();
        if let Some(dir) = std::env::var_os("NIANBAO_BENCH_OUT") {
            let out = Path::new(&dir).join("zhangdian-minzheng-2020.xlsx");
            if let Err(e) = std::fs::write(&out, &bytes) {
                eprintln!("cannot write {}: {e}", out.display());
            }
        }
    }
    times.sort();
    println!(
        "xlsx: layout + check + render of the example, {iterations} runs: median {:.2} ms, best {:.2} ms, {size} bytes",
        times[iterations / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3
    );
}
