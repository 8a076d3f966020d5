//! Relations between resolved types: what a type is underneath its aliases,
//! whether a value of one type may flow into a place of another, and how to
//! name types in messages.
//!
//! Assignability is nominal first and structural second: a record fits a
//! record of another name when every required field of the target is there
//! with a fitting type (fields the target does not know are dropped); an
//! enum fits another enum when all its symbols exist there. Numbers widen
//! (`int32` → `int64` → `decimal` → `float64`), never narrow, and a `float64`
//! never becomes a `decimal`. `Unknown` fits everything: it stands for a
//! mistake that was already reported.

use crate::model::{DeclRef, EnumSymbol, Model, Record, Type, TypeId, TypeKind};
use crate::resolve::{too_fine, uuid_problem};
use std::collections::HashSet;
use weft_base::calendar;

/// How deep alias chains and nested records are followed.
const DEPTH: usize = 64;

/// The type under its aliases and optional markers, borrowed from `ty` or
/// from the model (data flow asks for it about twice per step: a copy
/// each time was 1% of `check`).
pub(crate) fn base<'m>(model: &'m Model, ty: &'m Type) -> &'m Type {
    static UNKNOWN: Type = Type::Unknown;
    let mut current = ty.required();
    for _ in 0..DEPTH {
        match current {
            Type::Named(id) => match &model.type_def(*id).kind {
                TypeKind::Alias { target, .. } => current = target.required(),
                _ => return current,
            },
            _ => return current,
        }
    }
    &UNKNOWN
}

