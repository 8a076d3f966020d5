//! Money changed (rows M4–M6). weft's money is a record `{amount:
//! decimal(p, s), currency}` such as `std.Money`; the walk marks its
//! `amount`, and this evaluator judges the amount's decimal instead of
//! `decimal_changed`.
//!
//! * M4 amount precision increased: old readers cannot hold the new range
//!   (FORWARD E213); reduced: old amounts may overflow (BACKWARD E214).
//! * M5 amount scale (minor units) changed: misread by a power of ten
//!   (E215 both ways).
//! * M6 money ↔ a plain number: the currency would be lost or invented
//!   (E216 both ways).
//!
//! M1–M3 (fixed-currency money such as `money<EUR>`) cannot be written in
//! weft: `currency` is always free.

use crate::schema::Schema;
use crate::walk::{At, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "money_changed";

/// Reports money changes.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    match site {
        Site::Value {
            old,
            new,
            relation: Relation::Money,
            ..
        } => {
            let (a, b) = (old.display(), new.display());
            let lost = matches!(old, Schema::Record(_));
            let message = format!(
                "{} changed money↔decimal ({a}→{b}): the currency would be {}",
                at.describe(),
                if lost { "lost" } else { "invented" }
            );
            report
                .add(
                    at,
                    Direction::Both,
                    codes::MONEY_DECIMAL_CHANGED,
                    NAME,
                    message,
                )
                .set_old(a)
                .set_new(b)
                .set_help("keep the type; add a new field and deprecate this one");
        }
        Site::Value {
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
        } if at.money_amount && (p != q || s != t) => {
            let (a, b) = (format!("decimal({p}, {s})"), format!("decimal({q}, {t})"));
            let what = at.describe();
            let (direction, code, message, help) = if s != t {
                (
                    Direction::Both,
                    codes::MONEY_SCALE_CHANGED,
                    format!(
                        "{what} amount scale (minor units) changed {s}→{t}: amounts would be misread by a factor of 10^{}",
                        s.abs_diff(*t)
                    ),
                    "keep the scale; add a new money field and deprecate this one",
                )
            } else if q > p {
                (
                    Direction::Forward,
                    codes::MONEY_PRECISION_INCREASED,
                    format!(
                        "{what} amount precision increased {a}→{b}: consumers on {} cannot represent the new range",
                        report.old_label()
                    ),
                    "upgrade consumers first (BACKWARD), or keep the precision",
                )
            } else {
                (
                    Direction::Backward,
                    codes::MONEY_PRECISION_REDUCED,
                    format!(
                        "{what} amount precision reduced {a}→{b}: amounts from {} may overflow",
                        report.old_label()
                    ),
                    "upgrade producers first (FORWARD), or keep the precision",
                )
            };
            report
                .add(at, direction, code, NAME, message)
                .set_old(a)
                .set_new(b)
                .set_help(help);
        }
        _ => {}
    }
}
