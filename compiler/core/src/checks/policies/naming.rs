//! W609: `naming SUBJECT STYLE` rules. A rule reaches the declarations the
//! policy applies to:
//!
//! | subject | checked names |
//! | --- | --- |
//! | `events` | events the policy applies to |
//! | `apis` | APIs the policy applies to |
//! | `operations` | operations the policy applies to |
//! | `systems` | systems the policy applies to |
//! | `workflows` | workflows the policy applies to |
//! | `types` | entities the policy applies to (other types take no policies) |
//! | `fields` | fields of those entities, of the payloads of those events, and parameters of those operations |
//!
//! Each name is reported once, even when several declarations reach it (a
//! record used as the payload of two events).

use super::AppliedRule;
use crate::codes;
use crate::model::{
    AppliedPolicy, Model, NamingStyle, NamingSubject, Operation, Rule, RuleKind, Type, TypeId,
    TypeKind,
};
use std::collections::HashSet;
use weft_base::{Diagnostic, Span};

/// A name to check, with what it names.
struct Subject<'a> {
    /// The name as written.
    name: &'a str,
    /// "event", "field", ...
    kind: &'static str,
    /// The `naming` subject whose rules cover it.
    covered_by: NamingSubject,
    /// Where it is declared.
    span: Span,
    /// The policies that reach it.
    policies: &'a [AppliedPolicy],
}

/// Checks every naming rule against the names it reaches.
pub(super) fn check(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    let is_naming = |kind: &RuleKind| matches!(kind, RuleKind::Naming { .. });
    // Without a naming rule anywhere (most models), no name is checked.
    if !model
        .policies
        .iter()
        .any(|policy| policy.rules.iter().any(|rule| is_naming(&rule.kind)))
    {
        return;
    }
    // Each policy's naming rules, found once: most policies have none, and
    // a subject reached only by those has nothing to check.
    let naming_rules: Vec<Vec<&Rule>> = model
        .policies
        .iter()
        .map(|policy| {
            policy
                .rules
                .iter()
                .filter(|rule| is_naming(&rule.kind))
                .collect()
        })
        .collect();
    // The subjects some rule names: the others are not walked (most
    // models name no `fields` rule, and walking every field of a large
    // model is a walk through most of its memory).
    let mut named: Vec<NamingSubject> = Vec::new();
    for rule in naming_rules.iter().flatten() {
        if let RuleKind::Naming { subject, .. } = &rule.kind {
            if !named.contains(subject) {
                named.push(*subject);
            }
        }
    }
    let mut reported = HashSet::new();
    each_subject(model, &|subject| named.contains(&subject), &mut |subject| {
        // The rules in the order of `rules_where`: the policies in order,
        // each at its first `apply` (a policy that reaches the subject
        // twice is visited once).
        for (position, applied) in subject.policies.iter().enumerate() {
            let Some(rules) = naming_rules.get(applied.policy.index()) else {
                continue;
            };
            if rules.is_empty()
                || subject.policies[..position]
                    .iter()
                    .any(|earlier| earlier.policy == applied.policy)
            {
                continue;
            }
            let Some(policy) = model.policies.get(applied.policy.index()) else {
                continue;
            };
            for rule in rules {
                let RuleKind::Naming {
                    subject: rule_subject,
                    style,
                } = &rule.kind
                else {
                    continue;
                };
                if *rule_subject != subject.covered_by || follows(subject.name, *style) {
                    continue;
                }
                if !reported.insert((subject.span, *style)) {
                    continue;
                }
                let rule = AppliedRule {
                    applied,
                    policy,
                    rule,
                };
                diagnostics.push(warning(&subject, *style, &rule));
            }
        }
    });
}

