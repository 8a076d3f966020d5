//! The topic checks of `weft check` (codes E830–E839): what a broker or
//! Strimzi would refuse when the plan is applied, or accept and get wrong.
//! A pure function of the model and the settings, called by the compiler's
//! check phase, so that an editor shows the problems while the model is
//! written, long before a cluster sees the topics.

use super::configs::{self, ConfigProblem};
use super::plan::{self, retry_delays, retry_rule, retry_topic_name};
use super::settings::{MAX_PARTITIONS, MAX_REPLICAS};
use crate::naming;
use crate::settings::TargetSettings;
use hashbrown::hash_table::Entry as TableEntry;
use hashbrown::HashTable;
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;
use std::marker::PhantomData;
use weft_base::{codes, Diagnostic, Span};
use weft_model::{Clause, DeclRef, Event, EventId, Model, RetryPolicy};

/// Every problem of the topic plan. `manifest` is where a problem that
/// comes from `weft.toml` alone points.
pub fn check(model: &Model, settings: &TargetSettings, manifest: Span) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut delays = Delays::default();
    for (id, event) in model.project_events() {
        // What `cleanup.policy` and `retention.ms` must agree with is not
        // known while the event's `retention` or `compacted` is typed
        // halfway.
        let unparsed = |clause| model.unparsed(DeclRef::Event(id), clause);
        let cleanup_unknown = ClauseUnknown {
            retention: unparsed(Clause::Retention),
            compacted: unparsed(Clause::Compacted),
        };
        annotations(event, cleanup_unknown, &mut found);
        // A compacted event without a key is E606 (the policy checks).
        min_insync(model, settings, id, manifest, &mut found);
        retry_retention(model, id, &mut delays, &mut found);
    }
    names(model, &mut delays, &mut found);
    found
}

/// The delays of each retry rule, made once per rule: the events a policy
/// applies to share its rule, and making the delays parses its backoff
/// factor (a seventh of the Kafka checks when made per event).
#[derive(Default)]
struct Delays<'m>(
    FxHashMap<*const RetryPolicy, Vec<u64>>,
    PhantomData<&'m Model>,
);

impl<'m> Delays<'m> {
    /// [`retry_delays`] of `rule`.
    fn of(&mut self, rule: &'m RetryPolicy) -> &[u64] {
        self.0
            .entry(std::ptr::from_ref(rule))
            .or_insert_with(|| retry_delays(rule))
    }
}

/// Which of an event's clauses that its topic's cleanup follows are typed
/// halfway (or misspelt), so that what `@topic_config` must agree with is
/// not known.
#[derive(Clone, Copy)]
struct ClauseUnknown {
    retention: bool,
    compacted: bool,
}

