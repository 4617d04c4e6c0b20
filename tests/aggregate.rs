//! 汇总: random balanced children of both templates summed cell by cell, checked and built;
//! the detail workbook's totals; each intake error; `check --children` finding a changed cell.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use calamine::{Data, DataType, Reader, Xlsx};
use nianbao::aggregate::{self, Options, detail, source, sum};
use nianbao::amount::Amount;
use nianbao::derive;
use nianbao::diag::{Rule, Severity};
use nianbao::model::{Cell, Report};
use nianbao::pipeline::{BuildOptions, Format, build_file};
use nianbao::source::keys::PLACEHOLDER;
use nianbao::source::write::{WriteOptions, to_yaml};
use nianbao::source::{load_file, load_str};
use nianbao::template;
use proptest::prelude::*;

fn tmp(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "nianbao-agg-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A tiny deterministic generator.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, max: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % (max as u64 + 1)) as i64
    }
}

/// A random child whose 表三 balances: 本年新收 = 总计 + 结转下年度 − 上年结转 per column.
fn child(tpl: u16, organ: &str, year: i32, seed: u64) -> Report {
    let t = template::get(tpl).unwrap();
    let mut rng = Lcg(seed);
    let mut r = Report::empty(t, organ, year);
    for s in &mut r.sections {
        s.blocks = vec![nianbao::model::Block::Paragraph(format!(
            "{organ}本年度工作情况。"
        ))];
    }
    r.meta.date = nianbao::model::Date::parse(&format!("{}-01-20", year + 1));
    let slots = sum::slots(t);
    for s in &slots {
        let cell = if s.is_money() {
            // 2019: 元 or 万元 at random; 2021: 万元 with two decimals.
            let (value, unit) = if s.units.len() > 1 && rng.next(1) == 0 {
                (Amount::int(rng.next(900_000)), "元")
            } else {
                (
                    Amount {
                        units: rng.next(99_999),
                        scale: 2,
                    },
                    "万元",
                )
            };
            Cell {
                value: Some(value),
                unit: Some(unit.into()),
                loc: None,
            }
        } else {
            Cell {
                value: Some(Amount::int(rng.next(40))),
                unit: None,
                loc: None,
            }
        };
        r.tables
            .entry(s.table.clone())
            .or_default()
            .set(&s.row, &s.col, cell);
    }
    // Balance 表三 per column.
    let grids = derive::compute(&r).unwrap();
    let g = &grids["表三"];
    let t3 = t.table("表三").unwrap();
    let cols: Vec<String> = t3.blocks[0]
        .input_columns()
        .iter()
        .map(|c| c.key.clone().unwrap())
        .collect();
    let values = r.tables.get_mut("表三").unwrap();
    for c in cols {
        let right = g.get("总计", &c).units + g.get("结转下年度", &c).units;
        let carried = rng.next(right.min(5));
        let int = |v| Cell {
            value: Some(Amount::int(v)),
            unit: None,
            loc: None,
        };
        values.set("上年结转", &c, int(carried));
        values.set("本年新收", &c, int(right - carried));
    }
    r
}

fn write(dir: &Path, name: &str, r: &Report) -> PathBuf {
    let p = dir.join(format!("{name}.yaml"));
    std::fs::write(&p, to_yaml(r, WriteOptions::default())).unwrap();
    p
}

fn opts(organ: &str, year: i32) -> Options {
    Options {
        organ: organ.into(),
        year,
        threads: 2,
        ..Default::default()
    }
}

fn fill_placeholders(yaml: &str) -> String {
    yaml.replace(PLACEHOLDER, "本地区本年度")
}

