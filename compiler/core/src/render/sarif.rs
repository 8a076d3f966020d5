//! `--format sarif`: a SARIF 2.1.0 log for code scanning (GitHub code
//! scanning, Azure DevOps, IDE viewers).
//!
//! The log has one run. Its `tool.driver.rules` lists every registered code
//! ([`codes::ALL`], in registry order), not only the codes found, so that a viewer
//! can show the documentation of any code and `ruleIndex` stays the same
//! from run to run. Each rule's `fullDescription` and `help` come from the
//! first paragraph of the code's page (`docs/diagnostics/CODE.md`).
//!
//! Locations:
//! - Project files keep the path they are shown under, with forward slashes
//!   and without a leading `./`, as a relative URI reference (resolved by
//!   the consumer against the checkout root, as GitHub code scanning does);
//!   an absolute path becomes a `file://` URI. Characters outside the URI
//!   path alphabet are percent-encoded.
//! - Standard library files, which are embedded in the compiler and exist
//!   on no disk, use the `weft-std` URI scheme: `<std>/money.weft` is
//!   `weft-std:/money.weft`.
//! - Columns count Unicode code points (`run.columnKind` is
//!   `unicodeCodePoints`), 1-based; `endColumn` is the column just past the
//!   region, as SARIF defines it.
//!
//! The output is deterministic: results follow the order of the diagnostics
//! given, rules the order of the registry, and nothing depends on time, the
//! machine or the environment.

use super::full_message;
use crate::sources::{Origin, SourceFile, SourceMap};
use serde::Serialize;
use weft_base::codes::{self, Code};
use weft_syntax::{Diagnostic, Label, Severity};

/// The `$schema` of the log: the SARIF 2.1.0 schema as published on
/// SchemaStore.
pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The tool's `informationUri`.
///
/// A placeholder until the project has a public home: change it here when it
/// has one.
pub const WEFT_INFORMATION_URI: &str = "https://github.com/weft-lang/weft";

/// The URI scheme of standard library files, which live inside the compiler.
const STDLIB_SCHEME: &str = "weft-std:/";

/// The prefix the source map gives standard library file names.
const STDLIB_PREFIX: &str = "<std>/";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    information_uri: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

/// The whole SARIF 2.1.0 log as pretty JSON.
pub fn render_sarif(sources: &SourceMap, diagnostics: &[Diagnostic]) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let log = Log {
        schema: SARIF_SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "weft",
                    information_uri: WEFT_INFORMATION_URI,
                    version,
                    semantic_version: version,
                    rules: codes::ALL.iter().copied().map(rule).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results: diagnostics
                .iter()
                .map(|diagnostic| result(sources, diagnostic))
                .collect(),
        }],
    };
    serde_json::to_string_pretty(&log).unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"))
}

fn rule(info: Code) -> Rule {
    let paragraph = first_paragraph(info.page());
    let markdown = if paragraph.is_empty() {
        info.title().to_string()
    } else {
        paragraph.join("\n")
    };
    let text = if paragraph.is_empty() {
        info.title().to_string()
    } else {
        paragraph.join(" ")
    };
    Rule {
        id: info.as_str(),
        name: camel_case(info.title()),
        short_description: Text {
            text: info.title().to_string(),
        },
        full_description: Text { text: text.clone() },
        help: Help { text, markdown },
        default_configuration: Configuration {
            level: level(info.severity()),
        },
    }
}

/// The lines of the first paragraph of a markdown page that is not a
/// heading, trimmed.
fn first_paragraph(page: &str) -> Vec<&str> {
    page.lines()
        .map(str::trim)
        .skip_while(|line| line.is_empty() || line.starts_with('#'))
        .take_while(|line| !line.is_empty())
        .collect()
}

