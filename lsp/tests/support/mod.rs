//! A test client: the real server on `lsp-server`'s in-memory connection,
//! with projects on an in-memory disk. (The `weft lsp` process itself is
//! driven by the CLI's tests, `compiler/cli/tests/lsp_protocol.rs`, where
//! cargo builds the binary.)

#![allow(dead_code)]

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::{Position, Url};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use weft_lsp::{Exit, MemoryDisk, ServerError};

/// How long a test waits for one answer before it fails.
pub const PATIENCE: Duration = Duration::from_secs(60);

/// The virtual folder fixtures are placed under.
pub const ROOT: &str = "/lsp/plant";

pub struct Client {
    pub connection: Connection,
    pub disk: Arc<MemoryDisk>,
    server: Option<JoinHandle<Result<Exit, ServerError>>>,
    next_id: i32,
    /// Notifications received and not yet looked at.
    pub notifications: Vec<Notification>,
    /// The `initialize` answer.
    pub initialized: Value,
}

/// The fixture project's files, relative to its folder.
pub fn fixture_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/lsp/plant");
    let mut files = Vec::new();
    for relative in ["weft.toml", "landscape.weft", "orders/orders.weft"] {
        let text = std::fs::read_to_string(root.join(relative)).expect("fixture");
        files.push((relative.to_string(), text));
    }
    files
}

pub fn path(relative: &str) -> PathBuf {
    Path::new(ROOT).join(relative)
}

pub fn uri(relative: &str) -> Url {
    Url::from_file_path(path(relative)).expect("absolute path")
}

/// The position of the `nth` (0-based) occurrence of `needle` in `text`,
/// moved `shift` characters to the right.
pub fn position(text: &str, needle: &str, nth: usize, shift: u32) -> Position {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in text"))
        .0;
    let line = text[..offset].matches('\n').count() as u32;
    let column = (offset - text[..offset].rfind('\n').map_or(0, |at| at + 1)) as u32;
    Position::new(line, column + shift)
}

impl Client {
    /// Starts a server over the fixture project and opens nothing yet.
    pub fn fixture() -> Client {
        let disk = Arc::new(MemoryDisk::new());
        for (relative, text) in fixture_files() {
            disk.write(path(&relative), text);
        }
        Client::start(disk)
    }

    pub fn start(disk: Arc<MemoryDisk>) -> Client {
        let server_disk: Arc<dyn weft_lsp::Disk> = disk.clone();
        Client::start_on(server_disk, disk)
    }

    /// Starts a server that reads `server_disk` (a wrapper around `disk`,
    /// say, that holds reads back).
    pub fn start_on(server_disk: Arc<dyn weft_lsp::Disk>, disk: Arc<MemoryDisk>) -> Client {
        let (server_side, client_side) = Connection::memory();
        let server = std::thread::spawn(move || weft_lsp::run(&server_side, server_disk));
        let mut client = Client {
            connection: client_side,
            disk,
            server: Some(server),
            next_id: 0,
            notifications: Vec::new(),
            initialized: Value::Null,
        };
        let init = client.request("initialize", json!({ "capabilities": {} }));
        client.initialized = init.expect("initialize");
        client.notify("initialized", json!({}));
        client
    }

