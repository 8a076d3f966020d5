//! The lock file, `weft.lock`: every published contract of a project — each
//! event version and each API — with its canonical schema and a
//! fingerprint, so that a later run can tell what changed without the old
//! sources (`weft compat PATH --against weft.lock`).
//!
//! The file is JSON with sorted keys, entries sorted by name and version, and
//! nothing that depends on time or the machine: the same model always gives
//! the same bytes. Its `generated_by` field says it is generated; `weft lock`
//! refuses to overwrite a file that was not, or whose fingerprints no longer
//! match its schemas (edited by hand).
//!
//! Fingerprints are `sha256:` and the hex SHA-256 of the compact canonical
//! JSON (sorted keys) of what they cover: an event version's schema, or an
//! API's base path and operations. Documentation and `@deprecated` notes are
//! left out of what is locked: rewording a doc comment or deprecating a
//! field is not a change of the published contract.

use super::schema::{Docs, Expander, Schema};
use crate::codes;
use crate::model::{Api, Auth, Model, Operation, ParamIn};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::ops::Range;
use weft_syntax::{Diagnostic, FileId, Span};

/// The lock file's name, in the project folder next to `weft.toml`.
pub const LOCK_FILE: &str = "weft.lock";

/// The value of the `generated_by` header field.
pub const GENERATED_BY: &str = "weft lock";

/// The version of the file's layout.
pub const LOCK_FORMAT: u32 = 1;

/// The contents of a lock file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    /// Always [`GENERATED_BY`]: the file is generated, not written by hand.
    pub generated_by: String,
    /// The layout version, [`LOCK_FORMAT`].
    pub format: u32,
    /// The project's name.
    pub project: String,
    /// Every event version, by name then version.
    pub events: Vec<LockedEvent>,
    /// Every API, by name.
    pub apis: Vec<LockedApi>,
}

/// One published event version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedEvent {
    /// The event's qualified name.
    pub name: String,
    /// The version number.
    pub version: u32,
    /// The event's compatibility mode, as Schema Registry spells it.
    pub compatibility: String,
    /// Whether the event itself is `@deprecated`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// Whether this version is `@deprecated`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub version_deprecated: bool,
    /// The payload's canonical schema.
    pub schema: Schema,
    /// `sha256:` + hex digest of the schema's canonical JSON.
    pub fingerprint: String,
}

/// One published API.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedApi {
    /// The API's qualified name.
    pub name: String,
    /// Its semantic version, `1.2.0`.
    pub version: String,
    /// Whether it is `@deprecated`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// Its base path.
    pub base: String,
    /// `sha256:` + hex digest of the canonical JSON of the base path and
    /// the operations.
    pub fingerprint: String,
    /// The operations, by name.
    pub operations: Vec<LockedOperation>,
}

/// One operation of a locked API.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedOperation {
    /// Its name.
    pub name: String,
    /// The HTTP method.
    pub method: String,
    /// The path template, relative to the API's base.
    pub path: String,
    /// Whether it is `@deprecated`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// Its parameters, in declaration order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<LockedParam>,
    /// The request body's schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Schema>,
    /// The success responses, by status.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<LockedResponse>,
    /// The error responses, by status.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<LockedError>,
    /// The effective security.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<LockedAuth>,
}

/// A parameter of a locked operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedParam {
    /// Its name.
    pub name: String,
    /// `path`, `query` or `header`.
    #[serde(rename = "in")]
    pub location: String,
    /// Whether callers must send it (not optional and without a default).
    pub required: bool,
    /// Its default, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// Its schema, with the parameter's own constraints.
    pub schema: Schema,
}

/// A success response of a locked operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedResponse {
    /// The HTTP status.
    pub status: u16,
    /// The body's schema.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Schema>,
}

/// An error response of a locked operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedError {
    /// The HTTP status.
    pub status: u16,
    /// The name workflows catch.
    pub name: String,
}

