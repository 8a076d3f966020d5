//! Ownership: every entity has one system of record, and only that system
//! publishes events about it (E401) and hosts APIs that write it (E402).
//! Personal data (`@pii` fields) leaves the producer's domain only where a
//! `pii allowed` policy applies to the event (E404); not reported while what
//! may allow it is typed halfway (`Model::unparsed`).

use crate::codes;
use crate::landscape_graph::{step_span, trigger_span};
use crate::model::{
    Clause, DeclRef, DomainId, Event, EventId, Model, RuleKind, StateKind, SystemId, TriggerDef,
    Type, TypeId, TypeKind, Workflow, WorkflowId,
};
use weft_base::{Diagnostic, Span};

/// Runs this check.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut reads = Vec::new();
    for (id, workflow) in model.workflows_with_ids() {
        check_workflow(model, id, workflow, &mut reads);
    }
    check_rest(model, reads)
}

/// Reads of events, each with the system that reads.
pub(super) type Reads = Vec<(EventId, SystemId, Read)>;

/// This check's part on one workflow: its reads of events (its trigger and
/// its waits, read by its host).
pub(super) fn check_workflow(
    model: &Model,
    id: WorkflowId,
    workflow: &Workflow,
    reads: &mut Reads,
) {
    let Some(host) = workflow.host else { return };
    if let Some(TriggerDef::Event { event, .. }) = &workflow.trigger {
        reads.push((
            *event,
            host,
            Read {
                span: trigger_span(model, id),
                how: How::Triggers(id, host, *event),
            },
        ));
    }
    workflow.graph.walk(&mut |state| {
        if let StateKind::Wait {
            event: Some(event), ..
        } = &state.kind
        {
            reads.push((
                *event,
                host,
                Read {
                    span: step_span(model, id, state),
                    how: How::Waits(id, host, *event),
                },
            ));
        }
    });
}

/// The whole check, with the reads of every workflow.
pub(super) fn check_rest(model: &Model, workflow_reads: Reads) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    publishers(model, &mut diagnostics);
    writers(model, &mut diagnostics);
    personal_data(model, workflow_reads, &mut diagnostics);
    diagnostics
}

/// E401: an event about an entity is published by its owner.
fn publishers(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    for event in &model.events {
        let (Some(producer), Some(entity_id)) = (event.producer, event.about) else {
            continue;
        };
        let entity = model.entity(entity_id);
        let Some(owner) = entity.owner else { continue };
        if owner == producer {
            continue;
        }
        let producer_name = &model.system(producer).name.name;
        let owner_name = &model.system(owner).name.name;
        let entity_name = &entity.name.name;
        diagnostics.push(
            Diagnostic::error(
                codes::NON_OWNER_PUBLISHES,
                format!(
                    "`{producer_name}` publishes `{}` about `{entity_name}`, but `{owner_name}` owns `{entity_name}`",
                    event.name.name
                ),
                event.producer_span,
                format!("`{producer_name}` is not the system of record of `{entity_name}`"),
            )
            .with_label(event.about_span, format!("the event is about `{entity_name}`"))
            .with_label(entity.owner_span, format!("`{entity_name}` is owned by `{owner_name}`"))
            .with_help(format!(
                "only the owner publishes facts about an entity: make `{owner_name}` the producer, \
                 or drop `about {entity_name}` if the event is not about it"
            )),
        );
    }
}

/// E402: an API that writes an entity is hosted by its owner.
fn writers(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    for api in &model.apis {
        let Some(host) = api.host else { continue };
        let host_name = &model.system(host).name.name;
        for operation in &api.operations {
            for (entity_id, span) in &operation.writes {
                let entity = model.entity(*entity_id);
                let Some(owner) = entity.owner else { continue };
                if owner == host {
                    continue;
                }
                let owner_name = &model.system(owner).name.name;
                let entity_name = &entity.name.name;
                diagnostics.push(
                    Diagnostic::error(
                        codes::NON_OWNER_WRITES,
                        format!(
                            "`{}.{}` writes `{entity_name}`, which `{owner_name}` owns, but the API is hosted by `{host_name}`",
                            api.name.name, operation.name
                        ),
                        *span,
                        format!("`{host_name}` may not change `{entity_name}`"),
                    )
                    .with_label(api.host_span, format!("`{}` is hosted by `{host_name}`", api.name.name))
                    .with_label(entity.owner_span, format!("`{entity_name}` is owned by `{owner_name}`"))
                    .with_help(format!(
                        "host the write on an API of `{owner_name}`, the owner, and call that operation \
                         (from a workflow) instead of changing `{entity_name}` in `{host_name}`"
                    )),
                );
            }
        }
    }
}

