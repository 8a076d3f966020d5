//! Tests of the formatter: one small input per construct with its expected
//! output, the comment and blank-line rules, and three properties checked on
//! every input: the output parses to the same tree (spans aside), keeps every
//! comment, and formats to itself.

use super::*;
use crate::syntax::Item;

/// The syntax tour, which must itself be canonically formatted.
const TOUR: &str = include_str!("../../../../docs/syntax-tour.weft");

/// Replaces every `start..end` span in a `Debug` rendering with `_`.
fn erase_spans(debug: &str) -> String {
    let chars: Vec<char> = debug.chars().collect();
    let digits_from = |mut index: usize| {
        while chars.get(index).is_some_and(char::is_ascii_digit) {
            index += 1;
        }
        index
    };
    let mut erased = String::with_capacity(debug.len());
    let mut index = 0;
    while let Some(&c) = chars.get(index) {
        let starts_number = c.is_ascii_digit()
            && !index
                .checked_sub(1)
                .and_then(|i| chars.get(i))
                .is_some_and(char::is_ascii_digit);
        if starts_number {
            let start_end = digits_from(index);
            let dots = chars.get(start_end) == Some(&'.') && chars.get(start_end + 1) == Some(&'.');
            if dots && chars.get(start_end + 2).is_some_and(char::is_ascii_digit) {
                erased.push('_');
                index = digits_from(start_end + 2);
                continue;
            }
        }
        erased.push(c);
        index += 1;
    }
    erased
}

/// The tree without its spans, for comparing two parses.
fn shape(items: &[Item]) -> String {
    erase_spans(&format!("{items:#?}"))
}

fn comment_texts(parsed: &ParsedFile) -> Vec<String> {
    let comments = parsed
        .comments
        .iter()
        .filter(|comment| !is_doc_comment(&comment.text));
    comments
        .map(|comment| comment.text.trim_end().to_string())
        .collect()
}

/// Formats `text`, which must parse cleanly, and checks the three properties.
fn format_checked(text: &str) -> String {
    let parsed = parse_file(FileId(0), text);
    assert!(
        parsed.errors.is_empty(),
        "input has syntax errors: {:#?}\n{text}",
        parsed.errors
    );
    let formatted = format_file(&parsed, text);
    let reparsed = parse_file(FileId(0), &formatted);
    assert!(
        reparsed.errors.is_empty(),
        "output has syntax errors: {:#?}\n{formatted}",
        reparsed.errors
    );
    assert_eq!(
        shape(&parsed.items),
        shape(&reparsed.items),
        "the tree changed:\n{formatted}"
    );
    assert_eq!(
        comment_texts(&parsed),
        comment_texts(&reparsed),
        "comments changed:\n{formatted}"
    );
    let again = format_file(&reparsed, &formatted);
    assert_eq!(
        formatted, again,
        "not idempotent; first output:\n{formatted}"
    );
    assert!(formatted.is_empty() || (formatted.ends_with('\n') && !formatted.ends_with("\n\n")));
    assert!(!formatted.contains('\r'));
    formatted
}

/// Asserts that `input` formats to `expected`.
#[track_caller]
fn assert_formats(input: &str, expected: &str) {
    let formatted = format_checked(input);
    assert_eq!(
        formatted, expected,
        "\n--- got ---\n{formatted}\n--- expected ---\n{expected}"
    );
}

// ----- the helper itself ------------------------------------------------------

#[test]
fn erase_spans_removes_ranges_only() {
    assert_eq!(
        erase_spans("a @12..40, Some(3..4), 1.5, \"x\""),
        "a @_, Some(_), 1.5, \"x\""
    );
}

// ----- declarations -------------------------------------------------------------

#[test]
fn package_then_blank_line_and_uses_without_blank_lines() {
    assert_formats(
        "package   a.b\nuse x.y\n\n\nuse x.z   as Z\nuse q.{ A,B as C, }\nrecord R {}\n",
        "package a.b\n\nuse x.y\nuse x.z as Z\nuse q.{A, B as C}\n\nrecord R {}\n",
    );
}

