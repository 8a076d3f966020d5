//! A value that became optional or required (rows F8, F9 for fields; L3,
//! L4 for list elements and map values).
//!
//! * Required → optional: new readers accept what old writers send
//!   (BACKWARD fine); old readers cannot take the null or absence new
//!   writers may send (FORWARD E105 for a field, E181 for elements/values).
//! * Optional → required (with or without a default): old data may carry
//!   null, which new readers refuse (BACKWARD E106 / E182); FORWARD is fine.

use crate::walk::{At, Position, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "optionality_changed";

/// Reports values whose optionality changed.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Value {
        old,
        new,
        old_optional,
        new_optional,
        ..
    } = site
    else {
        return;
    };
    if old_optional == new_optional || at.position == Position::Root {
        return;
    }
    let field = at.position == Position::Field;
    let (old_type, new_type) = (
        optional(old.display(), *old_optional),
        optional(new.display(), *new_optional),
    );
    if *new_optional {
        let (code, message) = if field {
            (
                codes::FIELD_BECAME_OPTIONAL,
                format!(
                    "{} became optional: consumers on {} require a value, but producers on {} may omit it or send null",
                    at.describe(),
                    report.old_label(),
                    report.new_label()
                ),
            )
        } else {
            (
                codes::ELEMENT_BECAME_OPTIONAL,
                format!(
                    "{} became optional: consumers on {} require every one, but producers on {} may send null",
                    at.describe(),
                    report.old_label(),
                    report.new_label()
                ),
            )
        };
        report
            .add(at, Direction::Forward, code, NAME, message)
            .set_old(old_type)
            .set_new(new_type)
            .set_help(if field {
                "keep it required (a default lets producers leave it out of their code), or upgrade consumers first (BACKWARD)"
            } else {
                "keep the elements required, or upgrade consumers first (BACKWARD)"
            });
    } else {
        let (code, message) = if field {
            (
                codes::FIELD_BECAME_REQUIRED,
                format!(
                    "{} became required: data from producers on {} may contain null or lack it",
                    at.describe(),
                    report.old_label()
                ),
            )
        } else {
            (
                codes::ELEMENT_BECAME_REQUIRED,
                format!(
                    "{} became required: data from producers on {} may contain null",
                    at.describe(),
                    report.old_label()
                ),
            )
        };
        report
            .add(at, Direction::Backward, code, NAME, message)
            .set_old(old_type)
            .set_new(new_type)
            .set_help(
                "keep it optional (a default does not help: old data may carry null explicitly), or upgrade producers first (FORWARD)",
            );
    }
}

fn optional(ty: String, optional: bool) -> String {
    if optional {
        format!("{ty}?")
    } else {
        ty
    }
}
