//! A proptest generator of valid weft programs: every declaration kind,
//! every member, step, option and expression form of the grammar, with
//! names that are keywords, members written flush left, comments and doc
//! comments in between.

use proptest::prelude::*;
use proptest::strategy::BoxedStrategy;

/// Names, including keywords (the grammar lets them be names) but not the
/// words that change meaning where a name stands (`not`, `true`, …).
fn name() -> BoxedStrategy<String> {
    prop_oneof![
        Just("a"),
        Just("order"),
        Just("Order"),
        Just("status"),
        Just("type"),
        Just("record"),
        Just("owner"),
        Just("key"),
        Just("path"),
        Just("v2x"),
        Just("_x"),
        Just("event"),
        Just("timeout"),
        Just("keyed"),
        Just("domain"),
        Just("quantity_1"),
    ]
    .prop_map(str::to_string)
    .boxed()
}

/// A name that may be read as an expression path (so not `or` / `and`).
fn path() -> BoxedStrategy<String> {
    proptest::collection::vec(name(), 1..4)
        .prop_map(|parts| parts.join("."))
        .boxed()
}

fn string() -> BoxedStrategy<String> {
    prop_oneof![
        Just(r#""plain""#),
        Just(r#""with \"quotes\" and \\ and \n""#),
        Just(r#""unicode \u{1F600} é""#),
        Just(r#""// not a comment""#),
        Just(r#""""#),
    ]
    .prop_map(str::to_string)
    .boxed()
}

fn number() -> BoxedStrategy<String> {
    prop_oneof![Just("0"), Just("42"), Just("1.5"), Just("18"), Just("007")]
        .prop_map(str::to_string)
        .boxed()
}

fn duration() -> BoxedStrategy<String> {
    prop_oneof![
        Just("10ms"),
        Just("5s"),
        Just("2m"),
        Just("1h"),
        Just("7d"),
        Just("2w")
    ]
    .prop_map(str::to_string)
    .boxed()
}

/// Blanks between tokens where the grammar allows them: spaces, line
/// breaks, ordinary comments.
fn gap() -> BoxedStrategy<String> {
    prop_oneof![
        6 => Just(" "),
        1 => Just("\n    "),
        1 => Just(" // note\n    "),
        1 => Just("  \t"),
    ]
    .prop_map(str::to_string)
    .boxed()
}

pub fn expr() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        string(),
        number(),
        duration(),
        Just("true".to_string()),
        Just("false".to_string()),
        Just("null".to_string()),
        path(),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            (
                inner.clone(),
                prop_oneof![
                    Just("or"),
                    Just("and"),
                    Just("=="),
                    Just("!="),
                    Just("<"),
                    Just("<="),
                    Just(">"),
                    Just(">="),
                    Just("+"),
                    Just("??"),
                    Just("-"),
                    Just("*"),
                    Just("/"),
                ],
                inner.clone(),
                gap(),
                any::<bool>()
            )
                .prop_map(|(left, op, right, gap, glued)| {
                    // `x<N` written without blanks is a comparison too.
                    if glued && !op.chars().all(char::is_alphabetic) {
                        format!("{left}{op}{right}")
                    } else {
                        format!("{left}{gap}{op} {right}")
                    }
                }),
            (
                prop_oneof![Just("not "), Just("-"), Just("not not ")],
                inner.clone()
            )
                .prop_map(|(op, operand)| format!("{op}{operand}")),
            inner.clone().prop_map(|inner| format!("({inner})")),
            proptest::collection::vec(inner.clone(), 0..3)
                .prop_map(|items| format!("[{}]", items.join(", "))),
            proptest::collection::vec((name(), inner), 0..3).prop_map(|fields| {
                let fields: Vec<String> = fields
                    .into_iter()
                    .map(|(n, v)| format!("{n}: {v}"))
                    .collect();
                format!("{{ {} }}", fields.join(", "))
            }),
        ]
    })
    .boxed()
}

fn type_expr() -> BoxedStrategy<String> {
    let leaf = (
        path(),
        prop_oneof![
            3 => Just(String::new()),
            1 => Just("(18, 4)".to_string()),
            1 => Just("(ms)".to_string()),
            1 => Just(" (EUR)".to_string()),
        ],
        any::<bool>(),
    )
        .prop_map(|(name, args, optional)| {
            format!("{name}{args}{}", if optional { "?" } else { "" })
        });
    leaf.prop_recursive(3, 8, 2, |inner| {
        (
            path(),
            proptest::collection::vec(inner, 1..3),
            any::<bool>(),
        )
            .prop_map(|(name, params, optional)| {
                format!(
                    "{name}<{}>{}",
                    params.join(", "),
                    if optional { "?" } else { "" }
                )
            })
    })
    .boxed()
}

fn bounds() -> BoxedStrategy<String> {
    prop_oneof![
        Just("1..35"),
        Just("0.."),
        Just("..100"),
        Just("4"),
        Just("-5..-1"),
        Just("0.5..1.5"),
    ]
    .prop_map(str::to_string)
    .boxed()
}

fn constraints() -> BoxedStrategy<String> {
    proptest::collection::vec(
        prop_oneof![
            string().prop_map(|s| format!(" pattern {s}")),
            bounds().prop_map(|b| format!(" length {b}")),
            bounds().prop_map(|b| format!(" range {b}")),
        ],
        0..3,
    )
    .prop_map(|parts| parts.concat())
    .boxed()
}

/// Docs and annotations on their own lines, indented by `indent`.
fn attributes(indent: &'static str) -> BoxedStrategy<String> {
    proptest::collection::vec(
        prop_oneof![
            Just("/// A doc line.".to_string()),
            Just("/// Doc with // slashes and \"quotes\"".to_string()),
            Just("@pii".to_string()),
            Just("@deprecated(\"use b\", 2)".to_string()),
            // Attribute lines above a declaration are found line by line,
            // so an annotation stays on one line.
            expr().prop_map(|e| format!("@since({})", one_line(&e))),
        ],
        0..3,
    )
    .prop_map(move |lines| {
        lines
            .iter()
            .map(|line| format!("{indent}{line}\n"))
            .collect()
    })
    .boxed()
}

/// Member indentation: usually two blanks, sometimes flush left.
fn indent() -> BoxedStrategy<&'static str> {
    prop_oneof![4 => Just("  "), 1 => Just("")].boxed()
}