#[test]
fn declarations_are_separated_by_exactly_one_blank_line() {
    assert_formats(
        "type A = string\ntype B = int\n\n\n\nrecord C {}\nrecord D {}\n",
        "type A = string\n\ntype B = int\n\nrecord C {}\n\nrecord D {}\n",
    );
}

#[test]
fn domain_and_system_clauses() {
    assert_formats(
        "domain d { owner \"Team\" contact \"t@x\"\n apply std.a, std.b }\nsystem s {\n domain d\n    kind erp\nhosting cloud connectivity intermittent\nconsumes E   v2 }\n",
        "domain d {\n  owner \"Team\"\n  contact \"t@x\"\n  apply std.a, std.b\n}\n\nsystem s {\n  domain d\n  kind erp\n  hosting cloud\n  connectivity intermittent\n  consumes E v2\n}\n",
    );
}

#[test]
fn types_and_constraints() {
    assert_formats(
        "type P=decimal( 5 ,2 )range 0..100\ntype N = string pattern \"^4[0-9]{2}$\"   length 10\ntype L = string length ..500\ntype M = int range -5..\ntype T = timestamp(ms)\n",
        "type P = decimal(5, 2) range 0..100\n\ntype N = string pattern \"^4[0-9]{2}$\" length 10\n\ntype L = string length ..500\n\ntype M = int range -5..\n\ntype T = timestamp(ms)\n",
    );
}

#[test]
fn enum_symbols_one_per_line_without_commas() {
    assert_formats(
        "enum E { A, B,\n@deprecated(\"use A\") C }\n",
        "enum E {\n  A\n  B\n  @deprecated(\"use A\")\n  C\n}\n",
    );
}

#[test]
fn record_fields_with_types_defaults_and_reserved() {
    assert_formats(
        "record R { a:int\n b : list< string >? = [ 1,2 ]\n c: map<string,Money>  = { x : 1 , y:\"z\" },\n d: int32 range 1..5 = 3 reserved x,y }\n",
        "record R {\n  a: int\n  b: list<string>? = [1, 2]\n  c: map<string, Money> = { x: 1, y: \"z\" }\n  d: int32 range 1..5 = 3\n  reserved x, y\n}\n",
    );
}

#[test]
fn docs_and_annotations_each_on_their_own_line() {
    assert_formats(
        "///Doc of R.\n///\n///   indented\n@tag @deprecated( \"x\" ,1)\nrecord R {\n  @pii @alias(\"old\")\n  /// doc after annotations\n  a: int\n}\n",
        "/// Doc of R.\n///\n///   indented\n@tag\n@deprecated(\"x\", 1)\nrecord R {\n  /// doc after annotations\n  @pii\n  @alias(\"old\")\n  a: int\n}\n",
    );
}

#[test]
fn entity_members() {
    assert_formats(
        "entity PO { owner erp key a,b record R apply p a: int = OPEN }\n",
        "entity PO {\n  owner erp\n  key a, b\n  record R\n  apply p\n  a: int = OPEN\n}\n",
    );
}

#[test]
fn event_versions_always_follow_a_blank_line() {
    assert_formats(
        "event E {\n  producer p\n  about A\n  key a.b\n  compatibility BACKWARD\n  delivery real_time\n  retention 7d\n  compacted\n  dead_letter   \"po.dlq\"\n  dead_letter\n  version 1 { a: int }\n  /// Second.\n  @deprecated\n  version 2 = R\n  retention forever\n}\n",
        "event E {\n  producer p\n  about A\n  key a.b\n  compatibility BACKWARD\n  delivery real_time\n  retention 7d\n  compacted\n  dead_letter \"po.dlq\"\n  dead_letter\n\n  version 1 {\n    a: int\n  }\n\n  /// Second.\n  @deprecated\n  version 2 = R\n  retention forever\n}\n",
    );
}

#[test]
fn a_version_first_in_its_event_has_no_blank_line_before_it() {
    assert_formats(
        "event E {\n\n  version 1 {}\n}\n",
        "event E {\n  version 1 {}\n}\n",
    );
}

