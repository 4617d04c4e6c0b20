//! Which header cells describe each cell of a laid-out table, for `headers`/`id` markup.
//!
//! Column headers are the cells layout marks as headers; row headers are the label cells of
//! body rows (no data behind them). A cell's column headers are the header cells of its
//! block's header rows (the run of header rows nearest above it) whose columns overlap its
//! own; its row headers are the label cells to its left whose rows cover its row. This gives
//! 表三 its three levels (申请人情况 › 法人或其他组织 › 商业企业) and 三、本年度办理结果 ›
//! （三）不予公开 › 1.属于国家秘密 on the row side.

use crate::layout::{LCell, TableLayout};

/// What a cell is for assistive technology.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A column (or column-group) header.
    ColHeader,
    /// A row label.
    RowHeader,
    /// A value.
    Data,
}

/// One placed cell and the cells that describe it.
#[derive(Debug, Clone)]
pub struct Placed<'a> {
    /// Row where the cell starts.
    pub row: usize,
    /// The cell.
    pub cell: &'a LCell,
    /// Its role.
    pub role: Role,
    /// Indices (into the placed list) of its header cells, outermost first.
    pub headers: Vec<usize>,
}

/// The role of a cell as layout decided it.
pub fn role(cell: &LCell) -> Role {
    if cell.is_header {
        Role::ColHeader
    } else if cell.data.is_none() {
        Role::RowHeader
    } else {
        Role::Data
    }
}

fn overlaps(a: &LCell, b: &LCell) -> bool {
    a.col < b.col + b.col_span && b.col < a.col + a.col_span
}

/// Places every cell of `t` and links it to its headers.
pub fn place(t: &TableLayout) -> Vec<Placed<'_>> {
    let mut placed: Vec<Placed> = Vec::new();
    for (r, row) in t.rows.iter().enumerate() {
        for cell in row {
            placed.push(Placed {
                row: r,
                cell,
                role: role(cell),
                headers: Vec::new(),
            });
        }
    }
    let header_row: Vec<bool> = t
        .rows
        .iter()
        .map(|row| row.iter().any(|c| c.is_header))
        .collect();
    for i in 0..placed.len() {
        let (r, cell, own) = (placed[i].row, placed[i].cell, placed[i].role);
        // The header rows of this cell's block: for a body cell the run just above it, for a
        // header cell the rows of its own run above it.
        let mut top = r;
        if own != Role::ColHeader {
            while top > 0 && !header_row[top - 1] {
                top -= 1;
            }
        }
        let mut start = top;
        while start > 0 && header_row[start - 1] {
            start -= 1;
        }
        let mut hs: Vec<usize> = placed
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.role == Role::ColHeader
                    && p.row >= start
                    && p.row < top.max(start)
                    && (own != Role::ColHeader || p.row + p.cell.row_span <= r)
                    && overlaps(p.cell, cell)
                    && (own != Role::RowHeader)
            })
            .map(|(j, _)| j)
            .collect();
        if own != Role::ColHeader {
            hs.extend(
                placed
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| {
                        p.role == Role::RowHeader
                            && p.row <= r
                            && r < p.row + p.cell.row_span
                            && p.cell.col + p.cell.col_span <= cell.col
                    })
                    .map(|(j, _)| j),
            );
        }
        placed[i].headers = hs;
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::TableGrid;
    use crate::model::TableValues;
    use crate::template;

    fn texts<'a>(p: &'a [Placed<'a>], i: usize) -> Vec<&'a str> {
        p[i].headers
            .iter()
            .map(|&j| p[j].cell.text.as_str())
            .collect()
    }

    #[test]
    fn table_three_data_cells_have_three_column_levels_and_their_row_labels() {
        for id in [2019, 2021] {
            let def = template::get(id).unwrap().table("表三").unwrap();
            let t =
                crate::layout::layout_table(def, &TableValues::default(), &TableGrid::default());
            let p = place(&t);
            let i = p
                .iter()
                .position(|x| {
                    x.cell
                        .data
                        .as_ref()
                        .is_some_and(|d| d.row == "属于国家秘密" && d.col == "商业企业")
                })
                .unwrap();
            let h = texts(&p, i);
            assert_eq!(
                &h[..3],
                ["申请人情况", "法人或其他组织", "商业企业"],
                "{id}"
            );
            assert_eq!(h[3], "三、本年度办理结果");
            assert_eq!(h[4], "（三）不予公开");
            assert!(h[5].contains("属于国家秘密"), "{h:?}");
            assert_eq!(h.len(), 6);
            // Every data cell has at least one column and one row header.
            for x in p.iter().filter(|x| x.role == Role::Data) {
                let roles: Vec<Role> = x.headers.iter().map(|&j| p[j].role).collect();
                assert!(roles.contains(&Role::ColHeader), "{:?}", x.cell.data);
                assert!(roles.contains(&Role::RowHeader), "{:?}", x.cell.data);
            }
        }
    }

    #[test]
    fn table_two_blocks_use_their_own_headers() {
        let def = template::get(2021).unwrap().table("表二").unwrap();
        let t = crate::layout::layout_table(def, &TableValues::default(), &TableGrid::default());
        let p = place(&t);
        let i = p
            .iter()
            .position(|x| x.cell.data.as_ref().is_some_and(|d| d.row == "行政处罚"))
            .unwrap();
        assert_eq!(
            texts(&p, i),
            ["第二十条第（六）项", "本年处理决定数量", "行政处罚"]
        );
    }
}
