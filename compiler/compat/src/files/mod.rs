//! File mode of `weft compat`: the compatibility of two plain schema files,
//! so that teams with an existing schema registry can put weft in CI before
//! they write any weft.
//!
//! `weft compat OLD.avsc NEW.avsc --mode BACKWARD` gives the verdict the
//! registry gives for the same pair: for Avro, Apache Avro's reader/writer
//! resolution as Java's `SchemaCompatibility` decides it (what Confluent
//! Schema Registry runs); for JSON Schema, Confluent's JSON Schema rules for
//! the subset of keywords listed in [`json_schema`]. File mode deliberately
//! gives the *format's* verdict, not weft's stricter one: Avro resolves
//! `string` ↔ `bytes` and ignores logical types, so those changes pass here
//! (with a warning where the meaning of the data changes).
//!
//! A mode compares in one or two directions ([`Direction`]): BACKWARD reads
//! data written with the old file using the new one, FORWARD the reverse, and
//! FULL does both. With only two files, a `*_TRANSITIVE` mode has exactly one
//! prior version to compare against, so it behaves like its non-transitive
//! version. NONE checks nothing (both files are still parsed).
//!
//! Every incompatibility is reported, not just the first, each with a DSL-style
//! path (`Order.lines[].sku`) and a JSON pointer (`/fields/3/type/items`).

pub mod avro;
pub mod json_schema;

use weft_base::Code;
use weft_base::Severity;
use weft_model::CompatibilityMode as Mode;

pub use crate::Finding;

/// Choices that change a verdict, off by default so that the verdict is the
/// registry's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FileOptions {
    /// Apply the Avro specification's rule that two `decimal` logical types
    /// only match with equal precision and scale. Avro's Java checker (and so
    /// Confluent) ignores logical types, so by default a changed decimal is a
    /// warning (`W243`); with this option it is an error (`E136`–`E138`).
    pub avro_decimal_rule: bool,
}

/// The schema language of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// An Avro schema (`.avsc`).
    Avro,
    /// A JSON Schema document.
    JsonSchema,
}

/// One direction of a check: which file reads and which file wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Direction {
    /// True when the new file is the reader (BACKWARD), false when the old
    /// file is (FORWARD).
    pub reader_is_new: bool,
}

impl Direction {
    /// Consumers on the new file read data from producers on the old file.
    pub const BACKWARD: Direction = Direction {
        reader_is_new: true,
    };
    /// Consumers on the old file read data from producers on the new file.
    pub const FORWARD: Direction = Direction {
        reader_is_new: false,
    };

    /// True when the writer is the old file.
    pub fn writer_is_old(self) -> bool {
        self.reader_is_new
    }
}

/// The display names of the two files, for messages.
#[derive(Clone, Copy, Debug)]
pub struct Sides<'a> {
    /// The old file's name.
    pub old: &'a str,
    /// The new file's name.
    pub new: &'a str,
}

impl<'a> Sides<'a> {
    /// The file that reads in this direction.
    pub fn reader(&self, direction: Direction) -> &'a str {
        if direction.reader_is_new {
            self.new
        } else {
            self.old
        }
    }

    /// The file that wrote in this direction.
    pub fn writer(&self, direction: Direction) -> &'a str {
        if direction.reader_is_new {
            self.old
        } else {
            self.new
        }
    }
}

/// The directions a Confluent mode checks, or an error naming the modes.
/// Modes are read as people type them (`forward-transitive` too); one file
/// against another has no history, so a transitive mode checks what its
/// pairwise form does.
pub fn directions(mode: &str) -> Result<&'static [Direction], String> {
    let mode = Mode::parse_loose(mode).ok_or_else(|| {
        format!(
            "unknown compatibility mode `{mode}`: expected one of {}",
            Mode::SPELLINGS.join(", ")
        )
    })?;
    Ok(match (mode.backward(), mode.forward()) {
        (true, true) => &[Direction::BACKWARD, Direction::FORWARD],
        (true, false) => &[Direction::BACKWARD],
        (false, true) => &[Direction::FORWARD],
        (false, false) => &[],
    })
}

