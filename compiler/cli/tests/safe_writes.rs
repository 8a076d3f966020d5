//! Every command that writes files (`build`, `lock`, `fmt`, `init`) writes
//! them the same safe way (`src/cli/safe_write.rs`): never through a
//! symbolic link — not one planted at a temporary-file name, not one at the
//! destination, not a dangling one — keeping a replaced file's permissions,
//! and never blocking on a FIFO where a file is read.

#![cfg(unix)]

mod support;

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::{scratch, weft};

/// What an attacker (or an unlucky checkout) wants overwritten.
const PRECIOUS: &str = "precious, outside the project\n";

/// Standard error with miette's line wrapping undone, to search in.
fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr)
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

/// A starter project (`weft init`) in `dir/proj`, which checks clean and
/// has one event to lock.
fn project(dir: &Path) -> PathBuf {
    let proj = dir.join("proj");
    let output = weft(&["init", arg(&proj), "--name", "proj"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    proj
}

/// The starter model with four-space indentation: `weft fmt` changes it.
fn unformatted(proj: &Path) -> PathBuf {
    let file = proj.join("model.weft");
    let text = fs::read_to_string(&file).expect("model");
    let indented: String = text
        .lines()
        .map(|line| match line.strip_prefix("  ") {
            Some(rest) => format!("    {rest}\n"),
            None => format!("{line}\n"),
        })
        .collect();
    fs::write(&file, indented).expect("unformat");
    file
}

/// A file outside the project, to point links at.
fn plant_victim(dir: &Path) -> PathBuf {
    let victim = dir.join("victim.txt");
    fs::write(&victim, PRECIOUS).expect("victim");
    victim
}

fn assert_untouched(victim: &Path) {
    assert_eq!(
        fs::read_to_string(victim).expect("victim still there"),
        PRECIOUS,
        "weft wrote through a symbolic link"
    );
}

fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_symlink())
}

fn is_regular(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_file())
}

