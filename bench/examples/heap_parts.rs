//! What holds the heap: the syntax trees of the generated project of N
//! declarations (default 10,000) while they live, then what a finished
//! `check` keeps. The project is parsed and its trees dropped, then checked
//! on one thread, then each part of the `CheckResult` is dropped in turn;
//! each row is the bytes the counting allocator sees freed. The table "What
//! holds the memory" in `docs/performance.md` comes from it:
//!
//! ```text
//! cargo run --release -p weft-bench --example heap_parts -- 10000
//! ```

use weft_bench::alloc::{self, CountingAllocator};
use weft_bench::generate::{generate, Config};
use weft_compiler::{check_with_threads, Origin, SourceMap};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Drops `part` and prints how many bytes that freed.
fn release<T>(label: &str, part: T) {
    let before = alloc::current();
    drop(part);
    let freed = alloc::above(before, alloc::current());
    println!("| {label} | {:.1} |", mib(freed));
}

fn main() {
    let size = std::env::args()
        .nth(1)
        .and_then(|arg| arg.replace('_', "").parse::<usize>().ok())
        .unwrap_or(10_000);
    let project = generate(&Config::new(size));
    let mut sources = SourceMap::with_stdlib();
    for file in &project.files {
        sources.add(file.path.clone(), file.text.clone(), Origin::Project);
    }
    // `check` drops each tree once resolution is done with it: the trees
    // are measured on their own, all alive at once as after parsing.
    let trees: Vec<_> = sources
        .files()
        .filter(|file| file.is_weft())
        .map(|file| weft_syntax::parse_file(file.id, &file.text))
        .collect();
    println!("| {size} declarations | MiB |");
    println!("| --- | ---: |");
    release("syntax trees, all files, after parsing", trees);
    let base = alloc::current();
    let result = check_with_threads(&sources, 1);
    let total = alloc::above(alloc::current(), base);
    release("diagnostics", result.diagnostics);
    release(
        "trees kept by `check` (`CheckResult::parsed`)",
        result.parsed,
    );
    let model = result.model;
    release("model.domains", model.domains);
    release("model.systems", model.systems);
    release("model.types", model.types);
    release("model.entities", model.entities);
    release("model.events", model.events);
    release("model.apis", model.apis);
    release("model.policies", model.policies);
    release("model.workflows", model.workflows);
    release("model.tests", model.tests);
    release("model.names", model.names);
    release("model.references", model.references);
    release("model.index", model.index);
    println!("| **what `check` keeps, total** | **{:.1}** |", mib(total));
}
