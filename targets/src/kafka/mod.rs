//! The `kafka` target: the topic plan as files a platform team applies.
//!
//! # Files
//!
//! - `kafka/topics.json`: the plan ([`plan`]): every topic with its
//!   partitions, replication factor and configurations, what it is for, the
//!   event versions it carries, their producer and their consumers. The
//!   format is versioned (`"format": "weft.kafka.topics/1"`) and described in
//!   `docs/kafka.md`; `weft topics plan|apply` applies the same plan to a
//!   cluster.
//! - `kafka/strimzi/<name>.yaml`: a Strimzi `KafkaTopic` resource
//!   (`apiVersion: kafka.strimzi.io/v1`) per topic ([`strimzi`]).
//!
//! The plan is checked by `weft check` ([`validate`], codes E830–E839), so
//! the target itself never fails on a checked model.

pub mod configs;
pub mod plan;
pub mod settings;
pub mod strimzi;
pub mod topics_json;
pub mod validate;

pub use plan::{plan, Topic, TopicPlan, TopicRole};
pub use settings::Settings;
pub use validate::check;

use crate::{BuildContext, Manifest, Target, TargetName};
use weft_base::Diagnostic;

/// The `kafka` target.
#[derive(Clone, Copy, Debug, Default)]
pub struct Kafka;

impl Target for Kafka {
    fn name(&self) -> TargetName {
        TargetName::Kafka
    }

    fn generate(
        &self,
        context: &BuildContext,
        manifest: &mut Manifest,
    ) -> Result<(), Vec<Diagnostic>> {
        let plan = plan::plan(context.model, context.settings);
        let mut errors = Vec::new();
        let document = topics_json::document(context, &plan);
        match serde_json::to_string_pretty(&document) {
            Ok(mut text) => {
                text.push('\n');
                if let Err(error) = manifest.add("kafka/topics.json", text) {
                    errors.push(context.failure(error, None));
                }
            }
            Err(error) => errors.push(context.failure(error.to_string(), None)),
        }
        for (file, text) in strimzi::resources(context, &plan) {
            match text {
                Ok(text) => {
                    if let Err(error) = manifest.add(&format!("kafka/strimzi/{file}"), text) {
                        errors.push(context.failure(error, None));
                    }
                }
                Err(error) => errors.push(context.failure(error, None)),
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}
