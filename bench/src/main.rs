//! `weft-bench`: times parsing and checking of generated projects.
//!
//! ```text
//! cargo run --release -p weft-bench -- [--sizes 1000,10000,100000] [--runs 3] [--json]
//!                                      [--write DIR] [--seed N] [--no-build]
//! cargo run --release -p weft-bench -- --fresh-check N [--seed N]   # one fresh check, one line
//! ```
//!
//! For each size N it generates a project of N declarations in memory (see
//! `weft_bench::generate`), adds it to a `SourceMap` with the standard
//! library, and measures, per phase:
//!
//! - **parse**: `weft_syntax::parse_file` on every weft file (stdlib
//!   included);
//! - **resolve**: `weft_compiler::resolve::resolve` on those trees;
//! - **checks**: `weft_compiler::checks::run` on the resolved model;
//! - **check**: the whole `weft_compiler::check_with_threads(&sources, 1)`
//!   call, which does all of the above again on one thread (plus the
//!   manifest and sorting the findings): it is the total a user waits for,
//!   on one core;
//! - **check, fresh process**: the same `check` in a process of its own
//!   (this program, run again with `--fresh-check N`), which has interned
//!   no names and has returned the memory generating the project took:
//!   what one `weft check` meets, where the runs in one process find the
//!   name table filled and freed pages to reuse. Its page faults are
//!   counted too (Linux): the fresh pages it touches, a figure the host's
//!   load does not change, where their cost changes with it. Each such
//!   process then probes the host (`weft_bench::host`): what a fresh page
//!   and a load from memory cost it at that moment (the last two columns),
//!   which tell a slow hour of a shared machine from slower code;
//! - **build**: `weft_compiler::build` with every target on a check's
//!   result: the artefacts in memory, as `weft build` makes them before
//!   writing (writing is measured by `weft build` itself, see
//!   `docs/performance.md`). Builds are timed after all the runs of the
//!   phases above, so that no `check` pays for returning the memory a
//!   build has just freed;
//! - **check wall (all cores)**: `weft_compiler::check(&sources)`, which
//!   parses the files on every core; wall-clock time only.
//!
//! `--shapes N` times, instead, the long single declarations of issue 15
//! item 11 at N and 10·N (steps of one workflow, symbols of one enum,
//! versions of one `BACKWARD_TRANSITIVE` event).
//!
//! Resolve and checks are called in one place only, [`later_phases`], so
//! that a change to the phase API is a change there.
//!
//! Times are the median of `--runs` runs (3 by default; a size whose first
//! `check` takes longer than 10 s runs once). They are the CPU time of the
//! process (`CLOCK_PROCESS_CPUTIME_ID`) where the system provides it, so
//! that other processes on the machine inflate them less; the wall-clock
//! time of `check` is reported next to it (JSON has both for every phase). Peak heap memory is measured with the
//! counting allocator (`weft_bench::alloc`): the peak is reset before each
//! phase and reported above what was allocated when the phase started, and
//! the reported peak is the highest of the runs. `check` runs first in
//! each run, so the first run's `check` also pays for the names it adds to
//! the process's table of interned names (which later phases and runs find
//! filled): for the figures of a size as a fresh `weft check` process sees
//! them, run that size alone (sizes run in one process share the table).
//! Output is a markdown table, or JSON with `--json`. `--write DIR` also
//! writes the generated project to `DIR` (to profile `weft check` on it).
//! Nothing is asserted: the speed target is reported, not enforced.

use std::process::ExitCode;
use std::time::{Duration, Instant};
use weft_bench::alloc::{self, CountingAllocator};
use weft_bench::generate::{generate, Config, Project};
use weft_bench::host;
use weft_compiler::manifest::{parse_manifest, MANIFEST_FILE};
use weft_compiler::{check_with_threads, Origin, SourceMap};
use weft_syntax::{parse_file, ParsedFile, Severity};
use weft_targets::TargetName;

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// A first `check` longer than this makes a size run only once.
const LONG_RUN: Duration = Duration::from_secs(10);

