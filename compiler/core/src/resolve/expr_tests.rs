//! What lowering resolves: variables, fields, enum symbols, parameters,
//! operations and event versions, in workflows and tests.

use crate::model::*;
use crate::sources::{Origin, SourceMap};

const SOURCE: &str = r#"package demo

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

enum Status {
  OPEN
  CLOSED
}

record Order {
  number: string
  status: Status
}

event Placed {
  producer erp
  key number
  version 1 = Order
}

api Orders {
  host erp
  version 1.0.0
  auth none

  operation note PUT "/orders/{number}/note" {
    path number: string
    query text: string
    response 200 Order
  }
}

workflow Flow {
  host hub
  trigger event Placed v1 as placed

  choice open {
    when placed.status == OPEN {
      call noted = Orders.note(number: placed.number, text: "x") {
        timeout 5s
      }
      succeed
    }
    otherwise {
      succeed
    }
  }
}

test opens for Flow {
  trigger { number: "1", status: OPEN }
  mock noted returns { number: "1", status: CLOSED }
  expect path open, noted
}
"#;

fn model() -> Model {
    let mut sources = SourceMap::with_stdlib();
    sources.add("test.weft".to_string(), SOURCE.to_string(), Origin::Project);
    // As the editor checks: with the references recorded.
    let result = crate::check_with(&sources, &mut |file, text| {
        weft_syntax::parse_file(file, text)
    });
    let errors: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code.as_str().starts_with('E'))
        .map(|diagnostic| diagnostic.message.clone())
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    result.model
}

/// The source text each reference of this kind in `test.weft` points at.
fn named(model: &Model, keep: impl Fn(&Definition) -> bool) -> Vec<&'static str> {
    let file = model
        .workflows
        .iter()
        .find(|workflow| workflow.name.name == "Flow")
        .map(|workflow| workflow.name.span.file);
    model
        .references
        .iter()
        .filter(|reference| Some(reference.span.file) == file && keep(&reference.to))
        .filter_map(|reference| {
            SOURCE.get(reference.span.start as usize..reference.span.end as usize)
        })
        .collect()
}

#[test]
fn workflow_and_test_names_become_references() {
    let model = model();
    assert_eq!(
        named(&model, |to| matches!(to, Definition::Variable { .. })),
        vec!["placed", "placed"]
    );
    assert_eq!(
        // The event's `key number` first, then the workflow's paths.
        named(&model, |to| matches!(to, Definition::Field { .. })),
        vec!["number", "status", "number", "number", "status", "number", "status"]
    );
    assert_eq!(
        named(&model, |to| matches!(to, Definition::EnumSymbol { .. })),
        vec!["OPEN", "OPEN", "CLOSED"]
    );
    assert_eq!(
        named(&model, |to| matches!(
            to,
            Definition::Operation(_) | Definition::Parameter { .. }
        )),
        vec!["note", "number", "text"]
    );
    assert_eq!(
        // `consumes Placed v1` and `trigger event Placed v1`.
        named(&model, |to| matches!(to, Definition::EventVersion { .. })),
        vec!["v1", "v1"]
    );
}

#[test]
fn a_choice_condition_is_resolved_in_its_scope() {
    let model = model();
    let Some(flow) = model
        .workflows
        .iter()
        .find(|workflow| workflow.name.name == "Flow")
    else {
        panic!("no workflow Flow");
    };
    let Some(StateKind::Choice { branches, .. }) =
        flow.graph.states.first().map(|state| &state.kind)
    else {
        panic!("the first state is no choice");
    };
    let Some((condition, _)) = branches.first() else {
        panic!("the choice has no branch");
    };
    let ExprKind::Binary(BinaryOp::Eq, left, right) = &condition.kind else {
        panic!("not a comparison: {condition:?}");
    };
    let (ExprKind::Path(subject), ExprKind::Path(symbol)) = (&left.kind, &right.kind) else {
        panic!("not two paths");
    };
    assert_eq!(subject.root, PathRoot::Variable(0));
    assert!(subject.segments[1].field.is_some());
    assert!(matches!(symbol.root, PathRoot::Symbol { symbol: 0, .. }));
}
