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
/// Unresolved name.
pub const UNRESOLVED_NAME: &str = "E301";
/// Duplicate declaration.
pub const DUPLICATE_DECLARATION: &str = "E302";
/// Ambiguous name.
pub const AMBIGUOUS_NAME: &str = "E303";
/// Unused import.
pub const UNUSED_IMPORT: &str = "W304";
/// Name refers to the wrong kind of declaration.
pub const WRONG_KIND: &str = "E305";
/// Default does not fit its type.
pub const DEFAULT_MISMATCH: &str = "E306";
/// Invalid constraint.
pub const INVALID_CONSTRAINT: &str = "E307";
/// Invalid type.
pub const INVALID_TYPE: &str = "E308";
/// Type mismatch in an expression or argument.
pub const TYPE_MISMATCH: &str = "E310";
/// Unknown field or argument.
pub const UNKNOWN_MEMBER: &str = "E311";
/// Required field or argument missing.
pub const MISSING_ARGUMENT: &str = "E312";
/// Invalid value for a clause.
pub const INVALID_VALUE: &str = "E313";
/// Member or clause given twice.
pub const DUPLICATE_MEMBER: &str = "E314";
/// Required clause missing.
pub const MISSING_CLAUSE: &str = "E315";
/// Key names no field.
pub const INVALID_KEY: &str = "E316";
/// Event about an entity published by a system that does not own it.
pub const NON_OWNER_PUBLISHES: &str = "E401";
/// API writes an entity its host does not own.
pub const NON_OWNER_WRITES: &str = "E402";
/// Personal data leaves its domain.
pub const PII_LEAVES_DOMAIN: &str = "E404";
/// Cycle of synchronous calls between systems.
pub const SYNC_CALL_CYCLE: &str = "E501";
/// Event version consumed but never produced.
pub const CONSUMED_NOT_PRODUCED: &str = "E502";
/// Event produced but never consumed.
pub const PRODUCED_NOT_CONSUMED: &str = "W503";
/// Workflow trigger that nothing produces.
pub const TRIGGER_NOT_PRODUCED: &str = "E504";
/// Cycle between domains.
pub const DOMAIN_CYCLE: &str = "W505";
/// Write operation not idempotent under a policy that requires it.
pub const NOT_IDEMPOTENT: &str = "E601";
/// Write operation not audited under a policy that requires it.
pub const NOT_AUDITED: &str = "E602";
/// Event without a dead-letter route under a policy that requires one.
pub const NO_DEAD_LETTER: &str = "E603";
/// Workflow step without a timeout.
pub const NO_TIMEOUT: &str = "E604";
/// Retry of a non-idempotent write without an idempotency key.
pub const RETRY_NOT_IDEMPOTENT: &str = "E605";
/// Event needs a key.
pub const MISSING_KEY: &str = "E606";
/// Step timeouts exceed the workflow's SLA.
pub const SLA_EXCEEDED: &str = "E607";
/// Security differs from what a policy requires.
pub const AUTH_MISMATCH: &str = "E608";
/// Name does not follow the naming policy.
pub const NAMING_STYLE: &str = "W609";
/// Unreachable step.
pub const UNREACHABLE_STEP: &str = "E701";
/// Wait without a timeout route.
pub const WAIT_WITHOUT_TIMEOUT_ROUTE: &str = "E702";
/// Choice over an enum is not exhaustive.
pub const NON_EXHAUSTIVE_CHOICE: &str = "E703";
/// Change to another system without a compensation.
pub const MISSING_COMPENSATION: &str = "E704";
/// Workflow emits an event its host does not produce.
pub const EMIT_NOT_PRODUCER: &str = "E705";
/// Catch names an error the operation does not declare.
pub const UNKNOWN_ERROR: &str = "E707";
/// Test refers to something the workflow does not have.
pub const INVALID_TEST: &str = "E708";

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
    CodeInfo {
        code: UNRESOLVED_NAME,
        severity: Severity::Error,
        title: "unresolved name",
        page: page!("E301"),
    },
    CodeInfo {
        code: DUPLICATE_DECLARATION,
        severity: Severity::Error,
        title: "duplicate declaration",
        page: page!("E302"),
    },
    CodeInfo {
        code: AMBIGUOUS_NAME,
        severity: Severity::Error,
        title: "ambiguous name",
        page: page!("E303"),
    },
    CodeInfo {
        code: UNUSED_IMPORT,
        severity: Severity::Warning,
        title: "unused import",
        page: page!("W304"),
    },
    CodeInfo {
        code: WRONG_KIND,
        severity: Severity::Error,
        title: "name refers to the wrong kind of declaration",
        page: page!("E305"),
    },
    CodeInfo {
        code: DEFAULT_MISMATCH,
        severity: Severity::Error,
        title: "default does not fit its type",
        page: page!("E306"),
    },
    CodeInfo {
        code: INVALID_CONSTRAINT,
        severity: Severity::Error,
        title: "invalid constraint",
        page: page!("E307"),
    },
    CodeInfo {
        code: INVALID_TYPE,
        severity: Severity::Error,
        title: "invalid type",
        page: page!("E308"),
    },
    CodeInfo {
        code: TYPE_MISMATCH,
        severity: Severity::Error,
        title: "type mismatch in an expression or argument",
        page: page!("E310"),
    },
    CodeInfo {
        code: UNKNOWN_MEMBER,
        severity: Severity::Error,
        title: "unknown field or argument",
        page: page!("E311"),
    },
    CodeInfo {
        code: MISSING_ARGUMENT,
        severity: Severity::Error,
        title: "required field or argument missing",
        page: page!("E312"),
    },
    CodeInfo {
        code: INVALID_VALUE,
        severity: Severity::Error,
        title: "invalid value for a clause",
        page: page!("E313"),
    },
    CodeInfo {
        code: DUPLICATE_MEMBER,
        severity: Severity::Error,
        title: "member or clause given twice",
        page: page!("E314"),
    },
    CodeInfo {
        code: MISSING_CLAUSE,
        severity: Severity::Error,
        title: "required clause missing",
        page: page!("E315"),
    },
    CodeInfo {
        code: INVALID_KEY,
        severity: Severity::Error,
        title: "key names no field",
        page: page!("E316"),
    },
    CodeInfo {
        code: NON_OWNER_PUBLISHES,
        severity: Severity::Error,
        title: "event about an entity published by a system that does not own it",
        page: page!("E401"),
    },
    CodeInfo {
        code: NON_OWNER_WRITES,
        severity: Severity::Error,
        title: "API writes an entity its host does not own",
        page: page!("E402"),
    },
    CodeInfo {
        code: PII_LEAVES_DOMAIN,
        severity: Severity::Error,
        title: "personal data leaves its domain",
        page: page!("E404"),
    },
    CodeInfo {
        code: SYNC_CALL_CYCLE,
        severity: Severity::Error,
        title: "cycle of synchronous calls between systems",
        page: page!("E501"),
    },
    CodeInfo {
        code: CONSUMED_NOT_PRODUCED,
        severity: Severity::Error,
        title: "event version consumed but never produced",
        page: page!("E502"),
    },
    CodeInfo {
        code: PRODUCED_NOT_CONSUMED,
        severity: Severity::Warning,
        title: "event produced but never consumed",
        page: page!("W503"),
    },
    CodeInfo {
        code: TRIGGER_NOT_PRODUCED,
        severity: Severity::Error,
        title: "workflow trigger that nothing produces",
        page: page!("E504"),
    },
    CodeInfo {
        code: DOMAIN_CYCLE,
        severity: Severity::Warning,
        title: "cycle between domains",
        page: page!("W505"),
    },
    CodeInfo {
        code: NOT_IDEMPOTENT,
        severity: Severity::Error,
        title: "write operation not idempotent under a policy that requires it",
        page: page!("E601"),
    },
    CodeInfo {
        code: NOT_AUDITED,
        severity: Severity::Error,
        title: "write operation not audited under a policy that requires it",
        page: page!("E602"),
    },
    CodeInfo {
        code: NO_DEAD_LETTER,
        severity: Severity::Error,
        title: "event without a dead-letter route under a policy that requires one",
        page: page!("E603"),
    },
    CodeInfo {
        code: NO_TIMEOUT,
        severity: Severity::Error,
        title: "workflow step without a timeout",
        page: page!("E604"),
    },
    CodeInfo {
        code: RETRY_NOT_IDEMPOTENT,
        severity: Severity::Error,
        title: "retry of a non-idempotent write without an idempotency key",
        page: page!("E605"),
    },
    CodeInfo {
        code: MISSING_KEY,
        severity: Severity::Error,
        title: "event needs a key",
        page: page!("E606"),
    },
    CodeInfo {
        code: SLA_EXCEEDED,
        severity: Severity::Error,
        title: "step timeouts exceed the workflow's SLA",
        page: page!("E607"),
    },
    CodeInfo {
        code: AUTH_MISMATCH,
        severity: Severity::Error,
        title: "security differs from what a policy requires",
        page: page!("E608"),
    },
    CodeInfo {
        code: NAMING_STYLE,
        severity: Severity::Warning,
        title: "name does not follow the naming policy",
        page: page!("W609"),
    },
    CodeInfo {
        code: UNREACHABLE_STEP,
        severity: Severity::Error,
        title: "unreachable step",
        page: page!("E701"),
    },
    CodeInfo {
        code: WAIT_WITHOUT_TIMEOUT_ROUTE,
        severity: Severity::Error,
        title: "wait without a timeout route",
        page: page!("E702"),
    },
    CodeInfo {
        code: NON_EXHAUSTIVE_CHOICE,
        severity: Severity::Error,
        title: "choice over an enum is not exhaustive",
        page: page!("E703"),
    },
    CodeInfo {
        code: MISSING_COMPENSATION,
        severity: Severity::Error,
        title: "change to another system without a compensation",
        page: page!("E704"),
    },
    CodeInfo {
        code: EMIT_NOT_PRODUCER,
        severity: Severity::Error,
        title: "workflow emits an event its host does not produce",
        page: page!("E705"),
    },
    CodeInfo {
        code: UNKNOWN_ERROR,
        severity: Severity::Error,
        title: "catch names an error the operation does not declare",
        page: page!("E707"),
    },
    CodeInfo {
        code: INVALID_TEST,
        severity: Severity::Error,
        title: "test refers to something the workflow does not have",
        page: page!("E708"),
    },
];

/// The registered code with this name (case-insensitive).
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    CODES
        .iter()
        .find(|info| info.code.eq_ignore_ascii_case(code))
}
