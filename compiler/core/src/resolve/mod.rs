//! Resolution: from parsed files to the [`Model`]. The passes, in order:
//! 1. *declare* gives every named declaration an id and a fully-qualified
//!    name (duplicates are reported here), then each file's imports are read;
//! 2. *data* resolves the shapes of aliases, enums, records and entities'
//!    fields; alias cycles are broken, types nested too deeply are cut
//!    (so that no later walk recurses without bound) and entities take the fields of the
//!    record they name (in dependency order, cycles reported);
//! 3. *values* checks constraints and defaults, now that every type is known
//!    whatever the order of declarations and files;
//! 4. *landscape* fills in domains, systems, entities' clauses, events, APIs
//!    and policies; then *workflows* (which need the operations' types);
//! 5. *derive* computes what follows from the whole: consumers of events and
//!    the policies that apply to each declaration.
//!
//! `weft check` and `build` hand over the trees ([`resolve_releasing`]):
//! each file's tree is dropped once the last pass that reads its kinds of
//! declaration is done, and the bodies of events and APIs are parsed only
//! when the landscape pass comes to them ([`deferred_kind`]). The editor
//! keeps whole trees ([`resolve_with`]).
//!
//! Resolution never fails and never panics: what cannot be resolved is
//! reported and left as `Unknown`/`None`, so one mistake does not cascade.

mod aliases;
mod api;
mod blocks;
mod constraints;
mod data;
mod declare;
mod deferred;
mod depth;
mod derive;
mod entity;
mod event;
mod expr;
mod fixes;
mod index;
mod inherit;
mod intern;
mod landscape;
mod lookup;
mod lower;
mod paths;
mod patterns;
mod report;
mod scenario;
mod scope;
mod topic;
mod types;
mod values;
pub(crate) use values::{is_base64, too_fine, uuid_problem};
mod workflow;

use crate::manifest::Manifest;
use crate::model::*;
pub use index::written_names;
use index::WrittenNames;
pub(crate) use report::{duplicate, duplicate_with, invalid_value};
use rustc_hash::{FxHashMap, FxHashSet};
use scope::{FileScope, SymbolTable};
use weft_syntax::syntax::{Attributes, DeclKind, ItemKind, PackageDecl, Path, Segments};
use weft_syntax::{Deferred, Diagnostic, FileId, ParsedFile, Span, UnparsedClause, UnparsedPlace};

/// Whether resolution records every use site and what it names
/// (`Model::references`). Only an editor reads them (go to definition,
/// references, rename, highlights, lenses): `weft check` and `build` skip
/// them, which saves a tenth of the model's memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum References {
    /// Record them (the language server).
    Record,
    /// Leave `Model::references` empty.
    Skip,
}

/// Resolves every parsed file (project and stdlib) into one model, without
/// the references (see [`resolve_with`]). Never fails: what cannot be
/// resolved is reported and left as `Unknown`/`None`.
pub fn resolve(parsed: &[ParsedFile], manifest: Option<&Manifest>) -> (Model, Vec<Diagnostic>) {
    resolve_with(parsed, manifest, References::Skip)
}

/// [`resolve`], recording the references or not. The model is otherwise
/// the same, and so are the diagnostics.
pub fn resolve_with(
    parsed: &[ParsedFile],
    manifest: Option<&Manifest>,
    references: References,
) -> (Model, Vec<Diagnostic>) {
    resolve_trees(Trees::Kept(parsed), manifest, references).unwrap_or_default()
}

/// [`resolve_with`] on trees it owns: each file's tree is dropped as soon as
/// the last pass that reads it is done (`weft check` and `build` keep no
/// trees), so that the trees and the finished model are never all in
/// memory at once; the bodies a file's parse left for later
/// ([`Released::deferred`]) are parsed when their pass comes, and dropped
/// after it. Same model, apart from the item index (`Model::index`, which
/// only an editor reads: freed once the files' scopes are built), and same
/// diagnostics, syntax errors of the deferred bodies included.
///
/// `None` when a deferred body turned out broken (it has syntax errors the
/// parser could not recover from): it was declared from its head as a
/// whole declaration, which a broken one is not, so the caller resolves
/// the files again parsed whole.
pub fn resolve_releasing(
    files: Vec<Released<'_>>,
    manifest: Option<&Manifest>,
    references: References,
) -> Option<(Model, Vec<Diagnostic>)> {
    let last_passes = files.iter().map(|file| last_pass(&file.tree)).collect();
    let (trees, deferred) = files
        .into_iter()
        .map(|file| (file.tree, (file.deferred, file.text)))
        .unzip();
    resolve_trees(
        Trees::Released {
            files: trees,
            last_passes,
            deferred,
        },
        manifest,
        references,
    )
}