struct Options {
    sizes: Vec<usize>,
    runs: usize,
    json: bool,
    write: Option<String>,
    seed: Option<u64>,
    shapes: Option<usize>,
    /// Skip the `build` phase (it takes ten times as long as `check`), to
    /// measure or profile the front end alone.
    no_build: bool,
    /// Only time one fresh `check` of this size (the child process of
    /// [`fresh_checks`]).
    fresh_check: Option<usize>,
}

fn usage() -> &'static str {
    "usage: weft-bench [--sizes 1000,10000,100000] [--runs 3] [--json] [--write DIR] [--seed N] [--shapes N] [--no-build]"
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        sizes: vec![1_000, 10_000, 100_000],
        runs: 3,
        json: false,
        write: None,
        seed: None,
        shapes: None,
        no_build: false,
        fresh_check: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--sizes" => {
                options.sizes = value("--sizes")?
                    .split(',')
                    .map(|size| size.trim().replace('_', "").parse::<usize>())
                    .collect::<Result<_, _>>()
                    .map_err(|error| format!("--sizes: {error}"))?;
            }
            "--runs" => {
                options.runs = value("--runs")?
                    .parse::<usize>()
                    .map_err(|error| format!("--runs: {error}"))?
                    .max(1);
            }
            "--seed" => {
                options.seed = Some(
                    value("--seed")?
                        .parse::<u64>()
                        .map_err(|error| format!("--seed: {error}"))?,
                );
            }
            "--write" => options.write = Some(value("--write")?),
            "--shapes" => {
                options.shapes = Some(
                    value("--shapes")?
                        .replace('_', "")
                        .parse::<usize>()
                        .map_err(|error| format!("--shapes: {error}"))?,
                );
            }
            FRESH_CHECK => {
                options.fresh_check = Some(
                    value(FRESH_CHECK)?
                        .parse::<usize>()
                        .map_err(|error| format!("{FRESH_CHECK}: {error}"))?,
                );
            }
            "--json" => options.json = true,
            "--no-build" => options.no_build = true,
            "-h" | "--help" => return Err(usage().to_string()),
            other => return Err(format!("unknown argument `{other}`\n{}", usage())),
        }
    }
    Ok(options)
}

/// Time and memory of one phase in one run.
#[derive(Clone, Copy, Debug, Default)]
struct Phase {
    /// Wall-clock time.
    wall: Duration,
    /// Time the process spent on a CPU, where the system tells
    /// ([`cpu_time`]); unlike wall-clock time it does not count the time
    /// other processes had the core.
    cpu: Option<Duration>,
    /// Peak heap bytes above what was allocated when the phase started.
    peak: usize,
}

impl Phase {
    /// The time reported: CPU time where known, else wall-clock time.
    fn time(&self) -> Duration {
        self.cpu.unwrap_or(self.wall)
    }
}

/// The time this process has spent on a CPU so far
/// (`CLOCK_PROCESS_CPUTIME_ID` through the `cpu-time` crate: exact to the
/// nanosecond, where `/proc/self/schedstat` only moves at scheduler ticks of
/// a few milliseconds). Every measured phase runs on one thread, so this is
/// the measuring thread's time; `None` where the system has no such clock.
fn cpu_time() -> Option<Duration> {
    cpu_time::ProcessTime::try_now()
        .ok()
        .map(|now| now.as_duration())
}

/// Runs `work` as one phase: resets the peak, times it, and returns its
/// result with the phase's figures. The result is dropped by the caller,
/// after the measurement.
fn measure<T>(work: impl FnOnce() -> T) -> (T, Phase) {
    let base = alloc::current();
    alloc::reset_peak();
    let cpu_start = cpu_time();
    let start = Instant::now();
    let value = work();
    let wall = start.elapsed();
    let cpu = cpu_start
        .zip(cpu_time())
        .map(|(start, end)| end.saturating_sub(start));
    let peak = alloc::above(alloc::peak(), base);
    (value, Phase { wall, cpu, peak })
}

/// Resolve and checks, timed one after the other on the parsed trees.
struct LaterPhases {
    resolve: Phase,
    checks: Phase,
    errors: usize,
}

