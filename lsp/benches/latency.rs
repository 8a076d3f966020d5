//! The language server's latency on a generated project of about 10,000
//! lines: edit → diagnostics published, hover, completion and references,
//! each timed over the real protocol (in-memory connection) and reported as
//! p50 / p95 / max in milliseconds. A benchmark, not a test: run it with
//! `cargo bench -p weft-lsp` (add `-- --lines N` for another size) and see
//! `docs/performance-lsp.md` for the figures and what they mean.

mod common;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use weft_bench::generate::{generate, Config};
use weft_lsp::MemoryDisk;

const ROUNDS: usize = 60;
const ROOT: &str = "/bench/project";

fn main() {
    let lines = common::lines_option();
    // Grow the project until it has the lines asked for.
    let mut declarations = 100;
    let project = loop {
        let project = generate(&Config::new(declarations));
        if project.weft_lines() >= lines {
            break project;
        }
        declarations += declarations / 4;
    };
    let disk = Arc::new(MemoryDisk::new());
    for file in &project.files {
        disk.write(PathBuf::from(ROOT).join(&file.path), file.text.clone());
    }
    // The file to edit: the first with an entity, so that every request has
    // something to find.
    let edited = project
        .weft_files()
        .find(|file| file.text.contains("\nentity "))
        .expect("a file with an entity");
    let uri = lsp_types::Url::from_file_path(PathBuf::from(ROOT).join(&edited.path)).expect("uri");
    let text = edited.text.clone();

    let (server, client) = Connection::memory();
    let server_disk: Arc<dyn weft_lsp::Disk> = disk;
    let thread = std::thread::spawn(move || weft_lsp::run(&server, server_disk));
    let mut session = Session { client, next: 0 };
    session.request("initialize", json!({ "capabilities": {} }));
    session.notify("initialized", json!({}));
    let started = Instant::now();
    session.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "weft", "version": 1, "text": text } }),
    );
    session.diagnostics(uri.as_str());
    let first = started.elapsed();

    let entity = position(&text, "\nentity ", 8);
    // Completion of a name: after `owner ` in the entity (names in scope
    // and of other packages, each with its `use` edit).
    let entity_at = text.find("\nentity ").expect("an entity");
    let owner_offset = entity_at + text[entity_at..].find("  owner ").expect("an owner") + 8;
    let owner = {
        let line = text[..owner_offset].matches('\n').count();
        let column = owner_offset - text[..owner_offset].rfind('\n').map_or(0, |at| at + 1);
        json!({ "line": line, "character": column })
    };
    let doc_at = position(&text, "\n///", 4);
    let mut timings: [Vec<Duration>; 4] = Default::default();
    for round in 0..ROUNDS {
        // A body edit that keeps every name: a letter into a doc comment,
        // taken out again next round.
        let change = if round % 2 == 0 {
            json!({ "range": { "start": doc_at, "end": doc_at }, "text": "x" })
        } else {
            let mut end = doc_at.clone();
            end["character"] = json!(doc_at["character"].as_u64().unwrap_or(0) + 1);
            json!({ "range": { "start": doc_at, "end": end }, "text": "" })
        };
        let clock = Instant::now();
        session.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": round + 2 }, "contentChanges": [change] }),
        );
        session.diagnostics(uri.as_str());
        timings[0].push(clock.elapsed());
        let at = |method: &str, position: &Value| {
            let mut params = json!({ "textDocument": { "uri": uri }, "position": position });
            if method == "textDocument/references" {
                params["context"] = json!({ "includeDeclaration": true });
            }
            params
        };
        for (slot, method, position) in [
            (1, "textDocument/hover", &entity),
            (2, "textDocument/completion", &owner),
            (3, "textDocument/references", &entity),
        ] {
            let clock = Instant::now();
            let answer = session.request(method, at(method, position));
            timings[slot].push(clock.elapsed());
            // An empty answer would time nothing worth knowing.
            assert!(
                !answer.is_null() && answer != json!([]),
                "{method} found nothing at {position} in {}",
                uri
            );
        }
    }
    session.request("shutdown", Value::Null);
    session.notify("exit", Value::Null);
    let _ = thread.join();

    println!(
        "project: {} lines, {} declarations, {} files; first analysis {:.1} ms; {ROUNDS} rounds",
        project.weft_lines(),
        project.declarations,
        project.weft_files().count(),
        first.as_secs_f64() * 1000.0
    );
    println!("| measure | p50 ms | p95 ms | max ms |");
    println!("| --- | ---: | ---: | ---: |");
    for (name, samples) in [
        "edit → diagnostics published",
        "hover",
        "completion",
        "references",
    ]
    .iter()
    .zip(timings.iter_mut())
    {
        samples.sort();
        let pick = |q: f64| {
            let index = ((samples.len() as f64 - 1.0) * q).round() as usize;
            samples[index].as_secs_f64() * 1000.0
        };
        println!(
            "| {name} | {:.1} | {:.1} | {:.1} |",
            pick(0.5),
            pick(0.95),
            pick(1.0)
        );
    }
}

/// The LSP position `shift` bytes after the first `needle` (ASCII text).
fn position(text: &str, needle: &str, shift: usize) -> Value {
    let offset = text.find(needle).expect("needle") + shift;
    let line = text[..offset].matches('\n').count();
    let column = offset - text[..offset].rfind('\n').map_or(0, |at| at + 1);
    json!({ "line": line, "character": column })
}

struct Session {
    client: Connection,
    next: i32,
}

impl Session {
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        let request = Request::new(id.clone(), method.into(), params);
        self.client.sender.send(request.into()).expect("send");
        loop {
            match self.client.receiver.recv_timeout(Duration::from_secs(120)) {
                Ok(Message::Response(response)) if response.id == id => {
                    return response.result.unwrap_or(Value::Null)
                }
                Ok(_) => {}
                Err(error) => panic!("no answer to {method}: {error}"),
            }
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        let notification = Notification::new(method.into(), params);
        self.client.sender.send(notification.into()).expect("send");
    }

    fn diagnostics(&mut self, uri: &str) {
        loop {
            match self.client.receiver.recv_timeout(Duration::from_secs(120)) {
                Ok(Message::Notification(notification))
                    if notification.method == "textDocument/publishDiagnostics"
                        && notification.params["uri"] == uri =>
                {
                    return
                }
                Ok(_) => {}
                Err(error) => panic!("no diagnostics: {error}"),
            }
        }
    }
}
