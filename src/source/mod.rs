//! Reading `report.yaml`: the spanned YAML tree and its interpretation as a [`crate::model::Report`].

/// Pasted-text cleaning and unprintable characters, once at load time.
pub mod clean;
pub mod keys;
pub mod load;
/// Keyboard and paste mistakes found in the raw text, before the YAML parser.
pub mod prescan;
pub mod tree;
pub mod write;

pub use load::{LoadError, Loaded, load_file, load_str};
