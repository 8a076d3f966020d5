//! The measure behind every "did you mean": the parser's keyword hints, the
//! resolver's names, the checks' fields and the target settings' keys all
//! rank candidates by it, so a typo is judged the same way everywhere.

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

#[cfg(test)]
mod tests {
    use super::edit_distance;

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
