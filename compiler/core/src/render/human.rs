//! Terminal output with source snippets, via codespan-reporting.

use super::excerpt::{escape_text, Excerpt};
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
        let excerpt = Excerpt::new(sources, &label_ranges(diagnostic));
        let report = to_report(diagnostic, &excerpt);
        term::emit(out, &config, &excerpt, &report)
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

/// Every label's file and range, primary first.
fn label_ranges(diagnostic: &Diagnostic) -> Vec<(weft_syntax::FileId, std::ops::Range<usize>)> {
    std::iter::once(&diagnostic.primary)
        .chain(&diagnostic.secondary)
        .map(|label| (label.span.file, label.span.range()))
        .collect()
}

/// The codespan report, its ranges in the excerpt's text and every text
/// escaped: messages may quote source text.
fn to_report(diagnostic: &Diagnostic, excerpt: &Excerpt) -> Report<weft_syntax::FileId> {
    let report = match diagnostic.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
        Severity::Info => Report::note(),
    };
    let primary = &diagnostic.primary;
    let mut labels = vec![Label::new(
        LabelStyle::Primary,
        primary.span.file,
        excerpt.map_range(primary.span.file, primary.span.range()),
    )
    .with_message(escape_text(&primary.message))];
    labels.extend(diagnostic.secondary.iter().map(|label| {
        Label::new(
            LabelStyle::Secondary,
            label.span.file,
            excerpt.map_range(label.span.file, label.span.range()),
        )
        .with_message(escape_text(&label.message))
    }));
    let mut notes: Vec<String> = diagnostic
        .notes
        .iter()
        .map(|note| format!("note: {}", escape_text(note)))
        .collect();
    if let Some(help) = &diagnostic.help {
        notes.push(format!("help: {}", escape_text(help)));
    }
    if let Some(fix) = &diagnostic.fix {
        notes.push(format!(
            "suggestion: {} (`weft check --fix` applies it)",
            escape_text(&fix.title)
        ));
    }
    report
        .with_code(diagnostic.code.as_str())
        .with_message(escape_text(&diagnostic.message))
        .with_labels(labels)
        .with_notes(notes)
}
