//! The reader's policy: where each table is looked for, which rows are read how, and what is
//! noted when a row is ambiguous or unreadable.

use super::TablesFound;
use super::cells::{Tok, Val, as_cells, runs_of, tokens, unit_in};
use super::labels::{find_label, line_of, loc_of};
use super::plausible::{Hints, RowCtx};
use super::score::{expected_total, violations};
use super::solve::{Group, MAX_READINGS, best_reading, enumerate, fits, group_of};

use crate::amount::Amount;
use crate::diag::{Diagnostic, Loc, Rule, Severity};
use crate::import::Note;
use crate::import::doc::{CELL, Hit, Index, fold_str};
use crate::import::outline::Found;
use crate::model::{Cell, Report, TableValues, UNRESOLVED};
use crate::template::{BlockDef, ColumnDef, Kind, RowDef, RowRole, Shape, TableDef, Template};

/// Reads all tables of the template into `report.tables`.
pub fn read(
    ix: &Index,
    template: &Template,
    found: &Found,
    report: &mut Report,
    hints: &Hints,
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
            hints,
            notes,
            stats: &mut stats,
            last_ambiguous: None,
            pending: Vec::new(),
            at: None,
            comment: None,
        };
        let (got, start) = reader.read(from, to, &mut values);
        if let Some(s) = start {
            out.starts.insert(table.id.clone(), s);
        }
        let unread = mark_unread(table, &mut values);
        if got {
            out.ids.insert(table.id.clone());
            values.loc = start.and_then(|s| loc_of(ix, s));
            cursor = from;
        } else {
            notes.push(crate::import::warning(format!(
                "{}没有读到，{unread} 个单元格写为「{UNRESOLVED}」，请对照原件填写",
                table.id
            )));
        }
        report.tables.insert(table.id.clone(), values);
    }
    if stats.empty_cells > 0 {
        notes.push(crate::import::info(format!(
            "原文空白的单元格 {} 个保留为空（不当作 0 填入；检查时按 0 计算）",
            stats.empty_cells
        )));
    }
    if stats.split_rows > 0 {
        notes.push(crate::import::info(format!(
            "{} 行数字连写在一起，已按列数和表内合计关系拆分",
            stats.split_rows
        )));
    }
    out
}

/// Marks every input cell of a row that was not read as [`UNRESOLVED`] (never 0); returns
/// how many cells were marked.
fn mark_unread(table: &TableDef, values: &mut TableValues) -> usize {
    let mut n = 0;
    for block in &table.blocks {
        let cols = block.leaf_columns();
        for row in block.keyed_rows() {
            let Some(rk) = &row.key else { continue };
            if row.role() != RowRole::Input || values.row_locs.contains_key(rk) {
                continue;
            }
            for c in cols.iter().filter(|c| !c.is_derived()) {
                let ck = c.key.clone().unwrap_or_default();
                if values.get(rk, &ck).is_none() {
                    values.unreadable.insert((rk.clone(), ck));
                    n += 1;
                }
            }
        }
    }
    n
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
pub(super) struct Stats {
    empty_cells: usize,
    split_rows: usize,
}

pub(super) struct TableReader<'a> {
    ix: &'a Index,
    table: &'a TableDef,
    hints: &'a Hints<'a>,
    notes: &'a mut Vec<Note>,
    stats: &'a mut Stats,
    /// The last row resolved among several readings that all add up.
    last_ambiguous: Option<Ambiguous>,
    /// Such rows of this table, refined by the column-wise rules once all rows are read.
    pending: Vec<Ambiguous>,
    /// Input line of the row being resolved, for the notes about it.
    at: Option<Loc>,
    /// The comment for the row just resolved: its original digits and the readings considered.
    comment: Option<String>,
}

/// A row with several readings that satisfy its own sum.
#[derive(Debug, Clone)]
pub(super) struct Ambiguous {
    row: String,
    cols: Vec<String>,
    candidates: Vec<Vec<String>>,
    chosen: usize,
    note: usize,
    what: String,
    shown: String,
}

