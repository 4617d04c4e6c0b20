//! The checks evaluators run (issue 16): narrative against tables, with the sentence and the
//! cell named; the legacy corpus stays quiet except for its real slips.

use std::path::Path;

use nianbao::check;
use nianbao::diag::{Diagnostic, Rule, Severity};
use nianbao::import::{ImportOptions, import_bytes};
use nianbao::source::load_file;

fn check_fixture(path: &str) -> Vec<Diagnostic> {
    let loaded = load_file(Path::new(path)).unwrap();
    check::check(&loaded.report)
}

fn narrative(all: &[Diagnostic]) -> Vec<&Diagnostic> {
    all.iter()
        .filter(|d| d.rule == Rule::NarrativeFigure)
        .collect()
}

/// The finding naming this cell, with the sentence and the two values.
fn at<'a>(found: &[&'a Diagnostic], table: &str, row: &str, col: &str) -> &'a Diagnostic {
    found
        .iter()
        .copied()
        .find(|d| {
            d.table.as_deref() == Some(table)
                && d.row.as_deref() == Some(row)
                && d.column.as_deref() == Some(col)
        })
        .unwrap_or_else(|| panic!("no finding at {table} {row} {col}: {found:#?}"))
}

#[test]
fn narrative_slips_name_the_sentence_and_the_cell() {
    let all = check_fixture("tests/fixtures/eval/narrative-slips.yaml");
    let found = narrative(&all);
    let expect = [
        (
            "表二",
            "行政规范性文件",
            "本年制发件数",
            "制发行政规范性文件5件",
            "5",
            "3",
        ),
        (
            "表二",
            "行政许可",
            "本年处理决定数量",
            "行政许可40件",
            "40",
            "1260",
        ),
        (
            "表二",
            "行政事业性收费",
            "本年收费金额",
            "行政事业性收费1200元",
            "1200元",
            "0",
        ),
        ("表三", "不予处理", "总计", "不予处理2件", "2件", "1"),
        (
            "表三",
            "结转下年度",
            "总计",
            "结转下年度继续办理3件",
            "3件",
            "1",
        ),
        (
            "表四",
            "未经复议直接起诉",
            "总计",
            "行政诉讼1件",
            "1件",
            "0",
        ),
    ];
    for (table, row, col, sentence, said, table_value) in expect {
        let d = at(&found, table, row, col);
        assert_eq!(d.severity, Severity::Warning);
        assert!(d.message.contains(sentence), "{}", d.message);
        assert!(
            d.found
                .as_deref()
                .unwrap()
                .starts_with(said.trim_end_matches(['件', '元']))
        );
        assert_eq!(d.expected.as_deref(), Some(table_value));
        assert!(d.loc.is_some());
    }
    // Figures that agree are not reported: 收到18件, 上年结转1件, 予以公开9件, 行政处罚4起,
    // 现行有效25件, 行政复议1件.
    assert_eq!(found.len(), expect.len(), "{found:#?}");
}

#[test]
fn examples_stay_clean() {
    for ex in [
        "examples/shili-jiaoyuju-2024.yaml",
        "examples/zhangdian-minzheng-2020.yaml",
    ] {
        let all = check_fixture(ex);
        assert!(narrative(&all).is_empty(), "{ex}: {all:#?}");
    }
}

fn import_legacy(name: &str) -> Vec<Diagnostic> {
    let path = Path::new("tests/fixtures/legacy").join(name);
    let bytes = std::fs::read(&path).unwrap();
    let imported = import_bytes(&bytes, Some(name), &ImportOptions { partial: true }).unwrap();
    check::check(&imported.report)
}

