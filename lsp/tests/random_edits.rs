//! No sequence of edits crashes the server or stops it answering: random
//! insertions, deletions, pasted garbage and deleted files go through the
//! protocol, each followed by a random request, and every request must get
//! an answer that is not an internal error (a caught panic answers with
//! one).

mod support;

use lsp_server::{ErrorCode, Message};
use proptest::prelude::*;
use serde_json::json;
use support::{path, uri, Client};

const FILES: [&str; 2] = ["landscape.weft", "orders/orders.weft"];

/// Pieces of weft and of nonsense to paste.
const SNIPPETS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "<",
    ">",
    ".",
    "\n",
    "\"",
    "//",
    "///",
    "@",
    "v",
    "v9",
    "entity ",
    "event X {\n",
    "workflow W {\n  call a = Orders.confirm(",
    "placed.",
    "use plant.orders.{",
    "version 2 {\n",
    "consumes OrderPlaced v",
    "é😀",
    "\u{0}",
    "record R {\n  x: list<list<list<",
    "type T = string pattern \"(\"",
    "\t\r\n",
];

#[derive(Clone, Debug)]
enum Action {
    Insert {
        file: usize,
        at: u32,
        snippet: usize,
    },
    Delete {
        file: usize,
        at: u32,
        len: u32,
    },
    Garbage {
        file: usize,
        text: String,
    },
    DeleteFile {
        file: usize,
    },
    Restore {
        file: usize,
    },
}

#[derive(Clone, Debug)]
struct Probe {
    method: usize,
    file: usize,
    line: u32,
    character: u32,
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        4 => (0..2usize, any::<u32>(), 0..SNIPPETS.len()).prop_map(|(file, at, snippet)| Action::Insert { file, at, snippet }),
        3 => (0..2usize, any::<u32>(), 0..200u32).prop_map(|(file, at, len)| Action::Delete { file, at, len }),
        1 => (0..2usize, "\\PC{0,60}").prop_map(|(file, text)| Action::Garbage { file, text }),
        1 => (0..2usize).prop_map(|file| Action::DeleteFile { file }),
        1 => (0..2usize).prop_map(|file| Action::Restore { file }),
    ]
}

fn probe() -> impl Strategy<Value = Probe> {
    (0..METHODS.len(), 0..2usize, 0..80u32, 0..60u32).prop_map(|(method, file, line, character)| {
        Probe {
            method,
            file,
            line,
            character,
        }
    })
}

const METHODS: &[&str] = &[
    "textDocument/hover",
    "textDocument/definition",
    "textDocument/typeDefinition",
    "textDocument/references",
    "textDocument/documentHighlight",
    "textDocument/completion",
    "textDocument/prepareRename",
    "textDocument/rename",
    "textDocument/documentSymbol",
    "textDocument/formatting",
    "textDocument/semanticTokens/full",
    "textDocument/codeAction",
    "textDocument/codeLens",
    "textDocument/inlayHint",
    "workspace/symbol",
];

fn params(probe: &Probe) -> serde_json::Value {
    let document = json!({ "uri": uri(FILES[probe.file]) });
    let position = json!({ "line": probe.line, "character": probe.character });
    let range = json!({ "start": { "line": 0, "character": 0 }, "end": position });
    json!({
        "textDocument": document,
        "position": position,
        "range": range,
        "context": { "includeDeclaration": true, "diagnostics": [] },
        "newName": "renamed",
        "options": { "tabSize": 2, "insertSpaces": true },
        "query": "o",
    })
}

/// A char boundary at or below `at` (mod the length).
fn boundary(text: &str, at: u32) -> usize {
    let mut at = if text.is_empty() {
        0
    } else {
        at as usize % (text.len() + 1)
    };
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn run(actions: Vec<(Action, Probe)>) {
    let mut client = Client::fixture();
    let originals: Vec<String> = FILES.iter().map(|file| client.disk_text(file)).collect();
    let mut texts: Vec<Option<String>> = originals.iter().cloned().map(Some).collect();
    for (file, text) in FILES.iter().zip(&originals) {
        client.open_with(file, text);
    }
    let mut version = 1;
    for (action, probe) in actions {
        version += 1;
        match action {
            Action::Insert { file, at, snippet } => {
                if let Some(text) = texts[file].as_mut() {
                    let at = boundary(text, at);
                    text.insert_str(at, SNIPPETS[snippet]);
                }
            }
            Action::Delete { file, at, len } => {
                if let Some(text) = texts[file].as_mut() {
                    let start = boundary(text, at);
                    let end = boundary(
                        text,
                        (start as u32).saturating_add(len).min(text.len() as u32),
                    );
                    text.replace_range(start..end.max(start), "");
                }
            }
            Action::Garbage { file, text } => {
                if let Some(current) = texts[file].as_mut() {
                    *current = text;
                }
            }
            Action::DeleteFile { file } => {
                if texts[file].take().is_some() {
                    client.notify(
                        "textDocument/didClose",
                        json!({ "textDocument": { "uri": uri(FILES[file]) } }),
                    );
                    client.disk.remove(&path(FILES[file]));
                    client.notify(
                        "workspace/didChangeWatchedFiles",
                        json!({ "changes": [{ "uri": uri(FILES[file]), "type": 3 }] }),
                    );
                }
                continue_probe(&mut client, &probe);
                continue;
            }
            Action::Restore { file } => {
                if texts[file].is_none() {
                    client
                        .disk
                        .write(path(FILES[file]), originals[file].clone());
                    client.open_with(FILES[file], &originals[file]);
                    texts[file] = Some(originals[file].clone());
                }
                continue_probe(&mut client, &probe);
                continue;
            }
        }
        // Incremental changes would need positions; whole texts exercise
        // the same analysis and keep the test's bookkeeping simple.
        for (index, text) in texts.iter().enumerate() {
            if let Some(text) = text {
                client.replace(FILES[index], text, version);
            }
        }
        continue_probe(&mut client, &probe);
    }
    client.shutdown();
}

fn continue_probe(client: &mut Client, probe: &Probe) {
    let id = client.send_request(METHODS[probe.method], params(probe));
    let response = client.response(&id);
    if let Some(error) = &response.error {
        assert_ne!(
            error.code,
            ErrorCode::InternalError as i32,
            "{} failed: {}",
            METHODS[probe.method],
            error.message
        );
    }
    // Nothing else is pending for long: the server keeps reading.
    let _ = client
        .connection
        .receiver
        .recv_timeout(std::time::Duration::from_millis(1))
        .map(|message| {
            if let Message::Notification(notification) = message {
                client.notifications.push(notification);
            }
        });
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_never_stop_the_server(actions in prop::collection::vec((action(), probe()), 1..16)) {
        run(actions);
    }
}
