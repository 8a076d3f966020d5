//! The canonical schema of a data type: what schema compatibility compares.
//!
//! A [`Schema`] is independent of the resolved model: it has no ids and no
//! spans, only what decides whether data written with one schema can be read
//! with another — named records and enums (with their namespace and
//! aliases), fields with defaults, lists, maps, optional values and
//! primitives with their parameters and constraints. It is serde-serialisable
//! so that baselines and lock files can store published schemas, and other
//! schema languages (Avro, JSON Schema) can be converted into it.
//!
//! Type aliases are transparent: `Currency` is a `string` with the alias's
//! pattern and length, and a field's own constraints are merged in. `uuid`
//! is a `string` with the format `uuid`. A named record met again while it
//! is being expanded (a recursive type) becomes a [`Schema::Ref`] to its
//! qualified name instead of looping.

use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::sync::Arc;
use weft_model::{self as model, EventId, Model, Type, TypeId, TypeKind, Value};

/// A data type in canonical form.
// `remote = "Self"`: the derived (de)serialisation is `Schema::serialize`
// and `Schema::deserialize`; the trait impls below wrap it, so that
// canonical JSON can write a shared record's text once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", tag = "type", rename_all = "snake_case")]
pub enum Schema {
    /// `bool`.
    Bool,
    /// `int32`, with an inclusive range.
    Int32 {
        /// Inclusive minimum, as written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        minimum: Option<String>,
        /// Inclusive maximum, as written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        maximum: Option<String>,
    },
    /// `int64`, with an inclusive range.
    Int64 {
        /// Inclusive minimum, as written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        minimum: Option<String>,
        /// Inclusive maximum, as written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        maximum: Option<String>,
    },
    /// `float64`, with an inclusive range.
    Float64 {
        /// Inclusive minimum, as written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        minimum: Option<String>,
        /// Inclusive maximum, as written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        maximum: Option<String>,
    },
    /// `decimal(precision, scale)`, with an inclusive range.
    Decimal {
        /// Total digits.
        precision: u32,
        /// Digits after the point.
        scale: u32,
        /// Inclusive minimum, as written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        minimum: Option<String>,
        /// Inclusive maximum, as written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        maximum: Option<String>,
    },
    /// Text, with length, patterns and a format (`uuid`).
    String {
        /// Fewest characters.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_length: Option<u64>,
        /// Most characters.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_length: Option<u64>,
        /// Regular expressions the text must match (all of them).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        patterns: Vec<String>,
        /// A well-known format: `uuid`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        format: Option<String>,
    },
    /// Raw bytes, with a length.
    Bytes {
        /// Fewest bytes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_length: Option<u64>,
        /// Most bytes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_length: Option<u64>,
    },
    /// A calendar day.
    Date,
    /// An instant (or, with `local`, a wall-clock time without a zone).
    Timestamp {
        /// Precision.
        unit: TimeUnit,
        /// A local timestamp (Avro `local-timestamp-*`); weft timestamps are
        /// instants, schemas converted from other languages may be local.
        #[serde(default, skip_serializing_if = "is_false")]
        local: bool,
    },
    /// A length of time.
    Duration,
    /// A named record. Shared: the schemas of one model hold each
    /// declaration's expansion once, however many types reach it (issue 14,
    /// item 7: one copy per event version and operation grew faster than
    /// the model).
    Record(
        #[serde(
            serialize_with = "serialize_shared",
            deserialize_with = "deserialize_shared"
        )]
        Arc<RecordSchema>,
    ),
    /// A named enum. Shared like records: a cached expansion reached again
    /// is not copied symbol by symbol.
    Enum(
        #[serde(
            serialize_with = "serialize_shared",
            deserialize_with = "deserialize_shared"
        )]
        Arc<EnumSchema>,
    ),
    /// `list<T>`, with a size.
    List {
        /// The element schema.
        items: Box<Schema>,
        /// Fewest elements.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_items: Option<u64>,
        /// Most elements.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_items: Option<u64>,
    },
    /// `map<K, V>`.
    Map {
        /// The key schema.
        keys: Box<Schema>,
        /// The value schema.
        values: Box<Schema>,
    },
    /// `T?`: the value may be absent (Avro: a union with `null`).
    Optional {
        /// The schema of a present value.
        value: Box<Schema>,
    },
    /// A named record or enum defined further up (a recursive reference),
    /// by qualified name.
    Ref {
        /// `namespace.Name`.
        name: String,
    },
    /// A type that did not resolve: compatible with everything, so that one
    /// mistake does not cascade.
    Unknown,
}

