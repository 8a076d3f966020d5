//! `[targets]` in `weft.toml`: which targets exist and the settings each one
//! declares. Every target's settings are a typed struct (`serde`, unknown
//! fields refused, defaults for every field); [`TargetSettings::read`] reads
//! the whole `[targets]` table and returns every problem at once, each with
//! the path of the offending key so that the compiler can point at it in
//! `weft.toml`. The compiler does this during `weft check`, so a misspelt
//! setting is found before anything is built.

use crate::{asyncapi, avro, kafka, openapi, rust, schemas, statemachine};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::fmt;
use weft_base::suggest::edit_distance;

/// The targets, in the order `weft build` runs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TargetName {
    /// JSON Schemas per event version and Schema Registry subjects.
    Schemas,
    /// AsyncAPI 3.0 per domain.
    AsyncApi,
    /// OpenAPI 3.1 per API version.
    OpenApi,
    /// The Kafka topic plan and Strimzi `KafkaTopic` resources.
    Kafka,
    /// Apache Avro schemas per event version (value and key).
    Avro,
    /// Amazon States Language per workflow.
    StateMachine,
    /// Rust connector crates per system.
    Rust,
}

impl TargetName {
    /// Every target, in build order.
    pub const ALL: [TargetName; 7] = [
        TargetName::Schemas,
        TargetName::AsyncApi,
        TargetName::OpenApi,
        TargetName::Kafka,
        TargetName::Avro,
        TargetName::StateMachine,
        TargetName::Rust,
    ];

    /// The name used with `--target` and in `[targets.NAME]`.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetName::Schemas => "schemas",
            TargetName::AsyncApi => "asyncapi",
            TargetName::OpenApi => "openapi",
            TargetName::Kafka => "kafka",
            TargetName::Avro => "avro",
            TargetName::StateMachine => "statemachine",
            TargetName::Rust => "rust",
        }
    }

    /// The target with this name.
    pub fn parse(name: &str) -> Option<TargetName> {
        TargetName::ALL
            .into_iter()
            .find(|target| target.as_str() == name)
    }

    /// The output folder the target writes into.
    pub fn folder(self) -> &'static str {
        match self {
            TargetName::StateMachine => "statemachines",
            other => other.as_str(),
        }
    }

    /// The keys `[targets.NAME]` accepts.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            TargetName::Schemas => &schemas::KEYS,
            TargetName::Avro => &[],
            TargetName::AsyncApi => &asyncapi::settings::KEYS,
            TargetName::OpenApi => &openapi::settings::KEYS,
            TargetName::Kafka => &kafka::settings::KEYS,
            TargetName::StateMachine => &statemachine::settings::KEYS,
            TargetName::Rust => &rust::settings::KEYS,
        }
    }
}

impl fmt::Display for TargetName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The settings of every target, validated; a target without a table has
/// its defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TargetSettings {
    /// `[targets.openapi]`.
    pub openapi: openapi::Settings,
    /// `[targets.asyncapi]`.
    pub asyncapi: asyncapi::Settings,
    /// `[targets.schemas]`.
    pub schemas: schemas::Settings,
    /// `[targets.kafka]`.
    pub kafka: kafka::Settings,
    /// `[targets.avro]`.
    pub avro: avro::Settings,
    /// `[targets.statemachine]`.
    pub statemachine: statemachine::Settings,
    /// `[targets.rust]`.
    pub rust: rust::Settings,
}

/// What is wrong with a setting (each kind has its own diagnostic code).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// `[targets.NAME]` names no target.
    UnknownTarget,
    /// A key the target does not declare.
    UnknownKey,
    /// A value of the wrong type.
    WrongType,
    /// A value of the right type that the target cannot use.
    InvalidValue,
}

/// One problem with `[targets]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SettingProblem {
    /// What is wrong.
    pub kind: ProblemKind,
    /// The path of the offending key from `[targets]`: the target's name,
    /// then keys inside its table (`["asyncapi", "servers", "prod"]`).
    pub path: Vec<String>,
    /// The message, naming the setting.
    pub message: String,
    /// Help, such as the close spelling of an unknown key.
    pub help: Option<String>,
}

impl SettingProblem {
    /// A problem with a value at `path`.
    pub fn new(kind: ProblemKind, path: &[&str], message: impl Into<String>) -> SettingProblem {
        SettingProblem {
            kind,
            path: path.iter().map(|segment| (*segment).to_string()).collect(),
            message: message.into(),
            help: None,
        }
    }
}

