//! The `schemas` target: one JSON Schema 2020-12 document per event version,
//! and the Schema Registry subjects to register them under.
//!
//! # Files
//!
//! - `schemas/<topic>.json` — the value schema of one event version (the
//!   topic is [`naming::topic`]: `<domain>.<event>.v<N>`). Its `$id` is
//!   `urn:weft:<project>:<topic>`: stable across builds, machines and
//!   deployments (it names the contract, not where the file is served), and
//!   unique per event version. `title` is `<Event> v<N>`, `description` the
//!   event's doc comment followed by the version's. The payload record is
//!   the root object; every named record, enum and alias it mentions is in
//!   `$defs` and referred to as `#/$defs/<Name>`. Producer schemas are
//!   closed (`additionalProperties: false`, COMPAT.md §5.4). How each weft
//!   type is represented is documented in [`json_schema`].
//! - `schemas/<topic>-key.json` — for an event with a partition key, the
//!   schema of the key field (`$id` `urn:weft:<project>:<topic>-key`),
//!   without doc text: a doc comment must not change the key's registry id,
//!   which is part of the key's bytes and so of its partition.
//! - `schemas/registry.json` — every Schema Registry subject, named with
//!   Confluent's `TopicNameStrategy`: `<topic>-value` and, for keyed events,
//!   `<topic>-key`; each with its schema file (relative to `registry.json`),
//!   `schemaType: JSON`, the `$id`, and the compatibility level from the
//!   event's mode (`BACKWARD_TRANSITIVE`, ...), and the two Schema Registry
//!   requests that set the subject up (`configure`: `PUT /config/{subject}`,
//!   `register`: `POST /subjects/{subject}/versions`, with their bodies).
//!   Subjects are sorted by name; `registrationOrder` lists the requests,
//!   each subject's level before its schema.
//! - `schemas/readers/<topic>.json` — the reader (consumer) schema: open
//!   records, and enums with a fallback accept any string.
//!
//! Events of the standard library are not generated. `[targets.schemas]
//! format` chooses what `registry.json` registers: `json` (the default, the
//! JSON Schemas above) or `avro` (the `avro` target's `.avsc` files,
//! `schemaType: AVRO`, their paths relative to `registry.json`; build the
//! `avro` target with it). Subject names are the same in both, so a project
//! registers one format.

pub mod examples;

use crate::json_schema::{for_field, for_record, to_pretty_json, Defs, DIALECT};
use crate::{naming, BuildContext, Manifest, Target, TargetName};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use weft_base::Diagnostic;
use weft_model::{EventId, EventVersion, Field, Model, TypeKind};

/// `[targets.schemas]`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Which schemas `registry.json` registers.
    pub format: RegistryFormat,
}

/// The keys `[targets.schemas]` accepts.
pub const KEYS: [&str; 1] = ["format"];

/// The schema format a project registers with the Schema Registry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegistryFormat {
    /// JSON Schema 2020-12 (`schemaType: JSON`).
    #[default]
    Json,
    /// Apache Avro (`schemaType: AVRO`).
    Avro,
}

impl RegistryFormat {
    /// Schema Registry's `schemaType`.
    fn schema_type(self) -> &'static str {
        match self {
            RegistryFormat::Json => "JSON",
            RegistryFormat::Avro => "AVRO",
        }
    }
}

/// The `schemas` target.
#[derive(Clone, Copy, Debug, Default)]
pub struct Schemas;

impl Target for Schemas {
    fn name(&self) -> TargetName {
        TargetName::Schemas
    }

