//! The VS Code extension (`editors/vscode`): its TextMate grammar passes its
//! test file under `vscode-tmgrammar-test`, knows every keyword, and the
//! extension packages with `vsce`. The tools come from
//! `.ci/install-vscode-tools` (part of the README's test command).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cache() -> PathBuf {
    let base = std::env::var_os("WEFT_CI_CACHE").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache/weft-ci"),
        PathBuf::from,
    );
    base.join("vscode")
}

fn tool(name: &str) -> PathBuf {
    let path = cache().join("tools/node_modules/.bin").join(name);
    assert!(
        path.exists(),
        "{} is missing: run `bash .ci/install-vscode-tools`",
        path.display()
    );
    path
}

#[test]
fn the_grammar_passes_its_test_file() {
    let extension = repository().join("editors/vscode");
    let output = Command::new(tool("vscode-tmgrammar-test"))
        .arg("-g")
        .arg(extension.join("syntaxes/weft.tmLanguage.json"))
        .arg(extension.join("tests/syntax.weft"))
        .output()
        .expect("vscode-tmgrammar-test runs");
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_grammar_knows_every_keyword() {
    let grammar =
        std::fs::read_to_string(repository().join("editors/vscode/syntaxes/weft.tmLanguage.json"))
            .expect("grammar");
    let grammar: serde_json::Value = serde_json::from_str(&grammar).expect("JSON");
    let text = grammar["repository"].to_string();
    for keyword in weft_syntax::keywords::KEYWORDS {
        let alternative = format!("|{keyword}|");
        let first = format!("({keyword}|");
        let last = format!("|{keyword})");
        assert!(
            text.contains(&alternative) || text.contains(&first) || text.contains(&last),
            "the grammar does not colour the keyword `{keyword}`"
        );
    }
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn the_extension_packages_with_vsce() {
    let vsce = tool("vsce");
    let scratch = std::env::temp_dir().join(format!("weft-vsce-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let extension = scratch.join("weft");
    copy(&repository().join("editors/vscode"), &extension);
    let dependencies = cache().join("extension/node_modules");
    assert!(dependencies.exists(), "run `bash .ci/install-vscode-tools`");
    copy(&dependencies, &extension.join("node_modules"));
    let package = scratch.join("weft.vsix");
    let output = Command::new(vsce)
        .current_dir(&extension)
        .args(["package", "--out"])
        .arg(&package)
        .output()
        .expect("vsce runs");
    let bytes = std::fs::read(&package).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // A .vsix is a zip: its entry names are stored as plain text.
    let listing = String::from_utf8_lossy(&bytes);
    for entry in [
        "extension/package.json",
        "extension/extension.js",
        "extension/syntaxes/weft.tmLanguage.json",
        "extension/language-configuration.json",
        "extension/node_modules/vscode-languageclient/package.json",
    ] {
        assert!(listing.contains(entry), "the package lacks {entry}");
    }
    assert!(
        !listing.contains("extension/tests/"),
        "test files were packaged"
    );
}
