//! A YAML document read into a tree whose every node and key knows its line and column.
//!
//! serde-saphyr parses (with input limits); this module keeps the shape generic so that
//! `source::load` can check keys against the template data and point at any value.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diag::Loc;

/// Largest YAML source accepted, in bytes (a real report is 10–60 KB).
pub const MAX_SOURCE_BYTES: usize = 4 * 1024 * 1024;

/// A node of the YAML tree with the position of its first character.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the value starts in the source.
    pub loc: Loc,
}

/// The value of a YAML node.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or an empty value.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer scalar.
    Int(i64),
    /// A floating-point scalar, with the text as written when known.
    Float(f64),
    /// Any other scalar.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order (duplicate keys are kept so they can be reported).
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key as text (numbers and booleans as written in canonical form).
    pub text: String,
    /// Where the key starts in the source.
    pub loc: Loc,
}

impl Value {
    /// A short Chinese name of the value's kind, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "空值",
            Value::Bool(_) => "真假值",
            Value::Int(_) => "整数",
            Value::Float(_) => "小数",
            Value::Str(_) => "文字",
            Value::Seq(_) => "列表",
            Value::Map(_) => "键值表",
        }
    }
}

fn loc_of(l: &serde_saphyr::Location) -> Loc {
    Loc {
        line: u32::try_from(l.line()).unwrap_or(u32::MAX),
        column: u32::try_from(l.column()).unwrap_or(u32::MAX),
    }
}

/// Raw value used during deserialisation; children are spanned.
struct RawValue(Value);

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor).map(RawValue)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(RawVisitor)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        // Beyond i64 keep the digits: the loader reports them as too large.
        Ok(i64::try_from(v).map_or_else(|_| Value::Str(v.to_string()), Value::Int))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::Str(v.to_string()), Value::Int))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::Str(v.to_string()), Value::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<RawValue>>()? {
            items.push(Node {
                loc: loc_of(&item.referenced),
                value: item.value.0,
            });
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<RawValue>>()? {
            let value = map.next_value::<Spanned<RawValue>>()?;
            let text = match key.value.0 {
                Value::Str(s) => s,
                Value::Int(i) => i.to_string(),
                Value::Float(f) => f.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Null => String::new(),
                Value::Seq(_) | Value::Map(_) => {
                    return Err(de::Error::custom("键必须是文字，不能是列表或键值表"));
                }
            };
            entries.push((
                Key {
                    text,
                    loc: loc_of(&key.referenced),
                },
                Node {
                    loc: loc_of(&value.referenced),
                    value: value.value.0,
                },
            ));
        }
        Ok(Value::Map(entries))
    }
}

/// Why a YAML source could not be read as a tree.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// Where the parser stopped, when known.
    pub loc: Option<Loc>,
    /// The parser's message, in Chinese where we know the cause.
    pub message: String,
}

/// The parser limits applied to every source: a hostile file is refused, not obeyed.
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = 200_000;
    budget.max_aliases = 100;
    budget.max_anchors = 100;
    budget.max_depth = 32;
    budget.max_nodes = 100_000;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = MAX_SOURCE_BYTES;
    budget.max_recorded_anchor_events = 10_000;
    budget.max_recorded_anchor_bytes = 1024 * 1024;
    budget.max_merge_keys = 100;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    // Repeated keys reach our visitor, which reports them with both positions.
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::PassThrough;
    options
}

/// Parses YAML text into a spanned tree, within the limits of [`MAX_SOURCE_BYTES`] and the budget.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    if text.len() > MAX_SOURCE_BYTES {
        return Err(SyntaxError {
            loc: None,
            message: format!(
                "文件过大（{} 字节），超过上限 {} 字节",
                text.len(),
                MAX_SOURCE_BYTES
            ),
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(SyntaxError {
            loc: Some(Loc { line: 1, column: 1 }),
            message: "文件是空的".into(),
        });
    }
    match serde_saphyr::from_str_with_options::<Spanned<RawValue>>(text, options()) {
        Ok(root) => Ok(Node {
            loc: loc_of(&root.referenced),
            value: root.value.0,
        }),
        Err(e) => Err(SyntaxError {
            loc: e.location().map(|l| loc_of(&l)),
            message: translate(&e.without_snippet().to_string()),
        }),
    }
}

/// Turns the parser's English message into one Chinese line, keeping the original for detail.
fn translate(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let lower = first.to_lowercase();
    let what = if lower.contains("non-finite")
        || lower.contains("infinite")
        || lower.contains("nan")
        || lower.contains("overflow")
        || lower.contains("out of range")
    {
        "数值无法读取：数字过大、位数过多，或写成了 .inf、.nan；如果这是文字，请用引号括起"
    } else if lower.contains("budget") || lower.contains("limit") {
        "超出安全上限（别名、嵌套层数或节点数过多），已拒绝读取"
    } else if lower.contains("duplicate") {
        "重复的键"
    } else if lower.contains("tab") {
        "缩进不能使用制表符（Tab），请改用空格"
    } else if lower.contains("indent") {
        "缩进不一致"
    } else if lower.contains("mapping values") {
        "此处不能出现「: 」：这一行或上一行的文字里有英文冒号加空格，或段落前少了「- 」；文字里的冒号请改用中文「：」"
    } else if lower.contains("unclosed") || lower.contains("end of stream") || lower.contains("eof")
    {
        "引号或括号没有成对：以引号开头的段落要以同样的引号结尾；文字里的引号请改用中文引号“”，方括号只用于表格的一行数"
    } else {
        // No Chinese reading of this one: keep the parser's words for whoever helps the clerk.
        return format!(
            "YAML 格式错误：请检查这一行和上一行的缩进（只用空格）、键后的「: 」和段落前的「- 」（解析器原文：{}）",
            excerpt_runs(first)
        );
    };
    format!("YAML 格式错误：{what}")
}

/// The parser's message with every long run of characters cut to a short excerpt (a 1 MB
/// digit string is never echoed whole).
fn excerpt_runs(message: &str) -> String {
    const KEEP: usize = 24;
    let mut out = String::new();
    let mut run = String::new();
    let mut run_len = 0usize;
    let flush = |out: &mut String, run: &mut String, run_len: &mut usize| {
        if *run_len > KEEP {
            out.extend(run.chars().take(KEEP));
            out.push_str(&format!("…（共 {run_len} 个字符）"));
        } else {
            out.push_str(run);
        }
        run.clear();
        *run_len = 0;
    };
    for c in message.chars() {
        if c.is_whitespace() || c == '`' {
            flush(&mut out, &mut run, &mut run_len);
            out.push(c);
        } else {
            run_len += 1;
            if run_len <= KEEP + 1 {
                run.push(c);
            }
        }
    }
    flush(&mut out, &mut run, &mut run_len);
    out.chars().take(300).collect()
}