/// The security of a locked operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedAuth {
    /// `oauth2`, `api_key` or `none`.
    pub scheme: String,
    /// The OAuth2 flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
    /// The OAuth2 scopes, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
    /// The API key's header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The lock of a model: every event version and API outside the standard
/// library, sorted by name (and version).
pub fn lock_of(model: &Model) -> Lock {
    // Fingerprints write each shared record's canonical text once.
    crate::compat::canonical::with_shared_records(|| lock_of_model(model))
}

fn lock_of_model(model: &Model) -> Lock {
    // One expander for every contract: each declaration is expanded once
    // and shared by the schemas that reach it, already without docs.
    let mut expander = Expander::new(model, Docs::Drop);
    let mut events = Vec::new();
    for (index, event) in model.events.iter().enumerate() {
        if event.name.is_std() {
            continue;
        }
        let id = crate::model::EventId(u32::try_from(index).unwrap_or(u32::MAX));
        for version in &event.versions {
            let Some(schema) = expander.event_version(id, version.number) else {
                continue;
            };
            events.push(LockedEvent {
                name: event.name.qualified(),
                version: version.number,
                compatibility: event.compatibility.as_str().to_string(),
                deprecated: event.meta.deprecated.is_some(),
                version_deprecated: version.meta.deprecated.is_some(),
                fingerprint: fingerprint(&schema),
                schema,
            });
        }
    }
    events.sort_by(|a, b| (&a.name, a.version).cmp(&(&b.name, b.version)));
    events.dedup_by(|a, b| a.name == b.name && a.version == b.version);
    let mut apis: Vec<LockedApi> = model
        .apis
        .iter()
        .filter(|api| !api.name.is_std())
        .map(|api| lock_api(&mut expander, api))
        .collect();
    apis.sort_by(|a, b| a.name.cmp(&b.name));
    apis.dedup_by(|a, b| a.name == b.name);
    Lock {
        generated_by: GENERATED_BY.to_string(),
        format: LOCK_FORMAT,
        project: model.project.clone(),
        events,
        apis,
    }
}

fn lock_api(expander: &mut Expander<'_>, api: &Api) -> LockedApi {
    let mut operations: Vec<LockedOperation> = api
        .operations
        .iter()
        .map(|operation| lock_operation(expander, operation))
        .collect();
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    let (major, minor, patch) = api.version;
    LockedApi {
        name: api.name.qualified(),
        version: format!("{major}.{minor}.{patch}"),
        deprecated: api.meta.deprecated.is_some(),
        fingerprint: api_fingerprint(&api.base, &operations),
        base: api.base.clone(),
        operations,
    }
}

/// The fingerprint of an API's contract: its base path and operations.
pub fn api_fingerprint(base: &str, operations: &[LockedOperation]) -> String {
    #[derive(Serialize)]
    struct Contract<'a> {
        base: &'a str,
        operations: &'a [LockedOperation],
    }
    fingerprint(&Contract { base, operations })
}

fn lock_operation(expander: &mut Expander<'_>, operation: &Operation) -> LockedOperation {
    let mut responses: Vec<LockedResponse> = operation
        .responses
        .iter()
        .map(|response| LockedResponse {
            status: response.status,
            body: response.body.as_ref().map(|ty| expander.schema(ty)),
        })
        .collect();
    responses.sort_by_key(|response| response.status);
    let mut errors: Vec<LockedError> = operation
        .errors
        .iter()
        .map(|error| LockedError {
            status: error.status,
            name: error.name.to_string(),
        })
        .collect();
    errors.sort_by(|a, b| (a.status, &a.name).cmp(&(b.status, &b.name)));
    LockedOperation {
        name: operation.name.to_string(),
        method: operation.method.as_str().to_string(),
        path: operation.path.to_string(),
        deprecated: operation.meta.deprecated.is_some(),
        params: operation
            .params
            .iter()
            .map(|param| {
                let field = &param.field;
                LockedParam {
                    name: field.name.to_string(),
                    location: match param.location {
                        ParamIn::Path => "path",
                        ParamIn::Query => "query",
                        ParamIn::Header => "header",
                    }
                    .to_string(),
                    required: !field.ty.is_optional() && field.default().is_none(),
                    default: field.default().map(super::schema::json),
                    schema: param_schema(expander, field),
                }
            })
            .collect(),
        body: operation.body.as_ref().map(|ty| expander.schema(ty)),
        responses,
        errors,
        auth: operation.auth.as_deref().map(lock_auth),
    }
}