impl Serialize for Schema {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Schema::Record(record) = self {
            if let Some(text) = crate::canonical::shared_text(record, self) {
                return crate::canonical::Raw(text).serialize(serializer);
            }
        }
        Schema::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Schema {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Schema, D::Error> {
        Schema::deserialize(deserializer)
    }
}

/// Precision of a timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeUnit {
    /// Milliseconds.
    #[serde(rename = "ms")]
    Millis,
    /// Microseconds.
    #[serde(rename = "us")]
    Micros,
    /// Nanoseconds.
    #[serde(rename = "ns")]
    Nanos,
}

impl TimeUnit {
    /// `ms`, `us` or `ns`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeUnit::Millis => "ms",
            TimeUnit::Micros => "us",
            TimeUnit::Nanos => "ns",
        }
    }
}

/// A named record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordSchema {
    /// Its unqualified name (readers match named types by it).
    pub name: String,
    /// Its package (Avro namespace).
    #[serde(default)]
    pub namespace: String,
    /// Earlier names (`@alias`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Documentation.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc: String,
    /// `@deprecated` reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    /// Fields in declaration order.
    pub fields: Vec<FieldSchema>,
    /// Names of removed fields that must not come back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reserved: Vec<String>,
    /// Written inline (an event version's `{ fields }`) rather than named.
    #[serde(default, skip_serializing_if = "is_false")]
    pub inline: bool,
}

impl RecordSchema {
    /// `namespace.name`.
    pub fn qualified(&self) -> String {
        qualify(&self.namespace, &self.name)
    }

    /// The field with this name.
    pub fn field(&self, name: &str) -> Option<&FieldSchema> {
        self.fields.iter().find(|field| field.name == name)
    }
}

/// One field of a record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldSchema {
    /// Its name.
    pub name: String,
    /// Its schema ([`Schema::Optional`] when it may be absent).
    pub schema: Schema,
    /// The default as written (`Some(Null)` for an explicit `= null`);
    /// optional fields without one default to null implicitly.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "present"
    )]
    pub default: Option<serde_json::Value>,
    /// Earlier names (`@alias`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Documentation.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc: String,
    /// `@deprecated` reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    /// `@pii`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pii: bool,
}

impl FieldSchema {
    /// A field with nothing but its name and schema (no default, alias,
    /// doc, deprecation or `@pii`).
    pub fn new(name: impl Into<String>, schema: Schema) -> FieldSchema {
        FieldSchema {
            name: name.into(),
            schema,
            default: None,
            aliases: Vec::new(),
            doc: String::new(),
            deprecated: None,
            pii: false,
        }
    }

    /// Whether the value may be absent.
    pub fn is_optional(&self) -> bool {
        matches!(self.schema, Schema::Optional { .. })
    }

    /// The value readers fill in when data lacks the field: the default as
    /// written, or null for an optional field.
    pub fn effective_default(&self) -> Option<serde_json::Value> {
        match (&self.default, self.is_optional()) {
            (Some(value), _) => Some(value.clone()),
            (None, true) => Some(serde_json::Value::Null),
            (None, false) => None,
        }
    }
}

/// A named enum.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnumSchema {
    /// Its unqualified name.
    pub name: String,
    /// Its package (Avro namespace).
    #[serde(default)]
    pub namespace: String,
    /// Earlier names (`@alias`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Documentation.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub doc: String,
    /// The symbols in order.
    pub symbols: Vec<String>,
    /// `@fallback`: what readers map unknown symbols to (Avro enum default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
}

impl EnumSchema {
    /// `namespace.name`.
    pub fn qualified(&self) -> String {
        qualify(&self.namespace, &self.name)
    }
}

fn is_false(value: &bool) -> bool {
    !*value
}

// Serialised as the record itself: the sharing is not part of the format
// (lock files and fingerprints hold the expanded schema).
fn serialize_shared<S: Serializer, T: Serialize>(
    shared: &Arc<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    shared.as_ref().serialize(serializer)
}

