//! Tables: the layout layer's cell grid written as `w:tbl` with `gridSpan`/`vMerge`, fixed
//! column widths that fill the 156 mm text block, and repeating header rows.
//!
//! The layout lists only the cells that start in a row; the continuation cells of a
//! vertical merge are generated here. No row splits across pages (`cantSplit`); heading rows
//! keep with the next row (`keepNext` on their paragraphs); the patch step adds `w:tblHeader`
//! to the header rows (docx-rs has no `tblHeader`).

use docx_rs::{
    Paragraph, Run, Table, TableAlignmentType, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use crate::layout::{Align, TableLayout, metrics::twips};

use super::ParaIds;
use super::styles::id;

/// Column widths in twips, summing exactly to the text width.
pub(crate) fn column_twips(fractions: &[f32]) -> Vec<usize> {
    let total = twips::TEXT_WIDTH as usize;
    if fractions.is_empty() {
        return vec![total];
    }
    let sum: f32 = fractions.iter().sum();
    let mut widths: Vec<usize> = fractions
        .iter()
        .map(|f| {
            let share = if sum > 0.0 { f / sum } else { 0.0 };
            (share * total as f32).floor().max(1.0) as usize
        })
        .collect();
    let used: usize = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last = (*last + total).saturating_sub(used).max(1);
    }
    widths
}

/// Single 0.5 pt black lines around and inside the table.
fn borders() -> TableBorders {
    [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::new(), |b, pos| {
        b.set(TableBorder::new(pos).size(4).color("000000"))
    })
}

/// What occupies a grid position.
#[derive(Clone, Copy)]
enum Slot {
    Free,
    /// Covered by a cell that starts in an earlier row: (start column, column span).
    Continued(usize, usize),
}

/// A cell's paragraph; `compact` (the layout's [`TableLayout::compact`]) sets it in 五号.
/// `keep` (a heading row, [`TableLayout::keep_with_next`]) sets `keepNext`: Word and LibreOffice
/// keep the row on the page of the next row.
fn cell_paragraph(
    text: &str,
    align: Align,
    compact: bool,
    keep: bool,
    ids: &mut ParaIds,
) -> Paragraph {
    let style = match (align, compact) {
        (Align::Center, false) => id::TABLE,
        (Align::Left, false) => id::TABLE_LEFT,
        (Align::Center, true) => id::TABLE_COMPACT,
        (Align::Left, true) => id::TABLE_COMPACT_LEFT,
    };
    let mut p = Paragraph::new().id(ids.next()).style(style);
    if keep {
        p = p.keep_next(true);
    }
    if text.is_empty() {
        p
    } else {
        p.add_run(Run::new().add_text(text))
    }
}

fn span_width(widths: &[usize], col: usize, span: usize) -> usize {
    widths.iter().skip(col).take(span).sum()
}

/// Writes one table.
pub(crate) fn table(t: &TableLayout, ids: &mut ParaIds) -> Table {
    let cols = t.columns().max(1);
    let widths = column_twips(&t.col_widths);
    // carry[c]: rows still to be covered below by a vertical merge that started above.
    let mut carry: Vec<(usize, Slot)> = vec![(0, Slot::Free); cols];
    let mut rows = Vec::with_capacity(t.rows.len());
    for (r, row) in t.rows.iter().enumerate() {
        let keep = t.keep_with_next(r);
        let mut cells = Vec::new();
        let mut starts = row.iter().peekable();
        let mut c = 0;
        while c < cols {
            if let (n, Slot::Continued(start, span)) = carry[c]
                && n > 0
                && start == c
            {
                let span = span.max(1);
                cells.push(
                    TableCell::new()
                        .width(span_width(&widths, c, span), WidthType::Dxa)
                        .grid_span(span)
                        .vertical_merge(VMergeType::Continue)
                        .vertical_align(VAlignType::Center)
                        .add_paragraph(cell_paragraph("", Align::Center, t.compact, keep, ids)),
                );
                for slot in carry.iter_mut().skip(c).take(span) {
                    slot.0 = slot.0.saturating_sub(1);
                }
                c += span;
                continue;
            }
            match starts.next_if(|cell| cell.col <= c) {
                Some(cell) => {
                    let span = cell.col_span.clamp(1, cols - c);
                    let mut tc = TableCell::new()
                        .width(span_width(&widths, c, span), WidthType::Dxa)
                        .vertical_align(VAlignType::Center)
                        .add_paragraph(cell_paragraph(
                            &cell.text, cell.align, t.compact, keep, ids,
                        ));
                    if span > 1 {
                        tc = tc.grid_span(span);
                    }
                    if cell.row_span > 1 {
                        tc = tc.vertical_merge(VMergeType::Restart);
                        for slot in carry.iter_mut().skip(c).take(span) {
                            *slot = (cell.row_span - 1, Slot::Continued(c, span));
                        }
                    }
                    cells.push(tc);
                    c += span;
                }
                None => {
                    // A hole in the layout's grid: keep the table rectangular.
                    cells.push(
                        TableCell::new()
                            .width(widths.get(c).copied().unwrap_or(1), WidthType::Dxa)
                            .add_paragraph(cell_paragraph("", Align::Center, t.compact, keep, ids)),
                    );
                    c += 1;
                }
            }
        }
        // No row breaks across pages; the patch step marks the first `header_rows` rows
        // as repeating headers.
        rows.push(TableRow::new(cells).cant_split());
    }
    Table::new(rows)
        .style(id::TABLE_GRID)
        .set_grid(widths)
        .width(twips::TEXT_WIDTH as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .set_borders(borders())
}
