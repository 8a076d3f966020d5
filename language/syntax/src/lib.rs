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
mod parser;
pub mod split;
pub mod syntax;

pub use format::{format_file, format_source};
pub use parse::{
    declaration_ranges, parse_declaration, parse_file, parse_file_deferring,
    parse_file_with_oracle, Deferred, DeferredBody, ParsedFile, UnparsedClause, UnparsedPlace,
};
/// Positions, re-exported from `weft-base` for the tree's users.
pub use smol_str::SmolStr;
pub use split::{declaration_start_after, declaration_start_before};
pub use weft_base::span;
pub use weft_base::{codes, Diagnostic, FileId, Label, Severity, Span};