fn deserialize_shared<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Arc<T>, D::Error> {
    T::deserialize(deserializer).map(Arc::new)
}

/// Keeps an explicit JSON `null` as `Some(Null)`.
fn present<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<serde_json::Value>, D::Error> {
    serde_json::Value::deserialize(deserializer).map(Some)
}

pub(crate) fn qualify(namespace: &str, name: &str) -> String {
    if namespace.is_empty() {
        name.to_string()
    } else {
        format!("{namespace}.{name}")
    }
}

impl Schema {
    /// The schema without its optional marker.
    pub fn required(&self) -> &Schema {
        match self {
            Schema::Optional { value } => value.required(),
            other => other,
        }
    }

    /// How the type is written in weft, for messages: `int64`,
    /// `decimal(19, 4)`, `list<Money>`, `string?`. Constraints are left out.
    pub fn display(&self) -> String {
        match self {
            Schema::Bool => "bool".into(),
            Schema::Int32 { .. } => "int32".into(),
            Schema::Int64 { .. } => "int64".into(),
            Schema::Float64 { .. } => "float64".into(),
            Schema::Decimal {
                precision, scale, ..
            } => format!("decimal({precision}, {scale})"),
            Schema::String { format, .. } => match format.as_deref() {
                Some("uuid") => "uuid".into(),
                _ => "string".into(),
            },
            Schema::Bytes { .. } => "bytes".into(),
            Schema::Date => "date".into(),
            Schema::Timestamp { unit, local } => {
                let local = if *local { "local " } else { "" };
                match unit {
                    TimeUnit::Millis => format!("{local}timestamp"),
                    other => format!("{local}timestamp({})", other.as_str()),
                }
            }
            Schema::Duration => "duration".into(),
            Schema::Record(record) => record.name.clone(),
            Schema::Enum(enumeration) => enumeration.name.clone(),
            Schema::List { items, .. } => format!("list<{}>", items.display()),
            Schema::Map { keys, values } => {
                format!("map<{}, {}>", keys.display(), values.display())
            }
            Schema::Optional { value } => format!("{}?", value.display()),
            Schema::Ref { name } => name.rsplit('.').next().unwrap_or(name).to_string(),
            Schema::Unknown => "an unresolved type".into(),
        }
    }

    /// The named records and enums of this schema by qualified name (their
    /// first, complete occurrence), for resolving [`Schema::Ref`]s.
    pub fn definitions(&self) -> std::collections::BTreeMap<String, &Schema> {
        let mut found = std::collections::BTreeMap::new();
        self.collect_definitions(&mut found);
        found
    }

    fn collect_definitions<'a>(
        &'a self,
        found: &mut std::collections::BTreeMap<String, &'a Schema>,
    ) {
        match self {
            Schema::Record(record) if !found.contains_key(&record.qualified()) => {
                found.insert(record.qualified(), self);
                for field in &record.fields {
                    field.schema.collect_definitions(found);
                }
            }
            Schema::Enum(enumeration) => {
                found.entry(enumeration.qualified()).or_insert(self);
            }
            Schema::List { items, .. } => items.collect_definitions(found),
            Schema::Map { keys, values } => {
                keys.collect_definitions(found);
                values.collect_definitions(found);
            }
            Schema::Optional { value } => value.collect_definitions(found),
            _ => {}
        }
    }
}

/// The most nested records and aliases expanded before giving up (resolution
/// already refuses alias cycles; this keeps a broken model from recursing).
const MAX_DEPTH: usize = 128;

/// The most records and enums one schema expands in full. Shared records
/// are expanded at every use so that each path compares on its own; this
/// bound keeps a pathological model (records sharing records sharing
/// records, many levels deep) from exploding — past it, uses become
/// [`Schema::Ref`]s to their first definition.
const MAX_EXPANSIONS: usize = 10_000;

/// The canonical schema of a resolved type.
pub fn from_model(model: &Model, ty: &Type) -> Schema {
    Expander::new(model, Docs::Keep).schema(ty)
}

