//! A field the old record has and the new one does not (rows F4, F5).
//!
//! * F4 the old field is optional or has a default: info I102 — old readers
//!   fill the default. When that default looks like real data (an empty
//!   string, `0`, `-1`, `"UNKNOWN"`, ...) old readers will take it for data:
//!   FORWARD warns (W103).
//! * F5 the old field is required without a default: FORWARD breaks (E102):
//!   old readers find nothing to fill it with. BACKWARD is fine: new readers
//!   skip it.

use super::show;
use crate::walk::{At, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "removed_field";

/// Reports fields removed from a record.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Record { old, matching, .. } = site else {
        return;
    };
    for &index in &matching.removed {
        let field = &old.fields[index];
        let here = at.field(&field.name, Some(index), None);
        let ty = field.schema.display();
        match field.effective_default() {
            Some(value) => {
                if report.changelog() {
                    let fills = if value.is_null() {
                        "will see it as absent".to_string()
                    } else {
                        format!("will use its default {}", show(&value))
                    };
                    let message = format!(
                        "field `{}` removed (consumers on {} {fills})",
                        here.name(),
                        report.old_label()
                    );
                    report
                        .add(
                            &here,
                            Direction::Both,
                            codes::FIELD_REMOVED_WITH_DEFAULT,
                            NAME,
                            message,
                        )
                        .set_old(ty.clone());
                }
                if is_sentinel(&value) {
                    let old_label = report.old_label().to_string();
                    let message = format!(
                        "field `{}` was removed: consumers on {} will fill its default {} for every new event, and may take it for real data",
                        here.name(),
                        report.old_label(),
                        show(&value)
                    );
                    report
                        .add(&here, Direction::Forward, codes::SENTINEL_DEFAULT_REMOVED, NAME, message)
                        .set_old(format!("{ty} = {}", show(&value)))
                        .set_help(format!(
                            "make sure consumers on {} treat {} as \"not known\", or keep producing `{}` until they are upgraded",
                            old_label,
                            show(&value),
                            field.name
                        ));
                }
            }
            None => {
                let message = format!(
                    "field `{}` was removed, but consumers on {} require it (no default): they cannot decode data from producers on {}",
                    here.name(),
                    report.old_label(),
                    report.new_label()
                );
                report
                    .add(&here, Direction::Forward, codes::REQUIRED_FIELD_REMOVED, NAME, message)
                    .set_old(ty)
                    .set_help(format!(
                        "first release a version that gives `{}` a default, or keep producing it, or switch this type to BACKWARD and upgrade consumers first",
                        field.name
                    ));
            }
        }
    }
}

/// Whether a default looks like a value that stands for "not known" but
/// that consumers could take for data.
pub(crate) fn is_sentinel(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Number(number) => number
            .as_f64()
            .is_some_and(|number| number == 0.0 || number == -1.0),
        serde_json::Value::String(text) => {
            let text = text.trim().to_ascii_lowercase();
            matches!(
                text.as_str(),
                "" | "-"
                    | "?"
                    | "n/a"
                    | "na"
                    | "none"
                    | "unknown"
                    | "tbd"
                    | "unspecified"
                    | "0000-00-00"
                    | "1970-01-01"
            )
        }
        _ => false,
    }
}
