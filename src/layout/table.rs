//! Tables as a grid of cells with row/column spans, decided once for every writer.
//!
//! Which cells merge comes from the template's row and column trees: a heading over
//! several rows spans them vertically, a leaf row label spans the label columns left
//! under it, a column heading spans its leaf columns, and a leaf column heading under a
//! shallower branch spans down to the last header row (自然人, 总计 in 表三).

use crate::amount::Amount;
use crate::derive::TableGrid;
use crate::model::TableValues;
use crate::template::{BlockDef, ColumnDef, Kind, RowDef, RowRole, Shape, TableDef};

use super::metrics::FontRole;

/// Horizontal alignment of cell text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Centred (headings, numbers).
    Center,
    /// Left (long row labels).
    Left,
}

/// Which data value a number cell shows, for writers that keep formulas (XLSX).
#[derive(Debug, Clone, PartialEq)]
pub struct CellRef {
    /// Table id (表三).
    pub table: String,
    /// Row key.
    pub row: String,
    /// Column key.
    pub col: String,
    /// Is the value derived (a sum) rather than typed?
    pub derived: bool,
    /// What the cell may hold.
    pub kind: Kind,
    /// The value shown (printed value when the source gives one, else derived).
    pub value: Option<Amount>,
    /// Unit of a money value.
    pub unit: Option<String>,
}

/// One cell that starts at this row.
#[derive(Debug, Clone, PartialEq)]
pub struct LCell {
    /// First grid column the cell covers.
    pub col: usize,
    /// Rows covered (≥ 1).
    pub row_span: usize,
    /// Columns covered (≥ 1).
    pub col_span: usize,
    /// Text as printed.
    pub text: String,
    /// Alignment.
    pub align: Align,
    /// Is it a heading cell (bold-free, but part of the header grid)?
    pub is_header: bool,
    /// The data behind a number cell.
    pub data: Option<CellRef>,
}

/// A table ready to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct TableLayout {
    /// Table id (表二 …).
    pub id: String,
    /// Column widths as fractions of the text width (sum = 1).
    pub col_widths: Vec<f32>,
    /// Leading rows that repeat on every page the table crosses.
    pub header_rows: usize,
    /// Rows; each lists the cells that start in it, left to right.
    pub rows: Vec<Vec<LCell>>,
    /// Font role of the table text.
    pub font: FontRole,
    /// Set in 五号 ([`COMPACT_TABLE_PT`]) instead of the table size: decided here for every
    /// writer (tables of more than [`COMPACT_OVER_COLUMNS`] columns, i.e. 表三).
    pub compact: bool,
}

/// Tables with more grid columns than this are set compact.
pub const COMPACT_OVER_COLUMNS: usize = 7;

/// Text size of a compact table: 五号.
pub const COMPACT_TABLE_PT: f32 = 10.5;

impl TableLayout {
    /// Number of grid columns.
    pub fn columns(&self) -> usize {
        self.col_widths.len()
    }

    /// Must row `r` stay on the same page as row `r + 1`? True for heading rows (every cell
    /// starting in the row is a header cell): a block's caption row (表二's 「第二十条第（五）项」)
    /// and its column heads go with the block's first data row.
    pub fn keep_with_next(&self, r: usize) -> bool {
        r + 1 < self.rows.len()
            && self
                .rows
                .get(r)
                .is_some_and(|row| !row.is_empty() && row.iter().all(|c| c.is_header))
    }

    /// The rows from `r` to the first row that need not stay with the next (inclusive): the
    /// group that must start on one page.
    pub fn keep_group(&self, r: usize) -> std::ops::Range<usize> {
        let mut end = r;
        while self.keep_with_next(end) {
            end += 1;
        }
        r..(end + 1).min(self.rows.len().max(r + 1))
    }
}

fn row_depth(rows: &[RowDef]) -> usize {
    rows.iter()
        .map(|r| 1 + row_depth(&r.children))
        .max()
        .unwrap_or(0)
}

