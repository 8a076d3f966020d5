//! `parse_file_deferring`, what `weft check` parses with: the deferred
//! declarations (events and APIs in `check`; workflows here too, since the
//! parser can defer them) come with their heads only, and parsing each
//! deferred declaration later from the tokens kept gives exactly what a
//! whole parse gives: the same items, the same errors and the same
//! unparsed clauses. On every weft file of the repository and on generated
//! valid programs. A body whose whole parse is broken is the one case
//! where the head promised more than the body holds; the compiler then
//! checks again from whole trees, so it must be told apart here.

#[path = "support/files.rs"]
mod files;
#[path = "support/generate.rs"]
mod generate;

use files::repository_weft_files;
use proptest::prelude::*;
use weft_syntax::syntax::{DeclKind, ItemKind};
use weft_syntax::{parse_declaration, parse_file, parse_file_deferring, FileId, ParsedFile};

fn deferred_kind(kind: DeclKind) -> bool {
    matches!(kind, DeclKind::Event | DeclKind::Api | DeclKind::Workflow)
}

/// What deferring and then parsing every deferred body gives, laid out as
/// a whole parse: `None` if a deferred body turned out broken or not the
/// one declaration of its head's kind.
fn deferred_then_filled(text: &str) -> Option<(ParsedFile, usize)> {
    let (mut parsed, deferred) = parse_file_deferring(FileId(1), text, &deferred_kind);
    for body in deferred.bodies() {
        let head = &parsed.items[body.item];
        assert_eq!(
            head.span.start as usize,
            body.range().start,
            "the range is the declaration's, docs included"
        );
        let mut alone = deferred.parse(FileId(1), text, body);
        // The comments are the file's parse's business.
        let mut from_text = parse_declaration(FileId(1), &text[body.range()], body.range().start);
        from_text.comments.clear();
        assert_eq!(
            alone, from_text,
            "the kept tokens give what the declaration's text gives"
        );
        let item = alone.items.pop()?;
        if !alone.items.is_empty()
            || matches!(item.kind, ItemKind::Broken(_))
            || item.kind.decl_kind() != head.kind.decl_kind()
        {
            return None;
        }
        parsed.items[body.item] = item;
        parsed.errors.append(&mut alone.errors);
        parsed.unparsed_clauses.append(&mut alone.unparsed_clauses);
    }
    parsed.errors.sort_by_key(|error| error.primary.span.start);
    parsed
        .unparsed_clauses
        .sort_by_key(|clause| clause.span.start);
    Some((parsed, deferred.bodies().len()))
}

/// What deferring did with a text.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// Some body was deferred, and the result equals the whole parse.
    Deferred,
    /// No body was deferred (the result equals the whole parse too).
    NothingDeferred,
    /// A deferred body turned out broken.
    BrokenBody,
}

/// Holds the deferred parse of `text` to its whole parse.
fn assert_same_as_whole(label: &str, text: &str) -> Outcome {
    let mut whole = parse_file(FileId(1), text);
    let Some((filled, deferred)) = deferred_then_filled(text) else {
        assert!(
            whole
                .items
                .iter()
                .any(|item| matches!(item.kind, ItemKind::Broken(_))),
            "{label}: a deferred body failed although no declaration is broken"
        );
        return Outcome::BrokenBody;
    };
    whole.errors.sort_by_key(|error| error.primary.span.start);
    assert_eq!(filled.items, whole.items, "{label}: items differ");
    assert_eq!(filled.errors, whole.errors, "{label}: errors differ");
    assert_eq!(
        filled.unparsed_clauses, whole.unparsed_clauses,
        "{label}: unparsed clauses differ"
    );
    assert_eq!(filled.comments, whole.comments, "{label}: comments differ");
    if deferred > 0 {
        Outcome::Deferred
    } else {
        Outcome::NothingDeferred
    }
}

#[test]
fn every_weft_file_of_the_repository() {
    let files = repository_weft_files();
    let (mut deferring, mut broken) = (0, 0);
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).expect("readable")).into_owned();
        let label = path.display().to_string();
        match assert_same_as_whole(&label, &text) {
            Outcome::Deferred => deferring += 1,
            Outcome::BrokenBody => broken += 1,
            Outcome::NothingDeferred => {}
        }
    }
    assert!(deferring > 100, "only {deferring} files defer a body");
    // The parse-error fixtures have events and APIs that do not parse: the
    // fallback is exercised by the repository's own files.
    assert!(broken > 0, "no file has a broken deferred body");
}

#[test]
fn a_head_that_does_not_parse_is_parsed_whole_at_once() {
    for text in [
        "event {\n  producer erp\n}\n",
        "@topic(\nevent Placed {\n  producer erp\n}\n",
        "api 42 {\n}\n",
    ] {
        let (parsed, deferred) = parse_file_deferring(FileId(1), text, &deferred_kind);
        assert!(deferred.bodies().is_empty(), "{text:?} deferred");
        assert_eq!(parsed, parse_file(FileId(1), text), "{text:?}");
    }
}

#[test]
fn a_broken_body_behind_a_clean_head_is_told_apart() {
    let text = "event Placed {\n  producer erp\n  version 1 {\n    id: string\n  }\n}}\n";
    let (_, deferred) = parse_file_deferring(FileId(1), text, &deferred_kind);
    assert_eq!(deferred.bodies().len(), 1, "the head parses");
    assert!(matches!(
        parse_file(FileId(1), text).items[0].kind,
        ItemKind::Broken(_)
    ));
    assert!(deferred_then_filled(text).is_none());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_programs(program in generate::program()) {
        assert_same_as_whole("generated", &program);
    }
}

#[test]
fn a_text_that_cannot_hold_the_body_parses_to_nothing() {
    let text = "event Placed {\n  producer erp\n}\n";
    let (_, deferred) = parse_file_deferring(FileId(1), text, &deferred_kind);
    let body = &deferred.bodies()[0];
    let parsed = deferred.parse(FileId(1), "event", body);
    assert!(parsed.items.is_empty() && parsed.errors.is_empty());
    assert_eq!(deferred.parse(FileId(1), text, body).items.len(), 1);
}

#[test]
fn long_tokens_in_a_deferred_body_come_back_whole() {
    // Strings around 64 KiB (where a token's length no longer fits 16
    // bits, should the kept tokens ever be packed tighter), before and
    // after other tokens, in an API and an event.
    let mut text = String::new();
    for (index, length) in [65_534, 65_535, 65_536, 200_000].into_iter().enumerate() {
        let long = "x".repeat(length);
        text.push_str(&format!(
            "api Orders{index} {{\n  host erp\n  version 1.0.0\n  base \"/{long}\"\n  operation get GET \"/{long}\" {{\n    response 200 string\n  }}\n}}\n\n"
        ));
        text.push_str(&format!(
            "event Placed{index} {{\n  producer erp\n  dead_letter \"{long}\"\n  version 1 {{\n    id: string\n  }}\n}}\n\n"
        ));
    }
    assert_eq!(
        assert_same_as_whole("long tokens", &text),
        Outcome::Deferred
    );
}
