//! The one registry of diagnostic codes. Every code any phase emits is
//! declared here, once, with its severity, title and documentation page
//! (`docs/diagnostics/CODE.md`, compiled in so that a code without a page does
//! not build). [`Code`] can only be made by this module, so a finding with an
//! unregistered code cannot exist. Never remove or reuse an entry: CI
//! configurations and suppression files refer to codes by name.
//!
//! Ranges: `E001`–`E011` syntax and project loading; `E1xx`–`E2xx`
//! compatibility (the codes of `shared/COMPAT.md`, plus `E221`–`E249` for
//! baselines, APIs and file mode); `E3xx` names and types; `E4xx` ownership;
//! `E5xx` the dependency graph; `E6xx` policies; `E7xx` workflow soundness;
//! `E8xx` target settings and builds. `W` marks warnings, `I` changelog
//! information.

use crate::diagnostic::Severity;
use std::fmt;

/// What the registry knows about one code.
#[derive(Debug)]
pub struct CodeInfo {
    name: &'static str,
    severity: Severity,
    title: &'static str,
    page: &'static str,
}

/// A registered diagnostic code such as `E301`. Only this module can make
/// one (the field is private), so every code is registered and documented.
#[derive(Clone, Copy)]
pub struct Code(&'static CodeInfo);

impl Code {
    /// The code as written, such as `E301`.
    pub fn as_str(self) -> &'static str {
        self.0.name
    }

    /// The severity its letter stands for (`E` error, `W` warning, `I` info).
    pub fn severity(self) -> Severity {
        self.0.severity
    }

    /// A short title.
    pub fn title(self) -> &'static str {
        self.0.title
    }

    /// The documentation page (markdown), as `weft explain` prints it.
    pub fn page(self) -> &'static str {
        self.0.page
    }

    /// The registered code with this name (case-insensitive).
    pub fn lookup(name: &str) -> Option<Code> {
        ALL.iter()
            .copied()
            .find(|code| code.as_str().eq_ignore_ascii_case(name))
    }
}