/// THE PHASE API — the single place that calls the compiler's phases after
/// parsing (`resolve::resolve`, then `checks::run`). Add a phase here (and
/// a field to [`LaterPhases`], a column to the table) when the compiler
/// grows one; change it here when a signature changes.
fn later_phases(sources: &SourceMap, parsed: &[ParsedFile]) -> LaterPhases {
    let manifest = sources
        .files()
        .find(|file| file.origin == Origin::Project && file.name.ends_with(MANIFEST_FILE))
        .and_then(|file| parse_manifest(file.id, &file.text).ok());
    let ((model, resolve_diagnostics), resolve) =
        measure(|| weft_compiler::resolve::resolve(parsed, manifest.as_ref()));
    let (check_diagnostics, checks) = measure(|| weft_compiler::checks::run(&model));
    let errors = resolve_diagnostics
        .iter()
        .chain(&check_diagnostics)
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .count();
    drop(check_diagnostics);
    drop(resolve_diagnostics);
    drop(model);
    LaterPhases {
        resolve,
        checks,
        errors,
    }
}

/// The figures of one run.
#[derive(Clone, Copy, Debug, Default)]
struct Run {
    parse: Phase,
    resolve: Phase,
    checks: Phase,
    check: Phase,
    /// Wall-clock time of `check` with parsing on every core.
    parallel_wall: Duration,
    /// Errors found by the separately timed phases.
    parse_errors: usize,
    check_errors: usize,
    check_warnings: usize,
}

fn run_once(sources: &SourceMap) -> Run {
    // `check` first: the names it interns stay in the process's table
    // (`weft_base::Name`), so the first run's `check` pays for
    // the table as a `weft check` process does, and its peak counts it.
    let (result, check) = measure(|| check_with_threads(sources, 1));
    let check_errors = result.count(Severity::Error);
    let check_warnings = result.count(Severity::Warning);
    drop(result);

    let (parsed, parse) = measure(|| {
        sources
            .files()
            .filter(|file| file.is_weft())
            .map(|file| parse_file(file.id, &file.text))
            .collect::<Vec<ParsedFile>>()
    });
    let parse_errors: usize = parsed.iter().map(|file| file.errors.len()).sum();
    let later = later_phases(sources, &parsed);
    drop(parsed);

    let start = Instant::now();
    let parallel = weft_compiler::check(sources);
    let parallel_wall = start.elapsed();
    drop(parallel);
    Run {
        parse,
        resolve: later.resolve,
        checks: later.checks,
        check,
        parallel_wall,
        parse_errors: parse_errors + later.errors,
        check_errors,
        check_warnings,
    }
}

/// The figures of one size: medians over the runs.
struct Row {
    declarations: usize,
    domains: usize,
    files: usize,
    lines: usize,
    bytes: usize,
    runs: usize,
    parse: Phase,
    resolve: Phase,
    checks: Phase,
    check: Phase,
    /// `check` in a fresh process ([`fresh_checks`]).
    fresh_check: Phase,
    /// The page faults of that `check` (the median), where the system
    /// counts them.
    fresh_faults: Option<u64>,
    /// What the host gave those processes (medians).
    host: Host,
    build: Phase,
    build_files: usize,
    parallel_wall: Duration,
    phase_errors: usize,
    check_errors: usize,
    check_warnings: usize,
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

fn median_float(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or_default()
}

/// The median of counts, if every run has one.
fn median_count(counts: Vec<Option<u64>>) -> Option<u64> {
    let mut counts: Vec<u64> = counts.into_iter().collect::<Option<_>>()?;
    counts.sort_unstable();
    counts.get(counts.len() / 2).copied()
}

fn median_phase(phases: Vec<Phase>) -> Phase {
    let peak = phases.iter().map(|phase| phase.peak).max().unwrap_or(0);
    let cpu = if phases.iter().all(|phase| phase.cpu.is_some()) {
        Some(median(
            phases.iter().filter_map(|phase| phase.cpu).collect(),
        ))
    } else {
        None
    };
    Phase {
        wall: median(phases.iter().map(|phase| phase.wall).collect()),
        cpu,
        peak,
    }
}

fn sources_of(project: &Project) -> SourceMap {
    let mut sources = SourceMap::with_stdlib();
    for file in &project.files {
        sources.add(file.path.clone(), file.text.clone(), Origin::Project);
    }
    sources
}

fn write_project(project: &Project, dir: &str) -> std::io::Result<()> {
    for file in &project.files {
        let path = std::path::Path::new(dir).join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, &file.text)?;
    }
    Ok(())
}

