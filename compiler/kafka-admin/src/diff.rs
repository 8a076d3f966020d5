//! The difference between the wanted topics and a cluster's, and what weft
//! refuses to do (Kafka cannot do it, or it would break consumers).
//!
//! Rules (see `docs/kafka.md`):
//! - a wanted topic the cluster lacks is **created** with its partitions,
//!   replication factor and configurations;
//! - a configuration whose value differs, or that the cluster does not set,
//!   is **altered** (incremental `SET`); configurations the plan does not
//!   name are left alone;
//! - more partitions than the cluster has are **added**; fewer is
//!   **refused** (Kafka cannot remove partitions);
//! - turning a compacted topic into a delete-only one is **refused**: its
//!   consumers rely on the latest value per key staying (make a new event
//!   version instead);
//! - a different replication factor is **reported, not changed**: that is
//!   a partition reassignment, which weft does not do;
//! - a cluster topic the plan does not have is **deleted only with
//!   `prune`**, and never an internal topic (a name starting with `_`).

use std::collections::BTreeMap;

/// A topic as the plan wants it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WantedTopic {
    /// The name.
    pub name: String,
    /// Partitions.
    pub partitions: u32,
    /// Replication factor.
    pub replicas: u32,
    /// Configurations in Kafka's text form.
    pub configs: BTreeMap<String, String>,
}

/// A topic as the cluster has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterTopic {
    /// Partitions.
    pub partitions: u32,
    /// Replication factor (replicas of its first partition).
    pub replicas: u32,
    /// Its configurations' current values.
    pub configs: BTreeMap<String, String>,
}

/// One change that makes the cluster match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Create the topic.
    Create(WantedTopic),
    /// Set these configurations: key, the cluster's value, the new value.
    AlterConfigs {
        /// The topic.
        topic: String,
        /// Key, old value (if set), new value.
        configs: Vec<(String, Option<String>, String)>,
    },
    /// Raise the partition count.
    AddPartitions {
        /// The topic.
        topic: String,
        /// The cluster's count.
        from: u32,
        /// The planned count.
        to: u32,
    },
    /// Delete a topic the plan does not have (`--prune` only).
    Delete {
        /// The topic.
        topic: String,
    },
}

/// Something the plan asks for that weft will not do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The topic.
    pub topic: String,
    /// Why, in a sentence.
    pub reason: String,
}

/// The plan against the cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// The changes, by topic name.
    pub changes: Vec<Change>,
    /// What is refused.
    pub refusals: Vec<Refusal>,
    /// Differences weft reports but does not change.
    pub notes: Vec<String>,
}

/// Compares the wanted topics with the cluster's.
pub fn diff(wanted: &[WantedTopic], cluster: &BTreeMap<String, ClusterTopic>, prune: bool) -> Diff {
    let mut result = Diff::default();
    for topic in wanted {
        let Some(current) = cluster.get(&topic.name) else {
            result.changes.push(Change::Create(topic.clone()));
            continue;
        };
        if topic.partitions < current.partitions {
            result.refusals.push(Refusal {
                topic: topic.name.clone(),
                reason: format!(
                    "the plan has {} partitions but the topic has {}: Kafka cannot remove partitions (recreate the topic, or keep {})",
                    topic.partitions, current.partitions, current.partitions
                ),
            });
        } else if topic.partitions > current.partitions {
            result.changes.push(Change::AddPartitions {
                topic: topic.name.clone(),
                from: current.partitions,
                to: topic.partitions,
            });
        }
        if topic.replicas != current.replicas {
            result.notes.push(format!(
                "{}: replication factor {} on the cluster, {} planned; weft does not reassign replicas (use kafka-reassign-partitions)",
                topic.name, current.replicas, topic.replicas
            ));
        }
        let compacted = |configs: &BTreeMap<String, String>| {
            configs
                .get("cleanup.policy")
                .is_some_and(|policy| policy.split(',').any(|p| p.trim() == "compact"))
        };
        if compacted(&current.configs) && !compacted(&topic.configs) {
            result.refusals.push(Refusal {
                topic: topic.name.clone(),
                reason: "the topic is compacted and the plan makes it delete-only: its consumers rely on the latest value per key staying; publish a new event version instead".into(),
            });
            continue;
        }
        let configs: Vec<(String, Option<String>, String)> = topic
            .configs
            .iter()
            .filter(|(key, value)| current.configs.get(*key) != Some(*value))
            .map(|(key, value)| {
                (
                    key.clone(),
                    current.configs.get(key).cloned(),
                    value.clone(),
                )
            })
            .collect();
        if !configs.is_empty() {
            result.changes.push(Change::AlterConfigs {
                topic: topic.name.clone(),
                configs,
            });
        }
    }
    if prune {
        for name in cluster.keys() {
            if !name.starts_with('_') && !wanted.iter().any(|topic| &topic.name == name) {
                result.changes.push(Change::Delete {
                    topic: name.clone(),
                });
            }
        }
    }
    result
}

