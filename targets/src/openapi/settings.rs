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
//! problem_types = "https://errors.acme.example"   # + /<api>/<error> per declared error
//! ```
//!
//! Every key is optional. Without `server` the documents use the server URL
//! `https://{host}<base>/v<major>` (cut before a base segment with a path
//! parameter, which starts the paths instead) with a server variable `host`
//! whose default is `<system>.<project>.invalid` (the reserved `.invalid`
//! top-level domain makes the placeholder obvious and unresolvable).
//! Without `token_url` the token URL is
//! `https://auth.<project>.invalid/oauth2/token`. Without a
//! license the documents say `LicenseRef-Proprietary`: an SPDX reference to a
//! license that is not on the SPDX list, which is what internal APIs have.
//! Without `problem_types` each declared error's problem `type` URI is
//! `https://<project>.invalid/problems/<api>/<error>`.

use crate::settings::{is_http_url, ProblemKind, SettingProblem};
use serde::Deserialize;

/// `[targets.openapi]`. Every field is optional; the defaults are described
/// above.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The server URL, without a trailing slash once validated.
    #[serde(default)]
    pub server: Option<String>,
    /// The OAuth 2.0 token endpoint.
    #[serde(default)]
    pub token_url: Option<String>,
    /// The OAuth 2.0 authorization endpoint (authorization code and implicit flows).
    #[serde(default)]
    pub authorization_url: Option<String>,
    /// The license's SPDX identifier.
    #[serde(default)]
    pub license: Option<String>,
    /// The license's URL.
    #[serde(default)]
    pub license_url: Option<String>,
    /// Where the problem types of declared errors live: each error's
    /// problem `type` is `<problem_types>/<api>/<error>`.
    #[serde(default)]
    pub problem_types: Option<String>,
}

/// The keys of `[targets.openapi]`, as [`Settings`] declares them.
pub const KEYS: [&str; 6] = [
    "server",
    "token_url",
    "authorization_url",
    "license",
    "license_url",
    "problem_types",
];

impl Settings {
    /// Checks the values serde cannot (URLs, the SPDX identifier) and
    /// normalizes the server URL; every problem is reported.
    pub fn validated(self) -> Result<Settings, Vec<SettingProblem>> {
        let mut problems = Vec::new();
        let invalid = |key: &str, message: String| {
            SettingProblem::new(ProblemKind::InvalidValue, &["openapi", key], message)
        };
        for (key, url) in [
            ("server", &self.server),
            ("token_url", &self.token_url),
            ("authorization_url", &self.authorization_url),
            ("license_url", &self.license_url),
            ("problem_types", &self.problem_types),
        ] {
            if let Some(url) = url {
                if !is_http_url(url) {
                    problems.push(invalid(
                        key,
                        format!(
                            "`[targets.openapi] {key}` must be an absolute http:// or https:// URL, \
                             not \"{url}\""
                        ),
                    ));
                }
            }
        }
        if let Some(server) = &self.server {
            if server.contains(['?', '#']) {
                problems.push(invalid(
                    "server",
                    format!(
                        "`[targets.openapi] server` must not have a query or fragment: \"{server}\""
                    ),
                ));
            }
        }
        if let Some(license) = &self.license {
            let valid = !license.is_empty()
                && license
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+'));
            if !valid {
                problems.push(invalid(
                    "license",
                    format!(
                        "`[targets.openapi] license` must be an SPDX license identifier such as \
                         \"Apache-2.0\", not \"{license}\""
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Settings {
            server: self
                .server
                .map(|server| server.trim_end_matches('/').to_string()),
            problem_types: self
                .problem_types
                .map(|base| base.trim_end_matches('/').to_string()),
            ..self
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::settings::TargetSettings;

    #[test]
    fn defaults_and_values() {
        assert_eq!(
            TargetSettings::from_toml("").map(|all| all.openapi),
            Ok(Default::default())
        );
        let settings = TargetSettings::from_toml(
            "[openapi]\nserver = \"https://api.acme.test/\"\nlicense = \"Apache-2.0\"",
        )
        .expect("valid settings")
        .openapi;
        assert_eq!(settings.server.as_deref(), Some("https://api.acme.test"));
        assert_eq!(settings.license.as_deref(), Some("Apache-2.0"));
    }

    #[test]
    fn problems_are_reported_together() {
        let problems = TargetSettings::from_toml(
            "[openapi]\nserver = \"ftp://x\"\ntoken_url = 3\nlicence = \"MIT\"\nlicense = \"a b\"",
        )
        .expect_err("invalid settings");
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(TargetSettings::from_toml("openapi = 1").is_err());
    }
}
