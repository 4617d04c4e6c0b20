//! Writes a [`Report`] as the YAML source format (the inverse of `source::load`).
//!
//! Used by `init` (a starter file) and `import` (a legacy report turned into data).
//! Keys are Chinese, a table row is one line of numbers in printed column order,
//! and comments name the columns so a clerk can edit the file without a manual.

use std::fmt::Write as _;

use crate::layout::format_value;
use crate::model::{Block, FORMAT_VERSION, Report};
use crate::source::keys as k;
use crate::template::{BlockDef, RowRole, TableDef};

/// What to write besides the data.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Write every input row, with zeros where the report has no value (a starter file).
    pub all_rows: bool,
    /// Write a hint comment under each section saying what belongs there.
    pub hints: bool,
}

/// Hints for the six sections, by section key (used with [`WriteOptions::hints`]).
fn hint(section_key: &str) -> &'static str {
    match section_key {
        "总体情况" => {
            "概述本年度政府信息公开工作。常见写法：用「一级标题」分（一）主动公开、（二）依申请公开、（三）政府信息管理、（四）平台建设、（五）监督保障等方面，每个标题下写段落。"
        }
        "主动公开政府信息情况" => {
            "可写一段说明（写在下一行，以「- 」开头，并删去上面的「[]」）；表格数字填在下面的「表二」。没有说明可不写。"
        }
        "收到和处理政府信息公开申请情况" => {
            "可写一段说明（写在下一行，以「- 」开头，并删去上面的「[]」）；表格数字填在下面的「表三」。没有说明可不写。"
        }
        "政府信息公开行政复议、行政诉讼情况" => {
            "可写一段说明（写在下一行，以「- 」开头，并删去上面的「[]」）；表格数字填在下面的「表四」。没有说明可不写。"
        }
        "存在的主要问题及改进情况" => {
            "写本年度存在的主要问题、上年度问题的改进情况和下一步改进措施。"
        }
        "其他需要报告的事项" => {
            "写收取信息处理费的情况、人大代表建议和政协委员提案办理情况等；没有则写「本年度无其他需要报告的事项。」"
        }
        _ => "",
    }
}

/// The commented shape shown in each section a starter leaves to write: deleting `# ` from a
/// line gives it the right indentation.
const EXAMPLE: [&str; 5] = [
    "照下面的样子写（删去行首的「# 」即可；冒号用半角「:」，后面空一格；缩进用空格，不用 Tab）：",
    "- 2025年，我局坚持以公开为常态、不公开为例外，全年主动公开政府信息156条。",
    "- 一级标题: 主动公开",
    "  正文: 全年通过门户网站主动公开政府信息156条。",
    "写好后删去下面的「- 【待填写】」；这一部分确实没有内容时写「- 无。」",
];

/// Characters a YAML reader may not keep as written inside a scalar (line breaks of YAML 1.1,
/// the byte-order mark, non-characters, controls): always escaped.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// Is `s` safe as a plain YAML scalar: read back as the same string by any YAML 1.1 or 1.2 reader?
///
/// Conservative: anything made only of ASCII letters, digits and `-+._:/` is quoted (numbers in
/// every base, `.inf`, `.nan`, dates, times, `yes`/`no`/`on`/`off`, `null`, `~`), and so is text
/// that starts with an indicator or holds `: ` or ` #`.
fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if "-?:,[]{}#&*!|>'\"%@`~".contains(first)
        || first.is_whitespace()
        || s.ends_with(|c: char| c.is_whitespace() || c == ':')
    {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.contains(":\t") || s.contains("\t#") {
        return false;
    }
    if s.chars()
        .any(|c| needs_escape(c) || c == '\u{a0}' || c == '\u{3000}')
    {
        return false;
    }
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-+._:/ ".contains(c))
    {
        return false;
    }
    true
}

/// A YAML scalar for `s`: plain when safe, else double-quoted with escapes.
pub fn scalar(s: &str) -> String {
    if plain_ok(s) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text safe inside a `#` comment: one line, no control characters.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if needs_escape(c) { ' ' } else { c })
        .collect()
}

/// A mapping key: quoted when needed.
fn key(s: &str) -> String {
    scalar(s)
}

fn write_table(out: &mut String, report: &Report, table: &TableDef, opts: WriteOptions) {
    let values = report.tables.get(&table.id);
    if values.is_none() && !opts.all_rows {
        return;
    }
    let _ = writeln!(out, "\n{}:", key(&table.id));
    for block in &table.blocks {
        write_block(out, report, table, block, opts);
    }
}

