//! E607: the step timeouts along the longest path through a workflow add up
//! to more than its SLA (`sla D`, or a policy's `sla latency D`).
//!
//! The worst case of a run is bounded by the timeouts of its calls and waits
//! (explicit, or the policy default): a step can take that long and still
//! succeed. The bound of a graph is the longest path from its start, where a
//! call or wait costs its timeout, `parallel` costs its slowest branch, `for
//! each` costs one iteration of its body (more iterations only make it worse,
//! and the list's length is not known), `choice` takes its slowest branch,
//! and `catch` and `on timeout` handlers run after the step that failed.
//! Retries are not counted; each one could add another timeout.

use super::steps::Defaults;
use super::{duration, effective};
use crate::codes;
use crate::model::{Model, Next, RuleKind, State, StateGraph, StateKind, Workflow};
use std::collections::HashMap;
use weft_base::{Diagnostic, Span};

/// How many of the biggest contributors get a label.
const LABELLED: usize = 3;

/// Checks a project workflow that has an SLA.
pub(super) fn check_workflow(
    model: &Model,
    workflow: &Workflow,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if workflow.name.is_std() {
        return;
    }
    if let Some(sla) = workflow.sla_ms {
        sla_check(model, workflow, sla, diagnostics);
    }
}

/// One call or wait on the longest path.
#[derive(Clone, Debug)]
struct Step {
    /// The state's name.
    name: String,
    /// Its effective timeout.
    ms: u64,
    /// The step in the source.
    span: Span,
    /// The policy the timeout comes from, if not the step.
    policy: Option<String>,
    /// The `for each` it sits in (counted once), if any.
    loop_name: Option<String>,
}

/// A path's total and its steps.
#[derive(Clone, Debug, Default)]
struct Path {
    total: u64,
    steps: Vec<Step>,
}

impl Path {
    fn then(mut self, rest: &Path) -> Path {
        self.total = self.total.saturating_add(rest.total);
        self.steps.extend(rest.steps.iter().cloned());
        self
    }
}

/// Longest-path search over one workflow's graphs.
struct Search<'a> {
    defaults: Defaults<'a>,
}

impl Search<'_> {
    /// The total of [`Search::graph`]'s path, without making the path: a
    /// path's total is the sum of its steps' timeouts, so the longest path's
    /// total is the state's own plus the largest of its successors'. Most
    /// workflows are within their SLA and need no more than this.
    fn total(&self, graph: &StateGraph) -> u64 {
        let mut memo = vec![None; graph.states.len()];
        let mut on_stack = Vec::new();
        match graph.start {
            Some(start) => self.total_from(graph, start, &mut memo, &mut on_stack),
            None => 0,
        }
    }

    /// [`Search::from`]'s total, with the same memo and cycle rule.
    fn total_from(
        &self,
        graph: &StateGraph,
        index: usize,
        memo: &mut [Option<u64>],
        on_stack: &mut Vec<usize>,
    ) -> u64 {
        if let Some(Some(known)) = memo.get(index) {
            return *known;
        }
        let Some(state) = graph.states.get(index) else {
            return 0;
        };
        if on_stack.contains(&index) {
            return 0;
        }
        on_stack.push(index);
        let own = self.own_total(state);
        let mut best = 0;
        for next in state.successors() {
            if let Next::State(target) = next {
                best = best.max(self.total_from(graph, target, memo, on_stack));
            }
        }
        on_stack.pop();
        let total = own.saturating_add(best);
        if let Some(slot) = memo.get_mut(index) {
            *slot = Some(total);
        }
        total
    }

    /// [`Search::cost`]'s total.
    fn own_total(&self, state: &State) -> u64 {
        match &state.kind {
            StateKind::Call { .. } => state
                .timeout_ms
                .or_else(|| self.defaults.timeout.as_ref().map(|(ms, _)| *ms))
                .unwrap_or(0),
            StateKind::Wait { .. } => state.timeout_ms.unwrap_or(0),
            StateKind::Parallel { branches } => branches
                .iter()
                .map(|(_, graph)| self.total(graph))
                .max()
                .unwrap_or(0),
            StateKind::ForEach { body, .. } => self.total(body),
            _ => 0,
        }
    }

    /// The longest path through `graph` from its start.
    fn graph(&self, graph: &StateGraph) -> Path {
        let mut memo = HashMap::new();
        let mut on_stack = Vec::new();
        match graph.start {
            Some(start) => self.from(graph, start, &mut memo, &mut on_stack),
            None => Path::default(),
        }
    }

    /// The longest path from state `index` to the end of `graph`.
    fn from(
        &self,
        graph: &StateGraph,
        index: usize,
        memo: &mut HashMap<usize, Path>,
        on_stack: &mut Vec<usize>,
    ) -> Path {
        if let Some(known) = memo.get(&index) {
            return known.clone();
        }
        // Graphs built from structured steps have no cycles; if one ever
        // does, the edge back is not followed.
        let Some(state) = graph.states.get(index) else {
            return Path::default();
        };
        if on_stack.contains(&index) {
            return Path::default();
        }
        on_stack.push(index);
        let own = self.cost(state);
        let mut best = Path::default();
        for next in state.successors() {
            if let Next::State(target) = next {
                let path = self.from(graph, target, memo, on_stack);
                if path.total > best.total || best.steps.is_empty() && !path.steps.is_empty() {
                    best = path;
                }
            }
        }
        on_stack.pop();
        let path = own.then(&best);
        memo.insert(index, path.clone());
        path
    }

    /// What the state itself can take.
    fn cost(&self, state: &State) -> Path {
        match &state.kind {
            StateKind::Call { .. } | StateKind::Wait { .. } => {
                // Policy timeouts bound calls only; a wait without its own is E612.
                let inherited = match state.kind {
                    StateKind::Call { .. } => self.defaults.timeout.as_ref(),
                    _ => None,
                };
                let (ms, policy) = match (state.timeout_ms, inherited) {
                    (Some(ms), _) => (ms, None),
                    (None, Some((ms, rule))) => (*ms, Some(rule.policy_name())),
                    (None, None) => return Path::default(),
                };
                Path {
                    total: ms,
                    steps: vec![Step {
                        name: state.name.as_str().to_string(),
                        ms,
                        span: state.span,
                        policy,
                        loop_name: None,
                    }],
                }
            }
            StateKind::Parallel { branches } => branches
                .iter()
                .map(|(_, graph)| self.graph(graph))
                .max_by_key(|path| path.total)
                .unwrap_or_default(),
            StateKind::ForEach { body, .. } => {
                let mut path = self.graph(body);
                for step in &mut path.steps {
                    step.loop_name
                        .get_or_insert_with(|| state.name.as_str().to_string());
                }
                path
            }
            _ => Path::default(),
        }
    }
}

