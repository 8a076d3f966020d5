//! Checks that need every alias resolved first: cycles of aliases
//! (`type A = B`, `type B = A`), reported once and broken so that nothing
//! follows them for ever, and map keys, which must be text.

use super::Resolver;
use crate::codes;
use crate::model::*;
use weft_syntax::Diagnostic;

impl Resolver {
    /// Map keys must be text: JSON objects and Avro maps have string keys.
    pub(crate) fn check_map_keys(&mut self) {
        for (key, span) in std::mem::take(&mut self.map_keys) {
            if !self.is_string_like(&key) {
                let name = self.type_name(&key);
                self.invalid_type(
                    span,
                    format!("map keys must be text, but this key is {name}"),
                    "JSON objects and Avro maps have string keys: use `map<string, T>`, a string alias or an enum".to_string(),
                );
            }
        }
    }

    /// Reports each cycle of aliases (`type A = B`, `type B = A`) once, and
    /// makes its members `Unknown` so that nothing follows it for ever.
    pub(crate) fn break_alias_cycles(&mut self) {
        const TODO: u8 = 0;
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![TODO; self.model.types.len()];
        for start in 0..self.model.types.len() {
            let mut path: Vec<usize> = Vec::new();
            let mut current = start;
            loop {
                match state.get(current).copied() {
                    Some(TODO) => {}
                    Some(ON_PATH) => {
                        let from = path.iter().position(|id| *id == current).unwrap_or(0);
                        let cycle = path.split_off(from);
                        self.report_alias_cycle(&cycle);
                        for id in cycle {
                            state[id] = DONE;
                        }
                        break;
                    }
                    _ => break,
                }
                state[current] = ON_PATH;
                path.push(current);
                match &self.model.types[current].kind {
                    TypeKind::Alias { target, .. } => match target.required() {
                        Type::Named(next) => current = next.index(),
                        _ => break,
                    },
                    _ => break,
                }
            }
            for id in path {
                state[id] = DONE;
            }
        }
    }

    fn report_alias_cycle(&mut self, cycle: &[usize]) {
        let name = |resolver: &Resolver, index: usize| {
            resolver
                .model
                .types
                .get(index)
                .map(|def| def.name.name)
                .unwrap_or_default()
        };
        let Some(first) = cycle.first().copied() else {
            return;
        };
        let first_name = name(self, first);
        let span_of = |resolver: &Resolver, index: usize| {
            let id = TypeId(u32::try_from(index).unwrap_or(u32::MAX));
            resolver
                .alias_targets
                .get(&id)
                .copied()
                .unwrap_or_else(|| resolver.model.types[index].name.span)
        };
        let (message, help) = if cycle.len() == 1 {
            (
                format!("type `{first_name}` is defined as itself"),
                "define it as another type, such as `string` or a record".to_string(),
            )
        } else {
            let chain: Vec<String> = cycle
                .iter()
                .chain(std::iter::once(&first))
                .map(|index| format!("`{}`", name(self, *index)))
                .collect();
            (
                format!("these types are defined in a circle: {}", chain.join(" → ")),
                format!(
                    "define one of them, such as `{first_name}`, as a primitive type or a record"
                ),
            )
        };
        let defined_as = |resolver: &Resolver, position: usize| {
            let this = cycle.get(position).copied().unwrap_or(first);
            let next = cycle.get(position + 1).copied().unwrap_or(first);
            format!(
                "`{}` is defined as `{}`",
                name(resolver, this),
                name(resolver, next)
            )
        };
        let mut diagnostic = Diagnostic::error(
            codes::INVALID_TYPE,
            message,
            span_of(self, first),
            defined_as(self, 0),
        )
        .with_help(help);
        for (position, index) in cycle.iter().enumerate().skip(1) {
            diagnostic = diagnostic.with_label(span_of(self, *index), defined_as(self, position));
        }
        self.diagnostics.push(diagnostic);
        for index in cycle {
            if let TypeKind::Alias { target, .. } = &mut self.model.types[*index].kind {
                *target = Type::Unknown;
            }
        }
    }
}
