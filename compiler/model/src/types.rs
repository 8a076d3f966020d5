//! Resolved data types: every type expression of the source becomes a
//! [`Type`] whose names are ids, with constraints and defaults checked.

use super::{Empty, EntityId, Meta, Name, Rare, TypeId};
use smol_str::SmolStr;
use weft_base::Span;

/// A resolved type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Type {
    /// `bool`.
    Bool,
    /// `int32`.
    Int32,
    /// `int64`.
    Int64,
    /// `float64`.
    Float64,
    /// `decimal(precision, scale)`.
    Decimal {
        /// Total digits.
        precision: u32,
        /// Digits after the point.
        scale: u32,
    },
    /// `string`.
    String,
    /// `bytes`.
    Bytes,
    /// `date`.
    Date,
    /// `timestamp` (an instant, in the given precision).
    Timestamp(TimeUnit),
    /// `duration`.
    Duration,
    /// `uuid`.
    Uuid,
    /// `list<T>`.
    List(Box<Type>),
    /// `map<K, V>`.
    Map(Box<Type>, Box<Type>),
    /// A declared alias, enum or record.
    Named(TypeId),
    /// `T?`: the value may be absent.
    Optional(Box<Type>),
    /// A type that did not resolve; already reported, accepted everywhere so
    /// that one mistake does not cascade.
    Unknown,
}

/// Precision of a timestamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum TimeUnit {
    /// Milliseconds (the default).
    Millis,
    /// Microseconds.
    Micros,
    /// Nanoseconds.
    Nanos,
}

impl Type {
    /// The type without its optional marker.
    pub fn required(&self) -> &Type {
        match self {
            Type::Optional(inner) => inner.required(),
            other => other,
        }
    }

    /// Whether the value may be absent.
    pub fn is_optional(&self) -> bool {
        matches!(self, Type::Optional(_))
    }

    /// The primitive's name, for messages (`None` for declared types).
    pub fn primitive_name(&self) -> Option<String> {
        Some(match self {
            Type::Bool => "bool".into(),
            Type::Int32 => "int32".into(),
            Type::Int64 => "int64".into(),
            Type::Float64 => "float64".into(),
            Type::Decimal { precision, scale } => format!("decimal({precision}, {scale})"),
            Type::String => "string".into(),
            Type::Bytes => "bytes".into(),
            Type::Date => "date".into(),
            Type::Timestamp(TimeUnit::Millis) => "timestamp".into(),
            Type::Timestamp(TimeUnit::Micros) => "timestamp(us)".into(),
            Type::Timestamp(TimeUnit::Nanos) => "timestamp(ns)".into(),
            Type::Duration => "duration".into(),
            Type::Uuid => "uuid".into(),
            _ => return None,
        })
    }
}

/// Restrictions on values, collected from an alias chain and a field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Constraints {
    /// A regular expression strings must match.
    pub pattern: Option<String>,
    /// Minimum string length or list size.
    pub min_length: Option<u64>,
    /// Maximum string length or list size.
    pub max_length: Option<u64>,
    /// Inclusive numeric minimum, as written.
    pub minimum: Option<String>,
    /// Inclusive numeric maximum, as written.
    pub maximum: Option<String>,
}

impl Empty for Constraints {
    const EMPTY: &'static Constraints = &Constraints {
        pattern: None,
        min_length: None,
        max_length: None,
        minimum: None,
        maximum: None,
    };
}

impl Empty for Option<Value> {
    const EMPTY: &'static Option<Value> = &None;
}

impl Constraints {
    /// Whether nothing is restricted.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A constant value: defaults and annotation arguments.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string.
    String(String),
    /// A duration in milliseconds.
    Duration(u64),
    /// An enum symbol.
    Symbol(String),
    /// A list.
    List(Vec<Value>),
    /// A record.
    Record(Vec<(String, Value)>),
}

/// A declared type.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct TypeDef {
    /// Its name.
    pub name: Name,
    /// Docs and deprecation.
    pub meta: Meta,
    /// What it is.
    pub kind: TypeKind,
}

/// The kinds of declared type.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub enum TypeKind {
    /// `type Name = T constraints`.
    Alias {
        /// The aliased type.
        target: Type,
        /// Its constraints (own ones; the target's apply too); boxed only
        /// when there are any.
        constraints: Rare<Constraints>,
    },
    /// `enum Name { ... }`.
    Enum {
        /// The symbols in order.
        symbols: Vec<EnumSymbol>,
        /// `@fallback(SYMBOL)`: what readers map unknown symbols to.
        fallback: Option<SmolStr>,
    },
    /// A record, or an entity's fields.
    Record(Record),
}

/// One enum symbol.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct EnumSymbol {
    /// The symbol.
    pub name: SmolStr,
    /// Docs and deprecation.
    pub meta: Meta,
}

/// A record's fields.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Record {
    /// Fields in declaration order.
    pub fields: Vec<Field>,
    /// Names that must not be reused.
    pub reserved: Vec<SmolStr>,
    /// The entity these fields belong to, if any.
    pub entity: Option<EntityId>,
}

impl Record {
    /// The field with this name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.name == name)
    }
}

/// A resolved field.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Field {
    /// The field's name.
    pub name: SmolStr,
    /// Its type (`Type::Optional` when it may be absent).
    pub ty: Type,
    /// Its own constraints; boxed only when there are any (most fields
    /// have none).
    pub constraints: Rare<Constraints>,
    /// Its default value; boxed only when there is one (most fields have
    /// none).
    pub default: Rare<Option<Value>>,
    /// `@alias("old")`: earlier names of this field; boxed only when there
    /// are any.
    pub aliases: Rare<Vec<SmolStr>>,
    /// `@pii`: personal data.
    pub pii: bool,
    /// Docs and deprecation.
    pub meta: Meta,
    /// The field's name span.
    #[serde(skip)]
    pub name_span: Span,
}
