//! The `rust` target without cargo: which crates and files it writes, what
//! is write-once, determinism, and how hostile names reach the source.
//! (`compiler/cli/tests/rust_connectors.rs` compiles and runs the output.)

use weft_targets::{Manifest, TargetName};

mod support;
use support::{generate, repo};

fn text<'m>(manifest: &'m Manifest, path: &str) -> &'m str {
    std::str::from_utf8(
        manifest
            .get(path)
            .unwrap_or_else(|| panic!("{path} generated")),
    )
    .expect("UTF-8")
}

#[test]
fn acme_plant_has_a_crate_per_system_with_user_files_written_once() {
    let manifest = generate(&repo().join("examples/acme-plant"), TargetName::Rust);
    let once: Vec<&str> = manifest.once_files().map(|(path, _)| path).collect();
    let mut crates: Vec<&str> = once
        .iter()
        .filter_map(|path| path.strip_suffix("/src/lib.rs"))
        .filter_map(|path| path.strip_prefix("rust/crates/"))
        .collect();
    crates.sort();
    assert_eq!(
        crates,
        [
            "erp",
            "integration-hub",
            "ledger",
            "mes",
            "scheduler",
            "supplier-portal",
            "wms"
        ]
    );
    for name in &crates {
        assert!(once.contains(&format!("rust/crates/{name}/Cargo.toml").as_str()));
        assert!(
            manifest
                .get(&format!("rust/crates/{name}/src/lib.rs"))
                .is_none(),
            "not generated"
        );
        text(
            &manifest,
            &format!("rust/crates/{name}/src/generated/models.rs"),
        );
    }
    // The ledger hosts GeneralLedger (server only); the hub calls it (client only).
    let ledger = text(
        &manifest,
        "rust/crates/ledger/src/generated/api_general_ledger.rs",
    );
    assert!(ledger.contains("pub mod server") && !ledger.contains("pub mod client"));
    let hub = text(
        &manifest,
        "rust/crates/integration-hub/src/generated/api_general_ledger.rs",
    );
    assert!(hub.contains("pub mod client") && !hub.contains("pub mod server"));
    // The WMS reads ScheduleChanged v1, and v2 (FULL_TRANSITIVE) as v1.
    let wms = text(&manifest, "rust/crates/wms/src/generated/events.rs");
    assert!(
        wms.contains("\"production.schedule_changed.v2\" => {"),
        "{wms}"
    );
    assert!(wms.contains("fn on_schedule_changed_v1("), "{wms}");
    assert!(!wms.contains("fn on_schedule_changed_v2("), "{wms}");
    // Every dependency version is pinned in the workspace only.
    let workspace = text(&manifest, "rust/Cargo.toml");
    assert!(workspace.contains("[workspace.dependencies]"));
    let member = std::str::from_utf8(
        manifest
            .get_once("rust/crates/erp/Cargo.toml")
            .expect("erp manifest"),
    )
    .expect("UTF-8");
    assert!(!member.contains("version = \"1"), "{member}");
    assert_eq!(
        manifest,
        generate(&repo().join("examples/acme-plant"), TargetName::Rust),
        "deterministic"
    );
}

#[test]
fn hostile_names_are_escaped() {
    let manifest = generate(
        &repo().join("tests/fixtures/targets/rust/hostile"),
        TargetName::Rust,
    );
    let models = text(&manifest, "rust/crates/match/src/generated/models.rs");
    for expected in [
        "pub enum OptionModel {",
        "pub struct StringModel {",
        "    pub r#type: String,",
        "    pub r#fn: i32,",
        "    pub self_: Option<OptionModel>,",
        "    #[serde(rename = \"self\", default, skip_serializing_if = \"Option::is_none\")]",
        "    SelfSymbol,",
        "    SelfSymbol2,",
        "    /// reversed text",
    ] {
        assert!(models.contains(expected), "{expected} missing:\n{models}");
    }
    for (path, bytes) in manifest.files() {
        let text = std::str::from_utf8(bytes).expect("UTF-8");
        assert!(
            !text.contains('\u{202e}'),
            "{path} carries a direction override"
        );
        assert!(!text.contains("```"), "{path} has a doc-test fence");
    }
    let api = text(&manifest, "rust/crates/match/src/generated/api_vec.rs");
    assert!(api.contains("fn r#impl("), "{api}");
    assert!(api.contains("\"x-self\""), "{api}");
    // `Self` hosts the workflow `loop`: the client of `Vec` and the wait
    // point get the same escaping.
    let client = text(&manifest, "rust/crates/self/src/generated/api_vec.rs");
    assert!(client.contains("pub async fn r#impl("), "{client}");
    let workflows = text(&manifest, "rust/crates/self/src/generated/workflows.rs");
    assert!(
        workflows.contains("WaitPoint::LoopFn => \"hostile.type.loop\","),
        "{workflows}"
    );
}

