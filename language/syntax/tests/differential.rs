//! The hand-written parser against the pest oracle: on every weft file of
//! the repository (fixtures, examples, the standard library, the docs), on
//! generated valid programs and on mutations of them, the two agree.
//!
//! Agreement means: when the oracle accepts a text, the parser accepts it
//! too and gives the identical tree (items with every span, and comments);
//! when the oracle rejects it, the parser reports at least one error.

mod support;

use support::agree;
use support::files::repository_weft_files;

#[test]
fn every_weft_file_of_the_repository() {
    let files = repository_weft_files();
    assert!(files.len() > 300, "only {} files found", files.len());
    let mut clean = 0;
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).expect("readable")).into_owned();
        if let Err(problem) = agree(&text) {
            panic!("{}: {problem}", path.display());
        }
        if weft_syntax::parse_file_with_oracle(weft_syntax::FileId(0), &text).is_clean() {
            clean += 1;
        }
    }
    // Most files are valid: the comparison of trees is what this test is for.
    assert!(clean > 250, "only {clean} clean files");
}

mod mutations {
    use super::support::agree;
    use super::support::mutate::mutate;
    use proptest::prelude::*;

    const TOUR: &str = include_str!("../../../docs/syntax-tour.weft");
    const WORKFLOW: &str = include_str!("../../../tests/fixtures/parse/ok/workflow.weft");
    const API: &str = include_str!("../../../tests/fixtures/parse/ok/api.weft");

    fn edits() -> impl Strategy<Value = Vec<(usize, usize, usize)>> {
        proptest::collection::vec((0usize..100_000, 0usize..3, 0usize..64), 1..6)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

        #[test]
        fn mutated_tour(edits in edits()) {
            let text = mutate(TOUR, &edits);
            if let Err(problem) = agree(&text) {
                prop_assert!(false, "{}\n--- text\n{}", problem, text);
            }
        }

        #[test]
        fn mutated_workflow_and_api(edits in edits(), which in 0usize..2) {
            let text = mutate(if which == 0 { WORKFLOW } else { API }, &edits);
            if let Err(problem) = agree(&text) {
                prop_assert!(false, "{}\n--- text\n{}", problem, text);
            }
        }
    }
}

mod generated {
    use super::support::{agree, generate::program};
    use proptest::prelude::*;
    use weft_syntax::{parse_file_with_oracle, FileId};

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

        /// Generated programs are valid (the oracle accepts them: this keeps
        /// the generator honest) and both parsers give the same tree.
        #[test]
        fn valid_programs_give_identical_trees(text in program()) {
            let oracle = parse_file_with_oracle(FileId(0), &text);
            prop_assert!(
                oracle.is_clean(),
                "the generator wrote an invalid program: {:?}\n{}",
                oracle.errors.iter().map(|e| &e.message).collect::<Vec<_>>(),
                text
            );
            if let Err(problem) = agree(&text) {
                prop_assert!(false, "{}\n--- text\n{}", problem, text);
            }
        }
    }
}
