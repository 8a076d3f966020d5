//! `--format json`: one object per diagnostic with file, 1-based line and
//! column, byte offsets, labels and help. The shape is stable for CI tools.

use crate::sources::SourceMap;
use serde::Serialize;
use weft_syntax::{Diagnostic, Label, Severity};

/// A diagnostic as JSON tools see it.
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    /// Stable code such as `E001`.
    pub code: weft_base::Code,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The primary location.
    pub location: JsonLocation,
    /// Secondary locations.
    pub labels: Vec<JsonLocation>,
    /// How to fix it.
    pub help: Option<String>,
    /// Further facts.
    pub notes: Vec<String>,
}

/// A place in a file.
#[derive(Debug, Serialize)]
pub struct JsonLocation {
    /// The file as shown to users.
    pub file: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column (in characters) of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end.
    pub end_column: usize,
    /// Byte offset of the start.
    pub start: u32,
    /// Byte offset of the end.
    pub end: u32,
    /// The label's message.
    pub message: String,
}

#[derive(Serialize)]
struct JsonReport {
    diagnostics: Vec<JsonDiagnostic>,
    errors: usize,
    warnings: usize,
}

/// The whole report as pretty JSON.
pub fn render_json(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let report = JsonReport {
        diagnostics: diagnostics
            .iter()
            .map(|diagnostic| to_json(sources, diagnostic))
            .collect(),
        errors: diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == Severity::Error)
            .count(),
        warnings: diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == Severity::Warning)
            .count(),
    };
    serde_json::to_string_pretty(&report)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
}

fn to_json(sources: &SourceMap, diagnostic: &Diagnostic) -> JsonDiagnostic {
    JsonDiagnostic {
        code: diagnostic.code,
        severity: diagnostic.severity,
        message: diagnostic.message.clone(),
        location: location(sources, &diagnostic.primary),
        labels: diagnostic
            .secondary
            .iter()
            .map(|label| location(sources, label))
            .collect(),
        help: diagnostic.help.clone(),
        notes: diagnostic.notes.clone(),
    }
}

fn location(sources: &SourceMap, label: &Label) -> JsonLocation {
    let file = sources.get(label.span.file);
    let (line, column) = file.map_or((1, 1), |file| file.line_column(label.span.start as usize));
    let (end_line, end_column) =
        file.map_or((1, 1), |file| file.line_column(label.span.end as usize));
    JsonLocation {
        file: file.map_or_else(String::new, |file| file.name.clone()),
        line,
        column,
        end_line,
        end_column,
        start: label.span.start,
        end: label.span.end,
        message: label.message.clone(),
    }
}
