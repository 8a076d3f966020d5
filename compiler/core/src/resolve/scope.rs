//! Names: the table of every declaration by fully-qualified name, each file's
//! imports, and lookup with "did you mean" suggestions.

use super::intern::{join_into, Interner, Sym};
use crate::codes;
use crate::model::{DeclRef, Definition, Reference, WrittenName};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::{Cell, RefCell};
use weft_base::suggest::suggest;
use weft_model::SmolStr;
use weft_syntax::syntax::{Ident, Name, NameId, Path, UseDecl};
use weft_syntax::{Diagnostic, Span};

/// Every declared name, by package and name: a package is interned once
/// (a [`Sym`]) and each package has its own map of names by their
/// [`NameId`], so that finding a name written without a package (the usual
/// case) composes nothing and hashes one number: the tree's names are
/// interned already.
#[derive(Default)]
pub(crate) struct SymbolTable {
    /// Every package and every prefix of one, interned once.
    pub(crate) strings: Interner,
    /// Package → name → declaration (or a declaration that did not parse).
    names: FxHashMap<Sym, FxHashMap<NameId, Entry>>,
    /// Every package and every prefix of one (`acme`, `acme.production`).
    packages: FxHashSet<Sym>,
}

/// What a declared name stands for.
#[derive(Clone, Copy)]
enum Entry {
    Declared(DeclRef, Span),
    /// A declaration that did not parse: references to it are not reported
    /// again.
    Broken(Span),
}

/// A name the table knows: its package and its own name.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Key {
    package: Sym,
    name: Name,
}

impl SymbolTable {
    /// Room for `declarations` names without rehashing.
    pub(crate) fn reserve(&mut self, declarations: usize) {
        // Packages are few; the names are spread over them.
        self.strings.reserve(declarations / 64);
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

    /// Records a declaration under its package and name.
    pub(crate) fn declare(&mut self, package: &str, name: Name, decl: DeclRef, span: Span) {
        self.insert(package, name, Entry::Declared(decl, span));
    }

    /// Records a declaration that did not parse.
    pub(crate) fn declare_broken(&mut self, package: &str, name: Name, span: Span) {
        self.insert(package, name, Entry::Broken(span));
    }

    fn insert(&mut self, package: &str, name: Name, entry: Entry) {
        let package = self.strings.intern(package);
        self.names
            .entry(package)
            .or_default()
            .insert(name.id(), entry);
    }

    /// The interned package, if any declaration can be in it.
    pub(crate) fn package(&self, package: &str) -> Option<Sym> {
        self.strings.get(package)
    }

    /// The entry of a name in an interned package.
    fn in_package(&self, package: Option<Sym>, name: Name) -> Option<(Key, Entry)> {
        let package = package?;
        let entry = self.names.get(&package)?.get(&name.id())?;
        Some((Key { package, name }, *entry))
    }

    /// The entry of a fully-qualified name (`package.Name`).
    fn qualified(&self, qualified: &str) -> Option<(Key, Entry)> {
        let (package, name) = qualified.rsplit_once('.')?;
        self.in_package(self.package(package), Name::new(name))
    }

    /// The declaration of a name in its package.
    pub(crate) fn get_in(&self, package: &str, name: Name) -> Option<(DeclRef, Span)> {
        match self.in_package(self.package(package), name)?.1 {
            Entry::Declared(decl, span) => Some((decl, span)),
            Entry::Broken(_) => None,
        }
    }

    /// Where a declaration that did not parse has this name.
    pub(crate) fn broken_in(&self, package: &str, name: Name) -> Option<Span> {
        match self.in_package(self.package(package), name)?.1 {
            Entry::Broken(span) => Some(span),
            Entry::Declared(..) => None,
        }
    }

    /// The declaration of a fully-qualified name.
    pub(crate) fn get(&self, qualified: &str) -> Option<(DeclRef, Span)> {
        match self.qualified(qualified)?.1 {
            Entry::Declared(decl, span) => Some((decl, span)),
            Entry::Broken(_) => None,
        }
    }

    fn is_package(&self, qualified: &str) -> bool {
        self.strings
            .get(qualified)
            .is_some_and(|sym| self.packages.contains(&sym))
    }

    /// The fully-qualified name of a key, for messages.
    pub(crate) fn text(&self, key: Key) -> String {
        format!("{}.{}", self.strings.text(key.package), key.name)
    }

    /// Every declaration with its fully-qualified name, in no particular
    /// order (for suggestions, which pick the closest name whatever the
    /// order): each name is composed, so this is for messages only.
    pub(crate) fn names(&self) -> impl Iterator<Item = (String, DeclRef, Span)> + '_ {
        self.names.iter().flat_map(move |(package, names)| {
            let package = self.strings.text(*package);
            names.iter().filter_map(move |(name, entry)| match entry {
                Entry::Declared(decl, span) => {
                    Some((format!("{package}.{}", name.name()), *decl, *span))
                }
                Entry::Broken(_) => None,
            })
        })
    }

