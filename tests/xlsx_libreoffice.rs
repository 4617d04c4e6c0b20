//! Opens the workbook in LibreOffice (headless), which recalculates every formula, and reads
//! the result back: totals are unchanged, and an edited input makes the 勾稽 row non-zero.
//! Skipped when `soffice` is not installed.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use nianbao::layout::{self, Item};
use nianbao::render::xlsx;
use nianbao::{check, derive, source};

const TOP: u32 = 1;

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

/// Round-trips `bytes` through LibreOffice (load, recalculate, save as XLSX).
fn recalculate(bin: &str, dir: &Path, name: &str, bytes: &[u8]) -> Vec<u8> {
    let user = dir.join("profile/user");
    std::fs::create_dir_all(&user).unwrap();
    let config = user.join("registrymodifications.xcu");
    if !config.exists() {
        std::fs::write(&config, ALWAYS_RECALCULATE).unwrap();
    }
    let input = dir.join(name);
    std::fs::write(&input, bytes).unwrap();
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let status = Command::new(bin)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(&out)
        .arg(&input)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    std::fs::read(out.join(name)).unwrap()
}

/// Replaces the value of cell `addr` in `xl/worksheets/{sheet}` without touching cached results.
fn edit_cell(bytes: &[u8], sheet: &str, addr: &str, value: f64) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = Cursor::new(Vec::new());
    {
        let mut zout = zip::ZipWriter::new(&mut out);
        for i in 0..zin.len() {
            let mut f = zin.by_index(i).unwrap();
            let name = f.name().unwrap().into_owned();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            if name == format!("xl/worksheets/{sheet}") {
                let xml = String::from_utf8(data).unwrap();
                let start = xml.find(&format!("<c r=\"{addr}\"")).expect("cell present");
                let end = start + xml[start..].find("</c>").expect("cell has a value");
                let cell = &xml[start..end];
                let open = cell.find("<v>").unwrap();
                let new_cell = format!("{}<v>{value}</v>", &cell[..open]);
                data = format!("{}{}{}", &xml[..start], new_cell, &xml[end..]).into_bytes();
            }
            zout.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zout.write_all(&data).unwrap();
        }
        zout.finish().unwrap();
    }
    out.into_inner()
}

fn number(d: Option<&Data>) -> f64 {
    match d {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        None | Some(Data::Empty) => 0.0,
        other => panic!("not a number: {other:?}"),
    }
}

fn temp_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("nianbao-xlsx-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn libreoffice_recalculation_keeps_totals_and_catches_an_edit() {
    let Some(bin) = soffice() else {
        eprintln!("soffice not installed: skipped");
        return;
    };
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zhangdian-minzheng-2020.yaml");
    let report = source::load_file(&path).unwrap().report;
    let doc = layout::document(&report);
    let bytes = xlsx::render(&report, &doc, &check::check(&report)).unwrap();
    let grids = derive::compute(&report).unwrap();
    let dir = temp_dir("lo");

    // 1. Recalculated as is: every derived cell keeps its value.
    let recalculated = recalculate(bin, &dir, "report.xlsx", &bytes);
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(recalculated)).unwrap();
    let names = wb.sheet_names();
    let mut derived_cells = 0;
    for (t, name) in doc
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
    }
    assert!(derived_cells > 30);

    // 2. An input edited behind the cache (本年新收 / 其他 from 2 to 1): after recalculation the
    //    totals follow and the check row is no longer what it was.
    let t3 = doc
        .items
        .iter()
        .find_map(|i| match i {
            Item::Table(t) if t.id == "表三" => Some(t),
            _ => None,
        })
        .unwrap();
    let (r, col) = t3
        .rows
        .iter()
        .enumerate()
        .find_map(|(r, row)| {
            row.iter()
                .find(|c| {
                    c.data
                        .as_ref()
                        .is_some_and(|d| d.row == "本年新收" && d.col == "其他")
                })
                .map(|c| (r, c.col))
        })
        .unwrap();
    let addr = rust_xlsxwriter::utility::row_col_to_cell(TOP + r as u32, col as u16);
    let edited = edit_cell(&bytes, "sheet3.xml", &addr, 1.0);
    let recalculated = recalculate(bin, &dir, "edited.xlsx", &edited);
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(recalculated)).unwrap();
    let values = wb.worksheet_range(&names[2]).unwrap();
    let (end, _) = values.end().unwrap();
    let check_row = (0..=end)
        .find(|&r| matches!(values.get_value((r, 0)), Some(Data::String(s)) if s.starts_with("勾稽检查")))
        .expect("check row");
    // 新收 1 + 结转 1 − 总计 2 − 结转下年度 0 = 0 in 其他; the 总计 column follows the edit too.
    let other = number(values.get_value((check_row, col as u32)));
    let total_row_new = number(values.get_value((TOP + r as u32, col as u32 + 1)));
    assert_eq!(
        total_row_new, 1.0,
        "总计 column of 本年新收 follows the edit"
    );
    assert_eq!(other, 0.0, "check cell of 其他 recalculated");

    // 3. An edit that breaks a consistent column shows up as non-zero.
    let edited = edit_cell(&bytes, "sheet3.xml", &addr, 7.0);
    let recalculated = recalculate(bin, &dir, "broken.xlsx", &edited);
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(recalculated)).unwrap();
    let values = wb.worksheet_range(&names[2]).unwrap();
    assert_eq!(number(values.get_value((check_row, col as u32))), 6.0);
    let _ = std::fs::remove_dir_all(&dir);
}