/// A labelled row found in the document.
pub(super) struct RowHit<'a> {
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
            self.at = line_of(ix, rh.hit.b0);
            if let Some(vals) = self.resolve(
                region,
                &cols,
                &[group_of(&cols, 0)],
                &row_text,
                Some((rh.block, rh.row)),
                expected_total(rh.block, rh.row, values),
            ) {
                set_row(values, key, &cols, &vals, self.stats);
                if let Some(c) = self.comment.take() {
                    values.comments.insert(key.to_owned(), vec![c]);
                }
                if let Some(mut a) = self.last_ambiguous.take() {
                    a.row = key.to_owned();
                    self.pending.push(a);
                }
                values.row_locs.insert(
                    key.to_owned(),
                    loc_of(ix, rh.hit.b0).unwrap_or(Loc { line: 1, column: 1 }),
                );
                got = true;
            } else if let Some(c) = self.comment.take() {
                values.comments.insert(key.to_owned(), vec![c]);
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
            self.notes.push(crate::import::warning(format!(
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
                n.message = ambiguous_message(
                    &p.what,
                    &p.shown,
                    &p.candidates,
                    &p.candidates[choice[k]],
                    "按各列合计和勾稽关系",
                );
            }
            if choice[k] != p.chosen {
                values.comments.insert(
                    p.row.clone(),
                    vec![reading_comment(
                        &p.shown,
                        &p.candidates[choice[k]],
                        &p.candidates,
                    )],
                );
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
        self.at = line_of(ix, first.b0);
        let Some(vals) = self.resolve(
            region,
            &all_cols,
            &groups,
            &self.table.id.clone(),
            None,
            None,
        ) else {
            if let (Some(c), Some(k)) = (
                self.comment.take(),
                data_rows.first().and_then(|r| r.key.clone()),
            ) {
                values.comments.insert(k, vec![c]);
            }
            return (false, Some(first.b0));
        };
        if let (Some(c), Some(k)) = (
            self.comment.take(),
            data_rows.first().and_then(|r| r.key.clone()),
        ) {
            values.comments.insert(k, vec![c]);
        }
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
    /// Records a note about the row being resolved, at its input line.
    fn note(&mut self, rule: Rule, severity: Severity, message: String) {
        self.notes
            .push(Diagnostic::new(rule, self.at, message).with_severity(severity));
    }

    fn resolve(
        &mut self,
        region: &str,
        cols: &[&ColumnDef],
        groups: &[Group],
        what: &str,
        row: Option<(&BlockDef, &RowDef)>,
        expected: Option<Vec<Amount>>,
    ) -> Option<Vec<Val>> {
        let n = cols.len();
        let hints = self.hints;
        let ctx = row.map(|(block, r)| RowCtx {
            table: &self.table.id,
            row: r.key.as_deref().unwrap_or_default(),
            label: &r.label,
            block,
            hints,
        });
        let ctx = ctx.as_ref();
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
            self.comment = Some(format!("原文「{shown}」：无法分成 {n} 列，未读入"));
            self.note(Rule::ImportNote, Severity::Warning, format!(
                "{what}的数字「{shown}」（{digits} 位）无法分成 {n} 列，未导入这一行，请对照原件填写"
            ));
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
            self.note(
                Rule::ImportNote,
                Severity::Note,
                format!(
                    "{what}的数字「{shown}」有{count}拆分方法，按各分项逐列相加唯一确定为 {}",
                    fmt(by_parts[0])
                ),
            );
            by_parts[0].clone()
        } else if has_sums {
            match consistent.len() {
                0 => {
                    self.comment =
                        Some(format!("原文「{shown}」：没有一种拆分符合合计关系，未读入"));
                    self.note(Rule::ImportNote, Severity::Warning, format!(
                        "{what}的数字「{shown}」有{count}拆分方法，没有一种符合表内合计关系，无法从文字确定，未导入（请对照原件填写）"
                    ));
                    return None;
                }
                1 => {
                    self.note(
                        Rule::ImportNote,
                        Severity::Note,
                        format!(
                            "{what}的数字「{shown}」有{count}拆分方法，按合计关系唯一确定为 {}",
                            fmt(&consistent[0])
                        ),
                    );
                    consistent[0].clone()
                }
                _ => {
                    let best = best_reading(&consistent, cols, ctx);
                    self.comment = Some(reading_comment(&shown, &best, &consistent));
                    self.note(
                        Rule::ImportAmbiguous,
                        Severity::Warning,
                        ambiguous_message(what, &shown, &consistent, &best, ""),
                    );
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
                self.comment = Some(format!("原文「{shown}」：拆分方法过多，未读入"));
                self.note(
                    Rule::ImportNote,
                    Severity::Warning,
                    format!(
                        "{what}的数字「{shown}」拆分方法过多，无法确定，未导入（请对照原件填写）"
                    ),
                );
                return None;
            }
            let best = best_reading(&all, cols, ctx);
            self.comment = Some(reading_comment(&shown, &best, &all));
            let others: Vec<String> = all
                .iter()
                .filter(|r| **r != best)
                .take(3)
                .map(|r| fmt(r))
                .collect();
            self.note(
                Rule::ImportAmbiguous,
                Severity::Warning,
                format!(
                    "{what}的数字「{shown}」有{count}拆分方法，选用 {}（其他：{}），请核对",
                    fmt(&best),
                    others.join("；")
                ),
            );
            best
        };
        let vals: Option<Vec<Val>> = chosen
            .iter()
            .map(|p| Amount::parse(p).ok().map(|a| Some((a, None))))
            .collect();
        vals.map(money)
    }
}

/// Up to three readings other than the chosen one, each as `1 / 30 / 13`.
fn other_readings(readings: &[Vec<String>], chosen: &[String]) -> Vec<String> {
    readings
        .iter()
        .filter(|r| r.as_slice() != chosen)
        .take(3)
        .map(|r| r.join(" / "))
        .collect()
}

/// `原文「13013」：按 13 / 0 / 13 读入；也可能 1 / 30 / 13`.
fn reading_comment(shown: &str, chosen: &[String], readings: &[Vec<String>]) -> String {
    let others = other_readings(readings, chosen);
    format!(
        "原文「{shown}」：按 {} 读入；也可能 {}",
        chosen.join(" / "),
        others.join("；")
    )
}

pub(super) fn ambiguous_message(
    what: &str,
    shown: &str,
    readings: &[Vec<String>],
    chosen: &[String],
    how: &str,
) -> String {
    let others = other_readings(readings, chosen);
    format!(
        "{what}的数字「{shown}」有 {} 种符合合计关系的拆分，{how}选用 {}（其他：{}），请核对",
        readings.len(),
        chosen.join(" / "),
        others.join("；")
    )
}

/// Sets a row's cells to a reading (no statistics).
pub(super) fn put(values: &mut TableValues, row: &str, cols: &[String], reading: &[String]) {
    for (c, p) in cols.iter().zip(reading) {
        if let Ok(a) = Amount::parse(p)
            && let Some(cell) = values.cells.get_mut(&(row.to_owned(), c.clone()))
        {
            cell.value = Some(a);
        }
    }
}

pub(super) fn set_row(
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
