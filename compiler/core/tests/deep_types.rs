//! Issue 15, item 7: long chains of aliases or records used to overflow the
//! stack (`build` aborted at 10,000 aliases or 7,000 records). Resolution
//! now reports types nested deeper than 64 levels (E309) and cuts them, so
//! that no later phase recurses deeper. Each project is generated here and
//! checked and built on a thread with the main thread's stack (8 MiB) under
//! a 60 s hang guard: an overflow aborts the test process, a hang fails it.

mod support;

use std::sync::mpsc;
use std::time::Duration;
use support::one_file_project;
use weft_compiler::{build, check, BuildError, SourceMap};

/// The chains this test generates.
#[derive(Clone, Copy, Debug)]
enum Chain {
    /// `type A0 = A1`, ..., `type An = string`.
    Aliases,
    /// `record R0 { next: R1? }`, ..., `record Rn { leaf: string }`.
    Records,
    /// Records as above, the last one pointing back at the first.
    RecordCycle,
    /// `record A0 { a: A1, b: A1 }`, ..., `record An { @pii leaf: string }`:
    /// each holds the next twice, so the last is reached along 2^n paths
    /// (issue 15, item 9: `weft check` doubled its work per level).
    Doubled,
}

/// A project whose event payload holds the top of a chain of `length`.
fn project(chain: Chain, length: usize) -> SourceMap {
    let mut text = String::from("package demo\n\n");
    for level in 0..length {
        let next = level + 1;
        let last = next == length;
        match chain {
            Chain::Aliases if last => text.push_str(&format!("type A{level} = string\n\n")),
            Chain::Aliases => text.push_str(&format!("type A{level} = A{next}\n\n")),
            Chain::Records if last => {
                text.push_str(&format!("record A{level} {{\n  leaf: string\n}}\n\n"));
            }
            Chain::RecordCycle if last => {
                text.push_str(&format!("record A{level} {{\n  next: A0?\n}}\n\n"));
            }
            Chain::Doubled if last => {
                text.push_str(&format!(
                    "record A{level} {{\n  @pii\n  leaf: string\n}}\n\n"
                ));
            }
            Chain::Doubled => text.push_str(&format!(
                "record A{level} {{\n  a: A{next}\n  b: A{next}\n}}\n\n"
            )),
            Chain::Records | Chain::RecordCycle => {
                text.push_str(&format!("record A{level} {{\n  next: A{next}?\n}}\n\n"));
            }
        }
    }
    text.push_str(
        r#"/// Sales.
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

/// The ledger.
system ledger {
  domain sales
  kind ledger
  hosting cloud
  connectivity reliable
  consumes Deep v1
}

/// Holds the top of the chain.
event Deep {
  producer shop
  delivery near_real_time
  retention 7d

  version 1 {
    body: A0
  }
}
"#,
    );
    one_file_project(text)
}

/// What checking and building a generated project gave: the codes found,
/// and whether the build generated files.
struct Outcome {
    codes: Vec<String>,
    built: bool,
}

/// Checks and builds the project on a thread with an 8 MiB stack (the
/// main thread's) under a 60 s guard.
fn check_and_build(chain: Chain, length: usize) -> Outcome {
    let (send, receive) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let sources = project(chain, length);
            let result = check(&sources);
            let codes = result
                .diagnostics
                .iter()
                .map(|diagnostic| diagnostic.code.as_str().to_string())
                .collect();
            let built = match build(&result, &[]) {
                Ok(_) => true,
                Err(BuildError::HasErrors) => false,
                Err(BuildError::NoManifest) => panic!("the manifest is missing"),
                Err(BuildError::TargetsFailed(failures)) => panic!("targets failed: {failures:?}"),
            };
            let _ = send.send(Outcome { codes, built });
        })
        .expect("thread starts");
    receive
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("{chain:?} of {length} did not finish within 60 s"))
}

#[test]
fn ten_thousand_aliases_are_reported_not_overflowing() {
    let outcome = check_and_build(Chain::Aliases, 10_000);
    assert!(outcome.codes.iter().any(|code| code == "E309"));
    assert!(!outcome.built);
}

#[test]
fn seven_thousand_nested_records_are_reported_not_overflowing() {
    let outcome = check_and_build(Chain::Records, 7_000);
    assert!(outcome.codes.iter().any(|code| code == "E309"));
    assert!(!outcome.built);
}

#[test]
fn every_chain_builds_up_to_the_limit_and_is_reported_past_it() {
    for chain in [Chain::Aliases, Chain::Records, Chain::RecordCycle] {
        for length in [1, 10, 64, 65, 200, 3_000] {
            let outcome = check_and_build(chain, length);
            let deep = outcome.codes.iter().filter(|code| *code == "E309").count();
            if length <= 64 {
                assert_eq!(deep, 0, "{chain:?} of {length}: {:?}", outcome.codes);
                assert!(outcome.built, "{chain:?} of {length}: {:?}", outcome.codes);
            } else {
                assert!(deep > 0, "{chain:?} of {length}: {:?}", outcome.codes);
                assert!(!outcome.built);
            }
        }
    }
}

#[test]
fn records_holding_the_next_twice_are_searched_once_each() {
    for length in [2, 10, 24, 40, 64] {
        let outcome = check_and_build(Chain::Doubled, length);
        assert!(outcome.codes.is_empty(), "{length}: {:?}", outcome.codes);
        assert!(outcome.built, "{length}");
    }
}
