//! A misspelt clause keyword through the whole compiler: in every valid
//! check fixture, each line that starts with a clause keyword gets that
//! keyword's second and third letters swapped (`oepration`, `vresion`,
//! `tmieout`), as a hand typing fast writes it. Each such file must report
//! exactly one finding, the syntax error (E001) at the word, and its quick
//! fix must give the fixture back byte for byte: the member is read as the
//! keyword it misspells (or listed as that clause), so nothing that refers
//! to it, or needs it, reports it missing too. See docs/diagnostics/E001.md.

#[path = "support/files.rs"]
mod files;

use std::collections::BTreeSet;
use weft_compiler::fix::apply_fixes;
use weft_compiler::{check, Origin, SourceMap};
use weft_syntax::keywords::{
    is_keyword, API_CLAUSES, DOMAIN_CLAUSES, ENTITY_CLAUSES, EVENT_CLAUSES, OPERATION_MEMBERS,
    POLICY_RULES, STEP_KEYWORDS, STEP_OPTIONS, SYSTEM_CLAUSES, TEST_MEMBERS, WORKFLOW_CLAUSES,
};

/// The words that start a member of some body, long enough that a swap
/// leaves a word the did-you-mean rule still ties to them.
fn clause_keywords() -> BTreeSet<&'static str> {
    [
        DOMAIN_CLAUSES,
        SYSTEM_CLAUSES,
        ENTITY_CLAUSES,
        EVENT_CLAUSES,
        API_CLAUSES,
        POLICY_RULES,
        WORKFLOW_CLAUSES,
        STEP_KEYWORDS,
        STEP_OPTIONS,
        TEST_MEMBERS,
        OPERATION_MEMBERS,
    ]
    .into_iter()
    .flatten()
    .copied()
    .filter(|keyword| keyword.len() >= 4)
    .collect()
}

/// `word` with its second and third letters swapped, if that makes another
/// word that is not itself a keyword.
fn swapped(word: &str) -> Option<String> {
    let mut letters: Vec<char> = word.chars().collect();
    letters.swap(1, 2);
    let misspelt: String = letters.into_iter().collect();
    (misspelt != word && !is_keyword(&misspelt)).then_some(misspelt)
}

#[test]
fn a_misspelt_clause_keyword_is_one_error_whose_fix_gives_the_text_back() {
    let mut paths = Vec::new();
    let folder = files::repo().join("tests/fixtures/check/ok");
    files::files_under(&folder, &files::is_weft, &mut paths);
    let keywords = clause_keywords();
    let mut misspelt_lines = 0;
    let mut problems = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("readable");
        let mut offset = 0;
        for (index, line) in text.split_inclusive('\n').enumerate() {
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            let start = offset;
            offset += line.len();
            // Declarations start at column 0; members are indented.
            if indent == 0 {
                continue;
            }
            let at = start + indent;
            let rest = &text[at..];
            let word_len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let word = &rest[..word_len];
            // A field named like a keyword (`wait: duration`) is a name.
            let names_a_field = rest[word_len..].starts_with(':');
            if names_a_field || !keywords.contains(word) {
                continue;
            }
            let Some(misspelt) = swapped(word) else {
                continue;
            };
            misspelt_lines += 1;
            let typed = format!("{}{misspelt}{}", &text[..at], &text[at + word_len..]);
            let mut sources = SourceMap::with_stdlib();
            let file = sources.add("main.weft".to_string(), typed, Origin::Project);
            let diagnostics = check(&sources).diagnostics;
            let fixed = apply_fixes(&sources, &diagnostics)
                .into_iter()
                .find(|fixed| fixed.file == file)
                .map(|fixed| fixed.text);
            let codes: Vec<&str> = diagnostics
                .iter()
                .map(|found| found.code.as_str())
                .collect();
            if codes != ["E001"] || fixed.as_deref() != Some(text.as_str()) {
                problems.push(format!(
                    "{}:{} `{word}` written `{misspelt}`: {codes:?}{}",
                    path.display(),
                    index + 1,
                    if fixed.as_deref() == Some(text.as_str()) {
                        ""
                    } else {
                        ", and the fixes do not give the text back"
                    }
                ));
            }
        }
    }
    assert!(
        misspelt_lines > 1_000,
        "only {misspelt_lines} lines misspelt"
    );
    assert!(
        problems.is_empty(),
        "{} of {misspelt_lines}:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
