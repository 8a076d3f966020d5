//! A small builder for YAML documents whose keys keep the order they are
//! inserted in (so that the document reads top-down the way the AsyncAPI
//! specification lists its fields), and the conversion of JSON values.

use serde_yaml::{Mapping, Value};

/// An ordered YAML mapping under construction.
#[derive(Clone, Debug, Default)]
pub struct Obj(Mapping);

impl Obj {
    /// An empty mapping.
    pub fn new() -> Obj {
        Obj(Mapping::new())
    }

    /// Adds (or replaces) a key.
    pub fn set(mut self, key: &str, value: impl Into<Value>) -> Obj {
        self.insert(key, value);
        self
    }

    /// Adds a key when the value is present.
    pub fn maybe(mut self, key: &str, value: Option<impl Into<Value>>) -> Obj {
        if let Some(value) = value {
            self.insert(key, value);
        }
        self
    }

    /// Adds a text when it is not blank.
    pub fn text(self, key: &str, text: &str) -> Obj {
        let text = text.trim();
        self.maybe(key, (!text.is_empty()).then(|| text.to_string()))
    }

    /// Adds (or replaces) a key in place.
    pub fn insert(&mut self, key: &str, value: impl Into<Value>) {
        self.0.insert(Value::String(key.to_string()), value.into());
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Obj> for Value {
    fn from(obj: Obj) -> Value {
        Value::Mapping(obj.0)
    }
}

/// `{$ref: pointer}`.
pub fn reference(pointer: &str) -> Value {
    Obj::new().set("$ref", pointer).into()
}

/// A list of strings.
pub fn strings<I, S>(items: I) -> Value
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    Value::Sequence(items.into_iter().map(|s| Value::String(s.into())).collect())
}

/// A JSON value as YAML, keeping its keys' order.
pub fn from_json(value: &serde_json::Value) -> Value {
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

/// A JSON Pointer segment: `~` → `~0`, `/` → `~1`.
pub fn pointer_segment(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The YAML text of a document, after a comment header.
pub fn render(header: &str, document: Value) -> Result<String, String> {
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
