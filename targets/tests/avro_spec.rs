//! What the Avro 1.11 specification asks of `.avsc` files that a checked
//! model does not guarantee on its own: aliases are names, a record or enum
//! may not take a primitive type's name, and every default, at any depth,
//! matches the first branch of its union. The target refuses what it cannot
//! write (E810) instead of writing a schema Avro rejects, or one without a
//! default the model declares.

use serde_json::{json, Value};
use std::collections::BTreeMap;
use weft_compiler::{check, BuildError, CheckResult, Origin, SourceMap};
use weft_targets::{Manifest, TargetName};

mod support;
use support::{build, checked, repo};

/// A project around one event, `LotMoved` v1, with `declarations` beside it
/// and `fields` in its payload after `bin: string` (its key).
fn project(declarations: &str, fields: &str) -> CheckResult {
    project_with("", declarations, fields)
}

/// [`project`] with `settings` appended to its `weft.toml`.
fn project_with(settings: &str, declarations: &str, fields: &str) -> CheckResult {
    let result = check(&sources(settings, declarations, fields));
    assert!(
        !result.has_errors(),
        "the model should check cleanly: {:#?}",
        result.diagnostics
    );
    result
}

/// The sources of [`project_with`]: `weft.toml` and `model.weft`.
fn sources(settings: &str, declarations: &str, fields: &str) -> SourceMap {
    let model = format!(
        "package demo.avro

/// Production.
domain production {{
  owner \"Production Team\"
}}

/// The plant's MES.
system mes {{
  domain production
  kind mes
  hosting on_prem
  connectivity reliable
  consumes LotMoved v1
}}

{declarations}

/// A lot moved.
event LotMoved {{
  producer mes
  key bin
  compatibility BACKWARD
  delivery near_real_time
  retention 7d
  version 1 {{
    bin: string
{fields}
  }}
}}
"
    );
    let mut sources = SourceMap::with_stdlib();
    sources.add(
        "weft.toml",
        format!("[project]\nname = \"avro-spec\"\nversion = \"1.0.0\"\n{settings}"),
        Origin::Project,
    );
    sources.add("model.weft", model, Origin::Project);
    sources
}

/// The text of `model.weft` that `span` covers.
fn spanned(declarations: &str, fields: &str, span: weft_base::Span) -> String {
    let sources = sources("", declarations, fields);
    let file = sources.get(span.file).expect("the span's file");
    assert!(file.name.ends_with("model.weft"), "{}", file.name);
    file.text[span.start as usize..span.end as usize].to_string()
}

/// The value schema the target writes for the project.
fn value_schema(declarations: &str, fields: &str) -> Value {
    let manifest = build(&project(declarations, fields), TargetName::Avro);
    let text = manifest
        .get("avro/production.lot_moved.v1-value.avsc")
        .expect("the value schema is written");
    let schema: Value = serde_json::from_slice(text).expect("the schema is JSON");
    assert_eq!(
        invalid_defaults(&schema),
        Vec::<String>::new(),
        "{schema:#}"
    );
    schema
}

/// The messages of the target's refusal (every one an E810), which must
/// refuse.
fn refusals(declarations: &str, fields: &str) -> Vec<String> {
    match weft_compiler::build(&project(declarations, fields), &[TargetName::Avro]) {
        Ok(manifest) => panic!(
            "the avro target wrote {:?}",
            manifest.files().map(|(path, _)| path).collect::<Vec<_>>()
        ),
        Err(BuildError::TargetsFailed(diagnostics)) => diagnostics
            .iter()
            .map(|diagnostic| {
                assert_eq!(diagnostic.code.as_str(), "E810", "{diagnostic:#?}");
                diagnostic.message.clone()
            })
            .collect(),
        Err(other) => panic!("unexpected {other:?}"),
    }
}

/// Whether one of `messages` holds every part of `parts`.
fn reported(messages: &[String], parts: &[&str]) -> bool {
    messages
        .iter()
        .any(|message| parts.iter().all(|part| message.contains(part)))
}

