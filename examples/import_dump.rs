//! Development aid (not a test): what the importer reads from the legacy corpus.
//!
//! `cargo run --example import_dump -- dump` prints every file's reading (`DUMP=name` filters),
//! `measure` and `measure-flattened` score the importer on the corpus and on generated reports,
//! `measure-plausible` scores 表二 digit runs of generated reports with plausible sizes
//! (with and without last year's report), `show-yaml` prints one file's YAML (`DUMP=name`).

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("dump") => dump(),
        Some("measure") => measure(),
        Some("measure-flattened") => measure_flattened(),
        Some("measure-plausible") => measure_plausible(),
        Some("show-yaml") => show_yaml(),
        _ => eprintln!(
            "用法：cargo run --example import_dump -- dump|measure|measure-flattened|measure-plausible|show-yaml"
        ),
    }
}

use nianbao::import::{ImportOptions, import_bytes};

fn dump() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/legacy");
    let filter = std::env::var("DUMP").unwrap_or_default();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in names {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if !name.contains(&filter) {
            continue;
        }
        let bytes = std::fs::read(&p).unwrap();
        let t = std::time::Instant::now();
        let r = import_bytes(&bytes, Some(&name), &ImportOptions { partial: true });
        let el = t.elapsed();
        println!("===== {name} ({el:?})");
        match r {
            Err(e) => println!("ERROR {e}"),
            Ok(i) => {
                let m = &i.report.meta;
                println!(
                    "organ={} year={} template={} date={:?} signer={:?}",
                    m.organ, m.year, m.template, m.date, m.signer
                );
                println!("contact={:?}", m.contact);
                for p in &i.report.preamble {
                    println!("PRE {}", p.chars().take(60).collect::<String>());
                }
                for s in &i.report.sections {
                    println!("SEC {} ({} blocks)", s.key, s.blocks.len());
                    for b in &s.blocks {
                        let t = format!("{b:?}");
                        println!("   {}", t.chars().take(110).collect::<String>());
                    }
                }
                let t = i.report.template();
                for table in &t.tables {
                    let Some(v) = i.report.tables.get(&table.id) else {
                        println!("{}: MISSING", table.id);
                        continue;
                    };
                    for b in &table.blocks {
                        for r in b.keyed_rows() {
                            let k = r.key.as_deref().unwrap();
                            let cells: Vec<String> = b
                                .leaf_columns()
                                .iter()
                                .map(|c| match v.get(k, c.key.as_deref().unwrap()) {
                                    None => "-".into(),
                                    Some(c) => match &c.value {
                                        None => "~".into(),
                                        Some(a) => {
                                            format!("{a}{}", c.unit.clone().unwrap_or_default())
                                        }
                                    },
                                })
                                .collect();
                            if cells.iter().any(|c| c != "-") {
                                println!("{} {k}: {}", table.id, cells.join(","));
                            }
                        }
                    }
                }
                for n in &i.notes {
                    println!("  {n}");
                }
                for d in nianbao::check::check(&i.report) {
                    println!("  CHECK {}", d.message);
                }
            }
        }
    }
}

fn cells_of(i: &nianbao::import::Imported) -> Vec<((String, String, String), Option<String>)> {
    let mut out = Vec::new();
    let t = i.report.template();
    for table in &t.tables {
        for b in &table.blocks {
            for r in b.keyed_rows() {
                if r.role() == nianbao::template::RowRole::Subtotal {
                    continue;
                }
                for c in b.leaf_columns() {
                    let (rk, ck) = (r.key.clone().unwrap(), c.key.clone().unwrap());
                    let v = i
                        .report
                        .tables
                        .get(&table.id)
                        .and_then(|v| v.get(&rk, &ck))
                        .map(|c| c.value.map(|a| a.to_string()).unwrap_or_else(|| "~".into()));
                    out.push(((table.id.clone(), rk, ck), v));
                }
            }
        }
    }
    out
}

