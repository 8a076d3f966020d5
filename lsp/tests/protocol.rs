//! Where LSP 3.17 fixes what the server must do beyond a feature's answer:
//! documents are named back with the URI the client opened them with, a
//! lone `\r` ends a line like `\n` and `\r\n`, and a second `initialize`
//! is an invalid request. The real server on an in-memory connection.

mod support;

use lsp_server::ErrorCode;
use lsp_types::Position;
use serde_json::{json, Value};
use support::{uri, Client};

const ORDERS: &str = "orders/orders.weft";
const LANDSCAPE: &str = "landscape.weft";

/// `orders/orders.weft` as a client may spell it: with `localhost` and an
/// escaped `o` (lower-case hex), neither of which the server writes.
const ODD: &str = "file://localhost/lsp/plant/orders/%6frders.weft";

/// The diagnostics of `orders.weft` under either spelling.
fn orders_publication(client: &mut Client) -> Value {
    client.publication_under(&[ODD, uri(ORDERS).as_str()])
}

#[test]
fn an_open_document_is_named_as_the_client_spelt_its_uri() {
    let mut client = Client::fixture();
    let text = client.disk_text(ORDERS);
    client.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": ODD, "languageId": "weft", "version": 1, "text": text } }),
    );
    assert_eq!(orders_publication(&mut client)["uri"], ODD);

    // Locations: in the open document as opened, in a file not open as
    // the server spells paths.
    let landscape = client.disk_text(LANDSCAPE);
    let at = support::position(&landscape, "system mes", 0, 7);
    let found = client
        .request(
            "textDocument/references",
            json!({ "textDocument": { "uri": uri(LANDSCAPE) }, "position": at,
                    "context": { "includeDeclaration": true } }),
        )
        .expect("references");
    let mut named: Vec<&str> = found
        .as_array()
        .expect("locations")
        .iter()
        .filter_map(|location| location["uri"].as_str())
        .collect();
    named.dedup();
    assert_eq!(named, vec![uri(LANDSCAPE).as_str(), ODD], "{found}");

    // A workspace edit's keys.
    let at = support::position(&text, "owner mes", 0, 6);
    let edit = client
        .request(
            "textDocument/rename",
            json!({ "textDocument": { "uri": ODD }, "position": at, "newName": "plant_mes" }),
        )
        .expect("rename");
    let mut keys: Vec<&String> = edit["changes"]
        .as_object()
        .expect("changes")
        .keys()
        .collect();
    keys.sort();
    assert_eq!(keys, vec![uri(LANDSCAPE).as_str(), ODD], "{edit}");

    // A lens's arguments: the document and the places it reveals.
    let lenses = client
        .request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": ODD } }),
        )
        .expect("lenses");
    let arguments = &lenses[0]["command"]["arguments"];
    assert_eq!(arguments[0], ODD, "{lenses}");
    assert!(
        arguments[2]
            .as_array()
            .expect("locations")
            .iter()
            .any(|location| location["uri"] == ODD),
        "{lenses}"
    );

    // Related information of a finding: a second `Priority` points at the
    // first.
    let broken = text.replace(
        "/// A production order.",
        "enum Priority {\n  LOW\n}\n\n/// A production order.",
    );
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": ODD, "version": 2 },
                "contentChanges": [{ "text": broken }] }),
    );
    let published = orders_publication(&mut client);
    assert_eq!(published["uri"], ODD);
    let related = &published["diagnostics"][0]["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], ODD, "{published}");

    // Closed, it is a file like the others again.
    client.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": ODD } }),
    );
    assert_eq!(
        orders_publication(&mut client)["uri"],
        uri(ORDERS).to_string()
    );
    client.shutdown();
}

/// The LSP position of the `nth` occurrence of `needle`, counting `\n`,
/// `\r\n` and a lone `\r` as line ends.
fn lsp_position(text: &str, needle: &str, nth: usize) -> Position {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in text"))
        .0;
    let (mut line, mut start) = (0, 0);
    let bytes = text.as_bytes();
    for at in 0..offset {
        let ends = bytes[at] == b'\n' || (bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n'));
        if ends {
            line += 1;
            start = at + 1;
        }
    }
    let character = text[start..offset].encode_utf16().count();
    Position::new(line, character as u32)
}

#[test]
fn a_lone_carriage_return_ends_a_line() {
    let mut client = Client::fixture();
    // Inside comments, where the compiler does not see it as a line end:
    // LSP does, so every position after it is a line further down.
    let text = client
        .disk_text(ORDERS)
        .replace("/// Orders and what", "/// Orders\rand what")
        .replace(
            "/// A production order.",
            "// (é)\r\r\n/// A production order.",
        );
    client.open_with(ORDERS, &text);
    assert_eq!(client.diagnostics(ORDERS), Vec::<Value>::new());

    // Both ways: a position read (the use of `Priority`) and one sent
    // (its declaration).
    let used = lsp_position(&text, "Priority", 1);
    let found = client
        .request("textDocument/definition", Client::at(ORDERS, used))
        .expect("definition");
    let declared = lsp_position(&text, "Priority", 0);
    let range = if found.is_array() {
        &found[0]["range"]
    } else {
        &found["range"]
    };
    assert_eq!(
        range["start"],
        json!({ "line": declared.line, "character": declared.character }),
        "{found}"
    );

    // An incremental edit after the `\r`s: `priority: Priority` becomes
    // `priority: Prio`, an unknown type reported where it is.
    let start = lsp_position(&text, "Priority\n  quantity", 0);
    let end = Position::new(start.line, start.character + 8);
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(ORDERS), "version": 2 },
                "contentChanges": [{ "range": { "start": start, "end": end }, "text": "Prio" }] }),
    );
    let diagnostics = client.diagnostics_for_version(ORDERS, 2);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("Prio"),
        "{diagnostics:#?}"
    );
    assert_eq!(
        diagnostics[0]["range"],
        json!({ "start": start, "end": { "line": start.line, "character": start.character + 4 } }),
        "{diagnostics:#?}"
    );
    // Undone by range too: the server's text is the client's again.
    client.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri(ORDERS), "version": 3 },
                "contentChanges": [{ "range": { "start": start,
                    "end": { "line": start.line, "character": start.character + 4 } },
                    "text": "Priority" }] }),
    );
    assert_eq!(
        client.diagnostics_for_version(ORDERS, 3),
        Vec::<Value>::new()
    );
    client.shutdown();
}

#[test]
fn a_second_initialize_is_an_invalid_request() {
    let mut client = Client::fixture();
    let refused = client
        .request("initialize", json!({ "capabilities": {} }))
        .expect_err("initialize is answered once");
    assert_eq!(
        refused.code,
        ErrorCode::InvalidRequest as i32,
        "{refused:?}"
    );
    assert!(
        refused.message.contains("already initialized"),
        "{}",
        refused.message
    );
    // And the server goes on.
    client.open(ORDERS);
    assert_eq!(client.diagnostics(ORDERS), Vec::<Value>::new());
    client.shutdown();
}