#[test]
fn legacy_corpus_reports_only_true_narrative_slips() {
    let names = [
        "01_pingtan-caizhengjinrongju-2019.txt",
        "02_pingtan-gonganju-2019.txt",
        "03_pingtan-jinjingpianqu-2020.html",
        "04_pingtan-xingzhengshenpiju-2020.txt",
        "05_pingtan-guanweihuibangongshi-2021.txt",
        "06_pingtan-jiaotongyujiansheju-2021.txt",
        "07_pingtan-haitanpianqu-2022.txt",
        "08_pingtan-nongyenongcunju-2022.txt",
        "09_pingtan-ziranziyuanyushengtaihuanjingju-2023.html",
        "10_pingtan-shichangjianduguanliju-2023.txt",
        "11_pingtan-shehuishiyeju-2024.txt",
        "12_pingtan-zonghezhifayuyingjiguanliju-2024.txt",
        "zhangdian-minzheng-2020.txt",
    ];
    for name in names {
        let all = import_legacy(name);
        let text_rules: Vec<&Diagnostic> = all
            .iter()
            .filter(|d| {
                [
                    Rule::StaleYear,
                    Rule::OtherOrgan,
                    Rule::Deadline,
                    Rule::ShortSection,
                    Rule::FeeStatement,
                ]
                .contains(&d.rule)
            })
            .collect();
        if name.starts_with("05_") {
            // Section 六 says only 「无其他需要报告的事项」 on the 2021 template: no 信息处理费 statement.
            assert_eq!(text_rules.len(), 1, "{text_rules:#?}");
            assert_eq!(text_rules[0].rule, Rule::FeeStatement);
        } else {
            assert!(text_rules.is_empty(), "{name}: {text_rules:#?}");
        }
        let found = narrative(&all);
        if name.starts_with("12_") {
            // The text says 4 applications received and 3 handled; 表三 is all zeros (dev/INDEX.md).
            let d = at(&found, "表三", "本年新收", "总计");
            assert_eq!(d.found.as_deref(), Some("4件"));
            at(&found, "表三", "总计", "总计");
            assert_eq!(found.len(), 2, "{found:#?}");
        } else {
            assert!(found.is_empty(), "{name}: {found:#?}");
        }
    }
}

#[test]
fn zero_statements_contradicting_the_tables() {
    let text = "模板: 2021\n机关: 某局\n年度: 2022\n正文:\n  总体情况:\n    - 本年度未收到政府信息公开申请。\n  政府信息公开行政复议、行政诉讼情况:\n    - 未发生政府信息公开行政复议、行政诉讼。\n表三:\n  本年新收: [3, 0, 0, 0, 0, 0]\n  予以公开: [3, 0, 0, 0, 0, 0]\n表四:\n  行政复议: [1, 0, 0, 0]\n";
    let loaded = nianbao::source::load_str(text).unwrap();
    let all = check::check(&loaded.report);
    let found = narrative(&all);
    assert_eq!(at(&found, "表三", "本年新收", "总计").loc.unwrap().line, 6);
    assert_eq!(at(&found, "表四", "行政复议", "总计").loc.unwrap().line, 8);
    assert_eq!(found.len(), 2, "{found:#?}");
}

