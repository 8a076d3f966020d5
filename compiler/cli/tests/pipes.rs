//! Output that cannot be written never panics (exit 101). Every command is
//! run with its stdout, then its stderr, into a closed pipe (`… | head -1`)
//! and into `/dev/full` (a full disk):
//!
//! - a closed pipe ends quietly: the command runs on and exits with its
//!   normal code (so `set -o pipefail` still sees a failed check), and
//!   what it writes to the other stream is unchanged;
//! - any other write error is fatal: exit code 2, with a message on stderr
//!   when stdout is the stream that failed.

#![cfg(unix)]

mod support;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};

use support::{scratch, wait_guarded, WEFT};

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
        .display()
        .to_string()
}

/// Where a stream goes.
#[derive(Clone, Copy, Debug)]
enum Sink {
    /// A file, read afterwards.
    File,
    /// A pipe whose reading end is closed before weft starts: every write
    /// fails with EPIPE, deterministically.
    ClosedPipe,
    /// `/dev/full`: every write fails with ENOSPC.
    Full,
}

struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

fn sink(kind: Sink, file: &Path) -> Stdio {
    match kind {
        Sink::File => Stdio::from(fs::File::create(file).expect("output file")),
        Sink::ClosedPipe => {
            let (reader, writer) = std::io::pipe().expect("pipe");
            drop(reader);
            Stdio::from(writer)
        }
        Sink::Full => Stdio::from(
            fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .expect("/dev/full"),
        ),
    }
}

/// Runs weft in `dir` (a run that does not end in a minute is killed and
/// fails the test: a hang guard, not a speed assertion).
fn run(args: &[String], dir: &Path, stdout: Sink, stderr: Sink) -> Run {
    let (out_file, err_file) = (dir.join("stdout.txt"), dir.join("stderr.txt"));
    let mut child = Command::new(WEFT)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(sink(stdout, &out_file))
        .stderr(sink(stderr, &err_file))
        .spawn()
        .expect("weft starts");
    let status = wait_guarded(&mut child, &args);
    // The writing commands print their (fresh) folder: made comparable.
    let shown = dir.display().to_string();
    let read = |file: &Path| {
        fs::read_to_string(file)
            .unwrap_or_default()
            .replace(&shown, "<dir>")
    };
    Run {
        status,
        stdout: read(&out_file),
        stderr: read(&err_file),
    }
}

/// Makes a command's arguments in a fresh folder.
type MakeArgs = Box<dyn Fn(&Path) -> Vec<String>>;

/// A command to try; `args` may prepare files in the (fresh) folder it is
/// given, for commands that write (build, init, fmt).
struct Case {
    name: &'static str,
    args: MakeArgs,
}

fn fixed(name: &'static str, args: &[&str]) -> Case {
    let args: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
    Case {
        name,
        args: Box::new(move |_| args.clone()),
    }
}

/// A starter model with four-space indentation, which `weft fmt` changes.
fn unformatted_file(dir: &Path) -> String {
    let file = dir.join("model.weft");
    let text = include_str!("../src/cli/starter.weft")
        .lines()
        .map(|line| match line.strip_prefix("  ") {
            Some(rest) => format!("    {rest}\n"),
            None => format!("{line}\n"),
        })
        .collect::<String>();
    fs::write(&file, text).expect("model");
    file.display().to_string()
}

fn cases() -> Vec<Case> {
    let acme = repo("examples/acme-plant");
    let broken = repo("examples/broken-plant");
    let file = repo("examples/acme-plant/systems.weft");
    vec![
        fixed("check human, errors", &["check", &broken]),
        fixed("check human, clean", &["check", &acme]),
        fixed("check json", &["check", "--format", "json", &broken]),
        fixed("check sarif", &["check", "--format", "sarif", &broken]),
        fixed("check github", &["check", "--format", "github", &broken]),
        fixed("check missing path", &["check", "no/such/path"]),
        fixed("graph", &["graph", &acme]),
        fixed("graph dot, errors", &["graph", "--format", "dot", &broken]),
        fixed("debug ast", &["debug", "ast", &file]),
        fixed("debug model", &["debug", "model", &acme]),
        fixed("explain", &["explain", "E301"]),
        fixed("explain unknown", &["explain", "E9999"]),
        fixed("compat", &["compat", &acme, "--against", &acme]),
        fixed(
            "compat json",
            &["compat", &acme, "--against", &acme, "--format", "json"],
        ),
        fixed("lock --check", &["lock", "--check", &acme]),
        fixed("help", &["--help"]),
        fixed("version", &["--version"]),
        fixed("usage error", &["no-such-command"]),
        Case {
            name: "fmt --check",
            args: Box::new(|dir| vec!["fmt".into(), "--check".into(), unformatted_file(dir)]),
        },
        Case {
            name: "fmt",
            args: Box::new(|dir| vec!["fmt".into(), unformatted_file(dir)]),
        },
        Case {
            name: "build",
            args: Box::new(move |dir| {
                vec![
                    "build".into(),
                    repo("examples/acme-plant"),
                    "--out".into(),
                    dir.join("out").display().to_string(),
                    "--target".into(),
                    "schemas".into(),
                ]
            }),
        },
        Case {
            name: "init",
            args: Box::new(|dir| vec!["init".into(), dir.join("proj").display().to_string()]),
        },
    ]
}