/// Ranges of `@partitions`/`@replicas`, and `@topic_config` keys and
/// values, with contradictions to the event's own clauses.
fn annotations(event: &Event, unknown: ClauseUnknown, found: &mut Vec<Diagnostic>) {
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
            Err(ConfigProblem::Removed { advice }) => {
                found.push(
                    Diagnostic::error(
                        codes::UNKNOWN_TOPIC_CONFIG,
                        format!(
                            "`{}` is no longer a Kafka topic configuration: Kafka 4.0 removed it",
                            config.key
                        ),
                        config.span,
                        "removed configuration",
                    )
                    .with_help(advice),
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
            "cleanup.policy" if unknown.retention || unknown.compacted => None,
            "retention.ms" if unknown.retention => None,
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
fn retry_retention<'m>(
    model: &'m Model,
    id: EventId,
    delays: &mut Delays<'m>,
    found: &mut Vec<Diagnostic>,
) {
    let event = model.event(id);
    let (Some(retention), Some((rule, rule_span))) = (event.retention_ms, retry_rule(model, id))
    else {
        return;
    };
    let Some(longest) = delays.of(rule).last().copied() else {
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

/// What asks for a topic name, in the order the plan ([`plan::plan`])
/// creates its topics.
#[derive(Clone, Copy)]
enum Claim {
    /// An event version's own topic.
    Event(EventId, u32),
    /// An event version's dead-letter route.
    DeadLetter(EventId, u32),
    /// A retry topic of an event version: part of the plan, but not a claim
    /// that collides (the plan keeps the first topic of a name).
    Retry(EventId),
}

impl Claim {
    fn event(self) -> EventId {
        match self {
            Claim::Event(event, _) | Claim::DeadLetter(event, _) | Claim::Retry(event) => event,
        }
    }

    /// Who asks, for messages: `event demo.Shipped v1`.
    fn who(self, model: &Model) -> String {
        match self {
            Claim::Event(event, number) => {
                format!("event {} v{number}", model.event(event).name.qualified())
            }
            Claim::DeadLetter(event, number) => format!(
                "the dead-letter route of event {} v{number}",
                model.event(event).name.qualified()
            ),
            Claim::Retry(_) => String::new(),
        }
    }
}

/// Every planned topic's name is legal, and no two collide (the same name
/// from two sources, or names equal up to `.` versus `_`).
///
/// The names are those of [`plan::plan`], made here without the plan
/// itself (its configurations, readers and maps are for `build`): each
/// event's topic stem is made once, and a message's parts only for a
/// problem. A first pass keeps of each name only its metric hash (its
/// text is made in one reused buffer), which finds the few claims that can
/// have a problem: those whose metric hash another claim has too (every
/// claim of a name claimed twice, or of a metric name with two names) and
/// the illegal ones. Only those are made again and grouped by name in a
/// hash map; only the names with a problem are sorted, so that the
/// findings come in the plan's (name) order. `tests/kafka_checks.rs` holds
/// the result to the plan's.
fn names<'m>(model: &'m Model, known_delays: &mut Delays<'m>, found: &mut Vec<Diagnostic>) {
    // Each event's topic stem, made once (its topics differ only in their
    // version number), and whether its characters are legal: the names
    // made from it add only digits, `.`, `-` and letters.
    let stems: Vec<EventStem<'m>> = model
        .project_events()
        .map(|(id, event)| {
            let stem = naming::topic_stem(model, id);
            let legal = plan::topic_characters_are_legal(&stem);
            EventStem {
                id,
                event,
                stem,
                legal,
            }
        })
        .collect();
    // `plan::is_valid_topic`, its character test skipped where it is known.
    let valid = |name: &str, legal: bool| {
        plan::topic_length_is_valid(name) && (legal || plan::topic_characters_are_legal(name))
    };
    let suspects = suspect_claims(model, &stems, known_delays, valid);
    if suspects.is_empty() {
        return;
    }
    // The suspects' names, written into one string one after the other,
    // with their claims, in the plan's order (all the claims of a name are
    // suspects if one is, so the groups below are whole).
    let mut texts = String::new();
    let mut spans: Vec<(std::ops::Range<usize>, Claim, bool)> = Vec::with_capacity(suspects.len());
    let mut next_suspect = suspects.iter().copied().peekable();
    let mut index: u32 = 0;
    each_name(model, &stems, known_delays, |parts, claim, legal| {
        if next_suspect.next_if_eq(&index).is_some() {
            let start = texts.len();
            for part in parts {
                texts.push_str(part);
            }
            spans.push((start..texts.len(), claim, legal));
        }
        index += 1;
    });
    // Not read past here: freed before the claims and their groups are
    // made.
    drop(stems);
    let mut invalid_claims: Vec<usize> = Vec::new();
    let claims: Vec<(&str, Claim)> = spans
        .into_iter()
        .enumerate()
        .map(|(index, (span, claim, legal))| {
            let name = texts.get(span).unwrap_or_default();
            if !valid(name, legal) {
                invalid_claims.push(index);
            }
            (name, claim)
        })
        .collect();
    let groups = Groups::of(&claims);
    // Illegal names are rare: found in one pass over the claims, then each
    // name once, in name order.
    let mut invalid: Vec<Group> = invalid_claims
        .into_iter()
        .filter_map(|index| {
            let (name, _) = claims.get(index)?;
            groups.first_of(position(index), name)
        })
        .collect();
    invalid.sort_by_key(|group| group.name());
    for group in invalid {
        found.push(
            Diagnostic::error(
                codes::INVALID_TOPIC_NAME,
                format!(
                    "the topic `{}` is not a legal Kafka topic name",
                    printable(group.name())
                ),
                model.event(first_source(model, group)).name.span,
                "illegal topic name",
            )
            .with_help("Kafka topic names are 1 to 249 letters, digits, `.`, `_` and `-` (and not `.` or `..`); rename the dead-letter topic or shorten the names it is made of"),
        );
    }
    // A shared dead-letter topic is one topic, any other repeat of an event
    // or dead-letter name is a collision.
    let mut repeated: Vec<Group> = groups.shared().collect();
    repeated.sort_by_key(|group| group.name());
    for group in repeated {
        let askers: Vec<Claim> = group
            .claims()
            .map(|(_, claim)| *claim)
            .filter(|claim| !matches!(claim, Claim::Retry(_)))
            .collect();
        let dead_letters = askers
            .iter()
            .filter(|claim| matches!(claim, Claim::DeadLetter(..)))
            .count();
        if askers.len() > 1 && dead_letters < askers.len() {
            let (first, second) = (askers[0], askers[1]);
            found.push(
                Diagnostic::error(
                    codes::TOPIC_NAME_COLLISION,
                    format!(
                        "the topic `{}` would be created twice: by {} and by {}",
                        printable(group.name()),
                        first.who(model),
                        second.who(model)
                    ),
                    model.event(second.event()).name.span,
                    "same topic",
                )
                .with_label(model.event(first.event()).name.span, "also claimed here")
                .with_help(if dead_letters > 0 {
                    "give the dead-letter topic a name of its own"
                } else {
                    "rename one of the events: topic names are made from the domain and the event name in snake case"
                }),
            );
        }
    }
    // `.` and `_` collide in Kafka's metric names. Each name is reported
    // against the smallest name of its metric name (the first in name
    // order).
    let mut clashes: Vec<(&str, Group)> = groups.metric_clashes().collect();
    clashes.sort_by_key(|(_, group)| group.name());
    for (other, group) in clashes {
        found.push(
            Diagnostic::error(
                codes::TOPIC_NAME_COLLISION,
                format!(
                    "the topics `{}` and `{}` differ only in `.` and `_`, which Kafka treats as the same in metric names and refuses",
                    printable(other),
                    printable(group.name())
                ),
                model.event(first_source(model, group)).name.span,
                "collides with another topic",
            )
            .with_help("rename one of them so that the names differ in more than `.` versus `_`"),
        );
    }
}

/// The positions, in the plan's order, of the claims that can have a
/// problem: the illegal names, and the names whose metric hash (`.` = `_`)
/// is not theirs alone. Each name is made in one reused buffer and kept as
/// its hash only: on a model without problems (the rule) nothing is kept
/// but a table of hashes, where keeping every name and its claim took
/// about 3.5 MiB of fresh pages at 10,000 declarations.
fn suspect_claims<'m>(
    model: &'m Model,
    stems: &[EventStem<'m>],
    known_delays: &mut Delays<'m>,
    valid: impl Fn(&str, bool) -> bool,
) -> Vec<u32> {
    let mut claims = 0;
    each_name(model, stems, known_delays, |_, _, _| claims += 1);
    let mut seen: HashTable<u64> = HashTable::with_capacity(claims);
    let mut repeated: Vec<u64> = Vec::new();
    let mut invalid: Vec<u32> = Vec::new();
    let mut name = String::new();
    let mut index: u32 = 0;
    each_name(model, stems, known_delays, |parts, _, legal| {
        name.clear();
        for part in parts {
            name.push_str(part);
        }
        if !valid(&name, legal) {
            invalid.push(index);
        }
        let hash = metric_hash(&name);
        match seen.entry(hash, |other| *other == hash, |other| *other) {
            TableEntry::Vacant(entry) => {
                entry.insert(hash);
            }
            TableEntry::Occupied(_) => repeated.push(hash),
        }
        index += 1;
    });
    drop(seen);
    if repeated.is_empty() {
        return invalid;
    }
    // A second pass finds every claim of a repeated hash, the first ones
    // included.
    repeated.sort_unstable();
    repeated.dedup();
    let mut suspects = Vec::new();
    let mut invalid = invalid.into_iter().peekable();
    let mut index: u32 = 0;
    each_name(model, stems, known_delays, |parts, _, _| {
        name.clear();
        for part in parts {
            name.push_str(part);
        }
        let is_invalid = invalid.next_if_eq(&index).is_some();
        if is_invalid || repeated.binary_search(&metric_hash(&name)).is_ok() {
            suspects.push(index);
        }
        index += 1;
    });
    suspects
}

/// The claims grouped by name: for each name its first claim, and for each
/// claim the next claim of the same name (the plan's order within a name).
/// Built in one pass over the claims, which also notes what is rare: the
/// names claimed more than once, and the metric names (`.` = `_`) of more
/// than one name. Names are found by their metric name (one hash probe per
/// claim): a metric name's first name is kept with it, the other names of
/// a metric name (a clash, rare) in a map of their own.
///
/// Claims are referred to by their `u32` position: with one entry per
/// name, the map and the links were the largest part of `check`'s peak
/// memory when they held `usize`s and `&str`s (see `docs/performance.md`).
/// The metric names are a table of bare [`Metric`]s, found by the metric
/// name of their first claim's name: a map keyed by the `&str` as well
/// took twice the memory (16.5 MiB at 100,000 declarations, all of it
/// fresh pages).
struct Groups<'c> {
    claims: &'c [(&'c str, Claim)],
    metrics: HashTable<Metric>,
    /// Each name's first and last claim, for names that are not the first
    /// of their metric name.
    others: FxHashMap<&'c str, (u32, u32)>,
    next: Vec<Option<u32>>,
    /// The first claim of each name claimed more than once.
    shared: Vec<u32>,
    /// Whether some metric name has more than one name.
    metric_clash: bool,
}

