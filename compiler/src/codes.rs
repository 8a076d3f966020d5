//! The one table of diagnostic codes. Every code any phase emits is
//! registered here with its documentation page (`docs/diagnostics/CODE.md`),
//! which `weft explain CODE` prints. Never remove or reuse an entry: CI
//! configurations and suppression files refer to codes by name.

use weft_language::parse::codes as syntax;
use weft_language::Severity;

/// A manifest that cannot be read or does not validate.
pub const INVALID_MANIFEST: &str = "E010";
/// A source file that is not UTF-8.
pub const NOT_UTF8: &str = "E011";

/// One registered code.
#[derive(Clone, Copy, Debug)]
pub struct CodeInfo {
    /// The code, such as `E001`.
    pub code: &'static str,
    /// The usual severity.
    pub severity: Severity,
    /// A short title.
    pub title: &'static str,
    /// The markdown page.
    pub page: &'static str,
}

macro_rules! page {
    ($code:literal) => {
        include_str!(concat!("../../docs/diagnostics/", $code, ".md"))
    };
}

/// Every registered code, sorted.
pub const CODES: &[CodeInfo] = &[
    CodeInfo {
        code: syntax::UNEXPECTED,
        severity: Severity::Error,
        title: "syntax error",
        page: page!("E001"),
    },
    CodeInfo {
        code: syntax::UNTERMINATED_STRING,
        severity: Severity::Error,
        title: "unterminated string",
        page: page!("E002"),
    },
    CodeInfo {
        code: syntax::UNCLOSED_BLOCK,
        severity: Severity::Error,
        title: "unclosed block",
        page: page!("E003"),
    },
    CodeInfo {
        code: syntax::TOO_DEEP,
        severity: Severity::Error,
        title: "nesting too deep",
        page: page!("E004"),
    },
    CodeInfo {
        code: syntax::TOO_COMPLEX,
        severity: Severity::Error,
        title: "declaration too complex",
        page: page!("E005"),
    },
    CodeInfo {
        code: syntax::STRAY_TEXT,
        severity: Severity::Error,
        title: "text outside any declaration",
        page: page!("E006"),
    },
    CodeInfo {
        code: syntax::STRAY_DOC_COMMENT,
        severity: Severity::Error,
        title: "misplaced doc comment",
        page: page!("E007"),
    },
    CodeInfo {
        code: syntax::EXPRESSION_TOO_LONG,
        severity: Severity::Error,
        title: "expression too long",
        page: page!("E008"),
    },
    CodeInfo {
        code: INVALID_MANIFEST,
        severity: Severity::Error,
        title: "invalid manifest",
        page: page!("E010"),
    },
    CodeInfo {
        code: NOT_UTF8,
        severity: Severity::Error,
        title: "source is not UTF-8",
        page: page!("E011"),
    },
];

/// The registered code with this name (case-insensitive).
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    CODES
        .iter()
        .find(|info| info.code.eq_ignore_ascii_case(code))
}
