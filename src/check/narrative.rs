//! Figures stated in the narrative against the tables.

use std::collections::BTreeMap;

use crate::amount::Amount;
use crate::derive::TableGrid;
use crate::diag::{Diagnostic, Rule};
use crate::model::{Block, Report};
use crate::template::Template;

/// Figures quoted in the narrative that contradict the tables (warnings), each naming the
/// sentence and the table cell it contradicts.
pub(super) fn check_narrative(
    report: &Report,
    grids: &BTreeMap<String, TableGrid>,
    out: &mut Vec<Diagnostic>,
) {
    let template = report.template();
    for section in &report.sections {
        for (i, block) in section.blocks.iter().enumerate() {
            let texts: Vec<&str> = match block {
                Block::Paragraph(p) => vec![p],
                Block::Heading { text, body, .. } => std::iter::once(text.as_str())
                    .chain(body.as_deref())
                    .collect(),
            };
            let loc = section.locs.get(i).copied();
            for text in texts {
                for sentence in sentences(text) {
                    for claim in claims(sentence, &section.key, report.meta.year) {
                        let Some(target) = claim.fact.target(template) else {
                            continue;
                        };
                        if target.cells.iter().any(|(t, r, c)| {
                            report
                                .tables
                                .get(*t)
                                .is_some_and(|v| v.is_unreadable(r, c) || !v.unreadable.is_empty())
                        }) {
                            continue;
                        }
                        let Some(table_value) = target.value(grids) else {
                            continue;
                        };
                        if claim.agrees(table_value, &target, grids) {
                            continue;
                        }
                        let (t, r, c) = target.cells[0];
                        let said = claim.said();
                        let place = target.place(template);
                        out.push(
                            Diagnostic::warning(
                                Rule::NarrativeFigure,
                                loc,
                                format!(
                                    "正文「{}」说{}{said}，但{place}为 {table_value}{}",
                                    excerpt(sentence, claim.at),
                                    claim.fact.name(),
                                    target.unit.map(|u| u.to_string()).unwrap_or_default(),
                                ),
                            )
                            .values(claim.value_text(), table_value)
                            .cell(t, Some(r), Some(c)),
                        );
                    }
                }
            }
        }
    }
}

/// The sentence around a claim, shortened for a message.
fn excerpt(sentence: &str, at: usize) -> String {
    let chars: Vec<char> = sentence.chars().collect();
    let from = at.saturating_sub(16);
    let to = (at + 24).min(chars.len());
    let mut s: String = chars[from..to].iter().collect();
    if from > 0 {
        s.insert(0, '…');
    }
    if to < chars.len() {
        s.push('…');
    }
    s.trim().to_owned()
}

/// Sentences of a paragraph (split at 。；！？ and line breaks).
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split(['。', '；', ';', '！', '？', '\n'])
        .filter(|s| !s.trim().is_empty())
}

/// A quantity the tables hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fact {
    /// 表三 本年新收 (or, as old reports count, 新收 plus 结转).
    Received,
    /// 表三 上年结转.
    CarriedIn,
    /// 表三 一个办理结果组 (予以公开 … 其他处理) or （七）总计.
    Outcome(&'static str),
    /// 表三 结转下年度.
    CarriedOut,
    /// 表二 规章/规范性文件 制发、废止、现行有效.
    Documents(Doc, DocCount),
    /// 表二 处理决定数量 of 行政许可/行政处罚/行政强制.
    Decisions(&'static str),
    /// 表二 行政事业性收费 本年收费金额.
    Fees,
    /// 表四 行政复议 总计.
    Review,
    /// 表四 行政诉讼 总计 (both groups).
    Lawsuit,
}

/// Which documents of 表二.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doc {
    Rules,
    Normative,
}

/// Which count of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DocCount {
    Issued,
    Repealed,
    InForce,
}

/// The table cells a fact is read from (summed), and the unit the table states.
struct Target {
    cells: Vec<(&'static str, &'static str, &'static str)>,
    unit: Option<&'static str>,
}

impl Target {
    fn value(&self, grids: &BTreeMap<String, TableGrid>) -> Option<Amount> {
        self.cells.iter().try_fold(Amount::ZERO, |acc, (t, r, c)| {
            acc.checked_add(grids.get(*t)?.get(r, c))
        })
    }

