//! Names: the table of every declaration by fully-qualified name, each file's
//! imports, and lookup with "did you mean" suggestions.

use super::suggest::suggest;
use crate::codes;
use crate::model::{DeclRef, Definition, Reference};
use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use weft_syntax::syntax::{Ident, Path, UseDecl};
use weft_syntax::{Diagnostic, Span};

/// Every declared name.
#[derive(Default)]
pub(crate) struct SymbolTable {
    /// Fully-qualified name → declaration and where it is declared.
    pub(crate) names: BTreeMap<String, (DeclRef, Span)>,
    /// Names of declarations that did not parse: references to them are not
    /// reported again.
    pub(crate) broken: BTreeMap<String, Span>,
    /// Every package and every prefix of one (`acme`, `acme.production`).
    pub(crate) packages: BTreeSet<String>,
}

impl SymbolTable {
    pub(crate) fn add_package(&mut self, package: &str) {
        let mut prefix = String::new();
        for segment in package.split('.') {
            if !prefix.is_empty() {
                prefix.push('.');
            }
            prefix.push_str(segment);
            self.packages.insert(prefix.clone());
        }
    }
}

/// Records the name a `use` line writes, if it names a declaration (not a
/// package).
fn record(table: &SymbolTable, target: &str, span: Span, references: &mut Vec<Reference>) {
    if let Some((decl, _)) = table.names.get(target) {
        references.push(Reference {
            span,
            to: Definition::Decl(*decl),
        });
    }
}

/// One import of a file.
pub(crate) struct Import {
    /// What the local name stands for: a declaration's or a package's full name.
    pub(crate) target: String,
    /// The import's span (for "unused" warnings).
    pub(crate) span: Span,
    /// Whether it is one of several names in braces.
    pub(crate) braced: bool,
    pub(crate) used: Cell<bool>,
}

/// What one file can see: its package's names and its imports.
pub(crate) struct FileScope {
    pub(crate) package: String,
    pub(crate) imports: HashMap<String, Import>,
}

/// The outcome of looking a path up.
pub(crate) enum Lookup {
    Found(DeclRef, String),
    /// Refers to a declaration that did not parse: already reported.
    Broken,
    NotFound,
    Ambiguous(Vec<String>),
}

impl FileScope {
    /// Builds a file's scope, reporting imports that name nothing and
    /// recording those that name a declaration.
    pub(crate) fn new(
        package: String,
        uses: &[&UseDecl],
        table: &SymbolTable,
        (diagnostics, references): (&mut Vec<Diagnostic>, &mut Vec<Reference>),
    ) -> FileScope {
        let mut scope = FileScope {
            package,
            imports: HashMap::new(),
        };
        for decl in uses {
            let base = decl.path.dotted();
            if decl.names.is_empty() {
                let Some(last) = decl.path.last() else {
                    continue;
                };
                let local = decl.alias.as_ref().unwrap_or(last);
                let span = decl.path.span.to(local.span);
                record(table, &base, last.span, references);
                scope.import(local, base, (span, false), table, diagnostics);
            } else {
                for name in &decl.names {
                    let local = name.alias.as_ref().unwrap_or(&name.name);
                    let target = format!("{base}.{}", name.name.text);
                    record(table, &target, name.name.span, references);
                    scope.import(local, target, (name.span, true), table, diagnostics);
                }
            }
        }
        scope
    }

