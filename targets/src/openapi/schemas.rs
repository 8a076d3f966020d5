//! weft types as OpenAPI 3.1 schemas (JSON Schema 2020-12).
//!
//! Every record, enum and alias an API uses becomes a component under
//! `#/components/schemas`, named after the type (or its fully-qualified name
//! when two used types share a name); uses refer to it with `$ref`.
//! Primitives, lists and maps are written inline.
//!
//! | weft | schema |
//! | --- | --- |
//! | `bool` | `type: boolean` |
//! | `int32`, `int64` | `type: integer`, `format: int32` / `int64` |
//! | `float64` | `type: number`, `format: double` |
//! | `decimal(p, s)` | `type: string`, `format: decimal`, a `pattern` allowing an optional minus, at most `p - s` digits before the point and `s` after it |
//! | `string` | `type: string` |
//! | `bytes` | `type: string`, `contentEncoding: base64` |
//! | `date`, `timestamp`, `duration`, `uuid` | `type: string`, `format: date` / `date-time` / `duration` / `uuid` |
//! | `list<T>` | `type: array`, `items` |
//! | `map<K, V>` | `type: object`, `additionalProperties`, and `propertyNames` when the key type is constrained |
//! | enum | `type: string`, `enum` |
//! | record | `type: object`, `properties` in declaration order, `required` |
//!
//! The representation is the JSON Schema target's ([`crate::schemas::json_schema`]),
//! whose pattern, decimal defaults and durations this module reuses; it
//! builds its own schemas because OpenAPI documents keep a conventional key
//! order, carry the `format`s OpenAPI tools read (`int32`, `int64`,
//! `double`, `decimal`) and leave records open (a response may gain fields).
//!
//! Decimals travel as JSON strings so that no reader rounds them through a
//! binary float (`format: decimal` is from the OpenAPI format registry);
//! `Money` is therefore `{amount: "12.5000", currency: "EUR"}`.
//! A range on a decimal cannot be a JSON Schema `minimum` (that keyword only
//! constrains numbers), so it is carried as `x-weft-minimum` /
//! `x-weft-maximum`, with the bound as written.
//!
//! A field is required unless it is optional (`T?`) or has a default. An
//! optional field may also be sent as `null`: its schema allows `null`, with
//! a type array (`type: [string, 'null']`) or, for a `$ref`,
//! `anyOf: [$ref, {type: 'null'}]`. Parameters are never `null`, so their
//! schemas do not allow it.

use super::text;
use crate::schemas::json_schema::{decimal_pattern, decimal_text, iso_duration};
use crate::yaml::{strings, Obj};
use std::collections::{BTreeMap, BTreeSet};
use weft_model::{Constraints, Field, Model, Type, TypeId, TypeKind, Value};

/// The path of component schemas.
const SCHEMAS: &str = "#/components/schemas/";

/// The named types one document uses, with their component names.
pub(crate) struct Components<'a> {
    model: &'a Model,
    names: BTreeMap<TypeId, String>,
}

