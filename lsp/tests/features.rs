//! Every feature of the server, over the protocol: the real server on an
//! in-memory connection, the fixture project `tests/fixtures/lsp/plant`.

mod support;

use lsp_server::ErrorCode;
use serde_json::{json, Value};
use support::{lines_of, list_of, position, uri, Client};

const ORDERS: &str = "orders/orders.weft";
const LANDSCAPE: &str = "landscape.weft";

fn hover_text(client: &mut Client, file: &str, at: lsp_types::Position) -> String {
    let hover = client
        .request("textDocument/hover", Client::at(file, at))
        .expect("hover");
    hover["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Typing a new declaration at the end of a file, a keystroke at a time:
/// only the syntax error of what is typed now is published (the re-parse
/// of each keystroke had kept the error the last one left at the file's
/// end as well: once the message changed, at the `=`, the stale one was
/// published beside it).
#[test]
fn an_unfinished_last_declaration_has_only_its_current_error() {
    let mut client = Client::fixture();
    let text = client.open(ORDERS);
    assert_eq!(client.diagnostics(ORDERS), Vec::<Value>::new());
    let mut typed = format!("{text}\ntype Shift");
    for (version, key) in (2..).zip(["", "C", "o", "d", "e", " ", "="]) {
        typed.push_str(key);
        client.replace(ORDERS, &typed, version);
        let messages: Vec<String> = client
            .diagnostics_for_version(ORDERS, version)
            .iter()
            .map(|d| d["message"].as_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(messages.len(), 1, "after {typed:?}: {messages:#?}");
    }
    client.shutdown();
}

#[test]
fn diagnostics_are_published_with_code_link_and_related_information() {
    let mut client = Client::fixture();
    let text = client.open(ORDERS);
    assert_eq!(client.diagnostics(ORDERS), Vec::<Value>::new());
    // A second `Priority` enum: a duplicate, which points at the first.
    let broken = text.replace(
        "/// A production order.",
        "enum Priority {\n  LOW\n}\n\n/// A production order.",
    );
    client.replace(ORDERS, &broken, 2);
    let diagnostics = client.diagnostics_for_version(ORDERS, 2);
    let duplicate = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap_or("").contains("Priority"))
        .unwrap_or_else(|| panic!("no duplicate reported: {diagnostics:#?}"));
    let code = duplicate["code"].as_str().expect("code");
    assert!(code.starts_with('E'), "{duplicate}");
    assert!(
        duplicate["codeDescription"]["href"]
            .as_str()
            .is_some_and(|href| href.ends_with(&format!("docs/diagnostics/{code}.md"))),
        "{duplicate}"
    );
    assert_eq!(duplicate["severity"], 1);
    let related = duplicate["relatedInformation"].as_array().expect("related");
    assert_eq!(related[0]["location"]["uri"], uri(ORDERS).to_string());
    // Fixing it clears the list.
    put_back_and_see_it_clean(&mut client, &text, 3);
    client.shutdown();
}

/// Puts the orders file's clean text back as `version` and waits for the
/// empty list published for it.
fn put_back_and_see_it_clean(client: &mut Client, text: &str, version: i32) {
    client.replace(ORDERS, text, version);
    assert_eq!(
        client.diagnostics_for_version(ORDERS, version),
        Vec::<Value>::new()
    );
}

#[test]
fn an_edit_in_one_file_reports_in_another() {
    let mut client = Client::fixture();
    client.open(LANDSCAPE);
    let text = client.open(ORDERS);
    client.diagnostics(ORDERS);
    // Renaming the event breaks the `consumes` line of the other file.
    client.replace(
        ORDERS,
        &text.replace("event OrderPlaced", "event OrderWasPlaced"),
        2,
    );
    let diagnostics = client.diagnostics(LANDSCAPE);
    assert!(
        diagnostics
            .iter()
            .any(|d| d["message"].as_str().unwrap_or("").contains("OrderPlaced")),
        "{diagnostics:#?}"
    );
    client.shutdown();
}

/// Diagnostics carry the version of the text they were computed from, so
/// that the editor can tell a stale list from a fresh one.
#[test]
fn diagnostics_carry_the_version_of_the_opened_text() {
    let mut client = Client::fixture();
    client.open(ORDERS);
    let publication = client.publication(ORDERS);
    assert_eq!(publication["version"], 1, "{publication}");
    assert_eq!(list_of(&publication), Vec::<Value>::new());
    client.shutdown();
}

#[test]
fn diagnostics_after_an_edit_carry_its_version_and_reflect_its_text() {
    let mut client = Client::fixture();
    let text = client.open(ORDERS);
    assert_eq!(
        client.diagnostics_for_version(ORDERS, 1),
        Vec::<Value>::new()
    );
    let broken = text.replace("  producer mes\n", "  prodcer mes\n");
    client.replace(ORDERS, &broken, 2);
    // The next list is the edit's: the opened text's was read above.
    let publication = client.publication(ORDERS);
    assert_eq!(publication["version"], 2, "{publication}");
    // The misspelt keyword's syntax error: only the edited text has it.
    let diagnostics = list_of(&publication);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "E001"),
        "{diagnostics:#?}"
    );
    put_back_and_see_it_clean(&mut client, &text, 3);
    client.shutdown();
}