    fn place(&self, template: &Template) -> String {
        let (t, r, c) = self.cells[0];
        let col_label = template
            .table(t)
            .and_then(|td| td.block_of_row(r).and_then(|b| b.column(c)))
            .map_or(c.to_owned(), |col| col.label.clone());
        let extra = if self.cells.len() > 1 {
            let rows: Vec<&str> = self.cells.iter().map(|(_, r, _)| *r).collect();
            format!("（{}之和）", rows.join("＋"))
        } else {
            String::new()
        };
        format!("{t}「{r}」行「{col_label}」列{extra}")
    }
}

impl Fact {
    fn name(self) -> String {
        match self {
            Fact::Received => "收到申请".into(),
            Fact::CarriedIn => "上年结转".into(),
            Fact::Outcome("总计") => "办结".into(),
            Fact::Outcome(o) => o.into(),
            Fact::CarriedOut => "结转下年度".into(),
            Fact::Documents(d, n) => {
                let what = match d {
                    Doc::Rules => "规章",
                    Doc::Normative => "规范性文件",
                };
                let how = match n {
                    DocCount::Issued => "制发",
                    DocCount::Repealed => "废止",
                    DocCount::InForce => "现行有效",
                };
                format!("{how}{what}")
            }
            Fact::Decisions(d) => d.into(),
            Fact::Fees => "行政事业性收费".into(),
            Fact::Review => "行政复议".into(),
            Fact::Lawsuit => "行政诉讼".into(),
        }
    }

    /// Where the template holds this fact; `None` when it does not (收费金额 on 2019).
    fn target(self, template: &Template) -> Option<Target> {
        let has = |t: &str, r: &str, c: &str| {
            template
                .table(t)
                .and_then(|td| td.block_of_row(r))
                .is_some_and(|b| b.column(c).is_some())
        };
        let pick = |t: &'static str, rows: &[&'static str], cols: &[&'static str]| {
            rows.iter()
                .flat_map(|r| cols.iter().map(move |c| (*r, *c)))
                .find(|(r, c)| has(t, r, c))
                .map(|(r, c)| Target {
                    cells: vec![(t, r, c)],
                    unit: None,
                })
        };
        match self {
            Fact::Received => pick("表三", &["本年新收"], &["总计"]),
            Fact::CarriedIn => pick("表三", &["上年结转"], &["总计"]),
            Fact::Outcome(o) => pick("表三", &[o], &["总计"]),
            Fact::CarriedOut => pick("表三", &["结转下年度"], &["总计"]),
            Fact::Documents(d, n) => {
                let rows: &[&'static str] = match d {
                    Doc::Rules => &["规章"],
                    Doc::Normative => &["行政规范性文件", "规范性文件"],
                };
                let cols: &[&'static str] = match n {
                    DocCount::Issued => &["本年制发件数", "本年新制作数量"],
                    DocCount::Repealed => &["本年废止件数"],
                    DocCount::InForce => &["现行有效件数"],
                };
                pick("表二", rows, cols)
            }
            Fact::Decisions(r) => pick("表二", &[r], &["本年处理决定数量", "处理决定数量"]),
            Fact::Fees => pick("表二", &["行政事业性收费"], &["本年收费金额"]).map(|mut t| {
                t.unit = Some("万元");
                t
            }),
            Fact::Review => pick("表四", &["行政复议"], &["总计"]),
            Fact::Lawsuit => {
                let a = pick("表四", &["未经复议直接起诉"], &["总计"])?;
                let b = pick("表四", &["复议后起诉"], &["总计"])?;
                Some(Target {
                    cells: a.cells.into_iter().chain(b.cells).collect(),
                    unit: None,
                })
            }
        }
    }
}