/// The names of one metric name, by the position of a claim of each.
struct Metric {
    /// The first name claimed with this metric name: its first and last
    /// claim (the first claim's name is the name).
    ends: (u32, u32),
    /// A claim of the smallest name, and how many names there are.
    smallest: u32,
    names: u32,
}

/// An event of the project with its topic stem (see [`names`]).
struct EventStem<'m> {
    id: EventId,
    event: &'m Event,
    stem: String,
    legal: bool,
}

/// Calls `visit` with each planned topic name of `stems`' events, in the
/// plan's order, as the parts it is joined from, with its claim and
/// whether its characters are known to be legal: an event version's topic
/// (`naming::topic_of_stem`), its dead-letter topic
/// (`plan::dead_letter_topic_for`) and, when the version has readers, a
/// retry topic per delay of its retry rule (`plan::retry_topic_name`).
fn each_name<'m>(
    model: &'m Model,
    stems: &[EventStem<'m>],
    known_delays: &mut Delays<'m>,
    mut visit: impl FnMut(&[&str], Claim, bool),
) {
    // Numbers written without the formatting machinery (`write!` was a
    // sixth of the Kafka checks).
    let (mut digits, mut delay_digits) = (itoa::Buffer::new(), itoa::Buffer::new());
    for EventStem {
        id,
        event,
        stem,
        legal,
    } in stems
    {
        let (id, legal) = (*id, *legal);
        let delays = retry_rule(model, id).map(|(rule, _)| known_delays.of(rule));
        for version in &event.versions {
            let number = version.number;
            let written = digits.format(number);
            visit(&[stem, written], Claim::Event(id, number), legal);
            match event.dead_letter.as_ref() {
                Some(Some(named)) => visit(&[named], Claim::DeadLetter(id, number), false),
                Some(None) => visit(
                    &[stem, written, ".dlq"],
                    Claim::DeadLetter(id, number),
                    legal,
                ),
                None => {}
            }
            if let Some(delays) = &delays {
                if plan::has_readers(model, id, number) {
                    for delay_ms in delays.iter() {
                        let delay = delay_digits.format(*delay_ms);
                        visit(&[stem, written, "-retry-", delay], Claim::Retry(id), legal);
                    }
                }
            }
        }
    }
}

