//! Issue 15, item 9: comparisons that used to hang or explode (JSON Schema
//! and Avro file mode, and the walk over canonical schemas of a model).
//! Each shape is generated here and compared on a thread under a 60 s hang
//! guard; the fixed comparison finishes in well under a second.

use std::sync::mpsc;
use std::time::Duration;
use weft_compat::files::compare_files;
use weft_compat::schema::{FieldSchema, RecordSchema};
use weft_compat::walk::compare;
use weft_compat::{Finding, Labels, Schema};

/// Compares two files in `mode` on a thread, failing after 60 s.
fn compare_guarded(old: String, new: String, extension: &str, mode: &str) -> Vec<Finding> {
    let (send, receive) = mpsc::channel();
    let (old_name, new_name) = (format!("old.{extension}"), format!("new.{extension}"));
    let mode = mode.to_string();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let findings = compare_files(&old, &new, &old_name, &new_name, &mode)
                .expect("both files are schemas");
            let _ = send.send(findings);
        })
        .expect("thread starts");
    receive
        .recv_timeout(Duration::from_secs(60))
        .expect("the comparison finishes within 60 s")
}

fn codes(findings: &[Finding]) -> Vec<&str> {
    findings
        .iter()
        .map(|finding| finding.code.as_str())
        .collect()
}

/// A JSON Schema whose `anyOf` names itself `copies` times, besides a
/// plain alternative of `kind` (the 149-byte schema of the issue is 2
/// copies and `string`).
fn self_referring_any_of(copies: usize, kind: &str) -> String {
    let mut alternatives: Vec<String> = (0..copies)
        .map(|_| r##"{"$ref": "#/$defs/node"}"##.to_string())
        .collect();
    alternatives.push(format!(r#"{{"type": "{kind}"}}"#));
    format!(
        r##"{{"$defs": {{"node": {{"anyOf": [{}]}}}}, "$ref": "#/$defs/node"}}"##,
        alternatives.join(", ")
    )
}

#[test]
fn an_any_of_that_refers_to_itself_is_expanded_once() {
    for copies in [1, 2, 3, 8] {
        let schema = self_referring_any_of(copies, "string");
        let findings = compare_guarded(schema.clone(), schema, "json", "FULL");
        assert!(codes(&findings).iter().all(|code| !code.starts_with('E')));
        // A sum that contains itself reads anything, as before.
        let findings = compare_guarded(
            self_referring_any_of(copies, "string"),
            self_referring_any_of(copies, "integer"),
            "json",
            "FULL",
        );
        assert!(codes(&findings).iter().all(|code| !code.starts_with('E')));
    }
}

/// Avro records `L0 { x: leaf }` and `Lk { a: Lk-1, b: Lk-1 }`: each holds
/// the previous one twice, so the innermost is reached along 2^levels paths.
fn doubled_avro(levels: usize, leaf: &str) -> String {
    let mut schema = format!(
        r#"{{"type": "record", "name": "L0", "fields": [{{"name": "x", "type": "{leaf}"}}]}}"#
    );
    for level in 1..=levels {
        let below = level - 1;
        schema = format!(
            r#"{{"type": "record", "name": "L{level}", "fields": [{{"name": "a", "type": {schema}}}, {{"name": "b", "type": "L{below}"}}]}}"#
        );
    }
    schema
}

#[test]
fn doubled_avro_records_compare_within_a_budget() {
    for levels in [1, 4, 10, 16, 30] {
        let same = compare_guarded(
            doubled_avro(levels, "int"),
            doubled_avro(levels, "long"),
            "avsc",
            "BACKWARD",
        );
        assert!(
            codes(&same).iter().all(|code| !code.starts_with('E')),
            "{levels}: {:?}",
            codes(&same)
        );
        let changed = compare_guarded(
            doubled_avro(levels, "int"),
            doubled_avro(levels, "string"),
            "avsc",
            "BACKWARD",
        );
        let found = codes(&changed);
        assert!(found.iter().any(|code| code.starts_with('E')), "{levels}");
        // Small shapes are compared in full, path by path; past the budget
        // the comparison stops with E250 instead of running for hours.
        if levels <= 10 {
            assert!(!found.contains(&"E250"), "{levels}");
            assert_eq!(changed.len(), 1 << levels, "one finding per path");
        } else {
            assert_eq!(found.iter().filter(|code| **code == "E250").count(), 1);
        }
    }
}

/// The canonical schema of weft records `L0 { x: leaf }` and
/// `Lk { a: Lk-1, b: Lk-1 }` (the second use a reference, as lowering
/// writes it past its expansion budget).
fn doubled_model_schema(levels: usize, leaf: &Schema) -> Schema {
    let record = |name: String, fields: Vec<FieldSchema>| {
        Schema::Record(std::sync::Arc::new(RecordSchema {
            name,
            namespace: "demo".to_string(),
            aliases: Vec::new(),
            doc: String::new(),
            deprecated: None,
            fields,
            reserved: Vec::new(),
            inline: false,
        }))
    };
    let field = |name: &str, schema: Schema| FieldSchema::new(name, schema);
    let mut schema = record("L0".to_string(), vec![field("x", leaf.clone())]);
    for level in 1..=levels {
        let below = Schema::Ref {
            name: format!("demo.L{}", level - 1),
        };
        schema = record(
            format!("L{level}"),
            vec![field("a", schema), field("b", below)],
        );
    }
    schema
}

/// Compares two canonical schemas on a thread, failing after 60 s.
fn walk_guarded(old: Schema, new: Schema) -> Vec<Finding> {
    let (send, receive) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let _ = send.send(compare(&old, &new, &Labels::default()));
        })
        .expect("thread starts");
    receive
        .recv_timeout(Duration::from_secs(60))
        .expect("the comparison finishes within 60 s")
}

#[test]
fn doubled_model_records_are_compared_once_and_the_change_reported_once() {
    let int = Schema::Int32 {
        minimum: None,
        maximum: None,
    };
    let string = Schema::String {
        min_length: None,
        max_length: None,
        patterns: Vec::new(),
        format: None,
    };
    for levels in [1, 4, 8, 24, 40] {
        let same = walk_guarded(
            doubled_model_schema(levels, &int),
            doubled_model_schema(levels, &int),
        );
        assert!(same.is_empty(), "{levels}: {:?}", codes(&same));
        let changed = walk_guarded(
            doubled_model_schema(levels, &int),
            doubled_model_schema(levels, &string),
        );
        // Issue 14, item 7: the change is `L0`'s, reported once at `L0`
        // however many paths (2^levels) reach it, and never cut short.
        assert_eq!(codes(&changed), ["E123"], "{levels}");
        let owner = changed[0].owner.as_ref().expect("a named record owns it");
        assert_eq!(owner.declaration, "demo.L0");
        assert_eq!(owner.path, "L0.x");
        assert!(
            changed[0].message.contains("`L0.x`"),
            "{}",
            changed[0].message
        );
    }
}
