//! The dependency graph (see [`crate::landscape_graph`]): cycles of
//! synchronous calls between systems (E501), event versions read but never
//! produced (E502), events produced but never read (W503), workflow triggers
//! that nothing produces (E504) and cycles between domains (W505).
//!
//! Only synchronous calls (a workflow hosted by one system calling an
//! operation of an API hosted by another) make systems and domains depend on
//! each other here. Event flows are the decoupled form of integration: a
//! producer does not wait for its consumers, so an event in each direction is
//! no cycle.

use crate::codes;
use crate::landscape_graph::{
    add_system_calls, trigger_span, visit_steps, CallSite, Cycle, Dependencies, Edge, Node, ReadBy,
};
use crate::model::{
    Clause, DeclRef, DomainId, EventId, Model, SystemId, TriggerDef, Workflow, WorkflowId,
};
use weft_base::{Diagnostic, Span};

/// Runs this check. It reads the edges it looks at (calls and reads of
/// events) from the model, in the order the landscape graph
/// ([`crate::landscape_graph::Landscape`]) would list them, without
/// building the graph.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut edges = WorkflowEdges::default();
    for (id, workflow) in model.workflows_with_ids() {
        check_workflow(model, id, workflow, &mut edges);
    }
    check_rest(model, edges)
}

/// The edges of the workflows this check reads: the systems' calls, and
/// the reads of events (each workflow's trigger and waits, in order).
#[derive(Default)]
pub(super) struct WorkflowEdges {
    calls: Dependencies<SystemId>,
    reads: Vec<(EventId, Read)>,
}

/// This check's part on one workflow: its edges.
pub(super) fn check_workflow(
    model: &Model,
    id: WorkflowId,
    workflow: &Workflow,
    edges: &mut WorkflowEdges,
) {
    add_system_calls(model, id, workflow, &mut edges.calls);
    if workflow.name.is_std() {
        return;
    }
    let reader = Node::Workflow(id);
    if let Some(TriggerDef::Event { event, version }) = &workflow.trigger {
        edges.reads.push((
            *event,
            (reader, *version, ReadBy::Trigger, trigger_span(model, id)),
        ));
    }
    visit_steps(model, &workflow.graph, id, &mut |other, edge| {
        if let (Node::Event(event), Edge::Consumes { version, by, span }) = (other, edge) {
            edges.reads.push((event, (reader, version, by, span)));
        }
    });
}

/// The whole check, with the edges of every workflow.
pub(super) fn check_rest(model: &Model, edges: WorkflowEdges) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    call_cycles(model, &edges.calls, &mut diagnostics);
    events(model, edges.reads, &mut diagnostics);
    domain_cycles(model, &edges.calls.domains(model), &mut diagnostics);
    diagnostics
}

/// One read of an event: the reader, the version read, how and where.
type Read = (Node, u32, ReadBy, Span);

/// Every read of a project or standard event, grouped by event, each
/// event's reads in the landscape graph's edge order: the systems'
/// `consumes` clauses (system by system), then each project workflow's
/// trigger and waits (`workflow_reads`, in workflow order).
fn reads_by_event(model: &Model, workflow_reads: Vec<(EventId, Read)>) -> Vec<(EventId, Read)> {
    let mut reads: Vec<(EventId, Read)> = Vec::new();
    for (index, system) in model.systems.iter().enumerate() {
        let reader = Node::System(SystemId(index as u32));
        for consumption in &system.consumes {
            reads.push((
                consumption.event,
                (
                    reader,
                    consumption.version,
                    ReadBy::Clause,
                    consumption.span,
                ),
            ));
        }
    }
    reads.extend(workflow_reads);
    // Stable: each event's reads stay in edge order.
    reads.sort_by_key(|(event, _)| *event);
    reads
}