/// What a sentence says about one fact.
#[derive(Debug, Clone, PartialEq)]
struct Claim {
    fact: Fact,
    /// The number as written.
    value: Amount,
    /// The unit written after it (件, 万元, 元 …); 无 for "未收到…" statements.
    unit: String,
    /// Where the claim starts in the sentence (characters).
    at: usize,
}

impl Claim {
    fn said(&self) -> String {
        if self.unit == "无" {
            "为零".to_owned()
        } else {
            format!(" {} {}", self.value, self.unit)
        }
    }

    fn value_text(&self) -> String {
        format!(
            "{}{}",
            self.value,
            if self.unit == "无" { "" } else { &self.unit }
        )
    }

    /// Does the table agree with the text?
    fn agrees(&self, table: Amount, target: &Target, grids: &BTreeMap<String, TableGrid>) -> bool {
        if target.unit == Some("万元") {
            let said = if self.unit == "元" {
                self.value.to_f64() / 10_000.0
            } else {
                self.value.to_f64()
            };
            // 元 stated, 万元 printed: the table may round to two decimals.
            let tolerance = if self.unit == "元" { 0.005 } else { 1e-9 };
            return (said - table.to_f64()).abs() <= tolerance + 1e-9;
        }
        if self.value == table {
            return true;
        }
        // Many reports count 收到 as 新收 plus 上年结转.
        self.fact == Fact::Received
            && grids
                .get("表三")
                .is_some_and(|t3| table.checked_add(t3.get("上年结转", "总计")) == Some(self.value))
    }
}

/// Keywords a number follows (`行政许可 40 件`), with the fact they state.
const AFTER: &[(&str, Fact)] = &[
    ("上年结转", Fact::CarriedIn),
    ("上年度结转", Fact::CarriedIn),
    ("上一年度结转", Fact::CarriedIn),
    ("予以公开", Fact::Outcome("予以公开")),
    ("同意公开", Fact::Outcome("予以公开")),
    ("部分公开", Fact::Outcome("部分公开")),
    ("不予公开", Fact::Outcome("不予公开")),
    ("无法提供", Fact::Outcome("无法提供")),
    ("不予处理", Fact::Outcome("不予处理")),
    ("其他处理", Fact::Outcome("其他处理")),
    ("办结", Fact::Outcome("总计")),
    ("办理完毕", Fact::Outcome("总计")),
    ("结转下年度继续办理", Fact::CarriedOut),
    ("结转下年度", Fact::CarriedOut),
    ("结转至下年度", Fact::CarriedOut),
    ("结转到下年度", Fact::CarriedOut),
    ("制定规章", Fact::Documents(Doc::Rules, DocCount::Issued)),
    ("制发规章", Fact::Documents(Doc::Rules, DocCount::Issued)),
    ("出台规章", Fact::Documents(Doc::Rules, DocCount::Issued)),
    ("废止规章", Fact::Documents(Doc::Rules, DocCount::Repealed)),
    (
        "现行有效规章",
        Fact::Documents(Doc::Rules, DocCount::InForce),
    ),
    (
        "制发行政规范性文件",
        Fact::Documents(Doc::Normative, DocCount::Issued),
    ),
    (
        "制定行政规范性文件",
        Fact::Documents(Doc::Normative, DocCount::Issued),
    ),
    (
        "出台行政规范性文件",
        Fact::Documents(Doc::Normative, DocCount::Issued),
    ),
    (
        "印发行政规范性文件",
        Fact::Documents(Doc::Normative, DocCount::Issued),
    ),
    (
        "制发规范性文件",
        Fact::Documents(Doc::Normative, DocCount::Issued),
    ),
    (
        "制定规范性文件",
        Fact::Documents(Doc::Normative, DocCount::Issued),
    ),
    (
        "出台规范性文件",
        Fact::Documents(Doc::Normative, DocCount::Issued),
    ),
    (
        "印发规范性文件",
        Fact::Documents(Doc::Normative, DocCount::Issued),
    ),
    (
        "废止行政规范性文件",
        Fact::Documents(Doc::Normative, DocCount::Repealed),
    ),
    (
        "废止规范性文件",
        Fact::Documents(Doc::Normative, DocCount::Repealed),
    ),
    (
        "现行有效行政规范性文件",
        Fact::Documents(Doc::Normative, DocCount::InForce),
    ),
    (
        "现行有效规范性文件",
        Fact::Documents(Doc::Normative, DocCount::InForce),
    ),
    (
        "现行有效的规范性文件",
        Fact::Documents(Doc::Normative, DocCount::InForce),
    ),
    (
        "现行有效的行政规范性文件",
        Fact::Documents(Doc::Normative, DocCount::InForce),
    ),
    ("行政许可", Fact::Decisions("行政许可")),
    ("行政处罚", Fact::Decisions("行政处罚")),
    ("行政强制", Fact::Decisions("行政强制")),
    ("行政事业性收费", Fact::Fees),
    ("行政复议", Fact::Review),
    ("行政诉讼", Fact::Lawsuit),
];

