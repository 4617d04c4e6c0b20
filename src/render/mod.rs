//! Writers: each turns the layout layer's decisions into one file format, deciding nothing itself.

pub mod pdf;
