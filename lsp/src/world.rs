//! The server's state: the open documents, the projects they belong to, and
//! each project's last analysis.

use crate::analysis::Analysis;
use crate::disk::Disk;
use crate::front::ParseCache;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use weft_compiler::manifest::MANIFEST_FILE;
use weft_compiler::{Origin, SourceMap};

/// One project: a folder with `weft.toml`, or a lone `.weft` file.
pub(crate) struct Project {
    /// The folder, or the lone file.
    pub(crate) root: PathBuf,
    /// Whether `root` is a lone file.
    pub(crate) lone_file: bool,
    /// The last analysis.
    pub(crate) analysis: Option<Arc<Analysis>>,
    /// Whether the texts changed since the last analysis.
    pub(crate) dirty: bool,
    /// The files diagnostics were last published for.
    pub(crate) published: BTreeSet<PathBuf>,
    parses: ParseCache,
}

/// Documents and projects.
pub(crate) struct World {
    pub(crate) disk: Arc<dyn Disk>,
    /// The editor's texts of open documents, by path.
    pub(crate) documents: HashMap<PathBuf, String>,
    /// Projects by root.
    pub(crate) projects: BTreeMap<PathBuf, Project>,
}

impl World {
    pub(crate) fn new(disk: Arc<dyn Disk>) -> World {
        World {
            disk,
            documents: HashMap::new(),
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
                dirty: true,
                published: BTreeSet::new(),
                parses: ParseCache::default(),
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

    /// Marks every project holding `path` for re-analysis.
    pub(crate) fn touch(&mut self, path: &Path) {
        let root = self.project_for(path);
        if let Some(project) = self.projects.get_mut(&root) {
            project.dirty = true;
        }
    }

    /// Marks every project for re-analysis (files appeared or vanished).
    pub(crate) fn touch_all(&mut self) {
        for project in self.projects.values_mut() {
            project.dirty = true;
        }
    }

    /// The last analysis of the project holding `path`.
    pub(crate) fn analysis_for(&self, path: &Path) -> Option<Arc<Analysis>> {
        let root = self.known_root(path)?;
        self.projects.get(&root)?.analysis.clone()
    }

    /// Re-analyses one project from the documents and the disk.
    pub(crate) fn analyse(&mut self, root: &Path) -> Option<Arc<Analysis>> {
        let disk = Arc::clone(&self.disk);
        let project = self.projects.get_mut(root)?;
        let mut files: BTreeSet<PathBuf> = BTreeSet::new();
        let mut manifest = None;
        if project.lone_file {
            files.insert(root.to_path_buf());
        } else {
            files.extend(disk.weft_files(root));
            files.extend(
                self.documents
                    .keys()
                    .filter(|path| {
                        path.starts_with(root) && path.extension().is_some_and(|e| e == "weft")
                    })
                    .cloned(),
            );
            manifest = Some(root.join(MANIFEST_FILE));
        }
        let text_of = |path: &Path| -> Option<String> {
            self.documents
                .get(path)
                .cloned()
                .or_else(|| disk.read(path))
        };
        let mut sources = SourceMap::with_stdlib();
        let mut paths: Vec<Option<PathBuf>> = sources.files().map(|_| None).collect();
        for path in manifest.iter().chain(files.iter()) {
            if let Some(text) = text_of(path) {
                sources.add(path.display().to_string(), text, Origin::Project);
                paths.push(Some(path.clone()));
            }
        }
        let parses = &mut project.parses;
        parses.retain_below(paths.len());
        let result =
            weft_compiler::check_with(&sources, &mut |file, text| parses.parse(file, text));
        let analysis = Arc::new(Analysis::new(sources, result, paths));
        project.analysis = Some(Arc::clone(&analysis));
        project.dirty = false;
        Some(analysis)
    }
}
