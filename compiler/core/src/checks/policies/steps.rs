//! Rules on workflow steps: every call has a timeout, its own or a policy's
//! (E604); every wait has its own (E612); a step that is retried does not
//! repeat a change that is not idempotent (E605); a call into a system with
//! `connectivity intermittent` is retried with backoff (E613).
//!
//! A step's settings come from the step itself first; otherwise from the most
//! specific policy that applies to the workflow (its own `apply` over its
//! host's, over the host's domain's). Policy timeouts bound calls only: they
//! are sized for a request and its answer, while a `wait` stands for another
//! party's answer, which takes hours or days, so a wait never inherits one.

use super::super::dataflow::head_span;
use super::{effective, operation, operation_name, rules_where, AppliedRule};
use crate::codes;
use crate::model::{
    Clause, Connectivity, DeclRef, Model, RetryPolicy, RuleKind, State, StateKind, Workflow,
    WorkflowId,
};
use weft_base::Diagnostic;

/// Checks every step of a project workflow.
pub(super) fn check_workflow(
    model: &Model,
    id: WorkflowId,
    workflow: &Workflow,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if workflow.name.is_std() {
        return;
    }
    let defaults = Defaults::of(model, workflow);
    let decl = DeclRef::Workflow(id);
    let apply_unparsed = model.unparsed(decl, Clause::Apply);
    workflow.graph.walk(&mut |state| {
        // An option that did not parse (a syntax error) may be the timeout
        // or the retry these ask for, and an `apply` that did not parse may
        // give a call's (never a wait's).
        let unparsed = |clause| model.unparsed_within(decl, clause, state.span);
        let own_timeout_unparsed = unparsed(Clause::Timeout);
        if !(own_timeout_unparsed || apply_unparsed) {
            timeout(model, workflow, &defaults, state, diagnostics);
        }
        if !own_timeout_unparsed {
            wait_timeout(workflow, &defaults, state, diagnostics);
        }
        retry(model, workflow, &defaults, state, diagnostics);
        if !(unparsed(Clause::Retry) || apply_unparsed) {
            intermittent(model, workflow, &defaults, state, diagnostics);
        }
    });
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

/// E604: a call with neither its own `timeout` nor a policy's.
fn timeout(
    model: &Model,
    workflow: &Workflow,
    defaults: &Defaults<'_>,
    state: &State,
    out: &mut Vec<Diagnostic>,
) {
    let StateKind::Call { .. } = state.kind else {
        return;
    };
    let kind = "call";
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
    // The option goes into the step's options block if one is written
    // (its span ends with the block's `}`), even an empty one.
    let has_block = matches!(
        state.kind,
        StateKind::Call {
            options_written: true,
            ..
        }
    );
    diagnostic = diagnostic.with_fix(crate::checks::fixes::add_step_option(
        state.span,
        "timeout 30s",
        has_block,
    ));
    out.push(
        diagnostic
            .with_help(format!(
                "add `timeout 30s` to the step's options, or apply a policy with a \
                 `timeout` rule (such as `std.orchestrated`) to `{}`",
                workflow.name.name
            ))
            .with_note(
                "no policy that applies to the workflow has a `timeout` rule, so nothing \
                 bounds this step",
            ),
    );
}

/// E612: a wait without a `timeout` of its own. A policy's timeout would
/// end a wait for a supplier's answer after the seconds a call gets.
fn wait_timeout(
    workflow: &Workflow,
    defaults: &Defaults<'_>,
    state: &State,
    out: &mut Vec<Diagnostic>,
) {
    let StateKind::Wait { .. } = state.kind else {
        return;
    };
    if state.timeout_ms.is_some() {
        return;
    }
    let mut diagnostic = Diagnostic::error(
        codes::WAIT_WITHOUT_OWN_TIMEOUT,
        format!(
            "wait `{}` in workflow `{}` has no timeout of its own",
            state.name, workflow.name.name
        ),
        head_span(workflow, state),
        "how long may the answer take?",
    );
    diagnostic = match &defaults.timeout {
        Some((ms, rule)) => rule
            .explain(diagnostic, "bounds calls, not waits")
            .with_note(format!(
                "the policy's `timeout {}` is sized for a call; a wait does not inherit it",
                super::duration(*ms)
            )),
        None => diagnostic.with_note("nothing bounds this wait: it can wait for ever"),
    };
    out.push(diagnostic.with_help(
        "add `timeout D` to the wait's options with the time the other party has to answer \
         (such as `timeout 14d`), and an `on timeout { ... }` route",
    ));
}

/// E613: a call into a system that is sometimes offline, without retries
/// that back off. Such a call fails whenever the link is down; retrying at
/// once hammers the link as it comes back.
fn intermittent(
    model: &Model,
    workflow: &Workflow,
    defaults: &Defaults<'_>,
    state: &State,
    out: &mut Vec<Diagnostic>,
) {
    let StateKind::Call {
        operation: Some(id),
        ..
    } = &state.kind
    else {
        return;
    };
    let Some(api) = model.apis.get(id.api.index()) else {
        return;
    };
    let Some(host) = api.host.and_then(|host| model.systems.get(host.index())) else {
        return;
    };
    if host.connectivity != Some(Connectivity::Intermittent) {
        return;
    }
    let retry = state.retry.as_deref().map(|own| (own, None)).or_else(|| {
        defaults
            .retry
            .as_ref()
            .map(|(policy, rule)| (*policy, Some(rule)))
    });
    let backs_off = |retry: &RetryPolicy| {
        retry.attempts > 0
            && retry
                .backoff
                .as_deref()
                .and_then(|factor| factor.parse::<f64>().ok())
                .is_some_and(|factor| factor > 1.0)
    };
    let problem = match retry {
        Some((retry, _)) if backs_off(retry) => return,
        Some((retry, _)) if retry.attempts == 0 => "is not retried",
        Some(_) => "is retried without backoff",
        None => "is not retried",
    };
    let mut diagnostic = Diagnostic::error(
        codes::INTERMITTENT_CALL_WITHOUT_BACKOFF,
        format!(
            "call `{}` of `{}` {problem}, but `{}` is only intermittently connected",
            state.name,
            operation_name(model, *id),
            host.name.name
        ),
        head_span(workflow, state),
        "fails whenever the link is down",
    )
    .with_label(host.name.span, "`connectivity intermittent`");
    if let Some((_, Some(rule))) = retry {
        diagnostic = rule.explain(diagnostic, "the retry the call inherits");
    }
    out.push(diagnostic.with_help(
        "retry it with backoff in the step's options (`retry 5 every 2s backoff 2.0 max 5m`) or \
         through a policy such as `std.orchestrated`; or have the system publish an event \
         instead of being called",
    ));
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