    fn generate(
        &self,
        context: &BuildContext,
        manifest: &mut Manifest,
    ) -> Result<(), Vec<Diagnostic>> {
        let model = context.model;
        let mut errors = Vec::new();
        let mut subjects = Vec::new();
        for version in event_versions(model) {
            let value = value_document(model, context.project, &version);
            let file = format!("{}.json", version.topic);
            let value = add(manifest, &format!("schemas/{file}"), &value, &mut errors);
            let reader = reader_document(model, context.project, &version);
            let reader_file = format!("readers/{}.json", version.topic);
            add(
                manifest,
                &format!("schemas/{reader_file}"),
                &reader,
                &mut errors,
            );
            let key = key_document(model, context.project, &version).map(|key| {
                let file = format!("{}-key.json", version.topic);
                let key = add(manifest, &format!("schemas/{file}"), &key, &mut errors);
                (file, key)
            });
            match context.settings.schemas.format {
                RegistryFormat::Json => {
                    let mut entry =
                        subject(model, context.project, &version, "value", &file, &value);
                    entry["readerSchema"] = reader_file.into();
                    subjects.push(entry);
                    if let Some((file, key)) = key {
                        subjects.push(subject(
                            model,
                            context.project,
                            &version,
                            "key",
                            &file,
                            &key,
                        ));
                    }
                }
                RegistryFormat::Avro => {
                    let parts =
                        std::iter::once(("value", crate::avro::value_schema(model, &version)))
                            .chain(
                                crate::avro::key_schema(model, &version).map(|key| ("key", key)),
                            );
                    for (part, (schema, problems)) in parts {
                        // What the avro target refuses is not registered either.
                        if !problems.is_empty() {
                            errors.extend(problems.into_iter().map(|problem| {
                                format!(
                                    "the Avro schema `{}-{part}.avsc` cannot be registered: {problem}",
                                    version.topic
                                )
                            }));
                            continue;
                        }
                        let file = format!("../avro/{}-{part}.avsc", version.topic);
                        let text = crate::avro::schema_text(&schema).unwrap_or_default();
                        let mut entry =
                            subject(model, context.project, &version, part, &file, &value);
                        entry["schemaType"] = "AVRO".into();
                        entry["register"]["body"]["schemaType"] = "AVRO".into();
                        entry["register"]["body"]["schema"] = text.into();
                        if let Some(object) = entry.as_object_mut() {
                            object.remove("id");
                        }
                        subjects.push(entry);
                    }
                }
            }
        }
        subjects.sort_by(|a, b| a["subject"].as_str().cmp(&b["subject"].as_str()));
        // Each subject's compatibility level first, then its schema, so that
        // the level already guards the first registration.
        let order: Vec<Value> = subjects
            .iter()
            .flat_map(|subject| {
                ["configure", "register"].map(|step| {
                    let request = &subject[step];
                    Value::String(format!(
                        "{} {}",
                        request["method"].as_str().unwrap_or_default(),
                        request["path"].as_str().unwrap_or_default()
                    ))
                })
            })
            .collect();
        let registry = json!({
            "project": context.project,
            "version": context.version,
            "subjectNameStrategy": "TopicNameStrategy",
            "schemaType": context.settings.schemas.format.schema_type(),
            "registrationOrder": order,
            "subjects": subjects,
        });
        add(manifest, "schemas/registry.json", &registry, &mut errors);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors
                .into_iter()
                .map(|error| context.failure(error, None))
                .collect())
        }
    }
}

/// One version of one of the project's events, with its topic.
#[derive(Clone, Debug)]
pub struct EventVersionRef<'a> {
    /// The event.
    pub event: EventId,
    /// The version.
    pub version: &'a EventVersion,
    /// Its topic, `<domain>.<event>.v<N>`.
    pub topic: String,
}

/// Every version of every event of the project (not the standard library),
/// sorted by topic.
pub fn event_versions(model: &Model) -> Vec<EventVersionRef<'_>> {
    let mut versions = Vec::new();
    for (index, event) in model.events.iter().enumerate() {
        if event.name.is_std() {
            continue;
        }
        let id = EventId(u32::try_from(index).unwrap_or(u32::MAX));
        for version in &event.versions {
            versions.push(EventVersionRef {
                event: id,
                version,
                topic: naming::topic(model, id, version.number),
            });
        }
    }
    versions.sort_by(|a, b| a.topic.cmp(&b.topic));
    versions
}

