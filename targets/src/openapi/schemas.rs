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
//! The schemas are built by the shared mapper ([`crate::json_schema`]) with
//! [`Options::openapi`]: the `format`s OpenAPI tools read (`int32`,
//! `int64`, `double`, `decimal`), open records (a response may gain
//! fields), descriptions made safe for Markdown renderers, and OpenAPI's
//! conventional key order (`openapi_order`).
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
use crate::json_schema::{
    constrained, default_value, definition, openapi_order, type_schema, Names, Options,
};
use crate::yaml::Obj;
use weft_model::{Field, Model, Type};

/// The named types one document uses, with their component names.
pub(crate) struct Components<'a> {
    model: &'a Model,
    names: Names,
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
        let names = Names::collect(model, roots, reserved, Options::openapi());
        Components { model, names }
    }

    /// The component schemas and `extra` ones, sorted by name.
    pub(crate) fn render(&self, extra: Vec<(String, Obj)>) -> Obj {
        let mut refs = &self.names;
        let mut sorted: Vec<(String, Obj)> = self
            .names
            .iter()
            .map(|(id, name)| {
                let schema = definition(self.model, id, &mut refs);
                (name.to_string(), openapi_order(schema))
            })
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
        openapi_order(type_schema(self.model, ty, &mut &self.names))
    }

    /// The schema of a parameter: its type, constraints and default; never
    /// `null` (docs and deprecation go on the parameter itself).
    pub(crate) fn parameter_schema(&self, field: &Field) -> Obj {
        let mut refs = &self.names;
        let required = field.ty.required();
        let mut schema = constrained(self.model, required, &field.constraints, &mut refs);
        if let Some(default) = &*field.default {
            let value = default_value(self.model, &field.ty, default, &Options::openapi());
            schema.insert("default", value);
        }
        openapi_order(schema)
    }

    /// The docs of a named type, if it has any (for parameters without docs).
    pub(crate) fn type_doc(&self, ty: &Type) -> Option<String> {
        match ty.required() {
            Type::Named(id) => text::first_paragraph(&self.model.type_def(*id).meta.doc),
            _ => None,
        }
    }
}