/// Text copies against their HTML pages, cell by cell; and the INDEX.md truths.
fn measure() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/legacy");
    let load = |n: &str| {
        let b = std::fs::read(format!("{dir}/{n}")).unwrap();
        import_bytes(&b, Some(n), &ImportOptions { partial: true }).unwrap()
    };
    for stem in [
        "03_pingtan-jinjingpianqu-2020",
        "09_pingtan-ziranziyuanyushengtaihuanjingju-2023",
    ] {
        let html = cells_of(&load(&format!("{stem}.html")));
        let text = cells_of(&load(&format!("{stem}.txt")));
        let (mut same, mut wrong, mut unset) = (0, 0, 0);
        for ((k, h), (_, t)) in html.iter().zip(&text) {
            match (h, t) {
                (Some(a), Some(b)) if a == b => same += 1,
                (_, None) => {
                    unset += 1;
                    println!("  unset {k:?} html={h:?}");
                }
                _ => {
                    wrong += 1;
                    println!("  WRONG {k:?} html={h:?} text={t:?}");
                }
            }
        }
        println!(
            "{stem}: html cells {} ; text vs html: same {same}, wrong {wrong}, not imported {unset}",
            html.iter().filter(|x| x.1.is_some()).count()
        );
    }
    let mut total = 0;
    let mut set = 0;
    let mut ms = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    for n in names {
        let b = std::fs::read(format!("{dir}/{n}")).unwrap();
        let t0 = std::time::Instant::now();
        let i = import_bytes(&b, Some(&n), &ImportOptions { partial: true }).unwrap();
        ms.push((n.clone(), t0.elapsed()));
        let c = cells_of(&i);
        total += c.len();
        set += c.iter().filter(|x| x.1.is_some()).count();
        let amb = i
            .notes
            .iter()
            .filter(|x| x.message.contains("请核对"))
            .count();
        let left = i
            .notes
            .iter()
            .filter(|x| x.message.contains("未导入"))
            .count();
        println!(
            "{n}: cells {} set {} ; ambiguous picks {amb} ; not imported {left}",
            c.len(),
            c.iter().filter(|x| x.1.is_some()).count()
        );
    }
    println!("corpus: {set}/{total} template cells read");
    // Rows whose digits arithmetic cannot split, with the truth known from the HTML page or
    // the report's own text (INDEX.md): how many are read exactly.
    let truths: [(&str, &str, &str, &[&str]); 4] = [
        (
            "03_pingtan-jinjingpianqu-2020.txt",
            "表二",
            "政府集中采购",
            &["17", "8810055"],
        ),
        (
            "09_pingtan-ziranziyuanyushengtaihuanjingju-2023.txt",
            "表二",
            "行政规范性文件",
            &["2", "1", "35"],
        ),
        (
            "09_pingtan-ziranziyuanyushengtaihuanjingju-2023.txt",
            "表二",
            "行政许可",
            &["315"],
        ),
        (
            "05_pingtan-guanweihuibangongshi-2021.txt",
            "表二",
            "行政规范性文件",
            &["20", "1", "55"],
        ),
    ];
    let (mut cells, mut exact) = (0, 0);
    for (file, table, row, want) in truths {
        let i = load(file);
        let got: Vec<Option<String>> = cells_of(&i)
            .into_iter()
            .filter(|((t, r, _), _)| t == table && r == row)
            .map(|(_, v)| v)
            .collect();
        for (g, w) in got.iter().zip(want) {
            cells += 1;
            exact += usize::from(g.as_deref() == Some(*w));
        }
        println!("  {file} {table}「{row}」: read {got:?}, truth {want:?}");
    }
    println!("ambiguous rows with a known truth: {exact}/{cells} cells exact");
    for (n, d) in ms {
        println!("  {d:?} {n}");
    }
}

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn small(&mut self) -> i64 {
        // Mostly zeros, sometimes a few, rarely dozens: like real tables.
        match self.next() % 10 {
            0..=5 => 0,
            6..=8 => (self.next() % 9 + 1) as i64,
            _ => (self.next() % 90 + 10) as i64,
        }
    }
}

