//! `[targets.asyncapi]` in `weft.toml`.
//!
//! ```toml
//! [targets.asyncapi]
//! # The Kafka clusters: server name → bootstrap `host:port`. Without it,
//! # one placeholder server `kafka` at `kafka.invalid:9092` is written.
//! servers = { production = "kafka.example:9092", staging = "kafka.staging.example:9092" }
//! # Replication factor of every topic (default 3); min.insync.replicas
//! # follows (2 from 3 replicas on, else 1).
//! replicas = 3
//! # A Confluent-compatible Schema Registry: adds the Kafka server binding
//! # `schemaRegistryUrl` and says that messages carry the schema id.
//! schema_registry = "https://registry.example"
//! # How clients authenticate to the brokers: "sasl_scram_sha512",
//! # "sasl_scram_sha256" (SASL/SCRAM over TLS) or "mtls" (TLS client
//! # certificates). Without it the servers say nothing about security.
//! security = "sasl_scram_sha512"
//! # The license the documents state (an SPDX identifier, default
//! # "LicenseRef-Proprietary"), and optionally its URL.
//! license = "Apache-2.0"
//! license_url = "https://acme.example/api-terms"
//! ```
//!
//! Unknown keys are refused, so that a misspelt setting does not go
//! unnoticed.

/// The name of the placeholder server written when no servers are set.
pub const PLACEHOLDER_SERVER: &str = "kafka";
/// Its host: `.invalid` never resolves (RFC 2606), so a document generated
/// without settings cannot point a client at a real cluster by accident.
pub const PLACEHOLDER_HOST: &str = "kafka.invalid:9092";
/// The default replication factor.
pub const DEFAULT_REPLICAS: u32 = 3;

use crate::settings::{is_http_url, ProblemKind, SettingProblem};
use serde::Deserialize;
use std::collections::BTreeMap;

/// `[targets.asyncapi]`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Server name → `host:port`, sorted by name; empty = placeholder.
    #[serde(default)]
    pub servers: BTreeMap<String, String>,
    /// Replication factor of every topic (1 to 32).
    #[serde(default = "default_replicas")]
    pub replicas: u32,
    /// Schema Registry URL.
    #[serde(default)]
    pub schema_registry: Option<String>,
    /// How clients authenticate to the brokers.
    #[serde(default)]
    pub security: Option<KafkaSecurity>,
    /// The license's SPDX identifier.
    #[serde(default)]
    pub license: Option<String>,
    /// The license's URL.
    #[serde(default)]
    pub license_url: Option<String>,
}

/// How clients authenticate to the Kafka brokers; each is spoken over TLS
/// (`kafka-secure`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KafkaSecurity {
    /// SASL/SCRAM with SHA-512.
    SaslScramSha512,
    /// SASL/SCRAM with SHA-256.
    SaslScramSha256,
    /// Mutual TLS: client certificates.
    Mtls,
}

impl KafkaSecurity {
    /// The security scheme's name in `components.securitySchemes`.
    pub fn scheme_name(self) -> &'static str {
        match self {
            KafkaSecurity::SaslScramSha512 => "saslScramSha512",
            KafkaSecurity::SaslScramSha256 => "saslScramSha256",
            KafkaSecurity::Mtls => "mtls",
        }
    }

    /// The AsyncAPI security scheme `type`.
    pub fn scheme_type(self) -> &'static str {
        match self {
            KafkaSecurity::SaslScramSha512 => "scramSha512",
            KafkaSecurity::SaslScramSha256 => "scramSha256",
            KafkaSecurity::Mtls => "X509",
        }
    }

    /// What the scheme asks of a client, for its description.
    pub fn description(self) -> &'static str {
        match self {
            KafkaSecurity::SaslScramSha512 => {
                "SASL/SCRAM-SHA-512 over TLS: clients authenticate with a user name and password (`security.protocol=SASL_SSL`, `sasl.mechanism=SCRAM-SHA-512`)."
            }
            KafkaSecurity::SaslScramSha256 => {
                "SASL/SCRAM-SHA-256 over TLS: clients authenticate with a user name and password (`security.protocol=SASL_SSL`, `sasl.mechanism=SCRAM-SHA-256`)."
            }
            KafkaSecurity::Mtls => {
                "Mutual TLS: clients authenticate with a certificate the brokers trust (`security.protocol=SSL`)."
            }
        }
    }
}