fn write_block(
    out: &mut String,
    report: &Report,
    table: &TableDef,
    block: &BlockDef,
    opts: WriteOptions,
) {
    let values = report.tables.get(&table.id);
    let inputs = block.input_columns();
    let leaves = block.leaf_columns();
    let heading = block
        .header
        .as_deref()
        .map(|h| format!("{h}："))
        .unwrap_or_default();
    if inputs.len() == leaves.len() {
        let _ = writeln!(
            out,
            "  # {heading}{}",
            crate::template::labels(&leaves, ", ")
        );
    } else {
        let _ = writeln!(
            out,
            "  # {heading}{}（合计「{}」自动计算，可不填）",
            crate::template::labels(&inputs, ", "),
            leaves
                .iter()
                .filter(|c| c.is_derived())
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>()
                .join("、")
        );
    }
    let rows = block.keyed_rows();
    let width = rows
        .iter()
        .filter_map(|r| r.key.as_deref())
        .map(|k| k.chars().count())
        .filter(|n| *n <= 10)
        .max()
        .unwrap_or(0);
    for row in rows {
        let rk = row.key.as_deref().unwrap_or_default();
        let role = row.role();
        let present = values.is_some_and(|v| {
            leaves.iter().any(|c| {
                let ck = c.key.as_deref().unwrap_or_default();
                v.get(rk, ck).is_some() || v.is_unreadable(rk, ck)
            })
        });
        let write = match role {
            RowRole::Input => present || opts.all_rows,
            RowRole::Total => present,
            RowRole::Subtotal | RowRole::Heading => false,
        };
        if !write {
            continue;
        }
        let printed_derived = values.is_some_and(|v| {
            leaves
                .iter()
                .filter(|c| c.is_derived())
                .any(|c| v.get(rk, c.key.as_deref().unwrap_or_default()).is_some())
        });
        let cols = if printed_derived || role == RowRole::Total {
            &leaves
        } else {
            &inputs
        };
        let cells: Vec<String> = cols
            .iter()
            .map(|c| {
                let ck = c.key.as_deref().unwrap_or_default();
                if values.is_some_and(|v| v.is_unreadable(rk, ck)) {
                    return crate::model::UNRESOLVED.to_owned();
                }
                match values.and_then(|v| v.get(rk, ck)) {
                    Some(cell) if cell.value.is_some() => {
                        let text = format_value(cell.value, cell.unit.as_deref());
                        if cell.unit.is_some() {
                            scalar(&text)
                        } else {
                            text
                        }
                    }
                    Some(_) => "~".to_owned(),
                    None if present => "~".to_owned(),
                    None => "0".to_owned(),
                }
            })
            .collect();
        for c in values
            .and_then(|v| v.comments.get(rk))
            .into_iter()
            .flatten()
        {
            let _ = writeln!(out, "  # {}", comment(c));
        }
        let pad = width.saturating_sub(rk.chars().count());
        let value = if cells.len() == 1 && inputs.len() == 1 && cols.len() == 1 {
            cells[0].clone()
        } else {
            format!("[{}]", cells.join(", "))
        };
        let _ = writeln!(out, "  {}:{} {value}", key(rk), " ".repeat(pad * 2));
    }
}

