//! Reading the statistical tables: template row labels are found in the document (tolerant
//! match), the printed values after each label are read as cells, and digit runs of flattened
//! text are split by the column count and the table's own arithmetic.

use std::collections::{BTreeMap, BTreeSet};

use super::Note;
use super::doc::{CELL, EMPTY, Hit, Index, fold_str, is_space};
use super::narrative::Found;
use crate::amount::Amount;
use crate::diag::Loc;
use crate::model::{Cell, Report, TableValues};
use crate::template::{
    BlockDef, ColumnDef, Equation, Kind, RowDef, RowRole, Shape, TableDef, Template,
};
use crate::text::normalize_label;

/// Most readings enumerated for one digit run before giving up.
const MAX_READINGS: usize = 4000;

/// Every label of a template (rows, columns, block headers), normalised, for template guessing.
pub fn template_labels(t: &Template) -> Vec<String> {
    let mut out = BTreeSet::new();
    for table in &t.tables {
        for block in &table.blocks {
            if let Some(h) = &block.header {
                out.insert(normalize_label(h));
            }
            for r in block.all_rows() {
                out.insert(normalize_label(&r.label));
            }
            let mut stack: Vec<&ColumnDef> = block.columns.iter().collect();
            while let Some(c) = stack.pop() {
                out.insert(normalize_label(&c.label));
                stack.extend(c.children.iter());
            }
        }
    }
    out.into_iter().filter(|l| !l.is_empty()).collect()
}

/// What the table reader found.
#[derive(Debug, Clone, Default)]
pub struct TablesFound {
    /// Ids of tables with at least one row read.
    pub ids: BTreeSet<String>,
    /// Byte offset where each table starts in the index text.
    pub starts: BTreeMap<String, usize>,
}

/// A cell value read from the document.
type Val = Option<(Amount, Option<String>)>;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Empty,
    Text(String),
    Break,
}

/// Label search pattern: the folded label body, or the full label when the body is short.
fn pattern(label: &str) -> (Vec<char>, Vec<char>) {
    let full = fold_str(label);
    let body = fold_str(&normalize_label(label));
    let prefix_len = full.len().saturating_sub(body.len());
    let prefix = if full.ends_with(&body) {
        full[..prefix_len].to_vec()
    } else {
        Vec::new()
    };
    if body.len() < 4 && !prefix.is_empty() {
        (full, Vec::new())
    } else {
        (body, prefix)
    }
}

/// Finds a label from `from` within `..to`: exact first, then tolerant (typos, variants).
fn find_label(ix: &Index, label: &str, from: usize, to: usize) -> Option<Hit> {
    let (pat, prefix) = pattern(label);
    let hit = ix.find_chars(&pat, from, to).or_else(|| {
        if pat.len() >= 4 {
            let max = (pat.len() / 4).max(1);
            ix.find_fuzzy(&pat, from, to.min(from + 600), max)
                .or_else(|| {
                    // Without its bracketed note (部分公开 for 部分公开（区分处理的…）).
                    let core = without_brackets(&pat);
                    (core.len() >= 2 && core.len() < pat.len())
                        .then(|| ix.find_chars(&core, from, to.min(from + 600)))
                        .flatten()
                })
                .or_else(|| {
                    // A shortened variant (规范性文件 for 行政规范性文件).
                    (pat.len() >= 6)
                        .then(|| ix.find_chars(&pat[2..], from, to.min(from + 300)))
                        .flatten()
                })
        } else {
            None
        }
    })?;
    // Take in the label's own numbering (`2.`) so it does not end up in the previous row's digits.
    if !prefix.is_empty() && hit.s0 >= prefix.len() {
        let before: Vec<char> = ix.skel[hit.s0 - prefix.len()..hit.s0]
            .iter()
            .map(|x| x.0)
            .collect();
        if before == prefix {
            return Some(ix.hit(hit.s0 - prefix.len(), hit.s1));
        }
    }
    Some(hit)
}

