//! The server's state: the open documents, the projects they belong to, and
//! each project's last analysis.

use crate::analysis::Analysis;
use crate::disk::Disk;
use crate::worker::{Job, Published};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use weft_compiler::manifest::MANIFEST_FILE;

/// One project: a folder with `weft.toml`, or a lone `.weft` file.
pub(crate) struct Project {
    /// The folder, or the lone file.
    pub(crate) root: PathBuf,
    /// Whether `root` is a lone file.
    pub(crate) lone_file: bool,
    /// The last good analysis.
    pub(crate) analysis: Option<Arc<Analysis>>,
    /// Counts the changes to the project's texts.
    pub(crate) generation: u64,
    /// The generation the last finished analysis covers (whether it
    /// succeeded or not).
    pub(crate) analysed: u64,
    /// Files whose text changed since the last analysis started: their
    /// diagnostics are published first, and always.
    pub(crate) edited: BTreeSet<PathBuf>,
    /// The diagnostics last published, by file.
    pub(crate) published: Published,
}

impl Project {
    /// Whether the texts changed since the last analysis.
    pub(crate) fn dirty(&self) -> bool {
        self.generation > self.analysed
    }
}

/// A document open in the editor.
#[derive(Clone)]
pub(crate) struct Document {
    /// The editor's text.
    pub(crate) text: String,
    /// The editor's version of the text, sent back with the diagnostics
    /// computed from it so that the editor can tell stale ones.
    pub(crate) version: i32,
}

/// Documents and projects.
pub(crate) struct World {
    pub(crate) disk: Arc<dyn Disk>,
    /// The open documents, by path.
    pub(crate) documents: HashMap<PathBuf, Document>,
    /// The URI each open document was opened with, when it is not the one
    /// the server would write for its path (`file://localhost/…`, other
    /// percent-encoding): what the server sends is respelled to it, as
    /// clients compare URIs as strings.
    pub(crate) spellings: HashMap<PathBuf, String>,
    /// Projects by root.
    pub(crate) projects: BTreeMap<PathBuf, Project>,
}

impl World {
    pub(crate) fn new(disk: Arc<dyn Disk>) -> World {
        World {
            disk,
            documents: HashMap::new(),
            spellings: HashMap::new(),
            projects: BTreeMap::new(),
        }
    }

    /// The root of the project a file belongs to: the nearest folder above
    /// it with `weft.toml`, or the file itself.
    pub(crate) fn root_of(&self, path: &Path) -> (PathBuf, bool) {
        for folder in path.ancestors().skip(1) {
            let manifest = folder.join(MANIFEST_FILE);
            if self.documents.contains_key(&manifest) || self.disk.is_file(&manifest) {
                return (folder.to_path_buf(), false);
            }
        }
        (path.to_path_buf(), true)
    }

    /// The project a file belongs to, made (and marked for analysis) on
    /// first use.
    pub(crate) fn project_for(&mut self, path: &Path) -> PathBuf {
        if let Some(root) = self.known_root(path) {
            return root;
        }
        let (root, lone_file) = self.root_of(path);
        self.projects
            .entry(root.clone())
            .or_insert_with(|| Project {
                root: root.clone(),
                lone_file,
                analysis: None,
                generation: 1,
                analysed: 0,
                edited: BTreeSet::new(),
                published: Published::new(),
            });
        root
    }

    /// The root of a known project holding the path.
    pub(crate) fn known_root(&self, path: &Path) -> Option<PathBuf> {
        self.projects
            .values()
            .filter(|project| {
                if project.lone_file {
                    project.root == path
                } else {
                    path.starts_with(&project.root)
                }
            })
            // The innermost project wins.
            .max_by_key(|project| project.root.components().count())
            .map(|project| project.root.clone())
    }

    /// Marks the project holding `path` for re-analysis.
    pub(crate) fn touch(&mut self, path: &Path) {
        let root = self.project_for(path);
        if let Some(project) = self.projects.get_mut(&root) {
            project.generation += 1;
            project.edited.insert(path.to_path_buf());
        }
    }

    /// Marks every project for re-analysis (files appeared or vanished).
    pub(crate) fn touch_all(&mut self) {
        for project in self.projects.values_mut() {
            project.generation += 1;
        }
    }

    /// The last analysis of the project holding `path`.
    pub(crate) fn analysis_for(&self, path: &Path) -> Option<Arc<Analysis>> {
        let root = self.known_root(path)?;
        self.projects.get(&root)?.analysis.clone()
    }

    /// The snapshot the worker analyses a project from: its open
    /// documents, and the last analysis to re-parse edited files from.
    pub(crate) fn job(&self, root: &Path) -> Option<Job> {
        let project = self.projects.get(root)?;
        let documents = self
            .documents
            .iter()
            .filter(|(path, _)| {
                if project.lone_file {
                    *path == root
                } else {
                    path.starts_with(root)
                }
            })
            .map(|(path, document)| (path.clone(), document.clone()))
            .collect();
        Some(Job {
            root: root.to_path_buf(),
            lone_file: project.lone_file,
            generation: project.generation,
            documents,
            previous: project.analysis.clone(),
        })
    }
}