    /// Every declaration by its fully-qualified name, for the model.
    pub(crate) fn qualified_names(&self) -> FxHashMap<SmolStr, DeclRef> {
        let mut buffer = String::new();
        // Sized once: at 100,000 declarations growth copied the table a
        // dozen times.
        let declared = self.names.values().map(|entries| entries.len()).sum();
        let mut names = FxHashMap::with_capacity_and_hasher(declared, Default::default());
        for (package, entries) in &self.names {
            let package = self.strings.text(*package);
            for (name, entry) in entries {
                if let Entry::Declared(decl, _) = entry {
                    let qualified = join_into(&mut buffer, [package, name.name().as_str()]);
                    names.insert(SmolStr::new(qualified), *decl);
                }
            }
        }
        names
    }

    /// Every package, in no particular order.
    fn packages(&self) -> impl Iterator<Item = &str> + '_ {
        self.packages.iter().map(|sym| self.strings.text(*sym))
    }
}

/// Records the name a `use` line writes, if it names a declaration (not a
/// package).
fn record(table: &SymbolTable, target: &str, span: Span, references: Option<&mut Vec<Reference>>) {
    let Some(references) = references else {
        return;
    };
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
    /// The package of `target` and where its own name starts in it, found
    /// once here rather than at each name the import resolves (`None`
    /// when no package declares anything of that name).
    target_package: Option<Sym>,
    target_name: Name,
    /// The import's span (for "unused" warnings).
    pub(crate) span: Span,
    /// Whether it is one of several names in braces.
    pub(crate) braced: bool,
    pub(crate) used: Cell<bool>,
}

/// What one file can see: its package's names and its imports.
pub(crate) struct FileScope {
    pub(crate) package: SmolStr,
    /// The package, interned (every file's package is in the table).
    package_sym: Option<Sym>,
    /// By local name.
    pub(crate) imports: FxHashMap<NameId, Import>,
    /// Where lookups compose the names they try, so that a lookup does not
    /// allocate.
    scratch: RefCell<String>,
}