/// A label without its bracketed notes.
fn without_brackets(pat: &[char]) -> Vec<char> {
    let mut depth = 0usize;
    let mut out = Vec::new();
    for &c in pat {
        match c {
            '（' => depth += 1,
            '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn loc_of(ix: &Index, b: usize) -> Option<Loc> {
    let line = ix.line_of(b)?;
    Some(Loc {
        line: u32::try_from(line + 1).ok()?,
        column: 1,
    })
}

/// Reads all tables of the template into `report.tables`.
pub fn read(
    ix: &Index,
    template: &Template,
    found: &Found,
    report: &mut Report,
    notes: &mut Vec<Note>,
) -> TablesFound {
    let mut out = TablesFound::default();
    let mut stats = Stats::default();
    let mut cursor = 0usize;
    for table in &template.tables {
        let (from, to) = region(ix, template, found, &table.id, cursor);
        let mut values = TableValues::default();
        let mut reader = TableReader {
            ix,
            table,
            notes,
            stats: &mut stats,
            last_ambiguous: None,
            pending: Vec::new(),
        };
        let (got, start) = reader.read(from, to, &mut values);
        if let Some(s) = start {
            out.starts.insert(table.id.clone(), s);
        }
        if got {
            out.ids.insert(table.id.clone());
            values.loc = start.and_then(|s| loc_of(ix, s));
            report.tables.insert(table.id.clone(), values);
            cursor = from;
        }
    }
    if stats.empty_cells > 0 {
        notes.push(Note::info(format!(
            "原文空白的单元格 {} 个保留为空（不当作 0 填入；检查时按 0 计算）",
            stats.empty_cells
        )));
    }
    if stats.split_rows > 0 {
        notes.push(Note::info(format!(
            "{} 行数字连写在一起，已按列数和表内合计关系拆分",
            stats.split_rows
        )));
    }
    out
}

/// The skeleton range where a table is looked for: its section, else between known sections.
fn region(
    ix: &Index,
    template: &Template,
    found: &Found,
    table_id: &str,
    cursor: usize,
) -> (usize, usize) {
    let end_all = found.body_end_skel.unwrap_or(ix.skel.len());
    let Some(si) = template
        .sections
        .iter()
        .position(|s| s.table.as_deref() == Some(table_id))
    else {
        return (cursor, end_all);
    };
    let next_start = found.sections[si + 1..]
        .iter()
        .flatten()
        .map(|h| h.s0)
        .next()
        .unwrap_or(end_all);
    match found.sections[si] {
        Some(h) => (h.s1, next_start.max(h.s1)),
        None => {
            let prev_end = found.sections[..si]
                .iter()
                .flatten()
                .map(|h| h.s1)
                .next_back()
                .unwrap_or(0)
                .max(cursor);
            (prev_end, next_start.max(prev_end))
        }
    }
}

#[derive(Default)]
struct Stats {
    empty_cells: usize,
    split_rows: usize,
}

struct TableReader<'a> {
    ix: &'a Index,
    table: &'a TableDef,
    notes: &'a mut Vec<Note>,
    stats: &'a mut Stats,
    /// The last row resolved among several readings that all add up.
    last_ambiguous: Option<Ambiguous>,
    /// Such rows of this table, refined by the column-wise rules once all rows are read.
    pending: Vec<Ambiguous>,
}

/// A row with several readings that satisfy its own sum.
#[derive(Debug, Clone)]
struct Ambiguous {
    row: String,
    cols: Vec<String>,
    candidates: Vec<Vec<String>>,
    chosen: usize,
    note: usize,
    what: String,
    shown: String,
}

/// A labelled row found in the document.
struct RowHit<'a> {
    row: &'a RowDef,
    block: &'a BlockDef,
    hit: Hit,
}

