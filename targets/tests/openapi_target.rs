//! The `openapi` target: the example landscape and a fixture project made
//! to exercise every feature (auth none, API keys and OAuth 2.0, pagination,
//! path/query/header parameters, optional and nullable values, enums,
//! decimals, maps, lists, errors, idempotent operations, unsafe Markdown in
//! doc comments) are generated through the library, snapshotted, generated
//! twice to prove the output byte-identical, and linted by Redocly CLI with
//! `--extends=recommended-strict`, which must find nothing at all.
//!
//! Redocly CLI is installed by `.ci/install-validators` (pinned in
//! `.ci/package.json`) and runs offline: telemetry and the update check are
//! switched off. Without it the lint tests fail, unless
//! `WEFT_SKIP_EXTERNAL_VALIDATORS=1` is set.

use std::path::{Path, PathBuf};
use std::process::Command;
use weft_compiler::{check, BuildError, Origin, SourceMap};
use weft_targets::{Manifest, TargetName};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn example() -> PathBuf {
    repo_root().join("examples/acme-plant")
}

fn fixture() -> PathBuf {
    repo_root().join("tests/fixtures/targets/openapi")
}

/// The project's manifest and `.weft` files (sorted, recursively), next to
/// the standard library, as `weft check` loads them.
fn load(root: &Path) -> SourceMap {
    let mut sources = SourceMap::with_stdlib();
    let manifest = root.join("weft.toml");
    let text = std::fs::read_to_string(&manifest).expect("weft.toml is readable");
    sources.add(manifest.display().to_string(), text, Origin::Project);
    let mut files = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("folder is readable") {
            let path = entry.expect("entry is readable").path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|extension| extension == "weft")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source is readable");
        sources.add(file.display().to_string(), text, Origin::Project);
    }
    sources
}

/// Checks the project (it must be free of errors) and runs the target.
fn generate(root: &Path) -> Result<Manifest, Vec<String>> {
    let sources = load(root);
    let result = check(&sources);
    let errors: Vec<String> = result
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == weft_base::Severity::Error)
        .map(|diagnostic| format!("{} {}", diagnostic.code, diagnostic.message))
        .collect();
    assert!(
        errors.is_empty(),
        "{} has errors: {errors:#?}",
        root.display()
    );
    match weft_compiler::build(&result, &[TargetName::OpenApi]) {
        Ok(manifest) => Ok(manifest),
        Err(BuildError::TargetsFailed(problems)) => Err(problems
            .into_iter()
            .map(|problem| format!("{} {}", problem.code, problem.message))
            .collect()),
        Err(error) => Err(vec![error.to_string()]),
    }
}

fn generate_ok(root: &Path) -> Manifest {
    generate(root).unwrap_or_else(|problems| panic!("generation failed: {problems:#?}"))
}

fn text(contents: &[u8]) -> &str {
    std::str::from_utf8(contents).expect("UTF-8 output")
}

/// The Redocly CLI binary, or `None` (after a note) when it is missing and
/// `WEFT_SKIP_EXTERNAL_VALIDATORS=1` says to skip.
fn redocly() -> Option<PathBuf> {
    let binary = repo_root().join(".ci/node_modules/.bin/redocly");
    if binary.is_file() {
        return Some(binary);
    }
    if std::env::var("WEFT_SKIP_EXTERNAL_VALIDATORS").as_deref() == Ok("1") {
        eprintln!(
            "note: skipping the Redocly lint: it is not installed \
             (WEFT_SKIP_EXTERNAL_VALIDATORS=1)"
        );
        return None;
    }
    panic!(
        "Redocly CLI is not installed at {}: run `.ci/install-validators`, \
         or set WEFT_SKIP_EXTERNAL_VALIDATORS=1 to skip this test",
        binary.display()
    );
}

