//! The digit-run solver: every way to cut runs of digits into one number per column, kept
//! to the readings whose row totals add up, and the most plausible of them. It knows columns
//! and runs only, never the document.

use super::cells::Run;
use super::plausible::{RowCtx, plausibility};

use crate::template::{ColumnDef, Kind};

/// Most readings enumerated for one digit run before giving up.
pub(super) const MAX_READINGS: usize = 4000;

/// Columns of one printed row that must add up: `parts` (indices) sum to `total`.
#[derive(Debug, Clone)]
pub(super) struct Group {
    pub(super) parts: Vec<usize>,
    pub(super) total: Option<usize>,
}

pub(super) fn group_of(cols: &[&ColumnDef], offset: usize) -> Group {
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

pub(super) fn max_len(kind: Kind) -> usize {
    match kind {
        Kind::Count => 7,
        Kind::Signed => 6,
        Kind::Money => 13,
    }
}

/// Do these pieces, in order, cut the runs exactly (each run into whole pieces)?
pub(super) fn fits(runs: &[Run], pieces: &[String]) -> bool {
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
pub(super) const KEEP: usize = 64;

/// All ways to cut the runs into one number per column (no leading zeros); with `groups`,
/// only readings whose totals add up. Counts up to `cap` readings and keeps the first
/// [`KEEP`]. Returns (first readings, how many, capped).
pub(super) fn enumerate(
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

pub(super) struct Dfs<'a> {
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

/// The most plausible reading (see [`plausibility`]); ties keep the earlier reading.
pub(super) fn best_reading(
    readings: &[Vec<String>],
    cols: &[&ColumnDef],
    ctx: Option<&RowCtx>,
) -> Vec<String> {
    readings
        .iter()
        .enumerate()
        .max_by_key(|(i, r)| (plausibility(r, cols, ctx), std::cmp::Reverse(*i)))
        .map(|(_, r)| r.clone())
        .unwrap_or_default()
}