fn assert_no_panic(case: &str, how: &str, run: &Run) {
    assert_ne!(
        run.status.code(),
        Some(101),
        "{case}, {how}: weft panicked:\n{}",
        run.stderr
    );
    assert!(
        run.status.code().is_some(),
        "{case}, {how}: weft was killed by a signal ({:?})",
        run.status
    );
    assert!(
        !run.stderr.contains("panicked"),
        "{case}, {how}: weft panicked:\n{}",
        run.stderr
    );
}

/// The class: every command, each stream, closed pipe and full disk.
#[test]
fn no_command_panics_on_a_closed_or_full_output() {
    for case in cases() {
        let name = case.name;
        let dir = scratch("pipes");
        let normal = run(&(case.args)(&dir), &dir, Sink::File, Sink::File);
        assert_no_panic(name, "normal run", &normal);
        let code = normal.status.code();
        let writes_stdout = !normal.stdout.is_empty();
        let writes_stderr = !normal.stderr.is_empty();
        assert!(
            writes_stdout || writes_stderr,
            "{name}: writes nothing, so this case proves nothing"
        );

        let dir = scratch("pipes");
        let closed = run(&(case.args)(&dir), &dir, Sink::ClosedPipe, Sink::File);
        assert_no_panic(name, "stdout closed", &closed);
        assert_eq!(
            closed.status.code(),
            code,
            "{name}, stdout closed: {}",
            closed.stderr
        );
        assert_eq!(closed.stderr, normal.stderr, "{name}, stdout closed");

        let dir = scratch("pipes");
        let closed = run(&(case.args)(&dir), &dir, Sink::File, Sink::ClosedPipe);
        assert_no_panic(name, "stderr closed", &closed);
        assert_eq!(closed.status.code(), code, "{name}, stderr closed");
        assert_eq!(closed.stdout, normal.stdout, "{name}, stderr closed");

        // `weft … 2>&1 | head -1`, once head has gone: both closed.
        let dir = scratch("pipes");
        let closed = run(&(case.args)(&dir), &dir, Sink::ClosedPipe, Sink::ClosedPipe);
        assert_no_panic(name, "both closed", &closed);
        assert_eq!(closed.status.code(), code, "{name}, both closed");

        let dir = scratch("pipes");
        let full = run(&(case.args)(&dir), &dir, Sink::Full, Sink::File);
        assert_no_panic(name, "stdout full", &full);
        if writes_stdout {
            assert_eq!(
                full.status.code(),
                Some(2),
                "{name}, stdout full: {}",
                full.stderr
            );
            assert!(
                full.stderr.contains("cannot write to standard output"),
                "{name}, stdout full: {}",
                full.stderr
            );
        } else {
            assert_eq!(
                full.status.code(),
                code,
                "{name}, stdout full: {}",
                full.stderr
            );
        }

        let dir = scratch("pipes");
        let full = run(&(case.args)(&dir), &dir, Sink::File, Sink::Full);
        assert_no_panic(name, "stderr full", &full);
        if writes_stderr {
            assert_eq!(full.status.code(), Some(2), "{name}, stderr full");
        } else {
            assert_eq!(full.status.code(), code, "{name}, stderr full");
        }
    }
}

/// `weft debug model examples/acme-plant | head -1`: the reader takes one
/// line and goes away while weft is still writing.
#[test]
fn a_reader_that_leaves_early_ends_the_run_quietly() {
    for args in [
        vec!["debug", "model", "--with-std"],
        vec!["check", "--format", "sarif"],
    ] {
        let mut command = Command::new(WEFT);
        command
            .args(&args)
            .arg(repo("examples/broken-plant"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("weft starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut first = String::new();
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("a first line");
        // The reading end is dropped here: weft's next write meets EPIPE.
        let output = child.wait_with_output().expect("weft ends");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!first.is_empty(), "{args:?}: no output");
        assert_ne!(output.status.code(), Some(101), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("cannot write"), "{args:?}: {stderr}");
    }
}

/// The class, at the source: outside `stdio.rs`, nothing in the CLI
/// prints with the panicking macros or writes to stdout/stderr directly
/// (asking whether they are terminals is fine).
#[test]
fn every_output_goes_through_stdio() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut pending = vec![folder];
    let mut checked = 0;
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("src").filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            if !name.ends_with(".rs") || name == "stdio.rs" {
                continue;
            }
            checked += 1;
            let text = fs::read_to_string(&path).expect("source");
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for line in code.lines() {
                if line.trim_start().starts_with("//") || line.contains("is_terminal") {
                    continue;
                }
                for call in [
                    "print!(",
                    "println!(",
                    "eprint!(",
                    "eprintln!(",
                    "io::stdout()",
                    "io::stderr()",
                    "StandardStream",
                ] {
                    assert!(
                        !line.contains(call),
                        "{name} writes with `{call}` instead of stdio (outln!/errln!): {line}"
                    );
                }
            }
        }
    }
    assert!(checked > 10, "the CLI's sources were not found");
}
