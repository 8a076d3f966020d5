//! Resolved types as JSON Schema 2020-12, shared by every target that emits
//! JSON Schema (the `schemas` target, and OpenAPI 3.1 and AsyncAPI 3.0,
//! whose schema objects are JSON Schema 2020-12 too).
//!
//! There is one mapper; what the documents do differently is its
//! [`Options`] (see the table below). The table that follows is the
//! `schemas` target's (and AsyncAPI's) representation,
//! [`Options::json_schema`].
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
//! Every schema this module builds with [`Options::json_schema`] passes
//! Ajv's strict mode: wherever a constraint sits next to a `$ref`, the
//! matching `type` is repeated.
//!
//! # Options per document
//!
//! | option | `schemas`, AsyncAPI ([`Options::json_schema`]) | OpenAPI ([`Options::openapi`]) |
//! | --- | --- | --- |
//! | `$ref` prefix | `#/$defs/`; AsyncAPI `#/components/schemas/` | `#/components/schemas/` |
//! | [`Records`] | closed (`additionalProperties: false`) | open |
//! | [`Formats`] | JSON Schema's; a decimal explained in `$comment` | also `int32`, `int64`, `double`, `decimal` |
//! | [`Int32Bounds`] | `minimum`/`maximum` of the 32-bit range | omitted |
//! | [`DecimalRanges`] | `$comment` | `x-weft-minimum` / `x-weft-maximum` |
//! | [`ByteLengths`] | `$comment` | `minLength` / `maxLength` |
//! | [`RefSiblings`] | `type` repeated next to a constrained `$ref` | as is |
//! | [`Aliases`] | optional markers stop the alias lookup | looked through |
//! | [`Text`] | doc comments as written | made safe for Markdown renderers |
//! | [`Titles`] | definitions titled with the type name | no title |
//! | [`Pii`] | not marked | `x-weft-pii: true` |
//!
//! Definitions are named as they are met ([`Defs`], the first type met keeps
//! its short name) for JSON Schema files and AsyncAPI, and all at once for
//! OpenAPI (`Names`: any shared short name is qualified).
//!
//! The mapper builds ordered mappings; each document has its own key order:
//! JSON files sort keys ([`to_pretty_json`]), AsyncAPI puts leading keywords
//! first ([`crate::asyncapi::schema::schema_yaml`]) and OpenAPI keeps its
//! conventional order (`openapi_order`).

mod options;
mod order;

pub use options::{
    Aliases, ByteLengths, DecimalRanges, Enums, Formats, Int32Bounds, Options, Pii, Records,
    RefSiblings, Text, Titles,
};
pub(crate) use order::openapi_order;

use std::collections::BTreeMap;

use crate::yaml::{self, strings, Obj};
use serde_json::{Map, Value};
use weft_model::{Constraints, EnumSymbol, Field, Meta, Model, Record, Type, TypeId, TypeKind};

/// The JSON Schema dialect of every document weft writes.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// Where the schemas of named types are, as the mapper sees it: the options
/// of the document, and the `$ref` value of a named type.
pub trait Refs {
    /// The options of the document the schemas are for.
    fn options(&self) -> &Options;

    /// The `$ref` value for a named type (registering its definition when
    /// the implementation collects them as they are met).
    fn reference(&mut self, model: &Model, id: TypeId) -> String;
}

/// The named types one document refers to, with the schema of each, added
/// as they are met. Every record, enum and alias a converted type mentions
/// is added once, under its short name (`Money`), or under its
/// fully-qualified name (`acme.production.Money`) when a type met earlier
/// already has that short name.
#[derive(Clone, Debug)]
pub struct Defs {
    options: Options,
    names: BTreeMap<TypeId, String>,
    taken: BTreeMap<String, TypeId>,
    schemas: BTreeMap<String, serde_yaml::Value>,
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

    /// Definitions referred to as `<prefix>Name`, with the JSON Schema
    /// options (records closed); AsyncAPI uses `#/components/schemas/`.
    pub fn with_prefix(prefix: &'static str) -> Defs {
        Defs::with_options(Options::json_schema(prefix))
    }

    /// Definitions written with the given options.
    pub fn with_options(options: Options) -> Defs {
        Defs {
            options,
            names: BTreeMap::new(),
            taken: BTreeMap::new(),
            schemas: BTreeMap::new(),
        }
    }

