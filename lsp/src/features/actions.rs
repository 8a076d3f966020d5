//! `textDocument/codeAction`: the quick fixes the compiler attached to its
//! diagnostics (`Diagnostic::fix`), as workspace edits.

use super::{diagnostics::convert, document, location};
use crate::world::World;
use lsp_types::*;
use std::collections::HashMap;

pub(crate) fn actions(world: &World, params: CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
    let (analysis, file) = document(world, &params.text_document.uri)?;
    let text = analysis.text(file)?;
    let start = text.offset(params.range.start);
    let end = text.offset(params.range.end);
    let mut found = Vec::new();
    for diagnostic in &analysis.result.diagnostics {
        let span = diagnostic.primary.span;
        if span.file != file || (span.end as usize) < start || (span.start as usize) > end {
            continue;
        }
        let Some(fix) = &diagnostic.fix else {
            continue;
        };
        let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
        for edit in &fix.edits {
            if let Some(place) = location(&analysis, edit.span) {
                changes
                    .entry(place.uri)
                    .or_default()
                    .push(TextEdit::new(place.range, edit.text.clone()));
            }
        }
        if changes.is_empty() {
            continue;
        }
        found.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: fix.title.clone(),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: convert(&analysis, diagnostic).map(|converted| vec![converted]),
            edit: Some(WorkspaceEdit {
                changes: Some(changes),
                ..Default::default()
            }),
            is_preferred: Some(true),
            ..Default::default()
        }));
    }
    Some(found)
}
