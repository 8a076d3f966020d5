//! Policy checks (SPEC, "What the compiler checks", 6): every rule of every
//! policy that applies to a declaration holds there. The resolver has already
//! computed, for each declaration, the policies that reach it (domain →
//! system → what the system hosts or produces → operations) together with the
//! `apply` clause that brought each one in; these checks only compare the
//! rules with the declarations.
//!
//! One module per family of rules:
//!
//! - [`operations`]: `require idempotency` (E601), `require audit` (E602) and
//!   `auth` (E608) on API operations;
//! - [`events`]: `require dead_letter` (E603) and keys (E606) on events;
//! - [`steps`]: timeouts of calls and waits (E604) and retries of writes that
//!   are not idempotent (E605) in workflows;
//! - [`sla`]: step timeouts along the longest path against the workflow's SLA
//!   (E607);
//! - [`naming`]: `naming SUBJECT STYLE` rules (W609).
//!
//! Every finding points at the declaration or step that breaks the rule and
//! carries two secondary labels per policy involved: where the policy is
//! applied (with the chain it came through) and the rule itself.

mod events;
mod naming;
mod operations;
mod sla;
mod steps;

use crate::model::{
    AppliedPolicy, Model, Operation, OperationRef, Policy, Rule, RuleKind, Workflow, WorkflowId,
};
use weft_base::Diagnostic;

/// Runs every policy check.
pub fn check(model: &Model) -> Vec<Diagnostic> {
    let mut found = WorkflowFindings::default();
    for (id, workflow) in model.workflows_with_ids() {
        check_workflow(model, id, workflow, &mut found);
    }
    check_rest(model, found)
}

/// What this check's parts on workflows found, kept apart by part so that
/// [`check_rest`] puts them in the order of the parts.
#[derive(Default)]
pub(super) struct WorkflowFindings {
    steps: Vec<Diagnostic>,
    sla: Vec<Diagnostic>,
}

/// This check's parts on one workflow: its steps' rules and its SLA.
pub(super) fn check_workflow(
    model: &Model,
    id: WorkflowId,
    workflow: &Workflow,
    found: &mut WorkflowFindings,
) {
    steps::check_workflow(model, id, workflow, &mut found.steps);
    sla::check_workflow(model, workflow, &mut found.sla);
}

/// The whole check, with what its parts on every workflow found.
pub(super) fn check_rest(model: &Model, found: WorkflowFindings) -> Vec<Diagnostic> {
    let WorkflowFindings { mut steps, mut sla } = found;
    let mut diagnostics = Vec::new();
    operations::check(model, &mut diagnostics);
    events::check(model, &mut diagnostics);
    diagnostics.append(&mut steps);
    diagnostics.append(&mut sla);
    naming::check(model, &mut diagnostics);
    diagnostics
}

/// One rule of one policy that applies to a declaration, with how it got there.
#[derive(Clone, Copy)]
pub(crate) struct AppliedRule<'a> {
    /// The `apply` that brought the policy in.
    pub applied: &'a AppliedPolicy,
    /// The policy.
    pub policy: &'a Policy,
    /// The rule.
    pub rule: &'a Rule,
}

impl<'a> AppliedRule<'a> {
    /// Adds the two labels that explain why the rule applies: where the
    /// policy is applied, and the rule in the policy.
    pub fn explain(&self, diagnostic: Diagnostic, rule_label: &str) -> Diagnostic {
        diagnostic
            .with_label(
                self.applied.applied_at,
                format!(
                    "`{}` applies here (via {})",
                    self.policy.name.qualified(),
                    self.applied.via
                ),
            )
            .with_label(self.rule.span, rule_label.to_string())
    }

    /// `std.finance_posting`.
    pub fn policy_name(&self) -> String {
        self.policy.name.qualified()
    }
}

/// Hands every rule of the policies in `applied` to `visit`, in order
/// (least specific first: domain, system, then the declaration's own). A
/// policy that reaches the declaration twice is visited once, at its first
/// `apply`. Nothing is collected: most declarations' rules are looked at
/// and dropped.
pub(crate) fn each_applied_rule<'a>(
    model: &'a Model,
    applied: &'a [AppliedPolicy],
    mut visit: impl FnMut(AppliedRule<'a>),
) {
    for (position, entry) in applied.iter().enumerate() {
        // Lists of applied policies are short: a scan beats a set.
        if applied[..position]
            .iter()
            .any(|earlier| earlier.policy == entry.policy)
        {
            continue;
        }
        let Some(policy) = model.policies.get(entry.policy.index()) else {
            continue;
        };
        for rule in &policy.rules {
            visit(AppliedRule {
                applied: entry,
                policy,
                rule,
            });
        }
    }
}

/// The applied rules of one kind, such as every `require audit`.
pub(crate) fn rules_where<'a>(
    model: &'a Model,
    applied: &'a [AppliedPolicy],
    wanted: impl Fn(&RuleKind) -> bool,
) -> Vec<AppliedRule<'a>> {
    let mut rules = Vec::new();
    each_applied_rule(model, applied, |rule| {
        if wanted(&rule.rule.kind) {
            rules.push(rule);
        }
    });
    rules
}

/// The most specific rule that picks a value (the last one: a system's policy
/// overrides its domain's, a declaration's own overrides its system's).
pub(crate) fn effective<'a, T>(
    model: &'a Model,
    applied: &'a [AppliedPolicy],
    pick: impl Fn(&'a RuleKind) -> Option<T>,
) -> Option<(T, AppliedRule<'a>)> {
    let mut last = None;
    each_applied_rule(model, applied, |rule| {
        if let Some(value) = pick(&rule.rule.kind) {
            last = Some((value, rule));
        }
    });
    last
}

/// The operation a reference points at, if the reference is valid.
pub(crate) fn operation(model: &Model, id: OperationRef) -> Option<&Operation> {
    model
        .apis
        .get(id.api.index())
        .and_then(|api| api.operations.get(id.index()))
}

/// `Api.operation`, for messages.
pub(crate) fn operation_name(model: &Model, id: OperationRef) -> String {
    match (model.apis.get(id.api.index()), operation(model, id)) {
        (Some(api), Some(operation)) => format!("{}.{}", api.name.name, operation.name),
        _ => "the operation".to_string(),
    }
}

/// A duration in milliseconds as weft writes it: `500ms`, `30s`, `1m 30s`,
/// `2h`, `3d 4h`.
pub(crate) fn duration(ms: u64) -> String {
    if ms == 0 {
        return "0s".to_string();
    }
    const UNITS: &[(u64, &str)] = &[
        (86_400_000, "d"),
        (3_600_000, "h"),
        (60_000, "m"),
        (1_000, "s"),
        (1, "ms"),
    ];
    let mut rest = ms;
    let mut parts = Vec::new();
    for (size, unit) in UNITS {
        if rest >= *size {
            parts.push(format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_read_like_weft() {
        assert_eq!(duration(0), "0s");
        assert_eq!(duration(500), "500ms");
        assert_eq!(duration(30_000), "30s");
        assert_eq!(duration(90_000), "1m 30s");
        assert_eq!(duration(4 * 86_400_000), "4d");
        assert_eq!(duration(86_400_000 + 1_500), "1d 1s 500ms");
    }
}