/// A claim's position as the groups keep it.
fn position(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// The name of the claim at `at`.
fn name_at<'c>(claims: &[(&'c str, Claim)], at: u32) -> &'c str {
    claims.get(at as usize).map_or("", |(name, _)| *name)
}

impl<'c> Groups<'c> {
    fn of(claims: &'c [(&'c str, Claim)]) -> Groups<'c> {
        let mut metrics: HashTable<Metric> = HashTable::with_capacity(claims.len());
        let mut others: FxHashMap<&str, (u32, u32)> = FxHashMap::default();
        let mut next = vec![None; claims.len()];
        let mut shared = Vec::new();
        let mut metric_clash = false;
        // One more claim of a name seen before, whose claims end at `ends`.
        let mut again = |ends: &mut (u32, u32), index: u32| {
            let (first, last) = ends;
            if *first == *last {
                shared.push(*first);
            }
            if let Some(link) = next.get_mut(*last as usize) {
                *link = Some(index);
            }
            *last = index;
        };
        for (index, (name, _)) in claims.iter().enumerate() {
            let index = position(index);
            let found = metrics.entry(
                metric_hash(name),
                |metric| MetricName(name_at(claims, metric.ends.0)) == MetricName(name),
                |metric| metric_hash(name_at(claims, metric.ends.0)),
            );
            match found {
                TableEntry::Vacant(entry) => {
                    entry.insert(Metric {
                        ends: (index, index),
                        smallest: index,
                        names: 1,
                    });
                }
                TableEntry::Occupied(mut entry) => {
                    let metric = entry.get_mut();
                    if name_at(claims, metric.ends.0) == *name {
                        again(&mut metric.ends, index);
                    } else {
                        match others.entry(name) {
                            Entry::Occupied(mut other) => again(other.get_mut(), index),
                            Entry::Vacant(other) => {
                                other.insert((index, index));
                                if *name < name_at(claims, metric.smallest) {
                                    metric.smallest = index;
                                }
                                metric.names += 1;
                                metric_clash = true;
                            }
                        }
                    }
                }
            }
        }
        Groups {
            claims,
            metrics,
            others,
            next,
            shared,
            metric_clash,
        }
    }

    /// The entry of `name`'s metric name.
    fn metric(&self, name: &str) -> Option<&Metric> {
        self.metrics.find(metric_hash(name), |metric| {
            MetricName(name_at(self.claims, metric.ends.0)) == MetricName(name)
        })
    }

    /// The first and last claim of `name`.
    fn ends(&self, name: &str) -> Option<(u32, u32)> {
        let metric = self.metric(name)?;
        if name_at(self.claims, metric.ends.0) == name {
            Some(metric.ends)
        } else {
            self.others.get(name).copied()
        }
    }

    fn group(&self, first: u32) -> Group<'_> {
        Group {
            groups: self,
            first,
        }
    }

    /// The group of `name` if claim `index` is its first.
    fn first_of(&self, index: u32, name: &str) -> Option<Group<'_>> {
        let (first, _) = self.ends(name)?;
        (first == index).then(|| self.group(first))
    }

    /// The names claimed more than once.
    fn shared(&self) -> impl Iterator<Item = Group<'_>> {
        self.shared
            .iter()
            .filter_map(|first| self.first_of(*first, name_at(self.claims, *first)))
    }

    /// Each name whose metric name another, smaller name has too, with
    /// that smallest name.
    fn metric_clashes(&self) -> impl Iterator<Item = (&'c str, Group<'_>)> {
        // Without a clash (the rule), nothing is scanned.
        let claims = if self.metric_clash { self.claims } else { &[] };
        claims.iter().enumerate().filter_map(|(index, (name, _))| {
            let metric = self.metric(name)?;
            let smallest = name_at(self.claims, metric.smallest);
            if metric.names < 2 || smallest == *name {
                return None;
            }
            Some((smallest, self.first_of(position(index), name)?))
        })
    }
}

