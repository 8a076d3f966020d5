//! The measure behind every "did you mean": the parser's keyword hints, the
//! resolver's names, the checks' fields and the target settings' keys all
//! rank candidates by it, so a typo is judged the same way everywhere; and
//! the closest name to a misspelt one ([`suggest`]), which the parser
//! (misspelt keywords) and the resolver (names) share.

/// Levenshtein distance between `a` and `b`, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// The closest name to `wanted` among `names`: compared by their last
/// dot-separated part, case ignored, with a swap of neighbouring letters
/// counted as one edit; none unless within a third of its length (one edit
/// at least). Never `wanted` itself: a name written exactly as a candidate
/// failed for another reason than its spelling.
pub fn suggest<'a>(wanted: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_last = wanted.rsplit('.').next().unwrap_or(wanted);
    let limit = (wanted_last.len() / 3).max(1);
    names
        // The word itself is never the name meant.
        .filter(|name| *name != wanted)
        .filter_map(|name| {
            let last = name.rsplit('.').next().unwrap_or(name);
            let (wanted, last) = (wanted_last.to_lowercase(), last.to_lowercase());
            let distance = if one_swap(&wanted, &last) {
                1
            } else {
                edit_distance(&wanted, &last)
            };
            (distance <= limit).then_some((distance, name))
        })
        .min()
        .map(|(_, name)| name)
}

/// Whether `a` becomes `b` by swapping two neighbouring characters (`mse`
/// for `mes`), a typo plain edit distance counts twice.
fn one_swap(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() != b.len() {
        return false;
    }
    let differ: Vec<usize> = (0..a.len())
        .filter(|index| a[*index] != b[*index])
        .collect();
    matches!(differ.as_slice(), [first, second]
        if *second == first + 1 && a[*first] == b[*second] && a[*second] == b[*first])
}

#[cfg(test)]
mod tests {
    use super::{edit_distance, suggest};

    #[test]
    fn suggests_the_closest_name_within_a_third_of_its_length() {
        let names = ["owner", "key", "record", "apply", "acme.plant.mes"];
        let closest = |wanted: &str| suggest(wanted, names.iter().copied());
        assert_eq!(closest("ownr"), Some("owner"));
        assert_eq!(closest("Owner"), Some("owner"));
        assert_eq!(closest("owner"), None);
        assert_eq!(
            suggest("string", ["string", "strong"].into_iter()),
            Some("strong")
        );
        // A swap of neighbours is one edit: `reocrd` is within 6 / 3 = 2
        // anyway, `mse` only as a swap (3 / 3 = 1).
        assert_eq!(closest("reocrd"), Some("record"));
        assert_eq!(closest("mse"), Some("acme.plant.mes"));
        assert_eq!(closest("ky"), Some("key"));
        assert_eq!(closest("xyz"), None);
        assert_eq!(closest("applied_to"), None);
    }

    #[test]
    fn counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("mes", "mes"), 0);
        assert_eq!(edit_distance("mes", "mse"), 2);
        assert_eq!(edit_distance("servr", "server"), 1);
        assert_eq!(edit_distance("größe", "grösse"), 2);
        assert_eq!(edit_distance("abc", ""), 3);
    }
}
