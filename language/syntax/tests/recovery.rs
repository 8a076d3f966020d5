//! Recovery by token sets: a broken entry of a list loses only itself. The
//! fixtures' diagnostics are snapshotted by weft-compiler's `parse_errors`
//! test; this one checks what survives in the tree.

#[path = "support/files.rs"]
mod files;
#[path = "support/halfway.rs"]
mod halfway;

use files::weft_files;
use halfway::{halfway, typed_with};
use weft_syntax::syntax::*;
use weft_syntax::{parse_file, FileId, UnparsedPlace};

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../tests/fixtures/parse/err/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("fixture")
}

fn workflow(items: &[Item]) -> &WorkflowDecl {
    items
        .iter()
        .find_map(|item| match &item.kind {
            ItemKind::Workflow(workflow) => Some(workflow),
            _ => None,
        })
        .expect("a workflow")
}

#[test]
fn a_broken_branch_loses_only_itself() {
    let parsed = parse_file(FileId(0), &fixture("branch_errors_recover.weft"));
    assert_eq!(parsed.errors.len(), 2);
    let steps = &workflow(&parsed.items).steps;
    let StepKind::Choice(choice) = &steps[0].kind else {
        panic!("a choice")
    };
    assert_eq!(choice.branches.len(), 1);
    assert!(choice.otherwise.is_some());
    let StepKind::Parallel(parallel) = &steps[1].kind else {
        panic!("a parallel")
    };
    let names: Vec<&str> = parallel
        .branches
        .iter()
        .map(|b| b.name.text.as_str())
        .collect();
    assert_eq!(names, ["mail"]);
    assert_eq!(steps[2].kind, StepKind::Succeed);
}

#[test]
fn a_broken_argument_loses_only_itself() {
    let parsed = parse_file(FileId(0), &fixture("argument_errors_recover.weft"));
    assert_eq!(parsed.errors.len(), 2);
    let steps = &workflow(&parsed.items).steps;
    let StepKind::Call(call) = &steps[0].kind else {
        panic!("a call")
    };
    let names: Vec<&str> = call.args.iter().map(|a| a.name.text.as_str()).collect();
    assert_eq!(names, ["material", "plant"]);
    let StepKind::Emit(emit) = &steps[1].kind else {
        panic!("an emit")
    };
    let names: Vec<&str> = emit.fields.iter().map(|a| a.name.text.as_str()).collect();
    assert_eq!(names, ["note"]);
    assert_eq!(steps.len(), 3);
}

#[test]
fn broken_names_arguments_defaults_and_symbols_lose_only_themselves() {
    let parsed = parse_file(FileId(0), &fixture("list_errors_recover.weft"));
    assert_eq!(parsed.errors.len(), 5);
    let ItemKind::Use(first) = &parsed.items[1].kind else {
        panic!("a use")
    };
    let names: Vec<&str> = first.names.iter().map(|n| n.name.text.as_str()).collect();
    assert_eq!(names, ["Money"]);
    let ItemKind::Record(record) = &parsed.items[3].kind else {
        panic!("a record")
    };
    let fields: Vec<String> = record
        .members
        .iter()
        .map(|member| match member {
            FieldMember::Field(field) => format!("{} {}", field.name.text, field.ty.args().len()),
            FieldMember::Reserved(_) => "reserved".to_string(),
        })
        .collect();
    assert_eq!(fields, ["price 1", "note 0"]);
    let ItemKind::Enum(status) = &parsed.items[4].kind else {
        panic!("an enum")
    };
    let symbols: Vec<&str> = status
        .members
        .iter()
        .map(|m| m.name.text.as_str())
        .collect();
    assert_eq!(symbols, ["OPEN", "DONE"]);
}

