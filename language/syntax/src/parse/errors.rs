//! Turns grammar failures into diagnostics in words a user knows. Rule names
//! never reach the user: every rule that pest can report is described here.

use super::Rule;
use crate::syntax::DeclKind;
use pest::error::{ErrorVariant, InputLocation};
use weft_base::span::{FileId, Span};
use weft_base::Diagnostic;

use weft_base::codes;
use weft_base::suggest::suggest;

/// What the user can write, per rule that pest may report as expected.
pub(crate) fn describe(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        ident => "a name",
        path => "a name such as `Money` or `std.Money`",
        number => "a number",
        signed_number | bound_min | bound_max | bound_exact | bounds => "bounds such as `1..35`, `0..` or `4`",
        duration => "a duration such as `30s`, `5m` or `7d`",
        semver => "a version such as `1.0.0`",
        version_ref => "a version such as `v1`",
        status => "an HTTP status such as `200` or `404`",
        string | string_text => "a quoted string",
        http_method => "an HTTP method such as `GET` or `POST`",
        param_location => "`path`, `query` or `header`",
        doc_line => "a doc comment",
        annotation | annotation_name => "an annotation such as `@deprecated`",
        type_expr => "a field type such as `string` or `Money`",
        type_args => "type arguments such as `(18, 4)`",
        type_params => "type parameters such as `<string>`",
        optional => "`?`",
        pattern_constraint | length_constraint | range_constraint => "a constraint (`pattern`, `length` or `range`)",
        field => "a field such as `quantity: Quantity`",
        reserved => "`reserved` followed by names",
        enum_member => "an enum symbol such as `OPEN`",
        expr | group => "a value or expression",
        record_lit => "a record value such as `{ amount: 1 }`",
        list_lit => "a list such as `[a, b]`",
        named_expr => "an argument such as `name: value`",
        args => "arguments in parentheses, such as `(number: po.number)`",
        block => "a block `{ ... }` of steps",
        step => "a workflow step (`call`, `emit`, `wait`, `choice`, `parallel`, `for each`, `compensate`, `fail` or `succeed`)",
        step_options => "a `{ ... }` block of step options",
        when_branch => "`when condition { ... }`",
        otherwise_branch => "`otherwise { ... }`",
        parallel_branch => "`branch name { ... }`",
        apply => "`apply` followed by policy names",
        auth | auth_oauth2 | auth_api_key | auth_none => "an `auth` clause such as `auth oauth2 client_credentials`",
        retry => "`retry` settings such as `retry 3 every 2s`",
        timeout => "`timeout` and a duration",
        operation => "an `operation name METHOD \"/path\" { ... }`",
        event_version | version_fields => "a version such as `version 1 { ... }`",
        use_names | use_name => "names to import such as `{Money, Quantity}`",
        trigger | trigger_event | trigger_api | trigger_schedule => {
            "a trigger: `trigger event E v1 as name`, `trigger api Api.op as name` or `trigger schedule \"cron\"`"
        }
        infix_op | op_or | op_and | op_eq | op_not_eq | op_less | op_less_eq | op_greater | op_greater_eq | op_coalesce | op_add
        | op_sub | op_mul | op_div => "an operator",
        prefix_op | op_not | op_negate => "an operator",
        lit_true => "`true`",
        lit_false => "`false`",
        lit_null => "`null`",
        EOI => "the end of the declaration",
        _ => return keyword(rule).or(member_description(rule)),
    })
}

/// Keyword rules are described by the keyword itself.
pub(crate) fn keyword(rule: Rule) -> Option<&'static str> {
    let name = format!("{rule:?}");
    let word = name.strip_prefix("kw_")?;
    crate::keywords::quoted(word)
}

