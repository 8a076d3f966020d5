//! A record or enum renamed (rows T1, T2). Readers match named types by
//! their unqualified name or an alias.
//!
//! * T1 without `@alias`, same structure: both directions break (E120).
//! * T2 with `@alias("Old")` on the new type: new readers resolve the old
//!   name (BACKWARD fine); old readers do not know the new one (FORWARD
//!   E121). The walk then compares the two types' contents.
//!
//! A different name with a different structure is a replacement
//! (`record_replaced`, R2).

use crate::schema::Schema;
use crate::walk::{same_record, At, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "type_renamed";

/// Reports renamed records and enums.
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
    let Some(rename) = renaming(old, new) else {
        return;
    };
    match rename {
        Rename::Aliased { old, new } => {
            let message = format!(
                "consumers on {} do not know type name `{new}` (renamed from `{old}`)",
                report.old_label()
            );
            report
                .add(
                    at,
                    Direction::Forward,
                    codes::TYPE_RENAMED_WITH_ALIAS,
                    NAME,
                    message,
                )
                .set_old(old.clone())
                .set_new(new.clone())
                .set_help(format!(
                    "upgrade consumers first (BACKWARD), or keep the name `{old}`"
                ));
        }
        Rename::Plain { old, new } => {
            let message =
                format!("type `{old}` renamed to `{new}`: readers match named types by name");
            report
                .add(at, Direction::Both, codes::TYPE_RENAMED, NAME, message)
                .set_old(old.clone())
                .set_new(new.clone())
                .set_help(format!("add `@alias(\"{old}\")` to `{new}`"));
        }
    }
}

/// How two named types of the same kind relate by name.
pub(crate) enum Rename<'a> {
    /// The new one has the old one's name as an alias.
    Aliased {
        /// The old name.
        old: &'a String,
        /// The new name.
        new: &'a String,
    },
    /// Different names, same structure, no alias.
    Plain {
        /// The old name.
        old: &'a String,
        /// The new name.
        new: &'a String,
    },
}

/// `Some` when two named types are the same type under another name.
pub(crate) fn renaming<'a>(old: &'a Schema, new: &'a Schema) -> Option<Rename<'a>> {
    let (old_name, new_name, new_aliases, same) = match (old, new) {
        (Schema::Record(old), Schema::Record(new)) => {
            (&old.name, &new.name, &new.aliases, same_record(old, new))
        }
        (Schema::Enum(old), Schema::Enum(new)) => (
            &old.name,
            &new.name,
            &new.aliases,
            old.symbols == new.symbols && old.fallback == new.fallback,
        ),
        _ => return None,
    };
    if old_name == new_name {
        None
    } else if new_aliases.contains(old_name) {
        Some(Rename::Aliased {
            old: old_name,
            new: new_name,
        })
    } else if same {
        Some(Rename::Plain {
            old: old_name,
            new: new_name,
        })
    } else {
        None
    }
}
