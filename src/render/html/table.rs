//! A laid-out table as an HTML `<table>`: caption, `<thead>` for the repeating header rows,
//! `<th>` with `scope` for column headers and row labels, `headers`/`id` links for merged
//! and multi-level headers, spans as layout decided them, column widths as percentages.

use std::fmt::Write;

use crate::layout::TableLayout;

use super::escape;
use super::headers::{self, Role};
use super::style::{self, Kind, Mode};

/// The `id` of a cell: table number, row, column (ASCII, unique in the page).
fn cell_id(table: usize, row: usize, col: usize) -> String {
    format!("nb-t{table}-r{row}c{col}")
}

/// Writes table number `index` (1-based in the page) with its caption.
pub fn write(out: &mut String, t: &TableLayout, caption: &str, index: usize, mode: Mode) {
    let placed = headers::place(t);
    let label = escape::attr(caption);
    // A focusable, labelled scroll box so keyboard users can scroll a wide table on a phone.
    let _ = write!(
        out,
        "<div{} role=\"region\" aria-label=\"{label}\" tabindex=\"0\">\n<table{}>\n<caption{}>{}</caption>\n",
        style::attrs(mode, &[Kind::TableBox]),
        table_attrs(t, mode),
        style::attrs(mode, &[Kind::Caption]),
        escape::text(caption)
    );
    if mode == Mode::Page {
        out.push_str("<colgroup>");
        for w in &t.col_widths {
            let _ = write!(out, "<col style=\"width:{:.1}%\" />", w * 100.0);
        }
        out.push_str("</colgroup>\n");
    }
    let mut next = 0;
    for (r, row) in t.rows.iter().enumerate() {
        if r == 0 && t.header_rows > 0 {
            out.push_str("<thead>\n");
        }
        if r == t.header_rows {
            if r > 0 {
                out.push_str("</thead>\n");
            }
            out.push_str("<tbody>\n");
        }
        out.push_str("<tr>");
        for _ in row {
            let p = &placed[next];
            next += 1;
            write_cell(out, &placed, p, index, mode);
        }
        out.push_str("</tr>\n");
    }
    if t.rows.len() == t.header_rows && t.header_rows > 0 {
        out.push_str("</thead>\n");
    } else if !t.rows.is_empty() {
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n</div>\n");
}

/// A table at least as wide as its columns need (in `em`, so it scrolls in its box on a
/// phone instead of squeezing numbers into one-character columns).
fn table_attrs(t: &TableLayout, mode: Mode) -> String {
    let min = format!("min-width:{}em", (t.columns() * 7).div_ceil(2).max(16));
    match mode {
        Mode::Page => format!("{} style=\"{min}\"", style::attrs(mode, &[Kind::Table])),
        Mode::Fragment => format!(" style=\"{};{min}\"", style::decl(Kind::Table)),
    }
}

fn write_cell(
    out: &mut String,
    placed: &[headers::Placed],
    p: &headers::Placed,
    table: usize,
    mode: Mode,
) {
    let c = p.cell;
    let (tag, kind, scope) = match p.role {
        Role::ColHeader => (
            "th",
            Kind::HeadCell,
            Some(if c.col_span > 1 { "colgroup" } else { "col" }),
        ),
        Role::RowHeader => (
            "th",
            Kind::HeadCell,
            Some(if c.row_span > 1 { "rowgroup" } else { "row" }),
        ),
        Role::Data => ("td", Kind::Cell, None),
    };
    let _ = write!(out, "<{tag}");
    if p.role != Role::Data {
        let _ = write!(out, " id=\"{}\"", cell_id(table, p.row, c.col));
    }
    if let Some(s) = scope {
        let _ = write!(out, " scope=\"{s}\"");
    }
    if c.row_span > 1 {
        let _ = write!(out, " rowspan=\"{}\"", c.row_span);
    }
    if c.col_span > 1 {
        let _ = write!(out, " colspan=\"{}\"", c.col_span);
    }
    if !p.headers.is_empty() {
        let ids: Vec<String> = p
            .headers
            .iter()
            .map(|&j| cell_id(table, placed[j].row, placed[j].cell.col))
            .collect();
        let _ = write!(out, " headers=\"{}\"", ids.join(" "));
    }
    out.push_str(&style::attrs(mode, &[kind, style::align(c.align)]));
    let _ = write!(out, ">{}</{tag}>", escape::text(&c.text));
}
