//! `weft check --fix`: the quick fixes the diagnostics carry (missing `use`,
//! misspelt name, missing `idempotent`/`audited`, missing timeout, missing
//! `dead_letter`, a consumer behind the producer's version) are shown as
//! suggestions and applied, until the project checks clean.

mod support;

use std::fs;
use std::path::Path;
use support::{scratch, weft};

fn copy(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("folder");
    for entry in fs::read_dir(from).expect("fixture").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

#[test]
fn suggestions_are_shown_and_applied_until_the_project_is_clean() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/fix/plant");
    let project = scratch("check-fix");
    copy(&fixture, &project);
    let path = project.to_str().expect("utf-8 path");

    let before = weft(&["check", path]);
    assert_eq!(before.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&before.stderr);
    for suggestion in [
        "suggestion: import `plant.orders.OrderPlaced`",
        "suggestion: change to `mes`",
        "suggestion: add `dead_letter`",
        "suggestion: add `idempotent` to `confirm`",
        "suggestion: add `audited` to `confirm`",
        "suggestion: add `timeout 30s` to the step",
    ] {
        assert!(
            stderr.contains(suggestion),
            "no `{suggestion}` in:\n{stderr}"
        );
    }

    let fixed = weft(&["check", "--fix", path]);
    let stderr = String::from_utf8_lossy(&fixed.stderr);
    assert_eq!(fixed.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("applied 8 fixes in 2 files"), "{stderr}");
    assert!(stderr.contains("no problems found"), "{stderr}");
    let landscape = fs::read_to_string(project.join("landscape.weft")).expect("landscape");
    assert!(
        landscape.contains("use plant.orders.OrderPlaced\n"),
        "{landscape}"
    );
    // Revealed by the import, fixed in the next round: the consumer moves on.
    assert!(landscape.contains("consumes OrderPlaced v2"), "{landscape}");
    let orders = fs::read_to_string(project.join("orders/orders.weft")).expect("orders");
    assert!(orders.contains("  owner mes\n"), "{orders}");
    assert!(
        orders.contains("    number: string\n  }\n  dead_letter\n}"),
        "{orders}"
    );
    assert!(
        orders.contains("    writes Order\n    audited\n    idempotent\n"),
        "{orders}"
    );
    assert!(
        orders.contains("(number: placed.number) {\n    timeout 30s\n  }"),
        "{orders}"
    );

    // Nothing left to fix: a second run changes nothing.
    let again = weft(&["check", "--fix", path]);
    assert_eq!(again.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&again.stderr).contains("applied"));
}
