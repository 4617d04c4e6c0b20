//! Line breaking and placement of CJK text.
//!
//! Text is cut into units: one CJK character (ideograph or full-width punctuation), one
//! unbreakable run of Latin letters/digits, or a space. In grid mode every CJK unit takes one
//! cell of the character pitch; Latin runs take their natural width. Lines are chosen for a
//! whole paragraph at once (dynamic programming) so that as many full lines as possible keep
//! exactly the grid's count; where kinsoku forbids the natural break, punctuation is compressed
//! to pull a character in before a character is pushed out.

use crate::layout::FontRole;

use super::fonts::{FontBook, GlyphInfo};

/// Closing punctuation: never at a line start; ink on the left half, compressible on the right.
const CLOSING: &str = "，。、；：）》」』】〕〉”’！？";
/// Opening punctuation: never at a line end; ink on the right half, compressible on the left.
const OPENING: &str = "（《「『【〔〈“‘";
/// Never at a line start, not compressible.
const NO_START_OTHER: &str = "·%％‰℃°～!?,.;:)]}";
/// Characters that come in unbreakable pairs (——, ……).
const PAIRED: &str = "—…";

const EPS: f32 = 0.01;
/// Share of a punctuation mark's cell that compression may take.
const PUNCT_SQUEEZE: f32 = 0.18;
/// Share of a cell each gap may lose once the punctuation is compressed, in lines that have
/// punctuation.
const GAP_SQUEEZE: f32 = 0.045;

/// The most a line `units` may be compressed: its punctuation (not the last unit, which ends
/// the line at the edge) and then, if there is punctuation, a little from every gap.
fn shrink_capacity(units: &[Unit]) -> (f32, f32) {
    let n = units.len();
    if n < 2 {
        return (0.0, 0.0);
    }
    // An opening mark that starts the line keeps its cell (the line starts at the edge).
    let skip = usize::from(units[0].kind == Kind::Open);
    let punct: f32 = units[skip..n - 1].iter().map(Unit::shrinkable).sum();
    let has_punct = units.iter().any(Unit::is_punct);
    let unit = units
        .iter()
        .map(|u| u.nominal)
        .fold(0.0, f32::max)
        .min(32.0);
    let gaps = if has_punct {
        (n - 1) as f32 * GAP_SQUEEZE * unit
    } else {
        0.0
    };
    (punct, gaps)
}

/// What a unit is, for breaking and compression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An ideograph or other full-width character.
    Cjk,
    /// Closing punctuation.
    Close,
    /// Opening punctuation.
    Open,
    /// A run of Latin letters, digits and half-width signs.
    Latin,
    /// A space.
    Space,
}

/// One placed character.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    /// The character.
    pub ch: char,
    /// Its glyph.
    pub glyph: GlyphInfo,
    /// Font size.
    pub size: f32,
    /// Left edge of the glyph, page coordinates.
    pub x: f32,
}

/// A unit of line breaking.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    kind: Kind,
    chars: Vec<(char, GlyphInfo, f32)>, // char, glyph, size
    /// Width on the line before compression or stretching.
    nominal: f32,
}

impl Unit {
    /// How much the blank half of a punctuation mark may give. Kept below a fifth of an em:
    /// text extractors (poppler) split words where glyphs overlap more than that.
    fn shrinkable(&self) -> f32 {
        match self.kind {
            Kind::Close | Kind::Open => self.nominal * PUNCT_SQUEEZE,
            _ => 0.0,
        }
    }

    fn is_punct(&self) -> bool {
        matches!(self.kind, Kind::Close | Kind::Open)
    }

    fn first(&self) -> char {
        self.chars.first().map(|c| c.0).unwrap_or(' ')
    }
}

/// How a line's width is measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Mode {
    /// Body grid: every CJK unit takes `pitch`; optimise for exactly full lines.
    Grid {
        /// The character pitch.
        pitch: f32,
    },
    /// Natural advances; optimise for even (ragged) lines.
    Natural,
    /// Natural advances; balanced lines, the last one included (titles, table cells).
    Balanced,
}