#[test]
fn api_and_operations() {
    assert_formats(
        "api A { host erp version 01.2.0 base \"/p\" auth oauth2 cc scopes \"a\",\"b\"\n apply p\n operation get GET \"/x/{id}\" {\n path id: Id\n query q: string? = \"d\"\n header @deprecated h: string\n body B\n response 200 list<X> \"ok\"\n response 204\n error 404 NotFound \"none\"\n reads X writes Y\n auth api_key header \"X-Key\"\n idempotent audited paginated cursor apply q } operation ping POST \"/ping\" { auth none } }\n",
        "api A {\n  host erp\n  version 01.2.0\n  base \"/p\"\n  auth oauth2 cc scopes \"a\", \"b\"\n  apply p\n\n  operation get GET \"/x/{id}\" {\n    path id: Id\n    query q: string? = \"d\"\n    @deprecated\n    header h: string\n    body B\n    response 200 list<X> \"ok\"\n    response 204\n    error 404 NotFound \"none\"\n    reads X\n    writes Y\n    auth api_key header \"X-Key\"\n    idempotent\n    audited\n    paginated cursor\n    apply q\n  }\n\n  operation ping POST \"/ping\" {\n    auth none\n  }\n}\n",
    );
}

#[test]
fn a_parameter_keeps_its_docs_and_annotations_above_it() {
    assert_formats(
        "api A {\n  operation o GET \"/\" {\n    /// The page.\n    @deprecated query page: int\n  }\n}\n",
        "api A {\n  operation o GET \"/\" {\n    /// The page.\n    @deprecated\n    query page: int\n  }\n}\n",
    );
}

#[test]
fn policy_rules() {
    assert_formats(
        "policy p { require audit retry 5 every 2s backoff 2.0 max 1m retry 1 timeout 30s sla latency 2s pii allowed naming events PascalCase auth none }\n",
        "policy p {\n  require audit\n  retry 5 every 2s backoff 2.0 max 1m\n  retry 1\n  timeout 30s\n  sla latency 2s\n  pii allowed\n  naming events PascalCase\n  auth none\n}\n",
    );
}

#[test]
fn workflow_clauses_come_before_steps() {
    assert_formats(
        "workflow W {\n  succeed\n  host h\n  trigger api A.op as req\n  timeout 2h\n}\n",
        "workflow W {\n  host h\n  trigger api A.op as req\n  succeed\n  timeout 2h\n}\n",
    );
}

#[test]
fn workflow_steps_and_options() {
    assert_formats(
        "workflow W { host h trigger schedule \"0 * * * *\" apply p sla 30m\n\
         call a=A.b( x:1 ,y : c.d ){timeout 10s retry 3 every 1s catch NotFound { fail \"X\" \"msg\" } catch any {compensate}\n\
         idempotency_key c.id compensate with A.undo( x : 1 ) on timeout { succeed } }\n\
         emit e = E v1 ( a : 1 )\n\
         wait w = E v2 where w.id==c.id and not(w.x) { timeout 3d }\n\
         for each i in a.items concurrency 5 { call p = I.get() }\n\
         choice c { when a.x>2 or -a.y<=1 { succeed } otherwise { fail \"F\" } }\n\
         parallel p { branch one { succeed } branch two {} }\n\
         }\n",
        "workflow W {\n  host h\n  trigger schedule \"0 * * * *\"\n  apply p\n  sla 30m\n  call a = A.b(x: 1, y: c.d) {\n    timeout 10s\n    retry 3 every 1s\n    catch NotFound {\n      fail \"X\" \"msg\"\n    }\n    catch any {\n      compensate\n    }\n    idempotency_key c.id\n    compensate with A.undo(x: 1)\n    on timeout {\n      succeed\n    }\n  }\n  emit e = E v1(a: 1)\n  wait w = E v2 where w.id == c.id and not (w.x) {\n    timeout 3d\n  }\n  for each i in a.items concurrency 5 {\n    call p = I.get()\n  }\n  choice c {\n    when a.x > 2 or -a.y <= 1 {\n      succeed\n    }\n    otherwise {\n      fail \"F\"\n    }\n  }\n  parallel p {\n    branch one {\n      succeed\n    }\n    branch two {}\n  }\n}\n",
    );
}

