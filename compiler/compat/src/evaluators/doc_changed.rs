//! Documentation or annotations only (row F16): doc comments,
//! `@deprecated`, `@pii` of records, fields and enums. Changelog (I113).

use crate::schema::Schema;
use crate::walk::{At, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "doc_changed";

/// Reports changed docs and annotations.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    if !report.changelog() {
        return;
    }
    let (what, changes) = match site {
        Site::Record { old, new, .. } => (
            format!("`{}`", new.name),
            changes(&old.doc, &new.doc, &old.deprecated, &new.deprecated, None),
        ),
        Site::Field { old, new, .. } => (
            format!("field `{}`", at.name()),
            changes(
                &old.doc,
                &new.doc,
                &old.deprecated,
                &new.deprecated,
                Some((old.pii, new.pii)),
            ),
        ),
        Site::Value {
            old: Schema::Enum(old),
            new: Schema::Enum(new),
            relation: Relation::Same,
            ..
        } if old.name == new.name => (
            format!("enum `{}`", new.name),
            changes(&old.doc, &new.doc, &None, &None, None),
        ),
        _ => return,
    };
    if changes.is_empty() {
        return;
    }
    let message = format!("{what}: {}", changes.join(", "));
    report.add(at, Direction::Both, codes::DOCS_CHANGED, NAME, message);
}

fn changes(
    old_doc: &str,
    new_doc: &str,
    old_deprecated: &Option<String>,
    new_deprecated: &Option<String>,
    pii: Option<(bool, bool)>,
) -> Vec<&'static str> {
    let mut changes = Vec::new();
    if old_doc.trim() != new_doc.trim() {
        changes.push("documentation changed");
    }
    match (old_deprecated, new_deprecated) {
        (None, Some(_)) => changes.push("deprecated"),
        (Some(_), None) => changes.push("no longer deprecated"),
        (Some(a), Some(b)) if a != b => changes.push("deprecation note changed"),
        _ => {}
    }
    match pii {
        Some((false, true)) => changes.push("marked @pii"),
        Some((true, false)) => changes.push("no longer @pii"),
        _ => {}
    }
    changes
}
