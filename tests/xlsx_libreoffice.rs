//! Opens the workbook in LibreOffice (headless), which recalculates every formula, and reads
//! the result back: totals are unchanged, and an edited input makes the 勾稽 row non-zero.
//! Skipped when `soffice` is not installed.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Range, Reader, Xlsx, open_workbook_from_rs};
use nianbao::layout::{self, Document, Item, TableLayout};
use nianbao::model::Report;
use nianbao::render::xlsx;
use nianbao::{check, derive, source};

const TOP: u32 = 1;

mod xlsx_common;
use xlsx_common as common;

fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|bin| {
        Command::new(bin)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// LibreOffice trusts the cached results of files that say they come from Excel; a private
/// profile set to "always recalculate on load" makes it compute every formula itself.
const ALWAYS_RECALCULATE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

/// Round-trips workbooks through one LibreOffice run (load, recalculate, save as XLSX).
fn recalculate(bin: &str, dir: &Path, files: &[(&str, &[u8])]) -> Vec<Vec<u8>> {
    let user = dir.join("profile/user");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::write(user.join("registrymodifications.xcu"), ALWAYS_RECALCULATE).unwrap();
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let mut cmd = Command::new(bin);
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    ))
    .args(["--headless", "--convert-to", "xlsx", "--outdir"])
    .arg(&out);
    for (name, bytes) in files {
        let input = dir.join(name);
        std::fs::write(&input, bytes).unwrap();
        cmd.arg(input);
    }
    let status = cmd.output().unwrap();
    assert!(status.status.success(), "{status:?}");
    files
        .iter()
        .map(|(name, _)| std::fs::read(out.join(name)).unwrap())
        .collect()
}

/// Replaces the value of cell `addr` in `xl/worksheets/{sheet}` without touching cached results.
fn edit_cell(bytes: &[u8], sheet: &str, addr: &str, value: f64) -> Vec<u8> {
    support::rewrite_zip(bytes, |name, data| {
        if name != format!("xl/worksheets/{sheet}") {
            return data;
        }
        let xml = String::from_utf8(data).unwrap();
        let start = xml.find(&format!("<c r=\"{addr}\"")).expect("cell present");
        let end = start + xml[start..].find("</c>").expect("cell has a value");
        let cell = &xml[start..end];
        let open = cell.find("<v>").unwrap();
        let new_cell = format!("{}<v>{value}</v>", &cell[..open]);
        format!("{}{}{}", &xml[..start], new_cell, &xml[end..]).into_bytes()
    })
}

fn number(d: Option<&Data>) -> f64 {
    match d {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        None | Some(Data::Empty) => 0.0,
        other => panic!("not a number: {other:?}"),
    }
}

mod support;

fn temp_dir(tag: &str) -> PathBuf {
    support::temp_dir(&format!("xlsx-{tag}"))
}

struct Built {
    report: Report,
    doc: Document,
    bytes: Vec<u8>,
}

fn build(report: Report) -> Built {
    let doc = layout::document(&report);
    let bytes = xlsx::render(&report, &doc, &check::check(&report)).unwrap();
    Built { report, doc, bytes }
}

fn table<'a>(doc: &'a Document, id: &str) -> &'a TableLayout {
    doc.items
        .iter()
        .find_map(|i| match i {
            Item::Table(t) if t.id == id => Some(t),
            _ => None,
        })
        .unwrap()
}

/// Sheet position of the cell showing (row, col) of a table.
fn position(t: &TableLayout, row: &str, col: &str) -> (u32, u32) {
    t.rows
        .iter()
        .enumerate()
        .find_map(|(r, cells)| {
            cells
                .iter()
                .find(|c| {
                    c.data
                        .as_ref()
                        .is_some_and(|d| d.row == row && d.col == col)
                })
                .map(|c| (TOP + r as u32, c.col as u32))
        })
        .unwrap()
}

