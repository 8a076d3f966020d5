//! `check`: parse every source of a compilation and collect the findings.
//! Later phases (resolution, graph checks, compatibility) plug in here and
//! read the parsed files; this function stays free of IO.

use crate::codes;
use crate::manifest::{parse_manifest, Manifest, MANIFEST_FILE};
use crate::model::Model;
use crate::resolve::{deferred_kind, resolve_releasing, resolve_with, References, Released};
use crate::settings::read_settings;
use crate::sources::{Origin, SourceFile, SourceMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use weft_syntax::{
    parse_file, parse_file_deferring, Deferred, Diagnostic, FileId, ParsedFile, Severity, Span,
};
use weft_targets::TargetSettings;

/// The outcome of checking a compilation.
#[derive(Debug, Default)]
pub struct CheckResult {
    /// The parsed weft files (stdlib and project), in file id order: kept
    /// by [`check_with`] (the editor reads them). [`check`] leaves this
    /// empty: it drops each tree as soon as resolution is done with it, so
    /// that all the trees and the whole model are never in memory at once.
    pub parsed: Vec<ParsedFile>,
    /// The manifest, if the compilation has one and it is valid.
    pub manifest: Option<Manifest>,
    /// The manifest's file, if the compilation has one.
    pub manifest_file: Option<FileId>,
    /// The targets' settings (`[targets]` in the manifest), if the manifest
    /// is valid and so are they.
    pub settings: Option<TargetSettings>,
    /// The resolved model (partial when there are errors). Its use sites
    /// (`Model::references`) and its item index (`Model::index`) are
    /// for the editor: only [`check_with`] keeps them, [`check`] leaves
    /// them empty.
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

/// Checks every file in `sources`: the manifest (if present) and every weft
/// file. Files are parsed on as many threads as the machine has cores.
pub fn check(sources: &SourceMap) -> CheckResult {
    check_with_threads(sources, available_threads())
}

/// How many threads parsing may use: the cores the process may run on.
pub fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// [`check`] with at most `threads` threads for parsing (1: all on the
/// calling thread, as the benchmark's single-core figures are measured).
/// The result does not depend on the number of threads.
pub fn check_with_threads(sources: &SourceMap, threads: usize) -> CheckResult {
    let weft_files = weft_files(sources);
    let parsed = parse_all(&weft_files, threads, Bodies::Deferred);
    check_parsed(sources, parsed, Keep::Nothing).unwrap_or_else(|| {
        // A deferred body turned out broken (`resolve_releasing`): rare,
        // since only syntax errors the parser cannot recover from do that,
        // so the whole check is simply made again from whole trees.
        let parsed = parse_all(&weft_files, threads, Bodies::Whole);
        check_parsed(sources, parsed, Keep::Nothing).unwrap_or_default()
    })
}

/// [`check`] with the parsing of each weft file left to the caller, so that
/// the language server can keep the trees of files an edit did not touch.
/// `parse` must return what `parse_file` would for the same id and text.
/// For the editor, the model also records every use site
/// (`Model::references`), which [`check`] leaves out.
pub fn check_with(
    sources: &SourceMap,
    parse: &mut dyn FnMut(FileId, &str) -> ParsedFile,
) -> CheckResult {
    let parsed = weft_files(sources)
        .into_iter()
        .map(|file| (parse(file.id, &file.text), Deferred::default()))
        .collect();
    // Trees parsed whole never make resolution start again.
    check_parsed(sources, parsed, Keep::TreesAndReferences).unwrap_or_default()
}

/// What a check keeps for the editor.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Only the model and the findings (`weft check`, `build`).
    Nothing,
    /// Also the syntax trees and the model's use sites (the editor).
    TreesAndReferences,
}

/// The weft files of a compilation, in file order.
fn weft_files(sources: &SourceMap) -> Vec<&SourceFile> {
    sources
        .files()
        .filter(|file| !is_manifest(file) && file.is_weft())
        .collect()
}

/// Checks a compilation whose weft files are already parsed (`parsed` in
/// the order of [`weft_files`], each tree with the bodies its parse left
/// for later). `None` when a deferred body turned out broken (see
/// `resolve_releasing`).
fn check_parsed(sources: &SourceMap, parsed: Vec<Parsed>, keep: Keep) -> Option<CheckResult> {
    let mut result = CheckResult::default();
    let mut trees = Vec::with_capacity(parsed.len());
    let mut parsed = parsed.into_iter();
    for file in sources.files() {
        if is_manifest(file) {
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
            // `parsed` is in the order of `weft_files`, which is this
            // loop's order.
            if let Some((mut parsed, deferred)) = parsed.next() {
                match keep {
                    // The editor's trees keep their errors (its next
                    // re-parse splices them with the fresh ones); trees
                    // that are about to be dropped give theirs up.
                    Keep::TreesAndReferences => {
                        result.diagnostics.extend(parsed.errors.iter().cloned())
                    }
                    Keep::Nothing => result.diagnostics.append(&mut parsed.errors),
                }
                trees.push(Released {
                    tree: parsed,
                    deferred,
                    text: &file.text,
                });
            }
        }
    }
    let manifest = result.manifest.as_ref();
    let (model, diagnostics) = match keep {
        Keep::Nothing => resolve_releasing(trees, manifest, References::Skip)?,
        Keep::TreesAndReferences => {
            let trees: Vec<ParsedFile> = trees.into_iter().map(|file| file.tree).collect();
            let resolved = resolve_with(&trees, manifest, References::Record);
            result.parsed = trees;
            resolved
        }
    };
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
    crate::fix::indent_fixes_like_sources(sources, &mut result.diagnostics);
    Some(result)
}

/// The stack of a parsing thread: what a main thread usually has.
const PARSER_STACK: usize = 8 << 20;

fn is_manifest(file: &SourceFile) -> bool {
    file.name.ends_with(MANIFEST_FILE) && file.origin == Origin::Project
}

/// A file's tree and the bodies its parse left for later.
type Parsed = (ParsedFile, Deferred);

/// How much of each declaration a file's parse reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Bodies {
    /// The kinds `resolve::deferred_kind` picks (events and APIs) only up
    /// to their names: their bodies are parsed when resolution comes to
    /// them.
    Deferred,
    /// Everything.
    Whole,
}