/// Writes the manifest's files to a fresh folder and lints them all with
/// `redocly lint --extends=recommended-strict`; any error or warning fails.
fn lint(name: &str, manifest: &Manifest) {
    let Some(redocly) = redocly() else {
        return;
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("openapi-lint-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    let mut files = Vec::new();
    for (path, contents) in manifest.files() {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("a file has a folder"))
            .expect("the folder can be made");
        std::fs::write(&file, contents).expect("the file can be written");
        files.push(file);
    }
    assert!(!files.is_empty(), "{name}: nothing was generated");
    let output = Command::new(&redocly)
        .arg("lint")
        .arg("--extends=recommended-strict")
        .arg("--format=stylish")
        .args(&files)
        .current_dir(&dir)
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
        .env("REDOCLY_SUPPRESS_NOTIFICATIONS", "true")
        .output()
        .expect("Redocly CLI runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success() && !report.contains("You have"),
        "Redocly found problems in the {name} documents:\n{report}"
    );
}

#[test]
fn example_documents_match_the_snapshots() {
    let manifest = generate_ok(&example());
    let paths: Vec<&str> = manifest.files().map(|(path, _)| path).collect();
    insta::assert_debug_snapshot!("acme_plant_openapi_files", paths);
    for (path, contents) in manifest.files() {
        let name = format!(
            "acme_plant_{}",
            path.trim_start_matches("openapi/").replace('.', "_")
        );
        insta::assert_snapshot!(name, text(contents));
    }
}

#[test]
fn fixture_documents_match_the_snapshots() {
    let manifest = generate_ok(&fixture());
    for (path, contents) in manifest.files() {
        let name = format!(
            "fixture_{}",
            path.trim_start_matches("openapi/").replace('.', "_")
        );
        insta::assert_snapshot!(name, text(contents));
    }
}

#[test]
fn example_documents_pass_redocly_recommended_strict() {
    lint("acme-plant", &generate_ok(&example()));
}

#[test]
fn fixture_documents_pass_redocly_recommended_strict() {
    lint("fixture", &generate_ok(&fixture()));
}

#[test]
fn output_is_byte_identical_across_runs() {
    for root in [example(), fixture()] {
        assert_eq!(generate_ok(&root), generate_ok(&root), "{}", root.display());
    }
}

#[test]
fn every_operation_states_its_security_and_a_client_error() {
    for root in [example(), fixture()] {
        for (path, contents) in generate_ok(&root).files() {
            let document: serde_json::Value =
                serde_yaml::from_slice(contents).expect("the output is YAML");
            assert_eq!(document["openapi"], "3.1.1");
            let paths = document["paths"].as_object().expect("paths");
            for (template, item) in paths {
                for (method, operation) in item.as_object().expect("path item") {
                    let at = format!("{path} {method} {template}");
                    assert!(operation["security"].is_array(), "{at}: no security");
                    let responses = operation["responses"].as_object().expect("responses");
                    assert!(
                        responses.keys().any(|status| status.starts_with('4')),
                        "{at}: no 4xx response"
                    );
                    for (status, response) in responses {
                        if status.starts_with('4') || status.starts_with('5') {
                            assert!(
                                response["content"]["application/problem+json"].is_object(),
                                "{at} {status}: not a problem+json response"
                            );
                        }
                    }
                }
            }
        }
    }
}

/// A project in a fresh scratch folder: `weft.toml` with `targets`
/// appended, and one source file.
fn scratch_project(name: &str, targets: &str, source: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("openapi-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("the folder can be made");
    std::fs::write(
        dir.join("weft.toml"),
        format!("[project]\nname = \"{name}\"\nversion = \"0.1.0\"\n\n{targets}"),
    )
    .expect("the manifest can be written");
    std::fs::write(dir.join("api.weft"), source).expect("the source can be written");
    dir
}

/// A landscape of one domain and one system, and `api` after it.
fn with_landscape(api: &str) -> String {
    format!(
        "package scratch\n\ndomain d {{\n  owner \"Team\"\n}}\n\n\
         system s {{\n  domain d\n  kind other\n}}\n\n{api}"
    )
}

#[test]
fn invalid_settings_are_reported() {
    let dir = scratch_project(
        "bad-settings",
        "[targets.openapi]\nserver = \"api.acme.test\"\ntoken_uri = \"https://x.test\"\n",
        &with_landscape(
            "api Health {\n  host s\n  version 1.0.0\n  auth none\n\n  \
             operation health GET \"/health\" {\n    response 204\n  }\n}\n",
        ),
    );
    // `weft check` finds them, with codes; `build` then refuses.
    let result = check(&load(&dir));
    let problems: Vec<String> = result
        .diagnostics
        .iter()
        .map(|diagnostic| format!("{} {}", diagnostic.code, diagnostic.message))
        .collect();
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems
        .iter()
        .any(|problem| problem.starts_with("E803") && problem.contains("] server`")));
    assert!(problems
        .iter()
        .any(|problem| problem.starts_with("E801") && problem.contains("`token_uri`")));
    assert!(matches!(
        weft_compiler::build(&result, &[TargetName::OpenApi]),
        Err(BuildError::HasErrors)
    ));
}

#[test]
fn an_api_without_operations_passes_redocly() {
    let dir = scratch_project(
        "no-operations",
        "",
        &with_landscape(
            "/// Nothing yet.\napi Later {\n  host s\n  version 0.1.0\n  auth none\n}\n",
        ),
    );
    let manifest = generate_ok(&dir);
    assert!(manifest.get("openapi/later.v0.yaml").is_some());
    lint("no-operations", &manifest);
}

/// Issue 15 item 14: a model-provided name never becomes a `$`-keyword key
/// (an OAuth scope named `$ref` would make its `scopes` map a reference).
/// `check` refuses it at its string (E313), so no build reaches the
/// target's own refusal (`naming::check_model_key`, unit-tested there).
#[test]
fn a_scope_named_like_a_keyword_is_refused() {
    let dir = scratch_project(
        "dollar-scope",
        "",
        &with_landscape(
            "api Health {\n  host s\n  version 1.0.0\n  \
             auth oauth2 client_credentials scopes \"$ref\"\n\n  \
             operation health GET \"/health\" {\n    response 204\n  }\n}\n",
        ),
    );
    let result = check(&load(&dir));
    let refused: Vec<&weft_base::Diagnostic> = result
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.code == weft_base::codes::INVALID_VALUE)
        .collect();
    assert!(
        refused.len() == 1 && refused[0].message.contains("`$ref`"),
        "{:#?}",
        result.diagnostics
    );
}

