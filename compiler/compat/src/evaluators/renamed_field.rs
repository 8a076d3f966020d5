//! A field renamed (rows F6, F7).
//!
//! * F6 without `@alias`: a removed and an added field of the same type
//!   that cannot both be explained by defaults. Readers match by name, so
//!   it is a removal plus an addition: BACKWARD breaks unless the new field
//!   has a default, FORWARD unless the old one had (E103).
//! * F7 with `@alias("old")` on the new field: new readers find the old
//!   name through the alias (BACKWARD fine), old readers know nothing of
//!   the new name (FORWARD E104, unless the old field had a default).

use super::field_name;
use crate::walk::{At, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "renamed_field";

/// Reports renamed fields.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    match site {
        Site::Record { old, new, matching } => {
            for &(old_index, new_index) in &matching.renamed {
                let (gone, added) = (&old.fields[old_index], &new.fields[new_index]);
                let here = at.field(&added.name, Some(old_index), Some(new_index));
                let message = format!(
                    "field `{}` renamed to `{}` without an alias: treated as removal + addition",
                    field_name(at, &gone.name),
                    here.name()
                );
                let help = format!("add `@alias(\"{}\")` to `{}`", gone.name, added.name);
                let broken = [
                    (Direction::Backward, added.effective_default().is_none()),
                    (Direction::Forward, gone.effective_default().is_none()),
                ];
                for (direction, broken) in broken {
                    if broken {
                        report
                            .add(
                                &here,
                                direction,
                                codes::FIELD_RENAMED_WITHOUT_ALIAS,
                                NAME,
                                message.clone(),
                            )
                            .set_old(gone.name.clone())
                            .set_new(added.name.clone())
                            .set_help(help.clone());
                    }
                }
            }
        }
        Site::Field {
            old,
            new,
            by_alias: true,
        } if old.effective_default().is_none() => {
            let message = format!(
                "field `{}` (alias of `{}`) is unknown to consumers on {}; they still expect `{}`",
                at.name(),
                old.name,
                report.old_label(),
                old.name
            );
            report
                .add(
                    at,
                    Direction::Forward,
                    codes::FIELD_RENAMED_WITH_ALIAS,
                    NAME,
                    message,
                )
                .set_old(old.name.clone())
                .set_new(new.name.clone())
                .set_help("upgrade consumers first (BACKWARD), or keep the old name");
        }
        _ => {}
    }
}
