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
/// Compatibility: optional field added.
pub const FIELD_ADDED_OPTIONAL: &str = "I100";
/// Compatibility: field added without a default.
pub const FIELD_ADDED_WITHOUT_DEFAULT: &str = "E101";
/// Compatibility: field added with a default.
pub const FIELD_ADDED_WITH_DEFAULT: &str = "I101";
/// Compatibility: field with a default removed.
pub const FIELD_REMOVED_WITH_DEFAULT: &str = "I102";
/// Compatibility: required field removed.
pub const REQUIRED_FIELD_REMOVED: &str = "E102";
/// Compatibility: removed field's default looks like real data.
pub const SENTINEL_DEFAULT_REMOVED: &str = "W103";
/// Compatibility: field renamed without an alias.
pub const FIELD_RENAMED_WITHOUT_ALIAS: &str = "E103";
/// Compatibility: renamed field unknown to old consumers.
pub const FIELD_RENAMED_WITH_ALIAS: &str = "E104";
/// Compatibility: field became optional.
pub const FIELD_BECAME_OPTIONAL: &str = "E105";
/// Compatibility: field became required.
pub const FIELD_BECAME_REQUIRED: &str = "E106";
/// Compatibility: default added.
pub const DEFAULT_ADDED: &str = "I107";
/// Compatibility: default changed.
pub const DEFAULT_CHANGED: &str = "W108";
/// Compatibility: default removed.
pub const DEFAULT_REMOVED: &str = "W109";
/// Compatibility: default removed while older versions lack the field.
pub const DEFAULT_REMOVED_BREAKS_HISTORY: &str = "E109";
/// Compatibility: field reuses the name of a removed field.
pub const FIELD_NAME_REUSED: &str = "E110";
/// Compatibility: reserved name removed.
pub const RESERVED_NAME_REMOVED: &str = "E111";
/// Compatibility: fields reordered.
pub const FIELDS_REORDERED: &str = "I112";
/// Compatibility: documentation or annotations changed.
pub const DOCS_CHANGED: &str = "I113";
/// Compatibility: type renamed without an alias.
pub const TYPE_RENAMED: &str = "E120";
/// Compatibility: renamed type unknown to old consumers.
pub const TYPE_RENAMED_WITH_ALIAS: &str = "E121";
/// Compatibility: namespace changed.
pub const NAMESPACE_CHANGED: &str = "W122";
/// Compatibility: type changed to an unrelated type.
pub const TYPE_CHANGED: &str = "E123";
/// Compatibility: int32 widened to int64.
pub const INT_WIDENED: &str = "E130";
/// Compatibility: int64 narrowed to int32.
pub const INT_NARROWED: &str = "E131";
/// Compatibility: integer widened to float64.
pub const WIDENED_TO_FLOAT: &str = "E132";
/// Compatibility: precision lost between int64 and float64.
pub const FLOAT_PRECISION_LOSS: &str = "W133";
/// Compatibility: float64 narrowed to an integer.
pub const FLOAT_NARROWED: &str = "E134";
/// Compatibility: numeric family changed.
pub const NUMERIC_FAMILY_CHANGED: &str = "E135";
/// Compatibility: decimal precision increased.
pub const DECIMAL_PRECISION_INCREASED: &str = "E136";
/// Compatibility: decimal precision differs (Avro resolution).
pub const DECIMAL_PRECISION_AVRO: &str = "W136";
/// Compatibility: decimal precision reduced.
pub const DECIMAL_PRECISION_REDUCED: &str = "E137";
/// Compatibility: decimal scale changed.
pub const DECIMAL_SCALE_CHANGED: &str = "E138";
/// Compatibility: numeric range widened.
pub const RANGE_WIDENED: &str = "E139";
/// Compatibility: numeric range narrowed.
pub const RANGE_NARROWED: &str = "E140";
/// Compatibility: string changed to bytes.
pub const STRING_TO_BYTES: &str = "E150";
/// Compatibility: bytes changed to string.
pub const BYTES_TO_STRING: &str = "E151";
/// Compatibility: string constraint relaxed.
pub const STRING_CONSTRAINT_RELAXED: &str = "E152";
/// Compatibility: string constraint tightened.
pub const STRING_CONSTRAINT_TIGHTENED: &str = "E153";
/// Compatibility: enum symbol added without a fallback.
pub const ENUM_SYMBOL_ADDED: &str = "E160";
/// Compatibility: enum symbol added, old readers use the fallback.
pub const ENUM_SYMBOL_ADDED_WITH_FALLBACK: &str = "W161";
/// Compatibility: enum symbol removed.
pub const ENUM_SYMBOL_REMOVED: &str = "E162";
/// Compatibility: enum symbol removed, old data reads as the fallback.
pub const ENUM_SYMBOL_REMOVED_WITH_FALLBACK: &str = "W163";
/// Compatibility: enum symbol renamed.
pub const ENUM_SYMBOL_RENAMED: &str = "E164";
/// Compatibility: enum symbols reordered.
pub const ENUM_SYMBOLS_REORDERED: &str = "I165";
/// Compatibility: enum fallback added.
pub const ENUM_FALLBACK_ADDED: &str = "I167";
/// Compatibility: enum fallback removed or changed.
pub const ENUM_FALLBACK_CHANGED: &str = "W168";
/// Compatibility: enum field default used as a fallback.
pub const ENUM_DEFAULT_IS_NOT_FALLBACK: &str = "W169";
/// Compatibility: nested record replaced by another.
pub const RECORD_REPLACED: &str = "E170";
/// Compatibility: inline record replaced by a named one (or the reverse).
pub const INLINE_RECORD_NAMED: &str = "I171";
/// Compatibility: shape changed (value, list, map).
pub const SHAPE_CHANGED: &str = "E180";
/// Compatibility: list elements or map values became optional.
pub const ELEMENT_BECAME_OPTIONAL: &str = "E181";
/// Compatibility: list elements or map values became required.
pub const ELEMENT_BECAME_REQUIRED: &str = "E182";
/// Compatibility: map key type changed.
pub const MAP_KEY_CHANGED: &str = "E183";
/// Compatibility: list size constraint relaxed.
pub const LIST_SIZE_RELAXED: &str = "E184";
/// Compatibility: list size constraint tightened.
pub const LIST_SIZE_TIGHTENED: &str = "E185";
/// Compatibility: date changed to timestamp or back.
pub const DATE_TIMESTAMP_CHANGED: &str = "E200";
/// Compatibility: timestamp precision changed.
pub const TIMESTAMP_PRECISION_CHANGED: &str = "E201";
/// Compatibility: instant changed to local time or back.
pub const TIMESTAMP_ZONE_CHANGED: &str = "E202";
/// Compatibility: temporal meaning lost or gained.
pub const TEMPORAL_MEANING_CHANGED: &str = "E203";
/// Compatibility: temporal type changed to string or back.
pub const TEMPORAL_STRING_CHANGED: &str = "E204";
/// Compatibility: money amount precision increased.
pub const MONEY_PRECISION_INCREASED: &str = "E213";
/// Compatibility: money amount precision reduced.
pub const MONEY_PRECISION_REDUCED: &str = "E214";
/// Compatibility: money amount scale changed.
pub const MONEY_SCALE_CHANGED: &str = "E215";
/// Compatibility: money changed to a plain number or back.
pub const MONEY_DECIMAL_CHANGED: &str = "E216";
/// New event or API (baseline comparison).
pub const CONTRACT_ADDED: &str = "I220";
/// Published event, event version or API removed without deprecation.
pub const REMOVED_WITHOUT_DEPRECATION: &str = "E221";
/// Published version changed in place.
pub const CHANGED_IN_PLACE: &str = "E222";
/// Version added without a schema change.
pub const VERSION_WITHOUT_CHANGE: &str = "I223";
/// Event version removed while still read.
pub const VERSION_STILL_READ: &str = "E224";
/// Accepted change that matches no finding.
pub const STALE_ACCEPTANCE: &str = "W225";
/// API operation removed.
pub const OPERATION_REMOVED: &str = "E230";
/// Required request field or parameter added.
pub const REQUEST_REQUIREMENT_ADDED: &str = "E231";
/// Request narrowed.
pub const REQUEST_NARROWED: &str = "E232";
/// Response field removed or retyped.
pub const RESPONSE_FIELD_CHANGED: &str = "E233";
/// Response widened.
pub const RESPONSE_WIDENED: &str = "E234";
/// Operation security changed.
pub const AUTH_CHANGED: &str = "E235";
/// Avro file mode: a writer type no branch of the reader union accepts.
pub const AVRO_UNION_BRANCH_UNMATCHED: &str = "E240";
/// Avro file mode: fixed size changed.
pub const AVRO_FIXED_SIZE_CHANGED: &str = "E241";
/// Avro file mode: a reader field's name and aliases match several writer fields.
pub const AVRO_AMBIGUOUS_FIELD_ALIAS: &str = "E242";
/// Avro file mode: decimal precision or scale changed (Java accepts it).
pub const AVRO_DECIMAL_CHANGED: &str = "W243";
/// Avro file mode: logical type changed (Avro ignores it).
pub const AVRO_LOGICAL_TYPE_CHANGED: &str = "W244";
/// File mode: a schema keyword that is not compared.
pub const UNSUPPORTED_SCHEMA_KEYWORD: &str = "W245";
/// JSON Schema file mode: property not accepted by a closed content model.
pub const JSON_PROPERTY_NOT_IN_CLOSED_MODEL: &str = "E246";
/// JSON Schema file mode: property added to an open content model.
pub const JSON_PROPERTY_ADDED_TO_OPEN_MODEL: &str = "E247";
/// JSON Schema file mode: additional properties restricted.
pub const JSON_ADDITIONAL_PROPERTIES_RESTRICTED: &str = "E248";
/// JSON Schema file mode: `format` changed (Confluent ignores it).
pub const JSON_FORMAT_CHANGED: &str = "W249";
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
        code: FIELD_ADDED_OPTIONAL,
        severity: Severity::Info,
        title: "optional field added",
        page: page!("I100"),
    },
    CodeInfo {
        code: FIELD_ADDED_WITHOUT_DEFAULT,
        severity: Severity::Error,
        title: "field added without a default",
        page: page!("E101"),
    },
    CodeInfo {
        code: FIELD_ADDED_WITH_DEFAULT,
        severity: Severity::Info,
        title: "field added with a default",
        page: page!("I101"),
    },
    CodeInfo {
        code: FIELD_REMOVED_WITH_DEFAULT,
        severity: Severity::Info,
        title: "field with a default removed",
        page: page!("I102"),
    },
    CodeInfo {
        code: REQUIRED_FIELD_REMOVED,
        severity: Severity::Error,
        title: "required field removed",
        page: page!("E102"),
    },
    CodeInfo {
        code: SENTINEL_DEFAULT_REMOVED,
        severity: Severity::Warning,
        title: "removed field's default looks like real data",
        page: page!("W103"),
    },
    CodeInfo {
        code: FIELD_RENAMED_WITHOUT_ALIAS,
        severity: Severity::Error,
        title: "field renamed without an alias",
        page: page!("E103"),
    },
    CodeInfo {
        code: FIELD_RENAMED_WITH_ALIAS,
        severity: Severity::Error,
        title: "renamed field unknown to old consumers",
        page: page!("E104"),
    },
    CodeInfo {
        code: FIELD_BECAME_OPTIONAL,
        severity: Severity::Error,
        title: "field became optional",
        page: page!("E105"),
    },
    CodeInfo {
        code: FIELD_BECAME_REQUIRED,
        severity: Severity::Error,
        title: "field became required",
        page: page!("E106"),
    },
    CodeInfo {
        code: DEFAULT_ADDED,
        severity: Severity::Info,
        title: "default added",
        page: page!("I107"),
    },
    CodeInfo {
        code: DEFAULT_CHANGED,
        severity: Severity::Warning,
        title: "default changed",
        page: page!("W108"),
    },
    CodeInfo {
        code: DEFAULT_REMOVED,
        severity: Severity::Warning,
        title: "default removed",
        page: page!("W109"),
    },
    CodeInfo {
        code: DEFAULT_REMOVED_BREAKS_HISTORY,
        severity: Severity::Error,
        title: "default removed while older versions lack the field",
        page: page!("E109"),
    },
    CodeInfo {
        code: FIELD_NAME_REUSED,
        severity: Severity::Error,
        title: "field reuses the name of a removed field",
        page: page!("E110"),
    },
    CodeInfo {
        code: RESERVED_NAME_REMOVED,
        severity: Severity::Error,
        title: "reserved name removed",
        page: page!("E111"),
    },
    CodeInfo {
        code: FIELDS_REORDERED,
        severity: Severity::Info,
        title: "fields reordered",
        page: page!("I112"),
    },
    CodeInfo {
        code: DOCS_CHANGED,
        severity: Severity::Info,
        title: "documentation or annotations changed",
        page: page!("I113"),
    },
    CodeInfo {
        code: TYPE_RENAMED,
        severity: Severity::Error,
        title: "type renamed without an alias",
        page: page!("E120"),
    },
    CodeInfo {
        code: TYPE_RENAMED_WITH_ALIAS,
        severity: Severity::Error,
        title: "renamed type unknown to old consumers",
        page: page!("E121"),
    },
    CodeInfo {
        code: NAMESPACE_CHANGED,
        severity: Severity::Warning,
        title: "namespace changed",
        page: page!("W122"),
    },
    CodeInfo {
        code: TYPE_CHANGED,
        severity: Severity::Error,
        title: "type changed to an unrelated type",
        page: page!("E123"),
    },
    CodeInfo {
        code: INT_WIDENED,
        severity: Severity::Error,
        title: "int32 widened to int64",
        page: page!("E130"),
    },
    CodeInfo {
        code: INT_NARROWED,
        severity: Severity::Error,
        title: "int64 narrowed to int32",
        page: page!("E131"),
    },
    CodeInfo {
        code: WIDENED_TO_FLOAT,
        severity: Severity::Error,
        title: "integer widened to float64",
        page: page!("E132"),
    },
    CodeInfo {
        code: FLOAT_PRECISION_LOSS,
        severity: Severity::Warning,
        title: "precision lost between int64 and float64",
        page: page!("W133"),
    },
    CodeInfo {
        code: FLOAT_NARROWED,
        severity: Severity::Error,
        title: "float64 narrowed to an integer",
        page: page!("E134"),
    },
    CodeInfo {
        code: NUMERIC_FAMILY_CHANGED,
        severity: Severity::Error,
        title: "numeric family changed",
        page: page!("E135"),
    },
    CodeInfo {
        code: DECIMAL_PRECISION_INCREASED,
        severity: Severity::Error,
        title: "decimal precision increased",
        page: page!("E136"),
    },
    CodeInfo {
        code: DECIMAL_PRECISION_AVRO,
        severity: Severity::Warning,
        title: "decimal precision differs (Avro resolution)",
        page: page!("W136"),
    },
    CodeInfo {
        code: DECIMAL_PRECISION_REDUCED,
        severity: Severity::Error,
        title: "decimal precision reduced",
        page: page!("E137"),
    },
    CodeInfo {
        code: DECIMAL_SCALE_CHANGED,
        severity: Severity::Error,
        title: "decimal scale changed",
        page: page!("E138"),
    },
    CodeInfo {
        code: RANGE_WIDENED,
        severity: Severity::Error,
        title: "numeric range widened",
        page: page!("E139"),
    },
    CodeInfo {
        code: RANGE_NARROWED,
        severity: Severity::Error,
        title: "numeric range narrowed",
        page: page!("E140"),
    },
    CodeInfo {
        code: STRING_TO_BYTES,
        severity: Severity::Error,
        title: "string changed to bytes",
        page: page!("E150"),
    },
    CodeInfo {
        code: BYTES_TO_STRING,
        severity: Severity::Error,
        title: "bytes changed to string",
        page: page!("E151"),
    },
    CodeInfo {
        code: STRING_CONSTRAINT_RELAXED,
        severity: Severity::Error,
        title: "string constraint relaxed",
        page: page!("E152"),
    },
    CodeInfo {
        code: STRING_CONSTRAINT_TIGHTENED,
        severity: Severity::Error,
        title: "string constraint tightened",
        page: page!("E153"),
    },
    CodeInfo {
        code: ENUM_SYMBOL_ADDED,
        severity: Severity::Error,
        title: "enum symbol added without a fallback",
        page: page!("E160"),
    },
    CodeInfo {
        code: ENUM_SYMBOL_ADDED_WITH_FALLBACK,
        severity: Severity::Warning,
        title: "enum symbol added, old readers use the fallback",
        page: page!("W161"),
    },
    CodeInfo {
        code: ENUM_SYMBOL_REMOVED,
        severity: Severity::Error,
        title: "enum symbol removed",
        page: page!("E162"),
    },
    CodeInfo {
        code: ENUM_SYMBOL_REMOVED_WITH_FALLBACK,
        severity: Severity::Warning,
        title: "enum symbol removed, old data reads as the fallback",
        page: page!("W163"),
    },
    CodeInfo {
        code: ENUM_SYMBOL_RENAMED,
        severity: Severity::Error,
        title: "enum symbol renamed",
        page: page!("E164"),
    },
    CodeInfo {
        code: ENUM_SYMBOLS_REORDERED,
        severity: Severity::Info,
        title: "enum symbols reordered",
        page: page!("I165"),
    },
    CodeInfo {
        code: ENUM_FALLBACK_ADDED,
        severity: Severity::Info,
        title: "enum fallback added",
        page: page!("I167"),
    },
    CodeInfo {
        code: ENUM_FALLBACK_CHANGED,
        severity: Severity::Warning,
        title: "enum fallback removed or changed",
        page: page!("W168"),
    },
    CodeInfo {
        code: ENUM_DEFAULT_IS_NOT_FALLBACK,
        severity: Severity::Warning,
        title: "enum field default used as a fallback",
        page: page!("W169"),
    },
    CodeInfo {
        code: RECORD_REPLACED,
        severity: Severity::Error,
        title: "nested record replaced by another",
        page: page!("E170"),
    },
    CodeInfo {
        code: INLINE_RECORD_NAMED,
        severity: Severity::Info,
        title: "inline record replaced by a named one (or the reverse)",
        page: page!("I171"),
    },
    CodeInfo {
        code: SHAPE_CHANGED,
        severity: Severity::Error,
        title: "shape changed (value, list, map)",
        page: page!("E180"),
    },
    CodeInfo {
        code: ELEMENT_BECAME_OPTIONAL,
        severity: Severity::Error,
        title: "list elements or map values became optional",
        page: page!("E181"),
    },
    CodeInfo {
        code: ELEMENT_BECAME_REQUIRED,
        severity: Severity::Error,
        title: "list elements or map values became required",
        page: page!("E182"),
    },
    CodeInfo {
        code: MAP_KEY_CHANGED,
        severity: Severity::Error,
        title: "map key type changed",
        page: page!("E183"),
    },
    CodeInfo {
        code: LIST_SIZE_RELAXED,
        severity: Severity::Error,
        title: "list size constraint relaxed",
        page: page!("E184"),
    },
    CodeInfo {
        code: LIST_SIZE_TIGHTENED,
        severity: Severity::Error,
        title: "list size constraint tightened",
        page: page!("E185"),
    },
    CodeInfo {
        code: DATE_TIMESTAMP_CHANGED,
        severity: Severity::Error,
        title: "date changed to timestamp or back",
        page: page!("E200"),
    },
    CodeInfo {
        code: TIMESTAMP_PRECISION_CHANGED,
        severity: Severity::Error,
        title: "timestamp precision changed",
        page: page!("E201"),
    },
    CodeInfo {
        code: TIMESTAMP_ZONE_CHANGED,
        severity: Severity::Error,
        title: "instant changed to local time or back",
        page: page!("E202"),
    },
    CodeInfo {
        code: TEMPORAL_MEANING_CHANGED,
        severity: Severity::Error,
        title: "temporal meaning lost or gained",
        page: page!("E203"),
    },
    CodeInfo {
        code: TEMPORAL_STRING_CHANGED,
        severity: Severity::Error,
        title: "temporal type changed to string or back",
        page: page!("E204"),
    },
    CodeInfo {
        code: MONEY_PRECISION_INCREASED,
        severity: Severity::Error,
        title: "money amount precision increased",
        page: page!("E213"),
    },
    CodeInfo {
        code: MONEY_PRECISION_REDUCED,
        severity: Severity::Error,
        title: "money amount precision reduced",
        page: page!("E214"),
    },
    CodeInfo {
        code: MONEY_SCALE_CHANGED,
        severity: Severity::Error,
        title: "money amount scale changed",
        page: page!("E215"),
    },
    CodeInfo {
        code: MONEY_DECIMAL_CHANGED,
        severity: Severity::Error,
        title: "money changed to a plain number or back",
        page: page!("E216"),
    },
    CodeInfo {
        code: CONTRACT_ADDED,
        severity: Severity::Info,
        title: "new event, API or operation",
        page: page!("I220"),
    },
    CodeInfo {
        code: REMOVED_WITHOUT_DEPRECATION,
        severity: Severity::Error,
        title: "published contract removed without deprecation",
        page: page!("E221"),
    },
    CodeInfo {
        code: CHANGED_IN_PLACE,
        severity: Severity::Error,
        title: "published version changed in place",
        page: page!("E222"),
    },
    CodeInfo {
        code: VERSION_WITHOUT_CHANGE,
        severity: Severity::Info,
        title: "version added without a schema change",
        page: page!("I223"),
    },
    CodeInfo {
        code: VERSION_STILL_READ,
        severity: Severity::Error,
        title: "event version removed while still read",
        page: page!("E224"),
    },
    CodeInfo {
        code: STALE_ACCEPTANCE,
        severity: Severity::Warning,
        title: "accepted change matches no finding",
        page: page!("W225"),
    },
    CodeInfo {
        code: OPERATION_REMOVED,
        severity: Severity::Error,
        title: "API operation removed",
        page: page!("E230"),
    },
    CodeInfo {
        code: REQUEST_REQUIREMENT_ADDED,
        severity: Severity::Error,
        title: "required request field or parameter added",
        page: page!("E231"),
    },
    CodeInfo {
        code: REQUEST_NARROWED,
        severity: Severity::Error,
        title: "request narrowed",
        page: page!("E232"),
    },
    CodeInfo {
        code: RESPONSE_FIELD_CHANGED,
        severity: Severity::Error,
        title: "response field removed or retyped",
        page: page!("E233"),
    },
    CodeInfo {
        code: RESPONSE_WIDENED,
        severity: Severity::Error,
        title: "response widened",
        page: page!("E234"),
    },
    CodeInfo {
        code: AUTH_CHANGED,
        severity: Severity::Error,
        title: "operation security changed",
        page: page!("E235"),
    },
    CodeInfo {
        code: AVRO_UNION_BRANCH_UNMATCHED,
        severity: Severity::Error,
        title: "writer type matches no branch of the reader union",
        page: page!("E240"),
    },
    CodeInfo {
        code: AVRO_FIXED_SIZE_CHANGED,
        severity: Severity::Error,
        title: "fixed size changed",
        page: page!("E241"),
    },
    CodeInfo {
        code: AVRO_AMBIGUOUS_FIELD_ALIAS,
        severity: Severity::Error,
        title: "field name and aliases match several writer fields",
        page: page!("E242"),
    },
    CodeInfo {
        code: AVRO_DECIMAL_CHANGED,
        severity: Severity::Warning,
        title: "decimal precision or scale changed (Avro's checker accepts it)",
        page: page!("W243"),
    },
    CodeInfo {
        code: AVRO_LOGICAL_TYPE_CHANGED,
        severity: Severity::Warning,
        title: "logical type changed (Avro ignores it)",
        page: page!("W244"),
    },
    CodeInfo {
        code: UNSUPPORTED_SCHEMA_KEYWORD,
        severity: Severity::Warning,
        title: "schema keyword not compared",
        page: page!("W245"),
    },
    CodeInfo {
        code: JSON_PROPERTY_NOT_IN_CLOSED_MODEL,
        severity: Severity::Error,
        title: "property not accepted by a closed content model",
        page: page!("E246"),
    },
    CodeInfo {
        code: JSON_PROPERTY_ADDED_TO_OPEN_MODEL,
        severity: Severity::Error,
        title: "property added to an open content model",
        page: page!("E247"),
    },
    CodeInfo {
        code: JSON_ADDITIONAL_PROPERTIES_RESTRICTED,
        severity: Severity::Error,
        title: "additional properties restricted",
        page: page!("E248"),
    },
    CodeInfo {
        code: JSON_FORMAT_CHANGED,
        severity: Severity::Warning,
        title: "string format changed (Confluent ignores it)",
        page: page!("W249"),
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
