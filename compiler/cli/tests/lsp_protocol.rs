//! The base protocol and the lifecycle as an editor meets them: the real
//! `weft lsp` process over stdin and stdout. `exit` ends it with 0 after
//! `shutdown` and 1 otherwise; messages between the `initialize` answer and
//! `initialized` are handled; a body that is not a message is answered with
//! an error and the server goes on, and a header block that cannot be
//! framed ends it with 2 and the reason on stderr, never with an abort; a
//! rename that cannot be done is refused as LSP says, and so is a second
//! `initialize`; documents are named back as the client spelt their URIs.

mod support;

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::process::ExitStatus;
use support::lsp_stdio::Session;
use support::scratch;

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const SERVER_NOT_INITIALIZED: i64 = -32002;
const REQUEST_FAILED: i64 = -32803;

/// A request every state of the server answers at once: a hover in a file
/// no project has.
fn hover_nowhere(session: &mut Session) -> Value {
    session.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///nowhere/a.weft" },
                "position": { "line": 0, "character": 0 } }),
    )
}

/// The server answers, and without an error.
fn answers(session: &mut Session) {
    let answer = hover_nowhere(session);
    assert!(answer.get("error").is_none(), "{answer}");
}

fn framed(header: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes = header.as_bytes().to_vec();
    bytes.extend_from_slice(body);
    bytes
}

fn assert_code(status: ExitStatus, code: i32, stderr: &str) {
    // `code()` is `None` when a signal (an abort) ended the process.
    assert_eq!(status.code(), Some(code), "{status}; stderr: {stderr}");
}

#[test]
fn exit_ends_with_0_after_shutdown_and_1_otherwise() {
    let folder = scratch("exit");
    let mut session = Session::start(&folder);
    session.initialize();
    let (status, stderr) = session.shut_down();
    assert_code(status, 0, &stderr);

    let mut session = Session::start(&folder);
    session.initialize();
    session.notify("exit", Value::Null);
    let (status, stderr) = session.wait(false);
    assert_code(status, 1, &stderr);

    // Before `initialize`, `exit` is the one message not dropped.
    let mut session = Session::start(&folder);
    session.notify("exit", Value::Null);
    let (status, stderr) = session.wait(false);
    assert_code(status, 1, &stderr);

    // A `shutdown` before `initialize` is refused, so it does not count.
    let mut session = Session::start(&folder);
    let refused = session.request("shutdown", Value::Null);
    assert_eq!(
        refused["error"]["code"], SERVER_NOT_INITIALIZED,
        "{refused}"
    );
    session.notify("exit", Value::Null);
    let (status, stderr) = session.wait(false);
    assert_code(status, 1, &stderr);
}

#[test]
fn messages_before_initialized_are_handled_as_if_it_had_come() {
    let folder = scratch("initialized");
    std::fs::write(
        folder.join("weft.toml"),
        "[project]\nname = \"p\"\nversion = \"0.1.0\"\n",
    )
    .expect("manifest");
    let uri = format!("file://{}", folder.join("a.weft").display());

    // A request and a notification before `initialized`: both handled.
    let mut session = Session::start(&folder);
    let init = session.request("initialize", json!({ "capabilities": {} }));
    assert!(init.get("error").is_none(), "{init}");
    answers(&mut session);
    session.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "weft", "version": 1,
                "text": "package p\n\nrecord {\n" } }),
    );
    let published = loop {
        let message = session.next();
        if message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["uri"] == uri.as_str()
        {
            break message;
        }
    };
    assert!(
        !published["params"]["diagnostics"]
            .as_array()
            .expect("a list")
            .is_empty(),
        "{published}"
    );
    // `initialized` after them is accepted and changes nothing.
    session.notify("initialized", json!({}));
    answers(&mut session);
    let (status, stderr) = session.shut_down();
    assert_code(status, 0, &stderr);

    // `$/setTrace` before `initialized`.
    let mut session = Session::start(&folder);
    session.request("initialize", json!({ "capabilities": {} }));
    session.notify("$/setTrace", json!({ "value": "off" }));
    session.notify("initialized", json!({}));
    answers(&mut session);
    let (status, stderr) = session.shut_down();
    assert_code(status, 0, &stderr);
}

