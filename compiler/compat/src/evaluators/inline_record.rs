//! A payload written inline (`version 2 { fields }`) that now names a
//! record with the same fields (`version 3 = Order`), or the reverse
//! (row R3). The data is the same: changelog (I171). Differences in the
//! fields are reported by the other evaluators.

use crate::schema::Schema;
use crate::walk::{At, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "inline_record";

/// Reports records that moved between inline and named.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Value {
        old: Schema::Record(old),
        new: Schema::Record(new),
        relation: Relation::Same,
        ..
    } = site
    else {
        return;
    };
    if old.inline == new.inline || old.name != new.name {
        return;
    }
    let message = if new.inline {
        format!(
            "`{}` is now written inline instead of naming a record",
            new.name
        )
    } else {
        format!(
            "`{}` now names a record instead of listing its fields inline",
            new.name
        )
    };
    report.add(
        at,
        Direction::Both,
        codes::INLINE_RECORD_NAMED,
        NAME,
        message,
    );
}
