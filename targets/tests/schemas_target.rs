//! The `schemas` target's registry and reader schemas (issue 14, items 15
//! and 16): `registry.json` carries the Schema Registry requests for every
//! subject in a documented order, and the reader schema of an enum with a
//! fallback accepts symbols added later, agreeing with the compatibility
//! rules (which let a producer add them, W161).

use std::path::{Path, PathBuf};
use weft_compiler::{check, Origin, SourceMap};
use weft_targets::{Manifest, TargetName};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Checks a project given as (file, text) pairs and builds its schemas.
fn build(files: &[(String, String)]) -> Manifest {
    let mut sources = SourceMap::with_stdlib();
    for (name, text) in files {
        sources.add(name.clone(), text.clone(), Origin::Project);
    }
    let result = check(&sources);
    assert!(!result.has_errors(), "{:#?}", result.diagnostics);
    weft_compiler::build(&result, &[TargetName::Schemas])
        .unwrap_or_else(|error| panic!("the schemas target does not generate: {error:?}"))
}

fn project_files(dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|entry| entry.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            project_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "weft")
            || path.file_name().is_some_and(|name| name == "weft.toml")
        {
            let text = std::fs::read_to_string(&path).expect("readable");
            out.push((path.display().to_string(), text));
        }
    }
}

fn json(manifest: &Manifest, path: &str) -> serde_json::Value {
    let bytes = manifest
        .get(path)
        .unwrap_or_else(|| panic!("{path} is generated"));
    serde_json::from_slice(bytes).expect("JSON")
}

#[test]
fn registry_carries_the_rest_requests_in_order() {
    let mut files = Vec::new();
    project_files(&repo().join("examples/acme-plant"), &mut files);
    let manifest = build(&files);
    let registry = json(&manifest, "schemas/registry.json");
    let subjects = registry["subjects"].as_array().expect("subjects");
    assert!(subjects.len() > 5, "too few subjects to prove anything");
    let order: Vec<&str> = registry["registrationOrder"]
        .as_array()
        .expect("an order")
        .iter()
        .map(|step| step.as_str().expect("a step"))
        .collect();
    assert_eq!(order.len(), subjects.len() * 2);
    for subject in subjects {
        let name = subject["subject"].as_str().expect("name");
        let configure = &subject["configure"];
        assert_eq!(configure["method"], "PUT");
        assert_eq!(configure["path"], format!("/config/{name}"));
        assert_eq!(configure["body"]["compatibility"], subject["compatibility"]);
        let register = &subject["register"];
        assert_eq!(register["method"], "POST");
        assert_eq!(register["path"], format!("/subjects/{name}/versions"));
        assert_eq!(register["body"]["schemaType"], "JSON");
        assert_eq!(register["body"]["references"], serde_json::json!([]));
        // The request carries exactly the schema file, as a string.
        let sent: serde_json::Value = serde_json::from_str(
            register["body"]["schema"]
                .as_str()
                .expect("the schema as a string"),
        )
        .expect("the string is JSON");
        let file = subject["schema"].as_str().expect("file");
        assert_eq!(sent, json(&manifest, &format!("schemas/{file}")), "{name}");
        // Its level is set before its schema is registered.
        let put = order
            .iter()
            .position(|step| *step == format!("PUT /config/{name}"))
            .expect("configured");
        let post = order
            .iter()
            .position(|step| *step == format!("POST /subjects/{name}/versions"))
            .expect("registered");
        assert!(put < post, "{name}: registered before its level is set");
    }
}

