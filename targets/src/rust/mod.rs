//! The `rust` target: a Cargo workspace `rust/` with one connector crate per
//! system that hosts an API, produces or consumes an event, or hosts a
//! workflow. See `docs/rust.md` for the layout and what each part does.
//!
//! # Files
//!
//! - `rust/Cargo.toml`: the workspace, with every dependency version pinned
//!   once (`[workspace.dependencies]`). Regenerated.
//! - `rust/crates/<system>/Cargo.toml` and `src/lib.rs`: written once
//!   ([`Manifest::add_once`]), the user's from then on.
//! - `rust/crates/<system>/src/generated/`: regenerated on every build:
//!   `models.rs` (the types the system uses, serde exactly as the schemas
//!   target's JSON Schemas), `api_<api>.rs` per hosted or called API (server
//!   trait and `axum` router; `reqwest` client), `events.rs` (publisher,
//!   handler trait, consumer), `bus.rs` (the broker trait, in memory and
//!   Kafka), `workflows.rs` (wait-step correlation), `support.rs` and
//!   `tests.rs` (round trips of the schemas target's example payloads).
//!
//! Files are rendered from the handlebars templates in
//! `targets/templates/rust/`; every name and text from the model is made
//! safe for Rust first ([`names`]).

/// A template object, written like `object!({ "key": value, ... })`, whose
/// values are moved in with `Value::from`: `json!` serialises a copy of
/// every value it is given, so nested template data (the fields inside a
/// record inside the models) was copied once per level.
macro_rules! object {
    ({ $($key:literal : $value:expr),* $(,)? }) => {
        serde_json::Value::Object(serde_json::Map::from_iter([
            $(($key.to_string(), serde_json::Value::from($value))),*
        ]))
    };
}

mod apis;
mod events;
mod layout;
mod models;
pub mod names;
mod render;
pub mod settings;
mod types;
mod workflows;

pub use settings::Settings;

use crate::naming::kebab_case;
use crate::schemas::examples;
use crate::{naming, BuildContext, Manifest, Target, TargetName};
use events::EventUse;
use names::{bare, snake_ident, string_literal, Unique};
use serde_json::Value;
use std::collections::BTreeSet;
use types::TypeNames;
use weft_base::Diagnostic;
use weft_model::{ApiId, Model, StateKind, SystemId, TriggerDef, Type, WorkflowId};

/// The `rust` target.
#[derive(Clone, Copy, Debug, Default)]
pub struct Rust;

/// What one system's crate holds.
#[derive(Debug, Default)]
pub struct CratePlan {
    /// The system.
    pub system: Option<SystemId>,
    /// The APIs it hosts.
    pub hosted: BTreeSet<ApiId>,
    /// The APIs its workflows call.
    pub called: BTreeSet<ApiId>,
    /// The event versions it publishes.
    pub produced: BTreeSet<EventUse>,
    /// The event versions it reads.
    pub consumed: BTreeSet<EventUse>,
    /// The workflows it hosts.
    pub workflows: BTreeSet<WorkflowId>,
}

impl CratePlan {
    fn is_empty(&self) -> bool {
        self.hosted.is_empty()
            && self.called.is_empty()
            && self.produced.is_empty()
            && self.consumed.is_empty()
            && self.workflows.is_empty()
    }
}

