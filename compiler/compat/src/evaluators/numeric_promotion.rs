//! A number changed to another kind of number (rows N1–N6).
//!
//! | change | BACKWARD (new reads old) | FORWARD (old reads new) |
//! |---|---|---|
//! | N1 `int32 → int64` | ✓ | E130 |
//! | N2 `int64 → int32` | E131 | ✓ |
//! | N3 `int32 → float64` | ✓ | E132 |
//! | N4 `int64 → float64` | W133 (precision above 2^53) | E132 |
//! | N5 `float64 → int32` | E134 | ✓ |
//! | N5 `float64 → int64` | E134 | W133 |
//! | N6 `decimal ↔ int*/float64` | E135 | E135 |

use crate::walk::{kind, At, Kind, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;
use weft_base::Code;

/// The evaluator's name.
pub const NAME: &str = "numeric_promotion";

/// Reports number kind changes.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Value {
        old,
        new,
        relation: Relation::Numeric,
        ..
    } = site
    else {
        return;
    };
    let (Some(from), Some(to)) = (kind(old), kind(new)) else {
        return;
    };
    let (a, b) = (old.display(), new.display());
    let what = at.describe();
    let (old_label, new_label) = (
        report.old_label().to_string(),
        report.new_label().to_string(),
    );
    let mut add = |direction: Direction, code: Code, message: String, help: &str| {
        report
            .add(at, direction, code, NAME, message)
            .set_old(a.clone())
            .set_new(b.clone())
            .set_help(help);
    };
    let widen_help = "upgrade consumers first (BACKWARD), or keep the old type";
    let narrow_help = "upgrade producers first (FORWARD), or keep the old type";
    match (from, to) {
        (Kind::Int32, Kind::Int64) => add(
            Direction::Forward,
            codes::INT_WIDENED,
            format!("{what} widened int32→int64: consumers on {old_label} cannot hold values beyond ±2^31"),
            widen_help,
        ),
        (Kind::Int64, Kind::Int32) => add(
            Direction::Backward,
            codes::INT_NARROWED,
            format!("{what} narrowed int64→int32: data from {old_label} may not fit"),
            narrow_help,
        ),
        (Kind::Int32, Kind::Float64) => add(
            Direction::Forward,
            codes::WIDENED_TO_FLOAT,
            format!("{what} widened int32→float64: consumers on {old_label} cannot hold fractions or values beyond ±2^31"),
            widen_help,
        ),
        (Kind::Int64, Kind::Float64) => {
            add(
                Direction::Backward,
                codes::FLOAT_PRECISION_LOSS,
                format!("{what} int64→float64 loses precision above 2^53: consumers on {new_label} may read old values rounded"),
                "keep int64 if values can exceed 2^53 (9,007,199,254,740,992)",
            );
            add(
                Direction::Forward,
                codes::WIDENED_TO_FLOAT,
                format!("{what} widened int64→float64: consumers on {old_label} cannot hold fractions"),
                widen_help,
            );
        }
        (Kind::Float64, Kind::Int32 | Kind::Int64) => {
            add(
                Direction::Backward,
                codes::FLOAT_NARROWED,
                format!("{what} narrowed float64→{b}: data from {old_label} may carry fractions or values beyond {b}'s range"),
                narrow_help,
            );
            if to == Kind::Int64 {
                add(
                    Direction::Forward,
                    codes::FLOAT_PRECISION_LOSS,
                    format!("{what} float64→int64: consumers on {old_label} read int64 values as float64 and lose precision above 2^53"),
                    "keep float64, or make sure values stay below 2^53",
                );
            }
        }
        _ => add(
            Direction::Both,
            codes::NUMERIC_FAMILY_CHANGED,
            format!("{what} changed numeric family {a}→{b}: not a promotion in any target format"),
            "add a new field of the new type and deprecate the old one",
        ),
    }
}
