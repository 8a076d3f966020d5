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
        // The children still to visit of every type on the path, in one
        // list: each frame is a type and where its children start.
        let mut pending: Vec<usize> = Vec::new();
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for start in 0..count {
            if state[start] != TODO {
                continue;
            }
            state[start] = ON_PATH;
            stack.push((start, pending.len()));
            self.children(start, &mut pending);
            while let Some(&(current, from)) = stack.last() {
                if pending.len() > from {
                    let child = pending.pop().unwrap_or_default();
                    if state.get(child).copied() == Some(TODO) {
                        state[child] = ON_PATH;
                        stack.push((child, pending.len()));
                        self.children(child, &mut pending);
                    }
                    continue;
                }
                stack.pop();
                state[current] = DONE;
                depth[current] = self.settle_depth(current, &depth, &state);
            }
        }
    }

    /// Appends the types a declared type names directly (alias target,
    /// field types) to `found`.
    fn children(&self, index: usize, found: &mut Vec<usize>) {
        match self.model.types.get(index).map(|def| &def.kind) {
            Some(TypeKind::Alias { target, .. }) => named_in(target, found),
            Some(TypeKind::Record(record)) => {
                for field in &record.fields {
                    named_in(&field.ty, found);
                }
            }
            _ => {}
        }
    }

    /// The deepest of a type's children, by `child_depth`.
    fn deepest_child(&self, index: usize, child_depth: impl Fn(usize) -> usize) -> usize {
        let deepest = |ty: &Type| deepest_in(ty, &child_depth);
        match self.model.types.get(index).map(|def| &def.kind) {
            Some(TypeKind::Alias { target, .. }) => deepest(target),
            Some(TypeKind::Record(record)) => record
                .fields
                .iter()
                .map(|field| deepest(&field.ty))
                .max()
                .unwrap_or(0),
            _ => 0,
        }
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
        let deepest = self.deepest_child(index, child_depth);
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
        remaining = remaining.max(self.deepest_child(index, child_depth));
        remaining + 1
    }
}

/// The declared types a type expression names (the expression itself is
/// shallow: the parser bounds how deeply it nests).
fn named_in(ty: &Type, found: &mut Vec<usize>) {
    match ty {
        Type::Named(id) => found.push(id.index()),
        Type::List(items) => named_in(items, found),
        Type::Map(map) => {
            named_in(&map.0, found);
            named_in(&map.1, found);
        }
        Type::Optional(value) => named_in(value, found),
        _ => {}
    }
}

/// The deepest of the declared types a type expression names, by
/// `child_depth` (0 when it names none).
fn deepest_in(ty: &Type, child_depth: &impl Fn(usize) -> usize) -> usize {
    match ty {
        Type::Named(id) => child_depth(id.index()),
        Type::List(items) => deepest_in(items, child_depth),
        Type::Map(map) => deepest_in(&map.0, child_depth).max(deepest_in(&map.1, child_depth)),
        Type::Optional(value) => deepest_in(value, child_depth),
        _ => 0,
    }
}

/// Replaces references to too-deep types with `Unknown` (already reported).
fn cut(ty: &mut Type, too_deep: &dyn Fn(TypeId) -> bool) {
    match ty {
        Type::Named(id) if too_deep(*id) => *ty = Type::Unknown,
        Type::List(items) => cut(items, too_deep),
        Type::Map(map) => {
            cut(&mut map.0, too_deep);
            cut(&mut map.1, too_deep);
        }
        Type::Optional(value) => cut(value, too_deep),
        _ => {}
    }
}
