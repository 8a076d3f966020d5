//! `textDocument/inlayHint`: the type of each workflow variable (the
//! trigger's binding, each step's result, each loop item) after its name.

use super::document;
use crate::analysis::type_text;
use crate::world::World;
use lsp_types::*;
use weft_compiler::model::Type;

pub(crate) fn hints(world: &World, params: InlayHintParams) -> Option<Vec<InlayHint>> {
    let (analysis, file) = document(world, &params.text_document.uri)?;
    let text = analysis.text(file)?;
    let model = analysis.model();
    let mut hints = Vec::new();
    for workflow in &model.workflows {
        if workflow.name.span.file != file {
            continue;
        }
        for variable in &workflow.variables {
            if variable.span.file != file || variable.ty == Type::Unknown {
                continue;
            }
            let position = text.position(variable.span.end as usize);
            if position < params.range.start || position > params.range.end {
                continue;
            }
            hints.push(InlayHint {
                position,
                label: InlayHintLabel::String(format!(": {}", type_text(model, &variable.ty))),
                kind: Some(InlayHintKind::TYPE),
                text_edits: None,
                tooltip: None,
                padding_left: Some(false),
                padding_right: Some(true),
                data: None,
            });
        }
    }
    hints.sort_by_key(|hint| hint.position);
    Some(hints)
}
