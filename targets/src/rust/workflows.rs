//! The template data of `workflows.rs`: one wait point per `wait` step of
//! the workflows a system hosts, for the correlator that matches events to
//! the workflow instances waiting for them.

use super::layout::{arm, array};
use super::models::doc_or;
use super::names::{pascal_ident, string_literal, Unique};
use super::types::TypeNames;
use crate::naming;
use serde_json::Value;
use std::collections::BTreeSet;
use weft_model::{Model, StateKind, Type, WorkflowId};

/// The data of the workflows template.
pub fn workflows_data(
    model: &Model,
    names: &TypeNames,
    system: &str,
    workflows: &BTreeSet<WorkflowId>,
) -> Value {
    let mut scope = Unique::with(&[]);
    let mut points = Vec::new();
    for id in workflows {
        let workflow = model.workflow(*id);
        workflow.graph.walk(&mut |state| {
            if let StateKind::Wait {
                event: Some(event),
                version,
                ..
            } = &state.kind
            {
                let payload = model
                    .event(*event)
                    .version(*version)
                    .map(|decl| names.rust(model, &Type::Named(decl.payload)))
                    .unwrap_or_else(|| "serde_json::Value".to_string());
                let variant = scope.claim(pascal_ident(
                    &format!("{}_{}", workflow.name.name, state.name),
                    "Wait",
                ));
                let pattern = format!("WaitPoint::{variant}");
                points.push(object!({
                    "workflow_arm": arm(12, &pattern, &string_literal(&workflow.name.qualified())),
                    "step_arm": arm(12, &pattern, &string_literal(&state.name)),
                    "topic_arm": arm(12, &pattern, &string_literal(&naming::topic(model, *event, *version))),
                    "variant": variant,
                    "payload": payload,
                    "doc": doc_or(
                        &state.doc,
                        &format!("`{}` waits at `{}`.", workflow.name.name, state.name),
                        4,
                    ),
                }));
            }
        });
    }
    let all: Vec<String> = points
        .iter()
        .map(|point| {
            format!(
                "WaitPoint::{}",
                point["variant"].as_str().unwrap_or_default()
            )
        })
        .collect();
    object!({
        "system": system,
        "all": array(4, "pub const ALL: &'static [WaitPoint] =", &all, ";"),
        "has_points": !points.is_empty(),
        "points": points,
    })
}
