//! PDF writer.
