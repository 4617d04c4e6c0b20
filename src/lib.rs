//! nianbao — 政府信息公开工作年度报告: one YAML source, checked, rendered to DOCX, XLSX and PDF.
//!
//! Pipeline: `source` (YAML reader) / `import` (legacy readers) → [`model::Report`] →
//! `check` (rules) → `layout` (backend-neutral blocks and tables) → `render::{docx,xlsx,pdf}`.
//! The library never prints and never exits; the binary (`src/main.rs`) does.

#![warn(missing_docs)]

pub mod aggregate;
pub mod amount;
pub mod check;
pub mod derive;
pub mod diag;
pub mod fonts;
pub mod import;
pub mod input;
pub mod layout;
pub mod manifest;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod schema;
pub mod source;
pub mod template;
pub mod text;
pub mod walk;
pub mod watch;
