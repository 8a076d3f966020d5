//! Rendering diagnostics at the edge: for people (codespan-reporting) and
//! for machines (JSON, SARIF 2.1.0 for code scanning, GitHub Actions
//! workflow commands for annotations). Diagnostics themselves stay plain data.

mod excerpt;
mod github;
mod human;
mod json;
mod sarif;

pub use github::render_github;
pub use human::render_human;
pub use json::{
    render_compat_json, render_fatal, render_json, render_report, JsonDiagnostic, Report,
    ReportCommand, ENVELOPE_VERSION,
};
pub use sarif::{render_sarif, SARIF_SCHEMA, WEFT_INFORMATION_URI};

use weft_syntax::Diagnostic;

/// The message of a diagnostic followed by its notes (`note: …`) and its
/// help (`help: …`), one per line: the text formats without room for
/// structure (SARIF's `message.text`, GitHub annotations) carry all of it.
fn full_message(diagnostic: &Diagnostic) -> String {
    let mut text = diagnostic.message.clone();
    for note in &diagnostic.notes {
        text.push_str("\nnote: ");
        text.push_str(note);
    }
    if let Some(help) = &diagnostic.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}
