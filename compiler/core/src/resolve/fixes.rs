//! Quick fixes the resolver attaches to its diagnostics: text edits an
//! editor offers and `weft check --fix` applies.

use weft_base::{Edit, Fix};
use weft_syntax::syntax::ItemKind;
use weft_syntax::{ParsedFile, Span};

/// Where a new `use` line goes: at the start of the line after the last
/// `use` or `package` line, else at the top of the file.
pub(crate) fn use_point(file: &ParsedFile) -> Span {
    let end = file
        .items
        .iter()
        .filter(|item| matches!(item.kind, ItemKind::Use(_) | ItemKind::Package(_)))
        .map(|item| item.span.end)
        .max();
    // A span ends on its last character; the line end after it is where
    // the next line starts (the edit adds its own line end).
    match end {
        Some(end) => Span {
            file: file.file,
            start: end,
            end,
        },
        None => Span::new(file.file, 0, 0),
    }
}

/// Adds `use name` at `at`.
pub(crate) fn add_use(at: Span, name: &str) -> Fix {
    let text = if at.start == 0 {
        format!("use {name}\n")
    } else {
        format!("\nuse {name}")
    };
    Fix {
        title: format!("import `{name}`"),
        edits: vec![Edit { span: at, text }],
    }
}
