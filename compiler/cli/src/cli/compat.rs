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
//! command could not run (bad usage, unreadable baseline, an accepted-changes
//! file that cannot be used: `E226`, rendered in the requested format).

use super::load::{load, read_text};
use super::{Fatal, Format};
use clap::ValueEnum;
use miette::miette;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use weft_compiler::compat::baseline::{
    compare, compare_files, parse_accepted, Baseline, CompatReport, Project, SchemaFile,
    ACCEPT_FILE,
};
use weft_compiler::compat::lock::{parse_lock_at, InvalidLock};
use weft_compiler::manifest::MANIFEST_FILE;
use weft_compiler::render::{render_compat_json, render_github, render_sarif};
use weft_compiler::{Origin, SourceMap};
use weft_syntax::Severity;

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
    let mut sources = loaded.sources;
    let baseline = match read_baseline(against, &options.path)? {
        Ok(baseline) => baseline,
        Err(invalid) => {
            // Like an unusable accepted-changes file: the run stops (exit
            // code 2), and the problem renders in the requested format, with
            // its code and its line in the lock file.
            let id = sources.add(against.to_string(), invalid.text, Origin::Project);
            let unusable = CompatReport {
                baseline: against.to_string(),
                diagnostics: vec![*invalid.problem.diagnostic(id)],
                facts: Vec::new(),
            };
            emit(&sources, &unusable, options.format, false)?;
            return Ok(ExitCode::from(2));
        }
    };
    let root = options.path.display().to_string();
    let mut report = {
        let project = Project {
            model: &result.model,
            sources: &sources,
            root: &root,
        };
        compare(&project, &baseline)
    };
    if let Some(accept) = accept_file(&options) {
        let text = read_text(&accept)?;
        let shown = accept.display().to_string();
        let id = sources.add(shown.clone(), text.clone(), Origin::Project);
        match parse_accepted(&text, id) {
            Ok(entries) => report.accept(&entries, id, &shown),
            Err(diagnostic) => {
                // The run cannot go on (exit code 2), but the problem is a
                // finding in a file like any other: it renders in the
                // requested format, with its code and place.
                let unusable = CompatReport {
                    baseline: report.baseline,
                    diagnostics: vec![*diagnostic],
                    facts: Vec::new(),
                };
                emit(&sources, &unusable, options.format, false)?;
                return Ok(ExitCode::from(2));
            }
        }
    }
    emit(
        &sources,
        &report,
        options.format,
        !report.fails(options.fail_on.severity()),
    )?;
    if options.format == Format::Human {
        summary(&options.path, &report, project_errors)?;
    }
    Ok(super::exit_for(report.fails(options.fail_on.severity())))
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

/// Writes the findings in `format`; `ok` is the verdict JSON reports.
fn emit(sources: &SourceMap, report: &CompatReport, format: Format, ok: bool) -> Result<(), Fatal> {
    let diagnostics = &report.diagnostics;
    let text = match format {
        Format::Json => format!(
            "{}\n",
            render_compat_json(sources, &report.baseline, diagnostics, &report.facts, ok)
        ),
        Format::Sarif => format!("{}\n", render_sarif(sources, diagnostics)),
        Format::Github => render_github(sources, diagnostics),
        Format::Human => {
            super::print_diagnostics(sources, diagnostics)?;
            return Ok(());
        }
    };
    super::stdio::write(super::stdio::Stream::Out, &text)
}