fn sla_check(model: &Model, workflow: &Workflow, sla: u64, out: &mut Vec<Diagnostic>) {
    let search = Search {
        defaults: Defaults::of(model, workflow),
    };
    if search.total(&workflow.graph) <= sla {
        return;
    }
    let path = search.graph(&workflow.graph);
    let mut diagnostic = Diagnostic::error(
        codes::SLA_EXCEEDED,
        format!(
            "the step timeouts of workflow `{}` add up to {}, more than its SLA of {}",
            workflow.name.name,
            duration(path.total),
            duration(sla)
        ),
        workflow.name.span,
        format!("SLA {}", duration(sla)),
    );
    let mut biggest: Vec<&Step> = path.steps.iter().collect();
    biggest.sort_by_key(|step| std::cmp::Reverse(step.ms));
    for step in biggest.iter().take(LABELLED) {
        let source = match &step.policy {
            Some(policy) => format!(" (from `{policy}`)"),
            None => String::new(),
        };
        diagnostic = diagnostic.with_label(
            step.span,
            format!("`{}`: timeout {}{source}", step.name, duration(step.ms)),
        );
    }
    let from_policy = effective(model, &workflow.policies, |kind| match kind {
        RuleKind::SlaLatency(ms) if *ms == sla => Some(*ms),
        _ => None,
    });
    if let Some((_, rule)) = from_policy {
        diagnostic = rule.explain(diagnostic, "sets the SLA");
    }
    let listed: Vec<String> = path
        .steps
        .iter()
        .map(|step| format!("{} ({})", step.name, duration(step.ms)))
        .collect();
    diagnostic = diagnostic.with_note(format!(
        "longest path: {} = {}",
        listed.join(" → "),
        duration(path.total)
    ));
    let mut loops: Vec<&str> = path
        .steps
        .iter()
        .filter_map(|step| step.loop_name.as_deref())
        .collect();
    loops.dedup();
    for name in loops {
        diagnostic = diagnostic.with_note(format!(
            "`for each {name}` is counted as one iteration; more iterations than its \
             concurrency take longer still"
        ));
    }
    out.push(
        diagnostic
            .with_note("retries are not counted: each one can add another timeout")
            .with_help(format!(
                "shorten the longest timeouts on this path, run independent steps in \
                 `parallel`, or raise the `sla` of `{}` if the target is wrong",
                workflow.name.name
            )),
    );
}
