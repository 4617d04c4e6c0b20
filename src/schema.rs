//! JSON Schema of the YAML source format, with Chinese descriptions, built from the templates.
//!
//! One schema for every template: the table shapes are chosen by `模板` (`if`/`then`), so a
//! 2021 file is checked against the 2021 rows. It accepts what the loader accepts: row and
//! section names written short or in full (with or without their printed numbering, half- or
//! full-width punctuation, spaces), numbers as integers or as text with full-width digits or
//! thousands separators, money with its unit (`542700元`), `~` for a blank cell and `待核` for a
//! value import could not read. Draft-07, which editors (yaml-language-server) understand.

use serde_json::{Map, Value, json};

use crate::source::keys as k;
use crate::template::{self, BlockDef, ColumnDef, Kind, RowRole, TableDef, Template};

/// The file name `init` refers to in its editor line, next to the source file.
pub const FILE_NAME: &str = "nianbao.schema.json";

/// The editor line `init` writes at the top of a source: yaml-language-server (VS Code's YAML
/// extension) then checks and completes the file against the schema in the same folder.
pub fn editor_line() -> String {
    format!("# yaml-language-server: $schema={FILE_NAME}")
}

/// Optional spaces as the loader ignores them (ASCII, no-break and ideographic).
const SP: &str = r"[\s\u00a0\u3000]*";
/// Digits as a clerk types them: ASCII or full-width.
const DIGIT: &str = "[0-9０-９]";
/// Printed numbering the loader strips from a name: `（一）`, `(1)`, `一、`, `1.`, `1．`.
const NUMBERING: &str =
    r"(?:[（(][一二三四五六七八九十0-9]{1,3}[）)]|[一二三四五六七八九十0-9]{1,3}[、.．])?";

/// The characters `text::unify_punctuation` maps onto another (the candidates for [`variants`]).
const UNIFIED: &str = "（(）)，,：:；;.．、\"\u{201c}\u{201d}勾钩";

/// Every character the loader reads as `c` when matching names (see `text::unify_punctuation`).
fn variants(c: char) -> String {
    use crate::text::unify_punctuation as unify;
    let alts: Vec<char> = UNIFIED.chars().filter(|a| unify(*a) == unify(c)).collect();
    if alts.len() < 2 {
        return regex_escape(c);
    }
    let inner: String = alts.iter().map(|&a| regex_escape(a)).collect();
    format!("[{inner}]")
}

/// `c` as a literal in an ECMA-262 regular expression.
fn regex_escape(c: char) -> String {
    if r"\^$.|?*+()[]{}/-".contains(c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// A pattern matching every way of writing `name` that the loader reads as it: spaces anywhere,
/// either width of punctuation, and an optional printed numbering in front.
fn name_pattern(names: &[&str]) -> String {
    let mut alts: Vec<String> = names
        .iter()
        .map(|n| crate::text::normalize_label(n))
        .filter(|n| !n.is_empty())
        .map(|n| {
            n.chars()
                .map(|c| format!("{}{SP}", variants(c)))
                .collect::<String>()
        })
        .collect();
    alts.sort();
    alts.dedup();
    format!("^{SP}{NUMBERING}{SP}(?:{})$", alts.join("|"))
}

/// Text the loader reads as an empty cell or as the import marker.
fn blank_or_marker() -> String {
    format!("{SP}(?:{})?{SP}", crate::model::UNRESOLVED)
}

/// The schema of one cell of a column.
fn cell(col: &ColumnDef) -> Value {
    let digits = format!("{DIGIT}(?:[0-9０-９,，_\\s\\u00a0\\u3000]*{DIGIT})?");
    let marker = blank_or_marker();
    match col.kind {
        Kind::Count => json!({
            "description": format!("{}：不小于 0 的整数；~ 表示原文空白", col.label),
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "null"},
                {"type": "string", "pattern": format!("^(?:{SP}{digits}{SP}|{marker})$")},
            ]
        }),
        Kind::Signed => json!({
            "description": format!("{}：整数，减少写负数（如 -2）", col.label),
            "anyOf": [
                {"type": "integer"},
                {"type": "null"},
                {"type": "string", "pattern": format!("^(?:{SP}[-−－+＋]?{SP}{digits}{SP}|{marker})$")},
            ]
        }),
        Kind::Money => {
            let units = col.units.join("|");
            let unit = if units.is_empty() {
                String::new()
            } else {
                format!("(?:{units})?")
            };
            json!({
                "description": format!(
                    "{}：金额，可带小数，可注明单位（{}），如 542700元、12.35万元",
                    col.label,
                    col.units.join("、")
                ),
                "anyOf": [
                    {"type": "number", "minimum": 0},
                    {"type": "null"},
                    {"type": "string", "pattern": format!("^(?:{SP}{digits}(?:[.．]{DIGIT}+)?{SP}{unit}{SP}|{marker})$")},
                ]
            })
        }
    }
}