/// `source is not UTF-8` → `SourceIsNotUtf8`: the title's words, each a
/// capital followed by small letters, without spaces or punctuation (the
/// Pascal case SARIF recommends for rule names).
fn camel_case(title: &str) -> String {
    title
        .split(|character: char| !character.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .flat_map(|word| {
            let mut characters = word.chars();
            characters
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(characters.flat_map(char::to_lowercase))
        })
        .collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(sources: &SourceMap, diagnostic: &Diagnostic) -> SarifResult {
    let locations = location(sources, &diagnostic.primary).into_iter().collect();
    let related_locations = diagnostic
        .secondary
        .iter()
        .filter_map(|label| location(sources, label))
        .enumerate()
        .map(|(index, mut location)| {
            location.id = Some(index);
            location
        })
        .collect();
    SarifResult {
        rule_id: diagnostic.code.as_str(),
        rule_index: codes::ALL.iter().position(|info| *info == diagnostic.code),
        level: level(diagnostic.severity),
        message: Text {
            text: full_message(diagnostic),
        },
        locations,
        related_locations,
    }
}

/// The location of a label, without an id; `None` if its file is not in
/// the map.
fn location(sources: &SourceMap, label: &Label) -> Option<Location> {
    let file = sources.get(label.span.file)?;
    let (start_line, start_column) = file.line_column(label.span.start as usize);
    let (end_line, end_column) = file.line_column(label.span.end as usize);
    Some(Location {
        id: None,
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation { uri: uri(file) },
            region: Region {
                start_line,
                start_column,
                end_line,
                end_column,
            },
        },
        message: (!label.message.is_empty()).then(|| Text {
            text: label.message.clone(),
        }),
    })
}

/// The URI of a file as SARIF's `artifactLocation.uri`.
fn uri(file: &SourceFile) -> String {
    if file.origin == Origin::Stdlib {
        let path = file.name.strip_prefix(STDLIB_PREFIX).unwrap_or(&file.name);
        return format!("{STDLIB_SCHEME}{}", encode_path(path));
    }
    path_uri(&file.name)
}

/// A path as shown to users, as a URI: a relative reference for a relative
/// path, a `file://` URI for an absolute one (Unix or Windows).
fn path_uri(name: &str) -> String {
    let mut path = name.replace('\\', "/");
    while let Some(rest) = path.strip_prefix("./") {
        path = rest.to_string();
    }
    if path.starts_with('/') {
        return format!("file://{}", encode_path(&path));
    }
    let bytes = path.as_bytes();
    let windows_drive =
        bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if windows_drive {
        let (drive, rest) = path.split_at(2);
        return format!("file:///{drive}{}", encode_path(rest));
    }
    encode_path(&path)
}

/// Percent-encodes everything but the unreserved characters, `/` and the
/// sub-delimiters that are safe in a path. `:` is encoded too, so that a
/// relative path's first segment is never read as a scheme.
fn encode_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            );
        if keep {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::{camel_case, first_paragraph, path_uri};

    #[test]
    fn names_are_camel_case() {
        assert_eq!(camel_case("syntax error"), "SyntaxError");
        assert_eq!(camel_case("source is not UTF-8"), "SourceIsNotUtf8");
        assert_eq!(
            camel_case("text outside any declaration"),
            "TextOutsideAnyDeclaration"
        );
    }

    #[test]
    fn first_paragraph_skips_the_heading() {
        let page = "# E1: x\n\nOne\ntwo.\n\n## Example\n\nno\n";
        assert_eq!(first_paragraph(page), vec!["One", "two."]);
        assert!(first_paragraph("# only a heading\n").is_empty());
    }

    #[test]
    fn paths_become_uris() {
        assert_eq!(path_uri("models/orders.weft"), "models/orders.weft");
        assert_eq!(path_uri("./models/orders.weft"), "models/orders.weft");
        assert_eq!(path_uri("models\\orders.weft"), "models/orders.weft");
        assert_eq!(path_uri("/srv/a b/x.weft"), "file:///srv/a%20b/x.weft");
        assert_eq!(path_uri("C:\\m\\x.weft"), "file:///C:/m/x.weft");
        assert_eq!(path_uri("a:b/Prüf#1.weft"), "a%3Ab/Pr%C3%BCf%231.weft");
    }
}
