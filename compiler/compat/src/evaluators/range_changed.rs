//! A number's range (`range min..max`, from the field or its alias)
//! widened or narrowed (rows N10, N11).
//!
//! * Widened (a bound lowered/raised or removed): new readers accept all old
//!   data; old readers validate against the narrower range (FORWARD E139).
//! * Narrowed (a bound raised/lowered or added): old data may violate it
//!   (BACKWARD E140).
//!
//! A range shifted both ways breaks both directions.

use super::{bounds_moved, show_range};
use crate::schema::Schema;
use crate::walk::{At, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "range_changed";

/// Reports numeric range changes.
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
    let (Some((old_minimum, old_maximum)), Some((new_minimum, new_maximum))) =
        (range(old), range(new))
    else {
        return;
    };
    if (old_minimum, old_maximum) == (new_minimum, new_maximum) {
        return;
    }
    let (relaxed, tightened) = bounds_moved(old_minimum, new_minimum, old_maximum, new_maximum);
    if !relaxed && !tightened {
        return;
    }
    let before = show_range(old_minimum, old_maximum);
    let after = show_range(new_minimum, new_maximum);
    let what = at.describe();
    if relaxed {
        let message = format!(
            "{what} range widened from {before} to {after}: consumers on {} validate against the narrower range",
            report.old_label()
        );
        report
            .add(at, Direction::Forward, codes::RANGE_WIDENED, NAME, message)
            .set_old(before.clone())
            .set_new(after.clone())
            .set_help("upgrade consumers first (BACKWARD), or keep the old range");
    }
    if tightened {
        let message = format!(
            "{what} range narrowed from {before} to {after}: data from {} may violate it",
            report.old_label()
        );
        report
            .add(
                at,
                Direction::Backward,
                codes::RANGE_NARROWED,
                NAME,
                message,
            )
            .set_old(before)
            .set_new(after)
            .set_help("upgrade producers first (FORWARD), or keep the old range");
    }
}

fn range(schema: &Schema) -> Option<(Option<&str>, Option<&str>)> {
    match schema {
        Schema::Int32 { minimum, maximum }
        | Schema::Int64 { minimum, maximum }
        | Schema::Float64 { minimum, maximum }
        | Schema::Decimal {
            minimum, maximum, ..
        } => Some((minimum.as_deref(), maximum.as_deref())),
        _ => None,
    }
}
