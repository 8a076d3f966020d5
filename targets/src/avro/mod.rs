//! The `avro` target: Apache Avro 1.11 schemas (`.avsc`) per event version,
//! for Kafka shops that register Avro rather than JSON Schema.
//!
//! # Files
//!
//! - `avro/<topic>-value.avsc`: the payload record of one event version
//!   (the topic is [`crate::naming::topic`], `<domain>.<event>.v<N>`, so the file is
//!   named after the Schema Registry subject under Confluent's
//!   `TopicNameStrategy`). The record's `doc` is the event's doc comment
//!   followed by the version's (the payload's own when both are empty).
//! - `avro/<topic>-key.avsc`: for an event with a partition key, the schema
//!   of the key field, without `doc` (see [`key_schema`]).
//!
//! How each weft type maps is in [`schema`] and `docs/avro.md`. A name
//! Avro does not accept (a package segment, type, field, enum symbol or
//! field alias that is not `[A-Za-z_][A-Za-z0-9_]*`, a record or enum alias
//! that is not such names joined by `.`, a record or enum named after a
//! primitive type) is refused with `E810`: renaming it silently would break
//! the schema's compatibility with data already written. So are defaults
//! that need both branches of one union, which no Avro 1.11 schema holds,
//! and defaults Avro's form of their type cannot hold exactly (see
//! [`schema`]), at the field that declares them. The target has no settings.

mod epoch;
mod order;
pub mod schema;

use crate::schemas::{event_versions, key_field, EventVersionRef};
use crate::{BuildContext, Manifest, Target, TargetName};
use serde::Deserialize;
use serde_json::Value;
use weft_base::{codes, Diagnostic};
use weft_model::{Model, Type};

/// `[targets.avro]`: the target has no settings, so the table must be empty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {}

/// The `avro` target.
#[derive(Clone, Copy, Debug, Default)]
pub struct Avro;

impl Target for Avro {
    fn name(&self) -> TargetName {
        TargetName::Avro
    }

    fn generate(
        &self,
        context: &BuildContext,
        manifest: &mut Manifest,
    ) -> Result<(), Vec<Diagnostic>> {
        let model = context.model;
        let mut errors = Vec::new();
        for version in event_versions(model) {
            let span = Some(model.event(version.event).name.span);
            let mut files = vec![(
                format!("{}-value", version.topic),
                value_schema(model, &version),
            )];
            if let Some(key) = key_schema(model, &version) {
                files.push((format!("{}-key", version.topic), key));
            }
            for (subject, (schema, problems)) in files {
                if !problems.is_empty() {
                    for problem in problems {
                        let message = format!(
                            "the Avro schema `{subject}.avsc` cannot be written: {problem}"
                        );
                        errors.push(match problem.span {
                            Some(at) => unwritable_default(message, at),
                            None => context.failure(message, span),
                        });
                    }
                    continue;
                }
                let text = match schema_text(&schema) {
                    Ok(text) => text,
                    Err(error) => {
                        errors.push(context.failure(error.to_string(), span));
                        continue;
                    }
                };
                if let Err(error) = manifest.add(&format!("avro/{subject}.avsc"), text) {
                    errors.push(context.failure(error, span));
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// E810 at a field whose default Avro cannot hold exactly.
fn unwritable_default(message: String, at: weft_base::Span) -> Diagnostic {
    Diagnostic::error(
        codes::TARGET_FAILED,
        message,
        at,
        "this default has no exact Avro form",
    )
    .with_help(
        "give a default that Avro's form of the type holds exactly (see docs/avro.md), or remove \
         it; weft does not leave it out of the schema, since Schema Registry would then refuse \
         the field as added without a default while `weft compat` allows it",
    )
}

/// A schema as written into its `.avsc` file (keys in the spec's order).
pub fn schema_text(schema: &Value) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&order::Ordered(schema)).map(|text| text + "\n")
}

/// The value schema of an event version, with what Avro refuses in it.
pub fn value_schema(model: &Model, version: &EventVersionRef) -> (Value, Vec<schema::Problem>) {
    let mut writer = schema::Writer::new(model);
    let mut root = writer.schema(&Type::Named(version.version.payload));
    let event = model.event(version.event);
    let docs: Vec<String> = [&event.meta, &version.version.meta]
        .into_iter()
        .filter_map(schema::doc)
        .collect();
    if let (Value::Object(record), false) = (&mut root, docs.is_empty()) {
        record.insert("doc".into(), docs.join("\n\n").into());
    }
    (root, writer.problems)
}

/// The key schema of an event version (`None` without a key), with what
/// Avro refuses in it. It has no `doc`: the key's bytes carry its schema's
/// registry id and are what the partitioner hashes, so a doc comment must
/// not give the key schema a new id (see `schemas::key_document`).
pub fn key_schema(
    model: &Model,
    version: &EventVersionRef,
) -> Option<(Value, Vec<schema::Problem>)> {
    let event = model.event(version.event);
    let field = key_field(model, version.version, &event.key)?;
    let mut writer = schema::Writer::new(model);
    let mut schema = writer.schema(&field.ty);
    strip_docs(&mut schema);
    Some((schema, writer.problems))
}

/// Removes `doc` (with the deprecation note it carries) from a schema, its
/// fields and the types inside; defaults are values and are left alone.
fn strip_docs(schema: &mut Value) {
    match schema {
        Value::Array(union) => union.iter_mut().for_each(strip_docs),
        Value::Object(map) => {
            map.remove("doc");
            for (keyword, sub) in map.iter_mut() {
                match (keyword.as_str(), sub) {
                    ("type" | "items" | "values", sub) => strip_docs(sub),
                    ("fields", Value::Array(fields)) => {
                        for field in fields.iter_mut().filter_map(Value::as_object_mut) {
                            field.remove("doc");
                            if let Some(ty) = field.get_mut("type") {
                                strip_docs(ty);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}