#[test]
fn test_scenarios() {
    assert_formats(
        "test t for W { trigger {a:1,b:[1,2]} mock a returns {} mock b fails NotFound mock w times out expect path a,b expect emits E v1 expect emits E v2 where a.b==1 and(c<2 or not d) expect succeeds expect fails \"X\" }\n",
        "test t for W {\n  trigger { a: 1, b: [1, 2] }\n  mock a returns {}\n  mock b fails NotFound\n  mock w times out\n  expect path a, b\n  expect emits E v1\n  expect emits E v2 where a.b == 1 and (c < 2 or not d)\n  expect succeeds\n  expect fails \"X\"\n}\n",
    );
}

#[test]
fn empty_bodies_print_as_braces() {
    assert_formats(
        "record R {\n\n}\nworkflow W {}\npolicy p {\n}\n",
        "record R {}\n\nworkflow W {}\n\npolicy p {}\n",
    );
}

// ----- expressions and literals ---------------------------------------------------

#[test]
fn strings_are_escaped_canonically() {
    assert_formats(
        "type T = string pattern \"a\\\"b\\\\c\\td\\u{1}e\\u{41}\\r\\n\"\n",
        "type T = string pattern \"a\\\"b\\\\c\\td\\u{1}eA\\r\\n\"\n",
    );
}

#[test]
fn numbers_durations_and_versions_are_printed_as_written() {
    assert_formats(
        "record R { a: decimal = 2.50 b: int = -007 c: duration = 90s }\nsystem s { consumes E v02 }\n",
        "record R {\n  a: decimal = 2.50\n  b: int = -007\n  c: duration = 90s\n}\n\nsystem s {\n  consumes E v02\n}\n",
    );
}

#[test]
fn operators_get_single_spaces_and_groups_are_kept() {
    assert_formats(
        "record R { a: bool = (1+2)*3>=4/2 and not true or null!=x-1 }\n",
        "record R {\n  a: bool = (1 + 2) * 3 >= 4 / 2 and not true or null != x - 1\n}\n",
    );
}

#[test]
fn long_argument_lists_put_one_entry_per_line() {
    assert_formats(
        "workflow W {\n  call expedite = PurchaseOrders.expedite(number: change.po_number, body: { needed_by: change.new_start, note: \"slip\" }) {\n    timeout 20s\n  }\n}\n",
        "workflow W {\n  call expedite = PurchaseOrders.expedite(\n    number: change.po_number,\n    body: { needed_by: change.new_start, note: \"slip\" },\n  ) {\n    timeout 20s\n  }\n}\n",
    );
}

#[test]
fn long_record_literals_break_at_every_level_that_does_not_fit() {
    let input = "test t for W {\n  trigger { order: { id: \"PO-0000000001\", material: \"M-100000000\", plant: \"DE01\" }, lines: [{ material: \"M-200\", quantity: 1000000 }, { material: \"M-300\", quantity: 2000000 }] }\n}\n";
    let expected = "test t for W {\n  trigger {\n    order: { id: \"PO-0000000001\", material: \"M-100000000\", plant: \"DE01\" },\n    lines: [{ material: \"M-200\", quantity: 1000000 }, { material: \"M-300\", quantity: 2000000 }],\n  }\n}\n";
    assert_formats(input, expected);
}

#[test]
fn a_line_of_exactly_one_hundred_columns_stays_whole() {
    let name = "x".repeat(100 - "  trigger { a: \"\" }".len());
    let fits = format!("test t for W {{\n  trigger {{ a: \"{name}\" }}\n}}\n");
    assert_formats(&fits, &fits);
    let too_long = format!("test t for W {{\n  trigger {{ a: \"{name}x\" }}\n}}\n");
    assert_formats(
        &too_long,
        &format!("test t for W {{\n  trigger {{\n    a: \"{name}x\",\n  }}\n}}\n"),
    );
}

// ----- blank lines ----------------------------------------------------------------

#[test]
fn at_most_one_blank_line_between_members_where_the_source_had_some() {
    assert_formats(
        "record R {\n\n  a: int\n\n\n\n  b: int\n  c: int\n\n}\n",
        "record R {\n  a: int\n\n  b: int\n  c: int\n}\n",
    );
}

