//! A record or enum moved to another package (row T3). Readers match names
//! unqualified, so the data still resolves, but generated code and union
//! branch resolution by full name break: both directions warn (W122).

use crate::schema::Schema;
use crate::walk::{At, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "namespace_changed";

/// Reports named types whose namespace changed.
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
    let (old_name, old_namespace, new_name, new_namespace, aliases) = match (old, new) {
        (Schema::Record(old), Schema::Record(new)) => (
            &old.name,
            &old.namespace,
            &new.name,
            &new.namespace,
            &new.aliases,
        ),
        (Schema::Enum(old), Schema::Enum(new)) => (
            &old.name,
            &old.namespace,
            &new.name,
            &new.namespace,
            &new.aliases,
        ),
        _ => return,
    };
    if old_namespace == new_namespace || (old_name != new_name && !aliases.contains(old_name)) {
        return;
    }
    let message = format!(
        "namespace of `{new_name}` changed from `{old_namespace}` to `{new_namespace}`: wire-compatible (names are matched unqualified) but breaks generated code and union branch resolution by full name"
    );
    report
        .add(at, Direction::Both, codes::NAMESPACE_CHANGED, NAME, message)
        .set_old(format!("{old_namespace}.{old_name}"))
        .set_new(format!("{new_namespace}.{new_name}"))
        .set_help("keep the type in its package, or regenerate the code of every producer and consumer with the new name");
}
