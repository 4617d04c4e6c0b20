//! Import timing over the legacy corpus: `cargo bench --bench import`.
//! Plain timing loop (no harness): mean and worst time per file, budget 20 ms.

use std::time::{Duration, Instant};

use nianbao::import::{ImportOptions, import_bytes};

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/legacy");
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(d) => d
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect(),
        Err(e) => {
            eprintln!("{dir}: {e}");
            return;
        }
    };
    names.sort();
    let rounds = 50;
    let mut worst_overall = Duration::ZERO;
    for n in &names {
        let Ok(bytes) = std::fs::read(format!("{dir}/{n}")) else {
            continue;
        };
        let opts = ImportOptions { partial: true };
        let mut total = Duration::ZERO;
        let mut worst = Duration::ZERO;
        for _ in 0..rounds {
            let t = Instant::now();
            let r = import_bytes(&bytes, Some(n), &opts);
            let d = t.elapsed();
            std::hint::black_box(&r);
            total += d;
            worst = worst.max(d);
        }
        worst_overall = worst_overall.max(worst);
        println!(
            "{:>9.3} ms mean {:>9.3} ms worst  {:>7} bytes  {n}",
            total.as_secs_f64() * 1000.0 / f64::from(rounds),
            worst.as_secs_f64() * 1000.0,
            bytes.len()
        );
    }
    println!(
        "worst single import: {:.3} ms (budget 20 ms) {}",
        worst_overall.as_secs_f64() * 1000.0,
        if worst_overall < Duration::from_millis(20) {
            "ok"
        } else {
            "OVER BUDGET"
        }
    );
    // Pathological inputs (formerly wall-clock asserts in tests/import.rs).
    if let Ok(full) = std::fs::read_to_string(format!("{dir}/11_pingtan-shehuishiyeju-2024.txt")) {
        let long = full
            .replace("00202000001324015", &"1020304050607080901".repeat(6))
            .replace("2000002", &"1234567".repeat(9));
        let t = Instant::now();
        let _ = import_bytes(long.as_bytes(), None, &ImportOptions { partial: true });
        println!(
            "long digit runs: {:.0} ms (budget 5 s)",
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    pdfs();
    let big = "这是一段与年度报告无关的文字，".repeat(200_000);
    let t = Instant::now();
    let _ = import_bytes(big.as_bytes(), None, &ImportOptions::default());
    println!(
        "9 MB non-report refused: {:.0} ms (budget 10 s)",
        t.elapsed().as_secs_f64() * 1000.0
    );
}

/// PDF imports: the LibreOffice fixtures and this project's own PDF of each example (the PDF
/// itself is rendered once, outside the timing).
fn pdfs() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pdf");
    let mut inputs: Vec<(String, Vec<u8>)> = Vec::new();
    for n in [
        "03_pingtan-jinjingpianqu-2020.libreoffice.pdf",
        "09_pingtan-ziranziyuanyushengtaihuanjingju-2023.libreoffice.pdf",
    ] {
        if let Ok(b) = std::fs::read(format!("{dir}/{n}")) {
            inputs.push((n.to_owned(), b));
        }
    }
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    for n in ["zhangdian-minzheng-2020.yaml", "shili-jiaoyuju-2024.yaml"] {
        let Ok(text) = std::fs::read_to_string(format!("{examples}/{n}")) else {
            continue;
        };
        let Ok(src) = nianbao::source::load_str(&text) else {
            continue;
        };
        let doc = nianbao::layout::document(&src.report);
        let fonts = nianbao::fonts::FontSet::bundled();
        if let Ok(out) = nianbao::render::pdf::render(&doc, &fonts, &Default::default()) {
            inputs.push((format!("{n} → pdf ({} 页)", out.pages), out.bytes));
        }
    }
    let rounds = 20;
    for (n, bytes) in &inputs {
        let mut total = Duration::ZERO;
        let mut worst = Duration::ZERO;
        for _ in 0..rounds {
            let t = Instant::now();
            let r = import_bytes(bytes, Some("x.pdf"), &ImportOptions { partial: true });
            let d = t.elapsed();
            std::hint::black_box(&r);
            total += d;
            worst = worst.max(d);
        }
        println!(
            "{:>9.3} ms mean {:>9.3} ms worst  {:>7} bytes  {n}",
            total.as_secs_f64() * 1000.0 / f64::from(rounds),
            worst.as_secs_f64() * 1000.0,
            bytes.len()
        );
    }
}