/// A file's tree handed over to [`resolve_releasing`].
pub struct Released<'s> {
    /// The tree, with the deferred declarations' heads.
    pub tree: ParsedFile,
    /// The declarations whose bodies `weft_syntax::parse_file_deferring`
    /// left for their pass, with their tokens (empty for a tree parsed
    /// whole).
    pub deferred: Deferred,
    /// The file's text, which the deferred bodies are parsed from.
    pub text: &'s str,
}

/// The passes that read syntax trees, in the order they run. Each reads
/// only some kinds of declaration (see [`last_pass`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Pass {
    /// Declarations, the files' scopes and where new `use` lines go:
    /// every item, for its name, attributes and imports.
    Declare,
    /// Shapes, alias constraints, then constraints and defaults of fields:
    /// aliases, enums, records and entities' fields.
    Data,
    /// Domains, systems, entities' clauses, events, APIs and policies.
    Landscape,
    /// Workflows.
    Workflows,
    /// Tests.
    Tests,
}

/// The last pass that reads anything of the file.
fn last_pass(file: &ParsedFile) -> Pass {
    file.items
        .iter()
        .map(|item| item_last_pass(&item.kind))
        .max()
        .unwrap_or(Pass::Declare)
}

/// The last pass that reads an item.
fn item_last_pass(kind: &ItemKind) -> Pass {
    match kind {
        ItemKind::Package(_) | ItemKind::Use(_) | ItemKind::Broken(_) => Pass::Declare,
        ItemKind::TypeAlias(_) | ItemKind::Enum(_) | ItemKind::Record(_) => Pass::Data,
        ItemKind::Domain(_)
        | ItemKind::System(_)
        | ItemKind::Entity(_)
        | ItemKind::Event(_)
        | ItemKind::Api(_)
        | ItemKind::Policy(_) => Pass::Landscape,
        ItemKind::Workflow(_) => Pass::Workflows,
        ItemKind::Test(_) => Pass::Tests,
    }
}

/// The kinds of declaration `weft check` parses only when their pass
/// comes: events and APIs, whose bodies only the landscape pass reads, so
/// that their trees are never all in memory at once (their tokens wait
/// instead, in less memory). Workflows, whose trees die in the last pass
/// anyway, gained nothing measurable deferred too (performance-history.md,
/// round "deferred bodies").
pub fn deferred_kind(kind: DeclKind) -> bool {
    matches!(kind, DeclKind::Event | DeclKind::Api)
}

/// The last pass that reads an item's own docs and annotations: declaring
/// (its docs and `@deprecated`), but the data pass reads an enum's
/// `@fallback` and the landscape an event's `@topic` settings.
fn attributes_last_pass(kind: &ItemKind) -> Pass {
    match kind {
        ItemKind::Enum(_) => Pass::Data,
        ItemKind::Event(_) => Pass::Landscape,
        _ => Pass::Declare,
    }
}

/// Frees what no pass after `done` reads of a file a later pass still
/// reads: the items whose last pass it was, and their attributes. A
/// released item stays in its place (the passes find items by their
/// position, `Resolver::declared`) as an empty `package` line, which no
/// pass after declaring reads.
fn release_items(file: &mut ParsedFile, done: Pass) {
    for item in &mut file.items {
        if item_last_pass(&item.kind) == done {
            item.kind = ItemKind::Package(PackageDecl {
                path: Path::new(Segments::default()),
            });
            item.attributes = Attributes::default();
        } else if attributes_last_pass(&item.kind) == done {
            item.attributes = Attributes::default();
        }
    }
}