#[test]
fn operations_always_follow_a_blank_line() {
    assert_formats(
        "api A {\n  host h\n  operation a GET \"/a\" {}\n  operation b GET \"/b\" {}\n}\n",
        "api A {\n  host h\n\n  operation a GET \"/a\" {}\n\n  operation b GET \"/b\" {}\n}\n",
    );
}

// ----- comments ---------------------------------------------------------------------

#[test]
fn comments_before_members_stay_on_their_own_line() {
    assert_formats(
        "record R {\n// about a\n      a: int\n\n    // about b\n  b: int\n}\n",
        "record R {\n  // about a\n  a: int\n\n  // about b\n  b: int\n}\n",
    );
}

#[test]
fn a_four_slash_comment_directly_above_a_declaration_stays_above_it() {
    // `////` is an ordinary comment, but the splitter gives the lines of
    // slashes directly above a header to the declaration below.
    for above in ["//// four", "///// five"] {
        let text = format!("package demo\n\n{above}\nrecord R {{\n  a: int\n}}\n");
        assert_formats(&text, &text);
    }
    assert_formats(
        "package demo\n\n//// about R\n@deprecated\nrecord R {\n  a: int\n}\n",
        "package demo\n\n//// about R\n@deprecated\nrecord R {\n  a: int\n}\n",
    );
}

#[test]
fn a_timeout_written_after_a_step_stays_after_it() {
    // Moved up among the clauses, it would become the workflow's timeout
    // where the checks report it as misplaced (E709).
    let text = "workflow W {\n  host h\n  timeout 1d\n  succeed\n  timeout 30s\n}\n";
    assert_formats(text, text);
}

#[test]
fn a_call_keeps_its_empty_options_block() {
    // The tree records the block (a quick fix adds an option inside it).
    assert_formats(
        "workflow W {\n  call r = A.op() {\n  }\n  emit e = E v1() {\n  }\n}\n",
        "workflow W {\n  call r = A.op() {}\n  emit e = E v1()\n}\n",
    );
}

#[test]
fn comments_at_the_end_of_a_line_stay_there() {
    assert_formats(
        "record R { // the R\n  a: int // the a\n  b: int    // the b   \n} // after\n",
        "record R {  // the R\n  a: int  // the a\n  b: int  // the b\n}  // after\n",
    );
}

#[test]
fn comments_before_a_closing_brace_stay_inside_the_block() {
    assert_formats(
        "record R {\n  a: int\n  // last\n}\nrecord E {\n// nothing yet\n}\n",
        "record R {\n  a: int\n  // last\n}\n\nrecord E {\n  // nothing yet\n}\n",
    );
}

#[test]
fn comments_at_the_top_and_end_of_the_file_are_kept() {
    assert_formats(
        "// Header.\n\n// More header.\npackage p\n// After package.\nrecord R {}\n\n\n// The end.\n// Really.\n",
        "// Header.\n\n// More header.\npackage p\n\n// After package.\nrecord R {}\n\n// The end.\n// Really.\n",
    );
}

#[test]
fn a_file_of_comments_only_is_kept() {
    assert_formats("  // one\n\n\n// two\n", "// one\n\n// two\n");
}

#[test]
fn comments_between_uses_keep_their_blank_lines() {
    assert_formats(
        "use a.B\n\n// group two\nuse c.D\nuse e.F\n",
        "use a.B\n\n// group two\nuse c.D\nuse e.F\n",
    );
}

#[test]
fn a_comment_inside_a_list_breaks_it() {
    assert_formats(
        "use q.{A, // first\n B}\ntest t for W {\n  mock a returns [1, // one\n  2]\n}\n",
        "use q.{\n  A,  // first\n  B,\n}\n\ntest t for W {\n  mock a returns [\n    1,  // one\n    2,\n  ]\n}\n",
    );
}

#[test]
fn a_comment_inside_an_unbreakable_expression_moves_to_the_next_line() {
    assert_formats(
        "record R {\n  a: bool = x and // why\n    y\n  b: int\n}\n",
        "record R {\n  a: bool = x and y\n  // why\n  b: int\n}\n",
    );
}

