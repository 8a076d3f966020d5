//! The time of each model check, of the Kafka name checks and of the whole
//! `check` on the generated project of N declarations (default 10,000):
//! each part runs R times (default 5); printed are the mean CPU time of a
//! run (from `/proc/self/schedstat`, which moves in scheduler ticks, hence
//! the mean) and the fastest wall-clock run. On a loaded machine the CPU
//! time is the figure to compare: a long part is always interrupted, a
//! short one sometimes not, so wall-clock times make long parts (large
//! models) look worse than they are. This measures one check's change
//! apart from the noise of the whole `check`:
//!
//! ```text
//! cargo run --release -p weft-bench --example check_split -- 10000 5
//! ```

use std::time::{Duration, Instant};
use weft_bench::generate::{generate, Config};
use weft_compiler::{check_with_threads, Origin, SourceMap};
use weft_targets::TargetSettings;

// The allocator `weft` ships (and `weft-bench` counts over): allocation
// costs differ enough between allocators to change which part looks slow.
#[global_allocator]
static ALLOCATOR: weft_bench::alloc::CountingAllocator = weft_bench::alloc::CountingAllocator;

/// The CPU time of this (single-threaded) process so far.
fn cpu_time() -> Duration {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// The mean CPU time and the fastest wall-clock time of `runs` runs of
/// `part`, in milliseconds.
fn measure<T>(runs: usize, mut part: impl FnMut() -> T) -> (f64, f64) {
    let mut fastest = Duration::MAX;
    let cpu_start = cpu_time();
    for _ in 0..runs {
        let start = Instant::now();
        let result = part();
        fastest = fastest.min(start.elapsed());
        drop(result);
    }
    let cpu = cpu_time().saturating_sub(cpu_start);
    (
        cpu.as_secs_f64() * 1000.0 / runs as f64,
        fastest.as_secs_f64() * 1000.0,
    )
}

fn main() {
    let mut args = std::env::args().skip(1);
    let size = args
        .next()
        .and_then(|arg| arg.replace('_', "").parse::<usize>().ok())
        .unwrap_or(10_000);
    let runs = args
        .next()
        .and_then(|arg| arg.parse::<usize>().ok())
        .unwrap_or(5)
        .max(1);
    let project = generate(&Config::new(size));
    let mut sources = SourceMap::with_stdlib();
    for file in &project.files {
        sources.add(file.path.clone(), file.text.clone(), Origin::Project);
    }
    let result = check_with_threads(&sources, 1);
    let model = &result.model;
    println!(
        "| part of `check`, {size} declarations | CPU ms, mean of {runs} | wall ms, fastest |"
    );
    println!("| --- | ---: | ---: |");
    let (mut total_cpu, mut total_wall) = (0.0, 0.0);
    for (name, check) in weft_compiler::checks::CHECKS {
        let (cpu, wall) = measure(runs, || check(model));
        total_cpu += cpu;
        total_wall += wall;
        println!("| {name} | {cpu:.2} | {wall:.2} |");
    }
    println!("| **model checks** | **{total_cpu:.2}** | **{total_wall:.2}** |");
    let settings = TargetSettings::default();
    let (cpu, wall) = measure(runs, || {
        weft_targets::kafka::check(model, &settings, weft_syntax::Span::default())
    });
    println!("| Kafka name checks | {cpu:.2} | {wall:.2} |");
    let (cpu, wall) = measure(runs, || check_with_threads(&sources, 1));
    println!("| whole `check` | {cpu:.2} | {wall:.2} |");
}
