//! The page flow: a cursor over the line grid of spec §6, and how each paragraph style sits on it
//! (title, body, headings, signature).

use crate::layout::{FontRole, PageMetrics, Para, ParaStyle};

use super::fonts::FontBook;
use super::page::{ASCENT, GlyphLine, PageContent};
use super::tags::{self, Structure};
use super::text::{self, Align, Mode, Span};

const EPS: f32 = 0.01;

/// The flow of pages being filled.
pub(crate) struct Flow<'a> {
    m: &'a PageMetrics,
    /// Filled pages; the last is the current one.
    pub pages: Vec<PageContent>,
    /// Cursor below the top of the text block.
    y: f32,
    /// Section bookmarks: title, page index, y from the page top.
    pub bookmarks: Vec<(String, usize, f32)>,
    /// The structure leaf of each bookmark's heading.
    bookmark_leaves: Vec<usize>,
    /// Centre of the last signing organ line (the date is centred under it).
    organ_centre: Option<f32>,
    /// Logical structure for tagged PDF.
    pub structure: Structure,
    /// Leaf of the paragraph being set.
    owner: Option<usize>,
    /// Blank lines asked for and not yet taken.
    pending_blanks: u32,
}

impl<'a> Flow<'a> {
    /// An empty flow with one page.
    pub fn new(m: &'a PageMetrics) -> Flow<'a> {
        Flow {
            m,
            pages: vec![PageContent::default()],
            y: 0.0,
            bookmarks: Vec::new(),
            bookmark_leaves: Vec::new(),
            organ_centre: None,
            structure: Structure::default(),
            owner: None,
            pending_blanks: 0,
        }
    }

    /// Index of the current page.
    pub fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    /// Cursor from the page top.
    pub fn y_abs(&self) -> f32 {
        self.m.margin_top_pt + self.y
    }

    /// Height left in the text block.
    pub fn remaining(&self) -> f32 {
        self.m.text_height_pt - self.y
    }

    /// Is the cursor at the top of a page?
    pub fn at_top(&self) -> bool {
        self.y < EPS
    }

    /// Moves the cursor down.
    pub fn advance(&mut self, d: f32) {
        self.y += d;
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        self.pages.push(PageContent::default());
        self.y = 0.0;
    }

    /// A page's content.
    pub fn page_mut(&mut self, i: usize) -> &mut PageContent {
        let last = self.pages.len() - 1;
        &mut self.pages[i.min(last)]
    }

    /// Before a free-height block (a table): snap to the next grid line.
    pub fn start_block(&mut self) {
        self.flush_blanks();
        let k = self.next_grid_index();
        self.y = k as f32 * self.m.line_pitch_pt;
        if self.remaining() < EPS {
            self.new_page();
        }
    }

    fn next_grid_index(&self) -> u32 {
        ((self.y - EPS) / self.m.line_pitch_pt).ceil().max(0.0) as u32
    }

    /// Grid lines left on this page.
    fn lines_left(&self) -> u32 {
        self.m.lines_per_page.saturating_sub(self.next_grid_index())
    }

    /// Takes the next grid line; returns its top from the page top.
    fn take_line(&mut self) -> f32 {
        let mut k = self.next_grid_index();
        if k >= self.m.lines_per_page {
            self.new_page();
            k = 0;
        }
        self.y = (k + 1) as f32 * self.m.line_pitch_pt;
        self.m.margin_top_pt + k as f32 * self.m.line_pitch_pt
    }

    /// One empty grid line (not at the top of a continuation page).
    pub fn blank(&mut self) {
        self.pending_blanks += 1;
    }

    /// Takes the pending blank lines (dropped at the top of a continuation page).
    fn flush_blanks(&mut self) {
        for _ in 0..std::mem::take(&mut self.pending_blanks) {
            if self.at_top() && self.pages.len() > 1 {
                continue;
            }
            if self.lines_left() == 0 {
                self.new_page();
                continue;
            }
            self.take_line();
        }
    }

    /// Moves the last `n` grid lines of the current page (the end of the last paragraph) to a
    /// new page, so that a signature never stands on a page without body text.
    fn carry_over(&mut self, n: usize) {
        let Some(page) = self.pages.last_mut() else {
            return;
        };
        let owner = page.lines.last().and_then(|l| l.owner);
        let same = page
            .lines
            .iter()
            .rev()
            .take_while(|l| l.owner.is_some() && l.owner == owner)
            .count();
        let mut k = n.min(same);
        // A whole paragraph moves with the heading above it.
        if k == same && k < page.lines.len() {
            let above = page.lines[page.lines.len() - k - 1].owner;
            let is_heading = self.structure.nodes.iter().any(|node| {
                matches!(node, tags::Node::Block { kind: tags::Kind::H(l), leaf, .. }
                    if *l > 1 && Some(*leaf) == above)
            });
            if is_heading {
                k += page
                    .lines
                    .iter()
                    .rev()
                    .skip(k)
                    .take_while(|l| l.owner == above)
                    .count();
            }
        }
        let moved = page.lines.split_off(page.lines.len() - k);
        self.new_page();
        for mut line in moved {
            let old_top = self.m.margin_top_pt
                + ((line.baseline - self.m.margin_top_pt) / self.m.line_pitch_pt).floor()
                    * self.m.line_pitch_pt;
            let top = self.take_line();
            line.baseline += top - old_top;
            let page_index = self.pages.len() - 1;
            for (b, leaf) in self.bookmarks.iter_mut().zip(&self.bookmark_leaves) {
                if line.owner == Some(*leaf) {
                    b.1 = page_index;
                    b.2 = top;
                }
            }
            if let Some(p) = self.pages.last_mut() {
                p.lines.push(line);
            }
        }
    }

    /// Sets a paragraph on the grid.
    /// `keep_with_next` grid lines of what follows must fit on the same page as a heading.
    pub fn para(&mut self, p: &Para, book: &FontBook, keep_with_next: u32) {
        let m = self.m;
        let pitch = m.char_pitch_pt;
        let w = m.text_width_pt;
        let left = m.margin_left_pt;
        let size_of = |role: FontRole| match role {
            FontRole::Title => m.title_size_pt,
            FontRole::PageNumber => m.page_number_size_pt,
            _ => m.body_size_pt,
        };
        let spans: Vec<Span> = p
            .runs
            .iter()
            .map(|r| Span {
                text: &r.text,
                role: r.role,
                size: size_of(r.role),
            })
            .collect();
        let indent = m.indent_chars as f32 * pitch;
        if p.style != ParaStyle::SignatureOrgan {
            self.flush_blanks();
        }
        let leaf = self.structure.leaf();
        self.owner = Some(leaf);
        let kind = match p.style {
            ParaStyle::Title => tags::Kind::H(1),
            ParaStyle::Heading(l) => tags::Kind::H(u16::from(l) + 2),
            _ => tags::Kind::P,
        };
        self.structure.nodes.push(tags::Node::Block {
            kind,
            text: p.text(),
            leaf,
        });
        match p.style {
            ParaStyle::Title => {
                // Layout broke the title into lines (one run each); a line wider than the
                // real glyphs allow is broken again, balanced.
                let mut lines = Vec::new();
                for span in &spans {
                    let units = text::units(std::slice::from_ref(span), book, Mode::Balanced);
                    let ranges = if text::width(&units) <= w + EPS {
                        text::whole(units.len())
                    } else {
                        text::break_lines(&units, w, w, Mode::Balanced)
                    };
                    for r in ranges {
                        lines.push(text::place(&units[r], left, w, Align::Center, true));
                    }
                }
                self.keep_lines(lines.len() as u32 + keep_with_next);
                for glyphs in lines {
                    self.push_line(glyphs, m.title_size_pt);
                }
            }
            ParaStyle::Body | ParaStyle::Heading(_) => {
                let mode = Mode::Grid { pitch };
                let units = text::units(&spans, book, mode);
                let ranges = text::break_lines(&units, w - indent, w, mode);
                if let ParaStyle::Heading(level) = p.style {
                    // A heading is not left alone at a page foot: its first line goes with one
                    // more line (its run-in text, or the next paragraph's first line).
                    let n = ranges.len() as u32;
                    self.keep_lines(match (n, keep_with_next) {
                        (_, k) if k > 1 => n + k,
                        (1, k) => 1 + k,
                        _ => 2,
                    });
                    if level == 0 {
                        let top = self.peek_line_top();
                        self.bookmarks.push((p.text(), top.0, top.1));
                        self.bookmark_leaves.push(leaf);
                    }
                }
                let n = ranges.len();
                for (i, r) in ranges.into_iter().enumerate() {
                    let (x0, lw) = if i == 0 {
                        (left + indent, w - indent)
                    } else {
                        (left, w)
                    };
                    let glyphs = text::place(&units[r], x0, lw, Align::Justify, i + 1 == n);
                    self.push_line(glyphs, m.body_size_pt);
                }
            }
            ParaStyle::SignatureOrgan => {
                let mode = Mode::Grid { pitch };
                let units = text::units(&spans, book, mode);
                let uw = text::width(&units).min(w);
                let right = left + w - 2.0 * pitch;
                let x0 = (right - uw).max(left);
                self.organ_centre = Some(x0 + uw / 2.0);
                // Organ and date stay together, with body text on their page.
                let needed = 2 + self.pending_blanks;
                if self.lines_left() < needed && !self.at_top() {
                    self.carry_over(2);
                }
                self.flush_blanks();
                let glyphs = text::place(&units, x0, uw, Align::Left, true);
                self.push_line(glyphs, m.body_size_pt);
            }
            ParaStyle::SignatureDate => {
                let mode = Mode::Grid { pitch };
                let units = text::units(&spans, book, mode);
                let uw = text::width(&units).min(w);
                let x0 = match self.organ_centre {
                    Some(c) => (c - uw / 2.0).clamp(left, left + w - uw),
                    None => left + w - 4.0 * pitch - uw,
                };
                let glyphs = text::place(&units, x0, uw, Align::Left, true);
                self.push_line(glyphs, m.body_size_pt);
            }
        }
    }

    /// Starts a new page unless `n` grid lines fit on this one.
    fn keep_lines(&mut self, n: u32) {
        let n = n.min(self.m.lines_per_page);
        if self.lines_left() < n && !self.at_top() {
            self.new_page();
        }
    }

    fn peek_line_top(&self) -> (usize, f32) {
        let k = self.next_grid_index();
        if k >= self.m.lines_per_page {
            (self.pages.len(), self.m.margin_top_pt)
        } else {
            (
                self.pages.len() - 1,
                self.m.margin_top_pt + k as f32 * self.m.line_pitch_pt,
            )
        }
    }

    fn push_line(&mut self, glyphs: Vec<text::Placed>, size: f32) {
        let top = self.take_line();
        let baseline = top + (self.m.line_pitch_pt - size) / 2.0 + ASCENT * size;
        if let Some(page) = self.pages.last_mut() {
            page.lines.push(GlyphLine {
                baseline,
                glyphs,
                owner: self.owner,
            });
        }
    }
}