/// The schema of an event version's payload. The root record is named after
/// the event (in the event's package), whatever the payload record is
/// called: versions written inline are synthesised as `EventV2`, and
/// versions naming records (`version 2 = OrderV2`) may use any name, yet all
/// of them are the same subject (a named payload's own name becomes an
/// alias). Its doc is the event's: version docs describe the version, not
/// the data. `None` if the event has no such version.
pub fn event_version_schema(model: &Model, event: EventId, version: u32) -> Option<Schema> {
    Expander::new(model, Docs::Keep).event_version(event, version)
}

/// Whether expanded schemas keep documentation and deprecation notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Docs {
    /// Keep them (what compatibility messages and doc changes need).
    Keep,
    /// Leave them out, as lock files do (the published contract).
    Drop,
}

/// Expands the types of one model into schemas, each declaration once: a
/// record's expansion is shared (an [`Arc`]) by every schema that reaches
/// it, so that the schemas of all event versions and operations of a model
/// take memory linear in the model (issue 14, item 7: a record at the end
/// of a chain of references was copied once per contract reaching it).
///
/// The result is exactly what expanding each type on its own gives: an
/// expansion is reused only where it does not depend on where it was made
/// (it met no recursion back into the types around it, no depth limit and
/// no exhausted budget), and a reuse still counts against the budget of
/// the schema being built.
pub struct Expander<'m> {
    model: &'m Model,
    docs: Docs,
    cache: HashMap<TypeId, Cached>,
    expansions: usize,
}

/// A declaration's expansion, reusable anywhere.
struct Cached {
    schema: Schema,
    /// Expansions it took from the budget (its own and its nested ones).
    consumed: usize,
    /// How many declarations deep it nests below itself.
    height: usize,
}

impl<'m> Expander<'m> {
    /// An expander of `model`'s types, with or without documentation.
    pub fn new(model: &'m Model, docs: Docs) -> Expander<'m> {
        Expander {
            model,
            docs,
            cache: HashMap::default(),
            expansions: 0,
        }
    }

    /// The canonical schema of a resolved type (see [`from_model`]).
    pub fn schema(&mut self, ty: &Type) -> Schema {
        Builder {
            expander: self,
            stack: Vec::new(),
            budget: MAX_EXPANSIONS,
            lowest: usize::MAX,
            deepest: 0,
        }
        .schema(ty)
    }

    /// The schema of an event version's payload (see
    /// [`event_version_schema`]).
    pub fn event_version(&mut self, event: EventId, version: u32) -> Option<Schema> {
        let model = self.model;
        let decl = model.events.get(event.index())?;
        let found = decl.version(version)?;
        let payload = model.types.get(found.payload.index())?;
        let inline = payload.name.span == found.meta.span
            && payload
                .name
                .name
                .strip_prefix(decl.name.name.as_str())
                .and_then(|rest| rest.strip_prefix('V'))
                .is_some_and(|number| is_decimal_of(number, version));
        let cached = self.cache.contains_key(&found.payload);
        let schema = self.schema(&Type::Named(found.payload));
        if inline && !cached {
            // An inline payload is this version's own record: no other type
            // reaches it, and the expansion just cached would make the
            // renaming below copy the whole record.
            self.cache.remove(&found.payload);
        }
        match schema {
            Schema::Record(mut shared) => {
                let record = Arc::make_mut(&mut shared);
                if !inline && record.name != decl.name.name {
                    record.aliases.push(record.name.clone());
                }
                record.name = decl.name.name.to_string();
                record.namespace = decl.name.package.to_string();
                record.inline = inline;
                record.doc = match self.docs {
                    Docs::Keep => decl.meta.doc.clone(),
                    Docs::Drop => String::new(),
                };
                Some(Schema::Record(shared))
            }
            other => Some(other),
        }
    }

    /// How many records and enums were expanded field by field (not reused):
    /// linear in the model however many schemas reach them; tests hold it.
    pub fn expansions(&self) -> usize {
        self.expansions
    }
}

struct Builder<'e, 'm> {
    expander: &'e mut Expander<'m>,
    stack: Vec<TypeId>,
    /// Named records and enums still to expand; past it, references.
    budget: usize,
    /// The lowest stack position the expansion so far depended on (a
    /// recursive reference to it, or a limit met: 0); an expansion that
    /// depended on nothing below its own position can be reused anywhere.
    lowest: usize,
    /// The deepest stack the expansion so far reached.
    deepest: usize,
}

impl Builder<'_, '_> {
    fn text(&self, text: &str) -> String {
        match self.expander.docs {
            Docs::Keep => text.to_string(),
            Docs::Drop => String::new(),
        }
    }

