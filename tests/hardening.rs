//! Hostile input and a shared output folder: special files, links, control characters, names.

use std::path::{Path, PathBuf};
use std::process::Command;

use nianbao::diag::Rule;
use nianbao::source::clean::clean_text;
use nianbao::source::load_str;
use nianbao::source::write::{WriteOptions, round_trip_difference, to_yaml};
use proptest::prelude::*;

const EXAMPLE: &str = include_str!("../examples/shili-jiaoyuju-2024.yaml");

use support::run as nianbao;

mod support;

fn temp_dir(name: &str) -> PathBuf {
    support::temp_dir(&format!("hard-{name}"))
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn devices_are_refused_at_once() {
    let (code, out, _) = nianbao(&["check", "/dev/zero"]);
    assert_eq!(code, 2);
    assert!(out.contains("不是普通文件"), "{out}");
    let (code, out, _) = nianbao(&[
        "check",
        "examples/shili-jiaoyuju-2024.yaml",
        "--previous",
        "/dev/urandom",
    ]);
    assert_ne!(code, 0);
    assert!(out.contains("不是普通文件"), "{out}");
    let (code, _, err) = nianbao(&["import", "/dev/zero"]);
    assert_eq!(code, 2);
    assert!(err.contains("不是普通文件"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_batch_directory_does_not_block_it() {
    let dir = temp_dir("fifo");
    std::fs::write(dir.join("a.yaml"), EXAMPLE).unwrap();
    let fifo = dir.join("b.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("note: mkfifo not available; FIFO test skipped");
        return;
    }
    let (code, out, _) = nianbao(&["check", s(&dir)]);
    assert_ne!(code, 0);
    assert!(
        out.contains("b.yaml") && out.contains("不是普通文件"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn symlink_loops_end_and_each_file_is_checked_once() {
    let dir = temp_dir("loop");
    std::fs::write(dir.join("a.yaml"), EXAMPLE).unwrap();
    for i in 0..10 {
        std::os::unix::fs::symlink(".", dir.join(format!("self{i}"))).unwrap();
    }
    std::os::unix::fs::symlink("a.yaml", dir.join("also-a.yaml")).unwrap();
    let found = nianbao::pipeline::collect_sources(std::slice::from_ref(&dir));
    assert_eq!(found, vec![dir.join("a.yaml")]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_source_is_never_replaced_by_its_output() {
    let dir = temp_dir("self");
    let src = dir.join("示例县教育局2024年政府信息公开工作年度报告.pdf");
    std::fs::write(&src, EXAMPLE).unwrap();
    let (code, out, err) = nianbao(&["build", s(&src), "--format", "pdf"]);
    assert_ne!(code, 0, "{out}{err}");
    assert_eq!(std::fs::read_to_string(&src).unwrap(), EXAMPLE);
    assert!((out + &err).contains("就是源文件"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn last_years_report_is_never_replaced_by_an_output() {
    let dir = temp_dir("previous");
    let src = dir.join("2024.yaml");
    std::fs::write(&src, EXAMPLE).unwrap();
    // Last year's report saved (by mistake) under the name this year's DOCX gets.
    let prev = dir.join("示例县教育局2024年政府信息公开工作年度报告.docx");
    let last = EXAMPLE.replace("年度: 2024", "年度: 2023");
    std::fs::write(&prev, &last).unwrap();
    let (code, out, err) = nianbao(&[
        "build",
        s(&src),
        "--previous",
        s(&prev),
        "--format",
        "docx",
        "--force",
    ]);
    assert_ne!(code, 0, "{out}{err}");
    assert_eq!(std::fs::read_to_string(&prev).unwrap(), last);
    let all = out + &err;
    assert!(
        all.contains("就是源文件") && all.contains(s(&prev)),
        "{all}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_text_changed_by_the_loader_is_caught_before_import_writes() {
    let yaml = to_yaml(&load_str(EXAMPLE).unwrap().report, WriteOptions::default());
    let back = load_str(&yaml).unwrap().report;
    assert_eq!(
        round_trip_difference(&yaml, &back, WriteOptions::default()),
        None
    );
    // A paragraph the loader would trim: written, read back different, reported with its line.
    let report = report_with_paragraph("  两端有空格的段落  ");
    let yaml = to_yaml(&report, WriteOptions::default());
    let back = load_str(&yaml).unwrap().report;
    let (line, text) = round_trip_difference(&yaml, &back, WriteOptions::default()).unwrap();
    assert!(text.contains("两端有空格的段落"), "{line}: {text}");
    assert_eq!(yaml.lines().nth(line - 1), Some(text.as_str()));
}

#[test]
fn an_overlong_title_gets_a_short_file_name_keeping_the_year() {
    let dir = temp_dir("long");
    let organ = "很长的机关名称".repeat(30);
    let src = dir.join("long.yaml");
    std::fs::write(
        &src,
        EXAMPLE.replace("机关: 示例县教育局", &format!("机关: {organ}")),
    )
    .unwrap();
    let (code, out, err) = nianbao(&["build", s(&src), "-o", s(&dir), "--format", "docx,xlsx"]);
    assert_eq!(code, 0, "{out}{err}");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".docx") || n.ends_with(".xlsx"))
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    for n in &names {
        assert!(n.len() <= 200, "{n}");
        assert!(n.contains("2024年政府信息公开工作年度报告"), "{n}");
    }
    assert!((out + &err).contains("文件名缩短"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Every XML part of a DOCX/XLSX parses.
fn assert_xml_parts_parse(path: &Path) {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().expect("name").into_owned();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut entry, &mut xml).unwrap();
        let mut reader = quick_xml::Reader::from_str(&xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Text(t)) => {
                    let text = t.into_inner().into_owned();
                    assert!(
                        !text
                            .chars()
                            .any(|c| (c.is_control() && !"\t\n\r".contains(c))
                                || c == '\u{fffe}'
                                || c == '\u{ffff}'),
                        "{name}: control character in text"
                    );
                }
                Ok(_) => {}
                Err(e) => panic!("{}: {name} does not parse: {e}", path.display()),
            }
        }
    }
}

#[test]
fn control_characters_never_reach_the_outputs_or_file_names() {
    let dir = temp_dir("ctl");
    let src = dir.join("ctl.yaml");
    let text = EXAMPLE
        .replace(
            "机关: 示例县教育局",
            "机关: \"示例县\\x1b教育\\u202e局\\u200b\"",
        )
        .replace(
            "    - 2024年，示例县教育局坚持",
            "    - \"分页\\x0c符\\0空\\uFFFE字\\uFFFF符\\r\\n\"\n    - 2024年，示例县教育局坚持",
        );
    std::fs::write(&src, text).unwrap();
    let (code, out, err) = nianbao(&["build", s(&src), "-o", s(&dir)]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("控制字符"), "{out}");
    let mut seen = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".yaml") {
            continue;
        }
        assert!(name.starts_with("示例县教育局2024年"), "{name}");
        if name.ends_with(".docx") || name.ends_with(".xlsx") {
            assert_xml_parts_parse(&p);
            seen += 1;
        }
    }
    assert_eq!(seen, 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A report whose first paragraph is `p`, as the importer would write it.
fn report_with_paragraph(p: &str) -> nianbao::model::Report {
    let mut report = load_str(EXAMPLE).unwrap().report;
    report.sections[0].blocks[0] = nianbao::model::Block::Paragraph(p.to_owned());
    report
}

fn first_paragraph(yaml: &str) -> String {
    let back = load_str(yaml).unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
    assert!(
        !back.diagnostics.iter().any(|d| d.rule == Rule::YamlSyntax),
        "{yaml}"
    );
    match &back.report.sections[0].blocks[0] {
        nianbao::model::Block::Paragraph(p) => p.clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_yaml_writer_keeps_text_that_looks_like_yaml() {
    for p in [
        "0x1F",
        "0o17",
        "0b101",
        ".inf",
        "-.inf",
        ".nan",
        "1e3",
        "1_000",
        "12:30:00",
        "2024-01-01",
        "yes",
        "No",
        "on",
        "OFF",
        "~",
        "null",
        "true",
        "- 列表",
        "# 注释",
        "* 星号",
        "@at",
        "`x`",
        "&注意事项。",
        "!标签",
        "%指令",
        "[1, 2]",
        "{a: 1}",
        "a: b",
        "第三段 # 说明",
        "? 问",
        "| 竖线",
        "> 大于",
        "'引号'",
        "\"双引号\"",
        "结尾冒号:",
        "123",
        "-5",
        "+7",
        "3.14",
    ] {
        let yaml = to_yaml(&report_with_paragraph(p), WriteOptions::default());
        assert_eq!(first_paragraph(&yaml), p, "{p}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any paragraph (as the loader would keep it) survives the writer and the loader unchanged.
    #[test]
    fn any_paragraph_survives_write_and_load(raw in "[ -~\u{a0}\u{3000}\u{4e00}-\u{4e20}，。：“”【】\u{200b}\u{feff}\u{2028}\u{85}\\t]{1,40}") {
        let p = clean_text(&raw, |_| {}).trim().to_owned();
        prop_assume!(!p.is_empty());
        let yaml = to_yaml(&report_with_paragraph(&p), WriteOptions::default());
        prop_assert_eq!(first_paragraph(&yaml), p);
    }
}

fn check_text(text: &str) -> Vec<nianbao::diag::Diagnostic> {
    let loaded = load_str(text).unwrap_or_else(|e| panic!("{e:?}"));
    let mut all = loaded.diagnostics;
    all.extend(nianbao::check::check(&loaded.report));
    all
}

#[test]
fn numbers_are_read_as_written_and_a_rejected_cell_causes_no_cascade() {
    for (written, rule, shown) in [
        ("15.0000000000000001", Rule::TooLarge, "15.0000000000000001"),
        (
            "18446744073709551616",
            Rule::TooLarge,
            "18446744073709551616",
        ),
        (
            "100000000000000000000000000000000",
            Rule::TooLarge,
            "…（共 33 个字符）",
        ),
        ("abc", Rule::WrongType, "abc"),
    ] {
        let text = EXAMPLE.replace("  本年新收: [15,", &format!("  本年新收: [{written},"));
        let all = check_text(&text);
        let errors: Vec<_> = all.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "{written}: {errors:#?}");
        assert_eq!(errors[0].rule, rule, "{written}");
        assert!(errors[0].message.contains(shown), "{}", errors[0].message);
        assert!(
            !all.iter().any(|d| d.rule == Rule::NarrativeFigure),
            "no comparison with a made-up 0: {all:#?}"
        );
    }
    // A row with the wrong number of values: one finding, no 勾稽 cascade.
    let text = EXAMPLE.replace("  本年新收: [15, 2,", "  本年新收: [15,");
    let all = check_text(&text);
    let errors: Vec<_> = all.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].rule, Rule::ColumnCount);
    // A huge digit string is never echoed whole, in any message.
    let text = EXAMPLE.replace(
        "  本年新收: [15,",
        &format!("  本年新收: [{},", "9".repeat(100_000)),
    );
    let (code, out, err) = {
        let dir = temp_dir("huge");
        let f = dir.join("huge.yaml");
        std::fs::write(&f, text).unwrap();
        nianbao(&["check", s(&f)])
    };
    assert_ne!(code, 0);
    assert!(
        out.len() + err.len() < 4000,
        "{} bytes of messages",
        out.len() + err.len()
    );
}

#[test]
fn a_year_too_large_is_called_too_large() {
    let text = EXAMPLE.replace("年度: 2024", "年度: 9223372036854775808");
    let all = match load_str(&text) {
        Ok(l) => l.diagnostics,
        Err(e) => e.diagnostics(None),
    };
    assert!(all.iter().any(|d| d.rule == Rule::TooLarge), "{all:#?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any text in the text fields, through the YAML writer and loader as a clerk's file would
    /// go, gives DOCX and XLSX packages whose every XML part parses (the fuzz target
    /// `writers_xml` explores the same path further).
    #[test]
    fn any_text_gives_parseable_packages(
        fields in prop::collection::vec("[\\x00-\\x1f -~\u{80}-\u{9f}\u{a0}\u{ad}\u{200b}-\u{200f}\u{2028}\u{202e}\u{3000}\u{4e00}-\u{4e10}\u{feff}\u{fffe}\u{ffff}<>&\"']{0,30}", 6)
    ) {
        let mut report = load_str(EXAMPLE).unwrap().report;
        report.meta.organ = fields[0].clone();
        report.meta.contact = Some(fields[1].clone());
        report.preamble = vec![fields[2].clone()];
        report.sections[0].blocks = vec![
            nianbao::model::Block::Paragraph(fields[3].clone()),
            nianbao::model::Block::Heading { level: 1, text: fields[4].clone(), body: Some(fields[5].clone()) },
        ];
        let yaml = to_yaml(&report, WriteOptions::default());
        let loaded = load_str(&yaml).unwrap_or_else(|e| panic!("{e:?}\n{yaml}"));
        let doc = nianbao::layout::document(&loaded.report);
        let dir = temp_dir("prop");
        let docx = dir.join("a.docx");
        std::fs::write(&docx, nianbao::render::docx::render(&doc).unwrap()).unwrap();
        assert_xml_parts_parse(&docx);
        let xlsx = dir.join("a.xlsx");
        std::fs::write(&xlsx, nianbao::render::xlsx::render(&loaded.report, &doc, &loaded.diagnostics).unwrap()).unwrap();
        assert_xml_parts_parse(&xlsx);
    }
}

/// Text that looks like YAML, numbers or markup, one paragraph each.
const LOOKALIKES: [&str; 24] = [
    "0x1F",
    "0o17",
    "0b101",
    ".inf",
    ".nan",
    "1e3",
    "1_000",
    "12:30:00",
    "2024-01-01",
    "yes",
    "No",
    "~",
    "null",
    "true",
    "&注意事项。",
    "!标签",
    "%指令",
    "{a: 1}",
    "a: b",
    "第三段 # 说明",
    "结尾冒号:",
    "\"双引号\"",
    "123",
    "<b>粗体</b> & 'x'",
];

#[test]
fn paragraphs_survive_build_then_import_unchanged() {
    let dir = temp_dir("roundtrip");
    let mut report = load_str(EXAMPLE).unwrap().report;
    let mut blocks: Vec<nianbao::model::Block> = LOOKALIKES
        .iter()
        .map(|p| nianbao::model::Block::Paragraph((*p).to_owned()))
        .collect();
    blocks.append(&mut report.sections[0].blocks);
    report.sections[0].blocks = blocks;
    let src = dir.join("a.yaml");
    std::fs::write(&src, to_yaml(&report, WriteOptions::default())).unwrap();
    let (code, out, err) = nianbao(&["build", s(&src), "-o", s(&dir), "--format", "docx"]);
    assert_eq!(code, 0, "{out}{err}");
    let docx = dir.join("示例县教育局2024年政府信息公开工作年度报告.docx");
    let (code, yaml, err) = nianbao(&["import", s(&docx)]);
    assert!(code == 0 || code == 1, "{err}");
    let back = load_str(&yaml)
        .unwrap_or_else(|e| panic!("{e:?}\n{yaml}"))
        .report;
    let paragraphs: Vec<&str> = back.sections[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            nianbao::model::Block::Paragraph(p) => Some(p.as_str()),
            _ => None,
        })
        .collect();
    for p in LOOKALIKES {
        assert!(paragraphs.contains(&p), "{p} lost: {paragraphs:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
