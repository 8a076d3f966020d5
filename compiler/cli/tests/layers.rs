//! The layering invariants of `docs/architecture.md`, enforced:
//!
//! - the dependency order of the crates (read from `cargo metadata`): the
//!   model, the compatibility rules and the targets never depend on the
//!   parser; `weft-base` depends on no other crate of weft; only the CLI
//!   depends on the command-line and terminal crates;
//! - no IO in libraries: outside tests, no library crate touches the file
//!   system, processes, the network, the environment or the terminal.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every workspace crate with its normal (non-dev, non-build) dependencies
/// by package name, and the folder of its manifest. Dependencies outside
/// the workspace are leaves: their own dependencies are not followed.
struct Workspace {
    deps: BTreeMap<String, BTreeSet<String>>,
    folders: BTreeMap<String, PathBuf>,
}

fn workspace() -> &'static Workspace {
    static WORKSPACE: OnceLock<Workspace> = OnceLock::new();
    WORKSPACE.get_or_init(read_workspace)
}

/// Reads the declared dependencies of the workspace's crates; `--no-deps`
/// keeps it offline, and the order of weft's own crates is all that matters.
fn read_workspace() -> Workspace {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(workspace_root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata is JSON");
    let mut deps = BTreeMap::new();
    let mut folders = BTreeMap::new();
    for package in metadata["packages"].as_array().expect("packages") {
        let name = package["name"].as_str().expect("package name").to_string();
        let normal: BTreeSet<String> = package["dependencies"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|dep| dep["kind"].is_null())
            .filter_map(|dep| dep["name"].as_str().map(str::to_string))
            .collect();
        let manifest = PathBuf::from(package["manifest_path"].as_str().expect("manifest path"));
        folders.insert(
            name.clone(),
            manifest.parent().expect("crate folder").to_path_buf(),
        );
        deps.insert(name, normal);
    }
    Workspace { deps, folders }
}

impl Workspace {
    /// Everything `name` depends on, directly or not.
    fn closure(&self, name: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut pending = vec![name.to_string()];
        while let Some(next) = pending.pop() {
            for dep in self.deps.get(&next).into_iter().flatten() {
                if seen.insert(dep.clone()) {
                    pending.push(dep.clone());
                }
            }
        }
        seen
    }
}

#[test]
fn the_model_compat_and_targets_do_not_depend_on_the_parser() {
    let workspace = workspace();
    for below in ["weft-base", "weft-model", "weft-compat", "weft-targets"] {
        assert!(
            workspace.deps.contains_key(below),
            "{below} is not a workspace crate"
        );
        let closure = workspace.closure(below);
        assert!(
            !closure.contains("weft-syntax"),
            "{below} depends on the parser (weft-syntax): {closure:?}"
        );
    }
}

#[test]
fn the_base_crate_depends_on_no_other_weft_crate() {
    let workspace = workspace();
    let weft: Vec<String> = workspace
        .closure("weft-base")
        .into_iter()
        .filter(|dep| dep.starts_with("weft-"))
        .collect();
    assert!(weft.is_empty(), "weft-base depends on {weft:?}");
}

#[test]
fn only_the_cli_depends_on_command_line_and_terminal_crates() {
    let workspace = workspace();
    for name in workspace.folders.keys() {
        if name == "weft-cli" || name == "weft-bench" {
            continue;
        }
        let closure = workspace.closure(name);
        for edge_crate in ["clap", "miette"] {
            assert!(
                !closure.contains(edge_crate),
                "{name} depends on {edge_crate}"
            );
        }
    }
}

/// Text that means IO when it appears in library code outside tests.
const IO: &[&str] = &[
    "std::fs",
    "std::process",
    "std::net",
    "std::env",
    "std::io::stdin",
    "std::io::stdout",
    "std::io::stderr",
    "println!",
    "eprintln!",
    "print!(",
    "eprint!(",
];

fn rust_files(folder: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).expect("source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn libraries_do_no_io() {
    let workspace = workspace();
    let mut checked = 0;
    for (name, folder) in &workspace.folders {
        // The binary does the IO; the benchmark is a binary too; the Kafka
        // admin client's whole job is talking to a broker (network only:
        // it is checked below to touch no files, processes or terminal).
        if name == "weft-cli" || name == "weft-bench" || name == "weft-kafka-admin" {
            continue;
        }
        let mut files = Vec::new();
        rust_files(&folder.join("src"), &mut files);
        for file in files {
            if file.file_name().is_some_and(|name| name == "tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&file).expect("readable source");
            // Unit tests sit at the end of a file, after `#[cfg(test)]`.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for pattern in IO {
                assert!(
                    !code.contains(pattern),
                    "{} ({name}) does IO: `{pattern}`",
                    file.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} library files were found");
}

#[test]
fn the_kafka_admin_client_does_only_network_io() {
    let workspace = workspace();
    let folder = workspace
        .folders
        .get("weft-kafka-admin")
        .expect("weft-kafka-admin is a workspace crate");
    let mut files = Vec::new();
    rust_files(&folder.join("src"), &mut files);
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable source");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for pattern in IO.iter().filter(|pattern| **pattern != "std::net") {
            assert!(
                !code.contains(pattern),
                "{} (weft-kafka-admin) does IO other than the network: `{pattern}`",
                file.display()
            );
        }
    }
}
