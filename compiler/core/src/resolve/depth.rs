//! Bounds how deeply declared types nest. Every later phase (checks, the
//! compatibility lowering and comparison, every target's schema mapping,
//! examples) walks types recursively; a chain of ten thousand aliases or
//! records would overflow the stack there. This pass measures each type's
//! depth without recursion, reports the declarations that nest deeper than
//! [`MAX_TYPE_DEPTH`] (E309) and cuts their over-deep references to
//! `Unknown`, so that no later walk goes deeper than the limit.

use super::Resolver;
use crate::codes;
use crate::model::*;
use weft_syntax::Diagnostic;

/// The most alias hops and nested records one declared type may chain.
/// Real models nest a handful of levels; 64 leaves room for generated ones
/// while keeping every recursive walk far from the stack's end.
pub const MAX_TYPE_DEPTH: usize = 64;

impl Resolver {
    /// Measures the nesting depth of every declared type (alias hops and
    /// record fields naming other types), bottom-up and without recursion.
    /// A reference back to a type still being measured (a recursive record)
    /// adds nothing: walks stop at such references. A type deeper than
    /// [`MAX_TYPE_DEPTH`] is reported once, and its references to types
    /// that are themselves too deep to add become `Unknown`, which resets
    /// its depth; the types above it are then measured from there.
    pub(crate) fn limit_type_depth(&mut self) {
        const TODO: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let count = self.model.types.len();
        let mut state = vec![TODO; count];
        let mut depth = vec![0usize; count];
        for start in 0..count {
            if state[start] != TODO {
                continue;
            }
            // Each frame: a type and the children still to visit.
            let mut stack: Vec<(usize, Vec<usize>)> = Vec::new();
            state[start] = ON_PATH;
            stack.push((start, self.children(start)));
            while let Some((current, pending)) = stack.last_mut() {
                let current = *current;
                if let Some(child) = pending.pop() {
                    if state.get(child).copied() == Some(TODO) {
                        state[child] = ON_PATH;
                        let children = self.children(child);
                        stack.push((child, children));
                    }
                    continue;
                }
                stack.pop();
                state[current] = DONE;
                depth[current] = self.settle_depth(current, &depth, &state);
            }
        }
    }

    /// The types a declared type names directly (alias target, field types).
    fn children(&self, index: usize) -> Vec<usize> {
        let mut found = Vec::new();
        match self.model.types.get(index).map(|def| &def.kind) {
            Some(TypeKind::Alias { target, .. }) => named_in(target, &mut found),
            Some(TypeKind::Record(record)) => {
                for field in &record.fields {
                    named_in(&field.ty, &mut found);
                }
            }
            _ => {}
        }
        found
    }

    /// The depth of a type whose children are all measured (or on the path,
    /// counting nothing); reports and cuts it if it is too deep.
    fn settle_depth(&mut self, index: usize, depth: &[usize], state: &[u8]) -> usize {
        const DONE: u8 = 2;
        let child_depth = |child: usize| {
            if state.get(child).copied() == Some(DONE) {
                depth.get(child).copied().unwrap_or(0)
            } else {
                0
            }
        };
        let deepest = self
            .children(index)
            .into_iter()
            .map(child_depth)
            .max()
            .unwrap_or(0);
        if deepest < MAX_TYPE_DEPTH {
            return deepest + 1;
        }
        let Some(def) = self.model.types.get(index) else {
            return 0;
        };
        let what = match def.kind {
            TypeKind::Alias { .. } => "alias",
            _ => "record",
        };
        self.diagnostics.push(
            Diagnostic::error(
                codes::TYPE_NESTED_TOO_DEEPLY,
                format!(
                    "type `{}` nests more than {MAX_TYPE_DEPTH} levels of aliases and records",
                    def.name.name
                ),
                def.name.span,
                format!("this {what} is {} levels deep", deepest + 1),
            )
            .with_help(format!(
                "flatten the chain: no type may nest more than {MAX_TYPE_DEPTH} aliases or records"
            )),
        );
        let too_deep = |id: TypeId| child_depth(id.index()) >= MAX_TYPE_DEPTH;
        let mut remaining = 0;
        if let Some(def) = self.model.types.get_mut(index) {
            match &mut def.kind {
                TypeKind::Alias { target, .. } => cut(target, &too_deep),
                TypeKind::Record(record) => {
                    for field in &mut record.fields {
                        cut(&mut field.ty, &too_deep);
                    }
                }
                TypeKind::Enum { .. } => {}
            }
        }
        for child in self.children(index) {
            remaining = remaining.max(child_depth(child));
        }
        remaining + 1
    }
}

/// The declared types a type expression names (the expression itself is
/// shallow: the parser bounds how deeply it nests).
fn named_in(ty: &Type, found: &mut Vec<usize>) {
    match ty {
        Type::Named(id) => found.push(id.index()),
        Type::List(items) => named_in(items, found),
        Type::Map(keys, values) => {
            named_in(keys, found);
            named_in(values, found);
        }
        Type::Optional(value) => named_in(value, found),
        _ => {}
    }
}

/// Replaces references to too-deep types with `Unknown` (already reported).
fn cut(ty: &mut Type, too_deep: &dyn Fn(TypeId) -> bool) {
    match ty {
        Type::Named(id) if too_deep(*id) => *ty = Type::Unknown,
        Type::List(items) => cut(items, too_deep),
        Type::Map(keys, values) => {
            cut(keys, too_deep);
            cut(values, too_deep);
        }
        Type::Optional(value) => cut(value, too_deep),
        _ => {}
    }
}
