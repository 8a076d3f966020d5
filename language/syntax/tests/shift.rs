//! `Shift` moves every span of a tree: the tree of a text parsed after some
//! padding equals the tree of the text alone, shifted by the padding's
//! length. Whole trees are compared, so a span the pass misses (in an item,
//! a comment or an error's labels and fixes) fails the test for every file
//! where that node occurs.

use std::path::{Path, PathBuf};
use weft_base::{Edit, Fix};
use weft_syntax::split::split;
use weft_syntax::syntax::Shift;
use weft_syntax::{codes, parse_file, Diagnostic, FileId, ParsedFile, Span};

/// Every `.weft` file of the repository's fixtures, examples, standard
/// library and docs (files that are not UTF-8 are skipped: they never
/// reach the parser).
fn weft_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    let mut pending: Vec<PathBuf> = ["tests/fixtures", "examples", "stdlib", "docs"]
        .iter()
        .map(|dir| root.join(dir))
        .collect();
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir).expect("a readable directory");
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "weft") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn assert_shifted_equal(name: &str, padded: &ParsedFile, shifted: &ParsedFile) {
    assert_eq!(padded.items, shifted.items, "{name}: items");
    assert_eq!(padded.comments, shifted.comments, "{name}: comments");
    assert_eq!(padded.errors, shifted.errors, "{name}: errors");
    assert_eq!(
        format!("{padded:?}"),
        format!("{shifted:?}"),
        "{name}: debug form"
    );
}

#[test]
fn a_padded_file_parses_to_the_shifted_tree() {
    let files = weft_files();
    assert!(files.len() > 100, "found only {} files", files.len());
    let (mut items, mut errors) = (0, 0);
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        // A byte-order mark only counts at the very start of a file.
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let name = path.display().to_string();
        let plain = parse_file(FileId(4), text);
        items += plain.items.len();
        errors += plain.errors.len();
        // Text before the first declaration is one piece of stray text
        // from the start of the file: a comment put before it joins it.
        let stray_first = split(text)
            .chunks
            .first()
            .is_some_and(|chunk| chunk.kind.is_none());
        let pads: &[&str] = if stray_first {
            &["\n\n\n", "\n \n"]
        } else {
            &["\n\n\n", "// a comment line\n", "\n  \n// ü\n\n"]
        };
        for pad in pads {
            let padded = parse_file(FileId(4), &format!("{pad}{text}"));
            let mut shifted = plain.clone();
            shifted.shift(pad.len() as i64);
            // The pad's own comment is the only thing the shifted tree lacks.
            let mut padded_without_pad = padded.clone();
            padded_without_pad
                .comments
                .retain(|comment| comment.span.start as usize >= pad.len());
            assert_shifted_equal(&name, &padded_without_pad, &shifted);
            // And back again.
            let mut back = padded_without_pad;
            back.shift(-(pad.len() as i64));
            assert_shifted_equal(&name, &back, &plain);
        }
    }
    // The files exercise both trees and errors (fixes and labels included).
    assert!(items > 500 && errors > 20, "{items} items, {errors} errors");
}

/// A shift of zero changes nothing; the parser's errors move with their
/// secondary labels, and a diagnostic's fix (parse errors carry none
/// today) moves too.
#[test]
fn errors_move_with_their_labels_and_fixes() {
    let text = "record A {\n  a: string\n\nrecord B {\n  b: int32 = \n}\n";
    let plain = parse_file(FileId(1), text);
    assert!(plain.errors.iter().any(|error| !error.secondary.is_empty()));
    let mut same = plain.clone();
    same.shift(0);
    assert_eq!(same, plain);
    let mut moved = plain.clone();
    moved.shift(7);
    for (before, after) in plain.errors.iter().zip(&moved.errors) {
        assert_eq!(after.primary.span.start, before.primary.span.start + 7);
        assert_eq!(after.secondary.len(), before.secondary.len());
        for (label_before, label_after) in before.secondary.iter().zip(&after.secondary) {
            assert_eq!(label_after.span.start, label_before.span.start + 7);
            assert_eq!(label_after.span.end, label_before.span.end + 7);
        }
    }
    let at = |start, end| Span::new(FileId(1), start, end);
    let mut diagnostic = Diagnostic::error(codes::UNCLOSED_BLOCK, "m", at(10, 11), "here")
        .with_fix(Fix {
            title: "close it".to_string(),
            edits: vec![Edit {
                span: at(20, 20),
                text: "}".to_string(),
            }],
        });
    diagnostic.shift(-4);
    assert_eq!(diagnostic.primary.span, at(6, 7));
    let fix = diagnostic.fix.expect("the fix is kept");
    assert_eq!(fix.edits[0].span, at(16, 16));
}