/// A file read from the disk has no editor version: its diagnostics carry
/// none, also once an open file is closed.
#[test]
fn diagnostics_of_a_file_not_open_carry_no_version() {
    let mut client = Client::fixture();
    let text = client.open(ORDERS);
    client.diagnostics_for_version(ORDERS, 1);
    // Renaming the event breaks the `consumes` line of the landscape,
    // which is not open.
    client.replace(
        ORDERS,
        &text.replace("event OrderPlaced", "event OrderWasPlaced"),
        2,
    );
    client.diagnostics_for_version(ORDERS, 2);
    // The same analysis publishes the landscape after the edited file.
    let publication = client.publication(LANDSCAPE);
    assert!(publication.get("version").is_none(), "{publication}");
    let diagnostics = list_of(&publication);
    assert!(
        diagnostics
            .iter()
            .any(|d| d["message"].as_str().unwrap_or("").contains("OrderPlaced")),
        "{diagnostics:#?}"
    );
    // Closed, the file is read from the disk again: no version either.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri(ORDERS) } }),
    );
    let publication = client.publication(ORDERS);
    assert!(publication.get("version").is_none(), "{publication}");
    client.shutdown();
}

#[test]
fn hover_shows_signature_doc_and_graph_facts() {
    let mut client = Client::fixture();
    let text = client.open(ORDERS);
    let entity = hover_text(&mut client, ORDERS, position(&text, "entity Order", 0, 8));
    assert!(entity.contains("entity Order"), "{entity}");
    assert!(entity.contains("A production order."), "{entity}");
    assert!(entity.contains("owned by `mes`"), "{entity}");
    assert!(entity.contains("written by `Orders.confirm`"), "{entity}");
    assert!(
        entity.contains("events about it: `OrderPlaced`"),
        "{entity}"
    );
    let event = hover_text(
        &mut client,
        ORDERS,
        position(&text, "event OrderPlaced", 0, 7),
    );
    assert!(event.contains("produced by `mes`"), "{event}");
    assert!(event.contains("system `erp` (v1)"), "{event}");
    assert!(event.contains("workflow `ConfirmOrders` (v1)"), "{event}");
    assert!(
        event.contains("`plant.landscape.audited_writes` (via"),
        "{event}"
    );
    // A workflow variable's field: its type.
    let field = hover_text(&mut client, ORDERS, position(&text, "placed.number", 0, 8));
    assert!(field.contains("number: string"), "{field}");
    let landscape = client.open(LANDSCAPE);
    let policy = hover_text(
        &mut client,
        LANDSCAPE,
        position(&landscape, "policy audited_writes", 0, 8),
    );
    assert!(policy.contains("governs: domain `production`"), "{policy}");
    client.shutdown();
}

