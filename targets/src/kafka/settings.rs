//! `[targets.kafka]` in `weft.toml`: the defaults of the topic plan.
//!
//! ```toml
//! [targets.kafka]
//! # The Strimzi cluster the KafkaTopic resources belong to (the
//! # `strimzi.io/cluster` label); default "kafka".
//! cluster = "plant-kafka"
//! # The Kubernetes namespace written into every KafkaTopic (optional).
//! namespace = "kafka"
//! # Replication factor of every topic (1 to 32). Without it, the
//! # `[targets.asyncapi] replicas` setting, else 3.
//! replicas = 3
//! # Partitions per delivery class (1 to 10000 each); the classes not given
//! # keep their defaults (real_time 12, near_real_time 6, batch 3).
//! partitions = { real_time = 24, batch = 1 }
//! # Extra topic configurations for every topic, in Kafka's spelling.
//! configs = { "compression.type" = "zstd", "max.message.bytes" = 2097152 }
//! ```
//!
//! Unknown keys are refused; config keys and values are checked against
//! Kafka's topic configurations ([`super::configs`]).

use super::configs;
use crate::settings::{ProblemKind, SettingProblem};
use serde::Deserialize;
use std::collections::BTreeMap;
use weft_model::Delivery;

/// The default `strimzi.io/cluster` label.
pub const DEFAULT_CLUSTER: &str = "kafka";
/// The most partitions weft plans for one topic.
pub const MAX_PARTITIONS: i64 = 10_000;
/// The highest replication factor weft plans.
pub const MAX_REPLICAS: i64 = 32;

/// `[targets.kafka]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The `strimzi.io/cluster` label.
    #[serde(default)]
    pub cluster: Option<String>,
    /// `metadata.namespace` of the Strimzi resources.
    #[serde(default)]
    pub namespace: Option<String>,
    /// Replication factor of every topic.
    #[serde(default)]
    pub replicas: Option<u32>,
    /// Partitions per delivery class.
    #[serde(default)]
    pub partitions: PartitionDefaults,
    /// Extra configurations for every topic: key → value in Kafka's text
    /// form (TOML numbers and booleans are written as Kafka reads them).
    #[serde(default)]
    pub configs: BTreeMap<String, ConfigValue>,
}

/// `partitions = { real_time = 12, near_real_time = 6, batch = 3 }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartitionDefaults {
    /// For `delivery real_time`.
    #[serde(default)]
    pub real_time: Option<u32>,
    /// For `delivery near_real_time` and events without a delivery class.
    #[serde(default)]
    pub near_real_time: Option<u32>,
    /// For `delivery batch`.
    #[serde(default)]
    pub batch: Option<u32>,
}

/// A configuration value as TOML gives it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ConfigValue {
    /// `"zstd"`.
    Text(String),
    /// `2097152`.
    Number(i64),
    /// `true`.
    Flag(bool),
}

impl ConfigValue {
    /// Kafka's text form.
    pub fn kafka_text(&self) -> String {
        match self {
            ConfigValue::Text(text) => text.clone(),
            ConfigValue::Number(number) => number.to_string(),
            ConfigValue::Flag(flag) => flag.to_string(),
        }
    }
}

/// The keys of `[targets.kafka]`, as [`Settings`] declares them.
pub const KEYS: [&str; 5] = ["cluster", "namespace", "replicas", "partitions", "configs"];

impl Settings {
    /// The `strimzi.io/cluster` label.
    pub fn cluster(&self) -> &str {
        self.cluster.as_deref().unwrap_or(DEFAULT_CLUSTER)
    }

    /// Partitions for a delivery class: the setting, else weft's default
    /// (real_time 12, near_real_time or none 6, batch 3).
    pub fn partitions_for(&self, delivery: Option<Delivery>) -> u32 {
        match delivery {
            Some(Delivery::RealTime) => self.partitions.real_time.unwrap_or(12),
            Some(Delivery::Batch) => self.partitions.batch.unwrap_or(3),
            Some(Delivery::NearRealTime) | None => self.partitions.near_real_time.unwrap_or(6),
        }
    }

