//! A decimal's precision or scale changed (rows N7–N9). Money amounts have
//! their own evaluator (`money_changed`, M4/M5).
//!
//! * N7 precision increased, same scale: old readers cannot hold the larger
//!   values (FORWARD E136); new readers can, but the Avro specification
//!   (and avro-rs) require equal precision and scale to resolve decimals,
//!   and weft emits Avro schemas (BACKWARD W136).
//! * N8 precision reduced, same scale: old values may overflow (BACKWARD
//!   E137); FORWARD is fine but for the same Avro rule (W136).
//! * N9 scale changed: unscaled values would be misread by a power of ten
//!   in both directions (E138).

use crate::schema::Schema;
use crate::walk::{At, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;
use weft_base::Code;

/// The evaluator's name.
pub const NAME: &str = "decimal_changed";

/// Reports decimal precision and scale changes.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Value {
        old:
            Schema::Decimal {
                precision: p,
                scale: s,
                ..
            },
        new:
            Schema::Decimal {
                precision: q,
                scale: t,
                ..
            },
        relation: Relation::Same,
        ..
    } = site
    else {
        return;
    };
    if at.money_amount || (p == q && s == t) {
        return;
    }
    let (a, b) = (format!("decimal({p}, {s})"), format!("decimal({q}, {t})"));
    let what = at.describe();
    let old_label = report.old_label().to_string();
    let avro = format!(
        "{what} {a}→{b}: the Avro specification (and avro-rs) require equal precision and scale for decimal resolution"
    );
    let mut add = |direction: Direction, code: Code, message: String, help: &str| {
        report
            .add(at, direction, code, NAME, message)
            .set_old(a.clone())
            .set_new(b.clone())
            .set_help(help);
    };
    if s != t {
        let delta = s.abs_diff(*t);
        add(
            Direction::Both,
            codes::DECIMAL_SCALE_CHANGED,
            format!("{what} scale changed {s}→{t}: encoded unscaled values would be misread by a factor of 10^{delta}"),
            "keep the scale; add a new field with the new scale and deprecate this one",
        );
    } else if q > p {
        add(
            Direction::Forward,
            codes::DECIMAL_PRECISION_INCREASED,
            format!(
                "{what} {a}→{b}: consumers on {} cannot represent the new range",
                old_label
            ),
            "upgrade consumers first (BACKWARD), or keep the precision",
        );
        add(
            Direction::Backward,
            codes::DECIMAL_PRECISION_AVRO,
            avro.clone(),
            "keep precision and scale equal if Avro consumers resolve this schema",
        );
    } else {
        add(
            Direction::Backward,
            codes::DECIMAL_PRECISION_REDUCED,
            format!(
                "{what} precision reduced {a}→{b}: values from {} may overflow",
                old_label
            ),
            "upgrade producers first (FORWARD), or keep the precision",
        );
        add(
            Direction::Forward,
            codes::DECIMAL_PRECISION_AVRO,
            avro.clone(),
            "keep precision and scale equal if Avro consumers resolve this schema",
        );
    }
}
