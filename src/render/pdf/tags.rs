//! Tagged PDF: the logical structure (title, headings, paragraphs, tables with header cells)
//! that text lines belong to, turned into krilla's tag tree. Page numbers, table rules and
//! repeated table headers are artifacts.

use std::num::NonZeroU16;

use krilla::tagging::{Identifier, TableHeaderScope, Tag, TagGroup, TagTree};

/// What a structure element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A paragraph.
    P,
    /// A heading of level 1–6 (the title is 1, `一、` is 2, …).
    H(u16),
}

/// A structure element of the document.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// A paragraph or heading and its leaf.
    Block {
        /// Paragraph or heading.
        kind: Kind,
        /// Its text (heading titles).
        text: String,
        /// Leaf index.
        leaf: usize,
    },
    /// A table: rows of (is header, leaf) cells.
    Table(Vec<Vec<(bool, usize)>>),
}

/// The document's logical structure; leaves collect the marked content of their lines.
#[derive(Debug, Clone, Default)]
pub(crate) struct Structure {
    /// Elements in reading order.
    pub nodes: Vec<Node>,
    /// Number of leaves handed out.
    pub leaves: usize,
}

impl Structure {
    /// A new leaf index.
    pub fn leaf(&mut self) -> usize {
        self.leaves += 1;
        self.leaves - 1
    }

    /// The krilla tag tree, given the identifiers drawn for each leaf.
    pub fn tree(&self, mut ids: Vec<Vec<Identifier>>, lang: &str) -> TagTree {
        let mut take = |leaf: usize| std::mem::take(&mut ids[leaf]);
        let mut tree = TagTree::new().with_lang(Some(lang.to_owned()));
        for node in &self.nodes {
            match node {
                Node::Block { kind, text, leaf } => {
                    let mut g = match kind {
                        Kind::P => TagGroup::new(Tag::P),
                        Kind::H(l) => TagGroup::new(Tag::Hn(
                            NonZeroU16::new((*l).clamp(1, 6)).unwrap_or(NonZeroU16::MIN),
                            Some(text.clone()),
                        )),
                    };
                    for id in take(*leaf) {
                        g.push(id);
                    }
                    tree.push(g);
                }
                Node::Table(rows) => {
                    let mut table = TagGroup::new(Tag::Table);
                    for row in rows {
                        let mut tr = TagGroup::new(Tag::TR);
                        for &(header, leaf) in row {
                            let mut cell = if header {
                                TagGroup::new(Tag::TH(TableHeaderScope::Column))
                            } else {
                                TagGroup::new(Tag::TD)
                            };
                            for id in take(leaf) {
                                cell.push(id);
                            }
                            tr.push(cell);
                        }
                        table.push(tr);
                    }
                    tree.push(table);
                }
            }
        }
        tree
    }
}
