//! A field the new record has and the old one does not (rows F1–F3).
//!
//! * F1 optional: info I100 — readers fill null, old readers ignore it.
//! * F2 with a default: info I101.
//! * F3 required without a default: BACKWARD breaks (E101): new readers
//!   find nothing to fill it with in old data. FORWARD is fine: old readers
//!   skip fields they do not know.

use super::show;
use crate::schema::Schema;
use crate::walk::{At, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "added_field";

/// Reports fields added to a record.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Record { new, matching, .. } = site else {
        return;
    };
    for &index in &matching.added {
        let field = &new.fields[index];
        // A type that did not resolve, or is not written yet (already
        // reported), may yet be optional: nothing to say of it.
        if matches!(field.schema, Schema::Unknown) {
            continue;
        }
        let breaks = !field.is_optional() && field.default.as_ref().is_none_or(|v| v.is_null());
        if !breaks && !report.changelog() {
            // I100/I101 only.
            continue;
        }
        let here = at.field(&field.name, None, Some(index));
        let ty = field.schema.display();
        match (&field.default, field.is_optional()) {
            (Some(value), _) if !value.is_null() => {
                let value = show(value);
                report
                    .add(
                        &here,
                        Direction::Both,
                        codes::FIELD_ADDED_WITH_DEFAULT,
                        NAME,
                        format!("field `{}` added with default {value}", here.name()),
                    )
                    .set_new(format!("{ty} = {value}"));
            }
            (_, true) => {
                report
                    .add(
                        &here,
                        Direction::Both,
                        codes::FIELD_ADDED_OPTIONAL,
                        NAME,
                        format!("field `{}` added (optional)", here.name()),
                    )
                    .set_new(ty);
            }
            _ => {
                let message = format!(
                    "field `{}` ({ty}) was added without a default: consumers on {} cannot decode data from producers on {}, which never set it",
                    here.name(),
                    report.new_label(),
                    report.old_label()
                );
                report
                    .add(
                        &here,
                        Direction::Backward,
                        codes::FIELD_ADDED_WITHOUT_DEFAULT,
                        NAME,
                        message,
                    )
                    .set_new(ty.clone())
                    .set_help(format!(
                        "give it a default (`{}: {ty} = …`) or make it optional (`{}: {ty}?`)",
                        field.name, field.name
                    ));
            }
        }
    }
}
