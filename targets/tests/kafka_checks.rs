//! The topic-name checks of `weft check` (E831, E832) make the plan's names
//! without building the plan (`kafka::validate`). This holds them to the
//! plan: on every model here, they report exactly what the same checks
//! report over `kafka::plan`'s topics (the way they were made before),
//! spans, labels and order included. `tests/fixtures/targets/kafka_names`
//! has the cases where the two ways could part: a shared dead-letter topic
//! whose first source in topic order is not the first declared, a
//! dead-letter name taken by an event topic, by a retry topic, by another
//! version's topic, and names equal up to `.` and `_`.

use std::collections::BTreeMap;
use std::path::Path;
use weft_base::{codes, Diagnostic, Span};
use weft_compiler::{check, CheckResult, Origin, SourceMap};
use weft_model::{EventId, Model};
use weft_targets::kafka::{self, plan, TopicPlan};
use weft_targets::naming;
use weft_targets::settings::TargetSettings;

mod support;
use support::repo;

/// A project folder (with its `weft.toml`) or a single file, checked.
fn load(path: &Path) -> CheckResult {
    let mut sources = SourceMap::with_stdlib();
    let mut files = Vec::new();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("folder readable") {
            files.push(entry.expect("entry readable").path());
        }
        files.sort();
    } else {
        files.push(path.to_path_buf());
    }
    for file in files {
        let is_manifest = file.file_name().is_some_and(|name| name == "weft.toml");
        if is_manifest || file.extension().is_some_and(|ext| ext == "weft") {
            let text = std::fs::read_to_string(&file).expect("source readable");
            sources.add(file.display().to_string(), text, Origin::Project);
        }
    }
    check(&sources)
}

/// E831 and E832 as they were made from the plan's topics.
fn names_from_plan(model: &Model, plan: &TopicPlan) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut claims: BTreeMap<String, Vec<(String, bool, Span)>> = BTreeMap::new();
    for (index, event) in model.events.iter().enumerate() {
        if event.name.is_std() {
            continue;
        }
        let id = EventId(u32::try_from(index).expect("few events"));
        for version in &event.versions {
            let number = version.number;
            let who = format!("event {} v{number}", event.name.qualified());
            claims
                .entry(naming::topic(model, id, number))
                .or_default()
                .push((who.clone(), false, event.name.span));
            if let Some(dead_letter) = plan::dead_letter_topic_name(model, id, number) {
                claims.entry(dead_letter).or_default().push((
                    format!("the dead-letter route of {who}"),
                    true,
                    event.name.span,
                ));
            }
        }
    }
    let first_span = |topic: &kafka::Topic| {
        topic
            .sources
            .first()
            .map_or_else(Span::default, |(event, _)| model.event(*event).name.span)
    };
    for topic in &plan.topics {
        if !plan::is_valid_topic(&topic.name) {
            found.push(
                Diagnostic::error(
                    codes::INVALID_TOPIC_NAME,
                    format!(
                        "the topic `{}` is not a legal Kafka topic name",
                        topic.name.escape_debug()
                    ),
                    first_span(topic),
                    "illegal topic name",
                )
                .with_help("Kafka topic names are 1 to 249 letters, digits, `.`, `_` and `-` (and not `.` or `..`); rename the dead-letter topic or shorten the names it is made of"),
            );
        }
    }
    for (name, askers) in &claims {
        let all_dead_letters = askers.iter().all(|(_, dead_letter, _)| *dead_letter);
        if askers.len() > 1 && !all_dead_letters {
            let (second, _, span) = &askers[1];
            let (first, _, first_span) = &askers[0];
            found.push(
                Diagnostic::error(
                    codes::TOPIC_NAME_COLLISION,
                    format!(
                        "the topic `{}` would be created twice: by {first} and by {second}",
                        name.escape_debug()
                    ),
                    *span,
                    "same topic",
                )
                .with_label(*first_span, "also claimed here")
                .with_help(if askers.iter().any(|(_, dead_letter, _)| *dead_letter) {
                    "give the dead-letter topic a name of its own"
                } else {
                    "rename one of the events: topic names are made from the domain and the event name in snake case"
                }),
            );
        }
    }
    let mut by_metric: BTreeMap<String, &str> = BTreeMap::new();
    for topic in &plan.topics {
        let metric = topic.name.replace('.', "_");
        match by_metric.get(&metric) {
            Some(other) if *other != topic.name => found.push(
                Diagnostic::error(
                    codes::TOPIC_NAME_COLLISION,
                    format!(
                        "the topics `{}` and `{}` differ only in `.` and `_`, which Kafka treats as the same in metric names and refuses",
                        other.escape_debug(),
                        topic.name.escape_debug()
                    ),
                    first_span(topic),
                    "collides with another topic",
                )
                .with_help("rename one of them so that the names differ in more than `.` versus `_`"),
            ),
            Some(_) => {}
            None => {
                by_metric.insert(metric, &topic.name);
            }
        }
    }
    found
}

/// The E831/E832 of `kafka::check`, and those made from the plan.
fn both(path: &Path) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let result = load(path);
    let settings = match (result.manifest_file, &result.settings) {
        (None, _) => TargetSettings::default(),
        (Some(_), settings) => settings.clone().expect("valid settings"),
    };
    let checked: Vec<Diagnostic> = kafka::check(&result.model, &settings, Span::default())
        .into_iter()
        .filter(|diagnostic| {
            [codes::INVALID_TOPIC_NAME, codes::TOPIC_NAME_COLLISION].contains(&diagnostic.code)
        })
        .collect();
    let plan = kafka::plan(&result.model, &settings);
    (checked, names_from_plan(&result.model, &plan))
}

#[test]
fn name_checks_report_what_the_plan_shows() {
    let models = [
        "tests/fixtures/targets/kafka_names/claims.weft",
        "tests/fixtures/check/err/E831_illegal_dead_letter_topic.weft",
        "tests/fixtures/check/err/E832_topic_names_collide.weft",
        "tests/fixtures/check/ok/kafka_topic_overrides.weft",
        "tests/fixtures/targets/kafka",
        "examples/acme-plant",
    ];
    for model in models {
        let (checked, from_plan) = both(&repo().join(model));
        assert_eq!(checked, from_plan, "{model}");
    }
}

#[test]
fn the_claims_fixture_has_every_kind_of_name_problem() {
    let (checked, _) = both(&repo().join("tests/fixtures/targets/kafka_names/claims.weft"));
    let messages: Vec<&str> = checked
        .iter()
        .map(|diagnostic| diagnostic.message.as_str())
        .collect();
    let has = |part: &str| messages.iter().any(|message| message.contains(part));
    assert!(has("`shared failures!` is not a legal"), "{messages:#?}");
    assert!(
        has("`production.alpha.v1` would be created twice"),
        "{messages:#?}"
    );
    assert!(
        has("`production.twice.v1` would be created twice"),
        "{messages:#?}"
    );
    assert!(has("differ only in `.` and `_`"), "{messages:#?}");
}