fn col_depth(cols: &[ColumnDef]) -> usize {
    cols.iter()
        .map(|c| 1 + col_depth(&c.children))
        .max()
        .unwrap_or(0)
}

fn printed_rows(r: &RowDef) -> usize {
    if r.children.is_empty() {
        1
    } else {
        r.children.iter().map(printed_rows).sum()
    }
}

/// A node of a header tree: a label and its children.
struct HeaderNode<'a> {
    label: &'a str,
    children: Vec<HeaderNode<'a>>,
}

fn from_columns(cols: &[ColumnDef]) -> Vec<HeaderNode<'_>> {
    cols.iter()
        .map(|c| HeaderNode {
            label: &c.label,
            children: from_columns(&c.children),
        })
        .collect()
}

/// 表四's shape: every leaf row carries the column tree under it.
fn from_rows_then_columns<'a>(rows: &'a [RowDef], cols: &'a [ColumnDef]) -> Vec<HeaderNode<'a>> {
    rows.iter()
        .map(|r| HeaderNode {
            label: &r.label,
            children: if r.children.is_empty() {
                from_columns(cols)
            } else {
                from_rows_then_columns(&r.children, cols)
            },
        })
        .collect()
}

fn node_depth(nodes: &[HeaderNode]) -> usize {
    nodes
        .iter()
        .map(|n| 1 + node_depth(&n.children))
        .max()
        .unwrap_or(0)
}

fn node_leaves(n: &HeaderNode) -> usize {
    if n.children.is_empty() {
        1
    } else {
        n.children.iter().map(node_leaves).sum()
    }
}

/// Places header nodes into `rows[first_row + depth]`; returns the next free column.
fn place_headers(
    nodes: &[HeaderNode],
    rows: &mut [Vec<LCell>],
    depth: usize,
    height: usize,
    mut col: usize,
    last_extra: usize,
    is_last_branch: bool,
) -> usize {
    let n = nodes.len();
    for (i, node) in nodes.iter().enumerate() {
        let last = is_last_branch && i + 1 == n;
        let extra = if last { last_extra } else { 0 };
        if node.children.is_empty() {
            rows[depth].push(header_cell(col, height - depth, 1 + extra, node.label));
            col += 1 + extra;
        } else {
            rows[depth].push(header_cell(col, 1, node_leaves(node) + extra, node.label));
            col = place_headers(&node.children, rows, depth + 1, height, col, extra, last);
        }
    }
    col
}

fn header_cell(col: usize, row_span: usize, col_span: usize, text: &str) -> LCell {
    LCell {
        col,
        row_span,
        col_span,
        text: text.to_owned(),
        align: Align::Center,
        is_header: true,
        data: None,
    }
}

/// Formats a value the way it is printed: the number, then its unit when one is given.
pub fn format_value(value: Option<Amount>, unit: Option<&str>) -> String {
    match value {
        None => String::new(),
        Some(v) => format!("{v}{}", unit.unwrap_or("")),
    }
}

fn number_cell(
    table: &TableDef,
    values: &TableValues,
    grid: &TableGrid,
    row: &RowDef,
    col: &ColumnDef,
    at: usize,
    span: usize,
) -> LCell {
    let rk = row.key.as_deref().unwrap_or_default();
    let ck = col.key.as_deref().unwrap_or_default();
    let given = values.get(rk, ck);
    // A cell left empty (`~`) prints what it counts as: 0 for an input, the derived value for
    // a total; the source keeps `~` (and `check` warns once per table).
    let (value, unit) = match given {
        Some(c) => (c.value.or_else(|| Some(grid.get(rk, ck))), c.unit.clone()),
        None => (Some(grid.get(rk, ck)), None),
    };
    let unit = unit.or_else(|| (col.units.len() == 1).then(|| col.units[0].clone()));
    // A unit fixed by the column label (万元) is not repeated in the cell.
    let shown_unit = if col.units.len() > 1 {
        unit.as_deref()
    } else {
        None
    };
    LCell {
        col: at,
        row_span: 1,
        col_span: span,
        text: format_value(value, shown_unit),
        align: Align::Center,
        is_header: false,
        data: Some(CellRef {
            table: table.id.clone(),
            row: rk.to_owned(),
            col: ck.to_owned(),
            derived: row.role() != RowRole::Input || col.is_derived(),
            kind: col.kind,
            value,
            unit,
        }),
    }
}

