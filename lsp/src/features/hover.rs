//! `textDocument/hover`: the declaration's signature and doc comment, and
//! for landscape items the graph facts: owner, producer, consumers with the
//! version each reads, applied policies with where they come from, APIs that
//! write an entity, and what a policy governs.

use super::{at, range};
use crate::analysis::{decl_name, operation_of, record_fields, type_text, Analysis};
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};
use weft_compiler::model::*;

pub(crate) fn hover(world: &crate::world::World, params: HoverParams) -> Option<Hover> {
    let at = at(world, &params.text_document_position_params)?;
    let site = at.analysis.site_at(at.file, at.offset)?;
    let text = describe(&at.analysis, site.to)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: range(&at.analysis, site.span),
    })
}

/// The hover text of a definition, in Markdown.
pub(crate) fn describe(analysis: &Analysis, to: Definition) -> Option<String> {
    let model = analysis.model();
    let (signature, doc, facts) = match to {
        Definition::Decl(decl) => {
            let name = decl_name(model, decl)?;
            let signature = header_line(analysis, name);
            (signature, doc_of(model, decl), decl_facts(model, decl))
        }
        Definition::Field { record, field } => {
            let found = record_fields(model, record)?.get(field)?;
            let owner = &model.types.get(record.index())?.name.name;
            (
                format!("{owner}.{}: {}", found.name, type_text(model, &found.ty)),
                found.meta.doc.clone(),
                Vec::new(),
            )
        }
        Definition::EnumSymbol {
            enumeration,
            symbol,
        } => {
            let def = model.types.get(enumeration.index())?;
            let TypeKind::Enum { symbols, .. } = &def.kind else {
                return None;
            };
            let found = symbols.get(symbol)?;
            (
                format!("{}.{}", def.name.name, found.name),
                found.meta.doc.clone(),
                Vec::new(),
            )
        }
        Definition::EventVersion { event, version } => {
            let found = model.events.get(event.index())?;
            let payload = found
                .version(version)
                .map(|v| type_text(model, &Type::Named(v.payload)))
                .unwrap_or_default();
            let readers = found
                .consumers
                .iter()
                .filter(|consumer| consumer_version(consumer) == version)
                .map(|consumer| consumer_name(model, consumer))
                .collect::<Vec<_>>();
            let mut facts = vec![format!("payload: `{payload}`")];
            if !readers.is_empty() {
                facts.push(format!("read by: {}", readers.join(", ")));
            }
            (
                format!("event {} v{version}", found.name.name),
                found
                    .version(version)
                    .map(|v| v.meta.doc.clone())
                    .unwrap_or_default(),
                facts,
            )
        }
        Definition::Operation(operation) => {
            let found = operation_of(model, operation)?;
            let api = &model.apis.get(operation.api.index())?.name.name;
            let mut facts = Vec::new();
            if let Some(result) = found.result_type() {
                facts.push(format!("returns `{}`", type_text(model, result)));
            }
            if !found.writes.is_empty() {
                let written: Vec<String> = found
                    .writes
                    .iter()
                    .filter_map(|(entity, _)| {
                        Some(format!(
                            "`{}`",
                            model.entities.get(entity.index())?.name.name
                        ))
                    })
                    .collect();
                facts.push(format!("writes {}", written.join(", ")));
            }
            facts.extend(policy_facts(model, &found.policies));
            (
                format!("{api}.{}: {} {}", found.name, found.method, found.path),
                found.meta.doc.clone(),
                facts,
            )
        }
        Definition::Parameter {
            operation,
            parameter,
        } => {
            let found = operation_of(model, operation)?.params.get(parameter)?;
            (
                format!(
                    "{}: {}",
                    found.field.name,
                    type_text(model, &found.field.ty)
                ),
                found.field.meta.doc.clone(),
                Vec::new(),
            )
        }
        Definition::Variable { workflow, variable } => {
            let found = model
                .workflows
                .get(workflow.index())?
                .variables
                .get(variable)?;
            (
                format!("{}: {}", found.name, type_text(model, &found.ty)),
                String::new(),
                Vec::new(),
            )
        }
    };
    let mut text = format!("```weft\n{signature}\n```");
    if !doc.trim().is_empty() {
        text.push_str("\n\n");
        text.push_str(doc.trim());
    }
    if !facts.is_empty() {
        text.push_str("\n\n");
        text.push_str(
            &facts
                .iter()
                .map(|fact| format!("- {fact}"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    Some(text)
}

/// The declaration's header line as written (`event OrderPlaced {` without
/// the brace).
fn header_line(analysis: &Analysis, name: &Name) -> String {
    let Some(file) = analysis.sources.get(name.span.file) else {
        return name.qualified();
    };
    let start = file.text[..(name.span.start as usize).min(file.text.len())]
        .rfind('\n')
        .map_or(0, |at| at + 1);
    let end = file.text[start..]
        .find('\n')
        .map_or(file.text.len(), |at| start + at);
    let line = file.text[start..end]
        .trim()
        .trim_end_matches('{')
        .trim_end();
    format!("{line}  // {}", name.qualified())
}

fn doc_of(model: &Model, decl: DeclRef) -> String {
    let meta = match decl {
        DeclRef::Domain(id) => model.domains.get(id.index()).map(|d| &d.meta),
        DeclRef::System(id) => model.systems.get(id.index()).map(|d| &d.meta),
        DeclRef::Type(id) => model.types.get(id.index()).map(|d| &d.meta),
        DeclRef::Entity(id) => model.entities.get(id.index()).map(|d| &d.meta),
        DeclRef::Event(id) => model.events.get(id.index()).map(|d| &d.meta),
        DeclRef::Api(id) => model.apis.get(id.index()).map(|d| &d.meta),
        DeclRef::Policy(id) => model.policies.get(id.index()).map(|d| &d.meta),
        DeclRef::Workflow(id) => model.workflows.get(id.index()).map(|d| &d.meta),
        DeclRef::Test(_) => None,
    };
    meta.map(|meta| meta.doc.clone()).unwrap_or_default()
}

pub(crate) fn consumer_version(consumer: &Consumer) -> u32 {
    match consumer {
        Consumer::System { version, .. } | Consumer::Workflow { version, .. } => *version,
    }
}

pub(crate) fn consumer_name(model: &Model, consumer: &Consumer) -> String {
    match consumer {
        Consumer::System { system, version } => format!(
            "system `{}` (v{version})",
            model
                .systems
                .get(system.index())
                .map_or("?", |s| &s.name.name)
        ),
        Consumer::Workflow { workflow, version } => format!(
            "workflow `{}` (v{version})",
            model
                .workflows
                .get(workflow.index())
                .map_or("?", |w| &w.name.name)
        ),
    }
}

fn system_name(model: &Model, system: Option<SystemId>) -> Option<String> {
    Some(format!(
        "`{}`",
        model.systems.get(system?.index())?.name.name
    ))
}

fn policy_facts(model: &Model, policies: &[AppliedPolicy]) -> Vec<String> {
    if policies.is_empty() {
        return Vec::new();
    }
    let listed: Vec<String> = policies
        .iter()
        .filter_map(|applied| {
            let policy = model.policies.get(applied.policy.index())?;
            Some(format!(
                "`{}` (via {})",
                policy.name.qualified(),
                applied.via
            ))
        })
        .collect();
    vec![format!("policies: {}", listed.join(", "))]
}

/// The operations that write an entity, as `Api.operation`.
pub(crate) fn writers(model: &Model, entity: EntityId) -> Vec<String> {
    model
        .operations()
        .filter(|(_, operation)| operation.writes.iter().any(|(id, _)| *id == entity))
        .filter_map(|(reference, operation)| {
            Some(format!(
                "{}.{}",
                model.apis.get(reference.api.index())?.name.name,
                operation.name
            ))
        })
        .collect()
}

fn decl_facts(model: &Model, decl: DeclRef) -> Vec<String> {
    let mut facts = Vec::new();
    match decl {
        DeclRef::Domain(id) => {
            let systems: Vec<String> = model
                .systems
                .iter()
                .filter(|system| system.domain == Some(id))
                .map(|system| format!("`{}`", system.name.name))
                .collect();
            if !systems.is_empty() {
                facts.push(format!("systems: {}", systems.join(", ")));
            }
            if let Some(domain) = model.domains.get(id.index()) {
                if let Some(owner) = &domain.owner {
                    facts.push(format!("owned by {owner}"));
                }
                facts.extend(policy_facts(model, &domain.policies));
            }
        }
        DeclRef::System(id) => {
            let Some(system) = model.systems.get(id.index()) else {
                return facts;
            };
            if let Some(domain) = system.domain.and_then(|d| model.domains.get(d.index())) {
                facts.push(format!("domain `{}`", domain.name.name));
            }
            let owned: Vec<String> = model
                .entities
                .iter()
                .filter(|entity| entity.owner == Some(id))
                .map(|entity| format!("`{}`", entity.name.name))
                .collect();
            if !owned.is_empty() {
                facts.push(format!("owns {}", owned.join(", ")));
            }
            let produced: Vec<String> = model
                .events
                .iter()
                .filter(|event| event.producer == Some(id))
                .map(|event| format!("`{}`", event.name.name))
                .collect();
            if !produced.is_empty() {
                facts.push(format!("produces {}", produced.join(", ")));
            }
            let consumed: Vec<String> = system
                .consumes
                .iter()
                .filter_map(|consumption| {
                    let event = model.events.get(consumption.event.index())?;
                    Some(format!("`{} v{}`", event.name.name, consumption.version))
                })
                .collect();
            if !consumed.is_empty() {
                facts.push(format!("consumes {}", consumed.join(", ")));
            }
            facts.extend(policy_facts(model, &system.policies));
        }
        DeclRef::Entity(id) => {
            let Some(entity) = model.entities.get(id.index()) else {
                return facts;
            };
            if let Some(owner) = system_name(model, entity.owner) {
                facts.push(format!("owned by {owner}"));
            }
            let events: Vec<String> = model
                .events
                .iter()
                .filter(|event| event.about == Some(id))
                .map(|event| format!("`{}`", event.name.name))
                .collect();
            if !events.is_empty() {
                facts.push(format!("events about it: {}", events.join(", ")));
            }
            let writers = writers(model, id);
            if !writers.is_empty() {
                facts.push(format!(
                    "written by {}",
                    writers
                        .iter()
                        .map(|w| format!("`{w}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            facts.extend(policy_facts(model, &entity.policies));
        }
        DeclRef::Event(id) => {
            let Some(event) = model.events.get(id.index()) else {
                return facts;
            };
            if let Some(producer) = system_name(model, event.producer) {
                facts.push(format!("produced by {producer}"));
            }
            let versions: Vec<String> = event
                .versions
                .iter()
                .map(|version| format!("v{}", version.number))
                .collect();
            facts.push(format!("versions: {}", versions.join(", ")));
            if event.consumers.is_empty() {
                facts.push("no consumers".into());
            } else {
                facts.push(format!(
                    "consumers: {}",
                    event
                        .consumers
                        .iter()
                        .map(|consumer| consumer_name(model, consumer))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            facts.extend(policy_facts(model, &event.policies));
        }
        DeclRef::Api(id) => {
            let Some(api) = model.apis.get(id.index()) else {
                return facts;
            };
            if let Some(host) = system_name(model, api.host) {
                facts.push(format!("hosted by {host}"));
            }
            let (major, minor, patch) = api.version;
            facts.push(format!(
                "version {major}.{minor}.{patch}, {} operations",
                api.operations.len()
            ));
            facts.extend(policy_facts(model, &api.policies));
        }
        DeclRef::Policy(id) => {
            let governed = governed_by(model, id);
            if governed.is_empty() {
                facts.push("applied nowhere".into());
            } else {
                facts.push(format!("governs: {}", governed.join(", ")));
            }
        }
        DeclRef::Workflow(id) => {
            let Some(workflow) = model.workflows.get(id.index()) else {
                return facts;
            };
            if let Some(host) = system_name(model, workflow.host) {
                facts.push(format!("runs on {host}"));
            }
            facts.extend(policy_facts(model, &workflow.policies));
        }
        DeclRef::Type(_) | DeclRef::Test(_) => {}
    }
    facts
}

/// Everything a policy applies to, as `kind name (via …)`.
pub(crate) fn governed_by(model: &Model, policy: PolicyId) -> Vec<String> {
    let mut governed = Vec::new();
    let mut add = |kind: &str, name: &str, policies: &[AppliedPolicy]| {
        for applied in policies.iter().filter(|applied| applied.policy == policy) {
            governed.push(format!("{kind} `{name}` (via {})", applied.via));
        }
    };
    for domain in &model.domains {
        add("domain", &domain.name.name, &domain.policies);
    }
    for system in &model.systems {
        add("system", &system.name.name, &system.policies);
    }
    for entity in &model.entities {
        add("entity", &entity.name.name, &entity.policies);
    }
    for event in &model.events {
        add("event", &event.name.name, &event.policies);
    }
    for api in &model.apis {
        add("api", &api.name.name, &api.policies);
    }
    for workflow in &model.workflows {
        add("workflow", &workflow.name.name, &workflow.policies);
    }
    governed
}