#[test]
fn comments_among_step_options_and_clauses() {
    assert_formats(
        "workflow W {\n  host h // runs here\n  // the trigger\n  trigger api A.o as r\n  call c = A.b(\n    // the id\n    id: r.id\n  ) { // options\n    timeout 1s\n    // and then\n    retry 3\n    catch X {\n    // nothing to do\n    }\n  }\n  wait w = E v1 where w.id == // same id\n    r.id\n}\n",
        "workflow W {\n  host h  // runs here\n  // the trigger\n  trigger api A.o as r\n  call c = A.b(\n    // the id\n    id: r.id,\n  ) {  // options\n    timeout 1s\n    // and then\n    retry 3\n    catch X {\n      // nothing to do\n    }\n  }\n  wait w = E v1 where w.id == r.id\n  // same id\n}\n",
    );
}

#[test]
fn comments_in_rare_places_survive_and_settle() {
    assert_formats(
        "record R {\n  /// a\n  // between doc lines\n  /// b\n  @pii // after pii\n  @tag\n  x: int\n}\n",
        "record R {\n  /// a\n  /// b\n  // between doc lines\n  @pii  // after pii\n  @tag\n  x: int\n}\n",
    );
    assert_formats(
        "workflow W {\n  call a = A.b( // nothing to pass\n  )\n  choice c {\n    when a.x // why\n    {\n      succeed\n    }\n  }\n}\n",
        "workflow W {\n  call a = A.b(  // nothing to pass\n  )\n  choice c {\n    when a.x {\n      // why\n      succeed\n    }\n  }\n}\n",
    );
    assert_formats(
        "record A {} // a\n// between\nrecord B {\n} // b\n",
        "record A {}  // a\n\n// between\nrecord B {}  // b\n",
    );
}

#[test]
fn long_use_lists_put_one_name_per_line() {
    let names: Vec<String> = (0..12)
        .map(|index| format!("SomeLongTypeName{index}"))
        .collect();
    let input = format!("use acme.things.{{{}}}\n", names.join(", "));
    let expected = format!(
        "use acme.things.{{\n{}}}\n",
        names
            .iter()
            .map(|name| format!("  {name},\n"))
            .collect::<String>()
    );
    assert_formats(&input, &expected);
}

/// The tour with a comment inserted on a line of its own before every line
/// and/or at the end of every line, wherever weft allows one: not between a
/// declaration's docs or annotations and its keyword (the splitter would cut
/// them off) and not after a doc line (it would become part of the doc).
fn tour_with_comments_everywhere(own_lines: bool, line_ends: bool) -> (String, usize) {
    let mut text = String::new();
    let mut inserted = 0;
    let mut previous = "";
    for line in TOUR.lines() {
        let after_attributes = previous.starts_with("///") || previous.starts_with('@');
        if own_lines && !after_attributes {
            inserted += 1;
            text.push_str(&format!("  // own line {inserted}\n"));
        }
        text.push_str(line);
        if line_ends && !line.trim_start().starts_with("///") && !line.contains("//") {
            inserted += 1;
            text.push_str(&format!(" // line end {inserted}"));
        }
        text.push('\n');
        previous = line;
    }
    (text, inserted)
}

#[test]
fn comments_anywhere_in_the_tour_survive() {
    let tour_comments = parse_file(FileId(0), TOUR).comments.len();
    for (own_lines, line_ends) in [(true, false), (false, true), (true, true)] {
        let (text, inserted) = tour_with_comments_everywhere(own_lines, line_ends);
        assert!(inserted > 150);
        assert_eq!(
            parse_file(FileId(0), &text).comments.len(),
            tour_comments + inserted
        );
        let formatted = format_checked(&text);
        assert_eq!(
            parse_file(FileId(0), &formatted).comments.len(),
            tour_comments + inserted
        );
    }
}

