//! The `statemachine` target: one Amazon States Language document per
//! workflow (`statemachines/<Workflow>.asl.json`, JSONPath query language)
//! with the definition substitutions it needs listed beside it
//! (`statemachines/<Workflow>.substitutions.json`). What the mapping cannot
//! express faithfully is a build error (E850–E853, E726), never a different
//! machine; so is a header an HTTP Task may not send (E858), a template
//! CloudFormation would refuse (E854), two
//! workflows whose files or consumer groups would be one (E855), and a
//! consumer group too long for a pipe (E856). The mapping is documented in
//! `docs/statemachines.md`.

mod headers;
mod homes;
mod machine;
pub mod mermaid;
pub mod settings;
mod template;
mod values;

pub use settings::Settings;

use crate::json_schema::to_pretty_json;
use crate::naming;
use crate::settings::TargetName;
use crate::{BuildContext, Manifest, Target};
use serde_json::json;
use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use values::RefusalKind;
use weft_base::{codes, Diagnostic};

/// The primary label of a refusal of E850–E852.
const NOT_EXPRESSIBLE: &str = "not expressible in Amazon States Language";

/// The target.
pub struct StateMachines;

impl Target for StateMachines {
    fn name(&self) -> TargetName {
        TargetName::StateMachine
    }

    fn generate(
        &self,
        context: &BuildContext,
        manifest: &mut Manifest,
    ) -> Result<(), Vec<Diagnostic>> {
        let model = context.model;
        let mut diagnostics = Vec::new();
        let mut entries = Vec::new();
        // By the name in kebab case, which the pipes' consumer groups keep
        // and in which names that differ only in case (one file on a
        // case-insensitive file system) also meet.
        let mut named: BTreeMap<String, &weft_model::Workflow> = BTreeMap::new();
        for workflow in model
            .workflows
            .iter()
            .filter(|workflow| !workflow.name.is_std())
        {
            let name = &workflow.name.name;
            match named.entry(naming::kebab_case(name)) {
                Entry::Occupied(first) => {
                    diagnostics.push(names_meet(first.key(), first.get(), workflow));
                    continue;
                }
                Entry::Vacant(slot) => {
                    slot.insert(workflow);
                }
            }
            if let Some(weft_model::TriggerDef::Event { .. }) = &workflow.trigger {
                let group = template::consumer_group(context.project, workflow);
                if group.len() > template::CONSUMER_GROUP_MAX {
                    diagnostics.push(long_consumer_group(&group, workflow));
                }
            }
            if let Some(weft_model::TriggerDef::Schedule(cron)) = &workflow.trigger {
                if let Err(problem) = template::aws_cron(cron) {
                    diagnostics.push(
                        Diagnostic::error(
                            codes::ASL_SCHEDULE,
                            format!("workflow `{name}` cannot be scheduled on AWS: {problem}"),
                            workflow.trigger_span,
                            "not an AWS schedule",
                        )
                        .with_help("restrict either the day of the month or the day of the week, and leave the other `*`"),
                    );
                }
            }
            match machine::machine(model, workflow, &context.settings.statemachine) {
                Ok(generated) => {
                    let files = [
                        (
                            format!("statemachines/{name}.asl.json"),
                            to_pretty_json(&generated.definition),
                        ),
                        (
                            format!("statemachines/{name}.substitutions.json"),
                            to_pretty_json(&json!({
                                "workflow": workflow.name.qualified(),
                                "substitutions": generated.substitutions,
                            })),
                        ),
                    ];
                    let files = files.into_iter().chain([(
                        format!("statemachines/{name}.mmd"),
                        mermaid::diagram(workflow),
                    )]);
                    for (path, text) in files {
                        if let Err(error) = manifest.add(&path, text) {
                            diagnostics.push(context.failure(error, Some(workflow.name.span)));
                        }
                    }
                    entries.push(template::Entry {
                        workflow,
                        definition: generated.definition,
                        substitutions: generated.substitutions,
                        functions: generated.functions,
                    });
                }
                Err(refusals) => {
                    for refusal in refusals {
                        let message = format!(
                            "workflow `{name}` cannot be a state machine: {}",
                            refusal.message
                        );
                        let (code, label) = match refusal.kind {
                            RefusalKind::Value => (codes::ASL_VALUE, NOT_EXPRESSIBLE),
                            RefusalKind::Condition => (codes::ASL_CONDITION, NOT_EXPRESSIBLE),
                            RefusalKind::Structure => (codes::ASL_STRUCTURE, NOT_EXPRESSIBLE),
                            RefusalKind::Header { .. } => (
                                codes::ASL_HTTP_HEADER,
                                "Step Functions does not let an HTTP Task send this header",
                            ),
                        };
                        let mut diagnostic = Diagnostic::error(code, message, refusal.span, label);
                        diagnostic = match refusal.kind {
                            RefusalKind::Header { sent } => diagnostic
                                .with_label(sent, "sent by this call")
                                .with_help("if the API takes the value under another header, rename the parameter (`header amz_date` is sent as `Amz-Date`) or pass it as a query parameter or in the body; if it needs this header, leave the call out of workflows built for Step Functions, or build without the statemachine target (`--target` lists the others); see `weft explain E858`"),
                            _ => diagnostic.with_help(format!(
                                "see `weft explain {}`; change the workflow, or build without the statemachine target (`--target` lists the others)",
                                code.as_str()
                            )),
                        };
                        diagnostics.push(diagnostic);
                    }
                }
            }
        }
        let settings = &context.settings.statemachine;
        let mut groups: BTreeMap<String, Vec<&template::Entry>> = BTreeMap::new();
        for entry in &entries {
            let file = template::file(model, context.project, settings, entry.workflow);
            groups.entry(file).or_default().push(entry);
        }
        for (file, group) in &groups {
            shared_routes(model, file, group, &mut diagnostics);
        }
        if diagnostics.is_empty() {
            for (file, group) in groups {
                // A problem with the file is its first workflow's host's
                // (or that workflow's): their names make it.
                let span = group.first().map(|entry| {
                    entry
                        .workflow
                        .host
                        .map_or(entry.workflow.name.span, |host| {
                            model.system(host).name.span
                        })
                });
                let document =
                    match template::template(model, context.project, settings, &file, &group) {
                        Ok(document) => document,
                        Err(problems) => {
                            diagnostics.extend(problems);
                            continue;
                        }
                    };
                let header = "Generated by weft: state machines of the project with their roles and triggers. Do not edit: change the weft sources and rebuild.";
                match crate::yaml::render(header, crate::yaml::from_json(&document)) {
                    Ok(text) => {
                        if let Err(error) = manifest.add(&file, text) {
                            diagnostics.push(context.failure(error, span));
                        }
                    }
                    Err(error) => diagnostics.push(context.failure(error, span)),
                }
            }
        }
        if diagnostics.is_empty() {
            Ok(())
        } else {
            Err(diagnostics)
        }
    }
}

