//! Temporal types changed (rows D1–D5). Avro's Java checker accepts most of
//! these (same physical int/long); the values would mean something else,
//! so every one breaks both directions.
//!
//! * D1 `date ↔ timestamp` (E200).
//! * D2 timestamp precision `ms ↔ us ↔ ns` (E201).
//! * D3 instant ↔ local timestamp (E202): weft timestamps are instants;
//!   schemas converted from other languages may carry local ones.
//! * D4 temporal meaning dropped or added: `timestamp`/`date`/`duration` ↔
//!   `int32`/`int64` (E203).
//! * D5 temporal ↔ `string` (E204).

use crate::schema::Schema;
use crate::walk::{kind, At, Kind, Relation, Report, Site};
use crate::Direction;
use weft_base::codes;

/// The evaluator's name.
pub const NAME: &str = "temporal_changed";

/// Reports temporal changes.
pub fn evaluate(site: &Site<'_>, at: &At, report: &mut Report<'_>) {
    let Site::Value {
        old, new, relation, ..
    } = site
    else {
        return;
    };
    // Most values are neither: their texts are not made.
    let changed = match (relation, old, new) {
        (
            Relation::Same,
            Schema::Timestamp { unit: u, local: l },
            Schema::Timestamp { unit: v, local: m },
        ) => l != m || u != v,
        (Relation::Temporal, _, _) => true,
        _ => false,
    };
    if !changed {
        return;
    }
    let (a, b) = (old.display(), new.display());
    let what = at.describe();
    let (code, message, help) = match (relation, old, new) {
        (
            Relation::Same,
            Schema::Timestamp { unit: u, local: l },
            Schema::Timestamp { unit: v, local: m },
        ) => {
            if l != m {
                (
                    codes::TIMESTAMP_ZONE_CHANGED,
                    format!("{what} changed {a}→{b}: an instant and a wall-clock time without a zone are different values"),
                    "keep the timestamp's kind; add a new field and deprecate this one",
                )
            } else if u != v {
                let factor = match (u.as_str(), v.as_str()) {
                    ("ms", "ns") | ("ns", "ms") => "1,000,000",
                    _ => "1000",
                };
                (
                    codes::TIMESTAMP_PRECISION_CHANGED,
                    format!("{what} timestamp precision {}→{}: encoded values would be misread by a factor of {factor}", u.as_str(), v.as_str()),
                    "keep the precision; add a new field with the new precision and deprecate this one",
                )
            } else {
                return;
            }
        }
        (Relation::Temporal, _, _) => {
            let (Some(from), Some(to)) = (kind(old), kind(new)) else {
                return;
            };
            let temporal =
                |kind: Kind| matches!(kind, Kind::Date | Kind::Timestamp | Kind::Duration);
            match (from, to) {
                (Kind::Date, Kind::Timestamp) | (Kind::Timestamp, Kind::Date) => (
                    codes::DATE_TIMESTAMP_CHANGED,
                    format!("{what} changed {a}→{b}: same physical int/long, different meaning (Avro's Java checker would accept it as int→long; weft does not)"),
                    "keep the type; add a new field and deprecate this one",
                ),
                (x, Kind::String) | (Kind::String, x) if temporal(x) => (
                    codes::TEMPORAL_STRING_CHANGED,
                    format!("{what} changed {a}→{b}: text and {} are encoded differently", if temporal(from) { &a } else { &b }),
                    "keep the type; add a new field and deprecate this one",
                ),
                _ => (
                    codes::TEMPORAL_MEANING_CHANGED,
                    if temporal(from) {
                        format!("{what} lost its temporal meaning ({a}→{b})")
                    } else {
                        format!("{what} gained a temporal meaning ({a}→{b})")
                    },
                    "keep the type; Avro treats this as compatible, but consumers would read numbers as times or times as numbers",
                ),
            }
        }
        _ => return,
    };
    report
        .add(at, Direction::Both, code, NAME, message)
        .set_old(a.clone())
        .set_new(b.clone())
        .set_help(help);
}