#[test]
fn lock_does_not_follow_a_symbolic_link_at_its_old_temporary_name() {
    let dir = scratch("lock-tmp");
    let proj = project(&dir);
    let victim = plant_victim(&dir);
    symlink(&victim, proj.join(".weft.lock.tmp")).expect("plant");
    let output = weft(&["lock", arg(&proj)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_untouched(&victim);
    assert!(
        is_regular(&proj.join("weft.lock")),
        "weft.lock is not a file"
    );
    assert!(
        is_symlink(&proj.join(".weft.lock.tmp")),
        "the planted link was touched"
    );
}

#[test]
fn fmt_does_not_follow_a_symbolic_link_at_its_old_temporary_name() {
    let dir = scratch("fmt-tmp");
    let proj = project(&dir);
    let file = unformatted(&proj);
    let victim = plant_victim(&dir);
    symlink(&victim, proj.join(".model.weft.weft-fmt.tmp")).expect("plant");
    let output = weft(&["fmt", arg(&file)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_untouched(&victim);
    assert!(is_regular(&file), "the source became a link");
    let check = weft(&["fmt", "--check", arg(&file)]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}

#[test]
fn lock_refuses_a_symbolic_link_as_the_lock_file() {
    let dir = scratch("lock-dest");
    let proj = project(&dir);
    let victim = plant_victim(&dir);
    symlink(&victim, proj.join("weft.lock")).expect("plant");
    let output = weft(&["lock", arg(&proj), "--force"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("symbolic link"),
        "{}",
        stderr(&output)
    );
    assert_untouched(&victim);
    assert!(is_symlink(&proj.join("weft.lock")), "the link was replaced");
}

#[test]
fn init_refuses_a_dangling_symbolic_link_as_weft_toml() {
    let dir = scratch("init-dangling");
    let proj = dir.join("proj");
    fs::create_dir_all(&proj).expect("folder");
    let target = dir.join("created-outside.toml");
    symlink(&target, proj.join("weft.toml")).expect("plant");
    let output = weft(&["init", arg(&proj), "--name", "proj"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("already exists"),
        "{}",
        stderr(&output)
    );
    assert!(!target.exists(), "weft wrote through the dangling link");
    assert!(
        !proj.join("model.weft").exists(),
        "init wrote half a project"
    );
}

#[test]
fn fmt_keeps_the_permissions_of_the_file() {
    let dir = scratch("fmt-mode");
    let proj = project(&dir);
    let file = unformatted(&proj);
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).expect("chmod");
    let output = weft(&["fmt", arg(&file)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mode = fs::metadata(&file).expect("file").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the mode changed to {mode:o}");
    let check = weft(&["fmt", "--check", arg(&file)]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "not formatted: {}",
        stderr(&check)
    );
}

#[test]
fn lock_keeps_the_permissions_of_the_lock_file() {
    let dir = scratch("lock-mode");
    let proj = project(&dir);
    let lock = proj.join("weft.lock");
    fs::write(&lock, "not a lock file\n").expect("lock");
    fs::set_permissions(&lock, fs::Permissions::from_mode(0o640)).expect("chmod");
    let output = weft(&["lock", arg(&proj), "--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mode = fs::metadata(&lock).expect("lock").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "the mode changed to {mode:o}");
}

#[test]
fn fmt_refuses_a_symbolic_link_as_a_source_and_formats_the_others() {
    let dir = scratch("fmt-link");
    let proj = project(&dir);
    let real = unformatted(&proj);
    let outside = dir.join("outside.weft");
    fs::copy(&real, &outside).expect("copy");
    let link = dir.join("link.weft");
    symlink(&outside, &link).expect("link");
    let before = fs::read(&outside).expect("outside");
    let output = weft(&["fmt", arg(&link), arg(&real)]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("symbolic link"),
        "{}",
        stderr(&output)
    );
    assert!(is_symlink(&link), "the link was replaced by a copy");
    assert_eq!(fs::read(&outside).expect("outside"), before);
    let check = weft(&["fmt", "--check", arg(&real)]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "the regular file was skipped too"
    );
}

/// The class: every writing command, with a symbolic link to a file outside
/// planted at every name it writes (the destination) and at the temporary
/// names it used to use, never writes outside, never turns a file into a
/// link (or a link into a file), and leaves no temporary file behind.
#[test]
fn no_writing_command_writes_through_a_symbolic_link() {
    struct Case {
        name: &'static str,
        /// Prepares the scene in a fresh folder; returns the command's
        /// arguments and the folder it writes in.
        setup: fn(&Path) -> (Vec<String>, PathBuf),
        /// The files it writes there.
        destinations: &'static [&'static str],
        /// Its (former) temporary-file names there.
        temporaries: &'static [&'static str],
    }
    let cases = [
        Case {
            name: "lock",
            setup: |dir| {
                let proj = project(dir);
                (
                    vec!["lock".into(), arg(&proj).into(), "--force".into()],
                    proj,
                )
            },
            destinations: &["weft.lock"],
            temporaries: &[".weft.lock.tmp"],
        },
        Case {
            name: "fmt",
            setup: |dir| {
                let proj = project(dir);
                let file = unformatted(&proj);
                (vec!["fmt".into(), arg(&file).into()], proj)
            },
            destinations: &["model.weft"],
            temporaries: &[".model.weft.weft-fmt.tmp"],
        },
        Case {
            name: "init",
            setup: |dir| {
                let proj = dir.join("proj");
                fs::create_dir_all(&proj).expect("folder");
                (
                    vec![
                        "init".into(),
                        arg(&proj).into(),
                        "--name".into(),
                        "p".into(),
                    ],
                    proj,
                )
            },
            destinations: &["weft.toml", "model.weft"],
            temporaries: &[],
        },
        Case {
            name: "build",
            setup: |dir| {
                let out = dir.join("out");
                fs::create_dir_all(out.join("schemas")).expect("folder");
                (
                    vec![
                        "build".into(),
                        arg(&example("acme-plant")).into(),
                        "--out".into(),
                        arg(&out).into(),
                        "--target".into(),
                        "schemas".into(),
                        "--force".into(),
                    ],
                    out,
                )
            },
            destinations: &[".weft-build.json", "schemas/registry.json"],
            temporaries: &[
                ".weft-build.json.weft-tmp",
                "schemas/.registry.json.weft-tmp",
            ],
        },
    ];
    for case in &cases {
        // A link at a temporary name: the command works, and writes
        // nothing through it.
        let dir = scratch(&format!("class-tmp-{}", case.name));
        let victim = plant_victim(&dir);
        let (args, folder) = (case.setup)(&dir);
        for temporary in case.temporaries {
            symlink(&victim, folder.join(temporary)).expect("plant");
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = weft(&args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}: {}",
            case.name,
            stderr(&output)
        );
        assert_untouched(&victim);
        for destination in case.destinations {
            assert!(
                is_regular(&folder.join(destination)),
                "{}: {destination} is not a regular file",
                case.name
            );
        }
        for temporary in case.temporaries {
            assert!(
                is_symlink(&folder.join(temporary)),
                "{}: link touched",
                case.name
            );
        }
        assert_no_temporaries(&folder, case.temporaries);

        // A link at each destination: refused with exit 2, the link stays.
        for destination in case.destinations {
            let dir = scratch(&format!("class-dest-{}", case.name));
            let victim = plant_victim(&dir);
            let (args, folder) = (case.setup)(&dir);
            let place = folder.join(destination);
            // The file moves outside and a link takes its place, so that
            // the command has something to do (fmt: an unformatted file).
            if let Ok(bytes) = fs::read(&place) {
                fs::write(&victim, bytes).expect("move outside");
                fs::remove_file(&place).expect("remove");
            }
            let before = fs::read(&victim).expect("victim");
            symlink(&victim, &place).expect("plant");
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let output = weft(&args);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{} with a link at {destination}: {}",
                case.name,
                stderr(&output)
            );
            assert_eq!(
                fs::read(&victim).expect("victim"),
                before,
                "{}: weft wrote through the link at {destination}",
                case.name
            );
            assert!(
                is_symlink(&place),
                "{}: the link at {destination} was replaced",
                case.name
            );
            assert_no_temporaries(&folder, case.temporaries);
        }
    }
}

/// No `*.weft-tmp` (or other temporary) file is left anywhere under
/// `folder`, except the `planted` ones.
fn assert_no_temporaries(folder: &Path, planted: &[&str]) {
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("folder").filter_map(Result::ok) {
            let path = entry.path();
            let relative = path
                .strip_prefix(folder)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                pending.push(path);
            } else if relative.contains("tmp") && !planted.contains(&relative.as_str()) {
                panic!("a temporary file was left: {}", path.display());
            }
        }
    }
}

/// The class: every command given a FIFO where it reads a file refuses it
/// (exit 2, "not a regular file") instead of blocking for ever.
#[test]
fn no_command_reads_a_fifo() {
    let dir = scratch("fifo");
    let proj = project(&dir);
    let fifo = dir.join("pipe.weft");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo failed");
    let schema_fifo = dir.join("pipe.avsc");
    let made = Command::new("mkfifo")
        .arg(&schema_fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo failed");
    let lock_fifo = dir.join("baseline.lock");
    let made = Command::new("mkfifo")
        .arg(&lock_fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo failed");
    // A project whose weft.lock is a FIFO, for `weft lock`.
    let locked = dir.join("locked");
    let output = weft(&["init", arg(&locked), "--name", "locked"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let made = Command::new("mkfifo")
        .arg(locked.join("weft.lock"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo failed");
    // A build folder with a FIFO where a generated file goes.
    let out = dir.join("out");
    fs::create_dir_all(out.join("schemas")).expect("folder");
    let made = Command::new("mkfifo")
        .arg(out.join("schemas/registry.json"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo failed");
    let acme = example("acme-plant");
    let schema = dir.join("schema.avsc");
    fs::write(&schema, r#"{"type": "record", "name": "R", "fields": []}"#).expect("schema");

    let runs: Vec<Vec<&str>> = vec![
        vec!["check", arg(&fifo)],
        vec!["fmt", arg(&fifo)],
        vec!["fmt", "--check", arg(&fifo)],
        vec!["debug", "ast", arg(&fifo)],
        vec!["debug", "model", arg(&fifo)],
        vec!["graph", arg(&fifo)],
        vec!["lock", arg(&locked)],
        vec![
            "build",
            arg(&acme),
            "--out",
            arg(&out),
            "--target",
            "schemas",
        ],
        vec!["lock", "--check", arg(&locked)],
        vec!["compat", arg(&schema_fifo), arg(&schema)],
        vec!["compat", arg(&schema), arg(&schema_fifo)],
        vec!["compat", arg(&proj), "--against", arg(&lock_fifo)],
        vec![
            "compat",
            arg(&proj),
            "--against",
            arg(&proj),
            "--accept",
            arg(&fifo),
        ],
    ];
    for args in &runs {
        let output = weft(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "weft {args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("not a regular file"),
            "weft {args:?}: {}",
            stderr(&output)
        );
    }
}

/// The CLI's sources outside tests, as (file name, code lines without
/// comments).
fn cli_sources() -> Vec<(String, Vec<String>)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cli");
    let mut sources: Vec<(String, Vec<String>)> = fs::read_dir(&folder)
        .expect("src/cli")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "rs"))
        .map(|path| {
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let text = fs::read_to_string(&path).expect("source");
            // Unit tests at the end of a file may do as they like.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let lines = code
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .map(str::to_string)
                .collect();
            (name, lines)
        })
        .collect();
    sources.sort();
    assert!(sources.len() > 10, "the CLI's sources were not found");
    sources
}

/// The class, at the source: nothing in the CLI writes a file except
/// `safe_write.rs`, and nothing reads one except `load.rs` (regular files
/// only) and `output.rs` (which checks each path is a regular file first).
#[test]
fn every_file_write_and_read_goes_through_the_shared_functions() {
    let writes = [
        "fs::write(",
        "File::create(",
        "OpenOptions",
        "fs::rename(",
        "fs::copy(",
    ];
    let reads = ["fs::read(", "read_to_string(", "File::open("];
    for (name, lines) in cli_sources() {
        for line in &lines {
            if name != "safe_write.rs" {
                for call in writes {
                    assert!(
                        !line.contains(call),
                        "{name} writes with `{call}` instead of safe_write::write_file: {line}"
                    );
                }
            }
            if name != "load.rs" && name != "output.rs" {
                for call in reads {
                    assert!(
                        !line.contains(call),
                        "{name} reads with `{call}` instead of load::read_text: {line}"
                    );
                }
            }
        }
    }
}
