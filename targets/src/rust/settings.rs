//! `[targets.rust]` in `weft.toml`.
//!
//! ```toml
//! [targets.rust]
//! crate_prefix = "acme"   # crates are named acme-<system>
//! ```
//!
//! Without `crate_prefix` the crates are named `<project>-<system>`.

use crate::settings::{ProblemKind, SettingProblem};
use serde::Deserialize;

/// `[targets.rust]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The first part of every crate's name.
    #[serde(default)]
    pub crate_prefix: Option<String>,
}

/// The keys of `[targets.rust]`.
pub const KEYS: [&str; 1] = ["crate_prefix"];

impl Settings {
    /// Checks that the prefix can start a crate name: lowercase ASCII
    /// letters, digits and dashes, starting with a letter.
    pub fn validated(self) -> Result<Settings, Vec<SettingProblem>> {
        if let Some(prefix) = &self.crate_prefix {
            if !is_crate_prefix(prefix) {
                return Err(vec![SettingProblem::new(
                    ProblemKind::InvalidValue,
                    &["rust", "crate_prefix"],
                    format!(
                        "`[targets.rust] crate_prefix` must be lowercase letters, digits and dashes, starting with a letter, not \"{prefix}\""
                    ),
                )]);
            }
        }
        Ok(self)
    }
}

/// Whether `prefix` can start a crate name.
pub fn is_crate_prefix(prefix: &str) -> bool {
    prefix.len() <= 40
        && prefix.starts_with(|c: char| c.is_ascii_lowercase())
        && !prefix.ends_with('-')
        && prefix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
