//! Formatter (in progress).
use crate::parse::ParsedFile;
/// Formats.
pub fn format_file(_parsed: &ParsedFile, text: &str) -> String { text.to_string() }
