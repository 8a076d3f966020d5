//! Resolved types as JSON Schema 2020-12, shared by every target that emits
//! JSON Schema (the `schemas` target, and OpenAPI 3.1 and AsyncAPI 3.0,
//! whose schema objects are JSON Schema 2020-12 too).
//!
//! # How weft types map
//!
//! | weft | JSON Schema |
//! | --- | --- |
//! | `bool` | `{"type": "boolean"}` |
//! | `int32` | `{"type": "integer"}` with the int32 bounds as `minimum`/`maximum` |
//! | `int64` | `{"type": "integer"}` (see the precision caveat below) |
//! | `float64` | `{"type": "number"}` |
//! | `decimal(p, s)` | `{"type": "string", "pattern": ...}`: a decimal string such as `"123.4500"` |
//! | `string` | `{"type": "string"}` |
//! | `bytes` | `{"type": "string", "contentEncoding": "base64"}` |
//! | `date` | `{"type": "string", "format": "date"}` (RFC 3339 full-date) |
//! | `timestamp` | `{"type": "string", "format": "date-time"}` (RFC 3339, with offset) |
//! | `duration` | `{"type": "string", "format": "duration"}` (ISO 8601, such as `PT15M`) |
//! | `uuid` | `{"type": "string", "format": "uuid"}` |
//! | `list<T>` | `{"type": "array", "items": T}` |
//! | `map<K, V>` | `{"type": "object", "additionalProperties": V}` (and `propertyNames` from `K`) |
//! | `T?` | not `required`, and `null` allowed: `{"type": [T, "null"]}` or `{"anyOf": [T, {"type": "null"}]}` |
//! | record, enum, alias | a `$ref` to an entry of [`Defs`] (`#/$defs/Name`) |
//!
//! **Decimals are strings.** A JSON number is a binary floating-point number
//! in most parsers (JavaScript's among them), so `0.1 + 0.2` style rounding
//! would silently change money amounts. Decimals (and so every `Money`
//! amount) travel as JSON strings of digits with an optional point:
//! `decimal(19, 4)` accepts `"-12"`, `"123.45"` and `"123.4500"`, at most
//! `p - s` digits before the point and `s` after it; weft's generated
//! producers write exactly `s` decimals (`"123.4500"`). A `range` on a decimal
//! cannot be checked on a string by JSON Schema; it is kept in `$comment`.
//!
//! **int64 is an integer.** JSON has no integer size, so the schema says
//! `integer` without bounds; readers in JavaScript lose precision above
//! 2^53 (9,007,199,254,740,992). Identifiers that may exceed that should be
//! strings in the model.
//!
//! **Records are closed by default.** A record becomes an object with
//! `properties`, `required` (every field that is neither optional nor has a
//! default) and `additionalProperties: false`: producer schemas are closed
//! (COMPAT.md §5.4) so that Schema Registry's JSON Schema rules accept added
//! optional fields. [`Defs::open`] makes them open, for consumer (reader)
//! schemas.
//!
//! Constraints become `pattern`, `minLength`/`maxLength` (strings),
//! `minItems`/`maxItems` (lists) and `minimum`/`maximum` (numbers); doc
//! comments become `description`, `@deprecated` becomes `deprecated: true`
//! (the reason goes into the description), defaults become `default`.
//!
//! Every schema this module builds passes Ajv's strict mode: wherever a
//! constraint sits next to a `$ref`, the matching `type` is repeated.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};
use weft_model::{Constraints, EnumSymbol, Field, Meta, Model, Record, Type, TypeId, TypeKind};

/// The JSON Schema dialect of every document weft writes.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// How deep alias chains are followed before giving up (the resolver reports
/// cycles; this only keeps a broken model from looping).
const MAX_ALIAS_DEPTH: usize = 64;

/// The named types one document refers to, with the schema of each. Every
/// record, enum and alias a converted type mentions is added once, under its
/// short name (`Money`), or under its fully-qualified name
/// (`acme.production.Money`) when two types share a short name.
#[derive(Clone, Debug)]
pub struct Defs {
    prefix: String,
    closed: bool,
    names: BTreeMap<TypeId, String>,
    taken: BTreeMap<String, TypeId>,
    schemas: BTreeMap<String, Value>,
}

impl Default for Defs {
    fn default() -> Defs {
        Defs::new()
    }
}

