//! `parse_file`: text in, syntax tree plus diagnostics out. It never fails.
//!
//! Two parsers produce the same tree. [`parse_file`] (and the incremental
//! [`parse_declaration`], and [`parse_file_deferring`], which `weft check`
//! uses) run the hand-written parser of [`crate::parser`]: the compiler,
//! the formatter and the benchmark use it. The pest grammar
//! (`grammar.pest`) stays the normative definition of the language and is
//! kept runnable as the *oracle*, [`parse_file_with_oracle`]: differential
//! tests hold the two to identical trees, and `weft debug ast --oracle`
//! shows the oracle's tree.
//!
//! Both cut the file into declarations first (see `split`), so the column-0
//! rule lives in one place. With the oracle, pest parses each declaration on
//! its own; a declaration it rejects becomes an [`ItemKind::Broken`] that
//! keeps its keyword and name, and broken members inside bodies are
//! swallowed by the grammar's `bad_*` rules and reported here.

mod build;
mod build_api;
mod build_expr;
mod build_workflow;
pub(crate) mod errors;

use crate::split::{split, Chunk};
use crate::syntax::{BrokenDecl, Comment, DeclKind, Ident, Item, ItemKind, Name, Shift};
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
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedFile {
    /// The file the tree came from.
    pub file: FileId,
    /// Declarations in source order.
    pub items: Vec<Item>,
    /// Ordinary `//` comments in source order.
    pub comments: Vec<Comment>,
    /// Syntax errors in source order.
    pub errors: Vec<Diagnostic>,
    /// The clauses of declarations that did not parse and are not in the
    /// tree, in source order (see [`UnparsedClause`]).
    pub unparsed_clauses: Vec<UnparsedClause>,
}

/// A clause of a body (`owner`, `host`, `version` … of a declaration's own
/// body; `path`, `timeout`, `call` … of a nested one) that did not parse:
/// the syntax error on its line reports it, and the body keeps its other
/// members. The resolver reads these so as not to report the clause missing
/// as well (E315), and the checks so as not to judge what the clause would
/// have settled (`Model::unparsed`): a half-typed `owner` is one mistake,
/// reported once, where it is typed. Only clauses that start with a word
/// are listed.
#[derive(Clone, Debug, PartialEq)]
pub struct UnparsedClause {
    /// The clause's first word: its keyword (or a word only its member
    /// reads as one, such as `query`); for a first word that misspells
    /// one of the body's clause keywords (`ownr`), that keyword (`owner`),
    /// so that the clause it was meant to be is not reported missing.
    pub keyword: Name,
    /// Where the keyword is.
    pub span: Span,
    /// Where it is written.
    pub place: UnparsedPlace,
}

/// Where an [`UnparsedClause`] is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnparsedPlace {
    /// In the declaration's own body.
    Body,
    /// In a nested body: an operation's, a step's options, a branch.
    NestedBody,
    /// An entry of a call's arguments or of a record literal (`number:`
    /// with its value still to come); its "keyword" is the entry's name.
    Entry,
}

impl ParsedFile {
    /// Whether the file parsed without errors.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// Moves every span of the tree (items, comments, and the labels and
    /// fixes of the errors) by `delta` bytes: the tree of the same text
    /// found `delta` bytes further on in a file.
    pub fn shift(&mut self, delta: i64) {
        let ParsedFile {
            file: _,
            items,
            comments,
            errors,
            unparsed_clauses,
        } = self;
        items.shift(delta);
        comments.shift(delta);
        errors.shift(delta);
        unparsed_clauses.shift(delta);
    }
}

/// Parses one file. Never fails and never panics: whatever is wrong becomes a
/// diagnostic, and every declaration that could be recognised is in the tree.
pub fn parse_file(file: FileId, text: &str) -> ParsedFile {
    crate::parser::parse_fragment(file, text, 0)
}

/// Parses part of a file for an editor that re-parses only what an edit
/// touched: `text` is one or more whole declarations (a range from
/// [`declaration_ranges`]) and `base` the offset of its first byte in the
/// file. Every span of the result is shifted by `base`, so the items are
/// exactly those [`parse_file`] gives for the whole file; with `base` 0 the
/// spans are relative to the declaration.
pub fn parse_declaration(file: FileId, text: &str, base: usize) -> ParsedFile {
    crate::parser::parse_fragment(file, text, base)
}

/// Parses one file for a pass-by-pass reader that wants the bodies of some
/// declarations only when it comes to them (`weft check` resolves events
/// and APIs after everything is declared, and so never holds all their
/// trees at once). Each declaration whose kind `defer` picks (those whose
/// body is all their syntax after the name: events, APIs and workflows;
/// other kinds are parsed whole) is in the tree with its docs, annotations
/// and name but an empty body, and listed in [`Deferred`], which keeps its
/// tokens: [`Deferred::parse`] later gives its whole item, errors and
/// unparsed clauses, exactly what [`parse_file`] would have given, without
/// reading the text again. A declaration whose head (up to its name) does
/// not parse cleanly is parsed whole at once.
pub fn parse_file_deferring(
    file: FileId,
    text: &str,
    defer: &dyn Fn(DeclKind) -> bool,
) -> (ParsedFile, Deferred) {
    crate::parser::parse_deferring(file, text, defer)
}

