//! The template data of `events.rs`: a publisher method per produced event
//! version, and a handler trait with a method per consumed event, whose
//! consumer dispatches by topic (that is, by version), deduplicates, retries
//! and routes poison messages to the dead-letter topic.

use super::layout::{array, assign, chain, let_value, signature};
use super::models::doc_or;
use super::names::{bare, snake_ident, string_literal, Unique};
use super::types::TypeNames;
use crate::kafka::plan::dead_letter_topic_name;
use crate::naming;
use serde_json::Value;
use weft_model::{EventId, Model, RuleKind, Type, TypeKind};

/// One event version a crate publishes or consumes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct EventUse {
    /// The event.
    pub event: EventId,
    /// The version published, or the version the consumer reads.
    pub version: u32,
}

/// The data of the events template.
pub fn events_data(
    model: &Model,
    names: &TypeNames,
    system: &str,
    produced: &[EventUse],
    consumed: &[EventUse],
) -> Value {
    let mut scope = Unique::with(&["new", "broker", "handle", "poll", "handler"]);
    let publishes: Vec<Value> = produced
        .iter()
        .map(|used| {
            let event = model.event(used.event);
            let ident = scope.claim(format!(
                "publish_{}_v{}",
                bare(&snake_ident(&event.name.name)),
                used.version
            ));
            let payload = payload_type(model, names, used.event, used.version);
            let topic = string_literal(&naming::topic(model, used.event, used.version));
            let key = match key_expression(model, used.event, used.version) {
                Some(key) => assign(8, "let key", "Some", &[key], ";"),
                None => "        let key = None;".to_string(),
            };
            object!({
                "head": signature(
                    4,
                    &format!("pub async fn {ident}"),
                    &["&self".to_string(), format!("payload: &{payload}")],
                    "Result<(), PublishError>",
                    " {",
                ),
                "topic_line": assign(8, "let topic", "String::from", &[topic], ";"),
                "event_line": let_value(8, "let event =", &string_literal(&event.name.name), ";"),
                "key_line": key,
                "version": used.version,
                "doc": doc_or(&event.meta.doc, &format!("`{}`.", event.name.name), 4),
            })
        })
        .collect();
    let mut handler_scope = Unique::with(&["handle", "poll", "new"]);
    let handles: Vec<Value> = consumed
        .iter()
        .map(|used| {
            let event = model.event(used.event);
            let ident = handler_scope.claim(format!(
                "on_{}_v{}",
                bare(&snake_ident(&event.name.name)),
                used.version
            ));
            // The topics this reader can read: its own version's, and the
            // later versions' when the event's mode lets old readers read
            // new data (FORWARD, FULL).
            let readable: Vec<u32> = event
                .versions
                .iter()
                .map(|version| version.number)
                .filter(|number| {
                    *number == used.version
                        || (*number > used.version && event.compatibility.forward())
                })
                .collect();
            let payload = payload_type(model, names, used.event, used.version);
            let decode = assign(
                16,
                &format!("let decoded: Result<{payload}, String>"),
                "decode",
                &["&message.value".to_string()],
                ";",
            );
            let topics: Vec<Value> = readable
                .iter()
                .map(|number| {
                    let dead_letters = match dead_letter_topic_name(model, used.event, *number) {
                        Some(name) => assign(
                            16,
                            "let dead_letters",
                            "Some",
                            &[string_literal(&name)],
                            ";",
                        ),
                        None => "                let dead_letters = None;".to_string(),
                    };
                    object!({
                        "topic": string_literal(&naming::topic(model, used.event, *number)),
                        "version": *number,
                        "dead_letters": dead_letters,
                        "decode": decode.as_str(),
                    })
                })
                .collect();
            let payload_id = event.version(used.version).map(|version| version.payload);
            let dedup = payload_id
                .and_then(|id| idempotency_field(model, id))
                .map(|field| assign(16, "let id", "to_text", &[format!("&payload.{field}")], ";"));
            object!({
                "head": signature(
                    4,
                    &format!("fn {ident}"),
                    &["&self".to_string(), format!("event: Envelope<{payload}>")],
                    "impl Future<Output = Result<(), HandlerError>> + Send",
                    ";",
                ),
                "dispatch": chain(
                    20,
                    "match ",
                    "self",
                    &[".handler".to_string(), format!(".{ident}(event)"), ".await".to_string()],
                    " {",
                ),
                "ident": ident,
                "version": used.version,
                "topics": topics,
                "dedup": dedup,
                "attempts": retry_attempts(model, used.event),
                "doc": doc_or(&event.meta.doc, &format!("`{}`.", event.name.name), 4),
            })
        })
        .collect();
    let handles = owned_topics(handles);
    let topics: Vec<String> = handles
        .iter()
        .flat_map(|handle| handle["topics"].as_array().cloned().unwrap_or_default())
        .map(|topic| topic["topic"].as_str().unwrap_or_default().to_string())
        .collect();
    object!({
        "topics": array(4, "pub const TOPICS: &'static [&'static str] =", &topics, ";"),
        "system": system,
        "has_publishes": !publishes.is_empty(),
        "has_handles": !handles.is_empty(),
        "publishes": publishes,
        "handles": handles,
    })
}

