//! Interprets the spanned YAML tree as a [`Report`], reporting every problem with its position.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::amount::{Amount, ParseError};
use crate::diag::{Diagnostic, Loc, Rule, suggest};
use crate::model::{Block, Cell, Date, FORMAT_VERSION, Report, Section, TableValues};
use crate::source::keys as k;
use crate::source::tree::{self, Key, MAX_SOURCE_BYTES, Node, Value};
use crate::template::{self, BlockDef, Kind, TableDef, Template};
use crate::text::normalize_label;

/// A report read from YAML, with the problems found while reading it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The report (best effort when there are error findings).
    pub report: Report,
    /// Problems in the source that still allowed reading it (unknown keys, bad cells).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a source could not be read at all.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The file could not be read (missing, unreadable, too large, not UTF-8).
    Io {
        /// The file.
        path: PathBuf,
        /// Chinese message.
        message: String,
    },
    /// The YAML is malformed.
    Syntax {
        /// Where the parser stopped.
        loc: Option<Loc>,
        /// Chinese message.
        message: String,
    },
    /// The YAML is well formed but not a report (no template, not a mapping …).
    Invalid(Vec<Diagnostic>),
}

impl LoadError {
    /// The findings to show, each one line, with the file set.
    pub fn diagnostics(&self, file: Option<&Path>) -> Vec<Diagnostic> {
        let mut out = match self {
            LoadError::Io { message, .. } => {
                vec![Diagnostic::error(Rule::Unreadable, None, message)]
            }
            LoadError::Syntax { loc, message } => {
                vec![Diagnostic::error(Rule::YamlSyntax, *loc, message.clone())]
            }
            LoadError::Invalid(d) => d.clone(),
        };
        if let Some(f) = file {
            out = out.into_iter().map(|d| d.in_file(f)).collect();
        }
        out
    }

    /// Could the tool not run at all (exit 2), as opposed to a report with errors (exit 1)?
    pub fn is_fatal(&self) -> bool {
        !matches!(self, LoadError::Invalid(_))
    }
}

/// Reads and interprets a YAML file (`-` reads standard input).
pub fn load_file(path: &Path) -> Result<Loaded, LoadError> {
    let io = |message: String| LoadError::Io {
        path: path.to_path_buf(),
        message,
    };
    // `-` is standard input (`nianbao check -`).
    let bytes =
        crate::input::read_path_or_stdin(path, MAX_SOURCE_BYTES).map_err(|e| io(e.to_string()))?;
    let (text, encoding) =
        crate::input::decode_text(&bytes).map_err(|m| io(format!("{}：{m}", path.display())))?;
    let mut loaded = load_str(&text)?;
    if let Some(enc) = encoding {
        loaded.diagnostics.insert(
            0,
            Diagnostic::new(
                Rule::Encoding,
                None,
                format!(
                    "文件是 {} 编码，已自动转换读取；建议在编辑器中另存为 UTF-8",
                    enc.name()
                ),
            ),
        );
    }
    Ok(loaded)
}

/// Chinese message for an I/O error while writing `path`.
pub fn write_message(path: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("无法写入 {}：目录不存在", path.display()),
        std::io::ErrorKind::PermissionDenied => format!("没有权限写入 {}", path.display()),
        _ => format!(
            "无法写入 {}：{}",
            path.display(),
            crate::text::io_error_text(e)
        ),
    }
}

/// Interprets YAML text as a report.
pub fn load_str(text: &str) -> Result<Loaded, LoadError> {
    let pre = super::prescan::prescan(text);
    let mut root = match tree::parse(&pre.text) {
        Ok(root) => root,
        // The mistakes found in the raw text are the cause: report them, not the parser's symptom.
        Err(_) if pre.has_errors() => return Err(LoadError::Invalid(pre.diagnostics)),
        Err(e) => {
            return Err(LoadError::Syntax {
                loc: e.loc.map(|l| pre.original(l)),
                message: e.message,
            });
        }
    };
    pre.relocate(&mut root);
    let mut tally = super::clean::Tally::default();
    super::clean::clean_tree(&mut root, &mut tally);
    let mut diags = pre.diagnostics;
    diags.extend(tally.diagnostics_in(text));
    let loader = Loader {
        diags,
        lines: text.lines().collect(),
    };
    let mut loaded = loader.report(&root)?;
    // In file order (line, then column), whichever stage found them.
    crate::diag::sort_by_place(&mut loaded.diagnostics);
    Ok(loaded)
}