fn measure_size(size: usize, options: &Options) -> Result<Row, String> {
    let mut config = Config::new(size);
    if let Some(seed) = options.seed {
        config.seed = seed;
    }
    let project = generate(&config);
    if let Some(dir) = &options.write {
        let dir = format!("{dir}/n{size}");
        write_project(&project, &dir).map_err(|error| format!("cannot write {dir}: {error}"))?;
        eprintln!("wrote {dir}");
    }
    let sources = sources_of(&project);
    let mut runs = Vec::new();
    for index in 0..options.runs {
        let run = run_once(&sources);
        eprintln!(
            "n={size} run {}: parse {:.1} ms, resolve {:.1} ms, checks {:.1} ms, check {:.1} ms, \
             check wall on all cores {:.1} ms",
            index + 1,
            millis(run.parse.time()),
            millis(run.resolve.time()),
            millis(run.checks.time()),
            millis(run.check.time()),
            millis(run.parallel_wall)
        );
        let long = run.check.wall > LONG_RUN;
        runs.push(run);
        if long {
            break;
        }
    }
    // After every run of the phases above, so that no `check` is timed
    // while the allocator returns the half gigabyte (at 10,000) a build
    // has just freed: a `check` right after a build took 10-50% longer.
    let (builds, build_files) = if options.no_build {
        (Vec::new(), 0)
    } else {
        builds(&sources, runs.len())?
    };
    let fresh = fresh_checks(size, options, runs.len())?;
    let last = runs.last().copied().unwrap_or_default();
    Ok(Row {
        declarations: project.declarations,
        domains: project.domains,
        files: project.weft_files().count(),
        lines: project.weft_lines(),
        bytes: project.weft_bytes(),
        runs: runs.len(),
        parse: median_phase(runs.iter().map(|run| run.parse).collect()),
        resolve: median_phase(runs.iter().map(|run| run.resolve).collect()),
        checks: median_phase(runs.iter().map(|run| run.checks).collect()),
        check: median_phase(runs.iter().map(|run| run.check).collect()),
        fresh_check: median_phase(fresh.iter().map(|check| check.phase).collect()),
        fresh_faults: median_count(fresh.iter().map(|check| check.faults).collect()),
        host: Host {
            page_nanos: median_float(fresh.iter().map(|check| check.host.page_nanos).collect()),
            load_nanos: median_float(fresh.iter().map(|check| check.host.load_nanos).collect()),
        },
        build: median_phase(builds),
        build_files,
        parallel_wall: median(runs.iter().map(|run| run.parallel_wall).collect()),
        phase_errors: last.parse_errors,
        check_errors: last.check_errors,
        check_warnings: last.check_warnings,
    })
}

/// `build` with every target, `count` times, on the result of one `check`
/// (not timed); with the number of files it generated. A build that fails
/// is an error, not a time: a refused target generates nothing and would
/// be timed as a faster build. The memory the builds freed is returned to
/// the system before the next size's runs (as a `weft build` process
/// returns it at its exit), so that their `check` does not pay for it.
fn builds(sources: &SourceMap, count: usize) -> Result<(Vec<Phase>, usize), String> {
    let result = check_with_threads(sources, 1);
    let mut files = 0;
    let mut phases = Vec::with_capacity(count);
    for _ in 0..count {
        let (built, build) = measure(|| weft_compiler::build(&result, &TargetName::ALL));
        let manifest =
            built.map_err(|error| format!("the generated project does not build: {error:?}"))?;
        files = manifest.files().count();
        phases.push(build);
    }
    drop(result);
    weft_alloc::return_freed_memory();
    Ok((phases, files))
}

