//! The time of each model check, of the Kafka name checks and of the rest
//! of `check` (sorting the findings) on the generated project of N
//! declarations (default 10,000): each part runs R times (default 5) and
//! the fastest wall-clock time is printed, so that one check's change can
//! be measured apart from the noise of the whole `check`:
//!
//! ```text
//! cargo run --release -p weft-bench --example check_split -- 10000 5
//! ```

use std::time::{Duration, Instant};
use weft_bench::generate::{generate, Config};
use weft_compiler::{check_with_threads, Origin, SourceMap};
use weft_targets::TargetSettings;

/// The fastest of `runs` runs of `part`, in milliseconds.
fn fastest<T>(runs: usize, mut part: impl FnMut() -> T) -> f64 {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        let result = part();
        best = best.min(start.elapsed());
        drop(result);
    }
    best.as_secs_f64() * 1000.0
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
    println!("| part of `check`, {size} declarations | fastest of {runs}, ms |");
    println!("| --- | ---: |");
    let mut total = 0.0;
    for (name, check) in weft_compiler::checks::CHECKS {
        let ms = fastest(runs, || check(model));
        total += ms;
        println!("| {name} | {ms:.2} |");
    }
    println!("| **model checks** | **{total:.2}** |");
    let settings = TargetSettings::default();
    let kafka = fastest(runs, || {
        weft_targets::kafka::check(model, &settings, weft_syntax::Span::default())
    });
    println!("| Kafka name checks | {kafka:.2} |");
    let all = fastest(runs, || check_with_threads(&sources, 1));
    println!("| whole `check` | {all:.2} |");
}
