//! A nested record (or enum) replaced by a different named one (row R2):
//! another name, no `@alias` linking them, and a different structure. No
//! reader resolves one to the other: both directions break (E170). When
//! only the name differs it is a rename (`type_renamed`, T1/T2).

use super::type_renamed::renaming;
use crate::schema::Schema;
use crate::walk::{At, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "record_replaced";

/// Reports replaced named types.
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
    let (old_name, new_name) = match (old, new) {
        (Schema::Record(old), Schema::Record(new)) => (&old.name, &new.name),
        (Schema::Enum(old), Schema::Enum(new)) => (&old.name, &new.name),
        _ => return,
    };
    if old_name == new_name || renaming(old, new).is_some() {
        return;
    }
    let message = format!(
        "{} now refers to `{new_name}` instead of `{old_name}`",
        at.describe()
    );
    report
        .add(at, Direction::Both, codes::RECORD_REPLACED, NAME, message)
        .set_old(old_name.clone())
        .set_new(new_name.clone())
        .set_help(format!(
            "keep `{old_name}` here and change it compatibly, or add a new field of type `{new_name}` and deprecate this one"
        ));
}
