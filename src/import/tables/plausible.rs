//! Plausibility of a reading of a digit run where arithmetic cannot decide (表二, 表四 parts):
//! balanced digit counts, a stock column (现行有效) not below what was issued this year, a
//! plausible size, figures the narrative itself states, and last year's report (上年现行有效 +
//! 本年制发 − 本年废止 = 现行有效).

use crate::model::Report;
use crate::template::{BlockDef, ColumnDef, Kind};

/// What the importer knows besides the digits: the narrative's stated figures and last year.
#[derive(Debug, Clone, Default)]
pub struct Hints<'a> {
    /// Figures stated in the text with a count unit (件、份、个、项), each with the words
    /// just before it in its sentence.
    pub stated: Vec<Stated>,
    /// Last year's report of the same organ, when given.
    pub last: Option<&'a Report>,
}

/// A figure stated in the narrative: the value and the words before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// Up to 24 characters before the number, within its sentence.
    pub before: String,
    /// The number.
    pub value: i64,
}

impl Hints<'_> {
    /// Finds the stated figures in `text` (a number followed by 件/份/个/项, outside tables).
    pub fn stated_in(text: &str) -> Vec<Stated> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i - start > 7 || !matches!(chars.get(i), Some('件' | '份' | '个' | '项')) {
                continue;
            }
            // Table cells are joined by control characters: a number there is not prose.
            let mut b = start;
            while b > 0
                && start - b < 24
                && !matches!(chars[b - 1], '。' | '；' | ';' | '\n')
                && !chars[b - 1].is_control()
            {
                b -= 1;
            }
            let Ok(value) = chars[start..i].iter().collect::<String>().parse::<i64>() else {
                continue;
            };
            out.push(Stated {
                before: chars[b..start].iter().collect(),
                value,
            });
        }
        out
    }
}

/// The row being read, for scoring its readings.
pub(super) struct RowCtx<'a, 'h> {
    pub(super) table: &'a str,
    pub(super) row: &'a str,
    pub(super) label: &'a str,
    pub(super) block: &'a BlockDef,
    pub(super) hints: &'a Hints<'h>,
}

/// Words that name a column in a sentence (the nearest one before a number wins).
fn column_words(c: &ColumnDef) -> &'static [&'static str] {
    let k = c.key.as_deref().unwrap_or_default();
    if k.contains("废止") {
        &["废止", "清理"]
    } else if k.contains("现行有效") || k.contains("总数量") {
        &["现行有效", "有效", "累计", "总数"]
    } else if k.contains("制发") || k.contains("制作") {
        &["制发", "制定", "印发", "发布", "出台", "制作", "新增"]
    } else if k.contains("处理决定") {
        &["决定", "办理", "作出", "办结"]
    } else {
        &[]
    }
}

/// Is this column a stock (现行有效, 对外公开总数量) that should not be below a flow of the row?
fn is_stock(c: &ColumnDef, block: &BlockDef) -> bool {
    let k = c.key.as_deref().unwrap_or_default();
    block
        .previous_year
        .iter()
        .any(|r| r.column.as_deref() == Some(k))
        || k.contains("总数量")
}

fn is_subtracted(c: &ColumnDef, block: &BlockDef) -> bool {
    let k = c.key.as_deref().unwrap_or_default();
    block
        .previous_year
        .iter()
        .any(|r| r.minus.iter().any(|m| m == k))
}