impl TableReader<'_> {
    /// Reads the table from skeleton range `from..to`; returns whether any row was read and
    /// where the table starts.
    fn read(&mut self, from: usize, to: usize, values: &mut TableValues) -> (bool, Option<usize>) {
        let ix = self.ix;
        let mut anchors: Vec<Hit> = Vec::new();
        let mut rows: Vec<RowHit> = Vec::new();
        let mut cursor = from;
        let mut start: Option<usize> = None;
        let mut one_line: Vec<&BlockDef> = Vec::new();
        for block in &self.table.blocks {
            if block.shape == Shape::OneLine {
                one_line.push(block);
                continue;
            }
            if let Some(h) = &block.header
                && let Some(hit) = find_label(ix, h, cursor, to)
            {
                anchors.push(hit);
                start = Some(start.map_or(hit.b0, |s: usize| s.min(hit.b0)));
                cursor = hit.s1;
            }
            if let Some(c) = &block.corner
                && let Some(hit) = find_label(ix, c, cursor, to)
            {
                anchors.push(hit);
                start = Some(start.map_or(hit.b0, |s: usize| s.min(hit.b0)));
                cursor = hit.s1;
            }
            for row in block.all_rows() {
                if let Some(hit) = find_label(ix, &row.label, cursor, to) {
                    anchors.push(hit);
                    cursor = hit.s1;
                    if row.key.is_some() {
                        rows.push(RowHit { row, block, hit });
                    }
                }
            }
        }
        anchors.sort_by_key(|h| h.s0);
        let mut got = false;
        let mut missing = Vec::new();
        for rh in &rows {
            let key = rh.row.key.as_deref().unwrap_or_default();
            if rh.row.role() == RowRole::Subtotal {
                continue;
            }
            if start.is_none() {
                start = Some(rh.hit.b0);
            }
            let end = anchors
                .iter()
                .find(|a| a.s0 >= rh.hit.s1)
                .map_or(to, |a| a.s0)
                .min(to);
            let mut b_end = ix.skel.get(end).map_or(ix.text.len(), |x| x.1);
            // In a table row the values are the rest of that row (unless the label ends it).
            if let Some(li) = ix.line_of(rh.hit.b1.saturating_sub(1))
                && ix.lines[li].2
                && ix.text[rh.hit.b1..ix.lines[li].1.max(rh.hit.b1)].contains(CELL)
            {
                b_end = b_end.min(ix.lines[li].1);
            }
            let region = &ix.text[rh.hit.b1..b_end.max(rh.hit.b1)];
            let cols = rh.block.leaf_columns();
            let row_text = format!("{}「{}」", self.table.id, key);
            if let Some(vals) = self.resolve(
                region,
                &cols,
                &[group_of(&cols, 0)],
                &row_text,
                Some(rh.block),
                expected_total(rh.block, rh.row, values),
            ) {
                set_row(values, key, &cols, &vals, self.stats);
                if let Some(mut a) = self.last_ambiguous.take() {
                    a.row = key.to_owned();
                    self.pending.push(a);
                }
                values.row_locs.insert(
                    key.to_owned(),
                    loc_of(ix, rh.hit.b0).unwrap_or(Loc { line: 1, column: 1 }),
                );
                got = true;
            }
        }
        self.last_ambiguous = None;
        self.refine(values);
        for block in &self.table.blocks {
            if block.shape != Shape::Grid {
                continue;
            }
            for r in block.keyed_rows() {
                if r.role() != RowRole::Subtotal
                    && let Some(k) = &r.key
                    && !values.row_locs.contains_key(k)
                {
                    missing.push(k.clone());
                }
            }
        }
        for block in one_line {
            let (ok, s) = self.read_one_line(block, from, to, values);
            got |= ok;
            if let Some(s) = s {
                start = Some(start.map_or(s, |x: usize| x.min(s)));
            }
        }
        if got && !missing.is_empty() {
            self.notes.push(Note::warning(format!(
                "{}没有找到这些行，未导入：{}",
                self.table.id,
                missing.join("、")
            )));
        }
        (got, start)
    }

    /// Rows with several readings that each add up: choose together the readings that break
    /// the fewest column-wise rules (（七）总计 = its parts, the 勾稽 equations).
    fn refine(&mut self, values: &mut TableValues) {
        if self.pending.is_empty() {
            return;
        }
        let pend = std::mem::take(&mut self.pending);
        let mut choice: Vec<usize> = pend.iter().map(|p| p.chosen).collect();
        for _round in 0..3 {
            let mut changed = false;
            for (k, p) in pend.iter().enumerate() {
                let mut best = (usize::MAX, choice[k]);
                // The current reading first, so ties keep it.
                let order = std::iter::once(choice[k])
                    .chain((0..p.candidates.len()).filter(|i| *i != choice[k]));
                for ci in order {
                    put(values, &p.row, &p.cols, &p.candidates[ci]);
                    let v = violations(self.table, values);
                    if v < best.0 {
                        best = (v, ci);
                    }
                }
                put(values, &p.row, &p.cols, &p.candidates[best.1]);
                changed |= best.1 != choice[k];
                choice[k] = best.1;
            }
            if !changed {
                break;
            }
        }
        for (k, p) in pend.iter().enumerate() {
            if choice[k] != p.chosen
                && let Some(n) = self.notes.get_mut(p.note)
            {
                *n = Note::warning(ambiguous_message(
                    &p.what,
                    &p.shown,
                    &p.candidates,
                    &p.candidates[choice[k]],
                    "按各列合计和勾稽关系",
                ));
            }
        }
    }

    /// A block printed as one data row (表四): values follow the last column heading.
    fn read_one_line(
        &mut self,
        block: &BlockDef,
        from: usize,
        to: usize,
        values: &mut TableValues,
    ) -> (bool, Option<usize>) {
        let ix = self.ix;
        let cols = block.leaf_columns();
        let data_rows: Vec<&RowDef> = block
            .keyed_rows()
            .into_iter()
            .filter(|r| r.role() == RowRole::Input)
            .collect();
        // The table starts where several of its labels stand close together.
        let mut labels: Vec<Vec<char>> = cols.iter().map(|c| fold_str(&c.label)).collect();
        labels.extend(block.all_rows().iter().map(|r| fold_str(&r.label)));
        let mut hits: Vec<Hit> = Vec::new();
        for l in &labels {
            let mut at = from;
            while let Some(h) = ix.find_chars(l, at, to) {
                hits.push(h);
                at = h.s1;
            }
        }
        hits.sort_by_key(|h| h.s0);
        let Some(start) = hits.iter().position(|h| {
            hits.iter()
                .filter(|o| o.s0 > h.s0 && o.s0 < h.s0 + 40)
                .count()
                >= 3
        }) else {
            return (false, None);
        };
        let first = hits[start];
        let last_end = hits[start..].iter().map(|h| h.s1).max().unwrap_or(first.s1);
        let b0 = ix
            .skel
            .get(last_end.min(ix.skel.len()))
            .map_or(ix.text.len(), |x| x.1);
        let b0 = if last_end == 0 {
            0
        } else {
            ix.skel[last_end - 1].1 + ix.skel[last_end - 1].2
        }
        .min(b0);
        let mut b1 = ix.skel.get(to).map_or(ix.text.len(), |x| x.1);
        // When the headings are table rows, the values are the table rows that follow, not
        // a note printed under the table.
        if let Some(li) = ix.line_of(b0.saturating_sub(1))
            && ix.lines[li].2
        {
            let mut took_row = false;
            for &(start, end, row) in &ix.lines[li + 1..] {
                if start >= b1 {
                    break;
                }
                if row {
                    took_row = true;
                } else if start < end && took_row {
                    b1 = b1.min(start);
                    break;
                }
            }
        }
        let region = &ix.text[b0..b1.max(b0)];
        let mut all_cols: Vec<&ColumnDef> = Vec::new();
        let mut groups = Vec::new();
        for (i, _) in data_rows.iter().enumerate() {
            groups.push(group_of(&cols, i * cols.len()));
            all_cols.extend(cols.iter().copied());
        }
        let Some(vals) = self.resolve(
            region,
            &all_cols,
            &groups,
            &self.table.id.clone(),
            None,
            None,
        ) else {
            return (false, Some(first.b0));
        };
        for (i, r) in data_rows.iter().enumerate() {
            let key = r.key.as_deref().unwrap_or_default();
            let part = &vals[i * cols.len()..(i + 1) * cols.len()];
            set_row(values, key, &cols, part, self.stats);
            values.row_locs.insert(
                key.to_owned(),
                loc_of(ix, first.b0).unwrap_or(Loc { line: 1, column: 1 }),
            );
        }
        (true, Some(first.b0))
    }

    /// Reads `cols.len()` values from the text after a label.
    fn resolve(
        &mut self,
        region: &str,
        cols: &[&ColumnDef],
        groups: &[Group],
        what: &str,
        block: Option<&BlockDef>,
        expected: Option<Vec<Amount>>,
    ) -> Option<Vec<Val>> {
        let n = cols.len();
        let toks = tokens(region);
        let unit = unit_in(region);
        let money = |vals: Vec<Val>| -> Vec<Val> {
            vals.into_iter()
                .zip(cols)
                .map(|(v, c)| match v {
                    Some((a, None)) if c.kind == Kind::Money => Some((a, unit.clone())),
                    other => other,
                })
                .collect()
        };
        if let Some(v) = as_cells(&toks, n) {
            return Some(money(v));
        }
        // Digit runs (flattened text): split by column count and arithmetic.
        let runs = runs_of(&toks);
        let digits: usize = runs.iter().map(|r| r.text.chars().count()).sum();
        if runs.is_empty() {
            if toks.iter().any(|t| matches!(t, Tok::Empty | Tok::Break)) || region.trim().is_empty()
            {
                return Some(vec![None; n]);
            }
            return Some(vec![None; n]);
        }
        let shown: String = runs
            .iter()
            .map(|r| r.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let has_sums = groups.iter().any(|g| g.total.is_some());
        // With sums only "one reading or several" matters; without, count them all.
        let cap = if has_sums { 2 } else { MAX_READINGS };
        let (all, total, capped) = enumerate(&runs, cols, None, cap);
        if total == 0 {
            self.notes.push(Note::warning(format!(
                "{what}的数字「{shown}」（{digits} 位）无法分成 {n} 列，未导入这一行，请对照原件填写"
            )));
            return None;
        }
        self.stats.split_rows += usize::from(runs.len() < n);
        let consistent: Vec<Vec<String>> = if has_sums {
            let (c, _, _) = enumerate(&runs, cols, Some(groups), MAX_READINGS);
            c
        } else {
            Vec::new()
        };
        let fmt = |r: &[String]| r.join(" / ");
        let count = if capped && has_sums {
            "多种".to_owned()
        } else if capped {
            format!("{MAX_READINGS} 种以上")
        } else {
            format!("{total} 种")
        };
        // A total row that equals the column-wise sums of its printed parts.
        let by_parts_reading: Option<Vec<String>> = match &expected {
            Some(e) if consistent.len() != 1 && e.iter().all(Amount::is_integer) => {
                let pieces: Vec<String> = e.iter().map(ToString::to_string).collect();
                fits(&runs, &pieces).then_some(pieces)
            }
            _ => None,
        };
        let by_parts: Vec<&Vec<String>> = by_parts_reading.iter().collect();
        let chosen: Vec<String> = if total == 1 {
            all[0].clone()
        } else if by_parts.len() == 1 {
            self.notes.push(Note::info(format!(
                "{what}的数字「{shown}」有{count}拆分方法，按各分项逐列相加唯一确定为 {}",
                fmt(by_parts[0])
            )));
            by_parts[0].clone()
        } else if has_sums {
            match consistent.len() {
                0 => {
                    self.notes.push(Note::warning(format!(
                        "{what}的数字「{shown}」有{count}拆分方法，没有一种符合表内合计关系，无法从文字确定，未导入（请对照原件填写）"
                    )));
                    return None;
                }
                1 => {
                    self.notes.push(Note::info(format!(
                        "{what}的数字「{shown}」有{count}拆分方法，按合计关系唯一确定为 {}",
                        fmt(&consistent[0])
                    )));
                    consistent[0].clone()
                }
                _ => {
                    let best = best_reading(&consistent, cols, block);
                    self.notes.push(Note::warning(ambiguous_message(
                        what,
                        &shown,
                        &consistent,
                        &best,
                        "",
                    )));
                    self.last_ambiguous = Some(Ambiguous {
                        row: String::new(),
                        cols: cols
                            .iter()
                            .map(|c| c.key.clone().unwrap_or_default())
                            .collect(),
                        chosen: consistent.iter().position(|r| *r == best).unwrap_or(0),
                        candidates: consistent.clone(),
                        note: self.notes.len() - 1,
                        what: what.to_owned(),
                        shown: shown.clone(),
                    });
                    best
                }
            }
        } else {
            if capped {
                self.notes.push(Note::warning(format!(
                    "{what}的数字「{shown}」拆分方法过多，无法确定，未导入（请对照原件填写）"
                )));
                return None;
            }
            let best = best_reading(&all, cols, block);
            let others: Vec<String> = all
                .iter()
                .filter(|r| **r != best)
                .take(3)
                .map(|r| fmt(r))
                .collect();
            self.notes.push(Note::warning(format!(
                "{what}的数字「{shown}」有{count}拆分方法，选用 {}（其他：{}），请核对",
                fmt(&best),
                others.join("；")
            )));
            best
        };
        let vals: Option<Vec<Val>> = chosen
            .iter()
            .map(|p| Amount::parse(p).ok().map(|a| Some((a, None))))
            .collect();
        vals.map(money)
    }
}

