//! The topic checks of `weft check` (codes E830–E839): what a broker or
//! Strimzi would refuse when the plan is applied, or accept and get wrong.
//! A pure function of the model and the settings, called by the compiler's
//! check phase, so that an editor shows the problems while the model is
//! written, long before a cluster sees the topics.

use super::configs::{self, ConfigProblem};
use super::plan::{
    self, dead_letter_topic_name, retry_delays, retry_rule, retry_topic_name, TopicPlan,
};
use super::settings::{MAX_PARTITIONS, MAX_REPLICAS};
use crate::naming;
use crate::settings::TargetSettings;
use std::collections::BTreeMap;
use weft_base::{codes, Diagnostic, Span};
use weft_model::{Event, EventId, Model};

/// Every problem of the topic plan. `manifest` is where a problem that
/// comes from `weft.toml` alone points.
pub fn check(model: &Model, settings: &TargetSettings, manifest: Span) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (index, event) in model.events.iter().enumerate() {
        if event.name.is_std() {
            continue;
        }
        let Ok(index) = u32::try_from(index) else {
            continue;
        };
        let id = EventId(index);
        annotations(event, &mut found);
        // A compacted event without a key is E606 (the policy checks).
        min_insync(model, settings, id, manifest, &mut found);
        retry_retention(model, id, &mut found);
    }
    let plan = plan::plan(model, settings);
    names(model, &plan, &mut found);
    found
}

/// Ranges of `@partitions`/`@replicas`, and `@topic_config` keys and
/// values, with contradictions to the event's own clauses.
fn annotations(event: &Event, found: &mut Vec<Diagnostic>) {
    for (annotated, what, max) in [
        (&event.topic.partitions, "partitions", MAX_PARTITIONS),
        (&event.topic.replicas, "replicas", MAX_REPLICAS),
    ] {
        if let Some(annotated) = annotated {
            if !(1..=max).contains(&annotated.value) {
                found.push(
                    Diagnostic::error(
                        codes::TOPIC_SIZE_OUT_OF_RANGE,
                        format!(
                            "`@{what}({})`: a topic has 1 to {max} {}",
                            annotated.value,
                            if what == "partitions" { "partitions" } else { "replicas" }
                        ),
                        annotated.span,
                        "out of range",
                    )
                    .with_help(format!(
                        "choose a whole number from 1 to {max}, or remove the annotation to use the default"
                    )),
                );
            }
        }
    }
    for config in &event.topic.configs {
        match configs::check(&config.key, &config.value) {
            Ok(()) => {}
            Err(ConfigProblem::UnknownKey { suggestion }) => {
                let help = match suggestion {
                    Some(known) => format!("did you mean `{known}`?"),
                    None => "use a topic configuration of Apache Kafka, spelt as in its documentation (see docs/kafka.md)".into(),
                };
                found.push(
                    Diagnostic::error(
                        codes::UNKNOWN_TOPIC_CONFIG,
                        format!("`{}` is not a Kafka topic configuration", config.key),
                        config.span,
                        "unknown configuration",
                    )
                    .with_help(help),
                );
                continue;
            }
            Err(ConfigProblem::BadValue { expected }) => {
                found.push(
                    Diagnostic::error(
                        codes::INVALID_TOPIC_CONFIG,
                        format!(
                            "`{}` must be {expected}, not `{}`",
                            config.key, config.value
                        ),
                        config.span,
                        "invalid value",
                    )
                    .with_help("give a value of the type and range Kafka accepts for this key"),
                );
                continue;
            }
        }
        let contradiction = match config.key.as_str() {
            "cleanup.policy" => {
                let mut wanted: Vec<&str> = config.value.split(',').map(str::trim).collect();
                wanted.sort_unstable();
                wanted.dedup();
                let own: &[&str] = match (event.compacted, event.retention_ms) {
                    (false, _) => &["delete"],
                    (true, None) => &["compact"],
                    (true, Some(_)) => &["compact", "delete"],
                };
                (wanted != own).then_some(if event.compacted {
                    "`compacted` (and `retention`)"
                } else {
                    "the event not being `compacted`"
                })
            }
            "retention.ms" => {
                let own = event
                    .retention_ms
                    .map_or(-1, |ms| i64::try_from(ms).unwrap_or(i64::MAX));
                (config.value.parse::<i64>().ok() != Some(own)).then_some("`retention`")
            }
            _ => None,
        };
        if let Some(clause) = contradiction {
            found.push(
                Diagnostic::error(
                    codes::TOPIC_CONFIG_CONFLICT,
                    format!(
                        "`@topic_config(\"{}\", …)` contradicts {clause} of event {}",
                        config.key,
                        event.name.qualified()
                    ),
                    config.span,
                    "contradicts the event",
                )
                .with_help("say it with the event's clause (`compacted`, `retention 7d`) and remove the annotation"),
            );
        }
    }
}

/// `min.insync.replicas` must not exceed the replication factor.
fn min_insync(
    model: &Model,
    settings: &TargetSettings,
    id: EventId,
    manifest: Span,
    found: &mut Vec<Diagnostic>,
) {
    let event = model.event(id);
    let replicas = plan::replicas(settings, model, id);
    let annotated = event
        .topic
        .configs
        .iter()
        .find(|config| config.key == "min.insync.replicas");
    let (value, span) = match annotated {
        Some(config) => (config.value.parse::<i64>().ok(), config.span),
        None => match settings.kafka.configs.get("min.insync.replicas") {
            Some(value) => (
                value.kafka_text().parse().ok(),
                event
                    .topic
                    .replicas
                    .as_ref()
                    .map_or(manifest, |annotated| annotated.span),
            ),
            None => return,
        },
    };
    if let Some(value) = value.filter(|value| *value > i64::from(replicas)) {
        found.push(
            Diagnostic::error(
                codes::MIN_INSYNC_ABOVE_REPLICAS,
                format!(
                    "`min.insync.replicas` is {value} but the topics of {} have {replicas} replicas",
                    event.name.qualified()
                ),
                span,
                "above the replication factor",
            )
            .with_help("with more in-sync replicas required than exist, every write with acks=all fails; lower `min.insync.replicas` (usually replicas − 1) or raise the replication factor"),
        );
    }
}

