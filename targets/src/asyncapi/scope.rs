//! What one domain's document contains: the event versions its systems
//! publish (every version of every event they produce) and the versions its
//! systems and the workflows they host read, each with who sends and who
//! receives it in this domain, and the dead-letter topics that go with them.

use super::topics::{self, TopicPlan};
use std::collections::BTreeMap;
use weft_model::{Consumer, DomainId, EventId, Model, SystemId, WorkflowId};

/// Who reads an event version in this domain.
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

/// One event version's channel in a domain's document.
#[derive(Clone, Debug)]
pub struct EventChannel {
    /// The event.
    pub event: EventId,
    /// The version.
    pub version: u32,
    /// Its topic.
    pub topic: TopicPlan,
    /// The producer, when it belongs to this domain.
    pub sender: Option<SystemId>,
    /// This domain's readers, sorted.
    pub readers: Vec<Reader>,
    /// The dead-letter topic's name, if the event has a dead-letter route.
    pub dead_letter: Option<String>,
}

/// A dead-letter topic in a domain's document, with the event versions whose
/// failures it receives (several when `dead_letter "name"` is shared).
#[derive(Clone, Debug)]
pub struct DeadLetterChannel {
    /// The event versions, in topic order.
    pub sources: Vec<(EventId, u32)>,
    /// Its topic.
    pub topic: TopicPlan,
}

/// Everything in one domain's document.
#[derive(Clone, Debug)]
pub struct DomainScope {
    /// The domain.
    pub domain: DomainId,
    /// The domain's systems, by name.
    pub systems: Vec<SystemId>,
    /// Event channels, by topic.
    pub channels: Vec<EventChannel>,
    /// Dead-letter channels, by topic.
    pub dead_letters: Vec<DeadLetterChannel>,
}

/// The scope of a domain's document.
pub fn domain_scope(model: &Model, domain: DomainId, replicas: u32) -> DomainScope {
    let in_domain = |system: SystemId| {
        model
            .systems
            .get(system.index())
            .is_some_and(|decl| decl.domain == Some(domain))
    };
    let mut systems: Vec<SystemId> = (0..model.systems.len())
        .filter_map(|index| u32::try_from(index).ok().map(SystemId))
        .filter(|id| in_domain(*id))
        .collect();
    systems.sort_by(|a, b| model.system(*a).name.cmp(&model.system(*b).name));

    let mut channels = Vec::new();
    let mut dead_letters: BTreeMap<String, DeadLetterChannel> = BTreeMap::new();
    for (index, event) in model.events.iter().enumerate() {
        if event.name.is_std() {
            continue;
        }
        let Ok(index) = u32::try_from(index) else {
            continue;
        };
        let id = EventId(index);
        let sender = event.producer.filter(|producer| in_domain(*producer));
        for version in &event.versions {
            let number = version.number;
            let mut readers: Vec<Reader> = event
                .consumers
                .iter()
                .filter_map(|consumer| match consumer {
                    Consumer::System { system, version } if *version == number => {
                        Some(Reader::System(*system))
                    }
                    Consumer::Workflow { workflow, version } if *version == number => model
                        .workflows
                        .get(workflow.index())
                        .and_then(|decl| decl.host)
                        .map(|host| Reader::Workflow(host, *workflow)),
                    _ => None,
                })
                .filter(|reader| in_domain(reader.system()))
                .collect();
            readers.sort_by_key(|reader| reader_order(model, *reader));
            readers.dedup();
            if sender.is_none() && readers.is_empty() {
                continue;
            }
            let dead_letter = topics::dead_letter_topic(model, id, number, replicas);
            if let Some(plan) = &dead_letter {
                let channel =
                    dead_letters
                        .entry(plan.name.clone())
                        .or_insert_with(|| DeadLetterChannel {
                            sources: Vec::new(),
                            topic: plan.clone(),
                        });
                channel.sources.push((id, number));
                // A shared topic keeps messages as long as its longest source.
                if channel.topic.retention_ms != -1
                    && (plan.retention_ms == -1 || plan.retention_ms > channel.topic.retention_ms)
                {
                    channel.topic.retention_ms = plan.retention_ms;
                }
            }
            channels.push(EventChannel {
                event: id,
                version: number,
                topic: topics::event_topic(model, id, number, replicas),
                sender,
                readers,
                dead_letter: dead_letter.map(|plan| plan.name),
            });
        }
    }
    channels.sort_by(|a, b| a.topic.name.cmp(&b.topic.name));
    let mut dead_letters: Vec<DeadLetterChannel> = dead_letters.into_values().collect();
    for channel in &mut dead_letters {
        channel
            .sources
            .sort_by_key(|(event, version)| crate::naming::topic(model, *event, *version));
        channel.sources.dedup();
    }
    DomainScope {
        domain,
        systems,
        channels,
        dead_letters,
    }
}

/// Readers in order: by system name, the system's own `consumes` before its
/// workflows, workflows by name.
fn reader_order(model: &Model, reader: Reader) -> (String, u8, String) {
    let system = model.system(reader.system()).name.name.clone();
    match reader {
        Reader::System(_) => (system, 0, String::new()),
        Reader::Workflow(_, workflow) => (system, 1, model.workflow(workflow).name.qualified()),
    }
}
