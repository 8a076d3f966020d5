//! A small builder for YAML documents whose keys keep the order they are
//! inserted in, shared by the document targets, and the conversion of JSON
//! values. Readers expect a conventional key order (AsyncAPI lists its fields
//! top-down; OpenAPI has `openapi`, `info`, `servers`, `paths`, `components`;
//! `name`, `in`, `required`, `schema`), and `serde_yaml::Mapping` keeps the
//! order keys are added in, so the documents are built with this builder
//! instead of maps that sort their keys.

use serde_yaml::{Mapping, Value};

/// An ordered YAML mapping under construction.
#[derive(Clone, Debug, Default)]
pub(crate) struct Obj(Mapping);

impl Obj {
    /// An empty mapping.
    pub(crate) fn new() -> Obj {
        Obj(Mapping::new())
    }

    /// Wraps an existing mapping.
    pub(crate) fn from_mapping(mapping: Mapping) -> Obj {
        Obj(mapping)
    }

    /// Adds (or replaces) a key and returns the mapping, for chaining.
    pub(crate) fn set(mut self, key: &str, value: impl Into<Value>) -> Obj {
        self.insert(key, value);
        self
    }

    /// Adds a key when the value is present.
    pub(crate) fn maybe(mut self, key: &str, value: Option<impl Into<Value>>) -> Obj {
        if let Some(value) = value {
            self.insert(key, value);
        }
        self
    }

    /// Adds a text when it is not blank.
    pub(crate) fn text(self, key: &str, text: &str) -> Obj {
        let text = text.trim();
        self.maybe(key, (!text.is_empty()).then(|| text.to_string()))
    }

    /// Adds (or replaces) a key in place.
    pub(crate) fn insert(&mut self, key: &str, value: impl Into<Value>) {
        self.0.insert(Value::String(key.to_string()), value.into());
    }

    /// Whether the key is present.
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// The value of a key.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// Whether nothing was added.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The finished mapping.
    pub(crate) fn into_value(self) -> Value {
        Value::Mapping(self.0)
    }
}

impl From<Obj> for Value {
    fn from(obj: Obj) -> Value {
        obj.into_value()
    }
}

/// `{$ref: pointer}`.
pub(crate) fn reference(pointer: &str) -> Value {
    Obj::new().set("$ref", pointer).into()
}

/// A YAML sequence of strings.
pub(crate) fn strings<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Value {
    Value::Sequence(
        items
            .into_iter()
            .map(|item| Value::String(item.as_ref().to_string()))
            .collect(),
    )
}

/// A JSON value as YAML, keeping its keys' order.
pub(crate) fn from_json(value: &serde_json::Value) -> Value {
    match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(flag) => Value::Bool(*flag),
        serde_json::Value::Number(number) => {
            if let Some(n) = number.as_u64() {
                Value::Number(n.into())
            } else if let Some(n) = number.as_i64() {
                Value::Number(n.into())
            } else {
                Value::Number(number.as_f64().unwrap_or_default().into())
            }
        }
        serde_json::Value::String(text) => Value::String(text.clone()),
        serde_json::Value::Array(items) => Value::Sequence(items.iter().map(from_json).collect()),
        serde_json::Value::Object(map) => {
            let mut out = Mapping::new();
            for (key, item) in map {
                out.insert(Value::String(key.clone()), from_json(item));
            }
            Value::Mapping(out)
        }
    }
}

/// A YAML value as JSON, keeping its keys' order as far as `serde_json`'s
/// map does (it sorts them). Keys that are not strings are written as YAML.
pub(crate) fn to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(flag) => serde_json::Value::Bool(*flag),
        Value::Number(number) => {
            if let Some(n) = number.as_u64() {
                n.into()
            } else if let Some(n) = number.as_i64() {
                n.into()
            } else {
                number
                    .as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
        }
        Value::String(text) => serde_json::Value::String(text.clone()),
        Value::Sequence(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Mapping(mapping) => serde_json::Value::Object(
            mapping
                .iter()
                .map(|(key, item)| {
                    let key = match key {
                        Value::String(text) => text.clone(),
                        other => serde_yaml::to_string(other)
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                    };
                    (key, to_json(item))
                })
                .collect(),
        ),
        Value::Tagged(tagged) => to_json(&tagged.value),
    }
}

/// A JSON Pointer segment: `~` → `~0`, `/` → `~1`.
pub(crate) fn pointer_segment(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The YAML text of a document, after a comment header.
pub(crate) fn render(header: &str, document: Value) -> Result<String, String> {
    let body = serde_yaml::to_string(&document).map_err(|error| error.to_string())?;
    let mut out = String::with_capacity(body.len() + header.len() + 8);
    for line in header.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_insertion_order() {
        let value: Value = Obj::new().set("b", 1).set("a", "x").into();
        assert_eq!(
            serde_yaml::to_string(&value).unwrap_or_default(),
            "b: 1\na: x\n"
        );
        let json = serde_json::json!({"n": -1, "f": 1.5, "l": [true, null]});
        let text = serde_yaml::to_string(&from_json(&json)).unwrap_or_default();
        assert!(text.contains("n: -1") && text.contains("f: 1.5"), "{text}");
        assert_eq!(
            render("a\nb", Obj::new().set("k", "v").into()),
            Ok("# a\n# b\nk: v\n".to_string())
        );
    }
}
