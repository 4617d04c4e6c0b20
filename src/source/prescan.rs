//! A line-by-line scan of the raw source before the YAML parser: keyboard and paste mistakes
//! named where they are (not where the parser would notice them), with the fix in Chinese.
//!
//! Where the meaning is certain (full-width colon, no space after a colon, `，`/`、`/spaces between
//! numbers, `【】` or missing brackets, paragraphs under `[]`) the text the parser reads is repaired
//! and a warning is given. Where it is not (tabs, indentation, YAML indicators, `: ` inside a
//! paragraph, empty cells) an error is given, and the text is still repaired so that the parser
//! and the loader do not report the same mistake again (no cascades). Positions found by the parser
//! in the repaired text are mapped back to the original with [`Prescan::original`].

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::diag::{Diagnostic, Loc, Rule};
use crate::source::keys as k;
use crate::source::tree::{Node, Value};
use crate::text::normalize_label;

/// The repaired text and what was found.
#[derive(Debug, Clone, Default)]
pub struct Prescan {
    /// The text the YAML parser reads.
    pub text: String,
    /// Findings, each at its place in the original text.
    pub diagnostics: Vec<Diagnostic>,
    /// Per line: (column in the repaired line where a shift starts, repaired minus original).
    shifts: Vec<Vec<(usize, i64)>>,
}

impl Prescan {
    /// The position in the original text of a position in the repaired text.
    pub fn original(&self, loc: Loc) -> Loc {
        let Some(line) = (loc.line as usize)
            .checked_sub(1)
            .and_then(|i| self.shifts.get(i))
        else {
            return loc;
        };
        let col = loc.column as usize;
        let delta = line
            .iter()
            .rev()
            .find(|(start, _)| *start <= col)
            .map_or(0, |(_, d)| *d);
        Loc {
            line: loc.line,
            column: u32::try_from((col as i64 - delta).max(1)).unwrap_or(loc.column),
        }
    }

    /// Maps every position of a tree parsed from [`Prescan::text`] back to the original text.
    pub fn relocate(&self, node: &mut Node) {
        node.loc = self.original(node.loc);
        match &mut node.value {
            Value::Seq(items) => items.iter_mut().for_each(|n| self.relocate(n)),
            Value::Map(entries) => {
                for (key, value) in entries {
                    key.loc = self.original(key.loc);
                    self.relocate(value);
                }
            }
            _ => {}
        }
    }

    /// Did the scan find an error (not only repaired mistakes)?
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error)
    }
}

/// One change to a line: at char index `at`, remove `remove` chars and insert `insert`.
#[derive(Debug, Clone)]
struct Edit {
    at: usize,
    remove: usize,
    insert: String,
}

/// Keys the format knows, normalised: all mapping keys, and the row keys of all tables.
struct Known {
    keys: HashSet<String>,
    rows: HashSet<String>,
    item_keys: HashSet<String>,
    text_keys: HashSet<String>,
    /// Heading keys and 正文 as written, for suggestions.
    item_names: Vec<String>,
}

fn known() -> &'static Known {
    static KNOWN: OnceLock<Known> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let mut keys: HashSet<String> = k::META.iter().map(|s| normalize_label(s)).collect();
        keys.insert(normalize_label(k::BODY));
        keys.extend(k::FONT_ROLES.iter().map(|s| normalize_label(s)));
        let mut item_keys: HashSet<String> = k::HEADINGS
            .iter()
            .map(|(s, _)| normalize_label(s))
            .collect();
        item_keys.insert(normalize_label(k::HEADING_BODY));
        // Entries of the 汇总 list of an aggregated report.
        item_keys.insert(normalize_label(k::ORGAN));
        item_keys.insert(normalize_label(k::HASH));
        keys.insert(normalize_label(k::CHILDREN));
        keys.extend(item_keys.iter().cloned());
        let mut rows = HashSet::new();
        for t in crate::template::all().unwrap_or_default() {
            for s in &t.sections {
                keys.insert(normalize_label(&s.key));
                keys.insert(normalize_label(&s.title));
            }
            for table in &t.tables {
                keys.insert(normalize_label(&table.id));
                for block in &table.blocks {
                    for row in block.keyed_rows() {
                        if let Some(key) = &row.key {
                            rows.insert(normalize_label(key));
                        }
                        rows.insert(normalize_label(&row.label));
                    }
                }
            }
        }
        keys.extend(rows.iter().cloned());
        let text_keys = [
            k::ORGAN,
            k::DATE,
            k::SIGNER,
            k::CONTACT,
            k::PREAMBLE,
            k::HEADING_BODY,
        ]
        .iter()
        .map(|s| normalize_label(s))
        .chain(item_keys.iter().cloned())
        .collect();
        let mut item_names: Vec<String> =
            k::HEADINGS.iter().map(|(s, _)| (*s).to_owned()).collect();
        item_names.push(k::HEADING_BODY.to_owned());
        Known {
            keys,
            rows,
            item_keys,
            text_keys,
            item_names,
        }
    })
}