impl Defs {
    /// Definitions referred to as `#/$defs/Name`, records closed.
    pub fn new() -> Defs {
        Defs::with_prefix("#/$defs/")
    }

    /// Definitions referred to as `<prefix>Name`, records closed; OpenAPI
    /// uses `#/components/schemas/`.
    pub fn with_prefix(prefix: &str) -> Defs {
        Defs {
            prefix: prefix.to_string(),
            closed: true,
            names: BTreeMap::new(),
            taken: BTreeMap::new(),
            schemas: BTreeMap::new(),
        }
    }

    /// The same, with open records (no `additionalProperties: false`): for
    /// consumer schemas, which must accept fields added later.
    pub fn open(mut self) -> Defs {
        self.closed = false;
        self
    }

    /// Whether records are closed.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// The `$ref` value for a named type, adding its definition (and those
    /// of the types it mentions) when it is new.
    pub fn reference(&mut self, model: &Model, id: TypeId) -> String {
        let name = self.ensure(model, id);
        format!("{}{}", self.prefix, escape_pointer(&name))
    }

    /// The definition key of a type already added.
    pub fn name_of(&self, id: TypeId) -> Option<&str> {
        self.names.get(&id).map(String::as_str)
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.schemas.is_empty()
    }

    /// The definitions, by key, for `$defs` (or `components.schemas`).
    pub fn into_map(self) -> Map<String, Value> {
        self.schemas.into_iter().collect()
    }

    fn ensure(&mut self, model: &Model, id: TypeId) -> String {
        if let Some(name) = self.names.get(&id) {
            return name.clone();
        }
        let Some(decl) = model.types.get(id.index()) else {
            return "Unknown".to_string();
        };
        let short = &decl.name.name;
        let name = if self.taken.contains_key(short) {
            decl.name.qualified()
        } else {
            short.clone()
        };
        self.names.insert(id, name.clone());
        self.taken.insert(name.clone(), id);
        // Placeholder first, so that a recursive type refers to itself.
        self.schemas.insert(name.clone(), Value::Bool(true));
        let mut schema = match &decl.kind {
            TypeKind::Alias {
                target,
                constraints,
            } => {
                let mut schema = for_type(model, target, self);
                constrain(model, &mut schema, target, constraints);
                schema
            }
            TypeKind::Enum { symbols, .. } => {
                let symbols: Vec<Value> = symbols
                    .iter()
                    .map(|symbol| Value::String(symbol.name.clone()))
                    .collect();
                let mut schema = Map::new();
                schema.insert("type".into(), "string".into());
                schema.insert("enum".into(), Value::Array(symbols));
                schema
            }
            TypeKind::Record(record) => for_record(model, record, self),
        };
        schema.insert("title".into(), Value::String(decl.name.name.clone()));
        annotate(&mut schema, &decl.meta);
        if let TypeKind::Enum { symbols, fallback } = &decl.kind {
            describe_symbols(&mut schema, symbols, fallback.as_deref());
        }
        self.schemas.insert(name.clone(), Value::Object(schema));
        name
    }
}

/// The schema of a type. Named types become a `$ref` into `defs`.
pub fn for_type(model: &Model, ty: &Type, defs: &mut Defs) -> Map<String, Value> {
    let mut schema = Map::new();
    let mut set = |key: &str, value: Value| {
        schema.insert(key.to_string(), value);
    };
    match ty {
        Type::Bool => set("type", "boolean".into()),
        Type::Int32 => {
            set("type", "integer".into());
            set("minimum", i32::MIN.into());
            set("maximum", i32::MAX.into());
        }
        Type::Int64 => set("type", "integer".into()),
        Type::Float64 => set("type", "number".into()),
        Type::Decimal { precision, scale } => {
            set("type", "string".into());
            set("pattern", decimal_pattern(*precision, *scale).into());
            set(
                "$comment",
                format!("decimal({precision}, {scale}) as a string, so that no digit is lost")
                    .into(),
            );
        }
        Type::String => set("type", "string".into()),
        Type::Bytes => {
            set("type", "string".into());
            set("contentEncoding", "base64".into());
        }
        Type::Date => {
            set("type", "string".into());
            set("format", "date".into());
        }
        Type::Timestamp(_) => {
            set("type", "string".into());
            set("format", "date-time".into());
        }
        Type::Duration => {
            set("type", "string".into());
            set("format", "duration".into());
        }
        Type::Uuid => {
            set("type", "string".into());
            set("format", "uuid".into());
        }
        Type::List(item) => {
            set("type", "array".into());
            set("items", Value::Object(for_type(model, item, defs)));
        }
        Type::Map(key, value) => {
            set("type", "object".into());
            set(
                "additionalProperties",
                Value::Object(for_type(model, value, defs)),
            );
            if let Some(names) = property_names(model, key, defs) {
                set("propertyNames", Value::Object(names));
            }
        }
        Type::Named(id) => {
            let reference = defs.reference(model, *id);
            set("$ref", reference.into());
        }
        Type::Optional(inner) => return nullable(for_type(model, inner, defs)),
        Type::Unknown => {}
    }
    schema
}