/// The option that makes this program time one fresh `check` and exit
/// (see [`fresh_check_child`]).
const FRESH_CHECK: &str = "--fresh-check";

/// `check` as a fresh `weft check` process meets it, `count` times: each
/// in a process of its own (this program again, with [`FRESH_CHECK`]),
/// where nothing has been interned and no freed memory waits to be reused.
/// The runs above share one process, so from the second on their `check`
/// finds the name table filled and its pages already mapped.
fn fresh_checks(size: usize, options: &Options, count: usize) -> Result<Vec<FreshCheck>, String> {
    let program =
        std::env::current_exe().map_err(|error| format!("cannot find myself: {error}"))?;
    (0..count)
        .map(|_| {
            let mut command = std::process::Command::new(&program);
            command.args([FRESH_CHECK, &size.to_string()]);
            if let Some(seed) = options.seed {
                command.args(["--seed", &seed.to_string()]);
            }
            let output = command
                .output()
                .map_err(|error| format!("cannot run {}: {error}", program.display()))?;
            let text = String::from_utf8_lossy(&output.stdout);
            parse_fresh_check(&text).ok_or_else(|| {
                format!(
                    "the fresh check of {size} declarations failed: {}",
                    String::from_utf8_lossy(&output.stderr)
                )
            })
        })
        .collect()
}

/// The line [`fresh_check_child`] prints: wall, CPU (or `-`), peak, page
/// faults (or `-`), and the host's nanoseconds a fresh page and a memory
/// load.
fn parse_fresh_check(line: &str) -> Option<FreshCheck> {
    let mut fields = line.split_whitespace();
    let wall = Duration::from_nanos(fields.next()?.parse().ok()?);
    let cpu = match fields.next()? {
        "-" => None,
        nanos => Some(Duration::from_nanos(nanos.parse().ok()?)),
    };
    let peak = fields.next()?.parse().ok()?;
    let faults = match fields.next()? {
        "-" => None,
        count => Some(count.parse().ok()?),
    };
    let page_nanos = fields.next()?.parse().ok()?;
    let load_nanos = fields.next()?.parse().ok()?;
    Some(FreshCheck {
        phase: Phase { wall, cpu, peak },
        faults,
        host: Host {
            page_nanos,
            load_nanos,
        },
    })
}

/// One fresh process's `check` ([`fresh_check_child`]).
struct FreshCheck {
    phase: Phase,
    /// Its page faults, where the system counts them.
    faults: Option<u64>,
    host: Host,
}

/// What the host gave a process ([`host`]), in nanoseconds.
#[derive(Clone, Copy, Default)]
struct Host {
    /// A fresh page (the fault that maps it in, and zeroing it).
    page_nanos: f64,
    /// A load from memory larger than a core's own caches.
    load_nanos: f64,
}

/// The page faults of this process so far (Linux: the `minflt` field of
/// `/proc/self/stat`): each is a page the kernel mapped in fresh, which a
/// fresh process pays for every page it touches and whose cost, unlike
/// their number, changes with the host's load.
fn minor_faults() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // After the command name, which may hold spaces and parentheses:
    // state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt.
    let (_, fields) = stat.rsplit_once(')')?;
    fields.split_whitespace().nth(7)?.parse().ok()
}