/// Keywords a number precedes (`3 件结转下年度`).
const BEFORE: &[(&str, Fact)] = &[
    ("结转下年度", Fact::CarriedOut),
    ("结转至下年度", Fact::CarriedOut),
    ("结转到下年度", Fact::CarriedOut),
    ("转入下年度", Fact::CarriedOut),
];

/// Words between keyword and number that make the number something else (published items,
/// applications for a permit, deadlines, comparisons).
const NOT_THE_FIGURE: &[&str] = &[
    "信息",
    "类",
    "事项",
    "申请",
    "率",
    "工作日",
    "同比",
    "上年",
    "去年",
    "较",
    "增",
    "减",
    "占",
    "以来",
    "累计",
    "维持",
    "纠正",
    "败诉",
    "人次",
    "平均",
    "答复",
];

/// Words anywhere in the clause that make it about another period or a comparison.
const OTHER_PERIOD: &[&str] = &[
    "上年",
    "去年",
    "同比",
    "较",
    "累计",
    "以来",
    "历年",
    "上半年",
    "季度",
    "月份",
];

const CLAUSE_END: &[char] = &[
    '，', ',', '：', ':', '、', '（', '(', '）', ')', '。', '；', ';',
];

/// Every fact a sentence states, with its number.
fn claims(sentence: &str, section: &str, year: i32) -> Vec<Claim> {
    let mut out = Vec::new();
    let chars: Vec<char> = sentence.chars().collect();
    // "依申请公开信息2条" counts published items, not applications.
    let about_applications = sentence.contains("申请") && !sentence.contains("依申请公开信息");
    let about_cases = section.contains("行政复议") || sentence.contains("政府信息公开");
    // 收到/受理 …申请 N 件 (the long-standing rule).
    for n in quoted_application_counts(sentence) {
        if !mentions_other_year(sentence, year) {
            out.push(Claim {
                fact: Fact::Received,
                value: Amount::int(n),
                unit: "件".into(),
                at: 0,
            });
        }
    }
    let relevant = |fact: Fact| match fact {
        Fact::Received | Fact::CarriedIn | Fact::Outcome(_) | Fact::CarriedOut => {
            about_applications
        }
        Fact::Review | Fact::Lawsuit => about_cases,
        _ => true,
    };
    let mut taken = vec![false; chars.len()];
    for (kw, fact) in AFTER {
        // Most keywords are absent: a substring test of the text skips them cheaply.
        if !relevant(*fact) || !sentence.contains(kw) {
            continue;
        }
        let kw: Vec<char> = kw.chars().collect();
        for start in find_all(&chars, &kw) {
            if taken[start] {
                continue;
            }
            for t in &mut taken[start..start + kw.len()] {
                *t = true;
            }
            // "依申请公开及不予公开319份": the number covers more than this keyword.
            if start > 0 && matches!(chars[start - 1], '及' | '和' | '与' | '、') {
                continue;
            }
            let clause_start = chars[..start]
                .iter()
                .rposition(|c| CLAUSE_END.contains(c))
                .map_or(0, |p| p + 1);
            let after = &chars[start + kw.len()..];
            let Some((between, value, unit, _)) = number_after(after, *fact == Fact::Fees) else {
                continue;
            };
            let kw_text: String = kw.iter().collect();
            let clause: String = chars[clause_start..start].iter().collect::<String>() + &between;
            if NOT_THE_FIGURE.iter().any(|w| between.contains(w))
                || OTHER_PERIOD.iter().any(|w| clause.contains(w))
                || (!kw_text.contains("上年")
                    && chars[clause_start..start]
                        .iter()
                        .collect::<String>()
                        .contains("上年"))
                || mentions_other_year(&clause, year)
            {
                continue;
            }
            out.push(Claim {
                fact: *fact,
                value,
                unit,
                at: start,
            });
        }
    }
    // "制发行政规范性文件3件，废止1件，现行有效25件": the document kind carries on.
    let issued: Vec<(usize, Doc)> = out
        .iter()
        .filter_map(|c| match c.fact {
            Fact::Documents(d, DocCount::Issued) => Some((c.at, d)),
            _ => None,
        })
        .collect();
    for (from, doc) in issued {
        for (kw, count) in [
            ("废止", DocCount::Repealed),
            ("现行有效", DocCount::InForce),
        ] {
            let kw: Vec<char> = kw.chars().collect();
            let Some(start) = find_all(&chars, &kw)
                .into_iter()
                .find(|&p| p > from && !taken[p])
            else {
                continue;
            };
            // Only a bare continuation: the keyword opens its clause and the number follows.
            if start == 0 || !matches!(chars[start - 1], '，' | ',' | '、' | '；') {
                continue;
            }
            if let Some((between, value, unit, _)) = number_after(&chars[start + kw.len()..], false)
                && between.is_empty()
                && unit == "件"
                && !out.iter().any(|c| c.fact == Fact::Documents(doc, count))
            {
                out.push(Claim {
                    fact: Fact::Documents(doc, count),
                    value,
                    unit,
                    at: start,
                });
            }
        }
    }
    for (kw, fact) in BEFORE {
        if !relevant(*fact) || !sentence.contains(kw) {
            continue;
        }
        let kw: Vec<char> = kw.chars().collect();
        for start in find_all(&chars, &kw) {
            if taken[start] {
                continue;
            }
            // Up to four characters back: "3件结转下年度", "3件申请结转至下年度".
            let from = start.saturating_sub(8);
            let before: String = chars[from..start].iter().collect();
            if let Some((value, rest)) = number_before(&before)
                && rest.chars().count() <= 4
                && !rest.contains(CLAUSE_END)
            {
                out.push(Claim {
                    fact: *fact,
                    value,
                    unit: "件".into(),
                    at: from,
                });
                for t in &mut taken[start..start + kw.len()] {
                    *t = true;
                }
            }
        }
    }
    // "未收到政府信息公开申请", "未发生政府信息公开行政复议、行政诉讼": zero.
    for neg in ["未收到", "没有收到", "未发生", "没有发生", "未产生", "无"] {
        if !sentence.contains(neg) {
            continue;
        }
        for start in find_all(&chars, &neg.chars().collect::<Vec<_>>()) {
            let rest: String = chars[start + neg.chars().count()..]
                .iter()
                .take_while(|c| !matches!(c, '，' | ',' | '。' | '；' | ';'))
                .collect();
            if rest.chars().count() > 30 || rest.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            let mut push = |fact: Fact| {
                if !out.iter().any(|c| c.fact == fact) {
                    out.push(Claim {
                        fact,
                        value: Amount::ZERO,
                        unit: "无".into(),
                        at: start,
                    });
                }
            };
            if neg != "无"
                && rest.contains("申请")
                && !rest.contains("复议")
                && !rest.contains("诉讼")
                && rest.contains("公开")
            {
                push(Fact::Received);
            }
            if rest.contains("政府信息公开") || about_cases {
                if rest.contains("行政复议") {
                    push(Fact::Review);
                }
                if rest.contains("行政诉讼") {
                    push(Fact::Lawsuit);
                }
            }
        }
    }
    out
}

