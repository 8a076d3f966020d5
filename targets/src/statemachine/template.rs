//! `statemachines/template.yaml`: one CloudFormation template that deploys
//! every state machine of the project: each machine with its definition
//! substitutions as template parameters, its IAM role (HTTP endpoints
//! through the hosting systems' EventBridge connections, the publisher and
//! correlator functions), and its trigger: an EventBridge Pipe from the
//! trigger event's Kafka topic, or an EventBridge Scheduler schedule (the
//! cron expression in AWS's six-field form), or a route of an API Gateway
//! HTTP API (one per weft API) whose `StepFunctions-StartExecution`
//! integration starts the machine with the request body as its input.

use super::settings::{Settings, TemplateGrouping};
use crate::naming;
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, HashMap};
use weft_base::{codes, Diagnostic};
use weft_model::{Api, Model, TriggerDef, Workflow};

/// One machine for the template.
pub(crate) struct Entry<'a> {
    pub(crate) workflow: &'a Workflow,
    pub(crate) definition: Value,
    pub(crate) substitutions: BTreeSet<String>,
    /// Functions named by the settings (not by substitutions).
    pub(crate) functions: BTreeSet<String>,
}

/// The Kafka consumer group of the pipe that starts `workflow` on its
/// trigger event: one per workflow of the project, so that every workflow
/// receives every event (a group shared by two pipes would split the
/// topic's partitions between them).
pub(crate) fn consumer_group(project: &str, workflow: &Workflow) -> String {
    format!(
        "weft-{}-{}",
        naming::kebab_case(project),
        naming::kebab_case(&workflow.name.name)
    )
}

/// The longest consumer group EventBridge Pipes accepts (`ConsumerGroupID`
/// of a self-managed Kafka source).
pub(crate) const CONSUMER_GROUP_MAX: usize = 200;

/// The file of the template that holds `workflow`'s machine: one for the
/// project, or one per domain or host system of the workflows.
pub(crate) fn file(
    model: &Model,
    project: &str,
    settings: &Settings,
    workflow: &Workflow,
) -> String {
    let host = workflow.host.map(|id| model.system(id));
    let group = match settings.per {
        TemplateGrouping::Project => return "statemachines/template.yaml".to_string(),
        TemplateGrouping::Domain => host
            .and_then(|system| system.domain)
            .map(|id| model.domain(id).name.name.to_string()),
        TemplateGrouping::Host => host.map(|system| system.name.name.to_string()),
    };
    // A workflow without a host (or its host without a domain) goes with
    // the project's name.
    let group = group.unwrap_or_else(|| project.to_string());
    format!("statemachines/{}.template.yaml", naming::kebab_case(&group))
}

const POLICY_VERSION: &str = "2012-10-17";

