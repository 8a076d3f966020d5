//! `weft check --fix`: the quick fixes the diagnostics carry (missing `use`,
//! misspelt name, clause keyword, argument or field, missing
//! `idempotent`/`audited`, missing timeout, missing `dead_letter`, a
//! consumer behind the producer's version) are shown as suggestions and
//! applied, until the project checks clean.

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
        "suggestion: change to `base`",
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
    assert!(stderr.contains("applied 9 fixes in 2 files"), "{stderr}");
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
        orders.contains("  version 1.0.0\n  base \"/orders\"\n"),
        "{orders}"
    );
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

/// A call whose options block is written but holds no `timeout` (empty, or
/// a `retry` only) gets the option inside that block: before, the fix wrote
/// a second block after the first, which does not parse (E001), and a
/// block with other options got no fix at all. A call without a block, in
/// a branch, gets one at its own indentation.
#[test]
fn a_missing_timeout_goes_into_the_options_block_already_written() {
    let name = "timeouts_in_option_blocks.weft";
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/fix")
        .join(name);
    let folder = scratch("check-fix-option-blocks");
    fs::create_dir_all(&folder).expect("folder");
    let file = folder.join(name);
    fs::copy(&fixture, &file).expect("copy");
    let path = file.to_str().expect("utf-8 path");

    let before = weft(&["check", path]);
    let stderr = String::from_utf8_lossy(&before.stderr);
    assert!(stderr.contains("3 errors, 0 warnings"), "{stderr}");
    assert_eq!(
        stderr
            .matches("suggestion: add `timeout 30s` to the step")
            .count(),
        3,
        "{stderr}"
    );

    let fixed = weft(&["check", "--fix", path]);
    let stderr = String::from_utf8_lossy(&fixed.stderr);
    assert_eq!(fixed.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("applied 3 fixes in 1 file"), "{stderr}");
    let text = fs::read_to_string(&file).expect("fixed file");
    assert!(
        text.contains("(number: change.number) {\n    timeout 30s\n  }\n"),
        "{text}"
    );
    assert!(
        text.contains("{\n    retry 3 every 1s\n    timeout 30s\n  }\n"),
        "{text}"
    );
    // The block opened for the call in the branch is laid out as `weft
    // fmt` lays it out: at the call's depth, not at a top-level step's.
    assert!(
        text.contains(
            "      call checked = ProductionOrders.getOrder(number: change.number) {\n        \
             timeout 30s\n      }\n    }\n"
        ),
        "{text}"
    );
    let formatted = weft(&["fmt", "--check", path]);
    assert_eq!(
        formatted.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&formatted.stderr)
    );
}

/// A fixture of misspellings in `tests/fixtures/fix/`: checked, it reports
/// `errors` errors and offers to change a word to each of `meant`; after
/// `weft check --fix` (one fix per error) it checks clean and holds each
/// text of `written`.
struct Misspellings {
    fixture: &'static str,
    errors: usize,
    meant: &'static [&'static str],
    written: &'static [&'static str],
}

fn assert_fixed(case: &Misspellings) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/fix")
        .join(case.fixture);
    let folder = scratch(&format!("check-fix-{}", case.fixture));
    fs::create_dir_all(&folder).expect("folder");
    let file = folder.join(case.fixture);
    fs::copy(&fixture, &file).expect("copy");
    let path = file.to_str().expect("utf-8 path");

    let before = weft(&["check", path]);
    assert_eq!(before.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&before.stderr);
    for meant in case.meant {
        let suggestion = format!("suggestion: change to `{meant}`");
        assert!(
            stderr.contains(&suggestion),
            "no `{suggestion}` in:\n{stderr}"
        );
    }
    let errors = format!("{} errors, 0 warnings", case.errors);
    assert!(stderr.contains(&errors), "not {errors}:\n{stderr}");

    let fixed = weft(&["check", "--fix", path]);
    let stderr = String::from_utf8_lossy(&fixed.stderr);
    assert_eq!(fixed.status.code(), Some(0), "{stderr}");
    let applied = format!("applied {} fixes in 1 file\n", case.errors);
    assert!(stderr.contains(&applied), "not {applied}:\n{stderr}");
    let text = fs::read_to_string(&file).expect("fixed");
    for written in case.written {
        assert!(text.contains(written), "no `{written}` in:\n{text}");
    }
}