/// The child of [`fresh_checks`]: generates the project of `size`
/// declarations, returns the memory that took and freed to the system (a
/// `weft check` process starts with only the files it read), times one
/// `check` on one thread, probes the host ([`host`]) and prints the
/// figures on one line.
fn fresh_check_child(size: usize, seed: Option<u64>) -> ExitCode {
    let mut config = Config::new(size);
    if let Some(seed) = seed {
        config.seed = seed;
    }
    let sources = sources_of(&generate(&config));
    weft_alloc::return_freed_memory();
    let before = minor_faults();
    let (result, check) = measure(|| check_with_threads(&sources, 1));
    let faults = before
        .zip(minor_faults())
        .map(|(before, after)| after.saturating_sub(before));
    drop(result);
    // What the host gave this process, right after its `check`: with the
    // memory returned, the fault probe's pages are fresh again.
    weft_alloc::return_freed_memory();
    let page = host::fresh_page_nanos(host::FAULT_PROBE_BYTES);
    let load = host::memory_load_nanos(host::LATENCY_PROBE_BYTES);
    let cpu = check
        .cpu
        .map_or_else(|| "-".to_string(), |cpu| cpu.as_nanos().to_string());
    let faults = faults.map_or_else(|| "-".to_string(), |faults| faults.to_string());
    println!(
        "{} {cpu} {} {faults} {page:.1} {load:.1}",
        check.wall.as_nanos(),
        check.peak
    );
    ExitCode::SUCCESS
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn micros_per(duration: Duration, count: usize) -> f64 {
    duration.as_secs_f64() * 1_000_000.0 / count.max(1) as f64
}

fn per_second(duration: Duration, count: usize) -> f64 {
    count as f64 / duration.as_secs_f64().max(f64::MIN_POSITIVE)
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// The processor's model and, where the system reports it, its clock:
/// hosts of one model have run the same binary at twice the time of
/// another when their clocks differed (`docs/performance.md`), so a table
/// is read with both.
fn cpu_model() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field = |name: &str| {
        info.lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split(':').nth(1))
            .map(str::trim)
    };
    let model = field("model name").unwrap_or("unknown CPU");
    match field("cpu MHz").and_then(|mhz| mhz.parse::<f64>().ok()) {
        Some(mhz) => format!("{model} at {mhz:.0} MHz"),
        None => model.to_string(),
    }
}

fn print_table(rows: &[Row]) {
    let clock = if rows.iter().all(|row| row.check.cpu.is_some()) {
        "CPU time of the process"
    } else {
        "wall-clock time"
    };
    println!(
        "CPU: {} (phases on one thread); times are {clock}",
        cpu_model()
    );
    println!();
    println!(
        "| declarations | files | lines | MiB | runs \
         | parse ms | parse MiB/s | resolve ms | checks ms | check (total) ms | check µs/decl \
         | decl/s (check) | check, fresh process ms | fresh process page faults \
         | build ms | generated files | check wall, all cores ms \
         | host: µs a fresh page | host: ns a memory load |"
    );
    println!("|{}", " ---: |".repeat(19));
    for row in rows {
        // `--no-build`: no build figures rather than zeros.
        let built = !row.build.wall.is_zero();
        let (build_ms, build_files) = if built {
            (
                format!("{:.1}", millis(row.build.time())),
                row.build_files.to_string(),
            )
        } else {
            ("—".to_string(), "—".to_string())
        };
        let faults = row
            .fresh_faults
            .map_or_else(|| "—".to_string(), |faults| faults.to_string());
        println!(
            "| {} | {} | {} | {:.1} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.2} | {:.0} \
             | {:.1} | {faults} | {build_ms} | {build_files} | {:.1} | {:.2} | {:.0} |",
            row.declarations,
            row.files,
            row.lines,
            mib(row.bytes),
            row.runs,
            millis(row.parse.time()),
            mib(row.bytes) / row.parse.time().as_secs_f64().max(f64::MIN_POSITIVE),
            millis(row.resolve.time()),
            millis(row.checks.time()),
            millis(row.check.time()),
            micros_per(row.check.time(), row.declarations),
            per_second(row.check.time(), row.declarations),
            millis(row.fresh_check.time()),
            millis(row.parallel_wall),
            row.host.page_nanos / 1000.0,
            row.host.load_nanos,
        );
    }
    println!();
    println!(
        "| declarations | parse peak MiB | resolve peak MiB | checks peak MiB \
         | check peak MiB | build peak MiB | errors | warnings |"
    );
    println!("|{}", " ---: |".repeat(8));
    for row in rows {
        let build_peak = if row.build.wall.is_zero() {
            "—".to_string()
        } else {
            format!("{:.1}", mib(row.build.peak))
        };
        println!(
            "| {} | {:.1} | {:.1} | {:.1} | {:.1} | {build_peak} | {} | {} |",
            row.declarations,
            mib(row.parse.peak),
            mib(row.resolve.peak),
            mib(row.checks.peak),
            mib(row.check.peak),
            row.check_errors,
            row.check_warnings,
        );
    }
}