/// Whether `url` is an absolute `http://` or `https://` URL that can be
/// written into a document as it is: a host, and only characters RFC 3986
/// allows in a URL: no whitespace, no control characters such as a newline,
/// no quotes, angle brackets, braces, backslashes, carets, backticks or
/// bars (those must be percent-encoded). Settings are
/// copied into the generated documents, so a stray newline or space would
/// make them invalid.
pub fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        !host.is_empty()
            && !host.starts_with(':')
            && rest.chars().all(|c| {
                c.is_ascii_graphic()
                    && !matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
            })
    })
}

impl TargetSettings {
    /// Reads the `[targets]` table; every problem is reported, and the
    /// settings are `None` when there is any.
    pub fn read(targets: &toml::Table) -> Result<TargetSettings, Vec<SettingProblem>> {
        let mut problems = Vec::new();
        let mut settings = TargetSettings::default();
        for (name, value) in targets {
            let Some(target) = TargetName::parse(name) else {
                let names = TargetName::ALL.map(|target| target.as_str());
                problems.push(SettingProblem {
                    help: Some(with_suggestion(name, &names, "the targets are")),
                    ..SettingProblem::new(
                        ProblemKind::UnknownTarget,
                        &[name],
                        format!("`[targets.{name}]` is not a target"),
                    )
                });
                continue;
            };
            // Keys and types first (`read_table`), then the values the
            // target checks itself, so that one run reports everything.
            match target {
                TargetName::OpenApi => {
                    let (read, found) = read_table::<openapi::Settings>(target, value);
                    problems.extend(found);
                    match read.map(openapi::Settings::validated) {
                        Some(Ok(read)) => settings.openapi = read,
                        Some(Err(more)) => problems.extend(more),
                        None => {}
                    }
                }
                TargetName::AsyncApi => {
                    let (read, found) = read_table::<asyncapi::Settings>(target, value);
                    problems.extend(found);
                    match read.map(asyncapi::Settings::validated) {
                        Some(Ok(read)) => settings.asyncapi = read,
                        Some(Err(more)) => problems.extend(more),
                        None => {}
                    }
                }
                TargetName::Kafka => {
                    let (read, found) = read_table::<kafka::Settings>(target, value);
                    problems.extend(found);
                    match read.map(kafka::Settings::validated) {
                        Some(Ok(read)) => settings.kafka = read,
                        Some(Err(more)) => problems.extend(more),
                        None => {}
                    }
                }
                TargetName::Rust => {
                    let (read, found) = read_table::<rust::Settings>(target, value);
                    problems.extend(found);
                    match read.map(rust::Settings::validated) {
                        Some(Ok(read)) => settings.rust = read,
                        Some(Err(more)) => problems.extend(more),
                        None => {}
                    }
                }
                TargetName::Schemas => {
                    let (read, found) = read_table::<schemas::Settings>(target, value);
                    problems.extend(found);
                    if let Some(read) = read {
                        settings.schemas = read;
                    }
                }
                TargetName::Avro => {
                    let (read, found) = read_table::<avro::Settings>(target, value);
                    problems.extend(found);
                    if let Some(read) = read {
                        settings.avro = read;
                    }
                }
                TargetName::StateMachine => {
                    let (read, found) = read_table::<statemachine::Settings>(target, value);
                    problems.extend(found);
                    match read.map(statemachine::Settings::validated) {
                        Some(Ok(read)) => settings.statemachine = read,
                        Some(Err(more)) => problems.extend(more),
                        None => {}
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(problems)
        }
    }

    /// The settings of an openapi/asyncapi/schemas table read from TOML
    /// text, for tests and tools; problems as messages.
    pub fn from_toml(text: &str) -> Result<TargetSettings, Vec<String>> {
        let table: toml::Table = toml::from_str(text).map_err(|error| vec![error.to_string()])?;
        TargetSettings::read(&table).map_err(|problems| {
            problems
                .into_iter()
                .map(|problem| problem.message)
                .collect()
        })
    }
}

/// Reads one target's table into its settings type. Unknown keys and wrong
/// types are found key by key, so that every one is reported with its own
/// path; the other keys are still read (`None` only when the table is not a
/// table), so that their values can be validated in the same run.
fn read_table<T: DeserializeOwned + Default>(
    target: TargetName,
    value: &toml::Value,
) -> (Option<T>, Vec<SettingProblem>) {
    let name = target.as_str();
    let Some(table) = value.as_table() else {
        let problem = SettingProblem::new(
            ProblemKind::WrongType,
            &[name],
            format!(
                "`[targets.{name}]` must be a table of settings, not {}",
                a_type(value)
            ),
        );
        return (None, vec![problem]);
    };
    let keys = target.keys();
    let mut problems = Vec::new();
    let mut good = toml::Table::new();
    for (key, value) in table {
        if !keys.contains(&key.as_str()) {
            let help = if keys.is_empty() {
                format!("the {name} target has no settings; remove the key")
            } else {
                with_suggestion(key, keys, "the settings are")
            };
            problems.push(SettingProblem {
                help: Some(help),
                ..SettingProblem::new(
                    ProblemKind::UnknownKey,
                    &[name, key],
                    format!("`[targets.{name}]` has no setting `{key}`"),
                )
            });
            continue;
        }
        let mut single = toml::Table::new();
        single.insert(key.clone(), value.clone());
        if toml::Value::Table(single).try_into::<T>().is_err() {
            // A string of a closed set that is not one of its values: the
            // type is right, the value is not.
            if let (Some(text), Some(values)) = (value.as_str(), enum_values(target, key)) {
                problems.push(SettingProblem {
                    help: Some(with_suggestion(text, values, "the values are")),
                    ..SettingProblem::new(
                        ProblemKind::InvalidValue,
                        &[name, key],
                        format!(
                            "`[targets.{name}] {key}` must be {}, not \"{}\"",
                            expected_type(target, key),
                            text.escape_debug()
                        ),
                    )
                });
                continue;
            }
            problems.push(SettingProblem::new(
                ProblemKind::WrongType,
                &[name, key],
                format!(
                    "`[targets.{name}] {key}` must be {}, not {}",
                    expected_type(target, key),
                    a_type(value)
                ),
            ));
            continue;
        }
        good.insert(key.clone(), value.clone());
    }
    match toml::Value::Table(good).try_into::<T>() {
        Ok(read) => (Some(read), problems),
        Err(error) => {
            // Unreachable while every key deserializes on its own; kept
            // so that a settings type with cross-field rules still reports.
            problems.push(SettingProblem::new(
                ProblemKind::InvalidValue,
                &[name],
                format!("`[targets.{name}]`: {}", error.message()),
            ));
            (None, problems)
        }
    }
}

/// The values of a setting that is a closed set of strings (an enum).
fn enum_values(target: TargetName, key: &str) -> Option<&'static [&'static str]> {
    match (target, key) {
        (TargetName::Schemas, "format") => Some(&["json", "avro"]),
        (TargetName::StateMachine, "per") => Some(&statemachine::settings::GROUPINGS),
        (TargetName::StateMachine, "starting_position") => {
            Some(&statemachine::settings::STARTING_POSITIONS)
        }
        _ => None,
    }
}

/// What a setting's value must be, for the wrong-type message.
fn expected_type(target: TargetName, key: &str) -> &'static str {
    match (target, key) {
        (TargetName::Schemas, "format") => "`json` or `avro`",
        (TargetName::StateMachine, "per") => "`project`, `domain` or `host`",
        (TargetName::StateMachine, "starting_position") => "`latest` or `trim_horizon`",
        (TargetName::AsyncApi, "servers") => {
            "a table of server name to \"host:port\", such as \
             `servers = { production = \"kafka.example:9092\" }`"
        }
        (TargetName::AsyncApi, "replicas") => "a whole number from 1 to 32",
        (TargetName::Kafka, "replicas") => "a whole number from 1 to 32",
        (TargetName::Kafka, "partitions") => {
            "a table of delivery class to partitions, such as \
             `partitions = { real_time = 12, near_real_time = 6, batch = 3 }`"
        }
        (TargetName::Kafka, "configs") => {
            "a table of Kafka topic configurations, such as \
             `configs = { \"compression.type\" = \"zstd\" }`"
        }
        _ => "a string",
    }
}

/// "a string", "an integer", ... for messages.
fn a_type(value: &toml::Value) -> String {
    if let toml::Value::Integer(number) = value {
        // A number of the right type but out of range: show it.
        return format!("`{number}`");
    }
    let name = value.type_str();
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// "did you mean `x`? <list> ..." when a known name is close, else the list.
fn with_suggestion(name: &str, known: &[&str], list: &str) -> String {
    let listed = known
        .iter()
        .map(|known| format!("`{known}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let closest = known
        .iter()
        .map(|known| (edit_distance(name, known), *known))
        .filter(|(distance, known)| *distance <= (known.len().max(name.len()) / 3).max(1))
        .min();
    match closest {
        Some((_, known)) => format!("did you mean `{known}`? {} {listed}", capitalized(list)),
        None => format!("{} {listed}", list),
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<SettingProblem> {
        let table: toml::Table = toml::from_str(text).expect("valid TOML");
        TargetSettings::read(&table).expect_err("invalid settings")
    }

    #[test]
    fn defaults_without_tables() {
        assert_eq!(
            TargetSettings::read(&toml::Table::new()),
            Ok(TargetSettings::default())
        );
    }

    #[test]
    fn unknown_targets_and_keys_suggest_a_spelling() {
        let found = problems("[openapl]\nserver = \"x\"\n[openapi]\nservr = \"https://x.test\"\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].path, ["openapi", "servr"]);
        assert_eq!(found[0].kind, ProblemKind::UnknownKey);
        assert!(found[0]
            .help
            .as_deref()
            .is_some_and(|help| help.starts_with("did you mean `server`?")));
        assert_eq!(found[1].kind, ProblemKind::UnknownTarget);
        assert!(found[1]
            .help
            .as_deref()
            .is_some_and(|help| help.contains("`openapi`?")));
    }

    #[test]
    fn wrong_types_name_the_expected_type() {
        let found =
            problems("[asyncapi]\nservers = \"k:9092\"\nreplicas = \"3\"\n[schemas]\nx = 1\n");
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].kind, ProblemKind::WrongType);
        assert!(
            found[0].message.contains("must be a whole number"),
            "{found:?}"
        );
        assert!(found[1].message.contains("must be a table"), "{found:?}");
        assert_eq!(found[2].kind, ProblemKind::UnknownKey);
        assert_eq!(problems("openapi = 1")[0].kind, ProblemKind::WrongType);
    }

    #[test]
    fn a_wrong_value_of_a_closed_set_is_invalid_not_mistyped() {
        let found = problems(
            "[schemas]\nformat = \"jsn\"\n[statemachine]\nper = \"hosts\"\nstarting_position = 3\n",
        );
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0].kind, ProblemKind::InvalidValue);
        assert_eq!(
            found[0].message,
            "`[targets.schemas] format` must be `json` or `avro`, not \"jsn\""
        );
        assert!(found[0]
            .help
            .as_deref()
            .is_some_and(|help| help.starts_with("did you mean `json`?")));
        assert_eq!(found[1].kind, ProblemKind::InvalidValue);
        assert_eq!(
            found[1].message,
            "`[targets.statemachine] per` must be `project`, `domain` or `host`, not \"hosts\""
        );
        assert_eq!(found[2].kind, ProblemKind::WrongType);
        assert_eq!(
            found[2].message,
            "`[targets.statemachine] starting_position` must be `latest` or `trim_horizon`, not `3`"
        );
    }

    #[test]
    fn statemachine_settings_are_typed() {
        let table: toml::Table = toml::from_str(
            "[statemachine]\nper = \"domain\"\npublisher = \"weft-publish-{system}\"\nstarting_position = \"trim_horizon\"\n",
        )
        .expect("valid TOML");
        let read = TargetSettings::read(&table)
            .expect("valid settings")
            .statemachine;
        assert_eq!(read.per, statemachine::settings::TemplateGrouping::Domain);
        assert_eq!(read.publisher.as_deref(), Some("weft-publish-{system}"));
        assert_eq!(read.correlator, None);
        assert_eq!(
            read.starting_position,
            statemachine::settings::StartingPosition::TrimHorizon
        );
        let found = problems("[statemachine]\ncorrelator = \"${Correlator}\"\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].kind, ProblemKind::InvalidValue);
        assert_eq!(found[0].path, ["statemachine", "correlator"]);
    }

    #[test]
    fn names_round_trip() {
        for target in TargetName::ALL {
            assert_eq!(TargetName::parse(target.as_str()), Some(target));
        }
        assert_eq!(edit_distance("servr", "server"), 1);
    }
}

#[cfg(test)]
mod url_tests {
    use super::is_http_url;

    #[test]
    fn urls_written_into_documents() {
        for url in [
            "https://api.acme.example",
            "http://localhost:8080/v1",
            "https://login.acme.example/oauth2/token?realm=plant",
            "https://r.example/a%20b",
        ] {
            assert!(is_http_url(url), "{url}");
        }
        for url in [
            "api.acme.example",
            "ftp://x.example",
            "https://",
            "https:///path",
            "https://registry.example\n/subjects",
            "https://a b.example",
            "https://x.example/a b",
            "https://x.example/\t",
            "https://x.example/<id>",
            "https://x.example/{id}",
        ] {
            assert!(!is_http_url(url), "{url:?}");
        }
    }
}
