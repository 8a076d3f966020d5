//! A field's default added, changed or removed (rows F10–F12).
//!
//! Readers fill the default when data lacks the field, so a default only
//! matters for data from versions without the field; that is why changing
//! it is a warning rather than an error.
//!
//! * F10 added: info I107.
//! * F11 changed: both directions warn (W108): new and old readers fill
//!   different values for the same event.
//! * F12 removed: BACKWARD warns (W109): new readers can no longer read
//!   data that lacks the field. Pairwise the previous version carries it;
//!   [`crate::check_history`] turns this into E109 against the
//!   versions that do not.
//!
//! An optional field defaults to null; when optionality changes as well,
//! the optionality evaluator reports it instead.

use super::{same_value, show};
use crate::walk::{At, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "default_changed";

/// Reports changed defaults.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Field { old, new, .. } = site else {
        return;
    };
    if old.is_optional() != new.is_optional() {
        return;
    }
    let (before, after) = if old.is_optional() {
        (old.effective_default(), new.effective_default())
    } else {
        (old.default.clone(), new.default.clone())
    };
    match (before, after) {
        (None, Some(_)) if !report.changelog() => {}
        (None, Some(value)) => {
            let message = format!("default {} added to field `{}`", show(&value), at.name());
            report
                .add(at, Direction::Both, codes::DEFAULT_ADDED, NAME, message)
                .set_new(show(&value));
        }
        (Some(value), None) => {
            let message = format!(
                "default removed from field `{}`: consumers on {} can no longer read data from versions that do not carry it",
                at.name(),
                report.new_label()
            );
            report
                .add(
                    at,
                    Direction::Backward,
                    codes::DEFAULT_REMOVED,
                    NAME,
                    message,
                )
                .set_old(show(&value))
                .set_help(format!(
                    "keep the default `= {}` unless every version still in use carries `{}`",
                    show(&value),
                    new.name
                ));
        }
        (Some(before), Some(after)) if !same_value(&before, &after) => {
            let (a, b) = (show(&before), show(&after));
            let message = format!(
                "default of field `{}` changed {a}→{b}: consumers on {} will fill {b} for old data, consumers on {} fill {a}: same event, different values",
                at.name(),
                report.new_label(),
                report.old_label()
            );
            report
                .add(at, Direction::Both, codes::DEFAULT_CHANGED, NAME, message)
                .set_old(a.clone())
                .set_new(b)
                .set_help(format!(
                    "keep the default {a}; if the field's meaning changed, add a new field instead"
                ));
        }
        _ => {}
    }
}
