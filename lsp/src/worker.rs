//! The analysis thread. The server loop hands it a snapshot of a project's
//! open documents and goes on answering requests from the last analysis;
//! the worker reads the other files, parses (keeping trees, see
//! [`crate::front`]), checks, builds the analysis and its diagnostics, and
//! sends them back. Retired analyses come back to it too, so that their
//! trees are reused and their memory freed off the server loop.

use crate::analysis::Analysis;
use crate::disk::Disk;
use crate::features::diagnostics;
use crate::front::ParseCache;
use crate::world::Document;
use crossbeam_channel::{Receiver, Sender};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;
use weft_compiler::manifest::MANIFEST_FILE;
use weft_compiler::{Origin, SourceMap};

/// One project to analyse, as it is now.
pub(crate) struct Job {
    pub(crate) root: PathBuf,
    pub(crate) lone_file: bool,
    /// Which edit of the project this analysis covers.
    pub(crate) generation: u64,
    /// The project's open documents, texts and versions as they are now.
    pub(crate) documents: Vec<(PathBuf, Document)>,
    /// The last analysis, whose trees an edited file is re-parsed from.
    pub(crate) previous: Option<Arc<Analysis>>,
}

/// What the server loop asks of the worker.
pub(crate) enum ToWorker {
    Analyse(Job),
    /// An analysis the server replaced: its trees feed the next analysis.
    Retire {
        root: PathBuf,
        analysis: Arc<Analysis>,
    },
}

/// Diagnostics of each project file, in LSP terms.
pub(crate) type Published = BTreeMap<PathBuf, Vec<lsp_types::Diagnostic>>;

/// What the worker answers.
pub(crate) enum FromWorker {
    Analysed {
        root: PathBuf,
        generation: u64,
        analysis: Arc<Analysis>,
        diagnostics: Published,
    },
    /// The analysis panicked; the last good one stays.
    Failed {
        root: PathBuf,
        generation: u64,
        message: String,
    },
}

/// Runs the worker until the server loop goes away.
pub(crate) fn run(disk: Arc<dyn Disk>, jobs: Receiver<ToWorker>, results: Sender<FromWorker>) {
    let mut caches: HashMap<PathBuf, ParseCache> = HashMap::new();
    for message in jobs {
        match message {
            ToWorker::Analyse(job) => {
                let root = job.root.clone();
                let generation = job.generation;
                let cache = caches.entry(root.clone()).or_default();
                let outcome = catch_unwind(AssertUnwindSafe(|| analyse(disk.as_ref(), job, cache)));
                let answer = match outcome {
                    Ok((analysis, diagnostics)) => FromWorker::Analysed {
                        root,
                        generation,
                        analysis,
                        diagnostics,
                    },
                    Err(panic) => {
                        // The cache may hold a half-made state: start afresh.
                        caches.remove(&root);
                        FromWorker::Failed {
                            root,
                            generation,
                            message: crate::server::panic_text(&panic),
                        }
                    }
                };
                if results.send(answer).is_err() {
                    return;
                }
            }
            ToWorker::Retire { root, analysis } => {
                // Unique unless a request still reads it; then it is simply
                // dropped when that request ends.
                if let Ok(analysis) = Arc::try_unwrap(analysis) {
                    let cache = caches.entry(root.clone()).or_default();
                    let kept = catch_unwind(AssertUnwindSafe(|| cache.recycle(analysis)));
                    if kept.is_err() {
                        caches.remove(&root);
                    }
                }
            }
        }
    }
}

/// Analyses one project from its open documents and the disk.
fn analyse(disk: &dyn Disk, job: Job, cache: &mut ParseCache) -> (Arc<Analysis>, Published) {
    let Job {
        root,
        lone_file,
        documents,
        previous,
        ..
    } = job;
    let mut documents: HashMap<PathBuf, Document> = documents.into_iter().collect();
    let mut files: BTreeSet<PathBuf> = BTreeSet::new();
    let mut manifest = None;
    if lone_file {
        files.insert(root.clone());
    } else {
        files.extend(disk.weft_files(&root));
        files.extend(
            documents
                .keys()
                .filter(|path| path.extension().is_some_and(|ext| ext == "weft"))
                .cloned(),
        );
        manifest = Some(root.join(MANIFEST_FILE));
    }
    let mut sources = SourceMap::with_stdlib();
    let mut paths: Vec<Option<PathBuf>> = sources.files().map(|_| None).collect();
    let mut versions = HashMap::new();
    for path in manifest.iter().chain(files.iter()) {
        // The editor's text wins over the disk's; its version is what the
        // diagnostics computed from it are published for.
        let text = match documents.remove(path) {
            Some(Document { text, version }) => {
                versions.insert(path.clone(), version);
                Some(text)
            }
            None => disk.read(path),
        };
        if let Some(text) = text {
            sources.add(path.display().to_string(), text, Origin::Project);
            paths.push(Some(path.clone()));
        }
    }
    cache.retain_below(paths.len());
    let result = weft_compiler::check_with(&sources, &mut |file, text| {
        cache.parse(file, text, previous.as_deref())
    });
    // The previous analysis is not needed any more: let the server's copy
    // be the last, so that it comes back here whole when retired.
    drop(previous);
    let analysis = Arc::new(Analysis::new(sources, result, paths, versions));
    let published = diagnostics::by_file(&analysis);
    (analysis, published)
}
