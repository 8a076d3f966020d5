//! `textDocument/publishDiagnostics`: every finding of every phase, with its
//! code, a link to the code's page and the secondary labels as related
//! information.

use super::{location, range};
use crate::analysis::Analysis;
use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString, Url,
};
use std::collections::BTreeMap;
use std::path::PathBuf;
use weft_base::{Diagnostic, Severity};
use weft_compiler::render::WEFT_INFORMATION_URI;

/// The diagnostics of every project file (files without findings get an
/// empty list, which clears what the editor showed).
pub(crate) fn by_file(analysis: &Analysis) -> BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> {
    let mut files: BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>> = analysis
        .paths
        .iter()
        .flatten()
        .map(|path| (path.clone(), Vec::new()))
        .collect();
    for diagnostic in &analysis.result.diagnostics {
        let Some(path) = analysis.path(diagnostic.primary.span.file) else {
            continue;
        };
        if let Some(converted) = convert(analysis, diagnostic) {
            files.entry(path.to_path_buf()).or_default().push(converted);
        }
    }
    files
}

/// The page of a code, online.
pub(crate) fn page_url(code: &str) -> Option<Url> {
    Url::parse(&format!(
        "{WEFT_INFORMATION_URI}/blob/main/docs/diagnostics/{code}.md"
    ))
    .ok()
}

/// One diagnostic in LSP terms.
pub(crate) fn convert(
    analysis: &Analysis,
    diagnostic: &Diagnostic,
) -> Option<lsp_types::Diagnostic> {
    let code = diagnostic.code.as_str();
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    for note in &diagnostic.notes {
        message.push_str("\nnote: ");
        message.push_str(note);
    }
    let related: Vec<DiagnosticRelatedInformation> = diagnostic
        .secondary
        .iter()
        .filter_map(|label| {
            Some(DiagnosticRelatedInformation {
                location: location(analysis, label.span)?,
                message: if label.message.is_empty() {
                    "here".into()
                } else {
                    label.message.clone()
                },
            })
        })
        .collect();
    Some(lsp_types::Diagnostic {
        range: range(analysis, diagnostic.primary.span)?,
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(code.to_string())),
        code_description: page_url(code).map(|href| CodeDescription { href }),
        source: Some("weft".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    })
}