/// Clause rules of bodies, described by what starts them.
pub(crate) fn member_description(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        domain_owner => "`owner \"team\"`",
        domain_contact => "`contact \"email\"`",
        system_domain => "`domain name`",
        system_kind => "`kind`",
        system_hosting => "`hosting`",
        system_connectivity => "`connectivity`",
        consumes => "`consumes Event v1`",
        entity_owner => "`owner system`",
        entity_key => "`key field`",
        entity_record => "`record Name`",
        event_producer => "`producer system`",
        event_about => "`about Entity`",
        event_key => "`key field`",
        event_compatibility => "`compatibility MODE`",
        event_delivery => "`delivery real_time|near_real_time|batch`",
        event_retention => "`retention 7d` or `retention forever`",
        event_compacted => "`compacted`",
        event_dead_letter => "`dead_letter`",
        operation_audited => "`audited`",
        api_host => "`host system`",
        api_version => "`version 1.0.0`",
        api_base => "`base \"/path\"`",
        param => "a parameter such as `query status: Status?`",
        operation_body => "`body Type`",
        response => "`response 200 Type`",
        operation_error => "`error 404 Name \"description\"`",
        operation_reads => "`reads Entity`",
        operation_writes => "`writes Entity`",
        operation_idempotent => "`idempotent`",
        operation_paginated => "`paginated cursor`",
        policy_require => "`require idempotency`",
        policy_sla => "`sla latency 2s`",
        policy_pii => "`pii within_domain`",
        policy_naming => "`naming events PascalCase`",
        workflow_host => "`host system`",
        workflow_sla => "`sla 30m`",
        call_step | emit_step | wait_step | choice_step | parallel_step | for_each_step
        | fail_step | succeed_step | compensate_step => return describe(step),
        catch_option => "`catch Error { ... }`",
        on_timeout_option => "`on timeout { ... }`",
        idempotency_key_option => "`idempotency_key value`",
        compensate_with_option => "`compensate with Api.operation(...)`",
        test_trigger => "`trigger { payload }`",
        mock | mock_returns | mock_fails | mock_attempts | mock_times_out => {
            "`mock step returns value`"
        }
        expect | expect_path | expect_emits | expect_succeeds | expect_fails
        | expect_compensates => "`expect path a, b`",
        package_decl | use_decl | domain_decl | system_decl | type_decl | enum_decl
        | record_decl | entity_decl | event_decl | api_decl | policy_decl | workflow_decl
        | test_decl | item => "a declaration",
        _ => return None,
    })
}

/// What kind of name is expected, judged by the word before it: pest
/// reports only "a name", which is too vague to act on.
pub(crate) fn name_in_context(text: &str, offset: usize) -> &'static str {
    let before = text.get(..offset).unwrap_or("").trim_end();
    if before.ends_with(':') {
        return "a field type such as `string` or `Money`";
    }
    if before.ends_with('=') || before.ends_with('(') || before.ends_with(',') {
        return "a value or name";
    }
    // After the character before the word, whatever its width (a
    // byte-order mark or a letter such as `ü` right before it).
    let word_start = before
        .char_indices()
        .rfind(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |(index, c)| index + c.len_utf8());
    let word = &before[word_start..];
    let at_line_start = word_start == 0 || before[..word_start].ends_with('\n');
    if at_line_start && DeclKind::from_keyword(word).is_some() {
        return "the name of the declaration";
    }
    match word {
        "producer" | "owner" | "host" | "domain" => "a system or domain name",
        "about" | "reads" | "writes" => "an entity name",
        "consumes" | "emits" => "an event name",
        "apply" => "a policy name such as `std.finance_posting`",
        "kind" => "a system kind such as `erp` or `mes`",
        "hosting" => "`on_prem`, `cloud` or `saas`",
        "connectivity" => "`reliable` or `intermittent`",
        "compatibility" => "a compatibility mode such as `BACKWARD_TRANSITIVE`",
        "delivery" => "`real_time`, `near_real_time` or `batch`",
        "body" | "record" => "a type name",
        "use" | "package" => "a package name such as `acme.production`",
        "call" | "emit" | "wait" | "choice" | "parallel" | "branch" | "each" => "a step name",
        _ => "a name",
    }
}