/// Every name a naming rule of a `wanted` subject can reach, with the
/// policies that reach it, handed to `visit` one by one (the list of a
/// large model's every field would be tens of megabytes, made only to be
/// read once).
fn each_subject<'a>(
    model: &'a Model,
    wanted: &dyn Fn(NamingSubject) -> bool,
    visit: &mut dyn FnMut(Subject<'a>),
) {
    let fields = wanted(NamingSubject::Fields);
    if wanted(NamingSubject::Systems) {
        for system in model.systems.iter().filter(|system| !system.name.is_std()) {
            visit(Subject {
                name: &system.name.name,
                kind: "system",
                covered_by: NamingSubject::Systems,
                span: system.name.span,
                policies: &system.policies,
            });
        }
    }
    let types = wanted(NamingSubject::Types);
    if types || fields {
        for entity in model.entities.iter().filter(|entity| !entity.name.is_std()) {
            if types {
                visit(Subject {
                    name: &entity.name.name,
                    kind: "entity",
                    covered_by: NamingSubject::Types,
                    span: entity.name.span,
                    policies: &entity.policies,
                });
            }
            if fields {
                fields_of(model, entity.record, &entity.policies, visit);
            }
        }
    }
    let events = wanted(NamingSubject::Events);
    if events || fields {
        for event in model.events.iter().filter(|event| !event.name.is_std()) {
            if events {
                visit(Subject {
                    name: &event.name.name,
                    kind: "event",
                    covered_by: NamingSubject::Events,
                    span: event.name.span,
                    policies: &event.policies,
                });
            }
            if fields {
                for version in &event.versions {
                    fields_of(model, version.payload, &event.policies, visit);
                }
            }
        }
    }
    let apis = wanted(NamingSubject::Apis);
    let operations = wanted(NamingSubject::Operations);
    if apis || operations || fields {
        for api in model.apis.iter().filter(|api| !api.name.is_std()) {
            if apis {
                visit(Subject {
                    name: &api.name.name,
                    kind: "API",
                    covered_by: NamingSubject::Apis,
                    span: api.name.span,
                    policies: &api.policies,
                });
            }
            for operation in &api.operations {
                if operations {
                    visit(Subject {
                        name: &operation.name,
                        kind: "operation",
                        covered_by: NamingSubject::Operations,
                        span: operation.meta.span,
                        policies: &operation.policies,
                    });
                }
                if fields {
                    operation_fields(model, operation, visit);
                }
            }
        }
    }
    if wanted(NamingSubject::Workflows) {
        let workflows = model.workflows.iter();
        for workflow in workflows.filter(|workflow| !workflow.name.is_std()) {
            visit(Subject {
                name: &workflow.name.name,
                kind: "workflow",
                covered_by: NamingSubject::Workflows,
                span: workflow.name.span,
                policies: &workflow.policies,
            });
        }
    }
}

/// An operation's parameters and the fields of its body.
fn operation_fields<'a>(
    model: &'a Model,
    operation: &'a Operation,
    visit: &mut dyn FnMut(Subject<'a>),
) {
    for param in &operation.params {
        visit(Subject {
            name: &param.field.name,
            kind: "parameter",
            covered_by: NamingSubject::Fields,
            span: param.field.name_span,
            policies: &operation.policies,
        });
    }
    if let Some(Type::Named(body)) = operation.body.as_ref().map(Type::required) {
        fields_of(model, *body, &operation.policies, visit);
    }
}

/// The fields of a project record, reached by `policies`.
fn fields_of<'a>(
    model: &'a Model,
    record: TypeId,
    policies: &'a [AppliedPolicy],
    visit: &mut dyn FnMut(Subject<'a>),
) {
    let Some(def) = model.types.get(record.index()) else {
        return;
    };
    if def.name.is_std() {
        return;
    }
    if let TypeKind::Record(record) = &def.kind {
        for field in &record.fields {
            visit(Subject {
                name: &field.name,
                kind: "field",
                covered_by: NamingSubject::Fields,
                span: field.name_span,
                policies,
            });
        }
    }
}

