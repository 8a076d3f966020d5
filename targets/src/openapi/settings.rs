//! `[targets.openapi]` in `weft.toml`: where the APIs are served, where
//! clients get OAuth 2.0 tokens, and the license the documents state.
//!
//! ```toml
//! [targets.openapi]
//! server = "https://api.acme.example"            # + <base>/v<major> per API
//! token_url = "https://login.acme.example/oauth2/token"
//! authorization_url = "https://login.acme.example/oauth2/authorize"
//! license = "Apache-2.0"                          # an SPDX identifier
//! license_url = "https://acme.example/api-terms"  # instead of an identifier
//! ```
//!
//! Every key is optional. Without `server` the documents use the server URL
//! `https://{host}<base>/v<major>` with a server variable `host` whose default
//! is `<system>.<project>.invalid` (the reserved `.invalid` top-level domain
//! makes the placeholder obvious and unresolvable). Without `token_url` the
//! token URL is `https://auth.<project>.invalid/oauth2/token`. Without a
//! license the documents say `LicenseRef-Proprietary`: an SPDX reference to a
//! license that is not on the SPDX list, which is what internal APIs have.

/// The settings, validated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Settings {
    /// The server URL without a trailing slash.
    pub(crate) server: Option<String>,
    /// The OAuth 2.0 token endpoint.
    pub(crate) token_url: Option<String>,
    /// The OAuth 2.0 authorization endpoint (authorization code and implicit flows).
    pub(crate) authorization_url: Option<String>,
    /// The license's SPDX identifier.
    pub(crate) license: Option<String>,
    /// The license's URL.
    pub(crate) license_url: Option<String>,
}

const KEYS: [&str; 5] = [
    "server",
    "token_url",
    "authorization_url",
    "license",
    "license_url",
];

impl Settings {
    /// Reads `[targets.openapi]` from the `[targets]` table; every problem
    /// is one message.
    pub(crate) fn from_targets(targets: &toml::Table) -> Result<Settings, Vec<String>> {
        let Some(value) = targets.get("openapi") else {
            return Ok(Settings::default());
        };
        let Some(table) = value.as_table() else {
            return Err(vec![
                "`[targets.openapi]` must be a table of settings".to_string()
            ]);
        };
        let mut problems = Vec::new();
        for key in table.keys() {
            if !KEYS.contains(&key.as_str()) {
                problems.push(format!(
                    "`[targets.openapi]` has no setting `{key}`; the settings are {}",
                    KEYS.map(|key| format!("`{key}`")).join(", ")
                ));
            }
        }
        let mut text = |key: &str| -> Option<String> {
            let value = table.get(key)?;
            match value.as_str() {
                Some(text) => Some(text.to_string()),
                None => {
                    problems.push(format!(
                        "`[targets.openapi] {key}` must be a string, not {}",
                        value.type_str()
                    ));
                    None
                }
            }
        };
        let server = text("server");
        let token_url = text("token_url");
        let authorization_url = text("authorization_url");
        let license = text("license");
        let license_url = text("license_url");
        for (key, url) in [
            ("server", &server),
            ("token_url", &token_url),
            ("authorization_url", &authorization_url),
            ("license_url", &license_url),
        ] {
            if let Some(url) = url {
                if !is_http_url(url) {
                    problems.push(format!(
                        "`[targets.openapi] {key}` must be an absolute http:// or https:// URL, \
                         not \"{url}\""
                    ));
                }
            }
        }
        if let Some(server) = &server {
            if server.contains(['?', '#']) {
                problems.push(format!(
                    "`[targets.openapi] server` must not have a query or fragment: \"{server}\""
                ));
            }
        }
        if let Some(license) = &license {
            let valid = !license.is_empty()
                && license
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+'));
            if !valid {
                problems.push(format!(
                    "`[targets.openapi] license` must be an SPDX license identifier such as \
                     \"Apache-2.0\", not \"{license}\""
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Settings {
            server: server.map(|server| server.trim_end_matches('/').to_string()),
            token_url,
            authorization_url,
            license,
            license_url,
        })
    }
}

/// `http://` or `https://`, then a host.
fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('/')
            && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Settings, Vec<String>> {
        let targets: toml::Table = toml::from_str(text).expect("valid TOML");
        Settings::from_targets(&targets)
    }

    #[test]
    fn defaults_and_values() {
        assert_eq!(parse(""), Ok(Settings::default()));
        let settings =
            parse("[openapi]\nserver = \"https://api.acme.test/\"\nlicense = \"Apache-2.0\"")
                .expect("valid settings");
        assert_eq!(settings.server.as_deref(), Some("https://api.acme.test"));
        assert_eq!(settings.license.as_deref(), Some("Apache-2.0"));
    }

    #[test]
    fn problems_are_reported_together() {
        let problems = parse(
            "[openapi]\nserver = \"ftp://x\"\ntoken_url = 3\nlicence = \"MIT\"\nlicense = \"a b\"",
        )
        .expect_err("invalid settings");
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(parse("openapi = 1").is_err());
    }
}
