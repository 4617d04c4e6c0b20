//! Ruling lines → tables: connected rules form a grid, missing inner rules merge grid cells
//! (row and column spans), glyphs fall into the cell that holds their centre. Each table row
//! lists the cells that start in it (cells covered by a span are left out, as the HTML and
//! DOCX readers do).

use super::extract::{Glyph, Seg};
use super::lines::cell_text;

/// Coordinates closer than this (pt) are one rule position.
const SNAP: f64 = 2.0;

/// A table found on a page.
#[derive(Debug, Clone)]
pub struct Table {
    /// Bounding box: left, bottom, right, top.
    pub bbox: (f64, f64, f64, f64),
    /// Rows top to bottom.
    pub rows: Vec<Row>,
}

/// One table row: the cells that start in it.
#[derive(Debug, Clone)]
pub struct Row {
    /// Top edge.
    pub y: f64,
    /// Cells left to right: left edge, right edge, text.
    pub cells: Vec<(f64, f64, String)>,
}

impl Table {
    /// Does the table hold this glyph (its centre)?
    pub fn holds(&self, g: &Glyph) -> bool {
        let (x, y) = centre(g);
        let (l, b, r, t) = self.bbox;
        x > l && x < r && y > b && y < t
    }
}

fn centre(g: &Glyph) -> (f64, f64) {
    ((g.x0 + g.x1) / 2.0, g.y + 0.3 * g.size)
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// Sorted distinct positions (snapped).
fn positions(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in v {
        match out.last() {
            Some(l) if x - l <= SNAP => {}
            _ => out.push(x),
        }
    }
    out
}

/// Finds the tables drawn by `rules` and fills their cells with `glyphs`.
pub fn tables(rules: &[Seg], glyphs: &[Glyph]) -> Vec<Table> {
    // Too many rules is a drawing, not a table (and would make grouping quadratic).
    if rules.len() > 20_000 {
        return Vec::new();
    }
    let n = rules.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let touches = |h: &Seg, v: &Seg| {
        v.a.0 >= h.a.0 - SNAP
            && v.a.0 <= h.b.0 + SNAP
            && h.a.1 >= v.a.1 - SNAP
            && h.a.1 <= v.b.1 + SNAP
    };
    let hs: Vec<usize> = (0..n).filter(|&i| rules[i].horizontal()).collect();
    let vs: Vec<usize> = (0..n).filter(|&i| !rules[i].horizontal()).collect();
    for &h in &hs {
        for &v in &vs {
            if touches(&rules[h], &rules[v]) {
                union(&mut parent, h, v);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out = Vec::new();
    for members in groups.values() {
        let h: Vec<&Seg> = members
            .iter()
            .map(|&i| &rules[i])
            .filter(|s| s.horizontal())
            .collect();
        let v: Vec<&Seg> = members
            .iter()
            .map(|&i| &rules[i])
            .filter(|s| !s.horizontal())
            .collect();
        if h.len() < 2 || v.len() < 2 {
            continue;
        }
        if let Some(t) = grid(&h, &v, glyphs) {
            out.push(t);
        }
    }
    out.sort_by(|a, b| b.bbox.3.total_cmp(&a.bbox.3));
    out
}

fn grid(h: &[&Seg], v: &[&Seg], glyphs: &[Glyph]) -> Option<Table> {
    let mut ys = positions(h.iter().map(|s| s.a.1).collect());
    ys.reverse(); // top to bottom
    let xs = positions(v.iter().map(|s| s.a.0).collect());
    if ys.len() < 2 || xs.len() < 2 || ys.len() * xs.len() > 200_000 {
        return None;
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    let id = |i: usize, j: usize| i * cols + j;
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    let v_at = |x: f64, y: f64| {
        v.iter()
            .any(|s| (s.a.0 - x).abs() <= SNAP && s.a.1 - SNAP <= y && y <= s.b.1 + SNAP)
    };
    let h_at = |y: f64, x: f64| {
        h.iter()
            .any(|s| (s.a.1 - y).abs() <= SNAP && s.a.0 - SNAP <= x && x <= s.b.0 + SNAP)
    };
    for i in 0..rows {
        let ym = (ys[i] + ys[i + 1]) / 2.0;
        for j in 0..cols {
            let xm = (xs[j] + xs[j + 1]) / 2.0;
            if j + 1 < cols && !v_at(xs[j + 1], ym) {
                union(&mut parent, id(i, j), id(i, j + 1));
            }
            if i + 1 < rows && !h_at(ys[i + 1], xm) {
                union(&mut parent, id(i, j), id(i + 1, j));
            }
        }
    }
    // Each merged cell: its first grid row and column, and its glyphs.
    let mut first = vec![(usize::MAX, usize::MAX); rows * cols];
    for i in 0..rows {
        for j in 0..cols {
            let r = find(&mut parent, id(i, j));
            if first[r].0 == usize::MAX {
                first[r] = (i, j);
            }
        }
    }
    let mut content: Vec<Vec<&Glyph>> = vec![Vec::new(); rows * cols];
    let (l, r) = (xs[0], xs[cols]);
    let (b, t) = (ys[rows], ys[0]);
    for g in glyphs {
        let (x, y) = centre(g);
        if !(x > l && x < r && y > b && y < t) {
            continue;
        }
        let j = xs
            .partition_point(|p| *p < x)
            .saturating_sub(1)
            .min(cols - 1);
        let i = ys
            .partition_point(|p| *p > y)
            .saturating_sub(1)
            .min(rows - 1);
        let root = find(&mut parent, id(i, j));
        content[root].push(g);
    }
    let mut table_rows = Vec::new();
    for (i, &top) in ys.iter().take(rows).enumerate() {
        let mut cells = Vec::new();
        for j in 0..cols {
            let root = find(&mut parent, id(i, j));
            if first[root] == (i, j) {
                let last = (0..cols)
                    .rev()
                    .find(|&c| find(&mut parent, id(i, c)) == root)
                    .unwrap_or(j);
                cells.push((xs[j], xs[last + 1], cell_text(&content[root])));
            }
        }
        if !cells.is_empty() {
            table_rows.push(Row { y: top, cells });
        }
    }
    Some(Table {
        bbox: (l, b, r, t),
        rows: table_rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hseg(y: f64, x0: f64, x1: f64) -> Seg {
        Seg {
            a: (x0, y),
            b: (x1, y),
        }
    }
    fn vseg(x: f64, y0: f64, y1: f64) -> Seg {
        Seg {
            a: (x, y0),
            b: (x, y1),
        }
    }
    fn glyph(x: f64, y: f64, t: &str) -> Glyph {
        Glyph {
            x0: x,
            x1: x + 10.0,
            y,
            size: 10.0,
            text: t.into(),
        }
    }

    #[test]
    fn spans_leave_cells_out() {
        // 3 columns, 2 rows; the first column spans both rows.
        let rules = vec![
            hseg(100.0, 0.0, 300.0),
            hseg(50.0, 100.0, 300.0),
            hseg(0.0, 0.0, 300.0),
            vseg(0.0, 0.0, 100.0),
            vseg(100.0, 0.0, 100.0),
            vseg(200.0, 0.0, 100.0),
            vseg(300.0, 0.0, 100.0),
        ];
        let glyphs = vec![
            glyph(40.0, 45.0, "甲"),
            glyph(140.0, 70.0, "1"),
            glyph(240.0, 70.0, "2"),
            glyph(140.0, 20.0, "3"),
            glyph(240.0, 20.0, "4"),
        ];
        let t = tables(&rules, &glyphs);
        assert_eq!(t.len(), 1);
        let rows: Vec<Vec<String>> = t[0]
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.2.clone()).collect())
            .collect();
        assert_eq!(rows, vec![vec!["甲", "1", "2"], vec!["3", "4"]]);
    }
}