fn warning(subject: &Subject<'_>, style: NamingStyle, rule: &AppliedRule<'_>) -> Diagnostic {
    let fixed = restyle(subject.name, style);
    let diagnostic = Diagnostic::warning(
        codes::NAMING_STYLE,
        format!(
            "{} name `{}` is not {style}, as `{}` requires",
            subject.kind,
            subject.name,
            rule.policy_name()
        ),
        subject.span,
        format!("not {style}"),
    );
    let help = if fixed.is_empty() || fixed == subject.name {
        format!("rename the {} in {style}", subject.kind)
    } else {
        format!("rename it to `{fixed}` and update the references to it")
    };
    rule.explain(diagnostic, &format!("{style} names required here"))
        .with_help(help)
}

/// Whether `name` is written in `style`.
fn follows(name: &str, style: NamingStyle) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return true;
    };
    let alnum = |c: char| c.is_ascii_alphanumeric();
    match style {
        NamingStyle::PascalCase => first.is_ascii_uppercase() && name.chars().all(alnum),
        NamingStyle::CamelCase => first.is_ascii_lowercase() && name.chars().all(alnum),
        NamingStyle::SnakeCase => {
            first.is_ascii_lowercase()
                && name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && !name.ends_with('_')
                && !name.contains("__")
        }
        NamingStyle::UpperSnake => {
            first.is_ascii_uppercase()
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                && !name.ends_with('_')
                && !name.contains("__")
        }
    }
}

/// The words of a name: split at underscores and where case changes.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        if c == '_' || c == '-' {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let previous = index.checked_sub(1).and_then(|i| chars.get(i)).copied();
        let following = chars.get(index + 1).copied();
        let boundary = c.is_ascii_uppercase()
            && previous.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && following.is_some_and(|f| f.is_ascii_lowercase()))
            });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `name` rewritten in `style`.
fn restyle(name: &str, style: NamingStyle) -> String {
    let words = words(name);
    let capitalised = |word: &str| {
        let lower = word.to_ascii_lowercase();
        let mut chars = lower.chars();
        match chars.next() {
            Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
            None => String::new(),
        }
    };
    match style {
        NamingStyle::PascalCase => words.iter().map(|word| capitalised(word)).collect(),
        NamingStyle::CamelCase => words
            .iter()
            .enumerate()
            .map(|(index, word)| {
                if index == 0 {
                    word.to_ascii_lowercase()
                } else {
                    capitalised(word)
                }
            })
            .collect(),
        NamingStyle::SnakeCase => words
            .iter()
            .map(|word| word.to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join("_"),
        NamingStyle::UpperSnake => words
            .iter()
            .map(|word| word.to_ascii_uppercase())
            .collect::<Vec<_>>()
            .join("_"),
    }
}

#[cfg(test)]
mod tests {
    use super::{follows, restyle};
    use crate::model::NamingStyle;

    #[test]
    fn styles_are_recognised() {
        assert!(follows("ScheduleChanged", NamingStyle::PascalCase));
        assert!(!follows("schedule_changed", NamingStyle::PascalCase));
        assert!(follows("postJournalEntry", NamingStyle::CamelCase));
        assert!(!follows("PostJournalEntry", NamingStyle::CamelCase));
        assert!(follows("po_number", NamingStyle::SnakeCase));
        assert!(!follows("poNumber", NamingStyle::SnakeCase));
        assert!(follows("IN_PROGRESS", NamingStyle::UpperSnake));
    }

    #[test]
    fn names_are_restyled() {
        assert_eq!(
            restyle("schedule_changed", NamingStyle::PascalCase),
            "ScheduleChanged"
        );
        assert_eq!(
            restyle("postJournalEntry", NamingStyle::SnakeCase),
            "post_journal_entry"
        );
        assert_eq!(
            restyle("HTTPRequestSent", NamingStyle::PascalCase),
            "HttpRequestSent"
        );
        assert_eq!(restyle("po_number", NamingStyle::CamelCase), "poNumber");
        assert_eq!(
            restyle("goodsReceived", NamingStyle::UpperSnake),
            "GOODS_RECEIVED"
        );
    }
}
