//! Issue 15, item 11: a workflow of many steps, an enum of many symbols and
//! an event of many versions cost memory in proportion to their size. The
//! peak heap of `check` (counted by the benchmark's allocator, installed
//! here) is compared between a size and ten times that size: linear growth
//! gives a ratio near 10, the quadratic behaviour these shapes had gives
//! about 100. No timing is involved.

use weft_bench::alloc::{self, CountingAllocator};
use weft_bench::shapes;
use weft_compiler::{check_with_threads, Origin, SourceMap};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// The peak heap of checking one file (parse trees, model and findings
/// included), above what was allocated before, and the error codes.
fn peak_of_check(text: String) -> (usize, Vec<String>) {
    let mut sources = SourceMap::with_stdlib();
    sources.add(
        "weft.toml".to_string(),
        "[project]\nname = \"demo\"\nversion = \"0.1.0\"\n".to_string(),
        Origin::Project,
    );
    sources.add("main.weft".to_string(), text, Origin::Project);
    let base = alloc::current();
    alloc::reset_peak();
    let result = check_with_threads(&sources, 1);
    let peak = alloc::above(alloc::peak(), base);
    let errors = result
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == weft_syntax::Severity::Error)
        .map(|diagnostic| diagnostic.code.as_str().to_string())
        .collect();
    (peak, errors)
}

/// Asserts that ten times the size takes less than `limit` times the memory.
fn grows_linearly(what: &str, shape: impl Fn(usize) -> String, small: usize, limit: f64) {
    let (small_peak, small_errors) = peak_of_check(shape(small));
    let (large_peak, large_errors) = peak_of_check(shape(small * 10));
    assert!(small_errors.is_empty(), "{what} {small}: {small_errors:?}");
    assert!(
        large_errors.is_empty(),
        "{what} {}: {large_errors:?}",
        small * 10
    );
    let ratio = large_peak as f64 / small_peak.max(1) as f64;
    assert!(
        ratio < limit,
        "{what}: {small} → {} took {small_peak} → {large_peak} bytes at peak (×{ratio:.1})",
        small * 10
    );
}

// One test, so that no other test allocates while a peak is measured.
// Sizes fit a debug build. The copied scopes took 8 bytes per readable
// variable per state, about 4·n² bytes at n steps: 400 MB at 10,000 against
// 4 MB at 1,000, a ratio near 100.
#[test]
fn long_shapes_take_linear_memory() {
    grows_linearly("workflow steps", shapes::long_workflow, 1_000, 20.0);
    grows_linearly("enum symbols", shapes::big_enum, 2_000, 20.0);
    grows_linearly(
        "event versions (BACKWARD_TRANSITIVE)",
        |versions| shapes::many_versions(versions, "BACKWARD_TRANSITIVE"),
        // The transitive history walks representatives (about two earlier
        // versions per version here), so the size is no longer held down
        // by quadratic time; the walks themselves are counted in
        // `compiler/compat/tests/history_linear.rs`.
        300,
        20.0,
    );
}