    fn note(&self, note: &Option<String>) -> Option<String> {
        match self.expander.docs {
            Docs::Keep => note.clone(),
            Docs::Drop => None,
        }
    }

    fn schema(&mut self, ty: &Type) -> Schema {
        match ty {
            Type::Bool => Schema::Bool,
            Type::Int32 => Schema::Int32 {
                minimum: None,
                maximum: None,
            },
            Type::Int64 => Schema::Int64 {
                minimum: None,
                maximum: None,
            },
            Type::Float64 => Schema::Float64 {
                minimum: None,
                maximum: None,
            },
            Type::Decimal { precision, scale } => Schema::Decimal {
                precision: *precision,
                scale: *scale,
                minimum: None,
                maximum: None,
            },
            Type::String => string(None),
            Type::Uuid => string(Some("uuid")),
            Type::Bytes => Schema::Bytes {
                min_length: None,
                max_length: None,
            },
            Type::Date => Schema::Date,
            Type::Timestamp(unit) => Schema::Timestamp {
                unit: match unit {
                    model::TimeUnit::Millis => TimeUnit::Millis,
                    model::TimeUnit::Micros => TimeUnit::Micros,
                    model::TimeUnit::Nanos => TimeUnit::Nanos,
                },
                local: false,
            },
            Type::Duration => Schema::Duration,
            Type::List(items) => Schema::List {
                items: Box::new(self.schema(items)),
                min_items: None,
                max_items: None,
            },
            Type::Map(map) => Schema::Map {
                keys: Box::new(self.schema(&map.0)),
                values: Box::new(self.schema(&map.1)),
            },
            Type::Optional(value) => match self.schema(value) {
                already @ Schema::Optional { .. } => already,
                value => Schema::Optional {
                    value: Box::new(value),
                },
            },
            Type::Named(id) => self.named(*id),
            Type::Unknown => Schema::Unknown,
        }
    }

