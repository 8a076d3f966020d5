//! The key order of OpenAPI schemas. The mapper builds schemas as ordered
//! mappings; JSON files sort their keys when written (`to_pretty_json`) and
//! AsyncAPI puts its leading keywords first (`asyncapi::schema`), but
//! OpenAPI documents have their own conventional order, from what a schema
//! is to how it is constrained and described, which this step applies.

use crate::yaml::Obj;
use serde_yaml::{Mapping, Value};

/// Every keyword the mapper writes, in the order OpenAPI schemas have them.
/// Keys not listed would follow in the order they were added.
const OPENAPI_KEYWORDS: [&str; 28] = [
    "$ref",
    "anyOf",
    "type",
    "format",
    "contentEncoding",
    "items",
    "additionalProperties",
    "propertyNames",
    "pattern",
    "minLength",
    "minItems",
    "minProperties",
    "maxLength",
    "maxItems",
    "maxProperties",
    "minimum",
    "x-weft-minimum",
    "maximum",
    "x-weft-maximum",
    "$comment",
    "title",
    "description",
    "enum",
    "required",
    "properties",
    "default",
    "deprecated",
    "x-weft-pii",
];

/// A schema with its keys, and those of the schemas inside it, in OpenAPI's
/// order. Property names keep declaration order; values such as defaults
/// and enum symbols are left as they are.
pub(crate) fn openapi_order(schema: Obj) -> Obj {
    let Value::Mapping(mapping) = schema.into_value() else {
        return Obj::new();
    };
    Obj::from_mapping(ordered_mapping(mapping))
}

/// [`openapi_order`] on the mapping itself. A mapping whose keys are
/// already in order (and all strings) is kept and only its schemas inside
/// are ordered, in place; otherwise the entries are moved, keys included,
/// into a mapping of the right size (no key is copied).
fn ordered_mapping(mut mapping: Mapping) -> Mapping {
    let rank = |key: &Value| {
        key.as_str()
            .and_then(|key| OPENAPI_KEYWORDS.iter().position(|known| *known == key))
            .unwrap_or(OPENAPI_KEYWORDS.len())
    };
    let mut last = 0;
    let in_order = mapping.keys().all(|key| {
        let this = rank(key);
        let fine = key.is_string() && this >= last;
        last = this;
        fine
    });
    if !in_order {
        let mut entries: Vec<(usize, Value, Value)> = mapping
            .into_iter()
            .filter(|(key, _)| key.is_string())
            .map(|(key, value)| (rank(&key), key, value))
            .collect();
        // A stable sort: keys of the same rank keep the order they were added.
        entries.sort_by_key(|(rank, _, _)| *rank);
        mapping = Mapping::with_capacity(entries.len());
        for (_, key, value) in entries {
            mapping.insert(key, value);
        }
    }
    for (key, value) in mapping.iter_mut() {
        match (key.as_str().unwrap_or_default(), value) {
            ("properties", Value::Mapping(children)) => {
                children.retain(|child, _| child.is_string());
                children.values_mut().for_each(order_in_place);
            }
            ("items" | "additionalProperties" | "propertyNames", value) => order_in_place(value),
            ("anyOf", Value::Sequence(items)) => items.iter_mut().for_each(order_in_place),
            _ => {}
        }
    }
    mapping
}

/// A schema value put in OpenAPI's order (`false` and other non-objects
/// as they are).
fn order_in_place(value: &mut Value) {
    if let Value::Mapping(mapping) = value {
        *mapping = ordered_mapping(std::mem::take(mapping));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_keys_from_what_it_is_to_how_it_is_described() {
        let field = Obj::new()
            .set("deprecated", true)
            .set("description", "D.")
            .set("maxLength", 3)
            .set("type", "string");
        let record = Obj::new()
            .set(
                "properties",
                Obj::new().set("z", field).set("a", Obj::new()),
            )
            .set("required", crate::yaml::strings(["z"]))
            .set("type", "object");
        let text = serde_yaml::to_string(&openapi_order(record).into_value()).unwrap_or_default();
        assert_eq!(
            text,
            "type: object\nrequired:\n- z\nproperties:\n  z:\n    type: string\n    \
             maxLength: 3\n    description: D.\n    deprecated: true\n  a: {}\n"
        );
    }
}
