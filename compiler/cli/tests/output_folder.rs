//! `weft build`'s output folder under adverse conditions: file names too
//! long for the file system (nothing is written), an interrupted build
//! (the next one succeeds), two builds at once into one folder (never a
//! mix), and a folder inside `--out` swapped for a symbolic link while
//! builds run (nothing ever appears outside).

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use std::sync::atomic::Ordering;
use support::{scratch, WEFT};

/// A small project with one event named `event`.
fn project(dir: &Path, event: &str) -> PathBuf {
    let project = dir.join("project");
    fs::create_dir_all(&project).expect("project folder");
    fs::write(
        project.join("weft.toml"),
        "[project]\nname = \"shop\"\nversion = \"1.0.0\"\n",
    )
    .expect("weft.toml");
    fs::write(
        project.join("model.weft"),
        format!(
            "package shop\n\n/// Sales.\ndomain sales {{\n  owner \"Sales Team\"\n}}\n\n/// The web shop.\nsystem webshop {{\n  domain sales\n  kind other\n  hosting cloud\n  connectivity reliable\n}}\n\n/// Something happened.\nevent {event} {{\n  producer webshop\n  key order_id\n\n  version 1 {{\n    order_id: string\n    total: decimal(12, 2)\n  }}\n}}\n"
        ),
    )
    .expect("model.weft");
    project
}

fn build(project: &Path, out: &Path) -> Output {
    Command::new(WEFT)
        .arg("build")
        .arg(project)
        .arg("--out")
        .arg(out)
        .env("NO_COLOR", "1")
        .output()
        .expect("weft runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, found: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                walk(root, &path, found);
            } else if let Ok(relative) = path.strip_prefix(root) {
                found.push(relative.to_string_lossy().into_owned());
            }
        }
    }
    let mut found = Vec::new();
    walk(dir, dir, &mut found);
    found.sort();
    found
}

#[test]
fn a_file_name_too_long_writes_nothing() {
    let dir = scratch("long-name");
    // Its topic (245 characters) is still a legal Kafka topic name (at
    // most 249), but the Strimzi resource's file name, the topic as a
    // Kubernetes name with a hash suffix, passes the file system's 255:
    // the build reports it (E810) before writing anything.
    let event = format!("Order{}", "Placed".repeat(33));
    let project = project(&dir, &event);
    let out = dir.join("out");
    let output = build(&project, &out);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("error[E810]")
            && stderr(&output).contains("is 258 bytes long, and file systems allow 255"),
        "{}",
        stderr(&output)
    );
    assert_eq!(files(&out), Vec::<String>::new(), "nothing may be written");

    // The same into a folder that already holds a build: it stays as it was.
    let short = scratch("long-name-after");
    let good = build(&self::project(&short, "OrderPlaced"), &out);
    assert_eq!(good.status.code(), Some(0), "{}", stderr(&good));
    let before = files(&out);
    let again = build(&project, &out);
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    assert_eq!(files(&out), before);
}

/// The example project, and a copy whose version differs (so that its
/// OpenAPI and AsyncAPI files differ), both under `dir`.
fn two_versions(dir: &Path) -> (PathBuf, PathBuf) {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).expect("folder");
        for entry in fs::read_dir(from).expect("folder").flatten() {
            let target = to.join(entry.file_name());
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                copy(&entry.path(), &target);
            } else {
                fs::copy(entry.path(), target).expect("copy");
            }
        }
    }
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/acme-plant");
    let first = dir.join("first");
    let second = dir.join("second");
    copy(&example, &first);
    copy(&example, &second);
    let manifest = fs::read_to_string(second.join("weft.toml")).expect("weft.toml");
    let changed = manifest.replacen("version = \"0.1.0\"", "version = \"9.9.9\"", 1);
    assert_ne!(manifest, changed, "the example's version is 0.1.0");
    fs::write(second.join("weft.toml"), changed).expect("weft.toml");
    (first, second)
}

/// The files of a folder with their bytes, without the temporary files a
/// killed build leaves (they are not part of a build).
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .filter(|name| !name.ends_with(".weft-tmp"))
        .map(|name| {
            let bytes = fs::read(dir.join(&name)).expect("read");
            (name, bytes)
        })
        .collect()
}