/// One `@pii` field reachable from an event's payload.
struct PiiField {
    /// The path from the payload, such as `contact.email` or `lines[].note`.
    path: String,
    /// `Record.field` where the record declares it, or only the field's name
    /// when it is declared in the event's inline payload.
    declared_in: String,
    /// Where the field is named.
    span: Span,
}

/// One place where a system reads an event.
pub(super) struct Read {
    span: Span,
    how: How,
}

/// How a system reads an event (its label is made only for a finding).
#[derive(Clone, Copy)]
enum How {
    /// The system's `consumes` clause.
    Consumes(SystemId, EventId),
    /// A workflow it hosts is triggered by the event.
    Triggers(WorkflowId, SystemId, EventId),
    /// A workflow it hosts waits for the event.
    Waits(WorkflowId, SystemId, EventId),
}

impl Read {
    fn label(&self, model: &Model) -> String {
        match self.how {
            How::Consumes(system, event) => format!(
                "`{}` consumes `{}` here",
                model.system(system).name.name,
                model.event(event).name.name
            ),
            How::Triggers(workflow, host, event) => format!(
                "workflow `{}` on `{}` is triggered by `{}`",
                model.workflow(workflow).name.name,
                model.system(host).name.name,
                model.event(event).name.name
            ),
            How::Waits(workflow, host, event) => format!(
                "workflow `{}` on `{}` waits for `{}` here",
                model.workflow(workflow).name.name,
                model.system(host).name.name,
                model.event(event).name.name
            ),
        }
    }
}

/// Whether what may allow an event's personal data to leave its domain is
/// typed halfway (a syntax error): an `apply` of the event, its producer or
/// the producer's domain, or a `pii` rule of a policy it has.
fn allowance_unparsed(
    model: &Model,
    event: &Event,
    id: EventId,
    (producer, home): (SystemId, DomainId),
) -> bool {
    [
        DeclRef::Event(id),
        DeclRef::System(producer),
        DeclRef::Domain(home),
    ]
    .into_iter()
    .any(|decl| model.unparsed(decl, Clause::Apply))
        || event
            .policies
            .iter()
            .any(|applied| model.unparsed(DeclRef::Policy(applied.policy), Clause::Pii))
}

