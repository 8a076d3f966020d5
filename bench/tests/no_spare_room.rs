//! The resolver shrinks each declaration's lists as the pass that finishes
//! it is done with it, instead of walking the whole model to do so (a walk
//! that missed the cache at every node). This holds it to the walk: on a
//! checked model, the full walk (`Model::shrink_to_fit`) finds no spare
//! room left to give back, so a pass that adds to a list after it was
//! shrunk, or a kind of declaration no pass shrinks, fails here.

use std::path::Path;
use weft_bench::alloc::{self, CountingAllocator};
use weft_bench::generate::{generate, Config};
use weft_compiler::{check_with_threads, Origin, SourceMap};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// The bytes a full walk gives back on the checked model of `sources`.
fn spare_room(name: &str, sources: &SourceMap) -> isize {
    // One thread: the allocator counts per thread.
    let mut result = check_with_threads(sources, 1);
    assert!(!result.has_errors(), "{name}: {:#?}", result.diagnostics);
    let before = alloc::current();
    result.model.shrink_to_fit();
    before - alloc::current()
}

/// A project's `weft.toml` and `.weft` files, by their paths under `root`.
fn project(root: &Path) -> SourceMap {
    let mut sources = SourceMap::with_stdlib();
    let mut pending = vec![root.to_path_buf()];
    let mut files = Vec::new();
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("project readable") {
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
    for path in files {
        let relative = path.strip_prefix(root).expect("under the root");
        let text = std::fs::read_to_string(&path).expect("file readable");
        sources.add(relative.display().to_string(), text, Origin::Project);
    }
    sources
}

#[test]
fn a_checked_model_has_no_spare_room_left() {
    let generated = generate(&Config::new(2_000));
    let mut sources = SourceMap::with_stdlib();
    for file in &generated.files {
        sources.add(file.path.clone(), file.text.clone(), Origin::Project);
    }
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let projects = [
        ("the generated project".to_string(), sources),
        (
            "examples/acme-plant".to_string(),
            project(&repository.join("examples/acme-plant")),
        ),
        (
            "the statemachine fixture".to_string(),
            project(&repository.join("tests/fixtures/statemachine/every_step")),
        ),
        // Each kind of declaration with a list of one `@alias`, which grows
        // from empty and so has spare room until it is shrunk.
        (
            "tests/fixtures/shrink/aliases".to_string(),
            project(&repository.join("tests/fixtures/shrink/aliases")),
        ),
    ];
    for (name, sources) in &projects {
        assert_eq!(
            spare_room(name, sources),
            0,
            "{name}: a walk over the checked model gave back spare room the passes left"
        );
    }
}
