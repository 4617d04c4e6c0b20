//! Writers: each turns the layout layer's decisions into one file format, deciding nothing itself.

/// DOCX (Word) via docx-rs, finished by one patch step.
pub mod docx;
/// HTML for the portal: a self-contained accessible page and a CMS-safe fragment.
pub mod html;
/// PDF typeset on the GB/T 9704 grid, written with krilla (embedded font subsets).
pub mod pdf;
/// XLSX (the statistical tables as a fillable workbook) via rust_xlsxwriter.
pub mod xlsx;
