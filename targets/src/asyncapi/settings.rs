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

/// The settings the AsyncAPI target reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Server name → `host:port`, sorted by name; empty = placeholder.
    pub servers: Vec<(String, String)>,
    /// Replication factor of every topic.
    pub replicas: u32,
    /// Schema Registry URL.
    pub schema_registry: Option<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            servers: Vec::new(),
            replicas: DEFAULT_REPLICAS,
            schema_registry: None,
        }
    }
}

const KEYS: [&str; 3] = ["servers", "replicas", "schema_registry"];

/// Reads `[targets.asyncapi]` from the `[targets]` table.
pub fn read(targets: &toml::Table) -> Result<Settings, Vec<String>> {
    let mut settings = Settings::default();
    let table = match targets.get("asyncapi") {
        None => return Ok(settings),
        Some(toml::Value::Table(table)) => table,
        Some(_) => return Err(vec!["`targets.asyncapi` must be a table".to_string()]),
    };
    let mut errors = Vec::new();
    for (key, value) in table {
        match key.as_str() {
            "servers" => match read_servers(value) {
                Ok(servers) => settings.servers = servers,
                Err(mut more) => errors.append(&mut more),
            },
            "replicas" => match value.as_integer().and_then(|n| u32::try_from(n).ok()) {
                Some(replicas) if (1..=32).contains(&replicas) => settings.replicas = replicas,
                _ => errors.push(format!(
                    "`[targets.asyncapi] replicas` must be a whole number from 1 to 32, not `{value}`"
                )),
            },
            "schema_registry" => match value.as_str() {
                Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                    settings.schema_registry = Some(url.to_string());
                }
                _ => errors.push(format!(
                    "`[targets.asyncapi] schema_registry` must be an http(s) URL such as \"https://registry.example\", not `{value}`"
                )),
            },
            other => errors.push(format!(
                "`[targets.asyncapi]` has no setting `{other}`; the settings are {}",
                KEYS.map(|key| format!("`{key}`")).join(", ")
            )),
        }
    }
    if errors.is_empty() {
        Ok(settings)
    } else {
        Err(errors)
    }
}

fn read_servers(value: &toml::Value) -> Result<Vec<(String, String)>, Vec<String>> {
    let Some(table) = value.as_table() else {
        return Err(vec![
            "`[targets.asyncapi] servers` must be a table of server name to \"host:port\", such as `servers = { production = \"kafka.example:9092\" }`".to_string(),
        ]);
    };
    let mut servers = Vec::new();
    let mut errors = Vec::new();
    for (name, host) in table {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        {
            errors.push(format!(
                "`[targets.asyncapi] servers`: the server name `{name}` may only use letters, digits, `_`, `-` and `.`"
            ));
            continue;
        }
        match host.as_str() {
            Some(host) if valid_host(host) => servers.push((name.clone(), host.to_string())),
            _ => errors.push(format!(
                "`[targets.asyncapi] servers.{name}` must be a bootstrap address \"host:port\" without a scheme, such as \"kafka.example:9092\", not `{host}`"
            )),
        }
    }
    servers.sort();
    if errors.is_empty() {
        Ok(servers)
    } else {
        Err(errors)
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

    fn parse(text: &str) -> Result<Settings, Vec<String>> {
        let table: toml::Table = toml::from_str(text).unwrap_or_default();
        read(&table)
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
                servers: vec![
                    ("production".into(), "kafka.example:9092".into()),
                    ("staging".into(), "s:9092".into()),
                ],
                replicas: 2,
                schema_registry: Some("https://r.example".into()),
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
