//! Terminal output with source snippets, via codespan-reporting.

use crate::sources::SourceMap;
use codespan_reporting::diagnostic::{Diagnostic as Report, Label, LabelStyle};
use codespan_reporting::term::{self, termcolor::WriteColor, Config};
use weft_syntax::{Diagnostic, Severity};

/// Writes every diagnostic to `out`, then a summary line.
pub fn render_human(
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
    out: &mut dyn WriteColor,
) -> std::io::Result<()> {
    let config = Config::default();
    for diagnostic in diagnostics {
        let report = to_report(diagnostic);
        term::emit(out, &config, sources, &report)
            .map_err(|error| std::io::Error::other(error.to_string()))?;
    }
    let errors = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .count();
    let warnings = diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Warning)
        .count();
    if errors + warnings > 0 {
        writeln!(out, "{} found", summary(errors, warnings))?;
    }
    Ok(())
}

/// "2 errors, 1 warning".
pub fn summary(errors: usize, warnings: usize) -> String {
    let plural =
        |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

fn to_report(diagnostic: &Diagnostic) -> Report<weft_syntax::FileId> {
    let report = match diagnostic.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
        Severity::Info => Report::note(),
    };
    let primary = &diagnostic.primary;
    let mut labels = vec![
        Label::new(LabelStyle::Primary, primary.span.file, primary.span.range())
            .with_message(&primary.message),
    ];
    labels.extend(diagnostic.secondary.iter().map(|label| {
        Label::new(LabelStyle::Secondary, label.span.file, label.span.range())
            .with_message(&label.message)
    }));
    let mut notes: Vec<String> = diagnostic
        .notes
        .iter()
        .map(|note| format!("note: {note}"))
        .collect();
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {help}"));
    }
    report
        .with_code(diagnostic.code.as_str())
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes)
}
