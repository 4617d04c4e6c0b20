//! Reads the XLSX back with calamine and checks what issue 5 promises: every label verbatim,
//! the official merges, every input value in its cell, every derived cell a formula with the
//! derived value cached, the 勾稽 check row, the findings sheet, and byte-for-byte determinism.

use nianbao::diag::Rule;
use std::collections::BTreeSet;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use nianbao::amount::Amount;
use nianbao::diag::Diagnostic;
use nianbao::layout::{self, Document, Item, TableLayout};
use nianbao::model::Report;
use nianbao::render::xlsx;
use nianbao::{check, derive, source};

/// Sheet rows above each table (the section heading).
const TOP: u32 = 1;

mod xlsx_common;
use xlsx_common as common;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/zhangdian-minzheng-2020.yaml"
);

struct Built {
    report: Report,
    doc: Document,
    findings: Vec<Diagnostic>,
    bytes: Vec<u8>,
}

fn build(report: Report) -> Built {
    let doc = layout::document(&report);
    let findings = check::check(&report);
    let bytes = xlsx::render(&report, &doc, &findings).expect("render");
    Built {
        report,
        doc,
        findings,
        bytes,
    }
}

fn fixture() -> Built {
    build(
        source::load_file(std::path::Path::new(FIXTURE))
            .expect("fixture loads")
            .report,
    )
}

fn consistent() -> Built {
    let loaded = source::load_str(&common::consistent_yaml()).expect("consistent yaml loads");
    build(loaded.report)
}

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("xlsx opens")
}

