//! One report in every format: time and peak memory (`cargo bench --bench report`).
//!
//! Each font configuration runs in its own process (this binary started again with
//! `NIANBAO_BENCH_FONTS=system|bundled`), so its peak resident memory (`VmHWM`) is its own:
//! load + check + layout + DOCX, XLSX, PDF and HTML of `examples/shili-jiaoyuju-2024.yaml`,
//! written to a temporary directory. The first build (with the system font scan) and the
//! median of 20 more are reported. Then LibreOffice converts the same DOCX to PDF in one
//! `soffice` run (warm profile), timed and measured with `/usr/bin/time -v` where present.
//! Target: under 40 MB and 60 ms per report in all formats, with system and bundled fonts.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use nianbao::fonts::{self, FontSet};
use nianbao::pipeline::{self, BuildOptions, Format};
use nianbao::render::pdf::{self, PdfOptions};

const EXAMPLE: &str = "examples/shili-jiaoyuju-2024.yaml";
const RUNS: usize = 20;

fn peak_rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// CPU time (user + system) this process has used, from `/proc/self/stat` (100 ticks a second):
/// less sensitive than wall time to other processes competing for the cores.
fn cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses): state is field 3, utime 14, stime 15.
    let rest = s.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Steps of one build, in order, with their times.
type Steps = Vec<(&'static str, Duration)>;

/// One build of the report in every format, written to `out`: the PDF's size and step times.
fn build_once(path: &Path, out: &Path, bundled: bool) -> (usize, Steps) {
    let mut steps: Steps = Vec::new();
    let mut t = Instant::now();
    let mut lap = |name: &'static str, steps: &mut Steps| {
        steps.push((name, t.elapsed()));
        t = Instant::now();
    };
    let loaded = nianbao::source::load_file(path).expect("example loads");
    let report = loaded.report;
    let findings = nianbao::check::check(&report);
    let doc = nianbao::layout::document(&report);
    lap("load+check+layout", &mut steps);
    let opts = BuildOptions::default();
    let mut notes = Vec::new();
    let mut pdf_len = 0;
    for format in Format::all() {
        let bytes = if format == Format::Pdf {
            let set = if bundled {
                FontSet::bundled()
            } else {
                fonts::resolve(&report.meta.fonts)
            };
            pdf::render(&doc, &set, &PdfOptions::default())
                .expect("pdf renders")
                .bytes
        } else {
            pipeline::render(format, &report, &doc, &findings, &opts, &mut notes).expect("renders")
        };
        if format == Format::Pdf {
            pdf_len = bytes.len();
        }
        std::fs::write(out.join(format!("report.{}", format.extension())), &bytes).expect("writes");
        lap(format.extension(), &mut steps);
    }
    (pdf_len, steps)
}