fn ambiguous_message(
    what: &str,
    shown: &str,
    readings: &[Vec<String>],
    chosen: &[String],
    how: &str,
) -> String {
    let others: Vec<String> = readings
        .iter()
        .filter(|r| r.as_slice() != chosen)
        .take(3)
        .map(|r| r.join(" / "))
        .collect();
    format!(
        "{what}的数字「{shown}」有 {} 种符合合计关系的拆分，{how}选用 {}（其他：{}），请核对",
        readings.len(),
        chosen.join(" / "),
        others.join("；")
    )
}

/// Sets a row's cells to a reading (no statistics).
fn put(values: &mut TableValues, row: &str, cols: &[String], reading: &[String]) {
    for (c, p) in cols.iter().zip(reading) {
        if let Ok(a) = Amount::parse(p)
            && let Some(cell) = values.cells.get_mut(&(row.to_owned(), c.clone()))
        {
            cell.value = Some(a);
        }
    }
}

/// How many column-wise rules the printed values break: printed total rows against their
/// parts, and the block equations (printed values where given, derived otherwise).
fn violations(table: &TableDef, values: &TableValues) -> usize {
    let Ok(grid) = crate::derive::compute_table(table, values) else {
        return usize::MAX / 2;
    };
    let mut n = 0;
    for block in &table.blocks {
        let cols = block.leaf_columns();
        let shown = |r: &str, c: &str| {
            values
                .get(r, c)
                .and_then(|x| x.value)
                .unwrap_or_else(|| grid.get(r, c))
        };
        for row in block.keyed_rows() {
            if row.role() != RowRole::Total {
                continue;
            }
            let rk = row.key.as_deref().unwrap_or_default();
            for c in cols.iter().filter(|c| !c.is_derived()) {
                let ck = c.key.as_deref().unwrap_or_default();
                if let Some(v) = values.get(rk, ck).and_then(|x| x.value)
                    && v != grid.get(rk, ck)
                {
                    n += 1;
                }
            }
        }
        for eq in &block.equations {
            for c in &cols {
                let ck = c.key.as_deref().unwrap_or_default();
                let (l, r) = (
                    Equation::sum(&eq.left, |r| shown(r, ck)),
                    Equation::sum(&eq.right, |r| shown(r, ck)),
                );
                if l != r {
                    n += 1;
                }
            }
        }
    }
    n
}

