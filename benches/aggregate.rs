//! 汇总 timing and memory: `cargo bench --bench aggregate`.
//!
//! 2,000 children (the 张店区民政局 fixture — a legacy report with 146 blank cells and 勾稽
//! errors, so `--force` — under 2,000 organ names) aggregated on 2 threads; budget 2 s.
//! First the cost of one child by stage (one thread); then 200 and 2,000 children, with and
//! without the `--detail` workbook, each run in a fresh process so that its peak resident memory
//! is its own: flat memory means the 2,000 figure is not ten times the 200 one.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use nianbao::aggregate::{Options, aggregate, detail, read, source};

const RUN: &str = "NIANBAO_BENCH_AGGREGATE_RUN";

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

const FIXTURE: &str = include_str!("../tests/fixtures/zhangdian-minzheng-2020.yaml");

fn child_text(i: usize) -> String {
    FIXTURE.replace("机关: 张店区民政局", &format!("机关: 第{i}号单位"))
}

fn children(dir: &Path, n: usize) -> Vec<PathBuf> {
    (0..n)
        .map(|i| {
            let p = dir.join(format!("c{i:04}.yaml"));
            std::fs::write(&p, child_text(i)).expect("write child");
            p
        })
        .collect()
}

fn paths(dir: &Path, n: usize) -> Vec<PathBuf> {
    (0..n).map(|i| dir.join(format!("c{i:04}.yaml"))).collect()
}

/// CPU time of the process so far (all threads, user + system), in ms (Linux), 0 elsewhere.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // Fields after the command name (which is in parentheses): utime is the 12th, stime the 13th.
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks * 10.0)
        })
        .unwrap_or(0.0)
}

/// Mean microseconds of `f` over `n` runs.
fn per_call(n: usize, mut f: impl FnMut(usize)) -> f64 {
    let t = Instant::now();
    for i in 0..n {
        f(i);
    }
    t.elapsed().as_secs_f64() * 1e6 / n as f64
}

/// Where one child's time goes, on one thread.
fn stages(dir: &Path) {
    const N: usize = 300;
    let text = child_text(7);
    let loaded = nianbao::source::load_str(&text).expect("fixture loads");
    let report = loaded.report;
    let prescan = per_call(N, |_| {
        black_box(nianbao::source::prescan::prescan(black_box(&text)));
    });
    let pre = nianbao::source::prescan::prescan(&text).text;
    let parse = per_call(N, |_| {
        black_box(nianbao::source::tree::parse(black_box(&pre)).ok());
    });
    let load = per_call(N, |_| {
        black_box(nianbao::source::load_str(black_box(&text)).ok());
    });
    let derive = per_call(N, |_| {
        black_box(nianbao::derive::compute(black_box(&report)).ok());
    });
    let check = per_call(N, |_| {
        black_box(nianbao::check::check(black_box(&report)));
    });
    let files = paths(dir, N);
    let whole = per_call(N, |i| {
        black_box(read::read_child(&files[i]));
    });
    println!(
        "one child (µs, 1 thread): prescan {prescan:.0}, YAML tree {parse:.0}, load total (prescan + tree + model) {load:.0}; derive {derive:.0}; check (incl. derive, narrative) {check:.0}; read_child (file, hash, load, check, values) {whole:.0}"
    );
}

/// One measured run (in its own process): `n` children, with or without the workbook.
fn run(dir: &Path, n: usize, with_detail: bool) {
    let opts = Options {
        organ: "张店区人民政府".into(),
        year: 2020,
        force: true,
        threads: 2,
        ..Default::default()
    };
    let files = paths(dir, n);
    let base = peak_kib();
    let cpu = cpu_ms();
    let t = Instant::now();
    let agg = aggregate(&files, &opts);
    let summed = t.elapsed();
    black_box(source::yaml(&agg));
    let written = t.elapsed();
    let xlsx = if with_detail {
        detail::workbook(&agg).map(|b| b.len()).unwrap_or(0)
    } else {
        0
    };
    let all = t.elapsed();
    let cpu = cpu_ms() - cpu;
    let detail_part = if with_detail {
        format!(
            ", + detail workbook {:>6.0} ms ({} KB)",
            (all - written).as_secs_f64() * 1e3,
            xlsx / 1024
        )
    } else {
        String::new()
    };
    println!(
        "{n:>5} children{}: aggregate {:>6.0} ms, + source {:>4.0} ms{detail_part}; total {:>6.0} ms (CPU {cpu:.0} ms); peak RSS {} MiB (process start {} MiB)",
        if with_detail {
            " + detail"
        } else {
            "         "
        },
        summed.as_secs_f64() * 1e3,
        (written - summed).as_secs_f64() * 1e3,
        all.as_secs_f64() * 1e3,
        peak_kib() / 1024,
        base / 1024
    );
    if n == 2000 && summed.as_secs_f64() > 2.0 {
        println!("OVER BUDGET: 2,000 children took more than 2 s");
    }
}

fn main() {
    if let Ok(spec) = std::env::var(RUN) {
        let mut it = spec.splitn(3, '|');
        let n: usize = it.next().and_then(|s| s.parse().ok()).expect("n");
        let with_detail = it.next() == Some("detail");
        let dir = PathBuf::from(it.next().expect("dir"));
        run(&dir, n, with_detail);
        return;
    }
    let dir = std::env::temp_dir().join(format!("nianbao-bench-agg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    children(&dir, 2000);
    stages(&dir);
    let me = std::env::current_exe().expect("bench binary");
    for with_detail in [false, true] {
        for n in [200, 2000] {
            let spec = format!(
                "{n}|{}|{}",
                if with_detail { "detail" } else { "plain" },
                dir.display()
            );
            let out = Command::new(&me).env(RUN, spec).output().expect("run");
            print!("{}", String::from_utf8_lossy(&out.stdout));
            if !out.status.success() {
                eprint!("{}", String::from_utf8_lossy(&out.stderr));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
