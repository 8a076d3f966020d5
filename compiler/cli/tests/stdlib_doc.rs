//! Issue 14, item 12: `docs/stdlib.md` is what `weft debug stdlib-doc`
//! generates from the standard library's sources, so the reference lists
//! every std type and policy as the compiler reads them.

mod support;

use std::path::Path;
use support::weft;

#[test]
fn docs_stdlib_md_is_generated_from_the_stdlib_sources() {
    let output = weft(&["debug", "stdlib-doc"]);
    assert_eq!(output.status.code(), Some(0));
    let generated = String::from_utf8(output.stdout).expect("UTF-8");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/stdlib.md");
    let committed = std::fs::read_to_string(&path).expect("docs/stdlib.md");
    assert!(
        generated == committed,
        "docs/stdlib.md is out of date: run `cargo run -q --bin weft -- debug stdlib-doc > docs/stdlib.md`"
    );
    // Every std declaration is in it, with its kind.
    let stdlib = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../stdlib/std");
    let mut declared = 0;
    for entry in std::fs::read_dir(stdlib).expect("stdlib folder") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("source");
        for line in text.lines() {
            let mut words = line.split_whitespace();
            let (Some(kind), Some(name)) = (words.next(), words.next()) else {
                continue;
            };
            if !matches!(kind, "type" | "record" | "enum" | "policy") || line.starts_with(' ') {
                continue;
            }
            declared += 1;
            let heading = format!("### {kind} `{name}`");
            assert!(committed.contains(&heading), "{heading} is missing");
        }
    }
    assert!(declared >= 40, "{declared}");
}

/// The language reference's example policies have names of their own: a
/// policy named like a std one but with other rules would teach readers
/// that `apply finance_posting` means the standard rules.
#[test]
fn example_policies_do_not_reuse_std_names() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let std_policies =
        std::fs::read_to_string(root.join("stdlib/std/policies.weft")).expect("std policies");
    let names: Vec<&str> = std_policies
        .lines()
        .filter_map(|line| line.strip_prefix("policy "))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect();
    assert!(names.contains(&"finance_posting"), "{names:?}");
    for doc in ["docs/language.md", "docs/syntax-tour.weft", "README.md"] {
        let text = std::fs::read_to_string(root.join(doc)).expect("doc");
        for line in text.lines() {
            if let Some(rest) = line.trim_start().strip_prefix("policy ") {
                let name = rest.split_whitespace().next().unwrap_or_default();
                assert!(
                    !names.contains(&name),
                    "{doc} declares `policy {name}`, a std name"
                );
            }
        }
    }
}