/// `a → b → a`, with each name in backticks.
fn path<N: Copy>(nodes: &[N], name: impl Fn(N) -> String) -> String {
    nodes
        .iter()
        .map(|node| format!("`{}`", name(*node)))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// `Api.operation`.
fn operation_name(model: &Model, site: &CallSite) -> String {
    format!(
        "{}.{}",
        model.api(site.operation.api).name.name,
        model.operation(site.operation).name
    )
}

/// Adds a label per call site of each step of the cycle; the first site
/// becomes the primary label.
fn cycle_diagnostic<N: Copy>(
    cycle: &Cycle<N>,
    make: impl Fn(Span, String) -> Diagnostic,
    describe: impl Fn(&CallSite, N, N) -> String,
) -> Option<Diagnostic> {
    let mut labels: Vec<(Span, String)> = Vec::new();
    for (step, sites) in cycle.steps.iter().enumerate() {
        let (Some(from), Some(to)) = (cycle.path.get(step), cycle.path.get(step + 1)) else {
            continue;
        };
        for site in sites {
            labels.push((site.span, describe(site, *from, *to)));
        }
    }
    let mut labels = labels.into_iter();
    let (span, label) = labels.next()?;
    let mut diagnostic = make(span, label);
    for (span, label) in labels {
        diagnostic = diagnostic.with_label(span, label);
    }
    Some(diagnostic)
}

/// E501: systems that call each other synchronously in a cycle.
fn call_cycles(model: &Model, calls: &Dependencies<SystemId>, diagnostics: &mut Vec<Diagnostic>) {
    let name = |system: SystemId| model.system(system).name.name.to_string();
    for cycle in calls.cycles() {
        let shown = path(&cycle.path, name);
        let diagnostic = cycle_diagnostic(
            &cycle,
            |span, label| {
                Diagnostic::error(
                    codes::SYNC_CALL_CYCLE,
                    format!("systems call each other synchronously in a cycle: {shown}"),
                    span,
                    label,
                )
            },
            |site, from, to| call_label(model, site, &name(from), &name(to)),
        );
        let Some(mut diagnostic) = diagnostic else {
            continue;
        };
        if cycle.members.len() + 1 > cycle.path.len() {
            diagnostic = diagnostic.with_note(format!(
                "{} all depend on each other through synchronous calls",
                list(
                    cycle
                        .members
                        .iter()
                        .map(|system| format!("`{}`", name(*system)))
                )
            ));
        }
        diagnostics.push(diagnostic.with_help(
            "break the cycle: let one of the systems publish an event that the other consumes, \
             instead of calling it and waiting for the answer",
        ));
    }
}

/// "workflow `W` on `a` calls `Api.op` on `b`".
fn call_label(model: &Model, site: &CallSite, from: &str, to: &str) -> String {
    let workflow = &model.workflow(site.workflow).name.name;
    let operation = operation_name(model, site);
    if site.compensation {
        format!("workflow `{workflow}` on `{from}` compensates with `{operation}` on `{to}`")
    } else {
        format!("workflow `{workflow}` on `{from}` calls `{operation}` on `{to}`")
    }
}

/// W505: domains that depend on each other through synchronous calls.
fn domain_cycles(model: &Model, calls: &Dependencies<DomainId>, diagnostics: &mut Vec<Diagnostic>) {
    let name = |domain: DomainId| model.domain(domain).name.name.to_string();
    for cycle in calls.cycles() {
        let shown = path(&cycle.path, name);
        let diagnostic = cycle_diagnostic(
            &cycle,
            |span, label| {
                Diagnostic::warning(
                    codes::DOMAIN_CYCLE,
                    format!("domains depend on each other in a cycle: {shown}"),
                    span,
                    label,
                )
            },
            |site, from, to| {
                let caller = model
                    .workflow(site.workflow)
                    .host
                    .map(|system| model.system(system).name.name)
                    .unwrap_or_default();
                let callee = model
                    .api(site.operation.api)
                    .host
                    .map(|system| model.system(system).name.name)
                    .unwrap_or_default();
                format!(
                    "`{}` depends on `{}`: {}",
                    name(from),
                    name(to),
                    call_label(model, site, &caller, &callee)
                )
            },
        );
        let Some(mut diagnostic) = diagnostic else {
            continue;
        };
        if cycle.members.len() + 1 > cycle.path.len() {
            diagnostic = diagnostic.with_note(format!(
                "{} all depend on each other through synchronous calls",
                list(
                    cycle
                        .members
                        .iter()
                        .map(|domain| format!("`{}`", name(*domain)))
                )
            ));
        }
        diagnostics.push(diagnostic.with_help(
            "decide which domain leads: keep the calls in that direction, and replace the calls \
             the other way with events that the leading domain publishes and the other consumes",
        ));
    }
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// E502, W503 and E504: events against who produces and reads them.
fn events(model: &Model, workflow_reads: Vec<(EventId, Read)>, diagnostics: &mut Vec<Diagnostic>) {
    let all_reads = reads_by_event(model, workflow_reads);
    // A system's `consumes` or a workflow's `trigger` (not a test's)
    // that did not parse may read any event.
    let consumer_unparsed = model.unparsed.iter().any(|written| match written.clause {
        Clause::Consumes => true,
        Clause::Trigger => matches!(written.decl, DeclRef::Workflow(_)),
        _ => false,
    });
    for (index, event) in model.events.iter().enumerate() {
        if event.name.is_std() {
            continue;
        }
        let id = EventId(index as u32);
        // The landscape's `Produces` edge: a project event's producer.
        let produced = event.producer.is_some();
        // An event whose `producer` names nothing is already reported where
        // the name is written; only a missing clause is news to its readers.
        // (Without the clause, the model points the producer at the name.)
        let unproduced = !produced
            && (event.producer_span == event.name.span || event.producer_span == Span::default());
        let first = all_reads.partition_point(|(event, _)| *event < id);
        let count = all_reads[first..].partition_point(|(event, _)| *event == id);
        let reads = &all_reads[first..first + count];
        let name = &event.name.name;
        for (_, (reader, version, by, span)) in reads {
            if *by == ReadBy::Clause && event.version(*version).is_none() {
                let system = match reader {
                    Node::System(system) => model.system(*system).name.name.to_string(),
                    _ => String::new(),
                };
                let versions: Vec<String> = event
                    .versions
                    .iter()
                    .map(|existing| format!("v{}", existing.number))
                    .collect();
                diagnostics.push(
                    Diagnostic::error(
                        codes::CONSUMED_NOT_PRODUCED,
                        format!(
                            "`{system}` consumes `{name}` v{version}, but `{name}` has no version {version}"
                        ),
                        *span,
                        "no such version",
                    )
                    .with_label(event.name.span, format!("`{name}` is declared here"))
                    .with_help(if versions.is_empty() {
                        format!("declare `version {version}` in `{name}`")
                    } else {
                        format!(
                            "read a version that `{name}` has ({}), or declare `version {version}`",
                            versions.join(", ")
                        )
                    }),
                );
            }
            if !unproduced {
                continue;
            }
            match (by, reader) {
                (ReadBy::Trigger, Node::Workflow(workflow)) => {
                    let workflow = &model.workflow(*workflow).name.name;
                    diagnostics.push(
                        Diagnostic::error(
                            codes::TRIGGER_NOT_PRODUCED,
                            format!(
                                "workflow `{workflow}` is triggered by `{name}`, which no system produces"
                            ),
                            *span,
                            format!("`{workflow}` never starts: nothing publishes `{name}` v{version}"),
                        )
                        .with_label(event.name.span, format!("`{name}` has no `producer`"))
                        .with_help(format!(
                            "add `producer SYSTEM` to `{name}`, naming the system that publishes it"
                        )),
                    );
                }
                (ReadBy::Wait, Node::Workflow(workflow)) => {
                    let workflow = &model.workflow(*workflow).name.name;
                    diagnostics.push(
                        Diagnostic::error(
                            codes::CONSUMED_NOT_PRODUCED,
                            format!(
                                "workflow `{workflow}` waits for `{name}` v{version}, which no system produces"
                            ),
                            *span,
                            format!("this wait can only time out: nothing publishes `{name}`"),
                        )
                        .with_label(event.name.span, format!("`{name}` has no `producer`"))
                        .with_help(format!(
                            "add `producer SYSTEM` to `{name}`, naming the system that publishes it"
                        )),
                    );
                }
                (_, Node::System(system)) => {
                    let system = &model.system(*system).name.name;
                    diagnostics.push(
                        Diagnostic::error(
                            codes::CONSUMED_NOT_PRODUCED,
                            format!("`{system}` consumes `{name}` v{version}, which no system produces"),
                            *span,
                            format!("`{system}` reads events that never come"),
                        )
                        .with_label(event.name.span, format!("`{name}` has no `producer`"))
                        .with_help(format!(
                            "add `producer SYSTEM` to `{name}`, naming the system that publishes it, \
                             or remove the `consumes`"
                        )),
                    );
                }
                _ => {}
            }
        }
        if produced && reads.is_empty() && !consumer_unparsed {
            let producer = event
                .producer
                .map(|system| model.system(system).name.name)
                .unwrap_or_default();
            diagnostics.push(
                Diagnostic::warning(
                    codes::PRODUCED_NOT_CONSUMED,
                    format!("`{producer}` produces `{name}`, but nothing consumes it"),
                    event.name.span,
                    "no system or workflow reads this event",
                )
                .with_label(event.producer_span, format!("published by `{producer}`"))
                .with_help(format!(
                    "add `consumes {name} v{}` to the system that needs it, or remove the event \
                     if no one does",
                    event.latest().map_or(1, |version| version.number)
                )),
            );
        }
    }
}
