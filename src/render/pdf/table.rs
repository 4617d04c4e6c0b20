//! Tables: cell text wrapped and centred, official merges and borders, rows never split,
//! header rows repeated on every page the table crosses, heading rows kept with the first data
//! row under them, scaled to the text block width.

use crate::layout::{Align as CellAlign, PageMetrics, TableLayout};

use super::flow::Flow;
use super::fonts::FontBook;
use super::page::{ASCENT, GlyphLine};
use super::tags::Node;
use super::text::{self, Align, Mode, Span};

const PAD_X: f32 = 3.0;
const PAD_Y: f32 = 3.0;
const LEADING: f32 = 1.3;

struct CellBox {
    row: usize,
    col: usize,
    row_span: usize,
    col_span: usize,
    header: bool,
    lines: Vec<Vec<text::Placed>>, // placed at x relative to the cell's left edge (0)
    leaf: usize,
}

struct Measured {
    xs: Vec<f32>,
    size: f32,
    lh: f32,
    cells: Vec<CellBox>,
    h: Vec<f32>,
    header_rows: usize,
}

impl Measured {
    /// Height of the header rows and the first body row with the heading rows kept with it
    /// (what must fit where the table starts).
    fn head_height(&self, t: &TableLayout) -> f32 {
        let header: f32 = self.h[..self.header_rows].iter().sum();
        header + self.group_height(t, self.header_rows)
    }

    /// Height of the rows that must start on one page with row `r` ([`TableLayout::keep_group`]).
    fn group_height(&self, t: &TableLayout, r: usize) -> f32 {
        let g = t.keep_group(r);
        self.h
            .get(g.start..g.end.min(self.h.len()))
            .map_or(0.0, |rows| rows.iter().sum())
    }
}

/// Height the table needs where it starts: header rows plus its first body row.
pub(crate) fn head_height(t: &TableLayout, m: &PageMetrics, book: &FontBook) -> f32 {
    measure(t, m, book).head_height(t)
}

fn measure(t: &TableLayout, m: &PageMetrics, book: &FontBook) -> Measured {
    let ncols = t.col_widths.len().max(1);
    let total: f32 = t.col_widths.iter().sum::<f32>().max(f32::EPSILON);
    let mut xs = vec![m.margin_left_pt];
    for w in &t.col_widths {
        let last = xs.last().copied().unwrap_or(m.margin_left_pt);
        xs.push(last + w / total * m.text_width_pt);
    }
    if t.col_widths.is_empty() {
        xs.push(m.margin_left_pt + m.text_width_pt);
    }
    let size = if t.compact {
        crate::layout::table::COMPACT_TABLE_PT
    } else {
        m.table_size_pt
    };
    let lh = size * LEADING;
    let nrows = t.rows.len();

    let mut cells = Vec::new();
    for (r, row) in t.rows.iter().enumerate() {
        for c in row {
            let col = c.col.min(ncols - 1);
            let span = c.col_span.max(1).min(ncols - col);
            let w = xs[col + span] - xs[col] - 2.0 * PAD_X;
            let spans = [Span {
                text: &c.text,
                role: t.font,
                size,
            }];
            let units = text::units(&spans, book, Mode::Natural);
            let align = match c.align {
                CellAlign::Center => Align::Center,
                CellAlign::Left => Align::Left,
            };
            let lines = if units.is_empty() {
                Vec::new()
            } else {
                text::break_lines(&units, w, w, Mode::Balanced)
                    .into_iter()
                    .map(|range| text::place(&units[range], 0.0, w, align, true))
                    .collect()
            };
            cells.push(CellBox {
                row: r,
                col,
                row_span: c.row_span.max(1).min(nrows - r),
                col_span: span,
                header: c.is_header,
                lines,
                leaf: 0,
            });
        }
    }

    // Row heights: single-row cells first, then grow the last row under a taller span.
    let min_h = lh + 2.0 * PAD_Y;
    let mut h = vec![min_h; nrows];
    for c in cells.iter().filter(|c| c.row_span == 1) {
        h[c.row] = h[c.row].max(c.lines.len() as f32 * lh + 2.0 * PAD_Y);
    }
    for c in cells.iter().filter(|c| c.row_span > 1) {
        let need = c.lines.len() as f32 * lh + 2.0 * PAD_Y;
        let have: f32 = h[c.row..c.row + c.row_span].iter().sum();
        if need > have {
            h[c.row + c.row_span - 1] += need - have;
        }
    }
    Measured {
        xs,
        size,
        lh,
        cells,
        h,
        header_rows: t.header_rows.min(nrows),
    }
}

