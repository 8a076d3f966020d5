//! The item index and the record of resolved references.
//!
//! - In the example landscape (`examples/acme-plant`), every declaration name
//!   a file writes (as the item index lists them) is recorded as a reference
//!   exactly once, and no use site is recorded twice.
//! - In a small inline project, chosen names (by their text at the use site)
//!   point at the right definition: types in fields, owners, producers,
//!   `about`, domains, hosts, policies, `use` lines, operations, `reads`,
//!   entities used as types, event versions in `consumes` and triggers,
//!   enum symbols in defaults and `@fallback`, and the key fields of
//!   entities and events.
//! - A file's item index is unchanged by an edit inside a record body that
//!   changes only a field's doc comment or default, and changes when a
//!   declaration is renamed.

use std::collections::HashMap;
#[path = "support/files.rs"]
mod files;

use files::{files_under, is_weft, repo};
use std::path::Path;
use weft_compiler::model::{DeclRef, Definition, FileIndex, Model, Reference, TypeKind};
use weft_compiler::{check_with, CheckResult, Origin, SourceMap};

/// Checks the project at `dir` with the standard library.
fn check_example(dir: &Path) -> (SourceMap, CheckResult) {
    let mut sources = SourceMap::with_stdlib();
    let manifest = dir.join("weft.toml");
    let text = std::fs::read_to_string(&manifest).expect("weft.toml readable");
    sources.add(manifest.display().to_string(), text, Origin::Project);
    let mut files = Vec::new();
    files_under(dir, &is_weft, &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source readable");
        sources.add(file.display().to_string(), text, Origin::Project);
    }
    let result = check_editor(&sources);
    (sources, result)
}

/// Checks as the language server does: with the references recorded.
fn check_editor(sources: &SourceMap) -> CheckResult {
    check_with(sources, &mut |file, text| {
        weft_syntax::parse_file(file, text)
    })
}

/// Checks inline project files (with the standard library).
fn check_inline(files: &[(&str, &str)]) -> (SourceMap, CheckResult) {
    let mut sources = SourceMap::with_stdlib();
    sources.add(
        "weft.toml",
        "[project]\nname = \"shop\"\nversion = \"0.1.0\"\n".to_string(),
        Origin::Project,
    );
    for (name, text) in files {
        sources.add(*name, (*text).to_string(), Origin::Project);
    }
    let result = check_editor(&sources);
    (sources, result)
}

/// The source text at a span.
fn text_at(sources: &SourceMap, span: weft_base::Span) -> &str {
    let file = sources.get(span.file).expect("the span's file");
    &file.text[span.start as usize..span.end as usize]
}

/// The name of what a reference points at, for messages and comparisons.
fn definition_name(model: &Model, to: Definition) -> String {
    match to {
        Definition::Decl(decl) => decl_name(model, decl),
        Definition::Operation(operation) => format!(
            "{}.{}",
            model.api(operation.api).name.qualified(),
            model.operation(operation).name
        ),
        Definition::EventVersion { event, version } => {
            format!("{} v{version}", model.event(event).name.qualified())
        }
        Definition::Field { record, field } => match &model.type_def(record).kind {
            TypeKind::Record(fields) => format!(
                "{}.{}",
                model.type_def(record).name.qualified(),
                fields.fields[field].name
            ),
            _ => format!("{to:?}"),
        },
        Definition::EnumSymbol {
            enumeration,
            symbol,
        } => match &model.type_def(enumeration).kind {
            TypeKind::Enum { symbols, .. } => format!(
                "{}.{}",
                model.type_def(enumeration).name.qualified(),
                symbols[symbol].name
            ),
            _ => format!("{to:?}"),
        },
        other => format!("{other:?}"),
    }
}

fn decl_name(model: &Model, decl: DeclRef) -> String {
    match decl {
        DeclRef::Domain(id) => model.domain(id).name.qualified(),
        DeclRef::System(id) => model.system(id).name.qualified(),
        DeclRef::Type(id) => model.type_def(id).name.qualified(),
        DeclRef::Entity(id) => model.entity(id).name.qualified(),
        DeclRef::Event(id) => model.event(id).name.qualified(),
        DeclRef::Api(id) => model.api(id).name.qualified(),
        DeclRef::Policy(id) => model.policy(id).name.qualified(),
        DeclRef::Workflow(id) => model.workflow(id).name.qualified(),
        DeclRef::Test(id) => model.tests[id.index()].name.qualified(),
    }
}

