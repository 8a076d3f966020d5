//! A `reserved` name dropped from a record (row F14; cf. Buf
//! `RESERVED_MESSAGE_NO_DELETE`). The tombstone is what stops a later
//! version from reusing the name for something else: both directions
//! break (E111).

use crate::walk::{At, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "reserved_removed";

/// Reports reserved names that disappeared.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Record { old, new, .. } = site else {
        return;
    };
    for name in &old.reserved {
        if new.reserved.contains(name) {
            continue;
        }
        let message = format!("reserved name `{name}` removed from `{}`", new.name);
        report
            .add(
                at,
                Direction::Both,
                codes::RESERVED_NAME_REMOVED,
                NAME,
                message,
            )
            .set_old(format!("reserved {name}"))
            .set_help(format!(
                "keep `reserved {name}`: old data may still carry a field of that name"
            ));
    }
}
