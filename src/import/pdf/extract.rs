//! Loading a PDF (bounded) and walking each page's content stream: every glyph with its
//! position and size, every straight axis-parallel line (table rules), and how many images
//! were painted.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, LoadOptions, Object, ObjectId};

use super::font::{Font, num};
use super::{MAX_CONTENT_BYTES, MAX_OPERATIONS, MAX_PAGES, MAX_STREAM_BYTES, PdfProblem};

/// A glyph placed on a page (PDF user space, y upwards).
#[derive(Debug, Clone)]
pub struct Glyph {
    /// Left edge.
    pub x0: f64,
    /// Right edge (left edge plus advance width).
    pub x1: f64,
    /// Baseline.
    pub y: f64,
    /// Font size in user space.
    pub size: f64,
    /// Unicode text (usually one character).
    pub text: String,
}

/// A straight horizontal or vertical line segment drawn on a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seg {
    /// Start (smaller x or y).
    pub a: (f64, f64),
    /// End.
    pub b: (f64, f64),
}

impl Seg {
    /// Is this segment horizontal (else vertical)?
    pub fn horizontal(&self) -> bool {
        (self.b.1 - self.a.1).abs() < (self.b.0 - self.a.0).abs()
    }
}

/// What one page shows.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Glyphs in content order.
    pub glyphs: Vec<Glyph>,
    /// Ruling lines.
    pub rules: Vec<Seg>,
    /// Images painted (image XObjects and inline images).
    pub images: usize,
}

/// Limits shared by all pages of one document.
#[derive(Debug)]
pub struct Budget {
    /// Decoded stream bytes still allowed.
    pub bytes: usize,
    /// Content operations still allowed.
    pub ops: usize,
    /// Glyphs still allowed.
    pub glyphs: usize,
    /// Form XObject runs still allowed (a form may draw itself many times over).
    pub forms: usize,
}

/// Follows references (bounded by lopdf).
pub fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

/// Decoded bytes of a stream object (or reference to one), within the budget.
pub fn stream_bytes(doc: &Document, o: &Object, budget: &mut Budget) -> Option<Vec<u8>> {
    let Object::Stream(s) = deref(doc, o)? else {
        return None;
    };
    let limit = budget.bytes.min(MAX_STREAM_BYTES);
    let data = if s.dict.get(b"Filter").is_ok() {
        s.decompressed_content_with_limit(limit).ok()?
    } else {
        s.content.clone()
    };
    if data.len() > limit {
        return None;
    }
    budget.bytes -= data.len();
    Some(data)
}