/// A field of a record schema (defined in place) by name.
fn field<'a>(record: &'a Value, name: &str) -> &'a Value {
    record["fields"]
        .as_array()
        .expect("a record's fields")
        .iter()
        .find(|field| field["name"] == name)
        .unwrap_or_else(|| panic!("field {name} in {record:#}"))
}

#[test]
fn aliases_that_are_not_avro_names_are_refused() {
    let messages = refusals(
        "@alias(\"old-loc\")
record Loc {
  @alias(\"bin number\")
  bin: string
  @alias(\"other.pkg.Thing\")
  x: int32
}

@alias(\"9Status\")
@fallback(X)
enum St {
  X
}",
        "    loc: Loc
    @alias(\"2when\")
    st: St",
    );
    for (alias, of) in [
        ("old-loc", "demo.avro.Loc"),
        ("9Status", "demo.avro.St"),
        ("bin number", "demo.avro.Loc.bin"),
        // A field's alias is a simple name, never a full one.
        ("other.pkg.Thing", "demo.avro.Loc.x"),
        ("2when", ".st"),
    ] {
        assert!(
            reported(&messages, &[&format!("`{alias}`"), of, "alias"]),
            "`{alias}` of {of} not reported: {messages:#?}"
        );
    }
    assert_eq!(messages.len(), 5, "{messages:#?}");
}

/// The registry in Avro format registers the avro target's schemas, so it
/// refuses what that target refuses rather than register an invalid one.
#[test]
fn the_registry_in_avro_format_refuses_what_the_avro_target_refuses() {
    let result = project_with(
        "\n[targets.schemas]\nformat = \"avro\"\n",
        "/// A place.\n@alias(\"old-loc\")\nrecord Loc {\n  hall: string\n}",
        "    at: Loc",
    );
    match weft_compiler::build(&result, &[TargetName::Schemas]) {
        Ok(_) => panic!("the schemas target registered an invalid Avro schema"),
        Err(BuildError::TargetsFailed(diagnostics)) => {
            let messages: Vec<String> = diagnostics
                .iter()
                .map(|diagnostic| diagnostic.message.clone())
                .collect();
            assert!(
                reported(&messages, &["cannot be registered", "old-loc"]),
                "{messages:#?}"
            );
        }
        Err(other) => panic!("unexpected {other:?}"),
    }
}

#[test]
fn aliases_that_are_avro_names_are_written() {
    let schema = value_schema(
        "@alias(\"old.place.Loc\", \"_Place2\")
record Loc {
  @alias(\"bin_no\", \"int\")
  bin: string
}",
        "    loc: Loc",
    );
    let loc = &field(&schema, "loc")["type"];
    assert_eq!(loc["aliases"], json!(["old.place.Loc", "_Place2"]));
    assert_eq!(field(loc, "bin")["aliases"], json!(["bin_no", "int"]));
}

#[test]
fn malformed_full_names_as_type_aliases_are_refused() {
    for alias in ["old..Loc", ".Loc", "old.", "old.9Loc", "old.Loc-2"] {
        let messages = refusals(
            &format!("@alias(\"{alias}\")\nrecord Loc {{\n  bin: string\n}}"),
            "    loc: Loc",
        );
        assert!(
            reported(&messages, &[&format!("`{alias}`"), "demo.avro.Loc"]),
            "{alias}: {messages:#?}"
        );
    }
}

#[test]
fn primitive_type_names_cannot_name_records_enums_or_their_aliases() {
    let messages = refusals(
        "record int {
  x: int32
}

@fallback(A)
enum null {
  A
}

@alias(\"old.string\")
record Holder {
  y: int32
}",
        "    i: int
    n: null
    h: Holder",
    );
    for (name, of) in [
        ("int", "demo.avro.int"),
        ("null", "demo.avro.null"),
        ("old.string", "demo.avro.Holder"),
    ] {
        assert!(
            reported(&messages, &[&format!("`{name}`"), of, "primitive"]),
            "`{name}` of {of} not reported: {messages:#?}"
        );
    }
    assert_eq!(messages.len(), 3, "{messages:#?}");
}

#[test]
fn fields_and_symbols_may_have_primitive_type_names() {
    let schema = value_schema(
        "@fallback(long)
enum Width {
  int
  long
}",
        "    int: int32
    string: string?
    width: Width = int",
    );
    assert_eq!(field(&schema, "int")["type"], "int");
    assert_eq!(field(&schema, "width")["default"], "int");
}

const LOC: &str = "record Loc {
  bin: string
  note: string?
  hall: string? = \"main\"
}";

#[test]
fn optional_fields_keep_their_union_order() {
    let schema = value_schema(
        LOC,
        "    loc: Loc
    maybe: string?
    named: string? = \"x\"
    cleared: string? = null",
    );
    let loc = &field(&schema, "loc")["type"];
    assert_eq!(field(loc, "note")["type"], json!(["null", "string"]));
    assert_eq!(field(loc, "note")["default"], Value::Null);
    assert_eq!(field(loc, "hall")["type"], json!(["string", "null"]));
    assert_eq!(field(loc, "hall")["default"], "main");
    assert_eq!(field(&schema, "maybe")["type"], json!(["null", "string"]));
    assert_eq!(field(&schema, "maybe")["default"], Value::Null);
    assert_eq!(field(&schema, "named")["type"], json!(["string", "null"]));
    assert_eq!(field(&schema, "named")["default"], "x");
    assert_eq!(field(&schema, "cleared")["type"], json!(["null", "string"]));
    assert_eq!(field(&schema, "cleared")["default"], Value::Null);
}

/// Dates, timestamps and maps have defaults in the underlying type's JSON
/// form (days and counts since the epoch, an object): without them, adding
/// such a field with a default would be incompatible in Schema Registry
/// while `weft compat` calls it compatible.
#[test]
fn date_timestamp_and_map_defaults_are_written() {
    let schema = value_schema(
        "",
        "    on: date = \"2026-01-31\"
    at: timestamp = \"2026-01-31T09:00:00+01:00\"
    fine: timestamp(us) = \"1970-01-01T00:00:01.5Z\"
    due: date? = \"2026-02-01\"
    counts: map<string, int32> = {a: 1, b: 2}
    none: map<string, string> = {}",
    );
    assert_eq!(field(&schema, "on")["default"], json!(20_484));
    assert_eq!(
        field(&schema, "at")["default"],
        json!(20_484_i64 * 86_400_000 + 8 * 3_600_000)
    );
    assert_eq!(field(&schema, "fine")["default"], json!(1_500_000));
    let due = field(&schema, "due");
    assert_eq!(due["type"][1], json!("null"), "{due}");
    assert_eq!(due["default"], json!(20_485));
    assert_eq!(field(&schema, "counts")["default"], json!({"a": 1, "b": 2}));
    assert_eq!(field(&schema, "none")["default"], json!({}));
}

#[test]
fn a_record_default_giving_an_optional_field_the_other_branch_is_refused() {
    let messages = refusals(LOC, "    loc1: Loc = { bin: \"a\", note: \"x\" }");
    assert!(
        reported(&messages, &["demo.avro.Loc.note", ".loc1", "first branch"]),
        "{messages:#?}"
    );
    let messages = refusals(LOC, "    loc2: Loc = { bin: \"a\", hall: null }");
    assert!(
        reported(&messages, &["demo.avro.Loc.hall", ".loc2", "first branch"]),
        "{messages:#?}"
    );
    // Through a list of records and an optional record too.
    let messages = refusals(LOC, "    locs: list<Loc?> = [{ bin: \"a\", note: \"x\" }]");
    assert!(
        reported(&messages, &["demo.avro.Loc.note", ".locs", "first branch"]),
        "{messages:#?}"
    );
}

#[test]
fn a_record_default_agreeing_with_the_unions_is_written() {
    let schema = value_schema(
        LOC,
        "    loc: Loc = { bin: \"a\", note: null, hall: \"east\" }
    spare: Loc? = { bin: \"b\" }
    locs: list<Loc> = [{ bin: \"c\" }]",
    );
    let loc = &field(&schema, "loc");
    assert_eq!(
        loc["default"],
        json!({"bin": "a", "note": null, "hall": "east"})
    );
    assert_eq!(
        field(&schema, "spare")["type"],
        json!(["demo.avro.Loc", "null"])
    );
    assert_eq!(
        field(&schema, "spare")["default"],
        json!({"bin": "b", "note": null, "hall": "main"})
    );
    assert_eq!(
        field(&schema, "locs")["default"],
        json!([{"bin": "c", "note": null, "hall": "main"}])
    );
}

#[test]
fn list_items_take_the_branch_of_their_defaults() {
    let schema = value_schema(
        "record Tags {
  t: list<string?>
}",
        "    values: list<string?> = [\"a\", \"b\"]
    gaps: list<string?> = [null]
    none: list<string?>
    empty: list<string?> = []
    tags: Tags = { t: [\"x\"] }
    deep: list<list<int32?>> = [[1], []]",
    );
    let items = |name: &str| field(&schema, name)["type"]["items"].clone();
    assert_eq!(items("values"), json!(["string", "null"]));
    assert_eq!(field(&schema, "values")["default"], json!(["a", "b"]));
    assert_eq!(items("gaps"), json!(["null", "string"]));
    assert_eq!(items("none"), json!(["null", "string"]));
    assert_eq!(items("empty"), json!(["null", "string"]));
    let tags = &field(&schema, "tags")["type"];
    assert_eq!(field(tags, "t")["type"]["items"], json!(["string", "null"]));
    assert_eq!(items("deep")["items"], json!(["int", "null"]));
}

#[test]
fn list_defaults_needing_both_branches_are_refused() {
    let messages = refusals("", "    lst: list<string?> = [\"a\", null]");
    assert!(
        reported(
            &messages,
            &["items of `demo.avro.LotMovedV1.lst`", "first branch"]
        ),
        "{messages:#?}"
    );
    // The same record's list, given a value by one default and null by
    // another: the record is defined once, so one order must serve both.
    let messages = refusals(
        "record Tags {
  t: list<string?>
}",
        "    tags1: Tags = { t: [\"x\"] }
    tags2: Tags = { t: [null] }",
    );
    assert!(
        reported(
            &messages,
            &["items of `demo.avro.Tags.t`", ".tags1", ".tags2"]
        ),
        "{messages:#?}"
    );
    assert_eq!(messages.len(), 1, "one message per union: {messages:#?}");
}

/// The code points of a `bytes` default as the `.avsc` holds it, which
/// Avro reads as the bytes.
fn code_points(default: &Value) -> Vec<u32> {
    default
        .as_str()
        .unwrap_or_else(|| panic!("a string: {default}"))
        .chars()
        .map(u32::from)
        .collect()
}

/// A `bytes` default is base64 in weft (as in every other artefact); the
/// `.avsc` holds its bytes the way Avro 1.11 writes a `bytes` default, a
/// string whose code points 0–255 are the bytes.
#[test]
fn bytes_defaults_are_written_as_their_bytes() {
    let schema = value_schema(
        "type Blob = bytes

record Frame {
  payload: bytes = \"AAEC\"
}",
        "    magic: bytes = \"AP8=\"
    high: bytes = \"gIH+/w==\"
    empty: bytes = \"\"
    maybe: bytes? = \"/w==\"
    blob: Blob = \"AQ==\"
    chunks: list<bytes> = [\"AA==\", \"AAA=\"]
    frame: Frame = { payload: \"Zm9v\" }
    defaulted: Frame = {}",
    );
    assert_eq!(
        code_points(&field(&schema, "magic")["default"]),
        [0x00, 0xff]
    );
    assert_eq!(
        code_points(&field(&schema, "high")["default"]),
        [0x80, 0x81, 0xfe, 0xff]
    );
    assert_eq!(field(&schema, "empty")["default"], "");
    let maybe = field(&schema, "maybe");
    assert_eq!(maybe["type"], json!(["bytes", "null"]));
    assert_eq!(code_points(&maybe["default"]), [0xff]);
    assert_eq!(code_points(&field(&schema, "blob")["default"]), [0x01]);
    assert_eq!(
        field(&schema, "chunks")["default"],
        json!(["\u{0}", "\u{0}\u{0}"])
    );
    assert_eq!(
        field(&schema, "frame")["default"],
        json!({"payload": "foo"})
    );
    assert_eq!(
        field(&schema, "defaulted")["default"],
        json!({"payload": "\u{0}\u{1}\u{2}"})
    );
    let frame = &field(&schema, "frame")["type"];
    assert_eq!(
        code_points(&field(frame, "payload")["default"]),
        [0x00, 0x01, 0x02]
    );
}

/// `weft check` accepts zeros past a decimal's scale; they change nothing,
/// so the default is written.
#[test]
fn decimal_defaults_with_zeros_past_the_scale_are_written() {
    let schema = value_schema("", "    price: decimal(5, 1) = 1.50");
    // 1.5 at scale 1 is 15.
    assert_eq!(code_points(&field(&schema, "price")["default"]), [15]);
}

/// The bytes reach the file as JSON escapes or UTF-8 of the code points,
/// never as the base64 text.
#[test]
fn bytes_defaults_in_the_file_are_not_base64() {
    let manifest = build(
        &project("", "    magic: bytes = \"AP8=\""),
        TargetName::Avro,
    );
    let text = std::str::from_utf8(
        manifest
            .get("avro/production.lot_moved.v1-value.avsc")
            .expect("written"),
    )
    .expect("UTF-8");
    assert!(text.contains("\"default\": \"\\u0000\u{ff}\""), "{text}");
    assert!(!text.contains("AP8="), "{text}");
}

/// What the declared type cannot hold is refused by `weft check` at the
/// default (E306), so no target meets it: a `bytes` default that is not
/// base64, a timestamp finer than its unit.
#[test]
fn defaults_no_reader_can_hold_are_refused_by_check() {
    for (fields, default, says) in [
        ("    raw: bytes = \"hello\"", "\"hello\"", "not base64"),
        ("    raw: bytes = \"AP9=\"", "\"AP9=\"", "not base64"),
        (
            "    at: timestamp = \"2026-01-31T08:00:00.0001Z\"",
            "\"2026-01-31T08:00:00.0001Z\"",
            "4 digits after the second, but `timestamp` keeps 3 (milliseconds)",
        ),
        (
            "    at: timestamp(us) = \"2026-01-31T08:00:00.1234567Z\"",
            "\"2026-01-31T08:00:00.1234567Z\"",
            "keeps 6 (microseconds)",
        ),
    ] {
        let result = check(&sources("", "", fields));
        let found: Vec<_> = result
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.code.as_str() == "E306")
            .collect();
        assert_eq!(found.len(), 1, "{fields}: {:#?}", result.diagnostics);
        assert!(found[0].message.contains(says), "{:#?}", found[0]);
        assert_eq!(spanned("", fields, found[0].primary.span), default);
    }
}

/// The E810s of the avro target for a model that checks cleanly.
fn refused(declarations: &str, fields: &str) -> Vec<weft_base::Diagnostic> {
    match weft_compiler::build(&project(declarations, fields), &[TargetName::Avro]) {
        Ok(manifest) => panic!(
            "the avro target wrote {:?}",
            manifest.files().map(|(path, _)| path).collect::<Vec<_>>()
        ),
        Err(BuildError::TargetsFailed(diagnostics)) => diagnostics,
        Err(other) => panic!("unexpected {other:?}"),
    }
}

/// A default the model accepts that Avro's form of the type cannot hold
/// exactly is refused (E810) at the field that declares it, rather than
/// left out: without it, adding the field would be incompatible in Schema
/// Registry while `weft compat` calls it compatible.
#[test]
fn defaults_avro_cannot_hold_are_refused_at_their_field() {
    let fields = "    far: timestamp(ns) = \"2300-01-01T00:00:00Z\"
    early: timestamp(ns)? = \"1600-01-01T00:00:00Z\"
    fine: timestamp(ns) = \"2262-04-11T23:47:16Z\"";
    let diagnostics = refused("", fields);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:#?}");
    for (diagnostic, (name, text)) in diagnostics.iter().zip([
        ("far", "far: timestamp(ns) = \"2300-01-01T00:00:00Z\""),
        ("early", "early: timestamp(ns)? = \"1600-01-01T00:00:00Z\""),
    ]) {
        assert_eq!(diagnostic.code.as_str(), "E810");
        assert!(
            diagnostic.message.contains(&format!(
                "the default of `demo.avro.LotMovedV1.{name}` has no exact Avro form"
            )) && diagnostic.message.contains("nanoseconds"),
            "{diagnostic:#?}"
        );
        assert_eq!(spanned("", fields, diagnostic.primary.span), text);
        assert!(
            diagnostic
                .help
                .as_deref()
                .is_some_and(|help| help.contains("remove")),
            "{diagnostic:#?}"
        );
    }
}

/// Defaults `weft check` lets through but no Avro value matches: a
/// timestamp beyond a `long` of its unit, a record default without a
/// required field (a date or time off the calendar is E306 at `weft
/// check`). A record's own unwritable default is reported once, at its
/// field, not again at each default that takes it.
#[test]
fn defaults_without_an_avro_value_are_refused() {
    let messages = refusals(
        "record Spot {
  hall: string
  row: string
}

record Stamp {
  at: timestamp(ns) = \"2300-01-01T00:00:00Z\"
}",
        "    spot: Spot = { hall: \"a\" }
    stamp: Stamp = {}",
    );
    for parts in [
        &["`demo.avro.LotMovedV1.spot`", "`row` no value"][..],
        &["`demo.avro.Stamp.at`", "2300-01-01T00:00:00Z"],
    ] {
        assert!(reported(&messages, parts), "{parts:?}: {messages:#?}");
    }
    assert_eq!(messages.len(), 2, "{messages:#?}");
}

/// Every `.avsc` the example and the fixture generate keeps the rule too.
#[test]
fn every_written_default_matches_its_union_first_branch() {
    for project in ["examples/acme-plant", "tests/fixtures/targets/avro"] {
        let manifest: Manifest = build(&checked(&repo().join(project)), TargetName::Avro);
        for (path, contents) in manifest.files() {
            let schema: Value = serde_json::from_slice(contents).expect("JSON");
            assert_eq!(
                invalid_defaults(&schema),
                Vec::<String>::new(),
                "{project}: {path}"
            );
        }
    }
}

/// The defaults of `schema` that Avro 1.11 rejects, checked as Avro Java's
/// `Schema.isValidDefault` does: a union's default is its first branch's,
/// a record's takes each field from the value or the field's own default,
/// at any depth.
fn invalid_defaults(schema: &Value) -> Vec<String> {
    let mut named = BTreeMap::new();
    collect_named(schema, "", &mut named);
    let mut invalid = Vec::new();
    for (full, (definition, namespace)) in &named {
        for field in definition["fields"].as_array().into_iter().flatten() {
            if let Some(default) = field.get("default") {
                if !valid_default(&field["type"], default, namespace, &named) {
                    invalid.push(format!(
                        "{full}.{}: {default}",
                        field["name"].as_str().unwrap_or_default()
                    ));
                }
            }
        }
    }
    invalid
}

type Named<'a> = BTreeMap<String, (&'a Value, String)>;

/// The full name of a named type's `name` in `namespace`.
fn full_name(name: &str, namespace: &str) -> String {
    if name.contains('.') || namespace.is_empty() {
        name.to_string()
    } else {
        format!("{namespace}.{name}")
    }
}

/// Every record and enum defined in `schema`, by full name, with the
/// namespace its references are read in.
fn collect_named<'a>(schema: &'a Value, namespace: &str, named: &mut Named<'a>) {
    match schema {
        Value::Array(branches) => {
            for branch in branches {
                collect_named(branch, namespace, named);
            }
        }
        Value::Object(object) => {
            let kind = object.get("type").and_then(Value::as_str);
            if matches!(kind, Some("record" | "enum")) {
                let name = object["name"].as_str().expect("a name");
                let space = object
                    .get("namespace")
                    .and_then(Value::as_str)
                    .unwrap_or(namespace);
                let full = full_name(name, space);
                let space = full.rsplit_once('.').map_or("", |(space, _)| space);
                named.insert(full.clone(), (schema, space.to_string()));
                for field in object
                    .get("fields")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    collect_named(&field["type"], space, named);
                }
            } else {
                for key in ["items", "values"] {
                    if let Some(inner) = object.get(key) {
                        collect_named(inner, namespace, named);
                    }
                }
            }
        }
        _ => {}
    }
}

fn valid_default(schema: &Value, value: &Value, namespace: &str, named: &Named) -> bool {
    match schema {
        Value::Array(branches) => branches
            .first()
            .is_some_and(|first| valid_default(first, value, namespace, named)),
        Value::String(name) => match name.as_str() {
            "null" => value.is_null(),
            "boolean" => value.is_boolean(),
            "int" => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            "long" => value.is_i64(),
            "float" | "double" => value.is_number(),
            "string" => value.is_string(),
            "bytes" => value
                .as_str()
                .is_some_and(|text| text.chars().all(|c| u32::from(c) < 256)),
            reference => match named.get(&full_name(reference, namespace)) {
                Some((definition, space)) => valid_default(definition, value, space, named),
                None => false,
            },
        },
        Value::Object(object) => match object.get("type").and_then(Value::as_str) {
            Some("record") => {
                let space =
                    &named[&full_name(object["name"].as_str().unwrap_or_default(), namespace)].1;
                object["fields"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .all(|field| {
                        let name = field["name"].as_str().unwrap_or_default();
                        value
                            .get(name)
                            .or_else(|| field.get("default"))
                            .is_some_and(|item| valid_default(&field["type"], item, space, named))
                    })
            }
            Some("enum") => object["symbols"]
                .as_array()
                .is_some_and(|symbols| symbols.contains(value)),
            Some("array") => value.as_array().is_some_and(|items| {
                items
                    .iter()
                    .all(|item| valid_default(&object["items"], item, namespace, named))
            }),
            Some("map") => value.as_object().is_some_and(|values| {
                values
                    .values()
                    .all(|item| valid_default(&object["values"], item, namespace, named))
            }),
            // A logical type's default is its underlying type's.
            Some(primitive) => {
                valid_default(&Value::String(primitive.into()), value, namespace, named)
            }
            None => false,
        },
        _ => false,
    }
}

#[test]
fn the_default_checker_follows_the_first_branch_rule() {
    let schema = json!({
        "type": "record", "name": "Outer", "namespace": "demo",
        "fields": [
            {"name": "loc", "type": {
                "type": "record", "name": "Loc",
                "fields": [
                    {"name": "note", "type": ["null", "string"], "default": null},
                ]},
             "default": {"note": "x"}},
            {"name": "again", "type": "demo.Loc", "default": {}},
            {"name": "lst", "type": {"type": "array", "items": ["null", "string"]},
             "default": ["a", null]},
            {"name": "ok", "type": ["string", "null"], "default": "y"},
        ],
    });
    assert_eq!(
        invalid_defaults(&schema),
        [
            "demo.Outer.loc: {\"note\":\"x\"}",
            "demo.Outer.lst: [\"a\",null]"
        ]
    );
}