#[derive(Default)]
struct Loader<'a> {
    diags: Vec<Diagnostic>,
    /// The source lines, to read numbers exactly as written (the parser gives floats).
    lines: Vec<&'a str>,
}

/// At most 24 characters of a value, for messages (a 1 MB digit string is never echoed whole).
fn excerpt(s: &str) -> String {
    let n = s.chars().count();
    if n <= 24 {
        s.to_owned()
    } else {
        format!(
            "{}…（共 {n} 个字符）",
            s.chars().take(20).collect::<String>()
        )
    }
}

fn entries(node: &Node) -> Option<&[(Key, Node)]> {
    match &node.value {
        Value::Map(m) => Some(m),
        _ => None,
    }
}

fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => Some(f.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

impl Loader<'_> {
    /// A number exactly as written in the source (`15.0000000000000001`, `18446744073709551616`),
    /// falling back to the parsed value when the text cannot be found there.
    fn number_text(&self, node: &Node) -> String {
        let parsed = match &node.value {
            Value::Int(i) => i.to_string(),
            Value::Float(f) => format!("{f}"),
            _ => String::new(),
        };
        let Some(line) = (node.loc.line as usize)
            .checked_sub(1)
            .and_then(|i| self.lines.get(i))
        else {
            return parsed;
        };
        let raw: String = line
            .chars()
            .skip((node.loc.column as usize).saturating_sub(1))
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}' | '#'))
            .collect();
        let looks_numeric = !raw.is_empty()
            && raw
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | '_' | 'e' | 'E'));
        if looks_numeric { raw } else { parsed }
    }

    fn error(&mut self, rule: Rule, loc: Loc, message: String) {
        self.diags.push(Diagnostic::error(rule, Some(loc), message));
    }

    fn unknown_key(&mut self, key: &Key, allowed: &[&str], place: &str) {
        let hint = match suggest(&key.text, allowed.iter().copied()) {
            Some(s) => format!("，是不是「{s}」？"),
            None => format!("。可用的键：{}", allowed.join("、")),
        };
        self.error(
            Rule::UnknownKey,
            key.loc,
            format!("{place}中没有「{}」这个键{hint}", key.text),
        );
    }

    fn duplicate(&mut self, key: &Key, first: Loc) {
        self.error(
            Rule::DuplicateKey,
            key.loc,
            format!(
                "键「{}」重复出现（第一次在第 {} 行），只能写一次",
                key.text, first.line
            ),
        );
    }

    fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.trim().to_owned()),
            Value::Int(_) | Value::Float(_) => scalar_text(node),
            Value::Null => None,
            other => {
                self.error(
                    Rule::WrongType,
                    node.loc,
                    format!("{what}应为文字，这里是{}", other.kind_name()),
                );
                None
            }
        }
    }

    fn int(&mut self, node: &Node, what: &str) -> Option<i64> {
        // `2024年`, `２０２４`: a year as a clerk types it, read with a warning.
        if let Value::Str(s) = &node.value
            && (what == "年度" || what == "模板")
        {
            let t = s.trim();
            let digits: String = t
                .trim_end_matches('年')
                .chars()
                .map(crate::text::ascii_digit)
                .collect();
            if digits != t && digits.len() == 4 && digits.chars().all(|c| c.is_ascii_digit()) {
                let rule = if what == "年度" {
                    Rule::Year
                } else {
                    Rule::UnknownTemplate
                };
                self.diags.push(Diagnostic::warning(
                    rule,
                    Some(node.loc),
                    format!("{what}只写四位数字，如「{what}: {digits}」，这里是「{t}」（已按 {digits} 读取）"),
                ));
                return digits.parse().ok();
            }
        }
        match &node.value {
            Value::Int(i) => Some(*i),
            Value::Str(s) if s.trim().parse::<i64>().is_ok() => s.trim().parse().ok(),
            Value::Str(s)
                if !s.trim().is_empty() && s.trim().chars().all(|c| c.is_ascii_digit()) =>
            {
                self.error(
                    Rule::TooLarge,
                    node.loc,
                    format!("{what}的数值「{}」过大", excerpt(s.trim())),
                );
                None
            }
            Value::Float(_) => {
                let raw = self.number_text(node);
                let message = if raw.contains(['.', 'e', 'E']) {
                    format!("{what}应为整数，这里是「{}」", excerpt(&raw))
                } else {
                    format!("{what}的数值「{}」过大", excerpt(&raw))
                };
                self.error(Rule::TooLarge, node.loc, message);
                None
            }
            other => {
                self.error(
                    Rule::WrongType,
                    node.loc,
                    format!("{what}应为整数，这里是{}", other.kind_name()),
                );
                None
            }
        }
    }

    fn report(mut self, root: &Node) -> Result<Loaded, LoadError> {
        let Some(map) = entries(root) else {
            return Err(LoadError::Invalid(vec![Diagnostic::error(
                Rule::WrongType,
                Some(root.loc),
                format!(
                    "文件顶层应为键值表（机关:、年度:、模板: …），这里是{}",
                    root.value.kind_name()
                ),
            )]));
        };
        let get = |key: &str| map.iter().find(|(kk, _)| kk.text == key);

        // The template decides which other keys exist, so read it first.
        let template = match get(k::TEMPLATE) {
            None => {
                return Err(LoadError::Invalid(vec![Diagnostic::error(
                    Rule::MissingKey,
                    Some(root.loc),
                    format!("缺少「{}:」（填 2019 或 2021）", k::TEMPLATE),
                )]));
            }
            Some((_, node)) => {
                let id = self.int(node, "模板");
                let ids: Vec<String> = template::all()
                    .map(|a| a.iter().map(|t| t.id.to_string()).collect())
                    .unwrap_or_default();
                match id
                    .and_then(|i| u16::try_from(i).ok())
                    .and_then(template::get)
                {
                    Some(t) => t,
                    None => {
                        let shown = scalar_text(node).unwrap_or_default();
                        let mut d = self.diags;
                        d.push(Diagnostic::error(
                            Rule::UnknownTemplate,
                            Some(node.loc),
                            format!(
                                "没有「{shown}」这个模板，可用的模板：{}（2019 用于 2019、2020 年度，2021 用于 2021 年度及以后）",
                                ids.join("、")
                            ),
                        ));
                        return Err(LoadError::Invalid(d));
                    }
                }
            }
        };

        let mut report = Report::empty(template, "", 0);
        report.locs.insert(
            k::TEMPLATE.into(),
            get(k::TEMPLATE).map(|(_, n)| n.loc).unwrap_or(root.loc),
        );
        let mut allowed: Vec<&str> = k::META.to_vec();
        allowed.push(k::BODY);
        allowed.push(k::CHILDREN);
        allowed.extend(template.tables.iter().map(|t| t.id.as_str()));

        let mut seen: BTreeMap<&str, Loc> = BTreeMap::new();
        for (key, node) in map {
            if let Some(first) = seen.get(key.text.as_str()) {
                self.duplicate(key, *first);
                continue;
            }
            seen.insert(&key.text, key.loc);
            match key.text.as_str() {
                k::TEMPLATE => {}
                k::FORMAT_VERSION => {
                    if let Some(v) = self.int(node, "格式版本")
                        && v != i64::from(FORMAT_VERSION)
                    {
                        self.error(
                            Rule::FormatVersion,
                            node.loc,
                            format!("格式版本 {v} 不受支持，本程序读取格式版本 {FORMAT_VERSION}"),
                        );
                    }
                }
                k::ORGAN => {
                    if let Some(t) = self.text(node, "机关") {
                        if t.contains(k::PLACEHOLDER) {
                            self.error(
                                Rule::Organ,
                                node.loc,
                                format!(
                                    "「机关:」还是占位文字「{}」，请改成机关全称，如 某某县教育局",
                                    k::PLACEHOLDER
                                ),
                            );
                        }
                        report.meta.organ = t;
                    }
                    report.locs.insert(k::ORGAN.into(), node.loc);
                }
                k::YEAR => {
                    report.locs.insert(k::YEAR.into(), node.loc);
                    if let Some(y) = self.int(node, "年度") {
                        if i32::try_from(y).is_ok_and(|y| crate::model::YEARS.contains(&y)) {
                            report.meta.year = y as i32;
                        } else {
                            self.error(
                                Rule::Year,
                                node.loc,
                                format!(
                                    "年度 {y} 不合理，应为 {}–{} 之间的四位年份",
                                    crate::model::YEARS.start(),
                                    crate::model::YEARS.end()
                                ),
                            );
                        }
                    }
                }
                k::DATE => {
                    report.locs.insert(k::DATE.into(), node.loc);
                    if let Some(t) = self.text(node, "日期") {
                        match Date::parse(&t) {
                            Some(d) => report.meta.date = Some(d),
                            None => self.error(
                                Rule::Date,
                                node.loc,
                                format!("日期「{t}」无法识别，请写成 2021年1月20日 或 2021-01-20"),
                            ),
                        }
                    }
                }
                k::SIGNER => {
                    report.meta.signer = self.text(node, "署名").filter(|s| !s.is_empty());
                    report.locs.insert(k::SIGNER.into(), node.loc);
                }
                k::CONTACT => {
                    report.meta.contact = self.text(node, "联系方式").filter(|s| !s.is_empty());
                    report.locs.insert(k::CONTACT.into(), node.loc);
                }
                k::PREAMBLE => {
                    report.locs.insert(k::PREAMBLE.into(), node.loc);
                    report.preamble = self.paragraphs(node, "前言");
                }
                k::FONTS => self.fonts(node, &mut report),
                k::BODY => self.body(node, template, &mut report),
                k::CHILDREN => self.children(node, &mut report),
                other => {
                    if let Some(table) = template.table(other) {
                        let values = self.table(node, key, table);
                        report.tables.insert(table.id.clone(), values);
                    } else {
                        self.unknown_key(key, &allowed, "报告");
                    }
                }
            }
        }
        for required in [k::ORGAN, k::YEAR] {
            if !seen.contains_key(required) {
                self.error(Rule::MissingKey, root.loc, format!("缺少「{required}:」"));
            }
        }
        Ok(Loaded {
            report,
            diagnostics: self.diags,
        })
    }

    /// `汇总:` — a list of `{机关, 哈希}`: the children an aggregate was compiled from.
    fn children(&mut self, node: &Node, report: &mut Report) {
        let Value::Seq(items) = &node.value else {
            self.error(
                Rule::WrongType,
                node.loc,
                format!(
                    "汇总应为列表（- 机关: … 哈希: …），这里是{}",
                    node.value.kind_name()
                ),
            );
            return;
        };
        for item in items {
            let Some(map) = entries(item) else {
                self.error(
                    Rule::WrongType,
                    item.loc,
                    "汇总的每一项应写「机关:」和「哈希:」".into(),
                );
                continue;
            };
            let field = |name: &str| {
                map.iter()
                    .find(|(kk, _)| kk.text == name)
                    .and_then(|(_, n)| scalar_text(n))
                    .map(|t| t.trim().to_owned())
                    .unwrap_or_default()
            };
            report.children.push(crate::model::ChildRef {
                organ: field(k::ORGAN),
                hash: field(k::HASH),
            });
        }
    }

    fn paragraphs(&mut self, node: &Node, what: &str) -> Vec<String> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|n| self.text(n, what))
                .filter(|s| !s.is_empty())
                .collect(),
            _ => self
                .text(node, what)
                .map(|t| split_paragraphs(&t))
                .unwrap_or_default(),
        }
    }

    fn fonts(&mut self, node: &Node, report: &mut Report) {
        let Some(map) = entries(node) else {
            self.error(
                Rule::WrongType,
                node.loc,
                "字体应为键值表，如 正文: 仿宋_GB2312".into(),
            );
            return;
        };
        for (key, value) in map {
            if k::FONT_ROLES.contains(&key.text.as_str()) {
                if let Some(t) = self.text(value, "字体") {
                    report.meta.fonts.insert(key.text.clone(), t);
                }
            } else {
                self.unknown_key(key, &k::FONT_ROLES, "字体");
            }
        }
    }

    fn body(&mut self, node: &Node, template: &Template, report: &mut Report) {
        let Some(map) = entries(node) else {
            self.error(
                Rule::WrongType,
                node.loc,
                "正文应为键值表，每个键是一个部分（一、总体情况 …）".into(),
            );
            return;
        };
        let titles: Vec<&str> = template.sections.iter().map(|s| s.title.as_str()).collect();
        let mut seen: BTreeMap<usize, Loc> = BTreeMap::new();
        for (key, value) in map {
            let wanted = normalize_label(&key.text);
            let Some(index) = template.sections.iter().position(|s| {
                normalize_label(&s.key) == wanted || normalize_label(&s.title) == wanted
            }) else {
                self.unknown_key(key, &titles, "正文");
                continue;
            };
            if let Some(first) = seen.insert(index, key.loc) {
                self.duplicate(key, first);
                continue;
            }
            report.locs.insert(
                crate::model::section_loc_key(&template.sections[index].key),
                key.loc,
            );
            let (blocks, locs) = self.blocks(value);
            let section: &mut Section = &mut report.sections[index];
            section.blocks = blocks;
            section.locs = locs;
        }
    }

    fn blocks(&mut self, node: &Node) -> (Vec<Block>, Vec<Loc>) {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            _ => vec![node],
        };
        let mut blocks = Vec::new();
        let mut locs = Vec::new();
        for item in items {
            match &item.value {
                Value::Map(map) => {
                    if let Some(b) = self.heading(item, map) {
                        blocks.push(b);
                        locs.push(item.loc);
                    }
                }
                _ => {
                    if let Some(t) = self.text(item, "段落") {
                        for p in split_paragraphs(&t) {
                            blocks.push(Block::Paragraph(p));
                            locs.push(item.loc);
                        }
                    }
                }
            }
        }
        (blocks, locs)
    }

    fn heading(&mut self, item: &Node, map: &[(Key, Node)]) -> Option<Block> {
        let mut level_text: Option<(u8, String)> = None;
        let mut body = None;
        let mut allowed: Vec<&str> = k::HEADINGS.iter().map(|(n, _)| *n).collect();
        allowed.push(k::HEADING_BODY);
        for (key, value) in map {
            if let Some((_, level)) = k::HEADINGS.iter().find(|(n, _)| *n == key.text) {
                if level_text.is_some() {
                    self.error(
                        Rule::Heading,
                        key.loc,
                        "一项里只能有一个标题（一级标题/二级标题/三级标题）".into(),
                    );
                    continue;
                }
                let text = self.text(value, "标题").unwrap_or_default();
                let stripped = crate::text::strip_numbering(&text);
                if stripped.len() < text.len() {
                    let typed = text[..text.len() - stripped.len()].trim();
                    self.diags.push(Diagnostic::warning(
                        Rule::Heading,
                        Some(value.loc),
                        format!("标题开头的「{typed}」已删去：（一）、1. 这样的编号由程序自动生成，不用自己写"),
                    ));
                }
                level_text = Some((*level, stripped.to_owned()));
            } else if key.text == k::HEADING_BODY {
                body = self.text(value, "正文").filter(|s| !s.is_empty());
            } else {
                self.unknown_key(key, &allowed, "标题项");
            }
        }
        match level_text {
            Some((level, text)) => Some(Block::Heading { level, text, body }),
            None => {
                self.error(
                    Rule::Heading,
                    item.loc,
                    "这一项没有标题：请写「一级标题: …」「二级标题: …」或「三级标题: …」，普通段落直接写文字".into(),
                );
                None
            }
        }
    }

    fn table(&mut self, node: &Node, key: &Key, table: &TableDef) -> TableValues {
        let mut values = TableValues {
            loc: Some(key.loc),
            ..Default::default()
        };
        let Some(map) = entries(node) else {
            if !matches!(node.value, Value::Null) {
                self.error(
                    Rule::WrongType,
                    node.loc,
                    format!(
                        "{}应为键值表（每行一项，如「本年新收: [0, 0, 0, 0, 0, 2]」），这里是{}",
                        table.id,
                        node.value.kind_name()
                    ),
                );
            }
            return values;
        };
        // Rows a source may give: inputs and printed totals (subtotals are never printed).
        let mut names: Vec<(&str, &BlockDef, String, String)> = Vec::new();
        for block in &table.blocks {
            for row in block.keyed_rows() {
                if matches!(row.role(), template::RowRole::Subtotal) {
                    continue;
                }
                let key = row.key.clone().unwrap_or_default();
                names.push((
                    row.key.as_deref().unwrap_or_default(),
                    block,
                    normalize_label(&key),
                    normalize_label(&row.label),
                ));
            }
        }
        let allowed: Vec<&str> = names.iter().map(|n| n.0).collect();
        let mut unknown_rows = false;
        for (rkey, rnode) in map {
            let wanted = normalize_label(&rkey.text);
            let found = names
                .iter()
                .find(|(_, _, nk, nl)| *nk == wanted || *nl == wanted);
            // A slip in a row name (予已公开): read the row as the one meant, so that no
            // "missing row" and no 勾稽 error follows from it; the slip itself is an error.
            let found = found.or_else(|| {
                let free = names.iter().filter(|n| {
                    !values.row_locs.contains_key(n.0)
                        && !map.iter().any(|(k, _)| normalize_label(&k.text) == n.2)
                });
                let guess = suggest(&rkey.text, free.clone().map(|n| n.0))?;
                (crate::diag::edit_distance(&wanted, &normalize_label(guess)) <= 2)
                    .then(|| names.iter().find(|n| n.0 == guess))
                    .flatten()
            });
            let Some((row_key, block, _, _)) = found else {
                self.unknown_key(rkey, &allowed, table.id.as_str());
                unknown_rows = true;
                continue;
            };
            if normalize_label(row_key) != wanted
                && normalize_label(
                    &block
                        .row(row_key)
                        .map(|r| r.label.clone())
                        .unwrap_or_default(),
                ) != wanted
            {
                self.error(
                    Rule::UnknownKey,
                    rkey.loc,
                    format!(
                        "{}中没有「{}」这一行，是不是「{row_key}」？请改正行名（已按「{row_key}」读取）",
                        table.id, rkey.text
                    ),
                );
            }
            if let Some(first) = values.row_locs.get(*row_key) {
                let first = *first;
                self.duplicate(rkey, first);
                continue;
            }
            values.row_locs.insert((*row_key).to_owned(), rkey.loc);
            self.row(rnode, table, block, row_key, &mut values);
        }
        // A row under a name nobody knows is some row's numbers: the rows not given cannot be
        // taken as 0, so no sum or 勾稽 is computed on them until the name is corrected.
        if unknown_rows {
            for (row_key, block, _, _) in &names {
                if values.row_locs.contains_key(*row_key) {
                    continue;
                }
                for col in block.leaf_columns() {
                    values
                        .unreadable
                        .insert(((*row_key).to_owned(), col.key.clone().unwrap_or_default()));
                }
            }
        }
        values
    }

    fn row(
        &mut self,
        node: &Node,
        table: &TableDef,
        block: &BlockDef,
        row_key: &str,
        values: &mut TableValues,
    ) {
        let inputs = block.input_columns();
        let leaves = block.leaf_columns();
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![node],
        };
        let row = block.row(row_key);
        let is_total = row.is_some_and(|r| r.role() == template::RowRole::Total);
        let columns = if items.len() == leaves.len() {
            leaves.clone()
        } else if items.len() == inputs.len() && !is_total {
            inputs.clone()
        } else {
            let expected = if inputs.len() == leaves.len() || is_total {
                format!(
                    "{} 个数（{}）",
                    leaves.len(),
                    crate::template::labels(&leaves, "、")
                )
            } else {
                format!(
                    "{} 个数（{}），或连同合计 {} 个数",
                    inputs.len(),
                    crate::template::labels(&inputs, "、"),
                    leaves.len()
                )
            };
            self.diags.push(
                Diagnostic::error(
                    Rule::ColumnCount,
                    Some(node.loc),
                    format!(
                        "{}「{}」应有 {expected}，这里有 {} 个",
                        table.id,
                        row_key,
                        items.len()
                    ),
                )
                .values(items.len(), leaves.len()),
            );
            for col in &leaves {
                let col_key = col.key.clone().unwrap_or_default();
                values.unreadable.insert((row_key.to_owned(), col_key));
            }
            return;
        };
        for (col, item) in columns.iter().zip(items) {
            let col_key = col.key.as_deref().unwrap_or_default();
            match self.cell(item, table, row_key, col) {
                Some(cell) => values.set(row_key, col_key, cell),
                None => {
                    values
                        .unreadable
                        .insert((row_key.to_owned(), col_key.to_owned()));
                }
            }
        }
    }

    fn cell(
        &mut self,
        node: &Node,
        table: &TableDef,
        row_key: &str,
        col: &template::ColumnDef,
    ) -> Option<Cell> {
        let place = format!("{}「{}」行「{}」列", table.id, row_key, col.label);
        let (text, unit) = match &node.value {
            Value::Null => {
                return Some(Cell {
                    value: None,
                    unit: None,
                    loc: Some(node.loc),
                });
            }
            Value::Int(_) | Value::Float(_) => (self.number_text(node), None),
            Value::Str(s) => {
                let s = s.trim();
                if s.is_empty() {
                    return Some(Cell {
                        value: None,
                        unit: None,
                        loc: Some(node.loc),
                    });
                }
                if s == crate::model::UNRESOLVED {
                    self.error(
                        Rule::UnresolvedImport,
                        node.loc,
                        format!(
                            "{place}导入时未能确定（「{s}」），请对照原件把「{s}」改为数字；原文为空白则写 ~"
                        ),
                    );
                    return None;
                }
                let (num, unit) = split_unit(s);
                (num.to_owned(), unit)
            }
            other => {
                self.error(
                    Rule::WrongType,
                    node.loc,
                    format!("{place}应为数字，这里是{}", other.kind_name()),
                );
                return None;
            }
        };
        if let Some(u) = &unit {
            let ok = col.kind == Kind::Money && col.units.iter().any(|a| a == u);
            if !ok {
                let allowed = if col.kind == Kind::Money {
                    col.units.join("、")
                } else {
                    "（不带单位）".to_owned()
                };
                self.error(
                    Rule::Unit,
                    node.loc,
                    format!("{place}的单位「{u}」不可用，可用：{allowed}"),
                );
                return None;
            }
        }
        match Amount::parse(&text) {
            Ok(value) => Some(Cell {
                value: Some(value),
                unit,
                loc: Some(node.loc),
            }),
            Err(ParseError::TooLarge) => {
                self.error(
                    Rule::TooLarge,
                    node.loc,
                    format!("{place}的数值「{}」过大，不是合理的统计数", excerpt(&text)),
                );
                None
            }
            Err(ParseError::TooPrecise) => {
                self.error(
                    Rule::TooLarge,
                    node.loc,
                    format!(
                        "{place}的数值「{}」小数位数过多，最多写 6 位小数",
                        excerpt(&text)
                    ),
                );
                None
            }
            Err(ParseError::NotANumber) => {
                self.error(
                    Rule::WrongType,
                    node.loc,
                    format!("{place}应为数字，这里是「{}」", excerpt(&text)),
                );
                None
            }
        }
    }
}

/// Splits `542700元` into (`542700`, `元`); text without a unit gives (`text`, None).
fn split_unit(s: &str) -> (&str, Option<String>) {
    for unit in ["万元", "元"] {
        if let Some(num) = s.strip_suffix(unit) {
            return (num.trim(), Some(unit.to_owned()));
        }
    }
    (s, None)
}

/// A block scalar may hold several paragraphs separated by blank lines.
fn split_paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.lines().map(str::trim).collect::<Vec<_>>().join(""))
        .filter(|p| !p.is_empty())
        .collect()
}
