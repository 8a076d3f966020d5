//! Fields in a different order (row F15): readers match fields by name, so
//! this is a changelog entry (I112). A positional target format would make
//! it an error (E112); weft emits none.

use crate::walk::{At, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "fields_reordered";

/// Reports records whose common fields changed order.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Record { new, matching, .. } = site else {
        return;
    };
    if !report.changelog() {
        return;
    }
    let mut pairs = matching.pairs.clone();
    pairs.sort_by_key(|(_, new_index, _)| *new_index);
    let reordered = pairs.windows(2).any(|pair| pair[0].0 > pair[1].0);
    if reordered {
        let message = format!(
            "fields of `{}` reordered (readers match fields by name)",
            new.name
        );
        report.add(at, Direction::Both, codes::FIELDS_REORDERED, NAME, message);
    }
}
