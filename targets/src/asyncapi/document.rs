//! One domain's AsyncAPI 3.0.0 document, built from its [`DomainScope`].

use super::policies;
use super::schema::Schemas;
use super::scope::{DeadLetterChannel, DomainScope, EventChannel};
use super::settings::{Settings, PLACEHOLDER_HOST, PLACEHOLDER_SERVER};
use crate::kafka::plan::{client_id, group_id, Reader};
use crate::kafka::Topic;
use crate::naming;
use crate::yaml::{self, Obj};
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet};
use weft_model::{Consumer, EventId, Model};

/// The AsyncAPI version written.
pub const ASYNCAPI_VERSION: &str = "3.0.0";
/// The Kafka bindings version written.
pub const KAFKA_BINDING_VERSION: &str = "0.5.0";

/// What a document is built from.
pub struct Inputs<'a> {
    /// The model.
    pub model: &'a Model,
    /// Project name.
    pub project: &'a str,
    /// Project version.
    pub version: &'a str,
    /// `[targets.asyncapi]`.
    pub settings: &'a Settings,
}

/// Unique keys within one section of the document.
#[derive(Default)]
struct Ids {
    taken: BTreeSet<String>,
}

impl Ids {
    /// `preferred`, or `fallback` when taken, or `fallback` with a number.
    fn claim(&mut self, preferred: String, fallback: impl FnOnce() -> String) -> String {
        if self.taken.insert(preferred.clone()) {
            return preferred;
        }
        let fallback = sanitize(&fallback());
        let mut candidate = fallback.clone();
        let mut counter = 2;
        while !self.taken.insert(candidate.clone()) {
            candidate = format!("{fallback}_{counter}");
            counter += 1;
        }
        candidate
    }
}