/// Writes the report as YAML source text.
pub fn to_yaml(report: &Report, opts: WriteOptions) -> String {
    let template = report.template();
    let meta = &report.meta;
    let mut out = String::new();
    if opts.hints {
        let _ = writeln!(out, "{}", crate::schema::editor_line());
    }
    let _ = writeln!(out, "# {}", comment(&meta.title()));
    let _ = writeln!(
        out,
        "# nianbao 源文件（格式说明见 README）。模板 {} = {}。",
        template.id, template.name
    );
    let _ = writeln!(out, "{}: {FORMAT_VERSION}", k::FORMAT_VERSION);
    let _ = writeln!(out, "{}: {}", k::TEMPLATE, template.id);
    let _ = writeln!(out, "{}: {}", k::ORGAN, scalar(&meta.organ));
    let _ = writeln!(out, "{}: {}", k::YEAR, meta.year);
    match meta.date {
        Some(d) => {
            let _ = writeln!(out, "{}: {d}", k::DATE);
        }
        None if opts.hints => {
            let _ = writeln!(
                out,
                "# {}: {}年1月20日    # 成文日期，落款处显示",
                k::DATE,
                meta.year + 1
            );
        }
        None => {}
    }
    if let Some(s) = &meta.signer {
        let _ = writeln!(out, "{}: {}", k::SIGNER, scalar(s));
    } else if opts.hints {
        let _ = writeln!(
            out,
            "# {}: {}    # 落款机关，默认与「机关」相同",
            k::SIGNER,
            comment(&meta.organ)
        );
    }
    match report.preamble.as_slice() {
        [] if opts.hints => {
            let preamble = format!(
                "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，现公布{}。",
                meta.title()
            );
            let _ = writeln!(out, "{}: {}", k::PREAMBLE, scalar(&preamble));
        }
        [] => {}
        [one] => {
            let _ = writeln!(out, "{}: {}", k::PREAMBLE, scalar(one));
        }
        many => {
            let _ = writeln!(out, "{}:", k::PREAMBLE);
            for p in many {
                let _ = writeln!(out, "  - {}", scalar(p));
            }
        }
    }
    if let Some(c) = &meta.contact {
        let _ = writeln!(out, "{}: {}", k::CONTACT, scalar(c));
    } else if opts.hints {
        let _ = writeln!(
            out,
            "# {}: 如对本报告有疑问，请与……联系（地址：……，电话：……）。",
            k::CONTACT
        );
    }
    if !meta.fonts.is_empty() {
        let _ = writeln!(out, "{}:", k::FONTS);
        for (role, font) in &meta.fonts {
            let _ = writeln!(out, "  {}: {}", key(role), scalar(font));
        }
    }

    let _ = writeln!(out, "\n{}:", k::BODY);
    for (def, section) in template.sections.iter().zip(&report.sections) {
        if section.blocks.is_empty() && !opts.hints {
            let _ = writeln!(out, "  {}: []", key(&def.title));
            continue;
        }
        let empty_optional = section.blocks.is_empty() && def.table.is_some();
        if empty_optional {
            // `[]` on the key's line: a paragraph added below it is then a slip the reader
            // explains (and forgives), not a YAML syntax error.
            let _ = writeln!(out, "  {}: []", key(&def.title));
        } else {
            let _ = writeln!(out, "  {}:", key(&def.title));
        }
        if opts.hints {
            let _ = writeln!(out, "    # {}", hint(&def.key));
        }
        if section.blocks.is_empty() && !empty_optional {
            // A section every report must have: a shape to copy and a marked placeholder
            // that `check` reports until it is replaced.
            for line in EXAMPLE {
                let _ = writeln!(out, "    # {line}");
            }
            let _ = writeln!(out, "    - {}", k::PLACEHOLDER);
        }
        for block in &section.blocks {
            match block {
                Block::Paragraph(p) => {
                    let _ = writeln!(out, "    - {}", scalar(p));
                }
                Block::Heading { level, text, body } => {
                    let name = match level {
                        1 => "一级标题",
                        2 => "二级标题",
                        _ => "三级标题",
                    };
                    let _ = writeln!(out, "    - {name}: {}", scalar(text));
                    if let Some(b) = body {
                        let _ = writeln!(out, "      {}: {}", k::HEADING_BODY, scalar(b));
                    }
                }
            }
        }
    }
    for table in &template.tables {
        write_table(&mut out, report, table, opts);
    }
    out
}

/// Where `yaml` (written by [`to_yaml`] with `opts`) and the same report read back and written
/// again first differ: the line number and that line as first written. `None` when nothing
/// was lost or changed on the way through the loader.
pub fn round_trip_difference(
    yaml: &str,
    read_back: &Report,
    opts: WriteOptions,
) -> Option<(usize, String)> {
    let again = to_yaml(read_back, opts);
    if again == yaml {
        return None;
    }
    // Comment lines carry no data (the importer's row comments are not read back).
    let data = |s: &str| !s.trim_start().starts_with('#');
    let mut a = yaml.lines().enumerate().filter(|(_, l)| data(l));
    let mut b = again.lines().filter(|l| data(l));
    loop {
        match (a.next(), b.next()) {
            (Some((_, x)), Some(y)) if x == y => continue,
            (None, None) => return None,
            (Some((n, x)), _) => return Some((n + 1, x.to_owned())),
            (None, Some(_)) => return Some((yaml.lines().count() + 1, String::new())),
        }
    }
}
