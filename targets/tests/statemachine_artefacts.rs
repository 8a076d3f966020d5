//! The statemachine target's other artefacts against the real tools: the
//! example's `template.yaml` passes cfn-lint (installed by
//! `.ci/install-cfn-lint`) with no finding, and every `.mmd` diagram of the
//! example and the fixtures parses with Mermaid's own parser (installed by
//! `.ci/install-statemachines`). Output is deterministic.

use std::path::{Path, PathBuf};
use std::process::Command;
use weft_compiler::{check, Origin, SourceMap};
use weft_targets::{Manifest, TargetName};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn weft_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("folder readable")
        .map(|entry| entry.expect("entry readable").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            weft_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "weft") {
            out.push(path);
        }
    }
}

fn generate(project: &Path) -> Manifest {
    let mut sources = SourceMap::with_stdlib();
    let manifest_path = project.join("weft.toml");
    let text = std::fs::read_to_string(&manifest_path).expect("weft.toml readable");
    sources.add(manifest_path.display().to_string(), text, Origin::Project);
    let mut files = Vec::new();
    weft_files(project, &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source readable");
        sources.add(file.display().to_string(), text, Origin::Project);
    }
    let result = check(&sources);
    assert!(!result.has_errors(), "{:#?}", result.diagnostics);
    weft_compiler::build(&result, &[TargetName::StateMachine]).expect("builds")
}

fn projects() -> Vec<PathBuf> {
    vec![
        repo().join("examples/acme-plant"),
        repo().join("tests/fixtures/statemachine/every_step"),
    ]
}

fn scratch(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("weft-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("scratch folder");
    folder
}

#[test]
fn the_template_passes_cfn_lint() {
    let cache = std::env::var_os("WEFT_CI_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache/weft-ci")))
        .expect("HOME is set");
    let cfn_lint = cache.join("venv-cfn/bin/cfn-lint");
    assert!(
        cfn_lint.is_file(),
        "cfn-lint is not installed: run `bash .ci/install-cfn-lint`"
    );
    for project in projects() {
        let manifest = generate(&project);
        let template = manifest
            .get("statemachines/template.yaml")
            .expect("template generated");
        let folder = scratch("cfn-lint");
        let file = folder.join("template.yaml");
        std::fs::write(&file, template).expect("written");
        let output = Command::new(&cfn_lint)
            .arg(&file)
            .output()
            .expect("cfn-lint runs");
        std::fs::remove_dir_all(&folder).ok();
        assert!(
            output.status.success() && output.stdout.is_empty(),
            "{}: cfn-lint reports:\n{}{}",
            project.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn every_diagram_parses_with_mermaid() {
    let tools = repo().join(".ci/npm-statemachines");
    assert!(
        tools.join("node_modules/mermaid/package.json").is_file(),
        "Mermaid is not installed: run `bash .ci/install-statemachines`"
    );
    let folder = scratch("mermaid");
    let mut files = Vec::new();
    for project in projects() {
        let manifest = generate(&project);
        for (path, bytes) in manifest.files() {
            if path.ends_with(".mmd") {
                let file = folder.join(format!("{}-{}", files.len(), path.replace('/', "-")));
                std::fs::write(&file, bytes).expect("written");
                files.push(file);
            }
        }
    }
    assert!(files.len() >= 8, "a diagram per workflow");
    let output = Command::new("node")
        .arg(tools.join("check-mermaid.mjs"))
        .args(&files)
        .current_dir(&tools)
        .output()
        .expect("node runs");
    std::fs::remove_dir_all(&folder).ok();
    assert!(
        output.status.success(),
        "diagrams Mermaid rejects:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn generation_is_deterministic() {
    for project in projects() {
        let first: Vec<(String, Vec<u8>)> = generate(&project)
            .files()
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
            .collect();
        let second: Vec<(String, Vec<u8>)> = generate(&project)
            .files()
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
            .collect();
        assert_eq!(first, second);
        assert!(first
            .iter()
            .any(|(path, _)| path == "statemachines/template.yaml"));
    }
}
