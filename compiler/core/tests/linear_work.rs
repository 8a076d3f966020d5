//! Issue 15, item 11: inputs that used to take quadratic work. Each is
//! generated here and checked on a thread under a 60 s hang guard; sized so
//! that the fixed (linear) code takes a second or two in a debug build and
//! the quadratic code would take minutes.

mod support;

use std::sync::mpsc;
use std::time::Duration;
use support::one_file_project;
use weft_compiler::check;

/// The codes `check` reports for one generated file, under the guard.
fn codes_of(text: String) -> Vec<String> {
    let (send, receive) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let codes: Vec<String> = check(&one_file_project(text))
                .diagnostics
                .iter()
                .map(|diagnostic| diagnostic.code.as_str().to_string())
                .collect();
            let _ = send.send(codes);
        })
        .expect("thread starts");
    receive
        .recv_timeout(Duration::from_secs(60))
        .expect("the check finishes within 60 s")
}

/// An enum of `symbols` symbols, the last one a duplicate of the first.
fn big_enum(symbols: usize) -> String {
    let mut text = String::from("package demo\n\n/// Many symbols.\nenum Big {\n");
    for symbol in 0..symbols {
        text.push_str(&format!("  S{symbol}\n"));
    }
    text.push_str("  S0\n}\n");
    text
}

#[test]
fn duplicate_enum_symbols_are_found_in_linear_time() {
    // 50,000 symbols took 5 s against 0.17 s at 10,000 (release).
    for symbols in [10, 1_000, 150_000] {
        let codes = codes_of(big_enum(symbols));
        assert_eq!(codes, ["E314"], "{symbols}");
    }
}

/// An event with `versions` versions in a non-transitive `mode`, each
/// adding an optional field to the last.
fn many_versions(versions: usize, mode: &str) -> String {
    let mut text = String::from(
        r#"package demo

/// Sales.
domain sales {
  owner "Sales Team"
}

/// The shop.
system shop {
  domain sales
  kind erp
  hosting cloud
  connectivity reliable
}

/// Many versions.
event Many {
  producer shop
"#,
    );
    text.push_str(&format!(
        "  compatibility {mode}\n  delivery near_real_time\n  retention 7d\n"
    ));
    for version in 1..=versions {
        text.push_str(&format!(
            "\n  version {version} {{\n    id: string\n    f{version}: string?\n  }}\n"
        ));
    }
    text.push_str("}\n");
    text
}

#[test]
fn non_transitive_histories_are_checked_version_by_version() {
    // 3,000 versions of one event took 13 s (release): each version's
    // check indexed every earlier version.
    for mode in ["BACKWARD", "FORWARD", "FULL"] {
        for versions in [2, 50, 8_000] {
            let codes = codes_of(many_versions(versions, mode));
            assert!(
                codes.iter().all(|code| code == "W503"),
                "{mode} {versions}: {codes:?}"
            );
        }
    }
}