/// Lays out the body rows of a grid block; returns rows in order.
#[allow(clippy::too_many_arguments)]
fn place_body(
    table: &TableDef,
    block: &BlockDef,
    values: &TableValues,
    grid: &TableGrid,
    rows_def: &[RowDef],
    depth: usize,
    label_cols: usize,
    total_cols: usize,
    out: &mut Vec<Vec<LCell>>,
) {
    let leaves = block.leaf_columns();
    for r in rows_def {
        if r.children.is_empty() {
            let mut cells = Vec::new();
            if label_cols > 0 {
                cells.push(LCell {
                    col: depth,
                    row_span: 1,
                    col_span: label_cols - depth,
                    text: r.label.clone(),
                    align: if label_cols > 1 {
                        Align::Left
                    } else {
                        Align::Center
                    },
                    is_header: false,
                    data: None,
                });
            }
            let extra = total_cols - label_cols - leaves.len();
            for (i, col) in leaves.iter().enumerate() {
                let span = if i + 1 == leaves.len() { 1 + extra } else { 1 };
                cells.push(number_cell(
                    table,
                    values,
                    grid,
                    r,
                    col,
                    label_cols + i,
                    span,
                ));
            }
            out.push(cells);
        } else {
            let start = out.len();
            place_body(
                table,
                block,
                values,
                grid,
                &r.children,
                depth + 1,
                label_cols,
                total_cols,
                out,
            );
            let label = LCell {
                col: depth,
                row_span: printed_rows(r),
                col_span: 1,
                text: r.label.clone(),
                align: Align::Center,
                is_header: false,
                data: None,
            };
            if let Some(first) = out.get_mut(start) {
                first.insert(0, label);
                first.sort_by_key(|c| c.col);
            }
        }
    }
}

/// Label columns and data columns of a block.
fn block_width(block: &BlockDef) -> (usize, usize) {
    match block.shape {
        Shape::Grid => (row_depth(&block.rows), block.leaf_columns().len()),
        Shape::OneLine => (0, block.leaf_columns().len() * count_leaf_rows(&block.rows)),
    }
}

fn count_leaf_rows(rows: &[RowDef]) -> usize {
    rows.iter().map(printed_rows).sum()
}

fn leaf_rows(rows: &[RowDef]) -> Vec<&RowDef> {
    let mut out = Vec::new();
    for r in rows {
        if r.children.is_empty() {
            out.push(r);
        } else {
            out.extend(leaf_rows(&r.children));
        }
    }
    out
}

fn layout_block(
    table: &TableDef,
    block: &BlockDef,
    values: &TableValues,
    grid: &TableGrid,
    total_cols: usize,
) -> (Vec<Vec<LCell>>, usize) {
    let mut rows: Vec<Vec<LCell>> = Vec::new();
    if let Some(h) = &block.header {
        rows.push(vec![header_cell(0, 1, total_cols, h)]);
    }
    match block.shape {
        Shape::Grid => {
            let (label_cols, data_cols) = block_width(block);
            let height = col_depth(&block.columns);
            let mut header: Vec<Vec<LCell>> = vec![Vec::new(); height];
            if label_cols > 0 {
                let text = block
                    .corner
                    .clone()
                    .or_else(|| block.label_header.clone())
                    .unwrap_or_default();
                header[0].push(LCell {
                    col: 0,
                    row_span: height,
                    col_span: label_cols,
                    text,
                    align: Align::Center,
                    is_header: true,
                    data: None,
                });
            }
            let extra = total_cols - label_cols - data_cols;
            place_headers(
                &from_columns(&block.columns),
                &mut header,
                0,
                height,
                label_cols,
                extra,
                true,
            );
            rows.extend(header);
            let header_rows = rows.len();
            place_body(
                table,
                block,
                values,
                grid,
                &block.rows,
                0,
                label_cols,
                total_cols,
                &mut rows,
            );
            (rows, header_rows)
        }
        Shape::OneLine => {
            let tree = from_rows_then_columns(&block.rows, &block.columns);
            let height = node_depth(&tree);
            let mut header: Vec<Vec<LCell>> = vec![Vec::new(); height];
            place_headers(&tree, &mut header, 0, height, 0, 0, true);
            rows.extend(header);
            let header_rows = rows.len();
            let leaves = block.leaf_columns();
            let mut data = Vec::new();
            for r in leaf_rows(&block.rows) {
                for col in &leaves {
                    let at = data.len();
                    data.push(number_cell(table, values, grid, r, col, at, 1));
                }
            }
            rows.push(data);
            (rows, header_rows)
        }
    }
}

