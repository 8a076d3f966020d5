//! Resolved weft types as Apache Avro 1.11 schemas (JSON form). One
//! [`Writer`] builds one `.avsc` file: every record and enum is defined in
//! full where it is first met and referred to by its full name
//! (`namespace.Name`) afterwards, as Avro requires.
//!
//! A union's default must match its first branch, and Avro applies that to
//! defaults inside record and list defaults too. A record is defined once per
//! file and shared by every default that gives it a value, so the writer first
//! collects every default the file writes ([`Writer::schema`]), then orders
//! each union (`T?`) after the branch its defaults take: `["null", T]` when
//! they are null or there are none, `[T, "null"]` when they are values. A
//! union given both is a problem: no Avro 1.11 schema holds those defaults.
//!
//! Every default the model declares is written exactly or the file is
//! refused: a schema without a default the model has would make adding the
//! field incompatible in Schema Registry while `weft compat` calls it
//! compatible, and would leave readers without the value.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::epoch::{epoch_count, epoch_days, Unreadable};
use crate::json_schema::iso_duration;
use crate::openapi::text::markdown;
use serde_json::{json, Map, Value};
use weft_base::Span;
use weft_model::{Field, Meta, Model, TimeUnit, Type, TypeId, TypeKind, Value as Constant};

/// The names of Avro's primitive types, which no record or enum may take
/// (in any namespace).
const PRIMITIVES: [&str; 8] = [
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];

/// What a name names: Avro's rules differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NameRule {
    /// A field's name or alias, an enum symbol, a namespace segment:
    /// `[A-Za-z_][A-Za-z0-9_]*`.
    Simple,
    /// A record's or enum's name: a simple name that is not a primitive's.
    Type,
    /// A record's or enum's alias: a full name (simple names joined by `.`)
    /// whose last name is not a primitive's.
    TypeAlias,
}

/// A step from a type down into the type it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    /// A list's items.
    Item,
    /// A map's values.
    Value,
}

/// Where a type sits in a file: in the type of a record's field (by index),
/// or in the file's root type (`None`), and the steps down to it. A union's
/// place is what its defaults are collected by; aliases are transparent.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    field: Option<(TypeId, usize)>,
    path: Vec<Step>,
}

impl Place {
    const ROOT: Place = Place {
        field: None,
        path: Vec::new(),
    };

    fn field(record: TypeId, index: usize) -> Place {
        Place {
            field: Some((record, index)),
            path: Vec::new(),
        }
    }

    fn step(&self, step: Step) -> Place {
        let mut path = self.path.clone();
        path.push(step);
        Place {
            field: self.field,
            path,
        }
    }
}

/// The branch of a union a default takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Branch {
    Null,
    Value,
}

/// Something Avro refuses in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What and why, naming the model's names.
    pub message: String,
    /// For a default without an Avro form: the field that declares it, from
    /// its name to the end of the default (the model keeps no span of the
    /// default alone).
    pub span: Option<Span>,
}

impl From<String> for Problem {
    fn from(message: String) -> Problem {
        Problem {
            message,
            span: None,
        }
    }
}