/// Bounds no example can fill (`length 9007199254740993`, a list of at
/// least 2³¹ items) used to make `build` allocate them and abort, or run
/// for minutes: the examples stop at their cap with a note, and the events
/// whose example is capped get no round-trip test. Names whose leading
/// underscores hide a digit get a letter; the APIs `Plant` and `Plant_`
/// (one module name) get two modules, where the build used to fail.
#[test]
fn edge_cases_give_valid_distinct_rust() {
    let manifest = generate(
        &repo().join("tests/fixtures/targets/rust/edges"),
        TargetName::Rust,
    );
    for module in ["api_plant", "api_plant2"] {
        let path = format!("rust/crates/mes/src/generated/{module}.rs");
        assert!(
            text(&manifest, &path).contains("pub enum PingError"),
            "{path}"
        );
    }
    let modules = text(&manifest, "rust/crates/mes/src/generated/mod.rs");
    assert!(
        modules.contains("pub mod api_plant;\npub mod api_plant2;\n"),
        "{modules}"
    );
    let tests = text(&manifest, "rust/crates/mes/src/generated/tests.rs");
    assert!(tests.len() < 64 * 1024, "{} bytes", tests.len());
    assert!(
        !tests.contains("round_trip_production_order_released"),
        "{tests}"
    );
    assert!(
        tests.contains("round_trip_production_order_closed_v1"),
        "{tests}"
    );
    let models = text(&manifest, "rust/crates/mes/src/generated/models.rs");
    for expected in [
        "    pub n741: Option<String>,",
        "    pub n9lives: Option<i32>,",
    ] {
        assert!(models.contains(expected), "{expected} missing:\n{models}");
    }
}

/// Every problem `type` a connector sends or matches for a declared error
/// is one the OpenAPI documents narrow that error's responses to, so that a
/// generated server's problems validate against the generated document.
#[test]
fn declared_errors_have_the_openapi_documents_problem_types() {
    let project = repo().join("examples/acme-plant");
    let rust = generate(&project, TargetName::Rust);
    let openapi = generate(&project, TargetName::OpenApi);
    let documents: String = openapi
        .files()
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    let mut kinds = 0;
    for (path, bytes) in rust.files() {
        let text = std::str::from_utf8(bytes).expect("UTF-8");
        for line in text.lines() {
            let Some(rest) = line.trim().strip_prefix("kind: \"") else {
                continue;
            };
            let kind = rest.split('"').next().unwrap_or_default();
            assert!(
                documents.contains(&format!("- {kind}\n")),
                "{path}: `{kind}` is no problem type of the OpenAPI documents"
            );
            kinds += 1;
        }
    }
    assert!(kinds > 0, "the example declares errors");
}

/// A system whose name makes a crate folder longer than a file system
/// allows: one E810, at the system's name, not one per file at `weft.toml`.
#[test]
fn a_crate_folder_too_long_is_reported_once_at_its_system() {
    use weft_compiler::{check, BuildError, Origin, SourceMap};
    let name = format!("mes{}", "x".repeat(260));
    let source = format!(
        "package long\n\n/// Production.\ndomain production {{\n  owner \"Plant Team\"\n}}\n\n\
         /// The MES.\nsystem {name} {{\n  domain production\n  kind mes\n  hosting on_prem\n  \
         connectivity reliable\n}}\n\n/// Started.\nevent Started {{\n  producer {name}\n  key id\n\n  \
         version 1 {{\n    id: string\n  }}\n}}\n"
    );
    let mut sources = SourceMap::with_stdlib();
    sources.add(
        "weft.toml".to_string(),
        "[project]\nname = \"long\"\nversion = \"0.1.0\"\n".to_string(),
        Origin::Project,
    );
    let file = sources.add("model.weft".to_string(), source.clone(), Origin::Project);
    let result = check(&sources);
    assert!(!result.has_errors(), "{:#?}", result.diagnostics);
    let Err(BuildError::TargetsFailed(problems)) =
        weft_compiler::build(&result, &[TargetName::Rust])
    else {
        panic!("the rust target wrote a folder name of 263 bytes");
    };
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let problem = &problems[0];
    assert_eq!(problem.code.as_str(), "E810");
    assert_eq!(problem.primary.span.file, file);
    let start = problem.primary.span.start as usize;
    assert!(source[start..].starts_with(&name), "{problem:#?}");
}