impl Diff {
    /// The difference as `terraform plan` would print it: one line per
    /// change (`+` create, `~` alter, `-` delete), then refusals and notes.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for change in &self.changes {
            match change {
                Change::Create(topic) => {
                    out.push_str(&format!(
                        "+ create {} (partitions {}, replicas {})\n",
                        topic.name, topic.partitions, topic.replicas
                    ));
                    for (key, value) in &topic.configs {
                        out.push_str(&format!("    {key} = {value}\n"));
                    }
                }
                Change::AlterConfigs { topic, configs } => {
                    out.push_str(&format!("~ alter {topic}\n"));
                    for (key, old, new) in configs {
                        match old {
                            Some(old) => out.push_str(&format!("    {key}: {old} -> {new}\n")),
                            None => out.push_str(&format!("    {key}: (not set) -> {new}\n")),
                        }
                    }
                }
                Change::AddPartitions { topic, from, to } => {
                    out.push_str(&format!("~ partitions {topic}: {from} -> {to}\n"));
                }
                Change::Delete { topic } => out.push_str(&format!("- delete {topic}\n")),
            }
        }
        for refusal in &self.refusals {
            out.push_str(&format!(
                "! refused {}: {}\n",
                refusal.topic, refusal.reason
            ));
        }
        for note in &self.notes {
            out.push_str(&format!("note: {note}\n"));
        }
        let creates = self.count(|c| matches!(c, Change::Create(_)));
        let alters = self.count(|c| !matches!(c, Change::Create(_) | Change::Delete { .. }));
        let deletes = self.count(|c| matches!(c, Change::Delete { .. }));
        if self.changes.is_empty() && self.refusals.is_empty() {
            out.push_str("No changes: the cluster matches the plan.\n");
        } else {
            out.push_str(&format!(
                "Plan: {creates} to create, {alters} to change, {deletes} to delete, {} refused.\n",
                self.refusals.len()
            ));
        }
        out
    }

    fn count(&self, which: impl Fn(&Change) -> bool) -> usize {
        self.changes.iter().filter(|change| which(change)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(name: &str, partitions: u32, policy: &str) -> WantedTopic {
        WantedTopic {
            name: name.into(),
            partitions,
            replicas: 3,
            configs: [("cleanup.policy".to_string(), policy.to_string())].into(),
        }
    }

    fn existing(partitions: u32, policy: &str) -> ClusterTopic {
        ClusterTopic {
            partitions,
            replicas: 3,
            configs: [("cleanup.policy".to_string(), policy.to_string())].into(),
        }
    }

    #[test]
    fn creates_alters_adds_and_refuses() {
        let cluster: BTreeMap<String, ClusterTopic> = [
            ("same".to_string(), existing(6, "delete")),
            ("grow".to_string(), existing(3, "delete")),
            ("shrink".to_string(), existing(12, "delete")),
            ("uncompact".to_string(), existing(6, "compact")),
            ("retune".to_string(), existing(6, "compact")),
            ("stray".to_string(), existing(1, "delete")),
            ("__consumer_offsets".to_string(), existing(50, "compact")),
        ]
        .into();
        let plan = [
            wanted("same", 6, "delete"),
            wanted("grow", 6, "delete"),
            wanted("shrink", 6, "delete"),
            wanted("uncompact", 6, "delete"),
            wanted("retune", 6, "compact,delete"),
            wanted("new", 1, "delete"),
        ];
        let found = diff(&plan, &cluster, false);
        assert_eq!(
            found.changes,
            [
                Change::AddPartitions {
                    topic: "grow".into(),
                    from: 3,
                    to: 6
                },
                Change::AlterConfigs {
                    topic: "retune".into(),
                    configs: vec![(
                        "cleanup.policy".into(),
                        Some("compact".into()),
                        "compact,delete".into()
                    )]
                },
                Change::Create(wanted("new", 1, "delete")),
            ]
        );
        let refused: Vec<&str> = found.refusals.iter().map(|r| r.topic.as_str()).collect();
        assert_eq!(refused, ["shrink", "uncompact"]);
        let pruned = diff(&plan, &cluster, true);
        assert_eq!(
            pruned.changes.last(),
            Some(&Change::Delete {
                topic: "stray".into()
            })
        );
        assert!(diff(&plan[..1], &cluster, false)
            .render()
            .contains("No changes"));
    }
}
