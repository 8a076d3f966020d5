//! [`Rare`]: a part of a model node that most nodes leave empty, boxed only
//! when it is filled, so that the empty case costs one pointer instead of
//! the part's full size in every node.

use std::fmt;
use std::ops::{Deref, DerefMut};

/// A part with a shared empty value to stand for "not filled".
pub trait Empty: Default + PartialEq + 'static {
    /// The empty value.
    const EMPTY: &'static Self;
}

/// A `T` that is usually [`Empty::EMPTY`]: reads see a `T` (the empty one
/// when nothing was filled); writes through `DerefMut` box it first. Equal,
/// `Debug`-printed and serialised exactly as the `T` it stands for.
#[derive(Clone, Default)]
pub struct Rare<T>(Option<Box<T>>);

impl<T: Empty> From<T> for Rare<T> {
    fn from(value: T) -> Rare<T> {
        if value == *T::EMPTY {
            Rare(None)
        } else {
            Rare(Some(Box::new(value)))
        }
    }
}

impl<T> Rare<T> {
    /// The part if it was filled, for writes that must not box an empty
    /// one (such as shrinking its lists).
    pub fn filled_mut(&mut self) -> Option<&mut T> {
        self.0.as_deref_mut()
    }
}

impl<T: Empty> Deref for Rare<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.0.as_deref().unwrap_or(T::EMPTY)
    }
}

impl<T: Empty> DerefMut for Rare<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.0.get_or_insert_with(Box::default)
    }
}

impl<T: PartialEq + 'static> Empty for Vec<T> {
    const EMPTY: &'static Vec<T> = &Vec::new();
}

impl Empty for String {
    const EMPTY: &'static String = &String::new();
}

/// Collecting into a `Rare` list boxes it only when it has elements.
impl<A, T: Empty + FromIterator<A>> FromIterator<A> for Rare<T> {
    fn from_iter<I: IntoIterator<Item = A>>(items: I) -> Rare<T> {
        Rare::from(items.into_iter().collect::<T>())
    }
}

/// `for item in &rare_list` reads the list, as it did before it was `Rare`.
impl<'a, T: Empty> IntoIterator for &'a Rare<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        (**self).into_iter()
    }
}

impl<T: Empty> PartialEq for Rare<T> {
    fn eq(&self, other: &Rare<T>) -> bool {
        **self == **other
    }
}

impl<T: Empty + Eq> Eq for Rare<T> {}

impl<T: Empty + std::hash::Hash> std::hash::Hash for Rare<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl<T: Empty + fmt::Debug> fmt::Debug for Rare<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: Empty + serde::Serialize> serde::Serialize for Rare<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Constraints;

    #[test]
    fn an_empty_part_is_not_boxed_and_reads_as_empty() {
        let empty = Rare::from(Constraints::default());
        assert!(empty.0.is_none());
        assert!(empty.is_empty());
        let filled = Rare::from(Constraints {
            min_length: Some(1),
            ..Constraints::default()
        });
        assert!(filled.0.is_some());
        assert_eq!(filled.min_length, Some(1));
        assert_ne!(empty, filled);
        assert_eq!(
            format!("{empty:?}"),
            format!("{:?}", Constraints::default())
        );
        assert_eq!(
            serde_json::to_string(&filled).ok(),
            serde_json::to_string(&*filled).ok()
        );
    }

    #[test]
    // The write through `DerefMut` after `default()` is what is tested.
    #[allow(clippy::field_reassign_with_default)]
    fn writing_boxes_the_part() {
        let mut part = Rare::<Constraints>::default();
        part.max_length = Some(3);
        assert!(part.0.is_some());
        assert_eq!(part.max_length, Some(3));
    }

    #[test]
    fn a_rare_list_collects_and_iterates_like_the_list() {
        let empty: Rare<Vec<u32>> = std::iter::empty().collect();
        assert!(empty.0.is_none());
        let filled: Rare<Vec<u32>> = [1, 2].into_iter().collect();
        assert!(filled.0.is_some());
        let mut seen = Vec::new();
        for item in &filled {
            seen.push(*item);
        }
        assert_eq!(seen, [1, 2]);
        let none: Rare<Option<crate::Value>> = Rare::from(None);
        assert!(none.0.is_none() && none.is_none());
    }
}
