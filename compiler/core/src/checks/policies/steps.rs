//! Rules on workflow steps: every call and wait has a timeout, its own or a
//! policy's (E604), and a step that is retried does not repeat a change that
//! is not idempotent (E605).
//!
//! A step's settings come from the step itself first; otherwise from the most
//! specific policy that applies to the workflow (its own `apply` over its
//! host's, over the host's domain's).

use super::{effective, operation, operation_name, rules_where, AppliedRule};
use crate::codes;
use crate::model::{Model, RetryPolicy, RuleKind, State, StateKind, Workflow};
use weft_base::Diagnostic;

/// Checks every step of every project workflow.
pub(super) fn check(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    for workflow in model
        .workflows
        .iter()
        .filter(|workflow| !workflow.name.is_std())
    {
        let defaults = Defaults::of(model, workflow);
        workflow.graph.walk(&mut |state| {
            timeout(model, workflow, &defaults, state, diagnostics);
            retry(model, workflow, &defaults, state, diagnostics);
        });
    }
}

/// What the policies of a workflow give its steps.
pub(super) struct Defaults<'a> {
    /// The policy timeout, in milliseconds, and the rule it comes from.
    pub timeout: Option<(u64, AppliedRule<'a>)>,
    /// The policy retry and its rule.
    pub retry: Option<(&'a RetryPolicy, AppliedRule<'a>)>,
}

impl<'a> Defaults<'a> {
    /// The defaults from the policies that apply to `workflow`.
    pub fn of(model: &'a Model, workflow: &'a Workflow) -> Defaults<'a> {
        Defaults {
            timeout: effective(model, &workflow.policies, |kind| match kind {
                RuleKind::Timeout(ms) => Some(*ms),
                _ => None,
            }),
            retry: effective(model, &workflow.policies, |kind| match kind {
                RuleKind::Retry(retry) => Some(retry),
                _ => None,
            }),
        }
    }
}

/// "call", "wait", or `None` for steps that need no timeout.
fn timed_kind(state: &State) -> Option<&'static str> {
    match state.kind {
        StateKind::Call { .. } => Some("call"),
        StateKind::Wait { .. } => Some("wait"),
        _ => None,
    }
}

/// E604: a call or wait with neither its own `timeout` nor a policy's.
fn timeout(
    model: &Model,
    workflow: &Workflow,
    defaults: &Defaults<'_>,
    state: &State,
    out: &mut Vec<Diagnostic>,
) {
    let Some(kind) = timed_kind(state) else {
        return;
    };
    if state.timeout_ms.is_some() || defaults.timeout.is_some() {
        return;
    }
    let what = match &state.kind {
        StateKind::Call {
            operation: Some(id),
            ..
        } => format!(" of `{}`", operation_name(model, *id)),
        _ => String::new(),
    };
    let mut diagnostic = Diagnostic::error(
        codes::NO_TIMEOUT,
        format!(
            "{kind} `{}`{what} in workflow `{}` has no timeout",
            state.name, workflow.name.name
        ),
        state.span,
        format!("this {kind} can wait for ever"),
    );
    let required = rules_where(model, &workflow.policies, |kind| {
        matches!(kind, RuleKind::RequireTimeout)
    });
    for rule in &required {
        diagnostic = rule.explain(diagnostic, "requires a timeout on every call and wait");
    }
    let example = if kind == "wait" { "1d" } else { "30s" };
    // A step with options has them after its span; only a bare step gets
    // an options block.
    if !has_options(state) {
        diagnostic = diagnostic.with_fix(crate::checks::fixes::add_step_option(
            state.span,
            &format!("timeout {example}"),
        ));
    }
    out.push(
        diagnostic
            .with_help(format!(
                "add `timeout {example}` to the step's options, or apply a policy with a \
                 `timeout` rule (such as `std.orchestrated`) to `{}`",
                workflow.name.name
            ))
            .with_note(
                "no policy that applies to the workflow has a `timeout` rule, so nothing \
                 bounds this step",
            ),
    );
}

/// E605: a retried call of a write that is not idempotent, without a key.
fn retry(
    model: &Model,
    workflow: &Workflow,
    defaults: &Defaults<'_>,
    state: &State,
    out: &mut Vec<Diagnostic>,
) {
    let StateKind::Call {
        operation: Some(id),
        idempotency_key: None,
        ..
    } = &state.kind
    else {
        return;
    };
    let Some(target) = operation(model, *id) else {
        return;
    };
    if !target.is_write() || target.idempotent {
        return;
    }
    let (attempts, from) = match (&state.retry, &defaults.retry) {
        (Some(own), _) => (own.attempts, None),
        (None, Some((policy, rule))) => (policy.attempts, Some(rule)),
        (None, None) => return,
    };
    if attempts == 0 {
        return;
    }
    let name = operation_name(model, *id);
    let times = if attempts == 1 { "once" } else { "times" };
    let count = if attempts == 1 {
        String::new()
    } else {
        format!("{attempts} ")
    };
    let mut diagnostic = Diagnostic::error(
        codes::RETRY_NOT_IDEMPOTENT,
        format!(
            "call `{}` in workflow `{}` retries `{name}` {count}{times}, but `{name}` \
             changes data, is not idempotent, and the call sends no idempotency key",
            state.name, workflow.name.name
        ),
        state.span,
        "a retry may apply the change twice",
    )
    .with_label(target.meta.span, "not idempotent");
    match from {
        Some(rule) => {
            diagnostic = rule.explain(
                diagnostic,
                &format!("retries steps {count}{times} unless they override it"),
            );
        }
        None => {
            diagnostic =
                diagnostic.with_note(format!("the step's own `retry {attempts}` asks for this"));
        }
    }
    out.push(diagnostic.with_help(format!(
        "mark `{name}` `idempotent` and send `idempotency_key <value>` with the call (a \
         value that stays the same on every retry, such as the triggering event's id), or \
         turn retries off for this step with `retry 0`"
    )));
}

/// Whether a step has an options block (`{ retry … }` after it).
fn has_options(state: &State) -> bool {
    let own = match &state.kind {
        StateKind::Call {
            idempotency_key,
            compensation,
            ..
        } => idempotency_key.is_some() || compensation.is_some(),
        _ => false,
    };
    own || state.retry.is_some()
        || !state.catches.is_empty()
        || state.on_timeout.is_some()
        || state.timeout_ms.is_some()
}
