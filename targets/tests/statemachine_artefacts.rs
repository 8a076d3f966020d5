//! The statemachine target's other artefacts against the real tools: the
//! example's `template.yaml` passes cfn-lint (installed by
//! `.ci/install-cfn-lint`) with no finding, and every `.mmd` diagram of the
//! example and the fixtures parses with Mermaid's own parser (installed by
//! `.ci/install-statemachines`). Output is deterministic.

use std::path::PathBuf;
use std::process::Command;
use weft_targets::TargetName;

mod support;
use support::{generate, repo};

fn projects() -> Vec<PathBuf> {
    vec![
        repo().join("examples/acme-plant"),
        repo().join("tests/fixtures/statemachine/every_step"),
    ]
}

fn scratch(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("weft-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("scratch folder");
    folder
}

/// The CloudFormation templates (`template.yaml`, or one
/// `<group>.template.yaml` per domain or host system).
fn templates(manifest: &weft_targets::Manifest) -> Vec<(String, Vec<u8>)> {
    manifest
        .files()
        .filter(|(path, _)| path.starts_with("statemachines/") && path.ends_with("template.yaml"))
        .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
        .collect()
}

#[test]
fn the_template_passes_cfn_lint() {
    let cache = std::env::var_os("WEFT_CI_CACHE")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache/weft-ci")))
        .expect("HOME is set");
    let cfn_lint = cache.join("venv-cfn/bin/cfn-lint");
    assert!(
        cfn_lint.is_file(),
        "cfn-lint is not installed: run `bash .ci/install-cfn-lint`"
    );
    let mut linted = 0;
    for project in projects() {
        let manifest = generate(&project, TargetName::StateMachine);
        for (path, template) in templates(&manifest) {
            let folder = scratch("cfn-lint");
            let file = folder.join("template.yaml");
            std::fs::write(&file, template).expect("written");
            let output = Command::new(&cfn_lint)
                .arg(&file)
                .output()
                .expect("cfn-lint runs");
            std::fs::remove_dir_all(&folder).ok();
            assert!(
                output.status.success() && output.stdout.is_empty(),
                "{} {path}: cfn-lint reports:\n{}{}",
                project.display(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            linted += 1;
        }
    }
    assert!(linted >= 2, "a template per project");
}

#[test]
fn every_diagram_parses_with_mermaid() {
    let tools = repo().join(".ci/npm-statemachines");
    assert!(
        tools.join("node_modules/mermaid/package.json").is_file(),
        "Mermaid is not installed: run `bash .ci/install-statemachines`"
    );
    let folder = scratch("mermaid");
    let mut files = Vec::new();
    for project in projects() {
        let manifest = generate(&project, TargetName::StateMachine);
        for (path, bytes) in manifest.files() {
            if path.ends_with(".mmd") {
                let file = folder.join(format!("{}-{}", files.len(), path.replace('/', "-")));
                std::fs::write(&file, bytes).expect("written");
                files.push(file);
            }
        }
    }
    assert!(files.len() >= 8, "a diagram per workflow");
    let output = Command::new("node")
        .arg(tools.join("check-mermaid.mjs"))
        .args(&files)
        .current_dir(&tools)
        .output()
        .expect("node runs");
    std::fs::remove_dir_all(&folder).ok();
    assert!(
        output.status.success(),
        "diagrams Mermaid rejects:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn generation_is_deterministic() {
    for project in projects() {
        let first: Vec<(String, Vec<u8>)> = generate(&project, TargetName::StateMachine)
            .files()
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
            .collect();
        let second: Vec<(String, Vec<u8>)> = generate(&project, TargetName::StateMachine)
            .files()
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
            .collect();
        assert_eq!(first, second);
        assert!(first
            .iter()
            .any(|(path, _)| path.ends_with("template.yaml")));
    }
}

/// Every workflow triggered by an API operation gets a route of that
/// operation's method and path on an HTTP API, whose integration starts
/// exactly that machine with a role that may start nothing else.
#[test]
fn api_triggers_get_a_route_that_starts_their_machine() {
    let mut routes = 0;
    for project in projects() {
        let checked = support::checked(&project);
        let model = &checked.model;
        let manifest = support::build(&checked, TargetName::StateMachine);
        // Every template's resources (their ids are unique per workflow).
        let mut resources = serde_yaml::Mapping::new();
        for (_, text) in templates(&manifest) {
            let template: serde_yaml::Value =
                serde_yaml::from_slice(&text).expect("the template is YAML");
            if let Some(found) = template["Resources"].as_mapping() {
                resources.extend(found.clone());
            }
        }
        let resources = serde_yaml::Value::Mapping(resources);
        for workflow in &model.workflows {
            let Some(weft_model::TriggerDef::Api { operation }) = &workflow.trigger else {
                continue;
            };
            let api = model.api(operation.api);
            let op = model.operation(*operation);
            let id: String = workflow
                .name
                .name
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            let route = &resources[format!("{id}Route").as_str()]["Properties"];
            let base = api.base.trim_end_matches('/');
            assert_eq!(
                route["RouteKey"].as_str(),
                Some(
                    format!(
                        "{} {base}/v{}{}",
                        op.method.as_str(),
                        api.version.0,
                        op.path
                    )
                    .as_str()
                ),
                "{}: the route of {}",
                project.display(),
                workflow.name.name
            );
            let integration = &resources[format!("{id}Integration").as_str()]["Properties"];
            assert_eq!(
                integration["IntegrationSubtype"].as_str(),
                Some("StepFunctions-StartExecution")
            );
            assert_eq!(
                integration["RequestParameters"]["StateMachineArn"]["Ref"].as_str(),
                Some(format!("{id}StateMachine").as_str())
            );
            assert_eq!(
                route["ApiId"], integration["ApiId"],
                "route and integration on the same HTTP API"
            );
            let role = integration["CredentialsArn"]["Fn::GetAtt"][0]
                .as_str()
                .expect("the integration assumes a role");
            let statements =
                &resources[role]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"];
            assert_eq!(
                statements,
                &serde_yaml::from_str::<serde_yaml::Value>(&format!(
                    "[{{Effect: Allow, Action: ['states:StartExecution'], Resource: {{Ref: {id}StateMachine}}}}]"
                ))
                .expect("YAML"),
                "the role may start this machine only"
            );
            routes += 1;
        }
    }
    assert!(routes >= 1, "a fixture has a workflow triggered by an API");
}

/// `[targets.statemachine]` shapes the output: the example keeps the
/// defaults (one `template.yaml`, `${Publisher…}` substitutions, pipes
/// from the latest event); the fixture sets `per = "host"`, a publisher
/// pattern and `starting_position = "trim_horizon"`.
#[test]
fn settings_shape_the_templates() {
    let text = |manifest: &weft_targets::Manifest, path: &str| -> String {
        String::from_utf8(
            manifest
                .get(path)
                .unwrap_or_else(|| panic!("{path} generated"))
                .to_vec(),
        )
        .expect("UTF-8")
    };
    let example = generate(
        &repo().join("examples/acme-plant"),
        TargetName::StateMachine,
    );
    let names: Vec<String> = templates(&example)
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(names, ["statemachines/template.yaml"]);
    let template = text(&example, "statemachines/template.yaml");
    assert!(template.contains("StartingPosition: LATEST"), "{template}");
    assert!(
        template.contains("Ref: PublisherIntegrationHub"),
        "{template}"
    );

    let fixture = generate(
        &repo().join("tests/fixtures/statemachine/every_step"),
        TargetName::StateMachine,
    );
    let names: Vec<String> = templates(&fixture)
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(names, ["statemachines/hub.template.yaml"]);
    let template = text(&fixture, "statemachines/hub.template.yaml");
    assert!(
        template.contains("StartingPosition: TRIM_HORIZON"),
        "{template}"
    );
    assert!(
        template.contains(
            "Fn::Sub: arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:weft-publish-hub"
        ),
        "the role may invoke the named publisher: {template}"
    );
    assert!(
        !template.contains("Publisher"),
        "no publisher parameter: {template}"
    );
    let machine: serde_json::Value =
        serde_json::from_str(&text(&fixture, "statemachines/Fulfil.asl.json")).expect("JSON");
    let mut publishers = Vec::new();
    collect_function_names(&machine, &mut publishers);
    assert!(
        publishers.contains(&"weft-publish-hub".to_string()),
        "{publishers:?}"
    );
    assert!(
        publishers.iter().any(|name| name == "${CorrelatorHub}"),
        "the correlator stays a substitution: {publishers:?}"
    );

    // `per = "domain"`: the example's workflows by their hosts' domains.
    let mut checked = support::checked(&repo().join("examples/acme-plant"));
    checked
        .settings
        .as_mut()
        .expect("valid settings")
        .statemachine
        .per = weft_targets::statemachine::settings::TemplateGrouping::Domain;
    let by_domain = support::build(&checked, TargetName::StateMachine);
    let mut expected: Vec<String> = checked
        .model
        .workflows
        .iter()
        .filter(|workflow| !workflow.name.is_std())
        .map(|workflow| {
            let system = checked.model.system(workflow.host.expect("hosted"));
            let domain = checked.model.domain(system.domain.expect("in a domain"));
            format!(
                "statemachines/{}.template.yaml",
                domain.name.name.replace('_', "-")
            )
        })
        .collect();
    expected.sort();
    expected.dedup();
    let names: Vec<String> = templates(&by_domain)
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(names, expected);
    let machines: usize = templates(&by_domain)
        .iter()
        .map(|(_, text)| {
            String::from_utf8_lossy(text)
                .matches("Type: AWS::StepFunctions::StateMachine")
                .count()
        })
        .sum();
    assert_eq!(
        machines,
        checked
            .model
            .workflows
            .iter()
            .filter(|workflow| !workflow.name.is_std())
            .count(),
        "every machine in one template"
    );
}

fn collect_function_names(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value.as_str()) {
                    ("FunctionName", Some(name)) => out.push(name.to_string()),
                    _ => collect_function_names(value, out),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                collect_function_names(item, out);
            }
        }
        _ => {}
    }
}

/// A `for each` runs its iterations one by one unless `concurrency` says
/// otherwise, as `weft test` runs them; a Map state without
/// `MaxConcurrency` would run them all at once, so it is always written.
#[test]
fn loops_run_as_many_at_once_as_the_workflow_says() {
    let fixture = repo().join("tests/fixtures/statemachine/every_step");
    let unbounded = scratch("loop-concurrency");
    for name in ["weft.toml", "landscape.weft", "workflows.weft"] {
        let text = std::fs::read_to_string(fixture.join(name)).expect("fixture readable");
        let text = text.replace(" concurrency 2 {", " {");
        std::fs::write(unbounded.join(name), text).expect("scratch writable");
    }
    for (project, expected) in [(fixture, 2), (unbounded.clone(), 1)] {
        let manifest = generate(&project, TargetName::StateMachine);
        let mut found = Vec::new();
        for (path, bytes) in manifest.files() {
            if path.ends_with(".asl.json") {
                let definition: serde_json::Value =
                    serde_json::from_slice(bytes).expect("the definition is JSON");
                map_concurrencies(&definition["States"], &mut found);
            }
        }
        assert_eq!(found, [Some(expected)], "{}", project.display());
    }
    std::fs::remove_dir_all(unbounded).ok();
}

/// The `MaxConcurrency` of every Map state in `states` and the graphs
/// nested in them.
fn map_concurrencies(states: &serde_json::Value, out: &mut Vec<Option<u64>>) {
    for state in states
        .as_object()
        .into_iter()
        .flat_map(|states| states.values())
    {
        if state["Type"] == "Map" {
            out.push(state["MaxConcurrency"].as_u64());
        }
        let nested = state["Branches"]
            .as_array()
            .into_iter()
            .flatten()
            .chain([&state["ItemProcessor"]]);
        for graph in nested {
            map_concurrencies(&graph["States"], out);
        }
    }
}
