//! Suggestions for misspelled names, and lists of names for help texts.

use weft_base::suggest::suggest;
use weft_base::{Diagnostic, Span};

/// A name written where none of `names` is (an argument, an emitted field,
/// a record literal's field), as the diagnostic about it hears it.
pub(crate) struct Unknown<'a> {
    /// "did you mean `x`?", or what the names are.
    pub(crate) help: String,
    /// The name it misspells, if it is a likely typo of one: offered as a
    /// quick fix, and counted as written, so that the name meant is not
    /// also reported missing.
    pub(crate) meant: Option<&'a str>,
}

impl<'a> Unknown<'a> {
    /// `written` among `names`, called `what` in the help ("arguments of
    /// `Orders.get`").
    pub(crate) fn of(
        written: &str,
        names: impl IntoIterator<Item = &'a str> + Clone,
        what: &str,
    ) -> Unknown<'a> {
        let meant = suggest(written, names.clone().into_iter());
        Unknown {
            help: help(meant, names, what),
            meant,
        }
    }

    /// `diagnostic` with the help, and the quick fix that writes the name
    /// meant at `name` (where the misspelt name is written).
    pub(crate) fn explain(&self, diagnostic: Diagnostic, name: Span) -> Diagnostic {
        diagnostic
            .with_help(self.help.clone())
            .with_replacement(name, self.meant)
    }
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
    help(suggest(wanted, names.clone().into_iter()), names, what)
}

/// "did you mean `meant`?", or, with no name meant, what `names` are.
fn help<'a>(meant: Option<&str>, names: impl IntoIterator<Item = &'a str>, what: &str) -> String {
    match meant {
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
        assert_eq!(suggest("po_numbr", names.into_iter()), Some("po_number"));
        assert_eq!(suggest("xyz", names.into_iter()), None);
        assert_eq!(
            did_you_mean("zzz", names, "fields"),
            "the fields are `po_number`, `needed_by`, `note`"
        );
    }
}
