//! Benchmark (`cargo bench --bench shapes`): sources of about 100 KB in adversarial shapes
//! (a long organ, one huge paragraph, thousands of headings or paragraphs, unbroken Latin or
//! punctuation), each checked, laid out and rendered in all formats. Every layout step must stay
//! near-linear: each shape is expected well under 2 s. Plain timing loop; prints a table.

use std::time::Instant;

use nianbao::pipeline::{BuildOptions, Format, render};

const EXAMPLE: &str = include_str!("../examples/shili-jiaoyuju-2024.yaml");

fn with_body(body: &str) -> String {
    EXAMPLE.replacen(
        "    - 2024年，示例县教育局坚持",
        &format!("{body}\n    - 2024年，示例县教育局坚持"),
        1,
    )
}

/// Every number in the tables (`[3, 1, 25]`) replaced by a 15-digit one: the widest cells.
fn wide_cells(text: &str) -> String {
    text.lines()
        .map(|line| match (line.find('['), line.rfind(']')) {
            (Some(a), Some(b)) if a < b && !line.trim_start().starts_with('#') => {
                let cells: Vec<&str> = line[a + 1..b]
                    .split(',')
                    .map(|c| {
                        if c.trim().parse::<u64>().is_ok() {
                            "999999999999999"
                        } else {
                            c.trim()
                        }
                    })
                    .collect();
                format!("{}[{}]{}", &line[..a], cells.join(", "), &line[b + 1..])
            }
            _ => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn main() {
    let shapes: Vec<(&str, String)> = vec![
        (
            "organ of 6,400 characters",
            EXAMPLE.replace(
                "机关: 示例县教育局",
                &format!("机关: {}", "某".repeat(6400)),
            ),
        ),
        (
            "organ of 12,800 characters",
            EXAMPLE.replace(
                "机关: 示例县教育局",
                &format!("机关: {}", "某".repeat(12800)),
            ),
        ),
        (
            "one paragraph of 34,000 characters",
            with_body(&format!("    - {}", "公开".repeat(17000))),
        ),
        (
            "100,000 Latin letters unbroken",
            with_body(&format!("    - {}", "a".repeat(100_000))),
        ),
        (
            "30,000 full-width commas",
            with_body(&format!("    - {}", "，".repeat(30_000))),
        ),
        (
            "3,000 headings with text",
            with_body(
                &(0..3000)
                    .map(|i| format!("    - 一级标题: 标题{i}\n      正文: 正文"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        ),
        (
            "12,000 short paragraphs",
            with_body(
                &(0..12000)
                    .map(|i| format!("    - 段{i}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        ),
        (
            "one heading of 30,000 characters",
            with_body(&format!("    - 一级标题: {}", "标".repeat(30_000))),
        ),
        ("every table cell 15 digits", wide_cells(EXAMPLE)),
    ];
    let opts = BuildOptions::default();
    println!("| shape | source | load+check | layout | docx | xlsx | pdf | total |");
    println!("|---|---|---|---|---|---|---|---|");
    for (name, text) in shapes {
        let t0 = Instant::now();
        let loaded = nianbao::source::load_str(&text).expect("loads");
        let mut findings = loaded.diagnostics.clone();
        findings.extend(nianbao::check::check(&loaded.report));
        let t1 = Instant::now();
        let doc = nianbao::layout::document(&loaded.report);
        let t2 = Instant::now();
        let mut cells = Vec::new();
        let mut last = t2;
        for format in Format::all() {
            let mut notes = Vec::new();
            let out = render(format, &loaded.report, &doc, &findings, &opts, &mut notes);
            std::hint::black_box(out.map(|b| b.len()).unwrap_or(0));
            let now = Instant::now();
            cells.push(format!("{:.0} ms", (now - last).as_secs_f64() * 1000.0));
            last = now;
        }
        println!(
            "| {name} | {} KB | {:.0} ms | {:.0} ms | {} | {:.0} ms |",
            text.len() / 1024,
            (t1 - t0).as_secs_f64() * 1000.0,
            (t2 - t1).as_secs_f64() * 1000.0,
            cells.join(" | "),
            (last - t0).as_secs_f64() * 1000.0
        );
    }
}