/// Child: measure one configuration, print `first_ms median_ms peak_kb pdf_bytes cpu_ms` and then
/// the median of each step.
fn child(mode: &str) {
    let out = std::env::temp_dir().join(format!("nianbao-bench-report-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let bundled = mode == "bundled";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE);
    let t = Instant::now();
    let (pdf_len, _) = build_once(&path, &out, bundled);
    let first = t.elapsed();
    let mut times = Vec::new();
    let mut per_step: Vec<(&'static str, Vec<Duration>)> = Vec::new();
    let cpu0 = cpu_time();
    for _ in 0..RUNS {
        let t = Instant::now();
        let (_, steps) = std::hint::black_box(build_once(&path, &out, bundled));
        times.push(t.elapsed());
        for (i, (name, d)) in steps.into_iter().enumerate() {
            if per_step.len() <= i {
                per_step.push((name, Vec::new()));
            }
            per_step[i].1.push(d);
        }
    }
    let cpu = match (cpu0, cpu_time()) {
        (Some(a), Some(b)) => ms(b.saturating_sub(a)) / RUNS as f64,
        _ => 0.0,
    };
    times.sort();
    let _ = std::fs::remove_dir_all(&out);
    println!(
        "{:.1} {:.1} {} {pdf_len} {cpu:.1}",
        ms(first),
        ms(times[RUNS / 2]),
        peak_rss_kb().unwrap_or(0)
    );
    let steps: Vec<String> = per_step
        .into_iter()
        .map(|(name, mut v)| {
            v.sort();
            format!("{name} {:.1} ms", ms(v[v.len() / 2]))
        })
        .collect();
    println!("{}", steps.join(", "));
}

/// LibreOffice converting `docx` to PDF: wall time and peak memory (MB) where measurable.
fn libreoffice(docx: &Path, dir: &Path) -> Option<(Duration, Option<f64>)> {
    Command::new("soffice").arg("--version").output().ok()?;
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("lo-profile").display()
    );
    let convert = |timed: bool| {
        let mut cmd = if timed && Path::new("/usr/bin/time").exists() {
            let mut c = Command::new("/usr/bin/time");
            c.arg("-v").arg("soffice");
            c
        } else {
            Command::new("soffice")
        };
        cmd.arg(&profile)
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(dir.join("lo"))
            .arg(docx);
        let t = Instant::now();
        let out = cmd.output().ok()?;
        let elapsed = t.elapsed();
        out.status.success().then_some(())?;
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let peak = stderr
            .lines()
            .find(|l| l.contains("Maximum resident set size"))
            .and_then(|l| l.rsplit(':').next()?.trim().parse::<f64>().ok())
            .map(|kb| kb / 1024.0);
        Some((elapsed, peak))
    };
    convert(false)?; // first start creates the profile: not timed
    convert(true)
}

fn main() {
    if let Ok(mode) = std::env::var("NIANBAO_BENCH_FONTS") {
        child(&mode);
        return;
    }
    let exe = std::env::current_exe().expect("own path");
    println!("One report in all formats ({EXAMPLE}; {RUNS} runs, median; one process per row)");
    println!();
    println!("| fonts | first build | median build | CPU per build | peak RSS | PDF size |");
    println!("|---|---|---|---|---|---|");
    let mut breakdown = Vec::new();
    for mode in ["system", "bundled"] {
        let out = Command::new(&exe)
            .env("NIANBAO_BENCH_FONTS", mode)
            .output()
            .expect("bench child runs");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut lines = text.lines();
        let line = lines.next().unwrap_or_default();
        let steps = lines.next().unwrap_or_default().to_owned();
        let v: Vec<f64> = line
            .split_whitespace()
            .filter_map(|x| x.parse().ok())
            .collect();
        if v.len() != 5 {
            println!(
                "| {mode} | failed: {} | | | | |",
                String::from_utf8_lossy(&out.stderr)
            );
            continue;
        }
        println!(
            "| {mode} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} MB | {:.0} KB |",
            v[0],
            v[1],
            v[4],
            v[2] / 1024.0,
            v[3] / 1024.0
        );
        breakdown.push(format!("  {mode}: {steps}"));
    }
    for b in breakdown {
        println!("{b}");
    }
    let set = fonts::resolve(&Default::default());
    for r in &set.roles {
        println!("  system {}: {} ({})", r.role.key(), r.family, r.source);
    }

    let dir: PathBuf =
        std::env::temp_dir().join(format!("nianbao-bench-lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let report = nianbao::source::load_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join(EXAMPLE))
        .expect("example loads")
        .report;
    let doc = nianbao::layout::document(&report);
    let docx = dir.join("report.docx");
    std::fs::write(&docx, nianbao::render::docx::render(&doc).expect("docx")).unwrap();
    match libreoffice(&docx, &dir) {
        Some((t, peak)) => println!(
            "| LibreOffice: the same DOCX → PDF (one soffice run, warm profile) | | {:.0} ms | | {} | |",
            ms(t),
            peak.map_or("not measured (no /usr/bin/time)".into(), |p| format!(
                "{p:.0} MB"
            ))
        ),
        None => println!("| LibreOffice not installed or failed: not measured | | | | | |"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}
