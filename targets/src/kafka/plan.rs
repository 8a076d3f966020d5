//! The topic plan: every Kafka topic of the landscape, computed once from
//! the resolved model and `[targets]`, read by the `kafka` target (its
//! `topics.json` and Strimzi resources), the `asyncapi` target (channel
//! bindings), the topic checks of `weft check` and `weft topics`.
//!
//! # Topics
//!
//! - **Event topics**: one per event version, `<domain>.<event>.v<N>`
//!   ([`naming::topic`]).
//! - **Dead-letter topics**: for an event with `dead_letter`, one per
//!   version, `<topic>.dlq`; with `dead_letter "name"` every version shares
//!   `name`. One partition (dead letters are rare, one partition keeps them in
//!   the order they failed), never compacted (two failed events with the
//!   same key must both stay), kept at least 30 days (for ever when the event
//!   is kept for ever, else the longer of the event's retention and 30 days;
//!   a shared topic keeps its longest source's retention).
//! - **Retry topics**: when a `retry` rule applies to the event (applied to
//!   the event, its producer or its domain; the most specific wins) and some
//!   system or workflow reads the version, one topic per distinct backoff
//!   delay, `<topic>-retry-<delay in ms>`: the names Spring Kafka's
//!   `@RetryableTopic` gives them with its delay-value suffix
//!   (`production.schedule_changed.v1-retry-1000`). The delays are
//!   `every × backoff^k` for each of the rule's attempts, capped by `max`;
//!   attempts that reach the cap reuse the last topic (Spring's
//!   `SameIntervalTopicReuseStrategy.SINGLE_TOPIC`). A retry topic has the
//!   event topic's partitions and retention and is never compacted.
//!
//! # Settings of every topic
//!
//! | `delivery` | partitions |
//! | --- | --- |
//! | `real_time` | 12 |
//! | `near_real_time`, or none given | 6 |
//! | `batch` | 3 |
//!
//! (`[targets.kafka] partitions` changes these; `@partitions(N)` on the
//! event wins.) Replicas: `@replicas(N)`, else `[targets.kafka] replicas`,
//! else `[targets.asyncapi] replicas`, else 3. `min.insync.replicas` is 2
//! from 3 replicas on, else 1; `unclean.leader.election.enable` is `false`
//! (an out-of-sync replica never becomes leader, so acknowledged events are
//! not lost).
//!
//! | event | `cleanup.policy` | `retention.ms` |
//! | --- | --- | --- |
//! | `retention 30d` | `delete` | 2592000000 |
//! | `retention forever` (or no `retention`) | `delete` | -1 |
//! | `compacted`, `retention forever` | `compact` | -1 |
//! | `compacted`, `retention 30d` | `compact,delete` | 2592000000 |
//!
//! Compacted topics also set `delete.retention.ms` to a day, so that a
//! consumer that was down for less than a day still sees deletions. Then
//! `[targets.kafka] configs` are added to every topic, and an event's
//! `@topic_config` to its own topics (dead-letter and retry topics keep
//! their own `cleanup.policy` and `retention.ms`).

use super::Settings as KafkaSettings;
use crate::naming;
use crate::settings::TargetSettings;
use std::collections::BTreeMap;
use weft_base::Span;
use weft_model::{Consumer, Event, EventId, Model, RetryPolicy, RuleKind, SystemId, WorkflowId};

/// How long dead letters are kept at least: 30 days.
pub const DEAD_LETTER_MIN_RETENTION_MS: u64 = 30 * 24 * 60 * 60 * 1000;
/// How long tombstones stay on a compacted topic: one day.
pub const TOMBSTONE_RETENTION_MS: u64 = 24 * 60 * 60 * 1000;
/// The default replication factor.
pub const DEFAULT_REPLICAS: u32 = 3;

/// What a topic is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TopicRole {
    /// The topic of an event version.
    Event,
    /// Where consumers put what they cannot process.
    DeadLetter,
    /// A non-blocking retry topic, holding messages for this delay.
    Retry {
        /// The delay in milliseconds.
        delay_ms: u64,
    },
}

