//! `check`: parse every source of a compilation and collect the findings.
//! Later phases (resolution, graph checks, compatibility) plug in here and
//! read the parsed files; this function stays free of IO.

use crate::codes;
use crate::manifest::{parse_manifest, Manifest, MANIFEST_FILE};
use crate::model::Model;
use crate::resolve::resolve;
use crate::settings::read_settings;
use crate::sources::{Origin, SourceMap};
use weft_syntax::{parse_file, Diagnostic, FileId, ParsedFile, Severity, Span};
use weft_targets::TargetSettings;

/// The outcome of checking a compilation.
#[derive(Debug, Default)]
pub struct CheckResult {
    /// The parsed weft files (stdlib and project), in file id order.
    pub parsed: Vec<ParsedFile>,
    /// The manifest, if the compilation has one and it is valid.
    pub manifest: Option<Manifest>,
    /// The manifest's file, if the compilation has one.
    pub manifest_file: Option<FileId>,
    /// The targets' settings (`[targets]` in the manifest), if the manifest
    /// is valid and so are they.
    pub settings: Option<TargetSettings>,
    /// The resolved model (partial when there are errors).
    pub model: Model,
    /// Every finding, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckResult {
    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == severity)
            .count()
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}

/// Checks every file in `sources`: the manifest (if present) and every weft file.
pub fn check(sources: &SourceMap) -> CheckResult {
    let mut result = CheckResult::default();
    for file in sources.files() {
        if file.name.ends_with(MANIFEST_FILE) && file.origin == Origin::Project {
            result.manifest_file = Some(file.id);
            match parse_manifest(file.id, &file.text) {
                Ok(manifest) => {
                    match read_settings(file.id, &file.text, &manifest.targets) {
                        Ok(settings) => result.settings = Some(settings),
                        Err(diagnostics) => result.diagnostics.extend(diagnostics),
                    }
                    result.manifest = Some(manifest);
                }
                Err(diagnostic) => result.diagnostics.push(diagnostic),
            }
        } else if file.is_weft() {
            let parsed = parse_file(file.id, &file.text);
            result.diagnostics.extend(parsed.errors.iter().cloned());
            result.parsed.push(parsed);
        }
    }
    let (model, diagnostics) = resolve(&result.parsed, result.manifest.as_ref());
    result.diagnostics.extend(diagnostics);
    result.diagnostics.extend(crate::checks::run(&model));
    // The Kafka topic plan's checks need the target settings: with a
    // manifest whose settings are wrong (already reported) they are skipped.
    let settings = match (result.manifest_file, &result.settings) {
        (None, _) => Some(TargetSettings::default()),
        (Some(_), settings) => settings.clone(),
    };
    if let Some(settings) = settings {
        let manifest = result
            .manifest_file
            .map_or_else(Span::default, |file| Span::new(file, 0, 0));
        result
            .diagnostics
            .extend(weft_targets::kafka::check(&model, &settings, manifest));
    }
    result.model = model;
    result.diagnostics.sort_by(|a, b| {
        (a.primary.span, a.code, &a.message).cmp(&(b.primary.span, b.code, &b.message))
    });
    result.diagnostics.dedup();
    result
}

/// The diagnostic for a source file whose bytes are not UTF-8. The text is
/// decoded lossily so that the position of the first bad byte can be shown.
pub fn not_utf8(sources: &mut SourceMap, name: &str, bytes: &[u8]) -> Diagnostic {
    let valid_up_to = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |error| error.valid_up_to());
    let id = sources.add(
        name.to_string(),
        String::from_utf8_lossy(bytes).into_owned(),
        Origin::Undecodable,
    );
    Diagnostic::error(
        codes::NOT_UTF8,
        "this file is not valid UTF-8",
        Span::new(id, valid_up_to, valid_up_to + 1),
        "first invalid byte",
    )
    .with_help("save the file as UTF-8; weft sources are text")
}