fn field() -> BoxedStrategy<String> {
    (attributes("  "), indent(), field_text())
        .prop_map(|(attrs, indent, field)| format!("{attrs}{indent}{field}\n"))
        .boxed()
}

/// `name: Type constraints = default,` without docs.
fn field_text() -> BoxedStrategy<String> {
    (
        name(),
        type_expr(),
        constraints(),
        proptest::option::of(expr()),
        any::<bool>(),
    )
        .prop_map(|(name, ty, constraints, default, comma)| {
            let default = default.map(|d| format!(" = {d}")).unwrap_or_default();
            let comma = if comma { "," } else { "" };
            format!("{name}: {ty}{constraints}{default}{comma}")
        })
        .boxed()
}

fn field_members() -> BoxedStrategy<String> {
    proptest::collection::vec(
        prop_oneof![
            6 => field(),
            1 => proptest::collection::vec(name(), 1..3)
                .prop_map(|names| format!("  reserved {}\n", names.join(", "))),
        ],
        0..5,
    )
    .prop_map(|members| members.concat())
    .boxed()
}

fn apply() -> BoxedStrategy<String> {
    proptest::collection::vec(path(), 1..3)
        .prop_map(|policies| format!("apply {}", policies.join(", ")))
        .boxed()
}

fn auth() -> BoxedStrategy<String> {
    prop_oneof![
        Just("auth none".to_string()),
        Just("auth api_key".to_string()),
        string().prop_map(|s| format!("auth api_key header {s}")),
        name().prop_map(|flow| format!("auth oauth2 {flow}")),
        (name(), proptest::collection::vec(string(), 1..3))
            .prop_map(|(flow, scopes)| format!("auth oauth2 {flow} scopes {}", scopes.join(", "))),
    ]
    .boxed()
}

fn retry() -> BoxedStrategy<String> {
    (
        number(),
        proptest::option::of(duration()),
        proptest::option::of(number()),
        proptest::option::of(duration()),
    )
        .prop_map(|(attempts, every, backoff, max)| {
            let mut text = format!("retry {attempts}");
            if let Some(every) = every {
                text += &format!(" every {every}");
            }
            if let Some(backoff) = backoff {
                text += &format!(" backoff {backoff}");
            }
            if let Some(max) = max {
                text += &format!(" max {max}");
            }
            text
        })
        .boxed()
}

