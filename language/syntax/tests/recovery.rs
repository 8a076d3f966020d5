//! Recovery by token sets: a broken entry of a list loses only itself. The
//! fixtures' diagnostics are snapshotted by weft-compiler's `parse_errors`
//! test; this one checks what survives in the tree.

use weft_syntax::syntax::*;
use weft_syntax::{parse_file, FileId};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../tests/fixtures/parse/err/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("fixture")
}

fn workflow(items: &[Item]) -> &WorkflowDecl {
    items
        .iter()
        .find_map(|item| match &item.kind {
            ItemKind::Workflow(workflow) => Some(workflow),
            _ => None,
        })
        .expect("a workflow")
}

#[test]
fn a_broken_branch_loses_only_itself() {
    let parsed = parse_file(FileId(0), &fixture("branch_errors_recover.weft"));
    assert_eq!(parsed.errors.len(), 2);
    let steps = &workflow(&parsed.items).steps;
    let StepKind::Choice(choice) = &steps[0].kind else {
        panic!("a choice")
    };
    assert_eq!(choice.branches.len(), 1);
    assert!(choice.otherwise.is_some());
    let StepKind::Parallel(parallel) = &steps[1].kind else {
        panic!("a parallel")
    };
    let names: Vec<&str> = parallel
        .branches
        .iter()
        .map(|b| b.name.text.as_str())
        .collect();
    assert_eq!(names, ["mail"]);
    assert_eq!(steps[2].kind, StepKind::Succeed);
}

#[test]
fn a_broken_argument_loses_only_itself() {
    let parsed = parse_file(FileId(0), &fixture("argument_errors_recover.weft"));
    assert_eq!(parsed.errors.len(), 2);
    let steps = &workflow(&parsed.items).steps;
    let StepKind::Call(call) = &steps[0].kind else {
        panic!("a call")
    };
    let names: Vec<&str> = call.args.iter().map(|a| a.name.text.as_str()).collect();
    assert_eq!(names, ["material", "plant"]);
    let StepKind::Emit(emit) = &steps[1].kind else {
        panic!("an emit")
    };
    let names: Vec<&str> = emit.fields.iter().map(|a| a.name.text.as_str()).collect();
    assert_eq!(names, ["note"]);
    assert_eq!(steps.len(), 3);
}

#[test]
fn broken_names_arguments_defaults_and_symbols_lose_only_themselves() {
    let parsed = parse_file(FileId(0), &fixture("list_errors_recover.weft"));
    assert_eq!(parsed.errors.len(), 5);
    let ItemKind::Use(first) = &parsed.items[1].kind else {
        panic!("a use")
    };
    let names: Vec<&str> = first.names.iter().map(|n| n.name.text.as_str()).collect();
    assert_eq!(names, ["Money"]);
    let ItemKind::Record(record) = &parsed.items[3].kind else {
        panic!("a record")
    };
    let fields: Vec<String> = record
        .members
        .iter()
        .map(|member| match member {
            FieldMember::Field(field) => format!("{} {}", field.name.text, field.ty.args().len()),
            FieldMember::Reserved(_) => "reserved".to_string(),
        })
        .collect();
    assert_eq!(fields, ["price 1", "note 0"]);
    let ItemKind::Enum(status) = &parsed.items[4].kind else {
        panic!("an enum")
    };
    let symbols: Vec<&str> = status
        .members
        .iter()
        .map(|m| m.name.text.as_str())
        .collect();
    assert_eq!(symbols, ["OPEN", "DONE"]);
}