struct Scanner<'a> {
    lines: Vec<Vec<char>>,
    edits: Vec<Vec<Edit>>,
    diags: Vec<Diagnostic>,
    known: &'a Known,
    /// The line of the paragraph item (`- 文字`) just read, to notice a line joined to it.
    paragraph_above: Option<usize>,
}

fn loc(line: usize, index: usize) -> Option<Loc> {
    Some(Loc {
        line: u32::try_from(line + 1).unwrap_or(u32::MAX),
        column: u32::try_from(index + 1).unwrap_or(u32::MAX),
    })
}

fn excerpt(chars: &[char]) -> String {
    let s: String = chars.iter().take(12).collect();
    if chars.len() > 12 {
        format!("{s}…")
    } else {
        s
    }
}

/// Scans `text` and returns the repaired text with the findings.
pub fn prescan(text: &str) -> Prescan {
    let mut s = Scanner {
        lines: text.split('\n').map(|l| l.chars().collect()).collect(),
        edits: Vec::new(),
        diags: Vec::new(),
        known: known(),
        paragraph_above: None,
    };
    s.edits = vec![Vec::new(); s.lines.len()];
    s.scan();
    s.finish()
}

/// The leading spaces of a line, counting full-width and no-break ones: (characters, width),
/// a full-width space being as wide as two — the indentation the clerk sees.
fn wide_lead(line: &[char]) -> (usize, usize) {
    line.iter()
        .take_while(|c| matches!(c, ' ' | '\u{3000}' | '\u{a0}'))
        .fold((0, 0), |(n, w), c| {
            (n + 1, w + if *c == '\u{3000}' { 2 } else { 1 })
        })
}

fn indent_of(line: &[char]) -> usize {
    line.iter().take_while(|c| **c == ' ').count()
}

fn is_blank_or_comment(line: &[char]) -> bool {
    let i = indent_of(line);
    line.get(i..)
        .map(|rest| {
            rest.iter()
                .find(|c| !c.is_whitespace())
                .is_none_or(|c| *c == '#')
        })
        .unwrap_or(true)
}

