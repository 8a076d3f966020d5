//! A field that takes a name the old record reserved (row F13, pairwise).
//!
//! A reserved name belonged to a removed field; data written while it
//! meant something else would be read as the new field. Both directions
//! break (E110). Across versions, without a `reserved` entry, the same
//! problem is found by [`crate::check_history`] in the transitive
//! modes.

use crate::walk::{At, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "reused_field_name";

/// Reports fields that take reserved names.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Record { new, matching, .. } = site else {
        return;
    };
    for &index in &matching.reused {
        let field = &new.fields[index];
        let here = at.field(&field.name, None, Some(index));
        let message = format!(
            "field `{}` reuses the name of a removed field that {} reserved: data written when it meant something else would be misread",
            here.name(),
            report.old_label()
        );
        report
            .add(
                &here,
                Direction::Both,
                codes::FIELD_NAME_REUSED,
                NAME,
                message,
            )
            .set_new(field.schema.display())
            .set_help(format!(
                "pick a new name, and keep `reserved {}` so that nobody reuses it",
                field.name
            ));
    }
}
