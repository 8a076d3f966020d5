//! `weft build`'s output folder under adverse conditions: file names too
//! long for the file system (nothing is written), an interrupted build
//! (the next one succeeds), two builds at once into one folder (never a
//! mix), and a folder inside `--out` swapped for a symbolic link while
//! builds run (nothing ever appears outside).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

const WEFT: &str = env!("CARGO_BIN_EXE_weft");

/// A fresh, empty folder for one test, removed when the test ends.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "weft-outdir-test-{}-{}-{name}",
        std::process::id(),
        RUNS.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch folder");
    Scratch(dir)
}

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
    let event = format!("Order{}", "Placed".repeat(50));
    let project = project(&dir, &event);
    let out = dir.join("out");
    let output = build(&project, &out);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("too long"), "{}", stderr(&output));
    assert_eq!(files(&out), Vec::<String>::new(), "nothing may be written");

    // The same into a folder that already holds a build: it stays as it was.
    let short = scratch("long-name-after");
    let good = build(&self::project(&short, "OrderPlaced"), &out);
    assert_eq!(good.status.code(), Some(0), "{}", stderr(&good));
    let before = files(&out);
    let again = build(&project, &out);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert_eq!(files(&out), before);
}
