//! `textDocument/formatting`: the whole document through `weft fmt`'s
//! formatter. A file with syntax errors is left alone, as `weft fmt` does.

use super::document;
use crate::world::World;
use lsp_types::{DocumentFormattingParams, TextEdit};

pub(crate) fn format(world: &World, params: DocumentFormattingParams) -> Option<Vec<TextEdit>> {
    let (analysis, file) = document(world, &params.text_document.uri)?;
    let text = analysis.text(file)?;
    // Formatting is offered for weft sources only, never for weft.toml.
    analysis
        .path(file)
        .filter(|path| path.extension().is_some_and(|ext| ext == "weft"))?;
    let formatted = weft_syntax::format_source(file, text.text).ok()?;
    if formatted == text.text {
        return Some(Vec::new());
    }
    Some(vec![TextEdit::new(
        text.range(0..text.text.len()),
        formatted,
    )])
}
