//! `check` on real files: the faithful seed transcription, the consistent examples, broken input.

use nianbao::diag::Rule;
use std::path::Path;

use nianbao::check;
use nianbao::diag::{Diagnostic, Severity};
use nianbao::source::{LoadError, load_file, load_str};

fn findings(path: &str) -> Vec<Diagnostic> {
    let loaded = load_file(Path::new(path)).expect("loads");
    let mut all = loaded.diagnostics;
    all.extend(check::check(&loaded.report));
    all
}

/// The text at a finding's line:column, up to the next `,` or `]`.
fn text_at(file: &str, d: &Diagnostic) -> String {
    let loc = d.loc.expect("finding has a location");
    let text = std::fs::read_to_string(file).unwrap();
    let line = text.lines().nth(loc.line as usize - 1).unwrap();
    line.chars()
        .skip(loc.column as usize - 1)
        .take_while(|c| *c != ',' && *c != ']')
        .collect()
}

fn errors(all: &[Diagnostic]) -> Vec<&Diagnostic> {
    all.iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

#[test]
fn consistent_examples_have_no_findings() {
    for f in [
        "examples/zhangdian-minzheng-2020.yaml",
        "examples/shili-jiaoyuju-2024.yaml",
    ] {
        let all = findings(f);
        assert!(all.is_empty(), "{f}: {all:#?}");
    }
}

#[test]
fn seed_transcription_shows_its_own_errors_with_positions() {
    let file = "tests/fixtures/zhangdian-minzheng-2020.yaml";
    let all = findings(file);
    let errs = errors(&all);
    // 勾稽 breaks in the 其他 column and in the 总计 column: 2 + 1 = 3 vs 2 + 0 = 2.
    let balance: Vec<_> = errs.iter().filter(|d| d.rule == Rule::Balance).collect();
    assert_eq!(balance.len(), 2, "{balance:#?}");
    for d in &balance {
        assert!(d.message.contains("3 ≠ 2"), "{}", d.message);
        assert_eq!(
            (d.found.as_deref(), d.expected.as_deref()),
            (Some("2"), Some("3"))
        );
    }
    assert!(balance.iter().any(|d| d.message.contains("「总计」列")));
    assert!(balance.iter().any(|d| d.message.contains("「其他」列")));
    // The printed （七）总计 0 against the derived 2, pointing at the printed 0.
    let total = errs
        .iter()
        .find(|d| d.rule == Rule::PrintedTotal && d.message.contains("「总计」列印为 0"))
        .expect("printed total finding");
    assert!(total.message.contains("应为 2"));
    assert_eq!(text_at(file, total), "0");
    let loc = total.loc.unwrap();
    let line = std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .nth(loc.line as usize - 1)
        .unwrap()
        .to_owned();
    assert!(line.trim_start().starts_with("总计:"), "{line}");
    // The missing unit of 采购总金额 is a warning at the value.
    let unit = all.iter().find(|d| d.rule == Rule::Unit).unwrap();
    assert_eq!(unit.severity, Severity::Warning);
    assert_eq!(text_at(file, unit), "542700");
}

#[test]
fn malformed_yaml_names_line_and_column() {
    let err = load_str("模板: 2019\n机关: [未闭合\n年度: 2020\n").unwrap_err();
    let LoadError::Syntax { loc, message } = &err else {
        panic!("{err:?}")
    };
    assert!(loc.is_some(), "{message}");
    assert!(err.is_fatal());
    let d = &err.diagnostics(Some(Path::new("x.yaml")))[0];
    assert!(d.to_string().starts_with("x.yaml:"), "{d}");
    assert!(!d.to_string().contains('\n'), "one line: {d}");
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let loaded = load_str("模板: 2021\n机关: 某局\n年份: 2022\n").unwrap();
    let d = loaded
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::UnknownKey)
        .unwrap();
    assert!(d.message.contains("是不是「年度」"), "{}", d.message);
    assert_eq!(d.loc.unwrap().line, 3);
    // The missing required key is reported too.
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.message.contains("缺少「年度:」"))
    );
}

#[test]
fn unknown_row_suggests_a_row() {
    let loaded =
        load_str("模板: 2021\n机关: 某局\n年度: 2022\n表三:\n  本年新收申请: [1, 0, 0, 0, 0, 0]\n")
            .unwrap();
    let d = loaded
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::UnknownKey)
        .unwrap();
    assert!(d.message.contains("是不是「本年新收」"), "{}", d.message);
    assert_eq!((d.loc.unwrap().line, d.loc.unwrap().column), (5, 3));
}

#[test]
fn negative_count_is_an_error_at_the_value() {
    let text = "模板: 2021\n机关: 某局\n年度: 2022\n表三:\n  本年新收: [1, -2, 0, 0, 0, 0]\n";
    let loaded = load_str(text).unwrap();
    let all = check::check(&loaded.report);
    let d = all.iter().find(|d| d.rule == Rule::NonNegative).unwrap();
    assert_eq!(d.severity, Severity::Error);
    assert_eq!((d.loc.unwrap().line, d.loc.unwrap().column), (5, 13));
    assert!(d.message.contains("-2"));
}