impl<'a> Components<'a> {
    /// Collects every named type reachable from `roots`. A type whose short
    /// name is `reserved` (a component the target adds itself) keeps its
    /// fully-qualified name.
    pub(crate) fn collect<'t>(
        model: &'a Model,
        roots: impl IntoIterator<Item = &'t Type>,
        reserved: &[&str],
    ) -> Self {
        let mut used = BTreeSet::new();
        let mut pending: Vec<&Type> = roots.into_iter().collect();
        while let Some(ty) = pending.pop() {
            match ty {
                Type::List(inner) | Type::Optional(inner) => pending.push(inner),
                Type::Map(key, value) => {
                    pending.push(key);
                    pending.push(value);
                }
                Type::Named(id) if used.insert(*id) => match &model.type_def(*id).kind {
                    TypeKind::Alias { target, .. } => pending.push(target),
                    TypeKind::Record(record) => {
                        pending.extend(record.fields.iter().map(|field| &field.ty));
                    }
                    TypeKind::Enum { .. } => {}
                },
                _ => {}
            }
        }
        let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
        for id in &used {
            *by_name.entry(&model.type_def(*id).name.name).or_default() += 1;
        }
        let names = used
            .iter()
            .map(|id| {
                let name = &model.type_def(*id).name;
                let shared = by_name.get(name.name.as_str()).copied().unwrap_or(0) > 1;
                let component = if shared || reserved.contains(&name.name.as_str()) {
                    name.qualified()
                } else {
                    name.name.clone()
                };
                (*id, component)
            })
            .collect();
        Components { model, names }
    }

    /// The component schemas and `extra` ones, sorted by name.
    pub(crate) fn render(&self, extra: Vec<(String, Obj)>) -> Obj {
        let mut sorted: Vec<(String, Obj)> = self
            .names
            .iter()
            .map(|(id, name)| (name.clone(), self.component(*id)))
            .chain(extra)
            .collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out = Obj::new();
        for (name, schema) in sorted {
            out.insert(&name, schema);
        }
        out
    }

    /// The schema of a type where it is used (a `$ref` for named types).
    pub(crate) fn type_schema(&self, ty: &Type) -> Obj {
        match ty {
            Type::Bool => Obj::new().set("type", "boolean"),
            Type::Int32 => Obj::new().set("type", "integer").set("format", "int32"),
            Type::Int64 => Obj::new().set("type", "integer").set("format", "int64"),
            Type::Float64 => Obj::new().set("type", "number").set("format", "double"),
            Type::Decimal { precision, scale } => Obj::new()
                .set("type", "string")
                .set("format", "decimal")
                .set("pattern", decimal_pattern(*precision, *scale)),
            Type::String => Obj::new().set("type", "string"),
            Type::Bytes => Obj::new()
                .set("type", "string")
                .set("contentEncoding", "base64"),
            Type::Date => Obj::new().set("type", "string").set("format", "date"),
            Type::Timestamp(_) => Obj::new().set("type", "string").set("format", "date-time"),
            Type::Duration => Obj::new().set("type", "string").set("format", "duration"),
            Type::Uuid => Obj::new().set("type", "string").set("format", "uuid"),
            Type::List(inner) => Obj::new()
                .set("type", "array")
                .set("items", self.type_schema(inner)),
            Type::Map(key, value) => {
                let mut schema = Obj::new()
                    .set("type", "object")
                    .set("additionalProperties", self.type_schema(value));
                if let Some(names) = self.property_names(key) {
                    schema.insert("propertyNames", names);
                }
                schema
            }
            Type::Named(id) => Obj::new().set("$ref", self.reference(*id)),
            Type::Optional(inner) => nullable(self.type_schema(inner)),
            Type::Unknown => Obj::new(),
        }
    }

    /// The schema of a record field or parameter: its type, its own
    /// constraints, docs, default and deprecation. `allow_null` makes an
    /// optional value nullable (bodies, not parameters).
    pub(crate) fn field_schema(&self, field: &Field, allow_null: bool) -> Obj {
        let required = field.ty.required();
        let mut schema = self.type_schema(required);
        self.constrain(&mut schema, required, &field.constraints);
        if allow_null && field.ty.is_optional() {
            schema = nullable(schema);
        }
        if let Some(description) = field_description(field) {
            schema.insert("description", description);
        }
        if let Some(default) = &field.default {
            schema.insert("default", self.value(default, &field.ty));
        }
        if field.meta.deprecated.is_some() {
            schema.insert("deprecated", true);
        }
        if field.pii {
            schema.insert("x-weft-pii", true);
        }
        schema
    }

    /// The schema of a parameter: its type, constraints and default; never
    /// `null` (docs and deprecation go on the parameter itself).
    pub(crate) fn parameter_schema(&self, field: &Field) -> Obj {
        let required = field.ty.required();
        let mut schema = self.type_schema(required);
        self.constrain(&mut schema, required, &field.constraints);
        if let Some(default) = &field.default {
            schema.insert("default", self.value(default, &field.ty));
        }
        schema
    }

    /// The docs of a named type, if it has any (for parameters without docs).
    pub(crate) fn type_doc(&self, ty: &Type) -> Option<String> {
        match ty.required() {
            Type::Named(id) => text::first_paragraph(&self.model.type_def(*id).meta.doc),
            _ => None,
        }
    }

    fn reference(&self, id: TypeId) -> String {
        let name = self
            .names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| self.model.type_def(id).name.qualified());
        format!("{SCHEMAS}{name}")
    }

    fn component(&self, id: TypeId) -> Obj {
        let decl = self.model.type_def(id);
        let description = described(&decl.meta.doc, decl.meta.deprecated.as_deref());
        let mut schema = match &decl.kind {
            TypeKind::Alias {
                target,
                constraints,
            } => {
                let mut schema = self.type_schema(target);
                self.constrain(&mut schema, target, constraints);
                schema.maybe("description", description)
            }
            TypeKind::Enum { symbols, fallback } => {
                let mut lines: Vec<String> = description.into_iter().collect();
                let documented: Vec<String> = symbols
                    .iter()
                    .filter(|symbol| {
                        !symbol.meta.doc.trim().is_empty() || symbol.meta.deprecated.is_some()
                    })
                    .map(|symbol| {
                        let doc = described(&symbol.meta.doc, symbol.meta.deprecated.as_deref())
                            .unwrap_or_default()
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ");
                        format!("- `{}`: {doc}", symbol.name)
                    })
                    .collect();
                if !documented.is_empty() {
                    lines.push(documented.join("\n"));
                }
                if let Some(fallback) = fallback {
                    lines.push(format!(
                        "More symbols may be added; readers treat symbols they do not know \
                         as `{fallback}`."
                    ));
                }
                Obj::new()
                    .set("type", "string")
                    .maybe(
                        "description",
                        (!lines.is_empty()).then(|| lines.join("\n\n")),
                    )
                    .set("enum", strings(symbols.iter().map(|symbol| &symbol.name)))
            }
            TypeKind::Record(record) => {
                let required: Vec<&str> = record
                    .fields
                    .iter()
                    .filter(|field| !field.ty.is_optional() && field.default.is_none())
                    .map(|field| field.name.as_str())
                    .collect();
                let mut properties = Obj::new();
                for field in &record.fields {
                    properties.insert(&field.name, self.field_schema(field, true));
                }
                let mut schema = Obj::new()
                    .set("type", "object")
                    .maybe("description", description);
                if !required.is_empty() {
                    schema.insert("required", strings(required));
                }
                schema.set("properties", properties)
            }
        };
        if decl.meta.deprecated.is_some() {
            schema.insert("deprecated", true);
        }
        schema
    }

    /// Adds constraints to a schema of type `ty` (as written where they
    /// apply: an alias's target or a field's type).
    fn constrain(&self, schema: &mut Obj, ty: &Type, constraints: &Constraints) {
        if constraints.is_empty() {
            return;
        }
        let base = self.underlying(ty);
        if let Some(pattern) = &constraints.pattern {
            if schema.contains("pattern") {
                // A decimal's own pattern stays; both must match.
                schema.insert(
                    "allOf",
                    serde_yaml::Value::Sequence(vec![Obj::new()
                        .set("pattern", pattern.as_str())
                        .into_value()]),
                );
            } else {
                schema.insert("pattern", pattern.as_str());
            }
        }
        let (min_key, max_key) = match base {
            Type::List(_) => ("minItems", "maxItems"),
            Type::Map(..) => ("minProperties", "maxProperties"),
            _ => ("minLength", "maxLength"),
        };
        if let Some(min) = constraints.min_length {
            schema.insert(min_key, min);
        }
        if let Some(max) = constraints.max_length {
            schema.insert(max_key, max);
        }
        match base {
            Type::Decimal { .. } => {
                if let Some(minimum) = &constraints.minimum {
                    schema.insert("x-weft-minimum", minimum.as_str());
                }
                if let Some(maximum) = &constraints.maximum {
                    schema.insert("x-weft-maximum", maximum.as_str());
                }
            }
            _ => {
                let integer = matches!(base, Type::Int32 | Type::Int64);
                if let Some(minimum) = &constraints.minimum {
                    schema.insert("minimum", number(minimum, integer));
                }
                if let Some(maximum) = &constraints.maximum {
                    schema.insert("maximum", number(maximum, integer));
                }
            }
        }
    }

    /// `propertyNames` of a map: the key's schema when it says more than
    /// "a string" (as the JSON Schema target writes it).
    fn property_names(&self, key: &Type) -> Option<Obj> {
        let key = key.required();
        match self.underlying(key) {
            Type::String => matches!(key, Type::Named(_)).then(|| self.type_schema(key)),
            Type::Int32 | Type::Int64 => Some(Obj::new().set("pattern", "^-?[0-9]+$")),
            Type::Named(id) => match &self.model.type_def(*id).kind {
                TypeKind::Enum { .. } => Some(self.type_schema(key)),
                _ => None,
            },
            Type::Uuid | Type::Date => Some(self.type_schema(key)),
            _ => None,
        }
    }

    /// The type behind a chain of aliases (and optional markers).
    fn underlying<'t>(&'t self, ty: &'t Type) -> &'t Type {
        self.model.underlying(ty)
    }

    /// A constant of type `ty` as JSON: decimals as strings, durations in
    /// ISO 8601, enum symbols as their names.
    pub(crate) fn value(&self, value: &Value, ty: &Type) -> serde_yaml::Value {
        let base = self.underlying(ty);
        match value {
            Value::Null => serde_yaml::Value::Null,
            Value::Bool(flag) => serde_yaml::Value::Bool(*flag),
            Value::Number(text) => match base {
                Type::Decimal { scale, .. } => {
                    serde_yaml::Value::String(decimal_text(text, *scale))
                }
                Type::String => serde_yaml::Value::String(text.clone()),
                Type::Int32 | Type::Int64 => number(text, true),
                _ => number(text, false),
            },
            Value::String(text) | Value::Symbol(text) => serde_yaml::Value::String(text.clone()),
            Value::Duration(millis) => serde_yaml::Value::String(iso_duration(*millis)),
            Value::List(items) => {
                let element = match base {
                    Type::List(element) => element.as_ref(),
                    _ => &Type::Unknown,
                };
                serde_yaml::Value::Sequence(
                    items.iter().map(|item| self.value(item, element)).collect(),
                )
            }
            Value::Record(fields) => {
                let record = match base {
                    Type::Named(id) => match &self.model.type_def(*id).kind {
                        TypeKind::Record(record) => Some(record),
                        _ => None,
                    },
                    _ => None,
                };
                let mut out = Obj::new();
                for (name, item) in fields {
                    let field_type = record
                        .and_then(|record| record.field(name))
                        .map_or(&Type::Unknown, |field| &field.ty);
                    out.insert(name, self.value(item, field_type));
                }
                out.into_value()
            }
        }
    }
}

