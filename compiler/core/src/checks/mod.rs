//! The checks that run on the resolved model, one module per concern. Each
//! is a function from the model to diagnostics; none sees syntax. Names and
//! types are checked during resolution (`resolve/`); everything that needs
//! the whole model is here.

mod compatibility;
mod dataflow;
mod fixes;
mod graph;
mod names;
mod ownership;
mod policies;
mod security;
mod workflow;

use crate::model::Model;
use weft_base::Diagnostic;

/// A check over the whole model.
pub type Check = fn(&Model) -> Vec<Diagnostic>;

/// Every check with its name (for timing one by one:
/// `bench/examples/check_split.rs`), in the order their findings are most
/// useful.
pub const CHECKS: &[(&str, Check)] = &[
    ("names", names::check),
    ("dataflow", dataflow::check),
    ("ownership", ownership::check),
    ("graph", graph::check),
    ("policies", policies::check),
    ("security", security::check),
    ("workflow", workflow::check),
    ("compatibility", compatibility::check),
];

/// Runs every check: the same findings in the same order as the checks of
/// [`CHECKS`] one after the other, but the parts of `dataflow`,
/// `ownership`, `graph`, `policies` and `workflow` that read one workflow
/// at a time run together, workflow by workflow. One by one, each walked
/// every state of every workflow, and the model's workflows (7 MiB at
/// 10,000 declarations) are larger than a core's cache, so each walk read
/// them from memory again; together, the later parts find each workflow in
/// the cache (the checks' misses of a 1 MiB cache at 10,000: 608,000 one
/// by one, 395,000 together). A slow hour of a shared machine, its
/// last-level cache taken by the neighbours, makes every such miss cost a
/// load from memory.
pub fn run(model: &Model) -> Vec<Diagnostic> {
    let mut dataflow_found = Vec::new();
    let mut ownership_reads = Vec::new();
    let mut graph_edges = graph::WorkflowEdges::default();
    let mut policies_found = policies::WorkflowFindings::default();
    let mut workflow_found = Vec::new();
    for (id, workflow) in model.workflows_with_ids() {
        dataflow::check_workflow(model, id, workflow, &mut dataflow_found);
        ownership::check_workflow(model, id, workflow, &mut ownership_reads);
        graph::check_workflow(model, id, workflow, &mut graph_edges);
        policies::check_workflow(model, id, workflow, &mut policies_found);
        workflow::check_workflow(model, id, workflow, &mut workflow_found);
    }
    let mut diagnostics = names::check(model);
    diagnostics.append(&mut dataflow_found);
    diagnostics.extend(ownership::check_rest(model, ownership_reads));
    diagnostics.extend(graph::check_rest(model, graph_edges));
    diagnostics.extend(policies::check_rest(model, policies_found));
    diagnostics.extend(security::check(model));
    diagnostics.extend(workflow::check_rest(model, workflow_found));
    diagnostics.extend(compatibility::check(model));
    diagnostics
}