impl From<&str> for Problem {
    fn from(message: &str) -> Problem {
        Problem::from(message.to_string())
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Why a default has no Avro form.
#[derive(Debug)]
enum Unwritable {
    /// The constant written at this field, and the reason.
    Here(String),
    /// The own default of a field inside a record default: reported at that
    /// field, where it is written.
    Inner,
}

/// The defaults a file writes into one union: the first field whose default
/// takes each branch (for the message when both are taken).
#[derive(Debug, Default)]
struct Defaults {
    null: Option<String>,
    value: Option<String>,
}

/// Builds the schema of one `.avsc` file.
pub struct Writer<'m> {
    model: &'m Model,
    defined: BTreeSet<String>,
    /// The branches the file's defaults take in each union.
    unions: BTreeMap<Place, Defaults>,
    /// Optional fields whose own non-null default cannot be written: they
    /// keep `[T, "null"]` unless another default says otherwise.
    value_first: BTreeSet<Place>,
    /// What Avro refuses (invalid names, unions whose defaults disagree,
    /// defaults without an Avro form), with where it is (one each); the
    /// target refuses the file when any.
    pub problems: Vec<Problem>,
}

/// The default a field writes: its own, or null for an optional field
/// without one.
fn own_default(field: &Field) -> Option<&Constant> {
    static NULL: Constant = Constant::Null;
    field
        .default()
        .or_else(|| field.ty.is_optional().then_some(&NULL))
}

impl<'m> Writer<'m> {
    /// A writer for a fresh file (no named type defined yet).
    pub fn new(model: &'m Model) -> Writer<'m> {
        Writer {
            model,
            defined: BTreeSet::new(),
            unions: BTreeMap::new(),
            value_first: BTreeSet::new(),
            problems: Vec::new(),
        }
    }

    /// The schema of a file whose root is `ty`: call it once per writer.
    pub fn schema(&mut self, ty: &Type) -> Value {
        self.collect_defaults(ty);
        self.write(ty, &Place::ROOT)
    }

    /// Every default the file will write (those of every record it defines)
    /// by the union it lands in, and a problem for each union whose defaults
    /// take both branches.
    fn collect_defaults(&mut self, root: &Type) {
        for id in self.model.reachable_types([root]) {
            let Some(decl) = self.model.types.get(id.index()) else {
                continue;
            };
            let TypeKind::Record(record) = &decl.kind else {
                continue;
            };
            for (index, field) in record.fields.iter().enumerate() {
                let Some(value) = own_default(field) else {
                    continue;
                };
                let place = Place::field(id, index);
                let mut taken = Vec::new();
                let by = format!("{}.{}", decl.name.qualified(), field.name);
                if let Err(unwritable) = self.default(&field.ty, value, &place, &mut taken) {
                    // Only a value can fail to be written, and the field
                    // keeps the order its model default asks for.
                    if field.ty.is_optional() {
                        self.value_first.insert(place);
                    }
                    if let Unwritable::Here(reason) = unwritable {
                        self.problems.push(Problem {
                            message: format!(
                                "the default of `{by}` has no exact Avro form: {reason}"
                            ),
                            span: Some(Span {
                                file: field.name_span.file,
                                start: field.name_span.start,
                                end: field.meta.span.end.max(field.name_span.end),
                            }),
                        });
                    }
                    continue;
                }
                for (place, branch) in taken {
                    let defaults = self.unions.entry(place).or_default();
                    let first = match branch {
                        Branch::Null => &mut defaults.null,
                        Branch::Value => &mut defaults.value,
                    };
                    first.get_or_insert_with(|| by.clone());
                }
            }
        }
        let mut problems = Vec::new();
        for (place, defaults) in &self.unions {
            let (Some(null), Some(value)) = (&defaults.null, &defaults.value) else {
                continue;
            };
            let whose = if null == value {
                format!("the default of `{null}` holds both null and a value")
            } else {
                format!(
                    "the default of `{null}` makes it null and the default of `{value}` gives it a value"
                )
            };
            problems.push(format!(
                "Avro 1.11 reads a union's default, inside record and list defaults too, as its first branch, so no order of the union of {} holds its defaults: {whose}; make them all null or all values",
                self.describe(place)
            ));
        }
        self.problems
            .extend(problems.into_iter().map(Problem::from));
    }

    /// A union's place for messages: "the items of `pkg.Record.field`".
    fn describe(&self, place: &Place) -> String {
        let field = place.field.and_then(|(record, index)| {
            let decl = self.model.types.get(record.index())?;
            let TypeKind::Record(record) = &decl.kind else {
                return None;
            };
            let field = record.fields.get(index)?;
            Some(format!("`{}.{}`", decl.name.qualified(), field.name))
        });
        let mut text = field.unwrap_or_else(|| "the schema".into());
        for step in &place.path {
            text = match step {
                Step::Item => format!("the items of {text}"),
                Step::Value => format!("the values of {text}"),
            };
        }
        text
    }

    /// The schema of `ty`, which sits at `place`.
    fn write(&mut self, ty: &Type, place: &Place) -> Value {
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
            Type::List(item) => {
                json!({"type": "array", "items": self.write(item, &place.step(Step::Item))})
            }
            // Avro map keys are always strings.
            Type::Map(map) => {
                json!({"type": "map", "values": self.write(&map.1, &place.step(Step::Value))})
            }
            Type::Optional(inner) => {
                let inner = self.write(inner.required(), place);
                if self.value_first(place) {
                    json!([inner, "null"])
                } else {
                    json!(["null", inner])
                }
            }
            Type::Named(id) => self.named(*id, place),
            Type::Unknown => {
                self.problems
                    .push("a type that did not resolve has no Avro schema".into());
                "null".into()
            }
        }
    }