/// A text span in one font role and size.
pub(crate) struct Span<'a> {
    /// The text.
    pub text: &'a str,
    /// Its font role.
    pub role: FontRole,
    /// Its size in points.
    pub size: f32,
}

/// Cuts spans into units. Characters without a prepared glyph are skipped (the caller has
/// checked coverage before).
pub(crate) fn units(spans: &[Span], book: &FontBook, mode: Mode) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    for span in spans {
        for ch in span.text.chars() {
            let ch = match ch {
                '\t' | '\n' | '\r' => ' ',
                c if c.is_control() => continue,
                c => c,
            };
            let Some(g) = book.glyph(span.role, ch) else {
                continue;
            };
            let natural = g.advance * span.size;
            let kind = if ch == ' ' {
                Kind::Space
            } else if ch.is_ascii() {
                Kind::Latin
            } else if CLOSING.contains(ch) {
                Kind::Close
            } else if OPENING.contains(ch) {
                Kind::Open
            } else {
                Kind::Cjk
            };
            if kind == Kind::Latin
                && let Some(last) = out.last_mut()
                && last.kind == Kind::Latin
                && last.nominal < 200.0
            {
                last.chars.push((ch, g, span.size));
                last.nominal += natural;
                continue;
            }
            let nominal = match (mode, kind) {
                (Mode::Grid { pitch }, Kind::Cjk | Kind::Close | Kind::Open) => pitch,
                _ => natural,
            };
            out.push(Unit {
                kind,
                chars: vec![(ch, g, span.size)],
                nominal,
            });
        }
    }
    out
}

fn may_break_before(units: &[Unit], i: usize) -> bool {
    if i == 0 || i >= units.len() {
        return true;
    }
    let (prev, next) = (&units[i - 1], &units[i]);
    if next.kind == Kind::Close || prev.kind == Kind::Open {
        return false;
    }
    let c = next.first();
    if NO_START_OTHER.contains(c) {
        return false;
    }
    let p = prev.chars.last().map(|c| c.0).unwrap_or(' ');
    if PAIRED.contains(c) && p == c {
        return false;
    }
    true
}

/// Breaks units into lines; `widths(i)` is the width available to line `i`.
/// Returns the ranges of units per line.
pub(crate) fn break_lines(
    units: &[Unit],
    first_width: f32,
    width: f32,
    mode: Mode,
) -> Vec<std::ops::Range<usize>> {
    let n = units.len();
    if n == 0 {
        return whole(0);
    }
    for strict in [true, false] {
        if let Some(r) = dp(units, first_width, width, mode, strict) {
            return r;
        }
    }
    whole(n)
}

fn dp(
    units: &[Unit],
    first_width: f32,
    width: f32,
    mode: Mode,
    strict: bool,
) -> Option<Vec<std::ops::Range<usize>>> {
    let n = units.len();
    let mut nat = vec![0.0f32; n + 1];
    for (i, u) in units.iter().enumerate() {
        nat[i + 1] = nat[i] + u.nominal;
    }
    let mut best = vec![f32::INFINITY; n + 1];
    let mut from = vec![usize::MAX; n + 1];
    best[0] = 0.0;
    for a in 0..n {
        if !best[a].is_finite() {
            continue;
        }
        let w = if a == 0 { first_width } else { width };
        for b in a + 1..=n {
            let natural = nat[b] - nat[a];
            if natural > 1.5 * w + 32.0 && b > a + 1 {
                break;
            }
            let (p, g) = shrink_capacity(&units[a..b]);
            let shrink = p + g;
            if b < n && strict && !may_break_before(units, b) {
                continue;
            }
            let last = b == n;
            let pure = units[a..b]
                .iter()
                .all(|u| !matches!(u.kind, Kind::Latin | Kind::Space));
            let Some(c) = line_cost(mode, natural, shrink, w, last, pure) else {
                continue;
            };
            let c = best[a] + c;
            if c < best[b] {
                best[b] = c;
                from[b] = a;
            }
        }
        // A single unit wider than the line (a very long Latin run) still gets a line.
        if from[a + 1] == usize::MAX && !best[a + 1].is_finite() && !strict {
            best[a + 1] = best[a] + 100.0;
            from[a + 1] = a;
        }
    }
    if !best[n].is_finite() {
        return None;
    }
    let mut out = Vec::new();
    let mut b = n;
    while b > 0 {
        let a = from[b];
        if a == usize::MAX {
            return None;
        }
        out.push(a..b);
        b = a;
    }
    out.reverse();
    Some(out)
}

