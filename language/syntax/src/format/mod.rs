//! `weft fmt`'s engine: a parsed file in, its one canonical layout out.
//!
//! There is exactly one way to format a weft file, and this module is its
//! definition:
//!
//! - Declarations are separated by one blank line, except consecutive `use`
//!   lines, which have none.
//! - Two spaces of indentation per level; `{` ends the line that opens a
//!   body, `}` has a line of its own, an empty body is `{}`.
//! - One member, clause, step or step option per line. Between two members
//!   there is one blank line where the source had one or more, none
//!   otherwise; in events and APIs a `version` or `operation` that follows
//!   another member always has a blank line before it. A workflow lists its
//!   clauses before its steps, except a `timeout` written after a step,
//!   which stays there (E709 reports it; moved up it would change meaning).
//! - Doc comments are `/// text` lines; annotations have a line each, after
//!   the doc comment and before what they annotate.
//! - Single spaces around `=`, `:` (after it only) and binary operators; a
//!   comma is followed by one space.
//! - Record literals, list literals, argument lists and `use` lists stay on
//!   one line when the whole line fits in 100 columns and holds no comment,
//!   otherwise they put one entry per line with a trailing comma.
//! - Strings are re-escaped canonically; numbers, durations and versions are
//!   printed as written.
//! - Every ordinary `//` comment is kept: on a line of its own before the
//!   member that followed it, or after the member it ended the line of,
//!   separated by two spaces. A comment inside an expression that is printed
//!   on one line moves to the next line break.
//! - The text ends with exactly one newline; lines end with `\n`.
//!
//! Formatting is idempotent, and the formatted text parses to the same tree
//! as the original, spans aside.

mod api;
mod blocks;
mod expr;
mod items;
mod printer;
mod types;
mod workflow;

#[cfg(test)]
mod tests;

use crate::parse::{parse_file, ParsedFile};
use crate::syntax::{Comment, ItemKind};
use printer::{Blank, Printer};
use weft_base::span::FileId;
use weft_base::Diagnostic;

/// Formats a parsed file in the canonical layout; `text` is the source the
/// file was parsed from (comments and blank lines are read from it).
///
/// Call it only when `parsed.errors` is empty: a file with syntax errors is
/// never formatted, because the tree does not hold what the broken parts
/// said. (Should it be called anyway, broken declarations are copied as they
/// are.) [`format_source`] parses and checks that for you.
pub fn format_file(parsed: &ParsedFile, text: &str) -> String {
    // A `///` after other text on a line is a doc comment to the grammar (it
    // is in the tree) but the splitter also lists it as a comment.
    let comments: Vec<Comment> = parsed
        .comments
        .iter()
        .filter(|comment| !is_doc_comment(&comment.text))
        .cloned()
        .collect();
    let mut printer = Printer::new(text, &comments);
    let extents: Vec<(u32, u32)> = parsed
        .items
        .iter()
        .map(|item| (item.span.start, printer.code_end(item.span.end)))
        .collect();
    let mut previous: Option<(u32, bool)> = None;
    for (index, (item, &(start, end))) in parsed.items.iter().zip(&extents).enumerate() {
        let is_use = matches!(item.kind, ItemKind::Use(_));
        let first = match previous {
            Some((_, true)) if is_use && !printer.has_pending_before(start) => Blank::Never,
            Some((_, true)) if is_use => Blank::Source,
            _ => Blank::Always,
        };
        printer.gap(previous.map(|(previous_end, _)| previous_end), start, first);
        printer.item(item, end);
        let limit = extents
            .get(index + 1)
            .map_or(u32::MAX, |&(next_start, _)| next_start);
        printer.trailing(end, limit);
        previous = Some((end, is_use));
    }
    printer.close_gap(previous.map(|(end, _)| end), u32::MAX);
    printer.finish()
}

/// Whether a comment's text is really a doc comment: `///` but not `////`.
fn is_doc_comment(text: &str) -> bool {
    text.starts_with("///") && !text.starts_with("////")
}

/// Parses `text` and formats it, or returns the syntax errors if it has any
/// (a file with syntax errors is not formatted).
pub fn format_source(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let parsed = parse_file(file, text);
    if parsed.errors.is_empty() {
        Ok(format_file(&parsed, text))
    } else {
        Err(parsed.errors)
    }
}