/// The `$id` of a schema: `urn:weft:<project>:<name>`.
pub fn schema_id(project: &str, name: &str) -> String {
    format!("urn:weft:{project}:{name}")
}

/// The value schema of an event version: a closed object of the payload's
/// fields, with the named types it uses in `$defs`.
pub fn value_document(model: &Model, project: &str, version: &EventVersionRef) -> Value {
    let event = model.event(version.event);
    let payload = model.types.get(version.version.payload.index());
    let mut defs = Defs::new();
    let mut root = match payload.map(|decl| &decl.kind) {
        Some(TypeKind::Record(record)) => for_record(model, record, &mut defs),
        _ => Map::new(),
    };
    let mut description = Vec::new();
    for doc in [&event.meta.doc, &version.version.meta.doc] {
        if !doc.trim().is_empty() {
            description.push(doc.trim().to_string());
        }
    }
    if description.is_empty() {
        if let Some(decl) = payload {
            if !decl.meta.doc.trim().is_empty() {
                description.push(decl.meta.doc.trim().to_string());
            }
        }
    }
    let deprecated = event
        .meta
        .deprecated
        .as_ref()
        .or(version.version.meta.deprecated.as_ref());
    if let Some(reason) = deprecated {
        root.insert("deprecated".into(), Value::Bool(true));
        if !reason.trim().is_empty() {
            description.push(format!("Deprecated: {}", reason.trim()));
        }
    }
    root.insert("$schema".into(), DIALECT.into());
    root.insert("$id".into(), schema_id(project, &version.topic).into());
    root.insert(
        "title".into(),
        format!("{} v{}", event.name.name, version.version.number).into(),
    );
    if !description.is_empty() {
        root.insert("description".into(), description.join("\n\n").into());
    }
    if !defs.is_empty() {
        root.insert("$defs".into(), Value::Object(defs.into_map()));
    }
    Value::Object(root)
}

/// The reader (consumer) schema of an event version: open records, which
/// accept fields added later, and enums with a `@fallback` that accept
/// symbols added later (a reader maps them to the fallback). The producer's
/// schema stays closed.
pub fn reader_document(model: &Model, project: &str, version: &EventVersionRef) -> Value {
    let payload = model.types.get(version.version.payload.index());
    let mut defs = Defs::new().open();
    let mut root = match payload.map(|decl| &decl.kind) {
        Some(TypeKind::Record(record)) => for_record(model, record, &mut defs),
        _ => Map::new(),
    };
    let event = model.event(version.event);
    root.insert("$schema".into(), DIALECT.into());
    root.insert(
        "$id".into(),
        schema_id(project, &format!("{}-reader", version.topic)).into(),
    );
    root.insert(
        "title".into(),
        format!("{} v{} (reader)", event.name.name, version.version.number).into(),
    );
    root.insert(
        "description".into(),
        format!(
            "What a consumer of `{}` validates with: it accepts fields added later and, for enums with a fallback, symbols added later (read as the fallback). Producers write `{}.json`, which is closed.",
            version.topic, version.topic
        )
        .into(),
    );
    if !defs.is_empty() {
        root.insert("$defs".into(), Value::Object(defs.into_map()));
    }
    Value::Object(root)
}

/// The key schema of an event version: the schema of its partition key
/// field; `None` for an event without a key. It carries no documentation
/// (see [`strip_docs`]).
pub fn key_document(model: &Model, project: &str, version: &EventVersionRef) -> Option<Value> {
    let event = model.event(version.event);
    let field = key_field(model, version.version, &event.key)?;
    let mut defs = Defs::new();
    let mut root = for_field(model, field, &mut defs);
    if !defs.is_empty() {
        root.insert("$defs".into(), Value::Object(defs.into_map()));
    }
    let mut root = Value::Object(root);
    strip_docs(&mut root);
    if let Value::Object(root) = &mut root {
        root.insert("$schema".into(), DIALECT.into());
        root.insert(
            "$id".into(),
            schema_id(project, &format!("{}-key", version.topic)).into(),
        );
        // From names only, like `$id`: a renamed event is another topic anyway.
        root.insert(
            "title".into(),
            format!("{} v{} key", event.name.name, version.version.number).into(),
        );
    }
    Some(root)
}

