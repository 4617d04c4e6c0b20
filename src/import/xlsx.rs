//! XLSX → [`Doc`].

use super::ImportError;
use super::doc::Doc;

/// Parses an XLSX file.
pub fn parse(_b: &[u8]) -> Result<Doc, ImportError> {
    Ok(Doc::default())
}