/// E404: personal data in an event read outside the producer's domain.
fn personal_data(model: &Model, workflow_reads: Reads, diagnostics: &mut Vec<Diagnostic>) {
    let reads = reads_by_event(model, workflow_reads);
    // Whether a type holds @pii does not depend on the event: each type is
    // searched once for all of them.
    let mut holds_pii = rustc_hash::FxHashMap::default();
    for (index, event) in model.events.iter().enumerate() {
        let Some(producer) = event.producer else {
            continue;
        };
        let Some(home) = model.system(producer).domain else {
            continue;
        };
        let id = EventId(index as u32);
        if event.policies.iter().any(|applied| {
            model
                .policy(applied.policy)
                .rules
                .iter()
                .any(|rule| rule.kind == RuleKind::PiiAllowed)
        }) || allowance_unparsed(model, event, id, (producer, home))
        {
            continue;
        }
        let first = reads.partition_point(|(event, _, _)| *event < id);
        let count = reads[first..].partition_point(|(event, _, _)| *event == id);
        let event_reads = &reads[first..first + count];
        // Only a reader in another domain is reported: without one, the
        // payloads need no search.
        if !event_reads.iter().any(|(_, system, _)| {
            model
                .system(*system)
                .domain
                .is_some_and(|domain| domain != home)
        }) {
            continue;
        }
        // Payload records written inline (`version 1 { ... }`) get generated
        // names such as `GoodsReceivedV1`; their fields are named plainly.
        let mut context = PiiSearch {
            model,
            inline: event
                .versions
                .iter()
                .filter(|version| {
                    is_inline_name(
                        &model.type_def(version.payload).name.name,
                        &event.name.name,
                        version.number,
                    )
                })
                .map(|version| version.payload)
                .collect(),
            visiting: Vec::new(),
            // What is known of the types so far, from the events before.
            holds_pii: std::mem::take(&mut holds_pii),
        };
        let mut fields: Vec<PiiField> = Vec::new();
        for version in &event.versions {
            let mut found = Vec::new();
            context.collect(&Type::Named(version.payload), "", &mut found);
            for field in found {
                if !fields.iter().any(|known| known.path == field.path) {
                    fields.push(field);
                }
            }
        }
        holds_pii = context.holds_pii;
        if fields.is_empty() {
            continue;
        }
        let home_name = &model.domain(home).name.name;
        let paths: Vec<String> = fields
            .iter()
            .map(|field| format!("`{}.{}`", event.name.name, field.path))
            .collect();
        for group in event_reads.chunk_by(|(_, a, _), (_, b, _)| a == b) {
            let Some(((_, system, first), others)) = group.split_first() else {
                continue;
            };
            let Some(domain) = model.system(*system).domain else {
                continue;
            };
            if domain == home {
                continue;
            }
            let system_name = &model.system(*system).name.name;
            let domain_name = &model.domain(domain).name.name;
            let mut diagnostic = Diagnostic::error(
                codes::PII_LEAVES_DOMAIN,
                format!(
                    "personal data leaves domain `{home_name}`: `{system_name}` in domain `{domain_name}` reads {}",
                    list(&paths)
                ),
                first.span,
                first.label(model),
            );
            for (_, _, other) in others {
                diagnostic = diagnostic.with_label(other.span, other.label(model));
            }
            for field in &fields {
                diagnostic = diagnostic.with_label(
                    field.span,
                    format!("`{}` is marked @pii", field.declared_in),
                );
            }
            diagnostics.push(
                diagnostic
                    .with_label(
                        event.producer_span,
                        format!(
                            "published by `{}` in domain `{home_name}`",
                            model.system(producer).name.name
                        ),
                    )
                    .with_help(format!(
                        "keep personal data inside `{home_name}`: publish an event without the @pii \
                         fields for readers in other domains, or apply a policy with `pii allowed` \
                         to `{}` if this flow is approved",
                        event.name.name
                    )),
            );
        }
    }
}