/// A parameter's schema: its type with the parameter's own constraints
/// merged in (both hold, so the tighter bound wins).
fn param_schema(expander: &mut Expander<'_>, field: &crate::model::Field) -> Schema {
    crate::compat::schema::constrain(expander.schema(&field.ty), field.constraints())
}

fn lock_auth(auth: &Auth) -> LockedAuth {
    let mut scopes = auth.scopes.clone();
    scopes.sort();
    scopes.dedup();
    LockedAuth {
        scheme: auth.scheme.as_str().to_string(),
        flow: auth.flow.map(|flow| flow.as_str().to_string()),
        scopes,
        header: auth.header.clone(),
    }
}

/// The schema as locked: without documentation and deprecation notes.
pub fn contract(schema: Schema) -> Schema {
    match schema {
        Schema::Record(mut shared) => {
            let record = std::sync::Arc::make_mut(&mut shared);
            record.doc = String::new();
            record.deprecated = None;
            record.fields = std::mem::take(&mut record.fields)
                .into_iter()
                .map(|mut field| {
                    field.doc = String::new();
                    field.deprecated = None;
                    field.schema = contract(field.schema);
                    field
                })
                .collect();
            Schema::Record(shared)
        }
        Schema::Enum(mut enumeration) => {
            if !enumeration.doc.is_empty() {
                std::sync::Arc::make_mut(&mut enumeration).doc = String::new();
            }
            Schema::Enum(enumeration)
        }
        Schema::List {
            items,
            min_items,
            max_items,
        } => Schema::List {
            items: Box::new(contract(*items)),
            min_items,
            max_items,
        },
        Schema::Map { keys, values } => Schema::Map {
            keys: Box::new(contract(*keys)),
            values: Box::new(contract(*values)),
        },
        Schema::Optional { value } => Schema::Optional {
            value: Box::new(contract(*value)),
        },
        other => other,
    }
}

/// `sha256:` and the hex digest of the value's canonical JSON.
pub fn fingerprint(value: &impl Serialize) -> String {
    let digest = Sha256::digest(canonical_json(value).as_bytes());
    let mut text = String::with_capacity(7 + 64);
    text.push_str("sha256:");
    for byte in digest {
        text.push_str(&format!("{byte:02x}"));
    }
    text
}

/// Compact JSON with every object's keys sorted.
pub fn canonical_json(value: &impl Serialize) -> String {
    crate::compat::canonical::to_string(value)
}

/// The lock as the file holds it: pretty JSON with sorted keys and a final
/// newline.
pub fn render_lock(lock: &Lock) -> String {
    let value = serde_json::to_value(lock).map_or(serde_json::Value::Null, sorted);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn sorted(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(String, serde_json::Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(key, value)| (key, sorted(value)))
                    .collect(),
            )
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted).collect())
        }
        other => other,
    }
}

/// Why a lock file's text cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LockProblem {
    /// Not JSON, or not a lock's shape.
    Invalid(String),
    /// Not generated by `weft lock`.
    NotGenerated,
    /// A layout this version of weft does not know.
    UnknownFormat(u32),
    /// A fingerprint does not match its schema: edited by hand.
    Edited(String),
}