/// What survived of `members`: each one's variant (`Key`, `Field`, …).
fn variants<T: std::fmt::Debug>(members: &[T]) -> Vec<String> {
    members
        .iter()
        .map(|member| {
            let shown = format!("{member:?}");
            shown
                .split(['(', ' ', '{'])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

/// The fields among a body's members (reserved names left out).
fn fields(members: &[FieldMember]) -> impl Iterator<Item = &Field> {
    members.iter().filter_map(|member| match member {
        FieldMember::Field(field) => Some(field),
        FieldMember::Reserved(_) => None,
    })
}

/// `parsed` reports `count` errors, each at the end of a line.
fn assert_each_at_a_line_end(parsed: &weft_syntax::ParsedFile, count: usize) {
    let messages: Vec<&str> = parsed.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages.len(), count, "{messages:#?}");
    assert!(
        messages
            .iter()
            .all(|m| m.ends_with("found the end of the line")),
        "{messages:#?}"
    );
}

/// A clause left unfinished at the end of its line (`owner`, `quantity:`)
/// would take the next line's first word as its argument, which the
/// grammar allows; the parser holds it to its own line instead, reports
/// it there, and keeps the next line. A field typed up to its `:` stays,
/// with a missing type, so that what names it finds it.
#[test]
fn a_half_typed_line_loses_only_itself() {
    let parsed = parse_file(FileId(0), &fixture("half_typed_lines_recover.weft"));
    assert_each_at_a_line_end(&parsed, 7);
    let items: Vec<&ItemKind> = parsed.items.iter().map(|item| &item.kind).collect();
    let [_, ItemKind::Entity(entity), ItemKind::Event(event), ItemKind::Api(api), ItemKind::Workflow(flow)] =
        items.as_slice()
    else {
        panic!("five declarations, none broken: {items:#?}")
    };
    assert_eq!(
        variants(&entity.members),
        ["Key", "Field", "Field", "Field"]
    );
    let fields: Vec<(&str, bool)> = entity
        .members
        .iter()
        .filter_map(|member| match member {
            EntityMember::Field(FieldMember::Field(field)) => {
                Some((field.name.text.as_str(), field.ty.is_missing()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        fields,
        [("number", false), ("quantity", true), ("price", false)]
    );
    assert_eq!(variants(&event.members), ["About", "Version"]);
    assert_eq!(variants(&api.members), ["Version", "Operation"]);
    let Some(ApiMember::Operation(operation)) = api.members.last() else {
        panic!("an operation")
    };
    assert_eq!(variants(&operation.members), ["Param", "Response"]);
    let Some(OperationMember::Param(param)) = operation.members.first() else {
        panic!("a parameter")
    };
    assert_eq!(param.field.name.text.as_str(), "number");
    assert!(param.field.ty.is_missing());
    assert_eq!(variants(&flow.clauses), ["Trigger"]);
    let StepKind::Call(call) = &flow.steps[0].kind else {
        panic!("a call")
    };
    let options: Vec<String> = call
        .options
        .iter()
        .map(|option| variants(std::slice::from_ref(&option.kind)).join(""))
        .collect();
    assert_eq!(options, ["Retry"]);
    assert_eq!(flow.steps[1].kind, StepKind::Succeed);
}

/// The half-typed clauses are listed for the resolver and the checks,
/// with where they are: a declaration's own (which the resolver then does
/// not report missing), a nested body's (`timeout` in a call's options,
/// which the checks do not report missing either), an argument's. A field
/// kept with its type missing (`path number:`) is no unparsed clause.
#[test]
fn the_half_typed_clauses_are_listed_with_their_place() {
    let text = fixture("half_typed_lines_recover.weft");
    let parsed = parse_file(FileId(0), &text);
    let listed: Vec<(&str, &str, UnparsedPlace)> = parsed
        .unparsed_clauses
        .iter()
        .map(|clause| {
            let line = text[..clause.span.start as usize].lines().count();
            (
                clause.keyword.as_str(),
                text.lines().nth(line - 1).unwrap_or(""),
                clause.place,
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("owner", "  owner", UnparsedPlace::Body),
            ("producer", "  producer", UnparsedPlace::Body),
            ("host", "  host", UnparsedPlace::Body),
            ("host", "  host", UnparsedPlace::Body),
            ("timeout", "    timeout", UnparsedPlace::NestedBody),
        ]
    );
    let valid = parse_file(FileId(0), &fixture("../ok/api.weft"));
    assert!(valid.errors.is_empty() && valid.unparsed_clauses.is_empty());
}

/// An argument cut after its colon, or a parameter's keyword typed alone
/// (`query`, which only an operation reads as a keyword, and the next
/// line's first word is not taken for its name), are listed too.
#[test]
fn half_typed_arguments_and_parameters_are_listed() {
    let text = "api Orders {\n  operation getOrder GET \"/orders/{number}\" {\n    query\n    response 200 Order\n  }\n}\n\nworkflow Sync {\n  call order = Orders.getOrder(\n    number:\n    plant: \"P1\",\n  )\n}\n";
    let parsed = parse_file(FileId(0), text);
    let listed: Vec<(&str, UnparsedPlace)> = parsed
        .unparsed_clauses
        .iter()
        .map(|clause| (clause.keyword.as_str(), clause.place))
        .collect();
    assert_eq!(
        listed,
        [
            ("query", UnparsedPlace::NestedBody),
            ("number", UnparsedPlace::Entry),
        ]
    );
    let Some(ItemKind::Api(api)) = parsed.items.first().map(|item| &item.kind) else {
        panic!("an API");
    };
    let Some(ApiMember::Operation(operation)) = api.members.first() else {
        panic!("an operation");
    };
    assert!(
        matches!(operation.members.as_slice(), [OperationMember::Response(_)]),
        "{:?}",
        operation.members
    );
}

/// A bracket left open at the end of a half-typed line (`decimal(`,
/// `decimal(18,`, `listPayments(`) does not read the lines after it as its
/// contents: each such line is reported at its end, and only it is lost
/// (a field keeps its name, of unknown type).
#[test]
fn a_bracket_left_open_loses_only_its_line() {
    let parsed = parse_file(FileId(0), &fixture("half_typed_brackets_recover.weft"));
    assert_each_at_a_line_end(&parsed, 4);
    let items: Vec<&ItemKind> = parsed.items.iter().map(|item| &item.kind).collect();
    let [_, ItemKind::Record(record), ItemKind::Api(api), ItemKind::Workflow(flow)] =
        items.as_slice()
    else {
        panic!("four declarations, none broken: {items:#?}")
    };
    let fields: Vec<&str> = fields(&record.members)
        .map(|field| field.name.text.as_str())
        .collect();
    assert_eq!(fields, ["amount", "currency", "fee", "reference"]);
    let Some(ApiMember::Operation(operation)) = api.members.last() else {
        panic!("an operation")
    };
    assert_eq!(variants(&operation.members), ["Param", "Response"]);
    assert_eq!(variants(&flow.clauses), ["Host", "Trigger"]);
    assert_eq!(flow.steps.len(), 1);
    assert_eq!(flow.steps[0].kind, StepKind::Succeed);
}

/// An argument whose line ends in an operator (`a ??`) would take the next
/// argument's name as its operand: it is reported at the end of its line,
/// and the arguments after it survive.
#[test]
fn an_operator_left_at_the_end_of_an_argument_loses_only_its_line() {
    let text = "package demo\n\nworkflow W {\n  host erp\n  trigger schedule \"0 2 * * *\"\n  \
                call noted = Slips.note(\n    po_number: change.po_number,\n    \
                urgency: change.urgency ??\n    delay_days: change.delay_days,\n  )\n  \
                succeed\n}\n";
    let parsed = parse_file(FileId(0), text);
    let [error] = parsed.errors.as_slice() else {
        panic!("one error: {:#?}", parsed.errors)
    };
    assert!(
        error.message.ends_with("found the end of the line"),
        "{}",
        error.message
    );
    let line_end = text.find("??\n").map(|at| at + 2);
    assert_eq!(Some(error.primary.span.start as usize), line_end);
    let ItemKind::Workflow(flow) = &parsed.items[1].kind else {
        panic!("a workflow")
    };
    let StepKind::Call(call) = &flow.steps[0].kind else {
        panic!("a call")
    };
    let args: Vec<&str> = call.args.iter().map(|arg| arg.name.text.as_str()).collect();
    assert_eq!(args, ["po_number", "delay_days"]);
}

/// Held to its first line, a member that could also be read across the
/// line break stays as the grammar reads it when the text is valid: the
/// second attempt runs only for a declaration with errors.
#[test]
fn a_clause_continued_on_the_next_line_is_still_valid() {
    let text = "package demo\n\napi Orders {\n  host\n    erp\n  version 1.0.0\n}\n";
    let parsed = parse_file(FileId(0), text);
    assert!(parsed.errors.is_empty(), "{:#?}", parsed.errors);
    let ItemKind::Api(api) = &parsed.items[1].kind else {
        panic!("an api")
    };
    assert_eq!(variants(&api.members), ["Host", "Version"]);
}

/// The repository's valid weft files the half-typed tests cut: the parse
/// and check fixtures, the language server's and the targets' fixture
/// projects, the bundled example, the standard library and the syntax
/// tour.
fn valid_files() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for folder in [
        "tests/fixtures/parse/ok",
        "examples/acme-plant",
        "stdlib/std",
        "tests/fixtures/check/ok",
        "tests/fixtures/lsp",
        "tests/fixtures/targets",
    ] {
        weft_files(&root.join(folder), &mut files);
    }
    files.push(root.join("docs/syntax-tour.weft"));
    files
}

/// Every clause of the syntax tour, the valid parse and check fixtures,
/// the language server's and the targets' fixture projects, the bundled
/// example and the standard library cut at each of its word boundaries
/// (`owner`, `quantity:`, `key id,`, `decimal(`, `getOrder(number:`), one
/// at a time, as an editor sees the line while it is typed: whatever the
/// cut line reports, nothing is reported on any other line.
#[test]
fn every_clause_typed_halfway_loses_only_its_line() {
    let files = valid_files();
    let mut typed_lines = 0;
    let mut problems = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable");
        let lines: Vec<&str> = text.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            for cut in halfway(line) {
                typed_lines += 1;
                let (typed, ends) = typed_with(&lines, &[(index, cut)]);
                let line_start = ends[0] - cut.len();
                let parsed = parse_file(FileId(0), &typed);
                for error in &parsed.errors {
                    let at = error.primary.span.start as usize;
                    if !(line_start..=ends[0]).contains(&at) {
                        problems.push(format!(
                            "{}:{} cut to {cut:?}: {} at offset {at}",
                            path.display(),
                            index + 1,
                            error.message
                        ));
                    }
                }
            }
        }
    }
    assert!(typed_lines > 4_000, "only {typed_lines} lines cut");
    assert!(
        problems.is_empty(),
        "{} of {typed_lines}:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Every two fields running in the same files (records, entities, event
/// versions, `path`, `query` and `header` parameters), both typed up to
/// their `:`: each is reported at its own line's end, and nothing else
/// is reported.
#[test]
fn every_two_fields_running_typed_to_their_colon_report_each_line() {
    let files = valid_files();
    let mut pairs = 0;
    let mut problems = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable");
        let lines: Vec<&str> = text.lines().collect();
        let cut: Vec<Option<&str>> = lines.iter().map(|line| to_field_colon(line)).collect();
        for index in 1..lines.len() {
            let (Some(first), Some(second)) = (cut[index - 1], cut[index]) else {
                continue;
            };
            pairs += 1;
            let (typed, ends) = typed_with(&lines, &[(index - 1, first), (index, second)]);
            let parsed = parse_file(FileId(0), &typed);
            let at: Vec<usize> = parsed
                .errors
                .iter()
                .map(|error| error.primary.span.start as usize)
                .collect();
            if at != ends {
                let messages: Vec<&str> =
                    parsed.errors.iter().map(|e| e.message.as_str()).collect();
                problems.push(format!(
                    "{}:{} {first:?} / {second:?}: errors at {at:?}, line ends {ends:?}: {messages:?}",
                    path.display(),
                    index,
                ));
            }
        }
    }
    assert!(pairs > 500, "only {pairs} pairs of fields");
    assert!(
        problems.is_empty(),
        "{} of {pairs}:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// `line` cut after its colon if it is a field (`name: Type`, or a
/// parameter `path name: Type`) written on one line.
fn to_field_colon(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let field = trimmed
        .strip_prefix("path ")
        .or_else(|| trimmed.strip_prefix("query "))
        .or_else(|| trimmed.strip_prefix("header "))
        .unwrap_or(trimmed);
    let name_end = field.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
    let opens = trimmed.matches(['(', '[', '{']).count();
    let closes = trimmed.matches([')', ']', '}']).count();
    if indent == 0 || name_end == 0 || !field[name_end..].starts_with(": ") || opens != closes {
        return None;
    }
    let colon = line.len() - field.len() + name_end + 1;
    Some(&line[..colon])
}

/// A field typed up to its `:` is kept with a missing type before the
/// body's `}` as well, on the next line or its own; so is a field whose
/// type is left open at its line's end (`decimal(`), the missing type
/// where it stops; a valid type is never missing.
#[test]
fn a_field_typed_up_to_its_colon_stays_declared() {
    let text = "package demo\n\nrecord A {\n  a: string\n  b:\n}\n\nrecord B { c: }\n\nrecord C {\n  d: decimal(\n  e: string\n}\n";
    let parsed = parse_file(FileId(0), text);
    let messages: Vec<&str> = parsed.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    let fields: Vec<Vec<(&str, bool)>> = parsed
        .items
        .iter()
        .filter_map(|item| match &item.kind {
            ItemKind::Record(record) => Some(
                fields(&record.members)
                    .map(|field| (field.name.text.as_str(), field.ty.is_missing()))
                    .collect(),
            ),
            _ => None,
        })
        .collect();
    assert_eq!(
        fields,
        [
            vec![("a", false), ("b", true)],
            vec![("c", true)],
            vec![("d", true), ("e", false)],
        ]
    );
    let missing_at = |name: &str| {
        let at = text.find(&format!("{name}:")).unwrap_or_default() + 2;
        (at, at)
    };
    let spans: Vec<(usize, usize)> = parsed
        .items
        .iter()
        .filter_map(|item| match &item.kind {
            ItemKind::Record(record) => {
                Some(record.members.iter().filter_map(|member| match member {
                    FieldMember::Field(field) if field.ty.is_missing() => {
                        let span = field.ty.span();
                        Some((span.start as usize, span.end as usize))
                    }
                    _ => None,
                }))
            }
            _ => None,
        })
        .flatten()
        .collect();
    let open = text.find("decimal(").unwrap_or_default() + "decimal(".len();
    assert_eq!(spans, [missing_at("b"), missing_at("c"), (open, open)]);
}

/// Two lines running typed up to their `:`: the first would take the
/// second's name as its type, hiding the second line's own error; held to
/// their lines, both fields stay, each reported at its end, and the field
/// after them parses.
#[test]
fn fields_half_typed_on_lines_running_each_stay() {
    let text = "package demo\n\nrecord A {\n  number:\n  plant:\n  price: string\n}\n";
    let parsed = parse_file(FileId(0), text);
    assert_each_at_a_line_end(&parsed, 2);
    let [ItemKind::Package(_), ItemKind::Record(record)] = parsed
        .items
        .iter()
        .map(|item| &item.kind)
        .collect::<Vec<_>>()
        .as_slice()
    else {
        panic!("a package and a record: {:#?}", parsed.items)
    };
    let fields: Vec<(&str, bool)> = fields(&record.members)
        .map(|field| (field.name.text.as_str(), field.ty.is_missing()))
        .collect();
    assert_eq!(
        fields,
        [("number", true), ("plant", true), ("price", false)]
    );
}

/// A field cut after its name (the colon still to come, on a line of its
/// own or after a parameter's `path`) or inside its last constraint
/// (`length` with no bounds yet) stays declared too, each reported at its
/// line's end; a name after a clause that took the line's first word is
/// another member, not a field cut short.
#[test]
fn a_field_cut_after_its_name_or_in_a_constraint_stays_declared() {
    let text = "package demo\n\nrecord A {\n  number\n  plant: string length\n  note: string\n}\n\napi Orders {\n  host erp\n  version 1.0.0\n  operation getOrder GET \"/orders/{number}\" {\n    path number\n    response 200 A\n  }\n}\n";
    let parsed = parse_file(FileId(0), text);
    assert_each_at_a_line_end(&parsed, 3);
    let items: Vec<&ItemKind> = parsed.items.iter().map(|item| &item.kind).collect();
    let [_, ItemKind::Record(record), ItemKind::Api(api)] = items.as_slice() else {
        panic!("a package, a record and an API: {items:#?}")
    };
    let fields: Vec<(&str, bool, usize)> = fields(&record.members)
        .map(|field| {
            (
                field.name.text.as_str(),
                field.ty.is_missing(),
                field.constraints.len(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [("number", true, 0), ("plant", false, 0), ("note", false, 0)]
    );
    let Some(ApiMember::Operation(operation)) = api.members.last() else {
        panic!("an operation")
    };
    assert_eq!(variants(&operation.members), ["Param", "Response"]);

    let swallowed = "package demo\n\nentity Order {\n  owner\n  key number\n  number: string\n}\n";
    let parsed = parse_file(FileId(0), swallowed);
    let items: Vec<&ItemKind> = parsed.items.iter().map(|item| &item.kind).collect();
    let [_, ItemKind::Entity(entity)] = items.as_slice() else {
        panic!("a package and an entity: {items:#?}")
    };
    assert_eq!(variants(&entity.members), ["Key", "Field"]);
}

/// A default typed up to an operator (`= 3 +`) is reported at its line's
/// end as the value the operator lacks, and the field stays (the operator
/// was taken for the next member: "expected a field, found `+`"); a block
/// opening the line below a member that failed (`when x >` with its `{`
/// below) is that member's, not another error.
#[test]
fn an_operator_at_a_line_end_is_reported_there_once() {
    let text = "package demo\n\nrecord A {\n  delay: int32 = 3 +\n  note: string\n}\n\nworkflow W {\n  choice c {\n    when delay >\n    {\n      succeed\n    }\n    otherwise {\n      succeed\n    }\n  }\n}\n";
    let parsed = parse_file(FileId(0), text);
    assert_each_at_a_line_end(&parsed, 2);
    let lines: Vec<usize> = parsed
        .errors
        .iter()
        .map(|error| text[..error.primary.span.start as usize].lines().count())
        .collect();
    assert_eq!(lines, [4, 10]);
    let items: Vec<&ItemKind> = parsed.items.iter().map(|item| &item.kind).collect();
    let [_, ItemKind::Record(record), ItemKind::Workflow(flow)] = items.as_slice() else {
        panic!("a package, a record and a workflow: {items:#?}")
    };
    let fields: Vec<(&str, bool)> = fields(&record.members)
        .map(|field| (field.name.text.as_str(), field.default.is_some()))
        .collect();
    assert_eq!(fields, [("delay", true), ("note", false)]);
    let [Step {
        kind: StepKind::Choice(choice),
        ..
    }] = flow.steps.as_slice()
    else {
        panic!("one choice: {:#?}", flow.steps)
    };
    assert!(choice.branches.is_empty() && choice.otherwise.is_some());
}

#[test]
fn a_type_left_open_or_a_default_cut_keeps_its_field() {
    let text = "package demo\n\nrecord A {\n  lines: list<\n  amount: decimal(10,\n  priority: int32 =\n  sign: int32 = -\n  note: string\n}\n";
    let parsed = parse_file(FileId(0), text);
    assert_each_at_a_line_end(&parsed, 4);
    let lines: Vec<usize> = parsed
        .errors
        .iter()
        .map(|error| text[..error.primary.span.start as usize].lines().count())
        .collect();
    assert_eq!(lines, [4, 5, 6, 7]);
    let [_, ItemKind::Record(record)] = parsed
        .items
        .iter()
        .map(|item| &item.kind)
        .collect::<Vec<_>>()
        .as_slice()
    else {
        panic!("a package and a record: {:#?}", parsed.items)
    };
    // Each half-typed field stays, of unknown type and without a default
    // (with its type kept and no default it would turn required).
    let fields: Vec<(&str, bool, bool)> = fields(&record.members)
        .map(|field| {
            (
                field.name.text.as_str(),
                field.ty.is_missing(),
                field.default.is_some(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("lines", true, false),
            ("amount", true, false),
            ("priority", true, false),
            ("sign", true, false),
            ("note", false, false),
        ]
    );
}

/// The kinds of a file's items, to match as a slice.
fn kinds(parsed: &weft_syntax::ParsedFile) -> Vec<&ItemKind> {
    parsed.items.iter().map(|item| &item.kind).collect()
}

/// The one option of the workflow's one step, which is a call.
fn only_call_option(workflow: &WorkflowDecl) -> &StepOption {
    let [step] = workflow.steps.as_slice() else {
        panic!("one step: {:#?}", workflow.steps)
    };
    let StepKind::Call(call) = &step.kind else {
        panic!("a call: {step:#?}")
    };
    let [option] = call.options.as_slice() else {
        panic!("one option: {:#?}", call.options)
    };
    option
}

/// A member whose first word misspells one of its body's clause keywords
/// is read as that clause when the rest of it parses so (`ownr mes` is the
/// entity's owner), and listed as that clause when not (`prodcer 42`), so
/// that the resolver does not report the clause missing either way; its
/// error carries the keyword as help and as a quick fix. A word followed by
/// `:` (a field's name), a word shorter than three letters and a word close
/// to no clause keyword of the body are left as written.
#[test]
fn a_misspelt_clause_keyword_is_suggested_and_read_as_its_clause() {
    let text = "entity Order {\n  ownr mes\n  ownr: string\n  ky number\n}\n\nevent Placed {\n  prodcer mes\n  owner mes\n  prodcer 42\n}\n\nworkflow Sync {\n  call order = Orders.get() {\n    timout 10s\n  }\n}\n";
    let parsed = parse_file(FileId(0), text);
    let listed: Vec<(&str, &str, UnparsedPlace)> = parsed
        .unparsed_clauses
        .iter()
        .map(|clause| {
            let written = &text[clause.span.start as usize..clause.span.end as usize];
            (written, clause.keyword.as_str(), clause.place)
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("ky", "ky", UnparsedPlace::Body),
            ("owner", "owner", UnparsedPlace::Body),
            ("prodcer", "producer", UnparsedPlace::Body),
        ]
    );
    let [ItemKind::Entity(entity), ItemKind::Event(event), ItemKind::Workflow(workflow)] =
        kinds(&parsed).as_slice()
    else {
        panic!("an entity, an event and a workflow: {:#?}", parsed.items)
    };
    let owners: Vec<String> = entity
        .members
        .iter()
        .filter_map(|member| match member {
            EntityMember::Owner(path) => Some(path.dotted()),
            _ => None,
        })
        .collect();
    assert_eq!(owners, ["mes"]);
    let producers: Vec<String> = event
        .members
        .iter()
        .filter_map(|member| match member {
            EventMember::Producer(path) => Some(path.dotted()),
            _ => None,
        })
        .collect();
    assert_eq!(producers, ["mes"]);
    let option = only_call_option(workflow);
    assert!(
        matches!(option.kind, StepOptionKind::Timeout(_)),
        "{option:#?}"
    );
    let suggested: Vec<(Option<&str>, Option<&str>)> = parsed
        .errors
        .iter()
        .map(|error| {
            let fix = error.fix.as_ref().and_then(|fix| fix.edits.first());
            (error.help.as_deref(), fix.map(|edit| edit.text.as_str()))
        })
        .filter(|(_, fix)| fix.is_some())
        .collect();
    assert_eq!(
        suggested,
        [
            (Some("did you mean `owner`?"), Some("owner")),
            (Some("did you mean `producer`?"), Some("producer")),
            (Some("did you mean `producer`?"), Some("producer")),
            (Some("did you mean `timeout`?"), Some("timeout")),
        ]
    );
    assert_eq!(parsed.errors.len(), 6, "{:#?}", parsed.errors);
}

/// A misspelt keyword that starts a member with a body (`oepration`,
/// `verison`, `ctach`) keeps the member and its whole body: one error, and
/// the operation, the version and the handler's steps are in the tree.
#[test]
fn a_misspelt_keyword_keeps_its_member_and_body() {
    let text = "api Orders {\n  host erp\n  /// Gets one.\n  oepration get GET \"/orders/{id}\" {\n    path id: string\n    response 200 Order\n  }\n}\n\nevent Placed {\n  verison 1 {\n    id: string\n  }\n}\n\nworkflow Sync {\n  call order = Orders.get(id: \"1\") {\n    ctach NotFound {\n      fail \"GONE\" \"It is gone.\"\n    }\n  }\n}\n";
    let parsed = parse_file(FileId(0), text);
    let helps: Vec<Option<&str>> = parsed.errors.iter().map(|e| e.help.as_deref()).collect();
    assert_eq!(
        helps,
        [
            Some("did you mean `operation`?"),
            Some("did you mean `version`?"),
            Some("did you mean `catch`?"),
        ]
    );
    assert!(
        parsed.unparsed_clauses.is_empty(),
        "{:#?}",
        parsed.unparsed_clauses
    );
    let [ItemKind::Api(api), ItemKind::Event(event), ItemKind::Workflow(workflow)] =
        kinds(&parsed).as_slice()
    else {
        panic!("an API, an event and a workflow: {:#?}", parsed.items)
    };
    let [ApiMember::Host(_), ApiMember::Operation(operation)] = api.members.as_slice() else {
        panic!("a host and an operation: {:#?}", api.members)
    };
    assert_eq!(operation.name.text.as_str(), "get");
    assert_eq!(operation.members.len(), 2, "{:#?}", operation.members);
    assert_eq!(operation.attributes.docs.lines, ["Gets one."]);
    let [EventMember::Version(version)] = event.members.as_slice() else {
        panic!("one version: {:#?}", event.members)
    };
    let VersionSchema::Inline(fields) = &version.schema else {
        panic!("inline fields: {version:#?}")
    };
    assert_eq!(fields.len(), 1);
    let option = only_call_option(workflow);
    let StepOptionKind::Catch(error, handler) = &option.kind else {
        panic!("a catch: {option:#?}")
    };
    assert_eq!(error.text.as_str(), "NotFound");
    assert_eq!(handler.steps.len(), 1, "{handler:#?}");
}
