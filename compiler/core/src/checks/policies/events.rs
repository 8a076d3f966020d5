//! Rules on events: `require dead_letter` (E603), and keys (E606): a
//! compacted event needs a key whatever the policies say (compaction keeps the
//! latest event per key), and `require key` asks every event for one.

use super::rules_where;
use crate::codes;
use crate::model::{Clause, DeclRef, Event, Model, RuleKind};
use weft_base::Diagnostic;

/// Checks every event of the project.
pub(super) fn check(model: &Model, diagnostics: &mut Vec<Diagnostic>) {
    for (id, event) in model.project_events() {
        // A `dead_letter` typed halfway (or misspelt) is not reported
        // missing too: its syntax error says what is wrong.
        if !model.unparsed(DeclRef::Event(id), Clause::DeadLetter) {
            dead_letter(model, event, diagnostics);
        }
        key(model, event, diagnostics);
    }
}

/// E603: no `dead_letter` under `require dead_letter`.
fn dead_letter(model: &Model, event: &Event, out: &mut Vec<Diagnostic>) {
    if event.dead_letter.is_some() {
        return;
    }
    let rules = rules_where(model, &event.policies, |kind| {
        matches!(kind, RuleKind::RequireDeadLetter)
    });
    let Some(first) = rules.first() else {
        return;
    };
    let mut diagnostic = Diagnostic::error(
        codes::NO_DEAD_LETTER,
        format!(
            "event `{}` has no dead-letter route, and `{}` requires one",
            event.name.name,
            first.policy_name()
        ),
        event.name.span,
        "no `dead_letter`",
    );
    for rule in &rules {
        diagnostic = rule.explain(diagnostic, "requires a dead-letter route");
    }
    let diagnostic = diagnostic.with_fix(crate::checks::fixes::add_member(
        event.meta.span,
        "dead_letter",
        2,
    ));
    out.push(diagnostic.with_help(format!(
        "add `dead_letter` to `{}` for the default dead-letter topic, or \
         `dead_letter \"topic\"` to name one: events a consumer cannot process go there \
         instead of blocking the partition or being lost",
        event.name.name
    )));
}

/// E606: a compacted event, or one under `require key`, without `key`.
fn key(model: &Model, event: &Event, out: &mut Vec<Diagnostic>) {
    if !event.key.is_empty() {
        return;
    }
    let rules = rules_where(model, &event.policies, |kind| {
        matches!(kind, RuleKind::RequireKey)
    });
    let message = if event.compacted {
        format!(
            "event `{}` is compacted but has no key: compaction keeps only the latest \
             event per key",
            event.name.name
        )
    } else if let Some(first) = rules.first() {
        format!(
            "event `{}` has no partition key, and `{}` requires one",
            event.name.name,
            first.policy_name()
        )
    } else {
        return;
    };
    let mut diagnostic =
        Diagnostic::error(codes::MISSING_KEY, message, event.name.span, "no `key`");
    for rule in &rules {
        diagnostic = rule.explain(diagnostic, "requires a partition key");
    }
    out.push(diagnostic.with_help(format!(
        "add `key field` to `{}`, naming the payload field that identifies what the event \
         is about{}: events with the same key stay in order{}",
        event.name.name,
        suggested_key(model, event)
            .map(|field| format!(" (such as `{field}`)"))
            .unwrap_or_default(),
        if event.compacted {
            ", and compaction keeps the latest one per key"
        } else {
            ""
        }
    )))
}

/// A field to suggest as the key: the key of the entity the event is about,
/// if the latest payload has a field of that name.
fn suggested_key(model: &Model, event: &Event) -> Option<String> {
    let entity = model.entities.get(event.about?.index())?;
    let payload = event.latest()?.payload;
    let crate::model::TypeKind::Record(record) = &model.types.get(payload.index())?.kind else {
        return None;
    };
    entity
        .key
        .iter()
        .find_map(|key| {
            record
                .fields
                .iter()
                .find(|field| field.name == *key || field.name.ends_with(&format!("_{key}")))
        })
        .map(|field| field.name.to_string())
}