    /// The same, for consumer (reader) schemas: open records (no
    /// `additionalProperties: false`), which accept fields added later, and
    /// enums with a fallback that accept symbols added later.
    pub fn open(mut self) -> Defs {
        self.options.records = Records::Open;
        self.options.enums = Enums::OpenWithFallback;
        self
    }

    /// Whether records are closed.
    pub fn is_closed(&self) -> bool {
        self.options.records == Records::Closed
    }

    /// The `$ref` value for a named type, adding its definition (and those
    /// of the types it mentions) when it is new.
    pub fn reference(&mut self, model: &Model, id: TypeId) -> String {
        let name = self.ensure(model, id);
        format!("{}{}", self.options.prefix, yaml::pointer_segment(&name))
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
        self.schemas
            .into_iter()
            .map(|(name, schema)| (name, yaml::to_json(&schema)))
            .collect()
    }

    fn ensure(&mut self, model: &Model, id: TypeId) -> String {
        if let Some(name) = self.names.get(&id) {
            return name.clone();
        }
        let Some(decl) = model.types.get(id.index()) else {
            return "Unknown".to_string();
        };
        let short = &decl.name.name;
        let name = if self.taken.contains_key(short.as_str()) {
            decl.name.qualified()
        } else {
            short.to_string()
        };
        self.names.insert(id, name.clone());
        self.taken.insert(name.clone(), id);
        // Placeholder first, so that a recursive type refers to itself.
        self.schemas
            .insert(name.clone(), serde_yaml::Value::Bool(true));
        let schema = definition(model, id, self);
        self.schemas.insert(name.clone(), schema.into_value());
        name
    }
}

impl Refs for Defs {
    fn options(&self) -> &Options {
        &self.options
    }

    fn reference(&mut self, model: &Model, id: TypeId) -> String {
        Defs::reference(self, model, id)
    }
}

/// The named types one document uses, named before any schema is built (as
/// OpenAPI components are): every type reachable from the document's roots,
/// under its short name, or its fully-qualified name when two of them share
/// a short name or the short name is reserved. Unlike [`Defs`], where the
/// first type met keeps the short name, no type is favoured; the two
/// policies are kept because the documents already published use them.
#[derive(Clone, Debug)]
pub(crate) struct Names {
    options: Options,
    names: BTreeMap<TypeId, String>,
}

impl Names {
    /// Collects every named type reachable from `roots`. A type whose short
    /// name is `reserved` (a definition the target adds itself) keeps its
    /// fully-qualified name.
    pub(crate) fn collect<'t>(
        model: &Model,
        roots: impl IntoIterator<Item = &'t Type>,
        reserved: &[&str],
        options: Options,
    ) -> Names {
        let used = model.reachable_types(roots);
        let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
        for id in &used {
            *by_name.entry(&model.type_def(*id).name.name).or_default() += 1;
        }
        let names = used
            .iter()
            .map(|id| {
                let name = &model.type_def(*id).name;
                let shared = by_name.get(name.name.as_str()).copied().unwrap_or(0) > 1;
                let key = if shared || reserved.contains(&name.name.as_str()) {
                    name.qualified()
                } else {
                    name.name.to_string()
                };
                (*id, key)
            })
            .collect();
        Names { options, names }
    }

    /// Every collected type with its definition key.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (TypeId, &str)> {
        self.names.iter().map(|(id, name)| (*id, name.as_str()))
    }
}

/// Names are fixed once collected, so a shared reference resolves `$ref`s.
impl Refs for &Names {
    fn options(&self) -> &Options {
        &self.options
    }

    fn reference(&mut self, model: &Model, id: TypeId) -> String {
        let name = self
            .names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| model.type_def(id).name.qualified());
        format!("{}{}", self.options.prefix, yaml::pointer_segment(&name))
    }
}

/// The schema of a type, as JSON. Named types become a `$ref` into `defs`.
pub fn for_type(model: &Model, ty: &Type, defs: &mut Defs) -> Map<String, Value> {
    json_map(type_schema(model, ty, defs))
}