/// Joins descriptions: "a, b or c".
pub(crate) fn one_of(mut items: Vec<String>) -> String {
    items.sort_unstable();
    items.dedup();
    match items.split_last() {
        None => "something else".to_string(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// What is at `offset`: one token's worth of text, for "found ..." messages.
pub(crate) fn found_at(text: &str, offset: usize) -> String {
    let rest = text.get(offset..).unwrap_or("");
    let Some(first) = rest.chars().next() else {
        return "the end of the declaration".to_string();
    };
    if first == '\n' || first == '\r' {
        return "the end of the line".to_string();
    }
    let token: String = if first.is_alphanumeric() || first == '_' {
        rest.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .take(40)
            .collect()
    } else {
        first.to_string()
    };
    format!("`{token}`")
}

/// Converts a pest failure on `text` (which starts at `base` in the file).
/// `member` describes the body member being re-parsed, if any.
pub(crate) fn from_pest(
    file: FileId,
    base: usize,
    text: &str,
    error: &pest::error::Error<Rule>,
    kind: Option<DeclKind>,
    member: Option<&str>,
) -> Diagnostic {
    let (offset, rules, tokens) = expectations(error);
    let span = Span::new(
        file,
        base + offset,
        base + offset + next_char_len(text, offset),
    );
    let rest = text.get(offset..).unwrap_or("");
    if let ErrorVariant::CustomError { message } = &error.variant {
        // pest reports an exceeded call limit as a custom error.
        return Diagnostic::error(
            codes::TOO_COMPLEX,
            "this declaration is too large or complex to parse",
            span,
            message.as_str(),
        )
        .with_help("split it into smaller declarations");
    }
    if let Some(doc_span) = doc_comment_at(file, base, text, offset) {
        return stray_doc(doc_span);
    }
    if member.is_none() {
        if let Some(diagnostic) = unknown_keyword(file, base, text, offset) {
            return diagnostic;
        }
    }
    if let Some(diagnostic) = unterminated_string(file, base, text, offset) {
        return diagnostic;
    }
    if rest.trim().is_empty() && last_unclosed_brace(text).is_some() {
        return unclosed(file, base, text, span);
    }
    // When punctuation such as `:` would have continued, naming the whole
    // member ("a field") as well only blurs the message.
    let rules: Vec<Rule> = if tokens.is_empty() {
        rules
    } else {
        rules
            .into_iter()
            .filter(|rule| !is_container(*rule))
            .collect()
    };
    let mut expected: Vec<String> = rules
        .iter()
        .filter_map(|rule| match rule {
            Rule::ident | Rule::path => Some(name_in_context(text, offset).to_string()),
            _ if format!("{rule:?}").ends_with("_only") => member.map(str::to_string),
            _ => describe(*rule).map(str::to_string),
        })
        .collect();
    expected.extend(tokens.into_iter().map(|token| format!("`{token}`")));
    if let Some(diagnostic) = indented_declaration(file, base, text, offset) {
        return diagnostic;
    }
    let found = found_at(text, offset);
    let what = kind
        .map(|kind| format!(" in this `{}` declaration", kind.keyword()))
        .unwrap_or_default();
    let expected = one_of(expected);
    Diagnostic::error(
        codes::UNEXPECTED,
        format!("expected {expected}, found {found}{what}"),
        span,
        format!("expected {expected}"),
    )
    .with_help(help_for(&rules))
}

/// Where parsing got furthest, the rules that could have gone on there, and
/// the punctuation that could have.
pub(crate) fn expectations(error: &pest::error::Error<Rule>) -> (usize, Vec<Rule>, Vec<String>) {
    let location = match error.location {
        InputLocation::Pos(position) => position,
        InputLocation::Span((start, _)) => start,
    };
    let Some(attempts) = error.parse_attempts() else {
        let positives = match &error.variant {
            ErrorVariant::ParsingError { positives, .. } => positives.clone(),
            ErrorVariant::CustomError { .. } => Vec::new(),
        };
        return (location, positives, Vec::new());
    };
    let mut rules = Vec::new();
    for stack in attempts.call_stacks() {
        match (stack.deepest.get_rule(), stack.parent) {
            (Some(rule), _) => rules.push(*rule),
            (None, Some(parent)) if format!("{parent:?}").ends_with("_only") => rules.push(parent),
            _ => {}
        }
    }
    let tokens = attempts
        .expected_tokens()
        .into_iter()
        .map(|token| token.to_string())
        .filter(|token| PUNCTUATION.contains(&token.as_str()))
        .collect();
    (attempts.max_position, rules, tokens)
}

pub(crate) fn is_container(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::field
            | Rule::step
            | Rule::operation
            | Rule::event_version
            | Rule::enum_member
            | Rule::reserved
            | Rule::param
    ) || format!("{rule:?}").ends_with("_only")
}

/// Tokens worth naming in "expected ..." messages (whitespace and comment
/// starters are always possible and say nothing).
const PUNCTUATION: &[&str] = &[
    ":", "=", "{", "}", "(", ")", "[", "]", "<", ">", ",", "..", ".", "?",
];

pub(crate) fn help_for(positives: &[Rule]) -> String {
    if positives.contains(&Rule::type_expr) {
        return "a field is written `name: Type`, for example `quantity: Quantity` or `note: string?`".to_string();
    }
    if positives.contains(&Rule::step) {
        return "steps are `call`, `emit`, `wait`, `choice`, `parallel`, `for each`, `compensate`, `fail` and `succeed`; see docs/language.md".to_string();
    }
    if positives.contains(&Rule::EOI) {
        return "the declaration is complete here: remove the extra text, or start a new declaration at the beginning of a line".to_string();
    }
    "see docs/language.md for the syntax of this declaration".to_string()
}

pub(crate) fn next_char_len(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, |c| if c == '\n' { 0 } else { c.len_utf8() })
}

/// The `///` comment that the failure position lies in (pest may stop a few
/// characters into it), if any.
pub(crate) fn doc_comment_at(file: FileId, base: usize, text: &str, offset: usize) -> Option<Span> {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |index| index + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |index| line_start + index);
    let line = &text[line_start..line_end];
    let doc = line
        .match_indices("///")
        .map(|(index, _)| line_start + index)
        .find(|start| *start <= offset && offset <= start + 3)?;
    if text[doc..].starts_with("////") || text[..doc].ends_with('/') {
        return None;
    }
    Some(Span::new(file, base + doc, base + line_end))
}