/// E855: the files of a machine (and its template's logical ids) are named
/// after the workflow alone, and its pipe's consumer group after the
/// workflow in kebab case; so two packages' workflows whose names meet in
/// kebab case would share files (or, differing only in case, be one file
/// on a case-insensitive file system) and split one consumer group's
/// events between two machines. Within a package the names check refuses
/// them first (E319).
fn names_meet(
    kebab: &str,
    first: &weft_model::Workflow,
    again: &weft_model::Workflow,
) -> Diagnostic {
    let (name, first_name) = (&again.name.name, &first.name.name);
    let message = if name == first_name {
        format!(
            "workflows `{}` and `{}` have one name: the statemachine target would write both machines to `statemachines/{name}.asl.json`",
            first.name.qualified(),
            again.name.qualified()
        )
    } else {
        format!(
            "workflows `{}` and `{}` have names that meet as `{kebab}`: their pipes would share one Kafka consumer group, and their state machine files would be one on a case-insensitive file system",
            first.name.qualified(),
            again.name.qualified()
        )
    };
    Diagnostic::error(
        codes::ASL_WORKFLOW_NAME,
        message,
        again.name.span,
        "a second workflow of this name",
    )
    .with_label(first.name.span, "the first one")
    .with_help("rename one of them: a state machine's files, its diagram and its CloudFormation resources are named after the workflow, and its pipe's consumer group after the workflow in kebab case, without its package")
}

/// E856: a pipe's consumer group is the project's and the workflow's names
/// in kebab case, which EventBridge Pipes limits to 200 characters.
fn long_consumer_group(group: &str, workflow: &weft_model::Workflow) -> Diagnostic {
    Diagnostic::error(
        codes::PIPE_CONSUMER_GROUP,
        format!(
            "the consumer group of workflow `{}`'s pipe, `{group}`, has {} characters: EventBridge Pipes accepts at most {}",
            workflow.name.qualified(),
            group.len(),
            template::CONSUMER_GROUP_MAX
        ),
        workflow.name.span,
        "this name makes the consumer group",
    )
    .with_help("shorten the workflow's name (or the project's): the group is `weft-<project>-<workflow>` in kebab case")
}

/// E726: an HTTP API route starts one machine, so two workflows of one
/// template triggered by the same operation cannot both have theirs.
fn shared_routes(
    model: &weft_model::Model,
    file: &str,
    group: &[&template::Entry],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut routes: BTreeMap<weft_model::OperationRef, &weft_model::Workflow> = BTreeMap::new();
    for entry in group {
        let Some(weft_model::TriggerDef::Api { operation }) = &entry.workflow.trigger else {
            continue;
        };
        match routes.get(operation) {
            Some(first) => {
                let api = model.api(operation.api);
                let op = model.operation(*operation);
                diagnostics.push(
                    Diagnostic::error(
                        codes::ASL_SHARED_ROUTE,
                        format!(
                            "workflows `{}` and `{}` are both triggered by `{}.{}`, but one API route can start only one state machine ({file})",
                            first.name.name, entry.workflow.name.name, api.name.name, op.name
                        ),
                        entry.workflow.trigger_span,
                        "a second workflow on this operation",
                    )
                    .with_label(first.trigger_span, "the first one")
                    .with_help("trigger one workflow by the operation and let it start the other (by emitting an event the other is triggered by), or give the operations their own endpoints; with `per = \"host\"` workflows of different host systems get their own HTTP APIs"),
                );
            }
            None => {
                routes.insert(*operation, entry.workflow);
            }
        }
    }
}