/// The schema of a record's fields: `type: object`, `properties` in
/// declaration order (the output sorts keys), `required` and, for closed
/// definitions, `additionalProperties: false`.
pub fn for_record(model: &Model, record: &Record, defs: &mut Defs) -> Map<String, Value> {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in &record.fields {
        properties.insert(
            field.name.clone(),
            Value::Object(for_field(model, field, defs)),
        );
        if is_required(field) {
            required.push(Value::String(field.name.clone()));
        }
    }
    let mut schema = Map::new();
    schema.insert("type".into(), "object".into());
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), Value::Array(required));
    }
    if defs.closed {
        schema.insert("additionalProperties".into(), Value::Bool(false));
    }
    schema
}

/// Whether a field must be present: it is neither optional nor has a default.
pub fn is_required(field: &Field) -> bool {
    !field.ty.is_optional() && field.default.is_none()
}

/// The schema of one field: its type with the field's own constraints, `null`
/// allowed when optional, and its description, deprecation and default.
pub fn for_field(model: &Model, field: &Field, defs: &mut Defs) -> Map<String, Value> {
    let inner = field.ty.required();
    let mut schema = for_type(model, inner, defs);
    constrain(model, &mut schema, inner, &field.constraints);
    if field.ty.is_optional() {
        schema = nullable(schema);
    }
    annotate(&mut schema, &field.meta);
    if let Some(default) = &field.default {
        schema.insert("default".into(), default_value(model, &field.ty, default));
    }
    schema
}

/// Adds constraints to the schema of `ty` (which may be a `$ref`: the
/// constraint's JSON type is then repeated, as Ajv's strict mode wants).
pub fn constrain(
    model: &Model,
    schema: &mut Map<String, Value>,
    ty: &Type,
    constraints: &Constraints,
) {
    if constraints.is_empty() {
        return;
    }
    let underlying = underlying(model, ty);
    let mut added = false;
    let mut comment = Vec::new();
    match underlying {
        Type::String => {
            if let Some(pattern) = &constraints.pattern {
                schema.insert("pattern".into(), pattern.clone().into());
                added = true;
            }
            if let Some(min) = constraints.min_length {
                schema.insert("minLength".into(), min.into());
                added = true;
            }
            if let Some(max) = constraints.max_length {
                schema.insert("maxLength".into(), max.into());
                added = true;
            }
        }
        Type::List(_) => {
            if let Some(min) = constraints.min_length {
                schema.insert("minItems".into(), min.into());
                added = true;
            }
            if let Some(max) = constraints.max_length {
                schema.insert("maxItems".into(), max.into());
                added = true;
            }
        }
        Type::Map(..) => {
            if let Some(min) = constraints.min_length {
                schema.insert("minProperties".into(), min.into());
                added = true;
            }
            if let Some(max) = constraints.max_length {
                schema.insert("maxProperties".into(), max.into());
                added = true;
            }
        }
        Type::Int32 | Type::Int64 | Type::Float64 => {
            if let Some(min) = constraints.minimum.as_deref().and_then(number) {
                schema.insert("minimum".into(), Value::Number(min));
                added = true;
            }
            if let Some(max) = constraints.maximum.as_deref().and_then(number) {
                schema.insert("maximum".into(), Value::Number(max));
                added = true;
            }
        }
        Type::Decimal { .. } if constraints.minimum.is_some() || constraints.maximum.is_some() => {
            comment.push(format!(
                "range {}..{} (a decimal string: not checked by JSON Schema)",
                constraints.minimum.as_deref().unwrap_or(""),
                constraints.maximum.as_deref().unwrap_or("")
            ));
        }
        Type::Bytes if constraints.min_length.is_some() || constraints.max_length.is_some() => {
            let bound = |bound: Option<u64>| bound.map(|n| n.to_string()).unwrap_or_default();
            comment.push(format!(
                "length {}..{} bytes before base64 encoding",
                bound(constraints.min_length),
                bound(constraints.max_length)
            ));
        }
        _ => {}
    }
    if added && schema.contains_key("$ref") && !schema.contains_key("type") {
        if let Some(json_type) = json_type(model, underlying) {
            schema.insert("type".into(), json_type.into());
        }
    }
    if !comment.is_empty() {
        let mut text = comment.join("; ");
        if let Some(Value::String(existing)) = schema.get("$comment") {
            text = format!("{existing}; {text}");
        }
        schema.insert("$comment".into(), text.into());
    }
}