fn tables(doc: &Document) -> Vec<&TableLayout> {
    doc.items
        .iter()
        .filter_map(|i| match i {
            Item::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn sheet_name(report: &Report, id: &str) -> String {
    format!("{id} {}", report.template().table(id).unwrap().title)
}

fn number(d: Option<&Data>) -> Option<f64> {
    match d? {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn approx(a: f64, b: Amount) -> bool {
    (a - b.to_f64()).abs() < 1e-9
}

/// Labels, merges, inputs, formulas and cached values of every table sheet.
fn assert_tables_round_trip(b: &Built) {
    let mut wb = open(&b.bytes);
    let grids = derive::compute(&b.report).unwrap();
    for t in tables(&b.doc) {
        let name = sheet_name(&b.report, &t.id);
        let values = wb.worksheet_range(&name).expect("sheet exists");
        let formulas = wb.worksheet_formula(&name).expect("formulas");
        let merges: BTreeSet<((u32, u32), (u32, u32))> = wb
            .merge_cells_by_sheet_name(&name)
            .unwrap()
            .into_iter()
            .map(|d| (d.start, d.end))
            .collect();
        let grid = &grids[&t.id];
        let mut derived_seen = 0;
        for (r, row) in t.rows.iter().enumerate() {
            let sr = TOP + r as u32;
            for c in row {
                let pos = (sr, c.col as u32);
                if c.row_span > 1 || c.col_span > 1 {
                    let end = (sr + c.row_span as u32 - 1, (c.col + c.col_span - 1) as u32);
                    assert!(merges.contains(&(pos, end)), "{name} merge {pos:?}-{end:?}");
                }
                let formula = formulas.get_value(pos).cloned().unwrap_or_default();
                match &c.data {
                    None => assert_eq!(
                        values.get_value(pos),
                        Some(&Data::String(c.text.clone())),
                        "{name} label at {pos:?}"
                    ),
                    Some(d) if d.derived => {
                        derived_seen += 1;
                        assert!(
                            formula.to_uppercase().contains("SUM("),
                            "{name} {}/{} has no formula: {formula:?}",
                            d.row,
                            d.col
                        );
                        let want = grid.get(&d.row, &d.col);
                        let got = number(values.get_value(pos));
                        assert!(
                            got.is_some_and(|g| approx(g, want)),
                            "{name} {}/{} cached {got:?}, derived {want}",
                            d.row,
                            d.col
                        );
                    }
                    Some(d) => {
                        assert!(
                            formula.is_empty(),
                            "{name} input {}/{} is a formula",
                            d.row,
                            d.col
                        );
                        let got = values.get_value(pos);
                        match d.value {
                            Some(v) => assert!(
                                number(got).is_some_and(|g| approx(g, v)),
                                "{name} {}/{}: {got:?} != {v}",
                                d.row,
                                d.col
                            ),
                            None => assert!(
                                matches!(got, None | Some(Data::Empty)),
                                "{name} {}/{} should be empty: {got:?}",
                                d.row,
                                d.col
                            ),
                        }
                    }
                }
            }
        }
        if t.id != "表二" {
            assert!(derived_seen > 0, "{name} has derived cells");
        }
    }
}

/// Row of the 勾稽 check on 表三: (label, cached values, formulas) of the 7 columns.
fn check_row(b: &Built) -> (String, Vec<f64>, Vec<String>) {
    let mut wb = open(&b.bytes);
    let name = sheet_name(&b.report, "表三");
    let values = wb.worksheet_range(&name).unwrap();
    let formulas = wb.worksheet_formula(&name).unwrap();
    let (end_row, _) = values.end().unwrap();
    for r in 0..=end_row {
        if let Some(Data::String(s)) = values.get_value((r, 0))
            && s.starts_with("勾稽检查")
        {
            let nums = (3..10)
                .map(|c| number(values.get_value((r, c))).expect("check value"))
                .collect();
            let fs = (3..10)
                .map(|c| formulas.get_value((r, c)).cloned().unwrap_or_default())
                .collect();
            return (s.clone(), nums, fs);
        }
    }
    panic!("no check row on {name}");
}

#[test]
fn sheets_are_metadata_then_one_per_table() {
    for b in [fixture(), consistent()] {
        let wb = open(&b.bytes);
        let names = wb.sheet_names();
        let mut want = vec!["报告信息".to_owned()];
        want.extend(["表二", "表三", "表四"].map(|id| sheet_name(&b.report, id)));
        assert_eq!(names, want);
    }
}

#[test]
fn fixture_round_trips_labels_values_and_formulas() {
    assert_tables_round_trip(&fixture());
}

#[test]
fn consistent_report_round_trips_on_the_2021_template() {
    let b = consistent();
    assert!(
        b.findings.iter().all(|d| !d.is_error()),
        "consistent variant has errors: {:?}",
        b.findings
    );
    assert_tables_round_trip(&b);
    let (_, diffs, _) = check_row(&b);
    assert!(diffs.iter().all(|d| *d == 0.0), "{diffs:?}");
}

#[test]
fn money_in_wanyuan_keeps_decimals() {
    let b = consistent();
    let mut wb = open(&b.bytes);
    let name = sheet_name(&b.report, "表二");
    let values = wb.worksheet_range(&name).unwrap();
    let found = values
        .used_cells()
        .any(|(_, _, d)| matches!(d, Data::Float(f) if (*f - 12.35).abs() < 1e-9));
    assert!(found, "12.35 is a number on {name}");
}

#[test]
fn check_row_shows_the_broken_rule_of_the_fixture() {
    let b = fixture();
    let (label, diffs, formulas) = check_row(&b);
    assert!(
        label.contains("本年新收 + 上年结转 − 总计 − 结转下年度"),
        "{label}"
    );
    // 新收 2 + 结转 1 − 予以公开 2 − 结转下年度 0 = 1 in 其他 and 总计.
    assert_eq!(diffs, vec![0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]);
    for f in &formulas {
        assert!(f.contains("SUM(") && f.contains('-'), "{f}");
    }
}

#[test]
fn first_sheet_lists_metadata_and_findings() {
    let b = fixture();
    assert!(b.findings.iter().any(|d| d.rule == Rule::PrintedTotal));
    let mut wb = open(&b.bytes);
    let values = wb.worksheet_range("报告信息").unwrap();
    let texts: Vec<String> = values
        .used_cells()
        .filter_map(|(_, _, d)| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    let has = |s: &str| texts.iter().any(|t| t.contains(s));
    assert!(has("张店区民政局2020年政府信息公开工作年度报告"));
    assert!(has("国办公开办函〔2019〕60号"));
    for d in &b.findings {
        assert!(has(&d.message), "finding missing: {}", d.message);
    }
    assert!(has("原文印出的合计与公式计算结果不同"));
    assert!(has("不成立"), "live check status shows the broken rule");
}

#[test]
fn same_input_same_bytes() {
    let a = fixture();
    let b = fixture();
    assert_eq!(a.bytes, b.bytes);
    let mut doc = a.doc.clone();
    doc.meta.created_unix += 86_400;
    let c = xlsx::render(&a.report, &doc, &a.findings).unwrap();
    assert_ne!(a.bytes, c, "creation time comes from the document");
}

#[test]
fn input_cells_are_unlocked_and_validated_sheets_protected() {
    let b = fixture();
    let mut zip = zip::ZipArchive::new(Cursor::new(b.bytes.clone())).unwrap();
    let mut sheet3 = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet3.xml").unwrap(),
        &mut sheet3,
    )
    .unwrap();
    assert!(sheet3.contains("<sheetProtection"), "protected");
    assert!(!sheet3.contains("password="), "no password");
    assert!(sheet3.contains("<dataValidation "), "validated");
    assert!(sheet3.contains("showInputMessage=\"1\""));
    assert!(
        sheet3.contains("<conditionalFormatting"),
        "check row turns red"
    );
    assert!(sheet3.contains("orientation=\"landscape\"") && sheet3.contains("paperSize=\"9\""));
    assert!(sheet3.contains("fitToHeight=\"0\""));
    assert!(sheet3.contains("&amp;C— &amp;P —"), "footer");
    assert!(sheet3.contains("state=\"frozen\""));
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(styles.contains("locked=\"0\""), "unlocked input style");
}

#[test]
fn money_with_a_unit_is_a_number_formatted_with_the_unit() {
    let text = std::fs::read_to_string(FIXTURE)
        .unwrap()
        .replace("政府集中采购: [17, 542700]", "政府集中采购: [17, 542700元]");
    let b = build(source::load_str(&text).unwrap().report);
    let mut wb = open(&b.bytes);
    let values = wb.worksheet_range(&sheet_name(&b.report, "表二")).unwrap();
    assert!(
        values
            .used_cells()
            .any(|(_, _, d)| matches!(d, Data::Float(f) if *f == 542700.0)),
        "542700 is a number"
    );
    let mut zip = zip::ZipArchive::new(Cursor::new(b.bytes.clone())).unwrap();
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(
        styles.contains("0&quot;元&quot;"),
        "unit in the number format"
    );
}

#[test]
fn errors_read_in_chinese() {
    let e = xlsx::XlsxError::Overflow {
        table: "表三".into(),
        row: "总计".into(),
        column: "自然人".into(),
    };
    assert_eq!(
        e.to_string(),
        "无法生成 XLSX：表三「总计」行「自然人」列的合计超出可计算范围"
    );
}

/// The sample workbooks, written to disk (to `NIANBAO_XLSX_OUT` when set, for a look; else a
/// temporary directory) and opened from there: a file, not only a buffer, calamine can read.
#[test]
fn sample_workbooks_open_from_disk() {
    let dir = match std::env::var_os("NIANBAO_XLSX_OUT") {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir().join(format!("nianbao-xlsx-samples-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir).unwrap();
    for (name, built) in [
        ("fixture-2019.xlsx", fixture()),
        ("consistent-2021.xlsx", consistent()),
    ] {
        let path = dir.join(name);
        nianbao::output::write_atomic(&path, &built.bytes).unwrap();
        let mut wb: Xlsx<_> = calamine::open_workbook(&path).expect("opens from disk");
        let names = wb.sheet_names();
        for table in ["表二", "表三", "表四"] {
            assert!(names.iter().any(|n| n.contains(table)), "{name}: {names:?}");
        }
        let first = wb.worksheet_range_at(0).expect("first sheet").unwrap();
        assert!(
            first
                .used_cells()
                .any(|(_, _, d)| d.to_string() == built.doc.meta.title),
            "{name}: the title on the first sheet"
        );
    }
    if std::env::var_os("NIANBAO_XLSX_OUT").is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
}

mod support;
use support::zip_part as zip_text;

/// Style index of every cell of a sheet, by address.
fn cell_styles(sheet_xml: &str) -> std::collections::BTreeMap<String, usize> {
    let mut out = std::collections::BTreeMap::new();
    for part in sheet_xml.split("<c r=\"").skip(1) {
        let addr = &part[..part.find('"').unwrap()];
        let tag = &part[..part.find('>').unwrap()];
        let s = tag
            .split(" s=\"")
            .nth(1)
            .map(|x| x[..x.find('"').unwrap()].parse().unwrap())
            .unwrap_or(0);
        out.insert(addr.to_owned(), s);
    }
    out
}

/// For each cell format (cellXfs index): is it unlocked?
fn unlocked_styles(styles_xml: &str) -> Vec<bool> {
    let start = styles_xml.find("<cellXfs").unwrap();
    let end = styles_xml.find("</cellXfs>").unwrap();
    styles_xml[start..end]
        .split("<xf ")
        .skip(1)
        .map(|xf| xf.contains("locked=\"0\""))
        .collect()
}

/// `D5:F5` → D5, E5, F5 (ranges along one row or column).
fn expand(range: &str) -> Vec<String> {
    let Some((a, b)) = range.split_once(':') else {
        return vec![range.to_owned()];
    };
    let split = |s: &str| {
        let at = s.find(|c: char| c.is_ascii_digit()).unwrap();
        let col = s[..at]
            .bytes()
            .fold(0u16, |n, b| n * 26 + u16::from(b - b'A' + 1))
            - 1;
        (s[at..].parse::<u32>().unwrap() - 1, col)
    };
    let ((r0, c0), (r1, c1)) = (split(a), split(b));
    let mut out = Vec::new();
    for r in r0..=r1 {
        for c in c0..=c1 {
            out.push(rust_xlsxwriter::utility::row_col_to_cell(r, c));
        }
    }
    out
}

#[test]
fn only_input_cells_are_unlocked_and_every_input_is_validated() {
    for b in [fixture(), consistent()] {
        let styles = unlocked_styles(&zip_text(&b.bytes, "xl/styles.xml"));
        for (i, t) in tables(&b.doc).iter().enumerate() {
            let xml = zip_text(&b.bytes, &format!("xl/worksheets/sheet{}.xml", i + 2));
            assert!(xml.contains("<sheetProtection") && !xml.contains("password"));
            let cells = cell_styles(&xml);
            let validated: BTreeSet<String> = xml
                .split("sqref=\"")
                .skip(1)
                .flat_map(|p| p[..p.find('"').unwrap()].split(' ').flat_map(expand))
                .collect();
            for (r, row) in t.rows.iter().enumerate() {
                for c in row {
                    let addr =
                        rust_xlsxwriter::utility::row_col_to_cell(TOP + r as u32, c.col as u16);
                    let unlocked = styles[cells[&addr]];
                    let input = c.data.as_ref().is_some_and(|d| !d.derived);
                    assert_eq!(unlocked, input, "{} {addr} {:?}", t.id, c.text);
                    if input {
                        assert!(validated.contains(&addr), "{} {addr} not validated", t.id);
                    }
                }
            }
        }
    }
}

#[test]
fn creation_time_comes_from_the_report() {
    let b = fixture();
    // No 日期 in the fixture: 1 January after the report year.
    let core = zip_text(&b.bytes, "docProps/core.xml");
    assert!(core.contains("2021-01-01T00:00:00Z"), "{core}");
    let c = consistent();
    let core = zip_text(&c.bytes, "docProps/core.xml");
    assert!(core.contains("2022-01-20T00:00:00Z"), "{core}");
}
