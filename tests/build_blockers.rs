//! `check` reports what `build` would fail on (characters no font has, empty sections), and
//! the command line refuses what it cannot honour (a `--font` that does not exist, two sources
//! writing one output) instead of falling back or dropping a report silently.

mod support;

use std::path::Path;

use support::{bin, run, temp_dir};

const EXAMPLE: &str = "examples/shili-jiaoyuju-2024.yaml";

fn example() -> String {
    std::fs::read_to_string(EXAMPLE).expect("example")
}

fn json_findings(path: &Path) -> Vec<serde_json::Value> {
    let (_, out, err) = run(&["check", "--format", "json", &path.to_string_lossy()]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{out}{err}"));
    v["files"][0]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Writes `text` as `name` in `dir`, checks it, and returns the one finding with `code`
/// (asserting there is exactly one, an error, on the first line that `marks` matches).
fn the_error(
    dir: &Path,
    name: &str,
    text: &str,
    code: &str,
    marks: impl Fn(&str) -> bool,
) -> (std::path::PathBuf, serde_json::Value) {
    let line = text.lines().position(marks).expect("marked line") + 1;
    let src = dir.join(name);
    std::fs::write(&src, text).unwrap();
    let found = json_findings(&src);
    let hits: Vec<_> = found.iter().filter(|f| f["code"] == code).collect();
    assert_eq!(hits.len(), 1, "{found:#?}");
    assert_eq!(hits[0]["severity"], "error");
    assert_eq!(hits[0]["line"], line);
    (src, hits[0].clone())
}

/// Builds `src` into `dir/out` in one format: the exit code.
fn build(dir: &Path, src: &Path, format: &str, force: bool) -> i32 {
    let out = dir.join("out");
    let mut args = vec![
        "build".to_owned(),
        src.to_string_lossy().into_owned(),
        "-o".to_owned(),
        out.to_string_lossy().into_owned(),
        "--format".to_owned(),
        format.to_owned(),
    ];
    if force {
        args.push("--force".to_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args).0
}

#[test]
fn check_names_a_character_no_font_has_at_its_paragraph() {
    let dir = temp_dir("glyph");
    let text = example().replace("扎实做好政府信息公开工作", "扎实做好𐀀政府信息公开工作");
    let (src, found) = the_error(&dir, "g.yaml", &text, "missing-glyph", |l| l.contains('𐀀'));
    assert!(found["message"].as_str().unwrap().contains("「𐀀」"));
    // And build fails on it, as check said.
    assert_ne!(build(&dir, &src, "pdf", false), 0);
    // The example itself has no such finding.
    assert!(
        !json_findings(Path::new(EXAMPLE))
            .iter()
            .any(|f| f["code"] == "missing-glyph")
    );
}

#[test]
fn an_empty_section_is_an_error_with_the_advice_to_write_wu() {
    let dir = temp_dir("empty-section");
    let text = example();
    let start = text
        .find("  五、存在的主要问题及改进情况:")
        .expect("section 五");
    let end = text.find("  六、其他需要报告的事项:").expect("section 六");
    let text = format!(
        "{}  五、存在的主要问题及改进情况: []\n{}",
        &text[..start],
        &text[end..]
    );
    let (src, found) = the_error(&dir, "e.yaml", &text, "empty-section", |l| {
        l.starts_with("  五、")
    });
    assert!(found["message"].as_str().unwrap().contains("无。"));
    assert_eq!(build(&dir, &src, "docx", false), 1, "build refuses");
    assert_eq!(build(&dir, &src, "docx", true), 0, "--force still builds");
}

#[test]
fn two_sources_writing_one_output_are_both_refused_and_named() {
    let dir = temp_dir("clash");
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("a.yaml"), example()).unwrap();
    std::fs::write(src.join("b.yaml"), example()).unwrap();
    std::fs::copy("examples/zhangdian-minzheng-2020.yaml", src.join("c.yaml")).unwrap();
    let out = dir.join("out");
    let (code, stdout, stderr) = run(&[
        "build",
        &src.to_string_lossy(),
        "-o",
        &out.to_string_lossy(),
        "--format",
        "docx",
    ]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let said = format!("{stdout}{stderr}");
    assert!(
        said.contains("a.yaml") && said.contains("b.yaml") && said.contains("同一个文件"),
        "{said}"
    );
    let written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(written[0].starts_with("张店区民政局"), "{written:?}");
}

#[test]
fn a_font_that_does_not_exist_is_an_error_not_a_fallback() {
    let dir = temp_dir("font-choice");
    let out = dir.join("out");
    for font in [
        "正文=/no/such.ttf",
        "正文=没有这个字体",
        "正文=Cargo.toml",
        "正文=/dev/zero",
        "正文=tests/",
    ] {
        let (code, stdout, stderr) = run(&[
            "build",
            EXAMPLE,
            "-o",
            &out.to_string_lossy(),
            "--font",
            font,
        ]);
        assert_eq!(code, 2, "{font}: {stdout}{stderr}");
        assert!(
            stderr.contains("错误") && stderr.contains("--font"),
            "{stderr}"
        );
        assert!(!out.exists(), "{font}: nothing written");
    }
}

#[test]
fn fonts_shows_each_role_once() {
    let out = bin().arg("fonts").output().unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for role in ["标题", "正文", "黑体", "楷体", "表格", "页码"] {
        let n = all
            .lines()
            .filter(|l| l.contains(&format!("{role}改用")) || l.starts_with(role))
            .count();
        assert_eq!(n, 1, "{role}:\n{all}");
    }
}
