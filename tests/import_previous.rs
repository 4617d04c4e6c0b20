//! Readings of digit runs where arithmetic cannot decide: plausibility, the narrative's own
//! figures, last year's report (`import --previous`, a directory of years), and `check
//! --previous` with a legacy file and with another organ's report.

use std::path::{Path, PathBuf};
use std::process::Command;

use nianbao::diag::Rule;
use nianbao::import::{ImportOptions, Imported, import_bytes, import_bytes_with};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/legacy");
const JIAOTONG: &str = "06_pingtan-jiaotongyujiansheju-2021.txt";

fn text(name: &str) -> String {
    std::fs::read_to_string(Path::new(DIR).join(name)).unwrap()
}

fn import(text: &str) -> Imported {
    import_bytes(
        text.as_bytes(),
        Some("r.txt"),
        &ImportOptions { partial: true },
    )
    .unwrap()
}

fn row(i: &Imported, table: &str, row: &str) -> Vec<Option<String>> {
    let t = i.report.template().table(table).unwrap();
    let b = t.blocks.iter().find(|b| b.row(row).is_some()).unwrap();
    b.leaf_columns()
        .iter()
        .map(|c| {
            i.report.tables[table]
                .get(row, c.key.as_deref().unwrap())
                .and_then(|c| c.value)
                .map(|a| a.to_string())
        })
        .collect()
}

fn some(v: &[&str]) -> Vec<Option<String>> {
    v.iter().map(|s| Some((*s).to_owned())).collect()
}

/// 06 with the 行政规范性文件 row of 表二 replaced by `digits`, and the year changed.
fn jiaotong(digits: &str, year: i32) -> String {
    text(JIAOTONG)
        .replace("行政规范性文件0012", &format!("行政规范性文件{digits}"))
        .replace("2021年度", &format!("{year}年度"))
}

#[test]
fn balanced_digit_counts_beat_implausible_splits() {
    // The example: 77 / 132 / 470, not 7 / 7 / 132470.
    let i = import(&jiaotong("77132470", 2021));
    assert_eq!(
        row(&i, "表二", "行政规范性文件"),
        some(&["77", "132", "470"])
    );
    // Every alternative is still written next to the row.
    let c = &i.report.tables["表二"].comments["行政规范性文件"];
    assert!(
        c[0].contains("原文「77132470」") && c[0].contains("也可能"),
        "{c:?}"
    );
    assert!(
        i.notes
            .iter()
            .any(|n| n.rule == Rule::ImportAmbiguous && n.message.contains("77132470"))
    );
}

#[test]
fn the_narrative_states_the_issued_count() {
    // 05: 「2021年发布规范性文件20份」 and the run 「20 155」: 20 / 1 / 55.
    let i = import(&text("05_pingtan-guanweihuibangongshi-2021.txt"));
    assert_eq!(row(&i, "表二", "行政规范性文件"), some(&["20", "1", "55"]));
    // Without the sentence the balanced reading still keeps the space as a cell boundary.
    let t = text("05_pingtan-guanweihuibangongshi-2021.txt").replace("发布规范性文件20份", "");
    assert_eq!(
        row(&import(&t), "表二", "行政规范性文件"),
        some(&["20", "1", "55"])
    );
}

#[test]
fn stock_not_below_what_was_issued() {
    // 13013: 13 / 0 / 13 (1 / 30 / 13 repeals more than is in force, 130 / 1 / 3 issues more).
    let i = import(&text("10_pingtan-shichangjianduguanliju-2023.txt"));
    assert_eq!(row(&i, "表二", "行政规范性文件"), some(&["13", "0", "13"]));
}

#[test]
fn last_years_report_decides_by_the_chain() {
    // Last year 322 in force; this year 「12321」: 322 + 1 − 2 = 321, so 1 / 2 / 321, while
    // without last year the balanced 12 / 3 / 21 is chosen.
    let last = import(&jiaotong("00322", 2021));
    assert_eq!(
        row(&last, "表二", "行政规范性文件"),
        some(&["0", "0", "322"])
    );
    let this = jiaotong("12321", 2022);
    let plain = import(&this);
    assert_eq!(
        row(&plain, "表二", "行政规范性文件"),
        some(&["12", "3", "21"])
    );
    let with = import_bytes_with(
        this.as_bytes(),
        Some("r.txt"),
        &ImportOptions { partial: true },
        Some(&last.report),
    )
    .unwrap();
    assert_eq!(
        row(&with, "表二", "行政规范性文件"),
        some(&["1", "2", "321"])
    );
    assert!(with.notes.iter().any(|n| n.message.contains("参考了上年")));
    // Another organ's report is not used.
    let other = import(&text("05_pingtan-guanweihuibangongshi-2021.txt"));
    let refused = import_bytes_with(
        this.as_bytes(),
        Some("r.txt"),
        &ImportOptions { partial: true },
        Some(&other.report),
    )
    .unwrap();
    assert_eq!(
        row(&refused, "表二", "行政规范性文件"),
        some(&["12", "3", "21"])
    );
    assert!(
        refused
            .notes
            .iter()
            .any(|n| n.message.contains("不是同一机关"))
    );
}

