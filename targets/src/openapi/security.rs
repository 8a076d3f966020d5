//! Security schemes and requirements from `auth` clauses and policies.
//!
//! Every operation states its `security`, even when it is inherited. An
//! operation with `auth none` says `security: []`, `x-weft-auth: none` and
//! "Public" in its description, so that no reader mistakes it for an
//! oversight (an operation that declares nothing is reported by `weft
//! check`: E610 when it writes, W611 otherwise).
//!
//! | weft | scheme |
//! | --- | --- |
//! | `auth oauth2 client_credentials scopes "a"` | `oauth2` with `flows.clientCredentials` (also `authorizationCode`, `implicit`, `password`); every scope the document uses is defined, described by the operations that need it |
//! | `auth api_key header "X-Api-Key"` | `apiKey` in that header (`X-Api-Key` when none is named); with several headers in one document, one scheme per header, `apiKey-<header>` |
//! | `auth none` | `security: []`, `x-weft-auth: none` |
//!
//! An operation's authentication is its own `auth`, else its API's, else the
//! first `auth` rule of a policy that applies to it.

use super::settings::Settings;
use crate::yaml::{strings, Obj};
use std::collections::{BTreeMap, BTreeSet};
use weft_model::{Auth, AuthScheme, Model, OAuthFlow, Operation};

/// The default API key header.
const DEFAULT_API_KEY_HEADER: &str = "X-Api-Key";

/// The schemes one document uses.
#[derive(Default)]
pub(crate) struct SecuritySchemes {
    /// OAuth 2.0 flows (as written in weft) → scope → operations needing it.
    oauth2: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// API key headers.
    api_keys: BTreeSet<String>,
    /// HTTP authentication schemes (`basic`, `bearer`).
    http: BTreeSet<String>,
}

/// The authentication an operation uses (`None`: none).
pub(crate) fn effective_auth<'m>(model: &'m Model, operation: &'m Operation) -> Option<&'m Auth> {
    model
        .declared_auth(operation)
        .filter(|auth| auth.scheme != AuthScheme::None)
}

/// Whether the source says `auth none` for the operation (rather than
/// saying nothing, which `weft check` reports).
pub(crate) fn explicitly_public(model: &Model, operation: &Operation) -> bool {
    model
        .declared_auth(operation)
        .is_some_and(|auth| auth.scheme == AuthScheme::None)
}

impl SecuritySchemes {
    /// Records the scheme an operation uses.
    pub(crate) fn register(
        &mut self,
        auth: Option<&Auth>,
        operation_id: &str,
    ) -> Result<(), String> {
        let Some(auth) = auth else {
            return Ok(());
        };
        match auth.scheme {
            AuthScheme::OAuth2 => {
                let flow = auth
                    .flow
                    .unwrap_or(OAuthFlow::ClientCredentials)
                    .as_str()
                    .to_string();
                flow_key(&flow)?;
                for scope in &auth.scopes {
                    crate::naming::check_model_key("OAuth scope", scope)?;
                }
                let scopes = self.oauth2.entry(flow).or_default();
                for scope in &auth.scopes {
                    let users = scopes.entry(scope.clone()).or_default();
                    if !users.iter().any(|user| user == operation_id) {
                        users.push(operation_id.to_string());
                    }
                }
            }
            AuthScheme::ApiKey => {
                self.api_keys.insert(api_key_header(auth).to_string());
            }
            AuthScheme::None => {
                return Err(format!(
                    "authentication scheme `{}` has no OpenAPI form",
                    auth.scheme
                ))
            }
        }
        Ok(())
    }

    /// The `security` of an operation: `[]` without authentication.
    pub(crate) fn requirement(&self, auth: Option<&Auth>) -> serde_yaml::Value {
        let Some(auth) = auth else {
            return serde_yaml::Value::Sequence(Vec::new());
        };
        let (name, scopes) = match auth.scheme {
            AuthScheme::OAuth2 => ("oauth2".to_string(), auth.scopes.clone()),
            AuthScheme::ApiKey => (self.api_key_scheme(api_key_header(auth)), Vec::new()),
            AuthScheme::None => (auth.scheme.as_str().to_string(), Vec::new()),
        };
        serde_yaml::Value::Sequence(vec![Obj::new().set(&name, strings(scopes)).into_value()])
    }

