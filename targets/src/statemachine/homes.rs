//! Where each workflow variable lives in a state machine's data, and the
//! JSONPath that reads it from a given place. The state's data is one JSON
//! object: the trigger's payload under its `as` name, each step's result
//! under the step's name (`{"body": result}`), a `for each` item under its
//! name. A `for each` body (a Map iteration) sees the enclosing data under
//! `outer`; a `parallel` branch sees the enclosing data as it is, and the
//! branches' results are read after the step from its result array.

use std::collections::BTreeMap;
use weft_model::{StateGraph, StateKind, Workflow};

/// A nesting level: a `for each` body or a `parallel` branch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Frame {
    /// Inside the body of this `for each`.
    Map(String),
    /// Inside branch `index` of this `parallel`.
    Branch(String, usize),
}

/// How a variable's value is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stored {
    /// As it is (the trigger's payload, a `for each` item).
    Plain,
    /// Under `body` (a step's result).
    Body,
}

/// Where a variable is bound.
#[derive(Clone, Debug)]
pub(crate) struct Home {
    frames: Vec<Frame>,
    stored: Stored,
}

/// Every variable's home, by name (names are unique in a workflow).
pub(crate) fn homes(workflow: &Workflow, trigger: Option<&str>) -> BTreeMap<String, Home> {
    let mut found = BTreeMap::new();
    if let Some(trigger) = trigger {
        found.insert(
            trigger.to_string(),
            Home {
                frames: Vec::new(),
                stored: Stored::Plain,
            },
        );
    }
    collect(&workflow.graph, &[], &mut found);
    found
}

fn collect(graph: &StateGraph, frames: &[Frame], found: &mut BTreeMap<String, Home>) {
    for state in &graph.states {
        match &state.kind {
            StateKind::Call { .. } | StateKind::Wait { .. } | StateKind::Emit { .. } => {
                found.insert(
                    state.name.to_string(),
                    Home {
                        frames: frames.to_vec(),
                        stored: Stored::Body,
                    },
                );
            }
            StateKind::Parallel { branches } => {
                for (index, (_, branch)) in branches.iter().enumerate() {
                    let mut inner = frames.to_vec();
                    inner.push(Frame::Branch(state.name.to_string(), index));
                    collect(branch, &inner, found);
                }
            }
            StateKind::ForEach { body, .. } => {
                let mut inner = frames.to_vec();
                inner.push(Frame::Map(state.name.to_string()));
                found.insert(
                    state.name.to_string(),
                    Home {
                        frames: inner.clone(),
                        stored: Stored::Plain,
                    },
                );
                collect(body, &inner, found);
            }
            _ => {}
        }
    }
}

/// The JSONPath of variable `name` (then `fields`) read at `at`; `None`
/// when it is not readable there (inside another loop's body).
pub(crate) fn path(
    homes: &BTreeMap<String, Home>,
    name: &str,
    fields: &[&str],
    at: &[Frame],
) -> Option<String> {
    let home = homes.get(name)?;
    let common = home
        .frames
        .iter()
        .zip(at)
        .take_while(|(a, b)| a == b)
        .count();
    let mut path = String::from("$");
    for frame in &at[common..] {
        if matches!(frame, Frame::Map(_)) {
            path.push_str(".outer");
        }
    }
    for frame in &home.frames[common..] {
        match frame {
            Frame::Branch(parallel, index) => path.push_str(&format!(".{parallel}[{index}]")),
            Frame::Map(_) => return None,
        }
    }
    path.push('.');
    path.push_str(name);
    if home.stored == Stored::Body {
        path.push_str(".body");
    }
    for field in fields {
        path.push('.');
        path.push_str(field);
    }
    Some(path)
}
