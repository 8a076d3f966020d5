//! Names: the table of every declaration by fully-qualified name, each file's
//! imports, and lookup with "did you mean" suggestions.

use super::intern::{join_into, Interner, Sym};
use super::suggest::suggest;
use crate::codes;
use crate::model::{DeclRef, Definition, Reference, WrittenName};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::{Cell, RefCell};
use weft_model::SmolStr;
use weft_syntax::syntax::{Ident, Path, UseDecl};
use weft_syntax::{Diagnostic, Span};

/// Every declared name, keyed by its interned fully-qualified name.
#[derive(Default)]
pub(crate) struct SymbolTable {
    /// Every fully-qualified name and package, interned once.
    pub(crate) strings: Interner,
    /// Fully-qualified name → declaration and where it is declared.
    names: FxHashMap<Sym, (DeclRef, Span)>,
    /// Names of declarations that did not parse: references to them are not
    /// reported again.
    broken: FxHashMap<Sym, Span>,
    /// Every package and every prefix of one (`acme`, `acme.production`).
    packages: FxHashSet<Sym>,
}

impl SymbolTable {
    /// Room for `declarations` names (and their packages) without rehashing.
    pub(crate) fn reserve(&mut self, declarations: usize) {
        self.strings.reserve(declarations);
        self.names.reserve(declarations);
    }

    pub(crate) fn add_package(&mut self, package: &str) {
        let mut end = 0;
        for segment in package.split('.') {
            end += segment.len();
            let prefix = self.strings.intern(&package[..end]);
            self.packages.insert(prefix);
            end += 1;
        }
    }

    /// Records a declaration under its fully-qualified name.
    pub(crate) fn declare(&mut self, qualified: &SmolStr, decl: DeclRef, span: Span) {
        let sym = self.strings.intern_shared(qualified);
        self.names.insert(sym, (decl, span));
    }

    /// Records a declaration that did not parse.
    pub(crate) fn declare_broken(&mut self, qualified: &SmolStr, span: Span) {
        let sym = self.strings.intern_shared(qualified);
        self.broken.insert(sym, span);
    }

    /// The declaration of a fully-qualified name.
    pub(crate) fn get(&self, qualified: &str) -> Option<(DeclRef, Span)> {
        self.names.get(&self.strings.get(qualified)?).copied()
    }

    /// The declaration of an interned fully-qualified name.
    pub(crate) fn get_sym(&self, sym: Sym) -> Option<(DeclRef, Span)> {
        self.names.get(&sym).copied()
    }

    /// Where a declaration that did not parse has this name.
    pub(crate) fn broken(&self, qualified: &str) -> Option<Span> {
        self.broken.get(&self.strings.get(qualified)?).copied()
    }

    /// Whether a name is declared, parsed or not: the symbol if so.
    fn known(&self, qualified: &str) -> Option<Sym> {
        let sym = self.strings.get(qualified)?;
        (self.names.contains_key(&sym) || self.broken.contains_key(&sym)).then_some(sym)
    }

    fn is_package(&self, qualified: &str) -> bool {
        self.strings
            .get(qualified)
            .is_some_and(|sym| self.packages.contains(&sym))
    }

    /// Every declaration with its fully-qualified name, in no particular
    /// order (for suggestions, which pick the closest name whatever the
    /// order).
    pub(crate) fn names(&self) -> impl Iterator<Item = (&str, DeclRef, Span)> + '_ {
        self.names
            .iter()
            .map(|(sym, (decl, span))| (self.strings.text(*sym), *decl, *span))
    }

    /// Every declaration with its fully-qualified name, sorted by name (for
    /// the model, which must not depend on hashing).
    pub(crate) fn sorted_names(&self) -> Vec<(&SmolStr, DeclRef, Span)> {
        let mut names: Vec<(&SmolStr, DeclRef, Span)> = self
            .names
            .iter()
            .map(|(sym, (decl, span))| (self.strings.shared(*sym), *decl, *span))
            .collect();
        names.sort_unstable_by(|a, b| a.0.cmp(b.0));
        names
    }

    /// Every package, in no particular order.
    fn packages(&self) -> impl Iterator<Item = &str> + '_ {
        self.packages.iter().map(|sym| self.strings.text(*sym))
    }
}

/// Records the name a `use` line writes, if it names a declaration (not a
/// package).
fn record(table: &SymbolTable, target: &str, span: Span, references: &mut Vec<Reference>) {
    if let Some((decl, _)) = table.get(target) {
        references.push(Reference {
            span,
            to: Definition::Decl(decl),
        });
    }
}

/// One import of a file.
pub(crate) struct Import {
    /// What the local name stands for: a declaration's or a package's full name.
    pub(crate) target: SmolStr,
    /// The import's span (for "unused" warnings).
    pub(crate) span: Span,
    /// Whether it is one of several names in braces.
    pub(crate) braced: bool,
    pub(crate) used: Cell<bool>,
}

/// What one file can see: its package's names and its imports.
pub(crate) struct FileScope {
    pub(crate) package: SmolStr,
    pub(crate) imports: FxHashMap<SmolStr, Import>,
    /// Where lookups compose the names they try, so that a lookup does not
    /// allocate.
    scratch: RefCell<String>,
}