fn check_row(values: &Range<Data>) -> u32 {
    let (end, _) = values.end().unwrap();
    (0..=end)
        .find(|&r| matches!(values.get_value((r, 0)), Some(Data::String(s)) if s.starts_with("勾稽检查")))
        .expect("check row")
}

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

#[test]
fn libreoffice_recalculation_keeps_totals_and_catches_an_edit() {
    let Some(bin) = soffice() else {
        eprintln!("soffice not installed: skipped");
        return;
    };
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zhangdian-minzheng-2020.yaml");
    let fixture = build(source::load_file(&path).unwrap().report);
    let consistent = build(source::load_str(&common::consistent_yaml()).unwrap().report);

    // 本年新收 / 自然人 of the consistent report edited behind the cache: +5.
    let t3 = table(&consistent.doc, "表三");
    let (r, c) = position(t3, "本年新收", "自然人");
    let addr = rust_xlsxwriter::utility::row_col_to_cell(r, c as u16);
    let before = consistent.report.tables["表三"]
        .get("本年新收", "自然人")
        .unwrap()
        .value
        .unwrap();
    let edited = edit_cell(
        &consistent.bytes,
        "sheet3.xml",
        &addr,
        before.to_f64() + 5.0,
    );

    let dir = temp_dir("lo");
    let out = recalculate(
        bin,
        &dir,
        &[
            ("fixture.xlsx", &fixture.bytes),
            ("consistent.xlsx", &consistent.bytes),
            ("edited.xlsx", &edited),
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);

    // 1. Recalculated as is: every derived cell and every check cell keeps its cached value.
    for (b, bytes) in [(&fixture, &out[0]), (&consistent, &out[1])] {
        let grids = derive::compute(&b.report).unwrap();
        let mut original = open(b.bytes.clone());
        let mut wb = open(bytes.clone());
        let names = wb.sheet_names();
        let mut derived_cells = 0;
        for (t, name) in b
            .doc
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Table(t) => Some(t),
                _ => None,
            })
            .zip(names.iter().skip(1))
        {
            let values = wb.worksheet_range(name).unwrap();
            for (r, row) in t.rows.iter().enumerate() {
                for c in row {
                    let Some(d) = c.data.as_ref().filter(|d| d.derived) else {
                        continue;
                    };
                    let got = number(values.get_value((TOP + r as u32, c.col as u32)));
                    let want = grids[&t.id].get(&d.row, &d.col).to_f64();
                    assert_eq!(got, want, "{name} {}/{}", d.row, d.col);
                    derived_cells += 1;
                }
            }
            if t.id == "表三" {
                let cached = original.worksheet_range(name).unwrap();
                let row = check_row(&values);
                for col in 3..10 {
                    assert_eq!(
                        number(values.get_value((row, col))),
                        number(cached.get_value((row, col))),
                        "{name} check column {col}"
                    );
                }
            }
        }
        assert!(derived_cells > 30);
    }

    // 2. The edit: totals follow, the check row shows +5 in 自然人 and 总计, the first sheet says so.
    let mut wb = open(out[2].clone());
    let names = wb.sheet_names();
    let values = wb.worksheet_range(&names[2]).unwrap();
    let grid = &derive::compute(&consistent.report).unwrap()["表三"];
    let total = position(t3, "本年新收", "总计");
    assert_eq!(
        number(values.get_value(total)),
        grid.get("本年新收", "总计").to_f64() + 5.0,
        "总计 column follows the edit"
    );
    let row = check_row(&values);
    let diffs: Vec<f64> = (3..10)
        .map(|c| number(values.get_value((row, c))))
        .collect();
    assert_eq!(diffs, vec![5.0, 0.0, 0.0, 0.0, 0.0, 0.0, 5.0]);
    let meta = wb.worksheet_range("报告信息").unwrap();
    assert!(
        meta.used_cells()
            .any(|(_, _, d)| matches!(d, Data::String(s) if s.starts_with("不成立"))),
        "live status on the first sheet"
    );
}