/// A word at the start of a line where a declaration should start, such as a
/// misspelled `recrod`.
pub(crate) fn unknown_keyword(
    file: FileId,
    base: usize,
    text: &str,
    offset: usize,
) -> Option<Diagnostic> {
    let at_line_start = offset == 0 || text[..offset].ends_with('\n');
    let rest = text.get(offset..)?;
    let word_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let word = &rest[..word_len];
    if !at_line_start || word.is_empty() || DeclKind::from_keyword(word).is_some() {
        return None;
    }
    let suggestion = suggest(word, DeclKind::ALL.iter().map(|kind| kind.keyword()));
    let help = match suggestion {
        Some(keyword) => format!("did you mean `{keyword}`?"),
        None => "a declaration starts with `package`, `use`, `domain`, `system`, `type`, `enum`, `record`, `entity`, `event`, `api`, `policy`, `workflow` or `test`".to_string(),
    };
    let span = Span::new(file, base + offset, base + offset + word_len);
    // The keyword in the word's place, as for a misspelt clause keyword.
    Some(
        Diagnostic::error(
            codes::STRAY_TEXT,
            format!("`{word}` does not start a declaration"),
            span,
            "not a declaration keyword",
        )
        .with_help(help)
        .with_replacement(span, suggestion),
    )
}

/// A declaration keyword that is indented: declarations start at column 0.
pub(crate) fn indented_declaration(
    file: FileId,
    base: usize,
    text: &str,
    offset: usize,
) -> Option<Diagnostic> {
    let rest = text.get(offset..)?;
    let word_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let kind = DeclKind::from_keyword(&rest[..word_len])?;
    let line_start = text[..offset].rfind('\n').map_or(0, |index| index + 1);
    if line_start == offset || !text[line_start..offset].trim().is_empty() {
        return None;
    }
    let span = Span::new(file, base + offset, base + offset + word_len);
    Some(
        Diagnostic::error(
            codes::STRAY_TEXT,
            format!(
                "`{}` starts a declaration only at the beginning of a line",
                kind.keyword()
            ),
            span,
            "indented",
        )
        .with_help("remove the indentation so the declaration starts in column 1"),
    )
}

/// A `{` that is never closed: point at the last unclosed brace.
pub(crate) fn unclosed(file: FileId, base: usize, text: &str, end_span: Span) -> Diagnostic {
    let open = last_unclosed_brace(text);
    let open_span = open
        .map(|offset| Span::new(file, base + offset, base + offset + 1))
        .unwrap_or(end_span);
    Diagnostic::error(codes::UNCLOSED_BLOCK, "this `{` is never closed", open_span, "opened here")
        .with_label(end_span, "the declaration ends here")
        .with_help("add the missing `}`; a declaration ends where the next one starts at the beginning of a line")
}