/// Lays a table into the flow at its current position.
pub(crate) fn table(t: &TableLayout, m: &PageMetrics, book: &FontBook, flow: &mut Flow) {
    let measured = measure(t, m, book);
    let head = measured.head_height(t);
    let group_h: Vec<f32> = (0..measured.h.len())
        .map(|r| measured.group_height(t, r))
        .collect();
    let Measured {
        xs,
        size,
        lh,
        mut cells,
        h,
        header_rows,
    } = measured;
    let nrows = h.len();
    // Structure leaves, one per cell, rows in order.
    let mut tag_rows: Vec<Vec<(bool, usize)>> = vec![Vec::new(); nrows];
    for c in &mut cells {
        c.leaf = flow.structure.leaf();
        tag_rows[c.row].push((c.header, c.leaf));
    }
    flow.structure.nodes.push(Node::Table(tag_rows));

    // Pagination: (page, row, top y).
    // A heading row (表二's 「第二十条第（五）项」, column heads) never ends a page: the rows
    // kept together ([`TableLayout::keep_group`]) start on one page.
    flow.start_block();
    if flow.remaining() < head && !flow.at_top() {
        flow.new_page();
    }
    let mut placed: Vec<(usize, usize, f32)> = Vec::new();
    for (r, hr) in h.iter().enumerate().take(header_rows) {
        placed.push((flow.page_index(), r, flow.y_abs()));
        flow.advance(*hr);
    }
    let mut body_on_page = false;
    for r in header_rows..nrows {
        let starts_group = r == header_rows || !t.keep_with_next(r - 1);
        let need = if starts_group { group_h[r] } else { h[r] };
        if body_on_page && flow.remaining() < need {
            flow.new_page();
            for (hr, height) in h.iter().enumerate().take(header_rows) {
                placed.push((flow.page_index(), hr, flow.y_abs()));
                flow.advance(*height);
            }
        }
        placed.push((flow.page_index(), r, flow.y_abs()));
        flow.advance(h[r]);
        body_on_page = true;
    }

    // Draw every cell part (a spanning cell may cross a page break).
    for c in &cells {
        let x0 = xs[c.col];
        let x1 = xs[c.col + c.col_span];
        let mut parts: Vec<(usize, f32, f32)> = Vec::new(); // page, top, bottom
        for &(page, r, y) in &placed {
            if r < c.row || r >= c.row + c.row_span {
                continue;
            }
            match parts.last_mut() {
                Some(p) if p.0 == page && (y - p.2).abs() < 0.01 => p.2 = y + h[r],
                _ => parts.push((page, y, y + h[r])),
            }
        }
        let text_h = c.lines.len() as f32 * lh;
        let text_part = parts
            .iter()
            .position(|p| p.2 - p.1 >= text_h + 2.0 * PAD_Y)
            .unwrap_or(0);
        for (i, &(page, top, bottom)) in parts.iter().enumerate() {
            let content = flow.page_mut(page);
            content.rules.extend([
                (x0, top, x1, top),
                (x0, bottom, x1, bottom),
                (x0, top, x0, bottom),
                (x1, top, x1, bottom),
            ]);
            if i != text_part && !c.header {
                continue;
            }
            let mut y = top + ((bottom - top) - text_h) / 2.0;
            for line in &c.lines {
                let baseline = y + (lh - size) / 2.0 + ASCENT * size;
                let glyphs = line
                    .iter()
                    .map(|p| text::Placed {
                        x: p.x + x0 + PAD_X,
                        ..p.clone()
                    })
                    .collect();
                // Repeated header rows are artifacts; the first occurrence is the content.
                let owner = (i == text_part || (c.header && i == 0)).then_some(c.leaf);
                content.lines.push(GlyphLine {
                    baseline,
                    glyphs,
                    owner,
                });
                y += lh;
            }
        }
    }
}