/// Does the text name a year (20xx年) other than the report's?
fn mentions_other_year(text: &str, year: i32) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.windows(5).any(|w| {
        w[4] == '年'
            && w[..4].iter().all(char::is_ascii_digit)
            && w[..4].iter().collect::<String>().parse::<i32>().ok() != Some(year)
    })
}

fn find_all(hay: &[char], needle: &[char]) -> Vec<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return Vec::new();
    }
    (0..=hay.len() - needle.len())
        .filter(|&i| hay[i] == needle[0] && hay[i..i + needle.len()] == *needle)
        .collect()
}

/// The first number with a count unit (or a money unit) within the clause after a keyword:
/// (text between, value, unit, chars used).
fn number_after(after: &[char], money: bool) -> Option<(String, Amount, String, usize)> {
    let mut i = 0;
    while i < after.len() && i <= 12 {
        let c = after[i];
        if CLAUSE_END.contains(&c) {
            return None;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < after.len() && (after[i].is_ascii_digit() || after[i] == '.') {
                i += 1;
            }
            let digits: String = after[start..i].iter().collect();
            let rest: String = after[i..].iter().take(4).collect();
            let rest = rest.trim_start();
            let units: &[&str] = if money {
                &["万元", "元"]
            } else {
                &["件", "起", "宗", "份", "条", "个"]
            };
            let unit = units.iter().find(|u| rest.starts_with(**u))?;
            if *unit == "个" && !(rest.starts_with("个申请") || rest.starts_with("个案件")) {
                return None;
            }
            let value = Amount::parse(&digits).ok()?;
            let between: String = after[..start].iter().collect();
            return Some((between, value, (*unit).to_owned(), i));
        }
        i += 1;
    }
    None
}

