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

/// The version of the JSON envelope; it goes up when a field changes
/// meaning or goes away (new fields may appear without it).
pub const ENVELOPE_VERSION: u32 = 1;

/// The command that wrote a JSON report: every command that reports
/// results writes the same envelope ([`render_report`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportCommand {
    /// `weft check`.
    Check,
    /// `weft compat`.
    Compat,
    /// `weft build`.
    Build,
    /// `weft fmt`.
    Fmt,
    /// `weft lock`.
    Lock,
    /// `weft test`.
    Test,
}

/// What a command reports, for [`render_report`].
#[derive(Clone, Debug)]
pub struct Report<'a> {
    /// The command.
    pub command: ReportCommand,
    /// Whether the run succeeded (its exit code is 0).
    pub ok: bool,
    /// Where the diagnostics point.
    pub sources: &'a SourceMap,
    /// Its findings.
    pub diagnostics: &'a [Diagnostic],
    /// `weft compat` only: the baseline's name and each diagnostic's facts.
    pub compat: Option<(&'a str, &'a [Facts])>,
    /// What the command did besides its findings (files written, files
    /// that would be reformatted, tests run), as the command defines it.
    pub summary: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    /// [`ENVELOPE_VERSION`].
    version: u32,
    /// The command that wrote it.
    command: ReportCommand,
    /// Whether the run succeeded.
    ok: bool,
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
    /// What the command did, as it defines it.
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<serde_json::Value>,
    /// Why the command could not run (exit code 2); then `ok` is false.
    #[serde(skip_serializing_if = "Option::is_none")]
    fatal: Option<&'a str>,
}

/// The report of `weft check` as pretty JSON: the envelope
/// ([`render_report`]) with `ok` when there is no error.
pub fn render_json(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    render_report(&Report {
        command: ReportCommand::Check,
        ok: !diagnostics
            .iter()
            .any(|diagnostic| diagnostic.severity == Severity::Error),
        sources,
        diagnostics,
        compat: None,
        summary: None,
    })
}

/// The one JSON envelope of every command that reports results:
/// `{"version": 1, "command": "check", "ok": true, "diagnostics": [...],
/// "errors": N, "warnings": N, "summary": {...}}`, plus `baseline`,
/// `infos` and `accepted` for `weft compat`.
pub fn render_report(report: &Report<'_>) -> String {
    render(report, None)
}

/// The envelope of a command that could not run (exit code 2) when JSON
/// was asked for: `ok` false, no diagnostics, and the reason as `fatal`.
pub fn render_fatal(command: ReportCommand, message: &str) -> String {
    let sources = SourceMap::new();
    render(
        &Report {
            command,
            ok: false,
            sources: &sources,
            diagnostics: &[],
            compat: None,
            summary: None,
        },
        Some(message),
    )
}

/// The report of `weft compat` as pretty JSON: the envelope
/// ([`render_report`]), each diagnostic with its [`Facts`] (`facts[i]`
/// belongs to `diagnostics[i]`) as extra fields, with `baseline`, `infos`
/// and `accepted`; `ok` as the caller decided (`--fail-on`).
pub fn render_compat_json(
    sources: &SourceMap,
    baseline: &str,
    diagnostics: &[Diagnostic],
    facts: &[Facts],
    ok: bool,
) -> String {
    render_report(&Report {
        command: ReportCommand::Compat,
        ok,
        sources,
        diagnostics,
        compat: Some((baseline, facts)),
        summary: None,
    })
}

fn render(report: &Report<'_>, fatal: Option<&str>) -> String {
    let (sources, diagnostics, compat) = (report.sources, report.diagnostics, report.compat);
    let count = |severity: Severity| {
        diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == severity)
            .count()
    };
    let facts_of = |index: usize| compat.and_then(|(_, facts)| facts.get(index)).cloned();
    let accepted = compat.map(|(_, facts)| facts.iter().filter(|facts| facts.accepted).count());
    let json = JsonReport {
        version: ENVELOPE_VERSION,
        command: report.command,
        ok: report.ok && fatal.is_none(),
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
        summary: report.summary.clone(),
        fatal,
    };
    serde_json::to_string_pretty(&json)
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
