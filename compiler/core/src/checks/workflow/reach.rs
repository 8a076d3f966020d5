//! Paths through state graphs: steps no path reaches (E701), and changes to
//! other systems that a later failure would leave behind (E704).
//!
//! Control goes from a state along its `next`, its `catch` routes, its
//! `on timeout` route and a choice's branches. A nested graph (a `parallel`
//! branch, a `for each` body) continues after its enclosing state when it
//! ends; a `for each` body also starts over for the next element.

use super::super::dataflow::{head_span, operation_name};
use crate::codes;
use crate::model::{
    Clause, DeclRef, Model, Next, State, StateGraph, StateIndex, StateKind, Workflow,
};
use std::collections::VecDeque;
use weft_base::{Diagnostic, Span};

/// [`State::successors`], `None` where the graph ends.
fn successors(state: &State) -> impl Iterator<Item = Option<StateIndex>> + '_ {
    state.successors().map(|next| match next {
        Next::State(index) => Some(index),
        Next::End => None,
    })
}

/// Which states of `graph` a path from its start reaches.
fn reachable(graph: &StateGraph) -> Vec<bool> {
    let mut seen = vec![false; graph.states.len()];
    let mut stack: Vec<StateIndex> = graph.start.into_iter().collect();
    while let Some(index) = stack.pop() {
        let Some(state) = graph.states.get(index) else {
            continue;
        };
        if std::mem::replace(&mut seen[index], true) {
            continue;
        }
        stack.extend(successors(state).flatten());
    }
    seen
}

/// E701, for this graph and the graphs nested in its reachable states.
pub(super) fn unreachable(
    model: &Model,
    workflow: &Workflow,
    graph: &StateGraph,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let seen = reachable(graph);
    // Targets of unreachable states: those are part of a run already reported.
    let mut inside_run = vec![false; graph.states.len()];
    for (index, state) in graph.states.iter().enumerate() {
        if !seen[index] {
            for target in successors(state).flatten() {
                if let Some(flag) = inside_run.get_mut(target) {
                    *flag = true;
                }
            }
        }
    }
    for (index, state) in graph.states.iter().enumerate() {
        if seen[index] {
            match &state.kind {
                StateKind::Parallel { branches } => branches
                    .iter()
                    .for_each(|(_, branch)| unreachable(model, workflow, branch, diagnostics)),
                StateKind::ForEach { body, .. } => unreachable(model, workflow, body, diagnostics),
                _ => {}
            }
            continue;
        }
        if inside_run[index] {
            continue;
        }
        let what = step_words(state);
        let mut diagnostic = Diagnostic::error(
            codes::UNREACHABLE_STEP,
            format!("{what} can never run"),
            head_span(workflow, state),
            "unreachable",
        );
        let cut = index
            .checked_sub(1)
            .and_then(|before| graph.states.get(before))
            .filter(|before| before.next.is_none() && before.span.end <= state.span.start);
        if cut.is_some_and(|before| {
            matches!(before.kind, StateKind::Choice { .. })
                && !super::choice::always_takes_a_branch(model, workflow, before)
        }) {
            // E703 reports that the choice may take no branch; the steps after
            // it are what the author meant to run then, not a second finding.
            continue;
        }
        if let Some(before) = cut {
            let label = match before.kind {
                StateKind::Fail { .. } => "the workflow fails here",
                StateKind::Choice { .. } => "every branch of this choice ends the workflow",
                _ => "the workflow ends here",
            };
            diagnostic = diagnostic.with_label(terminal_span(workflow, before), label);
        }
        diagnostics.push(diagnostic.with_help(
            "`fail` and `succeed` end the workflow: remove the steps after them, or move them before",
        ));
    }
}

/// "step `x`" or "this `succeed`", for messages.
fn step_words(state: &State) -> String {
    match &state.kind {
        StateKind::Fail { code, .. } => format!("`fail \"{code}\"`"),
        StateKind::Succeed => "this `succeed`".into(),
        StateKind::Compensate => "this `compensate`".into(),
        _ => format!("step `{}`", state.name),
    }
}

/// A short span for a state that ends the flow: its first line for a choice.
fn terminal_span(workflow: &Workflow, state: &State) -> Span {
    if let StateKind::Choice { branches, .. } = &state.kind {
        if let Some((condition, _)) = branches.last() {
            return condition.span;
        }
    }
    head_span(workflow, state)
}

/// Why a state can fail the workflow, if it can.
fn failure(state: &State) -> Option<&'static str> {
    let catches_any = state.catches.iter().any(|catch| catch.error == "any");
    match state.kind {
        StateKind::Fail { .. } => Some("the workflow fails here"),
        StateKind::Call { .. } if !catches_any => Some("this call can fail"),
        StateKind::Wait { .. } if !catches_any && state.on_timeout.is_none() => {
            Some("this wait can time out")
        }
        _ => None,
    }
}

/// One graph on the way from the top-level graph to a state.
#[derive(Clone, Copy)]
struct Level<'g> {
    graph: &'g StateGraph,
    /// The state in the enclosing graph this graph belongs to.
    owner: Option<StateIndex>,
    /// Whether this graph is a `for each` body, which starts over.
    repeats: bool,
}