/// For a printed total row (（七）总计): the column-wise sums of the printed part rows read so
/// far, when every part row was read.
fn expected_total(block: &BlockDef, row: &RowDef, values: &TableValues) -> Option<Vec<Amount>> {
    if row.role() != RowRole::Total {
        return None;
    }
    let mut leaves = Vec::new();
    let mut stack: Vec<&str> = row.parts();
    let mut guard = 0;
    while let Some(k) = stack.pop() {
        guard += 1;
        if guard > 200 {
            return None;
        }
        let r = block.row(k)?;
        match r.role() {
            RowRole::Input => leaves.push(k),
            RowRole::Subtotal => stack.extend(r.parts()),
            _ => return None,
        }
    }
    if leaves.iter().any(|k| !values.row_locs.contains_key(*k)) {
        return None;
    }
    block
        .leaf_columns()
        .iter()
        .map(|c| {
            let ck = c.key.as_deref().unwrap_or_default();
            leaves.iter().try_fold(Amount::ZERO, |acc, k| {
                let v = values
                    .get(k, ck)
                    .and_then(|x| x.value)
                    .unwrap_or(Amount::ZERO);
                acc.checked_add(v)
            })
        })
        .collect()
}

/// Columns of one printed row that must add up: `parts` (indices) sum to `total`.
#[derive(Debug, Clone)]
struct Group {
    parts: Vec<usize>,
    total: Option<usize>,
}

fn group_of(cols: &[&ColumnDef], offset: usize) -> Group {
    let total = cols.iter().position(|c| c.is_derived());
    let parts = match total {
        Some(t) => cols[t]
            .sum
            .iter()
            .filter_map(|k| {
                cols.iter()
                    .position(|c| c.key.as_deref() == Some(k.as_str()))
            })
            .map(|i| i + offset)
            .collect(),
        None => Vec::new(),
    };
    Group {
        parts,
        total: total.map(|t| t + offset),
    }
}

fn set_row(
    values: &mut TableValues,
    key: &str,
    cols: &[&ColumnDef],
    vals: &[Val],
    stats: &mut Stats,
) {
    for (c, v) in cols.iter().zip(vals) {
        let ck = c.key.as_deref().unwrap_or_default();
        let (value, unit) = match v {
            Some((a, u)) => (Some(*a), u.clone()),
            None => {
                stats.empty_cells += 1;
                (None, None)
            }
        };
        values.set(
            key,
            ck,
            Cell {
                value,
                unit,
                loc: None,
            },
        );
    }
}

