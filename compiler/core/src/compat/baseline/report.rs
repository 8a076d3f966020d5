//! Presenting baseline findings: accepted changes, diagnostics for the
//! human, SARIF and GitHub renderers, and the JSON report of
//! `weft compat --format json`.

use super::{Acceptance, Reported};
use crate::codes;
use crate::sources::SourceMap;
use serde::Serialize;
use weft_syntax::{Diagnostic, FileId, Label, Severity, Span};

/// Marks every finding an entry accepts (the entry's reason becomes a note)
/// and returns a warning for every entry that accepts nothing. `file` is the
/// accepted-changes file in the source map, `shown` its name for notes.
pub fn apply_acceptances(
    found: &mut [Reported],
    entries: &[Acceptance],
    file: FileId,
    shown: &str,
) -> Vec<Reported> {
    let mut stale = Vec::new();
    for entry in entries {
        let mut used = false;
        for reported in found.iter_mut() {
            if entry.matches(reported.code.as_str(), &reported.path) {
                used = true;
                if reported.accepted.is_none() {
                    reported.accepted = Some(entry.reason.clone());
                    reported
                        .notes
                        .push(format!("accepted in {shown}: {}", entry.reason));
                }
            }
        }
        if !used {
            stale.push(
                Reported::new(
                    codes::STALE_ACCEPTANCE,
                    Severity::Warning,
                    entry.path.clone(),
                    "stale_acceptance",
                    format!(
                        "accepted change {} at `{}` matches no finding",
                        entry.code, entry.path
                    ),
                    Span::new(file, entry.range.start, entry.range.end),
                    "accepts nothing",
                )
                .note("the change it accepted was fixed, or the code or path is misspelled")
                .help(format!(
                    "remove this entry from {shown}, or correct its `code` and `path` (they must equal a finding's, as `--format json` shows them)"
                )),
            );
        }
    }
    stale
}

/// The finding as a diagnostic for the renderers. An accepted finding
/// becomes a note (severity info), whatever its own severity.
pub fn to_diagnostic(reported: &Reported) -> Diagnostic {
    let mut diagnostic = match reported.severity {
        Severity::Error => Diagnostic::error(
            reported.code,
            reported.message.clone(),
            reported.span,
            reported.label.clone(),
        ),
        _ => Diagnostic::warning(
            reported.code,
            reported.message.clone(),
            reported.span,
            reported.label.clone(),
        ),
    };
    diagnostic.severity = if reported.accepted.is_some() {
        Severity::Info
    } else {
        reported.severity
    };
    diagnostic.secondary = reported
        .secondary
        .iter()
        .map(|(span, message)| Label {
            span: *span,
            message: message.clone(),
        })
        .collect();
    diagnostic.notes = reported.notes.clone();
    diagnostic.help = reported.help.clone();
    diagnostic
}

/// The JSON report of a comparison.
#[derive(Serialize)]
pub struct CompatReport<'a> {
    /// How the baseline was named.
    pub baseline: &'a str,
    /// Every finding, in source order.
    pub findings: Vec<JsonFinding<'a>>,
    /// Errors that fail the run (accepted ones are not counted).
    pub errors: usize,
    /// Warnings (accepted ones are not counted).
    pub warnings: usize,
    /// Changelog notes.
    pub infos: usize,
    /// Findings an accepted-changes entry covers.
    pub accepted: usize,
}

/// One finding in the JSON report.
#[derive(Serialize)]
pub struct JsonFinding<'a> {
    /// The finding's fields: code, severity, mode, versions, path, pointer,
    /// change, old, new, message, help.
    #[serde(flatten)]
    pub finding: &'a Reported,
    /// Whether an accepted-changes entry covers it.
    pub accepted: bool,
    /// The entry's reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accepted_reason: Option<&'a str>,
    /// Where it points in the new sources.
    pub location: JsonPlace,
    /// Further facts, as the human output shows them.
    pub notes: &'a [String],
}

/// A position in a source.
#[derive(Serialize)]
pub struct JsonPlace {
    /// The file as shown to users.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// The report as pretty JSON (`weft compat --format json`).
pub fn render_json(sources: &SourceMap, baseline: &str, found: &[Reported]) -> String {
    let count = |severity: Severity| {
        found
            .iter()
            .filter(|reported| reported.accepted.is_none() && reported.severity == severity)
            .count()
    };
    let report = CompatReport {
        baseline,
        findings: found
            .iter()
            .map(|reported| {
                let file = sources.get(reported.span.file);
                let (line, column) = file.map_or((1, 1), |file| {
                    file.line_column(reported.span.start as usize)
                });
                JsonFinding {
                    finding: reported,
                    accepted: reported.accepted.is_some(),
                    accepted_reason: reported.accepted.as_deref(),
                    location: JsonPlace {
                        file: file.map_or_else(String::new, |file| file.name.clone()),
                        line,
                        column,
                    },
                    notes: &reported.notes,
                }
            })
            .collect(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
        accepted: found
            .iter()
            .filter(|reported| reported.accepted.is_some())
            .count(),
    };
    serde_json::to_string_pretty(&report)
        .unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
}