#[test]
fn definition_follows_names_use_items_variables_fields_and_versions() {
    let mut client = Client::fixture();
    let text = client.open(ORDERS);
    let landscape = client.disk_text(LANDSCAPE);
    let definition = |client: &mut Client, at| {
        client
            .request("textDocument/definition", Client::at(ORDERS, at))
            .expect("definition")
    };
    // `owner mes` → `system mes` in the other file.
    let found = definition(&mut client, position(&text, "owner mes", 0, 6));
    assert_eq!(found["uri"], uri(LANDSCAPE).to_string());
    assert_eq!(
        found["range"]["start"],
        json!(position(&landscape, "system mes", 0, 7))
    );
    // The `use` line's item.
    let found = definition(&mut client, position(&text, "{mes, erp}", 0, 6));
    assert_eq!(
        found["range"]["start"],
        json!(position(&landscape, "system erp", 0, 7))
    );
    // A dotted workflow variable: `placed` and then its field `number`.
    let found = definition(&mut client, position(&text, "placed.number", 0, 1));
    assert_eq!(
        found["range"]["start"],
        json!(position(&text, " as placed", 0, 4))
    );
    let found = definition(&mut client, position(&text, "placed.number", 0, 8));
    assert_eq!(
        found["range"]["start"],
        json!(position(&text, "number: string", 1, 0))
    );
    // An event version, from the other file.
    client.open(LANDSCAPE);
    let found = client
        .request(
            "textDocument/definition",
            Client::at(LANDSCAPE, position(&landscape, "OrderPlaced v1", 0, 13)),
        )
        .expect("definition");
    assert_eq!(found["uri"], uri(ORDERS).to_string());
    assert_eq!(
        found["range"]["start"]["line"],
        json!(position(&text, "version 1", 0, 0).line)
    );
    // Type definition of a step result: the entity.
    let found = client
        .request(
            "textDocument/typeDefinition",
            Client::at(ORDERS, position(&text, "fetched.number", 0, 1)),
        )
        .expect("type definition");
    assert_eq!(
        found["range"]["start"],
        json!(position(&text, "entity Order", 0, 7))
    );
    client.shutdown();
}

#[test]
fn references_and_highlights() {
    let mut client = Client::fixture();
    let text = client.open(ORDERS);
    client.open(LANDSCAPE);
    let landscape = client.disk_text(LANDSCAPE);
    let at = position(&landscape, "system mes", 0, 7);
    let found = client
        .request(
            "textDocument/references",
            json!({ "textDocument": { "uri": uri(LANDSCAPE) }, "position": at,
                    "context": { "includeDeclaration": true } }),
        )
        .expect("references");
    let line = |needle: &str| position(&text, needle, 0, 0).line as u64;
    assert_eq!(
        lines_of(&found),
        vec![
            ("landscape.weft".to_string(), at.line as u64),
            ("orders.weft".to_string(), line("use plant.landscape")),
            ("orders.weft".to_string(), line("owner mes")),
            ("orders.weft".to_string(), line("producer mes")),
            ("orders.weft".to_string(), line("host mes")),
        ]
    );
    let highlights = client
        .request(
            "textDocument/documentHighlight",
            Client::at(ORDERS, position(&text, "owner mes", 0, 6)),
        )
        .expect("highlights");
    assert_eq!(highlights.as_array().map(Vec::len), Some(4), "{highlights}");
    client.shutdown();
}

#[test]
fn rename_updates_every_file_and_use_line_and_refuses_keywords() {
    let mut client = Client::fixture();
    let text = client.open(ORDERS);
    let at = position(&text, "owner mes", 0, 6);
    let prepared = client
        .request("textDocument/prepareRename", Client::at(ORDERS, at))
        .expect("prepare");
    assert_eq!(prepared["placeholder"], "mes");
    let edit = client
        .request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": uri(ORDERS) }, "position": at, "newName": "plant_mes" }),
        )
        .expect("rename");
    let changes = edit["changes"].as_object().expect("changes");
    assert_eq!(
        changes[uri(ORDERS).as_str()].as_array().map(Vec::len),
        Some(4)
    );
    assert_eq!(
        changes[uri(LANDSCAPE).as_str()].as_array().map(Vec::len),
        Some(1)
    );
    assert!(changes
        .values()
        .flat_map(|edits| edits.as_array().expect("present").iter())
        .all(|e| e["newText"] == "plant_mes"));
    // A keyword is not a name: nothing to rename there (`null`, LSP's
    // "no rename here"); nor is a keyword a new name (valid parameters,
    // a rename that cannot be done: `RequestFailed`).
    let refused = client.request(
        "textDocument/prepareRename",
        Client::at(ORDERS, position(&text, "owner mes", 0, 2)),
    );
    assert!(matches!(refused, Ok(Value::Null)), "{refused:?}");
    let refused = client.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": uri(ORDERS) }, "position": at, "newName": "event" }),
    );
    let error = refused.expect_err("a keyword is no new name");
    assert_eq!(
        error.code,
        ErrorCode::RequestFailed as i32,
        "{}",
        error.message
    );
    assert!(error.message.contains("keyword"), "{}", error.message);
    client.shutdown();
}