/// A workflow's misspelt arguments, fields and variable (one letter off
/// each) get the name meant as their fix, and are each one error: none of
/// the parameters or fields they stand for is also reported missing (E312).
#[test]
fn misspelt_names_in_a_workflow_are_one_error_each_and_fixed() {
    assert_fixed(&Misspellings {
        fixture: "misspelt_names.weft",
        errors: 6,
        meant: &["number", "body", "needed_by", "po_number", "change"],
        written: &[
            "    number: change.po_number,\n    body: { needed_by: change.needed_by },",
            "withdrawExpedite(number: change.po_number)",
            "v1(po_number: change.po_number,",
        ],
    });
}

/// A misspelt keyword inside a clause, clause value, key or built-in type
/// is one error each, whose fix writes the word meant (a misspelt
/// `decimal(18, 4)` is not also a declared type given arguments, E308).
#[test]
fn misspelt_values_and_keywords_are_one_error_each_and_fixed() {
    assert_fixed(&Misspellings {
        fixture: "misspelt_values.weft",
        errors: 8,
        meant: &[
            "cloud",
            "reliable",
            "number",
            "po_number",
            "decimal",
            "list",
            "none",
            "event",
        ],
        written: &[
            "  hosting cloud\n  connectivity reliable\n}",
            "  key number\n  number: string\n  quantity: decimal(18, 4)\n  tags: list<string>\n",
            "  key po_number\n",
            "  auth none\n",
            "  trigger event OrderReleased v1 as released\n",
        ],
    });
}

/// Every line's leading two-space levels written with `unit` instead.
fn reindent(text: &str, unit: &str) -> String {
    text.split('\n')
        .map(|line| {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            format!("{}{}", unit.repeat(spaces / 2), &line[spaces..])
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn reindent_folder(folder: &Path, unit: &str) {
    for entry in fs::read_dir(folder).expect("folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            reindent_folder(&path, unit);
        } else if path.extension().is_some_and(|ext| ext == "weft") {
            let text = fs::read_to_string(&path).expect("source");
            fs::write(&path, reindent(&text, unit)).expect("write");
        }
    }
}

/// The same project indented with four spaces, and with tabs: the fixes
/// come out in the file's own indentation, and the project checks clean.
#[test]
fn fixes_follow_the_files_indentation() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/fix/plant");
    for (name, unit) in [("four-spaces", "    "), ("tabs", "\t")] {
        let project = scratch(&format!("check-fix-{name}"));
        copy(&fixture, &project);
        reindent_folder(&project, unit);
        let path = project.to_str().expect("utf-8 path");
        let fixed = weft(&["check", "--fix", path]);
        let stderr = String::from_utf8_lossy(&fixed.stderr);
        assert_eq!(fixed.status.code(), Some(0), "{name}: {stderr}");
        assert!(stderr.contains("applied 9 fixes in 2 files"), "{stderr}");
        let orders = fs::read_to_string(project.join("orders/orders.weft")).expect("orders");
        for expected in [
            "    number: string\n  }\n  dead_letter\n}",
            "    writes Order\n    audited\n    idempotent\n",
            "(number: placed.number) {\n    timeout 30s\n  }",
        ] {
            let expected = reindent(expected, unit);
            assert!(
                orders.contains(&expected),
                "{name}: no {expected:?} in:\n{orders}"
            );
        }
        // Not one line is indented the fixes' way rather than the file's.
        for file in ["orders/orders.weft", "landscape.weft"] {
            let text = fs::read_to_string(project.join(file)).expect("source");
            for line in text.lines() {
                let spaces = line.len() - line.trim_start_matches(' ').len();
                let wrong = if unit == "\t" {
                    spaces > 0
                } else {
                    spaces % 4 != 0
                };
                assert!(!wrong, "{name}: {file} has {line:?} in:\n{text}");
            }
        }
    }
}
