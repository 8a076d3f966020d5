//! One evaluator per kind of change, each in its own file and named for the
//! change (in the style of smithy-diff). The walk ([`super::walk`]) hands
//! every [`Site`] to every evaluator of [`EVALUATORS`]; an evaluator looks
//! only at the sites its change can occur at, decides the verdict for both
//! directions at once (BACKWARD: reader = new, writer = old; FORWARD: reader
//! = old, writer = new) and adds a finding for each direction it breaks, or
//! one for both when it breaks both or is a changelog entry.
//!
//! The rows of `shared/COMPAT.md` each evaluator covers are listed in its
//! file. Unions (U1–U3) have no evaluator: weft has optional values but no
//! tagged unions or `oneof`. Fixed-currency money (M1–M3) has none either:
//! weft's money is the record `std.Money` with a free `currency`.

use super::walk::{At, Report, Site};

mod added_field;
mod decimal_changed;
mod default_changed;
mod doc_changed;
pub(crate) mod enum_fallback_changed;
pub(crate) mod enum_symbols_changed;
mod fields_reordered;
mod inline_record;
mod list_map_changed;
mod money_changed;
mod namespace_changed;
mod numeric_promotion;
mod optionality_changed;
mod range_changed;
mod record_replaced;
pub(crate) mod removed_field;
mod renamed_field;
mod reserved_removed;
mod reused_field_name;
mod shape_changed;
mod string_bytes;
mod string_constraint_changed;
mod temporal_changed;
mod type_changed;
mod type_renamed;

/// An evaluator: looks at one site and reports the findings of its change.
pub type Evaluator = fn(&Site<'_>, &At, &mut Report<'_>);

/// Every evaluator with its name (the `change` of its findings).
pub const EVALUATORS: &[(&str, Evaluator)] = &[
    (added_field::NAME, added_field::evaluate),
    (removed_field::NAME, removed_field::evaluate),
    (renamed_field::NAME, renamed_field::evaluate),
    (reused_field_name::NAME, reused_field_name::evaluate),
    (reserved_removed::NAME, reserved_removed::evaluate),
    (optionality_changed::NAME, optionality_changed::evaluate),
    (default_changed::NAME, default_changed::evaluate),
    (fields_reordered::NAME, fields_reordered::evaluate),
    (doc_changed::NAME, doc_changed::evaluate),
    (type_renamed::NAME, type_renamed::evaluate),
    (namespace_changed::NAME, namespace_changed::evaluate),
    (record_replaced::NAME, record_replaced::evaluate),
    (inline_record::NAME, inline_record::evaluate),
    (type_changed::NAME, type_changed::evaluate),
    (numeric_promotion::NAME, numeric_promotion::evaluate),
    (decimal_changed::NAME, decimal_changed::evaluate),
    (range_changed::NAME, range_changed::evaluate),
    (string_bytes::NAME, string_bytes::evaluate),
    (
        string_constraint_changed::NAME,
        string_constraint_changed::evaluate,
    ),
    (enum_symbols_changed::NAME, enum_symbols_changed::evaluate),
    (enum_fallback_changed::NAME, enum_fallback_changed::evaluate),
    (shape_changed::NAME, shape_changed::evaluate),
    (list_map_changed::NAME, list_map_changed::evaluate),
    (temporal_changed::NAME, temporal_changed::evaluate),
    (money_changed::NAME, money_changed::evaluate),
];

/// A default value as weft writes it: `42`, `"EUR"`, `null`.
pub(crate) fn show(value: &serde_json::Value) -> String {
    value.to_string()
}

/// Whether two defaults are the same value (numbers by value: `1` = `1.0`).
pub(crate) fn same_value(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    match (a, b) {
        (serde_json::Value::Number(a), serde_json::Value::Number(b)) => a.as_f64() == b.as_f64(),
        (a, b) => a == b,
    }
}

/// A range as weft writes it: `0..100`, `..100`, `0..`, or `unbounded`.
pub(crate) fn show_range<T: std::fmt::Display>(minimum: Option<T>, maximum: Option<T>) -> String {
    match (minimum, maximum) {
        (None, None) => "unbounded".into(),
        (minimum, maximum) => format!(
            "{}..{}",
            minimum.map(|bound| bound.to_string()).unwrap_or_default(),
            maximum.map(|bound| bound.to_string()).unwrap_or_default()
        ),
    }
}

/// How a lower and an upper bound moved: `(relaxed, tightened)`. A bound
/// removed is relaxed, a bound added tightened.
pub(crate) fn bounds_moved(
    old_minimum: Option<&str>,
    new_minimum: Option<&str>,
    old_maximum: Option<&str>,
    new_maximum: Option<&str>,
) -> (bool, bool) {
    use super::schema::compare_numbers;
    let (mut relaxed, mut tightened) = (false, false);
    match (old_minimum, new_minimum) {
        (Some(_), None) => relaxed = true,
        (None, Some(_)) => tightened = true,
        (Some(old), Some(new)) => match compare_numbers(new, old) {
            std::cmp::Ordering::Less => relaxed = true,
            std::cmp::Ordering::Greater => tightened = true,
            std::cmp::Ordering::Equal => {}
        },
        (None, None) => {}
    }
    match (old_maximum, new_maximum) {
        (Some(_), None) => relaxed = true,
        (None, Some(_)) => tightened = true,
        (Some(old), Some(new)) => match compare_numbers(new, old) {
            std::cmp::Ordering::Greater => relaxed = true,
            std::cmp::Ordering::Less => tightened = true,
            std::cmp::Ordering::Equal => {}
        },
        (None, None) => {}
    }
    (relaxed, tightened)
}

/// The path of a record's field for messages (`shipping.zip`), from the
/// record's place.
pub(crate) fn field_name(record: &At, field: &str) -> String {
    record.field(field, None, None).name().to_string()
}