fn args() -> BoxedStrategy<String> {
    (
        proptest::collection::vec((name(), expr()), 0..3),
        any::<bool>(),
    )
        .prop_map(|(args, trailing)| {
            let args: Vec<String> = args.into_iter().map(|(n, v)| format!("{n}: {v}")).collect();
            let trailing = if trailing && !args.is_empty() {
                ","
            } else {
                ""
            };
            format!("({}{trailing})", args.join(", "))
        })
        .boxed()
}

fn step_options(depth: u32) -> BoxedStrategy<String> {
    let option = prop_oneof![
        duration().prop_map(|d| format!("timeout {d}")),
        retry(),
        expr().prop_map(|e| format!("idempotency_key {e}")),
        (path(), args()).prop_map(|(p, a)| format!("compensate with {p}{a}")),
        (name(), block(depth)).prop_map(|(e, b)| format!("catch {e} {b}")),
        block(depth).prop_map(|b| format!("on timeout {b}")),
    ];
    proptest::option::of(proptest::collection::vec(option, 0..3))
        .prop_map(|options| match options {
            None => String::new(),
            Some(options) => format!(
                " {{\n{}}}",
                options
                    .iter()
                    .map(|o| format!("    {o}\n"))
                    .collect::<String>()
            ),
        })
        .boxed()
}

fn block(depth: u32) -> BoxedStrategy<String> {
    if depth == 0 {
        return Just("{ succeed }".to_string()).boxed();
    }
    proptest::collection::vec(step(depth - 1), 0..3)
        .prop_map(|steps| format!("{{\n{}}}", steps.concat()))
        .boxed()
}

fn step(depth: u32) -> BoxedStrategy<String> {
    let kind = prop_oneof![
        (name(), path(), args(), step_options(depth))
            .prop_map(|(n, p, a, o)| format!("call {n} = {p}{a}{o}")),
        (name(), path(), args(), step_options(depth))
            .prop_map(|(n, p, a, o)| format!("emit {n} = {p} v1{a}{o}")),
        (name(), path(), expr(), step_options(depth))
            .prop_map(|(n, p, e, o)| format!("wait {n} = {p} v2 where {e}{o}")),
        (
            name(),
            proptest::collection::vec((expr(), block(depth)), 0..3),
            proptest::option::of(block(depth))
        )
            .prop_map(|(n, whens, otherwise)| {
                let mut text = format!("choice {n} {{\n");
                for (condition, block) in whens {
                    text += &format!("    when {condition} {block}\n");
                }
                if let Some(block) = otherwise {
                    text += &format!("    otherwise {block}\n");
                }
                text + "  }"
            }),
        (
            name(),
            proptest::collection::vec((name(), block(depth)), 0..3)
        )
            .prop_map(|(n, branches)| {
                let branches: String = branches
                    .iter()
                    .map(|(b, block)| format!("    branch {b} {block}\n"))
                    .collect();
                format!("parallel {n} {{\n{branches}  }}")
            }),
        (name(), expr(), proptest::option::of(number()), block(depth)).prop_map(|(n, e, c, b)| {
            let concurrency = c.map(|c| format!(" concurrency {c}")).unwrap_or_default();
            format!("for each {n} in {e}{concurrency} {b}")
        }),
        (string(), proptest::option::of(string())).prop_map(|(code, message)| {
            format!(
                "fail {code}{}",
                message.map(|m| format!(" {m}")).unwrap_or_default()
            )
        }),
        Just("succeed".to_string()),
        Just("compensate".to_string()),
    ];
    (attributes("  "), indent(), kind)
        .prop_map(|(attrs, indent, kind)| format!("{attrs}{indent}{kind}\n"))
        .boxed()
}

fn body(members: impl Strategy<Value = String> + 'static) -> BoxedStrategy<String> {
    proptest::collection::vec(members, 0..5)
        .prop_map(|members| {
            members
                .iter()
                .map(|member| format!("{member}\n"))
                .collect::<String>()
        })
        .boxed()
}

fn with_indent(members: impl Strategy<Value = String> + 'static) -> BoxedStrategy<String> {
    (indent(), members)
        .prop_map(|(indent, member)| format!("{indent}{member}"))
        .boxed()
}

