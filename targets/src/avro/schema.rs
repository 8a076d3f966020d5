//! Resolved weft types as Apache Avro 1.11 schemas (JSON form). One
//! [`Writer`] builds one `.avsc` file: every record and enum is defined in
//! full where it is first met and referred to by its full name
//! (`namespace.Name`) afterwards, as Avro requires.

use std::collections::BTreeSet;

use crate::json_schema::iso_duration;
use crate::openapi::text::markdown;
use serde_json::{json, Map, Value};
use weft_model::{Field, Meta, Model, TimeUnit, Type, TypeId, TypeKind, Value as Constant};

/// Builds the schema of one `.avsc` file.
pub struct Writer<'m> {
    model: &'m Model,
    defined: BTreeSet<String>,
    /// Names that are not valid Avro names, with where they are (one
    /// message each); the target refuses the file when any.
    pub problems: Vec<String>,
}

impl<'m> Writer<'m> {
    /// A writer for a fresh file (no named type defined yet).
    pub fn new(model: &'m Model) -> Writer<'m> {
        Writer {
            model,
            defined: BTreeSet::new(),
            problems: Vec::new(),
        }
    }

    /// The schema of a type.
    pub fn schema(&mut self, ty: &Type) -> Value {
        match ty {
            Type::Bool => "boolean".into(),
            Type::Int32 => "int".into(),
            Type::Int64 => "long".into(),
            Type::Float64 => "double".into(),
            Type::Decimal { precision, scale } => json!({
                "type": "bytes", "logicalType": "decimal",
                "precision": precision, "scale": scale,
            }),
            Type::String => "string".into(),
            Type::Bytes => "bytes".into(),
            Type::Date => json!({"type": "int", "logicalType": "date"}),
            Type::Timestamp(unit) => {
                // Avro 1.11 has no nanosecond timestamp; `timestamp-nanos`
                // (Avro 1.12) is written and older readers see a `long`.
                let logical = match unit {
                    TimeUnit::Millis => "timestamp-millis",
                    TimeUnit::Micros => "timestamp-micros",
                    TimeUnit::Nanos => "timestamp-nanos",
                };
                json!({"type": "long", "logicalType": logical})
            }
            // Avro's `duration` counts months, days and milliseconds in a
            // fixed(12); weft's durations are ISO 8601 strings everywhere.
            Type::Duration => "string".into(),
            Type::Uuid => json!({"type": "string", "logicalType": "uuid"}),
            Type::List(item) => json!({"type": "array", "items": self.schema(item)}),
            // Avro map keys are always strings.
            Type::Map(map) => json!({"type": "map", "values": self.schema(&map.1)}),
            Type::Optional(inner) => json!(["null", self.schema(inner.required())]),
            Type::Named(id) => self.named(*id),
            Type::Unknown => {
                self.problems
                    .push("a type that did not resolve has no Avro schema".into());
                "null".into()
            }
        }
    }

    fn named(&mut self, id: TypeId) -> Value {
        let Some(decl) = self.model.types.get(id.index()) else {
            self.problems.push("a type that does not exist".into());
            return "null".into();
        };
        if let TypeKind::Alias { target, .. } = &decl.kind {
            // Avro has no aliases of types: the alias is its target (its
            // constraints are not expressible).
            return self.schema(target);
        }
        let full = decl.name.qualified();
        if !self.defined.insert(full.clone()) {
            return full.into();
        }
        self.check_name(&decl.name.name, &full);
        for segment in decl.name.package.split('.').filter(|s| !s.is_empty()) {
            self.check_name(segment, &format!("the namespace of {full}"));
        }
        let mut schema = Map::new();
        match &decl.kind {
            TypeKind::Enum { symbols, fallback } => {
                schema.insert("type".into(), "enum".into());
                named_header(&mut schema, &decl.name.name, &decl.name.package, &decl.meta);
                for symbol in symbols {
                    self.check_name(&symbol.name, &format!("a symbol of {full}"));
                }
                let names: Vec<Value> = symbols.iter().map(|s| s.name.to_string().into()).collect();
                schema.insert("symbols".into(), names.into());
                if let Some(fallback) = fallback {
                    schema.insert("default".into(), fallback.to_string().into());
                }
            }
            TypeKind::Record(record) => {
                schema.insert("type".into(), "record".into());
                named_header(&mut schema, &decl.name.name, &decl.name.package, &decl.meta);
                let fields: Vec<Value> = record
                    .fields
                    .iter()
                    .map(|field| self.field(field, &full))
                    .collect();
                schema.insert("fields".into(), fields.into());
            }
            TypeKind::Alias { .. } => {}
        }
        Value::Object(schema)
    }

    fn field(&mut self, field: &Field, owner: &str) -> Value {
        self.check_name(&field.name, &format!("a field of {owner}"));
        let mut out = Map::new();
        out.insert("name".into(), field.name.to_string().into());
        let default = field
            .default()
            .filter(|value| !matches!(value, Constant::Null));
        let schema = match (&field.ty, default) {
            // A union's default must match its first branch, so an optional
            // field with a non-null default puts its type first.
            (Type::Optional(inner), Some(_)) => json!([self.schema(inner.required()), "null"]),
            (ty, _) => self.schema(ty),
        };
        out.insert("type".into(), schema);
        if let Some(doc) = doc(&field.meta) {
            out.insert("doc".into(), doc.into());
        }
        match default {
            Some(value) => {
                if let Some(value) = self.default(field.ty.required(), value) {
                    out.insert("default".into(), value);
                }
            }
            None if field.ty.is_optional() => {
                out.insert("default".into(), Value::Null);
            }
            None => {}
        }
        if !field.aliases().is_empty() {
            out.insert(
                "aliases".into(),
                field
                    .aliases()
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .into(),
            );
        }
        Value::Object(out)
    }

    /// A default in Avro's JSON form for its type; `None` where Avro's form
    /// cannot be written from the model's constant (documented in
    /// `docs/avro.md`).
    fn default(&self, ty: &Type, value: &Constant) -> Option<Value> {
        Some(match (ty, value) {
            (_, Constant::Null) => Value::Null,
            (_, Constant::Bool(b)) => Value::Bool(*b),
            (Type::Int32 | Type::Int64, Constant::Number(n)) => json!(n.parse::<i64>().ok()?),
            (Type::Float64, Constant::Number(n)) => json!(n.parse::<f64>().ok()?),
            (Type::Decimal { scale, .. }, Constant::Number(n)) => {
                Value::String(decimal_bytes(n, *scale)?)
            }
            (Type::Duration, Constant::Duration(millis)) => iso_duration(*millis).into(),
            (Type::String | Type::Uuid, Constant::String(s)) => s.clone().into(),
            (Type::Named(id), value) => {
                let decl = self.model.types.get(id.index())?;
                match (&decl.kind, value) {
                    (TypeKind::Alias { target, .. }, value) => self.default(target, value)?,
                    (TypeKind::Enum { .. }, Constant::Symbol(s) | Constant::String(s)) => {
                        s.clone().into()
                    }
                    (TypeKind::Record(record), Constant::Record(values)) => {
                        let mut out = Map::new();
                        for field in &record.fields {
                            let given = values.iter().find(|(name, _)| *name == field.name);
                            let item = match (given, field.default()) {
                                (Some((_, v)), _) | (None, Some(v)) => {
                                    self.default(field.ty.required(), v)?
                                }
                                (None, None) if field.ty.is_optional() => Value::Null,
                                (None, None) => return None,
                            };
                            out.insert(field.name.to_string(), item);
                        }
                        Value::Object(out)
                    }
                    _ => return None,
                }
            }
            (Type::List(item), Constant::List(values)) => Value::Array(
                values
                    .iter()
                    .map(|v| self.default(item.required(), v))
                    .collect::<Option<_>>()?,
            ),
            _ => return None,
        })
    }

    fn check_name(&mut self, name: &str, what: &str) {
        if !is_avro_name(name) {
            self.problems.push(format!(
                "`{name}` ({what}) is not a valid Avro name: it must start with a letter or `_` and contain only letters, digits and `_`"
            ));
        }
    }
}

/// `name`, `namespace`, `doc` and `aliases` of a record or enum.
fn named_header(schema: &mut Map<String, Value>, name: &str, package: &str, meta: &Meta) {
    schema.insert("name".into(), name.into());
    if !package.is_empty() {
        schema.insert("namespace".into(), package.into());
    }
    if let Some(doc) = doc(meta) {
        schema.insert("doc".into(), doc.into());
    }
    if !meta.aliases.is_empty() {
        schema.insert(
            "aliases".into(),
            meta.aliases
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .into(),
        );
    }
}

/// A doc comment, with the deprecation reason appended, made safe for
/// Markdown renderers like every other artefact's text (registry UIs render
/// `doc`).
pub fn doc(meta: &Meta) -> Option<String> {
    let mut parts = Vec::new();
    if !meta.doc.trim().is_empty() {
        parts.push(markdown(&meta.doc));
    }
    if let Some(reason) = &meta.deprecated {
        if reason.trim().is_empty() {
            parts.push("Deprecated.".to_string());
        } else {
            parts.push(format!("Deprecated: {}", markdown(reason)));
        }
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// Whether `name` is an Avro name: `[A-Za-z_][A-Za-z0-9_]*`.
pub fn is_avro_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A decimal default as Avro writes a `bytes` default: the unscaled value's
/// big-endian two's-complement bytes, each byte as the code point of the
/// same number (`"\u0001\u00e2"`).
fn decimal_bytes(number: &str, scale: u32) -> Option<String> {
    let (negative, digits) = match number.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, number.strip_prefix('+').unwrap_or(number)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let scale = usize::try_from(scale).ok()?;
    if fraction.len() > scale {
        return None;
    }
    let unscaled: String = format!("{whole}{fraction}{}", "0".repeat(scale - fraction.len()));
    let mut value: i128 = unscaled.parse().ok()?;
    if negative {
        value = -value;
    }
    let bytes = value.to_be_bytes();
    // The shortest form that keeps the sign bit.
    let mut start = 0;
    while start < bytes.len() - 1 {
        let (this, next) = (bytes[start], bytes[start + 1]);
        let redundant = (this == 0 && next & 0x80 == 0) || (this == 0xff && next & 0x80 != 0);
        if !redundant {
            break;
        }
        start += 1;
    }
    Some(bytes[start..].iter().map(|b| char::from(*b)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_defaults_are_twos_complement_bytes() {
        assert_eq!(decimal_bytes("0", 2).as_deref(), Some("\u{0}"));
        assert_eq!(decimal_bytes("1.28", 2).as_deref(), Some("\u{0}\u{80}"));
        assert_eq!(decimal_bytes("-1", 0).as_deref(), Some("\u{ff}"));
        assert_eq!(decimal_bytes("1.234", 2), None);
    }

    #[test]
    fn avro_names() {
        assert!(is_avro_name("Order_2"));
        assert!(!is_avro_name("2Order"));
        assert!(!is_avro_name("order-line"));
        assert!(!is_avro_name(""));
    }
}
