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
    constrained, default_value, definition, openapi_order, type_schema, Names, Options, Refs,
};
use crate::yaml::Obj;
use crate::yaml_emit::{self, Unsupported};
use std::collections::HashMap;
use weft_model::{Field, Model, Type, TypeId};

/// The column of a component's name under `components:` / `schemas:`.
const COMPONENT_COLUMN: usize = 4;

/// The YAML text of component schemas already written in this build, so
/// that a type every document uses is built and written once, not once per
/// document (on the benchmark's equal model each schema is in five
/// documents on average). A text is reused only when every `$ref` in it
/// points where the new document's names point.
#[derive(Default)]
pub(crate) struct SchemaTexts {
    by_type: HashMap<TypeId, Vec<SchemaText>>,
}

/// One written schema: the `$ref`s its definition asked for, and the text
/// after its name's `:` (descriptions cleaned).
struct SchemaText {
    references: Vec<(TypeId, String)>,
    text: String,
}

/// The names of one document, recording every `$ref` a definition asks for.
struct Recording<'n> {
    names: &'n Names,
    references: Vec<(TypeId, String)>,
}

impl Refs for Recording<'_> {
    fn options(&self) -> &Options {
        (&self.names).options()
    }

    fn reference(&mut self, model: &Model, id: TypeId) -> String {
        let mut names = self.names;
        let pointer = names.reference(model, id);
        self.references.push((id, pointer.clone()));
        pointer
    }
}

/// Keys under which [`text::clean_descriptions`] cleans nothing: a
/// component named like one keeps its descriptions as written.
fn is_uncleaned_key(name: &str) -> bool {
    matches!(name, "example" | "examples" | "default" | "const" | "enum")
}

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

    /// Whether the document uses no named type.
    pub(crate) fn is_empty(&self) -> bool {
        self.names.iter().next().is_none()
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

    /// `schemas:` under `components:` as YAML text, the same as
    /// [`Components::render`] written by `yaml::to_text` after
    /// `clean_descriptions`: each component's name at column 4 and its
    /// schema, from `cache` when an earlier document wrote the same one.
    pub(crate) fn write(
        &self,
        extra: &[(String, Obj)],
        cache: &mut SchemaTexts,
        out: &mut String,
    ) -> Result<(), Unsupported> {
        enum Source<'s> {
            Type(TypeId),
            Extra(&'s Obj),
        }
        let mut sorted: Vec<(&str, Source)> = self
            .names
            .iter()
            .map(|(id, name)| (name, Source::Type(id)))
            .chain(
                extra
                    .iter()
                    .map(|(name, schema)| (name.as_str(), Source::Extra(schema))),
            )
            .collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        out.push_str("  schemas:\n");
        for (name, source) in sorted {
            yaml_emit::indent(COMPONENT_COLUMN, out);
            yaml_emit::write_key(name, out)?;
            match source {
                Source::Type(id) if !is_uncleaned_key(name) => {
                    out.push_str(self.cached_text(id, cache)?);
                }
                Source::Type(id) => {
                    let schema = openapi_order(definition(self.model, id, &mut &self.names));
                    yaml_emit::write_entry_value(&schema.into_value(), COMPONENT_COLUMN, out)?;
                }
                Source::Extra(schema) => {
                    let mut schema = schema.clone().into_value();
                    if !is_uncleaned_key(name) {
                        text::clean_descriptions(&mut schema);
                    }
                    yaml_emit::write_entry_value(&schema, COMPONENT_COLUMN, out)?;
                }
            }
        }
        Ok(())
    }

    /// The text of a type's component schema, written now or taken from
    /// the cache.
    fn cached_text<'c>(
        &self,
        id: TypeId,
        cache: &'c mut SchemaTexts,
    ) -> Result<&'c str, Unsupported> {
        let written = cache.by_type.entry(id).or_default();
        let found = written.iter().position(|written| {
            written.references.iter().all(|(target, pointer)| {
                let mut names = &self.names;
                names.reference(self.model, *target) == *pointer
            })
        });
        let index = match found {
            Some(index) => index,
            None => {
                let mut recording = Recording {
                    names: &self.names,
                    references: Vec::new(),
                };
                let mut schema =
                    openapi_order(definition(self.model, id, &mut recording)).into_value();
                text::clean_descriptions(&mut schema);
                let mut text = String::with_capacity(1024);
                yaml_emit::write_entry_value(&schema, COMPONENT_COLUMN, &mut text)?;
                written.push(SchemaText {
                    references: recording.references,
                    text,
                });
                written.len() - 1
            }
        };
        Ok(&written[index].text)
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
        let mut schema = constrained(self.model, required, field.constraints(), &mut refs);
        if let Some(default) = field.default() {
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
