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

/// Runs every check.
pub fn run(model: &Model) -> Vec<Diagnostic> {
    CHECKS.iter().flat_map(|(_, check)| check(model)).collect()
}
