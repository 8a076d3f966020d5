//! Quick fixes the checks attach to their diagnostics. Checks see only the
//! model's spans, never the text, so each fix is an insertion at a place
//! the span fixes: just before a declaration's (or a step's options
//! block's) closing brace, or after a step. They keep the file parseable
//! whatever its layout, and write indentation as two spaces per level:
//! `check` re-indents the inserted lines like the block they go into
//! (`fix::indent_fixes_like_sources`).

use crate::model::Operation;
use weft_base::{Edit, Fix, Span};

/// Adds the member line `member` before the closing `}` of the block that
/// `block` spans (ending on that brace), indented by `indent` spaces, the
/// brace keeping the indentation it had (`indent - 2`).
pub(crate) fn add_member(block: Span, member: &str, indent: usize) -> Fix {
    let at = block.end.saturating_sub(1);
    let closing = " ".repeat(indent.saturating_sub(2));
    Fix {
        title: format!("add `{member}`"),
        edits: vec![Edit {
            span: Span {
                file: block.file,
                start: at,
                end: at,
            },
            text: format!("{}{member}\n{closing}", " ".repeat(2)),
        }],
    }
}

/// Adds `option` to a step: as the last line of its options block when it
/// has one (`has_block`; the block ends the step's span, even an empty
/// one), or in a new block after the step.
pub(crate) fn add_step_option(step: Span, option: &str, has_block: bool) -> Fix {
    let title = format!("add `{option}` to the step");
    if has_block {
        return Fix {
            title,
            ..add_member(step, option, 4)
        };
    }
    Fix {
        title,
        edits: vec![Edit {
            span: Span {
                file: step.file,
                start: step.end,
                end: step.end,
            },
            text: format!(" {{\n    {option}\n  }}"),
        }],
    }
}

/// Replaces the version a clause ends with (`consumes E v1` → `v2`).
pub(crate) fn bump_version(clause: Span, from: u32, to: u32) -> Fix {
    let written = format!("v{from}").len() as u32;
    Fix {
        title: format!("read v{to}"),
        edits: vec![Edit {
            span: Span {
                file: clause.file,
                start: clause.end.saturating_sub(written),
                end: clause.end,
            },
            text: format!("v{to}"),
        }],
    }
}

/// Adds a flag line (`idempotent`, `audited`) to an operation, after its
/// last `writes` clause (the model keeps no span of the operation's
/// braces); an operation without one gets no fix.
pub(crate) fn add_operation_flag(operation: &Operation, flag: &str) -> Option<Fix> {
    let (_, last) = operation.writes.iter().max_by_key(|(_, span)| span.end)?;
    Some(Fix {
        title: format!("add `{flag}` to `{}`", operation.name),
        edits: vec![Edit {
            span: Span {
                file: last.file,
                start: last.end,
                end: last.end,
            },
            text: format!("\n    {flag}"),
        }],
    })
}
