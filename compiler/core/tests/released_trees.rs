//! `check` drops each file's syntax tree as soon as the last resolution pass
//! that reads it is done, and parses the bodies of events and APIs only
//! when that pass comes; the editor's `check_with` keeps every tree, parsed
//! whole. Both must resolve the same model and report the same findings,
//! whatever the mix of declarations in each file and whatever the order of
//! the files: a later pass must never need a tree that was dropped, and no
//! pass before the landscape may need a body not parsed yet.
//!
//! Compared on the two examples (one with syntax errors), every check,
//! parse and multi-file project fixture, a project whose files are laid
//! out so that each is dropped at a different pass while later files still
//! refer to what it declares, an event whose body is broken behind a clean
//! head, and random edits of the example's files.

#[path = "support/files.rs"]
mod files;
#[path = "../../../language/syntax/tests/support/mutate.rs"]
mod mutate;

use files::{files_under, is_weft, repo};
use std::path::{Path, PathBuf};
use weft_compiler::{check, check_with, Origin, SourceMap};

/// Every `.weft` and `weft.toml` file under `dir`, sorted.
fn project_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let wanted =
        |path: &Path| is_weft(path) || path.file_name().is_some_and(|name| name == "weft.toml");
    files_under(dir, &wanted, out);
}

fn sources_of(files: &[PathBuf]) -> SourceMap {
    let mut sources = SourceMap::with_stdlib();
    for file in files {
        // Fixtures that are not UTF-8 are another test's business.
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        sources.add(file.display().to_string(), text, Origin::Project);
    }
    sources
}

/// Checks `sources` both ways and requires the same outcome.
fn assert_same_outcome(label: &str, sources: &SourceMap) {
    let mut editor = check_with(sources, &mut |file, text| {
        weft_syntax::parse_file(file, text)
    });
    let plain = check(sources);
    assert!(plain.parsed.is_empty(), "{label}: `check` kept trees");
    assert!(!editor.parsed.is_empty(), "{label}: `check_with` kept none");
    assert_eq!(
        plain.diagnostics, editor.diagnostics,
        "{label}: findings differ"
    );
    // The whole model, spans included, apart from what only the editor
    // keeps: the use sites and the item index (which is made before any
    // tree is dropped).
    assert!(
        plain.model.index.files.is_empty(),
        "{label}: `check` kept the index"
    );
    editor.model.references.clear();
    editor.model.index = Default::default();
    assert_eq!(
        format!("{:?}", plain.model),
        format!("{:?}", editor.model),
        "{label}: models differ"
    );
}

#[test]
fn examples_resolve_the_same_with_dropped_trees() {
    for example in ["acme-plant", "broken-plant"] {
        let mut files = Vec::new();
        project_files(&repo().join("examples").join(example), &mut files);
        assert!(files.len() > 3, "{example} has its files");
        assert_same_outcome(example, &sources_of(&files));
    }
}

#[test]
fn fixtures_resolve_the_same_with_dropped_trees() {
    let fixtures = repo().join("tests/fixtures");
    let mut checked = 0;
    for folder in ["check/ok", "check/err", "parse/ok", "parse/err"] {
        let mut files = Vec::new();
        project_files(&fixtures.join(folder), &mut files);
        for file in files {
            assert_same_outcome(&file.display().to_string(), &sources_of(&[file]));
            checked += 1;
        }
    }
    let projects = std::fs::read_dir(fixtures.join("projects")).expect("projects readable");
    for project in projects {
        let project = project.expect("entry readable").path();
        let mut files = Vec::new();
        project_files(&project, &mut files);
        assert_same_outcome(&project.display().to_string(), &sources_of(&files));
        checked += 1;
    }
    assert!(checked > 100, "only {checked} fixtures found");
}