/// Splits the text after a label into cells, empty cells and row breaks.
fn tokens(region: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let lines: Vec<&str> = region.split('\n').collect();
    let last = lines.len().saturating_sub(1);
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() && i > 0 && i < last {
            out.push(Tok::Break);
            continue;
        }
        for piece in line.split(CELL) {
            let t = piece.trim_matches(is_space);
            if t.contains(EMPTY) && t.chars().all(|c| c == EMPTY || is_space(c)) {
                out.push(Tok::Empty);
            } else if !t.is_empty() {
                out.push(Tok::Text(t.replace(EMPTY, "")));
            }
        }
    }
    out
}

/// The unit written after the numbers (`542700元`).
fn unit_in(region: &str) -> Option<String> {
    if region.contains("万元") {
        Some("万元".into())
    } else if region.contains('元') {
        Some("元".into())
    } else {
        None
    }
}

/// One printed number in a cell: `17`, `-2`, `12.35`, `1,234`, `542700元`.
fn single_number(t: &str) -> Option<Amount> {
    let t = t.trim_matches(is_space);
    let t = t
        .strip_suffix("万元")
        .or_else(|| t.strip_suffix('元'))
        .unwrap_or(t)
        .trim_matches(is_space);
    let mut chars = t.chars().peekable();
    if matches!(chars.peek(), Some('+' | '-' | '＋' | '－')) {
        chars.next();
    }
    let body: String = chars.collect();
    if body.is_empty() {
        return None;
    }
    let ok_digits = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    };
    let (int, frac) = match body.split_once(['.', '．']) {
        Some((i, f)) => (i, Some(f)),
        None => (body.as_str(), None),
    };
    let int_ok = ok_digits(int)
        || (int.contains(',')
            && int
                .split(',')
                .enumerate()
                .all(|(i, g)| ok_digits(g) && (g.len() == 3 || (i == 0 && g.len() <= 3))));
    if !int_ok || frac.is_some_and(|f| !ok_digits(f)) {
        return None;
    }
    Amount::parse(t).ok()
}

/// Values when the region is made of separate cells; `None` when the cells do not fit `n`.
fn as_cells(toks: &[Tok], n: usize) -> Option<Vec<Val>> {
    let mut vals: Vec<Option<Val>> = Vec::new(); // None = break
    for t in toks {
        match t {
            Tok::Empty => vals.push(Some(None)),
            Tok::Break => vals.push(None),
            Tok::Text(s) if is_placeholder(s) => vals.push(Some(None)),
            Tok::Text(s) => {
                if let Some(a) = single_number(s) {
                    vals.push(Some(Some((a, None))));
                } else if s.chars().any(|c| c.is_ascii_digit()) {
                    return None;
                } else if unit_only(s) {
                    // A unit cell (元) after a money value.
                } else {
                    // Label text inside the region (a repeated heading): not a value.
                }
            }
        }
    }
    let cells: Vec<Val> = vals.iter().flatten().cloned().collect();
    if cells.is_empty() {
        return None;
    }
    if cells.len() == n {
        return Some(cells);
    }
    if cells.len() < n {
        // Blank lines standing for empty cells: all of them, or only those inside the row.
        let with_breaks: Vec<Val> = vals.iter().map(|v| v.clone().unwrap_or(None)).collect();
        if with_breaks.len() == n {
            return Some(with_breaks);
        }
        // Some blank lines at the ends may separate rows rather than stand for cells.
        let lead = vals.iter().take_while(|v| v.is_none()).count();
        let trail = vals.iter().rev().take_while(|v| v.is_none()).count();
        for l in 0..=lead {
            for t in 0..=trail {
                if vals.len() >= l + t && vals.len() - l - t == n {
                    return Some(
                        vals[l..vals.len() - t]
                            .iter()
                            .map(|v| v.clone().unwrap_or(None))
                            .collect(),
                    );
                }
            }
        }
        return None;
    }
    // More cells than columns: drop empty cells at the ends (row padding).
    let mut c = cells;
    while c.len() > n && c.last() == Some(&None) {
        c.pop();
    }
    while c.len() > n && c.first() == Some(&None) {
        c.remove(0);
    }
    (c.len() == n).then_some(c)
}

/// A printed stand-in for an empty cell: `—`, `-`, `/`, `无`.
fn is_placeholder(s: &str) -> bool {
    let t = s.trim_matches(is_space);
    !t.is_empty()
        && (t == "无"
            || t.chars()
                .all(|c| matches!(c, '—' | '-' | '－' | '–' | '/' | '／' | '─' | '―' | '\\')))
}

fn unit_only(s: &str) -> bool {
    matches!(s.trim(), "元" | "万元" | "（元）" | "（万元）")
}

/// A run of digits that belong to consecutive cells (`0000000`), or one atomic number (`12.35`).
#[derive(Debug, Clone)]
struct Run {
    text: String,
    atomic: bool,
}

