//! Type expressions (`decimal(18, 4)`, `list<T>`, `map<string, T>`, `T?`,
//! declared names), what lies behind aliases, and the checks that need every
//! alias resolved first: alias cycles and map keys.

use super::{Expect, Resolver};
use crate::codes;
use crate::model::*;
use weft_syntax::syntax::{TypeArg, TypeExpr};
use weft_syntax::{Diagnostic, FileId, Span};

impl Resolver {
    /// Resolves a type expression; problems are reported and give `Unknown`.
    pub(crate) fn resolve_type(&mut self, file: FileId, expr: &TypeExpr) -> Type {
        let base = self.resolve_base_type(file, expr);
        if expr.optional() {
            Type::Optional(Box::new(base))
        } else {
            base
        }
    }

    fn resolve_base_type(&mut self, file: FileId, expr: &TypeExpr) -> Type {
        // A field typed halfway: the parser reported it.
        if expr.is_missing() {
            self.typing_halfway.insert(file);
            return Type::Unknown;
        }
        // A primitive is one segment: the common case needs no joined copy.
        let name: std::borrow::Cow<'_, str> = match expr.name.segments.as_slice() {
            [only] => std::borrow::Cow::Borrowed(only.text.as_str()),
            _ => std::borrow::Cow::Owned(expr.name.dotted()),
        };
        let primitive = match name.as_ref() {
            "bool" => Some(Type::Bool),
            "int32" => Some(Type::Int32),
            "int64" => Some(Type::Int64),
            "float64" => Some(Type::Float64),
            "string" => Some(Type::String),
            "bytes" => Some(Type::Bytes),
            "date" => Some(Type::Date),
            "duration" => Some(Type::Duration),
            "uuid" => Some(Type::Uuid),
            "decimal" => return self.decimal(expr),
            "timestamp" => return self.timestamp(expr),
            "list" => return self.list(file, expr),
            "map" => return self.map(file, expr),
            _ => None,
        };
        if let Some(primitive) = primitive {
            if !expr.args().is_empty() || !expr.params().is_empty() {
                let help = match primitive {
                    Type::String | Type::Bytes => format!(
                        "write `{name}` alone; to limit its size, add a constraint such as `length ..35`"
                    ),
                    _ => format!("write `{name}` alone"),
                };
                self.invalid_type(expr.span(), format!("`{name}` takes no arguments"), help);
            }
            return primitive;
        }
        let declared = self.lookup(file, &expr.name, Expect::Type);
        // A name that found nothing (reported) is likely a misspelt
        // `decimal` or `list`: its arguments are not a second mistake.
        if declared.is_some() && (!expr.args().is_empty() || !expr.params().is_empty()) {
            self.invalid_type(
                expr.span(),
                format!("`{name}` is a declared type and takes no arguments"),
                format!("write `{name}` alone; its definition fixes its shape"),
            );
        }
        match declared {
            Some(DeclRef::Type(id)) => Type::Named(id),
            Some(DeclRef::Entity(id)) => Type::Named(self.model.entity(id).record),
            _ => Type::Unknown,
        }
    }

    fn decimal(&mut self, expr: &TypeExpr) -> Type {
        let numbers: Vec<Option<u32>> = expr
            .args()
            .iter()
            .map(|arg| match arg {
                TypeArg::Number(number) => number.text.parse().ok(),
                TypeArg::Name(_) => None,
            })
            .collect();
        let (message, help) = match numbers.as_slice() {
            [Some(precision), Some(scale)]
                if (1..=38).contains(precision) && scale <= precision && expr.params().is_empty() =>
            {
                return Type::Decimal {
                    precision: *precision,
                    scale: *scale,
                };
            }
            [] => (
                "`decimal` needs a precision and a scale".to_string(),
                "write `decimal(precision, scale)`, such as `decimal(18, 4)`: 18 digits, 4 of them after the point".to_string(),
            ),
            [Some(precision), Some(scale)] if scale > precision => (
                format!("the scale {scale} of this decimal is larger than its precision {precision}"),
                format!("the scale (digits after the point) cannot exceed the precision (all digits): write `decimal({scale}, {precision})`, or lower the scale"),
            ),
            [Some(_), Some(_)] if expr.params().is_empty() => (
                "a decimal's precision must be from 1 to 38".to_string(),
                "38 digits is the most JSON Schema, Avro and databases agree on; write, for example, `decimal(18, 4)`".to_string(),
            ),
            _ => (
                "`decimal` takes two whole numbers: a precision and a scale".to_string(),
                "write `decimal(precision, scale)`, such as `decimal(18, 4)`".to_string(),
            ),
        };
        self.invalid_type(expr.span(), message, help);
        Type::Unknown
    }

    fn timestamp(&mut self, expr: &TypeExpr) -> Type {
        let unit = match expr.args() {
            [] => Some(TimeUnit::Millis),
            [TypeArg::Name(unit)] => match unit.text.as_str() {
                "ms" => Some(TimeUnit::Millis),
                "us" => Some(TimeUnit::Micros),
                "ns" => Some(TimeUnit::Nanos),
                _ => None,
            },
            _ => None,
        };
        match unit {
            Some(unit) if expr.params().is_empty() => Type::Timestamp(unit),
            _ => {
                self.invalid_type(
                    expr.span(),
                    "`timestamp` takes only a precision: `ms`, `us` or `ns`".to_string(),
                    "write `timestamp` (milliseconds), `timestamp(us)` or `timestamp(ns)`"
                        .to_string(),
                );
                Type::Unknown
            }
        }
    }

    fn list(&mut self, file: FileId, expr: &TypeExpr) -> Type {
        match (expr.params(), expr.args().is_empty()) {
            ([element], true) => Type::List(Box::new(self.resolve_type(file, element))),
            _ => {
                self.invalid_type(
                    expr.span(),
                    "`list` takes exactly one element type, in angle brackets".to_string(),
                    "write `list<T>`, such as `list<PurchaseOrderLine>`".to_string(),
                );
                Type::Unknown
            }
        }
    }

    fn map(&mut self, file: FileId, expr: &TypeExpr) -> Type {
        let ([key, value], true) = (expr.params(), expr.args().is_empty()) else {
            self.invalid_type(
                expr.span(),
                "`map` takes a key type and a value type, in angle brackets".to_string(),
                "write `map<string, T>`, such as `map<string, decimal(12, 3)>`".to_string(),
            );
            return Type::Unknown;
        };
        let key_type = self.resolve_type(file, key);
        self.map_keys.push((key_type.clone(), key.span()));
        Type::Map(Box::new((key_type, self.resolve_type(file, value))))
    }

    pub(crate) fn invalid_type(&mut self, span: Span, message: String, help: String) {
        self.diagnostics.push(
            Diagnostic::error(codes::INVALID_TYPE, message, span, "invalid type").with_help(help),
        );
    }

    /// The type behind aliases (and their optional markers), owned so the
    /// resolver can go on changing the model.
    pub(crate) fn underlying(&self, ty: &Type) -> Type {
        self.model.underlying(ty).clone()
    }

    /// Whether values of the type are text (maps keys must be).
    pub(crate) fn is_string_like(&self, ty: &Type) -> bool {
        match self.underlying(ty) {
            Type::String | Type::Uuid | Type::Unknown => true,
            Type::Named(id) => matches!(self.model.type_def(id).kind, TypeKind::Enum { .. }),
            _ => false,
        }
    }

    /// A type's name for messages.
    pub(crate) fn type_name(&self, ty: &Type) -> String {
        match ty {
            Type::Named(id) => format!("`{}`", self.model.type_def(*id).name.name),
            Type::List(element) => format!("a list of {}", self.type_name(element)),
            Type::Map(map) => format!("a map of {}", self.type_name(&map.1)),
            Type::Optional(inner) => format!("{} or null", self.type_name(inner)),
            Type::Unknown => "an unknown type".to_string(),
            other => format!("`{}`", other.primitive_name().unwrap_or_default()),
        }
    }
}
