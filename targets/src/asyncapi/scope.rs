//! What one domain's document contains: the event versions its systems
//! publish (every version of every event they produce) and the versions its
//! systems and the workflows they host read, each with who sends and who
//! receives it in this domain, and the dead-letter topics that go with them.

use crate::kafka::plan::{readers, Reader, Topic, TopicPlan};
use std::collections::BTreeMap;
use weft_model::{DomainId, EventId, Model, SystemId};

/// One event version's channel in a domain's document.
#[derive(Clone, Debug)]
pub struct EventChannel {
    /// The event.
    pub event: EventId,
    /// The version.
    pub version: u32,
    /// Its topic.
    pub topic: Topic,
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
    pub topic: Topic,
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
pub fn domain_scope(model: &Model, domain: DomainId, plan: &TopicPlan) -> DomainScope {
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
            let readers: Vec<Reader> = readers(model, id, number)
                .into_iter()
                .filter(|reader| in_domain(reader.system()))
                .collect();
            if sender.is_none() && readers.is_empty() {
                continue;
            }
            // The plan holds each topic once for the whole landscape (a
            // shared dead-letter topic keeps its longest source's retention);
            // this document lists the sources in its scope.
            let dead_letter = crate::kafka::plan::dead_letter_topic_name(model, id, number)
                .and_then(|name| plan.topic(&name));
            if let Some(topic) = dead_letter {
                dead_letters
                    .entry(topic.name.clone())
                    .or_insert_with(|| DeadLetterChannel {
                        sources: Vec::new(),
                        topic: topic.clone(),
                    })
                    .sources
                    .push((id, number));
            }
            let Some(topic) = plan.topic(&crate::naming::topic(model, id, number)) else {
                continue;
            };
            channels.push(EventChannel {
                event: id,
                version: number,
                topic: topic.clone(),
                sender,
                readers,
                dead_letter: dead_letter.map(|topic| topic.name.clone()),
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