/// The crate of every system that has one, by system.
pub fn plans(model: &Model) -> Vec<CratePlan> {
    let mut plans: Vec<CratePlan> = (0..model.systems.len())
        .map(|index| CratePlan {
            system: Some(SystemId(u32::try_from(index).unwrap_or(u32::MAX))),
            ..CratePlan::default()
        })
        .collect();
    for (index, api) in model.apis.iter().enumerate() {
        if let (Some(host), false) = (api.host, api.name.is_std()) {
            plans[host.index()]
                .hosted
                .insert(ApiId(u32::try_from(index).unwrap_or(u32::MAX)));
        }
    }
    for (index, event) in model.events.iter().enumerate() {
        let id = weft_model::EventId(u32::try_from(index).unwrap_or(u32::MAX));
        if let (Some(producer), false) = (event.producer, event.name.is_std()) {
            for version in &event.versions {
                plans[producer.index()].produced.insert(EventUse {
                    event: id,
                    version: version.number,
                });
            }
        }
    }
    for (index, system) in model.systems.iter().enumerate() {
        for consumption in &system.consumes {
            plans[index].consumed.insert(EventUse {
                event: consumption.event,
                version: consumption.version,
            });
        }
    }
    for (index, workflow) in model.workflows.iter().enumerate() {
        let Some(host) = workflow.host else { continue };
        if workflow.name.is_std() {
            continue;
        }
        let plan = &mut plans[host.index()];
        plan.workflows
            .insert(WorkflowId(u32::try_from(index).unwrap_or(u32::MAX)));
        if let Some(TriggerDef::Event { event, version }) = &workflow.trigger {
            plan.consumed.insert(EventUse {
                event: *event,
                version: *version,
            });
        }
        workflow.graph.walk(&mut |state| match &state.kind {
            StateKind::Call {
                operation,
                compensation,
                ..
            } => {
                plan.called.extend(operation.map(|operation| operation.api));
                if let Some(compensation) = compensation {
                    plan.called
                        .extend(compensation.operation.map(|operation| operation.api));
                }
            }
            StateKind::Emit {
                event: Some(event),
                version,
                ..
            } => {
                plan.produced.insert(EventUse {
                    event: *event,
                    version: *version,
                });
            }
            StateKind::Wait {
                event: Some(event),
                version,
                ..
            } => {
                plan.consumed.insert(EventUse {
                    event: *event,
                    version: *version,
                });
            }
            _ => {}
        });
    }
    plans
        .into_iter()
        .filter(|plan| {
            plan.system
                .is_some_and(|system| !model.system(system).name.is_std())
                && !plan.is_empty()
        })
        .collect()
}

impl Target for Rust {
    fn name(&self) -> TargetName {
        TargetName::Rust
    }

    fn generate(
        &self,
        context: &BuildContext,
        manifest: &mut Manifest,
    ) -> Result<(), Vec<Diagnostic>> {
        let model = context.model;
        let templates =
            render::Templates::new().map_err(|error| vec![context.failure(error, None)])?;
        let mut errors = Vec::new();
        let prefix = context
            .settings
            .rust
            .crate_prefix
            .clone()
            .unwrap_or_else(|| crate_prefix_of(context.project));
        let workspace = object!({
            "project": context.project,
            "version": string_literal(&crate_version(context.version)),
        });
        // Each problem with where its crate's system is declared, if any.
        let mut put = |path: String, rendered: Result<String, String>, once: bool, span| {
            let added = rendered.and_then(|text| {
                if once {
                    manifest.add_once(&path, text)
                } else {
                    manifest.add(&path, text)
                }
            });
            if let Err(error) = added {
                errors.push((error, span));
            }
        };
        put(
            "rust/Cargo.toml".to_string(),
            templates.render("workspace", workspace),
            false,
            None,
        );
        let problem_types =
            crate::openapi::problem_types_base(&context.settings.openapi, context.project);
        let mut folders = Unique::with(&[]);
        for plan in plans(model) {
            let Some(system_id) = plan.system else {
                continue;
            };
            let system = model.system(system_id);
            let folder = folders.claim(kebab_case(&system.name.name).replace('_', "-"));
            let root = format!("rust/crates/{folder}");
            let span = Some(system.name.span);
            // A folder name too long for the file system is reported once,
            // not once for each of the crate's files.
            if let Err(error) = crate::manifest::writable_path(&root) {
                put(root, Err(error), false, span);
                continue;
            }
            let files = crate_files(
                model,
                context.project,
                &prefix,
                &folder,
                &plan,
                &templates,
                &problem_types,
            );
            for (path, rendered, once) in files {
                put(format!("{root}/{path}"), rendered, once, span);
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors
                .into_iter()
                .map(|(error, span)| context.failure(error, span))
                .collect())
        }
    }
}

