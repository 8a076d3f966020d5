//! Workflow soundness (E701–E708): every step can run; every wait says what
//! happens when its event does not come; a choice without `otherwise`
//! covers every symbol of the enum it decides on; a change to another
//! system is compensated when a later step can fail; a workflow emits only
//! events its host produces; `catch` names errors the operation declares;
//! tests name steps and events the workflow has; scenarios' values,
//! paths, failure codes and expected payload conditions fit the workflow
//! (E720–E725).

mod choice;
mod reach;
mod scenario_conditions;
mod scenario_values;
mod scenarios;

use super::dataflow::{head_span, listing, operation_name, suggest};
use crate::codes;
use crate::model::{Clause, DeclRef, Model, State, StateKind, Workflow, WorkflowId};
use weft_base::Diagnostic;

/// Runs this check.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (id, workflow) in model.workflows_with_ids() {
        check_workflow(model, id, workflow, &mut diagnostics);
    }
    check_rest(model, diagnostics)
}

/// This check's part on one workflow: its states.
pub(super) fn check_workflow(
    model: &Model,
    id: WorkflowId,
    workflow: &Workflow,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let decl = DeclRef::Workflow(id);
    // A trigger that did not parse (a syntax error) leaves the types the
    // choices test unknown, and a branch that did not parse may be the one
    // a choice misses.
    let trigger_unparsed = model.unparsed(decl, Clause::Trigger);
    reach::unreachable(model, workflow, &workflow.graph, diagnostics);
    reach::compensations(model, decl, workflow, diagnostics);
    workflow.graph.walk(&mut |state| {
        if !(trigger_unparsed || model.unparsed_within(decl, Clause::Branch, state.span)) {
            choice::exhaustive(model, workflow, state, diagnostics);
        }
        if !model.unparsed_within(decl, Clause::OnTimeout, state.span) {
            wait_without_timeout_route(workflow, state, diagnostics);
        }
        emit_by_other_producer(model, workflow, state, diagnostics);
        undeclared_catch(model, workflow, state, diagnostics);
    });
}

/// The rest of this check (the scenarios), after `found`, what its part
/// on every workflow found.
pub(super) fn check_rest(model: &Model, mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    scenarios::check(model, &mut found);
    scenario_values::check(model, &mut found);
    scenario_conditions::check(model, &mut found);
    found
}

/// E702: a `wait` without `on timeout`.
fn wait_without_timeout_route(
    workflow: &Workflow,
    state: &State,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let StateKind::Wait { .. } = state.kind else {
        return;
    };
    if state.on_timeout.is_some() {
        return;
    }
    let limit = state
        .timeout_ms
        .map(|ms| format!(" (after {})", duration_text(ms)))
        .unwrap_or_default();
    diagnostics.push(
        Diagnostic::error(
            codes::WAIT_WITHOUT_TIMEOUT_ROUTE,
            format!("wait `{}` has no `on timeout` route", state.name),
            head_span(workflow, state),
            "what happens if the event never comes?",
        )
        .with_help(format!(
            "add `on timeout {{ ... }}` to the wait's options: the steps to run when it gives up{limit}, such as `compensate` and `fail \"CODE\"`"
        )),
    );
}

/// A duration in the largest whole unit: `3d`, `90m`, `500ms`.
fn duration_text(ms: u64) -> String {
    const UNITS: [(u64, &str); 6] = [
        (604_800_000, "w"),
        (86_400_000, "d"),
        (3_600_000, "h"),
        (60_000, "m"),
        (1_000, "s"),
        (1, "ms"),
    ];
    UNITS
        .iter()
        .find(|(size, _)| ms > 0 && ms.checked_rem(*size) == Some(0))
        .map_or_else(
            || format!("{ms}ms"),
            |(size, unit)| format!("{}{unit}", ms / size),
        )
}

/// E705: an emitted event whose producer is not the workflow's host.
fn emit_by_other_producer(
    model: &Model,
    workflow: &Workflow,
    state: &State,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let StateKind::Emit {
        event: Some(event), ..
    } = state.kind
    else {
        return;
    };
    let (Some(host), Some(producer)) = (workflow.host, model.event(event).producer) else {
        return;
    };
    if host == producer {
        return;
    }
    let decl = model.event(event);
    let (event_name, producer_name, host_name) = (
        &decl.name.name,
        &model.system(producer).name.name,
        &model.system(host).name.name,
    );
    diagnostics.push(
        Diagnostic::error(
            codes::EMIT_NOT_PRODUCER,
            format!(
                "workflow `{}` emits `{event_name}`, but `{producer_name}` produces it, not the workflow's host `{host_name}`",
                workflow.name.name
            ),
            head_span(workflow, state),
            format!("published by `{host_name}` here"),
        )
        .with_label(
            decl.producer_span,
            format!("`{event_name}` is produced by `{producer_name}`"),
        )
        .with_label(workflow.host_span, format!("the workflow runs on `{host_name}`"))
        .with_help(format!(
            "an event has one producer: emit an event that `{host_name}` produces, or run the workflow on `{producer_name}`"
        )),
    );
}

