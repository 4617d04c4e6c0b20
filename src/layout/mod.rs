//! The layout layer: decisions every writer shares — numbering, which cells merge, what
//! repeats, page/grid/font metrics. Writers (`render::*`) only write what is decided here.

pub mod document;
pub mod metrics;
pub mod table;
pub mod title;

pub use document::{
    DRAFT_MARK, DocMeta, Document, Item, Para, ParaStyle, Run, document, document_with,
    heading_role,
};
pub use metrics::{FontRole, GBT9704, PageMetrics};
pub use table::{Align, CellRef, LCell, TableLayout, format_value, layout_table};
