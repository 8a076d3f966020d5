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
    /// `map<K, V>`: keys and values in one box, which keeps a `Type` at
    /// 16 bytes (every field holds one).
    Map(Box<(Type, Type)>),
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

/// No restriction: what [`Empty`] stands for, and a field's details start
/// with.
const NO_CONSTRAINTS: Constraints = Constraints {
    pattern: None,
    min_length: None,
    max_length: None,
    minimum: None,
    maximum: None,
};

impl Empty for Constraints {
    const EMPTY: &'static Constraints = &NO_CONSTRAINTS;
}

impl Empty for Option<Value> {
    const EMPTY: &'static Option<Value> = &None;
}

impl Constraints {
    /// Whether nothing is restricted.
    pub fn is_empty(&self) -> bool {
        // Each part, not `== Constraints::default()`: a field's values ask
        // this of every field.
        let Constraints {
            pattern,
            min_length,
            max_length,
            minimum,
            maximum,
        } = self;
        pattern.is_none()
            && min_length.is_none()
            && max_length.is_none()
            && minimum.is_none()
            && maximum.is_none()
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
        fallback: Option<weft_base::Name>,
    },
    /// A record, or an entity's fields.
    Record(Record),
}

/// One enum symbol.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct EnumSymbol {
    /// The symbol (interned, as the syntax tree holds it).
    pub name: weft_base::Name,
    /// Docs and deprecation.
    pub meta: Meta,
}

/// A record's fields.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Record {
    /// Fields in declaration order.
    pub fields: Vec<Field>,
    /// Names that must not be reused; boxed only when there are any.
    pub reserved: Rare<Vec<SmolStr>>,
    /// The entity these fields belong to, if any.
    pub entity: Option<EntityId>,
}

impl Record {
    /// The field with this name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.name == name)
    }

    /// The field with this interned name: ids are compared, where
    /// [`Record::field`] reads each field's text from the name table (the
    /// resolver and the checks look fields up for every path, literal and
    /// field).
    pub fn field_named(&self, name: weft_base::Name) -> Option<&Field> {
        self.fields.iter().find(|field| field.name == name)
    }
}

/// A resolved field.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Field {
    /// The field's name (interned, as the syntax tree holds it).
    pub name: weft_base::Name,
    /// Its type (`Type::Optional` when it may be absent).
    pub ty: Type,
    /// Its constraints, default, earlier names and `@pii`: boxed together,
    /// and only when it has any (most fields have none), which keeps a
    /// field at 64 bytes; serialised as if they were the field's own.
    #[serde(flatten)]
    pub details: Rare<FieldDetails>,
    /// Docs and deprecation.
    pub meta: Meta,
    /// The field's name span.
    #[serde(skip)]
    pub name_span: Span,
}

/// What few fields have: see [`Field::details`].
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct FieldDetails {
    /// Its own constraints.
    pub constraints: Constraints,
    /// Its default value.
    pub default: Option<Value>,
    /// `@alias("old")`: earlier names of this field.
    pub aliases: Vec<SmolStr>,
    /// `@pii`: personal data.
    pub pii: bool,
}

impl Empty for FieldDetails {
    const EMPTY: &'static FieldDetails = &FieldDetails {
        constraints: NO_CONSTRAINTS,
        default: None,
        aliases: Vec::new(),
        pii: false,
    };
}

impl Field {
    /// Its own constraints.
    pub fn constraints(&self) -> &Constraints {
        &self.details.constraints
    }

    /// Its default value.
    pub fn default(&self) -> Option<&Value> {
        self.details.default.as_ref()
    }

    /// `@alias("old")`: earlier names of this field.
    pub fn aliases(&self) -> &[SmolStr] {
        &self.details.aliases
    }

    /// `@pii`: personal data.
    pub fn pii(&self) -> bool {
        self.details.pii
    }

    /// Sets its constraints and default, boxing its details only when
    /// either is given.
    pub fn set_values(&mut self, constraints: Constraints, default: Option<Value>) {
        let details = if constraints.is_empty() && default.is_none() {
            match self.details.filled_mut() {
                Some(details) => details,
                None => return,
            }
        } else {
            &mut *self.details
        };
        details.constraints = constraints;
        details.default = default;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str) -> Field {
        Field {
            name: weft_base::Name::new(name),
            ty: Type::String,
            details: Rare::default(),
            meta: Meta::default(),
            name_span: Span::default(),
        }
    }

    #[test]
    fn a_field_is_small_and_serialises_its_details_as_its_own() {
        assert!(std::mem::size_of::<Field>() <= 64);
        assert!(std::mem::size_of::<Type>() <= 16);
        let mut plain = field("code");
        // Values that restrict nothing box nothing.
        plain.set_values(Constraints::default(), None);
        assert!(plain.details.filled_mut().is_none());
        assert_eq!(
            serde_json::to_string(&plain).ok().as_deref(),
            Some(concat!(
                r#"{"name":"code","ty":"String","constraints":{"pattern":null,"min_length":null,"#,
                r#""max_length":null,"minimum":null,"maximum":null},"default":null,"aliases":[],"#,
                r#""pii":false,"meta":{"doc":"","deprecated":null}}"#
            ))
        );
        let mut filled = field("code");
        filled.details.pii = true;
        let constraints = Constraints {
            max_length: Some(8),
            ..Constraints::default()
        };
        filled.set_values(constraints.clone(), Some(Value::String("A".into())));
        assert!(filled.pii());
        assert_eq!(filled.constraints(), &constraints);
        assert_eq!(filled.default(), Some(&Value::String("A".into())));
        // Clearing the values keeps what else the details hold.
        filled.set_values(Constraints::default(), None);
        assert!(filled.pii() && filled.default().is_none());
    }

    #[test]
    fn a_map_serialises_as_its_key_and_value() {
        let map = Type::Map(Box::new((Type::String, Type::Int64)));
        assert_eq!(
            serde_json::to_string(&map).ok().as_deref(),
            Some(r#"{"Map":["String","Int64"]}"#)
        );
    }
}
