//! The weft language: grammar, error-tolerant parser, typed syntax tree and
//! formatter.
//!
//! This crate knows nothing about projects, the file system, the compiler's
//! checks or the editor: it turns text keyed by a [`FileId`] into a
//! [`ParsedFile`] and back into canonical text.

pub mod format;
pub mod keywords;
pub mod lexer;
pub mod parse;
pub mod split;
pub mod syntax;

pub use format::{format_file, format_source};
pub use parse::{parse_file, ParsedFile};
/// Positions, re-exported from `weft-base` for the tree's users.
pub use weft_base::span;
pub use weft_base::{codes, Diagnostic, FileId, Label, Severity, Span};