/// The schema that also allows `null`: `type: [T, "null"]` for a plain typed
/// schema, `anyOf: [schema, {type: null}]` otherwise.
pub fn nullable(mut schema: Map<String, Value>) -> Map<String, Value> {
    let plain = !schema.contains_key("$ref")
        && !schema.contains_key("enum")
        && !schema.contains_key("const")
        && !schema.contains_key("anyOf");
    if plain {
        if let Some(Value::String(json_type)) = schema.get("type") {
            let both = json!([json_type, "null"]);
            schema.insert("type".into(), both);
            return schema;
        }
    }
    if schema.is_empty() {
        return schema;
    }
    let mut wrapper = Map::new();
    wrapper.insert(
        "anyOf".into(),
        json!([Value::Object(schema), {"type": "null"}]),
    );
    wrapper
}

/// Adds `description` (the doc comment, and the deprecation reason) and
/// `deprecated: true`.
pub fn annotate(schema: &mut Map<String, Value>, meta: &Meta) {
    let mut description = meta.doc.trim().to_string();
    if let Some(reason) = &meta.deprecated {
        schema.insert("deprecated".into(), Value::Bool(true));
        let reason = reason.trim();
        if !reason.is_empty() {
            if !description.is_empty() {
                description.push_str("\n\n");
            }
            description.push_str("Deprecated: ");
            description.push_str(reason);
        }
    }
    if !description.is_empty() {
        schema.insert("description".into(), description.into());
    }
}

/// Appends what JSON Schema's `enum` cannot say to an enum's description:
/// each documented or deprecated symbol (`- \`DONE\`: deprecated: use
/// CLOSED`) and the fallback readers map unknown symbols to.
fn describe_symbols(
    schema: &mut Map<String, Value>,
    symbols: &[EnumSymbol],
    fallback: Option<&str>,
) {
    let mut lines = Vec::new();
    for symbol in symbols {
        let mut parts = Vec::new();
        let doc = symbol
            .meta
            .doc
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !doc.is_empty() {
            parts.push(doc);
        }
        if let Some(reason) = &symbol.meta.deprecated {
            let reason = reason.trim();
            parts.push(if reason.is_empty() {
                "deprecated".to_string()
            } else {
                format!("deprecated: {reason}")
            });
        }
        if !parts.is_empty() {
            lines.push(format!("- `{}`: {}", symbol.name, parts.join("; ")));
        }
    }
    let mut paragraphs = Vec::new();
    if let Some(Value::String(text)) = schema.get("description") {
        paragraphs.push(text.clone());
    }
    if !lines.is_empty() {
        paragraphs.push(lines.join("\n"));
    }
    if let Some(fallback) = fallback {
        paragraphs.push(format!(
            "Readers map symbols they do not know to `{fallback}`."
        ));
    }
    if !paragraphs.is_empty() {
        schema.insert("description".into(), paragraphs.join("\n\n").into());
    }
}

