//! The `asyncapi` target: one AsyncAPI 3.0.0 document per domain, describing
//! the domain's Kafka channels with Kafka bindings (version 0.5.0).
//!
//! # Files
//!
//! `asyncapi/<domain>.yaml` for every domain of the project (a domain whose
//! name is shared with a domain of another package uses its qualified name).
//!
//! # One document per domain
//!
//! An AsyncAPI document describes what applications do on a broker. weft
//! writes one per domain, not one per system or one for the landscape:
//! the domain is the unit of ownership (its owner is the document's
//! contact), a domain's systems usually ship together, and a per-system
//! document would repeat the same channels many times. A domain's document
//! holds:
//!
//! - a channel for **every version of every event its systems produce**, with
//!   a `send` operation for the producer;
//! - a channel for **every event version its systems or the workflows they
//!   host read**, produced here or elsewhere, with a `receive` operation per
//!   reader;
//! - a channel for each **dead-letter topic** of those events, with a `send`
//!   operation per reader in the domain (a consumer dead-letters what it
//!   cannot process).
//!
//! So every operation appears in exactly one document (its system's
//! domain's), and a channel appears in its producer's domain's document and
//! in those of its readers. Readers from other domains are listed on the
//! channel in `x-weft-consumers`, without operations.
//!
//! # Contents
//!
//! - `id`: `urn:weft:<project>:asyncapi:<domain>`; `info`: title, the project
//!   version, the domain's doc, `contact` (the owner as `name`, the contact
//!   as `email` or `url` by its shape, else `x-weft-contact`), a tag, and
//!   `x-weft-project`, `x-weft-domain`, `x-weft-owner`, `x-weft-systems`
//!   (kind, hosting, connectivity) and `x-weft-policies`.
//! - `servers`: from `[targets.asyncapi] servers`, protocol `kafka`; see
//!   [`settings`] for the placeholder written without it.
//! - `channels`: keyed `<event>V<N>` (`scheduleChangedV1`), `address` = the
//!   topic from [`naming::topic`](crate::naming::topic); the Kafka channel
//!   binding has `topic`, `partitions`, `replicas` and `topicConfiguration`
//!   from the topic plan ([`crate::kafka::plan`]: delivery class,
//!   retention, compaction, per-event overrides).
//!   Extensions: `x-weft-event`, `-version`, `-domain`, `-owner`,
//!   `-producer`, `-about`, `-key`, `-compatibility`, `-delivery`,
//!   `-dead-letter`, `-deprecated`, `-consumers`, `-policies`.
//! - `operations`: keyed after the system (`mes.sendScheduleChangedV1`,
//!   `erp.receiveScheduleChangedV2`,
//!   `integration_hub.PropagateScheduleChange.receiveScheduleChangedV2`,
//!   `erp.deadLetterScheduleChangedV2`), `channel` and `messages` as `$ref`s
//!   into `channels`. Kafka operation bindings: `clientId`
//!   `<project>.<system>`; `groupId` `<project>.<system>` for a system's
//!   `consumes`, `<project>.<system>.<workflow_in_snake_case>` for a
//!   workflow (each workflow gets every event).
//! - `components.messages`: one per event version (`ScheduleChangedV1`),
//!   `contentType: application/json`, the payload as a `$ref` into
//!   `components.schemas`, and the Kafka message binding's `key`: the schema
//!   of the event's key field. `components.schemas`: the named types, in the
//!   default schema format (see [`schema`]).
//!
//! Output is deterministic: keys in a fixed order (sections in the order of
//! the specification, channels by topic, operations by channel, components
//! by name), no timestamps.

pub mod document;
pub mod policies;
pub mod schema;
pub mod scope;
pub mod settings;

pub use settings::Settings;

use crate::{yaml, BuildContext, Manifest, Target, TargetName};
use std::collections::BTreeMap;
use weft_base::Diagnostic;
use weft_model::DomainId;

/// The `asyncapi` target.
#[derive(Clone, Copy, Debug, Default)]
pub struct AsyncApi;

impl Target for AsyncApi {
    fn name(&self) -> TargetName {
        TargetName::AsyncApi
    }

    fn generate(
        &self,
        context: &BuildContext,
        manifest: &mut Manifest,
    ) -> Result<(), Vec<Diagnostic>> {
        let settings = &context.settings.asyncapi;
        let model = context.model;
        let mut errors = invalid_dead_letter_topics(context);
        if !errors.is_empty() {
            return Err(errors);
        }
        let inputs = document::Inputs {
            model,
            project: context.project,
            version: context.version,
            settings,
        };
        let plan = crate::kafka::plan(model, context.settings);
        let index = scope::ScopeIndex::new(model);
        for (file, domain) in domain_files(context) {
            let scope = scope::domain_scope(model, domain, &plan, &index);
            let value = document::document(&inputs, &scope);
            let header = format!(
                "AsyncAPI {} document of the {} domain of {} {}.\n\
                 Generated by weft (target `asyncapi`); do not edit: change the model and rebuild.",
                document::ASYNCAPI_VERSION,
                model.domain(domain).name.name,
                context.project,
                context.version,
            );
            // A problem with the file is the domain's: its name makes it.
            let span = Some(model.domain(domain).name.span);
            match yaml::render(&header, value) {
                Ok(text) => {
                    if let Err(error) = manifest.add(&format!("asyncapi/{file}.yaml"), text) {
                        errors.push(context.failure(error, span));
                    }
                }
                Err(error) => {
                    errors.push(context.failure(format!("asyncapi/{file}.yaml: {error}"), span));
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// The project's domains with their file names (the name, or the qualified
/// name when two domains share one), by file name.
fn domain_files(context: &BuildContext) -> Vec<(String, DomainId)> {
    let model = context.model;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for domain in model.domains.iter().filter(|d| !d.name.is_std()) {
        *counts.entry(domain.name.name.as_str()).or_default() += 1;
    }
    let mut files: Vec<(String, DomainId)> = model
        .domains
        .iter()
        .enumerate()
        .filter(|(_, domain)| !domain.name.is_std())
        .filter_map(|(index, domain)| {
            let id = DomainId(u32::try_from(index).ok()?);
            let name = if counts.get(domain.name.name.as_str()).copied().unwrap_or(0) > 1 {
                domain.name.qualified()
            } else {
                domain.name.name.to_string()
            };
            Some((name, id))
        })
        .collect();
    files.sort();
    files
}

/// `dead_letter "name"` must name a legal Kafka topic.
fn invalid_dead_letter_topics(context: &BuildContext) -> Vec<Diagnostic> {
    context
        .model
        .events
        .iter()
        .filter(|event| !event.name.is_std())
        .filter_map(|event| match &event.dead_letter {
            Some(Some(topic)) if !crate::kafka::plan::is_valid_topic(topic) => {
                Some(context.failure(
                    format!(
                    "event {}: the dead-letter topic `{topic}` is not a valid Kafka topic name \
                     (1 to 249 letters, digits, `.`, `_` and `-`)",
                    event.name.qualified()
                ),
                    Some(event.meta.span),
                ))
            }
            _ => None,
        })
        .collect()
}
