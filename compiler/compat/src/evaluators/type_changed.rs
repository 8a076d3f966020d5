//! A value whose type changed to an unrelated one (row T4): `string ↔ int`,
//! `record ↔ list`, scalar ↔ record, enum ↔ string. No conversion exists in
//! either direction (E123). Related kinds have their own evaluators
//! (numbers, string/bytes, temporal types, money, shapes).

use crate::walk::{At, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "type_changed";

/// Reports unrelated type changes.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Value {
        old,
        new,
        relation: Relation::Unrelated,
        ..
    } = site
    else {
        return;
    };
    let (a, b) = (old.display(), new.display());
    let message = format!(
        "{} changed type {a}→{b}: no conversion exists",
        at.describe()
    );
    report
        .add(at, Direction::Both, codes::TYPE_CHANGED, NAME, message)
        .set_old(a)
        .set_new(b)
        .set_help(format!(
            "add a new field of the new type and deprecate `{}`",
            at.name()
        ));
}
