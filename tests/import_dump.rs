//! Development aid: `cargo test --test import_dump -- --ignored --nocapture` prints what the
//! importer reads from every file of the legacy corpus.

use nianbao::import::{ImportOptions, import_bytes};

#[test]
#[ignore]
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
#[test]
#[ignore]
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
    for (n, d) in ms {
        println!("  {d:?} {n}");
    }
}
