//! `weft lsp` as editors run it: the real binary, JSON-RPC over stdin and
//! stdout, for a whole session: initialize, open, edit (diagnostics),
//! hover, rename, shutdown, exit.

mod support;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use support::{scratch, wait_guarded, WEFT};

struct Session {
    input: ChildStdin,
    messages: mpsc::Receiver<Value>,
    next_id: u64,
}

impl Session {
    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.input.flush().expect("flush");
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.next();
            if message["id"] == id && message.get("method").is_none() {
                return message;
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next(&mut self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers within a minute")
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let message = self.next();
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                return message["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
        }
    }
}

/// Reads framed messages from the server's stdout on a thread.
fn reader(output: ChildStdout) -> mpsc::Receiver<Value> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut output = BufReader::new(output);
        loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                if output.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(value) = line.strip_prefix("Content-Length: ") {
                    length = value.parse::<usize>().ok();
                }
            }
            let mut body = vec![0; length.expect("Content-Length")];
            if output.read_exact(&mut body).is_err() {
                return;
            }
            let message: Value = serde_json::from_slice(&body).expect("JSON body");
            if sender.send(message).is_err() {
                return;
            }
        }
    });
    receiver
}

fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn a_whole_session_over_stdio() {
    let project = scratch("lsp-session");
    std::fs::write(
        project.join("weft.toml"),
        "[project]\nname = \"session\"\nversion = \"0.1.0\"\n",
    )
    .expect("manifest");
    let text = "package session\n\n/// The plant's MES.\nsystem mes {\n  domain plant\n  kind mes\n  hosting on_prem\n  connectivity reliable\n}\n\n/// Orders.\nentity Order {\n  owner mes\n  key id\n  id: string\n}\n\n/// The plant.\ndomain plant {\n  owner \"Plant\"\n}\n";
    let file = project.join("model.weft");
    std::fs::write(&file, text).expect("model");
    let uri = file_uri(&file);

    let mut child = Command::new(WEFT)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("weft lsp starts");
    let mut session = Session {
        input: child.stdin.take().expect("stdin"),
        messages: reader(child.stdout.take().expect("stdout")),
        next_id: 0,
    };

    let init = session.request(
        "initialize",
        json!({ "processId": null, "rootUri": file_uri(&project), "capabilities": {} }),
    );
    assert_eq!(
        init["result"]["capabilities"]["hoverProvider"], true,
        "{init}"
    );
    session.notify("initialized", json!({}));
    session.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "weft", "version": 1, "text": text } }),
    );
    assert_eq!(session.diagnostics(&uri), Vec::<Value>::new());

    // An edit that names a system that does not exist.
    session.notify("textDocument/didChange", json!({
        "textDocument": { "uri": uri, "version": 2 },
        "contentChanges": [{ "range": { "start": { "line": 12, "character": 8 }, "end": { "line": 12, "character": 11 } }, "text": "mse" }],
    }));
    let diagnostics = session.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("mse"),
        "{diagnostics:#?}"
    );
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({ "line": 12, "character": 8 })
    );

    // Back to the good name, then hover and rename.
    session.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 3 },
            "contentChanges": [{ "text": text }],
        }),
    );
    assert_eq!(session.diagnostics(&uri), Vec::<Value>::new());
    let hover = session.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 11, "character": 8 } }),
    );
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(shown.contains("owned by `mes`"), "{hover}");
    let rename = session.request("textDocument/rename", json!({
        "textDocument": { "uri": uri }, "position": { "line": 3, "character": 8 }, "newName": "shop_floor",
    }));
    let edits = rename["result"]["changes"][&uri]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let lines: Vec<u64> = edits
        .iter()
        .map(|edit| edit["range"]["start"]["line"].as_u64().unwrap_or(99))
        .collect();
    assert_eq!(lines.len(), 2, "{rename}");
    assert!(lines.contains(&3) && lines.contains(&12), "{rename}");

    let shutdown = session.request("shutdown", Value::Null);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    session.notify("exit", Value::Null);
    drop(session);
    let status = wait_guarded(&mut child, &["lsp"]);
    assert!(status.success(), "weft lsp ended with {status}");
}