/// A consistent random report of a template: arithmetic holds everywhere.
fn random_report(tid: u16, rng: &mut Lcg) -> nianbao::model::Report {
    use nianbao::amount::Amount;
    use nianbao::model::{Cell, Report, TableValues};
    use nianbao::template::{self, RowRole, Shape};
    let t = template::get(tid).unwrap();
    let mut r = Report::empty(
        t,
        "某某市某某区测试局",
        if tid == 2019 { 2020 } else { 2023 },
    );
    let set = |tv: &mut TableValues, row: &str, col: &str, v: i64| {
        tv.set(
            row,
            col,
            Cell {
                value: Some(Amount::int(v)),
                unit: None,
                loc: None,
            },
        );
    };
    for table in &t.tables {
        let mut tv = TableValues::default();
        for b in &table.blocks {
            let cols = b.leaf_columns();
            let inputs: Vec<_> = cols.iter().filter(|c| !c.is_derived()).collect();
            let mut col_vals: std::collections::BTreeMap<(String, String), i64> =
                Default::default();
            for row in b.keyed_rows() {
                let rk = row.key.clone().unwrap();
                if row.role() != RowRole::Input {
                    continue;
                }
                for c in &inputs {
                    let ck = c.key.clone().unwrap();
                    let v = match c.kind {
                        nianbao::template::Kind::Money => (rng.next() % 900_000) as i64,
                        _ => rng.small(),
                    };
                    col_vals.insert((rk.clone(), ck), v);
                }
            }
            // Carry-over row balances the 勾稽 rule: 结转下年度 = 新收 + 上年结转 − 总计 ≥ 0.
            let rows = b.keyed_rows();
            for row in &rows {
                let rk = row.key.clone().unwrap();
                if row.role() == RowRole::Input {
                    for c in &inputs {
                        let ck = c.key.clone().unwrap();
                        set(&mut tv, &rk, &ck, col_vals[&(rk.clone(), ck.clone())]);
                    }
                }
            }
            if table.id == "表三" {
                for c in &inputs {
                    let ck = c.key.clone().unwrap();
                    let leaves: Vec<String> = b
                        .keyed_rows()
                        .iter()
                        .filter(|r| r.role() == RowRole::Input)
                        .map(|r| r.key.clone().unwrap())
                        .filter(|k| !matches!(k.as_str(), "本年新收" | "上年结转" | "结转下年度"))
                        .collect();
                    let total: i64 = leaves
                        .iter()
                        .map(|k| col_vals[&(k.clone(), ck.clone())])
                        .sum();
                    let carry = col_vals[&("结转下年度".to_owned(), ck.clone())];
                    let prev = col_vals[&("上年结转".to_owned(), ck.clone())];
                    let new = (total + carry - prev).max(0);
                    let prev = total + carry - new;
                    set(&mut tv, "本年新收", &ck, new);
                    set(&mut tv, "上年结转", &ck, prev);
                    set(&mut tv, "总计", &ck, total);
                }
            }
            // Derived columns are printed.
            for row in b.keyed_rows() {
                if matches!(row.role(), RowRole::Subtotal) {
                    continue;
                }
                let rk = row.key.clone().unwrap();
                for c in cols.iter().filter(|c| c.is_derived()) {
                    let s: i64 = c
                        .sum
                        .iter()
                        .map(|p| tv.get(&rk, p).and_then(|x| x.value).map_or(0, |a| a.units))
                        .sum();
                    set(&mut tv, &rk, c.key.as_deref().unwrap(), s);
                }
            }
            let _ = Shape::Grid;
        }
        r.tables.insert(table.id.clone(), tv);
    }
    r
}

/// The report flattened like a crawler's page.txt: labels and values run together.
fn flatten(r: &nianbao::model::Report, rng: &mut Lcg) -> String {
    use nianbao::template::{RowRole, Shape};
    let t = r.template();
    let mut s = format!(
        "{}根据《条例》要求编制本报告。一、总体情况本年度工作情况良好。",
        r.meta.title()
    );
    let v = |table: &str, row: &str, col: &str| -> String {
        r.tables[table]
            .get(row, col)
            .and_then(|c| c.value)
            .map(|a| a.to_string())
            .unwrap_or_default()
    };
    for (si, sec) in t.sections.iter().enumerate().skip(1) {
        s += &sec.title;
        let Some(tid) = &sec.table else {
            s += "无。";
            continue;
        };
        let table = t.table(tid).unwrap();
        for b in &table.blocks {
            let cols = b.leaf_columns();
            if b.shape == Shape::OneLine {
                s += "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计";
                for row in b.keyed_rows() {
                    for c in &cols {
                        s += &v(tid, row.key.as_deref().unwrap(), c.key.as_deref().unwrap());
                    }
                }
                continue;
            }
            if let Some(h) = &b.header {
                s += h;
            }
            s += b
                .label_header
                .as_deref()
                .or(b.corner.as_deref())
                .unwrap_or_default();
            for c in &cols {
                s += &c.label;
            }
            for row in b.all_rows() {
                s += &row.label;
                if matches!(row.role(), RowRole::Input | RowRole::Total) {
                    let sep = if rng.next().is_multiple_of(4) {
                        " "
                    } else {
                        ""
                    };
                    let vals: Vec<String> = cols
                        .iter()
                        .map(|c| v(tid, row.key.as_deref().unwrap(), c.key.as_deref().unwrap()))
                        .collect();
                    s += &vals.join(sep);
                }
            }
        }
        let _ = si;
    }
    s += "某某市某某区测试局 2024年1月20日";
    s
}