impl PartialEq for Code {
    fn eq(&self, other: &Code) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Code {}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Code) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code {
    fn cmp(&self, other: &Code) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Code {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

macro_rules! severity_of {
    (Error) => {
        Severity::Error
    };
    (Warning) => {
        Severity::Warning
    };
    (Info) => {
        Severity::Info
    };
}

macro_rules! registry {
    ($($constant:ident = $code:ident, $severity:ident, $title:literal;)*) => {
        $(
            #[doc = concat!("`", stringify!($code), "`: ", $title, ".")]
            pub const $constant: Code = Code(&CodeInfo {
                name: stringify!($code),
                severity: severity_of!($severity),
                title: $title,
                page: include_str!(concat!("../../../docs/diagnostics/", stringify!($code), ".md")),
            });
        )*

        /// Every registered code, in code order.
        pub const ALL: &[Code] = &[$($constant),*];
    };
}

registry! {
    UNEXPECTED = E001, Error, "syntax error";
    UNTERMINATED_STRING = E002, Error, "unterminated string";
    UNCLOSED_BLOCK = E003, Error, "unclosed block";
    TOO_DEEP = E004, Error, "nesting too deep";
    TOO_COMPLEX = E005, Error, "declaration too complex";
    STRAY_TEXT = E006, Error, "text outside any declaration";
    STRAY_DOC_COMMENT = E007, Error, "misplaced doc comment";
    EXPRESSION_TOO_LONG = E008, Error, "expression too long";
    INVALID_MANIFEST = E010, Error, "invalid manifest";
    NOT_UTF8 = E011, Error, "source is not UTF-8";
    FIELD_ADDED_OPTIONAL = I100, Info, "optional field added";
    FIELD_ADDED_WITHOUT_DEFAULT = E101, Error, "field added without a default";
    FIELD_ADDED_WITH_DEFAULT = I101, Info, "field added with a default";
    REQUIRED_FIELD_REMOVED = E102, Error, "required field removed";
    FIELD_REMOVED_WITH_DEFAULT = I102, Info, "field with a default removed";
    FIELD_RENAMED_WITHOUT_ALIAS = E103, Error, "field renamed without an alias";
    SENTINEL_DEFAULT_REMOVED = W103, Warning, "removed field's default looks like real data";
    FIELD_RENAMED_WITH_ALIAS = E104, Error, "renamed field unknown to old consumers";
    FIELD_BECAME_OPTIONAL = E105, Error, "field became optional";
    FIELD_BECAME_REQUIRED = E106, Error, "field became required";
    DEFAULT_ADDED = I107, Info, "default added";
    DEFAULT_CHANGED = W108, Warning, "default changed";
    DEFAULT_REMOVED_BREAKS_HISTORY = E109, Error, "default removed while older versions lack the field";
    DEFAULT_REMOVED = W109, Warning, "default removed";
    FIELD_NAME_REUSED = E110, Error, "field reuses the name of a removed field";
    RESERVED_NAME_REMOVED = E111, Error, "reserved name removed";
    FIELDS_REORDERED = I112, Info, "fields reordered";
    DOCS_CHANGED = I113, Info, "documentation or annotations changed";
    TYPE_RENAMED = E120, Error, "type renamed without an alias";
    TYPE_RENAMED_WITH_ALIAS = E121, Error, "renamed type unknown to old consumers";
    NAMESPACE_CHANGED = W122, Warning, "namespace changed";
    TYPE_CHANGED = E123, Error, "type changed to an unrelated type";
    INT_WIDENED = E130, Error, "int32 widened to int64";
    INT_NARROWED = E131, Error, "int64 narrowed to int32";
    WIDENED_TO_FLOAT = E132, Error, "integer widened to float64";
    FLOAT_PRECISION_LOSS = W133, Warning, "precision lost between int64 and float64";
    FLOAT_NARROWED = E134, Error, "float64 narrowed to an integer";
    NUMERIC_FAMILY_CHANGED = E135, Error, "numeric family changed";
    DECIMAL_PRECISION_INCREASED = E136, Error, "decimal precision increased";
    DECIMAL_PRECISION_AVRO = W136, Warning, "decimal precision differs (Avro resolution)";
    DECIMAL_PRECISION_REDUCED = E137, Error, "decimal precision reduced";
    DECIMAL_SCALE_CHANGED = E138, Error, "decimal scale changed";
    RANGE_WIDENED = E139, Error, "numeric range widened";
    RANGE_NARROWED = E140, Error, "numeric range narrowed";
    STRING_TO_BYTES = E150, Error, "string changed to bytes";
    BYTES_TO_STRING = E151, Error, "bytes changed to string";
    STRING_CONSTRAINT_RELAXED = E152, Error, "string constraint relaxed";
    STRING_CONSTRAINT_TIGHTENED = E153, Error, "string constraint tightened";
    ENUM_SYMBOL_ADDED = E160, Error, "enum symbol added without a fallback";
    ENUM_SYMBOL_ADDED_WITH_FALLBACK = W161, Warning, "enum symbol added, old readers use the fallback";
    ENUM_SYMBOL_REMOVED = E162, Error, "enum symbol removed";
    ENUM_SYMBOL_REMOVED_WITH_FALLBACK = W163, Warning, "enum symbol removed, old data reads as the fallback";
    ENUM_SYMBOL_RENAMED = E164, Error, "enum symbol renamed";
    ENUM_SYMBOLS_REORDERED = I165, Info, "enum symbols reordered";
    ENUM_FALLBACK_ADDED = I167, Info, "enum fallback added";
    ENUM_FALLBACK_CHANGED = W168, Warning, "enum fallback removed or changed";
    ENUM_DEFAULT_IS_NOT_FALLBACK = W169, Warning, "enum field default used as a fallback";
    RECORD_REPLACED = E170, Error, "nested record replaced by another";
    INLINE_RECORD_NAMED = I171, Info, "inline record replaced by a named one (or the reverse)";
    SHAPE_CHANGED = E180, Error, "shape changed (value, list, map)";
    ELEMENT_BECAME_OPTIONAL = E181, Error, "list elements or map values became optional";
    ELEMENT_BECAME_REQUIRED = E182, Error, "list elements or map values became required";
    MAP_KEY_CHANGED = E183, Error, "map key type changed";
    LIST_SIZE_RELAXED = E184, Error, "list size constraint relaxed";
    LIST_SIZE_TIGHTENED = E185, Error, "list size constraint tightened";
    UNION_VARIANT_ADDED = E190, Error, "union gained a variant";
    UNION_VARIANT_REMOVED = E191, Error, "union lost a variant";
    DATE_TIMESTAMP_CHANGED = E200, Error, "date changed to timestamp or back";
    TIMESTAMP_PRECISION_CHANGED = E201, Error, "timestamp precision changed";
    TIMESTAMP_ZONE_CHANGED = E202, Error, "instant changed to local time or back";
    TEMPORAL_MEANING_CHANGED = E203, Error, "temporal meaning lost or gained";
    TEMPORAL_STRING_CHANGED = E204, Error, "temporal type changed to string or back";
    MONEY_PRECISION_INCREASED = E213, Error, "money amount precision increased";
    MONEY_PRECISION_REDUCED = E214, Error, "money amount precision reduced";
    MONEY_SCALE_CHANGED = E215, Error, "money amount scale changed";
    MONEY_DECIMAL_CHANGED = E216, Error, "money changed to a plain number or back";
    CONTRACT_ADDED = I220, Info, "new event, API or operation";
    REMOVED_WITHOUT_DEPRECATION = E221, Error, "published contract removed without deprecation";
    CHANGED_IN_PLACE = E222, Error, "published version changed in place";
    VERSION_WITHOUT_CHANGE = I223, Info, "version added without a schema change";
    VERSION_STILL_READ = E224, Error, "event version removed while still read";
    STALE_ACCEPTANCE = W225, Warning, "accepted change matches no finding";
    ACCEPTED_CHANGES_INVALID = E226, Error, "accepted-changes file cannot be used";
    LOCK_FILE_INVALID = E227, Error, "invalid lock file";
    OPERATION_REMOVED = E230, Error, "API operation removed";
    REQUEST_REQUIREMENT_ADDED = E231, Error, "required request field or parameter added";
    REQUEST_NARROWED = E232, Error, "request narrowed";
    RESPONSE_FIELD_CHANGED = E233, Error, "response field removed or retyped";
    RESPONSE_WIDENED = E234, Error, "response widened";
    AUTH_CHANGED = E235, Error, "operation security changed";
    AVRO_UNION_BRANCH_UNMATCHED = E240, Error, "writer type matches no branch of the reader union";
    AVRO_FIXED_SIZE_CHANGED = E241, Error, "fixed size changed";
    AVRO_AMBIGUOUS_FIELD_ALIAS = E242, Error, "field name and aliases match several writer fields";
    AVRO_DECIMAL_CHANGED = W243, Warning, "decimal precision or scale changed (Avro's checker accepts it)";
    AVRO_LOGICAL_TYPE_CHANGED = W244, Warning, "logical type changed (Avro ignores it)";
    UNSUPPORTED_SCHEMA_KEYWORD = W245, Warning, "schema keyword not compared";
    JSON_PROPERTY_NOT_IN_CLOSED_MODEL = E246, Error, "property not accepted by a closed content model";
    JSON_PROPERTY_ADDED_TO_OPEN_MODEL = E247, Error, "property added to an open content model";
    JSON_ADDITIONAL_PROPERTIES_RESTRICTED = E248, Error, "additional properties restricted";
    JSON_FORMAT_CHANGED = W249, Warning, "string format changed (Confluent ignores it)";
    COMPARISON_TOO_LARGE = E250, Error, "comparison too large";
    JSON_COMBINATOR_NARROWED = E251, Error, "a JSON Schema combinator or keyword rejects values the writer may send";
    UNRESOLVED_NAME = E301, Error, "unresolved name";
    DUPLICATE_DECLARATION = E302, Error, "duplicate declaration";
    AMBIGUOUS_NAME = E303, Error, "ambiguous name";
    UNUSED_IMPORT = W304, Warning, "unused import";
    WRONG_KIND = E305, Error, "name refers to the wrong kind of declaration";
    DEFAULT_MISMATCH = E306, Error, "default does not fit its type";
    INVALID_CONSTRAINT = E307, Error, "invalid constraint";
    INVALID_TYPE = E308, Error, "invalid type";
    TYPE_NESTED_TOO_DEEPLY = E309, Error, "type nested too deeply";
    TYPE_MISMATCH = E310, Error, "type mismatch in an expression or argument";
    UNKNOWN_MEMBER = E311, Error, "unknown field or argument";
    MISSING_ARGUMENT = E312, Error, "required field or argument missing";
    INVALID_VALUE = E313, Error, "invalid value for a clause";
    DUPLICATE_MEMBER = E314, Error, "member or clause given twice";
    MISSING_CLAUSE = E315, Error, "required clause missing";
    INVALID_KEY = E316, Error, "key names no field";
    DUPLICATE_ROUTE = E317, Error, "two operations with the same method and path, or one path spelt with two parameter names";
    CONVERTED_NAME_COLLISION = E318, Error, "names that a target converts into the same name";
    CASE_COLLISION = E319, Error, "declarations whose names differ only in case";
    NUMBER_OUT_OF_RANGE = E320, Error, "number too large for its field";
    INVALID_PATH = E321, Error, "invalid HTTP path";
    DEFAULT_NEVER_USED = W322, Warning, "`??` after a value that is never null";
    BODY_NEVER_SENT = E323, Error, "a response body HTTP never sends: on a 204 or 205 response, or on a response to HEAD";
    REQUEST_BODY_ON_GET = E324, Error, "a request body on a GET or HEAD operation";
    REQUEST_BODY_ON_DELETE = W325, Warning, "a request body on a DELETE operation";
    NON_OWNER_PUBLISHES = E401, Error, "event about an entity published by a system that does not own it";
    NON_OWNER_WRITES = E402, Error, "API writes an entity its host does not own";
    PII_LEAVES_DOMAIN = E404, Error, "personal data leaves its domain";
    SYNC_CALL_CYCLE = E501, Error, "cycle of synchronous calls between systems";
    CONSUMED_NOT_PRODUCED = E502, Error, "event version consumed but never produced";
    PRODUCED_NOT_CONSUMED = W503, Warning, "event produced but never consumed";
    TRIGGER_NOT_PRODUCED = E504, Error, "workflow trigger that nothing produces";
    DOMAIN_CYCLE = W505, Warning, "cycle between domains";
    NOT_IDEMPOTENT = E601, Error, "write operation not idempotent under a policy that requires it";
    NOT_AUDITED = E602, Error, "write operation not audited under a policy that requires it";
    NO_DEAD_LETTER = E603, Error, "event without a dead-letter route under a policy that requires one";
    NO_TIMEOUT = E604, Error, "workflow step without a timeout";
    RETRY_NOT_IDEMPOTENT = E605, Error, "retry of a non-idempotent write without an idempotency key";
    MISSING_KEY = E606, Error, "event needs a key";
    SLA_EXCEEDED = E607, Error, "step timeouts exceed the workflow's SLA";
    AUTH_MISMATCH = E608, Error, "security differs from what a policy requires";
    NAMING_STYLE = W609, Warning, "name does not follow the naming policy";
    WRITE_WITHOUT_AUTH = E610, Error, "API changes data without authentication";
    READ_WITHOUT_AUTH = W611, Warning, "API without authentication";
    WAIT_WITHOUT_OWN_TIMEOUT = E612, Error, "wait without a timeout of its own";
    INTERMITTENT_CALL_WITHOUT_BACKOFF = E613, Error, "call into an intermittently connected system without retries that back off";
    UNREACHABLE_STEP = E701, Error, "unreachable step";
    WAIT_WITHOUT_TIMEOUT_ROUTE = E702, Error, "wait without a timeout route";
    NON_EXHAUSTIVE_CHOICE = E703, Error, "choice over an enum is not exhaustive";
    MISSING_COMPENSATION = E704, Error, "change to another system without a compensation";
    EMIT_NOT_PRODUCER = E705, Error, "workflow emits an event its host does not produce";
    UNKNOWN_ERROR = E707, Error, "catch names an error the operation does not declare";
    INVALID_TEST = E708, Error, "test refers to something the workflow does not have";
    OPTION_OUTSIDE_STEP = E709, Error, "step option written after the step instead of in its braces";
    SCENARIO_UNKNOWN_FIELD = E720, Error, "a scenario value has a field its type does not have";
    SCENARIO_WRONG_VALUE = E721, Error, "a scenario value is of the wrong kind for its type";
    IMPOSSIBLE_PATH = E722, Error, "an expected path no run can take";
    FAILURE_NEVER_RAISED = E723, Error, "an expected failure code the workflow never raises";
    PAYLOAD_CONDITION_UNKNOWN_FIELD = E724, Error, "an expected event's condition reads a field its payload does not have";
    PAYLOAD_CONDITION_TYPE = E725, Error, "an expected event's condition compares values of the wrong type";
    ASL_SHARED_ROUTE = E726, Error, "two workflows of one state machine template are triggered by the same operation";
    UNKNOWN_TARGET = E800, Error, "unknown target in weft.toml";
    UNKNOWN_TARGET_SETTING = E801, Error, "unknown target setting";
    TARGET_SETTING_TYPE = E802, Error, "target setting has the wrong type";
    INVALID_TARGET_SETTING = E803, Error, "target setting has an invalid value";
    TARGET_FAILED = E810, Error, "a target cannot generate its files";
    INVALID_TOPIC_ANNOTATION = E830, Error, "invalid Kafka topic annotation";
    INVALID_TOPIC_NAME = E831, Error, "illegal Kafka topic name";
    TOPIC_NAME_COLLISION = E832, Error, "two Kafka topics with colliding names";
    UNKNOWN_TOPIC_CONFIG = E833, Error, "unknown Kafka topic configuration";
    INVALID_TOPIC_CONFIG = E834, Error, "Kafka topic configuration value of the wrong type or out of range";
    TOPIC_SIZE_OUT_OF_RANGE = E835, Error, "partitions or replication factor out of range";
    MIN_INSYNC_ABOVE_REPLICAS = E836, Error, "min.insync.replicas above the replication factor";
    RETRY_RETENTION_TOO_SHORT = E838, Error, "retry topic keeps messages shorter than its delay";
    TOPIC_CONFIG_CONFLICT = E839, Error, "topic configuration contradicts the event";
    ASL_VALUE = E850, Error, "a value Amazon States Language cannot compute";
    ASL_CONDITION = E851, Error, "a condition Choice rules cannot express";
    ASL_STRUCTURE = E852, Error, "a workflow structure a state machine cannot express";
    ASL_SCHEDULE = E853, Error, "a schedule AWS cannot express";
    CLOUDFORMATION_LOGICAL_ID = E854, Error, "two things of one CloudFormation template with one logical id, or one too long";
    ASL_WORKFLOW_NAME = E855, Error, "two workflows whose names meet in the state machine files or the pipes' consumer groups";
    PIPE_CONSUMER_GROUP = E856, Error, "a workflow's pipe consumer group longer than EventBridge Pipes allows";
    CLOUDFORMATION_QUOTA = E857, Error, "a CloudFormation template with more resources, parameters or outputs than one template may have";
    ASL_HTTP_HEADER = E858, Error, "a request header Step Functions does not allow in an HTTP Task";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_lettered_by_severity() {
        for pair in ALL.windows(2) {
            assert!(
                pair[0].as_str()[1..] < pair[1].as_str()[1..]
                    || pair[0].as_str() < pair[1].as_str(),
                "{} before {}",
                pair[0],
                pair[1]
            );
        }
        let mut names: Vec<_> = ALL.iter().map(|code| code.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len(), "a code is registered twice");
        for code in ALL {
            let letter = match code.severity() {
                Severity::Error => 'E',
                Severity::Warning => 'W',
                Severity::Info => 'I',
            };
            assert!(
                code.as_str().starts_with(letter),
                "{code} has severity {:?}",
                code.severity()
            );
            assert!(
                code.page().starts_with(&format!("# {code}")),
                "{code}: page starts with another title"
            );
        }
    }

    #[test]
    fn lookup_ignores_case() {
        assert_eq!(Code::lookup("e301"), Some(UNRESOLVED_NAME));
        assert_eq!(Code::lookup("E999"), None);
    }
}
