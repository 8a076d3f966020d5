//! The hand-written parser against the pest oracle: on every weft file of
//! the repository (fixtures, examples, the standard library, the docs), on
//! generated valid programs and on mutations of them, the two agree.
//!
//! Agreement means: when the oracle accepts a text, the parser accepts it
//! too and gives the identical tree (items with every span, and comments);
//! when the oracle rejects it, the parser reports at least one error.

mod support;

use std::path::{Path, PathBuf};
use support::agree;

fn weft_files(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            weft_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "weft") {
            out.push(path);
        }
    }
}

#[test]
fn every_weft_file_of_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for folder in ["tests", "examples", "stdlib/std", "docs"] {
        weft_files(&root.join(folder), &mut files);
    }
    assert!(files.len() > 300, "only {} files found", files.len());
    let mut clean = 0;
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).expect("readable")).into_owned();
        if let Err(problem) = agree(&text) {
            panic!("{}: {problem}", path.display());
        }
        if weft_syntax::parse_file_with_oracle(weft_syntax::FileId(0), &text).is_clean() {
            clean += 1;
        }
    }
    // Most files are valid: the comparison of trees is what this test is for.
    assert!(clean > 250, "only {clean} clean files");
}
