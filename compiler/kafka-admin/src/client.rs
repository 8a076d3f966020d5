//! The connection to one broker and the admin requests weft needs:
//! ApiVersions (to pick versions both sides speak), Metadata, DescribeConfigs,
//! CreateTopics, IncrementalAlterConfigs, CreatePartitions and DeleteTopics.
//! Requests go to the bootstrap broker, which forwards admin requests to the
//! controller (KRaft clusters do; so does a single broker).

use crate::diff::{Change, ClusterTopic, WantedTopic};
use bytes::{BufMut, BytesMut};
use kafka_protocol::error::ParseResponseErrorCode;
use kafka_protocol::messages::{
    create_partitions_request::CreatePartitionsTopic,
    create_topics_request::{CreatableTopic, CreatableTopicConfig},
    describe_configs_request::DescribeConfigsResource,
    incremental_alter_configs_request::{AlterConfigsResource, AlterableConfig},
    ApiKey, ApiVersionsRequest, CreatePartitionsRequest, CreateTopicsRequest, DeleteTopicsRequest,
    DescribeConfigsRequest, IncrementalAlterConfigsRequest, MetadataRequest, RequestHeader,
    ResponseHeader, TopicName,
};
use kafka_protocol::protocol::{Decodable, Encodable, Request, StrBytes};
use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// Why talking to the cluster failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminError {
    /// The address does not resolve or does not answer.
    Connect(String),
    /// Reading or writing timed out or the connection broke.
    Io(String),
    /// The broker does not speak a version of an API weft needs.
    Unsupported(String),
    /// The broker answered with an error for a request.
    Refused(String),
    /// The answer could not be read.
    Protocol(String),
}

impl fmt::Display for AdminError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdminError::Connect(message) => write!(f, "cannot connect: {message}"),
            AdminError::Io(message) => write!(f, "connection failed: {message}"),
            AdminError::Unsupported(message) => write!(f, "the broker does not support {message}"),
            AdminError::Refused(message) => write!(f, "the broker refused: {message}"),
            AdminError::Protocol(message) => write!(f, "unreadable answer: {message}"),
        }
    }
}

impl std::error::Error for AdminError {}

/// The largest answer weft reads (metadata of a big cluster fits).
const MAX_FRAME: usize = 64 * 1024 * 1024;
/// Topic config resource type in DescribeConfigs / IncrementalAlterConfigs.
const TOPIC_RESOURCE: i8 = 2;

/// A connection to a broker.
pub struct Client {
    stream: TcpStream,
    correlation: i32,
    versions: BTreeMap<i16, (i16, i16)>,
    timeout: Duration,
}

impl Client {
    /// Connects to `bootstrap` (`host:port`) with `timeout` for the
    /// connection and for every read and write, and asks which API versions
    /// the broker speaks.
    pub fn connect(bootstrap: &str, timeout: Duration) -> Result<Client, AdminError> {
        let addresses: Vec<_> = bootstrap
            .to_socket_addrs()
            .map_err(|error| AdminError::Connect(format!("{bootstrap}: {error}")))?
            .collect();
        let mut last = format!("{bootstrap}: no address");
        for address in addresses {
            match TcpStream::connect_timeout(&address, timeout) {
                Ok(stream) => {
                    let io = |error: std::io::Error| AdminError::Io(error.to_string());
                    stream.set_read_timeout(Some(timeout)).map_err(io)?;
                    stream.set_write_timeout(Some(timeout)).map_err(io)?;
                    stream.set_nodelay(true).map_err(io)?;
                    let mut client = Client {
                        stream,
                        correlation: 0,
                        versions: BTreeMap::new(),
                        timeout,
                    };
                    client.negotiate()?;
                    return Ok(client);
                }
                Err(error) => last = format!("{bootstrap} ({address}): {error}"),
            }
        }
        Err(AdminError::Connect(last))
    }

    fn negotiate(&mut self) -> Result<(), AdminError> {
        // Version 0 is understood by every broker; its answer lists the rest.
        let response = self.send_at(ApiVersionsRequest::default(), 0)?;
        if let Some(error) = response.error_code.err() {
            return Err(AdminError::Refused(format!("ApiVersions: {error}")));
        }
        self.versions = response
            .api_keys
            .iter()
            .map(|key| (key.api_key, (key.min_version, key.max_version)))
            .collect();
        Ok(())
    }

    /// The newest version both sides speak.
    fn version<R: Request>(&self, name: &str) -> Result<i16, AdminError> {
        let ours = R::VERSIONS;
        let (min, max) = self
            .versions
            .get(&R::KEY)
            .copied()
            .ok_or_else(|| AdminError::Unsupported(format!("{name} requests")))?;
        let version = max.min(ours.max);
        if version < min.max(ours.min) {
            return Err(AdminError::Unsupported(format!(
                "a version of {name} that weft speaks (broker {min}..{max}, weft {}..{})",
                ours.min, ours.max
            )));
        }
        Ok(version)
    }

