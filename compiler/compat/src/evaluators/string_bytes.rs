//! `string ↔ bytes` (rows S1, S2). Avro accepts both directions; we follow
//! Buf: text is bytes, but bytes need not be text.
//!
//! * S1 `string → bytes`: new readers take any text as bytes (BACKWARD
//!   fine); old readers expect UTF-8 text and may get arbitrary bytes
//!   (FORWARD E150).
//! * S2 `bytes → string`: old data may not be valid UTF-8 (BACKWARD E151).

use crate::walk::{kind, At, Kind, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "string_bytes";

/// Reports string/bytes changes.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Value {
        old,
        new,
        relation: Relation::StringBytes,
        ..
    } = site
    else {
        return;
    };
    let (a, b) = (old.display(), new.display());
    let what = at.describe();
    if kind(old) == Some(Kind::String) {
        let message = format!(
            "{what} {a}→bytes: consumers on {} expect UTF-8 text; producers on {} may send arbitrary bytes",
            report.old_label(),
            report.new_label()
        );
        report
            .add(
                at,
                Direction::Forward,
                codes::STRING_TO_BYTES,
                NAME,
                message,
            )
            .set_old(a)
            .set_new(b)
            .set_help("upgrade consumers first (BACKWARD), or keep the field text");
    } else {
        let message = format!(
            "{what} bytes→{b}: data from {} may not be valid UTF-8",
            report.old_label()
        );
        report
            .add(
                at,
                Direction::Backward,
                codes::BYTES_TO_STRING,
                NAME,
                message,
            )
            .set_old(a)
            .set_new(b)
            .set_help("upgrade producers first (FORWARD), or keep the field bytes");
    }
}
