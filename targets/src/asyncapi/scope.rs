//! What one domain's document contains: the event versions its systems
//! publish (every version of every event they produce) and the versions its
//! systems and the workflows they host read, each with who sends and who
//! receives it in this domain, and the dead-letter topics that go with them.

use crate::kafka::plan::{readers, Reader, Topic, TopicPlan};
use std::collections::{BTreeMap, HashMap};
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

/// One event version with every reader in the landscape, filed under each
/// domain it touches.
#[derive(Clone, Debug)]
struct VersionInScope {
    event: EventId,
    version: u32,
    readers: Vec<Reader>,
}

/// The event versions each domain's document lists (produced or read by one
/// of its systems), in model order, found in one pass over the events for
/// all documents: walking every event for each domain made the AsyncAPI
/// target O(domains × events).
#[derive(Clone, Debug, Default)]
pub struct ScopeIndex {
    by_domain: HashMap<DomainId, Vec<VersionInScope>>,
}

impl ScopeIndex {
    /// The index of a model.
    pub fn new(model: &Model) -> ScopeIndex {
        let domain_of = |system: SystemId| {
            model
                .systems
                .get(system.index())
                .and_then(|decl| decl.domain)
        };
        let mut by_domain: HashMap<DomainId, Vec<VersionInScope>> = HashMap::new();
        for (id, event) in model.project_events() {
            let producer_domain = event.producer.and_then(domain_of);
            for version in &event.versions {
                let readers = readers(model, id, version.number);
                let mut domains: Vec<DomainId> = producer_domain
                    .into_iter()
                    .chain(
                        readers
                            .iter()
                            .filter_map(|reader| domain_of(reader.system())),
                    )
                    .collect();
                domains.sort_unstable();
                domains.dedup();
                for domain in domains {
                    by_domain.entry(domain).or_default().push(VersionInScope {
                        event: id,
                        version: version.number,
                        readers: readers.clone(),
                    });
                }
            }
        }
        ScopeIndex { by_domain }
    }
}

/// The scope of a domain's document.
pub fn domain_scope(
    model: &Model,
    domain: DomainId,
    plan: &TopicPlan,
    index: &ScopeIndex,
) -> DomainScope {
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
    for entry in index.by_domain.get(&domain).map_or(&[][..], Vec::as_slice) {
        let (id, number) = (entry.event, entry.version);
        let sender = model
            .event(id)
            .producer
            .filter(|producer| in_domain(*producer));
        let readers: Vec<Reader> = entry
            .readers
            .iter()
            .copied()
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