/// How plausible a reading of one row is (higher is better); `None` context scores digit
/// balance and column kinds only.
pub(super) fn plausibility(r: &[String], cols: &[&ColumnDef], ctx: Option<&RowCtx>) -> i64 {
    let vals: Vec<Option<i64>> = r.iter().map(|p| p.parse::<i64>().ok()).collect();
    let mut score = 0i64;
    for (p, c) in r.iter().zip(cols) {
        let len = i64::try_from(p.trim_start_matches('-').len()).unwrap_or(0);
        match c.kind {
            // An amount is naturally long: only its count neighbours are balanced.
            Kind::Money => score += 2 * len,
            // A change of a list (本年增/减) is small.
            Kind::Signed => score -= 20 * len,
            Kind::Count => {
                score -= len * len;
                // Tens of thousands of documents or decisions in one row are rare.
                if len > 4 {
                    score -= 15 * (len - 4);
                }
            }
        }
    }
    // A purchase of one count and one amount: more than 10 million per item is implausible
    // (in 元 or 万元 alike), and so is less than 1 per item.
    if let [Some(n), Some(amount)] = vals[..]
        && cols.len() == 2
        && cols[0].kind == Kind::Count
        && cols[1].kind == Kind::Money
        && n > 0
        && (amount / n > 10_000_000 || amount < n)
    {
        score -= 20;
    }
    let Some(ctx) = ctx else { return score };
    let block = ctx.block;
    // What was made this year is, as a rule, what was published this year.
    let made = cols
        .iter()
        .position(|c| c.key.as_deref() == Some("本年新制作数量"));
    let published = cols
        .iter()
        .position(|c| c.key.as_deref() == Some("本年新公开数量"));
    if let (Some(m), Some(p)) = (made, published)
        && vals[m] == vals[p]
    {
        score += 10;
    }
    // A stock column below this year's issued (or repealed) documents is implausible.
    for (si, s) in cols.iter().enumerate() {
        if !is_stock(s, block) {
            continue;
        }
        let Some(stock) = vals[si] else { continue };
        for (fi, f) in cols.iter().enumerate() {
            let fk = f.key.as_deref().unwrap_or_default();
            let issued = fk.contains("制发") || fk.contains("新公开");
            if fi == si || f.kind != Kind::Count || !(issued || is_subtracted(f, block)) {
                continue;
            }
            let Some(flow) = vals[fi] else { continue };
            if flow > stock {
                score -= if is_subtracted(f, block) { 10 } else { 30 };
            }
        }
    }
    // Figures the narrative states for this row: the column named nearest before the number.
    let stems = row_stems(ctx.label);
    for st in &ctx.hints.stated {
        if !stems.iter().any(|s| st.before.contains(s.as_str())) {
            continue;
        }
        let named = cols
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                column_words(c)
                    .iter()
                    .filter_map(|w| st.before.rfind(w))
                    .max()
                    .map(|at| (at, i))
            })
            .max();
        if let Some((_, i)) = named
            && vals[i] == Some(st.value)
        {
            score += 40;
        }
    }
    // Last year's report: 上年现行有效 + 本年制发 − 本年废止 = 现行有效.
    if let Some(last) = ctx.hints.last
        && let Some(lt) = last.tables.get(ctx.table)
    {
        let at = |k: &str| {
            cols.iter()
                .position(|c| c.key.as_deref() == Some(k))
                .and_then(|i| vals[i])
        };
        for rule in &block.previous_year {
            let (Some(col), Some(last_col)) = (&rule.column, &rule.last_year_column) else {
                continue;
            };
            let Some(prev) = lt
                .get(ctx.row, last_col)
                .and_then(|c| c.value)
                .and_then(|a| a.to_string().parse::<i64>().ok())
            else {
                continue;
            };
            let mut expected = Some(i128::from(prev));
            for p in &rule.plus {
                expected = expected.zip(at(p)).map(|(e, v)| e + i128::from(v));
            }
            for m in &rule.minus {
                expected = expected.zip(at(m)).map(|(e, v)| e - i128::from(v));
            }
            if let (Some(e), Some(now)) = (expected, at(col))
                && e == i128::from(now)
            {
                score += 100;
            }
        }
    }
    score
}

/// The words a sentence may use for a row: its label, and without a leading 「行政」.
fn row_stems(label: &str) -> Vec<String> {
    let mut out = vec![label.to_owned()];
    if let Some(rest) = label.strip_prefix("行政")
        && rest.chars().count() >= 2
    {
        out.push(rest.to_owned());
    }
    out
}
