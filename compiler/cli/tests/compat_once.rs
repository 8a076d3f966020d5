//! Issue 14, item 7: `weft compat` reports each change once, at the
//! declaration that changed, with the contracts it affects listed in it.
//!
//! The projects are generated: one record `Leaf` at the end of a chain of
//! references that many operations (responses) and events reach. The new
//! project removes a required field from `Leaf` and adds a symbol to an
//! enum they all use; before the fix each was reported once per operation
//! and event (and per path), now once per kind of finding.

mod support;

use support::scratch;

use std::path::Path;
use std::process::{Command, Output};

const WEFT: &str = env!("CARGO_BIN_EXE_weft");

/// How many operations and how many events reach `Leaf`.
const USERS: usize = 40;
/// How many records lie between the contracts and `Leaf`.
const CHAIN: usize = 6;

/// The project: `new` removes `Leaf.city` and adds `Status.HELD`.
fn project(new: bool) -> String {
    let mut text = String::from(
        "package shop\n\n/// Sales.\ndomain sales {\n  owner \"Sales Team\"\n}\n\n/// The web shop.\nsystem webshop {\n  domain sales\n  kind other\n  hosting cloud\n  connectivity reliable\n}\n\n",
    );
    text.push_str("/// Reads every event.\nsystem billing {\n  domain sales\n  kind other\n  hosting cloud\n  connectivity reliable\n");
    for index in 0..USERS {
        text.push_str(&format!("  consumes Moved{index} v1\n"));
    }
    text.push_str("}\n\n/// Where an order stands.\nenum Status {\n  OPEN\n  PAID\n");
    if new {
        text.push_str("  HELD\n");
    }
    text.push_str("}\n\n/// The end of the chain.\nrecord Leaf {\n  zip: string\n");
    if !new {
        text.push_str("  city: string\n");
    }
    text.push_str("  status: Status\n}\n\n");
    text.push_str("/// Link 0.\nrecord Link0 {\n  leaf: Leaf\n  other: Leaf?\n}\n\n");
    for link in 1..CHAIN {
        text.push_str(&format!(
            "/// Link {link}.\nrecord Link{link} {{\n  next: Link{}\n  all: list<Link{}>\n}}\n\n",
            link - 1,
            link - 1
        ));
    }
    let top = CHAIN - 1;
    text.push_str(&format!(
        "/// Orders.\napi Orders {{\n  host webshop\n  version {}\n  auth oauth2 client_credentials scopes \"orders.read\"\n",
        if new { "1.1.0" } else { "1.0.0" }
    ));
    for index in 0..USERS {
        text.push_str(&format!(
            "  /// Read {index}.\n  operation read{index} GET \"/read{index}/{{id}}\" {{\n    path id: string\n    response 200 Link{top}\n  }}\n"
        ));
    }
    text.push_str("}\n\n");
    for index in 0..USERS {
        text.push_str(&format!(
            "/// Moved {index}.\nevent Moved{index} {{\n  producer webshop\n  key id\n\n  version 1 {{\n    id: string\n    at: Link{top}\n  }}\n}}\n\n"
        ));
    }
    text
}

fn write_project(dir: &Path, new: bool) {
    std::fs::create_dir_all(dir).expect("project folder");
    std::fs::write(
        dir.join("weft.toml"),
        "[project]\nname = \"shop\"\nversion = \"1.0.0\"\ncompatibility = \"BACKWARD_TRANSITIVE\"\n",
    )
    .expect("manifest");
    std::fs::write(dir.join("model.weft"), project(new)).expect("model");
}

fn compat(dir: &Path, format: &[&str]) -> Output {
    let mut args = vec!["compat", "new", "--against", "old"];
    args.extend_from_slice(format);
    Command::new(WEFT)
        .current_dir(dir)
        .args(&args)
        .env("NO_COLOR", "1")
        .output()
        .expect("weft runs")
}

#[test]
fn a_change_to_a_shared_record_is_reported_once_at_the_record() {
    let dir = scratch("shared");
    write_project(&dir.join("old"), false);
    write_project(&dir.join("new"), true);
    // Both projects check clean on their own.
    for side in ["old", "new"] {
        let check = Command::new(WEFT)
            .current_dir(&dir)
            .args(["check", side])
            .output()
            .expect("weft runs");
        assert_eq!(
            check.status.code(),
            Some(0),
            "{side}: {}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
    let output = compat(&dir, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let findings = report["diagnostics"].as_array().expect("diagnostics");
    let about = |declaration: &str| -> Vec<&serde_json::Value> {
        findings
            .iter()
            .filter(|finding| finding["declaration"].as_str() == Some(declaration))
            .collect()
    };
    // `Leaf.city` removed: old clients cannot read responses (E233) and
    // published event versions changed in place (E222): once each.
    let leaf = about("shop.Leaf");
    let mut leaf_codes: Vec<&str> = leaf
        .iter()
        .filter_map(|finding| finding["code"].as_str())
        .collect();
    leaf_codes.sort_unstable();
    assert_eq!(leaf_codes, ["E222", "E233"], "{leaf:#?}");
    for finding in &leaf {
        let affects = finding["affects"].as_array().expect("affects");
        assert_eq!(affects.len(), USERS, "{finding:#}");
        // Reported at the record that lost the field, in the new sources.
        let line = finding["location"]["line"].as_u64().expect("line") as usize;
        let text = project(true);
        let leaf_line = text
            .lines()
            .position(|line| line.starts_with("record Leaf"))
            .expect("Leaf")
            + 1;
        assert!(
            (leaf_line..leaf_line + 4).contains(&line),
            "at line {line}, Leaf is at {leaf_line}: {finding:#}"
        );
    }
    let e233 = leaf
        .iter()
        .find(|finding| finding["code"] == "E233")
        .expect("E233");
    assert_eq!(e233["path"], "Orders.Leaf.city");
    // The enum's new symbol is the enum's change (E234 for responses).
    let status = about("shop.Status");
    assert!(!status.is_empty(), "{findings:#?}");
    for finding in &status {
        assert_eq!(finding["affects"].as_array().map(Vec::len), Some(USERS));
    }
    // Nothing else repeats per operation or event: apart from the API's
    // version note, every finding is about a shared declaration.
    assert!(
        findings.len() <= 6,
        "{} findings: {findings:#?}",
        findings.len()
    );
    // The human report names the declaration and lists what it affects.
    let human = compat(&dir, &[]);
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(stderr.contains(&format!(
        "reported once for the {USERS} contracts it affects"
    )));
    assert!(stderr.contains("and 30 more"), "{stderr}");
}