/// The outcome of looking a path up.
pub(crate) enum Lookup {
    /// The declaration and its interned fully-qualified name.
    Found(DeclRef, Sym),
    /// Refers to a declaration that did not parse: already reported.
    Broken,
    NotFound,
    Ambiguous(Vec<String>),
}

impl FileScope {
    /// Builds a file's scope, reporting imports that name nothing and
    /// recording those that name a declaration. `targets` are the full
    /// names the `use` lines import, in order (the item index's imports).
    pub(crate) fn new(
        package: SmolStr,
        (uses, targets): (&[&UseDecl], &[WrittenName]),
        table: &SymbolTable,
        (diagnostics, references): (&mut Vec<Diagnostic>, &mut Vec<Reference>),
    ) -> FileScope {
        let mut scope = FileScope {
            package,
            imports: FxHashMap::default(),
            scratch: RefCell::new(String::new()),
        };
        let mut targets = targets.iter().map(|target| target.text.clone());
        for decl in uses {
            if decl.names.is_empty() {
                let Some(target) = targets.next() else {
                    continue;
                };
                let Some(last) = decl.path.last() else {
                    continue;
                };
                let local = decl.alias.as_ref().unwrap_or(last);
                let span = decl.path.span.to(local.span);
                record(table, &target, last.span, references);
                scope.import(local, target, (span, false), table, diagnostics);
            } else {
                for name in &decl.names {
                    let Some(target) = targets.next() else {
                        continue;
                    };
                    let local = name.alias.as_ref().unwrap_or(&name.name);
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
        target: SmolStr,
        (span, braced): (Span, bool),
        table: &SymbolTable,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let exists = table.known(&target).is_some() || table.is_package(&target);
        if !exists {
            let suggestion = suggest(
                &target,
                table
                    .names()
                    .map(|(name, _, _)| name)
                    .chain(table.packages()),
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
        // Whether the import names this package's own declaration of the
        // name (`package.local`), checked without composing that name.
        let names_own = target
            .strip_prefix(self.package.as_str())
            .and_then(|rest| rest.strip_prefix('.'))
            == Some(local.text.as_str());
        let mut scratch = std::mem::take(self.scratch.get_mut());
        let declared_here = join_into(&mut scratch, [self.package.as_str(), local.text.as_str()]);
        let own = (!names_own && table.get(&target).is_some())
            .then(|| table.get(declared_here))
            .flatten();
        if let Some((_, declared)) = own {
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
                .with_label(declared, format!("`{declared_here}` is declared here"))
                .with_help(format!(
                    "import it under another name, such as `use {target} as Imported{}`, or rename the declaration",
                    local.text
                )),
            );
            return;
        }
        *self.scratch.get_mut() = scratch;
        if let Some(previous) = self.imports.get(local.text.as_str()) {
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
    /// The names tried are composed in a scratch buffer and found by their
    /// interned symbol: nothing is allocated.
    pub(crate) fn lookup(&self, path: &Path, table: &SymbolTable) -> Lookup {
        let mut scratch = self.scratch.borrow_mut();
        let segments = || path.segments.iter().map(|segment| segment.text.as_str());
        // At most two candidates: this package's name and an import's (kept
        // on the stack: a lookup runs for every name a file writes).
        let local = join_into(
            &mut scratch,
            std::iter::once(self.package.as_str()).chain(segments()),
        );
        let mut own = table.known(local);
        let mut imported = None;
        let first = path
            .segments
            .first()
            .map(|segment| segment.text.as_str())
            .unwrap_or_default();
        if let Some(import) = self.imports.get(first) {
            let target = join_into(
                &mut scratch,
                std::iter::once(import.target.as_str()).chain(segments().skip(1)),
            );
            if let Some(sym) = table.known(target) {
                import.used.set(true);
                if own != Some(sym) {
                    imported = Some(sym);
                }
            }
        }
        if own.is_none() && imported.is_none() {
            own = table.known(join_into(&mut scratch, segments()));
        }
        match (own, imported) {
            (None, None) => Lookup::NotFound,
            (Some(only), None) | (None, Some(only)) => match table.get_sym(only) {
                Some((decl, _)) => Lookup::Found(decl, only),
                None => Lookup::Broken,
            },
            (Some(own), Some(imported)) => Lookup::Ambiguous(
                [own, imported]
                    .iter()
                    .map(|sym| table.strings.text(*sym).to_string())
                    .collect(),
            ),
        }
    }

    /// Names visible here, for suggestions: this package's and the imports'.
    pub(crate) fn visible<'a>(
        &'a self,
        table: &'a SymbolTable,
    ) -> impl Iterator<Item = String> + 'a {
        let prefix = format!("{}.", self.package);
        let local = table
            .names()
            .filter_map(move |(name, _, _)| name.strip_prefix(&prefix).map(str::to_string));
        local.chain(self.imports.keys().map(SmolStr::to_string))
    }

    /// Warnings for imports nothing used.
    pub(crate) fn unused(&self, diagnostics: &mut Vec<Diagnostic>) {
        let mut unused: Vec<(&SmolStr, &Import)> = self
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