/// Random consistent reports, flattened: how many cells come back right, and are all wrong
/// cells flagged by a note?
fn measure_flattened() {
    let mut rng = Lcg(7);
    for tid in [2019u16, 2021] {
        let (mut right, mut wrong, mut missing, mut total, mut silent) = (0, 0, 0, 0, 0);
        let mut worst = std::time::Duration::ZERO;
        let mut by_table: std::collections::BTreeMap<String, usize> = Default::default();
        for _ in 0..200 {
            let r = random_report(tid, &mut rng);
            let text = flatten(&r, &mut rng);
            let t0 = std::time::Instant::now();
            let res = import_bytes(text.as_bytes(), None, &ImportOptions { partial: true });
            worst = worst.max(t0.elapsed());
            let i = match res {
                Ok(i) => i,
                Err(e) => {
                    println!("ERR {e}");
                    continue;
                }
            };
            for (id, tv) in &r.tables {
                for ((row, col), c) in &tv.cells {
                    total += 1;
                    let got = i
                        .report
                        .tables
                        .get(id)
                        .and_then(|x| x.get(row, col))
                        .map(|x| x.value);
                    match got {
                        Some(g) if g == c.value => right += 1,
                        None => missing += 1,
                        _ => {
                            wrong += 1;
                            *by_table.entry(format!("{id}/{row}")).or_insert(0usize) += 1;
                            let flagged = i.notes.iter().any(|n| {
                                n.message.contains(&format!("「{row}」"))
                                    || (id == "表四" && n.message.contains("表四"))
                            });
                            if !flagged {
                                silent += 1;
                                println!("silent {id} {row} {col}: {:?} vs {:?}", got, c.value);
                            }
                        }
                    }
                }
            }
        }
        println!(
            "template {tid}: {total} cells: right {right} ({:.1}%), wrong {wrong}, not imported {missing}, wrong without a note {silent}; slowest import {worst:?}",
            100.0 * right as f64 / total as f64
        );
        println!("  wrong cells by row: {by_table:?}");
    }
}

/// Prints the YAML the writer makes of one imported file: `DUMP=name cargo test --test
/// import_dump show_yaml -- --ignored --nocapture`.
fn show_yaml() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/legacy");
    let name = std::env::var("DUMP").unwrap_or_else(|_| "zhangdian-minzheng-2020.txt".into());
    let b = std::fs::read(format!("{dir}/{name}")).unwrap();
    let i = import_bytes(&b, Some(&name), &ImportOptions { partial: true }).unwrap();
    println!(
        "{}",
        nianbao::source::write::to_yaml(&i.report, nianbao::source::write::WriteOptions::default())
    );
}

/// A value of a plausible size: zero for about a third, else log-uniform up to `max`.
fn sized(rng: &mut Lcg, max: f64) -> i64 {
    if rng.next().is_multiple_of(3) {
        return 0;
    }
    let u = (rng.next() % 10_000) as f64 / 10_000.0;
    (max.powf(u)).floor() as i64
}