/// A list of cells for `cols`, exactly as many as there are columns.
fn cells(cols: &[&ColumnDef], desc: &str) -> Value {
    json!({
        "type": "array",
        "description": desc,
        "items": cols.iter().map(|c| cell(c)).collect::<Vec<_>>(),
        "minItems": cols.len(),
        "maxItems": cols.len(),
    })
}

/// The schema of one row: the input cells, or the input cells and the totals (all leaf
/// columns); a total row always gives every column; a one-column row may be a bare number.
fn row_schema(block: &BlockDef, label: &str, role: RowRole) -> Value {
    let inputs = block.input_columns();
    let leaves = block.leaf_columns();
    let all = template::labels(&leaves, "、");
    if role == RowRole::Total {
        return cells(
            &leaves,
            &format!("{label}（印出的合计，可省略，程序自动计算）：{all}"),
        );
    }
    let mut forms = Vec::new();
    if inputs.len() == 1 {
        forms.push(cell(inputs[0]));
    }
    if inputs.len() == leaves.len() {
        forms.push(cells(&leaves, &format!("{label}：{all}")));
    } else {
        forms.push(cells(
            &inputs,
            &format!("{label}：{}", template::labels(&inputs, "、")),
        ));
        forms.push(cells(&leaves, &format!("{label}：连同合计 {all}")));
    }
    let desc = if inputs.len() == leaves.len() {
        format!("{label}：{all}")
    } else {
        format!(
            "{label}：{}；也可连同合计共 {} 个数",
            template::labels(&inputs, "、"),
            leaves.len()
        )
    };
    json!({"description": desc, "anyOf": forms})
}

/// The schema of a table of one template: rows by short key (for completion) and by every
/// accepted spelling (for validation).
fn table_schema(t: &Template, table: &TableDef) -> Value {
    let mut props = Map::new();
    let mut patterns = Map::new();
    for b in &table.blocks {
        for row in b.keyed_rows() {
            let role = row.role();
            if role == RowRole::Subtotal {
                continue;
            }
            let key = row.key.as_deref().unwrap_or_default();
            let schema = row_schema(b, &format!("{}（{} 模板）", row.label, t.id), role);
            props.insert(key.to_owned(), schema.clone());
            patterns.insert(name_pattern(&[key, &row.label]), schema);
        }
    }
    json!({
        "type": ["object", "null"],
        "description": format!("{}（{}）：每行一项，数字按表格列的顺序", table.id, table.title),
        "properties": props,
        "patternProperties": patterns,
        "additionalProperties": false,
    })
}

/// The tables of one template, as the `then` of its `if 模板 = id`.
fn template_branch(t: &Template) -> Value {
    let tables: Map<String, Value> = t
        .tables
        .iter()
        .map(|table| (table.id.clone(), table_schema(t, table)))
        .collect();
    let ids = json!([t.id, t.id.to_string()]);
    json!({
        "if": {"properties": {k::TEMPLATE: {"enum": ids}}, "required": [k::TEMPLATE]},
        "then": {"properties": tables},
    })
}

/// The body: six sections by key or printed title, each a list of paragraphs and headings.
fn body_schema(templates: &[Template]) -> Value {
    let heading = {
        let mut p = Map::new();
        for (name, level) in k::HEADINGS {
            let n = match level {
                1 => "（一）",
                2 => "1.",
                _ => "（1）",
            };
            p.insert(name.into(), json!({"type": ["string", "number"], "description": format!("小标题，编号 {n} 自动生成，不要自己写编号")}));
        }
        p.insert(
            k::HEADING_BODY.into(),
            json!({"type": ["string", "number"], "description": "紧接在小标题后的正文（同一段）"}),
        );
        json!({"type": "object", "additionalProperties": false, "properties": p, "minProperties": 1})
    };
    let paragraph =
        json!({"type": ["string", "number"], "description": "一个段落（前面写「- 」）"});
    let section = |title: &str| {
        json!({
            "description": format!("{title}：段落和小标题的列表；没有可写的内容时写「- 无。」"),
            "anyOf": [
                {"type": "null"},
                paragraph,
                {"type": "array", "items": {"anyOf": [paragraph, heading]}},
            ]
        })
    };
    let mut props = Map::new();
    let mut patterns = Map::new();
    for t in templates {
        for s in &t.sections {
            props.insert(s.title.clone(), section(&s.title));
            patterns.insert(name_pattern(&[&s.key, &s.title]), section(&s.title));
        }
    }
    json!({
        "type": ["object", "null"],
        "description": "正文：六个固定部分",
        "properties": props,
        "patternProperties": patterns,
        "additionalProperties": false,
    })
}

