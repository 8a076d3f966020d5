//! `[targets.statemachine]` in `weft.toml`: what a deployment decides.
//!
//! ```toml
//! [targets.statemachine]
//! # One CloudFormation template for the whole project (default,
//! # `statemachines/template.yaml`), or one per domain or per host system
//! # of the workflows (`statemachines/<name>.template.yaml`).
//! per = "host"
//! # The function `emit` invokes, per host system: a function name or ARN,
//! # `{system}` standing for the host system's name in kebab-case. Default:
//! # a `${Publisher<System>}` definition substitution (a template parameter).
//! publisher = "arn:aws:lambda:eu-central-1:123456789012:function:weft-publish-{system}"
//! # The function `wait` invokes (the correlator), likewise. Default:
//! # `${Correlator<System>}`.
//! correlator = "weft-correlate-{system}"
//! # Where a trigger pipe starts reading its Kafka topic: `latest`
//! # (default: events published after deployment) or `trim_horizon` (the
//! # oldest event the topic keeps).
//! starting_position = "latest"
//! ```
//!
//! Everything else account-, region- or endpoint-specific stays a
//! definition substitution (`${Name}`), filled in at deployment.

use crate::settings::{ProblemKind, SettingProblem};
use serde::Deserialize;

/// The keys `[targets.statemachine]` accepts.
pub const KEYS: [&str; 4] = ["per", "publisher", "correlator", "starting_position"];

/// The values of `per`.
pub const GROUPINGS: [&str; 3] = ["project", "domain", "host"];

/// The values of `starting_position`.
pub const STARTING_POSITIONS: [&str; 2] = ["latest", "trim_horizon"];

/// The placeholder of a function pattern.
pub const SYSTEM_PLACEHOLDER: &str = "{system}";

/// The statemachine target's settings.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// How the machines are grouped into templates.
    pub per: TemplateGrouping,
    /// The publisher function's name or ARN pattern (`None`: a substitution).
    pub publisher: Option<String>,
    /// The correlator function's name or ARN pattern (`None`: a substitution).
    pub correlator: Option<String>,
    /// Where trigger pipes start reading.
    pub starting_position: StartingPosition,
}

/// `per`: which machines share a CloudFormation template.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateGrouping {
    /// One template, `statemachines/template.yaml`.
    #[default]
    Project,
    /// One per domain of the workflows' host systems.
    Domain,
    /// One per host system.
    Host,
}

/// `starting_position` of the trigger pipes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StartingPosition {
    /// Events published after the pipe starts.
    #[default]
    Latest,
    /// The oldest event the topic keeps.
    TrimHorizon,
}

impl StartingPosition {
    /// The value EventBridge Pipes takes.
    pub fn as_aws(self) -> &'static str {
        match self {
            StartingPosition::Latest => "LATEST",
            StartingPosition::TrimHorizon => "TRIM_HORIZON",
        }
    }
}

/// Which function a pattern names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FunctionRole {
    /// `emit`'s publisher.
    Publisher,
    /// `wait`'s correlator.
    Correlator,
}

impl FunctionRole {
    /// The setting's key, also the substitution's prefix in CamelCase.
    pub fn key(self) -> &'static str {
        match self {
            FunctionRole::Publisher => "publisher",
            FunctionRole::Correlator => "correlator",
        }
    }
}

impl Settings {
    /// The pattern configured for `role`, if any.
    pub fn function(&self, role: FunctionRole) -> Option<&str> {
        match role {
            FunctionRole::Publisher => self.publisher.as_deref(),
            FunctionRole::Correlator => self.correlator.as_deref(),
        }
    }

    /// Checks the function patterns (what serde cannot).
    pub fn validated(self) -> Result<Settings, Vec<SettingProblem>> {
        let mut problems = Vec::new();
        for role in [FunctionRole::Publisher, FunctionRole::Correlator] {
            if let Some(pattern) = self.function(role) {
                if let Err(problem) = function_pattern(pattern) {
                    let key = role.key();
                    problems.push(SettingProblem::new(
                        ProblemKind::InvalidValue,
                        &["statemachine", key],
                        format!(
                            "`[targets.statemachine] {key}` {problem}, not \"{}\"",
                            pattern.escape_debug()
                        ),
                    ));
                }
            }
        }
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(problems)
        }
    }
}

/// Whether `pattern` names a Lambda function once `{system}` is filled in:
/// a function name (letters, digits, `-`, `_`, at most 64) or an ARN
/// `arn:<partition>:lambda:<region>:<account>:function:<name>`, optionally
/// with a version or alias. `$` is refused: `${…}` is the definition
/// substitution syntax and would not reach the function.
fn function_pattern(pattern: &str) -> Result<(), &'static str> {
    // `{system}` stands for a kebab-case name: letters, digits, dashes.
    let filled = pattern.replace(SYSTEM_PLACEHOLDER, "system");
    let name = |text: &str| {
        !text.is_empty()
            && text.len() <= 64
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let qualifier = |text: &str| {
        !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '$')
    };
    let valid = match filled.strip_prefix("arn:") {
        Some(rest) => {
            let parts: Vec<&str> = rest.split(':').collect();
            match parts[..] {
                [partition, "lambda", region, account, "function", function]
                | [partition, "lambda", region, account, "function", function, _] => {
                    name(partition)
                        && name(region)
                        && account.len() == 12
                        && account.chars().all(|c| c.is_ascii_digit())
                        && name(function)
                        && parts.get(6).is_none_or(|alias| qualifier(alias))
                }
                _ => false,
            }
        }
        None => name(&filled),
    };
    if !valid || filled.contains(['{', '}', '$']) {
        return Err("must be a Lambda function name (letters, digits, `-`, `_`) or ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`), with `{system}` for the host system's name");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::function_pattern;

    #[test]
    fn function_patterns() {
        assert!(function_pattern("weft-publish-{system}").is_ok());
        assert!(function_pattern("publisher").is_ok());
        assert!(
            function_pattern("arn:aws:lambda:eu-central-1:123456789012:function:pub-{system}")
                .is_ok()
        );
        assert!(
            function_pattern("arn:aws:lambda:eu-central-1:123456789012:function:pub:live").is_ok()
        );
        assert!(function_pattern("").is_err());
        assert!(function_pattern("${Publisher}").is_err());
        assert!(function_pattern("pub {system}").is_err());
        assert!(function_pattern("pub-{host}").is_err());
        assert!(function_pattern("arn:aws:lambda:eu-central-1:1234:function:pub").is_err());
        assert!(function_pattern("arn:aws:s3:::bucket").is_err());
    }
}