    fn named(&mut self, id: TypeId) -> Schema {
        let model = self.expander.model;
        let Some(def) = model.types.get(id.index()) else {
            return Schema::Unknown;
        };
        if let Some(position) = self.stack.iter().position(|open| *open == id) {
            self.lowest = self.lowest.min(position);
            return match def.kind {
                TypeKind::Alias { .. } => Schema::Unknown,
                _ => Schema::Ref {
                    name: def.name.qualified(),
                },
            };
        }
        let depth = self.stack.len();
        self.deepest = self.deepest.max(depth);
        if depth >= MAX_DEPTH {
            self.lowest = 0;
            return Schema::Unknown;
        }
        if let Some(cached) = self.expander.cache.get(&id) {
            if self.budget >= cached.consumed && depth + cached.height < MAX_DEPTH {
                self.budget -= cached.consumed;
                self.deepest = self.deepest.max(depth + cached.height);
                return cached.schema.clone();
            }
        }
        let budget_before = self.budget;
        if !matches!(def.kind, TypeKind::Alias { .. }) {
            if self.budget == 0 {
                self.lowest = 0;
                return Schema::Ref {
                    name: def.name.qualified(),
                };
            }
            self.budget -= 1;
            self.expander.expansions += 1;
        }
        let (outer_lowest, outer_deepest) = (self.lowest, self.deepest);
        self.lowest = usize::MAX;
        self.deepest = depth;
        self.stack.push(id);
        let schema = match &def.kind {
            TypeKind::Alias {
                target,
                constraints,
            } => {
                let target = self.schema(target);
                constrain(target, constraints)
            }
            TypeKind::Enum { symbols, fallback } => Schema::Enum(Arc::new(EnumSchema {
                name: def.name.name.to_string(),
                namespace: def.name.package.to_string(),
                aliases: owned(&def.meta.aliases),
                doc: self.text(&def.meta.doc),
                symbols: symbols
                    .iter()
                    .map(|symbol| symbol.name.to_string())
                    .collect(),
                fallback: fallback.as_ref().map(ToString::to_string),
            })),
            TypeKind::Record(record) => Schema::Record(Arc::new(RecordSchema {
                name: def.name.name.to_string(),
                namespace: def.name.package.to_string(),
                aliases: owned(&def.meta.aliases),
                doc: self.text(&def.meta.doc),
                deprecated: self.note(&def.meta.deprecated),
                fields: record
                    .fields
                    .iter()
                    .map(|field| FieldSchema {
                        name: field.name.to_string(),
                        schema: {
                            let schema = self.schema(&field.ty);
                            constrain(schema, field.constraints())
                        },
                        default: field.default().map(json),
                        aliases: owned(field.aliases()),
                        doc: self.text(&field.meta.doc),
                        deprecated: self.note(&field.meta.deprecated),
                        pii: field.pii(),
                    })
                    .collect(),
                reserved: owned(&record.reserved),
                inline: false,
            })),
        };
        self.stack.pop();
        if self.lowest >= depth {
            self.expander.cache.insert(
                id,
                Cached {
                    schema: schema.clone(),
                    consumed: budget_before - self.budget,
                    height: self.deepest - depth,
                },
            );
        }
        self.lowest = outer_lowest.min(self.lowest);
        self.deepest = outer_deepest.max(self.deepest);
        schema
    }
}

/// Whether `text` is `number` as `{number}` writes it (no sign, no
/// leading zero).
fn is_decimal_of(text: &str, number: u32) -> bool {
    text.bytes().all(|byte| byte.is_ascii_digit())
        && (text.len() == 1 || !text.starts_with('0'))
        && text.parse() == Ok(number)
}

/// The model's names as the owned strings of the schema types.
fn owned(names: &[impl ToString]) -> Vec<String> {
    names.iter().map(ToString::to_string).collect()
}

fn string(format: Option<&str>) -> Schema {
    Schema::String {
        min_length: None,
        max_length: None,
        patterns: Vec::new(),
        format: format.map(str::to_string),
    }
}

/// A default value as JSON. Numbers become JSON numbers where they fit, and
/// stay strings (as written) where they do not.
pub fn json(value: &Value) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(flag) => serde_json::Value::Bool(*flag),
        Value::Number(text) => {
            if let Ok(whole) = text.parse::<i64>() {
                serde_json::Value::from(whole)
            } else if let Some(number) = text
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
            {
                serde_json::Value::Number(number)
            } else {
                serde_json::Value::String(text.clone())
            }
        }
        Value::String(text) => serde_json::Value::String(text.clone()),
        Value::Duration(millis) => serde_json::Value::from(*millis),
        Value::Symbol(symbol) => serde_json::Value::String(symbol.clone()),
        Value::List(items) => serde_json::Value::Array(items.iter().map(json).collect()),
        Value::Record(fields) => serde_json::Value::Object(
            fields
                .iter()
                .map(|(name, value)| (name.clone(), json(value)))
                .collect(),
        ),
    }
}

/// Applies constraints to a schema (through an optional marker): both the
/// existing ones and the new ones hold, so the tighter bound wins.
/// Merges a field's own constraints into its type's schema; both hold, so
/// the tighter bound wins.
pub fn constrain(schema: Schema, constraints: &model::Constraints) -> Schema {
    if constraints.is_empty() {
        return schema;
    }
    match schema {
        Schema::Optional { value } => Schema::Optional {
            value: Box::new(constrain(*value, constraints)),
        },
        Schema::String {
            min_length,
            max_length,
            mut patterns,
            format,
        } => {
            if let Some(pattern) = &constraints.pattern {
                if !patterns.contains(pattern) {
                    patterns.push(pattern.clone());
                }
            }
            Schema::String {
                min_length: tighter_min(min_length, constraints.min_length),
                max_length: tighter_max(max_length, constraints.max_length),
                patterns,
                format,
            }
        }
        Schema::Bytes {
            min_length,
            max_length,
        } => Schema::Bytes {
            min_length: tighter_min(min_length, constraints.min_length),
            max_length: tighter_max(max_length, constraints.max_length),
        },
        Schema::List {
            items,
            min_items,
            max_items,
        } => Schema::List {
            items,
            min_items: tighter_min(min_items, constraints.min_length),
            max_items: tighter_max(max_items, constraints.max_length),
        },
        Schema::Int32 { minimum, maximum } => {
            let (minimum, maximum) = range(minimum, maximum, constraints);
            Schema::Int32 { minimum, maximum }
        }
        Schema::Int64 { minimum, maximum } => {
            let (minimum, maximum) = range(minimum, maximum, constraints);
            Schema::Int64 { minimum, maximum }
        }
        Schema::Float64 { minimum, maximum } => {
            let (minimum, maximum) = range(minimum, maximum, constraints);
            Schema::Float64 { minimum, maximum }
        }
        Schema::Decimal {
            precision,
            scale,
            minimum,
            maximum,
        } => {
            let (minimum, maximum) = range(minimum, maximum, constraints);
            Schema::Decimal {
                precision,
                scale,
                minimum,
                maximum,
            }
        }
        other => other,
    }
}