type M = [f64; 6];
const IDENTITY: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a` then `b`.
fn mul(a: &M, b: &M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &M, x: f64, y: f64) -> (f64, f64) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

fn matrix(ops: &[Object]) -> Option<M> {
    if ops.len() < 6 {
        return None;
    }
    let mut m = [0.0; 6];
    for (k, o) in ops[ops.len() - 6..].iter().enumerate() {
        m[k] = num(o)?;
    }
    Some(m)
}

#[derive(Debug, Clone)]
struct GState {
    ctm: M,
    font: Option<Rc<Font>>,
    size: f64,
    tc: f64,
    tw: f64,
    th: f64,
    tl: f64,
    rise: f64,
}

/// Loads a PDF within the limits and extracts every page.
pub fn pages(bytes: &[u8]) -> Result<(Vec<Page>, Option<String>), PdfProblem> {
    let opts = LoadOptions {
        max_decompressed_size: Some(MAX_STREAM_BYTES),
        ..LoadOptions::default()
    };
    // lopdf is hardened against hostile files; a panic in it is still turned into an error.
    let loaded = std::panic::catch_unwind(|| Document::load_mem_with_options(bytes, opts))
        .map_err(|_| PdfProblem::Broken("解析时出现内部错误".into()))?;
    let doc = match loaded {
        Ok(d) => d,
        Err(e) => {
            let msg = e.to_string();
            let lower = msg.to_ascii_lowercase();
            if lower.contains("password") || lower.contains("decrypt") || lower.contains("encrypt")
            {
                return Err(PdfProblem::Encrypted);
            }
            return Err(PdfProblem::Broken(msg));
        }
    };
    if doc.is_encrypted() {
        // Still encrypted after loading: a user password is needed.
        return Err(PdfProblem::Encrypted);
    }
    let ids = doc.get_pages();
    if ids.is_empty() {
        return Err(PdfProblem::Broken("没有找到任何页面".into()));
    }
    if ids.len() > MAX_PAGES {
        return Err(PdfProblem::TooManyPages(ids.len()));
    }
    let title = info_title(&doc);
    let mut budget = Budget {
        bytes: MAX_CONTENT_BYTES,
        ops: MAX_OPERATIONS,
        glyphs: super::super::MAX_TEXT_CHARS,
        forms: 10_000,
    };
    let mut fonts = HashMap::new();
    let mut out = Vec::new();
    for id in ids.values() {
        let Ok(page) = doc.get_dictionary(*id) else {
            out.push(Page::default());
            continue;
        };
        let mut walker = Walker {
            doc: &doc,
            budget: &mut budget,
            fonts: &mut fonts,
            page: Page::default(),
            depth: 0,
        };
        let res = resources(&doc, page);
        let data = contents(&doc, page.get(b"Contents").ok(), walker.budget);
        walker.run(&data, res, IDENTITY);
        out.push(walker.page);
        if budget.ops == 0 || budget.bytes == 0 || budget.glyphs == 0 {
            return Err(PdfProblem::TooLarge);
        }
    }
    Ok((out, title))
}

/// The document information's `/Title`, when it reads as text.
fn info_title(doc: &Document) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok().and_then(|o| deref(doc, o))?;
    let Object::String(s, _) = info.as_dict().ok()?.get(b"Title").ok()? else {
        return None;
    };
    let text = if s.starts_with(&[0xfe, 0xff]) {
        let units: Vec<u16> = s[2..]
            .chunks(2)
            .map(|c| u16::from(c[0]) << 8 | u16::from(*c.get(1).unwrap_or(&0)))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8(s.clone()).ok()?
    };
    let text = text.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// A page's resources, inherited from its ancestors when absent.
fn resources<'a>(doc: &'a Document, page: &'a Dictionary) -> Option<&'a Dictionary> {
    let mut node = page;
    for _ in 0..32 {
        if let Some(r) = node
            .get(b"Resources")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
        {
            return Some(r);
        }
        node = node
            .get(b"Parent")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())?;
    }
    None
}

/// The page's content streams, decoded and joined.
fn contents(doc: &Document, o: Option<&Object>, budget: &mut Budget) -> Vec<u8> {
    let Some(o) = o.and_then(|o| deref(doc, o)) else {
        return Vec::new();
    };
    match o {
        Object::Array(parts) => {
            let mut all = Vec::new();
            for p in parts.iter().take(10_000) {
                if let Some(b) = stream_bytes(doc, p, budget) {
                    all.extend_from_slice(&b);
                    all.push(b'\n');
                }
            }
            all
        }
        _ => stream_bytes(doc, o, budget).unwrap_or_default(),
    }
}

fn res_entry<'a>(
    doc: &'a Document,
    res: Option<&'a Dictionary>,
    kind: &[u8],
    name: &[u8],
) -> Option<(Option<ObjectId>, &'a Object)> {
    let dict = res?
        .get(kind)
        .ok()
        .and_then(|o| deref(doc, o))?
        .as_dict()
        .ok()?;
    doc.dereference(dict.get(name).ok()?).ok()
}

struct Walker<'a, 'b> {
    doc: &'a Document,
    budget: &'b mut Budget,
    fonts: &'b mut HashMap<ObjectId, Rc<Font>>,
    page: Page,
    depth: usize,
}

impl<'a> Walker<'a, '_> {
    fn font(&mut self, res: Option<&'a Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let (id, o) = res_entry(self.doc, res, b"Font", name)?;
        if let Some(f) = id.and_then(|id| self.fonts.get(&id)) {
            return Some(f.clone());
        }
        let f = Rc::new(Font::read(self.doc, o.as_dict().ok()?, self.budget));
        if let Some(id) = id {
            self.fonts.insert(id, f.clone());
        }
        Some(f)
    }

    /// Walks one content stream with its resources and starting matrix.
    fn run(&mut self, data: &[u8], res: Option<&'a Dictionary>, ctm: M) {
        let mut gs = GState {
            ctm,
            font: None,
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            rise: 0.0,
        };
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = IDENTITY;
        let mut tlm = IDENTITY;
        let mut path: Vec<Seg> = Vec::new();
        // Indices in `path` of edges of (not thin) rectangles.
        let mut boxes: std::collections::HashSet<usize> = std::collections::HashSet::new();
        let mut cur = (0.0, 0.0);
        let mut start = (0.0, 0.0);
        for op in Content::decode_iter(data) {
            let Ok(op) = op else { break };
            if self.budget.ops == 0 || self.budget.glyphs == 0 {
                return;
            }
            self.budget.ops -= 1;
            let a = &op.operands;
            let n = |k: usize| a.get(k).and_then(num).unwrap_or(0.0);
            match op.operator.as_str() {
                "q" if stack.len() < 64 => stack.push(gs.clone()),
                "Q" => {
                    if let Some(g) = stack.pop() {
                        gs = g;
                    }
                }
                "cm" => {
                    if let Some(m) = matrix(a) {
                        gs.ctm = mul(&m, &gs.ctm);
                    }
                }
                "BT" => {
                    tm = IDENTITY;
                    tlm = IDENTITY;
                }
                "Tf" => {
                    gs.font = match a.first() {
                        Some(Object::Name(name)) => self.font(res, name),
                        _ => None,
                    };
                    gs.size = n(1);
                }
                "Tc" => gs.tc = n(0),
                "Tw" => gs.tw = n(0),
                "Tz" => gs.th = n(0) / 100.0,
                "TL" => gs.tl = n(0),
                "Ts" => gs.rise = n(0),
                "Td" | "TD" => {
                    if op.operator == "TD" {
                        gs.tl = -n(1);
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &tlm);
                    tm = tlm;
                }
                "Tm" => {
                    if let Some(m) = matrix(a) {
                        tlm = m;
                        tm = m;
                    }
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                    tm = tlm;
                }
                "Tj" | "'" | "\"" => {
                    if op.operator != "Tj" {
                        if op.operator == "\"" {
                            gs.tw = n(0);
                            gs.tc = n(1);
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                        tm = tlm;
                    }
                    if let Some(Object::String(s, _)) = a.last() {
                        self.show(&gs, &mut tm, s);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = a.first() {
                        for it in items {
                            match it {
                                Object::String(s, _) => self.show(&gs, &mut tm, s),
                                o => {
                                    if let Some(v) = num(o) {
                                        let tx = -v / 1000.0 * gs.size * gs.th;
                                        tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                    }
                                }
                            }
                        }
                    }
                }
                "m" => {
                    cur = apply(&gs.ctm, n(0), n(1));
                    start = cur;
                }
                "l" => {
                    let p = apply(&gs.ctm, n(0), n(1));
                    push_seg(&mut path, cur, p);
                    cur = p;
                }
                "h" => {
                    push_seg(&mut path, cur, start);
                    cur = start;
                }
                "re" => {
                    let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                    let c = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)];
                    let c: Vec<(f64, f64)> = c.iter().map(|p| apply(&gs.ctm, p.0, p.1)).collect();
                    let (xs, ys): (Vec<f64>, Vec<f64>) = c.iter().copied().unzip();
                    let (x0, x1) = (fold_min(&xs), fold_max(&xs));
                    let (y0, y1) = (fold_min(&ys), fold_max(&ys));
                    if (y1 - y0) <= 3.0 && (x1 - x0) > 3.0 {
                        // A thin filled bar: one rule through its middle.
                        let ym = (y0 + y1) / 2.0;
                        push_seg(&mut path, (x0, ym), (x1, ym));
                    } else if (x1 - x0) <= 3.0 && (y1 - y0) > 3.0 {
                        let xm = (x0 + x1) / 2.0;
                        push_seg(&mut path, (xm, y0), (xm, y1));
                    } else {
                        let before = path.len();
                        for k in 0..4 {
                            push_seg(&mut path, c[k], c[(k + 1) % 4]);
                        }
                        boxes.extend(before..path.len());
                    }
                    cur = c[0];
                    start = c[0];
                }
                "c" | "v" | "y" if a.len() >= 2 => {
                    cur = apply(&gs.ctm, n(a.len() - 2), n(a.len() - 1));
                }
                "S" | "s" | "B" | "B*" | "b" | "b*" | "f" | "F" | "f*" => {
                    let fill_only = matches!(op.operator.as_str(), "f" | "F" | "f*");
                    let boxes = std::mem::take(&mut boxes);
                    for (k, s) in path.drain(..).enumerate() {
                        // A filled box is shading (or a page background), not rules; thin
                        // filled bars were already turned into one rule by `re`.
                        if fill_only && boxes.contains(&k) {
                            continue;
                        }
                        if self.page.rules.len() < 100_000 {
                            self.page.rules.push(s);
                        }
                    }
                }
                "n" => {
                    path.clear();
                    boxes.clear();
                }
                "BI" => self.page.images += 1,
                "Do" => {
                    if let Some(Object::Name(name)) = a.first() {
                        self.xobject(res, name, &gs.ctm);
                    }
                }
                _ => {}
            }
            if path.len() > 100_000 {
                path.clear();
                boxes.clear();
            }
        }
    }

    fn xobject(&mut self, res: Option<&'a Dictionary>, name: &[u8], ctm: &M) {
        let Some((_, o)) = res_entry(self.doc, res, b"XObject", name) else {
            return;
        };
        let Object::Stream(s) = o else { return };
        match s.dict.get(b"Subtype") {
            Ok(Object::Name(n)) if n == b"Image" => self.page.images += 1,
            Ok(Object::Name(n)) if n == b"Form" && self.depth < 8 && self.budget.forms > 0 => {
                self.budget.forms -= 1;
                let m = s
                    .dict
                    .get(b"Matrix")
                    .ok()
                    .and_then(|o| deref(self.doc, o))
                    .and_then(|o| o.as_array().ok())
                    .and_then(|a| matrix(a))
                    .unwrap_or(IDENTITY);
                let own = s
                    .dict
                    .get(b"Resources")
                    .ok()
                    .and_then(|o| deref(self.doc, o))
                    .and_then(|o| o.as_dict().ok())
                    .or(res);
                let Some(data) = stream_bytes(self.doc, o, self.budget) else {
                    return;
                };
                self.depth += 1;
                self.run(&data, own, mul(&m, ctm));
                self.depth -= 1;
            }
            _ => {}
        }
    }

    fn show(&mut self, gs: &GState, tm: &mut M, s: &[u8]) {
        let Some(font) = gs.font.clone() else { return };
        for code in font.decode(s) {
            if self.budget.glyphs == 0 {
                return;
            }
            let trm = mul(
                &mul(&[gs.size * gs.th, 0.0, 0.0, gs.size, 0.0, gs.rise], tm),
                &gs.ctm,
            );
            let (x0, y) = apply(&trm, 0.0, 0.0);
            let (x1, _) = apply(&trm, code.width, 0.0);
            let size = trm[2].hypot(trm[3]);
            let advance =
                (code.width * gs.size + gs.tc + if code.space { gs.tw } else { 0.0 }) * gs.th;
            *tm = mul(&[1.0, 0.0, 0.0, 1.0, advance, 0.0], tm);
            if !(x0.is_finite() && x1.is_finite() && y.is_finite() && size.is_finite()) {
                continue;
            }
            if code.text.chars().all(char::is_whitespace) || size < 0.5 {
                continue;
            }
            self.budget.glyphs -= 1;
            self.page.glyphs.push(Glyph {
                x0: x0.min(x1),
                x1: x0.max(x1),
                y,
                size,
                text: super::radicals::fold(code.text),
            });
        }
    }
}

fn push_seg(path: &mut Vec<Seg>, p: (f64, f64), q: (f64, f64)) {
    let (dx, dy) = ((q.0 - p.0).abs(), (q.1 - p.1).abs());
    if !(dx.is_finite() && dy.is_finite()) || dx.max(dy) < 2.0 {
        return;
    }
    // Only axis-parallel lines can be table rules.
    if dx > 1.0 && dy > 1.0 {
        return;
    }
    let (a, b) = if dy <= 1.0 {
        let y = (p.1 + q.1) / 2.0;
        ((p.0.min(q.0), y), (p.0.max(q.0), y))
    } else {
        let x = (p.0 + q.0) / 2.0;
        ((x, p.1.min(q.1)), (x, p.1.max(q.1)))
    };
    path.push(Seg { a, b });
}

fn fold_min(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::INFINITY, f64::min)
}

fn fold_max(v: &[f64]) -> f64 {
    v.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}