fn declaration() -> BoxedStrategy<String> {
    let domain = (
        name(),
        body(with_indent(prop_oneof![
            string().prop_map(|s| format!("owner {s}")),
            string().prop_map(|s| format!("contact {s}")),
            apply(),
        ])),
    )
        .prop_map(|(n, b)| format!("domain {n} {{\n{b}}}"));
    let system = (
        name(),
        body(with_indent(prop_oneof![
            path().prop_map(|p| format!("domain {p}")),
            name().prop_map(|n| format!("kind {n}")),
            name().prop_map(|n| format!("hosting {n}")),
            name().prop_map(|n| format!("connectivity {n}")),
            apply(),
            path().prop_map(|p| format!("consumes {p} v3")),
        ])),
    )
        .prop_map(|(n, b)| format!("system {n} {{\n{b}}}"));
    let alias =
        (name(), type_expr(), constraints()).prop_map(|(n, t, c)| format!("type {n} = {t}{c}"));
    let enumeration = (
        name(),
        proptest::collection::vec((attributes("  "), name(), any::<bool>()), 0..5),
    )
        .prop_map(|(n, members)| {
            let members: String = members
                .iter()
                .map(|(attrs, m, comma)| format!("{attrs}  {m}{}\n", if *comma { "," } else { "" }))
                .collect();
            format!("enum {n} {{\n{members}}}")
        });
    let record = (name(), field_members()).prop_map(|(n, f)| format!("record {n} {{\n{f}}}"));
    let entity = (
        name(),
        body(prop_oneof![
            field(),
            with_indent(path().prop_map(|p| format!("owner {p}"))),
            with_indent(
                proptest::collection::vec(name(), 1..3)
                    .prop_map(|k| format!("key {}", k.join(", ")))
            ),
            with_indent(path().prop_map(|p| format!("record {p}"))),
            with_indent(apply()),
        ]),
    )
        .prop_map(|(n, b)| format!("entity {n} {{\n{b}}}"));
    let event = (
        name(),
        body(with_indent(prop_oneof![
            path().prop_map(|p| format!("producer {p}")),
            path().prop_map(|p| format!("about {p}")),
            path().prop_map(|p| format!("key {p}")),
            name().prop_map(|n| format!("compatibility {n}")),
            name().prop_map(|n| format!("delivery {n}")),
            duration().prop_map(|d| format!("retention {d}")),
            Just("retention forever".to_string()),
            Just("compacted".to_string()),
            Just("dead_letter".to_string()),
            string().prop_map(|s| format!("dead_letter {s}")),
            apply(),
            (attributes("  "), number(), field_members())
                .prop_map(|(a, n, f)| format!("\n{a}  version {n} {{\n{f}}}")),
            (number(), type_expr()).prop_map(|(n, t)| format!("version {n} = {t}")),
        ])),
    )
        .prop_map(|(n, b)| format!("event {n} {{\n{b}}}"));
    let operation_member = prop_oneof![
        (
            prop_oneof![Just("path"), Just("query"), Just("header")],
            (attributes(""), field_text())
        )
            .prop_map(|(location, (attrs, field))| format!("{attrs}{location} {field}")),
        type_expr().prop_map(|t| format!("body {t}")),
        (
            prop_oneof![Just("200"), Just("201"), Just("204")],
            proptest::option::of(response_type()),
            proptest::option::of(string())
        )
            .prop_map(|(status, ty, description)| {
                format!(
                    "response {status}{}{}",
                    ty.map(|t| format!(" {t}")).unwrap_or_default(),
                    description.map(|d| format!(" {d}")).unwrap_or_default()
                )
            }),
        (name(), proptest::option::of(string())).prop_map(|(n, d)| {
            format!(
                "error 404 {n}{}",
                d.map(|d| format!(" {d}")).unwrap_or_default()
            )
        }),
        path().prop_map(|p| format!("reads {p}")),
        path().prop_map(|p| format!("writes {p}")),
        auth(),
        Just("idempotent".to_string()),
        Just("audited".to_string()),
        name().prop_map(|n| format!("paginated {n}")),
        apply(),
    ];
    let operation = (
        attributes("  "),
        name(),
        prop_oneof![Just("GET"), Just("POST"), Just("DELETE")],
        string(),
        body(with_indent(operation_member)),
    )
        .prop_map(|(a, n, m, p, b)| format!("{a}  operation {n} {m} {p} {{\n{b}  }}"));
    let api = (
        name(),
        body(prop_oneof![
            with_indent(path().prop_map(|p| format!("host {p}"))),
            with_indent(Just("version 1.2.0".to_string())),
            with_indent(string().prop_map(|s| format!("base {s}"))),
            with_indent(auth()),
            with_indent(apply()),
            operation,
        ]),
    )
        .prop_map(|(n, b)| format!("api {n} {{\n{b}}}"));
    let policy = (
        name(),
        body(with_indent(prop_oneof![
            name().prop_map(|n| format!("require {n}")),
            auth(),
            retry(),
            duration().prop_map(|d| format!("timeout {d}")),
            (name(), duration()).prop_map(|(n, d)| format!("sla {n} {d}")),
            name().prop_map(|n| format!("pii {n}")),
            (name(), name()).prop_map(|(a, b)| format!("naming {a} {b}")),
        ])),
    )
        .prop_map(|(n, b)| format!("policy {n} {{\n{b}}}"));
    let workflow = (
        name(),
        body(prop_oneof![
            with_indent(path().prop_map(|p| format!("host {p}"))),
            with_indent((path(), name()).prop_map(|(p, n)| format!("trigger event {p} v1 as {n}"))),
            with_indent((path(), name()).prop_map(|(p, n)| format!("trigger api {p} as {n}"))),
            with_indent(string().prop_map(|s| format!("trigger schedule {s}"))),
            with_indent(apply()),
            with_indent(duration().prop_map(|d| format!("sla {d}"))),
            with_indent(duration().prop_map(|d| format!("timeout {d}"))),
            step(2),
        ]),
    )
        .prop_map(|(n, b)| format!("workflow {n} {{\n{b}}}"));
    let test = (
        name(),
        path(),
        body(with_indent(prop_oneof![
            expr().prop_map(|e| format!("trigger {e}")),
            (name(), expr()).prop_map(|(n, e)| format!("mock {n} returns {e}")),
            (name(), name()).prop_map(|(n, e)| format!("mock {n} fails {e}")),
            (name(), name(), 1u32..5).prop_map(|(n, e, k)| format!("mock {n} fails {e} {k} times")),
            name().prop_map(|n| format!("mock {n} times out")),
            (
                prop_oneof![Just("path"), Just("compensates")],
                proptest::collection::vec(name(), 1..4)
            )
                .prop_map(|(kind, p)| format!("expect {kind} {}", p.join(", "))),
            path().prop_map(|p| format!("expect emits {p} v1")),
            (path(), expr()).prop_map(|(p, e)| format!("expect emits {p} v2 where {e}")),
            Just("expect succeeds".to_string()),
            string().prop_map(|s| format!("expect fails {s}")),
        ])),
    )
        .prop_map(|(n, w, b)| format!("test {n} for {w} {{\n{b}}}"));
    let package = path().prop_map(|p| format!("package {p}"));
    let uses = prop_oneof![
        path().prop_map(|p| format!("use {p}")),
        (path(), name()).prop_map(|(p, n)| format!("use {p} as {n}")),
        (
            path(),
            proptest::collection::vec((name(), proptest::option::of(name())), 1..3)
        )
            .prop_map(|(p, names)| {
                let names: Vec<String> = names
                    .into_iter()
                    .map(|(n, alias)| match alias {
                        Some(alias) => format!("{n} as {alias}"),
                        None => n,
                    })
                    .collect();
                format!("use {p}.{{{}}}", names.join(", "))
            }),
    ];
    (
        attributes(""),
        prop_oneof![
            package,
            uses,
            domain,
            system,
            alias,
            enumeration,
            record,
            entity,
            event,
            api,
            policy,
            workflow,
            test,
        ],
    )
        .prop_map(|(attrs, decl)| format!("{attrs}{decl}\n"))
        .boxed()
}

/// A whole file: declarations separated by blank lines and comments.
pub fn program() -> BoxedStrategy<String> {
    proptest::collection::vec(
        (
            declaration(),
            prop_oneof![Just("\n"), Just("\n// between\n\n")],
        ),
        1..5,
    )
    .prop_map(|decls| {
        decls
            .into_iter()
            .map(|(d, sep)| format!("{d}{sep}"))
            .collect()
    })
    .boxed()
}

fn one_line(text: &str) -> String {
    text.replace(" // note\n    ", " ").replace("\n    ", " ")
}

/// A response's type cannot start with a word that starts a member.
fn response_type() -> BoxedStrategy<String> {
    type_expr()
        .prop_filter("starts with a member keyword", |ty| {
            let first = ty
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("");
            !weft_syntax::keywords::OPERATION_MEMBERS.contains(&first)
        })
        .boxed()
}