/// The outcome of looking a path up.
pub(crate) enum Lookup {
    /// The declaration, its name in the table and where it is declared.
    Found(DeclRef, Key, Span),
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
        (diagnostics, mut references): (&mut Vec<Diagnostic>, Option<&mut Vec<Reference>>),
    ) -> FileScope {
        let mut scope = FileScope {
            package_sym: table.package(&package),
            package,
            // One entry per name imported, the usual case.
            imports: FxHashMap::with_capacity_and_hasher(targets.len(), Default::default()),
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
                let span = decl.path.span().to(local.span);
                record(table, &target, last.span, references.as_deref_mut());
                scope.import(local, target, (span, false), table, diagnostics);
            } else {
                for name in &decl.names {
                    let Some(target) = targets.next() else {
                        continue;
                    };
                    let local = name.alias.as_ref().unwrap_or(&name.name);
                    record(table, &target, name.name.span, references.as_deref_mut());
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
        // The target's package and name, interned once: for whether it
        // exists, whether it is a parsed declaration (for the clash with
        // this package's own below), and the lookups through the import.
        let (target_package, target_name) = match target.rsplit_once('.') {
            Some((package, name)) => (table.package(package), Name::new(name)),
            None => (None, Name::default()),
        };
        let entry = table
            .in_package(target_package, target_name)
            .map(|(_, entry)| entry);
        let exists = entry.is_some() || table.is_package(&target);
        if !exists {
            let names: Vec<String> = table.names().map(|(name, _, _)| name).collect();
            let suggestion = suggest(
                &target,
                names.iter().map(String::as_str).chain(table.packages()),
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
        let declared = matches!(entry, Some(Entry::Declared(..)));
        let own = (!names_own && declared)
            .then(|| table.in_package(self.package_sym, local.text))
            .flatten();
        if let Some((_, Entry::Declared(_, declared))) = own {
            let declared_here = format!("{}.{}", self.package, local.text);
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
        if let Some(previous) = self.imports.get(&local.text.id()) {
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
            local.text.id(),
            Import {
                target,
                target_package,
                target_name,
                span,
                braced,
                used: Cell::new(false),
            },
        );
    }

    /// Looks a path up: a name of this package, an import, or a full name.
    /// A name without a package (the usual case) is found in its package's
    /// map without composing anything; the packages of longer paths are
    /// composed in a scratch buffer. Nothing is allocated.
    pub(crate) fn lookup(&self, path: &Path, table: &SymbolTable) -> Lookup {
        let Some((last, prefix)) = path.segments.split_last() else {
            return Lookup::NotFound;
        };
        let name = last.text;
        let mut scratch = self.scratch.borrow_mut();
        let prefix_texts = || prefix.iter().map(|segment| segment.text.as_str());
        // At most two candidates: this package's name and an import's (kept
        // on the stack: a lookup runs for every name a file writes).
        let own_package = if prefix.is_empty() {
            self.package_sym
        } else {
            table.package(join_into(
                &mut scratch,
                std::iter::once(self.package.as_str()).chain(prefix_texts()),
            ))
        };
        let mut own = table.in_package(own_package, name);
        let mut imported = None;
        let first = path.segments.first().map_or(name, |segment| segment.text);
        if let Some(import) = self.imports.get(&first.id()) {
            let found = match prefix.split_first() {
                // The import itself names the declaration.
                None => table.in_package(import.target_package, import.target_name),
                Some((_, middle)) => table.in_package(
                    table.package(join_into(
                        &mut scratch,
                        std::iter::once(import.target.as_str())
                            .chain(middle.iter().map(|segment| segment.text.as_str())),
                    )),
                    name,
                ),
            };
            if let Some(found) = found {
                import.used.set(true);
                if own.map(|(key, _)| key) != Some(found.0) {
                    imported = Some(found);
                }
            }
        }
        if own.is_none() && imported.is_none() && !prefix.is_empty() {
            own = table.in_package(table.package(join_into(&mut scratch, prefix_texts())), name);
        }
        match (own, imported) {
            (None, None) => Lookup::NotFound,
            (Some((key, entry)), None) | (None, Some((key, entry))) => match entry {
                Entry::Declared(decl, span) => Lookup::Found(decl, key, span),
                Entry::Broken(_) => Lookup::Broken,
            },
            (Some((own, _)), Some((imported, _))) => {
                Lookup::Ambiguous(vec![table.text(own), table.text(imported)])
            }
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
        local.chain(self.imports.keys().map(|name| name.name().to_string()))
    }

    /// Warnings for imports nothing used.
    pub(crate) fn unused(&self, diagnostics: &mut Vec<Diagnostic>) {
        let mut unused: Vec<(Name, &Import)> = self
            .imports
            .iter()
            .filter(|(_, import)| !import.used.get())
            .map(|(local, import)| (local.name(), import))
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
