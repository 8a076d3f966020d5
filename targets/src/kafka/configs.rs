//! The topic configurations Apache Kafka knows (3.x and 4.x), with the type
//! and range of each value, so that `weft check` refuses what a broker or
//! Strimzi would refuse — or worse, accept and ignore. Values are Kafka's
//! text form (`"604800000"`, `"true"`, `"delete,compact"`).

use weft_base::suggest::edit_distance;

/// What a configuration's value must be.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// A whole number in a range (Kafka's INT and LONG).
    Whole { min: i64, max: i64 },
    /// A fraction in a range (Kafka's DOUBLE).
    Fraction { min: f64, max: f64 },
    /// `true` or `false`.
    Flag,
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// A comma-separated, non-empty list of these words.
    ListOf(&'static [&'static str]),
    /// Free text (replica lists of the throttles).
    Text,
}

const INT: i64 = i32::MAX as i64;
const LONG: i64 = i64::MAX;

/// Every topic configuration, by key.
const CONFIGS: &[(&str, Kind)] = &[
    ("cleanup.policy", Kind::ListOf(&["delete", "compact"])),
    ("compression.gzip.level", Kind::Whole { min: -1, max: 9 }),
    ("compression.lz4.level", Kind::Whole { min: 1, max: 17 }),
    (
        "compression.type",
        Kind::OneOf(&["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"]),
    ),
    (
        "compression.zstd.level",
        Kind::Whole {
            min: -131_072,
            max: 22,
        },
    ),
    ("delete.retention.ms", Kind::Whole { min: 0, max: LONG }),
    ("file.delete.delay.ms", Kind::Whole { min: 0, max: LONG }),
    ("flush.messages", Kind::Whole { min: 1, max: LONG }),
    ("flush.ms", Kind::Whole { min: 0, max: LONG }),
    ("follower.replication.throttled.replicas", Kind::Text),
    ("index.interval.bytes", Kind::Whole { min: 0, max: INT }),
    ("leader.replication.throttled.replicas", Kind::Text),
    ("local.retention.bytes", Kind::Whole { min: -2, max: LONG }),
    ("local.retention.ms", Kind::Whole { min: -2, max: LONG }),
    ("max.compaction.lag.ms", Kind::Whole { min: 1, max: LONG }),
    ("max.message.bytes", Kind::Whole { min: 0, max: INT }),
    ("message.downconversion.enable", Kind::Flag),
    (
        "message.timestamp.after.max.ms",
        Kind::Whole { min: 0, max: LONG },
    ),
    (
        "message.timestamp.before.max.ms",
        Kind::Whole { min: 0, max: LONG },
    ),
    (
        "message.timestamp.difference.max.ms",
        Kind::Whole { min: 0, max: LONG },
    ),
    (
        "message.timestamp.type",
        Kind::OneOf(&["CreateTime", "LogAppendTime"]),
    ),
    (
        "min.cleanable.dirty.ratio",
        Kind::Fraction { min: 0.0, max: 1.0 },
    ),
    ("min.compaction.lag.ms", Kind::Whole { min: 0, max: LONG }),
    ("min.insync.replicas", Kind::Whole { min: 1, max: INT }),
    ("preallocate", Kind::Flag),
    ("remote.log.copy.disable", Kind::Flag),
    ("remote.log.delete.on.disable", Kind::Flag),
    ("remote.storage.enable", Kind::Flag),
    ("retention.bytes", Kind::Whole { min: -1, max: LONG }),
    ("retention.ms", Kind::Whole { min: -1, max: LONG }),
    ("segment.bytes", Kind::Whole { min: 14, max: INT }),
    ("segment.index.bytes", Kind::Whole { min: 4, max: INT }),
    ("segment.jitter.ms", Kind::Whole { min: 0, max: LONG }),
    ("segment.ms", Kind::Whole { min: 1, max: LONG }),
    ("unclean.leader.election.enable", Kind::Flag),
];