/// `acme-plant` → `acme-plant`; anything else made a valid crate prefix.
fn crate_prefix_of(project: &str) -> String {
    let mut prefix: String = project
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    prefix = prefix.trim_matches('-').to_string();
    if !settings::is_crate_prefix(&prefix) {
        prefix = format!("weft-{prefix}").trim_end_matches('-').to_string();
    }
    if settings::is_crate_prefix(&prefix) {
        prefix
    } else {
        "weft".to_string()
    }
}

/// The project's version when it is `x.y.z`, else `0.1.0`.
fn crate_version(version: &str) -> String {
    let parts: Vec<&str> = version.split('.').collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
    {
        version.to_string()
    } else {
        "0.1.0".to_string()
    }
}

type Rendered = (String, Result<String, String>, bool);

/// The files of one crate. `problem_types` is where the declared errors'
/// problem `type` URIs start (the OpenAPI target's setting).
fn crate_files(
    model: &Model,
    project: &str,
    prefix: &str,
    folder: &str,
    plan: &CratePlan,
    templates: &render::Templates,
    problem_types: &str,
) -> Vec<Rendered> {
    let system_id = plan.system.unwrap_or(SystemId(0));
    let system = model.system(system_id);
    let apis: BTreeSet<ApiId> = plan.hosted.union(&plan.called).copied().collect();
    let mut roots: Vec<Type> = Vec::new();
    for api in &apis {
        for operation in &model.api(*api).operations {
            roots.extend(operation.params.iter().map(|param| param.field.ty.clone()));
            roots.extend(operation.body.clone());
            roots.extend(
                operation
                    .responses
                    .iter()
                    .filter_map(|response| response.body.clone()),
            );
        }
    }
    for used in plan.produced.iter().chain(&plan.consumed) {
        if let Some(version) = model.event(used.event).version(used.version) {
            roots.push(Type::Named(version.payload));
        }
    }
    let names = TypeNames::collect(model, &roots);
    // Two APIs may have one module name (`Plant` and `Plant_`): the later
    // (by id) gets a number, as types do.
    let mut module_scope = Unique::with(&[]);
    let api_modules: Vec<String> = apis
        .iter()
        .map(|api| module_scope.claim(apis::module(model, *api)))
        .collect();
    let system_name = system.name.name;
    let common = handlebars::Context::from(object!({
        "system": &*system_name,
        "project": project,
        "package": string_literal(&format!("{prefix}-{folder}")),
        "description": string_literal(&format!("The connector of the system `{}` ({project}), generated by weft.", system.name.name)),
        "modules": module_lines(&api_modules, !plan.workflows.is_empty()),
        "apis": api_modules.clone(),
        "workflows": !plan.workflows.is_empty(),
    }));
    let mut files: Vec<Rendered> = vec![
        (
            "Cargo.toml".into(),
            templates.render_shared("crate", &common),
            true,
        ),
        (
            "src/lib.rs".into(),
            templates.render_shared("lib", &common),
            true,
        ),
        (
            "src/generated/mod.rs".into(),
            templates.render_shared("generated", &common),
            false,
        ),
        (
            "src/generated/support.rs".into(),
            templates.render_shared("support", &common),
            false,
        ),
        (
            "src/generated/bus.rs".into(),
            templates.render_shared("bus", &common),
            false,
        ),
        (
            "src/generated/models.rs".into(),
            Ok(models::models(model, &names)),
            false,
        ),
    ];
    let produced: Vec<EventUse> = plan.produced.iter().copied().collect();
    let consumed: Vec<EventUse> = plan.consumed.iter().copied().collect();
    files.push((
        "src/generated/events.rs".into(),
        templates.render(
            "events",
            events::events_data(model, &names, &system_name, &produced, &consumed),
        ),
        false,
    ));
    for (api, module) in apis.iter().zip(&api_modules) {
        let data = apis::api_data(
            model,
            &names,
            *api,
            plan.hosted.contains(api),
            plan.called.contains(api),
            problem_types,
        );
        files.push((
            format!("src/generated/{module}.rs"),
            templates.render("api", data),
            false,
        ));
    }
    if !plan.workflows.is_empty() {
        let data = workflows::workflows_data(model, &names, &system_name, &plan.workflows);
        files.push((
            "src/generated/workflows.rs".into(),
            templates.render("workflows", data),
            false,
        ));
    }
    files.push((
        "src/generated/tests.rs".into(),
        templates.render("tests", tests_data(model, &names, &produced, &consumed)),
        false,
    ));
    files
}