    fn send<R: Request>(&mut self, request: R, name: &str) -> Result<R::Response, AdminError> {
        let version = self.version::<R>(name)?;
        self.send_at(request, version)
    }

    fn send_at<R: Request>(&mut self, request: R, version: i16) -> Result<R::Response, AdminError> {
        self.correlation = self.correlation.wrapping_add(1);
        let api = ApiKey::try_from(R::KEY)
            .map_err(|_| AdminError::Protocol(format!("unknown API key {}", R::KEY)))?;
        let header = RequestHeader::default()
            .with_request_api_key(R::KEY)
            .with_request_api_version(version)
            .with_correlation_id(self.correlation)
            .with_client_id(Some(StrBytes::from_static_str("weft")));
        let mut body = BytesMut::new();
        header
            .encode(&mut body, api.request_header_version(version))
            .map_err(|error| AdminError::Protocol(error.to_string()))?;
        request
            .encode(&mut body, version)
            .map_err(|error| AdminError::Protocol(error.to_string()))?;
        let mut frame = BytesMut::with_capacity(body.len() + 4);
        let length = i32::try_from(body.len())
            .map_err(|_| AdminError::Protocol("request too large".into()))?;
        frame.put_i32(length);
        frame.extend_from_slice(&body);
        self.stream
            .write_all(&frame)
            .map_err(|error| self.io(error))?;

        let mut length = [0u8; 4];
        self.stream
            .read_exact(&mut length)
            .map_err(|error| self.io(error))?;
        let length = usize::try_from(i32::from_be_bytes(length))
            .map_err(|_| AdminError::Protocol("negative frame length".into()))?;
        if length > MAX_FRAME {
            return Err(AdminError::Protocol(format!("an answer of {length} bytes")));
        }
        let mut answer = vec![0u8; length];
        self.stream
            .read_exact(&mut answer)
            .map_err(|error| self.io(error))?;
        let mut answer = bytes::Bytes::from(answer);
        let header = ResponseHeader::decode(&mut answer, api.response_header_version(version))
            .map_err(|error| AdminError::Protocol(error.to_string()))?;
        if header.correlation_id != self.correlation {
            return Err(AdminError::Protocol(format!(
                "answer {} to request {}",
                header.correlation_id, self.correlation
            )));
        }
        let response = R::Response::decode(&mut answer, version)
            .map_err(|error| AdminError::Protocol(error.to_string()))?;
        Ok(response)
    }

    fn io(&self, error: std::io::Error) -> AdminError {
        match error.kind() {
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => {
                AdminError::Io(format!("no answer within {} s", self.timeout.as_secs_f32()))
            }
            std::io::ErrorKind::UnexpectedEof => AdminError::Io(
                "the broker closed the connection (it may not support the request)".into(),
            ),
            _ => AdminError::Io(error.to_string()),
        }
    }

    /// Every topic of the cluster with its partitions, replication factor
    /// and the current values of `keys` (only these are compared).
    pub fn describe(
        &mut self,
        keys: &[String],
    ) -> Result<BTreeMap<String, ClusterTopic>, AdminError> {
        let metadata = self.send(MetadataRequest::default().with_topics(None), "Metadata")?;
        let mut topics = BTreeMap::new();
        for topic in &metadata.topics {
            let Some(name) = &topic.name else { continue };
            if let Some(error) = topic.error_code.err() {
                return Err(AdminError::Refused(format!(
                    "Metadata of `{}`: {error}",
                    name.as_str()
                )));
            }
            let partitions = u32::try_from(topic.partitions.len()).unwrap_or(u32::MAX);
            let replicas = topic
                .partitions
                .iter()
                .min_by_key(|partition| partition.partition_index)
                .map_or(0, |partition| {
                    u32::try_from(partition.replica_nodes.len()).unwrap_or(0)
                });
            topics.insert(
                name.as_str().to_string(),
                ClusterTopic {
                    partitions,
                    replicas,
                    configs: BTreeMap::new(),
                },
            );
        }
        if topics.is_empty() {
            return Ok(topics);
        }
        let resources: Vec<DescribeConfigsResource> = topics
            .keys()
            .map(|name| {
                DescribeConfigsResource::default()
                    .with_resource_type(TOPIC_RESOURCE)
                    .with_resource_name(StrBytes::from_string(name.clone()))
                    .with_configuration_keys(None)
            })
            .collect();
        let described = self.send(
            DescribeConfigsRequest::default().with_resources(resources),
            "DescribeConfigs",
        )?;
        for result in &described.results {
            if let Some(error) = result.error_code.err() {
                return Err(AdminError::Refused(format!(
                    "DescribeConfigs of `{}`: {error}",
                    result.resource_name.as_str()
                )));
            }
            if let Some(topic) = topics.get_mut(result.resource_name.as_str()) {
                for config in &result.configs {
                    if keys.iter().any(|key| key == config.name.as_str()) {
                        if let Some(value) = &config.value {
                            topic.configs.insert(
                                config.name.as_str().to_string(),
                                value.as_str().to_string(),
                            );
                        }
                    }
                }
            }
        }
        Ok(topics)
    }

