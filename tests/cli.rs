//! The `nianbao` binary: exit codes, one-line messages, JSON output, init.

use std::process::Command;

mod support;
use support::run as nianbao;

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
    let balance = diags.iter().find(|d| d["code"] == "balance").unwrap();
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
        // The sections left to write are marked; check reports them, and nothing else.
        let (code, out, _) = nianbao(&["check", "--format", "json", f.to_str().unwrap()]);
        assert_eq!(code, 1, "{out}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let errors: Vec<&serde_json::Value> = v["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        assert!(errors.len() >= 3, "{out}");
        assert!(
            errors
                .iter()
                .all(|d| d["code"] == "placeholder" && d["line"].is_u64()),
            "{out}"
        );
        // Written, the file checks clean.
        let filled = text.replace(nianbao::source::keys::PLACEHOLDER, "无。");
        std::fs::write(&f, filled).unwrap();
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
    // The table rows follow 模板: the 2021 branch holds the 2021 rows.
    let branch = v["allOf"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["if"]["properties"]["模板"]["enum"][0] == 2021)
        .expect("2021 branch");
    assert!(
        branch["then"]["properties"]["表三"]["properties"]["本年新收"]["description"]
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

#[test]
fn import_keeps_printed_values_and_reports_their_errors() {
    let dir = std::env::temp_dir().join(format!("nianbao-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("z.yaml");
    let (code, _, err) = nianbao(&[
        "import",
        "tests/fixtures/legacy/zhangdian-minzheng-2020.txt",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("错误[勾稽关系]") && err.contains("3 ≠ 2"),
        "{err}"
    );
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(yaml.contains("政府集中采购: [17, 542700]"), "{yaml}");
    assert!(yaml.contains("规范性文件:") && yaml.contains("[1, 1, 1]"));
    // The written file is a source `check` reads; it keeps the report's own errors.
    let (code, text, _) = nianbao(&["check", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
    // Refuses to overwrite without --overwrite.
    assert_eq!(
        nianbao(&[
            "import",
            "tests/fixtures/legacy/zhangdian-minzheng-2020.txt",
            "-o",
            out.to_str().unwrap()
        ])
        .0,
        1
    );
    // Junk and unrelated text: exit 2 with a message, no panic.
    let junk = dir.join("junk.bin");
    std::fs::write(
        &junk,
        (0..4000u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let (code, _, err) = nianbao(&["import", junk.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(!err.contains("panicked"));
    let unrelated = dir.join("poem.txt");
    std::fs::write(
        &unrelated,
        "床前明月光，疑是地上霜。举头望明月，低头思故乡。",
    )
    .unwrap();
    let (code, _, err) = nianbao(&["import", unrelated.to_str().unwrap()]);
    assert!(code == 1 || code == 2, "{err}");
    assert!(err.contains("错误"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn import_reads_standard_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["import", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let text = std::fs::read("tests/fixtures/legacy/zhangdian-minzheng-2020.txt").unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let yaml = String::from_utf8(out.stdout).unwrap();
    assert!(
        yaml.contains("机关: 张店区民政局") && yaml.contains("年度: 2020"),
        "{yaml}"
    );
}

#[test]
fn import_partial_writes_what_was_found_with_exit_1() {
    let dir = std::env::temp_dir().join(format!("nianbao-partial-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let full =
        std::fs::read_to_string("tests/fixtures/legacy/zhangdian-minzheng-2020.txt").unwrap();
    let cut = &full[..full.find("四、政府信息公开行政复议").unwrap()];
    let input = dir.join("cut.txt");
    std::fs::write(&input, cut).unwrap();
    let out = dir.join("cut.yaml");
    let (code, _, err) = nianbao(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(!out.exists(), "no output without --partial");
    let (code, _, err) = nianbao(&[
        "import",
        input.to_str().unwrap(),
        "--partial",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("表四"), "{err}");
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(yaml.contains("张店区民政局"), "{yaml}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn import_writes_unread_cells_as_marked_and_check_refuses_them() {
    let dir = std::env::temp_dir().join(format!("nianbao-marked-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("o.yaml");
    let (code, _, err) = nianbao(&[
        "import",
        "tests/fixtures/legacy/11_pingtan-shehuishiyeju-2024.txt",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("待核"), "{err}");
    let yaml = std::fs::read_to_string(&out).unwrap();
    assert!(yaml.contains("[待核, 待核, 待核, 待核]"), "{yaml}");
    assert!(yaml.contains("# 原文「"), "{yaml}");
    let (code, text, _) = nianbao(&["check", "--format", "json", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("unresolved-import"), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn check_reads_stdin_and_a_batch_counts_unreadable_files_as_failed_reports() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(include_bytes!("../examples/shili-jiaoyuju-2024.yaml"))
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("通过"));

    let dir = std::env::temp_dir().join(format!("nianbao-batch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy("examples/shili-jiaoyuju-2024.yaml", dir.join("a.yaml")).unwrap();
    std::fs::write(dir.join("b.yaml"), "模板: [").unwrap();
    // One unreadable file among others: a failed report (1), not "could not run" (2).
    let (code, out, _) = nianbao(&["check", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(v["summary"]["passed"], 1);
    assert_eq!(v["summary"]["unreadable"], 1);
    let files = v["files"].as_array().unwrap();
    assert!(files.iter().all(|f| {
        f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"].is_string())
    }));
    // A single named file that cannot be read: the command could not run.
    assert_eq!(
        nianbao(&["check", dir.join("b.yaml").to_str().unwrap()]).0,
        2
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