impl std::fmt::Display for LockProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LockProblem::Invalid(error) => write!(f, "it is not a weft lock file: {error}"),
            LockProblem::NotGenerated => write!(
                f,
                "it was not generated by `{GENERATED_BY}` (its `generated_by` is not \"{GENERATED_BY}\")"
            ),
            LockProblem::UnknownFormat(format) => write!(
                f,
                "its format {format} is not one this weft reads (format {LOCK_FORMAT})"
            ),
            LockProblem::Edited(what) => write!(
                f,
                "it was edited by hand: the fingerprint of {what} does not match its schema"
            ),
        }
    }
}

/// Reads a lock file's text and verifies every fingerprint.
pub fn parse_lock(text: &str) -> Result<Lock, LockProblem> {
    parse_lock_at(text).map_err(|invalid| invalid.problem)
}

/// Why a lock file cannot be used, and where in its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidLock {
    /// What is wrong.
    pub problem: LockProblem,
    /// The offending place, as a byte range of the text (the whole line).
    pub range: Range<usize>,
}

impl InvalidLock {
    /// The problem as a diagnostic ([`codes::LOCK_FILE_INVALID`]) in `file`,
    /// the lock file's text in the source map.
    pub fn diagnostic(&self, file: FileId) -> Box<Diagnostic> {
        let (label, help) = match &self.problem {
            LockProblem::Edited(_) => (
                "this fingerprint",
                "a lock file is generated: regenerate it from the published sources with `weft lock`, never edit it",
            ),
            LockProblem::UnknownFormat(_) => (
                "this format",
                "regenerate it with this weft's `weft lock`, or use the weft that wrote it",
            ),
            LockProblem::NotGenerated | LockProblem::Invalid(_) => (
                "here",
                "a lock file is generated: regenerate it from the published sources with `weft lock`",
            ),
        };
        Box::new(
            Diagnostic::error(
                codes::LOCK_FILE_INVALID,
                format!("invalid lock file: {}", self.problem),
                Span::new(file, self.range.start, self.range.end),
                label,
            )
            .with_help(help),
        )
    }
}

/// Like [`parse_lock`], with the place of the problem. Strict: a field this
/// weft does not know, a value of the wrong type, a format version other
/// than [`LOCK_FORMAT`] or anything that does not come back unchanged when
/// the lock is written again (a field the schema types would silently drop
/// or default) makes the file invalid, so that nonsense is never taken for
/// a published contract.
pub fn parse_lock_at(text: &str) -> Result<Lock, InvalidLock> {
    let at = |problem: LockProblem, offset: usize| InvalidLock {
        problem,
        range: line_at(text, offset),
    };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| {
        let offset = offset_of(text, error.line(), error.column());
        at(LockProblem::Invalid(message_of(&error)), offset)
    })?;
    let key = |name: &str| key_offset(text, name).unwrap_or(0);
    if value.get("generated_by").and_then(|value| value.as_str()) != Some(GENERATED_BY) {
        return Err(at(LockProblem::NotGenerated, key("generated_by")));
    }
    match value.get("format").and_then(|value| value.as_u64()) {
        Some(format) if format == u64::from(LOCK_FORMAT) => {}
        Some(format) => {
            return Err(at(
                LockProblem::UnknownFormat(u32::try_from(format).unwrap_or(u32::MAX)),
                key("format"),
            ))
        }
        None => {
            return Err(at(
                LockProblem::Invalid("its `format` is not a version number".to_string()),
                key("format"),
            ))
        }
    }
    // From the text, not the value: serde_json then tells the line.
    let lock: Lock = serde_json::from_str(text).map_err(|error| {
        let offset = offset_of(text, error.line(), error.column());
        at(LockProblem::Invalid(message_of(&error)), offset)
    })?;
    let again = serde_json::to_value(&lock).map_or(serde_json::Value::Null, sorted);
    if let Some((path, name)) = first_difference(&sorted(value), &again, String::new()) {
        return Err(at(
            LockProblem::Invalid(format!("`{path}` is not part of a lock file")),
            key_offset(text, &name).unwrap_or(0),
        ));
    }
    for event in &lock.events {
        if fingerprint(&event.schema) != event.fingerprint {
            return Err(at(
                LockProblem::Edited(format!("{} v{}", event.name, event.version)),
                text.find(&event.fingerprint).unwrap_or(0),
            ));
        }
    }
    for api in &lock.apis {
        if api_fingerprint(&api.base, &api.operations) != api.fingerprint {
            return Err(at(
                LockProblem::Edited(format!("API {}", api.name)),
                text.find(&api.fingerprint).unwrap_or(0),
            ));
        }
    }
    Ok(lock)
}

