//! The checker (resolution and every check, compatibility included) never
//! panics, whatever the parser lets through: the example project is mutated
//! at random — characters deleted, duplicated, replaced by ones that matter
//! to the grammar, whole lines dropped — and checked.

#[path = "support/files.rs"]
mod files;

use files::{files_under, is_weft, repo};
use proptest::prelude::*;
use weft_compiler::{check, Origin, SourceMap};

const ALPHABET: &[char] = &[
    '{', '}', '(', ')', '"', ':', '=', ',', '.', '?', '\n', ' ', 'a', '1', 'v', '@',
];

fn example_files() -> Vec<(String, String)> {
    let mut paths = Vec::new();
    files_under(&repo().join("examples/acme-plant"), &is_weft, &mut paths);
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("example file");
            (path.display().to_string(), text)
        })
        .collect()
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
