//! Dropping the spare capacity of every list in the model as resolution
//! finishes it. The resolver grows its lists one element at a time, and
//! a `Vec` that grows from empty reserves room for four elements at once:
//! an operation with one parameter, one response or one error kept three
//! empty slots of each (a third of the APIs' memory at 10,000
//! declarations). The model lives as long as the compilation (a language
//! server keeps it between edits), so the slack is worth one reallocation.
//! Each declaration is shrunk by the pass that finishes it, while it is in
//! the cache, and the model's own lists after the landscape.

use super::*;

/// A model node whose lists can give back their spare capacity.
pub(crate) trait Shrink {
    /// Shrinks every list this node owns, its own and its children's.
    fn shrink(&mut self);
}

impl<T: Shrink> Shrink for Vec<T> {
    fn shrink(&mut self) {
        self.shrink_to_fit();
        self.iter_mut().for_each(Shrink::shrink);
    }
}

impl<T: Shrink> Shrink for Box<T> {
    fn shrink(&mut self) {
        (**self).shrink();
    }
}

impl<T: Shrink> Shrink for Option<T> {
    fn shrink(&mut self) {
        if let Some(inner) = self {
            inner.shrink();
        }
    }
}

/// Lists of plain elements: only their own capacity.
macro_rules! leaf {
    ($($ty:ty),* $(,)?) => {$(
        impl Shrink for $ty {
            fn shrink(&mut self) {}
        }
    )*};
}

leaf!(
    SmolStr,
    String,
    Consumption,
    Consumer,
    EntityId,
    (EntityId, weft_base::Span),
    Variable,
    Catch,
    Rule,
    Reference,
);

impl Shrink for Meta {
    fn shrink(&mut self) {
        Meta::shrink(self);
    }
}

impl Shrink for Domain {
    fn shrink(&mut self) {
        self.meta.shrink();
    }
}

impl Shrink for System {
    fn shrink(&mut self) {
        self.meta.shrink();
        self.consumes.shrink();
    }
}

impl Shrink for Entity {
    fn shrink(&mut self) {
        self.meta.shrink();
        self.key.shrink();
    }
}

impl Shrink for TypeDef {
    fn shrink(&mut self) {
        self.meta.shrink();
        match &mut self.kind {
            TypeKind::Alias { .. } => {}
            TypeKind::Enum { symbols, .. } => symbols.shrink(),
            TypeKind::Record(record) => {
                record.fields.shrink();
                // Through `filled_mut`: a write through the `Rare` would box
                // an empty list.
                if let Some(reserved) = record.reserved.filled_mut() {
                    reserved.shrink();
                }
            }
        }
    }
}

impl Shrink for EnumSymbol {
    fn shrink(&mut self) {
        self.meta.shrink();
    }
}

impl Shrink for Field {
    fn shrink(&mut self) {
        // Through `filled_mut`: a write through the `Rare` would box an
        // empty list.
        if let Some(details) = self.details.filled_mut() {
            details.aliases.shrink();
        }
        self.meta.shrink();
    }
}

impl Shrink for Event {
    fn shrink(&mut self) {
        self.meta.shrink();
        self.key.shrink();
        self.versions.shrink();
        self.consumers.shrink();
    }
}

impl Shrink for EventVersion {
    fn shrink(&mut self) {
        self.meta.shrink();
    }
}

impl Shrink for Api {
    fn shrink(&mut self) {
        self.meta.shrink();
        self.operations.shrink();
    }
}

impl Shrink for Operation {
    fn shrink(&mut self) {
        self.meta.shrink();
        self.params.shrink();
        self.responses.shrink_to_fit();
        self.errors.shrink_to_fit();
        self.reads.shrink();
        self.writes.shrink();
    }
}

impl Shrink for Parameter {
    fn shrink(&mut self) {
        self.field.shrink();
    }
}

impl Shrink for Policy {
    fn shrink(&mut self) {
        self.meta.shrink();
        self.rules.shrink();
    }
}

impl Shrink for Workflow {
    fn shrink(&mut self) {
        self.meta.shrink();
        self.graph.shrink();
        self.variables.shrink();
    }
}

impl Shrink for StateGraph {
    fn shrink(&mut self) {
        self.states.shrink();
    }
}

