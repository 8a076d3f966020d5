//! The key order of `.avsc` files. `serde_json` sorts object keys; Avro
//! schemas read better in the order the specification's examples use
//! (`type`, `name`, `namespace`, `doc`, ... for named types; `name`,
//! `type`, `doc`, `default` for fields), and a fixed order keeps the files
//! byte-identical across builds.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// A schema serialized with Avro's conventional key order.
pub struct Ordered<'a>(pub &'a Value);

const NAMED_TYPE: [&str; 13] = [
    "type",
    "name",
    "namespace",
    "doc",
    "aliases",
    "logicalType",
    "precision",
    "scale",
    "items",
    "values",
    "symbols",
    "default",
    "fields",
];

const FIELD: [&str; 5] = ["name", "type", "doc", "default", "aliases"];

impl Serialize for Ordered<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&Ordered(item))?;
                }
                seq.end()
            }
            Value::Object(object) => {
                let is_field = object.contains_key("name")
                    && !matches!(
                        object.get("type").and_then(Value::as_str),
                        Some("record" | "enum" | "fixed")
                    );
                let order: &[&str] = if is_field { &FIELD } else { &NAMED_TYPE };
                let mut keys: Vec<&String> = object.keys().collect();
                // Known keys in their order, any other after them by name.
                keys.sort_by_key(|key| {
                    (
                        order
                            .iter()
                            .position(|known| known == key)
                            .unwrap_or(order.len()),
                        key.as_str(),
                    )
                });
                let mut map = serializer.serialize_map(Some(keys.len()))?;
                for key in keys {
                    map.serialize_entry(key, &Ordered(&object[key.as_str()]))?;
                }
                map.end()
            }
            other => other.serialize(serializer),
        }
    }
}
