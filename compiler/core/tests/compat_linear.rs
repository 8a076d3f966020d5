//! Issue 14, item 7: `weft compat` must take memory and work linear in the
//! model. A record at the end of a chain of references used to be expanded
//! (and compared) once per operation that reaches it: n operations over a
//! chain of n records gave n²/2 expansions. These tests count the work
//! (no timing) at n and 10·n.

mod support;

use support::one_file_project;
use weft_compiler::check;
use weft_compiler::compat::baseline::{compare, Baseline, Project};
use weft_compiler::compat::lock::lock_of;
use weft_compiler::compat::schema::{Docs, Expander};
use weft_compiler::compat::walk::Memo;
use weft_compiler::compat::{check_pair_memo, check_pair_with, Labels, Mode};
use weft_compiler::model::Model;

/// A project of `records` leaf records `L0..`, a record `Hub` holding one
/// of each, and one API with an operation per leaf answering `W<k> { hub:
/// Hub, k: int32 }`: every operation reaches every record. In the changed
/// version, `L0.x` is widened from `int32` to `int64`: a breaking change for
/// every response.
fn chain(records: usize, changed: bool) -> String {
    let mut text = String::from(
        r#"package demo

/// Sales.
domain sales {
  owner "Sales Team"
}

/// The host.
system host {
  domain sales
  kind other
  hosting cloud
  connectivity reliable
}

"#,
    );
    let mut hub = String::from("/// All of them.\nrecord Hub {\n");
    for index in 0..records {
        let x = if changed && index == 0 {
            "int64"
        } else {
            "int32"
        };
        text.push_str(&format!(
            "/// Leaf {index}.\nrecord L{index} {{\n  x: {x}\n}}\n\n"
        ));
        text.push_str(&format!(
            "/// Wrapper {index}.\nrecord W{index} {{\n  hub: Hub\n  k: int32\n}}\n\n"
        ));
        hub.push_str(&format!("  l{index}: L{index}\n"));
    }
    text.push_str(&hub);
    text.push_str(
        "}\n\n/// The chain.\napi Chain {\n  host host\n  version 1.0.0\n  base \"/chain\"\n",
    );
    for index in 0..records {
        text.push_str(&format!(
            "\n  operation get{index} GET \"/r{index}\" {{\n    response 200 W{index}\n  }}\n"
        ));
    }
    text.push_str("}\n");
    text
}

fn model(text: String) -> Model {
    let checked = check(&one_file_project(text));
    let errors: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == weft_compiler::compat::Severity::Error)
        .map(|diagnostic| format!("{} {}", diagnostic.code.as_str(), diagnostic.message))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    checked.model
}

/// Records expanded to give every operation its response schema.
fn expansions(records: usize) -> usize {
    let model = model(chain(records, false));
    let mut expander = Expander::new(&model, Docs::Drop);
    for operation in &model.apis[model.apis.len() - 1].operations {
        for response in &operation.responses {
            if let Some(body) = &response.body {
                expander.schema(body);
            }
        }
    }
    expander.expansions()
}

#[test]
fn each_declaration_is_expanded_once() {
    let (small, large) = (expansions(20), expansions(200));
    // One expansion per record (2·n + 1); expanding per operation gave
    // n·(n + 2): 440 and 40,400.
    assert!(small <= 41, "{small}");
    assert!(large <= 401, "{large}");
}

/// The response schemas of both versions, compared operation by operation
/// with one memo; how many record pairs were walked, and whether every
/// comparison found what a fresh comparison finds.
fn walked(records: usize) -> usize {
    let (old, new) = (
        lock_of(&model(chain(records, false))),
        lock_of(&model(chain(records, true))),
    );
    let mut memo = Memo::default();
    let (old_api, new_api) = (&old.apis[0], &new.apis[0]);
    let mut breaking = 0;
    for (old_operation, new_operation) in old_api.operations.iter().zip(&new_api.operations) {
        assert_eq!(old_operation.name, new_operation.name);
        // Messages name the versions; what the memo learnt under one pair
        // of names must read right under another.
        let labels = Labels {
            old: format!("{} 1.0.0", old_operation.name),
            new: format!("{} 1.1.0", new_operation.name),
        };
        let (Some(old_body), Some(new_body)) = (
            &old_operation.responses[0].body,
            &new_operation.responses[0].body,
        ) else {
            panic!("every operation answers a record");
        };
        let remembered = check_pair_memo(old_body, new_body, Mode::Forward, &labels, &mut memo);
        let fresh = check_pair_with(old_body, new_body, Mode::Forward, &labels);
        assert_eq!(remembered, fresh, "{}", new_operation.name);
        breaking += fresh
            .iter()
            .filter(|finding| finding.code == "E130")
            .count();
    }
    assert_eq!(breaking, records, "every response reaches R0.x");
    memo.records_walked()
}

#[test]
fn each_record_pair_is_compared_once() {
    let (small, large) = (walked(20), walked(200));
    // One walk per pair of declarations (2·n + 1); walking `Hub` again for
    // each operation walked n·(n + 2) pairs.
    assert!(small <= 41, "{small}");
    assert!(large <= 401, "{large}");
}

#[test]
fn a_change_reached_by_every_operation_is_reported_once() {
    let records = 50;
    let old_model = model(chain(records, false));
    let old_sources = one_file_project(chain(records, false));
    let baseline = Baseline::from_model("v1", &old_model, &old_sources, "");
    let new_sources = one_file_project(chain(records, true));
    let new_model = model(chain(records, true));
    let project = Project {
        model: &new_model,
        sources: &new_sources,
        root: "",
    };
    let report = compare(&project, &baseline);
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .zip(&report.facts)
        .filter(|(diagnostic, _)| diagnostic.severity == weft_compiler::compat::Severity::Error)
        .collect();
    // The widened field is one finding at `L0.x` listing every operation.
    let widened: Vec<_> = errors
        .iter()
        .filter(|(_, facts)| facts.path == "Chain.L0.x")
        .collect();
    assert_eq!(widened.len(), 1, "{errors:#?}");
    assert_eq!(widened[0].1.affects.len(), records);
}
