//! Events against the baseline: versions edited in place, new versions
//! checked with the event's mode against the published ones, versions and
//! events removed, and new events.

use super::locate::{event_id, field_span, nearest};
use super::{owner_span, place_key, short, Baseline, Project, Reported};
use crate::codes;
use crate::compat::lock::{Lock, LockedEvent};
use crate::compat::{check_pair_with, Direction, Finding, Labels, Mode, Owner};
use crate::model::{Consumer, EventId, Model, Type};
use std::collections::BTreeMap;
use weft_syntax::{Severity, Span};

/// How many schema changes an in-place edit lists in its notes.
const MAX_CHANGE_NOTES: usize = 8;

pub(super) fn compare(
    project: &Project<'_>,
    baseline: &Baseline,
    current: &Lock,
    found: &mut Vec<Reported>,
) {
    let old = by_name(&baseline.lock.events);
    let new = by_name(&current.events);
    for (name, old_versions) in &old {
        match new.get(name) {
            None => removed_event(project, baseline, name, old_versions, found),
            Some(new_versions) => {
                let Some(id) = event_id(project.model, name) else {
                    continue;
                };
                let subject = Subject {
                    project,
                    baseline,
                    id,
                    name,
                };
                for published in old_versions {
                    match new_versions
                        .iter()
                        .find(|version| version.version == published.version)
                    {
                        Some(now) if now.fingerprint != published.fingerprint => {
                            subject.edited_in_place(published, now, found);
                        }
                        Some(_) => {}
                        None => found.push(subject.removed_version(published)),
                    }
                }
                for added in new_versions.iter().filter(|version| {
                    !old_versions
                        .iter()
                        .any(|published| published.version == version.version)
                }) {
                    subject.new_version(added, old_versions, new_versions, found);
                }
            }
        }
    }
    for (name, versions) in &new {
        if old.contains_key(name) {
            continue;
        }
        let Some(id) = event_id(project.model, name) else {
            continue;
        };
        let event = project.model.event(id);
        let list = versions
            .iter()
            .map(|version| format!("v{}", version.version))
            .collect::<Vec<_>>()
            .join(", ");
        found.push(
            Reported::new(
                codes::CONTRACT_ADDED,
                Severity::Info,
                short(name),
                "event_added",
                format!("event `{}` is new ({list})", short(name)),
                event.name.span,
                "not in the baseline",
            )
            .note(format!(
                "the baseline ({}) has no event `{}`",
                baseline.label,
                short(name)
            )),
        );
    }
}

fn by_name(events: &[LockedEvent]) -> BTreeMap<&str, Vec<&LockedEvent>> {
    let mut map: BTreeMap<&str, Vec<&LockedEvent>> = BTreeMap::new();
    for event in events {
        map.entry(event.name.as_str()).or_default().push(event);
    }
    for versions in map.values_mut() {
        versions.sort_by_key(|version| version.version);
    }
    map
}

fn removed_event(
    project: &Project<'_>,
    baseline: &Baseline,
    name: &str,
    versions: &[&LockedEvent],
    found: &mut Vec<Reported>,
) {
    let key = place_key("event", name, None);
    let deprecated = versions.iter().any(|version| version.deprecated);
    let event = short(name);
    let span = nearest(project, baseline.places.get(&key));
    let list = versions
        .iter()
        .map(|version| format!("v{}", version.version))
        .collect::<Vec<_>>()
        .join(", ");
    let reported = if deprecated {
        Reported::new(
            codes::REMOVED_WITHOUT_DEPRECATION,
            Severity::Info,
            event,
            "event_removed",
            format!("event `{event}` was removed; it was deprecated in the baseline"),
            span,
            format!("`{event}` was declared near here"),
        )
    } else {
        Reported::new(
            codes::REMOVED_WITHOUT_DEPRECATION,
            Severity::Error,
            event,
            "event_removed",
            format!("event `{event}` removed; deprecate it for at least one release first"),
            span,
            format!("`{event}` was declared near here"),
        )
        .note(format!(
            "consumers outside this project may still read `{event}` ({list}), and its topic still holds events"
        ))
        .help(format!(
            "restore `{event}`, mark it `@deprecated(\"…\")` and remove it in a later release"
        ))
    };
    found.push(
        reported
            .note(baseline.note(&key, &format!("`{event}`")))
            .sides(Some(list), None),
    );
}