/// The references whose use site lies within `span`.
fn within(references: &[Reference], span: weft_base::Span) -> Vec<Reference> {
    references
        .iter()
        .filter(|reference| {
            reference.span.file == span.file
                && reference.span.start >= span.start
                && reference.span.end <= span.end
        })
        .copied()
        .collect()
}

#[test]
fn every_name_of_the_example_is_recorded_once() {
    let (sources, result) = check_example(&repo().join("examples/acme-plant"));
    assert!(!result.has_errors(), "{:#?}", result.diagnostics);
    let model = &result.model;

    // No use site is recorded twice.
    let mut seen: HashMap<weft_base::Span, Definition> = HashMap::new();
    for reference in &model.references {
        if let Some(first) = seen.insert(reference.span, reference.to) {
            panic!(
                "`{}` is recorded twice: {} and {}",
                text_at(&sources, reference.span),
                definition_name(model, first),
                definition_name(model, reference.to)
            );
        }
    }

    let mut checked = 0;
    for file in sources
        .files()
        .filter(|file| file.origin == Origin::Project)
    {
        let Some(summary) = model.index.file(file.id) else {
            continue;
        };
        let parsed = result
            .parsed
            .iter()
            .find(|parsed| parsed.file == file.id)
            .expect("the file is parsed");
        let written = summary
            .items
            .iter()
            .filter_map(|item| parsed.items.get(item.position))
            .flat_map(weft_compiler::resolve::written_names);
        for name in written {
            // `OrderPlaced v2`: the event's name is the part before the space.
            let path_text = name.text.split(' ').next().unwrap_or_default();
            let mut path_span = name.span;
            path_span.end = path_span.start + path_text.len() as u32;
            let found: Vec<Reference> = within(&model.references, path_span)
                .into_iter()
                .filter(|reference| !matches!(reference.to, Definition::EventVersion { .. }))
                .collect();
            // `Api.operation` is two names: the API and its operation.
            let expected = if found
                .iter()
                .any(|reference| matches!(reference.to, Definition::Operation(_)))
            {
                2
            } else {
                1
            };
            assert_eq!(
                found.len(),
                expected,
                "`{}` in {} should be recorded once, found {:?}",
                name.text,
                file.name,
                found
                    .iter()
                    .map(|reference| definition_name(model, reference.to))
                    .collect::<Vec<_>>()
            );
            if let [only] = found.as_slice() {
                let definition = definition_name(model, only.to);
                let last = path_text.rsplit('.').next().unwrap_or_default();
                assert!(
                    definition.ends_with(&format!(".{last}")),
                    "`{}` resolved to `{definition}`",
                    name.text
                );
            }
            checked += 1;
        }
        for import in &summary.imports {
            let found = within(&model.references, import.span);
            let expected = usize::from(model.lookup(&import.text).is_some());
            assert_eq!(found.len(), expected, "`use {}`", import.text);
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} names checked");
}

#[test]
fn a_broken_project_records_each_use_site_once() {
    // Error recovery must not resolve a name twice either.
    let (sources, result) = check_example(&repo().join("examples/broken-plant"));
    assert!(result.has_errors());
    let model = &result.model;
    let mut seen: HashMap<weft_base::Span, Definition> = HashMap::new();
    for reference in &model.references {
        if let Some(first) = seen.insert(reference.span, reference.to) {
            panic!(
                "`{}` is recorded twice: {} and {}",
                text_at(&sources, reference.span),
                definition_name(model, first),
                definition_name(model, reference.to)
            );
        }
    }
    assert!(!model.references.is_empty());
}

const CORE: &str = r#"/// The shop's core.
package shop.core

use std.Money

/// Selling things.
domain sales {
  owner "Sales Team"
  contact "sales@shop.example"
  apply std.pii_protected
}

/// The shop front.
system storefront {
  domain sales
  kind other
  hosting cloud
  connectivity reliable
}

/// How far a line is.
@fallback(UNKNOWN)
enum LineStatus {
  OPEN
  SHIPPED
  UNKNOWN
}

/// An order line.
record Line {
  /// The product.
  sku: string
  quantity: int32 = 1
  price: Money
  status: LineStatus = SHIPPED
}

/// An order.
entity Order {
  owner storefront
  key number
  number: string
  lines: list<Line>
}

/// An order was placed.
event OrderPlaced {
  producer storefront
  about Order
  key number
  delivery real_time

  version 1 {
    number: string
  }

  version 2 {
    number: string
    lines: list<Line>?
  }
}

/// Orders.
api Orders {
  host storefront
  version 1.0.0
  base "/orders"

  /// One order.
  operation getOrder GET "/orders/{number}" {
    path number: string
    response 200 Order
    reads Order
  }
}
"#;

const BILLING: &str = r#"/// Billing.
package shop.billing

use shop.core.{OrderPlaced, Orders, sales}

/// The invoicing system.
system invoicing {
  domain sales
  kind other
  hosting cloud
  connectivity reliable
  consumes OrderPlaced v2
}

/// Looks the placed order up.
workflow Bill {
  host invoicing
  trigger event OrderPlaced v2 as placed

  call order = Orders.getOrder(number: placed.number) {
    timeout 30s
  }
}
"#;

#[test]
fn names_point_at_their_definitions() {
    let (sources, result) = check_inline(&[("core.weft", CORE), ("billing.weft", BILLING)]);
    let errors: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == weft_base::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let model = &result.model;
    let project: Vec<(String, String, String)> = model
        .references
        .iter()
        .filter_map(|reference| {
            let file = sources.get(reference.span.file)?;
            (file.origin == Origin::Project).then(|| {
                (
                    file.name.clone(),
                    text_at(&sources, reference.span).to_string(),
                    definition_name(model, reference.to),
                )
            })
        })
        .collect();
    let has = |file: &str, text: &str, definition: &str, times: usize| {
        let expected = (file.to_string(), text.to_string(), definition.to_string());
        assert_eq!(
            project.iter().filter(|found| **found == expected).count(),
            times,
            "expected `{text}` in {file} → `{definition}` {times} times; recorded: {project:#?}"
        );
    };
    // `use` lines, policies, domains, owners, producers, hosts, `about`,
    // `reads`, responses and field types (entities used as types too).
    // A dotted name is recorded at its last segment, the one that names
    // the declaration (`use std.Money`, `apply std.pii_protected`).
    has("core.weft", "Money", "std.Money", 2);
    has("core.weft", "pii_protected", "std.pii_protected", 1);
    has("core.weft", "sales", "shop.core.sales", 1);
    has("core.weft", "Line", "shop.core.Line", 2);
    has("core.weft", "storefront", "shop.core.storefront", 3);
    has("core.weft", "Order", "shop.core.Order", 3);
    // Imported names, `consumes` with its version, a workflow's host, its
    // trigger's event and an operation called (the API and the operation
    // are two names).
    has("billing.weft", "OrderPlaced", "shop.core.OrderPlaced", 3);
    has("billing.weft", "Orders", "shop.core.Orders", 2);
    has("billing.weft", "getOrder", "shop.core.Orders.getOrder", 1);
    has("billing.weft", "invoicing", "shop.billing.invoicing", 1);
    // Enum symbols in a default and in `@fallback`; key fields of an entity
    // and of an event (the latest version's field).
    has("core.weft", "SHIPPED", "shop.core.LineStatus.SHIPPED", 1);
    has("core.weft", "UNKNOWN", "shop.core.LineStatus.UNKNOWN", 1);
    let keys: Vec<&(String, String, String)> = project
        .iter()
        .filter(|(file, text, _)| file == "core.weft" && text == "number")
        .collect();
    assert!(
        keys.iter().any(|(_, _, to)| to.ends_with("Order.number")),
        "the entity key names its field: {keys:#?}"
    );
    assert_eq!(
        keys.len(),
        2,
        "the entity key and the event key (latest version) are recorded: {keys:#?}"
    );
    // `consumes OrderPlaced v2` and `trigger event OrderPlaced v2`.
    has("billing.weft", "v2", "shop.core.OrderPlaced v2", 2);
    // `sales` in billing.weft: once in the `use` line, once in `domain sales`.
    let sales_in_billing = project
        .iter()
        .filter(|(file, text, _)| file == "billing.weft" && text == "sales")
        .count();
    assert_eq!(sales_in_billing, 2);
}

/// The summary of the file called `name`.
fn index_of(sources: &SourceMap, model: &Model, name: &str) -> FileIndex {
    let file = sources
        .files()
        .find(|file| file.name == name)
        .expect("the file is in the sources");
    model
        .index
        .file(file.id)
        .expect("the file is indexed")
        .clone()
}

#[test]
fn the_index_ignores_edits_inside_a_body_and_sees_renames() {
    let (sources, result) = check_inline(&[("core.weft", CORE)]);
    let before = index_of(&sources, &result.model, "core.weft");
    let names: Vec<&str> = before.items.iter().map(|item| item.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "sales",
            "storefront",
            "LineStatus",
            "Line",
            "Order",
            "OrderPlaced",
            "Orders"
        ]
    );

    let doc_changed = CORE.replace(
        "/// The product.",
        "/// The product sold, by its stock-keeping unit.",
    );
    let default_changed = CORE.replace("quantity: int32 = 1", "quantity: int32 = 12");
    for edited in [doc_changed, default_changed] {
        assert_ne!(edited, CORE);
        let (sources, result) = check_inline(&[("core.weft", &edited)]);
        let after = index_of(&sources, &result.model, "core.weft");
        assert_eq!(after, before, "an edit inside a record body");
    }

    let renamed = CORE
        .replace("record Line {", "record OrderLine {")
        .replace("list<Line>", "list<OrderLine>");
    let (sources, result) = check_inline(&[("core.weft", &renamed)]);
    let after = index_of(&sources, &result.model, "core.weft");
    assert_ne!(after, before, "a renamed declaration");

    let retyped = CORE.replace("price: Money", "price: decimal(18, 4)");
    let (sources, result) = check_inline(&[("core.weft", &retyped)]);
    let after = index_of(&sources, &result.model, "core.weft");
    assert_ne!(after, before, "a field that names another type");
}