/// With `[targets.schemas] format = "avro"` the registry registers the
/// `avro` target's files, byte for byte, as `schemaType: AVRO`.
#[test]
fn registry_registers_avro_when_the_project_chooses_it() {
    let mut files = Vec::new();
    project_files(&repo().join("examples/acme-plant"), &mut files);
    let manifest_file = files
        .iter_mut()
        .find(|(name, _)| name.ends_with("weft.toml"))
        .expect("the example has a manifest");
    manifest_file
        .1
        .push_str("\n[targets.schemas]\nformat = \"avro\"\n");
    let mut sources = SourceMap::with_stdlib();
    for (name, text) in &files {
        sources.add(name.clone(), text.clone(), Origin::Project);
    }
    let result = check(&sources);
    assert!(!result.has_errors(), "{:#?}", result.diagnostics);
    let manifest = weft_compiler::build(&result, &[TargetName::Schemas, TargetName::Avro])
        .unwrap_or_else(|error| panic!("the targets do not generate: {error:?}"));
    let registry = json(&manifest, "schemas/registry.json");
    assert_eq!(registry["schemaType"], "AVRO");
    let subjects = registry["subjects"].as_array().expect("subjects");
    assert!(subjects.len() > 5, "too few subjects to prove anything");
    for subject in subjects {
        let name = subject["subject"].as_str().expect("name");
        assert_eq!(subject["schemaType"], "AVRO", "{name}");
        let register = &subject["register"]["body"];
        assert_eq!(register["schemaType"], "AVRO", "{name}");
        let file = subject["schema"].as_str().expect("file");
        let path = file.strip_prefix("../").expect("relative to registry.json");
        assert_eq!(path, format!("avro/{name}.avsc"));
        let written =
            std::str::from_utf8(manifest.get(path).expect("the .avsc is built")).expect("UTF-8");
        assert_eq!(register["schema"].as_str(), Some(written), "{name}");
    }
}

/// A misspelt format is refused by `weft check`.
#[test]
fn an_unknown_registry_format_is_refused() {
    let error = weft_targets::TargetSettings::from_toml("[schemas]\nformat = \"protobuf\"\n")
        .expect_err("protobuf is not a format");
    assert!(
        error.iter().any(|message| message.contains("format")),
        "{error:?}"
    );
}

/// A project whose event carries an enum with a fallback; `extra` adds
/// symbols.
fn status_project(extra: &str) -> Vec<(String, String)> {
    let source = format!(
        "package shop\n\n/// Sales.\ndomain sales {{\n  owner \"Sales\"\n}}\n\n\
         /// The shop.\nsystem webshop {{\n  domain sales\n  kind other\n  consumes OrderMoved v1\n}}\n\n\
         /// Where an order is.\n@fallback(OPEN)\nenum Status {{\n  OPEN\n  CLOSED\n{extra}}}\n\n\
         /// An order moved.\nevent OrderMoved {{\n  producer webshop\n  key id\n\n  \
         version 1 {{\n    id: string\n    status: Status\n  }}\n}}\n"
    );
    vec![
        (
            "weft.toml".to_string(),
            "[project]\nname = \"shop\"\nversion = \"1.0.0\"\n".to_string(),
        ),
        ("shop.weft".to_string(), source),
    ]
}

#[test]
fn readers_of_an_enum_with_a_fallback_accept_symbols_added_later() {
    let old = build(&status_project(""));
    let new = build(&status_project("  HELD\n"));
    let file = "schemas/sales.order_moved.v1.json";
    let reader = "schemas/readers/sales.order_moved.v1.json";
    let registry = json(&old, "schemas/registry.json");
    assert_eq!(
        registry["subjects"][1]["readerSchema"],
        "readers/sales.order_moved.v1.json"
    );
    let text = |manifest: &Manifest, path: &str| {
        String::from_utf8(manifest.get(path).expect("generated").to_vec()).expect("UTF-8")
    };
    // FORWARD: the old schema reads data written with the new one.
    let forward = |old_text: &str| {
        weft_compat::files::compare_files(
            old_text,
            &text(&new, file),
            "old.json",
            "new.json",
            "FORWARD",
        )
        .expect("comparable")
    };
    let through_reader = forward(&text(&old, reader));
    assert!(
        weft_compat::files::is_compatible(&through_reader),
        "the reader schema refuses the added symbol: {through_reader:#?}"
    );
    // The producer's schema stays closed, and Confluent's rules say so.
    let through_producer = forward(&text(&old, file));
    assert!(
        !weft_compat::files::is_compatible(&through_producer),
        "the producer schema should stay closed"
    );
    // Records stay open for readers only.
    assert_eq!(json(&old, file)["additionalProperties"], false);
    assert!(json(&old, reader).get("additionalProperties").is_none());
}