/// The claims of one topic name.
#[derive(Clone, Copy)]
struct Group<'g> {
    groups: &'g Groups<'g>,
    first: u32,
}

impl<'g> Group<'g> {
    fn name(&self) -> &'g str {
        name_at(self.groups.claims, self.first)
    }

    /// The claims, in the plan's order.
    fn claims(self) -> impl Iterator<Item = &'g (&'g str, Claim)> {
        let groups = self.groups;
        std::iter::successors(Some(self.first), move |index| {
            groups.next.get(*index as usize).copied().flatten()
        })
        .filter_map(move |index| groups.claims.get(index as usize))
    }
}

/// A topic name compared and hashed as Kafka's metric names see it: `.`
/// and `_` are the same character (without making the replaced string).
#[derive(Clone, Copy)]
struct MetricName<'n>(&'n str);

impl<'n> MetricName<'n> {
    fn bytes(self) -> impl Iterator<Item = u8> + 'n {
        self.0
            .bytes()
            .map(|byte| if byte == b'.' { b'_' } else { byte })
    }
}

impl PartialEq for MetricName<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && self.bytes().eq(other.bytes())
    }
}

impl Eq for MetricName<'_> {}

/// The hash the table of metric names places `name` by.
fn metric_hash(name: &str) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    std::hash::Hash::hash(&MetricName(name), &mut hasher);
    std::hash::Hasher::finish(&hasher)
}