/// Keeps the characters AsyncAPI allows in component keys.
fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// PascalCase of a name: `schedule_changed` or `ScheduleChanged` →
/// `ScheduleChanged`.
fn pascal_case(name: &str) -> String {
    let camel = naming::camel_case(name);
    let mut chars = camel.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The document's keys for channels and messages.
struct Keys {
    channels: BTreeMap<(EventId, u32), String>,
    dead_letters: BTreeMap<String, String>,
    messages: BTreeMap<(EventId, u32), String>,
}

fn keys(model: &Model, scope: &DomainScope) -> Keys {
    let mut channel_ids = Ids::default();
    let mut message_ids = Ids::default();
    let mut keys = Keys {
        channels: BTreeMap::new(),
        dead_letters: BTreeMap::new(),
        messages: BTreeMap::new(),
    };
    for channel in &scope.channels {
        let event = model.event(channel.event);
        let base = format!("{}V{}", pascal_case(&event.name.name), channel.version);
        let qualified = || format!("{}_v{}", event.name.qualified(), channel.version);
        let id = channel_ids.claim(naming::camel_case(&base), qualified);
        keys.channels.insert((channel.event, channel.version), id);
        let id = message_ids.claim(base, qualified);
        keys.messages.insert((channel.event, channel.version), id);
    }
    for channel in &scope.dead_letters {
        // Named after the topic's sources in the whole model, not in this
        // document, so that a channel has the same key in every document.
        let sharing: Vec<&weft_model::Event> = model
            .events
            .iter()
            .filter(|event| {
                event.dead_letter.as_ref().and_then(Option::as_ref) == Some(&channel.topic.name)
            })
            .collect();
        let preferred = match (channel.sources.as_slice(), sharing.as_slice()) {
            ([(event, _), ..], [_]) => {
                format!(
                    "{}DeadLetter",
                    naming::camel_case(&model.event(*event).name.name)
                )
            }
            ([(event, version)], []) => keys.channels.get(&(*event, *version)).map_or_else(
                || sanitize(&channel.topic.name),
                |id| format!("{id}DeadLetter"),
            ),
            _ => sanitize(&channel.topic.name),
        };
        let id = channel_ids.claim(preferred, || format!("deadLetter_{}", channel.topic.name));
        keys.dead_letters.insert(channel.topic.name.clone(), id);
    }
    keys
}

/// The document of one domain.
pub fn document(inputs: &Inputs, scope: &DomainScope) -> Value {
    let model = inputs.model;
    let keys = keys(model, scope);
    let mut schemas = Schemas::new();

    let mut channels = Mapping::new();
    let mut operations: Vec<(String, Value)> = Vec::new();
    let mut messages: BTreeMap<String, Value> = BTreeMap::new();
    let mut operation_ids = Ids::default();

    for channel in &scope.channels {
        let (Some(channel_id), Some(message_id)) = (
            keys.channels.get(&(channel.event, channel.version)),
            keys.messages.get(&(channel.event, channel.version)),
        ) else {
            continue;
        };
        messages.insert(
            message_id.clone(),
            message(inputs, &mut schemas, channel, message_id),
        );
        channels.insert(
            Value::String(channel_id.clone()),
            event_channel(inputs, channel, message_id),
        );
        for (id, operation) in channel_operations(inputs, channel, channel_id, message_id, &keys) {
            let id = operation_ids.claim(id.clone(), || id.clone());
            operations.push((id, operation));
        }
    }
    for channel in &scope.dead_letters {
        let Some(channel_id) = keys.dead_letters.get(&channel.topic.name) else {
            continue;
        };
        channels.insert(
            Value::String(channel_id.clone()),
            dead_letter_channel(inputs, channel, &keys),
        );
    }

    let mut operation_map = Mapping::new();
    for (id, operation) in operations {
        operation_map.insert(Value::String(id), operation);
    }
    let mut message_map = Mapping::new();
    for (id, message) in messages {
        message_map.insert(Value::String(id), message);
    }
    let mut components = Obj::new();
    if !message_map.is_empty() {
        components.insert("messages", Value::Mapping(message_map));
    }
    let component_schemas = schemas.into_components();
    if component_schemas
        .as_mapping()
        .is_some_and(|map| !map.is_empty())
    {
        components.insert("schemas", component_schemas);
    }
    if let Some(security) = inputs.settings.security {
        components.insert(
            "securitySchemes",
            Obj::new().set(
                security.scheme_name(),
                Obj::new()
                    .set("type", security.scheme_type())
                    .set("description", security.description()),
            ),
        );
    }

    let domain = model.domain(scope.domain);
    Obj::new()
        .set("asyncapi", ASYNCAPI_VERSION)
        .set(
            "id",
            format!("urn:weft:{}:asyncapi:{}", inputs.project, domain.name.name),
        )
        .set("info", info(inputs, scope))
        .set("defaultContentType", "application/json")
        .set("servers", servers(inputs.settings))
        .set("channels", Value::Mapping(channels))
        .set("operations", Value::Mapping(operation_map))
        .maybe("components", (!components.is_empty()).then_some(components))
        .into()
}

fn info(inputs: &Inputs, scope: &DomainScope) -> Value {
    let model = inputs.model;
    let domain = model.domain(scope.domain);
    let name = &domain.name.name;
    let mut description = String::new();
    if !domain.meta.doc.trim().is_empty() {
        description.push_str(domain.meta.doc.trim());
        description.push_str("\n\n");
    }
    description.push_str(&format!(
        "The Kafka channels of the {name} domain: every event its systems publish \
         (`send` operations) and every event version its systems and their \
         workflows read (`receive` operations), with the dead-letter topics of \
         those events. Generated by weft from the project {}; do not edit.",
        inputs.project
    ));
    let mut contact = Obj::new().maybe("name", domain.owner.clone());
    if let Some(reach) = domain.contact.as_deref().map(str::trim) {
        if reach.starts_with("http://") || reach.starts_with("https://") {
            contact.insert("url", reach);
        } else if is_email(reach) {
            contact.insert("email", reach);
        } else if !reach.is_empty() {
            contact.insert("x-weft-contact", reach);
        }
    }
    let systems: Vec<Value> = scope
        .systems
        .iter()
        .map(|id| {
            let system = model.system(*id);
            Obj::new()
                .set("name", system.name.name.to_string())
                .maybe("kind", system.kind.map(|kind| kind.as_str()))
                .maybe("hosting", system.hosting.map(|hosting| hosting.as_str()))
                .maybe(
                    "connectivity",
                    system
                        .connectivity
                        .map(|connectivity| connectivity.as_str()),
                )
                .into()
        })
        .collect();
    Obj::new()
        .set("title", format!("{}: {name} domain", inputs.project))
        .set("version", inputs.version)
        .set("description", description)
        .maybe("contact", (!contact.is_empty()).then_some(contact))
        .set("license", license(inputs.settings))
        .set("tags", Value::Sequence(vec![tag(name, &domain.meta.doc)]))
        .set("x-weft-project", inputs.project)
        .set("x-weft-domain", name.to_string())
        .maybe("x-weft-owner", domain.owner.clone())
        .set("x-weft-systems", Value::Sequence(systems))
        .maybe(
            "x-weft-policies",
            policies::applied(model, &domain.policies),
        )
        .into()
}

fn tag(name: &str, doc: &str) -> Value {
    Obj::new().set("name", name).text("description", doc).into()
}

/// `local@domain` with no spaces: good enough to tell an address from a
/// team name.
fn is_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.chars().any(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

/// The license the settings name; `LicenseRef-Proprietary` (an SPDX
/// reference to a license that is not on the SPDX list) without one.
fn license(settings: &Settings) -> Obj {
    Obj::new()
        .set(
            "name",
            settings
                .license
                .clone()
                .unwrap_or_else(|| "LicenseRef-Proprietary".to_string()),
        )
        .maybe("url", settings.license_url.clone())
}

/// The server's `protocol` and `security` under the settings' scheme.
fn secured(server: Obj, settings: &Settings) -> Obj {
    match settings.security {
        None => server.set("protocol", "kafka"),
        Some(security) => server.set("protocol", "kafka-secure").set(
            "security",
            Value::Sequence(vec![Obj::new()
                .set(
                    "$ref",
                    format!("#/components/securitySchemes/{}", security.scheme_name()),
                )
                .into()]),
        ),
    }
}

fn servers(settings: &Settings) -> Value {
    let registry = settings.schema_registry.as_ref().map(|url| {
        Obj::new().set(
            "kafka",
            Obj::new()
                .set("schemaRegistryUrl", url.clone())
                .set("schemaRegistryVendor", "confluent")
                .set("bindingVersion", KAFKA_BINDING_VERSION),
        )
    });
    let mut servers = Mapping::new();
    if settings.servers.is_empty() {
        let server = secured(Obj::new().set("host", PLACEHOLDER_HOST), settings)
            .set(
                "description",
                "Placeholder: set the cluster's bootstrap address with \
                 `[targets.asyncapi] servers = { production = \"host:9092\" }` in weft.toml.",
            )
            .maybe("bindings", registry);
        servers.insert(Value::String(PLACEHOLDER_SERVER.into()), server.into());
    } else {
        for (name, host) in &settings.servers {
            let server = secured(Obj::new().set("host", host.clone()), settings)
                .set("description", format!("The `{name}` Kafka cluster."))
                .maybe("bindings", registry.clone());
            servers.insert(Value::String(name.clone()), server.into());
        }
    }
    Value::Mapping(servers)
}

/// `<event doc>\n\n<version doc>`, with the deprecation reason.
fn event_description(model: &Model, event: EventId, version: u32) -> String {
    let decl = model.event(event);
    let mut parts = Vec::new();
    if !decl.meta.doc.trim().is_empty() {
        parts.push(decl.meta.doc.trim().to_string());
    }
    if let Some(version) = decl.version(version) {
        if !version.meta.doc.trim().is_empty() {
            parts.push(version.meta.doc.trim().to_string());
        }
    }
    if parts.is_empty() {
        parts.push(format!("The event {} v{version}.", decl.name.name));
    }
    if let Some(reason) = deprecation(model, event, version) {
        parts.push(if reason.is_empty() {
            "Deprecated.".to_string()
        } else {
            format!("Deprecated: {reason}")
        });
    }
    parts.join("\n\n")
}

/// The deprecation reason of an event or of one of its versions.
fn deprecation(model: &Model, event: EventId, version: u32) -> Option<String> {
    let decl = model.event(event);
    decl.meta
        .deprecated
        .as_ref()
        .or_else(|| {
            decl.version(version)
                .and_then(|v| v.meta.deprecated.as_ref())
        })
        .map(|reason| reason.trim().to_string())
}

fn message(inputs: &Inputs, schemas: &mut Schemas, channel: &EventChannel, id: &str) -> Value {
    let model = inputs.model;
    let event = model.event(channel.event);
    let Some(version) = event.version(channel.version) else {
        return Obj::new().set("name", id).into();
    };
    let payload = schemas.payload(model, version);
    let mut binding = Obj::new().maybe("key", schemas.key(model, event, version));
    if inputs.settings.schema_registry.is_some() {
        binding.insert("schemaIdLocation", "payload");
        binding.insert("schemaIdPayloadEncoding", "confluent");
        binding.insert("schemaLookupStrategy", "TopicNameStrategy");
    }
    binding.insert("bindingVersion", KAFKA_BINDING_VERSION);
    Obj::new()
        .set("name", id)
        .set("title", format!("{} v{}", event.name.name, channel.version))
        .set(
            "description",
            event_description(model, channel.event, channel.version),
        )
        .set("contentType", "application/json")
        .set("payload", payload)
        .set("bindings", Obj::new().set("kafka", binding))
        .set("x-weft-event", event.name.qualified())
        .set("x-weft-version", u64::from(channel.version))
        .into()
}

fn topic_binding(topic: &Topic) -> Value {
    let mut configuration = Obj::new()
        .set(
            "cleanup.policy",
            yaml::strings(topic.cleanup_policy.iter().copied()),
        )
        .set("retention.ms", topic.retention_ms);
    if let Some(ms) = topic.delete_retention_ms {
        configuration.insert("delete.retention.ms", ms);
    }
    configuration.insert("min.insync.replicas", u64::from(topic.min_insync_replicas));
    configuration.insert("unclean.leader.election.enable", false);
    Obj::new()
        .set(
            "kafka",
            Obj::new()
                .set("topic", topic.name.clone())
                .set("partitions", u64::from(topic.partitions))
                .set("replicas", u64::from(topic.replicas))
                .set("topicConfiguration", configuration)
                .set("bindingVersion", KAFKA_BINDING_VERSION),
        )
        .into()
}

fn message_ref(id: &str) -> Value {
    yaml::reference(&format!(
        "#/components/messages/{}",
        yaml::pointer_segment(id)
    ))
}

fn consumers(model: &Model, event: EventId, version: u32) -> Value {
    let mut seen = BTreeSet::new();
    let mut entries = Vec::new();
    for consumer in &model.event(event).consumers {
        let entry: Value = match consumer {
            Consumer::System {
                system,
                version: read,
            } if *read == version => {
                let decl = model.system(*system);
                Obj::new()
                    .set("system", decl.name.name.to_string())
                    .maybe(
                        "domain",
                        decl.domain.map(|d| model.domain(d).name.name.to_string()),
                    )
                    .into()
            }
            Consumer::Workflow {
                workflow,
                version: read,
            } if *read == version => {
                let decl = model.workflow(*workflow);
                let host = decl.host.map(|host| model.system(host));
                Obj::new()
                    .set("workflow", decl.name.qualified())
                    .maybe("system", host.map(|host| host.name.name.to_string()))
                    .maybe(
                        "domain",
                        host.and_then(|host| host.domain)
                            .map(|d| model.domain(d).name.name.to_string()),
                    )
                    .into()
            }
            _ => continue,
        };
        let text = serde_yaml::to_string(&entry).unwrap_or_default();
        if seen.insert(text) {
            entries.push(entry);
        }
    }
    Value::Sequence(entries)
}

fn event_channel(inputs: &Inputs, channel: &EventChannel, message_id: &str) -> Value {
    let model = inputs.model;
    let event = model.event(channel.event);
    let producer = event.producer.map(|producer| model.system(producer));
    let producer_domain = producer
        .and_then(|producer| producer.domain)
        .map(|domain| model.domain(domain));
    let mut messages = Mapping::new();
    messages.insert(Value::String(message_id.into()), message_ref(message_id));
    Obj::new()
        .set("address", channel.topic.name.clone())
        .set("title", format!("{} v{}", event.name.name, channel.version))
        .set(
            "description",
            event_description(model, channel.event, channel.version),
        )
        .set("messages", Value::Mapping(messages))
        .set("bindings", topic_binding(&channel.topic))
        .set("x-weft-event", event.name.qualified())
        .set("x-weft-version", u64::from(channel.version))
        .maybe(
            "x-weft-domain",
            producer_domain.map(|d| d.name.name.to_string()),
        )
        .maybe(
            "x-weft-owner",
            producer_domain.and_then(|d| d.owner.clone()),
        )
        .maybe("x-weft-producer", producer.map(|p| p.name.name.to_string()))
        .maybe(
            "x-weft-about",
            event
                .about
                .map(|about| model.entity(about).name.qualified()),
        )
        .maybe(
            "x-weft-key",
            (!event.key.is_empty()).then(|| event.key.join(".")),
        )
        .set("x-weft-compatibility", event.compatibility.as_str())
        .maybe(
            "x-weft-delivery",
            event.delivery.map(|delivery| delivery.as_str()),
        )
        .maybe("x-weft-dead-letter", channel.dead_letter.clone())
        .maybe(
            "x-weft-deprecated",
            deprecation(model, channel.event, channel.version),
        )
        .set(
            "x-weft-consumers",
            consumers(model, channel.event, channel.version),
        )
        .maybe("x-weft-policies", policies::applied(model, &event.policies))
        .into()
}

fn dead_letter_channel(inputs: &Inputs, channel: &DeadLetterChannel, keys: &Keys) -> Value {
    let model = inputs.model;
    let mut messages = Mapping::new();
    let mut sources = Vec::new();
    for (event, version) in &channel.sources {
        if let Some(id) = keys.messages.get(&(*event, *version)) {
            messages.insert(Value::String(id.clone()), message_ref(id));
        }
        sources.push(naming::topic(model, *event, *version));
    }
    let names: Vec<String> = channel
        .sources
        .iter()
        .map(|(event, version)| format!("{} v{version}", model.event(*event).name.name))
        .collect();
    let description = format!(
        "Dead letters of {}: events a consumer could not process, after the \
         retries its policies allow, sent here unchanged so that they can be \
         inspected and replayed. Never compacted.",
        names.join(", ")
    );
    Obj::new()
        .set("address", channel.topic.name.clone())
        .set("title", format!("Dead letters of {}", names.join(", ")))
        .set("description", description)
        .set("messages", Value::Mapping(messages))
        .set("bindings", topic_binding(&channel.topic))
        .set("x-weft-dead-letter-of", yaml::strings(sources))
        .into()
}

/// A `$ref` to a channel's message, for an operation's `messages`.
fn channel_message_ref(channel_id: &str, message_id: &str) -> Value {
    Value::Sequence(vec![yaml::reference(&format!(
        "#/channels/{}/messages/{}",
        yaml::pointer_segment(channel_id),
        yaml::pointer_segment(message_id)
    ))])
}

fn channel_ref(channel_id: &str) -> Value {
    yaml::reference(&format!("#/channels/{}", yaml::pointer_segment(channel_id)))
}

/// A Kafka id as the schema the operation binding wants.
fn id_schema(id: &str) -> Value {
    Obj::new()
        .set("type", "string")
        .set("enum", yaml::strings([id]))
        .into()
}

fn channel_operations(
    inputs: &Inputs,
    channel: &EventChannel,
    channel_id: &str,
    message_id: &str,
    keys: &Keys,
) -> Vec<(String, Value)> {
    let model = inputs.model;
    let project = inputs.project;
    let event = model.event(channel.event);
    let label = format!("{} v{}", event.name.name, channel.version);
    let event_key = format!("{}V{}", pascal_case(&event.name.name), channel.version);
    let key_note = if event.key.is_empty() {
        String::new()
    } else {
        format!(", keyed by `{}`", event.key.join("."))
    };
    let mut operations = Vec::new();
    if let Some(sender) = channel.sender {
        let system = model.system(sender);
        let name = &system.name.name;
        operations.push((
            format!("{name}.send{event_key}"),
            Obj::new()
                .set("action", "send")
                .set("channel", channel_ref(channel_id))
                .set("title", format!("{name} sends {label}"))
                .set(
                    "description",
                    format!(
                        "The {name} system publishes {label} to `{}`{key_note}.",
                        channel.topic.name
                    ),
                )
                .set("messages", channel_message_ref(channel_id, message_id))
                .set(
                    "bindings",
                    Obj::new().set(
                        "kafka",
                        Obj::new()
                            .set("clientId", id_schema(&client_id(project, model, sender)))
                            .set("bindingVersion", KAFKA_BINDING_VERSION),
                    ),
                )
                .set("x-weft-system", name.to_string())
                .maybe(
                    "x-weft-policies",
                    policies::applied(model, &system.policies),
                )
                .into(),
        ));
    }
    let dead_letter = channel.dead_letter.as_ref().and_then(|topic| {
        keys.dead_letters
            .get(topic)
            .map(|channel_id| (topic.clone(), channel_id.clone()))
    });
    for reader in &channel.readers {
        let system = model.system(reader.system());
        let system_name = &system.name.name;
        let (prefix, subject, who, applied, workflow) = match reader {
            Reader::System(_) => (
                system_name.to_string(),
                system_name.to_string(),
                format!("The {system_name} system"),
                &system.policies,
                None,
            ),
            Reader::Workflow(_, workflow) => {
                let decl = model.workflow(*workflow);
                let name = &decl.name.name;
                (
                    format!("{system_name}.{name}"),
                    format!("{system_name} workflow {name}"),
                    format!("The workflow {name} on {system_name}"),
                    &decl.policies,
                    Some(decl.name.qualified()),
                )
            }
        };
        let group = group_id(project, model, *reader);
        let mut description = format!(
            "{who} reads {label} from `{}` in the consumer group `{group}`.",
            channel.topic.name
        );
        if let Some((topic, _)) = &dead_letter {
            description.push_str(&format!(
                " Events it cannot process go to the dead-letter topic `{topic}`."
            ));
        }
        operations.push((
            format!("{prefix}.receive{event_key}"),
            Obj::new()
                .set("action", "receive")
                .set("channel", channel_ref(channel_id))
                .set("title", format!("{subject} receives {label}"))
                .set("description", description)
                .set("messages", channel_message_ref(channel_id, message_id))
                .set(
                    "bindings",
                    Obj::new().set(
                        "kafka",
                        Obj::new()
                            .set("groupId", id_schema(&group))
                            .set(
                                "clientId",
                                id_schema(&client_id(project, model, reader.system())),
                            )
                            .set("bindingVersion", KAFKA_BINDING_VERSION),
                    ),
                )
                .set("x-weft-system", system_name.to_string())
                .maybe("x-weft-workflow", workflow.clone())
                .maybe("x-weft-policies", policies::applied(model, applied))
                .into(),
        ));
        if let Some((topic, dead_letter_id)) = &dead_letter {
            operations.push((
                format!("{prefix}.deadLetter{event_key}"),
                Obj::new()
                    .set("action", "send")
                    .set("channel", channel_ref(dead_letter_id))
                    .set("title", format!("{subject} dead-letters {label}"))
                    .set(
                        "description",
                        format!(
                            "{who} sends the {label} events it cannot process, unchanged, to `{topic}`."
                        ),
                    )
                    .set("messages", channel_message_ref(dead_letter_id, message_id))
                    .set(
                        "bindings",
                        Obj::new().set(
                            "kafka",
                            Obj::new()
                                .set(
                                    "clientId",
                                    id_schema(&client_id(project, model, reader.system())),
                                )
                                .set("bindingVersion", KAFKA_BINDING_VERSION),
                        ),
                    )
                    .set("x-weft-system", system_name.to_string())
                    .maybe("x-weft-workflow", workflow)
                    .into(),
            ));
        }
    }
    operations
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(pascal_case("ScheduleChanged"), "ScheduleChanged");
        assert_eq!(pascal_case("schedule_changed"), "ScheduleChanged");
        assert_eq!(sanitize("acme.production.X_v1"), "acme_production_X_v1");
        assert!(is_email("plant-systems@acme.example"));
        assert!(!is_email("Plant Systems Team"));
        assert!(!is_email("a@b"));
        let mut ids = Ids::default();
        assert_eq!(ids.claim("a".into(), || "b".into()), "a");
        assert_eq!(ids.claim("a".into(), || "b".into()), "b");
        assert_eq!(ids.claim("a".into(), || "b".into()), "b_2");
    }
}
