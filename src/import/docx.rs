//! DOCX → [`Doc`].

use super::ImportError;
use super::doc::Doc;

/// Parses a DOCX file.
pub fn parse(_b: &[u8]) -> Result<Doc, ImportError> {
    Ok(Doc::default())
}