/// `--shapes N`: each long single declaration at N and 10·N, timed and
/// measured as one `check` on one thread.
fn print_shapes(size: usize) {
    type Shape = (&'static str, fn(usize) -> String);
    let shapes: [Shape; 3] = [
        ("workflow steps", weft_bench::shapes::long_workflow),
        ("enum symbols", weft_bench::shapes::big_enum),
        ("event versions, BACKWARD_TRANSITIVE", |versions| {
            weft_bench::shapes::many_versions(versions, "BACKWARD_TRANSITIVE")
        }),
    ];
    println!("| shape | size | check ms | check peak MiB | errors |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (name, shape) in shapes {
        for n in [size, size * 10] {
            let mut sources = SourceMap::with_stdlib();
            sources.add(
                "weft.toml".to_string(),
                "[project]\nname = \"demo\"\nversion = \"0.1.0\"\n".to_string(),
                Origin::Project,
            );
            sources.add("main.weft".to_string(), shape(n), Origin::Project);
            let (result, phase) = measure(|| check_with_threads(&sources, 1));
            println!(
                "| {name} | {n} | {:.1} | {:.1} | {} |",
                millis(phase.time()),
                mib(phase.peak),
                result.count(Severity::Error)
            );
        }
    }
}

fn phase_json(phase: Phase, declarations: usize) -> serde_json::Value {
    serde_json::json!({
        "ms": millis(phase.time()),
        "wall_ms": millis(phase.wall),
        "cpu_ms": phase.cpu.map(millis),
        "us_per_declaration": micros_per(phase.time(), declarations),
        "peak_heap_bytes": phase.peak,
    })
}

fn print_json(rows: &[Row]) -> Result<(), String> {
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            serde_json::json!({
                "declarations": row.declarations,
                "domains": row.domains,
                "files": row.files,
                "lines": row.lines,
                "bytes": row.bytes,
                "runs": row.runs,
                "parse": phase_json(row.parse, row.declarations),
                "resolve": phase_json(row.resolve, row.declarations),
                "checks": phase_json(row.checks, row.declarations),
                "check": phase_json(row.check, row.declarations),
                "check_fresh_process": phase_json(row.fresh_check, row.declarations),
                "check_fresh_process_page_faults": row.fresh_faults,
                "host_fresh_page_us": row.host.page_nanos / 1000.0,
                "host_memory_load_ns": row.host.load_nanos,
                "build": phase_json(row.build, row.declarations),
                "build_files": row.build_files,
                "check_wall_all_cores_ms": millis(row.parallel_wall),
                "declarations_per_second": per_second(row.check.time(), row.declarations),
                "phase_errors": row.phase_errors,
                "check_errors": row.check_errors,
                "check_warnings": row.check_warnings,
            })
        })
        .collect();
    let document = serde_json::json!({ "cpu": cpu_model(), "sizes": rows });
    let text = serde_json::to_string_pretty(&document).map_err(|error| error.to_string())?;
    println!("{text}");
    Ok(())
}

fn main() -> ExitCode {
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    if let Some(size) = options.fresh_check {
        return fresh_check_child(size, options.seed);
    }
    if let Some(size) = options.shapes {
        print_shapes(size);
        return ExitCode::SUCCESS;
    }
    let mut rows = Vec::new();
    for &size in &options.sizes {
        match measure_size(size, &options) {
            Ok(row) => rows.push(row),
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(2);
            }
        }
    }
    for row in &rows {
        if row.phase_errors + row.check_errors > 0 {
            eprintln!(
                "warning: the generated project of {} declarations has errors ({} in the timed \
                 phases, {} from check)",
                row.declarations, row.phase_errors, row.check_errors
            );
        }
    }
    if options.json {
        if let Err(message) = print_json(&rows) {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    } else {
        print_table(&rows);
    }
    ExitCode::SUCCESS
}