/// The trees resolution reads: borrowed and kept, or owned and dropped
/// file by file once no later pass reads them.
enum Trees<'a> {
    Kept(&'a [ParsedFile]),
    Released {
        files: Vec<ParsedFile>,
        /// The last pass that reads each file, by position in `files`.
        last_passes: Vec<Pass>,
        /// Each file's deferred bodies and text, by position in `files`.
        deferred: Vec<(Deferred, &'a str)>,
    },
}

impl Trees<'_> {
    /// Whether the trees are dropped as the passes go (`check`, `build`).
    fn releases(&self) -> bool {
        matches!(self, Trees::Released { .. })
    }

    fn files(&self) -> &[ParsedFile] {
        match self {
            Trees::Kept(files) => files,
            Trees::Released { files, .. } => files,
        }
    }

    /// Runs `pass` over every file, in order, with `run`, and drops each
    /// tree that no later pass reads as soon as `run` is done with it. A
    /// dropped file keeps its id and loses its items, which later passes
    /// then do not find (they read only kinds the file does not have).
    /// The bodies deferred to this pass are parsed just before `run` reads
    /// their file.
    fn each(
        &mut self,
        pass: Pass,
        resolver: &mut Resolver,
        mut run: impl FnMut(&mut Resolver, &ParsedFile),
    ) {
        match self {
            Trees::Kept(files) => files.iter().for_each(|file| run(resolver, file)),
            Trees::Released {
                files,
                last_passes,
                deferred,
            } => {
                for ((file, last), (bodies, text)) in files
                    .iter_mut()
                    .zip(last_passes.iter())
                    .zip(deferred.iter_mut())
                {
                    resolver.parse_deferred(file, bodies, text, pass);
                    run(resolver, file);
                    if *last == pass {
                        *file = ParsedFile {
                            file: file.file,
                            items: Vec::new(),
                            comments: Vec::new(),
                            errors: Vec::new(),
                            unparsed_clauses: Vec::new(),
                        };
                    } else {
                        release_items(file, pass);
                    }
                }
            }
        }
    }
}

fn resolve_trees(
    mut trees: Trees<'_>,
    manifest: Option<&Manifest>,
    references: References,
) -> Option<(Model, Vec<Diagnostic>)> {
    let mut resolver = Resolver {
        record_references: references == References::Record,
        ..Resolver::default()
    };
    if let Some(manifest) = manifest {
        resolver.model.project = manifest.project.name.clone();
        resolver.model.default_compatibility = manifest.project.compatibility_mode();
    }
    resolver.default_package = default_package(manifest);
    resolver.reserve_declarations(trees.files());
    // The index outlives declaring only for the editor (freed below
    // otherwise): only its summaries fingerprint the names items write.
    let written = if trees.releases() {
        WrittenNames::Skipped
    } else {
        WrittenNames::Fingerprinted
    };
    for file in trees.files() {
        resolver.declare_file(file, written);
    }
    trees.each(Pass::Declare, &mut resolver, |resolver, file| {
        let scope = resolver.file_scope(file);
        resolver.scopes.insert(file.file, scope);
        resolver
            .use_points
            .insert(file.file, fixes::use_point(file));
    });
    if trees.releases() {
        // Only the editor reads the item index after this (outline,
        // lenses, completion); `check` and `build` free it before the
        // data passes, whose moment is their peak.
        resolver.model.index = Default::default();
    }
    for file in trees.files() {
        resolver.resolve_data(file);
    }
    resolver.break_alias_cycles();
    resolver.limit_type_depth();
    resolver.merge_entity_records();
    for file in trees.files() {
        resolver.resolve_alias_constraints(file);
    }
    trees.each(Pass::Data, &mut resolver, Resolver::resolve_field_values);
    resolver.refresh_entity_records();
    trees.each(Pass::Landscape, &mut resolver, Resolver::resolve_landscape);
    // Each declaration's lists were shrunk as its pass finished it (the
    // data passes, the landscape; workflows below), so that their spare
    // room is not part of the peak; what is left is the model's own lists.
    resolver.model.shrink_declaration_lists();
    resolver.check_map_keys();
    trees.each(Pass::Workflows, &mut resolver, Resolver::resolve_workflows);
    // The last pass that can find a deferred body broken: the parser
    // defers only events, APIs and workflows (`Parser::header`).
    if resolver.deferred_broken {
        return None;
    }
    trees.each(Pass::Tests, &mut resolver, Resolver::resolve_tests);
    resolver.record_pending_versions();
    resolver.derive();
    let mut scopes: Vec<(&FileId, &FileScope)> = resolver.scopes.iter().collect();
    scopes.sort_by_key(|(file, _)| **file);
    for (file, scope) in scopes {
        // An import there may be the type being typed.
        if !resolver.typing_halfway.contains(file) {
            scope.unused(&mut resolver.diagnostics);
        }
    }
    // The members of operations were listed as their operations resolved.
    let outside_operations = resolver.unparsed.iter().flat_map(|(&decl, clauses)| {
        clauses.iter().filter_map(move |written| {
            let clause = match written.place {
                UnparsedPlace::NestedBody if matches!(decl, DeclRef::Api(_)) => return None,
                UnparsedPlace::Body | UnparsedPlace::NestedBody => {
                    Clause::of_keyword(&written.keyword)?
                }
                UnparsedPlace::Entry => Clause::Argument,
            };
            Some(Unparsed {
                decl,
                clause,
                span: written.span,
                operation: None,
            })
        })
    });
    resolver.model.unparsed.extend(outside_operations);
    resolver.model.names = resolver.table.qualified_names();
    resolver.model.shrink_late_lists();
    Some((resolver.model, resolver.diagnostics))
}