pub(crate) fn last_unclosed_brace(text: &str) -> Option<usize> {
    let mut stack = Vec::new();
    let mut in_string = false;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        match (in_string, c) {
            (true, '\\') => {
                chars.next();
            }
            (true, '"') | (true, '\n') => in_string = false,
            (false, '"') => in_string = true,
            (false, '/') if chars.peek().map(|(_, c)| *c) == Some('/') => {
                while chars.peek().is_some_and(|(_, c)| *c != '\n') {
                    chars.next();
                }
            }
            (false, '{') => stack.push(index),
            (false, '}') => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.pop()
}

/// If the failure lies on a line with an unclosed string, say so.
pub(crate) fn unterminated_string(
    file: FileId,
    base: usize,
    text: &str,
    offset: usize,
) -> Option<Diagnostic> {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |index| index + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |index| line_start + index);
    let line = &text[line_start..line_end];
    let mut open: Option<usize> = None;
    let mut chars = line.char_indices();
    while let Some((index, c)) = chars.next() {
        match (open.is_some(), c) {
            (true, '\\') => {
                chars.next();
            }
            (true, '"') => open = None,
            (false, '"') => open = Some(index),
            (false, '/') if line[index..].starts_with("//") => break,
            _ => {}
        }
    }
    let start = line_start + open?;
    Some(
        Diagnostic::error(
            codes::UNTERMINATED_STRING,
            "this string is not closed",
            Span::new(file, base + start, base + line_end),
            "the string runs to the end of the line",
        )
        .with_help(
            "add the closing `\"`; strings cannot span lines (write `\\n` for a line break)",
        ),
    )
}

pub(crate) fn stray_doc(span: Span) -> Diagnostic {
    Diagnostic::error(codes::STRAY_DOC_COMMENT, "a doc comment or annotation cannot stand here", span, "nothing here can carry it")
        .with_help("doc comments (`///`) and annotations (`@name`) go on their own lines directly before a declaration, field, enum symbol, version, operation or step; use `//` for other comments")
}

/// Text before the first declaration of a file.
pub(crate) fn stray_text(file: FileId, base: usize, text: &str) -> Diagnostic {
    let leading = text.len() - text.trim_start().len();
    let first_line_end = text[leading..]
        .find('\n')
        .map_or(text.len(), |index| leading + index);
    // At most 200 bytes are marked, cut at a character's start: a span
    // must never split a character (the editor and the fixes slice by it).
    let mut end = first_line_end.min(leading + 200);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let span = Span::new(file, base + leading, base + end);
    Diagnostic::error(codes::STRAY_TEXT, "this text is not part of any declaration", span, "expected a declaration here")
        .with_help("a declaration starts at the beginning of a line with `package`, `use`, `domain`, `system`, `type`, `enum`, `record`, `entity`, `event`, `api`, `policy`, `workflow` or `test`")
}

/// Nesting beyond what the parser accepts.
pub(crate) fn too_deep(file: FileId, offset: usize, limit: usize) -> Diagnostic {
    Diagnostic::error(
        codes::TOO_DEEP,
        format!("brackets nest more than {limit} levels deep here"),
        Span::new(file, offset, offset + 1),
        "too deep",
    )
    .with_help("flatten the structure: move nested parts into their own declarations or steps")
}

/// A member the grammar's recovery rule swallowed, explained by re-parsing it.
/// `attributes` is the span of docs or annotations written before it.
pub(crate) fn bad_member(
    file: FileId,
    base: usize,
    text: &str,
    only: Rule,
    what: &str,
    attributes: Option<Span>,
) -> Diagnostic {
    match super::parse_with_detail(only, text) {
        Err(error) => {
            let mut diagnostic = from_pest(file, base, text, &error, None, Some(what));
            if diagnostic.code == codes::UNEXPECTED {
                diagnostic.message = format!("this is not {what}: {}", diagnostic.message);
            }
            diagnostic
        }
        // The member is fine on its own: what it cannot have is the docs or
        // annotations before it.
        Ok(()) => match attributes {
            Some(span) => stray_attributes(span),
            None => {
                let span = Span::new(file, base, base + text.trim_end().len());
                Diagnostic::error(
                    codes::UNEXPECTED,
                    format!("this is not {what}"),
                    span,
                    "not understood here",
                )
                .with_help("see docs/language.md for what this body may contain")
            }
        },
    }
}

/// Docs or annotations before something that cannot carry them.
pub(crate) fn stray_attributes(span: Span) -> Diagnostic {
    stray_doc(span)
}
