//! A string's length, pattern or format (`uuid`), or a byte string's
//! length, relaxed or tightened (rows S3, S4).
//!
//! * Relaxed (a bound loosened or removed, a pattern or format removed):
//!   old readers validate against the stricter rule (FORWARD E152).
//! * Tightened (a bound tightened or added, a pattern or format added):
//!   old data may be rejected (BACKWARD E153).
//!
//! A pattern replaced by another is both.

use super::{bounds_moved, show_range};
use crate::schema::Schema;
use crate::walk::{At, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "string_constraint_changed";

struct Rules<'a> {
    minimum: Option<u64>,
    maximum: Option<u64>,
    patterns: &'a [String],
    format: Option<&'a str>,
}

fn rules(schema: &Schema) -> Option<Rules<'_>> {
    match schema {
        Schema::String {
            min_length,
            max_length,
            patterns,
            format,
        } => Some(Rules {
            minimum: *min_length,
            maximum: *max_length,
            patterns,
            format: format.as_deref(),
        }),
        Schema::Bytes {
            min_length,
            max_length,
        } => Some(Rules {
            minimum: *min_length,
            maximum: *max_length,
            patterns: &[],
            format: None,
        }),
        _ => None,
    }
}

/// Reports string constraint changes.
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
    let (Some(before), Some(after)) = (rules(old), rules(new)) else {
        return;
    };
    if before.minimum == after.minimum
        && before.maximum == after.maximum
        && before.patterns == after.patterns
        && before.format == after.format
    {
        return;
    }
    let mut relaxed = Vec::new();
    let mut tightened = Vec::new();
    let text = |bound: Option<u64>| bound.map(|bound| bound.to_string());
    let (loose, tight) = bounds_moved(
        text(before.minimum).as_deref(),
        text(after.minimum).as_deref(),
        text(before.maximum).as_deref(),
        text(after.maximum).as_deref(),
    );
    if loose || tight {
        let length = format!(
            "length {} → {}",
            show_range(before.minimum, before.maximum),
            show_range(after.minimum, after.maximum)
        );
        if loose {
            relaxed.push(length.clone());
        }
        if tight {
            tightened.push(length);
        }
    }
    for pattern in before.patterns {
        if !after.patterns.contains(pattern) {
            relaxed.push(format!("pattern \"{pattern}\" removed"));
        }
    }
    for pattern in after.patterns {
        if !before.patterns.contains(pattern) {
            tightened.push(format!("pattern \"{pattern}\" added"));
        }
    }
    match (before.format, after.format) {
        (Some(format), None) => relaxed.push(format!("format {format} removed")),
        (None, Some(format)) => tightened.push(format!("format {format} added")),
        (Some(a), Some(b)) if a != b => {
            relaxed.push(format!("format {a} removed"));
            tightened.push(format!("format {b} added"));
        }
        _ => {}
    }
    if relaxed.is_empty() && tightened.is_empty() {
        return;
    }
    let what = at.describe();
    if !relaxed.is_empty() {
        let detail = relaxed.join(", ");
        let message = format!(
            "{what} constraint relaxed ({detail}): consumers on {} validate against the stricter rule",
            report.old_label()
        );
        report
            .add(
                at,
                Direction::Forward,
                codes::STRING_CONSTRAINT_RELAXED,
                NAME,
                message,
            )
            .set_old(old.display())
            .set_new(detail)
            .set_help("upgrade consumers first (BACKWARD), or keep the old constraint");
    }
    if !tightened.is_empty() {
        let detail = tightened.join(", ");
        let message = format!(
            "{what} constraint tightened ({detail}): existing data from {} may be rejected",
            report.old_label()
        );
        report
            .add(
                at,
                Direction::Backward,
                codes::STRING_CONSTRAINT_TIGHTENED,
                NAME,
                message,
            )
            .set_old(old.display())
            .set_new(detail)
            .set_help("upgrade producers first (FORWARD), or keep the old constraint");
    }
}
