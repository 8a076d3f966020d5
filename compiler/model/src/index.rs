//! The item index: a summary of each file's top-level declarations, built
//! from the parsed files before anything is resolved. For every declaration
//! it keeps the kind, the name, the fully-qualified name, where the
//! declaration and its name are, and every declaration name it writes (as
//! written, with spans). The resolver gives ids through it, and a language
//! server can compare a file's summary before and after an edit: when it is
//! equal, no other file can see a difference in what the file declares or
//! what it names.

use super::{DeclRef, SmolStr};
use std::collections::BTreeMap;
use weft_base::{FileId, Name, Span};

/// The summaries of every file of one compilation, by file.
#[derive(Clone, Debug, Default)]
pub struct ItemIndex {
    /// Each file's summary.
    pub files: BTreeMap<FileId, FileIndex>,
}

impl ItemIndex {
    /// The summary of one file.
    pub fn file(&self, file: FileId) -> Option<&FileIndex> {
        self.files.get(&file)
    }

    /// The id given to the item at `position` of the file's parsed items,
    /// unless it has none (a duplicate, a broken declaration, a `use` line).
    pub fn decl(&self, file: FileId, position: usize) -> Option<DeclRef> {
        let items = &self.files.get(&file)?.items;
        // Items are in source order, so their positions are sorted.
        let found = items
            .binary_search_by_key(&position, |item| item.position)
            .ok()?;
        items.get(found)?.decl
    }
}

/// What one file declares and names.
///
/// Two summaries are equal (`==`) when they declare the same names of the
/// same kinds in the same package, import the same names and write the same
/// declaration names, in the same order. Spans and ids are left out of the
/// comparison on purpose: any edit shifts the spans after it, and ids depend
/// on the other files, while neither changes what other files can see.
#[derive(Clone, Debug, Default)]
pub struct FileIndex {
    /// The file's package (declared, or the project's default).
    pub package: Name,
    /// The names `use` lines import, each as its full dotted name.
    pub imports: Vec<WrittenName>,
    /// The named top-level declarations, in source order.
    pub items: Vec<IndexedItem>,
}

impl FileIndex {
    /// An item's fully-qualified name, `package.name` (made on request:
    /// resolution finds names by package and name, without it).
    pub fn qualified(&self, item: &IndexedItem) -> String {
        format!("{}.{}", self.package, item.name)
    }
}

impl PartialEq for FileIndex {
    fn eq(&self, other: &Self) -> bool {
        self.package == other.package && self.imports == other.imports && self.items == other.items
    }
}

impl Eq for FileIndex {}

/// The kinds of named top-level declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeclarationKind {
    /// `domain`.
    Domain,
    /// `system`.
    System,
    /// `type`.
    TypeAlias,
    /// `enum`.
    Enum,
    /// `record`.
    Record,
    /// `entity`.
    Entity,
    /// `event`.
    Event,
    /// `api`.
    Api,
    /// `policy`.
    Policy,
    /// `workflow`.
    Workflow,
    /// `test`.
    Test,
}

/// One named top-level declaration.
#[derive(Clone, Debug)]
pub struct IndexedItem {
    /// Its position among the file's parsed items (`ParsedFile::items`).
    pub position: usize,
    /// What it declares.
    pub kind: DeclarationKind,
    /// Whether it did not parse (it still has a kind and a name, so that
    /// references to it are not reported as unknown).
    pub broken: bool,
    /// The declared name (its package is the file's:
    /// [`FileIndex::qualified`] gives `package.name`).
    pub name: Name,
    /// The whole declaration.
    pub span: Span,
    /// The declared name.
    pub name_span: Span,
    /// A fingerprint of the declaration names it writes (types, owners,
    /// producers, events, APIs and operations, policies, domains, systems,
    /// workflows), in source order: equal when they are written alike. The
    /// names themselves, with their spans, are made on request from the
    /// item's syntax (`weft_compiler::resolve::written_names`): only an
    /// editor needs them, and as strings they were a tenth of the model.
    pub written: u64,
    /// The id the resolver gave it; `None` for a duplicate or a broken
    /// declaration.
    pub decl: Option<DeclRef>,
}

impl PartialEq for IndexedItem {
    /// Spans, position and id are left out: see [`FileIndex`].
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
            && self.broken == other.broken
            && self.name == other.name
            && self.written == other.written
    }
}

impl Eq for IndexedItem {}

/// A name as written in the source.
#[derive(Clone, Debug)]
pub struct WrittenName {
    /// The dotted text (`std.Money`, `Orders.create`); an event version is
    /// written after a space (`OrderPlaced v2`).
    pub text: SmolStr,
    /// Where it is written.
    pub span: Span,
}

impl PartialEq for WrittenName {
    /// The span is left out: see [`FileIndex`].
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for WrittenName {}