impl TopicRole {
    /// `event`, `dead_letter` or `retry`, as `topics.json` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            TopicRole::Event => "event",
            TopicRole::DeadLetter => "dead_letter",
            TopicRole::Retry { .. } => "retry",
        }
    }
}

/// Who reads an event version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reader {
    /// A system's `consumes` clause.
    System(SystemId),
    /// A workflow's trigger or wait; the system is its host.
    Workflow(SystemId, WorkflowId),
}

impl Reader {
    /// The system that runs the consumer.
    pub fn system(self) -> SystemId {
        match self {
            Reader::System(system) | Reader::Workflow(system, _) => system,
        }
    }
}

/// One Kafka topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topic {
    /// The topic name.
    pub name: String,
    /// What it is for.
    pub role: TopicRole,
    /// The event versions it carries (several for a shared dead-letter
    /// topic), in topic order.
    pub sources: Vec<(EventId, u32)>,
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
    /// Every other configuration (`[targets.kafka] configs` and
    /// `@topic_config`), in Kafka's text form.
    pub extra: BTreeMap<String, String>,
}

impl Topic {
    /// Every configuration of the topic, in Kafka's text form, by key.
    pub fn configs(&self) -> BTreeMap<String, String> {
        let mut configs = self.extra.clone();
        configs.insert("cleanup.policy".into(), self.cleanup_policy.join(","));
        configs.insert("retention.ms".into(), self.retention_ms.to_string());
        if let Some(ms) = self.delete_retention_ms {
            configs.insert("delete.retention.ms".into(), ms.to_string());
        }
        configs.insert(
            "min.insync.replicas".into(),
            self.min_insync_replicas.to_string(),
        );
        configs
            .entry("unclean.leader.election.enable".into())
            .or_insert_with(|| "false".into());
        configs
    }
}

/// Every topic of the landscape, by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopicPlan {
    /// The topics, sorted by name; a name appears once (collisions are
    /// reported by [`super::validate`], and the first source keeps it).
    pub topics: Vec<Topic>,
}

