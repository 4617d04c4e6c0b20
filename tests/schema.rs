//! The JSON Schema (`nianbao schema`) agrees with the loader: every example, fixture, `init`
//! starter and imported legacy report validates; every documented way of writing a value is
//! accepted by both; a short row, a row of the other template, a negative count and an
//! unknown key are rejected.

mod support;

use std::path::Path;

use serde_json::Value;
use support::{bin, run, temp_dir};

fn schema() -> jsonschema::Validator {
    let (code, out, err) = run(&["schema"]);
    assert_eq!(code, 0, "{err}");
    let schema: Value = serde_json::from_str(&out).expect("schema is JSON");
    jsonschema::draft7::new(&schema).expect("schema compiles as draft-07")
}

/// The YAML text as the JSON value an editor's schema validator sees.
fn as_json(yaml: &str) -> Value {
    serde_saphyr::from_str(yaml).expect("YAML reads as JSON data")
}

fn errors(v: &jsonschema::Validator, yaml: &str) -> Vec<String> {
    v.iter_errors(&as_json(yaml))
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn assert_valid(v: &jsonschema::Validator, yaml: &str, what: &str) {
    let e = errors(v, yaml);
    assert!(e.is_empty(), "{what} fails the schema:\n{}", e.join("\n"));
}

/// The loader's verdict: no finding that comes from reading the source format.
fn loader_accepts(path: &Path) -> bool {
    let (_, out, err) = run(&["check", "--format", "json", &path.to_string_lossy()]);
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{out}{err}"));
    let findings = v["files"][0]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    !findings.iter().any(|f| {
        f["severity"] == "error"
            && [
                "wrong-type",
                "column-count",
                "unknown-key",
                "unit",
                "yaml-syntax",
                "too-large",
            ]
            .contains(&f["code"].as_str().unwrap_or_default())
    })
}

#[test]
fn examples_and_fixtures_validate() {
    let v = schema();
    let mut n = 0;
    for dir in ["examples", "tests/fixtures", "tests/fixtures/eval"] {
        for entry in std::fs::read_dir(dir).expect(dir) {
            let p = entry.expect("entry").path();
            if p.extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(&p).expect("read");
                assert_valid(&v, &text, &p.display().to_string());
                n += 1;
            }
        }
    }
    assert!(n >= 5, "only {n} sources found");
}

#[test]
fn init_starters_validate_and_carry_the_editor_line() {
    let v = schema();
    for args in [
        vec!["init"],
        vec!["init", "--organ", "某县教育局", "--year", "2020"],
        vec!["init", "--organ", "某县教育局", "--year", "2024"],
        vec!["init", "--year", "2021", "--template", "2019"],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(
            out.lines()
                .next()
                .is_some_and(|l| l.starts_with("# yaml-language-server: $schema=")),
            "{args:?}: first line is the editor line"
        );
        assert_valid(&v, &out, &format!("{args:?}"));
    }
}

#[test]
fn imported_legacy_reports_validate() {
    let v = schema();
    let dir = temp_dir("schema-import");
    let mut n = 0;
    for entry in std::fs::read_dir("tests/fixtures/legacy").expect("legacy") {
        let p = entry.expect("entry").path();
        let out = dir.join(format!("{n}.yaml"));
        let status = bin()
            .args(["import", "--partial"])
            .arg(&p)
            .arg("-o")
            .arg(&out)
            .output()
            .expect("runs");
        if !out.exists() {
            continue;
        }
        let text = std::fs::read_to_string(&out).expect("read");
        assert_valid(
            &v,
            &text,
            &format!("import of {} ({:?})", p.display(), status.status),
        );
        n += 1;
    }
    assert!(n >= 10, "only {n} imports written");
}

/// Every documented way of writing a value, in both templates: the schema and the loader agree.
#[test]
fn documented_forms_are_accepted_by_schema_and_loader() {
    let v = schema();
    let dir = temp_dir("schema-forms");
    let forms_2021 = r#"格式版本: 1
模板: 2021
机关: 某县教育局
年度: "2024"
日期: 2025-01-20
前言:
  - 第一段。
  - 第二段。
正文:
  一、总体情况:
    - 一级标题: 主动公开
      正文: 全年主动公开政府信息156条。
    - 2024年工作平稳。
  总体情况2: ~
  存在的主要问题及改进情况: 无。
  (六)其他需要报告的事项:
    - 无。
表二:
  规章: [０, 0, 0]
  行政规范性文件: ["3", 1, "1,025"]
  行政许可: 1260
  行政处罚: [4]
  行政强制: "待核"
  行政事业性收费: 12.35万元
表三:
  一、本年新收政府信息公开申请数量: [15, 2, 0, 0, 0, 1]
  (一)予以公开: [8, 1, ~, 0, 0, 0]
  （二）部分公开（区分处理的，只计这一情形，不计其他情形）: [2, 0, 0, 0, 0, 1, 3]
  保护第三方合法权益: [1, 0, 0, 0, 0, 0]
"#;
    // `总体情况2` is not a section: the schema and the loader both refuse it; drop it for the
    // acceptance half.
    let bad_section = forms_2021;
    assert!(!errors(&v, bad_section).is_empty());
    let forms_2021 = forms_2021.replace("  总体情况2: ~\n", "");
    assert_valid(&v, &forms_2021, "2021 forms");
    let p = dir.join("forms-2021.yaml");
    std::fs::write(&p, &forms_2021).expect("write");
    assert!(
        loader_accepts(&p),
        "the loader refuses what the schema accepts"
    );

    let forms_2019 = r#"模板: 2019
机关: 某区民政局
年度: 2020
表二:
  （一）规章: [0, 0, 0]
  行政许可: [5, -2, 3]
  行政事业性收费: [0, －1]
  政府集中采购: [17, 542700元]
"#;
    assert_valid(&v, forms_2019, "2019 forms");
    let p = dir.join("forms-2019.yaml");
    std::fs::write(&p, forms_2019).expect("write");
    assert!(
        loader_accepts(&p),
        "the loader refuses what the schema accepts"
    );
}

#[test]
fn wrong_shapes_are_rejected_by_schema_and_loader() {
    let v = schema();
    let dir = temp_dir("schema-wrong");
    let base = "模板: 2021\n机关: 某县教育局\n年度: 2024\n";
    for (what, body) in [
        ("a short row", "表三:\n  本年新收: [1, 2, 3]\n"),
        ("a 2019 row shape in 2021", "表二:\n  行政许可: [0, 0, 0]\n"),
        (
            "a 2019-only row in 2021",
            "表二:\n  政府集中采购: [17, 542700]\n",
        ),
        (
            "a negative count",
            "表三:\n  本年新收: [-1, 0, 0, 0, 0, 0]\n",
        ),
        (
            "an unknown table row",
            "表三:\n  本年新收申请: [1, 0, 0, 0, 0, 0]\n",
        ),
        ("a word for a number", "表二:\n  行政许可: 若干\n"),
        (
            "a unit the column cannot take",
            "表二:\n  行政事业性收费: 5元\n",
        ),
        ("an unknown top-level key", "机构: 某局\n"),
    ] {
        let text = format!("{base}{body}");
        assert!(!errors(&v, &text).is_empty(), "schema accepts {what}");
        let p = dir.join("wrong.yaml");
        std::fs::write(&p, &text).expect("write");
        let (code, _, _) = run(&["check", &p.to_string_lossy()]);
        assert_ne!(code, 0, "loader accepts {what}");
    }
}
