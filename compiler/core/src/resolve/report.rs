//! Diagnostics the passes share: a member given twice (E314), a required
//! clause missing (E315) and a value outside a clause's vocabulary (E313).

use super::Resolver;
use crate::codes;
use crate::model::{Clause, DeclRef, OperationRef, Unparsed};
use weft_base::suggest::suggest;
use weft_syntax::syntax::Ident;
use weft_syntax::{Diagnostic, Span, UnparsedPlace};

/// Reports a clause given twice; `first` is where it was first given.
pub(crate) fn duplicate(diagnostics: &mut Vec<Diagnostic>, what: &str, span: Span, first: Span) {
    duplicate_with(
        diagnostics,
        what,
        span,
        first,
        "keep one of them: remove this one, or merge it into the first",
    );
}

/// Reports a member given twice, with help that fits the member.
pub(crate) fn duplicate_with(
    diagnostics: &mut Vec<Diagnostic>,
    what: &str,
    span: Span,
    first: Span,
    help: &str,
) {
    diagnostics.push(
        Diagnostic::error(
            codes::DUPLICATE_MEMBER,
            format!("{what} is given twice"),
            span,
            "given again here",
        )
        .with_label(first, "first given here")
        .with_help(help.to_string()),
    );
}

impl Resolver {
    /// Where the clause `keyword` of `decl`'s own body is written if it did
    /// not parse (`Resolver::unparsed`).
    pub(crate) fn unparsed_clause(&self, decl: DeclRef, keyword: &str) -> Option<Span> {
        self.unparsed
            .get(&decl)?
            .iter()
            .find(|written| {
                written.place == UnparsedPlace::Body && written.keyword.as_str() == keyword
            })
            .map(|written| written.span)
    }

    /// The members of the operation `reference` (written at `span`) that
    /// did not parse, listed in the model (`Model::unparsed`) as
    /// `reference`'s; returns whether a `path` parameter is among them.
    pub(crate) fn note_unparsed_members(&mut self, reference: OperationRef, span: Span) -> bool {
        let Some(clauses) = self.unparsed.get(&DeclRef::Api(reference.api)) else {
            return false;
        };
        let mut path_parameter = false;
        for written in clauses {
            let inside = span.start <= written.span.start && written.span.end <= span.end;
            let member = written.place == UnparsedPlace::NestedBody;
            let Some(clause) = Clause::of_keyword(&written.keyword).filter(|_| inside && member)
            else {
                continue;
            };
            path_parameter |= written.keyword.as_str() == "path";
            self.model.unparsed.push(Unparsed {
                decl: DeclRef::Api(reference.api),
                clause,
                span: written.span,
                operation: Some(reference),
            });
        }
        path_parameter
    }

    /// Reports a missing clause (`keyword`) of `decl` on the declaration's
    /// name: "`subject` has no `what`". Not when the clause is written but
    /// did not parse (`Resolver::unparsed`): its syntax error, on the line
    /// where it is typed, already says what is wrong.
    pub(crate) fn missing_clause(
        &mut self,
        (decl, keyword): (DeclRef, &str),
        subject: &str,
        what: &str,
        span: Span,
        help: &str,
    ) {
        if self.unparsed_clause(decl, keyword).is_some() {
            return;
        }
        self.diagnostics.push(
            Diagnostic::error(
                codes::MISSING_CLAUSE,
                format!("{subject} has no {what}"),
                span,
                format!("no {what}"),
            )
            .with_help(help.to_string()),
        );
    }
}

/// Reports a value that is not one of the allowed ones.
pub(crate) fn invalid_value(
    diagnostics: &mut Vec<Diagnostic>,
    what: &str,
    value: &Ident,
    allowed: &[&str],
) {
    let listed = allowed
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let meant = suggest(&value.text, allowed.iter().copied());
    let help = match meant {
        Some(name) => format!("did you mean `{name}`? Allowed: {listed}"),
        None if allowed.len() == 1 => format!("write {listed}"),
        None => format!("write one of {listed}"),
    };
    diagnostics.push(
        Diagnostic::error(
            codes::INVALID_VALUE,
            format!("`{}` is not a valid {what}", value.text),
            value.span,
            format!("unknown {what}"),
        )
        .with_help(help)
        .with_replacement(value.span, meant),
    );
}
