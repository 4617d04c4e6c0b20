//! The `nianbao` binary: exit codes, one-line messages, JSON output, init.

use std::process::Command;

fn nianbao(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_exit_codes() {
    assert_eq!(nianbao(&["check", "examples"]).0, 0);
    let (code, out, _) = nianbao(&["check", "tests/fixtures/zhangdian-minzheng-2020.yaml"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("tests/fixtures/zhangdian-minzheng-2020.yaml:77:32: 错误[合计不符]"),
        "{out}"
    );
    assert!(out.contains("3 ≠ 2"));
    assert_eq!(nianbao(&["check", "no-such-file.yaml"]).0, 2);
    assert_eq!(nianbao(&["check"]).0, 2, "missing argument");
    assert_eq!(nianbao(&["check", "--format", "xml", "examples"]).0, 2);
}

#[test]
fn malformed_yaml_exits_2_with_one_located_line() {
    let dir = std::env::temp_dir().join(format!("nianbao-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("bad.yaml");
    std::fs::write(&f, "模板: 2019\n机关: \"未闭合\n年度: 2020\n").unwrap();
    let (code, out, _) = nianbao(&["check", f.to_str().unwrap()]);
    assert_eq!(code, 2);
    let first = out.lines().next().unwrap();
    assert!(
        first.contains("bad.yaml:") && first.contains("错误[YAML格式]"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn json_output_carries_the_same_findings() {
    let file = "tests/fixtures/zhangdian-minzheng-2020.yaml";
    let (code, out, _) = nianbao(&["check", "--format", "json", file]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let (_, text, _) = nianbao(&["check", file]);
    assert_eq!(
        diags.len(),
        text.lines().count() - 1,
        "one line per finding plus a summary"
    );
    let balance = diags.iter().find(|d| d["rule"] == "勾稽关系").unwrap();
    assert_eq!(balance["severity"], "error");
    assert!(balance["line"].as_u64().unwrap() > 0 && balance["column"].as_u64().unwrap() > 0);
    assert_eq!(v["files"][0]["errors"], 4);
}

#[test]
fn init_writes_a_file_that_checks_clean() {
    let dir = std::env::temp_dir().join(format!("nianbao-init-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (year, template) in [(2020, "2019"), (2025, "2021")] {
        let f = dir.join(format!("r{year}.yaml"));
        let (code, _, err) = nianbao(&[
            "init",
            "--organ",
            "示例局",
            "--year",
            &year.to_string(),
            "-o",
            f.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(text.contains(&format!("模板: {template}")));
        assert!(text.contains("属于国家秘密"), "every row present");
        let (code, out, _) = nianbao(&["check", f.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}");
        // Refuses to overwrite.
        assert_eq!(
            nianbao(&[
                "init",
                "--organ",
                "x",
                "--year",
                "2025",
                "-o",
                f.to_str().unwrap()
            ])
            .0,
            1
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn schema_is_json_with_chinese_descriptions() {
    let (code, out, _) = nianbao(&["schema"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(
        v["properties"]["表三"]["properties"]["本年新收"]["description"]
            .as_str()
            .unwrap()
            .contains("自然人")
    );
    assert!(
        v["properties"]["机关"]["description"]
            .as_str()
            .unwrap()
            .contains("机关全称")
    );
}