/// serde_json's message without its ` at line L column C` tail (the
/// diagnostic shows the place).
fn message_of(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(tail) => message[..tail].to_string(),
        None => message,
    }
}

/// The byte offset of a 1-based line and column (serde_json's).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

/// The first place `"name":` is written as a key.
fn key_offset(text: &str, name: &str) -> Option<usize> {
    let quoted = serde_json::to_string(name).ok()?;
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(&quoted)) {
        let after = from + found + quoted.len();
        if text
            .get(after..)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
        {
            return Some(from + found);
        }
        from = after;
    }
    None
}

/// The line holding `offset`, without its indentation and line break.
fn line_at(text: &str, offset: usize) -> Range<usize> {
    let offset = offset.min(text.len());
    let start = text
        .get(..offset)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |newline| newline + 1);
    let end = text
        .get(offset..)
        .and_then(|after| after.find('\n'))
        .map_or(text.len(), |newline| offset + newline);
    let line = text.get(start..end).unwrap_or_default();
    let indent = line.len() - line.trim_start().len();
    start + indent..start + line.trim_end().len().max(indent)
}

/// The first place where the file's JSON and the lock written again differ:
/// its path (`events[0].schema.x`) and the last key on it.
fn first_difference(
    written: &serde_json::Value,
    again: &serde_json::Value,
    path: String,
) -> Option<(String, String)> {
    use serde_json::Value;
    let last = |path: &str| {
        path.rsplit('.')
            .next()
            .map(|key| key.split('[').next().unwrap_or(key).to_string())
            .unwrap_or_default()
    };
    match (written, again) {
        (Value::Object(written), Value::Object(again)) => {
            for (key, value) in written {
                let inner = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match again.get(key) {
                    None => return Some((inner.clone(), key.clone())),
                    Some(other) => {
                        if let Some(found) = first_difference(value, other, inner) {
                            return Some(found);
                        }
                    }
                }
            }
            again
                .keys()
                .find(|key| !written.contains_key(*key))
                .map(|key| (format!("{path}.{key}"), last(&path)))
        }
        (Value::Array(written), Value::Array(again)) if written.len() == again.len() => written
            .iter()
            .zip(again)
            .enumerate()
            .find_map(|(index, (written, again))| {
                first_difference(written, again, format!("{path}[{index}]"))
            }),
        (written, again) if written == again => None,
        _ => Some((path.clone(), last(&path))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::{Origin, SourceMap};

    fn model(text: &str) -> Model {
        let mut sources = SourceMap::with_stdlib();
        sources.add(
            "weft.toml",
            "[project]\nname = \"shop\"\nversion = \"1.0.0\"\n".to_string(),
            Origin::Project,
        );
        sources.add("model.weft", text.to_string(), Origin::Project);
        crate::check(&sources).model
    }

    const SHOP: &str = "package shop\n\ndomain sales {\n  owner \"Sales\"\n}\n\nsystem webshop {\n  domain sales\n}\n\nevent OrderPlaced {\n  producer webshop\n  key id\n\n  version 1 {\n    /// The order.\n    id: string\n    total: decimal(12, 2)\n  }\n}\n\napi Orders {\n  host webshop\n  version 1.2.0\n\n  operation getOrder GET \"/orders/{id}\" {\n    path id: string length 1..20\n    query expand: bool = false\n    response 200 string\n  }\n}\n";

    /// The canonical text as it was first defined: a `serde_json::Value`
    /// (whose objects keep keys sorted), keys sorted again, compact.
    fn reference_json(value: &impl Serialize) -> String {
        let value = serde_json::to_value(value).map_or(serde_json::Value::Null, sorted);
        serde_json::to_string(&value).unwrap_or_default()
    }

    /// Every `.weft` file under `folder`, as project sources.
    fn add_folder(sources: &mut SourceMap, folder: &std::path::Path) {
        let mut entries: Vec<_> = std::fs::read_dir(folder)
            .expect("example folder")
            .map(|entry| entry.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                add_folder(sources, &path);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "weft" || ext == "toml")
            {
                let text = std::fs::read_to_string(&path).expect("example file");
                sources.add(path.display().to_string(), text, Origin::Project);
            }
        }
    }

    /// Fingerprints hash the same bytes as before canonical JSON was
    /// written directly with shared records cached: every event version
    /// and API of the example project, written inside one cache.
    #[test]
    fn canonical_text_is_the_sorted_value_text() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/acme-plant");
        let mut sources = SourceMap::with_stdlib();
        add_folder(&mut sources, &root);
        let model = crate::check(&sources).model;
        let lock = lock_of(&model);
        assert!(lock.events.len() > 5 && !lock.apis.is_empty());
        crate::compat::canonical::with_shared_records(|| {
            let mut expander = Expander::new(&model, Docs::Drop);
            for (index, event) in model.events.iter().enumerate() {
                let id = crate::model::EventId(index as u32);
                for version in &event.versions {
                    if let Some(schema) = expander.event_version(id, version.number) {
                        assert_eq!(canonical_json(&schema), reference_json(&schema));
                    }
                }
            }
            for api in &lock.apis {
                assert_eq!(canonical_json(api), reference_json(api));
                let contract = (&api.base, &api.operations);
                assert_eq!(canonical_json(&contract), reference_json(&contract));
            }
            assert_eq!(canonical_json(&lock), reference_json(&lock));
        });
        for event in &lock.events {
            assert_eq!(event.fingerprint, fingerprint(&event.schema));
            let digest = Sha256::digest(reference_json(&event.schema).as_bytes());
            let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
            assert_eq!(event.fingerprint, format!("sha256:{hex}"));
        }
    }

    #[test]
    fn a_lock_round_trips_and_is_deterministic() {
        let lock = lock_of(&model(SHOP));
        assert_eq!(lock.events.len(), 1);
        assert_eq!(lock.apis[0].version, "1.2.0");
        let params = &lock.apis[0].operations[0].params;
        assert!(params[0].required);
        assert!(!params[1].required);
        assert!(matches!(
            params[0].schema,
            Schema::String {
                max_length: Some(20),
                ..
            }
        ));
        let text = render_lock(&lock);
        assert_eq!(text, render_lock(&lock_of(&model(SHOP))));
        assert_eq!(parse_lock(&text), Ok(lock));
    }

    #[test]
    fn docs_are_not_part_of_the_fingerprint() {
        let plain = lock_of(&model(SHOP));
        let reworded = lock_of(&model(&SHOP.replace("/// The order.", "/// Its number.")));
        assert_eq!(plain.events[0].fingerprint, reworded.events[0].fingerprint);
        let changed = lock_of(&model(&SHOP.replace("decimal(12, 2)", "decimal(14, 2)")));
        assert_ne!(plain.events[0].fingerprint, changed.events[0].fingerprint);
    }

    #[test]
    fn hand_edits_are_detected() {
        let text = render_lock(&lock_of(&model(SHOP)));
        let edited = text.replacen("\"total\"", "\"sum\"", 1);
        assert!(matches!(parse_lock(&edited), Err(LockProblem::Edited(_))));
        let foreign = text.replace("\"weft lock\"", "\"me\"");
        assert_eq!(parse_lock(&foreign), Err(LockProblem::NotGenerated));
        assert!(matches!(parse_lock("[]"), Err(LockProblem::NotGenerated)));
        assert!(matches!(parse_lock("{"), Err(LockProblem::Invalid(_))));
    }
}