/// A failing state on some path from `from` (in the innermost of `levels`),
/// continuing outward where a nested graph ends.
fn failure_after<'g>(levels: &[Level<'g>], from: Next) -> Option<(&'g State, &'static str)> {
    let (level, outer) = levels.split_last()?;
    let graph = level.graph;
    let mut seen = vec![false; graph.states.len()];
    // Breadth first, so that the nearest failing step is the one named.
    let mut queue: VecDeque<StateIndex> = VecDeque::new();
    let mut ends = false;
    match from {
        Next::State(index) => queue.push_back(index),
        Next::End => ends = true,
    }
    let mut restarted = false;
    loop {
        while let Some(index) = queue.pop_front() {
            let Some(state) = graph.states.get(index) else {
                continue;
            };
            if std::mem::replace(&mut seen[index], true) {
                continue;
            }
            if let Some(why) = failure(state) {
                return Some((state, why));
            }
            if let Some(found) = nested_failure(state) {
                return Some(found);
            }
            for target in successors(state) {
                match target {
                    Some(next) => queue.push_back(next),
                    None => ends = true,
                }
            }
        }
        // The next element of a `for each` runs the body again.
        if ends && level.repeats && !restarted {
            restarted = true;
            queue.extend(graph.start);
            continue;
        }
        break;
    }
    if !ends {
        return None;
    }
    let owner = level.owner?;
    let parent = outer.last()?;
    let after = parent.graph.states.get(owner)?.next?;
    failure_after(outer, after)
}

/// A failing state anywhere in the graphs nested in `state`.
fn nested_failure(state: &State) -> Option<(&State, &'static str)> {
    let graphs: Vec<&StateGraph> = match &state.kind {
        StateKind::Parallel { branches } => branches.iter().map(|(_, graph)| graph).collect(),
        StateKind::ForEach { body, .. } => vec![body],
        _ => return None,
    };
    graphs.into_iter().find_map(|graph| {
        let seen = reachable(graph);
        graph
            .states
            .iter()
            .enumerate()
            .filter(|(index, _)| seen[*index])
            .find_map(|(_, state)| {
                failure(state)
                    .map(|why| (state, why))
                    .or_else(|| nested_failure(state))
            })
    })
}

/// E704, for every call in the workflow (`decl`).
pub(super) fn compensations(
    model: &Model,
    decl: DeclRef,
    workflow: &Workflow,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(host) = workflow.host else {
        return;
    };
    let mut levels = vec![Level {
        graph: &workflow.graph,
        owner: None,
        repeats: false,
    }];
    visit(model, (decl, workflow), host, &mut levels, diagnostics);
}

fn visit<'g>(
    model: &Model,
    (decl, workflow): (DeclRef, &'g Workflow),
    host: crate::model::SystemId,
    levels: &mut Vec<Level<'g>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(level) = levels.last().copied() else {
        return;
    };
    for (index, state) in level.graph.states.iter().enumerate() {
        match &state.kind {
            StateKind::Call {
                operation: Some(reference),
                compensation: None,
                ..
            } => {
                let operation = model.operation(*reference);
                let Some(system) = model.api(reference.api).host else {
                    continue;
                };
                // A `compensate with` that did not parse (a syntax error)
                // may be the one asked for.
                if system == host
                    || !operation.is_write()
                    || model.unparsed_within(decl, Clause::Compensate, state.span)
                {
                    continue;
                }
                let Some(after) = state.next else {
                    continue;
                };
                let Some((later, why)) = failure_after(levels, after) else {
                    continue;
                };
                let system_name = &model.system(system).name.name;
                let help = format!(
                    "add `compensate with Api.operation(...)` to the step's options: the call that undoes the change in `{system_name}` when the workflow compensates"
                );
                let through = operation_name(model, *reference);
                let diagnostic = if std::ptr::eq(later, state) {
                    // In a `for each`, the step itself fails for a later element.
                    Diagnostic::error(
                        codes::MISSING_COMPENSATION,
                        format!(
                            "step `{}` changes data in `{system_name}` once per element but has no compensation, and it can fail for a later element",
                            state.name
                        ),
                        head_span(workflow, state),
                        format!("changes `{system_name}` through `{through}`, once per element"),
                    )
                } else {
                    Diagnostic::error(
                        codes::MISSING_COMPENSATION,
                        format!(
                            "step `{}` changes data in `{system_name}` but has no compensation, and a later step can fail",
                            state.name
                        ),
                        head_span(workflow, state),
                        format!("changes `{system_name}` through `{through}`"),
                    )
                    .with_label(head_span(workflow, later), why)
                };
                diagnostics.push(diagnostic.with_help(help));
            }
            StateKind::Parallel { branches } => {
                for (_, branch) in branches {
                    levels.push(Level {
                        graph: branch,
                        owner: Some(index),
                        repeats: false,
                    });
                    visit(model, (decl, workflow), host, levels, diagnostics);
                    levels.pop();
                }
            }
            StateKind::ForEach { body, .. } => {
                levels.push(Level {
                    graph: body,
                    owner: Some(index),
                    repeats: true,
                });
                visit(model, (decl, workflow), host, levels, diagnostics);
                levels.pop();
            }
            _ => {}
        }
    }
}
