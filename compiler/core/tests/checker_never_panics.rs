//! The checker (resolution and every check, compatibility included) never
//! panics, whatever the parser lets through: the example project is mutated
//! at random — characters deleted, duplicated, replaced by ones that matter
//! to the grammar, whole lines dropped — and checked.

use proptest::prelude::*;
use std::path::Path;
use weft_compiler::{check, Origin, SourceMap};

const ALPHABET: &[char] = &[
    '{', '}', '(', ')', '"', ':', '=', ',', '.', '?', '\n', ' ', 'a', '1', 'v', '@',
];

fn example_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/acme-plant");
    let mut files = Vec::new();
    let mut pending = vec![root];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("example folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|extension| extension == "weft")
            {
                files.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).expect("example file"),
                ));
            }
        }
    }
    files.sort();
    files
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn mutated_example_projects_check_without_panicking(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), 0usize..4, 0usize..ALPHABET.len()), 1..16)
    ) {
        let mut files = example_files();
        for (file, position, action, symbol) in edits {
            let count = files.len();
            let (_, text) = &mut files[file.index(count)];
            let mut chars: Vec<char> = text.chars().collect();
            if chars.is_empty() {
                continue;
            }
            let at = position.index(chars.len());
            match action {
                0 => { chars.remove(at); }
                1 => chars.insert(at, ALPHABET[symbol]),
                2 => { let c = chars[at]; chars.insert(at, c); }
                _ => {
                    // Drop the whole line around `at`.
                    let start = chars[..at].iter().rposition(|c| *c == '\n').map_or(0, |index| index + 1);
                    let end = chars[at..].iter().position(|c| *c == '\n').map_or(chars.len(), |index| at + index);
                    chars.drain(start..end);
                }
            }
            *text = chars.into_iter().collect();
        }
        let mut sources = SourceMap::with_stdlib();
        for (name, text) in files {
            sources.add(name, text, Origin::Project);
        }
        let result = check(&sources);
        for diagnostic in &result.diagnostics {
            let file = sources.get(diagnostic.primary.span.file).expect("diagnostic names a known file");
            prop_assert!(diagnostic.primary.span.end as usize <= file.text.len());
        }
    }
}