#[test]
fn a_killed_build_does_not_lock_the_folder() {
    let dir = scratch("killed");
    let (first, second) = two_versions(&dir);
    let reference = dir.join("reference");
    assert_eq!(build(&first, &reference).status.code(), Some(0));
    let expected = tree(&reference);

    let out = dir.join("out");
    let started = std::time::Instant::now();
    // Kill the build of the second version at different moments (the writes
    // take a few hundred milliseconds: every file is synced), then build the
    // first version again: it must succeed and give the clean output.
    for step in 0..12u64 {
        if started.elapsed() > std::time::Duration::from_secs(15) {
            break;
        }
        let ok = build(&first, &out);
        assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
        let mut child = Command::new(WEFT)
            .arg("build")
            .arg(&second)
            .arg("--out")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("weft runs");
        std::thread::sleep(std::time::Duration::from_millis(20 + step * 25));
        let _ = child.kill();
        let _ = child.wait();
        let after = build(&first, &out);
        assert_eq!(
            after.status.code(),
            Some(0),
            "after a build killed at {} ms: {}",
            20 + step * 25,
            stderr(&after)
        );
        assert!(tree(&out) == expected, "the output is a clean build");
    }
}

#[test]
fn two_builds_at_once_never_mix() {
    let dir = scratch("concurrent");
    let (first, second) = two_versions(&dir);
    let expected: Vec<Vec<(String, Vec<u8>)>> = [&first, &second]
        .iter()
        .enumerate()
        .map(|(index, project)| {
            let reference = dir.join(format!("reference-{index}"));
            assert_eq!(build(project, &reference).status.code(), Some(0));
            tree(&reference)
        })
        .collect();
    let out = dir.join("out");
    for round in 0..8 {
        let spawn = |project: &Path| {
            Command::new(WEFT)
                .arg("build")
                .arg(project)
                .arg("--out")
                .arg(&out)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("weft runs")
        };
        let one = spawn(&first);
        let two = spawn(&second);
        let one = one.wait_with_output().expect("weft ends");
        let two = two.wait_with_output().expect("weft ends");
        for output in [&one, &two] {
            let code = output.status.code();
            assert!(
                code == Some(0)
                    || (code == Some(2) && stderr(output).contains("another `weft build`")),
                "round {round}: {code:?} {}",
                stderr(output)
            );
        }
        let now = tree(&out);
        assert!(
            expected.contains(&now),
            "round {round}: the folder mixes two builds ({:?} / {:?})",
            stderr(&one),
            stderr(&two)
        );
    }
}

/// A folder inside `--out` swapped for a symbolic link to an outside
/// folder, back and forth, while builds run: whatever each build reports,
/// nothing may ever be written outside.
#[cfg(unix)]
#[test]
fn a_folder_swapped_for_a_link_during_builds_is_never_followed() {
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;
    let dir = scratch("swap");
    let (first, second) = two_versions(&dir);
    let out = dir.join("out");
    let outside = dir.join("outside");
    fs::create_dir_all(&outside).expect("outside folder");
    assert_eq!(build(&first, &out).status.code(), Some(0));

    let stop = Arc::new(AtomicBool::new(false));
    let swapper = {
        let stop = Arc::clone(&stop);
        let folder = out.join("openapi");
        let away = out.join("openapi.away");
        let outside = outside.clone();
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                // Mostly a real folder (so that builds pass their checks),
                // now and then a link for a few milliseconds (while they
                // write).
                if fs::rename(&folder, &away).is_ok() {
                    let _ = std::os::unix::fs::symlink(&outside, &folder);
                    std::thread::sleep(std::time::Duration::from_millis(5));
                    let _ = fs::remove_file(&folder);
                    let _ = fs::rename(&away, &folder);
                }
                std::thread::sleep(std::time::Duration::from_millis(15));
            }
        })
    };
    let started = std::time::Instant::now();
    let mut builds = 0;
    while builds < 200 && started.elapsed() < std::time::Duration::from_secs(12) {
        let project = if builds % 2 == 0 { &second } else { &first };
        let _ = build(project, &out);
        builds += 1;
        let escaped = files(&outside);
        assert!(
            escaped.is_empty(),
            "after {builds} builds, weft wrote outside `--out`: {escaped:?}"
        );
    }
    stop.store(true, Ordering::Relaxed);
    swapper.join().expect("swapper");
    assert!(files(&outside).is_empty());
}
