//! 汇总 timing and memory: `cargo bench --bench aggregate`.
//! 2,000 children (the 张店区民政局 fixture under 2,000 organ names) aggregated on 2 threads;
//! budget 2 s. Peak resident memory is printed after 200 and after 2,000 children: flat memory
//! means the second is not ten times the first (children are reduced to their values at once).

use std::path::PathBuf;
use std::time::Instant;

use nianbao::aggregate::{Options, aggregate, detail, source};

/// Peak resident set size in KiB (Linux), 0 elsewhere.
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn children(dir: &std::path::Path, n: usize) -> Vec<PathBuf> {
    let fixture = include_str!("../tests/fixtures/zhangdian-minzheng-2020.yaml");
    (0..n)
        .map(|i| {
            let p = dir.join(format!("c{i:04}.yaml"));
            let text = fixture.replace("机关: 张店区民政局", &format!("机关: 第{i}号单位"));
            std::fs::write(&p, text).expect("write child");
            p
        })
        .collect()
}

fn main() {
    let dir = std::env::temp_dir().join(format!("nianbao-bench-agg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let paths = children(&dir, 2000);
    let opts = Options {
        organ: "张店区人民政府".into(),
        year: 2020,
        force: true,
        threads: 2,
        ..Default::default()
    };
    for n in [200, 2000] {
        let t = Instant::now();
        let agg = aggregate(&paths[..n], &opts);
        let summed = t.elapsed();
        let peak_after_sum = peak_kib() / 1024;
        let yaml = source::yaml(&agg).map(|y| y.len()).unwrap_or(0);
        let written = t.elapsed();
        let xlsx = detail::workbook(&agg).map(|b| b.len()).unwrap_or(0);
        let all = t.elapsed();
        println!(
            "{n:>5} children: aggregate {:>7.1} ms (peak RSS {peak_after_sum} MiB), + source {:>7.1} ms ({yaml} bytes), + detail workbook {:>7.1} ms ({xlsx} bytes); peak RSS {} MiB",
            summed.as_secs_f64() * 1e3,
            written.as_secs_f64() * 1e3,
            all.as_secs_f64() * 1e3,
            peak_kib() / 1024
        );
        if n == 2000 && summed.as_secs_f64() > 2.0 {
            println!("OVER BUDGET: 2,000 children took more than 2 s");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
