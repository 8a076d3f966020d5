//! Payload and key schemas in AsyncAPI's default schema format.
//!
//! The AsyncAPI 3.0 Schema Object (the default `schemaFormat`) is a superset
//! of JSON Schema draft 07. Types are converted by the shared
//! [`json_schema`](crate::json_schema) module, so that the AsyncAPI
//! documents describe values exactly as the `schemas` target's registry
//! schemas do (decimals as strings, closed records, `null` for absent
//! optional fields, ...), with named types under `components.schemas`.
//! One adaptation to draft 07: there, keywords next to a `$ref` are
//! ignored, so a `$ref` with siblings becomes `allOf: [{$ref}]` plus the
//! siblings.

use crate::json_schema::{for_field, Defs};
use crate::yaml;
use serde_json::{Map, Value};
use weft_model::{Event, EventVersion, Field, Model};

/// Where named types live in the document.
pub const COMPONENT_SCHEMAS: &str = "#/components/schemas/";

/// The named types one document refers to.
pub struct Schemas {
    defs: Defs,
}

impl Default for Schemas {
    fn default() -> Schemas {
        Schemas::new()
    }
}

impl Schemas {
    /// No types yet.
    pub fn new() -> Schemas {
        Schemas {
            defs: Defs::with_prefix(COMPONENT_SCHEMAS),
        }
    }

    /// The payload schema of an event version: a `$ref` to its record.
    pub fn payload(&mut self, model: &Model, version: &EventVersion) -> serde_yaml::Value {
        let pointer = self.defs.reference(model, version.payload);
        yaml::reference(&pointer)
    }

    /// The schema of an event version's partition key (the key field's
    /// schema), `None` for an event without a key.
    pub fn key(
        &mut self,
        model: &Model,
        event: &Event,
        version: &EventVersion,
    ) -> Option<serde_yaml::Value> {
        let field = key_field(model, version, &event.key)?;
        let mut schema = for_field(model, field, &mut self.defs);
        let path = event.key.join(".");
        let mut description = format!("The partition key: the payload's `{path}`.");
        if let Some(Value::String(doc)) = schema.get("description") {
            description = format!("{description}\n\n{doc}");
        }
        schema.insert("description".into(), description.into());
        Some(schema_yaml(&to_draft07(Value::Object(schema))))
    }

    /// `components.schemas`: every named type referred to, sorted by name.
    pub fn into_components(self) -> serde_yaml::Value {
        let map = self.defs.into_map();
        let mut entries: Vec<(String, Value)> = map.into_iter().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out = serde_yaml::Mapping::new();
        for (name, schema) in entries {
            out.insert(
                serde_yaml::Value::String(name),
                schema_yaml(&to_draft07(schema)),
            );
        }
        serde_yaml::Value::Mapping(out)
    }
}

/// The field a key path names in a version's payload (through nested
/// records and aliases).
pub fn key_field<'a>(
    model: &'a Model,
    version: &EventVersion,
    path: &[weft_model::SmolStr],
) -> Option<&'a Field> {
    model.key_field(version.payload, path)
}

/// Keywords written first, in this order, so that a schema reads from what
/// it is to how it is constrained; the others follow alphabetically.
const LEADING_KEYWORDS: [&str; 9] = [
    "$ref",
    "title",
    "description",
    "deprecated",
    "type",
    "format",
    "enum",
    "allOf",
    "anyOf",
];

/// A schema as YAML, with [`LEADING_KEYWORDS`] first. Only schema objects
/// are reordered: property names, defaults and enum values keep their
/// (sorted) order.
pub fn schema_yaml(schema: &Value) -> serde_yaml::Value {
    let Value::Object(map) = schema else {
        return yaml::from_json(schema);
    };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort_by_key(|key| {
        let rank = LEADING_KEYWORDS
            .iter()
            .position(|leading| leading == key)
            .unwrap_or(LEADING_KEYWORDS.len());
        (rank, key.as_str())
    });
    let mut out = serde_yaml::Mapping::new();
    for key in keys {
        let Some(value) = map.get(key) else {
            continue;
        };
        let converted = match (key.as_str(), value) {
            ("properties" | "patternProperties" | "definitions", Value::Object(children)) => {
                let mut named = serde_yaml::Mapping::new();
                for (name, child) in children {
                    named.insert(serde_yaml::Value::String(name.clone()), schema_yaml(child));
                }
                serde_yaml::Value::Mapping(named)
            }
            ("items" | "additionalProperties" | "propertyNames" | "not", _) => schema_yaml(value),
            ("allOf" | "anyOf" | "oneOf", Value::Array(items)) => {
                serde_yaml::Value::Sequence(items.iter().map(schema_yaml).collect())
            }
            _ => yaml::from_json(value),
        };
        out.insert(serde_yaml::Value::String(key.clone()), converted);
    }
    serde_yaml::Value::Mapping(out)
}

/// Rewrites a JSON Schema so that draft 07 reads it as meant: a `$ref` with
/// sibling keywords becomes `allOf: [{$ref}]` next to the siblings.
pub fn to_draft07(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut map: Map<String, Value> = map
                .into_iter()
                .map(|(key, item)| (key, to_draft07(item)))
                .collect();
            if map.len() > 1 {
                if let Some(pointer) = map.remove("$ref") {
                    let mut reference = Map::new();
                    reference.insert("$ref".into(), pointer);
                    let mut all_of = match map.remove("allOf") {
                        Some(Value::Array(items)) => items,
                        Some(other) => vec![other],
                        None => Vec::new(),
                    };
                    all_of.insert(0, Value::Object(reference));
                    map.insert("allOf".into(), Value::Array(all_of));
                }
            }
            Value::Object(map)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(to_draft07).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_with_siblings_become_all_of() {
        let schema = json!({
            "type": "object",
            "properties": {
                "a": {"$ref": "#/components/schemas/A"},
                "b": {"$ref": "#/components/schemas/B", "description": "B.", "type": "string", "maxLength": 3},
            },
        });
        assert_eq!(
            to_draft07(schema),
            json!({
                "type": "object",
                "properties": {
                    "a": {"$ref": "#/components/schemas/A"},
                    "b": {"allOf": [{"$ref": "#/components/schemas/B"}], "description": "B.", "type": "string", "maxLength": 3},
                },
            })
        );
    }
}
