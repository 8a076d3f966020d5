//! [`Name`]: the text of an identifier (and of a number or duration
//! literal), interned once per process.
//!
//! The names of a project are a few distinct texts written again and again
//! (14,000 distinct ones among the 230,000 names of the 10,000-declaration
//! benchmark project). The syntax tree and the model hold a 4-byte id
//! instead of a 24-byte string, which takes the syntax tree's `Ident` from
//! 40 to 16 bytes and the trees of that project from 25 to 19.5 MiB
//! (`docs/performance.md`); the model's field and declaration names are
//! copied from the tree as ids. The resolver keys its name tables by
//! [`NameId`], so a lookup hashes one number. It lives here, beside
//! [`Span`](crate::Span), because the parser and the model both hold it.
//!
//! The table is global, not per file or per parse: a name reads as a `&str`
//! anywhere ([`Name::as_str`], `Deref`) without a table to pass around, and
//! parsers on several threads share it. Each thread remembers the names it
//! met lately, so most names are found without the table's lock; reading a
//! name never locks. The texts are never freed: the table grows with the
//! distinct names a process sees, which for a language server includes the
//! partial names typed on the way (some tens of bytes each).
//!
//! Ids depend on the order in which names were first seen, which differs
//! between runs when files are parsed in parallel. So nothing observable
//! may depend on them: equality is by id (the same text has the same id),
//! but hashing and ordering are by text, exactly as for a `str`; only maps
//! that are never listed in a visible order are keyed by [`NameId`].

use hashbrown::HashTable;
use rustc_hash::FxHasher;
use smol_str::SmolStr;
use std::cell::Cell;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, PoisonError};

/// An interned name; reads as its text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Name(u32);

/// The process's names: ids by text (to intern) and texts by id (to read).
/// The texts are `SmolStr`s, as the model keeps the names it does not
/// intern, so that copying one there is a copy of 24 bytes (or a reference
/// count for a name longer than 23 bytes); the table never moves nor drops them, so they
/// read as `&'static str`. The ids are found by the hash of their text in
/// a table of ids with part of their hash (8 bytes a slot, where a map
/// from the text to the id took 24), comparing the texts they read as.
struct Table {
    ids: Mutex<HashTable<Slot>>,
    texts: boxcar::Vec<SmolStr>,
}

/// A name in the table of ids, with the low half of its text's hash: the
/// table grows by moving every slot to the place its hash gives, and
/// making that hash from the text read each text again, out of the caches
/// (1% of a `check` of 100,000 declarations, 139,000 names).
#[derive(Clone, Copy)]
struct Slot {
    name: Name,
    hash: u32,
}

impl Slot {
    /// The hash the table places `hash` (a text's [`hash_of`]) by: its low
    /// half, which spreads the project's names well, spread again over 64
    /// bits, so that the table's low bits (its place) and top bits (its
    /// tag) both come from it.
    fn table_hash(hash: u64) -> u64 {
        Slot::spread(hash as u32)
    }

