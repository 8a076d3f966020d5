//! `textDocument/prepareRename` and `textDocument/rename`: every site of the
//! definition, across files, `use` lines and dotted references included
//! (each records the segment that names the definition). Names of the
//! standard library, keywords and event versions are refused.
//!
//! Refusals are `RequestFailed` with the reason: the parameters were
//! valid, the rename is not (`InvalidParams` is for parameters without the
//! method's shape). Where there is no name at all, `prepareRename` answers
//! `null`, LSP's "no rename here", and the editor says so itself.

use super::{at, location, Failure};
use crate::analysis::{Analysis, Site};
use crate::world::World;
use lsp_types::*;
use std::collections::HashMap;
use weft_compiler::model::Definition;
use weft_syntax::keywords::is_keyword;

pub(crate) fn prepare(
    world: &World,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>, Failure> {
    let Some(at) = at(world, &params) else {
        return Ok(None);
    };
    let Some(site) = at.analysis.site_at(at.file, at.offset) else {
        return Ok(None);
    };
    let site = renamable(&at.analysis, site)?;
    let Some(range) = super::range(&at.analysis, site.span) else {
        return Ok(None);
    };
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range,
        placeholder: at.analysis.slice(site.span).to_string(),
    }))
}

pub(crate) fn rename(
    world: &World,
    params: RenameParams,
) -> Result<Option<WorkspaceEdit>, Failure> {
    let Some(at) = at(world, &params.text_document_position) else {
        return Ok(None);
    };
    let Some(site) = at.analysis.site_at(at.file, at.offset) else {
        return Err(Failure::failed("there is no name to rename here"));
    };
    let site = renamable(&at.analysis, site)?;
    let new_name = params.new_name.trim();
    if !is_name(new_name) {
        return Err(Failure::failed(format!(
            "`{new_name}` is not a weft name: letters, digits and `_`, starting with a letter or `_`"
        )));
    }
    if is_keyword(new_name) {
        return Err(Failure::failed(format!(
            "`{new_name}` is a keyword of weft"
        )));
    }
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    for found in at.analysis.sites_of(site.to) {
        let Some(place) = location(&at.analysis, found.span) else {
            continue;
        };
        changes
            .entry(place.uri)
            .or_default()
            .push(TextEdit::new(place.range, new_name.to_string()));
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }))
}

fn renamable(analysis: &Analysis, site: Site) -> Result<Site, Failure> {
    if is_keyword(analysis.slice(site.span)) {
        return Err(Failure::failed("a keyword cannot be renamed"));
    }
    if matches!(site.to, Definition::EventVersion { .. }) {
        return Err(Failure::failed(
            "an event version is a number, not a name: add a version instead",
        ));
    }
    if analysis.is_std(site.to) {
        return Err(Failure::failed(
            "names of the standard library cannot be renamed",
        ));
    }
    Ok(site)
}

fn is_name(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