fn tmp(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn nianbao(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn loaded_row(path: &Path, table: &str, r: &str) -> Vec<Option<String>> {
    let l = nianbao::source::load_file(path).unwrap();
    let t = l.report.template().table(table).unwrap();
    let b = t.blocks.iter().find(|b| b.row(r).is_some()).unwrap();
    b.leaf_columns()
        .iter()
        .map(|c| {
            l.report.tables[table]
                .get(r, c.key.as_deref().unwrap())
                .and_then(|c| c.value)
                .map(|a| a.to_string())
        })
        .collect()
}

#[test]
fn a_directory_of_years_uses_each_year_for_the_next() {
    let dir = tmp("years-in");
    let out = tmp("years-out");
    // Named so that name order is not year order.
    std::fs::write(dir.join("a-2022.txt"), jiaotong("12321", 2022)).unwrap();
    std::fs::write(dir.join("b-2021.txt"), jiaotong("00322", 2021)).unwrap();
    let (code, err) = nianbao(&[
        "import".as_ref(),
        dir.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("用上一年（2021 年度）"), "{err}");
    assert_eq!(
        loaded_row(&out.join("a-2022.yaml"), "表二", "行政规范性文件"),
        some(&["1", "2", "321"])
    );
    // `--previous` with a legacy file does the same for one file.
    let one = out.join("one.yaml");
    let (code, err) = nianbao(&[
        "import".as_ref(),
        dir.join("a-2022.txt").as_os_str(),
        "--previous".as_ref(),
        dir.join("b-2021.txt").as_os_str(),
        "-o".as_ref(),
        one.as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        loaded_row(&one, "表二", "行政规范性文件"),
        some(&["1", "2", "321"])
    );
}

#[test]
fn check_previous_accepts_a_legacy_file_and_refuses_another_organ() {
    let dir = tmp("check-previous");
    let last = dir.join("2021.txt");
    std::fs::write(&last, jiaotong("00322", 2021)).unwrap();
    let this = dir.join("2022.yaml");
    std::fs::write(dir.join("2022.txt"), jiaotong("12321", 2022)).unwrap();
    let (code, err) = nianbao(&[
        "import".as_ref(),
        dir.join("2022.txt").as_os_str(),
        "-o".as_ref(),
        this.as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    // Same organ, legacy text as last year: cross-year rule checked (12 + 3 − 21 ≠ 322 …),
    // the import notes about last year's file name that file.
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&this, &last)).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap().clone();
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(codes.contains(&"cross-year"), "{codes:?}");
    assert!(
        diags.iter().any(|d| d["code"] == "import-note"
            && d["file"].as_str().is_some_and(|f| f.ends_with("2021.txt"))),
        "{diags:?}"
    );
    // Another organ's report: one clear finding, no cross-year rules.
    let other = dir.join("other.txt");
    std::fs::write(&other, text("05_pingtan-guanweihuibangongshi-2021.txt")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&stdout_of(&this, &other)).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(!codes.contains(&"cross-year"), "{codes:?}");
    assert_eq!(
        codes.iter().filter(|c| **c == "previous-report").count(),
        1,
        "{codes:?}"
    );
}

fn stdout_of(this: &Path, last: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args([
            "check".as_ref(),
            this.as_os_str(),
            "--previous".as_ref(),
            last.as_os_str(),
            "--format".as_ref(),
            "json".as_ref(),
        ])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_narrative_states_the_count_in_force() {
    // 「现行有效…321件」 decides 「12321」 as 1 / 2 / 321 (balanced digits alone: 12 / 3 / 21).
    let t = jiaotong("12321", 2022).replacen(
        "一、总体情况",
        "一、总体情况截至年底，我局现行有效的行政规范性文件321件。",
        1,
    );
    assert_eq!(
        row(&import(&t), "表二", "行政规范性文件"),
        some(&["1", "2", "321"])
    );
}
