//! `kafka/topics.json`: the topic plan as a document (format
//! `weft.kafka.topics/1`, see `docs/kafka.md`). Keys are sorted by
//! serde_json's map, topics by name, so the file is byte-identical for the
//! same model.

use super::plan::{client_id, group_id, readers, Reader, TopicPlan, TopicRole};
use crate::BuildContext;
use serde_json::{json, Map, Value};

/// The format's name and version; a reader refuses another.
pub const FORMAT: &str = "weft.kafka.topics/1";

/// The document of a plan.
pub fn document(context: &BuildContext, plan: &TopicPlan) -> Value {
    let model = context.model;
    let topics: Vec<Value> = plan
        .topics
        .iter()
        .map(|topic| {
            let mut entry = Map::new();
            entry.insert("name".into(), json!(topic.name));
            entry.insert("role".into(), json!(topic.role.as_str()));
            if let TopicRole::Retry { delay_ms } = topic.role {
                entry.insert("retryDelayMs".into(), json!(delay_ms));
            }
            entry.insert("partitions".into(), json!(topic.partitions));
            entry.insert("replicas".into(), json!(topic.replicas));
            entry.insert("configs".into(), json!(topic.configs()));
            let sources: Vec<Value> = topic
                .sources
                .iter()
                .map(|(event, version)| {
                    let decl = model.event(*event);
                    let consumers: Vec<Value> = readers(model, *event, *version)
                        .into_iter()
                        .map(|reader| {
                            let mut consumer = Map::new();
                            consumer.insert(
                                "system".into(),
                                json!(model.system(reader.system()).name.qualified()),
                            );
                            if let Reader::Workflow(_, workflow) = reader {
                                consumer.insert(
                                    "workflow".into(),
                                    json!(model.workflow(workflow).name.qualified()),
                                );
                            }
                            consumer.insert(
                                "group".into(),
                                json!(group_id(context.project, model, reader)),
                            );
                            Value::Object(consumer)
                        })
                        .collect();
                    let mut source = Map::new();
                    source.insert("event".into(), json!(decl.name.qualified()));
                    source.insert("version".into(), json!(version));
                    if let Some(producer) = decl.producer {
                        source.insert(
                            "producer".into(),
                            json!({
                                "system": model.system(producer).name.qualified(),
                                "clientId": client_id(context.project, model, producer),
                            }),
                        );
                    }
                    source.insert("consumers".into(), Value::Array(consumers));
                    Value::Object(source)
                })
                .collect();
            entry.insert("events".into(), Value::Array(sources));
            Value::Object(entry)
        })
        .collect();
    json!({
        "format": FORMAT,
        "project": context.project,
        "version": context.version,
        "cluster": context.settings.kafka.cluster(),
        "topics": topics,
    })
}