fn nianbao(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn only_and_skip_select_rules_by_code() {
    let f = "tests/fixtures/eval/narrative-slips.yaml";
    let (code, out, _) = nianbao(&["check", f, "--format", "json", "--only", "narrative-figure"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 6);
    assert!(diags.iter().all(|d| d["code"] == "narrative-figure"));
    let (code, out, _) = nianbao(&[
        "check",
        f,
        "--format",
        "json",
        "--skip",
        "narrative-figure,date",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != "narrative-figure")
    );
    let (code, _, err) = nianbao(&["check", f, "--only", "balanse"]);
    assert_eq!(code, 2);
    assert!(err.contains("balance"), "{err}");
}

#[test]
fn text_left_from_another_year_or_organ_and_missing_statements() {
    let all = check_fixture("tests/fixtures/eval/stale-slips.yaml");
    let of = |rule: Rule| -> Vec<&Diagnostic> { all.iter().filter(|d| d.rule == rule).collect() };
    let stale = of(Rule::StaleYear);
    assert_eq!(stale.len(), 2, "{stale:#?}");
    assert_eq!(stale[0].loc.unwrap().line, 8, "statistical period in 前言");
    assert!(stale[0].message.contains("统计期限为2023年1月1日"));
    assert_eq!(stale[1].loc.unwrap().line, 13);
    assert_eq!(stale[1].found.as_deref(), Some("2023"));
    let organ = of(Rule::OtherOrgan);
    assert_eq!(organ.len(), 1);
    assert_eq!(organ[0].found.as_deref(), Some("示例县卫健局办公室"));
    let deadline = of(Rule::Deadline);
    assert_eq!(deadline.len(), 1);
    assert_eq!(deadline[0].expected.as_deref(), Some("2025年1月31日"));
    assert_eq!(of(Rule::ShortSection)[0].loc.unwrap().line, 31);
    assert_eq!(of(Rule::FeeStatement).len(), 1);
    // The unchanged example has none of these.
    let clean = check_fixture("examples/shili-jiaoyuju-2024.yaml");
    for rule in [
        Rule::StaleYear,
        Rule::OtherOrgan,
        Rule::Deadline,
        Rule::ShortSection,
        Rule::FeeStatement,
    ] {
        assert!(
            !clean.iter().any(|d| d.rule == rule),
            "{rule:?}: {clean:#?}"
        );
    }
}

#[test]
fn a_government_has_until_the_end_of_march() {
    let text = "模板: 2021\n机关: 示例县人民政府\n年度: 2024\n日期: 2025年3月20日\n";
    let loaded = nianbao::source::load_str(text).unwrap();
    assert!(
        !check::check(&loaded.report)
            .iter()
            .any(|d| d.rule == Rule::Deadline)
    );
    let late = text.replace("3月20日", "4月2日");
    let loaded = nianbao::source::load_str(&late).unwrap();
    let all = check::check(&loaded.report);
    let d = all.iter().find(|d| d.rule == Rule::Deadline).unwrap();
    assert_eq!(d.expected.as_deref(), Some("2025年3月31日"));
    assert_eq!(d.loc.unwrap().line, 4);
}

#[test]
fn a_narrative_copied_from_last_year_is_warned() {
    let this = load_file(Path::new("examples/shili-jiaoyuju-2024.yaml"))
        .unwrap()
        .report;
    let mut last = this.clone();
    last.meta.year = 2023;
    let all = check::check_previous(&this, &last);
    let d = all.iter().find(|d| d.rule == Rule::RepeatedText).unwrap();
    assert_eq!(d.found.as_deref(), Some("100%"));
    // A different report shares no wording.
    let other = load_file(Path::new("examples/zhangdian-minzheng-2020.yaml"))
        .unwrap()
        .report;
    assert!(check::previous::repeated_share(&this, &other) < 0.1);
    assert!(
        !check::check_previous(&this, &other)
            .iter()
            .any(|d| d.rule == Rule::RepeatedText)
    );
}

#[test]
fn readme_lists_every_rule_code() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    for rule in Rule::ALL {
        assert!(
            readme.contains(&format!("| `{}` | {} |", rule.code(), rule.name())),
            "README lacks {}",
            rule.code()
        );
    }
}

#[test]
fn audit_workbook_lists_every_report_with_counts_per_rule() {
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    let dir = std::env::temp_dir().join(format!("nianbao-audit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for f in [
        "tests/fixtures/eval/narrative-slips.yaml",
        "tests/fixtures/eval/stale-slips.yaml",
        "examples/shili-jiaoyuju-2024.yaml",
    ] {
        // One folder each: variants of one report side by side would (rightly) be flagged as
        // writing the same output.
        let name = Path::new(f).file_name().unwrap();
        let sub = dir.join(name).with_extension("d");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::copy(f, sub.join(name)).unwrap();
    }
    let out = dir.join("audit.xlsx");
    let (code, _, err) = nianbao(&[
        "check",
        dir.to_str().unwrap(),
        "--report",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&out).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("报告").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), 4, "header and three reports");
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let col = |code: &str| header.iter().position(|h| h == code).unwrap();
    let row_of = |name: &str| {
        rows.iter()
            .find(|r| r[0].to_string().ends_with(name))
            .unwrap_or_else(|| panic!("{name} not listed"))
    };
    let num = |r: &[Data], c: usize| match r[c] {
        Data::Float(f) => f,
        Data::Int(i) => i as f64,
        ref other => panic!("not a number: {other:?}"),
    };
    assert_eq!(
        num(row_of("narrative-slips.yaml"), col("narrative-figure")),
        6.0
    );
    assert_eq!(num(row_of("stale-slips.yaml"), col("stale-year")), 2.0);
    assert_eq!(
        num(row_of("stale-slips.yaml"), col("narrative-figure")),
        0.0
    );
    assert_eq!(
        num(row_of("shili-jiaoyuju-2024.yaml"), 5),
        0.0,
        "the example has no warnings"
    );
    let list = wb.worksheet_range("问题清单").unwrap();
    let total: usize = [("narrative-slips.yaml", 6.0), ("stale-slips.yaml", 6.0)]
        .iter()
        .map(|(n, _)| num(row_of(n), 5) as usize)
        .sum();
    assert_eq!(list.rows().count() - 1, total);
    let first = list
        .rows()
        .find(|r| matches!(&r[4], Data::String(s) if s == "narrative-figure"))
        .unwrap();
    assert!(!first[6].to_string().is_empty(), "table named");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn repealed_and_in_force_carry_the_document_kind_on() {
    let text = "模板: 2021\n机关: 某局\n年度: 2022\n正文:\n  总体情况:\n    - 制发行政规范性文件3件，废止2件，现行有效20件。\n表二:\n  行政规范性文件: [3, 1, 25]\n";
    let loaded = nianbao::source::load_str(text).unwrap();
    let all = check::check(&loaded.report);
    let found = narrative(&all);
    assert_eq!(
        at(&found, "表二", "行政规范性文件", "本年废止件数")
            .expected
            .as_deref(),
        Some("1")
    );
    assert_eq!(
        at(&found, "表二", "行政规范性文件", "现行有效件数")
            .found
            .as_deref(),
        Some("20件")
    );
    assert_eq!(found.len(), 2, "制发 3 agrees: {found:#?}");
}
