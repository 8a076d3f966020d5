//! Parse throughput of the hand-written parser (and, for comparison, the
//! pest oracle and the lexer alone), and the time to re-parse one
//! declaration of a long file. A measurement, not a test: nothing is
//! asserted.
//!
//! ```text
//! cargo run --release -p weft-syntax --example parse_speed -- DIR [RUNS]
//! ```
//!
//! `DIR` holds `.weft` files, for example a project written by
//! `cargo run --release -p weft-bench -- --sizes 10000 --write DIR`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use weft_syntax::{
    declaration_ranges, lexer::tokenize, parse_declaration, parse_file, parse_file_with_oracle,
    FileId,
};

fn weft_files(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            weft_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "weft") {
            out.push(path);
        }
    }
}

/// CPU time of this thread (from `/proc/thread-self/schedstat`, so that
/// other processes on a busy machine inflate it less), or wall-clock time
/// where the system does not provide it.
fn now() -> Duration {
    let cpu = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|stat| stat.split_whitespace().next()?.parse::<u64>().ok());
    match cpu {
        Some(nanos) => Duration::from_nanos(nanos),
        None => EPOCH.with(|epoch| epoch.elapsed()),
    }
}

thread_local! {
    static EPOCH: Instant = Instant::now();
}

/// The fastest of `runs` runs of `work`.
fn best(runs: usize, mut work: impl FnMut()) -> Duration {
    (0..runs.max(1))
        .map(|_| {
            let start = now();
            work();
            now().saturating_sub(start)
        })
        .min()
        .unwrap_or_default()
}

fn mib_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / (1024.0 * 1024.0) / time.as_secs_f64()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: parse_speed DIR [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|runs| runs.parse().ok()).unwrap_or(5);
    let mut paths = Vec::new();
    weft_files(Path::new(&dir), &mut paths);
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let lines: usize = texts.iter().map(|text| text.lines().count()).sum();
    println!(
        "{} files, {lines} lines, {:.1} MiB",
        texts.len(),
        bytes as f64 / 1048576.0
    );

    let mut errors = 0;
    let parse = best(runs, || {
        errors = texts
            .iter()
            .map(|text| parse_file(FileId(0), text).errors.len())
            .sum();
    });
    println!(
        "parse_file:            {:8.1} ms  {:7.1} MiB/s  ({errors} errors)",
        parse.as_secs_f64() * 1e3,
        mib_per_s(bytes, parse)
    );
    if std::env::var_os("PARSE_ONLY").is_some() {
        // For profiling the parser alone.
        return;
    }
    let lex = best(runs, || {
        let tokens: usize = texts.iter().map(|text| tokenize(text).len()).sum();
        std::hint::black_box(tokens);
    });
    println!(
        "lexer alone:           {:8.1} ms  {:7.1} MiB/s",
        lex.as_secs_f64() * 1e3,
        mib_per_s(bytes, lex)
    );
    let oracle = best(1, || {
        for text in &texts {
            std::hint::black_box(parse_file_with_oracle(FileId(0), text));
        }
    });
    println!(
        "parse_file_with_oracle:{:8.1} ms  {:7.1} MiB/s",
        oracle.as_secs_f64() * 1e3,
        mib_per_s(bytes, oracle)
    );

    // One long file of at least 10,000 lines: the editor's case.
    let mut long = String::new();
    for text in &texts {
        if long.lines().count() >= 10_000 {
            break;
        }
        long.push_str(text);
        long.push('\n');
    }
    let ranges = declaration_ranges(&long);
    let middle = ranges[ranges.len() / 2].clone();
    let repeats = 20_000;
    let one = best(runs, || {
        for _ in 0..repeats {
            std::hint::black_box(parse_declaration(
                FileId(0),
                &long[middle.clone()],
                middle.start,
            ));
        }
    }) / repeats;
    let find = best(runs, || {
        for _ in 0..50 {
            std::hint::black_box(declaration_ranges(&long));
        }
    }) / 50;
    let full = best(runs, || {
        for _ in 0..20 {
            std::hint::black_box(parse_file(FileId(0), &long));
        }
    }) / 20;
    println!(
        "{}-line file: re-parse one declaration {:.1} µs, find declarations {:.2} ms, full parse {:.2} ms",
        long.lines().count(),
        one.as_secs_f64() * 1e6,
        find.as_secs_f64() * 1e3,
        full.as_secs_f64() * 1e3
    );
}