#[test]
fn rename_refuses_standard_library_names() {
    let mut client = Client::fixture();
    let text = client.open(ORDERS);
    let with_std = text.replace(
        "  quantity: int32",
        "  quantity: int32\n  price: std.Money?",
    );
    client.replace(ORDERS, &with_std, 2);
    let refused = client.request(
        "textDocument/prepareRename",
        Client::at(ORDERS, position(&with_std, "std.Money", 0, 5)),
    );
    let error = refused.expect_err("std names are refused");
    assert_eq!(error.code, ErrorCode::RequestFailed as i32);
    assert!(
        error.message.contains("standard library"),
        "{}",
        error.message
    );
    client.shutdown();
}

fn labels(completion: &Value) -> Vec<String> {
    completion
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["label"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn completion_by_context() {
    let mut client = Client::fixture();
    let text = client.open(ORDERS);
    let complete = |client: &mut Client, _text: &str, at| {
        client
            .request("textDocument/completion", Client::at(ORDERS, at))
            .expect("completion")
    };
    // Fields after `.`: the variable's type is the event's v1 payload.
    let edited = text.replace(
        "  succeed\n}",
        "  call x = Orders.getOrder(number: placed.)\n  succeed\n}",
    );
    client.replace(ORDERS, &edited, 2);
    let at = position(&edited, "placed.)", 0, 7);
    assert_eq!(
        labels(&complete(&mut client, &edited, at)),
        vec!["number", "priority"]
    );
    // Operation arguments inside `Orders.confirm(`.
    let at = position(&edited, "Orders.confirm(", 0, 15);
    let found = labels(&complete(&mut client, &edited, at));
    assert_eq!(found, vec!["number:", "body:"]);
    // An enum's symbols after `Priority.`.
    let edited = text.replace(
        "  priority: Priority\n  quantity",
        "  priority: Priority = Priority.\n  quantity",
    );
    client.replace(ORDERS, &edited, 3);
    let at = position(&edited, "Priority.\n", 0, 9);
    assert_eq!(
        labels(&complete(&mut client, &edited, at)),
        vec!["LOW", "HIGH"]
    );
    // Keywords: declarations at column 0, members inside an event.
    client.replace(ORDERS, &text, 4);
    let at = position(&text, "/// A production order.", 0, 0);
    let found = labels(&complete(&mut client, &text, at));
    assert!(
        found.contains(&"entity".to_string()) && found.contains(&"workflow".to_string()),
        "{found:?}"
    );
    let edited = text.replace("  dead_letter\n", "  dead_letter\n  \n");
    client.replace(ORDERS, &edited, 5);
    let at = position(&edited, "  dead_letter\n  \n", 0, 0);
    let at = lsp_types::Position::new(at.line + 1, 2);
    let found = labels(&complete(&mut client, &edited, at));
    assert!(
        found.contains(&"producer".to_string()) && found.contains(&"retention".to_string()),
        "{found:?}"
    );
    assert!(!found.contains(&"operation".to_string()), "{found:?}");
    // Event versions after an event's name.
    let landscape = client.open(LANDSCAPE);
    let edited = landscape.replace("consumes OrderPlaced v1", "consumes OrderPlaced ");
    client.replace(LANDSCAPE, &edited, 2);
    let at = position(&edited, "consumes OrderPlaced ", 0, 21);
    let found = client
        .request("textDocument/completion", Client::at(LANDSCAPE, at))
        .expect("completion");
    assert_eq!(labels(&found), vec!["v1"]);
    client.shutdown();
}

#[test]
fn completion_offers_other_packages_names_with_a_use_edit() {
    let mut client = Client::fixture();
    let landscape = client.open(LANDSCAPE);
    let edited = landscape.replace(
        "  connectivity reliable\n}\n\n/// The ERP.",
        "  connectivity reliable\n  \n}\n\n/// The ERP.",
    );
    client.replace(LANDSCAPE, &edited, 2);
    let at = position(&edited, "reliable\n  \n", 0, 0);
    let at = lsp_types::Position::new(at.line + 1, 2);
    let found = client
        .request("textDocument/completion", Client::at(LANDSCAPE, at))
        .expect("completion");
    let items = found.as_array().expect("items");
    let priority = items
        .iter()
        .find(|item| item["label"] == "Priority")
        .unwrap_or_else(|| panic!("no Priority: {found:#}"));
    let edit = &priority["additionalTextEdits"][0];
    assert_eq!(edit["newText"], "use plant.orders.Priority\n");
    // After the existing `use` line.
    assert_eq!(
        edit["range"]["start"]["line"],
        position(&edited, "use plant.orders", 0, 0).line + 1
    );
    // After a clause's keyword: names.
    let at = position(&edited, "owner ", 0, 6);
    let _ = at;
    let orders = client.open(ORDERS);
    let at = position(&orders, "  owner mes", 0, 8);
    let found = client
        .request("textDocument/completion", Client::at(ORDERS, at))
        .expect("completion");
    assert!(labels(&found).contains(&"mes".to_string()), "{found:#}");
    // Names already in scope come without an edit.
    let event = items
        .iter()
        .find(|item| item["label"] == "OrderPlaced")
        .expect("OrderPlaced");
    assert!(event.get("additionalTextEdits").is_none(), "{event}");
    client.shutdown();
}

#[test]
fn document_and_workspace_symbols() {
    let mut client = Client::fixture();
    client.open(ORDERS);
    let symbols = client
        .request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri(ORDERS) } }),
        )
        .expect("symbols");
    let names: Vec<&str> = symbols
        .as_array()
        .expect("present")
        .iter()
        .map(|s| s["name"].as_str().expect("present"))
        .collect();
    assert_eq!(
        names,
        vec![
            "Priority",
            "Order",
            "OrderPlaced",
            "Orders",
            "ConfirmOrders"
        ]
    );
    let children = |index: usize| -> Vec<String> {
        symbols[index]["children"]
            .as_array()
            .map(|c| {
                c.iter()
                    .map(|s| s["name"].as_str().expect("present").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(children(0), vec!["LOW", "HIGH"]);
    assert_eq!(children(1), vec!["number", "priority", "quantity"]);
    assert_eq!(children(2), vec!["v1"]);
    assert_eq!(children(3), vec!["getOrder", "confirm"]);
    let found = client
        .request("workspace/symbol", json!({ "query": "order" }))
        .expect("workspace");
    let mut names: Vec<&str> = found
        .as_array()
        .expect("present")
        .iter()
        .map(|s| s["name"].as_str().expect("present"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec!["ConfirmOrders", "Order", "OrderPlaced", "Orders"]
    );
    client.shutdown();
}

#[test]
fn formatting_formats_clean_files_and_leaves_broken_ones_alone() {
    let mut client = Client::fixture();
    let text = client.open(ORDERS);
    let messy = text.replace(
        "  owner mes\n  key number",
        "      owner    mes\n key number",
    );
    client.replace(ORDERS, &messy, 2);
    let params = json!({ "textDocument": { "uri": uri(ORDERS) }, "options": { "tabSize": 2, "insertSpaces": true } });
    let edits = client
        .request("textDocument/formatting", params.clone())
        .expect("formatting");
    let expected = weft_syntax::format_source(weft_base::FileId(0), &messy).expect("formats");
    assert_eq!(edits[0]["newText"], expected);
    assert!(expected.contains("  owner mes\n  key number"));
    let broken = format!("{messy}\nentity Broken {{\n  owner\n");
    client.replace(ORDERS, &broken, 3);
    let edits = client
        .request("textDocument/formatting", params)
        .expect("formatting");
    assert_eq!(edits, Value::Null);
    client.shutdown();
}

#[test]
fn semantic_tokens_classify_keywords_and_names_by_what_they_are() {
    let mut client = Client::fixture();
    let text = client.open(ORDERS);
    let tokens = client
        .request(
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": uri(ORDERS) } }),
        )
        .expect("tokens");
    let data: Vec<u64> = tokens["data"]
        .as_array()
        .expect("present")
        .iter()
        .map(|v| v.as_u64().expect("present"))
        .collect();
    let legend: Vec<String> = client.initialized["capabilities"]["semanticTokensProvider"]
        ["legend"]["tokenTypes"]
        .as_array()
        .expect("legend")
        .iter()
        .map(|kind| kind.as_str().unwrap_or_default().to_string())
        .collect();
    let (mut line, mut column) = (0, 0);
    let mut decoded = Vec::new();
    for chunk in data.chunks(5) {
        line += chunk[0];
        column = if chunk[0] == 0 {
            column + chunk[1]
        } else {
            chunk[1]
        };
        decoded.push((
            (line, column),
            chunk[2],
            legend[chunk[3] as usize].clone(),
            chunk[4],
        ));
    }
    let kind_at = |needle: &str, shift: u32| {
        let at = position(&text, needle, 0, shift);
        decoded
            .iter()
            .find(|(place, ..)| *place == (at.line as u64, at.character as u64))
            .map(|(_, _, kind, modifiers)| (kind.clone(), *modifiers))
            .unwrap_or_else(|| panic!("no token at `{needle}`"))
    };
    assert_eq!(kind_at("entity Order", 0).0, "keyword");
    assert_eq!(kind_at("owner mes", 6), ("class".to_string(), 0));
    assert_eq!(kind_at("entity Order", 7), ("struct".to_string(), 1));
    assert_eq!(kind_at("event OrderPlaced", 6).0, "event");
    assert_eq!(kind_at("placed.number", 0).0, "variable");
    assert_eq!(kind_at("placed.number", 7).0, "property");
    assert_eq!(kind_at("Orders.getOrder", 7).0, "method");
    assert_eq!(
        kind_at("/// A production order.", 0),
        ("comment".to_string(), 2)
    );
    client.shutdown();
}

#[test]
fn code_lenses_summarise_the_graph_and_reveal_the_places() {
    let mut client = Client::fixture();
    client.open(ORDERS);
    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": uri(ORDERS) } }),
        )
        .expect("lenses");
    let titles: Vec<&str> = lenses
        .as_array()
        .expect("present")
        .iter()
        .map(|l| l["command"]["title"].as_str().expect("present"))
        .collect();
    assert_eq!(
        titles,
        vec![
            "owned by mes · 1 event · 1 writer",
            "produced by mes · 1 consumer · 1 workflow",
            "hosted by mes · 2 operations · 2 references",
        ]
    );
    let event = &lenses[1]["command"];
    assert_eq!(event["command"], "weft.showLocations");
    let places = lines_of(&event["arguments"][2]);
    assert!(
        places.iter().any(|(file, _)| file == "landscape.weft"),
        "{places:?}"
    );
    client.shutdown();
}

#[test]
fn inlay_hints_show_the_types_of_step_results() {
    let mut client = Client::fixture();
    let text = client.open(ORDERS);
    let hints = client
        .request(
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": uri(ORDERS) },
                    "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 999, "character": 0 } } }),
        )
        .expect("hints");
    let found: Vec<(u64, String)> = hints
        .as_array()
        .expect("present")
        .iter()
        .map(|h| {
            (
                h["position"]["line"].as_u64().expect("present"),
                h["label"].as_str().expect("present").to_string(),
            )
        })
        .collect();
    let line = |needle: &str| position(&text, needle, 0, 0).line as u64;
    assert!(
        found.contains(&(line("call fetched"), ": Order".to_string())),
        "{found:?}"
    );
    assert!(
        found.contains(&(line("call confirmed"), ": Order".to_string())),
        "{found:?}"
    );
    assert!(
        found.contains(&(line(" as placed"), ": OrderPlaced v1".to_string())),
        "{found:?}"
    );
    client.shutdown();
}

/// The code actions offered in `ORDERS` between `start` and `end`.
fn code_actions(
    client: &mut Client,
    start: lsp_types::Position,
    end: lsp_types::Position,
) -> Value {
    client
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri(ORDERS) }, "range": { "start": start, "end": end },
                    "context": { "diagnostics": [] } }),
        )
        .expect("actions")
}