/// An integer written as a number or as digits in text (`年度: "2024"`).
fn int_or_digits(min: i64, max: i64, desc: &str) -> Value {
    json!({
        "description": desc,
        "anyOf": [
            {"type": "integer", "minimum": min, "maximum": max},
            {"type": "string", "pattern": format!("^{SP}[0-9]+{SP}$")},
        ]
    })
}

/// The JSON Schema (draft-07) for `report.yaml`, covering every template.
pub fn json_schema() -> Value {
    let templates = template::all().unwrap_or_default();
    let ids: Vec<Value> = templates
        .iter()
        .flat_map(|t| [json!(t.id), json!(t.id.to_string())])
        .collect();
    let mut props = Map::new();
    props.insert(
        k::FORMAT_VERSION.into(),
        json!({"enum": [crate::model::FORMAT_VERSION, crate::model::FORMAT_VERSION.to_string()], "description": "源文件格式版本，目前为 1"}),
    );
    props.insert(k::TEMPLATE.into(), json!({"enum": ids, "description": "表格模板：2019（国办公开办函〔2019〕60号，2019、2020 年度）或 2021（国办公开办函〔2021〕30号，2021 年度起）"}));
    props.insert(k::ORGAN.into(), json!({"type": "string", "minLength": 1, "description": "机关全称，如 张店区民政局；标题为「机关全称 + 年度 + 年政府信息公开工作年度报告」"}));
    props.insert(
        k::YEAR.into(),
        int_or_digits(
            i64::from(*crate::model::YEARS.start()),
            i64::from(*crate::model::YEARS.end()),
            "报告年度，四位年份",
        ),
    );
    props.insert(
        k::DATE.into(),
        json!({"type": ["string", "null"], "description": "成文日期，如 2021年1月20日 或 2021-01-20"}),
    );
    props.insert(
        k::SIGNER.into(),
        json!({"type": ["string", "null"], "description": "落款机关，默认与「机关」相同"}),
    );
    let text_or_list = |desc: &str| json!({"description": desc, "anyOf": [{"type": ["string", "null"]}, {"type": "array", "items": {"type": ["string", "number"]}}]});
    props.insert(
        k::PREAMBLE.into(),
        text_or_list("前言：一段文字，或多段文字的列表"),
    );
    props.insert(
        k::CONTACT.into(),
        text_or_list("联系方式：接在前言末尾的一句话"),
    );
    let font_props: Map<String, Value> = k::FONT_ROLES.iter().map(|r| ((*r).to_owned(), json!({"type": "string", "description": format!("{r}所用字体：字体名或字体文件路径")}))).collect();
    props.insert(k::FONTS.into(), json!({"type": ["object", "null"], "additionalProperties": false, "properties": font_props, "description": "字体设置（可省略）"}));
    props.insert(k::BODY.into(), body_schema(templates));
    props.insert(
        k::CHILDREN.into(),
        json!({
            "type": "array",
            "description": "汇总：本报告由哪些下级报告汇总而成（nianbao aggregate 写出，勿手改）",
            "items": {"type": "object", "properties": {
                k::ORGAN: {"type": "string"},
                k::HASH: {"type": "string"},
            }},
        }),
    );
    // Every table id of any template is a known key; its rows depend on 模板 (below).
    for t in templates {
        for table in &t.tables {
            props.entry(table.id.clone()).or_insert_with(|| {
                json!({"type": ["object", "null"], "description": format!("{}（{}）", table.id, table.title)})
            });
        }
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "nianbao 政府信息公开工作年度报告源文件",
        "type": "object",
        "additionalProperties": false,
        "required": [k::TEMPLATE, k::ORGAN, k::YEAR],
        "properties": props,
        "allOf": templates.iter().map(template_branch).collect::<Vec<_>>(),
    })
}