    /// Carries out the changes, in order; stops at the first refusal.
    pub fn apply(&mut self, changes: &[Change]) -> Result<(), AdminError> {
        let timeout_ms = i32::try_from(self.timeout.as_millis()).unwrap_or(i32::MAX);
        for change in changes {
            match change {
                Change::Create(topic) => self.create(topic, timeout_ms)?,
                Change::AlterConfigs { topic, configs } => {
                    let configs = configs
                        .iter()
                        .map(|(key, _, value)| {
                            AlterableConfig::default()
                                .with_name(StrBytes::from_string(key.clone()))
                                .with_config_operation(0) // SET
                                .with_value(Some(StrBytes::from_string(value.clone())))
                        })
                        .collect();
                    let resource = AlterConfigsResource::default()
                        .with_resource_type(TOPIC_RESOURCE)
                        .with_resource_name(StrBytes::from_string(topic.clone()))
                        .with_configs(configs);
                    let response = self.send(
                        IncrementalAlterConfigsRequest::default().with_resources(vec![resource]),
                        "IncrementalAlterConfigs",
                    )?;
                    for result in &response.responses {
                        refused(result.error_code, &result.error_message, "altering", topic)?;
                    }
                }
                Change::AddPartitions { topic, to, .. } => {
                    let request = CreatePartitionsRequest::default()
                        .with_topics(vec![CreatePartitionsTopic::default()
                            .with_name(topic_name(topic))
                            .with_count(i32::try_from(*to).unwrap_or(i32::MAX))
                            .with_assignments(None)])
                        .with_timeout_ms(timeout_ms);
                    let response = self.send(request, "CreatePartitions")?;
                    for result in &response.results {
                        refused(
                            result.error_code,
                            &result.error_message,
                            "adding partitions to",
                            topic,
                        )?;
                    }
                }
                Change::Delete { topic } => {
                    let version = self.version::<DeleteTopicsRequest>("DeleteTopics")?;
                    let mut request = DeleteTopicsRequest::default().with_timeout_ms(timeout_ms);
                    if version >= 6 {
                        request = request.with_topics(vec![
                            kafka_protocol::messages::delete_topics_request::DeleteTopicState::default()
                                .with_name(Some(topic_name(topic))),
                        ]);
                    } else {
                        request = request.with_topic_names(vec![topic_name(topic)]);
                    }
                    let response = self.send_at(request, version)?;
                    for result in &response.responses {
                        refused(result.error_code, &result.error_message, "deleting", topic)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn create(&mut self, topic: &WantedTopic, timeout_ms: i32) -> Result<(), AdminError> {
        let configs = topic
            .configs
            .iter()
            .map(|(key, value)| {
                CreatableTopicConfig::default()
                    .with_name(StrBytes::from_string(key.clone()))
                    .with_value(Some(StrBytes::from_string(value.clone())))
            })
            .collect();
        let request = CreateTopicsRequest::default()
            .with_topics(vec![CreatableTopic::default()
                .with_name(topic_name(&topic.name))
                .with_num_partitions(i32::try_from(topic.partitions).unwrap_or(i32::MAX))
                .with_replication_factor(i16::try_from(topic.replicas).unwrap_or(i16::MAX))
                .with_configs(configs)])
            .with_timeout_ms(timeout_ms);
        let response = self.send(request, "CreateTopics")?;
        for result in &response.topics {
            refused(
                result.error_code,
                &result.error_message,
                "creating",
                &topic.name,
            )?;
        }
        Ok(())
    }
}

fn topic_name(name: &str) -> TopicName {
    TopicName(StrBytes::from_string(name.to_string()))
}

fn refused(
    code: i16,
    message: &Option<StrBytes>,
    doing: &str,
    topic: &str,
) -> Result<(), AdminError> {
    match code.err() {
        None if code == 0 => Ok(()),
        error => {
            let detail = message
                .as_ref()
                .map(|text| text.as_str().to_string())
                .filter(|text| !text.is_empty() && text != "NONE")
                .map(|text| format!(" ({text})"))
                .unwrap_or_default();
            let what =
                error.map_or_else(|| format!("error code {code}"), |error| error.to_string());
            Err(AdminError::Refused(format!(
                "{doing} `{topic}`: {what}{detail}"
            )))
        }
    }
}