/// A retry topic must keep messages at least as long as it delays them.
fn retry_retention(model: &Model, id: EventId, found: &mut Vec<Diagnostic>) {
    let event = model.event(id);
    let (Some(retention), Some((rule, rule_span))) = (event.retention_ms, retry_rule(model, id))
    else {
        return;
    };
    let Some(longest) = retry_delays(rule).last().copied() else {
        return;
    };
    if longest <= retention {
        return;
    }
    let Some(version) = event
        .versions
        .iter()
        .find(|version| !plan::readers(model, id, version.number).is_empty())
    else {
        return;
    };
    let topic = retry_topic_name(&naming::topic(model, id, version.number), longest);
    let mut diagnostic = Diagnostic::error(
        codes::RETRY_RETENTION_TOO_SHORT,
        format!(
            "the retry topic `{topic}` delays messages {} but keeps them only {}",
            duration(longest),
            duration(retention)
        ),
        event.name.span,
        "retention shorter than a retry delay",
    )
    .with_help("keep the event longer than its longest retry delay (`retention`), or shorten the retry policy's `every`/`max`");
    if rule_span != Span::default() {
        diagnostic = diagnostic.with_label(rule_span, "the retry rule");
    }
    found.push(diagnostic);
}

/// Every planned topic's name is legal, and no two collide (the same name
/// from two sources, or names equal up to `.` versus `_`).
fn names(model: &Model, plan: &TopicPlan, found: &mut Vec<Diagnostic>) {
    // Every name a source asks for, with who asks, before the plan merges
    // them: a shared dead-letter topic is one topic, any other repeat is a
    // collision.
    let mut claims: BTreeMap<String, Vec<(String, bool, Span)>> = BTreeMap::new();
    for (index, event) in model.events.iter().enumerate() {
        if event.name.is_std() {
            continue;
        }
        let Ok(index) = u32::try_from(index) else {
            continue;
        };
        let id = EventId(index);
        for version in &event.versions {
            let number = version.number;
            let who = format!("event {} v{number}", event.name.qualified());
            claims
                .entry(naming::topic(model, id, number))
                .or_default()
                .push((who.clone(), false, event.name.span));
            if let Some(dead_letter) = dead_letter_topic_name(model, id, number) {
                claims.entry(dead_letter).or_default().push((
                    format!("the dead-letter route of {who}"),
                    true,
                    event.name.span,
                ));
            }
        }
    }
    for topic in &plan.topics {
        if !plan::is_valid_topic(&topic.name) {
            let span = topic
                .sources
                .first()
                .map_or_else(Span::default, |(event, _)| model.event(*event).name.span);
            found.push(
                Diagnostic::error(
                    codes::INVALID_TOPIC_NAME,
                    format!(
                        "the topic `{}` is not a legal Kafka topic name",
                        printable(&topic.name)
                    ),
                    span,
                    "illegal topic name",
                )
                .with_help("Kafka topic names are 1 to 249 letters, digits, `.`, `_` and `-` (and not `.` or `..`); rename the dead-letter topic or shorten the names it is made of"),
            );
        }
    }
    for (name, askers) in &claims {
        let all_dead_letters = askers.iter().all(|(_, dead_letter, _)| *dead_letter);
        if askers.len() > 1 && !all_dead_letters {
            let (second, _, span) = &askers[1];
            let (first, _, first_span) = &askers[0];
            found.push(
                Diagnostic::error(
                    codes::TOPIC_NAME_COLLISION,
                    format!(
                        "the topic `{}` would be created twice: by {first} and by {second}",
                        printable(name)
                    ),
                    *span,
                    "same topic",
                )
                .with_label(*first_span, "also claimed here")
                .with_help(if askers.iter().any(|(_, dead_letter, _)| *dead_letter) {
                    "give the dead-letter topic a name of its own"
                } else {
                    "rename one of the events: topic names are made from the domain and the event name in snake case"
                }),
            );
        }
    }
    // `.` and `_` collide in Kafka's metric names.
    let mut by_metric: BTreeMap<String, &str> = BTreeMap::new();
    for topic in &plan.topics {
        let metric = topic.name.replace('.', "_");
        match by_metric.get(&metric) {
            Some(other) if *other != topic.name => {
                let span = topic
                    .sources
                    .first()
                    .map_or_else(Span::default, |(event, _)| model.event(*event).name.span);
                found.push(
                    Diagnostic::error(
                        codes::TOPIC_NAME_COLLISION,
                        format!(
                            "the topics `{}` and `{}` differ only in `.` and `_`, which Kafka treats as the same in metric names and refuses",
                            printable(other),
                            printable(&topic.name)
                        ),
                        span,
                        "collides with another topic",
                    )
                    .with_help("rename one of them so that the names differ in more than `.` versus `_`"),
                );
            }
            Some(_) => {}
            None => {
                by_metric.insert(metric, &topic.name);
            }
        }
    }
}

/// A name as a message can show it: control characters escaped.
fn printable(name: &str) -> String {
    name.escape_debug().to_string()
}

/// Milliseconds in weft's notation (`1h`, `30m`, `500ms`).
fn duration(ms: u64) -> String {
    crate::asyncapi::policies::duration(ms)
}
