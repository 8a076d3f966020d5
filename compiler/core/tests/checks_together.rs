//! `checks::run` runs the parts of some checks that read one workflow at a
//! time together, workflow by workflow; its findings must be those of the
//! checks of `checks::CHECKS` run one after the other, in the same order.
//! Held on every check fixture, on all the error fixtures in one project
//! (which finds something in every check, so that the order between the
//! checks counts), and on the examples.

use std::path::{Path, PathBuf};
use weft_compiler::checks::{run, CHECKS};
use weft_compiler::{check, Origin, SourceMap};

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `.weft` files and `weft.toml` under `root`, sorted.
fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut pending = vec![root.to_path_buf()];
    let mut files = Vec::new();
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "weft")
                || path.file_name().is_some_and(|name| name == "weft.toml")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn assert_same_findings(name: &str, sources: &SourceMap) {
    let result = check(sources);
    let together = run(&result.model);
    let one_by_one: Vec<_> = CHECKS
        .iter()
        .flat_map(|(_, check)| check(&result.model))
        .collect();
    assert_eq!(together, one_by_one, "{name}");
}

#[test]
fn the_checks_together_find_what_they_find_one_by_one() {
    let mut found = 0;
    for kind in ["ok", "err"] {
        for path in files_under(&repository().join("tests/fixtures/check").join(kind)) {
            let name = path.display().to_string();
            let mut sources = SourceMap::with_stdlib();
            let text = std::fs::read_to_string(&path).expect("fixture readable");
            sources.add(name.clone(), text, Origin::Project);
            found += run(&check(&sources).model).len();
            assert_same_findings(&name, &sources);
        }
    }
    // The comparison means something only if the checks find things.
    assert!(found > 100, "the fixtures gave only {found} findings");
    // One fixture finds things in one or two checks; all of them in one
    // project (each in a package of its own) find things in every check,
    // so that the order between the checks is compared too.
    let mut sources = SourceMap::with_stdlib();
    for (index, path) in files_under(&repository().join("tests/fixtures/check/err"))
        .iter()
        .enumerate()
    {
        let text = std::fs::read_to_string(path).expect("fixture readable");
        let text = text.replacen("package demo\n", &format!("package demo{index}\n"), 1);
        sources.add(format!("err{index}.weft"), text, Origin::Project);
    }
    assert_same_findings("every error fixture together", &sources);
    for example in ["examples/acme-plant", "examples/broken-plant"] {
        let root = repository().join(example);
        let mut sources = SourceMap::with_stdlib();
        for path in files_under(&root) {
            let relative = path.strip_prefix(&root).expect("under the root");
            let text = std::fs::read_to_string(&path).expect("file readable");
            sources.add(relative.display().to_string(), text, Origin::Project);
        }
        assert_same_findings(example, &sources);
    }
}
