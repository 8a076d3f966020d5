//! Events whose versions only append fields with defaults: each version's
//! payload, an inline record, is the previous one's fields unchanged (as
//! the comparison sees them: name, type, constraints, default, aliases,
//! `@pii`; docs and deprecation notes are not compared by `check`) plus
//! fields at the end that have a default or are optional, with the same
//! reserved names and record aliases.
//!
//! Such a history finds nothing under any mode: a field added with a
//! default or optional is a changelog entry only (F1, F2), fields kept
//! unchanged compare equal (every evaluator reports a difference; the
//! triplet test `a_schema_compared_with_an_equal_copy_finds_nothing` holds
//! it), no field is removed, so nothing is renamed, reused (F13) or loses
//! a default (F12), and a consumer of an older version reads a prefix of
//! the newest. The schemas are small and acyclic ([`fits_limits`]), so
//! no expansion or comparison limit is met either (those would report, or
//! compare placeholders). The check then skips the event: most histories
//! are written this way, and expanding and walking them was most of the
//! compatibility check's time.

use crate::checks::ownership::is_inline_name;
use crate::model::{Event, Field, Model, Record, Type, TypeDef, TypeId, TypeKind, Value};

/// Whether every version of `event` (by number) only appends fields with a
/// default, or optional ones, to the version before it, as described in
/// the module's documentation.
pub(super) fn only_appends(model: &Model, event: &Event) -> bool {
    let mut versions: Vec<(u32, TypeId)> = event
        .versions
        .iter()
        .map(|version| (version.number, version.payload))
        .collect();
    versions.sort_unstable_by_key(|(number, _)| *number);
    // Distinct numbers only: with a repeated one the expansion takes the
    // first version of that number for both.
    if versions.windows(2).any(|pair| pair[0].0 == pair[1].0) {
        return false;
    }
    let mut previous: Option<(&Record, &TypeDef)> = None;
    for (number, payload) in &versions {
        let Some(version) = event.version(*number) else {
            return false;
        };
        let Some(def) = model.types.get(payload.index()) else {
            return false;
        };
        let TypeKind::Record(record) = &def.kind else {
            return false;
        };
        // An inline payload (`version N { ... }`), as the expander decides
        // it: named after the event, declared where the version is.
        if def.name.is_std()
            || def.name.span != version.meta.span
            || !is_inline_name(&def.name.name, &event.name.name, *number)
        {
            return false;
        }
        if let Some((before_record, before)) = previous {
            let fields = before_record.fields.as_slice();
            if record.fields.len() < fields.len()
                || record.reserved != before_record.reserved
                || def.meta.aliases != before.meta.aliases
                || def.name.package != before.name.package
            {
                return false;
            }
            let (kept, added) = record.fields.split_at(fields.len());
            if !kept
                .iter()
                .zip(fields)
                .all(|(new, old)| same_field(new, old))
            {
                return false;
            }
            if !added.iter().all(defaulted_or_optional) {
                return false;
            }
        }
        previous = Some((record, def));
    }
    // The newest holds every field of the others.
    versions
        .last()
        .is_some_and(|(_, newest)| fits_limits(model, *newest))
}

/// Whether two fields are equal as the comparison sees them (docs and
/// deprecation notes are dropped by `check`'s expansion).
fn same_field(a: &Field, b: &Field) -> bool {
    a.name == b.name && a.ty == b.ty && *a.details == *b.details
}

/// A field added this way is a changelog entry only: it has a default
/// other than `null`, or it is optional.
fn defaulted_or_optional(field: &Field) -> bool {
    matches!(field.ty, Type::Optional(_))
        || matches!(field.default(), Some(value) if *value != Value::Null)
}

/// The most values (fields, items and declarations, counted along every
/// path) a payload may hold for the shortcut: far below the expander's
/// and the walk's budgets (10,000 declarations, 100,000 values).
const MOST_VALUES: usize = 1_000;

/// The deepest nesting of declarations the shortcut takes: far below the
/// expander's and the walk's depth limits.
const DEEPEST: usize = 32;

/// Whether the payload `record` is acyclic, nests at most [`DEEPEST`]
/// declarations deep and holds at most [`MOST_VALUES`] values along all
/// its paths: then neither the expansion nor the walk meets a limit.
fn fits_limits(model: &Model, record: TypeId) -> bool {
    let mut open: Vec<TypeId> = Vec::new();
    size_of(model, &Type::Named(record), &mut open).is_some_and(|size| size <= MOST_VALUES)
}

/// The values along every path of `ty` (`None` past the limits, or for a
/// recursive type). Not memoised, so that the depth is that of every path:
/// the count stops past [`MOST_VALUES`], which bounds the work too.
fn size_of(model: &Model, ty: &Type, open: &mut Vec<TypeId>) -> Option<usize> {
    match ty {
        Type::Optional(inner) | Type::List(inner) => Some(1 + size_of(model, inner, open)?),
        Type::Map(map) => Some(1 + size_of(model, &map.0, open)? + size_of(model, &map.1, open)?),
        Type::Named(id) => {
            if open.contains(id) || open.len() >= DEEPEST {
                return None;
            }
            let def = model.types.get(id.index())?;
            open.push(*id);
            let size = match &def.kind {
                TypeKind::Alias { target, .. } => size_of(model, target, open).map(|size| size + 1),
                TypeKind::Enum { .. } => Some(1),
                TypeKind::Record(record) => {
                    let mut total = 1usize;
                    for field in &record.fields {
                        total += 1 + size_of(model, &field.ty, open)?;
                        if total > MOST_VALUES {
                            break;
                        }
                    }
                    Some(total)
                }
            };
            open.pop();
            size.filter(|size| *size <= MOST_VALUES)
        }
        _ => Some(1),
    }
}
