//! `weft compat PATH --against BASELINE`: the project against what was
//! published before, and `weft compat OLD.avsc NEW.avsc`: two schema files.
//!
//! BASELINE is one of
//! - a folder: another checkout of the project (or a single `.weft` file);
//! - `git:REV`: the project as it was at a git revision, read with
//!   `git ls-tree` and `git show` (nothing is checked out; PATH must live in
//!   a git repository);
//! - a lock file written by `weft lock` (`weft.lock`, `*.lock`).
//!
//! Accepted changes come from `--accept FILE`, or from `weft-accepted.toml`
//! next to `weft.toml` when it exists. Exit codes: 0 nothing at or above
//! `--fail-on` (accepted findings never count), 1 something is, 2 the
//! command could not run (bad usage, unreadable baseline, an accepted change
//! without a reason).

use super::load::load;
use super::{Fatal, Format};
use clap::ValueEnum;
use miette::miette;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use weft_compiler::compat::baseline::{
    apply_acceptances, compare, parse_accepted, render_json, to_diagnostic, Baseline, Project,
    Reported, ACCEPT_FILE,
};
use weft_compiler::compat::lock::parse_lock;
use weft_compiler::compat::{Direction, Mode};
use weft_compiler::manifest::MANIFEST_FILE;
use weft_compiler::render::{render_github, render_sarif};
use weft_compiler::{Origin, SourceMap};
use weft_syntax::{Severity, Span};

/// The lowest severity that fails a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Errors fail the run (the default).
    #[value(alias = "err")]
    Error,
    /// Warnings and errors fail the run.
    #[value(alias = "warn")]
    Warning,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
        }
    }
}

/// What the command line asked for.
pub(crate) struct Options {
    /// The project (or, in file mode, the old schema file).
    pub(crate) path: PathBuf,
    /// File mode: the new schema file.
    pub(crate) new_file: Option<PathBuf>,
    /// The baseline.
    pub(crate) against: Option<String>,
    /// File mode: the compatibility mode.
    pub(crate) mode: Option<String>,
    /// Output format.
    pub(crate) format: Format,
    /// The lowest severity that fails the run.
    pub(crate) fail_on: FailOn,
    /// The accepted-changes file.
    pub(crate) accept: Option<PathBuf>,
}

pub(crate) fn run(options: Options) -> Result<ExitCode, Fatal> {
    if let Some(new_file) = &options.new_file {
        return files_mode(&options, new_file);
    }
    if is_schema_file(&options.path) {
        return Err(miette!(
            help = "to compare two schema files, name both: `weft compat OLD.avsc NEW.avsc`",
            "`{}` is a schema file, not a weft project",
            options.path.display()
        ));
    }
    if options.mode.is_some() {
        return Err(miette!(
            help = "a project's events carry their own `compatibility`; `--mode` is for two schema files",
            "`--mode` only applies to file mode"
        ));
    }
    let Some(against) = options.against.as_deref() else {
        return Err(miette!(
            help = "name what was published: `--against ../released` (a checkout), `--against git:main` (a revision) or `--against weft.lock` (a lock file)",
            "`weft compat {}` needs a baseline",
            options.path.display()
        ));
    };
    let loaded = load(&options.path)?;
    let result = weft_compiler::check(&loaded.sources);
    let project_errors = loaded
        .diagnostics
        .iter()
        .chain(&result.diagnostics)
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .count();
    let baseline = read_baseline(against, &options.path)?;
    let root = options.path.display().to_string();
    let mut sources = loaded.sources;
    let mut found = {
        let project = Project {
            model: &result.model,
            sources: &sources,
            root: &root,
        };
        compare(&project, &baseline)
    };
    if let Some(accept) = accept_file(&options) {
        let text = std::fs::read_to_string(&accept)
            .map_err(|error| miette!("cannot read `{}`: {error}", accept.display()))?;
        let entries = parse_accepted(&text).map_err(|error| {
            let file = accept.display().to_string();
            let (line, column) = line_column(&text, error.range.start);
            miette!(
                help = error.help.clone(),
                "cannot use `{file}`: {} (at {file}:{line}:{column})",
                error.message
            )
        })?;
        let shown = accept.display().to_string();
        let id = sources.add(shown.clone(), text, Origin::Project);
        let stale = apply_acceptances(&mut found, &entries, id, &shown);
        found.extend(stale);
    }
    emit(&sources, &baseline.label, &found, options.format)?;
    if options.format == Format::Human {
        summary(&options.path, &baseline.label, &found, project_errors);
    }
    let threshold = options.fail_on.severity();
    Ok(super::exit_for(
        found.iter().any(|reported| reported.fails(threshold)),
    ))
}

