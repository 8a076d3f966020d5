//! `weft.toml`, the project manifest: the project's name, version and default
//! compatibility mode. Targets' settings go in tables under `[targets]`;
//! [`crate::settings`] reads and validates them.

use crate::codes;
use crate::model::CompatibilityMode;
use serde::Deserialize;
use weft_syntax::{Diagnostic, FileId, Span};

/// The file name that marks a folder as a weft project.
pub const MANIFEST_FILE: &str = "weft.toml";

/// The seven compatibility modes, with Confluent Schema Registry's meaning:
/// the model's one spelling table.
pub const COMPATIBILITY_MODES: &[&str] = CompatibilityMode::SPELLINGS;

/// A parsed and validated manifest.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// `[project]`.
    pub project: ProjectSection,
    /// `[targets.*]`: settings of artefact targets as written; the validated,
    /// typed form is [`crate::CheckResult::settings`].
    #[serde(default)]
    pub targets: toml::Table,
}

/// The `[project]` table.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectSection {
    /// The project's name: lowercase letters, digits and dashes.
    pub name: String,
    /// The project's version (semantic versioning).
    pub version: String,
    /// The default compatibility mode of events.
    #[serde(default = "default_compatibility")]
    pub compatibility: String,
}

fn default_compatibility() -> String {
    CompatibilityMode::default().as_str().to_string()
}

impl ProjectSection {
    /// The default compatibility mode of events; the manifest was validated
    /// when parsed, so an unknown spelling never reaches here.
    pub fn compatibility_mode(&self) -> CompatibilityMode {
        CompatibilityMode::parse(&self.compatibility).unwrap_or_default()
    }
}

/// Parses `weft.toml`; every problem is a diagnostic pointing into the file.
pub fn parse_manifest(file: FileId, text: &str) -> Result<Manifest, Diagnostic> {
    let manifest: Manifest = toml::from_str(text).map_err(|error| {
        let range = error.span().unwrap_or(0..0);
        invalid(
            Span::new(file, range.start, range.end),
            error.message().to_string(),
        )
    })?;
    let project = &manifest.project;
    let value_span = |key: &str| find_value(file, text, key);
    let valid_name = !project.name.is_empty()
        && project
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && project.name.starts_with(|c: char| c.is_ascii_lowercase());
    if !valid_name {
        return Err(invalid(value_span("name"), format!("`{}` is not a valid project name", project.name))
            .with_help("use lowercase letters, digits and dashes, starting with a letter, such as `acme-plant`"));
    }
    if !is_semver(&project.version) {
        return Err(invalid(
            value_span("version"),
            format!("`{}` is not a version such as `0.1.0`", project.version),
        )
        .with_help("write the version as MAJOR.MINOR.PATCH, such as `1.2.0`"));
    }
    if CompatibilityMode::parse(&project.compatibility).is_none() {
        return Err(invalid(
            value_span("compatibility"),
            format!("`{}` is not a compatibility mode", project.compatibility),
        )
        .with_help(format!("use one of {}", COMPATIBILITY_MODES.join(", "))));
    }
    Ok(manifest)
}

fn invalid(span: Span, message: String) -> Diagnostic {
    Diagnostic::error(codes::INVALID_MANIFEST, format!("invalid `{MANIFEST_FILE}`: {message}"), span, "here")
        .with_help(format!("a manifest needs `[project]` with `name`, `version` and optionally `compatibility`; see `weft explain {}`", codes::INVALID_MANIFEST))
}

fn is_semver(version: &str) -> bool {
    let parts: Vec<&str> = version.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
}

/// The span of `key = value`'s value, for pointing at a bad setting.
fn find_value(file: FileId, text: &str, key: &str) -> Span {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                let start = offset + (line.len() - trimmed.len());
                return Span::new(file, start, offset + line.trim_end().len());
            }
        }
        offset += line.len();
    }
    Span::new(file, 0, 0)
}

/// The text `weft init` writes.
pub fn starter_manifest(name: &str) -> String {
    format!("[project]\nname = \"{name}\"\nversion = \"0.1.0\"\ncompatibility = \"BACKWARD_TRANSITIVE\"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_manifest_parses() {
        let manifest = parse_manifest(FileId(0), &starter_manifest("acme-plant")).expect("valid");
        assert_eq!(manifest.project.compatibility, "BACKWARD_TRANSITIVE");
    }

    #[test]
    fn a_bad_mode_points_at_its_line() {
        let text = "[project]\nname = \"a\"\nversion = \"1.0.0\"\ncompatibility = \"SIDEWAYS\"\n";
        let error = parse_manifest(FileId(0), text).expect_err("invalid");
        assert_eq!(
            &text[error.primary.span.range()],
            "compatibility = \"SIDEWAYS\""
        );
    }

    #[test]
    fn unknown_keys_are_refused() {
        let error = parse_manifest(
            FileId(0),
            "[project]\nname = \"a\"\nversion = \"1.0.0\"\nflavour = 1\n",
        )
        .expect_err("invalid");
        assert!(error.message.contains("flavour"));
    }
}