/// The round trips: every produced or consumed event version's example
/// payload (the schemas target's), and every enum with a fallback.
fn tests_data(
    model: &Model,
    names: &TypeNames,
    produced: &[EventUse],
    consumed: &[EventUse],
) -> Value {
    let mut scope = Unique::with(&[]);
    let mut seen = BTreeSet::new();
    let mut trips = Vec::new();
    for used in produced.iter().chain(consumed) {
        let Some(version) = model.event(used.event).version(used.version) else {
            continue;
        };
        let topic = naming::topic(model, used.event, used.version);
        if !seen.insert(topic.clone()) {
            continue;
        }
        let example = examples::record(model, version.payload);
        if !example.notes.is_empty() {
            continue;
        }
        let text = serde_json::to_string(&example.value).unwrap_or_default();
        trips.push(object!({
            "ident": scope.claim(format!("round_trip_{}", bare(&snake_ident(&topic)))),
            "call": layout::call(
                4,
                &format!("round_trip::<{}>", names.rust(model, &Type::Named(version.payload))),
                &[string_literal(&topic), string_literal(&text)],
                ";",
            ),
        }));
    }
    let mut fallbacks = Vec::new();
    for id in names.ids() {
        if let weft_model::TypeKind::Enum {
            fallback: Some(fallback),
            ..
        } = &model.type_def(id).kind
        {
            let variants = models::variant_idents(model, id);
            if let Some((_, variant)) = variants.iter().find(|(symbol, _)| symbol == fallback) {
                let unknown = unknown_symbol(variants.iter().map(|(symbol, _)| symbol.as_str()));
                fallbacks.push(object!({
                    "ident": scope.claim(format!("fallback_{}", bare(&snake_ident(&model.type_def(id).name.name)))),
                    "decode": layout::assign(
                        4,
                        &format!("let decoded: {}", names.name(id)),
                        "decode",
                        &[string_literal(&serde_json::to_string(&unknown).unwrap_or_default())],
                        ";",
                    ),
                    "check": layout::call(
                        4,
                        "assert_eq!",
                        &["decoded".to_string(), format!("{}::{variant}", names.name(id))],
                        ";",
                    ),
                }));
            }
        }
    }
    object!({ "trips": trips, "fallbacks": fallbacks })
}

/// A symbol no enum of the model has.
fn unknown_symbol<'a>(symbols: impl Iterator<Item = &'a str>) -> String {
    let taken: BTreeSet<&str> = symbols.collect();
    let mut candidate = "WEFT_UNKNOWN_SYMBOL".to_string();
    while taken.contains(candidate.as_str()) {
        candidate.push('X');
    }
    candidate
}

/// The module declarations of `generated/mod.rs`, in rustfmt's order (by
/// name; `tests` only under `cfg(test)`).
fn module_lines(apis: &[String], workflows: bool) -> String {
    let mut modules: Vec<&str> = vec!["bus", "events", "models", "support", "tests"];
    if workflows {
        modules.push("workflows");
    }
    modules.extend(apis.iter().map(String::as_str));
    modules.sort_unstable();
    modules
        .iter()
        .map(|module| match *module {
            "tests" => "#[cfg(test)]\nmod tests;\n".to_string(),
            other => format!("pub mod {other};\n"),
        })
        .collect()
}
