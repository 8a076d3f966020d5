//! Lists and maps whose own parts changed (rows L5, L6). Their elements and
//! values are compared by the walk like any value (L1, with `[]` and `{}`
//! in the path; L3/L4 are `optionality_changed`).
//!
//! * L5 a map's key type changed: both directions break (E183).
//! * L6 a list's size (`length min..max`) relaxed: old readers validate
//!   against the stricter size (FORWARD E184); tightened: old data may be
//!   rejected (BACKWARD E185).

use super::{bounds_moved, show_range};
use crate::schema::Schema;
use crate::walk::{same_type, At, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "list_map_changed";

/// Reports map key and list size changes.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Value {
        old,
        new,
        relation: Relation::Same,
        ..
    } = site
    else {
        return;
    };
    match (old, new) {
        (Schema::Map { keys: a, .. }, Schema::Map { keys: b, .. }) if !same_type(a, b) => {
            let (a, b) = (a.display(), b.display());
            let message = format!("map key type of {} changed {a}→{b}", at.describe());
            report
                .add(at, Direction::Both, codes::MAP_KEY_CHANGED, NAME, message)
                .set_old(a)
                .set_new(b)
                .set_help("keep the key type; add a new map field and deprecate this one");
        }
        (
            Schema::List {
                min_items: a_min,
                max_items: a_max,
                ..
            },
            Schema::List {
                min_items: b_min,
                max_items: b_max,
                ..
            },
        ) => {
            if (a_min, a_max) == (b_min, b_max) {
                return;
            }
            let text = |bound: &Option<u64>| bound.map(|bound| bound.to_string());
            let (relaxed, tightened) = bounds_moved(
                text(a_min).as_deref(),
                text(b_min).as_deref(),
                text(a_max).as_deref(),
                text(b_max).as_deref(),
            );
            let before = show_range(*a_min, *a_max);
            let after = show_range(*b_min, *b_max);
            let what = at.describe();
            if relaxed {
                let message = format!(
                    "{what} size constraint relaxed from {before} to {after}: consumers on {} validate against the stricter size",
                    report.old_label()
                );
                report
                    .add(
                        at,
                        Direction::Forward,
                        codes::LIST_SIZE_RELAXED,
                        NAME,
                        message,
                    )
                    .set_old(before.clone())
                    .set_new(after.clone())
                    .set_help("upgrade consumers first (BACKWARD), or keep the old size");
            }
            if tightened {
                let message = format!(
                    "{what} size constraint tightened from {before} to {after}: data from {} may violate it",
                    report.old_label()
                );
                report
                    .add(
                        at,
                        Direction::Backward,
                        codes::LIST_SIZE_TIGHTENED,
                        NAME,
                        message,
                    )
                    .set_old(before)
                    .set_new(after)
                    .set_help("upgrade producers first (FORWARD), or keep the old size");
            }
        }
        _ => {}
    }
}