/// The template as JSON (rendered as YAML by the caller).
///
/// Two things of the template whose logical ids are the same (`Re_stock`
/// and `Restock` both make `Restock`), or an id longer than CloudFormation
/// allows, are E854: a JSON map would silently keep only the last.
pub(crate) fn template<'a>(
    model: &'a Model,
    project: &str,
    settings: &Settings,
    file: &str,
    entries: &[&Entry<'a>],
) -> Result<Value, Vec<Diagnostic>> {
    let mut ids = LogicalIds::default();
    let mut parameters = Map::new();
    let mut resources = Map::new();
    let mut outputs = Map::new();
    let mut http_apis = BTreeSet::new();
    for entry in entries {
        let owner = Owner::Workflow(entry.workflow);
        for name in &entry.substitutions {
            ids.put(
                &mut parameters,
                Owner::Parameter(entry.workflow),
                name.clone(),
                parameter(name),
            );
        }
        let id = logical_id(&entry.workflow.name.name);
        let machine = format!("{id}StateMachine");
        let role = format!("{id}Role");
        let mut substitutions = Map::new();
        for name in &entry.substitutions {
            substitutions.insert(name.clone(), json!({ "Ref": name }));
        }
        let mut properties = json!({
            "StateMachineType": "STANDARD",
            "Definition": entry.definition,
            "RoleArn": { "Fn::GetAtt": [role, "Arn"] },
        });
        if !substitutions.is_empty() {
            properties["DefinitionSubstitutions"] = Value::Object(substitutions);
        }
        ids.put(
            &mut resources,
            owner,
            machine.clone(),
            json!({ "Type": "AWS::StepFunctions::StateMachine", "Properties": properties }),
        );
        ids.put(
            &mut resources,
            owner,
            role.clone(),
            machine_role(&entry.substitutions, &entry.functions),
        );
        match &entry.workflow.trigger {
            Some(TriggerDef::Event { event, version }) => {
                ids.put(
                    &mut parameters,
                    Owner::Parameter(entry.workflow),
                    "KafkaBootstrapServers".to_string(),
                    json!({ "Type": "String", "Description": "The Kafka bootstrap servers (host:port, comma-separated) the pipes read trigger events from." }),
                );
                let topic = naming::topic(model, *event, *version);
                let pipe_role = format!("{id}PipeRole");
                ids.put(
                    &mut resources,
                    owner,
                    pipe_role.clone(),
                    start_role("pipes.amazonaws.com", &machine),
                );
                ids.put(
                    &mut resources,
                    owner,
                    format!("{id}Pipe"),
                    json!({
                        "Type": "AWS::Pipes::Pipe",
                        "Properties": {
                            "Description": format!("Starts {} for each {topic} event", entry.workflow.name.name),
                            "RoleArn": { "Fn::GetAtt": [pipe_role, "Arn"] },
                            "Source": { "Fn::Sub": "smk://${KafkaBootstrapServers}" },
                            "SourceParameters": {
                                "SelfManagedKafkaParameters": {
                                    "TopicName": topic,
                                    "StartingPosition": settings.starting_position.as_aws(),
                                    "ConsumerGroupID": consumer_group(project, entry.workflow),
                                    "BatchSize": 1,
                                },
                            },
                            "Target": { "Ref": machine },
                            "TargetParameters": {
                                "InputTemplate": "<$.value>",
                                "StepFunctionStateMachineParameters": { "InvocationType": "FIRE_AND_FORGET" },
                            },
                        },
                    }),
                );
            }
            Some(TriggerDef::Schedule(cron)) => {
                if let Ok(expression) = aws_cron(cron) {
                    let schedule_role = format!("{id}ScheduleRole");
                    ids.put(
                        &mut resources,
                        owner,
                        schedule_role.clone(),
                        start_role("scheduler.amazonaws.com", &machine),
                    );
                    ids.put(
                        &mut resources,
                        owner,
                        format!("{id}Schedule"),
                        json!({
                            "Type": "AWS::Scheduler::Schedule",
                            "Properties": {
                                "Description": format!("Starts {} on \"{cron}\"", entry.workflow.name.name),
                                "ScheduleExpression": format!("cron({expression})"),
                                "FlexibleTimeWindow": { "Mode": "OFF" },
                                "Target": {
                                    "Arn": { "Ref": machine },
                                    "RoleArn": { "Fn::GetAtt": [schedule_role, "Arn"] },
                                },
                            },
                        }),
                    );
                }
            }
            Some(TriggerDef::Api { operation }) => {
                let api = model.api(operation.api);
                let op = model.operation(*operation);
                let http_api = http_api_id(api);
                http_apis.insert(operation.api);
                let api_role = format!("{id}ApiRole");
                let integration = format!("{id}Integration");
                ids.put(
                    &mut resources,
                    owner,
                    api_role.clone(),
                    start_role("apigateway.amazonaws.com", &machine),
                );
                ids.put(
                    &mut resources,
                    owner,
                    integration.clone(),
                    json!({
                        "Type": "AWS::ApiGatewayV2::Integration",
                        "Properties": {
                            "ApiId": { "Ref": http_api },
                            "Description": format!("Starts {} with the request body", entry.workflow.name.name),
                            "IntegrationType": "AWS_PROXY",
                            "IntegrationSubtype": "StepFunctions-StartExecution",
                            "CredentialsArn": { "Fn::GetAtt": [api_role, "Arn"] },
                            "PayloadFormatVersion": "1.0",
                            "RequestParameters": {
                                "StateMachineArn": { "Ref": machine },
                                "Input": "$request.body",
                            },
                        },
                    }),
                );
                ids.put(
                    &mut resources,
                    owner,
                    format!("{id}Route"),
                    json!({
                        "Type": "AWS::ApiGatewayV2::Route",
                        "Properties": {
                            "ApiId": { "Ref": http_api },
                            "RouteKey": format!("{} {}{}", op.method.as_str(), api_prefix(api), op.path),
                            "Target": { "Fn::Join": ["/", ["integrations", { "Ref": integration }]] },
                        },
                    }),
                );
            }
            None => {}
        }
        ids.put(
            &mut outputs,
            owner,
            format!("{id}Arn"),
            json!({ "Description": format!("The state machine of workflow {}", entry.workflow.name.qualified()), "Value": { "Ref": machine } }),
        );
    }
    for api_id in http_apis {
        let api = model.api(api_id);
        let http_api = http_api_id(api);
        ids.put(
            &mut resources,
            Owner::Api(api),
            http_api.clone(),
            json!({
                "Type": "AWS::ApiGatewayV2::Api",
                "Properties": {
                    "Name": format!("weft-{}-{}", naming::kebab_case(project), naming::kebab_case(&api.name.name)),
                    "Description": format!("The operations of API {} that start workflows", api.name.qualified()),
                    "ProtocolType": "HTTP",
                },
            }),
        );
        ids.put(
            &mut resources,
            Owner::Api(api),
            format!("{http_api}Stage"),
            json!({
                "Type": "AWS::ApiGatewayV2::Stage",
                "Properties": {
                    "ApiId": { "Ref": http_api },
                    "StageName": "$default",
                    "AutoDeploy": true,
                },
            }),
        );
        ids.put(
            &mut outputs,
            Owner::Api(api),
            format!("{http_api}Endpoint"),
            json!({ "Description": format!("The base URL of API {}'s workflow routes", api.name.qualified()), "Value": { "Fn::GetAtt": [http_api, "ApiEndpoint"] } }),
        );
    }
    let over_quota = over_quota(file, entries, &resources, &parameters, &outputs);
    let mut template = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": format!("State machines of {project}, generated by weft"),
        "Resources": resources,
    });
    if !parameters.is_empty() {
        template["Parameters"] = Value::Object(parameters);
    }
    if !outputs.is_empty() {
        template["Outputs"] = Value::Object(outputs);
    }
    match ids.into_result(file, template) {
        Ok(template) if over_quota.is_empty() => Ok(template),
        Ok(_) => Err(over_quota),
        Err(mut problems) => {
            problems.extend(over_quota);
            Err(problems)
        }
    }
}

