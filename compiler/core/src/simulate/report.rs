//! A run against a scenario's expectations: each expectation that does
//! not hold is a [`Mismatch`] with what was expected and what happened, in
//! words fit for a diff. An `expect emits … where` that fails shows the
//! condition and the payloads the run emitted for that event version.

use super::{condition, Emitted, Run, Status};
use crate::model::{ExpectationKind, Model, Test, TestMember};
use weft_base::Span;

/// Which expectation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MismatchKind {
    /// `expect path`.
    Path,
    /// `expect emits`.
    Emits,
    /// `expect succeeds` / `expect fails`.
    Outcome,
    /// `expect compensates`.
    Compensations,
}

/// An expectation that did not hold.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Mismatch {
    /// Which expectation.
    pub kind: MismatchKind,
    /// What it expects, as written.
    pub expected: String,
    /// What happened.
    pub actual: String,
    /// Where the expectation is written.
    #[serde(skip)]
    pub span: Span,
}

/// The expectations of `test` that `run` does not meet (empty: it passes).
pub fn expectations_met(model: &Model, test: &Test, run: &Run) -> Vec<Mismatch> {
    let mut mismatches = Vec::new();
    let emitted: Vec<String> = run
        .emitted
        .iter()
        .map(|emitted| format!("{} v{}", emitted.event, emitted.version))
        .collect();
    for member in &test.members {
        let TestMember::Expect(expectation) = member else {
            continue;
        };
        let found = match &expectation.kind {
            ExpectationKind::Path(steps) => {
                let expected: Vec<&str> = steps.iter().map(|step| step.name.as_str()).collect();
                (expected != run.path).then(|| Mismatch {
                    kind: MismatchKind::Path,
                    expected: expected.join(", "),
                    actual: run.path.join(", "),
                    span: expectation.span,
                })
            }
            ExpectationKind::Emits(event) => {
                let same: Vec<&Emitted> = run
                    .emitted
                    .iter()
                    .filter(|emitted| {
                        emitted.version == event.version
                            && match (event.event, emitted.event_id) {
                                (Some(expected), Some(actual)) => expected == actual,
                                _ => emitted.event == event.last,
                            }
                    })
                    .collect();
                let hit = match &event.condition {
                    None => !same.is_empty(),
                    Some(condition) => same
                        .iter()
                        .any(|emitted| condition::holds(model, condition, &emitted.payload)),
                };
                let name = event.event.map_or_else(
                    || event.last.clone(),
                    |id| model.event(id).name.name.to_string(),
                );
                let mut expected = format!("emits {name} v{}", event.version);
                if let Some(condition) = &event.condition {
                    expected.push_str(" where ");
                    expected.push_str(&condition::text(&condition.expr));
                }
                let actual = if same.is_empty() || event.condition.is_none() {
                    if emitted.is_empty() {
                        "emitted nothing".to_string()
                    } else {
                        format!("emitted {}", emitted.join(", "))
                    }
                } else {
                    // The payloads the condition was tried on.
                    let payloads: Vec<String> = same
                        .iter()
                        .map(|emitted| format!("{name} v{} {}", emitted.version, emitted.payload))
                        .collect();
                    format!("emitted {}", payloads.join(", "))
                };
                (!hit).then_some(Mismatch {
                    kind: MismatchKind::Emits,
                    expected,
                    actual,
                    span: expectation.span,
                })
            }
            ExpectationKind::Compensates(steps) => {
                let expected: Vec<&str> = steps.iter().map(|step| step.name.as_str()).collect();
                (expected != run.compensated).then(|| Mismatch {
                    kind: MismatchKind::Compensations,
                    expected: format!("compensates {}", words(&expected)),
                    actual: format!("compensated {}", words(&run.compensated)),
                    span: expectation.span,
                })
            }
            ExpectationKind::Succeeds => (run.status != Status::Succeeded).then(|| Mismatch {
                kind: MismatchKind::Outcome,
                expected: "succeeds".to_string(),
                actual: outcome_words(&run.status),
                span: expectation.span,
            }),
            ExpectationKind::Fails(code) => {
                let holds = matches!(&run.status, Status::Failed { error, .. } if error == code);
                (!holds).then(|| Mismatch {
                    kind: MismatchKind::Outcome,
                    expected: format!("fails \"{code}\""),
                    actual: outcome_words(&run.status),
                    span: expectation.span,
                })
            }
        };
        mismatches.extend(found);
    }
    mismatches
}

/// "succeeds" or `fails "CODE"`.
pub fn outcome_words(status: &Status) -> String {
    match status {
        Status::Succeeded => "succeeds".to_string(),
        Status::Failed { error, .. } => format!("fails \"{error}\""),
    }
}

/// Step names joined by commas, or "nothing".
fn words<S: AsRef<str>>(names: &[S]) -> String {
    if names.is_empty() {
        "nothing".to_string()
    } else {
        names
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(", ")
    }
}