/// The schema made nullable: `null` joins the type array, or a `$ref` (or
/// a schema without a type) becomes `anyOf` with `{type: 'null'}`.
pub(crate) fn nullable(schema: Obj) -> Obj {
    let value = schema.into_value();
    let serde_yaml::Value::Mapping(mut mapping) = value else {
        return Obj::new();
    };
    let ty = mapping.get("type").cloned();
    match ty {
        Some(serde_yaml::Value::String(name)) if !mapping.contains_key("$ref") => {
            mapping.insert(
                "type".into(),
                serde_yaml::Value::Sequence(vec![name.into(), "null".into()]),
            );
            Obj::from_mapping(mapping)
        }
        _ if mapping.is_empty() => Obj::from_mapping(mapping),
        _ => Obj::new().set(
            "anyOf",
            serde_yaml::Value::Sequence(vec![
                serde_yaml::Value::Mapping(mapping),
                Obj::new().set("type", "null").into_value(),
            ]),
        ),
    }
}

/// A field's docs with its deprecation.
fn field_description(field: &Field) -> Option<String> {
    described(&field.meta.doc, field.meta.deprecated.as_deref())
}

/// Docs followed by a deprecation note, made safe.
fn described(doc: &str, deprecated: Option<&str>) -> Option<String> {
    let doc = text::description(doc);
    let note = deprecated.map(|reason| {
        let reason = reason.trim();
        if reason.is_empty() {
            "Deprecated.".to_string()
        } else {
            format!("Deprecated: {}", text::markdown(reason))
        }
    });
    match (doc, note) {
        (Some(doc), Some(note)) => Some(format!("{doc}\n\n{note}")),
        (doc, note) => doc.or(note),
    }
}

/// A number as written, as a YAML integer or float (or the text itself
/// when it is neither).
fn number(text: &str, integer: bool) -> serde_yaml::Value {
    let text = text.trim();
    if let Ok(whole) = text.parse::<i64>() {
        return serde_yaml::Value::Number(whole.into());
    }
    if !integer {
        if let Ok(float) = text.parse::<f64>() {
            if float.is_finite() {
                return serde_yaml::Value::Number(float.into());
            }
        }
    }
    serde_yaml::Value::String(text.to_string())
}