    /// `#/components/securitySchemes`, in a fixed order.
    pub(crate) fn render(&self, settings: &Settings, project: &str) -> Obj {
        let mut out = Obj::new();
        for header in &self.api_keys {
            out.insert(
                &self.api_key_scheme(header),
                Obj::new()
                    .set("type", "apiKey")
                    .set(
                        "description",
                        format!("An API key in the `{header}` header."),
                    )
                    .set("in", "header")
                    .set("name", header.as_str()),
            );
        }
        for scheme in &self.http {
            out.insert(
                scheme,
                Obj::new()
                    .set("type", "http")
                    .set("scheme", scheme.as_str()),
            );
        }
        if !self.oauth2.is_empty() {
            out.insert("oauth2", self.oauth2_scheme(settings, project));
        }
        out
    }

    fn oauth2_scheme(&self, settings: &Settings, project: &str) -> Obj {
        let token_url = settings
            .token_url
            .clone()
            .unwrap_or_else(|| format!("https://auth.{project}.invalid/oauth2/token"));
        let authorization_url = settings
            .authorization_url
            .clone()
            .unwrap_or_else(|| format!("https://auth.{project}.invalid/oauth2/authorize"));
        let mut placeholders = Vec::new();
        if settings.token_url.is_none() {
            placeholders.push("`token_url`");
        }
        let needs_authorization = self
            .oauth2
            .keys()
            .any(|flow| matches!(flow.as_str(), "authorization_code" | "implicit"));
        if needs_authorization && settings.authorization_url.is_none() {
            placeholders.push("`authorization_url`");
        }
        let mut description = "OAuth 2.0.".to_string();
        if !placeholders.is_empty() {
            description.push_str(&format!(
                " The endpoint URLs are placeholders: set {} in `[targets.openapi]` of weft.toml.",
                placeholders.join(" and ")
            ));
        }
        let mut flows = Obj::new();
        for (flow, scopes) in &self.oauth2 {
            let Ok(key) = flow_key(flow) else {
                continue;
            };
            let mut definition = Obj::new();
            if matches!(flow.as_str(), "authorization_code" | "implicit") {
                definition.insert("authorizationUrl", authorization_url.as_str());
            }
            if flow != "implicit" {
                definition.insert("tokenUrl", token_url.as_str());
            }
            let mut described = Obj::new();
            for (scope, users) in scopes {
                let users: Vec<String> = users.iter().map(|user| format!("`{user}`")).collect();
                described.insert(scope, format!("Needed by {}.", users.join(", ")));
            }
            definition.insert("scopes", described);
            flows.insert(key, definition);
        }
        Obj::new()
            .set("type", "oauth2")
            .set("description", description)
            .set("flows", flows)
    }

    fn api_key_scheme(&self, header: &str) -> String {
        if self.api_keys.len() <= 1 {
            return "apiKey".to_string();
        }
        let name = component_name(header);
        // Two headers that differ only in characters a component name
        // cannot hold (`X+Key`, `X_Key`) would be one scheme, the second
        // overwriting the first: each gets its place among the headers.
        let shared = self
            .api_keys
            .iter()
            .any(|other| other != header && component_name(other) == name);
        match self.api_keys.iter().position(|other| other == header) {
            Some(place) if shared => format!("apiKey-{name}-{}", place + 1),
            _ => format!("apiKey-{name}"),
        }
    }
}

/// A header name as a component name, which allows letters, digits, `.`,
/// `-` and `_` only (others become `_`).
fn component_name(header: &str) -> String {
    header
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The OpenAPI name of a weft OAuth 2.0 flow.
fn flow_key(flow: &str) -> Result<&'static str, String> {
    Ok(match flow {
        "client_credentials" => "clientCredentials",
        "authorization_code" => "authorizationCode",
        "implicit" => "implicit",
        "password" => "password",
        other => return Err(format!("OAuth 2.0 flow `{other}` has no OpenAPI 3.1 form")),
    })
}

fn api_key_header(auth: &Auth) -> &str {
    auth.header.as_deref().unwrap_or(DEFAULT_API_KEY_HEADER)
}