/// The package of files that declare none: the project's name in snake case.
fn default_package(manifest: Option<&Manifest>) -> String {
    manifest.map_or_else(
        || "main".to_string(),
        |manifest| manifest.project.name.replace('-', "_"),
    )
}

/// The clauses (or constraints) of one declaration met so far, by label,
/// for duplicates: a handful, so they stay on the stack.
pub(crate) type Seen<'a> = smallvec::SmallVec<[(&'a str, Span); 8]>;

/// The kinds of declaration a reference may expect.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    Domain,
    System,
    Type,
    Entity,
    Event,
    Api,
    Policy,
    Workflow,
}

impl Expect {
    fn describe(self) -> &'static str {
        match self {
            Expect::Domain => "a domain",
            Expect::System => "a system",
            Expect::Type => "a type",
            Expect::Entity => "an entity",
            Expect::Event => "an event",
            Expect::Api => "an API",
            Expect::Policy => "a policy",
            Expect::Workflow => "a workflow",
        }
    }

    fn accepts(self, decl: DeclRef) -> bool {
        matches!(
            (self, decl),
            (Expect::Domain, DeclRef::Domain(_))
                | (Expect::System, DeclRef::System(_))
                | (Expect::Type, DeclRef::Type(_) | DeclRef::Entity(_))
                | (Expect::Entity, DeclRef::Entity(_))
                | (Expect::Event, DeclRef::Event(_))
                | (Expect::Api, DeclRef::Api(_))
                | (Expect::Policy, DeclRef::Policy(_))
                | (Expect::Workflow, DeclRef::Workflow(_))
        )
    }
}

