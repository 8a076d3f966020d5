//! The variables a workflow state can read, as a persistent list: each
//! state's scope shares everything but its own newest variables with the
//! scope it extends. A workflow of n steps in a row therefore holds O(n)
//! scope nodes instead of n copies of a growing list (issue 15, item 11:
//! 30,000 steps took 3.6 GB when every state owned a `Vec` of its scope).

use std::sync::Arc;

/// Variables readable in a state, by index into the workflow's
/// `variables`. Cloning is O(1); [`Scope::push`] adds one node.
#[derive(Clone, Default)]
pub struct Scope {
    head: Option<Arc<Node>>,
}

struct Node {
    variable: usize,
    /// How many variables the list holds up to and including this node.
    len: usize,
    rest: Option<Arc<Node>>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Scope {
        Scope::default()
    }

    /// Makes `variable` readable (innermost).
    pub fn push(&mut self, variable: usize) {
        let rest = self.head.take();
        let len = rest.as_ref().map_or(0, |node| node.len) + 1;
        self.head = Some(Arc::new(Node {
            variable,
            len,
            rest,
        }));
    }

    /// This scope with `variable` readable too.
    pub fn with(&self, variable: usize) -> Scope {
        let mut scope = self.clone();
        scope.push(variable);
        scope
    }

    /// How many variables are readable.
    pub fn len(&self) -> usize {
        self.head.as_ref().map_or(0, |node| node.len)
    }

    /// Whether nothing is readable.
    pub fn is_empty(&self) -> bool {
        self.head.is_none()
    }

    /// The readable variables, innermost (most recently bound) first: the
    /// order in which a name is looked up.
    pub fn innermost_first(&self) -> impl Iterator<Item = usize> + '_ {
        let mut node = self.head.as_deref();
        std::iter::from_fn(move || {
            let current = node?;
            node = current.rest.as_deref();
            Some(current.variable)
        })
    }

    /// The readable variables, outermost first (the order they were bound).
    pub fn to_vec(&self) -> Vec<usize> {
        let mut variables: Vec<usize> = self.innermost_first().collect();
        variables.reverse();
        variables
    }

    /// Whether `variable` is readable.
    pub fn contains(&self, variable: usize) -> bool {
        self.innermost_first().any(|readable| readable == variable)
    }

    /// The variables this scope added to `base`, a scope it extends
    /// (`base` shares this scope's tail), outermost first.
    pub fn added_since(&self, base: &Scope) -> Vec<usize> {
        let added = self.len().saturating_sub(base.len());
        let mut variables: Vec<usize> = self.innermost_first().take(added).collect();
        variables.reverse();
        variables
    }
}

impl From<&[usize]> for Scope {
    fn from(variables: &[usize]) -> Scope {
        let mut scope = Scope::new();
        for variable in variables {
            scope.push(*variable);
        }
        scope
    }
}

impl PartialEq for Scope {
    fn eq(&self, other: &Scope) -> bool {
        self.len() == other.len() && self.innermost_first().eq(other.innermost_first())
    }
}

impl Eq for Scope {}

impl std::fmt::Debug for Scope {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_list().entries(self.to_vec()).finish()
    }
}

impl serde::Serialize for Scope {
    /// As the list of variables, outermost first (what a `Vec` gave).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.to_vec())
    }
}

impl Drop for Scope {
    /// Frees a chain of nodes no other scope shares with a loop: the
    /// default recursive drop would overflow the stack on a long chain.
    fn drop(&mut self) {
        let mut next = self.head.take();
        while let Some(node) = next {
            match Arc::try_unwrap(node) {
                Ok(mut owned) => next = owned.rest.take(),
                Err(_) => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Scope;

    #[test]
    fn scopes_share_their_tail_and_keep_order() {
        let mut base = Scope::new();
        base.push(0);
        base.push(1);
        let mut branch = base.clone();
        branch.push(4);
        branch.push(5);
        assert_eq!(base.to_vec(), [0, 1]);
        assert_eq!(branch.to_vec(), [0, 1, 4, 5]);
        assert_eq!(branch.innermost_first().collect::<Vec<_>>(), [5, 4, 1, 0]);
        assert_eq!(branch.added_since(&base), [4, 5]);
        assert!(branch.contains(4) && !base.contains(4));
        assert_eq!(base.with(7).len(), 3);
        assert_eq!(Scope::from(&[0, 1][..]), base);
        assert_eq!(
            serde_json::to_string(&branch).expect("serialises"),
            "[0,1,4,5]"
        );
    }

    #[test]
    fn a_long_chain_drops_without_recursion() {
        let mut scope = Scope::new();
        for variable in 0..1_000_000 {
            scope.push(variable);
        }
        assert_eq!(scope.len(), 1_000_000);
        drop(scope);
    }
}