    fn import(
        &mut self,
        local: &Ident,
        target: String,
        (span, braced): (Span, bool),
        table: &SymbolTable,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let exists = table.names.contains_key(&target)
            || table.packages.contains(&target)
            || table.broken.contains_key(&target);
        if !exists {
            let suggestion = suggest(
                &target,
                table
                    .names
                    .keys()
                    .chain(table.packages.iter())
                    .map(String::as_str),
            );
            let mut diagnostic = Diagnostic::error(
                codes::UNRESOLVED_NAME,
                format!("`{target}` does not exist"),
                span,
                "nothing has this name",
            );
            diagnostic = match suggestion {
                Some(name) => diagnostic.with_help(format!("did you mean `{name}`?")),
                None => diagnostic.with_help("check the package name; `weft check` sees the project's files and the standard library `std`"),
            };
            diagnostics.push(diagnostic);
            return;
        }
        let declared_here = format!("{}.{}", self.package, local.text);
        if declared_here != target && table.names.contains_key(&target) {
            if let Some((_, declared)) = table.names.get(&declared_here) {
                diagnostics.push(
                    Diagnostic::error(
                        codes::AMBIGUOUS_NAME,
                        format!(
                            "`{}` is imported from `{target}`, but package `{}` declares its own `{}`",
                            local.text, self.package, local.text
                        ),
                        span,
                        "this import",
                    )
                    .with_label(*declared, format!("`{declared_here}` is declared here"))
                    .with_help(format!(
                        "import it under another name, such as `use {target} as Imported{}`, or rename the declaration",
                        local.text
                    )),
                );
                return;
            }
        }
        if let Some(previous) = self.imports.get(&local.text) {
            if previous.target == target {
                diagnostics.push(
                    Diagnostic::warning(
                        codes::UNUSED_IMPORT,
                        format!("`{}` is already imported", local.text),
                        span,
                        "imported again here",
                    )
                    .with_label(previous.span, "first imported here")
                    .with_help("remove this import"),
                );
            } else {
                diagnostics.push(
                    Diagnostic::error(
                        codes::AMBIGUOUS_NAME,
                        format!(
                            "`{}` is imported twice, from `{}` and `{target}`",
                            local.text, previous.target
                        ),
                        span,
                        "second import",
                    )
                    .with_label(previous.span, "first import")
                    .with_help(format!(
                        "rename one of them with `as`, for example `use {target} as Other{}`",
                        local.text
                    )),
                );
            }
            return;
        }
        self.imports.insert(
            local.text.clone(),
            Import {
                target,
                span,
                braced,
                used: Cell::new(false),
            },
        );
    }

    /// Looks a path up: a name of this package, an import, or a full name.
    pub(crate) fn lookup(&self, path: &Path, table: &SymbolTable) -> Lookup {
        let dotted = path.dotted();
        let mut candidates: Vec<String> = Vec::new();
        let local = format!("{}.{dotted}", self.package);
        if table.names.contains_key(&local) || table.broken.contains_key(&local) {
            candidates.push(local);
        }
        let first = path
            .segments
            .first()
            .map(|segment| segment.text.as_str())
            .unwrap_or_default();
        if let Some(import) = self.imports.get(first) {
            let rest: Vec<&str> = path
                .segments
                .iter()
                .skip(1)
                .map(|segment| segment.text.as_str())
                .collect();
            let target = if rest.is_empty() {
                import.target.clone()
            } else {
                format!("{}.{}", import.target, rest.join("."))
            };
            if table.names.contains_key(&target) || table.broken.contains_key(&target) {
                import.used.set(true);
                if !candidates.contains(&target) {
                    candidates.push(target);
                }
            }
        }
        if candidates.is_empty()
            && (table.names.contains_key(&dotted) || table.broken.contains_key(&dotted))
        {
            candidates.push(dotted);
        }
        match candidates.len() {
            0 => Lookup::NotFound,
            1 => {
                let name = candidates.remove(0);
                match table.names.get(&name) {
                    Some((decl, _)) => Lookup::Found(*decl, name),
                    None => Lookup::Broken,
                }
            }
            _ => Lookup::Ambiguous(candidates),
        }
    }

    /// Names visible here, for suggestions: this package's and the imports'.
    pub(crate) fn visible<'a>(
        &'a self,
        table: &'a SymbolTable,
    ) -> impl Iterator<Item = String> + 'a {
        let prefix = format!("{}.", self.package);
        let local = table
            .names
            .keys()
            .filter_map(move |name| name.strip_prefix(&prefix).map(str::to_string));
        local.chain(self.imports.keys().cloned())
    }

    /// Warnings for imports nothing used.
    pub(crate) fn unused(&self, diagnostics: &mut Vec<Diagnostic>) {
        let mut unused: Vec<(&String, &Import)> = self
            .imports
            .iter()
            .filter(|(_, import)| !import.used.get())
            .collect();
        unused.sort_by_key(|(_, import)| (import.span.file, import.span.start));
        for (local, import) in unused {
            diagnostics.push(
                Diagnostic::warning(
                    codes::UNUSED_IMPORT,
                    format!("`{local}` is imported but never used"),
                    import.span,
                    "unused",
                )
                .with_help(if import.braced {
                    "remove it from the braces of the `use` line"
                } else {
                    "remove this `use` line"
                }),
            );
        }
    }
}
