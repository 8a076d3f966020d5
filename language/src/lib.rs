//! The weft language: grammar, error-tolerant parser, typed syntax tree and
//! formatter.
//!
//! This crate knows nothing about projects, the file system, the compiler's
//! checks or the editor: it turns text keyed by a [`FileId`] into a
//! [`ParsedFile`] and back into canonical text.

pub mod diagnostic;
pub mod format;
pub mod parse;
pub mod span;
pub mod split;
pub mod syntax;

pub use diagnostic::{Diagnostic, Label, Severity};
pub use format::{format_file, format_source};
pub use parse::{parse_file, ParsedFile};
pub use span::{FileId, Span};
