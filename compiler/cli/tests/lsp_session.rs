//! `weft lsp` as editors run it: the real binary, JSON-RPC over stdin and
//! stdout, for a whole session: initialize, open, edit (diagnostics),
//! hover, rename, shutdown, exit.

mod support;

use serde_json::{json, Value};
use std::path::Path;
use support::lsp_stdio::Session;
use support::scratch;

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

    let mut session = Session::start(&project);

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

    let (status, stderr) = session.shut_down();
    assert!(status.success(), "weft lsp ended with {status}: {stderr}");
}