    pub fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let request = Request::new(id.clone(), method.to_string(), params);
        self.connection
            .sender
            .send(Message::Request(request))
            .expect("server alive");
        id
    }

    /// Sends a request and waits for its answer.
    pub fn request(
        &mut self,
        method: &str,
        params: Value,
    ) -> Result<Value, lsp_server::ResponseError> {
        let id = self.send_request(method, params);
        let response = self.response(&id);
        match response.error {
            Some(error) => Err(error),
            None => Ok(response.result.unwrap_or(Value::Null)),
        }
    }

    /// Waits for the response to `id`, keeping notifications.
    pub fn response(&mut self, id: &RequestId) -> Response {
        loop {
            match self.connection.receiver.recv_timeout(PATIENCE) {
                Ok(Message::Response(response)) if &response.id == id => return response,
                Ok(Message::Response(_)) => {}
                Ok(Message::Notification(notification)) => self.notifications.push(notification),
                Ok(Message::Request(_)) => {}
                Err(error) => panic!("no answer to request {id}: {error}"),
            }
        }
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.connection
            .sender
            .send(Message::Notification(Notification::new(
                method.to_string(),
                params,
            )))
            .expect("server alive");
    }

    /// Opens a file with the text on the disk.
    pub fn open(&mut self, relative: &str) -> String {
        let text = self.disk_text(relative);
        self.open_with(relative, &text);
        text
    }

    pub fn open_with(&mut self, relative: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": {
                "uri": uri(relative), "languageId": "weft", "version": 1, "text": text,
            }}),
        );
    }

    pub fn disk_text(&self, relative: &str) -> String {
        use weft_lsp::Disk;
        self.disk.read(&path(relative)).expect("file on disk")
    }

    /// Replaces a document's whole text.
    pub fn replace(&mut self, relative: &str, text: &str, version: i32) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri(relative), "version": version },
                "contentChanges": [{ "text": text }],
            }),
        );
    }

    /// Waits until diagnostics for the file are published and returns the
    /// newest list. Earlier notifications are dropped first, so this sees
    /// only what is published after the call.
    pub fn diagnostics(&mut self, relative: &str) -> Vec<Value> {
        list_of(&self.publication(relative))
    }

    /// Waits until diagnostics for the file are published and returns the
    /// notification's parameters (`uri`, `diagnostics`, `version` when
    /// the server sent one). Earlier notifications are dropped first.
    pub fn publication(&mut self, relative: &str) -> Value {
        self.publication_under(&[uri(relative).as_str()])
    }

    /// [`Client::publication`] for a file published under any of `uris`
    /// (a client's spelling of a URI and the server's).
    pub fn publication_under(&mut self, uris: &[&str]) -> Value {
        self.notifications.clear();
        loop {
            let message = self
                .connection
                .receiver
                .recv_timeout(PATIENCE)
                .unwrap_or_else(|error| panic!("no diagnostics under {uris:?}: {error}"));
            if let Message::Notification(notification) = message {
                let named = notification.params["uri"].as_str().unwrap_or_default();
                if notification.method == "textDocument/publishDiagnostics" && uris.contains(&named)
                {
                    return notification.params;
                }
            }
        }
    }

    /// Waits for the diagnostics of an open file published for `version`
    /// of its text and returns the list. Lists of older versions (from an
    /// analysis of an older text) are skipped, whenever they arrive, so
    /// notifications already received count too. A list without a
    /// version or of a newer one fails at once: the wanted one will not
    /// come.
    pub fn diagnostics_for_version(&mut self, relative: &str, version: i32) -> Vec<Value> {
        let wanted = uri(relative).to_string();
        let mut received = std::mem::take(&mut self.notifications).into_iter();
        loop {
            let notification = match received.next() {
                Some(notification) => notification,
                None => match self.connection.receiver.recv_timeout(PATIENCE) {
                    Ok(Message::Notification(notification)) => notification,
                    Ok(_) => continue,
                    Err(error) => panic!("no diagnostics for {relative} v{version}: {error}"),
                },
            };
            if notification.method != "textDocument/publishDiagnostics"
                || notification.params["uri"] != wanted
            {
                continue;
            }
            match notification.params["version"].as_i64() {
                Some(published) if published == i64::from(version) => {
                    // What was received after it is kept for the next wait.
                    self.notifications.extend(received);
                    return list_of(&notification.params);
                }
                Some(published) if published < i64::from(version) => {}
                _ => panic!(
                    "waiting for the diagnostics of {relative} v{version}, got {}",
                    notification.params
                ),
            }
        }
    }

    /// A position request's parameters.
    pub fn at(relative: &str, position: Position) -> Value {
        json!({ "textDocument": { "uri": uri(relative) }, "position": position })
    }

    /// Shuts the server down cleanly and waits for it to end.
    pub fn shutdown(mut self) {
        let answer = self.request("shutdown", Value::Null);
        assert!(answer.is_ok(), "shutdown failed: {answer:?}");
        self.notify("exit", Value::Null);
        let server = self.server.take().expect("server thread");
        let outcome = server.join().expect("server thread did not panic");
        assert!(
            matches!(outcome, Ok(Exit::AfterShutdown)),
            "server ended with {outcome:?}"
        );
    }
}

/// The diagnostics of a `publishDiagnostics` notification's parameters.
pub fn list_of(publication: &Value) -> Vec<Value> {
    publication["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The ranges of a list of locations, as `(file name, line)` pairs.
pub fn lines_of(locations: &Value) -> Vec<(String, u64)> {
    let mut found: Vec<(String, u64)> = locations
        .as_array()
        .expect("a list of locations")
        .iter()
        .map(|location| {
            let uri = location["uri"].as_str().expect("uri");
            let name = uri.rsplit('/').next().unwrap_or(uri).to_string();
            (
                name,
                location["range"]["start"]["line"].as_u64().expect("line"),
            )
        })
        .collect();
    found.sort();
    found
}