/// A default value as JSON, in the representation of its type: decimals as
/// strings with the type's scale, durations as ISO 8601, symbols as strings.
pub fn default_value(model: &Model, ty: &Type, value: &weft_model::Value) -> Value {
    use weft_model::Value as V;
    let ty = underlying(model, ty.required());
    match value {
        V::Null => Value::Null,
        V::Bool(flag) => Value::Bool(*flag),
        V::Number(text) => match ty {
            Type::Decimal { scale, .. } => Value::String(decimal_text(text, *scale)),
            Type::String => Value::String(text.clone()),
            _ => number(text).map_or_else(|| Value::String(text.clone()), Value::Number),
        },
        V::String(text) | V::Symbol(text) => Value::String(text.clone()),
        V::Duration(millis) => Value::String(iso_duration(*millis)),
        V::List(items) => {
            let item_type = match ty {
                Type::List(item) => item.as_ref().clone(),
                _ => Type::Unknown,
            };
            Value::Array(
                items
                    .iter()
                    .map(|item| default_value(model, &item_type, item))
                    .collect(),
            )
        }
        V::Record(fields) => {
            let record = match ty {
                Type::Named(id) => match model.types.get(id.index()).map(|decl| &decl.kind) {
                    Some(TypeKind::Record(record)) => Some(record),
                    _ => None,
                },
                _ => None,
            };
            let mut object = Map::new();
            for (name, value) in fields {
                let field_type = record
                    .and_then(|record| record.field(name))
                    .map_or(Type::Unknown, |field| field.ty.clone());
                object.insert(name.clone(), default_value(model, &field_type, value));
            }
            Value::Object(object)
        }
    }
}

/// The regular expression a decimal string of `decimal(precision, scale)`
/// matches: an optional minus, at most `precision - scale` digits before the
/// point (a single `0` when that is none) and at most `scale` after it.
pub fn decimal_pattern(precision: u32, scale: u32) -> String {
    let integer_digits = precision.saturating_sub(scale);
    let integer = if integer_digits == 0 {
        "0".to_string()
    } else {
        format!("[0-9]{{1,{integer_digits}}}")
    };
    if scale == 0 {
        format!("^-?{integer}$")
    } else {
        format!("^-?{integer}(\\.[0-9]{{1,{scale}}})?$")
    }
}

/// A number as written, as a decimal string with exactly `scale` decimals
/// when it has fewer (`5` → `5.00` for scale 2); longer fractions are kept.
pub fn decimal_text(text: &str, scale: u32) -> String {
    let text = text.trim_start_matches('+');
    let (integer, fraction) = text.split_once('.').unwrap_or((text, ""));
    let scale = scale as usize;
    if scale == 0 && fraction.is_empty() {
        return integer.to_string();
    }
    let mut fraction = fraction.to_string();
    while fraction.len() < scale {
        fraction.push('0');
    }
    format!("{integer}.{fraction}")
}

/// Milliseconds as an ISO 8601 duration: `PT15M`, `P14D`, `P1DT2H`, `PT0.5S`.
pub fn iso_duration(millis: u64) -> String {
    const SECOND: u64 = 1000;
    const MINUTE: u64 = 60 * SECOND;
    const HOUR: u64 = 60 * MINUTE;
    const DAY: u64 = 24 * HOUR;
    let days = millis / DAY;
    let hours = millis % DAY / HOUR;
    let minutes = millis % HOUR / MINUTE;
    let seconds = millis % MINUTE / SECOND;
    let fraction = millis % SECOND;
    let mut out = String::from("P");
    if days > 0 {
        out.push_str(&format!("{days}D"));
    }
    if hours > 0 || minutes > 0 || seconds > 0 || fraction > 0 || days == 0 {
        out.push('T');
        if hours > 0 {
            out.push_str(&format!("{hours}H"));
        }
        if minutes > 0 {
            out.push_str(&format!("{minutes}M"));
        }
        if fraction > 0 {
            out.push_str(&format!("{seconds}.{fraction:03}S"));
        } else if seconds > 0 || (hours == 0 && minutes == 0) {
            out.push_str(&format!("{seconds}S"));
        }
    }
    out
}

/// The type behind aliases (an optional marker is kept).
pub fn underlying<'a>(model: &'a Model, ty: &'a Type) -> &'a Type {
    let mut current = ty;
    for _ in 0..MAX_ALIAS_DEPTH {
        match current {
            Type::Named(id) => match model.types.get(id.index()).map(|decl| &decl.kind) {
                Some(TypeKind::Alias { target, .. }) => current = target,
                _ => return current,
            },
            _ => return current,
        }
    }
    current
}