impl Scanner<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Control characters (Word's manual line break U+000B, page break U+000C, …) break the YAML
    /// parser and no output format can hold them: removed before parsing, one warning per file
    /// at the first. A line end `\r` (Windows) stays.
    fn controls(&mut self) {
        let mut first: Option<(usize, usize, char)> = None;
        let mut count = 0;
        for n in 0..self.lines.len() {
            let len = self.lines[n].len();
            for i in 0..len {
                let c = self.lines[n][i];
                let line_end_cr = c == '\r' && i + 1 == len;
                if c != '\t' && !line_end_cr && crate::source::clean::is_unprintable(c) {
                    first.get_or_insert((n, i, c));
                    count += 1;
                    self.edits[n].push(Edit {
                        at: i,
                        remove: 1,
                        insert: String::new(),
                    });
                }
            }
        }
        if let Some((n, i, c)) = first {
            let what = match c {
                '\u{b}' => "（Word 里按 Shift+Enter 的手动换行）",
                '\u{c}' => "（分页符）",
                '\r' => "（单独的回车符）",
                _ => "",
            };
            self.push(
                Diagnostic::new(
                    Rule::ControlChar,
                    loc(n, i),
                    format!(
                        "已删除 {count} 个控制字符，第一个是 U+{:04X}{what}，在这里；这些字符看不见，任何文档格式都无法保存，文字其余部分不变",
                        u32::from(c)
                    ),
                )
                .values(count, 0),
            );
        }
    }

    fn scan(&mut self) {
        self.controls();
        let mut block_owner: Option<usize> = None;
        let mut last_dash: Option<(usize, usize)> = None;
        let mut min_key_since = usize::MAX;
        let mut pending_empty: Option<(usize, usize, usize)> = None;
        let mut reindent: Option<(usize, i64)> = None;
        for n in 0..self.lines.len() {
            let line = self.lines[n].clone();
            let end = if line.last() == Some(&'\r') {
                line.len() - 1
            } else {
                line.len()
            };
            let line = &line[..end];
            // Tabs in the indentation.
            let lead = line
                .iter()
                .take_while(|c| **c == ' ' || **c == '\t')
                .count();
            if let Some(i) = line[..lead].iter().position(|c| *c == '\t')
                && lead < line.len()
                && block_owner.is_none_or(|o| lead <= o)
            {
                self.push(Diagnostic::new(
                    Rule::TabIndent,
                    loc(n, i),
                    "缩进用了制表符「Tab」，YAML 只认空格：请把这一行开头的 Tab 换成空格（每级两个空格）",
                ));
                continue;
            }
            if is_blank_or_comment(line) {
                continue;
            }
            let line = &self.forgive_line_start(n, line, last_dash);
            let indent = indent_of(line);
            if let Some(owner) = block_owner {
                if indent > owner {
                    continue;
                }
                block_owner = None;
            }
            if let Some((old, delta)) = reindent {
                if indent > old {
                    self.reindent(n, indent, delta);
                } else {
                    reindent = None;
                }
            }
            let is_dash = line[indent] == '-' && line.get(indent + 1).is_none_or(|c| *c == ' ');
            if let Some((pl, pcol, key_indent)) = pending_empty.take()
                && is_dash
                && indent >= key_indent
            {
                self.push(Diagnostic::new(
                    Rule::AfterEmptyList,
                    loc(pl, pcol),
                    "这一部分下面已经写了段落，行末的「[]」（表示“没有内容”）要删去（已按删去读取）",
                ));
                self.edits[pl].push(Edit {
                    at: pcol,
                    remove: 2,
                    insert: "  ".into(),
                });
            }
            let content = if is_dash {
                // The indentation the items of this list share: the previous item's, or, where a
                // new list starts (a shallower key since), the one most of its items use — so
                // one odd item is named, not all the others.
                let new_list = last_dash.is_none_or(|(p, _)| min_key_since < indent.min(p));
                let (p, pl) = match last_dash {
                    Some(last) if !new_list => last,
                    _ => (self.usual_indent(n, min_key_since), n),
                };
                if indent != p {
                    let sibling = if pl == n {
                        "这一部分的其他各项".to_owned()
                    } else {
                        format!("第 {} 行的同级项", pl + 1)
                    };
                    self.push(Diagnostic::new(
                        Rule::Indent,
                        loc(n, indent),
                        format!(
                            "这一项前面有 {indent} 个空格，与{sibling}（{p} 个空格）不一致：同一部分的段落和标题要左端对齐，请改为 {p} 个空格"
                        ),
                    ));
                    let delta = p as i64 - indent as i64;
                    self.reindent(n, indent, delta);
                    reindent = Some((indent, delta));
                    if new_list {
                        last_dash = Some((p, n));
                    }
                } else {
                    last_dash = Some((indent, n));
                }
                min_key_since = usize::MAX;
                let mut c = indent + 1;
                while line.get(c) == Some(&' ') {
                    c += 1;
                }
                c
            } else {
                indent
            };
            if content >= line.len() {
                continue;
            }
            let is_key = self.content(n, line, content, is_dash, &mut pending_empty, indent);
            // A plain paragraph item (not a heading, not quoted): a next line without `- `
            // would be joined to it.
            self.paragraph_above = (!is_key
                && !matches!(line[content], '"' | '\'' | '|' | '>' | '[' | '{' | '#'))
            .then_some(n);
            if is_key && !is_dash {
                min_key_since = min_key_since.min(indent);
            }
            // A block scalar starts: its lines are text, not structure.
            let trimmed: String = line.iter().collect::<String>();
            let trimmed = trimmed.split(" #").next().unwrap_or("").trim_end();
            if trimmed.ends_with('|')
                || trimmed.ends_with('>')
                || trimmed.ends_with("|-")
                || trimmed.ends_with(">-")
                || trimmed.ends_with("|+")
                || trimmed.ends_with(">+")
            {
                block_owner = Some(indent);
            }
        }
    }

    /// Full-width or no-break spaces in the indentation become spaces, and a paragraph dash
    /// typed `－ `, `— ` or `-文字` (where the paragraphs around it are `- `) becomes `- `; each
    /// with a warning at the character. Returns the line as the rest of the scan sees it.
    fn forgive_line_start(
        &mut self,
        n: usize,
        line: &[char],
        last_dash: Option<(usize, usize)>,
    ) -> Vec<char> {
        let mut fixed = line.to_vec();
        let (lead, width) = wide_lead(&fixed);
        if let Some(i) = fixed[..lead].iter().position(|c| *c != ' ') {
            let shown = if fixed[i] == '\u{3000}' {
                "全角空格「　」"
            } else {
                "不间断空格（U+00A0）"
            };
            self.push(Diagnostic::new(
                Rule::WideIndent,
                loc(n, i),
                format!("这一行开头的缩进用了{shown}，YAML 只认半角空格：请换成半角空格（已按半角空格读取）"),
            ));
            let grown = width - lead;
            fixed.splice(..lead, std::iter::repeat_n(' ', width));
            for e in &mut self.edits[n] {
                e.at += grown;
            }
        }
        let lead = indent_of(&fixed);
        let at = lead;
        let next = fixed.get(at + 1).copied();
        let dash_like = match fixed.get(at) {
            Some('－' | '—') => next == Some(' '),
            // `-2024年…`, `-一级标题: …`: text, not a negative number.
            Some('-') => {
                next.is_some_and(|c| c != ' ' && c != '-')
                    && (fixed[at + 1..]
                        .iter()
                        .any(|c| crate::source::clean::is_cjk(*c))
                        || last_dash.is_some_and(|(indent, _)| indent == at))
            }
            _ => false,
        };
        if dash_like {
            let typed = fixed[at];
            self.push(Diagnostic::new(
                Rule::DashSpace,
                loc(n, at),
                format!(
                    "段落开头写成了「{typed}{}」：应为英文短横「-」加一个空格，如「- 文字」（已按此读取）",
                    if next == Some(' ') { " " } else { "" }
                ),
            ));
            fixed[at] = '-';
            if next != Some(' ') {
                fixed.insert(at + 1, ' ');
                // Edits already planned on this line (control characters) move with the text.
                for e in &mut self.edits[n] {
                    if e.at > at {
                        e.at += 1;
                    }
                }
            }
        }
        if fixed != line {
            // `line` had its line-end `\r` cut off by the caller; keep it.
            let had_cr = self.lines[n].last() == Some(&'\r');
            self.lines[n] = fixed.clone();
            if had_cr {
                self.lines[n].push('\r');
            }
        }
        fixed
    }

    /// The indentation most items of the list starting at line `n` use (the list ends at a
    /// line no deeper than `owner`, the key that holds it); ties go to the first.
    fn usual_indent(&self, n: usize, owner: usize) -> usize {
        let owner = if owner == usize::MAX { 0 } else { owner };
        let mut counts: Vec<(usize, usize)> = Vec::new();
        for l in &self.lines[n..] {
            if is_blank_or_comment(l) {
                continue;
            }
            let (at, i) = wide_lead(l);
            if i <= owner {
                break;
            }
            let dash = matches!(l.get(at), Some('-' | '－' | '—'));
            if dash {
                match counts.iter_mut().find(|(ind, _)| *ind == i) {
                    Some(c) => c.1 += 1,
                    None => counts.push((i, 1)),
                }
            }
        }
        let best = counts.iter().map(|c| c.1).max().unwrap_or(0);
        counts
            .iter()
            .find(|c| c.1 == best)
            .map_or_else(|| indent_of(&self.lines[n]), |c| c.0)
    }

    fn reindent(&mut self, n: usize, indent: usize, delta: i64) {
        let new = (indent as i64 + delta).max(0) as usize;
        self.edits[n].push(Edit {
            at: 0,
            remove: indent,
            insert: " ".repeat(new),
        });
    }

    /// Looks at the content of a line from `cs`; returns whether it is a `key: …` line.
    fn content(
        &mut self,
        n: usize,
        line: &[char],
        cs: usize,
        item: bool,
        pending_empty: &mut Option<(usize, usize, usize)>,
        indent: usize,
    ) -> bool {
        let first = line[cs];
        if first == '"' || first == '\'' {
            return false;
        }
        let sep = line[cs..]
            .iter()
            .position(|c| *c == ':' || *c == '：')
            .map(|p| p + cs);
        let mut key: Option<String> = None;
        let mut value_start = cs;
        if let Some(j) = sep {
            let prefix: String = line[cs..j].iter().collect();
            let prefix = prefix.trim().to_owned();
            let key_like = !prefix.is_empty()
                && prefix.chars().count() <= 40
                && !prefix.chars().any(char::is_whitespace)
                && !prefix.starts_with(['*', '&', '!', '@', '%', '`', '[', '{', '#', '|', '>']);
            let norm = normalize_label(&prefix);
            let is_known = if item {
                self.known.item_keys.contains(&norm)
            } else {
                self.known.keys.contains(&norm)
            };
            let after = line.get(j + 1).copied();
            let spaced = after.is_none_or(|c| c == ' ' || c == '\t');
            if key_like && is_known && line[j] == '：' {
                self.push(Diagnostic::new(
                    Rule::FullWidthColon,
                    loc(n, j),
                    format!("「{prefix}」后面是全角冒号「：」，请改成英文冒号加一个空格「: 」（已按此读取）"),
                ));
                self.edits[n].push(Edit {
                    at: j,
                    remove: 1,
                    insert: if spaced { ":".into() } else { ": ".into() },
                });
                key = Some(norm);
            } else if key_like && is_known && line[j] == ':' && !spaced {
                self.push(Diagnostic::new(
                    Rule::ColonSpace,
                    loc(n, j),
                    format!(
                        "「{prefix}:」的冒号后面要有一个空格，请写成「{prefix}: …」（已按此读取）"
                    ),
                ));
                self.edits[n].push(Edit {
                    at: j + 1,
                    remove: 0,
                    insert: " ".into(),
                });
                key = Some(norm);
            } else if line[j] == ':' && spaced && key_like && (is_known || !item) {
                key = Some(norm);
            } else if item
                && key_like
                && prefix.chars().count() <= 6
                && let Some(s) = self.known.item_names.iter().find(|name| {
                    let d = crate::diag::edit_distance(&prefix, name);
                    let n = name.chars().count();
                    // 正文 only one slip away; headings two, or any spelling ending in 题/題
                    // (traditional 一級標題).
                    d <= n / 2 || (prefix.ends_with(['题', '題']) && d < n)
                })
            {
                // A misspelt heading key (一級標題, 一级标提): say so, not "colon in text", and
                // read it as meant so that nothing follows from the slip.
                self.push(Diagnostic::new(
                    Rule::UnknownKey,
                    loc(n, cs),
                    format!(
                        "段落中没有「{prefix}」这个键，是不是「{s}」？标题写作「- {s}: 标题文字」（已按「{s}」读取）"
                    ),
                ));
                self.edits[n].push(Edit {
                    at: cs,
                    remove: j - cs,
                    insert: s.clone(),
                });
                if line[j] == '：' {
                    self.edits[n].push(Edit {
                        at: j,
                        remove: 1,
                        insert: if spaced { ":".into() } else { ": ".into() },
                    });
                }
                return true;
            }
            if key.is_some() {
                value_start = j + 1;
                while line
                    .get(value_start)
                    .is_some_and(|c| *c == ' ' || *c == '\t')
                {
                    value_start += 1;
                }
            }
        }
        let is_key = key.is_some();
        if !is_key && !item {
            // A continuation line of a paragraph, or something the parser will explain.
            if let Some(p) = self.paragraph_above
                && p + 1 == n
            {
                self.push(Diagnostic::new(
                    Rule::JoinedLines,
                    loc(n, cs),
                    format!(
                        "这一行「{}」前面没有「- 」，会和上一行合成同一段；如果是新的一段，请在行首写「- 」（与上一段对齐）",
                        excerpt(&line[cs..])
                    ),
                ));
            }
            return false;
        }
        if value_start >= line.len() {
            return is_key;
        }
        let value = &line[value_start..];
        let v0 = value[0];
        if v0 == '"' || v0 == '\'' {
            return is_key;
        }
        let key_norm = key.clone().unwrap_or_default();
        // Rows of numbers.
        if !item && self.known.rows.contains(&key_norm) {
            self.row(n, line, value_start);
            return is_key;
        }
        let rest: String = value.iter().collect();
        let rest_trim = rest.split(" #").next().unwrap_or("").trim_end();
        if !item && rest_trim == "[]" {
            *pending_empty = Some((n, value_start, indent));
            return is_key;
        }
        if !item && v0 == '[' {
            return is_key;
        }
        let text_value = item || self.known.text_keys.contains(&key_norm);
        // A ` #` meant as a comment: after two or more spaces (aligned, as in README), or after
        // a short value (机关, 日期, 署名) that never holds a `#`. YAML drops it, as intended;
        // the checks below look only at the text before it.
        let short = !item
            && [k::ORGAN, k::DATE, k::SIGNER]
                .iter()
                .any(|key| normalize_label(key) == key_norm);
        let comment_at = value
            .windows(2)
            .position(|w| (w[0] == ' ' || w[0] == '\t') && w[1] == '#')
            .filter(|&p| short || (p > 0 && value[p - 1].is_whitespace()));
        let value_end = match comment_at {
            Some(p) => {
                let mut e = p;
                while e > 0 && value[e - 1].is_whitespace() {
                    e -= 1;
                }
                e
            }
            None => value.len(),
        };
        if value_end == 0 {
            return is_key;
        }
        let value = &value[..value_end];
        let line = &line[..value_start + value_end];
        let mut quote = false;
        let block_header = matches!(v0, '|' | '>')
            && value[1..]
                .iter()
                .take_while(|c| **c != '#')
                .all(|c| matches!(c, '-' | '+' | ' ' | '0'..='9'));
        let indicator = text_value
            && match v0 {
                '*' | '&' | '!' | '@' | '%' | '`' => true,
                '|' | '>' => !block_header,
                '#' | '[' | '{' => item,
                _ => false,
            };
        if indicator {
            let meaning = match v0 {
                '*' => "引用别名",
                '&' => "定义锚点",
                '!' => "类型标签",
                '#' => "注释",
                '[' | '{' => "列表或键值表",
                '|' | '>' => "多行文字的开头",
                _ => "保留符号",
            };
            self.push(Diagnostic::new(
                Rule::Indicator,
                loc(n, value_start),
                format!(
                    "文字「{}」以「{v0}」开头，YAML 会把「{v0}」当作{meaning}，文字会丢失或出错：请给整段加英文单引号，如 '{}'（已按加引号读取）",
                    excerpt(value),
                    excerpt(value)
                ),
            ));
            quote = true;
        }
        if text_value && !indicator {
            if let Some(p) = value
                .windows(2)
                .position(|w| w[0] == ':' && w[1] == ' ')
                .or_else(|| (value.last() == Some(&':')).then(|| value.len() - 1))
            {
                self.push(Diagnostic::new(
                    Rule::ColonInText,
                    loc(n, value_start + p),
                    "段落中的英文冒号加空格「: 」会被 YAML 当作“键: 值”：请改用中文冒号「：」（最简单），或给整段加英文单引号 '…'（已按加引号读取）",
                ));
                quote = true;
            }
            if let Some(p) = value
                .windows(2)
                .position(|w| (w[0] == ' ' || w[0] == '\t') && w[1] == '#')
            {
                let cut: Vec<char> = value[p + 2..].to_vec();
                self.push(Diagnostic::new(
                    Rule::CommentInText,
                    loc(n, value_start + p + 1),
                    format!(
                        "「 #」在 YAML 中表示注释，其后的「{}」会被丢掉；已按正文保留。如确是注释，请另起一行以 # 开头写",
                        excerpt(&cut)
                    ),
                ));
                quote = true;
            }
        }
        if quote && !self.continues(n, indent) {
            self.quote(n, line, value_start);
        }
        is_key
    }

    /// Does a plain scalar on line `n` continue on the next lines (which quoting one line would break)?
    fn continues(&self, n: usize, indent: usize) -> bool {
        self.lines[n + 1..]
            .iter()
            .find(|l| !is_blank_or_comment(l))
            .is_some_and(|l| {
                let i = indent_of(l);
                i > indent
                    && !(l.get(i) == Some(&'-') && l.get(i + 1).is_none_or(|c| *c == ' '))
                    && !l[i..].windows(2).any(|w| w[0] == ':' && w[1] == ' ')
            })
    }

    /// Wraps the rest of line `n` from `start` in single quotes.
    fn quote(&mut self, n: usize, line: &[char], start: usize) {
        let mut end = line.len();
        while end > start && line[end - 1].is_whitespace() {
            end -= 1;
        }
        self.edits[n].push(Edit {
            at: start,
            remove: 0,
            insert: "'".into(),
        });
        for (i, c) in line.iter().enumerate().take(end).skip(start) {
            if *c == '\'' {
                self.edits[n].push(Edit {
                    at: i,
                    remove: 1,
                    insert: "''".into(),
                });
            }
        }
        self.edits[n].push(Edit {
            at: end,
            remove: 0,
            insert: "'".into(),
        });
    }

    /// Thousands separators typed as in Excel (`1,260`, `[3, 1, 1,025]`): a comma with digits on
    /// both sides and exactly three after, in a row that otherwise separates with `, ` (or a
    /// single number). Read without the comma, with a warning; returns whether the row was a
    /// single number (nothing more to look at).
    fn thousands(&mut self, n: usize, line: &[char], vs: usize, end: usize) -> bool {
        let digit = |i: usize| line.get(i).is_some_and(char::is_ascii_digit);
        let grouping = |i: usize| {
            line[i] == ','
                && i > vs
                && digit(i - 1)
                && (1..=3).all(|k| digit(i + k))
                && !digit(i + 4)
                && i + 4 <= end
        };
        let spaced = (vs..end).any(|i| line[i] == ',' && line.get(i + 1) == Some(&' '));
        let bracketed = line[vs] == '[';
        let single = !bracketed
            && (vs..end).all(|i| digit(i) || grouping(i) || (line[i] == ',' && digit(i + 1)));
        if !spaced && !single {
            return false;
        }
        let commas: Vec<usize> = (vs..end).filter(|&i| grouping(i)).collect();
        if commas.is_empty() {
            return false;
        }
        let first = commas[0];
        let mut start = first - 1;
        while start > vs && digit(start - 1) {
            start -= 1;
        }
        let mut stop = first + 4;
        while stop < end && (digit(stop) || grouping(stop)) {
            stop += 1;
        }
        let typed: String = line[start..stop].iter().collect();
        self.push(Diagnostic::new(
            Rule::RowSeparator,
            loc(n, first),
            format!(
                "「{typed}」里的逗号是千位分隔符，表格里的数不要写分隔符，请写成 {}（已按此读取）",
                typed.replace(',', "")
            ),
        ));
        for i in commas {
            self.edits[n].push(Edit {
                at: i,
                remove: 1,
                insert: String::new(),
            });
        }
        single
    }

    /// A row of numbers starting at `vs`: brackets, separators, empty cells.
    fn row(&mut self, n: usize, line: &[char], vs: usize) {
        let mut end = line
            .windows(2)
            .enumerate()
            .skip(vs)
            .find(|(_, w)| w[0] == ' ' && w[1] == '#')
            .map_or(line.len(), |(i, _)| i);
        while end > vs && line[end - 1].is_whitespace() {
            end -= 1;
        }
        let seg = &line[vs..end];
        if seg.is_empty() {
            return;
        }
        if self.thousands(n, line, vs, end) {
            return;
        }
        let opens = matches!(seg[0], '[' | '【' | '［');
        let closes = matches!(seg[seg.len() - 1], ']' | '】' | '］');
        let has_sep = seg.iter().any(|c| matches!(c, ',' | '，' | '、'))
            || seg
                .windows(3)
                .any(|w| !w[0].is_whitespace() && w[1].is_whitespace() && !w[2].is_whitespace());
        if !opens && !has_sep {
            return; // one number, as 行政许可: 1260
        }
        if matches!(seg[0], '【' | '［') || matches!(seg[seg.len() - 1], '】' | '］') {
            self.push(Diagnostic::new(
                Rule::RowBrackets,
                loc(n, vs),
                format!(
                    "这一行用了全角方括号「{}」，请改成英文方括号「[ ]」（已按此读取）",
                    if seg[0] == '［' { "［］" } else { "【】" }
                ),
            ));
        } else if !opens {
            self.push(Diagnostic::new(
                Rule::RowBrackets,
                loc(n, vs),
                "一行的几个数要放在英文方括号里，如「[6, 1, 0]」（已按此读取）",
            ));
        }
        if opens {
            self.edits[n].push(Edit {
                at: vs,
                remove: 1,
                insert: "[".into(),
            });
        } else {
            self.edits[n].push(Edit {
                at: vs,
                remove: 0,
                insert: "[".into(),
            });
        }
        let inner_end = if closes { end - 1 } else { end };
        let inner_start = if opens { vs + 1 } else { vs };
        let mut named_sep = false;
        let mut named_space = false;
        // Cells: split the inner text at separators, noting each separator's kind.
        let mut count = 0usize;
        let mut i = inner_start;
        let empty_at = |s: &mut Self, at: usize, count: usize| {
            s.push(Diagnostic::new(
                Rule::EmptyCell,
                loc(n, at),
                format!("第 {} 个数是空的：没有就填 0（不适用时写 ~）", count + 1),
            ));
            s.edits[n].push(Edit {
                at,
                remove: 0,
                insert: "~".into(),
            });
        };
        // Next non-space character after each index (keeps long runs of spaces linear).
        let mut next_nonblank: Vec<Option<char>> = vec![None; inner_end - inner_start + 1];
        for j in (inner_start..inner_end).rev() {
            let after = next_nonblank[j + 1 - inner_start];
            next_nonblank[j - inner_start] = if line[j].is_whitespace() {
                after
            } else {
                Some(line[j])
            };
        }
        let mut cell_nonblank = false;
        while i <= inner_end {
            let c = if i < inner_end { line[i] } else { ',' };
            let is_sep = matches!(c, ',' | '，' | '、');
            let space_sep = c.is_whitespace()
                && i < inner_end
                && cell_nonblank
                && next_nonblank[i - inner_start].is_some_and(|c| !matches!(c, ',' | '，' | '、'));
            if !c.is_whitespace() && !is_sep {
                cell_nonblank = true;
            }
            if is_sep || space_sep {
                let cell_empty = !cell_nonblank;
                cell_nonblank = false;
                let whole_empty = i == inner_end && count == 0 && cell_empty;
                if cell_empty && !whole_empty {
                    empty_at(self, i, count);
                }
                if i < inner_end && c != ',' {
                    if is_sep && !named_sep {
                        named_sep = true;
                        self.push(Diagnostic::new(
                            Rule::RowSeparator,
                            loc(n, i),
                            format!("数字之间用了「{c}」，请改用英文逗号「,」（已按此读取）"),
                        ));
                    }
                    if space_sep && !named_space {
                        named_space = true;
                        self.push(Diagnostic::new(
                            Rule::RowSeparator,
                            loc(n, i),
                            "数字之间只用了空格，请用英文逗号分开，如「[6, 1, 0]」（已按此读取）",
                        ));
                    }
                    self.edits[n].push(Edit {
                        at: i,
                        remove: 1,
                        insert: ",".into(),
                    });
                }
                count += 1;
                if space_sep {
                    // Skip the rest of the run of spaces.
                    i += 1;
                    while i < inner_end && line[i].is_whitespace() {
                        i += 1;
                    }
                    continue;
                }
            }
            i += 1;
        }
        if closes {
            self.edits[n].push(Edit {
                at: end - 1,
                remove: 1,
                insert: "]".into(),
            });
        } else {
            self.edits[n].push(Edit {
                at: end,
                remove: 0,
                insert: "]".into(),
            });
        }
    }

    fn finish(mut self) -> Prescan {
        let mut text = String::with_capacity(self.lines.iter().map(|l| l.len() * 3 + 1).sum());
        let mut shifts = Vec::with_capacity(self.lines.len());
        for (n, line) in self.lines.iter().enumerate() {
            if n > 0 {
                text.push('\n');
            }
            let edits = &mut self.edits[n];
            edits.sort_by_key(|e| (e.at, e.remove));
            let out = &mut text;
            let mut line_shifts = Vec::new();
            let mut pos = 0usize;
            let mut delta: i64 = 0;
            let mut new_col = 0usize;
            for e in edits.iter() {
                if e.at < pos {
                    continue; // overlapping edit: the first one wins
                }
                for c in &line[pos..e.at.min(line.len())] {
                    out.push(*c);
                    new_col += 1;
                }
                out.push_str(&e.insert);
                let inserted = e.insert.chars().count();
                new_col += inserted;
                delta += inserted as i64 - e.remove as i64;
                pos = (e.at + e.remove).min(line.len());
                // 1-based column of the first character after the edit.
                line_shifts.push((new_col + 1, delta));
            }
            for c in &line[pos.min(line.len())..] {
                out.push(*c);
            }
            shifts.push(line_shifts);
        }
        Prescan {
            text,
            diagnostics: self.diags,
            shifts,
        }
    }
}