#[test]
fn bodies_that_are_no_messages_are_answered_and_the_server_goes_on() {
    let folder = scratch("bodies");
    let mut session = Session::start(&folder);
    session.initialize();
    for (body, code) in [
        // Truncated JSON.
        (&br#"{"jsonrpc":"2.0","id":7,"method":"#[..], PARSE_ERROR),
        // Invalid UTF-8.
        (
            b"{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"weft/\xff\"}",
            PARSE_ERROR,
        ),
        // JSON, but no message.
        (b"[1,2,3]", INVALID_REQUEST),
    ] {
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        session.send_raw(&framed(&header, body));
        let reply = session.next();
        assert_eq!(reply["error"]["code"], code, "{reply}");
        assert_eq!(reply["id"], Value::Null, "{reply}");
        answers(&mut session);
    }
    let (status, stderr) = session.shut_down();
    assert_code(status, 0, &stderr);
}

#[test]
fn lenient_headers_are_read() {
    let folder = scratch("lenient");
    let mut session = Session::start(&folder);
    session.initialize();
    for (n, header) in [
        "Content-Length: {}\n\n",
        "content-length:{}\r\n\r\n",
        "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
    ]
    .into_iter()
    .enumerate()
    {
        let id = 100 + n;
        let body = json!({ "jsonrpc": "2.0", "id": id, "method": "shutdown-not" }).to_string();
        let header = header.replace("{}", &body.len().to_string());
        session.send_raw(&framed(&header, body.as_bytes()));
        let answer = session.response(&json!(id));
        // Unknown, but read and answered.
        assert_eq!(answer["error"]["code"], -32601, "{header:?}: {answer}");
    }
    let (status, stderr) = session.shut_down();
    assert_code(status, 0, &stderr);
}

#[test]
fn headers_that_cannot_be_framed_end_the_server_with_2_and_the_reason() {
    let folder = scratch("framing");
    let body = r#"{"jsonrpc":"2.0","id":9,"method":"weft/x"}"#;
    for (header, reason) in [
        ("Content-Type: x\r\n\r\n", "without Content-Length"),
        ("Content-Length: -5\r\n\r\n", "not a length"),
        ("Content-Length: 9223372036854775807\r\n\r\n", "256 MiB"),
    ] {
        let mut session = Session::start(&folder);
        session.initialize();
        session.send_raw(&framed(header, body.as_bytes()));
        // The client keeps its end open: the server ends on its own.
        let (status, stderr) = session.wait(false);
        assert_code(status, 2, &stderr);
        assert!(stderr.contains(reason), "{header:?}: {stderr}");
    }
}

#[test]
fn a_rename_that_cannot_be_done_is_refused_as_lsp_says() {
    let folder = scratch("rename");
    std::fs::write(
        folder.join("weft.toml"),
        "[project]\nname = \"p\"\nversion = \"0.1.0\"\n",
    )
    .expect("manifest");
    let text =
        "package p\n\n/// An order.\nrecord Order {\n  number: string\n}\n\n/// A thing.\nrecord Thing {\n  o: Order\n}\n";
    let file = folder.join("a.weft");
    std::fs::write(&file, text).expect("file");
    let uri = format!("file://{}", file.display());
    let at = |line: u32, character: u32| json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
    let mut session = Session::start(&folder);
    session.initialize();
    session.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "weft", "version": 1, "text": text } }),
    );
    // The blank line 1 has no name: `null`, not an error.
    let prepared = session.request("textDocument/prepareRename", at(1, 0));
    assert!(prepared.get("error").is_none(), "{prepared}");
    assert_eq!(prepared["result"], Value::Null, "{prepared}");
    // `Order` on line 3 has one.
    let prepared = session.request("textDocument/prepareRename", at(3, 8));
    assert_eq!(prepared["result"]["placeholder"], "Order", "{prepared}");
    // Valid parameters for a rename that cannot be done: RequestFailed.
    let mut refused = |position: Value, new_name: &str, reason: &str| {
        let mut params = position;
        params["newName"] = json!(new_name);
        let answer = session.request("textDocument/rename", params);
        assert_eq!(answer["error"]["code"], REQUEST_FAILED, "{answer}");
        let message = answer["error"]["message"].as_str().unwrap_or_default();
        assert!(message.contains(reason), "{answer}");
    };
    refused(at(1, 0), "X", "no name to rename");
    refused(at(3, 8), "9bad", "not a weft name");
    refused(at(3, 8), "record", "keyword");
    let (status, stderr) = session.shut_down();
    assert_code(status, 0, &stderr);
}