impl TopicPlan {
    /// The topic with this name.
    pub fn topic(&self, name: &str) -> Option<&Topic> {
        self.topics
            .binary_search_by(|topic| topic.name.as_str().cmp(name))
            .ok()
            .and_then(|index| self.topics.get(index))
    }
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

/// The replication factor of an event's topics.
pub fn replicas(settings: &TargetSettings, model: &Model, event: EventId) -> u32 {
    model
        .event(event)
        .topic
        .replicas
        .as_ref()
        .and_then(|annotated| u32::try_from(annotated.value).ok())
        .filter(|replicas| *replicas >= 1)
        .or(settings.kafka.replicas)
        .unwrap_or(settings.asyncapi.replicas)
}

/// The dead-letter topic's name of an event version, if it has one.
pub fn dead_letter_topic_name(model: &Model, event: EventId, version: u32) -> Option<String> {
    let decl = model.event(event);
    decl.dead_letter.as_ref()?;
    dead_letter_topic_for(decl, &naming::topic(model, event, version))
}

/// The dead-letter topic's name of an event's version whose own topic is
/// `topic`, if it has one.
pub fn dead_letter_topic_for(event: &Event, topic: &str) -> Option<String> {
    match event.dead_letter.as_ref()? {
        Some(named) => Some(named.clone()),
        None => Some(format!("{topic}.dlq")),
    }
}

/// The retry topic's name for a delay: `<topic>-retry-<delay ms>`.
pub fn retry_topic_name(topic: &str, delay_ms: u64) -> String {
    format!("{topic}-retry-{delay_ms}")
}

/// Whether anyone reads a version of an event: whether [`readers`] is not
/// empty, without making and sorting the list.
pub fn has_readers(model: &Model, event: EventId, version: u32) -> bool {
    model
        .event(event)
        .consumers
        .iter()
        .any(|consumer| match consumer {
            Consumer::System { version: v, .. } => *v == version,
            Consumer::Workflow {
                workflow,
                version: v,
            } => {
                *v == version
                    && model
                        .workflows
                        .get(workflow.index())
                        .is_some_and(|decl| decl.host.is_some())
            }
        })
}

/// Who reads a version of an event, in order: by system name, a system's
/// own `consumes` before its workflows, workflows by name.
pub fn readers(model: &Model, event: EventId, version: u32) -> Vec<Reader> {
    let mut readers: Vec<Reader> = model
        .event(event)
        .consumers
        .iter()
        .filter_map(|consumer| match consumer {
            Consumer::System { system, version: v } if *v == version => {
                Some(Reader::System(*system))
            }
            Consumer::Workflow {
                workflow,
                version: v,
            } if *v == version => model
                .workflows
                .get(workflow.index())
                .and_then(|decl| decl.host)
                .map(|host| Reader::Workflow(host, *workflow)),
            _ => None,
        })
        .collect();
    readers.sort_by_key(|reader| reader_order(model, *reader));
    readers.dedup();
    readers
}

fn reader_order(model: &Model, reader: Reader) -> (String, u8, String) {
    let system = model.system(reader.system()).name.name.to_string();
    match reader {
        Reader::System(_) => (system, 0, String::new()),
        Reader::Workflow(_, workflow) => (system, 1, model.workflow(workflow).name.qualified()),
    }
}

/// The consumer group of a reader: `<project>.<system>` for a system's own
/// `consumes`, `<project>.<system>.<workflow_in_snake_case>` for a workflow
/// (every workflow receives every event, independently of the others).
pub fn group_id(project: &str, model: &Model, reader: Reader) -> String {
    let client = client_id(project, model, reader.system());
    match reader {
        Reader::System(_) => client,
        Reader::Workflow(_, workflow) => format!(
            "{client}.{}",
            naming::snake_case(&model.workflow(workflow).name.name)
        ),
    }
}

/// A system's Kafka client id: `<project>.<system>`.
pub fn client_id(project: &str, model: &Model, system: SystemId) -> String {
    format!("{project}.{}", model.system(system).name.name)
}

/// The retry rule that governs consuming an event: the last one among the
/// policies applied to it (domain, then producer, then the event's own, so
/// the most specific wins), with where it is written.
pub fn retry_rule(model: &Model, event: EventId) -> Option<(&RetryPolicy, Span)> {
    model
        .event(event)
        .policies
        .iter()
        .filter_map(|applied| model.policies.get(applied.policy.index()))
        .flat_map(|policy| policy.rules.iter())
        .filter_map(|rule| match &rule.kind {
            RuleKind::Retry(retry) => Some((retry, rule.span)),
            _ => None,
        })
        .next_back()
}

/// The distinct delays of a retry rule, in order: `every × backoff^k` for
/// each attempt, capped by `max` (an interval of 1s when `every` is not
/// given, no growth without `backoff`).
pub fn retry_delays(retry: &RetryPolicy) -> Vec<u64> {
    let first = retry.interval_ms.unwrap_or(1000).max(1);
    let factor = retry
        .backoff
        .as_deref()
        .and_then(|text| text.parse::<f64>().ok())
        .filter(|factor| factor.is_finite() && *factor >= 1.0)
        .unwrap_or(1.0);
    let cap = retry.max_interval_ms.unwrap_or(u64::MAX);
    let mut delays: Vec<u64> = Vec::new();
    let mut delay = first as f64;
    // Attempts are bounded by the resolver (u32); the delays stop growing
    // at the cap, so the loop ends early once it is reached.
    for _ in 0..retry.attempts.min(1000) {
        let whole = if delay >= cap as f64 {
            cap
        } else {
            delay.round() as u64
        };
        if delays.last() != Some(&whole) {
            delays.push(whole);
        }
        if whole == cap {
            break;
        }
        delay *= factor;
    }
    delays
}

/// The plan of the whole model.
pub fn plan(model: &Model, settings: &TargetSettings) -> TopicPlan {
    let kafka = &settings.kafka;
    let mut topics: BTreeMap<String, Topic> = BTreeMap::new();
    for (id, event) in model.project_events() {
        let replicas = replicas(settings, model, id);
        let partitions = event
            .topic
            .partitions
            .as_ref()
            .and_then(|annotated| u32::try_from(annotated.value).ok())
            .filter(|partitions| *partitions >= 1)
            .unwrap_or_else(|| kafka.partitions_for(event.delivery));
        let retention_ms = retention(event.retention_ms);
        let retry = retry_rule(model, id).map(|(rule, _)| retry_delays(rule));
        for version in &event.versions {
            let number = version.number;
            let name = naming::topic(model, id, number);
            let mut topic = Topic {
                name: name.clone(),
                role: TopicRole::Event,
                sources: vec![(id, number)],
                partitions,
                replicas,
                cleanup_policy: match (event.compacted, event.retention_ms) {
                    (false, _) => vec!["delete"],
                    (true, None) => vec!["compact"],
                    (true, Some(_)) => vec!["compact", "delete"],
                },
                retention_ms,
                delete_retention_ms: event.compacted.then_some(TOMBSTONE_RETENTION_MS),
                min_insync_replicas: min_insync_replicas(replicas),
                extra: BTreeMap::new(),
            };
            add_configs(&mut topic, kafka, model, id, true);
            let main_partitions = topic.partitions;
            insert(&mut topics, topic);

            if let Some(dead_letter) = dead_letter_topic_name(model, id, number) {
                let kept = event
                    .retention_ms
                    .map(|ms| ms.max(DEAD_LETTER_MIN_RETENTION_MS));
                let mut topic = Topic {
                    name: dead_letter,
                    role: TopicRole::DeadLetter,
                    sources: vec![(id, number)],
                    partitions: 1,
                    replicas,
                    cleanup_policy: vec!["delete"],
                    retention_ms: retention(kept),
                    delete_retention_ms: None,
                    min_insync_replicas: min_insync_replicas(replicas),
                    extra: BTreeMap::new(),
                };
                add_configs(&mut topic, kafka, model, id, false);
                match topics.get_mut(&topic.name) {
                    // A shared dead-letter topic: one topic, every source,
                    // kept as long as its longest source.
                    Some(shared) if shared.role == TopicRole::DeadLetter => {
                        shared.sources.push((id, number));
                        if shared.retention_ms != -1
                            && (topic.retention_ms == -1
                                || topic.retention_ms > shared.retention_ms)
                        {
                            shared.retention_ms = topic.retention_ms;
                        }
                    }
                    _ => insert(&mut topics, topic),
                }
            }

            let read = has_readers(model, id, number);
            for delay_ms in retry.iter().flatten().filter(|_| read) {
                let mut topic = Topic {
                    name: retry_topic_name(&name, *delay_ms),
                    role: TopicRole::Retry {
                        delay_ms: *delay_ms,
                    },
                    sources: vec![(id, number)],
                    partitions: main_partitions,
                    replicas,
                    cleanup_policy: vec!["delete"],
                    retention_ms,
                    delete_retention_ms: None,
                    min_insync_replicas: min_insync_replicas(replicas),
                    extra: BTreeMap::new(),
                };
                add_configs(&mut topic, kafka, model, id, false);
                insert(&mut topics, topic);
            }
        }
    }
    let mut topics: Vec<Topic> = topics.into_values().collect();
    for topic in &mut topics {
        topic
            .sources
            .sort_by_key(|(event, version)| naming::topic(model, *event, *version));
        topic.sources.dedup();
    }
    TopicPlan { topics }
}

/// Keeps the first topic of a name; a second one is a collision that the
/// checks report (E832).
fn insert(topics: &mut BTreeMap<String, Topic>, topic: Topic) {
    topics.entry(topic.name.clone()).or_insert(topic);
}

/// `[targets.kafka] configs`, then the event's `@topic_config`. An event
/// topic takes every key; dead-letter and retry topics keep their own
/// `cleanup.policy` and `retention.ms` (their purpose decides them).
fn add_configs(
    topic: &mut Topic,
    settings: &KafkaSettings,
    model: &Model,
    event: EventId,
    event_topic: bool,
) {
    let annotated = model
        .event(event)
        .topic
        .configs
        .iter()
        .map(|config| (config.key.clone(), config.value.clone()));
    let from_settings = settings
        .configs
        .iter()
        .map(|(key, value)| (key.clone(), value.kafka_text()));
    for (key, value) in from_settings.chain(annotated) {
        match key.as_str() {
            "cleanup.policy" | "retention.ms" if !event_topic => {}
            // Contradictions with the event's clauses are E839; equal
            // values change nothing.
            "cleanup.policy" | "retention.ms" => {}
            "delete.retention.ms" => {
                if let Ok(ms) = value.parse() {
                    topic.delete_retention_ms = Some(ms);
                }
            }
            "min.insync.replicas" => {
                if let Ok(count) = value.parse() {
                    topic.min_insync_replicas = count;
                }
            }
            _ => {
                topic.extra.insert(key, value);
            }
        }
    }
}

fn retention(ms: Option<u64>) -> i64 {
    ms.map_or(-1, |ms| i64::try_from(ms).unwrap_or(i64::MAX))
}

/// Whether a name is a legal Kafka topic: 1 to 249 of `[a-zA-Z0-9._-]`,
/// and not `.` or `..`.
pub fn is_valid_topic(name: &str) -> bool {
    topic_length_is_valid(name) && topic_characters_are_legal(name)
}

/// The length half of [`is_valid_topic`]: 1 to 249 bytes, not `.` or `..`.
pub(crate) fn topic_length_is_valid(name: &str) -> bool {
    !name.is_empty() && name.len() <= 249 && name != "." && name != ".."
}

/// The character half of [`is_valid_topic`]: only `[a-zA-Z0-9._-]`.
pub(crate) fn topic_characters_are_legal(name: &str) -> bool {
    name.bytes()
        .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'_' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replicas_and_names() {
        assert_eq!(min_insync_replicas(3), 2);
        assert_eq!(min_insync_replicas(1), 1);
        assert!(is_valid_topic("production.schedule_changed.v1.dlq"));
        assert!(is_valid_topic("production.schedule_changed.v1-retry-1000"));
        assert!(!is_valid_topic("a topic"));
        assert!(!is_valid_topic(".."));
        assert!(!is_valid_topic(&"x".repeat(250)));
    }

    #[test]
    fn retry_delays_grow_to_the_cap() {
        let retry = |attempts, interval, backoff: Option<&str>, max| RetryPolicy {
            attempts,
            interval_ms: interval,
            backoff: backoff.map(str::to_string),
            max_interval_ms: max,
        };
        assert_eq!(
            retry_delays(&retry(5, Some(1000), Some("2.0"), Some(300_000))),
            [1000, 2000, 4000, 8000, 16000]
        );
        assert_eq!(
            retry_delays(&retry(6, Some(5000), Some("2.0"), Some(120_000))),
            [5000, 10000, 20000, 40000, 80000, 120000]
        );
        assert_eq!(
            retry_delays(&retry(9, Some(1000), Some("2.0"), Some(5000))),
            [1000, 2000, 4000, 5000]
        );
        assert_eq!(retry_delays(&retry(3, Some(500), None, None)), [500]);
        assert_eq!(retry_delays(&retry(3, None, None, None)), [1000]);
        assert!(retry_delays(&retry(0, None, None, None)).is_empty());
        assert_eq!(retry_topic_name("a.b.v1", 1000), "a.b.v1-retry-1000");
    }
}