/// Each topic read by one handler only: the one reading the highest
/// version not above the topic's (a system reading v1 and v2 gets v2
/// messages as v2).
fn owned_topics(mut handles: Vec<Value>) -> Vec<Value> {
    let mut owner: std::collections::BTreeMap<String, (u64, usize)> = Default::default();
    for (index, handle) in handles.iter().enumerate() {
        let version = handle["version"].as_u64().unwrap_or(0);
        for topic in handle["topics"].as_array().into_iter().flatten() {
            let name = topic["topic"].as_str().unwrap_or_default().to_string();
            let entry = owner.entry(name).or_insert((version, index));
            if version > entry.0 {
                *entry = (version, index);
            }
        }
    }
    for (index, handle) in handles.iter_mut().enumerate() {
        if let Some(topics) = handle["topics"].as_array_mut() {
            topics.retain(|topic| {
                owner
                    .get(topic["topic"].as_str().unwrap_or_default())
                    .is_some_and(|(_, owner)| *owner == index)
            });
        }
    }
    handles
}

fn payload_type(model: &Model, names: &TypeNames, event: EventId, version: u32) -> String {
    match model.event(event).version(version) {
        Some(version) => names.rust(model, &Type::Named(version.payload)),
        None => "serde_json::Value".to_string(),
    }
}

/// `payload.a.b` for the key path, as text; `None` without a key.
fn key_expression(model: &Model, event: EventId, version: u32) -> Option<String> {
    let decl = model.event(event);
    let payload = decl.version(version)?.payload;
    model.key_field(payload, &decl.key)?;
    // Field identifiers as the models name them: each field's snake name,
    // unique within its record. The key path names fields that exist, so
    // the first claim of each name is the one the record uses unless an
    // earlier field took it; walk the records to be exact.
    let mut expression = "payload".to_string();
    let mut current = payload;
    for (index, segment) in decl.key.iter().enumerate() {
        let TypeKind::Record(record) = &model.type_def(current).kind else {
            return None;
        };
        let mut scope = Unique::with(&[]);
        let mut found = None;
        for field in &record.fields {
            let ident = scope.claim(snake_ident(&field.name));
            if &field.name == segment {
                found = Some((ident, field));
                break;
            }
        }
        let (ident, field) = found?;
        expression.push('.');
        expression.push_str(&ident);
        if index + 1 < decl.key.len() {
            match model.underlying(&field.ty) {
                Type::Named(next) => current = *next,
                _ => return None,
            }
        }
    }
    Some(format!("to_text(&{expression})"))
}

/// The field that identifies a delivery, so that a redelivery is handled
/// once: the payload's first required top-level `uuid` field, as its
/// identifier (weft has no annotation for it yet).
fn idempotency_field(model: &Model, payload: weft_model::TypeId) -> Option<String> {
    let TypeKind::Record(record) = &model.type_def(payload).kind else {
        return None;
    };
    let mut scope = Unique::with(&[]);
    for field in &record.fields {
        let ident = scope.claim(snake_ident(&field.name));
        if !field.ty.is_optional() && matches!(model.underlying(&field.ty), Type::Uuid) {
            return Some(ident);
        }
    }
    None
}

/// Attempts before a message becomes a dead letter: 1 + the retry policy's
/// attempts (3 without a policy).
fn retry_attempts(model: &Model, event: EventId) -> u32 {
    model
        .event(event)
        .policies
        .iter()
        .find_map(|applied| {
            model
                .policy(applied.policy)
                .rules
                .iter()
                .find_map(|rule| match &rule.kind {
                    RuleKind::Retry(retry) => Some(retry.attempts),
                    _ => None,
                })
        })
        .unwrap_or(3)
        .saturating_add(1)
}