#[test]
fn a_second_initialize_is_an_invalid_request() {
    let folder = scratch("reinitialize");
    let mut session = Session::start(&folder);
    session.initialize();
    let again = session.request("initialize", json!({ "capabilities": {} }));
    assert_eq!(again["error"]["code"], INVALID_REQUEST, "{again}");
    let message = again["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("already initialized"), "{again}");
    answers(&mut session);
    let (status, stderr) = session.shut_down();
    assert_code(status, 0, &stderr);
}

#[test]
fn documents_are_named_back_as_the_client_spelt_their_uris() {
    let folder = scratch("spelling");
    std::fs::write(
        folder.join("weft.toml"),
        "[project]\nname = \"p\"\nversion = \"0.1.0\"\n",
    )
    .expect("manifest");
    // Spellings the server would write otherwise: `localhost`, lower-case
    // hex, escapes of characters it leaves as they are.
    let base = folder.display();
    let wanted: BTreeSet<String> = [
        format!("file://localhost{base}/loc.weft"),
        format!("file://{base}/x%c3%a9%20y.weft"),
        format!("file://{base}/a%5Bb%5D.weft"),
        format!("file://{base}/it%27s.weft"),
    ]
    .into_iter()
    .collect();
    let mut session = Session::start(&folder);
    session.initialize();
    for uri in &wanted {
        session.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "weft", "version": 1,
                    "text": "package p\n\nrecord {\n" } }),
        );
    }
    // Every `.weft` file of the project is open, so each of their lists is
    // for one of them (the manifest may get a list too).
    let mut seen = BTreeSet::new();
    while seen != wanted {
        let message = session.next();
        let uri = message["params"]["uri"].as_str().unwrap_or_default();
        if message["method"] == "textDocument/publishDiagnostics" && uri.ends_with(".weft") {
            assert!(wanted.contains(uri), "{uri} is none of {wanted:?}");
            seen.insert(uri.to_string());
        }
    }
    let (status, stderr) = session.shut_down();
    assert_code(status, 0, &stderr);
}

/// A request sent right after an edit is answered about the edited text:
/// three lines inserted above a record, then at once a hover at the
/// record's new line names it (from the text before the edit, that line
/// was empty).
#[test]
fn a_request_right_after_an_edit_is_answered_about_the_new_text() {
    let folder = scratch("after-edit");
    std::fs::write(
        folder.join("weft.toml"),
        "[project]\nname = \"p\"\nversion = \"0.1.0\"\n",
    )
    .expect("manifest");
    let uri = format!("file://{}", folder.join("a.weft").display());
    let text = "package p\n\n/// A thing.\nrecord Thing {\n  name: string\n}\n";
    let mut session = Session::start(&folder);
    session.initialize();
    session.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "weft", "version": 1, "text": text } }),
    );
    assert_eq!(session.diagnostics(&uri), Vec::<Value>::new());
    for round in 0..5 {
        let version = 2 + round * 2;
        session.notify("textDocument/didChange", json!({
            "textDocument": { "uri": uri, "version": version },
            "contentChanges": [{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "// a\n// b\n// c\n" }],
        }));
        let hover = session.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 6, "character": 8 } }),
        );
        let shown = hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default();
        assert!(shown.contains("Thing"), "round {round}: {hover}");
        // Back to the opened text for the next round.
        session.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version + 1 },
                "contentChanges": [{ "text": text }],
            }),
        );
    }
    let (status, stderr) = session.shut_down();
    assert_code(status, 0, &stderr);
}