/// Files dropped at each pass, in an order where later files name what
/// earlier ones declare and earlier files name what later ones declare:
/// `a_data` (types only: dropped after the data passes), `b_landscape`
/// (dropped after the landscape), `c_flows` (after the workflows), `d_tests`
/// (last), and `e_mixed`, which holds a type, an event and a workflow and is
/// kept until the workflows. Some names are wrong on purpose, so that
/// findings are compared too.
#[test]
fn files_dropped_at_different_passes_resolve_the_same() {
    let files = [
        (
            "weft.toml",
            "[project]\nname = \"shop\"\nversion = \"0.1.0\"\n",
        ),
        (
            "a_data.weft",
            "package shop\n\ntype OrderId = string length 1..20\n\nenum Status {\n  OPEN\n  SHIPPED\n}\n\nrecord Order {\n  id: OrderId\n  status: Status = OPEN\n  lines: list<Line>\n  missing: Nowhere\n}\n",
        ),
        (
            "b_landscape.weft",
            "package shop\n\ndomain sales {\n  owner \"Sales\"\n}\n\nsystem erp {\n  domain sales\n  kind erp\n}\n\nentity Customer {\n  owner erp\n  key id\n  id: OrderId\n  since: timestamp\n}\n\nevent OrderPlaced {\n  producer erp\n  key id\n\n  version 1 {\n    id: OrderId\n    status: Status\n  }\n}\n\napi Orders {\n  host erp\n  version 1.0.0\n  base \"/orders\"\n  auth oauth2 client_credentials scopes \"orders\"\n\n  operation getOrder GET \"/orders/{id}\" {\n    path id: OrderId\n    response 200 Order\n    error 404 NotFound \"No such order\"\n  }\n}\n",
        ),
        (
            "c_flows.weft",
            "package shop\n\nworkflow Ship {\n  host erp\n  trigger event OrderPlaced v1 as placed\n\n  call order = Orders.getOrder(id: placed.id)\n  emit shipped = Shipped v1(id: placed.id)\n  succeed\n}\n",
        ),
        (
            "d_tests.weft",
            "package shop\n\ntest ships_an_order for Ship {\n  trigger { id: \"A1\", status: OPEN }\n  mock order returns { id: \"A1\", status: OPEN, lines: [] }\n  expect emits Shipped v1\n}\n",
        ),
        (
            "e_mixed.weft",
            "package shop\n\nrecord Line {\n  sku: string\n  quantity: int32 range 1..1000\n}\n\nevent Shipped {\n  producer erp\n  key id\n\n  version 1 {\n    id: OrderId\n  }\n}\n\nworkflow Audit {\n  host erp\n  trigger event Shipped v1 as shipped\n  call order = Orders.getOrder(id: shipped.id)\n  succeed\n}\n",
        ),
    ];
    let mut forward = SourceMap::with_stdlib();
    for (name, text) in files {
        forward.add(name, text.to_string(), Origin::Project);
    }
    let result = check(&forward);
    assert!(
        result
            .diagnostics
            .iter()
            .any(|diagnostic| diagnostic.message.contains("Nowhere")),
        "the unknown type is reported: {:?}",
        result.diagnostics
    );
    assert!(
        result.model.workflows.len() >= 2 && !result.model.tests.is_empty(),
        "the workflows and the test resolve"
    );
    assert_same_outcome("forward", &forward);
    let mut backward = SourceMap::with_stdlib();
    for (name, text) in files.iter().rev() {
        backward.add(*name, text.to_string(), Origin::Project);
    }
    assert_same_outcome("backward", &backward);
}

/// `check` parses events and APIs only up to their names until the
/// landscape pass reads them. An event whose head parses but whose body is
/// broken was declared from its head as a whole event, which a broken
/// declaration is not: `check` then starts again from whole trees, and
/// must come to what the editor's check comes to (the workflow naming the
/// broken event reports nothing more about it).
#[test]
fn a_broken_body_behind_a_clean_head_resolves_the_same() {
    let mut sources = SourceMap::with_stdlib();
    sources.add(
        "weft.toml",
        "[project]\nname = \"shop\"\nversion = \"0.1.0\"\n".to_string(),
        Origin::Project,
    );
    sources.add(
        "a_events.weft",
        "package shop\n\nsystem erp {\n  kind erp\n}\n\nevent Placed {\n  producer erp\n  version 1 {\n    id: string\n  }\n}}\n\napi Orders {\n  host erp\n  version 1.0.0\n  base \"/orders\"\n  operation getOrder GET \"/orders/{id}\" {\n    path id: string\n    response 200 string\n  }\n}\n"
            .to_string(),
        Origin::Project,
    );
    sources.add(
        "b_flows.weft",
        "package shop\n\nworkflow Ship {\n  host erp\n  trigger event Placed v1 as placed\n  call order = Orders.getOrder(id: placed.id)\n  succeed\n}\n"
            .to_string(),
        Origin::Project,
    );
    let result = check(&sources);
    assert!(
        result
            .model
            .events
            .iter()
            .all(|event| event.name.name != "Placed"),
        "the broken event is not in the model: {:?}",
        result
            .model
            .events
            .iter()
            .map(|event| &event.name.name)
            .collect::<Vec<_>>()
    );
    assert!(
        result.has_errors() && !result.model.apis.is_empty(),
        "the syntax error is reported and the API resolves"
    );
    assert_same_outcome("broken body", &sources);
}

/// Random edits of one file of the example project, the text as broken
/// as an editor's: `check` (trees dropped, bodies of events and APIs
/// parsed late, and started again when one turns out broken) still comes
/// to what the editor's check comes to.
mod mutated {
    use super::mutate;
    use super::{assert_same_outcome, project_files, repo};
    use proptest::prelude::*;
    use std::sync::OnceLock;
    use weft_compiler::{Origin, SourceMap};

    /// The example's files and texts, read once for all the cases.
    fn example() -> &'static [(String, String)] {
        static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
        FILES.get_or_init(|| {
            let mut files = Vec::new();
            project_files(&repo().join("examples").join("acme-plant"), &mut files);
            files
                .iter()
                .map(|file| {
                    let text = std::fs::read_to_string(file).expect("example readable");
                    (file.display().to_string(), text)
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

        #[test]
        fn example_files(
            which in 0usize..64,
            edits in proptest::collection::vec((0usize..100_000, 0usize..3, 0usize..64), 1..6),
        ) {
            let files = example();
            let edited = which % files.len();
            let mut sources = SourceMap::with_stdlib();
            for (index, (name, text)) in files.iter().enumerate() {
                let text = if index == edited { mutate::mutate(text, &edits) } else { text.clone() };
                sources.add(name.clone(), text, Origin::Project);
            }
            assert_same_outcome(&files[edited].0, &sources);
        }
    }
}
