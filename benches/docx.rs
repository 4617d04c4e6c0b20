//! Timing loop for the DOCX writer (no criterion): layout + render of the example report.
//!
//! Run with `cargo bench --bench docx`; prints the median and best wall time per build.

use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zhangdian-minzheng-2020.yaml");
    let report = match nianbao::source::load_file(&path) {
        Ok(loaded) => loaded.report,
        Err(e) => {
            eprintln!("cannot load {}: {e:?}", path.display());
            return;
        }
    };
    let runs = 200;
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let doc = nianbao::layout::document(&report);
        let bytes = match nianbao::render::docx::render(&doc) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("render failed: {e}");
                return;
            }
        };
        times.push(start.elapsed());
        size = bytes.len();
    }
    times.sort();
    println!(
        "docx: {} bytes; layout+render median {:.2} ms, best {:.2} ms, worst {:.2} ms over {runs} runs",
        size,
        times[runs / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[runs - 1].as_secs_f64() * 1e3,
    );
}
