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