fn default_replicas() -> u32 {
    DEFAULT_REPLICAS
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            servers: BTreeMap::new(),
            replicas: DEFAULT_REPLICAS,
            schema_registry: None,
            security: None,
            license: None,
            license_url: None,
        }
    }
}

/// The keys of `[targets.asyncapi]`, as [`Settings`] declares them.
pub const KEYS: [&str; 6] = [
    "servers",
    "replicas",
    "schema_registry",
    "security",
    "license",
    "license_url",
];

impl Settings {
    /// Checks the values serde cannot (the replication factor's range,
    /// server names and addresses, the registry URL); every problem is
    /// reported.
    pub fn validated(self) -> Result<Settings, Vec<SettingProblem>> {
        let mut errors = Vec::new();
        for (name, host) in &self.servers {
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
            {
                errors.push(SettingProblem::new(
                    ProblemKind::InvalidValue,
                    &["asyncapi", "servers", name],
                    format!("`[targets.asyncapi] servers`: the server name `{name}` may only use letters, digits, `_`, `-` and `.`"),
                ));
            } else if !valid_host(host) {
                errors.push(SettingProblem::new(
                    ProblemKind::InvalidValue,
                    &["asyncapi", "servers", name],
                    format!("`[targets.asyncapi] servers.{name}` must be a bootstrap address \"host:port\" without a scheme, such as \"kafka.example:9092\", not `{host:?}`"),
                ));
            }
        }
        if !(1..=32).contains(&self.replicas) {
            errors.push(SettingProblem::new(
                ProblemKind::InvalidValue,
                &["asyncapi", "replicas"],
                format!(
                    "`[targets.asyncapi] replicas` must be a whole number from 1 to 32, not `{}`",
                    self.replicas
                ),
            ));
        }
        if let Some(url) = &self.schema_registry {
            if !is_http_url(url) {
                errors.push(SettingProblem::new(
                    ProblemKind::InvalidValue,
                    &["asyncapi", "schema_registry"],
                    format!("`[targets.asyncapi] schema_registry` must be an absolute http(s) URL, without spaces or control characters, such as \"https://registry.example\", not `{url:?}`"),
                ));
            }
        }
        if let Some(url) = &self.license_url {
            if !is_http_url(url) {
                errors.push(SettingProblem::new(
                    ProblemKind::InvalidValue,
                    &["asyncapi", "license_url"],
                    format!("`[targets.asyncapi] license_url` must be an absolute http(s) URL, not `{url:?}`"),
                ));
            }
        }
        if let Some(license) = &self.license {
            let valid = !license.is_empty()
                && license
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+'));
            if !valid {
                errors.push(SettingProblem::new(
                    ProblemKind::InvalidValue,
                    &["asyncapi", "license"],
                    format!("`[targets.asyncapi] license` must be an SPDX license identifier such as \"Apache-2.0\", not `{license:?}`"),
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

/// `host` or `host:port`, with no scheme, path, spaces or other oddities.
fn valid_host(host: &str) -> bool {
    !host.is_empty()
        && !host.contains("://")
        && host.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_' | '[' | ']' | ',')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::TargetSettings;

    fn parse(text: &str) -> Result<Settings, Vec<String>> {
        TargetSettings::from_toml(text).map(|all| all.asyncapi)
    }

    #[test]
    fn defaults_without_a_table() {
        assert_eq!(parse(""), Ok(Settings::default()));
    }

    #[test]
    fn reads_servers_replicas_and_registry() {
        let settings = parse(
            "[asyncapi]\nservers = { staging = \"s:9092\", production = \"kafka.example:9092\" }\nreplicas = 2\nschema_registry = \"https://r.example\"\n",
        );
        assert_eq!(
            settings,
            Ok(Settings {
                servers: [
                    ("production".to_string(), "kafka.example:9092".to_string()),
                    ("staging".to_string(), "s:9092".to_string()),
                ]
                .into(),
                replicas: 2,
                schema_registry: Some("https://r.example".into()),
                ..Settings::default()
            })
        );
    }

    #[test]
    fn refuses_bad_settings() {
        let errors = parse(
            "[asyncapi]\nservers = { \"a b\" = \"x:1\", prod = \"kafka://x:9092\" }\nreplicas = 0\nschema_registry = 3\ncolour = \"red\"\n",
        )
        .err()
        .unwrap_or_default();
        assert_eq!(errors.len(), 5, "{errors:?}");
        assert!(parse("asyncapi = 1").is_err());
    }
}