/// One event present in both the baseline and the new model.
struct Subject<'a> {
    project: &'a Project<'a>,
    baseline: &'a Baseline,
    id: EventId,
    name: &'a str,
}

impl Subject<'_> {
    fn model(&self) -> &Model {
        self.project.model
    }

    fn short(&self) -> &str {
        short(self.name)
    }

    fn version_span(&self, number: u32) -> Span {
        let event = self.model().event(self.id);
        event
            .version(number)
            .map_or(event.name.span, |version| version.meta.span)
    }

    fn version_key(&self, number: u32) -> String {
        place_key("event", self.name, Some(&format!("v{number}")))
    }

    /// The span of the field a schema finding is about, in version `number`.
    fn finding_span(&self, number: u32, path: &str) -> Span {
        let event = self.model().event(self.id);
        let Some(version) = event.version(number) else {
            return event.name.span;
        };
        let rest = match path.split_once('.') {
            Some((_, rest)) => rest,
            None => "",
        };
        field_span(self.model(), &Type::Named(version.payload), rest).unwrap_or(version.meta.span)
    }

    /// The shared declaration a finding is about, if it is not this
    /// event's own payload.
    fn shared_owner<'f>(&self, finding: &'f Finding) -> Option<&'f Owner> {
        finding
            .owner
            .as_ref()
            .filter(|owner| owner.declaration != self.name)
    }

    /// How a grouped finding names this event version (and who reads it).
    fn affected(&self, number: u32, against: Option<u32>) -> String {
        let event = self.short();
        let mut text = format!("event `{event}` v{number}");
        if let Some(old) = against {
            text.push_str(&format!(" (against v{old})"));
        }
        let readers: Vec<String> = readers(self.model(), self.id, number)
            .into_iter()
            .map(|(_, label)| label)
            .collect();
        if !readers.is_empty() {
            let names: Vec<&str> = readers
                .iter()
                .map(|label| label.split(" still reads").next().unwrap_or(label))
                .collect();
            text.push_str(&format!(", read by {}", names.join(", ")));
        }
        text
    }

    fn labels(&self, old: u32, new: u32) -> Labels {
        Labels {
            old: format!("{} v{old}", self.short()),
            new: format!("{} v{new}", self.short()),
        }
    }

    /// A published version edited in place. Changes of the version's own
    /// fields are one finding at the version; changes inside a shared
    /// declaration are one finding per declaration, at it, listing every
    /// published version they edited (issue 14, item 7).
    fn edited_in_place(
        &self,
        published: &LockedEvent,
        now: &LockedEvent,
        found: &mut Vec<Reported>,
    ) {
        let number = published.version;
        let event = self.short().to_string();
        let labels = Labels {
            old: format!("{event} v{number} as published"),
            new: format!("{event} v{number} as edited"),
        };
        let all = check_pair_with(&published.schema, &now.schema, Mode::Full, &labels);
        let (shared, changes): (Vec<Finding>, Vec<Finding>) = all
            .into_iter()
            .partition(|change| self.shared_owner(change).is_some());
        let mut declarations: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
        for change in &shared {
            if let Some(owner) = &change.owner {
                declarations
                    .entry(owner.declaration.clone())
                    .or_default()
                    .push(change);
            }
        }
        for (declaration, changes) in &declarations {
            found.push(self.declaration_edited(declaration, changes, number));
        }
        if changes.is_empty() && !declarations.is_empty() {
            return;
        }
        let mut reported = Reported::new(
            codes::CHANGED_IN_PLACE,
            Severity::Error,
            format!("{event}@{number}"),
            "edited_in_place",
            format!("`{event}` v{number} changed but its version stayed v{number}"),
            self.version_span(number),
            format!("published v{number} edited here"),
        )
        .sides(
            Some(published.fingerprint.clone()),
            Some(now.fingerprint.clone()),
        )
        .note(self.baseline.note(
            &self.version_key(number),
            &format!("`{event}` v{number}"),
        ))
        .note(format!(
            "events already written with v{number} and every consumer reading v{number} use the published schema"
        ));
        for change in changes.iter().take(MAX_CHANGE_NOTES) {
            reported = reported.note(format!("changed: {}", change.message));
        }
        if changes.len() > MAX_CHANGE_NOTES {
            reported = reported.note(format!(
                "… and {} more changes",
                changes.len() - MAX_CHANGE_NOTES
            ));
        }
        let next = self
            .model()
            .event(self.id)
            .latest()
            .map_or(number + 1, |latest| latest.number + 1);
        for declaration in declarations.keys() {
            reported = reported.note(format!(
                "`{}` changed too; that change is reported at its declaration",
                short(declaration)
            ));
        }
        found.push(reported.help(format!(
            "put v{number} back as it was published and make the change in a new version (`version {next} {{ … }}`); published versions never change"
        )));
    }

    /// A shared declaration whose change edited published version `number`
    /// of this event in place: one finding per declaration for all events.
    fn declaration_edited(&self, declaration: &str, changes: &[&Finding], number: u32) -> Reported {
        let name = short(declaration);
        let span = changes
            .iter()
            .find_map(|change| {
                change
                    .owner
                    .as_ref()
                    .and_then(|owner| owner_span(self.model(), owner))
            })
            .unwrap_or_else(|| self.version_span(number));
        let mut reported = Reported::new(
            codes::CHANGED_IN_PLACE,
            Severity::Error,
            name,
            "edited_in_place",
            format!("`{name}` changed, and with it published event versions that contain it"),
            span,
            "changed here",
        )
        .note("events already written with those versions, and every consumer reading them, use the published schema");
        reported.facts.declaration = Some(declaration.to_string());
        for change in changes.iter().take(MAX_CHANGE_NOTES) {
            reported = reported.note(format!("changed: {}", change.message));
        }
        if changes.len() > MAX_CHANGE_NOTES {
            reported = reported.note(format!(
                "… and {} more changes",
                changes.len() - MAX_CHANGE_NOTES
            ));
        }
        reported
            .help(format!(
                "put `{name}` back as it was published and make the change in a new type used by new event versions; published versions never change"
            ))
            .grouped(
                format!("event-in-place|{declaration}"),
                self.affected(number, None),
            )
    }

    fn removed_version(&self, published: &LockedEvent) -> Reported {
        let number = published.version;
        let event = self.short().to_string();
        let readers = readers(self.model(), self.id, number);
        let key = self.version_key(number);
        let place = self.baseline.note(&key, &format!("`{event}` v{number}"));
        if let Some(((span, label), rest)) = readers.split_first() {
            let reported = Reported::new(
                codes::VERSION_STILL_READ,
                Severity::Error,
                format!("{event}@{number}"),
                "version_removed",
                format!("`{event}` v{number} was removed, but it is still read"),
                *span,
                label.clone(),
            )
            .note(place)
            .help(format!(
                "keep v{number} until every consumer reads a newer version of `{event}`; move the readers first, then deprecate v{number}, then remove it"
            ))
            .labels(rest);
            return reported;
        }
        let event_span = self.model().event(self.id).name.span;
        let deprecated = published.deprecated || published.version_deprecated;
        let reported = if deprecated {
            Reported::new(
                codes::REMOVED_WITHOUT_DEPRECATION,
                Severity::Info,
                format!("{event}@{number}"),
                "version_removed",
                format!("`{event}` v{number} was removed; it was deprecated in the baseline"),
                event_span,
                format!("v{number} is gone"),
            )
        } else {
            Reported::new(
                codes::REMOVED_WITHOUT_DEPRECATION,
                Severity::Error,
                format!("{event}@{number}"),
                "version_removed",
                format!("`{event}` v{number} removed; deprecate it for at least one release first"),
                event_span,
                format!("v{number} is gone"),
            )
            .note(format!(
                "consumers outside this project may still read v{number}, and the topic still holds v{number} events"
            ))
            .help(format!(
                "restore v{number}, mark it `@deprecated(\"…\")` and remove it in a later release"
            ))
        };
        reported.note(place)
    }

    fn new_version(
        &self,
        added: &LockedEvent,
        published: &[&LockedEvent],
        current: &[&LockedEvent],
        found: &mut Vec<Reported>,
    ) {
        let number = added.version;
        let event = self.short().to_string();
        if let Some(previous) = current
            .iter()
            .filter(|version| version.version < number)
            .max_by_key(|version| version.version)
        {
            if previous.fingerprint == added.fingerprint {
                found.push(
                    Reported::new(
                        codes::VERSION_WITHOUT_CHANGE,
                        Severity::Info,
                        format!("{event}@{number}"),
                        "version_without_change",
                        format!(
                            "`{event}` v{number} has the same schema as v{}",
                            previous.version
                        ),
                        self.version_span(number),
                        format!("identical to v{}", previous.version),
                    )
                    .sides(
                        Some(format!("v{}", previous.version)),
                        Some(format!("v{number}")),
                    )
                    .help(format!(
                        "remove v{number} unless the bump is deliberate: a new version with the same schema only makes consumers move for nothing"
                    )),
                );
            }
        }
        let Some(mode) = Mode::parse(&added.compatibility) else {
            return;
        };
        if mode == Mode::None {
            return;
        }
        // Transitive modes: every published version before this one.
        // Pairwise: the version just before it, if that one is published
        // (a pair of two new versions is `weft check`'s business).
        let earlier = published.iter().filter(|version| version.version < number);
        let against: Vec<&&LockedEvent> = if mode.transitive() {
            earlier.collect()
        } else {
            let previous = current
                .iter()
                .filter(|version| version.version < number)
                .map(|version| version.version)
                .max();
            earlier
                .filter(|version| Some(version.version) == previous)
                .collect()
        };
        // Changelog notes come from the closest published version only; the
        // older ones would repeat what is already published.
        let closest = against.iter().map(|version| version.version).max();
        let mut seen: Vec<(weft_base::Code, String)> = Vec::new();
        for old in against {
            let labels = self.labels(old.version, number);
            for finding in check_pair_with(&old.schema, &added.schema, mode.pairwise(), &labels) {
                if finding.severity == Severity::Info && Some(old.version) != closest {
                    continue;
                }
                let key = (finding.code, finding.path.clone());
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                found.push(self.schema_finding(finding, mode, old.version, number));
            }
        }
    }

    fn schema_finding(&self, finding: Finding, mode: Mode, old: u32, new: u32) -> Reported {
        let backward = match finding.direction {
            Direction::Backward => true,
            Direction::Forward => false,
            Direction::Both => mode.backward(),
        };
        let (reader, writer) = if backward { (new, old) } else { (old, new) };
        let event = self.short().to_string();
        let shared = self.shared_owner(&finding).cloned();
        let shared_span = shared
            .as_ref()
            .and_then(|owner| owner_span(self.model(), owner));
        let span = shared_span.unwrap_or_else(|| self.finding_span(new, &finding.path));
        let label = match &shared {
            Some(owner) if shared_span.is_some() => format!("changed in `{}`", owner.path),
            _ => format!("in v{new}, against published v{old}"),
        };
        let mut reported = Reported::from_finding(&finding, span, label)
            .versions(Some(format!("v{reader}")), Some(format!("v{writer}")))
            .mode(mode);
        if let Some(owner) = &shared {
            reported.facts.path = owner.path.clone();
            reported.facts.declaration = Some(owner.declaration.clone());
            reported = reported.grouped(
                format!(
                    "event-schema|{}|{}|{}|{}",
                    finding.code, finding.change, owner.path, finding.message
                ),
                self.affected(new, Some(old)),
            );
        }
        if finding.severity != Severity::Info {
            reported = reported.note(format!(
                "check: {} (reader = {event} v{reader}, writer = {event} v{writer})",
                Mode::one_way(backward, false)
            ));
        }
        reported.note(
            self.baseline
                .note(&self.version_key(old), &format!("`{event}` v{old}")),
        )
    }
}

/// Who in the model reads version `number` of the event, with where.
fn readers(model: &Model, id: EventId, number: u32) -> Vec<(Span, String)> {
    let mut readers = Vec::new();
    for system in &model.systems {
        for consumption in &system.consumes {
            if consumption.event == id && consumption.version == number {
                readers.push((
                    consumption.span,
                    format!("`{}` still reads v{number}", system.name.name),
                ));
            }
        }
    }
    for consumer in &model.event(id).consumers {
        if let Consumer::Workflow { workflow, version } = consumer {
            if *version == number {
                if let Some(workflow) = model.workflows.get(workflow.index()) {
                    let entry = (
                        workflow.name.span,
                        format!("workflow `{}` still reads v{number}", workflow.name.name),
                    );
                    if !readers.contains(&entry) {
                        readers.push(entry);
                    }
                }
            }
        }
    }
    readers
}
