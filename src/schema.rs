//! JSON Schema of the YAML source format, with Chinese descriptions, built from the templates.

use serde_json::{Map, Value, json};

use crate::source::keys as k;
use crate::template::{self, BlockDef, Kind, RowRole};

fn number_item(kind: Kind) -> Value {
    match kind {
        Kind::Count => {
            json!({"type": ["integer", "null"], "minimum": 0, "description": "件数：不小于 0 的整数；~ 表示原文空白"})
        }
        Kind::Signed => json!({"type": ["integer", "null"], "description": "增减数：整数，可为负"}),
        Kind::Money => {
            json!({"type": ["number", "string", "null"], "pattern": "^[0-9]+(\\.[0-9]+)?(元|万元)?$", "description": "金额：可带小数，可注明单位，如 542700元、12.35万元"})
        }
    }
}

fn row_schema(block: &BlockDef, label: &str, role: RowRole) -> Value {
    let inputs = block.input_columns();
    let leaves = block.leaf_columns();
    let kind = inputs.first().map_or(Kind::Count, |c| c.kind);
    let (min, desc) = if role == RowRole::Total {
        (
            leaves.len(),
            format!(
                "{label}（印出的合计，可省略，程序自动计算）：{}",
                crate::template::labels(&leaves, "、")
            ),
        )
    } else if inputs.len() == leaves.len() {
        (
            leaves.len(),
            format!("{label}：{}", crate::template::labels(&leaves, "、")),
        )
    } else {
        (
            inputs.len(),
            format!(
                "{label}：{}；也可连同合计共 {} 个数",
                crate::template::labels(&inputs, "、"),
                leaves.len()
            ),
        )
    };
    let list = json!({"type": "array", "items": number_item(kind), "minItems": min, "maxItems": leaves.len(), "description": desc});
    if inputs.len() == 1 && role == RowRole::Input {
        json!({"description": desc, "anyOf": [number_item(kind), list]})
    } else {
        list
    }
}

/// The JSON Schema (draft 2020-12) for `report.yaml`, covering every template.
pub fn json_schema() -> Value {
    let templates = template::all().unwrap_or_default();
    let mut props = Map::new();
    props.insert(
        k::FORMAT_VERSION.into(),
        json!({"const": crate::model::FORMAT_VERSION, "description": "源文件格式版本，目前为 1"}),
    );
    props.insert(k::TEMPLATE.into(), json!({"enum": templates.iter().map(|t| t.id).collect::<Vec<_>>(), "description": "表格模板：2019（国办公开办函〔2019〕60号，2019、2020 年度）或 2021（国办公开办函〔2021〕30号，2021 年度起）"}));
    props.insert(k::ORGAN.into(), json!({"type": "string", "minLength": 1, "description": "机关全称，如 张店区民政局；标题为「机关全称 + 年度 + 年政府信息公开工作年度报告」"}));
    props.insert(
        k::YEAR.into(),
        json!({"type": "integer", "minimum": 2000, "maximum": 2100, "description": "报告年度"}),
    );
    props.insert(
        k::DATE.into(),
        json!({"type": "string", "description": "成文日期，如 2021年1月20日 或 2021-01-20"}),
    );
    props.insert(
        k::SIGNER.into(),
        json!({"type": "string", "description": "落款机关，默认与「机关」相同"}),
    );
    props.insert(k::PREAMBLE.into(), json!({"description": "前言：一段文字，或多段文字的列表", "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}));
    props.insert(
        k::CONTACT.into(),
        json!({"type": "string", "description": "联系方式：接在前言末尾的一句话"}),
    );
    let font_props: Map<String, Value> = k::FONT_ROLES.iter().map(|r| ((*r).to_owned(), json!({"type": "string", "description": format!("{r}所用字体：字体名或字体文件路径")}))).collect();
    props.insert(k::FONTS.into(), json!({"type": "object", "additionalProperties": false, "properties": font_props, "description": "字体设置（可省略）"}));

    let heading = {
        let mut p = Map::new();
        for (name, level) in k::HEADINGS {
            let n = match level {
                1 => "（一）",
                2 => "1.",
                _ => "（1）",
            };
            p.insert(name.into(), json!({"type": "string", "description": format!("小标题，编号 {n} 自动生成，不要自己写编号")}));
        }
        p.insert(
            k::HEADING_BODY.into(),
            json!({"type": "string", "description": "紧接在小标题后的正文（同一段）"}),
        );
        json!({"type": "object", "additionalProperties": false, "properties": p, "minProperties": 1})
    };
    let block = json!({"anyOf": [{"type": "string", "description": "一个段落"}, heading]});
    let mut sections = Map::new();
    if let Some(t) = templates.last() {
        for s in &t.sections {
            sections.insert(s.title.clone(), json!({"type": ["array", "null"], "items": block, "description": format!("{}：段落和小标题的列表", s.title)}));
        }
    }
    props.insert(k::BODY.into(), json!({"type": "object", "additionalProperties": false, "properties": sections, "description": "正文：六个固定部分"}));

    let mut table_props: Map<String, Value> = Map::new();
    for t in templates {
        for table in &t.tables {
            let entry = table_props
                .entry(table.id.clone())
                .or_insert_with(|| json!({"type": "object", "additionalProperties": false, "properties": {}, "description": format!("{}（{}）：每行一项，数字按表格列的顺序", table.id, table.title)}));
            for b in &table.blocks {
                for row in b.keyed_rows() {
                    let role = row.role();
                    if role == RowRole::Subtotal {
                        continue;
                    }
                    let key = row.key.clone().unwrap_or_default();
                    if let Some(p) = entry.get_mut("properties").and_then(Value::as_object_mut) {
                        p.entry(key).or_insert_with(|| {
                            row_schema(b, &format!("{}（{} 模板）", row.label, t.id), role)
                        });
                    }
                }
            }
        }
    }
    for (id, schema) in table_props {
        props.insert(id, schema);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "nianbao 政府信息公开工作年度报告源文件",
        "type": "object",
        "additionalProperties": false,
        "required": [k::TEMPLATE, k::ORGAN, k::YEAR],
        "properties": props,
    })
}