/// A number and count unit ending shortly before a keyword: (value, text after the unit).
fn number_before(before: &str) -> Option<(Amount, String)> {
    let chars: Vec<char> = before.chars().collect();
    let unit_pos = chars
        .iter()
        .rposition(|c| matches!(c, '件' | '条' | '份'))?;
    let end = unit_pos;
    let mut start = end;
    while start > 0 && chars[start - 1].is_ascii_digit() {
        start -= 1;
    }
    if start == end {
        return None;
    }
    let value = Amount::parse(&chars[start..end].iter().collect::<String>()).ok()?;
    Some((value, chars[unit_pos + 1..].iter().collect()))
}

/// Numbers of applications quoted in a sentence: "收到…申请N件", "收到N条…申请", "受理…申请N件".
pub fn quoted_application_counts(text: &str) -> Vec<i64> {
    let mut found = Vec::new();
    if !text.contains("收到") && !text.contains("受理") {
        return found;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i + 1 < chars.len() {
        if matches!((chars[i], chars[i + 1]), ('收', '到') | ('受', '理')) {
            // Look ahead within the clause for "申请" and a number followed by 件/条/份/个.
            let end = (i + 24).min(chars.len());
            let clause: Vec<char> = chars[i + 2..end]
                .iter()
                .copied()
                .take_while(|c| !matches!(c, '，' | '。' | '；' | ',' | ';'))
                .collect();
            let clause_text: String = clause.iter().collect();
            if clause_text.contains("申请") && !clause_text.contains("复议") {
                let mut j = 0;
                while j < clause.len() {
                    if clause[j].is_ascii_digit() {
                        let start = j;
                        while j < clause.len() && clause[j].is_ascii_digit() {
                            j += 1;
                        }
                        if j < clause.len() && matches!(clause[j], '件' | '条' | '份' | '个') {
                            let digits: String = clause[start..j].iter().collect();
                            if let Ok(n) = digits.parse() {
                                found.push(n);
                            }
                            break;
                        }
                    }
                    j += 1;
                }
            }
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_quoted_counts() {
        assert_eq!(
            quoted_application_counts("2020年度收到2条公开申请政府信息"),
            vec![2]
        );
        assert_eq!(
            quoted_application_counts("共收到政府信息公开申请4件，其中"),
            vec![4]
        );
        assert_eq!(
            quoted_application_counts("收到市长热线126件"),
            Vec::<i64>::new()
        );
    }
}