/// Gives 表二 of `r` plausible values, and `last` the matching 现行有效 of last year.
fn plausible_table2(
    r: &mut nianbao::model::Report,
    last: &mut nianbao::model::Report,
    rng: &mut Lcg,
) {
    use nianbao::amount::Amount;
    use nianbao::model::Cell;
    let put = |r: &mut nianbao::model::Report, row: &str, col: &str, v: i64| {
        if let Some(t) = r.tables.get_mut("表二") {
            t.set(
                row,
                col,
                Cell {
                    value: Some(Amount::int(v)),
                    unit: None,
                    loc: None,
                },
            );
        }
    };
    if r.template().id == 2021 {
        for row in ["规章", "行政规范性文件"] {
            let before = sized(rng, 800.0);
            let issued = sized(rng, 120.0);
            let repealed = sized(rng, 40.0).min(before);
            put(r, row, "本年制发件数", issued);
            put(r, row, "本年废止件数", repealed);
            put(r, row, "现行有效件数", before + issued - repealed);
            put(last, row, "现行有效件数", before);
        }
    } else {
        for row in ["规章", "规范性文件"] {
            let made = sized(rng, 120.0);
            let published = made - sized(rng, 4.0).min(made);
            let total = published + sized(rng, 800.0);
            put(r, row, "本年新制作数量", made);
            put(r, row, "本年新公开数量", published);
            put(r, row, "对外公开总数量", total);
        }
        for row in ["行政许可", "其他对外管理服务事项", "行政处罚", "行政强制"]
        {
            put(r, row, "上一年项目数量", sized(rng, 400.0));
            put(r, row, "本年增/减", sized(rng, 12.0));
            put(r, row, "处理决定数量", sized(rng, 5000.0));
        }
    }
}

/// Random reports whose 表二 has plausible sizes, flattened: 表二 cells read exactly, without
/// and with last year's report.
fn measure_plausible() {
    let mut rng = Lcg(11);
    for tid in [2019u16, 2021] {
        let (mut total, mut right, mut right_prev, mut all, mut all_right) = (0, 0, 0, 0, 0);
        let mut wrong_rows: std::collections::BTreeMap<String, usize> = Default::default();
        for _ in 0..300 {
            let mut r = random_report(tid, &mut rng);
            let mut last = random_report(tid, &mut rng);
            last.meta.year = r.meta.year - 1;
            plausible_table2(&mut r, &mut last, &mut rng);
            let text = flatten(&r, &mut rng);
            let opts = ImportOptions { partial: true };
            let plain = import_bytes(text.as_bytes(), None, &opts);
            let with = import_previous(text.as_bytes(), &opts, &last);
            let (Ok(plain), Ok(with)) = (plain, with) else {
                continue;
            };
            for (id, tv) in &r.tables {
                for ((row, col), c) in &tv.cells {
                    let got = |i: &nianbao::import::Imported| {
                        i.report
                            .tables
                            .get(id)
                            .and_then(|x| x.get(row, col))
                            .map(|x| x.value)
                    };
                    all += 1;
                    all_right += usize::from(got(&plain) == Some(c.value));
                    if id != "表二" {
                        continue;
                    }
                    total += 1;
                    right += usize::from(got(&plain) == Some(c.value));
                    right_prev += usize::from(got(&with) == Some(c.value));
                    if got(&plain) != Some(c.value) {
                        if std::env::var("DEBUG").is_ok() && col.contains("数量") {
                            println!(
                                "  {row}/{col}: {:?} read {:?}",
                                c.value.map(|a| a.to_string()),
                                got(&plain).flatten().map(|a| a.to_string())
                            );
                        }
                        *wrong_rows.entry(row.clone()).or_insert(0usize) += 1;
                    }
                }
            }
        }
        let pct = |n: usize, d: usize| 100.0 * n as f64 / d.max(1) as f64;
        println!(
            "template {tid}: 表二 {total} cells: exact {right} ({:.1}%), with last year's report {right_prev} ({:.1}%); all tables {all_right}/{all} ({:.1}%)",
            pct(right, total),
            pct(right_prev, total),
            pct(all_right, all)
        );
        println!("  wrong 表二 cells by row: {wrong_rows:?}");
    }
}

fn import_previous(
    bytes: &[u8],
    opts: &ImportOptions,
    last: &nianbao::model::Report,
) -> Result<nianbao::import::Imported, nianbao::import::ImportError> {
    nianbao::import::import_bytes_with(bytes, None, opts, Some(last))
}
