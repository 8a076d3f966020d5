//! A value that became a list or map of itself, or the reverse, or a list
//! that became a map (row L2). Both directions break (E180).

use crate::walk::{At, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "shape_changed";

/// Reports shape changes.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Value {
        old,
        new,
        relation: Relation::Shape,
        ..
    } = site
    else {
        return;
    };
    let (a, b) = (old.display(), new.display());
    let message = format!("{} changed shape {a}→{b}", at.describe());
    report
        .add(at, Direction::Both, codes::SHAPE_CHANGED, NAME, message)
        .set_old(a)
        .set_new(b)
        .set_help(format!(
            "add a new field with the new shape and deprecate `{}`",
            at.name()
        ));
}