/// Decides the schema language of a file from its extension, and for `.json`
/// from its content: a `.json` file holding an Avro schema (a type name, a
/// union, or an object whose `type` is an Avro type) is read as Avro.
pub fn detect_format(name: &str, text: &str) -> Result<Format, String> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".avsc") {
        return Ok(Format::Avro);
    }
    if !lower.ends_with(".json") {
        return Err(format!(
            "{name}: cannot tell the schema format; expected a `.avsc` (Avro) or `.json` \
             (JSON Schema, or Avro) file"
        ));
    }
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|error| format!("{name}: not valid JSON: {error}"))?;
    Ok(if looks_like_avro(&value) {
        Format::Avro
    } else {
        Format::JsonSchema
    })
}

/// Keywords only JSON Schema has: an object with one of them is never Avro.
const JSON_SCHEMA_ONLY: &[&str] = &[
    "$schema",
    "$id",
    "$ref",
    "$defs",
    "definitions",
    "properties",
    "patternProperties",
    "additionalProperties",
    "required",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "prefixItems",
    "additionalItems",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contains",
    "propertyNames",
    "dependencies",
    "dependentRequired",
    "dependentSchemas",
    "const",
    "enum",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// True when a JSON value reads as an Avro schema rather than a JSON Schema.
fn looks_like_avro(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    const AVRO_ONLY: &[&str] = &[
        "record", "error", "enum", "fixed", "map", "int", "long", "float", "double", "bytes",
    ];
    match value {
        Value::String(_) | Value::Array(_) => true,
        Value::Object(object) => {
            if JSON_SCHEMA_ONLY
                .iter()
                .any(|keyword| object.contains_key(*keyword))
            {
                return false;
            }
            if object.contains_key("fields") || object.contains_key("symbols") {
                return true;
            }
            match object.get("type") {
                Some(Value::String(kind)) if AVRO_ONLY.contains(&kind.as_str()) => true,
                // Avro's `items` is one schema (a union is an array of
                // schemas); a draft-07 tuple is an array of JSON Schema
                // objects, which never look like Avro (issue 14, item 6).
                Some(Value::String(kind)) if kind == "array" => match object.get("items") {
                    Some(Value::Array(branches)) => {
                        !branches.is_empty()
                            && branches.iter().all(|branch| {
                                matches!(branch, Value::String(_)) || looks_like_avro(branch)
                            })
                    }
                    Some(items) => looks_like_avro(items),
                    None => false,
                },
                Some(Value::Object(_)) => true,
                _ => false,
            }
        }
        _ => false,
    }
}

/// Compares two schema files under a Confluent compatibility mode and
/// returns every finding (empty when compatible). `Err` when a file cannot
/// be read as a schema, the two files are in different formats, or the mode
/// is unknown.
pub fn compare_files(
    old: &str,
    new: &str,
    old_name: &str,
    new_name: &str,
    mode: &str,
) -> Result<Vec<Finding>, String> {
    compare_files_with(old, new, old_name, new_name, mode, &FileOptions::default())
}

/// [`compare_files`] with explicit [`FileOptions`].
pub fn compare_files_with(
    old: &str,
    new: &str,
    old_name: &str,
    new_name: &str,
    mode: &str,
    options: &FileOptions,
) -> Result<Vec<Finding>, String> {
    let directions = directions(mode)?;
    let old_format = detect_format(old_name, old)?;
    let new_format = detect_format(new_name, new)?;
    if old_format != new_format {
        return Err(format!(
            "{old_name} and {new_name} are in different schema formats ({old_format:?} and \
             {new_format:?}); file mode compares two files of the same format"
        ));
    }
    let sides = Sides {
        old: old_name,
        new: new_name,
    };
    let findings = match old_format {
        Format::Avro => avro::compare(old, new, sides, directions, options)?,
        Format::JsonSchema => json_schema::compare(old, new, sides, directions)?,
    };
    Ok(deduplicate(findings))
}

/// Removes repeated findings: the same error found twice, and a warning that
/// both directions of FULL report about the same change.
/// An error both directions report alike breaks both.
fn deduplicate(findings: Vec<Finding>) -> Vec<Finding> {
    let mut kept: Vec<Finding> = Vec::new();
    for finding in findings {
        let same = kept.iter_mut().find(|seen| {
            seen.code == finding.code
                && seen.message == finding.message
                && (seen.severity != Severity::Error || seen.pointer == finding.pointer)
                && (seen.severity == Severity::Error || seen.path == finding.path)
        });
        match same {
            Some(seen) => {
                if seen.direction != finding.direction {
                    seen.direction = crate::Direction::Both;
                }
            }
            None => kept.push(finding),
        }
    }
    kept
}

/// Marks the errors of one direction's check with that direction; warnings
/// describe the change itself and hold for both.
pub(crate) fn tag(mut findings: Vec<Finding>, direction: Direction) -> Vec<Finding> {
    for finding in &mut findings {
        if finding.severity == Severity::Error {
            finding.direction = if direction.reader_is_new {
                crate::Direction::Backward
            } else {
                crate::Direction::Forward
            };
        }
    }
    findings
}

/// True when no finding is an error.
pub fn is_compatible(findings: &[Finding]) -> bool {
    findings
        .iter()
        .all(|finding| finding.severity != Severity::Error)
}

/// Where a finding is, while a checker walks both schemas.
#[derive(Clone, Debug)]
pub(crate) struct Location {
    /// DSL-style path: `Order.lines[].sku`.
    pub path: String,
    /// JSON pointer tokens.
    pub tokens: Vec<String>,
}

impl Location {
    /// The root of a schema called `name`.
    pub fn root(name: &str) -> Location {
        Location {
            path: name.to_string(),
            tokens: Vec::new(),
        }
    }

    /// One more pointer token, same path.
    pub fn token(&self, token: impl Into<String>) -> Location {
        let mut tokens = self.tokens.clone();
        tokens.push(token.into());
        Location {
            path: self.path.clone(),
            tokens,
        }
    }

    /// A named member (record field or object property).
    pub fn member(&self, name: &str, tokens: &[&str]) -> Location {
        let mut tokens_out = self.tokens.clone();
        tokens_out.extend(tokens.iter().map(|token| (*token).to_string()));
        Location {
            path: format!("{}.{name}", self.path),
            tokens: tokens_out,
        }
    }

    /// The elements of a list: path suffix `[]`.
    pub fn elements(&self, token: &str) -> Location {
        let mut location = self.token(token);
        location.path.push_str("[]");
        location
    }

    /// The values of a map: path suffix `{}`.
    pub fn values(&self, token: &str) -> Location {
        let mut location = self.token(token);
        location.path.push_str("{}");
        location
    }

    /// True when this location is a list element or map value.
    pub fn is_element(&self) -> bool {
        self.path.ends_with("[]") || self.path.ends_with("{}")
    }

    /// The JSON pointer, escaped per RFC 6901; `/` for the root.
    pub fn pointer(&self) -> String {
        if self.tokens.is_empty() {
            return "/".to_string();
        }
        self.tokens
            .iter()
            .map(|token| format!("/{}", token.replace('~', "~0").replace('/', "~1")))
            .collect()
    }
}

/// Builds findings with a shared location and the code's usual severity.
pub(crate) struct FindingBuilder {
    finding: Finding,
}

impl FindingBuilder {
    /// A finding of `code` about `change` at `location`.
    pub fn new(code: Code, change: &'static str, location: &Location) -> FindingBuilder {
        FindingBuilder {
            finding: Finding {
                code,
                severity: code.severity(),
                direction: crate::Direction::Both,
                path: location.path.clone(),
                pointer: location.pointer(),
                change,
                old: None,
                new: None,
                message: String::new(),
                help: None,
                owner: None,
            },
        }
    }

    /// The old and new sides.
    pub fn sides(mut self, old: impl Into<String>, new: impl Into<String>) -> FindingBuilder {
        self.finding.old = Some(old.into());
        self.finding.new = Some(new.into());
        self
    }

    /// The old side only.
    pub fn old(mut self, old: impl Into<String>) -> FindingBuilder {
        self.finding.old = Some(old.into());
        self
    }

    /// The new side only.
    pub fn new_side(mut self, new: impl Into<String>) -> FindingBuilder {
        self.finding.new = Some(new.into());
        self
    }

    /// The message.
    pub fn message(mut self, message: impl Into<String>) -> FindingBuilder {
        self.finding.message = message.into();
        self
    }

    /// The help line.
    pub fn help(mut self, help: impl Into<String>) -> FindingBuilder {
        self.finding.help = Some(help.into());
        self
    }

    /// The finished finding.
    pub fn build(self) -> Finding {
        self.finding
    }
}