#[test]
fn the_tour_with_comments_in_odd_places_keeps_them_all() {
    let mut text = TOUR.to_string();
    let insertions = [
        (
            "  owner erp\n",
            "  owner erp // between clauses\n  // own line between clauses\n",
        ),
        (
            "    timeout 10s\n",
            "    // inside the options block\n    timeout 10s // end of option line\n",
        ),
        (
            "change.delay_days > 2 and",
            "change.delay_days > 2 and // inside a condition spanning lines\n       ",
        ),
        (
            "plant: change.plant)",
            "// inside the arguments\n      plant: change.plant)",
        ),
        (
            "  mock expedite fails AlreadyClosed\n",
            "  mock expedite fails AlreadyClosed\n\n  // before the expectations\n\n",
        ),
        (
            "  UNKNOWN\n}",
            "  UNKNOWN\n  // before the closing brace\n}",
        ),
        ("    otherwise {\n", "    otherwise { // after a brace\n"),
    ];
    for (find, replace) in insertions {
        assert!(text.contains(find), "{find}");
        text = text.replacen(find, replace, 1);
    }
    text.push_str("\n// at the very end\n");
    let before = parse_file(FileId(0), &text).comments.len();
    let formatted = format_checked(&text);
    assert_eq!(parse_file(FileId(0), &formatted).comments.len(), before);
    assert!(formatted.contains("  owner erp  // between clauses\n  // own line between clauses\n"));
    assert!(formatted.ends_with("}\n\n// at the very end\n"));
}

// ----- whole files -----------------------------------------------------------------

#[test]
fn the_tour_is_canonically_formatted() {
    let formatted = format_checked(TOUR);
    assert_eq!(
        formatted, TOUR,
        "run the formatter on docs/syntax-tour.weft"
    );
}

/// Every `.weft` file under `directory`, recursively.
fn weft_files(directory: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            weft_files(&path, found);
        } else if path
            .extension()
            .is_some_and(|extension| extension == "weft")
        {
            found.push(path);
        }
    }
}

#[test]
fn the_standard_library_and_examples_format_without_changing_their_meaning() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for directory in ["stdlib", "examples", "tests/fixtures"] {
        weft_files(&root.join(directory), &mut files);
    }
    let mut count = 0;
    for path in files {
        // Fixtures that are deliberately not UTF-8 are not weft text.
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if parse_file(FileId(0), &text).errors.is_empty() {
            format_checked(&text);
            count += 1;
        }
    }
    assert!(count > 0);
}

#[test]
fn the_tour_reindented_with_crlf_and_trailing_spaces_formats_back_to_itself() {
    let mut messy = String::new();
    for line in TOUR.lines() {
        let content = line.trim_start();
        let depth = line.len() - content.len();
        // Column 0 must stay column 0: it is what starts a declaration.
        let indent = if depth == 0 { 0 } else { depth * 3 + 1 };
        messy.push_str(&" ".repeat(indent));
        messy.push_str(content);
        messy.push_str(if content.starts_with("//") {
            "\r\n"
        } else {
            "   \r\n"
        });
    }
    assert_eq!(format_checked(&messy), TOUR);
}

#[test]
fn declarations_with_syntax_errors_are_copied_if_formatted_anyway() {
    let text = "record A {}\nrecord B {\n  a: int // kept\n\nrecord C{}\n";
    let parsed = parse_file(FileId(0), text);
    assert!(!parsed.errors.is_empty());
    assert_eq!(
        format_file(&parsed, text),
        "record A {}\n\nrecord B {\n  a: int  // kept\n\nrecord C {}\n"
    );
}

#[test]
fn carriage_returns_and_trailing_blank_lines_are_normalised() {
    assert_formats(
        "record R {\r\n  a: int\r\n}\r\n\r\n\r\n",
        "record R {\n  a: int\n}\n",
    );
    assert_formats("record R {}", "record R {}\n");
    assert_formats("", "");
}

#[test]
fn files_with_syntax_errors_are_not_formatted() {
    let errors = format_source(FileId(0), "record R {\n  a int\n}\n").expect_err("a syntax error");
    assert!(!errors.is_empty());
    assert_eq!(
        format_source(FileId(0), "record R{}").ok().as_deref(),
        Some("record R {}\n")
    );
}

#[test]
fn coalesce_is_spaced_like_the_other_operators() {
    assert_formats(
        "workflow W {\n  choice c {\n    when a.x??0>2 and (b??c)==d {\n      succeed\n    }\n  }\n}\n",
        "workflow W {\n  choice c {\n    when a.x ?? 0 > 2 and (b ?? c) == d {\n      succeed\n    }\n  }\n}\n",
    );
}