/// Relative width wanted by each grid column, from the text it must hold.
fn column_weights(rows: &[Vec<LCell>], columns: usize) -> Vec<f32> {
    let mut w = vec![0f32; columns];
    for row in rows {
        for c in row {
            let chars = c.text.chars().count() as f32;
            // Number columns hold a 2–3 character heading per line (自然人 → 自然/人).
            let want = if c.data.is_some() {
                (chars * 0.6).max(3.0)
            } else if c.is_header {
                (chars / 2.0).clamp(3.0, 5.0)
            } else if c.row_span > 1 {
                2.5
            } else {
                chars.clamp(2.5, 12.0)
            };
            let per = want / c.col_span as f32;
            for slot in w.iter_mut().skip(c.col).take(c.col_span) {
                *slot = slot.max(per);
            }
        }
    }
    for slot in &mut w {
        if *slot == 0.0 {
            *slot = 2.5;
        }
    }
    let total: f32 = w.iter().sum();
    w.iter().map(|x| x / total).collect()
}

/// Lays out a whole table: blocks one under the other on a common column grid.
pub fn layout_table(table: &TableDef, values: &TableValues, grid: &TableGrid) -> TableLayout {
    let total_cols = table
        .blocks
        .iter()
        .map(|b| {
            let (l, d) = block_width(b);
            l + d
        })
        .max()
        .unwrap_or(1);
    let mut rows = Vec::new();
    let mut header_rows = 0;
    for block in &table.blocks {
        let (block_rows, h) = layout_block(table, block, values, grid, total_cols);
        if table.blocks.len() == 1 {
            header_rows = h;
        }
        rows.extend(block_rows);
    }
    TableLayout {
        id: table.id.clone(),
        col_widths: column_weights(&rows, total_cols),
        header_rows,
        rows,
        font: FontRole::Table,
        compact: total_cols > COMPACT_OVER_COLUMNS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template;

    /// Every grid position is covered by exactly one cell.
    fn coverage(t: &TableLayout) -> Vec<Vec<usize>> {
        let mut cover = vec![vec![0usize; t.columns()]; t.rows.len()];
        for (r, row) in t.rows.iter().enumerate() {
            for c in row {
                for line in cover.iter_mut().skip(r).take(c.row_span) {
                    for slot in line.iter_mut().skip(c.col).take(c.col_span) {
                        *slot += 1;
                    }
                }
            }
        }
        cover
    }

    fn layout(template_id: u16, table: &str) -> TableLayout {
        let t = template::get(template_id).unwrap();
        let def = t.table(table).unwrap();
        layout_table(def, &TableValues::default(), &TableGrid::default())
    }

    #[test]
    fn wide_tables_are_set_compact_for_every_writer() {
        for id in [2019, 2021] {
            assert!(layout(id, "表三").compact, "{id} 表三");
            assert!(!layout(id, "表二").compact, "{id} 表二");
            for table in ["表二", "表三", "表四"] {
                let t = layout(id, table);
                assert_eq!(
                    t.compact,
                    t.columns() > COMPACT_OVER_COLUMNS,
                    "{id} {table}"
                );
            }
        }
    }

    #[test]
    fn every_table_tiles_its_grid_exactly() {
        for id in [2019, 2021] {
            for table in ["表二", "表三", "表四"] {
                let t = layout(id, table);
                for (r, row) in coverage(&t).iter().enumerate() {
                    assert!(row.iter().all(|n| *n == 1), "{id} {table} row {r}: {row:?}");
                }
                let sum: f32 = t.col_widths.iter().sum();
                assert!((sum - 1.0).abs() < 1e-4);
            }
        }
    }

    #[test]
    fn table_three_has_the_official_merges() {
        for (id, result_rows) in [(2019, 20), (2021, 22)] {
            let t = layout(id, "表三");
            assert_eq!(t.columns(), 10, "3 label columns + 7 numbers");
            assert_eq!(t.header_rows, 3);
            assert_eq!(t.rows.len(), 3 + 2 + result_rows + 1);
            let corner = &t.rows[0][0];
            assert!(corner.text.starts_with("（本列数据的勾稽关系为"));
            assert_eq!((corner.row_span, corner.col_span), (3, 3));
            let applicant = &t.rows[0][1];
            assert_eq!(
                (applicant.text.as_str(), applicant.col_span),
                ("申请人情况", 7)
            );
            let natural = &t.rows[1][0];
            assert_eq!((natural.text.as_str(), natural.row_span), ("自然人", 2));
            let results = t.rows[5]
                .iter()
                .find(|c| c.text == "三、本年度办理结果")
                .unwrap();
            assert_eq!(results.row_span, result_rows);
            let refuse = t
                .rows
                .iter()
                .flatten()
                .find(|c| c.text == "（三）不予公开")
                .unwrap();
            assert_eq!(refuse.row_span, 8);
            let first = &t.rows[3][0];
            assert_eq!(
                (first.text.as_str(), first.col_span),
                ("一、本年新收政府信息公开申请数量", 3)
            );
        }
    }

    #[test]
    fn table_four_is_one_line_of_fifteen() {
        let t = layout(2021, "表四");
        assert_eq!(t.columns(), 15);
        assert_eq!(t.rows.len(), 4);
        assert_eq!(t.rows[3].len(), 15);
        let review = &t.rows[0][0];
        assert_eq!((review.text.as_str(), review.col_span), ("行政复议", 5));
        assert_eq!(
            t.rows[1][0].row_span, 2,
            "行政复议's five columns span down"
        );
        let total = t.rows[3]
            .iter()
            .filter(|c| c.data.as_ref().is_some_and(|d| d.derived))
            .count();
        assert_eq!(total, 3);
    }

    #[test]
    fn heading_rows_keep_with_the_first_data_row_of_their_block() {
        for id in [2019, 2021] {
            let t = layout(id, "表二");
            assert_eq!(t.header_rows, 0, "{id}: blocks, no repeating head");
            let mut groups = 0;
            for (r, row) in t.rows.iter().enumerate() {
                if row.len() == 1 && row[0].text.starts_with("第二十条") {
                    groups += 1;
                    let g = t.keep_group(r);
                    assert!(
                        g.len() >= 3,
                        "{id} row {r}: caption, column heads, data row"
                    );
                    let last = &t.rows[g.end - 1];
                    assert!(last.iter().any(|c| c.data.is_some()), "{id} row {r}");
                    assert!(!t.keep_with_next(g.end - 1));
                }
            }
            assert!(groups >= 4, "{id}: {groups} blocks");
            let t3 = layout(id, "表三");
            assert_eq!(t3.keep_group(0), 0..4, "{id}: three head rows and 本年新收");
            assert!(!t3.keep_with_next(t3.rows.len() - 1));
        }
    }

    #[test]
    fn short_blocks_of_table_two_span_the_grid() {
        let t = layout(2021, "表二");
        assert_eq!(t.columns(), 4);
        let fee = t
            .rows
            .iter()
            .find(|r| r.first().is_some_and(|c| c.text == "行政事业性收费"))
            .unwrap();
        assert_eq!(fee[1].col_span, 3);
    }
}
