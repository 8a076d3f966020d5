//! The requests the server answers, one module per feature, and the
//! capabilities it announces.

pub(crate) mod actions;
pub(crate) mod completion;
pub(crate) mod diagnostics;
pub(crate) mod format;
pub(crate) mod hints;
pub(crate) mod hover;
pub(crate) mod lens;
pub(crate) mod navigate;
pub(crate) mod rename;
pub(crate) mod symbols;
pub(crate) mod tokens;

use crate::analysis::Analysis;
use crate::convert::{path_of, Lines, Text};
use crate::world::World;
use lsp_server::ErrorCode;
use lsp_types::request::{self as req, Request as _};
use lsp_types::*;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::sync::Arc;
use weft_base::FileId;

/// A request that could not be answered.
pub(crate) struct Failure {
    pub(crate) code: ErrorCode,
    pub(crate) message: String,
}

impl Failure {
    /// Parameters that do not have the method's shape.
    pub(crate) fn invalid(message: impl Into<String>) -> Failure {
        Failure {
            code: ErrorCode::InvalidParams,
            message: message.into(),
        }
    }

    /// Valid parameters asking for what cannot be done (LSP's
    /// `RequestFailed`); the message says why.
    pub(crate) fn failed(message: impl Into<String>) -> Failure {
        Failure {
            code: ErrorCode::RequestFailed,
            message: message.into(),
        }
    }
}

pub(crate) type Answer = Result<Value, Failure>;

/// What the server can do.
pub(crate) fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        type_definition_provider: Some(TypeDefinitionProviderCapability::Simple(true)),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into(), " ".into(), "(".into()]),
            ..Default::default()
        }),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: tokens::legend(),
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                work_done_progress_options: Default::default(),
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        inlay_hint_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

/// Answers one request.
pub(crate) fn handle(world: &World, method: &str, params: Value) -> Answer {
    match method {
        req::HoverRequest::METHOD => reply(hover::hover(world, parse(params)?)),
        req::GotoDefinition::METHOD => reply(navigate::definition(world, parse(params)?)),
        req::GotoTypeDefinition::METHOD => reply(navigate::type_definition(world, parse(params)?)),
        req::References::METHOD => reply(navigate::references(world, parse(params)?)),
        req::DocumentHighlightRequest::METHOD => reply(navigate::highlights(world, parse(params)?)),
        req::DocumentSymbolRequest::METHOD => reply(symbols::document(world, parse(params)?)),
        req::WorkspaceSymbolRequest::METHOD => reply(symbols::workspace(world, parse(params)?)),
        req::Formatting::METHOD => reply(format::format(world, parse(params)?)),
        req::PrepareRenameRequest::METHOD => reply(rename::prepare(world, parse(params)?)?),
        req::Rename::METHOD => reply(rename::rename(world, parse(params)?)?),
        req::Completion::METHOD => reply(completion::complete(world, parse(params)?)),
        req::SemanticTokensFullRequest::METHOD => reply(tokens::full(world, parse(params)?)),
        req::CodeActionRequest::METHOD => reply(actions::actions(world, parse(params)?)),
        req::CodeLensRequest::METHOD => reply(lens::lenses(world, parse(params)?)),
        req::InlayHintRequest::METHOD => reply(hints::hints(world, parse(params)?)),
        #[cfg(test)]
        "weft/panic" => panic!("a handler panicked on purpose"),
        _ => Err(Failure {
            code: ErrorCode::MethodNotFound,
            message: format!("weft lsp does not answer `{method}`"),
        }),
    }
}

fn parse<P: DeserializeOwned>(params: Value) -> Result<P, Failure> {
    serde_json::from_value(params).map_err(|error| Failure::invalid(error.to_string()))
}

fn reply<R: serde::Serialize>(result: R) -> Answer {
    serde_json::to_value(result).map_err(|error| Failure {
        code: ErrorCode::InternalError,
        message: error.to_string(),
    })
}

/// Applies one change of `didChange` to a document's text.
pub(crate) fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent) {
    let Some(range) = change.range else {
        *text = change.text;
        return;
    };
    let lines = Lines::new(text);
    let view = Text {
        text,
        lines: &lines,
    };
    let start = view.offset(range.start);
    let end = view.offset(range.end).max(start);
    text.replace_range(start..end, &change.text);
}

/// The analysis, file and byte offset a document position points at.
pub(crate) struct At {
    pub(crate) analysis: Arc<Analysis>,
    pub(crate) file: FileId,
    pub(crate) offset: usize,
}

/// Finds the analysis and file of a document.
pub(crate) fn document(world: &World, uri: &Url) -> Option<(Arc<Analysis>, FileId)> {
    let path = path_of(uri)?;
    let analysis = world.analysis_for(&path)?;
    let file = analysis.file_id(&path)?;
    Some((analysis, file))
}

/// Finds what a position points at.
pub(crate) fn at(world: &World, position: &TextDocumentPositionParams) -> Option<At> {
    let (analysis, file) = document(world, &position.text_document.uri)?;
    let offset = analysis.text(file)?.offset(position.position);
    Some(At {
        analysis,
        file,
        offset,
    })
}

/// The location of a span, if its file has a path.
pub(crate) fn location(analysis: &Analysis, span: weft_base::Span) -> Option<Location> {
    let uri = crate::convert::uri_of(analysis.path(span.file)?)?;
    Some(Location::new(
        uri,
        analysis.text(span.file)?.range(span.range()),
    ))
}

/// The range of a span in its file.
pub(crate) fn range(analysis: &Analysis, span: weft_base::Span) -> Option<Range> {
    Some(analysis.text(span.file)?.range(span.range()))
}