/// Everything resolution keeps between its passes.
#[derive(Default)]
pub(crate) struct Resolver {
    pub(crate) model: Model,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) table: SymbolTable,
    pub(crate) scopes: FxHashMap<FileId, FileScope>,
    pub(crate) default_package: String,
    /// Where each declaration's `apply` clauses are, by declaration.
    pub(crate) applied: FxHashMap<DeclRef, Vec<(PolicyId, Span)>>,
    /// Each operation's own `apply` clauses.
    pub(crate) applied_to_operations: FxHashMap<OperationRef, Vec<(PolicyId, Span)>>,
    /// Where each alias's target type is written (for cycle reports).
    pub(crate) alias_targets: FxHashMap<TypeId, Span>,
    /// Map key types, checked once every alias is resolved.
    pub(crate) map_keys: Vec<(Type, Span)>,
    /// The record each entity takes its fields from, and where it is named.
    pub(crate) entity_sources: FxHashMap<EntityId, (TypeId, Span)>,
    /// Every valid `pattern`; compiled again, once, only when a value is
    /// checked against it: a compiled pattern is kilobytes, and most are
    /// never used while the trees are alive (26 of them were 0.3 MiB of
    /// the data passes' peak at 10,000 declarations).
    pub(crate) regexes: FxHashMap<String, std::cell::OnceCell<Option<regex::Regex>>>,
    /// Entities whose `record` clause could not be followed (reported):
    /// their key is not checked, since their fields are incomplete.
    pub(crate) incomplete_entities: FxHashSet<EntityId>,
    /// Entities that took fields from a record, in dependency order, with
    /// how many fields they inherited.
    pub(crate) entity_merges: Vec<(EntityId, TypeId, usize)>,
    /// Event versions named before every event's versions were known:
    /// the event, the version and where the version is written.
    pub(crate) pending_versions: Vec<(EventId, u32, Span)>,
    /// Where a new `use` line goes in each file (for quick fixes).
    pub(crate) use_points: FxHashMap<FileId, Span>,
    /// Each file's declarations that got an id, by their position among
    /// the file's items: what the passes need of the item index, which
    /// `resolve_releasing` frees once the scopes are built.
    pub(crate) declared: FxHashMap<FileId, Vec<(usize, DeclRef)>>,
    /// Whether use sites are recorded in `Model::references`.
    pub(crate) record_references: bool,
    /// Each declaration's clauses that did not parse, in its own body or a
    /// nested one (`ParsedFile::unparsed_clauses`), for declarations that
    /// have any: such a clause is not reported missing.
    pub(crate) unparsed: FxHashMap<DeclRef, smallvec::SmallVec<[UnparsedClause; 2]>>,
    /// The files with a field whose type is typed halfway
    /// (`TypeExpr::missing`): none of their imports is reported unused.
    pub(crate) typing_halfway: FxHashSet<FileId>,
    /// Whether a body parsed when its pass came turned out broken (see
    /// [`resolve_releasing`]).
    pub(crate) deferred_broken: bool,
    /// Where an `apply` of the declaration being resolved names no policy
    /// (reported): listed as an unparsed `apply` when the declaration's
    /// applied policies are recorded (`record_applied`).
    pub(crate) apply_unresolved: Option<Span>,
}

impl Resolver {
    /// Keeps where a declaration's `apply` clauses are; most declarations
    /// have none, and are not kept (derive reads a missing one as none).
    pub(crate) fn record_applied(&mut self, decl: DeclRef, applied: Vec<(PolicyId, Span)>) {
        // A policy that did not resolve may be the one that allows what the
        // checks would report (`pii allowed`): they skip it, as for an
        // `apply` that did not parse.
        if let Some(span) = self.apply_unresolved.take() {
            self.model.unparsed.push(Unparsed {
                decl,
                clause: Clause::Apply,
                span,
                operation: None,
            });
        }
        if !applied.is_empty() {
            self.applied.insert(decl, applied);
        }
    }

    /// The file's items that got an id in pass 1, with their ids, found by
    /// their position in the file.
    pub(crate) fn declared_items<'f>(
        &self,
        file: &'f ParsedFile,
    ) -> Vec<(&'f weft_syntax::syntax::Item, DeclRef)> {
        let Some(declared) = self.declared.get(&file.file) else {
            return Vec::new();
        };
        declared
            .iter()
            .filter_map(|(position, decl)| Some((file.items.get(*position)?, *decl)))
            .collect()
    }
}

/// Docs and `@deprecated` of a declaration or member.
pub(crate) fn meta(attributes: &Attributes, span: Span) -> Meta {
    // Most members have neither docs nor annotations: nothing to look for.
    if attributes.docs.is_empty() && attributes.annotations.is_empty() {
        return Meta::empty(span);
    }
    let deprecated = attributes.annotation("deprecated").map(|annotation| {
        annotation
            .args
            .first()
            .and_then(|arg| match &arg.kind {
                weft_syntax::syntax::ExprKind::String(text) => {
                    Some(text.value.as_str().to_string())
                }
                _ => None,
            })
            .unwrap_or_default()
    });
    let aliases = attributes
        .annotations
        .iter()
        .filter(|annotation| annotation.name.text == "alias")
        .flat_map(|annotation| annotation.args.iter())
        .filter_map(|arg| match &arg.kind {
            weft_syntax::syntax::ExprKind::String(text) => Some(SmolStr::new(&text.value)),
            _ => None,
        })
        .collect();
    Meta::new(attributes.docs.text(), deprecated, aliases, span)
}