/// `--accept FILE`, or `weft-accepted.toml` next to the manifest if present.
fn accept_file(options: &Options) -> Option<PathBuf> {
    if let Some(path) = &options.accept {
        return Some(path.clone());
    }
    if options.path.is_dir() {
        let default = options.path.join(ACCEPT_FILE);
        if default.is_file() {
            return Some(default);
        }
    }
    None
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |rest| rest.chars().count())
        + 1;
    (line, column)
}

fn emit(
    sources: &SourceMap,
    baseline: &str,
    found: &[Reported],
    format: Format,
) -> Result<(), Fatal> {
    let diagnostics: Vec<_> = found.iter().map(to_diagnostic).collect();
    let text = match format {
        Format::Json => format!("{}\n", render_json(sources, baseline, found)),
        Format::Sarif => format!("{}\n", render_sarif(sources, &diagnostics)),
        Format::Github => render_github(sources, &diagnostics),
        Format::Human => {
            super::print_diagnostics(sources, &diagnostics)?;
            return Ok(());
        }
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|error| miette!("cannot write the report: {error}"))
}

fn summary(path: &Path, baseline: &str, found: &[Reported], project_errors: usize) {
    let accepted = found
        .iter()
        .filter(|reported| reported.accepted.is_some())
        .count();
    let open = found
        .iter()
        .filter(|reported| reported.accepted.is_none() && reported.severity > Severity::Info)
        .count();
    let accepted = if accepted > 0 {
        format!(" ({accepted} accepted)")
    } else {
        String::new()
    };
    if open == 0 {
        eprintln!(
            "compared {} with {baseline}: no incompatible changes{accepted}",
            path.display()
        );
    } else {
        eprintln!("compared {} with {baseline}{accepted}", path.display());
    }
    if project_errors > 0 {
        eprintln!(
            "note: {} has {project_errors} error{} (see `weft check`); the comparison covers what resolved",
            path.display(),
            if project_errors == 1 { "" } else { "s" }
        );
    }
}

/// Reads the baseline: a lock file, a folder (or file) or `git:REV`.
fn read_baseline(against: &str, path: &Path) -> Result<Baseline, Fatal> {
    if let Some(revision) = against.strip_prefix("git:") {
        return git_baseline(against, revision, path);
    }
    let location = Path::new(against);
    let metadata = std::fs::metadata(location).map_err(|error| {
        miette!(
            help = "a baseline is a project folder, `git:REV` or a lock file from `weft lock`",
            "cannot read the baseline `{against}`: {error}"
        )
    })?;
    let name = location
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    if metadata.is_file() && name.ends_with(".lock") {
        let text = std::fs::read_to_string(location)
            .map_err(|error| miette!("cannot read the baseline `{against}`: {error}"))?;
        let lock = parse_lock(&text).map_err(|problem| {
            miette!(
                help = "regenerate it from the published sources with `weft lock`",
                "cannot use `{against}` as a baseline: {problem}"
            )
        })?;
        return Ok(Baseline::from_lock(against, lock));
    }
    if metadata.is_file() && is_schema_file(location) {
        return Err(miette!(
            help = "to compare two schema files, name both without `--against`: `weft compat OLD.avsc NEW.avsc`",
            "the baseline `{against}` is a schema file, not a weft project"
        ));
    }
    let loaded = load(location)?;
    let result = weft_compiler::check(&loaded.sources);
    warn_baseline_errors(against, &loaded.diagnostics, &result.diagnostics);
    Ok(Baseline::from_model(
        against,
        &result.model,
        &loaded.sources,
        &location.display().to_string(),
    ))
}