/// Parses one file, its tree allocated in the heap kept for syntax trees
/// (`weft_alloc::in_tree_heap`): `check` drops the trees during
/// resolution, and trees in pages of their own are read faster and leave
/// whole pages behind.
fn parse_into_tree_heap(file: &SourceFile, bodies: Bodies) -> Parsed {
    weft_alloc::in_tree_heap(|| match bodies {
        Bodies::Deferred => parse_file_deferring(file.id, &file.text, &deferred_kind),
        Bodies::Whole => (parse_file(file.id, &file.text), Deferred::default()),
    })
}

/// Parses `files` on up to `threads` scoped threads; the trees come back in
/// the order of `files` whatever thread parsed them, so the result is the
/// same as a parse on one thread. Each thread takes the next unparsed file,
/// which balances files of different sizes.
fn parse_all(files: &[&SourceFile], threads: usize, bodies: Bodies) -> Vec<Parsed> {
    let threads = threads.min(files.len());
    if threads <= 1 {
        return files
            .iter()
            .map(|file| parse_into_tree_heap(file, bodies))
            .collect();
    }
    let next = AtomicUsize::new(0);
    // Each participant takes the next unparsed file until none is left.
    let take = || {
        let mut mine = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(file) = files.get(index) else {
                break mine;
            };
            mine.push((index, parse_into_tree_heap(file, bodies)));
        }
    };
    let parsed: Vec<Vec<(usize, Parsed)>> = std::thread::scope(|scope| {
        // The calling thread takes part, so that a thread that cannot be
        // started only makes the parse slower. Workers get the main
        // thread's usual stack size.
        let workers: Vec<_> = (1..threads)
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(PARSER_STACK)
                    .spawn_scoped(scope, take)
                    .ok()
            })
            .collect();
        let mut all = vec![take()];
        for worker in workers {
            // A parser panic is a bug: it surfaces on the calling thread
            // as if the parse had run there.
            all.push(
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        all
    });
    let mut slots: Vec<Option<Parsed>> = Vec::new();
    slots.resize_with(files.len(), || None);
    for (index, tree) in parsed.into_iter().flatten() {
        if let Some(slot) = slots.get_mut(index) {
            *slot = Some(tree);
        }
    }
    slots.into_iter().flatten().collect()
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
