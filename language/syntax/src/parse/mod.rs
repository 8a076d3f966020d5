//! `parse_file`: text in, syntax tree plus diagnostics out. It never fails.
//!
//! The file is first cut into declarations (see `split`), then the pest
//! grammar parses each declaration on its own. A declaration the grammar
//! rejects becomes an [`ItemKind::Broken`] that keeps its keyword and name;
//! broken members inside bodies are swallowed by the grammar's `bad_*` rules
//! and reported here, so the rest of the body survives.

mod build;
mod build_api;
mod build_expr;
mod build_workflow;
mod errors;

use crate::split::{split, Chunk};
use crate::syntax::{BrokenDecl, Comment, DeclKind, Ident, Item, ItemKind};
use pest::Parser;
use std::num::NonZeroUsize;
use weft_base::span::{FileId, Span};
use weft_base::Diagnostic;

mod grammar {
    #![allow(missing_docs)]
    //! The pest grammar; its rule names are internal and never shown to users.

    #[derive(pest_derive::Parser)]
    #[grammar = "grammar.pest"]
    pub struct WeftGrammar;
}

pub use grammar::{Rule, WeftGrammar};

/// Bracket nesting deeper than this is refused before the grammar runs: the
/// grammar and the tree builder recurse once per level.
pub const MAX_NESTING: usize = 64;

/// How many grammar calls one declaration may take per byte of its text (plus
/// a floor) before parsing gives up with a diagnostic instead of running on.
const CALLS_PER_BYTE: usize = 400;
const MIN_CALLS: usize = 200_000;

/// A parsed file: the declarations that were found (broken ones included),
/// the ordinary comments, and every syntax error.
#[derive(Clone, Debug, Default)]
pub struct ParsedFile {
    /// The file the tree came from.
    pub file: FileId,
    /// Declarations in source order.
    pub items: Vec<Item>,
    /// Ordinary `//` comments in source order.
    pub comments: Vec<Comment>,
    /// Syntax errors in source order.
    pub errors: Vec<Diagnostic>,
}

impl ParsedFile {
    /// Whether the file parsed without errors.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Parses one file. Never fails and never panics: whatever is wrong becomes a
/// diagnostic, and every declaration that could be recognised is in the tree.
pub fn parse_file(file: FileId, text: &str) -> ParsedFile {
    parse_with_call_limit(file, text, None)
}

/// `parse_file` with a fixed grammar call limit per declaration instead of one
/// proportional to its size. Tests use it to reach the limit cheaply; pest's
/// limit is process-wide, so such a test needs a process of its own.
#[doc(hidden)]
pub fn parse_with_call_limit(file: FileId, text: &str, fixed_limit: Option<usize>) -> ParsedFile {
    let split = split(text);
    let comments = split
        .comments
        .iter()
        .map(|range| Comment {
            text: text[range.start..range.end].to_string(),
            span: Span::new(file, range.start, range.end),
        })
        .collect();
    let mut parsed = ParsedFile {
        file,
        items: Vec::new(),
        comments,
        errors: Vec::new(),
    };
    for chunk in &split.chunks {
        parse_chunk(file, text, chunk, fixed_limit, &mut parsed);
    }
    parsed
}

fn parse_chunk(
    file: FileId,
    text: &str,
    chunk: &Chunk,
    fixed_limit: Option<usize>,
    parsed: &mut ParsedFile,
) {
    let chunk_text = &text[chunk.start..chunk.end];
    let Some(kind) = chunk.kind else {
        parsed
            .errors
            .push(errors::stray_text(file, chunk.start, chunk_text));
        return;
    };
    let span = Span::new(file, chunk.start, chunk.start + chunk_text.trim_end().len());
    if chunk.max_depth > MAX_NESTING {
        parsed
            .errors
            .push(errors::too_deep(file, chunk.deepest_at, MAX_NESTING));
        parsed
            .items
            .push(broken_item(file, text, chunk, kind, span));
        return;
    }
    // The limit is process-wide in pest; every parse sets its own before it runs.
    let call_limit = fixed_limit
        .unwrap_or_else(|| MIN_CALLS.max(chunk_text.len().saturating_mul(CALLS_PER_BYTE)));
    pest::set_call_limit(NonZeroUsize::new(call_limit));
    let result = WeftGrammar::parse(Rule::item, chunk_text);
    match result {
        Ok(mut pairs) => {
            let mut builder = build::Builder::new(file, chunk.start, chunk_text);
            let item = pairs.next().and_then(|pair| builder.item(pair, span));
            parsed.errors.append(&mut builder.errors);
            match item {
                Some(item) => parsed.items.push(item),
                None => parsed
                    .items
                    .push(broken_item(file, text, chunk, kind, span)),
            }
        }
        Err(_) => {
            // Parse again with pest's detailed attempt tracking, which costs
            // time and so is only switched on to explain a failure.
            let error = parse_with_detail(Rule::item, chunk_text).err();
            let Some(error) = error else { return };
            parsed.errors.push(errors::from_pest(
                file,
                chunk.start,
                chunk_text,
                &error,
                Some(kind),
                None,
            ));
            parsed
                .items
                .push(broken_item(file, text, chunk, kind, span));
        }
    }
}

/// Parses with pest's error detail on. The setting is process-wide; another
/// thread's parse that starts meanwhile only becomes slower, never wrong.
pub(crate) fn parse_with_detail(rule: Rule, text: &str) -> Result<(), pest::error::Error<Rule>> {
    pest::set_error_detail(true);
    let result = WeftGrammar::parse(rule, text).map(|_| ());
    pest::set_error_detail(false);
    result
}

/// A declaration that did not parse keeps its keyword and (if valid) name.
fn broken_item(file: FileId, text: &str, chunk: &Chunk, kind: DeclKind, span: Span) -> Item {
    let chunk_text = &text[chunk.start..chunk.end];
    let name = declared_name(chunk_text, kind).map(|(start, name)| Ident {
        text: name.to_string(),
        span: Span::new(file, chunk.start + start, chunk.start + start + name.len()),
    });
    Item {
        attributes: Default::default(),
        kind: ItemKind::Broken(BrokenDecl { kind, name }),
        span,
    }
}

/// Finds `keyword name` at the start of a line and returns the name's offset.
fn declared_name(chunk_text: &str, kind: DeclKind) -> Option<(usize, &str)> {
    let keyword = kind.keyword();
    let mut offset = 0;
    for line in chunk_text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix(keyword) {
            let trimmed = rest.trim_start_matches([' ', '\t']);
            let name_start = offset + keyword.len() + (rest.len() - trimmed.len());
            let name_len = trimmed
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .unwrap_or(trimmed.len());
            let name = &trimmed[..name_len];
            let starts_well = name
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
            return starts_well.then_some((name_start, name));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let parsed = parse_file(FileId(0), "\u{feff}package demo\n\nrecord A {}\n");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.items.len(), 2);
    }
}
