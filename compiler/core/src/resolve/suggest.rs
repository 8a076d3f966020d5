//! "Did you mean": the closest name to a misspelled one, by edit distance,
//! counting a swap of neighbouring letters as one edit.

use weft_base::suggest::edit_distance;

/// The closest name to `wanted` among `names`, if one is close enough.
pub(crate) fn suggest<'a>(wanted: &str, names: impl Iterator<Item = &'a str>) -> Option<String> {
    let wanted_last = wanted.rsplit('.').next().unwrap_or(wanted);
    let limit = (wanted_last.len() / 3).max(1);
    names
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
        .map(|(_, name)| name.to_string())
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
