//! Interned names: every package (and prefix of one) is stored once and
//! referred to by a [`Sym`], a `u32`. The name table is keyed by the
//! package's `Sym` and the declaration's own short name, so a lookup never
//! hashes or compares long strings with shared prefixes
//! (`gen.production_1.…`).

use rustc_hash::FxHashMap;
use weft_model::SmolStr;

/// An interned string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Sym(u32);

/// The strings interned so far, each once. They are [`SmolStr`]s: the map
/// and the list share one copy of a long string, a short one needs none, and
/// a string the caller already holds as a `SmolStr` is shared, not copied.
#[derive(Default)]
pub(crate) struct Interner {
    ids: FxHashMap<SmolStr, Sym>,
    texts: Vec<SmolStr>,
}

impl Interner {
    /// Room for `additional` more strings without rehashing.
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.ids.reserve(additional);
        self.texts.reserve(additional);
    }

    /// The symbol of `text`, interning it if it is new.
    pub(crate) fn intern(&mut self, text: &str) -> Sym {
        match self.ids.get(text) {
            Some(sym) => *sym,
            None => self.insert(SmolStr::new(text)),
        }
    }

    fn insert(&mut self, text: SmolStr) -> Sym {
        let sym = Sym(u32::try_from(self.texts.len()).unwrap_or(u32::MAX));
        self.texts.push(text.clone());
        self.ids.insert(text, sym);
        sym
    }

    /// The symbol of `text` if it was interned: a string never interned
    /// names nothing in the tables.
    pub(crate) fn get(&self, text: &str) -> Option<Sym> {
        self.ids.get(text).copied()
    }

    /// The text of a symbol.
    pub(crate) fn text(&self, sym: Sym) -> &str {
        self.shared(sym)
    }

    /// The text of a symbol, to keep (a clone is a copy or a reference
    /// count, never a new allocation).
    pub(crate) fn shared(&self, sym: Sym) -> &SmolStr {
        static EMPTY: SmolStr = SmolStr::new_static("");
        self.texts.get(sym.0 as usize).unwrap_or(&EMPTY)
    }
}

/// Writes `parts` joined by dots into `buffer` (cleared first), the form
/// of a fully-qualified name, without allocating once the buffer is large
/// enough.
pub(crate) fn join_into<'b, 'p>(
    buffer: &'b mut String,
    parts: impl IntoIterator<Item = &'p str>,
) -> &'b str {
    buffer.clear();
    for (index, part) in parts.into_iter().enumerate() {
        if index > 0 {
            buffer.push('.');
        }
        buffer.push_str(part);
    }
    buffer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_is_interned_once() {
        let mut strings = Interner::default();
        let first = strings.intern("gen.ops.Order");
        assert_eq!(strings.intern("gen.ops.Order"), first);
        assert_ne!(strings.intern("gen.ops.Orders"), first);
        assert_eq!(strings.get("gen.ops.Order"), Some(first));
        assert_eq!(strings.get("gen.ops"), None);
        assert_eq!(strings.text(first), "gen.ops.Order");
        let mut buffer = String::new();
        assert_eq!(
            join_into(&mut buffer, ["gen", "ops", "Order"]),
            "gen.ops.Order"
        );
    }
}