/// Whether `name` is `{event}V{number}`, the name of an inline payload
/// record, without making that name (also read by the compatibility
/// check's `appends`).
pub(crate) fn is_inline_name(name: &str, event: &str, number: u32) -> bool {
    let Some(digits) = name
        .strip_prefix(event)
        .and_then(|rest| rest.strip_prefix('V'))
    else {
        return false;
    };
    // `number` in decimal: digits only, no leading zero (but `0` itself).
    digits.bytes().all(|byte| byte.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && digits.parse::<u32>().ok() == Some(number)
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Every place a system reads an event (directly, or through a workflow it
/// hosts: `workflow_reads`, in workflow order), sorted by event and reading
/// system, each system's reads in model order: one vector sorted once,
/// where maps of maps of vectors cost allocations for every event read.
fn reads_by_event(model: &Model, workflow_reads: Reads) -> Reads {
    let mut reads: Reads = Vec::new();
    for (index, system) in model.systems.iter().enumerate() {
        for consumption in &system.consumes {
            reads.push((
                consumption.event,
                SystemId(index as u32),
                Read {
                    span: consumption.span,
                    how: How::Consumes(SystemId(index as u32), consumption.event),
                },
            ));
        }
    }
    reads.extend(workflow_reads);
    // Stable: each system's reads of an event stay in model order.
    reads.sort_by_key(|(event, system, _)| (*event, *system));
    reads
}

/// The most `@pii` field paths one payload search collects.
const MAX_PII_PATHS: usize = 1_000;

/// The search for `@pii` fields in one event's payloads.
struct PiiSearch<'a> {
    model: &'a Model,
    /// The event's inline payload records.
    inline: Vec<TypeId>,
    /// The named types being searched, against recursive types.
    visiting: Vec<TypeId>,
    /// Whether a named type holds a `@pii` field anywhere, computed once per
    /// type: records sharing records would otherwise be searched once per
    /// path, which doubles with every level (issue 15, item 9).
    holds_pii: rustc_hash::FxHashMap<TypeId, bool>,
}

impl PiiSearch<'_> {
    /// Collects the `@pii` fields reachable from `ty`, through records,
    /// lists, maps, optionals and aliases. A field marked @pii is reported as
    /// a whole (not what lies inside it).
    fn collect(&mut self, ty: &Type, prefix: &str, out: &mut Vec<PiiField>) {
        // Shared records holding @pii reach it along exponentially many
        // paths; a message names a few, so the search stops at a bound.
        if out.len() >= MAX_PII_PATHS {
            return;
        }
        match ty {
            Type::Optional(inner) => self.collect(inner, prefix, out),
            Type::List(inner) => self.collect(inner, &format!("{prefix}[]"), out),
            Type::Map(map) => self.collect(&map.1, &format!("{prefix}[]"), out),
            Type::Named(id) => {
                if self.visiting.contains(id)
                    || id.index() >= self.model.types.len()
                    || !self.holds_pii(*id)
                {
                    return;
                }
                self.visiting.push(*id);
                let decl = self.model.type_def(*id);
                match &decl.kind {
                    TypeKind::Alias { target, .. } => self.collect(target, prefix, out),
                    TypeKind::Record(record) => {
                        for field in &record.fields {
                            let path = if prefix.is_empty() {
                                field.name.as_str().to_string()
                            } else {
                                format!("{prefix}.{}", field.name)
                            };
                            if field.pii() {
                                let declared_in = if self.inline.contains(id) {
                                    field.name.as_str().to_string()
                                } else {
                                    format!("{}.{}", decl.name.name, field.name)
                                };
                                out.push(PiiField {
                                    path,
                                    declared_in,
                                    span: field.name_span,
                                });
                            } else {
                                self.collect(&field.ty, &path, out);
                            }
                        }
                    }
                    TypeKind::Enum { .. } => {}
                }
                self.visiting.pop();
            }
            _ => {}
        }
    }

    /// Whether `@pii` fields are reachable from the named type.
    fn holds_pii(&mut self, id: TypeId) -> bool {
        let mut open = Vec::new();
        self.reaches_pii(id, &mut open).0
    }

    /// Whether `@pii` fields are reachable from `id`, and the lowest
    /// position on `open` (the types being looked at) the answer depended
    /// on. A recursive reference to an open type counts as holding none;
    /// an answer that depended on a type still open further up is not
    /// final, so it is not remembered (the open type's own fields decide).
    fn reaches_pii(&mut self, id: TypeId, open: &mut Vec<TypeId>) -> (bool, usize) {
        if let Some(known) = self.holds_pii.get(&id) {
            return (*known, usize::MAX);
        }
        if let Some(position) = open.iter().position(|other| *other == id) {
            return (false, position);
        }
        let model = self.model;
        let mut named = Vec::new();
        let mut found = match model.types.get(id.index()).map(|def| &def.kind) {
            Some(TypeKind::Alias { target, .. }) => {
                named_types(target, &mut named);
                false
            }
            Some(TypeKind::Record(record)) => {
                for field in &record.fields {
                    named_types(&field.ty, &mut named);
                }
                record.fields.iter().any(|field| field.pii())
            }
            _ => false,
        };
        let here = open.len();
        let mut lowest = usize::MAX;
        open.push(id);
        for inner in named {
            if found {
                break;
            }
            let (inner_found, depends) = self.reaches_pii(inner, open);
            found = inner_found;
            lowest = lowest.min(depends);
        }
        open.pop();
        if found || lowest >= here {
            self.holds_pii.insert(id, found);
            return (found, usize::MAX);
        }
        (false, lowest)
    }
}

/// The named types a type expression refers to directly.
fn named_types(ty: &Type, out: &mut Vec<TypeId>) {
    match ty {
        Type::Named(id) => out.push(*id),
        Type::Optional(inner) | Type::List(inner) => named_types(inner, out),
        Type::Map(map) => named_types(&map.1, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::is_inline_name;

    #[test]
    fn inline_names_are_the_event_v_and_the_number() {
        for (name, number) in [("SavedV1", 1), ("SavedV0", 0), ("SavedV120", 120)] {
            assert!(is_inline_name(name, "Saved", number), "{name}");
            assert_eq!(name, format!("SavedV{number}"));
        }
        for (name, number) in [
            ("SavedV01", 1),
            ("SavedV1", 2),
            ("SavedV", 0),
            ("SavedV+1", 1),
            ("SavedX1", 1),
            ("SaveV1", 1),
            ("SavedV4294967296", 0),
        ] {
            assert!(!is_inline_name(name, "Saved", number), "{name}");
        }
    }
}