fn tighter_min(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn tighter_max(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn range(
    minimum: Option<String>,
    maximum: Option<String>,
    constraints: &model::Constraints,
) -> (Option<String>, Option<String>) {
    let minimum = match (minimum, constraints.minimum.clone()) {
        (Some(a), Some(b)) => Some(if compare_numbers(&a, &b).is_lt() {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    };
    let maximum = match (maximum, constraints.maximum.clone()) {
        (Some(a), Some(b)) => Some(if compare_numbers(&a, &b).is_gt() {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    };
    (minimum, maximum)
}

/// Compares two numbers written in decimal notation (`-12`, `0.5`, `100`)
/// exactly, without going through floating point. Text that is not such a
/// number compares by its `f64` value.
pub fn compare_numbers(a: &str, b: &str) -> std::cmp::Ordering {
    match (Decimal::parse(a), Decimal::parse(b)) {
        (Some(a), Some(b)) => a.cmp(&b),
        _ => {
            let a = a.trim().parse::<f64>().unwrap_or(0.0);
            let b = b.trim().parse::<f64>().unwrap_or(0.0);
            a.partial_cmp(&b).unwrap_or(std::cmp::Ordering::Equal)
        }
    }
}

/// A decimal number as sign, integer digits and fraction digits (both
/// without insignificant zeros).
#[derive(PartialEq, Eq)]
struct Decimal {
    negative: bool,
    integer: String,
    fraction: String,
}

impl Decimal {
    fn parse(text: &str) -> Option<Decimal> {
        let text = text.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (integer, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if integer.is_empty()
            || !integer.bytes().all(|byte| byte.is_ascii_digit())
            || !fraction.bytes().all(|byte| byte.is_ascii_digit())
        {
            return None;
        }
        let integer = integer.trim_start_matches('0').to_string();
        let fraction = fraction.trim_end_matches('0').to_string();
        let zero = integer.is_empty() && fraction.is_empty();
        Some(Decimal {
            negative: negative && !zero,
            integer,
            fraction,
        })
    }

    fn cmp_magnitude(&self, other: &Decimal) -> std::cmp::Ordering {
        self.integer
            .len()
            .cmp(&other.integer.len())
            .then_with(|| self.integer.cmp(&other.integer))
            .then_with(|| self.fraction.cmp(&other.fraction))
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> std::cmp::Ordering {
        match (self.negative, other.negative) {
            (false, true) => std::cmp::Ordering::Greater,
            (true, false) => std::cmp::Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_exactly() {
        use std::cmp::Ordering::*;
        assert_eq!(compare_numbers("10", "9"), Greater);
        assert_eq!(compare_numbers("-10", "-9"), Less);
        assert_eq!(compare_numbers("0.50", "0.5"), Equal);
        assert_eq!(compare_numbers("-0", "0"), Equal);
        assert_eq!(
            compare_numbers("99999999999999999999", "99999999999999999998"),
            Greater
        );
        assert_eq!(compare_numbers("0.1", "0.09"), Greater);
    }

    #[test]
    fn explicit_null_default_survives_a_round_trip() {
        let field = FieldSchema {
            name: "note".into(),
            schema: Schema::Optional {
                value: Box::new(string(None)),
            },
            default: Some(serde_json::Value::Null),
            aliases: Vec::new(),
            doc: String::new(),
            deprecated: None,
            pii: false,
        };
        let text = serde_json::to_string(&field).expect("serialises");
        let back: FieldSchema = serde_json::from_str(&text).expect("deserialises");
        assert_eq!(back, field);
    }
}