fn warn_baseline_errors(
    label: &str,
    read: &[weft_syntax::Diagnostic],
    checked: &[weft_syntax::Diagnostic],
) {
    let errors = read
        .iter()
        .chain(checked)
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .count();
    if errors > 0 {
        eprintln!(
            "warning: the baseline {label} has {errors} error{}; only what resolved in it is compared",
            if errors == 1 { "" } else { "s" }
        );
    }
}

/// Runs git in `dir`; its standard output, or its error message.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    }
}

/// The project at a git revision, read without a checkout.
fn git_baseline(label: &str, revision: &str, path: &Path) -> Result<Baseline, Fatal> {
    if revision.is_empty() || revision.starts_with('-') {
        return Err(miette!(
            help = "name a revision git knows: `git:HEAD~1`, `git:main`, `git:v1.4.0`",
            "`{label}` does not name a revision"
        ));
    }
    let absolute = path
        .canonicalize()
        .map_err(|error| miette!("cannot read `{}`: {error}", path.display()))?;
    let is_file = absolute.is_file();
    let dir = if is_file {
        absolute.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        absolute.clone()
    };
    let top = git(&dir, &["rev-parse", "--show-toplevel"]).map_err(|error| {
        miette!(
            help = "`--against git:REV` reads the project from its git history; use a folder or a lock file as the baseline instead",
            "`{}` is not inside a git repository: {error}",
            path.display()
        )
    })?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim())
        .canonicalize()
        .map_err(|error| miette!("cannot read the repository root: {error}"))?;
    let inside = absolute
        .strip_prefix(&top)
        .map_err(|_| {
            miette!(
                "`{}` is not inside the repository at `{}`",
                path.display(),
                top.display()
            )
        })?
        .components()
        .map(|component| component.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    git(
        &top,
        &["rev-parse", "--verify", "--quiet", &format!("{revision}^{{commit}}")],
    )
    .map_err(|_| {
        miette!(
            help = "name a revision of this repository: a branch, a tag or a commit, such as `git:HEAD~1`",
            "git does not know the revision `{revision}`"
        )
    })?;
    let spec = if inside.is_empty() {
        "."
    } else {
        inside.as_str()
    };
    let listing = git(
        &top,
        &[
            "ls-tree",
            "-r",
            "-z",
            "--full-tree",
            "--name-only",
            revision,
            "--",
            spec,
        ],
    )
    .map_err(|error| miette!("cannot list `{spec}` at {revision}: {error}"))?;
    let listing = String::from_utf8_lossy(&listing).into_owned();
    let mut files: Vec<(String, String)> = Vec::new();
    for name in listing.split('\0').filter(|name| !name.is_empty()) {
        let relative = if is_file || inside.is_empty() {
            if is_file {
                name.rsplit('/').next().unwrap_or(name).to_string()
            } else {
                name.to_string()
            }
        } else {
            match name.strip_prefix(&format!("{inside}/")) {
                Some(rest) => rest.to_string(),
                None => continue,
            }
        };
        let hidden = relative.split('/').rev().skip(1).any(|folder| {
            folder.starts_with('.') || folder == "target" || folder == "node_modules"
        });
        if relative == MANIFEST_FILE || (relative.ends_with(".weft") && !hidden) {
            files.push((name.to_string(), relative));
        }
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    if files.is_empty() {
        return Err(miette!(
            "at {revision}, `{}` holds no weft sources",
            if inside.is_empty() { "." } else { &inside }
        ));
    }
    if !is_file && !files.iter().any(|(_, relative)| relative == MANIFEST_FILE) {
        return Err(miette!(
            help = "compare with a revision where the project already existed",
            "at {revision}, `{}` is not a weft project: it has no {MANIFEST_FILE}",
            if inside.is_empty() { "." } else { &inside }
        ));
    }
    // Sources are named by their path in the repository; `inside` is the
    // project's folder there (or, for a single file, the file).
    let mut sources = SourceMap::with_stdlib();
    let mut problems = Vec::new();
    for (name, _) in &files {
        let bytes = git(&top, &["show", &format!("{revision}:{name}")])
            .map_err(|error| miette!("cannot read `{name}` at {revision}: {error}"))?;
        match String::from_utf8(bytes) {
            Ok(text) => {
                sources.add(name.clone(), text, Origin::Project);
            }
            Err(error) => problems.push(weft_compiler::check::not_utf8(
                &mut sources,
                name,
                error.as_bytes(),
            )),
        }
    }
    let result = weft_compiler::check(&sources);
    warn_baseline_errors(label, &problems, &result.diagnostics);
    Ok(Baseline::from_model(
        label,
        &result.model,
        &sources,
        &inside,
    ))
}

fn is_schema_file(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    (name.ends_with(".avsc") || name.ends_with(".json")) && !path.is_dir()
}

/// `weft compat OLD NEW`: two Avro or JSON Schema files.
fn files_mode(options: &Options, new_path: &Path) -> Result<ExitCode, Fatal> {
    let old_path = &options.path;
    for path in [old_path.as_path(), new_path] {
        if !is_schema_file(path) {
            return Err(miette!(
                help = "file mode compares two `.avsc` (Avro) or `.json` (JSON Schema) files; to compare a project, use `weft compat PATH --against BASELINE`",
                "`{}` is not a schema file",
                path.display()
            ));
        }
    }
    if options.against.is_some() {
        return Err(miette!(
            help = "name the two files only: `weft compat OLD.avsc NEW.avsc`",
            "`--against` does not apply to two schema files"
        ));
    }
    let read = |path: &Path| {
        std::fs::read_to_string(path)
            .map_err(|error| miette!("cannot read `{}`: {error}", path.display()))
    };
    let (old_text, new_text) = (read(old_path)?, read(new_path)?);
    let (old_name, new_name) = (
        old_path.display().to_string(),
        new_path.display().to_string(),
    );
    let mode = options
        .mode
        .clone()
        .unwrap_or_else(|| "BACKWARD".to_string());
    let findings = weft_compiler::compat::files::compare_files(
        &old_text, &new_text, &old_name, &new_name, &mode,
    )
    .map_err(|error| miette!("cannot compare the files: {error}"))?;
    let mut sources = SourceMap::new();
    sources.add(old_name.clone(), old_text, Origin::Project);
    let new_id = sources.add(new_name.clone(), new_text.clone(), Origin::Project);
    let first_line = new_text.lines().next().unwrap_or_default().trim_end().len();
    let mode_name = mode.trim().to_ascii_uppercase();
    // `compare_files` has rejected unknown modes; a mode that checks only
    // forward reports `Both` findings with the old schema as the reader.
    let forward_only =
        Mode::parse_loose(&mode).is_some_and(|parsed| parsed.forward() && !parsed.backward());
    let mut found: Vec<Reported> = findings
        .into_iter()
        .map(|finding| {
            let backward = match finding.direction {
                Direction::Backward => true,
                Direction::Forward => false,
                Direction::Both => !forward_only,
            };
            let (reader, writer) = if backward {
                (&new_name, &old_name)
            } else {
                (&old_name, &new_name)
            };
            let mut reported = Reported {
                code: finding.code,
                severity: finding.severity,
                mode: Some(mode_name.clone()),
                reader_version: Some(reader.clone()),
                writer_version: Some(writer.clone()),
                path: finding.path.clone(),
                pointer: finding.pointer.clone(),
                change: finding.change.to_string(),
                old: finding.old.clone(),
                new: finding.new.clone(),
                message: finding.message.clone(),
                help: finding.help.clone(),
                span: Span::new(new_id, 0, first_line),
                label: format!("at {}", finding.path),
                secondary: Vec::new(),
                notes: Vec::new(),
                accepted: None,
            };
            if finding.severity != Severity::Info {
                reported.notes.push(format!(
                    "check: {} (reader = {reader}, writer = {writer})",
                    Mode::one_way(backward, false)
                ));
            }
            if !finding.pointer.is_empty() {
                reported
                    .notes
                    .push(format!("schema pointer: {}", finding.pointer));
            }
            reported
        })
        .collect();
    found.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.path.cmp(&b.path))
            .then(a.code.cmp(&b.code))
    });
    emit(&sources, &old_name, &found, options.format)?;
    if options.format == Format::Human {
        summary(new_path, &old_name, &found, 0);
    }
    let threshold = options.fail_on.severity();
    Ok(super::exit_for(
        found.iter().any(|reported| reported.fails(threshold)),
    ))
}
