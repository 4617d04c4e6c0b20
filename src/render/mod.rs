//! Writers: each turns the layout layer's decisions into one file format, deciding nothing itself.

/// DOCX (Word) via docx-rs, finished by one patch step.
pub mod docx;
/// PDF typeset on the GB/T 9704 grid, written with krilla (embedded font subsets).
pub mod pdf;
/// XLSX (the statistical tables as a fillable workbook) via rust_xlsxwriter.
pub mod xlsx;