fn errors(ds: &[nianbao::diag::Diagnostic]) -> Vec<&nianbao::diag::Diagnostic> {
    ds.iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// Every input cell (money in 元) of a report.
fn values(r: &Report) -> Vec<Amount> {
    sum::child_values(r, &sum::slots(r.template()))
        .unwrap()
        .values
}

fn aggregate_case(tpl: u16, n: usize, seed: u64) {
    let year = if tpl == 2019 { 2020 } else { 2024 };
    let dir = tmp("prop");
    let kids: Vec<Report> = (0..n)
        .map(|i| child(tpl, &format!("第{i}局"), year, seed + i as u64))
        .collect();
    let paths: Vec<PathBuf> = kids
        .iter()
        .enumerate()
        .map(|(i, k)| write(&dir, &format!("c{i}"), k))
        .collect();
    for p in &paths {
        let l = load_file(p).unwrap();
        let mut d = l.diagnostics;
        d.extend(nianbao::check::check(&l.report));
        assert!(
            errors(&d).is_empty(),
            "child must be clean: {:?}",
            errors(&d)
        );
    }
    let agg = aggregate::aggregate(&paths, &opts("某县人民政府", year));
    assert!(errors(&agg.findings).is_empty(), "{:?}", agg.findings);
    let yaml = source::yaml(&agg).expect("aggregate written");
    let loaded = load_str(&yaml).unwrap();
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let report = loaded.report;
    assert_eq!(report.meta.template, tpl);
    assert_eq!(report.children.len(), n);

    // Every input cell equals the sum of the children's (money exactly, in 元).
    let mine = values(&report);
    let mut want = vec![Amount::ZERO; mine.len()];
    for k in &kids {
        for (w, v) in want.iter_mut().zip(values(k)) {
            *w = w.checked_add(v).unwrap();
        }
    }
    assert_eq!(mine, want);
    // Every derived cell too (counts: money columns are not summed into totals).
    let g = derive::compute(&report).unwrap();
    let kg: Vec<_> = kids.iter().map(|k| derive::compute(k).unwrap()).collect();
    for (id, table) in template::get(tpl)
        .unwrap()
        .tables
        .iter()
        .map(|t| (&t.id, t))
    {
        for b in &table.blocks {
            if b.leaf_columns().iter().any(|c| !c.units.is_empty()) {
                continue;
            }
            for row in b.keyed_rows() {
                for col in b.leaf_columns() {
                    let (rk, ck) = (row.key.as_deref().unwrap(), col.key.as_deref().unwrap());
                    let s = kg.iter().fold(Amount::ZERO, |a, k| {
                        a.checked_add(k[id].get(rk, ck)).unwrap()
                    });
                    assert_eq!(g[id].get(rk, ck), s, "{id} {rk} {ck}");
                }
            }
        }
    }

    // Placeholders are errors until written; then the aggregate passes check.
    let found = nianbao::check::check(&report);
    let ph = found.iter().filter(|d| d.rule == Rule::Placeholder).count();
    assert_eq!(ph, 6);
    assert!(
        found
            .iter()
            .filter(|d| d.is_error())
            .all(|d| d.rule == Rule::Placeholder)
    );
    let filled = dir.join("agg.yaml");
    std::fs::write(&filled, fill_placeholders(&yaml)).unwrap();
    let l = load_file(&filled).unwrap();
    assert!(errors(&nianbao::check::check(&l.report)).is_empty());

    // It builds; the XLSX and DOCX carry the total of 本年新收.
    let out = dir.join("out");
    let built = build_file(
        &filled,
        &BuildOptions {
            formats: vec![Format::Xlsx, Format::Docx],
            out_dir: Some(out.clone()),
            ..Default::default()
        },
    );
    assert!(built.failures.is_empty(), "{:?}", built.failures);
    assert_eq!(built.outputs.len(), 2);
    let total = g["表三"].get("本年新收", "总计").to_f64();
    let xlsx = built
        .outputs
        .iter()
        .find(|o| o.format == Format::Xlsx)
        .unwrap();
    let mut wb: Xlsx<_> = calamine::open_workbook(&xlsx.path).unwrap();
    let names = wb.sheet_names();
    let hit = names.iter().any(|s| {
        wb.worksheet_range(s)
            .map(|r| {
                r.used_cells().any(|(_, _, v)| {
                    matches!(v, Data::Float(f) if *f == total)
                        || matches!(v, Data::Int(i) if *i as f64 == total)
                })
            })
            .unwrap_or(false)
    });
    assert!(hit, "xlsx carries {total}");
    let docx = built
        .outputs
        .iter()
        .find(|o| o.format == Format::Docx)
        .unwrap();
    let bytes = std::fs::read(&docx.path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains(&format!(">{total}<")), "docx carries {total}");

    // The detail workbook: one row per child, total formulas whose cached values are the aggregate's.
    let bytes = detail::workbook(&agg).unwrap();
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    for table in ["表二", "表三", "表四"] {
        let range = wb.worksheet_range(table).unwrap();
        let formulas = wb.worksheet_formula(table).unwrap();
        let last = n as u32 + 1;
        let slots: Vec<(usize, &sum::Slot)> = agg
            .slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.table == table)
            .collect();
        for (j, (i, s)) in slots.iter().enumerate() {
            let col = 3 + j as u32;
            let f = formulas.get_value((last, col)).unwrap();
            assert!(f.starts_with("SUM("), "{f}");
            let cached = range.get_value((last, col)).unwrap().as_f64().unwrap();
            let mut by_rows = 0.0;
            for r in 1..last {
                by_rows += range.get_value((r, col)).unwrap().as_f64().unwrap();
            }
            let expect = if s.is_money() {
                mine[*i].to_f64() / 10_000.0
            } else {
                mine[*i].to_f64()
            };
            assert!(
                (cached - expect).abs() < 1e-6,
                "{table} {} {}: {cached} vs {expect}",
                s.row,
                s.col
            );
            assert!((by_rows - expect).abs() < 1e-6);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]
    #[test]
    fn aggregate_equals_sum_of_random_balanced_children(
        tpl in prop::sample::select(vec![2019u16, 2021]),
        n in 1usize..6,
        seed in any::<u32>(),
    ) {
        aggregate_case(tpl, n, u64::from(seed));
    }
}

#[test]
fn both_templates_aggregate() {
    aggregate_case(2019, 3, 7);
    aggregate_case(2021, 3, 11);
}

fn rules(agg: &aggregate::Aggregate) -> Vec<Rule> {
    agg.findings.iter().map(|d| d.rule).collect()
}

#[test]
fn each_intake_error_is_reported_and_stops() {
    let dir = tmp("intake");
    let a = write(&dir, "a", &child(2021, "甲局", 2024, 1));
    let b = write(&dir, "b", &child(2021, "乙局", 2024, 2));
    // Same organ twice (different content).
    let a2 = write(&dir, "a2", &child(2021, "甲局", 2024, 3));
    let agg = aggregate::aggregate(&[a.clone(), b.clone(), a2], &opts("某县", 2024));
    assert!(rules(&agg).contains(&Rule::DuplicateOrgan));
    assert!(agg.report.is_none());
    // Same file twice: by path, and by content under another name.
    std::fs::copy(&a, dir.join("copy.yaml")).unwrap();
    let agg = aggregate::aggregate(
        &[a.clone(), a.clone(), dir.join("copy.yaml"), b.clone()],
        &opts("某县", 2024),
    );
    assert_eq!(
        rules(&agg)
            .iter()
            .filter(|r| **r == Rule::DuplicateFile)
            .count(),
        2
    );
    // Another year.
    let old = write(&dir, "old", &child(2021, "丙局", 2023, 4));
    let agg = aggregate::aggregate(&[a.clone(), old], &opts("某县", 2024));
    assert!(rules(&agg).contains(&Rule::ChildYear));
    assert!(agg.report.is_none());
    // Mixed templates: the message says which is which.
    let t19 = write(&dir, "t19", &child(2019, "丁局", 2024, 5));
    let agg = aggregate::aggregate(&[a.clone(), t19], &opts("某县", 2024));
    let d = agg
        .findings
        .iter()
        .find(|d| d.rule == Rule::MixedTemplate)
        .unwrap();
    assert!(d.message.contains("模板 2019：丁局") && d.message.contains("模板 2021：甲局"));
    assert!(agg.report.is_none());
    // A child with 勾稽 errors stops unless --force; then it is counted and says so.
    let mut bad = child(2021, "戊局", 2024, 6);
    let t3 = bad.tables.get_mut("表三").unwrap();
    let v = t3.get("本年新收", "自然人").unwrap().value.unwrap();
    t3.set(
        "本年新收",
        "自然人",
        Cell {
            value: Some(Amount::int(v.units + 1)),
            unit: None,
            loc: None,
        },
    );
    let bad = write(&dir, "bad", &bad);
    let agg = aggregate::aggregate(&[a.clone(), bad.clone()], &opts("某县", 2024));
    assert!(rules(&agg).contains(&Rule::ChildErrors));
    let c = agg.children.iter().find(|c| c.organ == "戊局").unwrap();
    assert!(c.findings.iter().any(|d| d.rule == Rule::Balance));
    assert!(agg.report.is_none());
    let mut forced = opts("某县", 2024);
    forced.force = true;
    let agg = aggregate::aggregate(&[a.clone(), bad], &forced);
    assert!(agg.report.is_some());
    assert!(
        agg.findings
            .iter()
            .any(|d| d.rule == Rule::ChildErrors && d.severity == Severity::Warning)
    );
    assert!(source::yaml(&agg).unwrap().contains("按 --force 计入"));
    // Expected but missing.
    let list = dir.join("expect.txt");
    std::fs::write(&list, "甲局\n乙局\n# 注释\n己局\n").unwrap();
    let mut o = opts("某县", 2024);
    o.expect = aggregate::intake::read_expect(&list).unwrap();
    let agg = aggregate::aggregate(&[a.clone(), b.clone()], &o);
    assert_eq!(agg.missing, vec!["己局".to_owned()]);
    assert!(rules(&agg).contains(&Rule::NotSubmitted));
    assert!(agg.report.is_some(), "a missing organ is listed, not fatal");
    let bytes = detail::workbook(&agg).unwrap();
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let missing = wb.worksheet_range("未报送").unwrap();
    assert_eq!(
        missing.get_value((1, 0)),
        Some(&Data::String("己局".into()))
    );
    let intake = wb.worksheet_range("汇总检查").unwrap();
    assert!(
        intake
            .used_cells()
            .any(|(_, _, v)| v == &Data::String("not-submitted".into()))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn blank_child_cells_count_zero_and_are_listed() {
    let dir = tmp("blank");
    let mut k = child(2021, "甲局", 2024, 9);
    k.tables.get_mut("表二").unwrap().set(
        "规章",
        "本年制发件数",
        Cell {
            value: None,
            unit: None,
            loc: None,
        },
    );
    let a = write(&dir, "a", &k);
    let b = write(&dir, "b", &child(2021, "乙局", 2024, 10));
    let agg = aggregate::aggregate(&[a, b.clone()], &opts("某县", 2024));
    let blank = agg
        .findings
        .iter()
        .find(|d| d.rule == Rule::BlankChildCell)
        .unwrap();
    assert_eq!(blank.row.as_deref(), Some("规章"));
    let r = load_str(&source::yaml(&agg).unwrap()).unwrap().report;
    let bv = load_file(&b).unwrap().report;
    assert_eq!(
        r.tables["表二"].get("规章", "本年制发件数").unwrap().value,
        bv.tables["表二"].get("规章", "本年制发件数").unwrap().value
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn levels_and_double_counting() {
    let dir = tmp("levels");
    let a = write(&dir, "a", &child(2021, "甲镇", 2024, 21));
    let b = write(&dir, "b", &child(2021, "乙镇", 2024, 22));
    let c = write(&dir, "c", &child(2021, "丙镇", 2024, 23));
    let county = aggregate::aggregate(&[a.clone(), b.clone()], &opts("某县", 2024));
    let county_path = dir.join("county.yaml");
    std::fs::write(
        &county_path,
        fill_placeholders(&source::yaml(&county).unwrap()),
    )
    .unwrap();
    // An aggregate is a valid child of the next level.
    let other = aggregate::aggregate(std::slice::from_ref(&c), &opts("另一县", 2024));
    let other_path = dir.join("other.yaml");
    std::fs::write(
        &other_path,
        fill_placeholders(&source::yaml(&other).unwrap()),
    )
    .unwrap();
    let city = aggregate::aggregate(&[county_path.clone(), other_path], &opts("某市", 2024));
    assert!(errors(&city.findings).is_empty(), "{:?}", city.findings);
    let city_r = load_str(&source::yaml(&city).unwrap()).unwrap().report;
    let towns = aggregate::aggregate(&[a.clone(), b, c], &opts("某市", 2024));
    assert_eq!(values(&city_r), towns.totals);
    // The county and one of its towns together: counted twice.
    let twice = aggregate::aggregate(&[county_path, a], &opts("某市", 2024));
    assert!(rules(&twice).contains(&Rule::DoubleCount));
    assert!(twice.report.is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_children_finds_a_changed_cell() {
    let dir = tmp("children");
    let kids: Vec<PathBuf> = (0..3)
        .map(|i| {
            write(
                &dir,
                &format!("k{i}"),
                &child(2019, &format!("第{i}局"), 2020, 40 + i),
            )
        })
        .collect();
    let agg = aggregate::aggregate(&kids, &opts("某县", 2020));
    let yaml = fill_placeholders(&source::yaml(&agg).unwrap());
    let parent = load_str(&yaml).unwrap().report;
    assert!(aggregate::compare::compare(&parent, &kids).is_empty());
    let mut changed = parent.clone();
    let t = changed.tables.get_mut("表四").unwrap();
    let v = t.get("行政复议", "结果维持").unwrap().value.unwrap();
    t.set(
        "行政复议",
        "结果维持",
        Cell {
            value: Some(Amount::int(v.units + 2)),
            unit: None,
            loc: None,
        },
    );
    let found = aggregate::compare::compare(&changed, &kids);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].rule, Rule::ChildrenSum);
    assert_eq!(found[0].row.as_deref(), Some("行政复议"));
    assert_eq!(found[0].column.as_deref(), Some("结果维持"));
    // Money written in another unit is the same amount.
    let mut yuan = parent.clone();
    let t = yuan.tables.get_mut("表二").unwrap();
    let key = t
        .cells
        .iter()
        .find(|(_, c)| c.unit.as_deref() == Some("万元"))
        .map(|(k, c)| (k.clone(), c.value.unwrap()))
        .unwrap();
    let in_yuan = Amount {
        units: key.1.units,
        scale: key.1.scale,
    }
    .to_string()
    .parse::<f64>()
    .unwrap()
        * 10_000.0;
    t.set(
        &key.0.0,
        &key.0.1,
        Cell {
            value: Some(Amount::parse(&format!("{in_yuan:.2}")).unwrap()),
            unit: Some("元".into()),
            loc: None,
        },
    );
    assert!(aggregate::compare::compare(&yuan, &kids).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_aggregate_then_check_children() {
    let dir = tmp("cli");
    let kids = dir.join("kids");
    std::fs::create_dir_all(&kids).unwrap();
    write(&kids, "a", &child(2021, "甲局", 2024, 51));
    write(&kids, "b", &child(2021, "乙局", 2024, 52));
    std::fs::write(dir.join("expect.txt"), "甲局\n乙局\n丙局\n").unwrap();
    let bin = env!("CARGO_BIN_EXE_nianbao");
    let out = dir.join("county.yaml");
    let detail_path = dir.join("detail.xlsx");
    let run = std::process::Command::new(bin)
        .args([
            "aggregate",
            "--organ",
            "某县人民政府",
            "--year",
            "2024",
            "-o",
        ])
        .arg(&out)
        .arg("--detail")
        .arg(&detail_path)
        .arg("--expect")
        .arg(dir.join("expect.txt"))
        .arg(&kids)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("丙局"), "{stderr}");
    assert!(detail_path.exists());
    // Writing again refuses to overwrite.
    let again = std::process::Command::new(bin)
        .args(["aggregate", "--organ", "某县", "--year", "2024", "-o"])
        .arg(&out)
        .arg(&kids)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    // check --children: placeholders are errors; once written, a changed cell is the only error.
    let text = std::fs::read_to_string(&out).unwrap();
    std::fs::write(&out, fill_placeholders(&text)).unwrap();
    let check = |path: &Path| {
        std::process::Command::new(bin)
            .arg("check")
            .arg(path)
            .args(["--format", "json", "--children"])
            .arg(&kids)
            .output()
            .unwrap()
    };
    assert_eq!(check(&out).status.code(), Some(0));
    let report = load_file(&out).unwrap().report;
    let mut r = report.clone();
    r.tables.get_mut("表二").unwrap().set(
        "规章",
        "本年制发件数",
        Cell {
            value: Some(Amount::int(100_000)),
            unit: None,
            loc: None,
        },
    );
    let changed_path = dir.join("changed.yaml");
    std::fs::write(&changed_path, to_yaml(&r, WriteOptions::default())).unwrap();
    let run = check(&changed_path);
    assert_eq!(run.status.code(), Some(1));
    let json = String::from_utf8_lossy(&run.stdout);
    assert!(json.contains("\"children-sum\""), "{json}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The style index of a cell in a sheet's XML (`r="D2"` → its `s`), 0 when unstyled.
fn style_of(xml: &str, cell: &str) -> u32 {
    let at = xml
        .find(&format!("r=\"{cell}\""))
        .unwrap_or_else(|| panic!("cell {cell} written"));
    let tag = &xml[at..at + xml[at..].find('>').unwrap()];
    tag.split("s=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map_or(0, |s| s.parse().unwrap())
}

#[test]
fn blank_cells_are_one_note_per_child_and_marked_cell_by_cell_in_the_workbook() {
    let dir = tmp("blank-marks");
    let mut k = child(2021, "甲局", 2024, 21);
    let t2 = k.tables.get_mut("表二").unwrap();
    for row in ["规章", "行政规范性文件"] {
        t2.set(
            row,
            "本年制发件数",
            Cell {
                value: None,
                unit: None,
                loc: None,
            },
        );
    }
    let a = write(&dir, "a", &k);
    let b = write(&dir, "b", &child(2021, "乙局", 2024, 22));
    let agg = aggregate::aggregate(&[a.clone(), b], &opts("某县", 2024));
    let notes: Vec<_> = agg
        .findings
        .iter()
        .filter(|d| d.rule == Rule::BlankChildCell)
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].file.as_deref(), Some(a.as_path()));
    assert!(
        notes[0].message.contains("行政规范性文件"),
        "{}",
        notes[0].message
    );
    let c = agg.children.iter().find(|c| c.organ == "甲局").unwrap();
    assert_eq!(c.values.blanks.len(), 2);
    // In 表二 (the first sheet) 甲局's blank cell has its own mark; 乙局's cell below does not.
    let j = agg
        .slots
        .iter()
        .filter(|s| s.table == "表二")
        .position(|s| s.row == "规章" && s.col == "本年制发件数")
        .unwrap();
    let col = rust_xlsxwriter_column(3 + j as u16);
    let bytes = detail::workbook(&agg).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    let blank = style_of(&xml, &format!("{col}2"));
    assert_ne!(blank, style_of(&xml, &format!("{col}3")));
    assert_ne!(
        blank,
        style_of(&xml, &format!("{}2", rust_xlsxwriter_column(4 + j as u16)))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Excel's column letters (0 → A).
fn rust_xlsxwriter_column(mut n: u16) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}
