//! `--format json`: one object per diagnostic with file, 1-based line and
//! column, byte offsets, labels and help. The shape is stable for CI tools.

use crate::compat::Facts;
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
    /// The compatibility facts of a `weft compat` finding (mode, versions,
    /// path, pointer, change, old, new, accepted, accepted_reason), as
    /// fields of the diagnostic itself; absent for other diagnostics.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub facts: Option<Facts>,
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
struct JsonReport<'a> {
    /// `weft compat` only: how the baseline was named.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a str>,
    diagnostics: Vec<JsonDiagnostic>,
    /// Errors (accepted findings are notes, so not counted).
    errors: usize,
    /// Warnings (the same).
    warnings: usize,
    /// `weft compat` only: changelog notes that no entry accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    infos: Option<usize>,
    /// `weft compat` only: findings an accepted-changes entry covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    accepted: Option<usize>,
}

/// The whole report as pretty JSON: `{"diagnostics": [...], "errors": N,
/// "warnings": N}`.
pub fn render_json(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    render(sources, diagnostics, None)
}

/// The report of `weft compat` as pretty JSON: the shape of
/// [`render_json`], each diagnostic with its [`Facts`] (`facts[i]` belongs
/// to `diagnostics[i]`) as extra fields, and the envelope with `baseline`,
/// `infos` and `accepted`.
pub fn render_compat_json(
    sources: &SourceMap,
    baseline: &str,
    diagnostics: &[Diagnostic],
    facts: &[Facts],
) -> String {
    render(sources, diagnostics, Some((baseline, facts)))
}

fn render(
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    compat: Option<(&str, &[Facts])>,
) -> String {
    let count = |severity: Severity| {
        diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == severity)
            .count()
    };
    let facts_of = |index: usize| compat.and_then(|(_, facts)| facts.get(index)).cloned();
    let accepted = compat.map(|(_, facts)| facts.iter().filter(|facts| facts.accepted).count());
    let report = JsonReport {
        baseline: compat.map(|(baseline, _)| baseline),
        diagnostics: diagnostics
            .iter()
            .enumerate()
            .map(|(index, diagnostic)| JsonDiagnostic {
                facts: facts_of(index),
                ..to_json(sources, diagnostic)
            })
            .collect(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: accepted.map(|accepted| count(Severity::Info).saturating_sub(accepted)),
        accepted,
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
        facts: None,
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