#[test]
fn code_actions_offer_the_fixes_diagnostics_carry() {
    let mut client = Client::fixture();
    let text = client.open(ORDERS);
    let broken = text.replace("  owner mes\n  key number", "  owner mse\n  key number");
    client.replace(ORDERS, &broken, 2);
    let at = position(&broken, "owner mse", 0, 6);
    let actions = code_actions(&mut client, at, at);
    let action = &actions[0];
    assert_eq!(action["title"], "change to `mes`");
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["diagnostics"][0]["code"], "E301");
    let edits = &action["edit"]["changes"][uri(ORDERS).as_str()];
    assert_eq!(edits[0]["newText"], "mes");
    assert_eq!(edits[0]["range"]["start"], json!(at));
    // Elsewhere in the file: nothing to fix.
    let top = lsp_types::Position::new(0, 0);
    let none = code_actions(&mut client, top, top);
    assert_eq!(none, json!([]));
    client.shutdown();
}

/// A clause keyword misspelt while typing (`prodcer`): the syntax error
/// alone is published, not also "no producer", and its quick fix puts the
/// keyword in the word's place.
#[test]
fn a_misspelt_clause_keyword_is_one_error_with_its_fix() {
    let mut client = Client::fixture();
    let text = client.open(ORDERS);
    // The opened text's (clean) diagnostics first: published after the
    // edit below, they would be read as the edit's.
    assert_eq!(client.diagnostics(ORDERS), Vec::<Value>::new());
    let broken = text.replace("  producer mes\n", "  prodcer mes\n");
    client.replace(ORDERS, &broken, 2);
    let diagnostics = client.diagnostics_for_version(ORDERS, 2);
    let codes: Vec<&str> = diagnostics
        .iter()
        .filter_map(|diagnostic| diagnostic["code"].as_str())
        .collect();
    assert_eq!(codes, ["E001"], "{diagnostics:#?}");
    let at = position(&broken, "prodcer", 0, 2);
    let actions = code_actions(&mut client, at, at);
    let action = &actions[0];
    assert_eq!(action["title"], "change to `producer`");
    let edits = &action["edit"]["changes"][uri(ORDERS).as_str()];
    assert_eq!(edits[0]["newText"], "producer");
    assert_eq!(
        edits[0]["range"]["start"],
        json!(position(&broken, "prodcer", 0, 0))
    );
    client.shutdown();
}