    /// Checks what serde cannot: names, ranges and the configurations.
    pub fn validated(self) -> Result<Settings, Vec<SettingProblem>> {
        let mut errors = Vec::new();
        for (key, value) in [("cluster", &self.cluster), ("namespace", &self.namespace)] {
            if let Some(value) = value {
                if !is_kubernetes_label_value(value) {
                    errors.push(SettingProblem::new(
                        ProblemKind::InvalidValue,
                        &["kafka", key],
                        format!("`[targets.kafka] {key}` must be a Kubernetes name: 1 to 63 lower-case letters, digits and `-`, starting and ending with a letter or digit, not `{value:?}`"),
                    ));
                }
            }
        }
        if let Some(replicas) = self.replicas {
            if !(1..=MAX_REPLICAS).contains(&i64::from(replicas)) {
                errors.push(SettingProblem::new(
                    ProblemKind::InvalidValue,
                    &["kafka", "replicas"],
                    format!("`[targets.kafka] replicas` must be a whole number from 1 to {MAX_REPLICAS}, not `{replicas}`"),
                ));
            }
        }
        for (class, value) in [
            ("real_time", self.partitions.real_time),
            ("near_real_time", self.partitions.near_real_time),
            ("batch", self.partitions.batch),
        ] {
            if let Some(value) = value {
                if !(1..=MAX_PARTITIONS).contains(&i64::from(value)) {
                    errors.push(SettingProblem::new(
                        ProblemKind::InvalidValue,
                        &["kafka", "partitions", class],
                        format!("`[targets.kafka] partitions.{class}` must be a whole number from 1 to {MAX_PARTITIONS}, not `{value}`"),
                    ));
                }
            }
        }
        for (key, value) in &self.configs {
            let problem = match configs::check(key, &value.kafka_text()) {
                Ok(()) if matches!(key.as_str(), "cleanup.policy" | "retention.ms") => Some(format!(
                    "`[targets.kafka] configs`: `{key}` is decided by each event (`compacted`, `retention`), not for every topic"
                )),
                Ok(()) => None,
                Err(configs::ConfigProblem::UnknownKey { suggestion }) => Some(format!(
                    "`[targets.kafka] configs`: `{key}` is not a Kafka topic configuration{}",
                    suggestion
                        .map(|known| format!(" (did you mean `{known}`?)"))
                        .unwrap_or_default()
                )),
                Err(configs::ConfigProblem::Removed { advice }) => Some(format!(
                    "`[targets.kafka] configs`: `{key}` is no longer a Kafka topic configuration ({advice})"
                )),
                Err(configs::ConfigProblem::BadValue { expected }) => Some(format!(
                    "`[targets.kafka] configs.\"{key}\"` must be {expected}, not `{}`",
                    value.kafka_text()
                )),
            };
            if let Some(message) = problem {
                errors.push(SettingProblem::new(
                    ProblemKind::InvalidValue,
                    &["kafka", "configs", key],
                    message,
                ));
            }
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            Err(errors)
        }
    }
}

/// A Kubernetes label value / DNS label: 1 to 63 of `[a-z0-9-]`, starting
/// and ending with a letter or digit.
fn is_kubernetes_label_value(value: &str) -> bool {
    (1..=63).contains(&value.len())
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !value.starts_with('-')
        && !value.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::TargetSettings;

    fn parse(text: &str) -> Result<Settings, Vec<String>> {
        TargetSettings::from_toml(text).map(|all| all.kafka)
    }

    #[test]
    fn defaults_without_a_table() {
        let settings = parse("").expect("defaults");
        assert_eq!(settings.cluster(), "kafka");
        assert_eq!(settings.partitions_for(Some(Delivery::RealTime)), 12);
        assert_eq!(settings.partitions_for(None), 6);
        assert_eq!(settings.partitions_for(Some(Delivery::Batch)), 3);
    }

    #[test]
    fn reads_every_setting() {
        let settings = parse(
            "[kafka]\ncluster = \"plant\"\nreplicas = 2\npartitions = { batch = 1 }\nconfigs = { \"compression.type\" = \"zstd\", \"max.message.bytes\" = 2097152, preallocate = true }\n",
        )
        .expect("valid");
        assert_eq!(settings.cluster(), "plant");
        assert_eq!(settings.replicas, Some(2));
        assert_eq!(settings.partitions_for(Some(Delivery::Batch)), 1);
        assert_eq!(settings.partitions_for(Some(Delivery::RealTime)), 12);
        assert_eq!(
            settings.configs["max.message.bytes"].kafka_text(),
            "2097152"
        );
        assert_eq!(settings.configs["preallocate"].kafka_text(), "true");
    }

    #[test]
    fn refuses_bad_settings() {
        let errors = parse(
            "[kafka]\ncluster = \"Plant Kafka\"\nreplicas = 0\npartitions = { batch = 0 }\nconfigs = { \"retention.msec\" = 1, \"compression.type\" = \"brotli\", \"message.downconversion.enable\" = true }\ncolour = 1\n",
        )
        .err()
        .unwrap_or_default();
        assert_eq!(errors.len(), 7, "{errors:?}");
        assert!(
            errors.iter().any(|e| e.contains(
                "`message.downconversion.enable` is no longer a Kafka topic configuration"
            )),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.contains("did you mean `retention.ms`")),
            "{errors:?}"
        );
        assert!(parse("[kafka]\npartitions = { rush = 3 }\n").is_err());
    }
}