/// CloudFormation's quotas on one template: at most 500 resources, 200
/// parameters and 200 outputs.
const QUOTAS: [(&str, usize); 3] = [("resources", 500), ("parameters", 200), ("outputs", 200)];

/// E857: a template's sections beyond CloudFormation's quotas, which would
/// fail when deployed; reported at the template's first workflow.
fn over_quota(
    file: &str,
    entries: &[&Entry<'_>],
    resources: &Map<String, Value>,
    parameters: &Map<String, Value>,
    outputs: &Map<String, Value>,
) -> Vec<Diagnostic> {
    let span = entries
        .first()
        .map(|entry| entry.workflow.name.span)
        .unwrap_or_default();
    QUOTAS
        .iter()
        .zip([resources.len(), parameters.len(), outputs.len()])
        .filter(|((_, max), count)| count > max)
        .map(|((section, max), count)| {
            Diagnostic::error(
                codes::CLOUDFORMATION_QUOTA,
                format!(
                    "{file} would declare {count} {section}; CloudFormation allows {max} in one template"
                ),
                span,
                "the first workflow of this template",
            )
            .with_help("give the workflows templates of their own, `per = \"host\"` or `per = \"domain\"` under `[targets.statemachine]`, or build fewer of them into one project")
        })
        .collect()
}

/// CloudFormation's longest logical id.
const LOGICAL_ID_MAX: usize = 255;

/// What a logical id of the template is made for. One owner makes each of
/// its ids once, so an id made by two owners is two things in one place.
#[derive(Clone, Copy)]
enum Owner<'a> {
    Workflow(&'a Workflow),
    Api(&'a Api),
    /// A parameter, with a workflow that needs it (for the message): one
    /// parameter serves every machine that names it.
    Parameter(&'a Workflow),
}

impl Owner<'_> {
    fn is(self, other: Self) -> bool {
        match (self, other) {
            (Self::Workflow(one), Self::Workflow(two)) => std::ptr::eq(one, two),
            (Self::Api(one), Self::Api(two)) => std::ptr::eq(one, two),
            (Self::Parameter(_), Self::Parameter(_)) => true,
            _ => false,
        }
    }

    fn describe(self) -> String {
        match self {
            Self::Workflow(workflow) => format!("workflow `{}`", workflow.name.qualified()),
            Self::Api(api) => format!("API `{}`", api.name.qualified()),
            Self::Parameter(workflow) => format!(
                "a parameter of the template that workflow `{}` needs",
                workflow.name.qualified()
            ),
        }
    }

    fn span(self) -> weft_base::Span {
        match self {
            Self::Workflow(workflow) | Self::Parameter(workflow) => workflow.name.span,
            Self::Api(api) => api.name.span,
        }
    }
}

/// The template's logical ids (one namespace for its parameters, resources
/// and outputs, as CloudFormation requires them unique in the template)
/// and what went wrong with them.
#[derive(Default)]
struct LogicalIds<'a> {
    owners: HashMap<String, Owner<'a>>,
    /// At most one for each owner too long and each pair of owners that
    /// share an id (not one per id the two share).
    problems: Vec<Problem<'a>>,
}

/// E854's two cases.
enum Problem<'a> {
    /// The id, what made it first, and what made it again.
    Shared(String, Owner<'a>, Owner<'a>),
    TooLong(String, Owner<'a>),
}

impl<'a> LogicalIds<'a> {
    /// Puts `value` under `id` in `section`, noting a clash or a length
    /// CloudFormation refuses.
    fn put(
        &mut self,
        section: &mut Map<String, Value>,
        owner: Owner<'a>,
        id: String,
        value: Value,
    ) {
        if id.len() > LOGICAL_ID_MAX && !self.reported_too_long(owner) {
            self.problems.push(Problem::TooLong(id.clone(), owner));
        }
        match self.owners.get(&id) {
            Some(&first) if !first.is(owner) => {
                if !self.reported_shared(first, owner) {
                    self.problems
                        .push(Problem::Shared(id.clone(), first, owner));
                }
            }
            Some(_) => {}
            None => {
                self.owners.insert(id.clone(), owner);
            }
        }
        section.insert(id, value);
    }

    fn reported_too_long(&self, owner: Owner<'a>) -> bool {
        self.problems.iter().any(|problem| match problem {
            Problem::TooLong(_, other) => other.is(owner),
            Problem::Shared(..) => false,
        })
    }

    fn reported_shared(&self, first: Owner<'a>, again: Owner<'a>) -> bool {
        self.problems.iter().any(|problem| match problem {
            Problem::Shared(_, one, two) => {
                (one.is(first) && two.is(again)) || (one.is(again) && two.is(first))
            }
            Problem::TooLong(..) => false,
        })
    }

    fn into_result(self, file: &str, template: Value) -> Result<Value, Vec<Diagnostic>> {
        if self.problems.is_empty() {
            return Ok(template);
        }
        Err(self
            .problems
            .into_iter()
            .map(|problem| match problem {
                Problem::Shared(id, first, again) => Diagnostic::error(
                    codes::CLOUDFORMATION_LOGICAL_ID,
                    format!(
                        "{} and {} both make the logical id `{id}` in {file}: CloudFormation requires ids unique in a template",
                        first.describe(),
                        again.describe()
                    ),
                    again.span(),
                    format!("makes `{id}` again"),
                )
                .with_label(first.span(), format!("makes `{id}`"))
                .with_help("rename one so that the letters and digits of the two names differ (logical ids keep only A-Z, a-z and 0-9), or give them templates of their own (`per = \"host\"` or `per = \"domain\"` under `[targets.statemachine]`)"),
                Problem::TooLong(id, owner) => Diagnostic::error(
                    codes::CLOUDFORMATION_LOGICAL_ID,
                    format!(
                        "{} makes the logical id `{id}` in {file}, {} characters long; CloudFormation allows {LOGICAL_ID_MAX}",
                        owner.describe(),
                        id.len()
                    ),
                    owner.span(),
                    "too long a name for a logical id",
                )
                .with_help("shorten the name"),
            })
            .collect())
    }
}

fn parameter(name: &str) -> Value {
    let description = if let Some(system) = name.strip_prefix("Endpoint") {
        format!("The base URL of {system}'s APIs (https://host, no trailing slash)")
    } else if let Some(system) = name.strip_prefix("Connection") {
        format!("The ARN of the EventBridge connection holding {system}'s credentials")
    } else if let Some(system) = name.strip_prefix("Publisher") {
        format!("The ARN of the function that publishes {system}'s events to Kafka")
    } else if let Some(system) = name.strip_prefix("Correlator") {
        format!("The ARN of the function that registers {system}'s waits with the correlator")
    } else {
        name.to_string()
    };
    json!({ "Type": "String", "Description": description })
}

/// A resource id from a workflow name: letters and digits.
fn logical_id(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// The HTTP API resource of a weft API.
fn http_api_id(api: &Api) -> String {
    format!("{}HttpApi", logical_id(&api.name.name))
}

/// An API's path prefix: its base with the major version (`/stock/v1`),
/// as the HTTP tasks call it and the OpenAPI document serves it.
pub(crate) fn api_prefix(api: &Api) -> String {
    let base = api.base.trim_end_matches('/');
    let version = format!("/v{}", api.version.0);
    if base.ends_with(&version) {
        base.to_string()
    } else {
        format!("{base}{version}")
    }
}

/// The machine's role: HTTP tasks through connections, functions.
fn machine_role(substitutions: &BTreeSet<String>, named: &BTreeSet<String>) -> Value {
    let refs = |prefix: &str| -> Vec<Value> {
        substitutions
            .iter()
            .filter(|name| name.starts_with(prefix))
            .map(|name| json!({ "Ref": name }))
            .collect()
    };
    let mut statements = Vec::new();
    let connections = refs("Connection");
    if !connections.is_empty() {
        statements.push(json!({
            "Effect": "Allow",
            "Action": ["states:InvokeHTTPEndpoint"],
            "Resource": "*",
        }));
        statements.push(json!({
            "Effect": "Allow",
            "Action": ["events:RetrieveConnectionCredentials"],
            "Resource": connections,
        }));
        statements.push(json!({
            "Effect": "Allow",
            "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            "Resource": { "Fn::Sub": "arn:${AWS::Partition}:secretsmanager:*:*:secret:events!connection/*" },
        }));
    }
    let mut functions = refs("Publisher");
    functions.extend(refs("Correlator"));
    functions.extend(named.iter().map(|function| function_arn(function)));
    if !functions.is_empty() {
        statements.push(json!({
            "Effect": "Allow",
            "Action": ["lambda:InvokeFunction"],
            "Resource": functions,
        }));
    }
    let mut role = json!({
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": assume("states.amazonaws.com"),
        },
    });
    if !statements.is_empty() {
        role["Properties"]["Policies"] = json!([{
            "PolicyName": "weft-state-machine",
            "PolicyDocument": { "Version": POLICY_VERSION, "Statement": statements },
        }]);
    }
    role
}

/// The ARN of a function given by name or ARN in the settings.
fn function_arn(function: &str) -> Value {
    if function.starts_with("arn:") {
        json!(function)
    } else {
        json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{function}") })
    }
}

/// A role that lets `service` start the machine.
fn start_role(service: &str, machine: &str) -> Value {
    json!({
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": assume(service),
            "Policies": [{
                "PolicyName": "weft-start-execution",
                "PolicyDocument": {
                    "Version": POLICY_VERSION,
                    "Statement": [{
                        "Effect": "Allow",
                        "Action": ["states:StartExecution"],
                        "Resource": { "Ref": machine },
                    }],
                },
            }],
        },
    })
}

fn assume(service: &str) -> Value {
    json!({
        "Version": POLICY_VERSION,
        "Statement": [{
            "Effect": "Allow",
            "Principal": { "Service": service },
            "Action": "sts:AssumeRole",
        }],
    })
}

/// A five-field cron expression in AWS's six-field form (minutes, hours,
/// day of month, month, day of week, year): one of the two day fields must
/// be `?`, and days of the week count from 1 (Sunday) instead of 0.
pub(crate) fn aws_cron(cron: &str) -> Result<String, String> {
    let fields: Vec<&str> = cron.split_whitespace().collect();
    let [minute, hour, day, month, weekday] = fields[..] else {
        return Err(format!("\"{cron}\" does not have five fields"));
    };
    let (day, weekday) = match (day, weekday) {
        (_, "*") => (day.to_string(), "?".to_string()),
        ("*", _) => ("?".to_string(), aws_weekdays(weekday)?),
        _ => {
            return Err(format!(
                "\"{cron}\" restricts both the day of the month and the day of the week; AWS schedules accept only one of them"
            ))
        }
    };
    Ok(format!("{minute} {hour} {day} {month} {weekday} *"))
}

/// Day-of-week numbers 0–7 (0 and 7 Sunday) as AWS's 1–7 (1 Sunday). A
/// field of numbers is read as the set of days it names and written back
/// in AWS's numbers, so that a range through Sunday (`1-7`, `0-7`) stays
/// the same days instead of becoming a range AWS reads backwards; a field
/// that names days (`MON-FRI`) means the same in both and is kept.
fn aws_weekdays(field: &str) -> Result<String, String> {
    let Some(days) = weekday_set(field)? else {
        return Ok(field.to_string());
    };
    if days.iter().all(|day| *day) {
        return Ok("*".to_string());
    }
    // Runs of consecutive days, in AWS's numbers (Sunday 1 .. Saturday 7).
    let mut runs: Vec<String> = Vec::new();
    let mut day = 0;
    while day < 7 {
        if !days[day] {
            day += 1;
            continue;
        }
        let start = day;
        while day + 1 < 7 && days[day + 1] {
            day += 1;
        }
        runs.push(if start == day {
            format!("{}", start + 1)
        } else {
            format!("{}-{}", start + 1, day + 1)
        });
        day += 1;
    }
    Ok(runs.join(","))
}

/// The days (Sunday first) a day-of-week field of numbers, ranges, `*` and
/// steps names; `None` when it names days by name.
fn weekday_set(field: &str) -> Result<Option<[bool; 7]>, String> {
    let mut days = [false; 7];
    for item in field.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((range, step)) => match step.parse::<usize>() {
                Ok(step) if step > 0 => (range, Some(step)),
                _ => return Err(format!("`{step}` is not a step")),
            },
            None => (item, None),
        };
        let number = |text: &str| match text.parse::<usize>() {
            Ok(number) if number <= 7 => Ok(Some(number)),
            Ok(number) => Err(format!("{number} is not a day of the week")),
            Err(_) => Ok(None),
        };
        let (first, last) = match range.split_once('-') {
            _ if range == "*" => (0, 7),
            Some((first, last)) => match (number(first)?, number(last)?) {
                (Some(first), Some(last)) if first <= last => (first, last),
                (Some(first), Some(last)) => {
                    return Err(format!("{first}-{last} is not a range of days"))
                }
                _ => return Ok(None),
            },
            // `5/2` counts from 5 to the end of the week.
            None => match number(range)? {
                Some(first) if step.is_some() => (first, 7),
                Some(first) => (first, first),
                None => return Ok(None),
            },
        };
        for number in (first..=last).step_by(step.unwrap_or(1)) {
            days[number % 7] = true;
        }
    }
    Ok(Some(days))
}

#[cfg(test)]
mod tests {
    use super::aws_cron;

    #[test]
    fn cron_in_aws_form() {
        assert_eq!(aws_cron("0 2 * * *").as_deref(), Ok("0 2 * * ? *"));
        assert_eq!(aws_cron("30 6 * * 1-5").as_deref(), Ok("30 6 ? * 2-6 *"));
        assert_eq!(aws_cron("0 0 * * 0,7").as_deref(), Ok("0 0 ? * 1 *"));
        // Ranges through Sunday keep their days (AWS reads `2-1` backwards).
        assert_eq!(aws_cron("0 0 * * 1-7").as_deref(), Ok("0 0 ? * * *"));
        assert_eq!(aws_cron("0 0 * * 0-7").as_deref(), Ok("0 0 ? * * *"));
        assert_eq!(aws_cron("0 0 * * 3-7").as_deref(), Ok("0 0 ? * 1,4-7 *"));
        assert_eq!(
            aws_cron("0 0 * * 5-7,1").as_deref(),
            Ok("0 0 ? * 1-2,6-7 *")
        );
        // Steps count in cron's numbers, then become AWS's days.
        assert_eq!(aws_cron("0 0 * * */2").as_deref(), Ok("0 0 ? * 1,3,5,7 *"));
        assert_eq!(aws_cron("0 0 * * 1-5/2").as_deref(), Ok("0 0 ? * 2,4,6 *"));
        assert_eq!(
            aws_cron("0 0 * * MON-FRI").as_deref(),
            Ok("0 0 ? * MON-FRI *")
        );
        assert!(aws_cron("0 0 * * 5-1").is_err());
        assert!(aws_cron("0 0 * * 8").is_err());
        assert_eq!(aws_cron("*/15 * 1 * *").as_deref(), Ok("*/15 * 1 * ? *"));
        assert!(aws_cron("0 0 1 * 1").is_err());
    }
}