/// The declarations [`parse_file_deferring`] left unparsed after their
/// names, with their significant tokens (12 bytes each).
#[derive(Clone, Debug, Default)]
pub struct Deferred {
    pub(crate) bodies: Vec<DeferredBody>,
    /// The significant tokens of every deferred declaration, one after the
    /// other.
    pub(crate) tokens: Vec<crate::parser::Tok>,
}

/// A declaration [`parse_file_deferring`] left unparsed after its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeferredBody {
    /// Its position in [`ParsedFile::items`].
    pub item: usize,
    /// The splitter's view of it: its range in the file, kind and nesting.
    pub(crate) chunk: Chunk,
    /// Its tokens in [`Deferred::tokens`].
    pub(crate) tokens: std::ops::Range<usize>,
}

impl DeferredBody {
    /// Its text's byte range in the file, docs and annotations included.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.chunk.start..self.chunk.end
    }
}

impl Deferred {
    /// The deferred declarations, in file order.
    pub fn bodies(&self) -> &[DeferredBody] {
        &self.bodies
    }

    /// Parses one of [`Self::bodies`] of the file `text` (the text this was
    /// made from): the same item, errors and unparsed clauses as the whole
    /// parse of the file gives for that declaration (no comments: the
    /// file's parse has them all). A text too short to hold the body (not
    /// the one it was made from) gives an empty result.
    pub fn parse(&self, file: FileId, text: &str, body: &DeferredBody) -> ParsedFile {
        let tokens = self.tokens.get(body.tokens.clone());
        match (text.get(body.range()), tokens) {
            (Some(_), Some(tokens)) => crate::parser::parse_deferred_body(file, text, body, tokens),
            _ => ParsedFile {
                file,
                ..ParsedFile::default()
            },
        }
    }
}

/// The byte ranges of a file's top-level declarations (and of any stray
/// text before the first one), in order: the units [`parse_declaration`]
/// takes. Ordinary comments and blank lines between declarations (or
/// before the first) belong to no range, so parsing the ranges one by one
/// does not list them; the editor's re-parse (`weft_lsp::reparse`)
/// parses a span of text that holds the edit whole, and keeps the other
/// comments from the tree before. Cheap: one pass of the lexer, no
/// parsing.
pub fn declaration_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    split(text)
        .chunks
        .iter()
        .map(|chunk| chunk.start..chunk.end)
        .collect()
}

/// Parses one file with the pest grammar, the oracle the hand-written parser
/// is tested against. Same result type and guarantees as [`parse_file`],
/// much slower; its messages may differ.
pub fn parse_file_with_oracle(file: FileId, text: &str) -> ParsedFile {
    parse_with_call_limit(file, text, None)
}

/// [`parse_file`] with a fixed step budget per declaration instead of one
/// proportional to its size, so that tests can reach it cheaply.
#[doc(hidden)]
pub fn parse_with_step_budget(file: FileId, text: &str, steps: usize) -> ParsedFile {
    crate::parser::parse_with_budget(file, text, 0, Some(steps))
}

/// The oracle with a fixed grammar call limit per declaration instead of one
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
    // The oracle lists no unparsed clauses: it only backs tests, and
    // resolution reads the hand-written parser's trees.
    let mut parsed = ParsedFile {
        file,
        items: Vec::new(),
        comments,
        errors: Vec::new(),
        unparsed_clauses: Vec::new(),
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
    broken_item_at(file, text, 0, chunk, kind, span)
}

/// [`broken_item`] for a text whose first byte is at `base` in the file.
pub(crate) fn broken_item_at(
    file: FileId,
    text: &str,
    base: usize,
    chunk: &Chunk,
    kind: DeclKind,
    span: Span,
) -> Item {
    let chunk_text = &text[chunk.start..chunk.end];
    let start = base + chunk.start;
    let name = declared_name(chunk_text, kind).map(|(offset, name)| Ident {
        text: name.into(),
        span: Span::new(file, start + offset, start + offset + name.len()),
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

    #[test]
    fn stray_text_is_marked_up_to_a_character_start() {
        // 199 letters, then `é` (bytes 199..201): the mark, at most 200
        // bytes, stops before it instead of inside it.
        let text = format!("{}é more\npackage demo\n", "a".repeat(199));
        let parsed = parse_file(FileId(0), &text);
        let span = parsed.errors.first().map(|error| error.primary.span);
        assert_eq!(span.map(|span| (span.start, span.end)), Some((0, 199)));
    }
}
