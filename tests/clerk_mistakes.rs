//! A corpus of clerk typing and paste mistakes: each is named at its line and column, with the
//! offending character, read correctly where the meaning is certain, and never cascades.

use nianbao::diag::{Rule, Severity};
use nianbao::source::load_str;

const BASE: &str = "格式版本: 1
模板: 2021
机关: 示例县教育局
年度: 2024
日期: 2025年1月20日
正文:
  一、总体情况:
    - 第一段。
    - 一级标题: 主动公开
      正文: 全年主动公开信息312条。
  二、主动公开政府信息情况: []
  三、收到和处理政府信息公开申请情况: []
  四、政府信息公开行政复议、行政诉讼情况: []
  五、存在的主要问题及改进情况:
    - 问题与改进。
  六、其他需要报告的事项:
    - 无。
表二:
  规章: [0, 0, 0]
  行政许可: 1260
表三:
  本年新收: [15, 2, 0, 0, 0, 1]
  予以公开: [8, 1, 0, 0, 0, 0]
";

/// Replaces the one line starting with `from` (after indentation) by `to` (with its own indentation).
fn mutate(from: &str, to: &str) -> String {
    let mut found = 0;
    let out: Vec<String> = BASE
        .lines()
        .map(|l| {
            if l.trim_start().starts_with(from) {
                found += 1;
                to.to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect();
    assert_eq!(found, 1, "base line `{from}` not unique");
    out.join("\n") + "\n"
}

fn line_of(text: &str, needle: &str) -> u32 {
    text.lines().position(|l| l.contains(needle)).unwrap() as u32 + 1
}

/// All findings of a source, whether it loaded or not.
fn findings(text: &str) -> Vec<nianbao::diag::Diagnostic> {
    match load_str(text) {
        Ok(l) => l.diagnostics,
        Err(e) => e.diagnostics(None),
    }
}

/// Asserts exactly one finding of `rule`, at (line, column), naming `shown`; returns all findings.
fn expect(
    text: &str,
    rule: Rule,
    line: u32,
    column: u32,
    shown: &str,
) -> Vec<nianbao::diag::Diagnostic> {
    let all = findings(text);
    let hits: Vec<_> = all.iter().filter(|d| d.rule == rule).collect();
    assert_eq!(hits.len(), 1, "{rule:?} once expected, got {all:#?}");
    let d = hits[0];
    let l = d.loc.expect("a place");
    assert_eq!((l.line, l.column), (line, column), "{d:#?}");
    assert!(
        d.message.contains(shown),
        "message should name 「{shown}」: {}",
        d.message
    );
    assert!(
        !all.iter().any(|d| d.rule == Rule::YamlSyntax),
        "parser symptom reported too: {all:#?}"
    );
    all
}

fn errors(all: &[nianbao::diag::Diagnostic]) -> Vec<Rule> {
    all.iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.rule)
        .collect()
}

#[test]
fn base_is_clean() {
    let l = load_str(BASE).unwrap();
    assert!(errors(&l.diagnostics).is_empty(), "{:#?}", l.diagnostics);
}

#[test]
fn full_width_colon_after_a_key_is_read_and_named() {
    let t = mutate("日期:", "日期：2025年1月20日");
    let all = expect(&t, Rule::FullWidthColon, 5, 3, "：");
    assert!(errors(&all).is_empty(), "{all:#?}");
    let l = load_str(&t).unwrap();
    assert!(l.report.meta.date.is_some());
}

#[test]
fn full_width_colon_after_a_heading_key() {
    let t = mutate("- 一级标题", "    - 一级标题：主动公开");
    let all = expect(&t, Rule::FullWidthColon, 9, 11, "：");
    assert!(errors(&all).is_empty(), "{all:#?}");
}

#[test]
fn no_space_after_colon() {
    let t = mutate("日期:", "日期:2025年1月20日");
    let all = expect(&t, Rule::ColonSpace, 5, 3, ":");
    assert!(errors(&all).is_empty(), "{all:#?}");
    assert!(load_str(&t).unwrap().report.meta.date.is_some());
}

#[test]
fn full_width_commas_and_dun_between_numbers() {
    let t = mutate("规章:", "  规章: [0，0、3]");
    let all = expect(&t, Rule::RowSeparator, 19, 9, "，");
    assert!(errors(&all).is_empty(), "{all:#?}");
    let l = load_str(&t).unwrap();
    let v = l.report.tables["表二"].get("规章", "现行有效件数");
    assert!(v.is_some(), "{:#?}", l.report.tables["表二"]);
}

#[test]
fn spaces_between_numbers() {
    let t = mutate("本年新收:", "  本年新收: [15 2 0 0 0 1]");
    let all = expect(&t, Rule::RowSeparator, 22, 12, "空格");
    assert!(errors(&all).is_empty(), "{all:#?}");
}

#[test]
fn full_width_brackets_and_no_brackets() {
    let t = mutate("本年新收:", "  本年新收: 【15, 2, 0, 0, 0, 1】");
    let all = expect(&t, Rule::RowBrackets, 22, 9, "【】");
    assert!(errors(&all).is_empty(), "{all:#?}");
    let t = mutate("本年新收:", "  本年新收: 15, 2, 0, 0, 0, 1");
    let all = expect(&t, Rule::RowBrackets, 22, 9, "[6, 1, 0]");
    assert!(errors(&all).is_empty(), "{all:#?}");
}

#[test]
fn empty_cell_is_one_error_without_cascade() {
    let t = mutate("本年新收:", "  本年新收: [15, 2, , 0, 0, 1]");
    let all = expect(&t, Rule::EmptyCell, 22, 17, "第 3 个数");
    assert_eq!(errors(&all), vec![Rule::EmptyCell], "{all:#?}");
}

#[test]
fn tab_indentation_is_named() {
    let t = mutate("- 第一段", "\t- 第一段。");
    expect(&t, Rule::TabIndent, 8, 1, "Tab");
}

#[test]
fn paragraph_indented_one_off() {
    let t = mutate("- 一级标题", "     - 一级标题: 主动公开");
    let all = expect(&t, Rule::Indent, 9, 6, "4 个空格");
    assert_eq!(errors(&all), vec![Rule::Indent], "{all:#?}");
}

#[test]
fn paragraph_under_empty_list() {
    let t = BASE.replace(
        "  二、主动公开政府信息情况: []\n",
        "  二、主动公开政府信息情况: []\n    - 补充说明。\n",
    );
    let all = expect(&t, Rule::AfterEmptyList, 11, 17, "[]");
    assert!(errors(&all).is_empty(), "{all:#?}");
    let l = load_str(&t).unwrap();
    assert_eq!(l.report.sections[1].blocks.len(), 1);
}

#[test]
fn text_starting_with_an_indicator_is_not_lost() {
    for c in ['&', '*', '!', '@', '%', '#', '['] {
        let t = mutate("- 第一段", &format!("    - {c}注意事项。"));
        let all = expect(&t, Rule::Indicator, 8, 7, &c.to_string());
        assert_eq!(errors(&all), vec![Rule::Indicator], "{c}: {all:#?}");
        let l = load_str(&t).unwrap();
        let text = format!("{:?}", l.report.sections[0].blocks[0]);
        assert!(text.contains(&format!("{c}注意事项。")), "{c}: {text}");
    }
}

#[test]
fn hash_inside_a_paragraph_keeps_the_text() {
    let t = mutate("- 第一段", "    - 第三段 # 说明");
    let all = expect(&t, Rule::CommentInText, 8, 11, "说明");
    assert!(errors(&all).is_empty(), "{all:#?}");
    let l = load_str(&t).unwrap();
    let text = format!("{:?}", l.report.sections[0].blocks[0]);
    assert!(text.contains("第三段 # 说明"), "{text}");
}

#[test]
fn colon_inside_a_paragraph() {
    let t = mutate("- 第一段", "    - 依据: 条例第二十条。");
    let all = expect(&t, Rule::ColonInText, 8, 9, ": ");
    assert_eq!(errors(&all), vec![Rule::ColonInText], "{all:#?}");
    let l = load_str(&t).unwrap();
    let text = format!("{:?}", l.report.sections[0].blocks[0]);
    assert!(text.contains("依据: 条例第二十条。"), "{text}");
}

#[test]
fn later_positions_on_a_repaired_line_are_original_columns() {
    // The full-width colon repair inserts a space; the cell error after it keeps its own column.
    let t = mutate("本年新收:", "  本年新收：[15, 2, x, 0, 0, 1]");
    let all = findings(&t);
    let bad = all
        .iter()
        .find(|d| d.rule == Rule::WrongType)
        .expect("bad cell");
    assert_eq!(bad.loc.unwrap().column, 16, "{all:#?}");
}

#[test]
fn findings_in_file_order_across_stages() {
    // A repaired row late in the file (raw-text scan) and an unknown key early (loader).
    let t =
        mutate("本年新收:", "  本年新收: [15 2 0 0 0 1]").replace("机关:", "机关单位: 甲\n机关:");
    let all = findings(&t);
    let rules: Vec<Rule> = all.iter().map(|d| d.rule).collect();
    assert!(
        rules.contains(&Rule::UnknownKey) && rules.contains(&Rule::RowSeparator),
        "{all:#?}"
    );
    let places: Vec<(u32, u32)> = all
        .iter()
        .filter_map(|d| d.loc)
        .map(|l| (l.line, l.column))
        .collect();
    let mut sorted = places.clone();
    sorted.sort();
    assert_eq!(places, sorted);
    assert_eq!(all[0].loc.unwrap().line, line_of(&t, "机关单位"));
}

#[test]
fn aligned_comments_after_values_are_comments() {
    // As README's example writes them: after a short value any ` #`, elsewhere two spaces.
    let t = mutate("机关:", "机关: 示例县教育局          # 机关全称");
    let t = t.replace("日期: 2025年1月20日", "日期: 2025年1月20日 # 成文日期");
    let t = t.replace("    - 第一段。", "    - 第一段。   # 一个段落");
    let l = load_str(&t).unwrap();
    assert!(l.diagnostics.is_empty(), "{:#?}", l.diagnostics);
    assert_eq!(l.report.meta.organ, "示例县教育局");
    assert!(l.report.meta.date.is_some());
    let text = format!("{:?}", l.report.sections[0].blocks[0]);
    assert!(text.contains("第一段。") && !text.contains('#'), "{text}");
}

#[test]
fn a_misspelt_heading_key_is_named_and_read_as_meant() {
    for (typed, shown) in [("一級標題", "一級標題"), ("一级标提", "一级标提")] {
        let t = mutate("- 一级标题", &format!("    - {typed}: 主动公开"));
        let all = expect(&t, Rule::UnknownKey, 9, 7, shown);
        assert_eq!(errors(&all), vec![Rule::UnknownKey], "{all:#?}");
        let l = load_str(&t).unwrap();
        let text = format!("{:?}", l.report.sections[0].blocks[1]);
        assert!(
            text.contains("Heading") && text.contains("主动公开"),
            "{text}"
        );
    }
}

#[test]
fn a_number_opening_a_heading_is_kept() {
    let t = mutate("- 一级标题", "    - 一级标题: 2.5万元专项经费到位");
    let l = load_str(&t).unwrap();
    let text = format!("{:?}", l.report.sections[0].blocks[1]);
    assert!(text.contains("2.5万元专项经费到位"), "{text}");
    // Typed numbering is removed, and said so.
    let t = mutate("- 一级标题", "    - 一级标题: （一）主动公开");
    let all = expect(&t, Rule::Heading, 9, 13, "（一）");
    assert!(errors(&all).is_empty(), "{all:#?}");
}

#[test]
fn control_characters_from_word_are_removed_before_parsing() {
    let t = mutate("- 第一段", "    - 第一\u{b}段\u{c}。");
    let all = expect(&t, Rule::ControlChar, 8, 9, "U+000B");
    assert!(errors(&all).is_empty(), "{all:#?}");
    let l = load_str(&t).unwrap();
    let text = format!("{:?}", l.report.sections[0].blocks[0]);
    assert!(text.contains("第一段。"), "{text}");
}

#[test]
fn a_line_without_a_dash_is_said_to_join_the_paragraph_above() {
    let t = mutate(
        "- 问题与改进",
        "    - 一是栏目更新不够及时。\n      二是解读形式单一。",
    );
    expect(
        &t,
        Rule::JoinedLines,
        line_of(&t, "二是"),
        7,
        "二是解读形式单一",
    );
}

#[test]
fn a_misspelt_row_is_read_as_meant_without_cascade() {
    let t = mutate("予以公开:", "  予已公开: [8, 1, 0, 0, 0, 0]");
    let all = expect(&t, Rule::UnknownKey, line_of(&t, "予已公开"), 3, "予已公开");
    let l = load_str(&t).unwrap();
    let checked = nianbao::check::check(&l.report);
    let base = nianbao::check::check(&load_str(BASE).unwrap().report);
    assert_eq!(errors(&checked), errors(&base), "{checked:#?}");
    assert!(all.iter().all(|d| d.rule != Rule::MissingRow));
    // A row name nothing like any row: reported once; the table's sums wait for the fix.
    let t = mutate("予以公开:", "  予以公开情况汇总表: [8, 1, 0, 0, 0, 0]");
    expect(
        &t,
        Rule::UnknownKey,
        line_of(&t, "汇总表"),
        3,
        "予以公开情况汇总表",
    );
    let l = load_str(&t).unwrap();
    let checked = nianbao::check::check(&l.report);
    assert!(
        !checked
            .iter()
            .any(|d| d.rule == Rule::Balance
                || d.rule == Rule::MissingRow && d.message.contains("表三")),
        "{checked:#?}"
    );
}

#[test]
fn dashes_and_wide_indentation_typed_on_a_chinese_keyboard() {
    for (typed, rule) in [
        ("    -第一段。", Rule::DashSpace),
        ("    － 第一段。", Rule::DashSpace),
        ("\u{3000}\u{3000}- 第一段。", Rule::WideIndent),
        ("\u{a0}\u{a0}\u{a0}\u{a0}- 第一段。", Rule::WideIndent),
    ] {
        let t = mutate("- 第一段", typed);
        let all = findings(&t);
        assert_eq!(
            all.iter().map(|d| d.rule).collect::<Vec<_>>(),
            vec![rule],
            "{typed}: {all:#?}"
        );
        let l = load_str(&t).unwrap();
        let text = format!("{:?}", l.report.sections[0].blocks[0]);
        assert!(text.contains("Paragraph(\"第一段。\")"), "{typed}: {text}");
    }
}

#[test]
fn a_year_typed_with_nian_or_full_width_digits_is_read() {
    let t = mutate("年度:", "年度: 2024年");
    let all = expect(&t, Rule::Year, 4, 5, "2024年");
    assert!(errors(&all).is_empty(), "{all:#?}");
    assert_eq!(load_str(&t).unwrap().report.meta.year, 2024);
    let t = mutate("模板:", "模板: ２０２１");
    let all = expect(&t, Rule::UnknownTemplate, 2, 5, "２０２１");
    assert!(errors(&all).is_empty(), "{all:#?}");
}

#[test]
fn only_the_odd_item_is_named_wherever_it_stands() {
    // The first item of a section, and an item after a heading with its 正文.
    for (from, to) in [
        ("- 第一段", "      - 第一段。"),
        ("- 一级标题", "      - 一级标题: 主动公开"),
    ] {
        let t = mutate(from, to);
        let odd = line_of(&t, to.trim());
        let all = findings(&t);
        let indents: Vec<u32> = all
            .iter()
            .filter(|d| d.rule == Rule::Indent)
            .map(|d| d.loc.unwrap().line)
            .collect();
        assert_eq!(indents, vec![odd], "{to}: {all:#?}");
    }
}

#[test]
fn pasted_characters_are_shown_where_they_are() {
    // `    - 第一段。` : the text starts at column 7.
    let t = mutate("- 第一段", "    - 第一\u{ad}段\u{200b}落\u{a0}。");
    let at = |rule: Rule, what: &str| {
        findings(&t)
            .into_iter()
            .filter(|d| d.rule == rule && d.message.contains(what))
            .map(|d| d.loc.unwrap().column)
            .collect::<Vec<_>>()
    };
    assert_eq!(at(Rule::PastedText, "软连字符"), vec![9]);
    assert_eq!(at(Rule::PastedText, "零宽字符"), vec![11]);
    assert_eq!(at(Rule::PastedText, "不间断空格"), vec![13]);
}

#[test]
fn thousands_separators_as_excel_writes_them() {
    let t = mutate("行政许可:", "  行政许可: 1,260");
    let all = expect(&t, Rule::RowSeparator, line_of(&t, "1,260"), 10, "1260");
    assert!(errors(&all).is_empty(), "{all:#?}");
    let t = mutate("规章:", "  规章: [3, 1, 1,025]");
    let all = expect(&t, Rule::RowSeparator, line_of(&t, "1,025"), 15, "1025");
    assert!(errors(&all).is_empty(), "{all:#?}");
    // Written without spaces, commas separate cells.
    let t = mutate("规章:", "  规章: [100,200,300]");
    assert!(errors(&findings(&t)).is_empty());
    let l = load_str(&t).unwrap();
    let v = &l.report.tables["表二"];
    assert_eq!(
        v.get("规章", "现行有效件数")
            .unwrap()
            .value
            .unwrap()
            .to_string(),
        "300"
    );
}