/// Why a configuration is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// Not a topic configuration; the closest known key, if one is close.
    UnknownKey {
        /// `retention.ms` for `retention.msec`.
        suggestion: Option<&'static str>,
    },
    /// The value does not fit; what it must be, in words.
    BadValue {
        /// "a whole number from 0 to 2147483647".
        expected: String,
    },
}

/// Whether Kafka knows `key` as a topic configuration.
pub fn is_known(key: &str) -> bool {
    CONFIGS.iter().any(|(known, _)| *known == key)
}

/// Checks one configuration in Kafka's text form.
pub fn check(key: &str, value: &str) -> Result<(), ConfigProblem> {
    let Some((_, kind)) = CONFIGS.iter().find(|(known, _)| *known == key) else {
        let suggestion = CONFIGS
            .iter()
            .map(|(known, _)| (edit_distance(key, known), *known))
            .filter(|(distance, known)| *distance <= (known.len() / 4).max(1))
            .min()
            .map(|(_, known)| known);
        return Err(ConfigProblem::UnknownKey { suggestion });
    };
    if fits(*kind, value) {
        Ok(())
    } else {
        Err(ConfigProblem::BadValue {
            expected: expected(*kind),
        })
    }
}

/// Whether a key's value is a whole number (so that Strimzi resources can
/// write it as a YAML number rather than a string).
pub fn is_whole(key: &str) -> bool {
    CONFIGS
        .iter()
        .any(|(known, kind)| *known == key && matches!(kind, Kind::Whole { .. }))
}

/// Whether a key's value is `true`/`false`.
pub fn is_flag(key: &str) -> bool {
    CONFIGS
        .iter()
        .any(|(known, kind)| *known == key && matches!(kind, Kind::Flag))
}

fn fits(kind: Kind, value: &str) -> bool {
    match kind {
        Kind::Whole { min, max } => value
            .parse::<i64>()
            .is_ok_and(|number| (min..=max).contains(&number)),
        Kind::Fraction { min, max } => value
            .parse::<f64>()
            .is_ok_and(|number| number.is_finite() && (min..=max).contains(&number)),
        Kind::Flag => matches!(value, "true" | "false"),
        Kind::OneOf(words) => words.contains(&value),
        Kind::ListOf(words) => {
            let items: Vec<&str> = value.split(',').map(str::trim).collect();
            !items.is_empty() && items.iter().all(|item| words.contains(item))
        }
        Kind::Text => !value.contains(['\n', '\r']),
    }
}

fn expected(kind: Kind) -> String {
    match kind {
        Kind::Whole { min, max } if max == LONG => format!("a whole number from {min} on"),
        Kind::Whole { min, max } => format!("a whole number from {min} to {max}"),
        Kind::Fraction { min, max } => format!("a number from {min} to {max}"),
        Kind::Flag => "`true` or `false`".into(),
        Kind::OneOf(words) => format!("one of {}", words.join(", ")),
        Kind::ListOf(words) => format!("a comma-separated list of {}", words.join(", ")),
        Kind::Text => "one line of text".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        for pair in CONFIGS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
    }

    #[test]
    fn values_by_kind() {
        assert_eq!(check("retention.ms", "-1"), Ok(()));
        assert!(check("retention.ms", "-2").is_err());
        assert!(check("retention.ms", "7d").is_err());
        assert_eq!(check("cleanup.policy", "compact,delete"), Ok(()));
        assert!(check("cleanup.policy", "compact,archive").is_err());
        assert_eq!(check("min.cleanable.dirty.ratio", "0.5"), Ok(()));
        assert!(check("min.cleanable.dirty.ratio", "1.5").is_err());
        assert!(check("preallocate", "yes").is_err());
        assert!(check("max.message.bytes", "4294967296").is_err());
        assert_eq!(
            check("retention.msec", "1"),
            Err(ConfigProblem::UnknownKey {
                suggestion: Some("retention.ms")
            })
        );
        assert_eq!(
            check("colour", "red"),
            Err(ConfigProblem::UnknownKey { suggestion: None })
        );
        assert!(is_whole("segment.ms") && !is_whole("preallocate") && is_flag("preallocate"));
    }
}