fn line_cost(mode: Mode, natural: f32, shrink: f32, w: f32, last: bool, pure: bool) -> Option<f32> {
    let over = natural - w;
    if over > shrink + EPS {
        return None;
    }
    match mode {
        Mode::Grid { pitch } => {
            if over > EPS {
                // Pull in by compressing punctuation: preferred to pushing out.
                Some(if pure { 0.95 } else { 0.02 } + 0.05 * over / pitch)
            } else if last || over.abs() <= EPS {
                Some(0.0)
            } else {
                let slack = -over / pitch;
                Some(if pure {
                    1.0 + 0.1 * slack
                } else {
                    0.05 * slack * slack
                })
            }
        }
        Mode::Natural | Mode::Balanced => {
            if over > EPS {
                Some(0.5 + over / w)
            } else if last && mode == Mode::Natural {
                Some(0.0)
            } else {
                // Balanced: every line counts, and each extra line costs more than any slack.
                let r = -over / w;
                Some(r * r + if mode == Mode::Balanced { 1.0 } else { 0.0 })
            }
        }
    }
}

/// Line alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Spread slack over the line (the last line of a paragraph stays left).
    Justify,
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// Natural (uncompressed) width of some units.
pub(crate) fn width(units: &[Unit]) -> f32 {
    units.iter().map(|u| u.nominal).sum()
}

/// Places one line's units between `x0` and `x0 + w`.
pub(crate) fn place(units: &[Unit], x0: f32, w: f32, align: Align, last: bool) -> Vec<Placed> {
    let natural = width(units);
    let n = units.len();
    let mut trims = vec![(0.0f32, 0.0f32); n]; // (left, right) trims
    let mut gap = 0.0;
    let mut start = x0;
    if natural > w + EPS {
        // Compress: mid-line punctuation first, then every gap a little; the last unit keeps
        // its full cell so the line ends exactly at the edge.
        let mut need = natural - w;
        let (mid, _) = shrink_capacity(units);
        let f = if mid > 0.0 {
            (need / mid).min(1.0)
        } else {
            0.0
        };
        let skip = usize::from(units.first().is_some_and(|u| u.kind == Kind::Open));
        for (i, u) in units[..n.saturating_sub(1)].iter().enumerate().skip(skip) {
            let t = u.shrinkable() * f;
            need -= t;
            match u.kind {
                Kind::Open => trims[i].0 = t,
                _ => trims[i].1 = t,
            }
        }
        if need > EPS && n > 1 {
            gap = -need / (n - 1) as f32;
        }
    } else {
        let slack = w - natural;
        match align {
            Align::Justify if !last && n > 1 => gap = slack / (n - 1) as f32,
            Align::Center => start += slack / 2.0,
            Align::Right => start += slack,
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut x = start;
    for (u, (tl, tr)) in units.iter().zip(trims) {
        let cell = u.nominal - tl - tr;
        match u.kind {
            Kind::Latin | Kind::Space => {
                let mut cx = x;
                for &(ch, g, size) in &u.chars {
                    out.push(Placed {
                        ch,
                        glyph: g,
                        size,
                        x: cx,
                    });
                    cx += g.advance * size;
                }
            }
            _ => {
                let (ch, g, size) = u.chars[0];
                let adv = g.advance * size;
                // Centre the glyph in its (grid) cell; compression trims blank halves.
                let gx = x - tl + (u.nominal - adv) / 2.0;
                out.push(Placed {
                    ch,
                    glyph: g,
                    size,
                    x: gx,
                });
            }
        }
        x += cell + gap;
    }
    out
}

/// All `n` units on one line.
#[allow(clippy::single_range_in_vec_init)] // one line holding units 0..n, not the units
pub(crate) fn whole(n: usize) -> Vec<std::ops::Range<usize>> {
    vec![0..n]
}