impl Shrink for State {
    fn shrink(&mut self) {
        if let Some(catches) = self.catches.filled_mut() {
            catches.shrink();
        }
        if let Some(not_null) = self.not_null.filled_mut() {
            not_null.shrink();
        }
        match &mut self.kind {
            StateKind::Call {
                args,
                idempotency_key,
                compensation,
                ..
            } => {
                args.shrink();
                idempotency_key.shrink();
                if let Some(compensation) = compensation {
                    compensation.args.shrink();
                }
            }
            StateKind::Emit { fields, .. } => fields.shrink(),
            StateKind::Wait { condition, .. } => condition.shrink(),
            StateKind::Choice { branches, .. } => {
                branches.shrink_to_fit();
                branches.iter_mut().for_each(|(guard, _)| guard.shrink());
            }
            StateKind::Parallel { branches } => {
                branches.shrink_to_fit();
                branches.iter_mut().for_each(|(_, graph)| graph.shrink());
            }
            StateKind::ForEach { list, body, .. } => {
                list.shrink();
                body.shrink();
            }
            StateKind::Compensate | StateKind::Fail { .. } | StateKind::Succeed => {}
        }
    }
}

impl Shrink for Argument {
    fn shrink(&mut self) {
        self.value.shrink();
    }
}

impl Shrink for Expr {
    fn shrink(&mut self) {
        // An explicit stack: expressions nest as deep as the source does.
        // Most are a literal or a path, and a chain of single children is
        // followed without it, so the stack is only allocated where an
        // expression has several children.
        let mut pending: Vec<&mut Expr> = Vec::new();
        let mut next = Some(self);
        while let Some(expr) = next.take().or_else(|| pending.pop()) {
            match &mut expr.kind {
                ExprKind::Literal(_) => {}
                ExprKind::Path(path) => path.segments.shrink_to_fit(),
                ExprKind::Record(arguments) => {
                    arguments.shrink_to_fit();
                    pending.extend(arguments.iter_mut().map(|argument| &mut argument.value));
                }
                ExprKind::List(items) => {
                    items.shrink_to_fit();
                    pending.extend(items.iter_mut());
                }
                ExprKind::Unary(_, inner) | ExprKind::Group(inner) => next = Some(inner),
                ExprKind::Binary(_, left, right) => {
                    pending.push(right);
                    next = Some(left);
                }
            }
        }
    }
}

impl Shrink for Test {
    fn shrink(&mut self) {
        self.members.shrink_to_fit();
    }
}

/// `shrink_to_fit` for the nodes the resolver finishes one at a time.
macro_rules! finished {
    ($($ty:ty),* $(,)?) => {$(
        impl $ty {
            /// Drops the spare capacity of its lists: the resolver calls it
            /// as it finishes each one, while the node is still in the
            /// cache, so that their spare room is not part of the peak
            /// and no walk over the whole model is needed to drop it.
            pub fn shrink_to_fit(&mut self) {
                self.shrink();
            }
        }
    )*};
}

finished!(Domain, System, Entity, TypeDef, Event, Api, Policy, Workflow);

impl Model {
    /// Drops the spare capacity of every list of the model, in one walk over
    /// all of it. The resolver does not call it (it shrinks each declaration
    /// as it finishes it, see the module's comment); a test calls it on a
    /// checked model to show that nothing is left to drop.
    pub fn shrink_to_fit(&mut self) {
        self.domains.shrink();
        self.systems.shrink();
        self.types.shrink();
        self.entities.shrink();
        self.events.shrink();
        self.apis.shrink();
        self.policies.shrink();
        self.workflows.shrink();
        self.tests.shrink();
        self.references.shrink();
    }

    /// Drops the spare capacity of the model's own lists of declarations,
    /// not of what they hold: each declaration is shrunk as the resolver
    /// finishes it (`shrink_to_fit` of the node), which reads it while it
    /// is still in the cache; a walk over the whole model to do the same
    /// cost a `check` at 10,000 declarations 128,000 misses of a 1 MiB
    /// cache (callgrind), a slow hour's few milliseconds.
    pub fn shrink_declaration_lists(&mut self) {
        self.domains.shrink_to_fit();
        self.systems.shrink_to_fit();
        self.types.shrink_to_fit();
        self.entities.shrink_to_fit();
        self.events.shrink_to_fit();
        self.apis.shrink_to_fit();
        self.policies.shrink_to_fit();
        self.workflows.shrink_to_fit();
    }
}

impl Model {
    /// Drops the spare capacity of the lists filled after the landscape
    /// pass: events' consumers, tests and references. Everything else was
    /// shrunk after the landscape (and each workflow as it was finished),
    /// so the resolver's last pass need not walk the whole model again (at
    /// 100,000 declarations that walk took 15 ms, every node a cache miss).
    pub fn shrink_late_lists(&mut self) {
        for event in &mut self.events {
            event.consumers.shrink_to_fit();
        }
        self.tests.shrink();
        self.references.shrink();
    }
}