    fn spread(low: u32) -> u64 {
        u64::from(low).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

// Built at compile time, so that reading a name does not first check that
// the table was made.
static TABLE: Table = Table {
    ids: Mutex::new(HashTable::new()),
    texts: boxcar::Vec::new(),
};

/// A name's id, as a key of maps that are looked up and never listed in
/// an order that shows: it hashes as one number instead of a text. Ids
/// differ between runs (see the module's docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NameId(u32);

impl NameId {
    /// The name of this id.
    #[inline]
    pub fn name(self) -> Name {
        Name(self.0)
    }
}

/// How many names each thread remembers in front of the table.
const RECENT: usize = 4096;

/// The hash of a text, for the table and a thread's slots. (Hashing only
/// the ends of a name spread them badly: the names of a project often
/// differ only in the middle.)
fn hash_of(text: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// `known == text`, with the short texts most names are compared inline
/// (two eight-byte words at most) instead of by a `memcmp` call, which was
/// a fifth of finding a name this thread remembers.
#[inline]
fn same_text(known: &str, text: &str) -> bool {
    let (known, text) = (known.as_bytes(), text.as_bytes());
    let len = known.len();
    if len != text.len() {
        return false;
    }
    if len < 4 {
        return known.iter().zip(text).all(|(a, b)| a == b);
    }
    if len < 8 {
        // The first four bytes and the last four (overlapping), as below.
        let word =
            |bytes: &[u8], at: usize| bytes.get(at..).and_then(<[u8]>::first_chunk::<4>).copied();
        return word(known, 0) == word(text, 0) && word(known, len - 4) == word(text, len - 4);
    }
    if len <= 16 {
        // The first eight bytes and the last eight (overlapping).
        let word =
            |bytes: &[u8], at: usize| bytes.get(at..).and_then(<[u8]>::first_chunk::<8>).copied();
        return word(known, 0) == word(text, 0) && word(known, len - 8) == word(text, len - 8);
    }
    known == text
}

thread_local! {
    /// The names this thread interned lately, at a slot chosen by the
    /// text's hash: most names a parser meets it met a moment ago, and
    /// finding them here takes no lock.
    static RECENTLY: [Cell<(&'static str, Name)>; RECENT] =
        const { [const { Cell::new(("", Name(u32::MAX))) }; RECENT] };
}

impl Name {
    /// The name of `text`, interned on first sight.
    pub fn new(text: &str) -> Name {
        let hash = hash_of(text);
        // The low bits: they spread the benchmark project's names over the
        // slots better than the top bits did.
        let slot = (hash as usize) % RECENT;
        // Only the slot's read in the closure: small enough for the
        // thread-local's access to be inlined here (with the comparison
        // and the interning in it, `with` stayed a call of its own, which
        // reached the slots through an indirect call).
        let (known, name) = RECENTLY.with(|recent| recent[slot].get());
        if same_text(known, text) && name.0 != u32::MAX {
            return name;
        }
        Name::remember(text, hash, slot)
    }

    /// [`Name::new`] for a name this thread does not remember: from the
    /// table, then remembered. Kept out of line, so that finding a
    /// remembered name (nine in ten) saves no registers for this path.
    #[cold]
    #[inline(never)]
    fn remember(text: &str, hash: u64, slot: usize) -> Name {
        let name = Name::intern(text, hash);
        RECENTLY.with(|recent| recent[slot].set((name.as_str(), name)));
        name
    }

    /// [`Name::new`] from the table itself.
    fn intern(text: &str, hash: u64) -> Name {
        // A panic elsewhere while the lock was held cannot leave the table
        // inconsistent (an insert is the only change), so poison is ignored.
        let mut ids = TABLE.ids.lock().unwrap_or_else(PoisonError::into_inner);
        let placed = Slot::table_hash(hash);
        if let Some(slot) = ids.find(placed, |slot| slot.name.as_str() == text) {
            return slot.name;
        }
        // Pushed under the lock, so that one text never gets two ids.
        let index = TABLE.texts.push(SmolStr::new(text));
        let name = Name(u32::try_from(index).unwrap_or(u32::MAX));
        let slot = Slot {
            name,
            hash: hash as u32,
        };
        ids.insert_unique(placed, slot, |slot| Slot::spread(slot.hash));
        name
    }

    /// Its id, to key maps by (see [`NameId`]).
    #[inline]
    pub fn id(self) -> NameId {
        NameId(self.0)
    }

    /// The text as the model keeps names (a copy of the table's).
    #[inline]
    pub fn to_smol_str(self) -> SmolStr {
        self.shared().clone()
    }

    /// The text.
    #[inline]
    pub fn as_str(self) -> &'static str {
        self.shared().as_str()
    }

    #[inline]
    fn shared(self) -> &'static SmolStr {
        static EMPTY: SmolStr = SmolStr::new_static("");
        // Every id was handed out after its text was pushed.
        TABLE.texts.get(self.0 as usize).unwrap_or(&EMPTY)
    }
}

impl Default for Name {
    /// The empty name.
    fn default() -> Name {
        Name::new("")
    }
}

impl std::ops::Deref for Name {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Hash for Name {
    /// As the text hashes (see the module's docs).
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    /// As the texts order (see the module's docs).
    fn cmp(&self, other: &Name) -> Ordering {
        if self == other {
            Ordering::Equal
        } else {
            self.as_str().cmp(other.as_str())
        }
    }
}

/// A name equals each text type that reads the same, either way round
/// (`field.name == "id"`, `text == name`).
macro_rules! equal_to_texts {
    ($($text:ty),+) => {$(
        impl PartialEq<$text> for Name {
            #[inline]
            fn eq(&self, other: &$text) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }

        impl PartialEq<Name> for $text {
            #[inline]
            fn eq(&self, other: &Name) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )+};
}

equal_to_texts!(&str, String, SmolStr);

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        Name::new(text)
    }
}

impl From<Name> for SmolStr {
    fn from(name: Name) -> SmolStr {
        name.to_smol_str()
    }
}

impl serde::Serialize for Name {
    /// As its text.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_has_one_name_and_reads_back() {
        let first = Name::new("purchase_order");
        let again = Name::new(&String::from("purchase_order"));
        assert_eq!(first, again);
        assert_eq!(first.as_str(), "purchase_order");
        assert_ne!(first, Name::new("purchase_orders"));
        assert_eq!(Name::default().as_str(), "");
    }

    #[test]
    fn texts_compare_as_their_bytes_at_every_length() {
        let text = "abcdefghijklmnopqrstuvwxyz";
        for len in 0..=text.len() {
            let known = &text[..len];
            assert!(same_text(known, &String::from(known)));
            for at in 0..len {
                let mut other = known.as_bytes().to_vec();
                other[at] = b'_';
                let other = String::from_utf8(other).unwrap_or_default();
                assert!(!same_text(known, &other), "{known} / {other}");
            }
            assert!(!same_text(known, &text[..len.saturating_sub(1)]) || len == 0);
        }
    }

    #[test]
    fn names_order_and_hash_as_their_texts() {
        // Interned in the opposite order to their texts' order.
        let later = Name::new("zz_interned_first");
        let earlier = Name::new("aa_interned_second");
        assert!(earlier < later);
        let hash = |value: &dyn Fn(&mut std::collections::hash_map::DefaultHasher)| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            value(&mut hasher);
            hasher.finish()
        };
        assert_eq!(
            hash(&|h| later.hash(h)),
            hash(&|h| "zz_interned_first".hash(h))
        );
    }

    #[test]
    fn threads_share_the_table() {
        let names: Vec<Name> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| scope.spawn(|| Name::new("shared_between_threads")))
                .collect();
            handles
                .into_iter()
                .filter_map(|handle| handle.join().ok())
                .collect()
        });
        assert_eq!(names.len(), 4);
        assert!(names.iter().all(|name| *name == names[0]));
    }
}