/// The JSON type of values of a type: `string`, `object`, ...
pub fn json_type(model: &Model, ty: &Type) -> Option<&'static str> {
    Some(match underlying(model, ty) {
        Type::Bool => "boolean",
        Type::Int32 | Type::Int64 => "integer",
        Type::Float64 => "number",
        Type::Decimal { .. }
        | Type::String
        | Type::Bytes
        | Type::Date
        | Type::Timestamp(_)
        | Type::Duration
        | Type::Uuid => "string",
        Type::List(_) => "array",
        Type::Map(..) => "object",
        Type::Named(id) => match model.types.get(id.index()).map(|decl| &decl.kind) {
            Some(TypeKind::Enum { .. }) => "string",
            Some(TypeKind::Record(_)) => "object",
            _ => return None,
        },
        Type::Optional(_) | Type::Unknown => return None,
    })
}

/// `propertyNames` for a map's key type: the key's own schema when it says
/// more than "a string".
fn property_names(model: &Model, key: &Type, defs: &mut Defs) -> Option<Map<String, Value>> {
    match underlying(model, key) {
        Type::String => match key {
            Type::Named(_) => Some(for_type(model, key, defs)),
            _ => None,
        },
        Type::Int32 | Type::Int64 => {
            let mut names = Map::new();
            names.insert("pattern".into(), "^-?[0-9]+$".into());
            Some(names)
        }
        Type::Named(id) => match model.types.get(id.index()).map(|decl| &decl.kind) {
            Some(TypeKind::Enum { .. }) => Some(for_type(model, key, defs)),
            _ => None,
        },
        Type::Uuid | Type::Date => Some(for_type(model, key, defs)),
        _ => None,
    }
}

/// A number as written, as a JSON number.
fn number(text: &str) -> Option<serde_json::Number> {
    serde_json::from_str::<serde_json::Number>(text.trim_start_matches('+')).ok()
}

/// Escapes a definition key for a JSON Pointer (`~` and `/`).
fn escape_pointer(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Pretty JSON with every object's keys sorted (whatever map `serde_json`
/// was built with), two-space indentation and a final newline: the
/// deterministic text of every JSON file weft writes.
pub fn to_pretty_json(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0);
    out.push('\n');
    out
}

fn write_value(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push_str("{\n");
            for (index, (key, item)) in entries.iter().enumerate() {
                push_indent(out, indent + 1);
                out.push_str(&string_literal(key));
                out.push_str(": ");
                write_value(out, item, indent + 1);
                if index + 1 < entries.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            push_indent(out, indent);
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (index, item) in items.iter().enumerate() {
                push_indent(out, indent + 1);
                write_value(out, item, indent + 1);
                if index + 1 < items.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            push_indent(out, indent);
            out.push(']');
        }
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        Value::String(text) => out.push_str(&string_literal(text)),
        other => out.push_str(&other.to_string()),
    }
}

fn string_literal(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

fn push_indent(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_patterns() {
        assert_eq!(decimal_pattern(19, 4), "^-?[0-9]{1,15}(\\.[0-9]{1,4})?$");
        assert_eq!(decimal_pattern(10, 0), "^-?[0-9]{1,10}$");
        assert_eq!(decimal_pattern(4, 4), "^-?0(\\.[0-9]{1,4})?$");
        assert_eq!(decimal_text("5", 2), "5.00");
        assert_eq!(decimal_text("5.1", 2), "5.10");
        assert_eq!(decimal_text("-5", 0), "-5");
    }

    #[test]
    fn durations() {
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(15 * 60 * 1000), "PT15M");
        assert_eq!(iso_duration(14 * 24 * 3600 * 1000), "P14D");
        assert_eq!(iso_duration((24 + 2) * 3600 * 1000), "P1DT2H");
        assert_eq!(iso_duration(500), "PT0.500S");
        assert_eq!(iso_duration(90 * 1000), "PT1M30S");
    }

    #[test]
    fn nullable_forms() {
        let plain = nullable(for_type(&Model::default(), &Type::String, &mut Defs::new()));
        assert_eq!(Value::Object(plain), json!({"type": ["string", "null"]}));
        let mut referenced = Map::new();
        referenced.insert("$ref".into(), "#/$defs/X".into());
        assert_eq!(
            Value::Object(nullable(referenced)),
            json!({"anyOf": [{"$ref": "#/$defs/X"}, {"type": "null"}]})
        );
    }

    #[test]
    fn output_sorts_keys() {
        let value = json!({"b": [1, {"z": 1, "a": []}], "a": {}});
        assert_eq!(
            to_pretty_json(&value),
            "{\n  \"a\": {},\n  \"b\": [\n    1,\n    {\n      \"a\": [],\n      \"z\": 1\n    }\n  ]\n}\n"
        );
    }
}