/// E707: `catch Error` for an error the operation does not declare.
fn undeclared_catch(
    model: &Model,
    workflow: &Workflow,
    state: &State,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let StateKind::Call {
        operation: Some(reference),
        ..
    } = state.kind
    else {
        return;
    };
    if state.catches.is_empty() {
        return;
    }
    let operation = model.operation(reference);
    // An `error` that did not parse (a syntax error) may be the one caught.
    if model.unparsed_in_operation(reference, Clause::Error) {
        return;
    }
    let declared_errors = || operation.errors.iter().map(|error| error.name.as_str());
    for catch in state.catches.iter() {
        let error = &catch.error;
        if error == "any" || declared_errors().any(|declared| declared == error.as_str()) {
            continue;
        }
        // Named only for a finding: most calls catch what they declare.
        let name = operation_name(model, reference);
        let declared: Vec<&str> = declared_errors().collect();
        let meant = suggest(error, declared.iter().copied());
        let help = if declared.is_empty() {
            format!("`{name}` declares no errors: catch `any`, or declare `error STATUS {error}` in the operation")
        } else {
            let hint = meant
                .map(|best| format!("did you mean `{best}`? "))
                .unwrap_or_default();
            format!(
                "{hint}`{name}` declares {}; catch one of them, or `any`",
                listing(declared.iter().copied())
            )
        };
        diagnostics.push(
            Diagnostic::error(
                codes::UNKNOWN_ERROR,
                format!(
                    "step `{}` catches `{error}`, but `{name}` never returns it",
                    state.name
                ),
                catch.span,
                format!("`catch {error}` on this call never runs"),
            )
            .with_label(head_span(workflow, state), "the call")
            .with_help(help)
            .with_replacement(catch.span, meant),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::duration_text;
    use crate::sources::{Origin, SourceMap};

    const LANDSCAPE: &str = r#"package demo

domain ops {
  owner "Ops"
}

system erp {
  domain ops
  kind erp
  hosting cloud
  connectivity reliable
}

system hub {
  domain ops
  kind integration
  hosting cloud
  connectivity reliable
  consumes Placed v1
}

event Placed {
  producer erp
  key number

  version 1 {
    number: string
  }
}

api Orders {
  host erp
  version 1.0.0
  auth none

  operation book POST "/orders/{number}" {
    path number: string
  }

  operation read GET "/orders/{number}" {
    path number: string
  }
}
"#;

    /// The E7xx codes `check` reports for the landscape plus these steps.
    fn codes(steps: &str) -> Vec<&'static str> {
        let mut sources = SourceMap::with_stdlib();
        sources.add(
            "test.weft".to_string(),
            format!("{LANDSCAPE}\nworkflow Flow {{\n  host hub\n  trigger event Placed v1 as placed\n\n{steps}\n  succeed\n}}\n"),
            Origin::Project,
        );
        crate::check(&sources)
            .diagnostics
            .iter()
            .map(|diagnostic| diagnostic.code.as_str())
            .filter(|code| code.starts_with("E7"))
            .collect()
    }

    #[test]
    fn a_later_call_that_catches_everything_cannot_fail() {
        let steps = r#"  call booked = Orders.book(number: placed.number) {
    timeout 5s
  }
  call check = Orders.read(number: placed.number) {
    timeout 5s
    catch any {
      succeed
    }
  }"#;
        assert_eq!(codes(steps), Vec::<&str>::new());
    }

    #[test]
    fn a_change_in_a_parallel_branch_is_followed_past_the_branch() {
        let steps = r#"  parallel both {
    branch left {
      call booked = Orders.book(number: placed.number) {
        timeout 5s
      }
    }
    branch right {
      succeed
    }
  }
  call check = Orders.read(number: placed.number) {
    timeout 5s
  }"#;
        assert_eq!(codes(steps), vec!["E704"]);
    }

    #[test]
    fn durations_use_the_largest_whole_unit() {
        assert_eq!(duration_text(259_200_000), "3d");
        assert_eq!(duration_text(5_400_000), "90m");
        assert_eq!(duration_text(500), "500ms");
        assert_eq!(duration_text(0), "0ms");
    }
}