/// Digit runs of flattened text; bracketed notes are skipped.
fn runs_of(toks: &[Tok]) -> Vec<Run> {
    let mut out = Vec::new();
    for t in toks {
        let Tok::Text(s) = t else { continue };
        let chars: Vec<char> = s
            .chars()
            .map(|c| match c {
                '０'..='９' => crate::text::ascii_digit(c),
                '．' => '.',
                '－' => '-',
                c => c,
            })
            .collect();
        let mut depth = 0usize;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if matches!(c, '（' | '(') {
                depth += 1;
            } else if matches!(c, '）' | ')') {
                depth = depth.saturating_sub(1);
            } else if depth == 0 && c.is_ascii_digit() {
                let signed = i > 0
                    && matches!(chars[i - 1], '-' | '+')
                    && (i < 2 || !matches!(chars[i - 2], '-' | '+'));
                let start = i;
                let mut atomic = false;
                while i < chars.len()
                    && (chars[i].is_ascii_digit()
                        || (chars[i] == '.'
                            && i + 1 < chars.len()
                            && chars[i + 1].is_ascii_digit()
                            && i > start))
                {
                    if chars[i] == '.' {
                        atomic = true;
                    }
                    i += 1;
                }
                let mut text: String = chars[start..i].iter().collect();
                if signed && chars[start - 1] == '-' {
                    text.insert(0, '-');
                }
                out.push(Run { text, atomic });
                continue;
            }
            i += 1;
        }
    }
    out
}

fn max_len(kind: Kind) -> usize {
    match kind {
        Kind::Count => 7,
        Kind::Signed => 6,
        Kind::Money => 13,
    }
}

/// Do these pieces, in order, cut the runs exactly (each run into whole pieces)?
fn fits(runs: &[Run], pieces: &[String]) -> bool {
    let mut it = pieces.iter();
    for r in runs {
        let mut acc = String::new();
        while acc.len() < r.text.len() {
            let Some(p) = it.next() else { return false };
            let d = p.trim_start_matches('-');
            if d.len() > 1 && d.starts_with('0') {
                return false;
            }
            acc.push_str(p);
        }
        if acc != r.text {
            return false;
        }
    }
    it.next().is_none()
}

/// Readings kept for choosing and showing; more are only counted.
const KEEP: usize = 64;

/// All ways to cut the runs into one number per column (no leading zeros); with `groups`,
/// only readings whose totals add up. Counts up to `cap` readings and keeps the first
/// [`KEEP`]. Returns (first readings, how many, capped).
fn enumerate(
    runs: &[Run],
    cols: &[&ColumnDef],
    groups: Option<&[Group]>,
    cap: usize,
) -> (Vec<Vec<String>>, usize, bool) {
    let runs: Vec<(Vec<char>, bool)> = runs
        .iter()
        .map(|r| (r.text.chars().collect(), r.atomic))
        .collect();
    // Characters left from each run onwards, and the widest the columns from each on can take.
    let mut chars_from = vec![0usize; runs.len() + 1];
    for i in (0..runs.len()).rev() {
        chars_from[i] = chars_from[i + 1] + runs[i].0.len();
    }
    let mut room_from = vec![0usize; cols.len() + 1];
    for i in (0..cols.len()).rev() {
        room_from[i] = room_from[i + 1] + max_len(cols[i].kind);
    }
    let mut st = Dfs {
        runs,
        chars_from,
        room_from,
        cols,
        groups,
        cap,
        cur: Vec::with_capacity(cols.len()),
        out: Vec::new(),
        count: 0,
        capped: false,
    };
    st.run(0, 0);
    (st.out, st.count, st.capped)
}

struct Dfs<'a> {
    runs: Vec<(Vec<char>, bool)>,
    chars_from: Vec<usize>,
    room_from: Vec<usize>,
    cols: &'a [&'a ColumnDef],
    groups: Option<&'a [Group]>,
    cap: usize,
    /// Pieces as (run, offset, length).
    cur: Vec<(usize, usize, usize)>,
    out: Vec<Vec<String>>,
    count: usize,
    capped: bool,
}

impl Dfs<'_> {
    fn piece(&self, (r, o, l): (usize, usize, usize)) -> &[char] {
        &self.runs[r].0[o..o + l]
    }

    fn int(&self, p: (usize, usize, usize)) -> Option<i128> {
        let cs = self.piece(p);
        let (neg, digits) = match cs.first() {
            Some('-') => (true, &cs[1..]),
            _ => (false, cs),
        };
        let mut v: i128 = 0;
        for c in digits {
            v = v * 10 + i128::from(c.to_digit(10)?);
        }
        Some(if neg { -v } else { v })
    }

    fn group_ok(&self, g: &Group) -> bool {
        let Some(t) = g.total else { return true };
        let mut sum: i128 = 0;
        for &p in &g.parts {
            match self.cur.get(p).and_then(|x| self.int(*x)) {
                Some(v) => sum += v,
                None => return false,
            }
        }
        self.cur.get(t).and_then(|x| self.int(*x)) == Some(sum)
    }

    fn run(&mut self, ri: usize, off: usize) {
        if self.count >= self.cap {
            self.capped = true;
            return;
        }
        let ci = self.cur.len();
        if ri == self.runs.len() {
            if ci == self.cols.len() {
                self.count += 1;
                if self.out.len() < KEEP {
                    let r: Vec<String> = self
                        .cur
                        .iter()
                        .map(|p| self.piece(*p).iter().collect())
                        .collect();
                    self.out.push(r);
                }
            }
            return;
        }
        if ci == self.cols.len() {
            return;
        }
        let remaining = self.chars_from[ri] - off;
        let left = self.cols.len() - ci;
        if left < self.runs.len() - ri || remaining < left || remaining > self.room_from[ci] {
            return;
        }
        let atomic = self.runs[ri].1;
        let run_len = self.runs[ri].0.len();
        let rest = run_len - off;
        let (mut lo, mut hi) = if atomic {
            if off == 0 { (rest, rest) } else { (1, 0) }
        } else {
            (1, rest.min(max_len(self.cols[ci].kind)))
        };
        // A total column can only hold the sum of its parts: one length to try.
        if let Some(gs) = self.groups
            && let Some(g) = gs.iter().find(|g| g.total == Some(ci))
            && g.parts.iter().all(|p| *p < ci)
        {
            let sum: Option<i128> = g.parts.iter().map(|p| self.int(self.cur[*p])).sum();
            let Some(sum) = sum else { return };
            let want = sum.to_string();
            let n = want.chars().count();
            if n > rest
                || self.runs[ri].0[off..off + n]
                    .iter()
                    .copied()
                    .ne(want.chars())
            {
                return;
            }
            if atomic && n != rest {
                return;
            }
            lo = n;
            hi = n;
        }
        for len in lo..=hi {
            let p = (ri, off, len);
            let cs = self.piece(p);
            let digits = if cs.first().is_some_and(|c| matches!(c, '-' | '+')) {
                &cs[1..]
            } else {
                cs
            };
            if digits.is_empty() || (digits.len() > 1 && digits[0] == '0' && !atomic) {
                continue;
            }
            self.cur.push(p);
            let ok = self.groups.is_none_or(|gs| {
                gs.iter().all(|g| match g.total {
                    Some(t) if t == ci => self.group_ok(g),
                    _ => true,
                })
            });
            if ok {
                if off + len == run_len {
                    self.run(ri + 1, 0);
                } else {
                    self.run(ri, off + len);
                }
            }
            self.cur.pop();
            if self.capped {
                return;
            }
        }
    }
}

