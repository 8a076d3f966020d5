//! An enum's `@fallback` added, removed or changed (rows E7, E8).
//!
//! * E7 added: changelog (I167) — future symbol additions become safe.
//! * E8 removed: future additions will break old readers again; changed:
//!   unknown symbols map to another symbol. Both directions warn (W168).

use crate::schema::Schema;
use crate::walk::{At, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "enum_fallback_changed";

/// Reports fallback changes.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Value {
        old: Schema::Enum(old),
        new: Schema::Enum(new),
        relation: Relation::Same,
        ..
    } = site
    else {
        return;
    };
    if old.name != new.name && !new.aliases.contains(&old.name) {
        return;
    }
    let ty = &new.name;
    match (&old.fallback, &new.fallback) {
        (None, Some(fallback)) => {
            let message = format!("enum `{ty}` gained the fallback `{fallback}`");
            report
                .add(
                    at,
                    Direction::Both,
                    codes::ENUM_FALLBACK_ADDED,
                    NAME,
                    message,
                )
                .set_new(fallback.clone());
        }
        (Some(fallback), None) => {
            let message = format!(
                "enum `{ty}` lost its fallback `{fallback}`: future symbol additions to `{ty}` will no longer be forward compatible"
            );
            report
                .add(
                    at,
                    Direction::Both,
                    codes::ENUM_FALLBACK_CHANGED,
                    NAME,
                    message,
                )
                .set_old(fallback.clone())
                .set_help(format!("keep `@fallback({fallback})`"));
        }
        (Some(a), Some(b)) if a != b => {
            let message = format!(
                "fallback of enum `{ty}` changed: unknown symbols now map to `{b}` instead of `{a}`"
            );
            report
                .add(
                    at,
                    Direction::Both,
                    codes::ENUM_FALLBACK_CHANGED,
                    NAME,
                    message,
                )
                .set_old(a.clone())
                .set_new(b.clone())
                .set_help(format!("keep `@fallback({a})`"));
        }
        _ => {}
    }
}