/// A project with two keyed events whose key types, key fields and events
/// carry doc comments (and a deprecation); `doc` is the text of every one.
fn documented_keys(doc: &str) -> Vec<(String, String)> {
    let source = format!(
        "package shop\n\n/// Sales.\ndomain sales {{\n  owner \"Sales\"\n}}\n\n\
         /// The shop.\nsystem webshop {{\n  domain sales\n  kind other\n}}\n\n\
         /// {doc} order number.\ntype OrderNo = string pattern \"^O[0-9]+$\" length 3..12\n\n\
         /// {doc} region.\n@fallback(OTHER)\nenum Region {{\n  /// {doc} north.\n  NORTH\n  \
         @deprecated(\"{doc} gone\")\n  SOUTH\n  OTHER\n}}\n\n\
         /// {doc} move.\nevent OrderMoved {{\n  producer webshop\n  key id\n\n  \
         /// {doc} version.\n  version 1 {{\n    /// {doc} id.\n    id: OrderNo\n    \
         /// {doc} region.\n    region: Region\n  }}\n}}\n\n\
         /// {doc} region move.\nevent RegionMoved {{\n  producer webshop\n  key region\n\n  \
         version 1 {{\n    /// {doc} region field.\n    @deprecated(\"{doc} field gone\")\n    \
         region: Region\n  }}\n}}\n"
    );
    vec![
        (
            "weft.toml".to_string(),
            "[project]\nname = \"shop\"\nversion = \"1.0.0\"\n".to_string(),
        ),
        ("shop.weft".to_string(), source),
    ]
}

/// Key schemas carry no doc text: Confluent's serializers put the key
/// schema's registry id into the key's bytes, which the partitioner hashes,
/// so a doc comment that changed the key schema would move every key to
/// another partition. Value schemas keep their docs.
#[test]
fn key_schemas_do_not_change_with_doc_comments() {
    let build_both = |files: &[(String, String)]| {
        let mut sources = SourceMap::with_stdlib();
        for (name, text) in files {
            sources.add(name.clone(), text.clone(), Origin::Project);
        }
        let result = check(&sources);
        assert!(!result.has_errors(), "{:#?}", result.diagnostics);
        weft_compiler::build(&result, &[TargetName::Schemas, TargetName::Avro])
            .unwrap_or_else(|error| panic!("the targets do not generate: {error:?}"))
    };
    let old = build_both(&documented_keys("Alpha"));
    let new = build_both(&documented_keys("Beta"));
    let text = |manifest: &Manifest, path: &str| {
        String::from_utf8(manifest.get(path).expect(path).to_vec()).expect("UTF-8")
    };
    let keys = [
        "schemas/sales.order_moved.v1-key.json",
        "schemas/sales.region_moved.v1-key.json",
        "avro/sales.order_moved.v1-key.avsc",
        "avro/sales.region_moved.v1-key.avsc",
    ];
    for path in keys {
        let key = text(&old, path);
        for word in ["Alpha", "description", "deprecated", "examples", "\"doc\""] {
            assert!(!key.contains(word), "{path} carries `{word}`:\n{key}");
        }
        assert_eq!(key, text(&new, path), "{path} changed with the docs");
    }
    // What the key means stays.
    let order_key = json(&old, "schemas/sales.order_moved.v1-key.json");
    let order_no = &order_key["$defs"]["OrderNo"];
    assert_eq!(order_no["pattern"], "^O[0-9]+$");
    assert_eq!(order_no["minLength"], 3);
    assert_eq!(order_no["maxLength"], 12);
    let region_key = json(&old, "schemas/sales.region_moved.v1-key.json");
    assert_eq!(
        region_key["$defs"]["Region"]["enum"],
        serde_json::json!(["NORTH", "SOUTH", "OTHER"])
    );
    let avro: serde_json::Value =
        serde_json::from_str(&text(&old, "avro/sales.region_moved.v1-key.avsc")).expect("JSON");
    assert_eq!(avro["name"], "Region");
    assert_eq!(avro["namespace"], "shop");
    assert_eq!(avro["default"], "OTHER");
    // Value schemas keep their docs, and so change with them.
    for path in [
        "schemas/sales.order_moved.v1.json",
        "avro/sales.order_moved.v1-value.avsc",
    ] {
        let value = text(&old, path);
        assert!(value.contains("Alpha"), "{path} lost its docs:\n{value}");
        assert_ne!(value, text(&new, path), "{path}");
    }
    // The registry registers the key schemas as written.
    let registry = json(&old, "schemas/registry.json");
    let subject = registry["subjects"]
        .as_array()
        .expect("subjects")
        .iter()
        .find(|subject| subject["subject"] == "sales.order_moved.v1-key")
        .expect("the key subject");
    assert_eq!(
        subject["register"]["body"]["schema"],
        serde_json::to_string(&order_key).expect("JSON")
    );
}