/// Component schemas are written once per build and shared between
/// documents (`schemas::SchemaTexts`); a shared text must still point
/// every `$ref` at the component its own document names. Here `Order`
/// refers to `scratch.Money`, which is `Money` in the first document and
/// `scratch.Money` in the second (where `scratch.other.Money` shares the
/// short name).
#[test]
fn a_schema_shared_between_documents_refers_to_each_documents_names() {
    let dir = scratch_project(
        "shared-schemas",
        "",
        &with_landscape(
            "use scratch.other\n\n\
             record Money {\n  amount: string\n}\n\n\
             record Order {\n  total: Money\n}\n\n\
             api First {\n  host s\n  version 1.0.0\n  auth none\n\n  \
             operation getOrder GET \"/orders\" {\n    response 200 Order\n  }\n}\n\n\
             api Second {\n  host s\n  version 1.0.0\n  auth none\n\n  \
             operation getOrder GET \"/orders\" {\n    response 200 Order\n  }\n\n  \
             operation getPrice GET \"/price\" {\n    response 200 other.Money\n  }\n}\n",
        ),
    );
    std::fs::write(
        dir.join("other.weft"),
        "package scratch.other\n\nrecord Money {\n  cents: int64\n}\n",
    )
    .expect("the source can be written");
    let manifest = generate_ok(&dir);
    for (file, money) in [
        ("openapi/first.v1.yaml", "Money"),
        ("openapi/second.v1.yaml", "scratch.Money"),
    ] {
        let contents = manifest.get(file).expect("the document is generated");
        let document: serde_json::Value =
            serde_yaml::from_slice(contents).expect("the output is YAML");
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["Order"]["properties"]["total"]["$ref"],
            format!("#/components/schemas/{money}"),
            "{file}"
        );
        assert!(
            schemas[money]["properties"]["amount"].is_object(),
            "{file}: {money} is not scratch.Money"
        );
    }
}

/// Two API-key headers whose names differ only in characters a component
/// name cannot hold (`X+Key`, `X_Key`) get a scheme each, and each
/// operation's requirement names the scheme of its own header.
#[test]
fn api_key_headers_that_fold_alike_get_a_scheme_each() {
    let dir = scratch_project(
        "api-keys",
        "",
        &with_landscape(
            "/// Keys.\napi Keys {\n  host s\n  version 1.0.0\n  auth api_key header \"X+Key\"\n\n  \
             /// Read.\n  operation first GET \"/first\" {\n    response 204\n  }\n\n  \
             /// Read too.\n  operation second GET \"/second\" {\n    auth api_key header \"X_Key\"\n    response 204\n  }\n}\n",
        ),
    );
    let manifest = generate_ok(&dir);
    let document: serde_yaml::Value =
        serde_yaml::from_slice(manifest.get("openapi/keys.v1.yaml").expect("the document"))
            .expect("YAML");
    let schemes = &document["components"]["securitySchemes"];
    let header_of = |operation: &str| {
        let requirement =
            &document["paths"][format!("/{operation}").as_str()]["get"]["security"][0];
        let scheme = requirement
            .as_mapping()
            .and_then(|mapping| mapping.keys().next())
            .and_then(serde_yaml::Value::as_str)
            .expect("a requirement")
            .to_string();
        schemes[scheme.as_str()]["name"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| panic!("scheme {scheme} in {schemes:?}"))
    };
    assert_eq!(header_of("first"), "X+Key");
    assert_eq!(header_of("second"), "X_Key");
    lint("api-keys", &manifest);
}

/// An idempotent operation that declares its own `Idempotency-Key` header
/// refers to no shared parameter, so the document defines none (an unused
/// component fails `no-unused-components`).
#[test]
fn an_operation_declaring_its_idempotency_key_leaves_no_unused_component() {
    let dir = scratch_project(
        "own-idempotency-key",
        "",
        &with_landscape(
            "/// Bins.\napi Bins {\n  host s\n  version 1.0.0\n  auth none\n\n  \
             /// Empty a bin.\n  operation emptyBin POST \"/bins/{code}/empty\" {\n    path code: string\n    header idempotency_key: string\n    response 204\n    idempotent\n  }\n}\n",
        ),
    );
    let manifest = generate_ok(&dir);
    let document: serde_yaml::Value =
        serde_yaml::from_slice(manifest.get("openapi/bins.v1.yaml").expect("the document"))
            .expect("YAML");
    assert!(
        document["components"]["parameters"]["IdempotencyKey"].is_null(),
        "{:?}",
        document["components"]
    );
    lint("own-idempotency-key", &manifest);
}
