//! The one diagnostic type of weft. Every phase produces [`Diagnostic`]s as
//! plain data; rendering (terminal, JSON, SARIF, LSP) happens only at the edges.

use crate::codes::Code;
use crate::span::Span;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Changelog-only information.
    Info,
    /// Accepted, but risky; the build still succeeds.
    Warning,
    /// The model is wrong; nothing is generated.
    Error,
}

/// A span with a short message, shown under the source line.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there (may be empty).
    pub message: String,
}

/// One finding: a stable code, a severity, a message, a primary label,
/// secondary labels, help that says how to fix it, and notes.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Stable, registered code such as `E001`; documented by `weft explain`.
    pub code: Code,
    /// Error, warning or info.
    pub severity: Severity,
    /// One sentence saying what is wrong.
    pub message: String,
    /// The place the finding is about.
    pub primary: Label,
    /// Other places that explain it.
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// Further facts.
    pub notes: Vec<String>,
    /// A machine-applicable fix, if the finding has an obvious one.
    pub fix: Option<Fix>,
}

/// A replacement of one span's text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Edit {
    /// What to replace (an empty span inserts).
    pub span: Span,
    /// The new text.
    pub text: String,
}

/// A suggested change that fixes a finding: text edits, applied together.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    /// What the fix does, as an editor offers it ("import `std.Money`").
    pub title: String,
    /// The edits, in any order; they never overlap.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// Replaces a misspelt word (a name, a keyword) with `text`.
    pub fn replace(span: Span, text: &str) -> Fix {
        Fix {
            title: format!("change to `{text}`"),
            edits: vec![Edit {
                span,
                text: text.to_string(),
            }],
        }
    }
}

impl Diagnostic {
    /// An error with a primary label.
    pub fn error(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message, span, label)
    }

    /// A warning with a primary label.
    pub fn warning(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message, span, label)
    }

    /// A finding with its code's own severity.
    pub fn with_code_severity(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(code.severity(), code, message, span, label)
    }

    /// A finding with an explicit severity.
    pub fn new(
        severity: Severity,
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            message: message.into(),
            primary: Label {
                span,
                message: label.into(),
            },
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
            fix: None,
        }
    }

    /// Adds help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label.
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a fix.
    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }

    /// Adds the fix that writes `meant` in place of the misspelt word at
    /// `word` ([`Fix::replace`]), when a word is meant (the closest one by
    /// [`crate::suggest::suggest`]).
    pub fn with_replacement(self, word: Span, meant: Option<&str>) -> Diagnostic {
        match meant {
            Some(meant) => self.with_fix(Fix::replace(word, meant)),
            None => self,
        }
    }

    /// Adds a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }
}
