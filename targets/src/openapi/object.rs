//! A small builder for YAML mappings that keep their keys in insertion
//! order. OpenAPI readers expect a conventional key order (`openapi`, `info`,
//! `servers`, `paths`, `components`; `name`, `in`, `required`, `schema`), and
//! `serde_yaml::Mapping` keeps the order keys are added in, so the documents
//! are built with this builder instead of maps that sort their keys.

use serde_yaml::{Mapping, Value};

/// A YAML mapping under construction.
#[derive(Clone, Debug, Default)]
pub(crate) struct Object(Mapping);

impl Object {
    /// An empty mapping.
    pub(crate) fn new() -> Object {
        Object(Mapping::new())
    }

    /// Wraps an existing mapping.
    pub(crate) fn from_mapping(mapping: Mapping) -> Object {
        Object(mapping)
    }

    /// Adds (or replaces) a key and returns the mapping, for chaining.
    pub(crate) fn with(mut self, key: &str, value: impl Into<Value>) -> Object {
        self.set(key, value);
        self
    }

    /// Adds a key when the value is present.
    pub(crate) fn with_opt(mut self, key: &str, value: Option<impl Into<Value>>) -> Object {
        if let Some(value) = value {
            self.set(key, value);
        }
        self
    }

    /// Adds (or replaces) a key.
    pub(crate) fn set(&mut self, key: &str, value: impl Into<Value>) {
        self.0.insert(Value::String(key.to_string()), value.into());
    }

    /// Whether the key is present.
    pub(crate) fn contains(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// Whether there are no keys.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The finished mapping.
    pub(crate) fn into_value(self) -> Value {
        Value::Mapping(self.0)
    }
}

impl From<Object> for Value {
    fn from(object: Object) -> Value {
        object.into_value()
    }
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
