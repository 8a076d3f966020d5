//! Suggestions for misspelled names, and lists of names for help texts.

use weft_base::suggest::edit_distance;

/// The closest name to `wanted` among `names`, if one is close enough to be
/// a likely typo (about one edit per three characters).
pub(crate) fn suggest<'a>(
    wanted: &str,
    names: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let limit = (wanted.chars().count() / 3).max(1);
    let wanted = wanted.to_lowercase();
    names
        .into_iter()
        .filter_map(|name| {
            let distance = edit_distance(&wanted, &name.to_lowercase());
            (distance <= limit).then_some((distance, name))
        })
        .min()
        .map(|(_, name)| name.to_string())
}

/// Names in backticks, joined with commas: "`a`, `b`, `c`".
pub(crate) fn listing<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "did you mean `x`?" or a list of what exists, for help texts.
pub(crate) fn did_you_mean<'a>(
    wanted: &str,
    names: impl IntoIterator<Item = &'a str> + Clone,
    what: &str,
) -> String {
    match suggest(wanted, names.clone()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => {
            let all = listing(names);
            if all.is_empty() {
                format!("there are no {what} here")
            } else {
                format!("the {what} are {all}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["po_number", "needed_by", "note"];
        assert_eq!(suggest("po_numbr", names), Some("po_number".into()));
        assert_eq!(suggest("xyz", names), None);
        assert_eq!(
            did_you_mean("zzz", names, "fields"),
            "the fields are `po_number`, `needed_by`, `note`"
        );
    }
}