/// Annotations of a key schema that only document. Confluent's serializers
/// put the key schema's registry id into the key's bytes, and the default
/// partitioner hashes those bytes: a key schema changed by a doc comment
/// gets a new id, and the same key lands in another partition (per-key
/// order and compaction break). So key schemas keep only what validates
/// (types, formats, patterns, lengths, `required`, defaults, names in
/// `$defs`, and the `$comment`s weft writes for constraints JSON Schema
/// cannot check, which come from types, not docs); `deprecated` and
/// `examples` go too, since they change without the key's meaning changing.
const DOC_KEYWORDS: [&str; 3] = ["description", "deprecated", "examples"];

/// Removes [`DOC_KEYWORDS`] from a schema and its subschemas, walking only
/// where the keywords hold schemas: a property called `description` stays,
/// and so do values (`default`, `const`, `enum`).
fn strip_docs(schema: &mut Value) {
    let Value::Object(map) = schema else {
        return;
    };
    for keyword in DOC_KEYWORDS {
        map.remove(keyword);
    }
    for (keyword, sub) in map.iter_mut() {
        match (keyword.as_str(), sub) {
            (
                "properties" | "patternProperties" | "dependentSchemas" | "$defs",
                Value::Object(named),
            ) => named.values_mut().for_each(strip_docs),
            ("anyOf" | "oneOf" | "allOf" | "prefixItems", Value::Array(list)) => {
                list.iter_mut().for_each(strip_docs);
            }
            (
                "items"
                | "additionalProperties"
                | "propertyNames"
                | "contains"
                | "not"
                | "if"
                | "then"
                | "else"
                | "unevaluatedItems"
                | "unevaluatedProperties",
                sub,
            ) => strip_docs(sub),
            _ => {}
        }
    }
}

/// The field a key path names in a version's payload (through nested
/// records).
pub fn key_field<'a>(
    model: &'a Model,
    version: &EventVersion,
    path: &[weft_model::SmolStr],
) -> Option<&'a Field> {
    model.key_field(version.payload, path)
}

/// A subject of `registry.json`, with the two Schema Registry requests
/// that set it up: `PUT /config/{subject}` (its compatibility level) and
/// `POST /subjects/{subject}/versions` (its schema, as the string the REST
/// API takes; the documents are self-contained, so there are no references).
fn subject(
    model: &Model,
    project: &str,
    version: &EventVersionRef,
    part: &str,
    file: &str,
    schema: &Value,
) -> Value {
    let event = model.event(version.event);
    let name = if part == "key" {
        format!("{}-key", version.topic)
    } else {
        version.topic.clone()
    };
    let subject = format!("{}-{part}", version.topic);
    json!({
        "subject": subject,
        "topic": version.topic,
        "eventVersion": version.version.number,
        "schemaType": "JSON",
        "schema": file,
        "id": schema_id(project, &name),
        "event": event.name.qualified(),
        "compatibility": event.compatibility.as_str(),
        "configure": {
            "method": "PUT",
            "path": format!("/config/{subject}"),
            "body": { "compatibility": event.compatibility.as_str() },
        },
        "register": {
            "method": "POST",
            "path": format!("/subjects/{subject}/versions"),
            "body": {
                "schemaType": "JSON",
                "schema": serde_json::to_string(schema).unwrap_or_default(),
                "references": [],
            },
        },
    })
}

/// Adds a document; returns it as written (the registry's requests carry
/// exactly that).
fn add(manifest: &mut Manifest, path: &str, value: &Value, errors: &mut Vec<String>) -> Value {
    // Doc comments reach schema files as written; renderers show them as
    // Markdown with HTML, so what they could execute is neutralised here.
    let mut value = value.clone();
    crate::openapi::text::clean_json_descriptions(&mut value);
    if let Err(error) = manifest.add(path, to_pretty_json(&value)) {
        errors.push(error);
    }
    value
}