/// The names of an `expect emits … where` condition are the payload's
/// fields: go-to-definition on them reaches the event version's fields.
#[test]
fn payload_condition_names_refer_to_payload_fields() {
    let (sources, result) = check_example(&repo().join("examples/acme-plant"));
    let mut found: Vec<(String, String)> = result
        .model
        .references
        .iter()
        .filter(|reference| {
            let file = sources.get(reference.span.file).expect("the span's file");
            let line_start = file.text[..reference.span.start as usize]
                .rfind('\n')
                .map_or(0, |at| at + 1);
            file.text[line_start..].starts_with("  expect emits")
                && matches!(reference.to, Definition::Field { .. })
        })
        .map(|reference| {
            (
                text_at(&sources, reference.span).to_string(),
                definition_name(&result.model, reference.to),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("amount".to_string(), "std.Money.amount".to_string()),
            (
                "material_document".to_string(),
                "acme.integration.GoodsReceiptPostedV1.material_document".to_string()
            ),
            (
                "value".to_string(),
                "acme.integration.GoodsReceiptPostedV1.value".to_string()
            ),
        ]
    );
}

/// `weft check` and `build` read no references: `check` leaves them out,
/// and everything else (the model as `weft debug model` prints it, and the
/// diagnostics) is the same as the editor's.
#[test]
fn check_leaves_references_to_the_editor() {
    let mut sources = SourceMap::with_stdlib();
    let dir = repo().join("examples/acme-plant");
    let mut files = Vec::new();
    files_under(&dir, &is_weft, &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("source readable");
        sources.add(file.display().to_string(), text, Origin::Project);
    }
    let editor = check_editor(&sources);
    let plain = weft_compiler::check(&sources);
    assert!(!editor.model.references.is_empty());
    assert!(plain.model.references.is_empty());
    assert_eq!(plain.diagnostics, editor.diagnostics);
    assert_eq!(
        weft_compiler::model::to_json(&plain.model, true),
        weft_compiler::model::to_json(&editor.model, true)
    );
}