/// A quick fix in a tab-indented file inserts tabs, in a four-space one
/// four spaces: the indentation of the block it goes into.
#[test]
fn code_actions_follow_the_files_indentation() {
    for unit in ["\t", "    "] {
        let mut client = Client::fixture();
        let text = client.disk_text(ORDERS);
        let reindented: String = text
            .split('\n')
            .map(|line| {
                let spaces = line.len() - line.trim_start_matches(' ').len();
                format!("{}{}", unit.repeat(spaces / 2), &line[spaces..])
            })
            .collect::<Vec<_>>()
            .join("\n");
        // The policy `audited_writes` asks for `audited`: take it away.
        let audited = format!("{unit}{unit}audited\n");
        assert!(reindented.contains(&audited));
        let broken = reindented.replacen(&audited, "", 1);
        client.open_with(ORDERS, &broken);
        let diagnostics = client.diagnostics(ORDERS);
        assert!(!diagnostics.is_empty(), "the missing `audited` is reported");
        let start = lsp_types::Position::new(0, 0);
        let end = lsp_types::Position::new(broken.lines().count() as u32, 0);
        let actions = code_actions(&mut client, start, end);
        let action = actions
            .as_array()
            .and_then(|all| {
                all.iter()
                    .find(|a| a["title"] == "add `audited` to `confirm`")
            })
            .unwrap_or_else(|| panic!("no `audited` fix in {actions}"));
        let edits = &action["edit"]["changes"][uri(ORDERS).as_str()];
        assert_eq!(
            edits[0]["newText"],
            json!(format!("\n{unit}{unit}audited")),
            "{unit:?}"
        );
        client.shutdown();
    }
}
