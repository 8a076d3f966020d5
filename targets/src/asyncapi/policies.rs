//! Applied policies as `x-weft-policies`: each policy's name, where it was
//! applied, and its rules written as in weft, so that a reader of the
//! AsyncAPI document sees the retry, dead-letter and SLA rules that govern
//! a channel or an operation. Only rules about events are listed: the
//! rules for HTTP APIs and workflow steps (`auth`, `require audit`,
//! `require idempotency`, timeouts) mean nothing on a Kafka channel, and a
//! policy left with no such rule is not listed.

use crate::yaml::{self, Obj};
use serde_yaml::Value;
use weft_model::{AppliedPolicy, Auth, Model, RetryPolicy, RuleKind};

/// `x-weft-policies`: one entry per applied policy (a policy applied twice
/// the same way is listed once); `None` when there are none.
pub fn applied(model: &Model, policies: &[AppliedPolicy]) -> Option<Value> {
    let mut seen: Vec<(usize, &str)> = Vec::new();
    let mut entries = Vec::new();
    for applied in policies {
        let key = (applied.policy.index(), applied.via.as_str());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let Some(policy) = model.policies.get(applied.policy.index()) else {
            continue;
        };
        let rules: Vec<String> = policy
            .rules
            .iter()
            .filter(|rule| concerns_events(&rule.kind))
            .map(|rule| rule_text(&rule.kind))
            .collect();
        if rules.is_empty() {
            continue;
        }
        entries.push(
            Obj::new()
                .set("name", policy.name.qualified())
                .set("via", applied.via.as_str())
                .set("rules", yaml::strings(rules))
                .into(),
        );
    }
    (!entries.is_empty()).then_some(Value::Sequence(entries))
}

/// Whether a rule governs events (and so belongs in an AsyncAPI document).
fn concerns_events(rule: &RuleKind) -> bool {
    match rule {
        RuleKind::RequireDeadLetter
        | RuleKind::RequireKey
        | RuleKind::Retry(_)
        | RuleKind::SlaLatency(_)
        | RuleKind::SlaFreshness(_)
        | RuleKind::PiiWithinDomain
        | RuleKind::PiiAllowed
        | RuleKind::Naming { .. } => true,
        RuleKind::RequireIdempotency
        | RuleKind::RequireAudit
        | RuleKind::RequireTimeout
        | RuleKind::Auth(_)
        | RuleKind::Timeout(_) => false,
    }
}

/// A rule as written in weft: `retry 5 every 1s backoff 2.0 max 5m`.
pub fn rule_text(rule: &RuleKind) -> String {
    match rule {
        RuleKind::RequireIdempotency => "require idempotency".into(),
        RuleKind::RequireAudit => "require audit".into(),
        RuleKind::RequireDeadLetter => "require dead_letter".into(),
        RuleKind::RequireTimeout => "require timeout".into(),
        RuleKind::RequireKey => "require key".into(),
        RuleKind::Auth(auth) => auth_text(auth),
        RuleKind::Retry(retry) => retry_text(retry),
        RuleKind::Timeout(ms) => format!("timeout {}", duration(*ms)),
        RuleKind::SlaLatency(ms) => format!("sla latency {}", duration(*ms)),
        RuleKind::SlaFreshness(ms) => format!("sla freshness {}", duration(*ms)),
        RuleKind::PiiWithinDomain => "pii within_domain".into(),
        RuleKind::PiiAllowed => "pii allowed".into(),
        RuleKind::Naming { subject, style } => format!("naming {subject} {style}"),
    }
}

fn auth_text(auth: &Auth) -> String {
    let mut text = format!("auth {}", auth.scheme);
    if let Some(flow) = &auth.flow {
        text.push(' ');
        text.push_str(flow.as_str());
    }
    if !auth.scopes.is_empty() {
        let scopes: Vec<String> = auth
            .scopes
            .iter()
            .map(|scope| format!("{scope:?}"))
            .collect();
        text.push_str(" scopes ");
        text.push_str(&scopes.join(", "));
    }
    if let Some(header) = &auth.header {
        text.push_str(&format!(" header {header:?}"));
    }
    text
}

fn retry_text(retry: &RetryPolicy) -> String {
    let mut text = format!("retry {}", retry.attempts);
    if let Some(ms) = retry.interval_ms {
        text.push_str(&format!(" every {}", duration(ms)));
    }
    if let Some(backoff) = &retry.backoff {
        text.push_str(&format!(" backoff {backoff}"));
    }
    if let Some(ms) = retry.max_interval_ms {
        text.push_str(&format!(" max {}", duration(ms)));
    }
    text
}

/// Milliseconds in weft's notation, in the largest unit that divides them:
/// `500ms`, `30s`, `5m`, `2h`, `7d`, `1w`.
pub fn duration(ms: u64) -> String {
    const UNITS: [(u64, &str); 5] = [
        (7 * 24 * 3_600_000, "w"),
        (24 * 3_600_000, "d"),
        (3_600_000, "h"),
        (60_000, "m"),
        (1000, "s"),
    ];
    for (size, unit) in UNITS {
        if ms > 0 && ms / size * size == ms {
            return format!("{}{unit}", ms / size);
        }
    }
    format!("{ms}ms")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_rules() {
        assert_eq!(duration(500), "500ms");
        assert_eq!(duration(30_000), "30s");
        assert_eq!(duration(90 * 60_000), "90m");
        assert_eq!(duration(14 * 24 * 3_600_000), "2w");
        assert_eq!(duration(0), "0ms");
        let retry = RuleKind::Retry(RetryPolicy {
            attempts: 5,
            interval_ms: Some(1000),
            backoff: Some("2.0".into()),
            max_interval_ms: Some(300_000),
        });
        assert_eq!(rule_text(&retry), "retry 5 every 1s backoff 2.0 max 5m");
        let auth = RuleKind::Auth(Auth {
            scheme: weft_model::AuthScheme::OAuth2,
            flow: Some(weft_model::OAuthFlow::ClientCredentials),
            scopes: vec!["a".into(), "b".into()],
            header: None,
        });
        assert_eq!(
            rule_text(&auth),
            "auth oauth2 client_credentials scopes \"a\", \"b\""
        );
    }
}
