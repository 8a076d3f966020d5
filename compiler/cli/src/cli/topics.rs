//! `weft topics plan|apply PATH --bootstrap HOST:PORT [--prune]`: compares
//! the project's topic plan (the same one `weft build` writes to
//! `kafka/topics.json`) with what the cluster has, prints the difference
//! like `terraform plan`, and with `apply` makes the cluster match. The
//! rules (what is created, altered, added, refused, pruned) are in
//! `weft_kafka_admin::diff` and `docs/kafka.md`.
//!
//! Exit codes: 0 the plan can be (or was) applied, or nothing differs; 1 the
//! model has errors, or the plan asks for something weft refuses (then
//! `apply` changes nothing); 2 the cluster could not be reached or refused
//! a request, with the broker's message.

use super::load::{checked, Shown};
use super::stdio::{write, Stream};
use super::Fatal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;
use weft_kafka_admin::{diff, Client, WantedTopic};

/// What `weft topics` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    /// Print the difference.
    Plan,
    /// Make the cluster match.
    Apply,
}

/// Options of `weft topics`.
pub(crate) struct Options<'a> {
    pub(crate) action: Action,
    pub(crate) path: &'a Path,
    pub(crate) bootstrap: &'a str,
    pub(crate) prune: bool,
    pub(crate) timeout: Duration,
}

pub(crate) fn run(options: &Options) -> Result<ExitCode, Fatal> {
    let checked = checked(options.path)?;
    if checked.print(Shown::Errors)? {
        return Ok(ExitCode::from(1));
    }
    let settings = checked.result.settings.clone().unwrap_or_default();
    let plan = weft_targets::kafka::plan(&checked.result.model, &settings);
    let wanted: Vec<WantedTopic> = plan
        .topics
        .iter()
        .map(|topic| WantedTopic {
            name: topic.name.clone(),
            partitions: topic.partitions,
            replicas: topic.replicas,
            configs: topic.configs(),
        })
        .collect();
    let mut keys: Vec<String> = wanted
        .iter()
        .flat_map(|topic| topic.configs.keys().cloned())
        .collect();
    keys.sort();
    keys.dedup();
    let cluster_error = |error: weft_kafka_admin::AdminError| {
        miette::miette!("Kafka at {}: {error}", options.bootstrap)
    };
    let mut client = Client::connect(options.bootstrap, options.timeout).map_err(cluster_error)?;
    let cluster = client.describe(&keys).map_err(cluster_error)?;
    let difference = diff(&wanted, &cluster, options.prune);
    write(Stream::Out, &difference.render())?;
    if !difference.refusals.is_empty() {
        write(
            Stream::Err,
            &format!(
                "error: the plan asks for {} change(s) Kafka cannot make or weft refuses; nothing was applied\n",
                difference.refusals.len()
            ),
        )?;
        return Ok(ExitCode::from(1));
    }
    if options.action == Action::Apply && !difference.changes.is_empty() {
        client.apply(&difference.changes).map_err(cluster_error)?;
        write(
            Stream::Out,
            &format!("Applied {} change(s).\n", difference.changes.len()),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
