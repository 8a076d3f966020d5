//! The bodies `weft check` parses only when their pass comes
//! ([`super::deferred_kind`]): the file's parse gave their heads (docs,
//! annotations, name), which is all declaring reads, and kept their
//! tokens; each body is parsed here just before the pass that reads it,
//! then dropped with the rest of what that pass is done with.

use super::{item_last_pass, Pass, Resolver};
use weft_syntax::{Deferred, ParsedFile};

impl Resolver {
    /// Parses the bodies of `file` deferred to `pass` and puts their items
    /// in place of their heads. Their syntax errors join the diagnostics and
    /// their unparsed clauses are kept as declaring keeps those of the
    /// others (`note_unparsed_clauses`); a body that turns out broken, or
    /// not the one declaration its head promised, sets `deferred_broken`.
    /// The kept tokens are freed once no body waits for a later pass.
    pub(crate) fn parse_deferred(
        &mut self,
        file: &mut ParsedFile,
        deferred: &mut Deferred,
        text: &str,
        pass: Pass,
    ) {
        let mut waiting = false;
        for body in deferred.bodies() {
            let Some(head) = file.items.get_mut(body.item) else {
                continue;
            };
            let last = item_last_pass(&head.kind);
            if last != pass {
                waiting |= last > pass;
                continue;
            }
            let mut parsed = weft_alloc::in_tree_heap(|| deferred.parse(file.file, text, body));
            let kind = std::mem::discriminant(&head.kind);
            match parsed.items.pop() {
                Some(item)
                    if parsed.items.is_empty() && std::mem::discriminant(&item.kind) == kind =>
                {
                    *head = item;
                }
                _ => self.deferred_broken = true,
            }
            self.diagnostics.append(&mut parsed.errors);
            if parsed.unparsed_clauses.is_empty() {
                continue;
            }
            let declared = self.declared.get(&file.file).and_then(|declared| {
                let at = declared
                    .binary_search_by_key(&body.item, |(position, _)| *position)
                    .ok()?;
                declared.get(at).map(|(_, decl)| *decl)
            });
            if let Some(decl) = declared {
                self.unparsed
                    .insert(decl, parsed.unparsed_clauses.into_iter().collect());
            }
        }
        if !waiting && !deferred.bodies().is_empty() {
            *deferred = Deferred::default();
        }
    }
}
