//! The topic configurations Apache Kafka knows, with the type and range of
//! each value, so that `weft check` refuses what a broker or Strimzi would
//! refuse — or worse, accept and ignore. Values are Kafka's text form
//! (`"604800000"`, `"true"`, `"delete,compact"`).
//!
//! A generated topic must be accepted by every broker weft supports, 3.9
//! and 4.x alike, so the table holds what both accept: the stricter range
//! where they differ (`segment.bytes` from 1 MiB, as 4.0 requires; 3.x took
//! 14 bytes) and none of the keys 4.0 removed ([`REMOVED`]).

use weft_base::suggest::edit_distance;

/// What a configuration's value must be.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// A whole number in a range (Kafka's INT and LONG).
    Whole { min: i64, max: i64 },
    /// A whole number in a range, or the one value outside it that asks
    /// for the codec's default (gzip's levels are 1 to 9, or -1).
    WholeOrDefault { min: i64, max: i64, default: i64 },
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
    (
        "compression.gzip.level",
        Kind::WholeOrDefault {
            min: 1,
            max: 9,
            default: -1,
        },
    ),
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
    (
        "message.timestamp.after.max.ms",
        Kind::Whole { min: 0, max: LONG },
    ),
    (
        "message.timestamp.before.max.ms",
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
    // Kafka gives `retention.bytes` no validator: any LONG, where a
    // negative one means no limit.
    (
        "retention.bytes",
        Kind::Whole {
            min: i64::MIN,
            max: LONG,
        },
    ),
    ("retention.ms", Kind::Whole { min: -1, max: LONG }),
    (
        "segment.bytes",
        Kind::Whole {
            min: 1 << 20,
            max: INT,
        },
    ),
    ("segment.index.bytes", Kind::Whole { min: 4, max: INT }),
    ("segment.jitter.ms", Kind::Whole { min: 0, max: LONG }),
    ("segment.ms", Kind::Whole { min: 1, max: LONG }),
    ("unclean.leader.election.enable", Kind::Flag),
];

/// Topic configurations Kafka 3.x knew and 4.0 removed (a 4.x broker
/// refuses them as unknown), with what to do instead.
const REMOVED: &[(&str, &str)] = &[
    (
        "message.downconversion.enable",
        "leave it out: a 4.x broker no longer down-converts messages for old consumers",
    ),
    (
        "message.format.version",
        "leave it out: a 4.x broker writes only the current message format",
    ),
    (
        "message.timestamp.difference.max.ms",
        "use `message.timestamp.before.max.ms` and `message.timestamp.after.max.ms` instead",
    ),
];

/// Why a configuration is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigProblem {
    /// Not a topic configuration; the closest known key, if one is close.
    UnknownKey {
        /// `retention.ms` for `retention.msec`.
        suggestion: Option<&'static str>,
    },
    /// A key Kafka 4.0 removed.
    Removed {
        /// What to do instead.
        advice: &'static str,
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
    if let Some((_, advice)) = REMOVED.iter().find(|(removed, _)| *removed == key) {
        return Err(ConfigProblem::Removed { advice });
    }
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
    CONFIGS.iter().any(|(known, kind)| {
        *known == key && matches!(kind, Kind::Whole { .. } | Kind::WholeOrDefault { .. })
    })
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
        Kind::WholeOrDefault { min, max, default } => value
            .parse::<i64>()
            .is_ok_and(|number| number == default || (min..=max).contains(&number)),
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
        Kind::Whole { min, max } if min == i64::MIN && max == LONG => "a whole number".into(),
        Kind::Whole { min, max } if max == LONG => format!("a whole number from {min} on"),
        Kind::Whole { min, max } => format!("a whole number from {min} to {max}"),
        Kind::WholeOrDefault { min, max, default } => {
            format!("a whole number from {min} to {max}, or {default} for the codec's default")
        }
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

    /// The edges where the brokers weft supports differ from a plain range:
    /// gzip's default level beside its range, 4.0's segment floor, a
    /// retention size Kafka does not validate, and the keys 4.0 removed.
    #[test]
    fn values_every_supported_broker_accepts() {
        for level in ["-1", "1", "9"] {
            assert_eq!(check("compression.gzip.level", level), Ok(()), "{level}");
        }
        for level in ["0", "-2", "10"] {
            assert!(check("compression.gzip.level", level).is_err(), "{level}");
        }
        assert_eq!(check("segment.bytes", "1048576"), Ok(()));
        assert!(check("segment.bytes", "1048575").is_err());
        assert!(check("segment.bytes", "14").is_err());
        for size in ["-2", "-1", "0", "9223372036854775807"] {
            assert_eq!(check("retention.bytes", size), Ok(()), "{size}");
        }
        assert!(check("retention.bytes", "9223372036854775808").is_err());
        for key in [
            "message.downconversion.enable",
            "message.format.version",
            "message.timestamp.difference.max.ms",
        ] {
            assert!(!is_known(key), "{key}");
            assert!(
                matches!(check(key, "1"), Err(ConfigProblem::Removed { .. })),
                "{key}"
            );
        }
        assert!(is_whole("compression.gzip.level"));
    }
}
