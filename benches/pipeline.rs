//! Benchmarks (`cargo bench --bench pipeline`): check, layout, each format, a batch of 100
//! reports in all formats, and — where LibreOffice is installed — the conventional route
//! (LibreOffice converting DOCX to PDF) measured in the same run. Plain timing loop; prints a table.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use nianbao::pipeline::{self, BuildOptions, Format};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let _ = f(); // warm-up
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let examples = [
        "examples/zhangdian-minzheng-2020.yaml",
        "examples/shili-jiaoyuju-2024.yaml",
    ];
    println!("| what | {} | {} |", examples[0], examples[1]);
    println!("|---|---|---|");
    let loaded: Vec<_> = examples
        .iter()
        .map(|f| {
            nianbao::source::load_file(Path::new(f))
                .expect("example loads")
                .report
        })
        .collect();
    let row = |name: &str, f: &dyn Fn(usize) -> Duration| {
        println!("| {name} | {} | {} |", ms(f(0)), ms(f(1)));
    };
    row("load + check", &|i| {
        time(50, || {
            let r = nianbao::source::load_file(Path::new(examples[i])).unwrap();
            nianbao::check::check(&r.report)
        })
    });
    row("layout", &|i| {
        time(50, || nianbao::layout::document(&loaded[i]))
    });
    let opts = BuildOptions::default();
    for format in Format::all() {
        row(&format!("render {format}"), &|i| {
            let doc = nianbao::layout::document(&loaded[i]);
            let mut notes = Vec::new();
            time(20, || {
                pipeline::render(format, &loaded[i], &doc, &[], &opts, &mut notes)
            })
        });
    }

    // Import of legacy reports: the portal text and an HTML page.
    for (name, file) in [
        (
            "import text (zhangdian portal copy)",
            "tests/fixtures/legacy/zhangdian-minzheng-2020.txt",
        ),
        (
            "import HTML (09, 120 KB page)",
            "tests/fixtures/legacy/09_pingtan-ziranziyuanyushengtaihuanjingju-2023.html",
        ),
    ] {
        let bytes = std::fs::read(file).unwrap();
        let opts = nianbao::import::ImportOptions { partial: true };
        let t = time(30, || {
            nianbao::import::import_bytes(&bytes, Some(file), &opts).map(|i| i.notes.len())
        });
        println!("| {name} | {} | |", ms(t));
    }

    // A batch of 100 reports in all formats, through the same code as `nianbao build`.
    let dir = std::env::temp_dir().join(format!("nianbao-bench-{}", std::process::id()));
    let src_dir = dir.join("src");
    let out_dir = dir.join("out");
    std::fs::create_dir_all(&src_dir).unwrap();
    let text = std::fs::read_to_string(examples[1]).unwrap();
    let sources: Vec<PathBuf> = (0..100)
        .map(|i| {
            let p = src_dir.join(format!("r{i:03}.yaml"));
            std::fs::write(&p, text.replace("示例县教育局", &format!("示例县第{i}局"))).unwrap();
            p
        })
        .collect();
    let batch = BuildOptions {
        out_dir: Some(out_dir.clone()),
        ..Default::default()
    };
    for n in [10, 100] {
        let t = Instant::now();
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| {
                    while let Some(p) =
                        sources[..n].get(next.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
                    {
                        let r = pipeline::build_file(p, &batch);
                        assert!(r.succeeded(), "{:?}", r.failures);
                    }
                });
            }
        });
        println!(
            "| batch of {n} reports, all formats, {workers} threads | {} | peak RSS {:.0} MB |",
            ms(t.elapsed()),
            peak_rss_mb().unwrap_or(0.0)
        );
    }

    // The conventional route: LibreOffice headless converting DOCX to PDF.
    if Command::new("soffice").arg("--version").output().is_ok() {
        let docx: Vec<PathBuf> = std::fs::read_dir(&out_dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "docx"))
            .take(10)
            .collect();
        let lo_out = dir.join("lo");
        let t = Instant::now();
        let status = Command::new("soffice")
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&lo_out)
            .args(&docx)
            .output();
        let elapsed = t.elapsed();
        match status {
            Ok(o) if o.status.success() => println!(
                "| LibreOffice: {} DOCX → PDF (one soffice call) | {} | |",
                docx.len(),
                ms(elapsed)
            ),
            _ => println!("| LibreOffice conversion failed | | |"),
        }
    } else {
        println!("| LibreOffice not installed: conventional route not measured | | |");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