#[test]
fn wrong_template_version_is_refused() {
    let err = load_str("模板: 2020\n机关: 某局\n年度: 2020\n").unwrap_err();
    let LoadError::Invalid(d) = &err else {
        panic!("{err:?}")
    };
    assert!(
        d[0].message.contains("没有「2020」这个模板"),
        "{}",
        d[0].message
    );
    assert_eq!(d[0].loc.unwrap().line, 1);
    assert!(!err.is_fatal());
}

#[test]
fn missing_file_and_bad_encodings_are_clear() {
    let err = load_file(Path::new("no/such/file.yaml")).unwrap_err();
    assert!(err.is_fatal());
    assert!(err.diagnostics(None)[0].message.contains("找不到文件"));
    let dir = std::env::temp_dir().join(format!("nianbao-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gbk = dir.join("gbk.yaml");
    // "模板: 2019\n机关: 某局" in GBK.
    let mut bytes = vec![
        0xc4, 0xa3, 0xb0, 0xe5, b':', b' ', b'2', b'0', b'1', b'9', b'\n',
    ];
    bytes.extend([
        0xbb, 0xfa, 0xb9, 0xd8, b':', b' ', 0xc4, 0xb3, 0xbe, 0xd6, b'\n',
    ]);
    std::fs::write(&gbk, bytes).unwrap();
    // Read, with a warning naming the encoding.
    let loaded = load_file(&gbk).unwrap();
    assert_eq!(loaded.report.meta.organ, "某局");
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.rule == Rule::Encoding && d.message.contains("GBK"))
    );
    // Not text in any encoding: a clear refusal.
    let junk = dir.join("junk.yaml");
    std::fs::write(&junk, [0xff, 0xff, 0x81, 0x20, 0xfe, 0x0a]).unwrap();
    let err = load_file(&junk).unwrap_err();
    assert!(err.is_fatal());
    assert!(
        err.diagnostics(None)[0].message.contains("UTF-8"),
        "{err:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wrong_number_of_values_names_the_columns() {
    let loaded =
        load_str("模板: 2019\n机关: 某局\n年度: 2020\n表三:\n  本年新收: [1, 0, 0]\n").unwrap();
    let d = loaded
        .diagnostics
        .iter()
        .find(|d| d.rule == Rule::ColumnCount)
        .unwrap();
    assert!(
        d.message.contains("6 个数") && d.message.contains("这里有 3 个"),
        "{}",
        d.message
    );
}

#[test]
fn duplicate_keys_are_errors() {
    let loaded = load_str("模板: 2019\n机关: 某局\n年度: 2020\n机关: 另一局\n").unwrap();
    assert!(
        loaded
            .diagnostics
            .iter()
            .any(|d| d.rule == Rule::DuplicateKey && d.loc.unwrap().line == 4)
    );
}

#[test]
fn hostile_yaml_is_refused_within_limits() {
    // Billion laughs.
    let mut bomb =
        String::from("模板: 2019\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for i in 0..9 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        bomb.push_str(&format!("b{i}: &b{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
    }
    assert!(load_str(&bomb).is_err());
    // Deep nesting.
    let deep = format!(
        "模板: 2019\nx: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(load_str(&deep).is_err());
    // Huge input.
    let huge = format!("模板: 2019\n机关: {}\n", "长".repeat(3 * 1024 * 1024));
    assert!(matches!(load_str(&huge), Err(LoadError::Syntax { .. })));
    // Absurd numbers.
    let loaded = load_str("模板: 2019\n机关: 某局\n年度: 2020\n表三:\n  本年新收: [99999999999999999999999, 0, 0, 0, 0, 0]\n").unwrap();
    assert!(loaded.diagnostics.iter().any(|d| d.rule == Rule::TooLarge));
}

#[test]
fn cross_year_rules_compare_carry_over() {
    let last = load_file(Path::new("examples/zhangdian-minzheng-2020.yaml"))
        .unwrap()
        .report;
    // This year's 上年结转 must equal last year's 结转下年度 (0,0,0,0,0,1).
    let this = load_str(
        "模板: 2021\n机关: 张店区民政局\n年度: 2021\n表三:\n  上年结转: [0, 0, 0, 0, 0, 0]\n",
    )
    .unwrap()
    .report;
    let all = check::check_previous(&this, &last);
    let d: Vec<_> = all.iter().filter(|d| d.rule == Rule::CrossYear).collect();
    assert_eq!(d.len(), 2, "其他 and 总计 columns: {d:#?}");
    assert!(
        d[0].message.contains("上年报告「结转下年度」为 1"),
        "{}",
        d[0].message
    );
    assert_eq!(d[0].loc.unwrap().line, 5);
}

#[test]
fn narrative_figures_that_contradict_the_tables_are_warnings() {
    let text = "模板: 2021\n机关: 某局\n年度: 2022\n正文:\n  总体情况:\n    - 全年共收到政府信息公开申请5件。\n表三:\n  本年新收: [3, 0, 0, 0, 0, 0]\n";
    let loaded = load_str(text).unwrap();
    let all = check::check(&loaded.report);
    let d = all
        .iter()
        .find(|d| d.rule == Rule::NarrativeFigure)
        .unwrap();
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.loc.unwrap().line, 6);
}