fn summary(path: &Path, report: &CompatReport, project_errors: usize) -> Result<(), Fatal> {
    let baseline = &report.baseline;
    let accepted = match report.accepted() {
        0 => String::new(),
        accepted => format!(" ({accepted} accepted)"),
    };
    if report.open() == 0 {
        errln!(
            "compared {} with {baseline}: no incompatible changes{accepted}",
            path.display()
        )?;
    } else {
        errln!("compared {} with {baseline}{accepted}", path.display())?;
    }
    if project_errors > 0 {
        errln!(
            "note: {} has {project_errors} error{} (see `weft check`); the comparison covers what resolved",
            path.display(),
            if project_errors == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}

/// A lock file given as the baseline that cannot be used.
struct UnusableLock {
    /// The file's text, for the diagnostic to point into.
    text: String,
    /// What is wrong, and where.
    problem: InvalidLock,
}

/// Reads the baseline: a lock file, a folder (or file) or `git:REV`. A lock
/// file that cannot be used is the inner error, to be reported as `E227`.
fn read_baseline(against: &str, path: &Path) -> Result<Result<Baseline, UnusableLock>, Fatal> {
    if let Some(revision) = against.strip_prefix("git:") {
        return git_baseline(against, revision, path).map(Ok);
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
        let text = read_text(location)?;
        return Ok(match parse_lock_at(&text) {
            Ok(lock) => Ok(Baseline::from_lock(against, lock)),
            Err(problem) => Err(UnusableLock { text, problem }),
        });
    }
    if metadata.is_file() && is_schema_file(location) {
        return Err(miette!(
            help = "to compare two schema files, name both without `--against`: `weft compat OLD.avsc NEW.avsc`",
            "the baseline `{against}` is a schema file, not a weft project"
        ));
    }
    let loaded = load(location)?;
    let result = weft_compiler::check(&loaded.sources);
    warn_baseline_errors(against, &loaded.diagnostics, &result.diagnostics)?;
    Ok(Ok(Baseline::from_model(
        against,
        &result.model,
        &loaded.sources,
        &location.display().to_string(),
    )))
}

fn warn_baseline_errors(
    label: &str,
    read: &[weft_syntax::Diagnostic],
    checked: &[weft_syntax::Diagnostic],
) -> Result<(), Fatal> {
    let errors = read
        .iter()
        .chain(checked)
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .count();
    if errors > 0 {
        errln!(
            "warning: the baseline {label} has {errors} error{}; only what resolved in it is compared",
            if errors == 1 { "" } else { "s" }
        )?;
    }
    Ok(())
}

/// Runs git in `dir`; its standard output, or its error message.
///
/// Every `GIT_*` variable is removed from git's environment: git exports
/// `GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE` and more to its hooks, and
/// with them set git would read that repository (and take the current
/// folder as its root) instead of the one that holds the project.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let mut command = Command::new("git");
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("GIT_") {
            command.env_remove(name);
        }
    }
    let output = command
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
    // The project's folder in the repository, as git itself sees it from
    // there (`--show-prefix`: `models/shop/`), so that links and the case of
    // names on the way cannot make it differ from git's paths.
    let prefix = git(&dir, &["rev-parse", "--show-prefix"]).map_err(|error| {
        miette!(
            "cannot locate `{}` in its repository: {error}",
            path.display()
        )
    })?;
    let prefix = String::from_utf8_lossy(&prefix)
        .trim()
        .trim_end_matches('/')
        .to_string();
    let inside = match (is_file, absolute.file_name()) {
        (true, Some(name)) if prefix.is_empty() => name.to_string_lossy().into_owned(),
        (true, Some(name)) => format!("{prefix}/{}", name.to_string_lossy()),
        _ => prefix,
    };
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
    warn_baseline_errors(label, &problems, &result.diagnostics)?;
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
    let (old_text, new_text) = (read_text(old_path)?, read_text(new_path)?);
    let (old_name, new_name) = (
        old_path.display().to_string(),
        new_path.display().to_string(),
    );
    let mode = options
        .mode
        .clone()
        .unwrap_or_else(|| "BACKWARD".to_string());
    let mut sources = SourceMap::new();
    let report = compare_files(
        &mut sources,
        SchemaFile {
            name: &old_name,
            text: &old_text,
        },
        SchemaFile {
            name: &new_name,
            text: &new_text,
        },
        &mode,
    )
    .map_err(|error| miette!("cannot compare the files: {error}"))?;
    emit(
        &sources,
        &report,
        options.format,
        !report.fails(options.fail_on.severity()),
    )?;
    if options.format == Format::Human {
        summary(new_path, &report, 0)?;
    }
    Ok(super::exit_for(report.fails(options.fail_on.severity())))
}