impl std::hash::Hash for MetricName<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Eight bytes at a time, each `.` turned into `_` inside the word
        // (equal metric names give equal words): a hash step per word, not
        // per byte, and no replaced string.
        let bytes = self.0.as_bytes();
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            state.write_u64(dots_to_underscores(u64::from_le_bytes(word)));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // Assembled in a register: a copy into a buffer read back as
            // a word stalls the load.
            let word = rest
                .iter()
                .rev()
                .fold(0u64, |word, byte| (word << 8) | u64::from(*byte));
            state.write_u64(dots_to_underscores(word));
        }
        state.write_usize(self.0.len());
    }
}

/// The eight bytes of `word` with every `.` replaced by `_`.
fn dots_to_underscores(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // Zero where a byte is `.`; the high bit of each byte of `nonzero` is
    // set exactly where that byte is not zero (no carries between bytes).
    let dots = word ^ (ONES * u64::from(b'.'));
    let nonzero = ((dots & LOW7) + LOW7) | dots;
    let is_dot = !nonzero & (ONES << 7);
    // 0x80 → 0x01 in each `.` byte, times the bits that turn `.` into `_`.
    word ^ ((is_dot >> 7) * u64::from(b'.' ^ b'_'))
}

/// The event of a planned topic's first source (its sources in topic
/// order), from the claims of its name: the plan keeps the first claim's
/// topic, and a dead-letter topic takes every later dead-letter claim as a
/// source too.
fn first_source(model: &Model, group: Group) -> EventId {
    let Some((_, first)) = group.claims().next() else {
        return EventId(0);
    };
    let Claim::DeadLetter(..) = first else {
        return first.event();
    };
    group
        .claims()
        .filter_map(|(_, claim)| match claim {
            Claim::DeadLetter(event, number) => Some((*event, *number)),
            _ => None,
        })
        .min_by_key(|(event, number)| naming::topic(model, *event, *number))
        .map_or(first.event(), |(event, _)| event)
}

/// A name as a message can show it: control characters escaped.
fn printable(name: &str) -> String {
    name.escape_debug().to_string()
}

/// Milliseconds in weft's notation (`1h`, `30m`, `500ms`).
fn duration(ms: u64) -> String {
    crate::asyncapi::policies::duration(ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    #[test]
    fn dots_become_underscores_in_a_word() {
        for text in [*b"a.b_c..d", *b"........", *b"\x00.\xae\x2f.\x7f\xff."] {
            let expected: Vec<u8> = text
                .iter()
                .map(|byte| if *byte == b'.' { b'_' } else { *byte })
                .collect();
            let word = dots_to_underscores(u64::from_le_bytes(text));
            assert_eq!(word.to_le_bytes().to_vec(), expected);
        }
    }

    #[test]
    fn metric_names_equal_up_to_dots_hash_alike() {
        let hasher = rustc_hash::FxBuildHasher;
        let hash = |name: &str| {
            let mut state = hasher.build_hasher();
            MetricName(name).hash(&mut state);
            std::hash::Hasher::finish(&state)
        };
        let pairs = [
            ("plant.coil_changed.v1", "plant_coil.changed_v1"),
            ("a.b", "a_b"),
            (
                "long.domain_name.some_event_name.v12.dlq",
                "long_domain.name_some.event_name_v12_dlq",
            ),
        ];
        for (a, b) in pairs {
            assert!(MetricName(a) == MetricName(b));
            assert_eq!(hash(a), hash(b));
        }
        assert!(MetricName("a.b") != MetricName("a-b"));
        assert_ne!(hash("plant.coil.v1"), hash("plant.coil.v2"));
    }
}
