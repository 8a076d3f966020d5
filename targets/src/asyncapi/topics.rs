//! The Kafka topic of each event version and of each dead-letter route, as
//! the AsyncAPI channel bindings describe them: partitions, replicas and
//! topic configuration derived from the event's delivery class, retention,
//! compaction and dead-letter clause.
//!
//! # Settings per delivery class
//!
//! | `delivery` | partitions | `min.insync.replicas` | why |
//! | --- | --- | --- | --- |
//! | `real_time` | 12 | 2 (of 3 replicas) | many consumer instances in parallel, no acknowledged write lost |
//! | `near_real_time`, or none given | 6 | 2 | the everyday default |
//! | `batch` | 3 | 2 | few, large runs; parallelism matters less than ordering |
//!
//! Every topic also gets `replicas` (3, or `[targets.asyncapi] replicas`),
//! `unclean.leader.election.enable: false` (an out-of-sync replica never
//! becomes leader, so acknowledged events are not lost), and
//! `min.insync.replicas` = 2 when there are at least 3 replicas, else 1.
//!
//! # Retention and compaction
//!
//! | event | `cleanup.policy` | `retention.ms` |
//! | --- | --- | --- |
//! | `retention 30d` | `[delete]` | 2592000000 |
//! | `retention forever` (or no `retention`) | `[delete]` | -1 |
//! | `compacted`, `retention forever` | `[compact]` | -1 |
//! | `compacted`, `retention 30d` | `[compact, delete]` | 2592000000 |
//!
//! Compacted topics also set `delete.retention.ms: 86400000`: tombstones
//! stay a day, so that a consumer that was down for less than a day still
//! sees deletions.
//!
//! # Dead-letter topics
//!
//! An event with `dead_letter` has a dead-letter topic per version,
//! `<topic>.dlq` (`production.schedule_changed.v1.dlq`); with
//! `dead_letter "name"` every version shares the topic `name`. A dead-letter
//! topic has 1 partition (dead letters are rare, and one partition keeps
//! them in the order they failed), is never compacted (two failed events
//! with the same key must both stay), and keeps messages at least 30 days
//! (for ever when the event is kept for ever, else the longer of the
//! event's retention and 30 days), so that there is time to inspect and
//! replay them.

use crate::naming;
use weft_model::{Delivery, EventId, Model};

/// Partitions and settings that follow from a delivery class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeliveryProfile {
    /// Number of partitions.
    pub partitions: u32,
}

/// The profile of a delivery class (`None` = not declared).
pub fn delivery_profile(delivery: Option<Delivery>) -> DeliveryProfile {
    match delivery {
        Some(Delivery::RealTime) => DeliveryProfile { partitions: 12 },
        Some(Delivery::Batch) => DeliveryProfile { partitions: 3 },
        Some(Delivery::NearRealTime) | None => DeliveryProfile { partitions: 6 },
    }
}

/// How long dead letters are kept at least: 30 days.
pub const DEAD_LETTER_MIN_RETENTION_MS: u64 = 30 * 24 * 60 * 60 * 1000;
/// How long tombstones stay on a compacted topic: one day.
pub const TOMBSTONE_RETENTION_MS: u64 = 24 * 60 * 60 * 1000;

/// One Kafka topic as the channel binding describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicPlan {
    /// The topic name.
    pub name: String,
    /// Number of partitions.
    pub partitions: u32,
    /// Replication factor.
    pub replicas: u32,
    /// `cleanup.policy`: `delete`, `compact` or both.
    pub cleanup_policy: Vec<&'static str>,
    /// `retention.ms`; -1 = for ever.
    pub retention_ms: i64,
    /// `delete.retention.ms`, for compacted topics.
    pub delete_retention_ms: Option<u64>,
    /// `min.insync.replicas`.
    pub min_insync_replicas: u32,
}

/// `min.insync.replicas` for a replication factor: 2 from 3 replicas on,
/// else 1 (so that one broker can always be down).
pub fn min_insync_replicas(replicas: u32) -> u32 {
    if replicas >= 3 {
        2
    } else {
        1
    }
}

fn retention(ms: Option<u64>) -> i64 {
    ms.map_or(-1, |ms| i64::try_from(ms).unwrap_or(i64::MAX))
}

/// The topic of one event version.
pub fn event_topic(model: &Model, event: EventId, version: u32, replicas: u32) -> TopicPlan {
    let decl = model.event(event);
    let cleanup_policy = match (decl.compacted, decl.retention_ms) {
        (false, _) => vec!["delete"],
        (true, None) => vec!["compact"],
        (true, Some(_)) => vec!["compact", "delete"],
    };
    TopicPlan {
        name: naming::topic(model, event, version),
        partitions: delivery_profile(decl.delivery).partitions,
        replicas,
        cleanup_policy,
        retention_ms: retention(decl.retention_ms),
        delete_retention_ms: decl.compacted.then_some(TOMBSTONE_RETENTION_MS),
        min_insync_replicas: min_insync_replicas(replicas),
    }
}

/// The dead-letter topic of an event version: `<topic>.dlq`, or the topic
/// named in `dead_letter "name"`; `None` without a dead-letter route.
pub fn dead_letter_topic_name(model: &Model, event: EventId, version: u32) -> Option<String> {
    match model.event(event).dead_letter.as_ref()? {
        Some(named) => Some(named.clone()),
        None => Some(format!("{}.dlq", naming::topic(model, event, version))),
    }
}

/// The dead-letter topic of an event version, if it has one.
pub fn dead_letter_topic(
    model: &Model,
    event: EventId,
    version: u32,
    replicas: u32,
) -> Option<TopicPlan> {
    let name = dead_letter_topic_name(model, event, version)?;
    let retention_ms = model
        .event(event)
        .retention_ms
        .map(|ms| ms.max(DEAD_LETTER_MIN_RETENTION_MS));
    Some(TopicPlan {
        name,
        partitions: 1,
        replicas,
        cleanup_policy: vec!["delete"],
        retention_ms: retention(retention_ms),
        delete_retention_ms: None,
        min_insync_replicas: min_insync_replicas(replicas),
    })
}

/// Whether a name is a legal Kafka topic: 1 to 249 of `[a-zA-Z0-9._-]`,
/// and not `.` or `..`.
pub fn is_valid_topic(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 249
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_classes() {
        assert_eq!(delivery_profile(Some(Delivery::RealTime)).partitions, 12);
        assert_eq!(delivery_profile(Some(Delivery::NearRealTime)).partitions, 6);
        assert_eq!(delivery_profile(None).partitions, 6);
        assert_eq!(delivery_profile(Some(Delivery::Batch)).partitions, 3);
        assert_eq!(min_insync_replicas(3), 2);
        assert_eq!(min_insync_replicas(1), 1);
    }

    #[test]
    fn topic_names() {
        assert!(is_valid_topic("production.schedule_changed.v1.dlq"));
        assert!(!is_valid_topic("a topic"));
        assert!(!is_valid_topic(".."));
        assert!(!is_valid_topic("{x}"));
        assert!(!is_valid_topic(&"x".repeat(250)));
    }
}