/// The schema of a record's fields, as JSON: `type: object`, `properties`,
/// `required` and, for closed records, `additionalProperties: false`.
pub fn for_record(model: &Model, record: &Record, defs: &mut Defs) -> Map<String, Value> {
    json_map(record_schema(model, record, defs))
}

/// The schema of one field, as JSON: its type with the field's own
/// constraints, `null` allowed when optional, its description, deprecation
/// and default.
pub fn for_field(model: &Model, field: &Field, defs: &mut Defs) -> Map<String, Value> {
    json_map(field_schema(model, field, defs))
}

/// A built schema as a JSON object (whose keys `serde_json` sorts).
fn json_map(schema: Obj) -> Map<String, Value> {
    match yaml::to_json(&schema.into_value()) {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The schema of a type where it is used. Named types become a `$ref`.
pub(crate) fn type_schema(model: &Model, ty: &Type, refs: &mut dyn Refs) -> Obj {
    let options = *refs.options();
    let openapi_formats = options.formats == Formats::OpenApi;
    match ty {
        Type::Bool => Obj::new().set("type", "boolean"),
        Type::Int32 => {
            let schema = Obj::new()
                .set("type", "integer")
                .maybe("format", openapi_formats.then_some("int32"));
            match options.int32_bounds {
                Int32Bounds::Keywords => schema
                    .set("minimum", i64::from(i32::MIN))
                    .set("maximum", i64::from(i32::MAX)),
                Int32Bounds::Omitted => schema,
            }
        }
        Type::Int64 => Obj::new()
            .set("type", "integer")
            .maybe("format", openapi_formats.then_some("int64")),
        Type::Float64 => Obj::new()
            .set("type", "number")
            .maybe("format", openapi_formats.then_some("double")),
        Type::Decimal { precision, scale } => {
            let schema = Obj::new()
                .set("type", "string")
                .maybe("format", openapi_formats.then_some("decimal"))
                .set("pattern", decimal_pattern(*precision, *scale));
            match options.formats {
                // Without a `decimal` format, a comment says what the
                // string is.
                Formats::JsonSchema => schema.set(
                    "$comment",
                    format!("decimal({precision}, {scale}) as a string, so that no digit is lost"),
                ),
                Formats::OpenApi => schema,
            }
        }
        Type::String => Obj::new().set("type", "string"),
        Type::Bytes => Obj::new()
            .set("type", "string")
            .set("contentEncoding", "base64"),
        Type::Date => Obj::new().set("type", "string").set("format", "date"),
        Type::Timestamp(_) => Obj::new().set("type", "string").set("format", "date-time"),
        Type::Duration => Obj::new().set("type", "string").set("format", "duration"),
        Type::Uuid => Obj::new().set("type", "string").set("format", "uuid"),
        Type::List(item) => Obj::new()
            .set("type", "array")
            .set("items", type_schema(model, item, refs)),
        Type::Map(map) => {
            let (key, value) = &**map;
            let schema = Obj::new()
                .set("type", "object")
                .set("additionalProperties", type_schema(model, value, refs));
            let names = property_names(model, key, refs);
            schema.maybe("propertyNames", names)
        }
        Type::Named(id) => Obj::new().set("$ref", refs.reference(model, *id)),
        Type::Optional(inner) => nullable(type_schema(model, inner, refs)),
        Type::Unknown => Obj::new(),
    }
}

/// The schema of a record's fields: `type: object`, `properties` in
/// declaration order, `required` and, for closed records,
/// `additionalProperties: false`.
pub(crate) fn record_schema(model: &Model, record: &Record, refs: &mut dyn Refs) -> Obj {
    let mut properties = Obj::new();
    for field in &record.fields {
        properties.insert(&field.name, field_schema(model, field, refs));
    }
    let required: Vec<&str> = record
        .fields
        .iter()
        .filter(|field| is_required(field))
        .map(|field| field.name.as_str())
        .collect();
    let mut schema = Obj::new()
        .set("type", "object")
        .maybe(
            "required",
            (!required.is_empty()).then(|| strings(required)),
        )
        .set("properties", properties);
    if refs.options().records == Records::Closed {
        schema.insert("additionalProperties", false);
    }
    schema
}

/// Whether a field must be present: it is neither optional nor has a default.
pub fn is_required(field: &Field) -> bool {
    !field.ty.is_optional() && field.default().is_none()
}

/// The schema of one field: its type with the field's own constraints, `null`
/// allowed when optional, and its description, deprecation, default and
/// (with [`Pii::Extension`]) PII mark.
pub(crate) fn field_schema(model: &Model, field: &Field, refs: &mut dyn Refs) -> Obj {
    let inner = field.ty.required();
    let mut schema = constrained(model, inner, field.constraints(), refs);
    if field.ty.is_optional() {
        schema = nullable(schema);
    }
    let options = *refs.options();
    annotate(&mut schema, &field.meta, &options);
    if let Some(default) = field.default() {
        schema.insert(
            "default",
            default_value(model, &field.ty, default, &options),
        );
    }
    if field.pii() && options.pii == Pii::Extension {
        schema.insert("x-weft-pii", true);
    }
    schema
}

/// The schema of a type with constraints (an alias's target, a field's or
/// a parameter's type).
pub(crate) fn constrained(
    model: &Model,
    ty: &Type,
    constraints: &Constraints,
    refs: &mut dyn Refs,
) -> Obj {
    let mut schema = type_schema(model, ty, refs);
    constrain(model, &mut schema, ty, constraints, refs.options());
    schema
}

/// The definition of a named type: an alias's target, an enum's symbols or
/// a record's fields, with its title, description and deprecation.
pub(crate) fn definition(model: &Model, id: TypeId, refs: &mut dyn Refs) -> Obj {
    let decl = model.type_def(id);
    let options = *refs.options();
    let mut schema = match &decl.kind {
        TypeKind::Alias {
            target,
            constraints,
        } => constrained(model, target, constraints, refs),
        TypeKind::Enum {
            symbols,
            fallback: Some(_),
        } if options.enums == Enums::OpenWithFallback => Obj::new().set("type", "string").set(
            "examples",
            strings(symbols.iter().map(|symbol| symbol.name.as_str())),
        ),
        TypeKind::Enum { symbols, .. } => Obj::new().set("type", "string").set(
            "enum",
            strings(symbols.iter().map(|symbol| symbol.name.as_str())),
        ),
        TypeKind::Record(record) => record_schema(model, record, refs),
    };
    if options.titles == Titles::TypeName {
        schema.insert("title", decl.name.name.as_str());
    }
    annotate(&mut schema, &decl.meta, &options);
    if let TypeKind::Enum { symbols, fallback } = &decl.kind {
        describe_symbols(&mut schema, symbols, fallback.as_deref(), options.text);
    }
    schema
}

/// Adds constraints to the schema of `ty` (which may be a `$ref`: with
/// [`RefSiblings::RepeatType`] the constraint's JSON type is then repeated,
/// as Ajv's strict mode wants). The checker allows `pattern` on strings,
/// `length` on strings, bytes, lists and maps, `range` on numbers.
pub(crate) fn constrain(
    model: &Model,
    schema: &mut Obj,
    ty: &Type,
    constraints: &Constraints,
    options: &Options,
) {
    if constraints.is_empty() {
        return;
    }
    let underlying = options.aliases.underlying(model, ty);
    let mut added = false;
    let mut comment = Vec::new();
    let mut put = |schema: &mut Obj, key: &str, value: Option<serde_yaml::Value>| {
        if let Some(value) = value {
            schema.insert(key, value);
            added = true;
        }
    };
    let length = |bound: Option<u64>| bound.map(serde_yaml::Value::from);
    let bound =
        |bound: &Option<String>, integer: bool| bound.as_deref().map(|text| number(text, integer));
    match underlying {
        Type::String => {
            put(
                schema,
                "pattern",
                constraints.pattern.clone().map(Into::into),
            );
            put(schema, "minLength", length(constraints.min_length));
            put(schema, "maxLength", length(constraints.max_length));
        }
        Type::List(_) => {
            put(schema, "minItems", length(constraints.min_length));
            put(schema, "maxItems", length(constraints.max_length));
        }
        Type::Map(..) => {
            put(schema, "minProperties", length(constraints.min_length));
            put(schema, "maxProperties", length(constraints.max_length));
        }
        Type::Int32 | Type::Int64 | Type::Float64 => {
            let integer = !matches!(underlying, Type::Float64);
            put(schema, "minimum", bound(&constraints.minimum, integer));
            put(schema, "maximum", bound(&constraints.maximum, integer));
        }
        Type::Decimal { .. } => match options.decimal_ranges {
            DecimalRanges::Comment => {
                if constraints.minimum.is_some() || constraints.maximum.is_some() {
                    comment.push(format!(
                        "range {}..{} (a decimal string: not checked by JSON Schema)",
                        constraints.minimum.as_deref().unwrap_or(""),
                        constraints.maximum.as_deref().unwrap_or("")
                    ));
                }
            }
            DecimalRanges::Extension => {
                let text = |bound: &Option<String>| bound.clone().map(Into::into);
                put(schema, "x-weft-minimum", text(&constraints.minimum));
                put(schema, "x-weft-maximum", text(&constraints.maximum));
            }
        },
        Type::Bytes => match options.byte_lengths {
            ByteLengths::Comment => {
                if constraints.min_length.is_some() || constraints.max_length.is_some() {
                    let bound =
                        |bound: Option<u64>| bound.map(|n| n.to_string()).unwrap_or_default();
                    comment.push(format!(
                        "length {}..{} bytes before base64 encoding",
                        bound(constraints.min_length),
                        bound(constraints.max_length)
                    ));
                }
            }
            ByteLengths::Keywords => {
                put(schema, "minLength", length(constraints.min_length));
                put(schema, "maxLength", length(constraints.max_length));
            }
        },
        _ => {}
    }
    let repeat = options.ref_siblings == RefSiblings::RepeatType;
    if repeat && added && schema.contains("$ref") && !schema.contains("type") {
        if let Some(json_type) = json_type(model, underlying) {
            schema.insert("type", json_type);
        }
    }
    if !comment.is_empty() {
        let mut text = comment.join("; ");
        if let Some(serde_yaml::Value::String(existing)) = schema.get("$comment") {
            text = format!("{existing}; {text}");
        }
        schema.insert("$comment", text);
    }
}

/// The schema that also allows `null`: `type: [T, "null"]` for a plain typed
/// schema, `anyOf: [schema, {type: null}]` otherwise.
pub(crate) fn nullable(schema: Obj) -> Obj {
    let plain = !schema.contains("$ref")
        && !schema.contains("enum")
        && !schema.contains("const")
        && !schema.contains("anyOf");
    if plain {
        if let Some(serde_yaml::Value::String(json_type)) = schema.get("type") {
            let both = strings([json_type.as_str(), "null"]);
            return schema.set("type", both);
        }
    }
    if schema.is_empty() {
        return schema;
    }
    Obj::new().set(
        "anyOf",
        serde_yaml::Value::Sequence(vec![
            schema.into_value(),
            Obj::new().set("type", "null").into_value(),
        ]),
    )
}

/// Adds `description` (the doc comment, and the deprecation note) and
/// `deprecated: true`.
fn annotate(schema: &mut Obj, meta: &Meta, options: &Options) {
    if let Some(description) = options
        .text
        .described(&meta.doc, meta.deprecated.as_deref())
    {
        schema.insert("description", description);
    }
    if meta.deprecated.is_some() {
        schema.insert("deprecated", true);
    }
}

/// Appends what JSON Schema's `enum` cannot say to an enum's description:
/// each documented or deprecated symbol (`- \`DONE\`: deprecated: use
/// CLOSED`) and the fallback readers map unknown symbols to.
fn describe_symbols(schema: &mut Obj, symbols: &[EnumSymbol], fallback: Option<&str>, text: Text) {
    let lines: Vec<String> = symbols
        .iter()
        .filter_map(|symbol| {
            let note = text.symbol_note(&symbol.meta)?;
            Some(format!("- `{}`: {note}", symbol.name))
        })
        .collect();
    let mut paragraphs = Vec::new();
    if let Some(serde_yaml::Value::String(description)) = schema.get("description") {
        paragraphs.push(description.clone());
    }
    if !lines.is_empty() {
        paragraphs.push(lines.join("\n"));
    }
    if let Some(fallback) = fallback {
        paragraphs.push(text.fallback_note(fallback));
    }
    if !paragraphs.is_empty() {
        schema.insert("description", paragraphs.join("\n\n"));
    }
}

/// A default value, in the representation of its type: decimals as strings
/// with the type's scale, durations as ISO 8601, symbols as strings.
pub(crate) fn default_value(
    model: &Model,
    ty: &Type,
    value: &weft_model::Value,
    options: &Options,
) -> serde_yaml::Value {
    use serde_yaml::Value as Y;
    use weft_model::Value as V;
    let ty = options.aliases.underlying(model, ty.required());
    match value {
        V::Null => Y::Null,
        V::Bool(flag) => Y::Bool(*flag),
        V::Number(text) => match ty {
            Type::Decimal { scale, .. } => Y::String(decimal_text(text, *scale)),
            Type::String => Y::String(text.clone()),
            Type::Int32 | Type::Int64 => number(text, true),
            _ => number(text, false),
        },
        V::String(text) | V::Symbol(text) => Y::String(text.clone()),
        V::Duration(millis) => Y::String(iso_duration(*millis)),
        V::List(items) => {
            let item_type = match ty {
                Type::List(item) => item.as_ref(),
                _ => &Type::Unknown,
            };
            Y::Sequence(
                items
                    .iter()
                    .map(|item| default_value(model, item_type, item, options))
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
            let mut object = Obj::new();
            for (name, value) in fields {
                let field_type = record
                    .and_then(|record| record.field(name))
                    .map_or(&Type::Unknown, |field| &field.ty);
                object.insert(name, default_value(model, field_type, value, options));
            }
            object.into_value()
        }
    }
}

/// `propertyNames` for a map's key type: the key's own schema when it says
/// more than "a string".
fn property_names(model: &Model, key: &Type, refs: &mut dyn Refs) -> Option<Obj> {
    let aliases = refs.options().aliases;
    let key = aliases.strip(key);
    match aliases.underlying(model, key) {
        Type::String => match key {
            Type::Named(_) => Some(type_schema(model, key, refs)),
            _ => None,
        },
        Type::Int32 | Type::Int64 => Some(Obj::new().set("pattern", "^-?[0-9]+$")),
        Type::Named(id) => match model.types.get(id.index()).map(|decl| &decl.kind) {
            Some(TypeKind::Enum { .. }) => Some(type_schema(model, key, refs)),
            _ => None,
        },
        Type::Uuid | Type::Date => Some(type_schema(model, key, refs)),
        _ => None,
    }
}

/// A number as written: an integer when it is one, otherwise (unless an
/// integer is wanted) a float; the text itself when it is neither.
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

/// The JSON type of values of a type: `string`, `object`, ...
pub fn json_type(model: &Model, ty: &Type) -> Option<&'static str> {
    Some(match model.unaliased(ty) {
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
            let mut entries: Vec<(Option<&String>, &Value)> =
                map.iter().map(|(key, item)| (Some(key), item)).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            write_block(out, ('{', '}'), &entries, indent);
        }
        Value::Array(items) if !items.is_empty() => {
            let entries: Vec<(Option<&String>, &Value)> =
                items.iter().map(|item| (None, item)).collect();
            write_block(out, ('[', ']'), &entries, indent);
        }
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        Value::String(text) => out.push_str(&string_literal(text)),
        other => out.push_str(&other.to_string()),
    }
}

/// An object's entries (with keys) or an array's items (without), one a
/// line, between the brackets.
fn write_block(
    out: &mut String,
    (open, close): (char, char),
    entries: &[(Option<&String>, &Value)],
    indent: usize,
) {
    out.push(open);
    out.push('\n');
    for (index, (key, item)) in entries.iter().enumerate() {
        push_indent(out, indent + 1);
        if let Some(key) = key {
            out.push_str(&string_literal(key));
            out.push_str(": ");
        }
        write_value(out, item, indent + 1);
        if index + 1 < entries.len() {
            out.push(',');
        }
        out.push('\n');
    }
    push_indent(out, indent);
    out.push(close);
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
    use serde_json::json;

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
        let plain = nullable(type_schema(
            &Model::default(),
            &Type::String,
            &mut Defs::new(),
        ));
        assert_eq!(
            yaml::to_json(&plain.into_value()),
            json!({"type": ["string", "null"]})
        );
        let referenced = Obj::new().set("$ref", "#/$defs/X");
        assert_eq!(
            yaml::to_json(&nullable(referenced).into_value()),
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