    /// Whether the union at `place` puts its value branch first: when the
    /// defaults written into it are values (a union given both is already a
    /// problem), or, with none written, when its field's model default is a
    /// value.
    fn value_first(&self, place: &Place) -> bool {
        match self.unions.get(place) {
            Some(defaults) => defaults.null.is_none(),
            None => self.value_first.contains(place),
        }
    }

    fn named(&mut self, id: TypeId, place: &Place) -> Value {
        let Some(decl) = self.model.types.get(id.index()) else {
            self.problems.push("a type that does not exist".into());
            return "null".into();
        };
        if let TypeKind::Alias { target, .. } = &decl.kind {
            // Avro has no aliases of types: the alias is its target (its
            // constraints are not expressible).
            return self.write(target, place);
        }
        let full = decl.name.qualified();
        if !self.defined.insert(full.clone()) {
            return full.into();
        }
        self.check_name(&decl.name.name, NameRule::Type, &full);
        for segment in decl.name.package.split('.').filter(|s| !s.is_empty()) {
            self.check_name(
                segment,
                NameRule::Simple,
                &format!("the namespace of {full}"),
            );
        }
        for alias in &decl.meta.aliases {
            self.check_name(alias, NameRule::TypeAlias, &format!("an alias of {full}"));
        }
        let mut schema = Map::new();
        match &decl.kind {
            TypeKind::Enum { symbols, fallback } => {
                schema.insert("type".into(), "enum".into());
                named_header(&mut schema, &decl.name.name, &decl.name.package, &decl.meta);
                for symbol in symbols {
                    self.check_name(
                        &symbol.name,
                        NameRule::Simple,
                        &format!("a symbol of {full}"),
                    );
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
                    .enumerate()
                    .map(|(index, field)| self.field(field, &full, &Place::field(id, index)))
                    .collect();
                schema.insert("fields".into(), fields.into());
            }
            TypeKind::Alias { .. } => {}
        }
        Value::Object(schema)
    }

    fn field(&mut self, field: &Field, owner: &str, place: &Place) -> Value {
        self.check_name(
            &field.name,
            NameRule::Simple,
            &format!("a field of {owner}"),
        );
        for alias in field.aliases() {
            self.check_name(
                alias,
                NameRule::Simple,
                &format!("an alias of the field {owner}.{}", field.name),
            );
        }
        let mut out = Map::new();
        out.insert("name".into(), field.name.to_string().into());
        let schema = self.write(&field.ty, place);
        out.insert("type".into(), schema);
        if let Some(doc) = doc(&field.meta) {
            out.insert("doc".into(), doc.into());
        }
        // A default that cannot be written is already a problem.
        if let Some(value) = own_default(field)
            .and_then(|value| self.default(&field.ty, value, place, &mut Vec::new()).ok())
        {
            out.insert("default".into(), value);
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

    /// A default in Avro's JSON form for `ty` at `place`, with the branch it
    /// takes in every union on the way into `taken`, or why Avro's form
    /// cannot hold the model's constant exactly. Avro writes a union's
    /// default as its branch's value, so the value does not depend on the
    /// union's order.
    fn default(
        &self,
        ty: &Type,
        value: &Constant,
        place: &Place,
        taken: &mut Vec<(Place, Branch)>,
    ) -> Result<Value, Unwritable> {
        let here = |reason: String| Err(Unwritable::Here(reason));
        Ok(match (ty, value) {
            (Type::Optional(_), Constant::Null) => {
                taken.push((place.clone(), Branch::Null));
                Value::Null
            }
            (Type::Optional(inner), value) => {
                let value = self.default(inner.required(), value, place, taken)?;
                taken.push((place.clone(), Branch::Value));
                value
            }
            (_, Constant::Bool(b)) => Value::Bool(*b),
            (Type::Int32 | Type::Int64, Constant::Number(n)) => match n.parse::<i64>() {
                Ok(number) => number.into(),
                Err(_) => return here(format!("{n} is not a whole number a `long` holds")),
            },
            // `json!` would turn an infinite number into null.
            (Type::Float64, Constant::Number(n)) => {
                match n.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
                    Some(number) => Value::Number(number),
                    None => return here(format!("{n} is not a finite `double`")),
                }
            }
            (Type::Decimal { scale, .. }, Constant::Number(n)) => match decimal_bytes(n, *scale) {
                Some(bytes) => Value::String(bytes),
                None => return here(format!("{n} is not a decimal of scale {scale}")),
            },
            (Type::Bytes, Constant::String(text)) => match base64_bytes(text) {
                Some(bytes) => Value::String(bytes),
                None => return here(format!("\"{text}\" is not base64")),
            },
            (Type::Duration, Constant::Duration(millis)) => iso_duration(*millis).into(),
            (Type::Date, Constant::String(text)) => match epoch_days(text) {
                Some(days) => days.into(),
                None => return here(format!("\"{text}\" is not a date of the calendar")),
            },
            (Type::Timestamp(unit), Constant::String(text)) => match epoch_count(text, *unit) {
                Ok(count) => count.into(),
                Err(why) => return here(timestamp_reason(text, *unit, why)),
            },
            (Type::String | Type::Uuid, Constant::String(s)) => s.clone().into(),
            (Type::Named(id), value) => {
                let Some(decl) = self.model.types.get(id.index()) else {
                    return here("its type does not exist".into());
                };
                match (&decl.kind, value) {
                    (TypeKind::Alias { target, .. }, value) => {
                        self.default(target, value, place, taken)?
                    }
                    (TypeKind::Enum { .. }, Constant::Symbol(s) | Constant::String(s)) => {
                        s.clone().into()
                    }
                    (TypeKind::Record(record), Constant::Record(values)) => {
                        let mut out = Map::new();
                        for (index, field) in record.fields.iter().enumerate() {
                            let given = values
                                .iter()
                                .find(|(name, _)| *name == field.name)
                                .map(|(_, value)| value);
                            let item_place = Place::field(*id, index);
                            let item = match (given, own_default(field)) {
                                (Some(value), _) => {
                                    self.default(&field.ty, value, &item_place, taken)?
                                }
                                (None, Some(value)) => self
                                    .default(&field.ty, value, &item_place, taken)
                                    .map_err(|_| Unwritable::Inner)?,
                                (None, None) => {
                                    return here(format!(
                                        "it gives `{}` no value and that field has no default",
                                        field.name
                                    ))
                                }
                            };
                            out.insert(field.name.to_string(), item);
                        }
                        Value::Object(out)
                    }
                    _ => return here(format!("it is not a value of `{}`", decl.name.name)),
                }
            }
            (Type::Map(map), Constant::Record(entries)) => {
                let place = place.step(Step::Value);
                let mut out = Map::new();
                for (key, value) in entries {
                    out.insert(key.clone(), self.default(&map.1, value, &place, taken)?);
                }
                Value::Object(out)
            }
            (Type::List(item), Constant::List(values)) => {
                let place = place.step(Step::Item);
                Value::Array(
                    values
                        .iter()
                        .map(|value| self.default(item, value, &place, taken))
                        .collect::<Result<_, _>>()?,
                )
            }
            _ => return here("it is not a value of the field's type".into()),
        })
    }

    fn check_name(&mut self, name: &str, rule: NameRule, what: &str) {
        let primitive = |name: &str| {
            let last = name.rsplit('.').next().unwrap_or(name);
            PRIMITIVES.contains(&last).then(|| {
                let is = if last == name { "is" } else { "ends in" };
                format!("`{name}` ({what}) {is} the name of the Avro primitive type `{last}`, which no record or enum may take")
            })
        };
        let problem = match rule {
            NameRule::Simple | NameRule::Type if !is_avro_name(name) => Some(format!(
                "`{name}` ({what}) is not a valid Avro name: it must start with a letter or `_` and contain only letters, digits and `_`"
            )),
            NameRule::TypeAlias if !name.split('.').all(is_avro_name) => Some(format!(
                "`{name}` ({what}) is not a valid Avro full name: it must be names joined by `.`, each starting with a letter or `_` and containing only letters, digits and `_`"
            )),
            NameRule::Type | NameRule::TypeAlias => primitive(name),
            NameRule::Simple => None,
        };
        self.problems.extend(problem.map(Problem::from));
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

/// Why a timestamp default has no Avro form, for the message.
fn timestamp_reason(text: &str, unit: TimeUnit, why: Unreadable) -> String {
    let (units, logical, range) = match unit {
        TimeUnit::Millis => ("milliseconds", "timestamp-millis", ""),
        TimeUnit::Micros => ("microseconds", "timestamp-micros", ""),
        TimeUnit::Nanos => (
            "nanoseconds",
            "timestamp-nanos",
            " (1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z)",
        ),
    };
    match why {
        Unreadable::Malformed => format!(
            "\"{text}\" is not a timestamp on the calendar (`YYYY-MM-DDTHH:MM:SS`, an optional fraction, then `Z` or an offset such as `+01:00`)"
        ),
        Unreadable::Finer => format!("\"{text}\" is finer than the {units} `{logical}` counts"),
        Unreadable::Overflow => format!(
            "\"{text}\" is beyond the instants `{logical}`, a `long` of {units} since 1970-01-01T00:00:00Z, counts{range}"
        ),
    }
}

/// A `bytes` default as Avro writes it: a string whose code points 0–255
/// are the bytes, from weft's base64 (RFC 4648 with canonical padding, no
/// bits left over; `None` for any other text).
fn base64_bytes(text: &str) -> Option<String> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .ok()?;
    Some(bytes.into_iter().map(char::from).collect())
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
    // `1.50` fits `decimal(p, 1)` (weft accepts it): zeros past the scale
    // change nothing.
    let fraction = match fraction.get(scale..) {
        Some(past) if past.bytes().all(|digit| digit == b'0') => &fraction[..scale],
        _ => fraction,
    };
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
        assert_eq!(decimal_bytes("1.50", 1), decimal_bytes("1.5", 1));
    }

    #[test]
    fn bytes_defaults_are_decoded_base64() {
        assert_eq!(base64_bytes("").as_deref(), Some(""));
        assert_eq!(base64_bytes("AAEC").as_deref(), Some("\u{0}\u{1}\u{2}"));
        assert_eq!(base64_bytes("AP8=").as_deref(), Some("\u{0}\u{ff}"));
        assert_eq!(base64_bytes("/w==").as_deref(), Some("\u{ff}"));
        assert_eq!(base64_bytes("+/+/").as_deref(), Some("\u{fb}\u{ff}\u{bf}"));
        for invalid in ["AP8", "AP9=", "/x==", "AA==AAAA", "A===", "-_8=", "AA EC"] {
            assert_eq!(base64_bytes(invalid), None, "{invalid}");
        }
    }

    #[test]
    fn avro_names() {
        assert!(is_avro_name("Order_2"));
        assert!(!is_avro_name("2Order"));
        assert!(!is_avro_name("order-line"));
        assert!(!is_avro_name(""));
    }
}