/// Whether a value of this type may be absent (`T?`, or an alias of one).
pub(crate) fn is_optional(model: &Model, ty: &Type) -> bool {
    let mut current = ty;
    for _ in 0..DEPTH {
        match current {
            Type::Optional(_) => return true,
            Type::Named(id) => match &model.type_def(*id).kind {
                TypeKind::Alias { target, .. } => current = target,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// The record a type is, under aliases and optional markers.
pub(crate) fn record<'m>(model: &'m Model, ty: &Type) -> Option<(TypeId, &'m Record)> {
    match base(model, ty) {
        Type::Named(id) => match &model.type_def(*id).kind {
            TypeKind::Record(record) => Some((*id, record)),
            _ => None,
        },
        _ => None,
    }
}

/// The enum a type is, under aliases and optional markers.
pub(crate) fn enumeration<'m>(model: &'m Model, ty: &Type) -> Option<(TypeId, &'m [EnumSymbol])> {
    match base(model, ty) {
        Type::Named(id) => match &model.type_def(*id).kind {
            TypeKind::Enum { symbols, .. } => Some((*id, symbols.as_slice())),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the type is a number of any kind.
pub(crate) fn is_numeric(ty: &Type) -> bool {
    numeric_rank(ty).is_some()
}

/// Widening order of numbers.
fn numeric_rank(ty: &Type) -> Option<u8> {
    match ty {
        Type::Int32 => Some(0),
        Type::Int64 => Some(1),
        Type::Decimal { .. } => Some(2),
        Type::Float64 => Some(3),
        _ => None,
    }
}

/// The wider of two number types (the type of `a + b`).
pub(crate) fn wider(a: &Type, b: &Type) -> Type {
    match (numeric_rank(a), numeric_rank(b)) {
        (Some(left), Some(right)) if right > left => b.clone(),
        _ => a.clone(),
    }
}

/// Whether a string literal can stand for a value of this (base) type.
pub(crate) fn takes_string_literal(ty: &Type) -> bool {
    matches!(
        ty,
        Type::String | Type::Uuid | Type::Date | Type::Timestamp(_) | Type::Bytes | Type::Unknown
    )
}

/// What is wrong with the text of a string literal given for `ty` (a base
/// type), where the text matters, by the rules E306 applies to defaults:
/// bytes are base64, UUIDs hyphenated hexadecimal, dates and timestamps on
/// the calendar (`weft_base::calendar`) and timestamps no finer than their
/// unit. The reason follows the quoted text in messages: `"2026-02-30":
/// February 2026 has 28 days`. A text not laid out as the type gets an
/// example of it (the calendar's own reason names both layouts).
pub(crate) fn text_problem(ty: &Type, text: &str) -> Option<String> {
    match ty {
        Type::Bytes => (!crate::resolve::is_base64(text)).then(|| "not base64".to_string()),
        Type::Uuid => uuid_problem(text),
        Type::Date => match calendar::date(text) {
            Err(why) if why.is_layout() => Some("not a date such as \"2026-01-31\"".to_string()),
            other => other.err().map(|why| why.to_string()),
        },
        Type::Timestamp(unit) => match calendar::timestamp(text) {
            Ok(stamp) => too_fine(stamp.fraction, *unit),
            Err(why) if why.is_layout() => {
                Some("not a timestamp such as \"2026-01-31T08:00:00Z\"".to_string())
            }
            Err(why) => Some(why.to_string()),
        },
        _ => None,
    }
}

/// Whether a value of `from` may be used where `to` is expected. Optional
/// markers at the top are the caller's business; inside records an optional
/// field never fills a required one.
pub(crate) fn assignable(model: &Model, from: &Type, to: &Type) -> bool {
    Assign {
        model,
        assumed: HashSet::new(),
        depth: 0,
    }
    .fits(from, to)
}

struct Assign<'m> {
    model: &'m Model,
    /// Record pairs assumed to fit while their fields are compared (recursive types).
    assumed: HashSet<(TypeId, TypeId)>,
    depth: usize,
}

impl Assign<'_> {
    fn fits(&mut self, from: &Type, to: &Type) -> bool {
        if self.depth > DEPTH {
            return true;
        }
        let (from, to) = (base(self.model, from), base(self.model, to));
        match (from, to) {
            (Type::Unknown, _) | (_, Type::Unknown) => true,
            (Type::Timestamp(_), Type::Timestamp(_)) => true,
            (Type::Decimal { .. }, Type::Decimal { .. }) => true,
            (Type::Uuid, Type::String) => true,
            _ if is_numeric(from) && is_numeric(to) => numeric_rank(from) <= numeric_rank(to),
            (Type::List(a), Type::List(b)) => self.nested(a, b),
            (Type::Map(a), Type::Map(b)) => self.nested(&a.0, &b.0) && self.nested(&a.1, &b.1),
            (Type::Named(a), Type::Named(b)) if a == b => true,
            (Type::Named(a), Type::Named(b)) => self.named(*a, *b),
            _ => from == to,
        }
    }

    fn nested(&mut self, from: &Type, to: &Type) -> bool {
        if is_optional(self.model, from) && !is_optional(self.model, to) {
            return false;
        }
        self.depth += 1;
        let fits = self.fits(from, to);
        self.depth -= 1;
        fits
    }

    fn named(&mut self, from: TypeId, to: TypeId) -> bool {
        match (
            &self.model.type_def(from).kind,
            &self.model.type_def(to).kind,
        ) {
            (TypeKind::Enum { symbols: a, .. }, TypeKind::Enum { symbols: b, .. }) => a
                .iter()
                .all(|symbol| b.iter().any(|other| other.name == symbol.name)),
            (TypeKind::Record(a), TypeKind::Record(b)) => {
                if !self.assumed.insert((from, to)) {
                    return true;
                }
                b.fields
                    .iter()
                    .all(|target| match a.field_named(target.name) {
                        Some(source) => self.nested(&source.ty, &target.ty),
                        None => is_optional(self.model, &target.ty) || target.default().is_some(),
                    })
            }
            _ => false,
        }
    }
}

/// Two types whose values can be compared with `==`.
pub(crate) fn comparable(model: &Model, a: &Type, b: &Type) -> bool {
    assignable(model, a, b) || assignable(model, b, a)
}

/// The name of a declared type; an event version's own payload record is
/// named as the version (`OrderSlipped v1`).
pub(crate) fn type_name(model: &Model, id: TypeId) -> String {
    let name = &model.type_def(id).name;
    let version_of = || {
        let (event, number) = name.name.rsplit_once('V')?;
        let number: u32 = number.parse().ok()?;
        let qualified = if name.package.is_empty() {
            event.to_string()
        } else {
            format!("{}.{event}", name.package)
        };
        let Some(DeclRef::Event(event_id)) = model.lookup(&qualified) else {
            return None;
        };
        let version = model.event(event_id).version(number)?;
        (version.payload == id).then(|| format!("{event} v{number}"))
    };
    version_of().unwrap_or_else(|| name.name.to_string())
}

/// A type as written in weft: `PlantId`, `list<Money>`, `decimal(19, 4)?`.
pub(crate) fn type_text(model: &Model, ty: &Type) -> String {
    match ty {
        Type::Named(id) => type_name(model, *id),
        Type::List(element) => format!("list<{}>", type_text(model, element)),
        Type::Map(map) => {
            format!(
                "map<{}, {}>",
                type_text(model, &map.0),
                type_text(model, &map.1)
            )
        }
        Type::Optional(inner) => format!("{}?", type_text(model, inner)),
        Type::Unknown => "unknown".to_string(),
        other => other.primitive_name().unwrap_or_default(),
    }
}

/// A type for messages: in backticks, with what an alias stands for.
pub(crate) fn describe(model: &Model, ty: &Type) -> String {
    let text = format!("`{}`", type_text(model, ty));
    match ty.required() {
        Type::Named(id) => match &model.type_def(*id).kind {
            TypeKind::Alias { .. } => {
                format!("{text} (a `{}`)", type_text(model, base(model, ty)))
            }
            TypeKind::Enum { .. } => format!("{text} (an enum)"),
            TypeKind::Record(_) => format!("{text} (a record)"),
        },
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_widen_but_never_narrow() {
        let model = Model::default();
        assert!(assignable(&model, &Type::Int32, &Type::Int64));
        assert!(assignable(
            &model,
            &Type::Int64,
            &Type::Decimal {
                precision: 19,
                scale: 4
            }
        ));
        assert!(!assignable(
            &model,
            &Type::Float64,
            &Type::Decimal {
                precision: 19,
                scale: 4
            }
        ));
        assert!(!assignable(&model, &Type::Int64, &Type::Int32));
        assert!(assignable(&model, &Type::Uuid, &Type::String));
        assert!(!assignable(&model, &Type::String, &Type::Uuid));
        assert!(assignable(&model, &Type::Unknown, &Type::Bool));
    }

    #[test]
    fn lists_compare_their_elements() {
        let model = Model::default();
        assert!(assignable(
            &model,
            &Type::List(Box::new(Type::Int32)),
            &Type::List(Box::new(Type::Int64))
        ));
        assert!(!assignable(
            &model,
            &Type::List(Box::new(Type::String)),
            &Type::List(Box::new(Type::Int64))
        ));
        assert_eq!(
            type_text(
                &model,
                &Type::Optional(Box::new(Type::List(Box::new(Type::Uuid))))
            ),
            "list<uuid>?"
        );
    }
}