/// The most plausible reading: money and stock columns long, signed changes and subtracted
/// flows short (the stock/flow roles come from the template's cross-year rules).
fn best_reading(
    readings: &[Vec<String>],
    cols: &[&ColumnDef],
    block: Option<&BlockDef>,
) -> Vec<String> {
    let role = |c: &ColumnDef| -> i64 {
        let Some(k) = c.key.as_deref() else { return 0 };
        let Some(b) = block else { return 0 };
        let mut r = 0;
        for rule in &b.previous_year {
            if rule.column.as_deref() == Some(k) {
                r += 1;
            }
            if rule.minus.iter().any(|m| m == k) {
                r -= 1;
            }
        }
        r
    };
    let score = |r: &Vec<String>| -> (i64, i64) {
        let mut prior = 0i64;
        let mut balance = 0i64;
        for (p, c) in r.iter().zip(cols) {
            let len = i64::try_from(p.len()).unwrap_or(0);
            prior += role(c) * len;
            prior += match c.kind {
                Kind::Money => len,
                Kind::Signed => -len,
                Kind::Count => 0,
            };
            balance -= len * len;
        }
        (prior, balance)
    };
    readings
        .iter()
        .enumerate()
        .max_by_key(|(i, r)| (score(r), std::cmp::Reverse(*i)))
        .map(|(_, r)| r.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(key: &str, kind: Kind, sum: &[&str]) -> ColumnDef {
        ColumnDef {
            key: Some(key.into()),
            label: key.into(),
            kind,
            units: Vec::new(),
            sum: sum.iter().map(|s| s.to_string()).collect(),
            children: Vec::new(),
        }
    }

    #[test]
    fn splits_by_arithmetic() {
        let defs: Vec<ColumnDef> = ["a", "b", "c", "d", "e", "f"]
            .iter()
            .map(|k| col(k, Kind::Count, &[]))
            .chain([col("t", Kind::Count, &["a", "b", "c", "d", "e", "f"])])
            .collect();
        let cols: Vec<&ColumnDef> = defs.iter().collect();
        let runs = runs_of(&[Tok::Text("230000023".into())]);
        let g = [group_of(&cols, 0)];
        let (all, _, _) = enumerate(&runs, &cols, None, MAX_READINGS);
        assert!(all.len() > 1);
        let (ok, _, _) = enumerate(&runs, &cols, Some(&g), MAX_READINGS);
        assert_eq!(ok, vec![vec!["23", "0", "0", "0", "0", "0", "23"]]);
    }

    #[test]
    fn placeholders_and_signed_runs() {
        let t = tokens("\u{1f}—\u{1f}3\u{1f}/");
        assert_eq!(
            as_cells(&t, 3),
            Some(vec![None, Some((Amount::int(3), None)), None])
        );
        let defs = [
            col("a", Kind::Count, &[]),
            col("b", Kind::Signed, &[]),
            col("c", Kind::Count, &[]),
        ];
        let cols: Vec<&ColumnDef> = defs.iter().collect();
        let runs = runs_of(&[Tok::Text("10-25".into())]);
        let (all, _, _) = enumerate(&runs, &cols, None, MAX_READINGS);
        assert!(all.contains(&vec!["10".to_owned(), "-2".to_owned(), "5".to_owned()]));
        assert!(all.iter().all(|r| r.iter().all(|p| p != "-")));
    }

    #[test]
    fn cells_with_breaks_and_padding() {
        let t = tokens("\u{1f}\u{1e}\u{1f}2\n\n\u{1e}\n");
        assert_eq!(
            as_cells(&t, 2),
            Some(vec![None, Some((Amount::int(2), None))])
        );
        assert_eq!(single_number("1,234"), Some(Amount::int(1234)));
        assert_eq!(single_number("0 0"), None);
    }
}
