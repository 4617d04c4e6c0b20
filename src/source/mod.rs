//! Reading `report.yaml`: the spanned YAML tree and its interpretation as a [`crate::model::Report`].

pub mod keys;
pub mod load;
pub mod tree;
pub mod write;

pub use load::{LoadError, Loaded, load_file, load_str};
