//! The server loop: initialise, then read messages, keep documents, analyse
//! (debounced), publish diagnostics and answer requests, each inside a
//! panic guard, until `shutdown` and `exit`.

use crate::convert::{path_of, uri_of};
use crate::disk::Disk;
use crate::features;
use crate::world::World;
use crossbeam_channel::select;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notify, Notification as _};
use lsp_types::{
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, LogMessageParams, MessageType,
    PublishDiagnosticsParams,
};
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How long the server waits after an edit for the next one before it
/// analyses: typing bursts are analysed once.
const DEBOUNCE: Duration = Duration::from_millis(15);

/// Why the server stopped other than by `exit`.
#[derive(Debug)]
pub struct ServerError(pub String);

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ServerError {}

/// Runs the server on a connection until the client says `exit` (or goes
/// away). Files that are not open in the editor are read through `disk`.
pub fn run(connection: &Connection, disk: Arc<dyn Disk>) -> Result<(), ServerError> {
    let capabilities = serde_json::to_value(features::capabilities())
        .map_err(|error| ServerError(error.to_string()))?;
    connection
        .initialize(capabilities)
        .map_err(|error| ServerError(error.to_string()))?;
    let mut server = Server {
        connection,
        world: World::new(disk),
        shutting_down: false,
    };
    server.main_loop()
}

struct Server<'a> {
    connection: &'a Connection,
    world: World,
    shutting_down: bool,
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<(), ServerError> {
        loop {
            let dirty = self.world.projects.values().any(|project| project.dirty);
            let first = if dirty {
                select! {
                    recv(self.connection.receiver) -> message => Some(message),
                    default(DEBOUNCE) => None,
                }
            } else {
                Some(self.connection.receiver.recv())
            };
            let Some(first) = first else {
                self.flush();
                continue;
            };
            let Ok(first) = first else {
                // The client went away without `exit`.
                return Err(ServerError("the client closed the connection".into()));
            };
            // Everything that has arrived is read at once, so that a
            // `$/cancelRequest` behind a request is seen before it runs.
            let mut batch = vec![first];
            batch.extend(self.connection.receiver.try_iter());
            let cancelled: HashSet<RequestId> = batch.iter().filter_map(cancelled_id).collect();
            for message in batch {
                match message {
                    Message::Request(request) => {
                        if cancelled.contains(&request.id) {
                            self.reply_error(
                                request.id,
                                ErrorCode::RequestCanceled,
                                "cancelled".into(),
                            );
                        } else {
                            self.request(request);
                        }
                    }
                    Message::Notification(notification) => {
                        if notification.method == notify::Exit::METHOD {
                            return if self.shutting_down {
                                Ok(())
                            } else {
                                Err(ServerError("exit without shutdown".into()))
                            };
                        }
                        self.notification(notification);
                    }
                    Message::Response(_) => {}
                }
            }
        }
    }

    fn request(&mut self, request: Request) {
        if self.shutting_down {
            self.reply_error(
                request.id,
                ErrorCode::InvalidRequest,
                "the server is shutting down".into(),
            );
            return;
        }
        if request.method == "shutdown" {
            self.shutting_down = true;
            self.send(Response::new_ok(request.id, ()).into());
            return;
        }
        // Answers follow the text the client has sent so far.
        self.flush();
        let world = &self.world;
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            features::handle(world, &request.method, request.params.clone())
        }));
        match outcome {
            Ok(Ok(value)) => self.send(Response::new_ok(request.id, value).into()),
            Ok(Err(failure)) => self.reply_error(request.id, failure.code, failure.message),
            Err(panic) => {
                let message = format!(
                    "weft lsp: `{}` failed: {}",
                    request.method,
                    panic_text(&panic)
                );
                self.log(MessageType::ERROR, &message);
                self.reply_error(request.id, ErrorCode::InternalError, message);
            }
        }
    }

    fn notification(&mut self, notification: Notification) {
        let method = notification.method.clone();
        let outcome = catch_unwind(AssertUnwindSafe(|| self.apply(notification)));
        if let Err(panic) = outcome {
            self.log(
                MessageType::ERROR,
                &format!("weft lsp: `{method}` failed: {}", panic_text(&panic)),
            );
        }
    }

    fn apply(&mut self, notification: Notification) {
        let method = notification.method.clone();
        match method.as_str() {
            notify::DidOpenTextDocument::METHOD => {
                let Ok(params) = notification
                    .extract::<DidOpenTextDocumentParams>(notify::DidOpenTextDocument::METHOD)
                else {
                    return;
                };
                if let Some(path) = path_of(&params.text_document.uri) {
                    self.world
                        .documents
                        .insert(path.clone(), params.text_document.text);
                    self.world.touch(&path);
                }
            }
            notify::DidChangeTextDocument::METHOD => {
                let Ok(params) = notification
                    .extract::<DidChangeTextDocumentParams>(notify::DidChangeTextDocument::METHOD)
                else {
                    return;
                };
                let Some(path) = path_of(&params.text_document.uri) else {
                    return;
                };
                let mut text = self.world.documents.get(&path).cloned().unwrap_or_default();
                for change in params.content_changes {
                    features::apply_change(&mut text, change);
                }
                self.world.documents.insert(path.clone(), text);
                self.world.touch(&path);
            }
            notify::DidCloseTextDocument::METHOD => {
                let Ok(params) = notification
                    .extract::<DidCloseTextDocumentParams>(notify::DidCloseTextDocument::METHOD)
                else {
                    return;
                };
                if let Some(path) = path_of(&params.text_document.uri) {
                    self.world.documents.remove(&path);
                    self.world.touch(&path);
                }
            }
            notify::DidSaveTextDocument::METHOD => {
                if let Ok(params) = notification
                    .extract::<DidSaveTextDocumentParams>(notify::DidSaveTextDocument::METHOD)
                {
                    if let Some(path) = path_of(&params.text_document.uri) {
                        self.world.touch(&path);
                    }
                }
            }
            notify::DidChangeWatchedFiles::METHOD
                if notification
                    .extract::<DidChangeWatchedFilesParams>(notify::DidChangeWatchedFiles::METHOD)
                    .is_ok() =>
            {
                self.world.touch_all();
            }
            _ => {}
        }
    }

    /// Analyses every project with changes and publishes its diagnostics.
    fn flush(&mut self) {
        let roots: Vec<PathBuf> = self
            .world
            .projects
            .values()
            .filter(|project| project.dirty)
            .map(|project| project.root.clone())
            .collect();
        for root in roots {
            let outcome = catch_unwind(AssertUnwindSafe(|| self.world.analyse(&root)));
            match outcome {
                Ok(Some(_)) => self.publish(&root),
                Ok(None) => {}
                Err(panic) => {
                    // The last good analysis stays; the next edit tries again.
                    if let Some(project) = self.world.projects.get_mut(&root) {
                        project.dirty = false;
                    }
                    self.log(
                        MessageType::ERROR,
                        &format!(
                            "weft lsp: analysing {} failed: {}",
                            root.display(),
                            panic_text(&panic)
                        ),
                    );
                }
            }
        }
    }

    fn publish(&mut self, root: &PathBuf) {
        let Some(project) = self.world.projects.get(root) else {
            return;
        };
        let Some(analysis) = project.analysis.clone() else {
            return;
        };
        let by_file = features::diagnostics::by_file(&analysis);
        let mut published = project.published.clone();
        let mut now = std::collections::BTreeSet::new();
        for (path, diagnostics) in by_file {
            published.remove(&path);
            if let Some(uri) = uri_of(&path) {
                self.notify_diagnostics(PublishDiagnosticsParams::new(uri, diagnostics, None));
            }
            now.insert(path);
        }
        // Files that had findings and have none now are cleared.
        for path in published {
            if let Some(uri) = uri_of(&path) {
                self.notify_diagnostics(PublishDiagnosticsParams::new(uri, Vec::new(), None));
            }
        }
        if let Some(project) = self.world.projects.get_mut(root) {
            project.published = now;
        }
    }

    fn notify_diagnostics(&self, params: PublishDiagnosticsParams) {
        self.send(Notification::new(notify::PublishDiagnostics::METHOD.into(), params).into());
    }

    fn log(&self, kind: MessageType, message: &str) {
        let params = LogMessageParams {
            typ: kind,
            message: message.to_string(),
        };
        self.send(Notification::new(notify::LogMessage::METHOD.into(), params).into());
    }

    fn reply_error(&self, id: RequestId, code: ErrorCode, message: String) {
        self.send(Response::new_err(id, code as i32, message).into());
    }

    fn send(&self, message: Message) {
        // A closed connection ends the loop at the next receive.
        let _ = self.connection.sender.send(message);
    }
}

fn cancelled_id(message: &Message) -> Option<RequestId> {
    let Message::Notification(notification) = message else {
        return None;
    };
    if notification.method != notify::Cancel::METHOD {
        return None;
    }
    let params: lsp_types::CancelParams =
        serde_json::from_value(notification.params.clone()).ok()?;
    Some(match params.id {
        lsp_types::NumberOrString::Number(number) => RequestId::from(number),
        lsp_types::NumberOrString::String(text) => RequestId::from(text),
    })
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disk::MemoryDisk;
    use serde_json::json;

    fn answer(client: &Connection, id: i32) -> Response {
        loop {
            match client.receiver.recv_timeout(Duration::from_secs(60)) {
                Ok(Message::Response(response)) if response.id == RequestId::from(id) => {
                    return response
                }
                Ok(_) => {}
                Err(error) => panic!("no answer: {error}"),
            }
        }
    }

    #[test]
    fn a_panicking_handler_is_answered_with_an_error_and_the_server_goes_on() {
        let (server, client) = Connection::memory();
        let disk = Arc::new(MemoryDisk::new());
        disk.write(
            "/p/weft.toml",
            "[project]\nname = \"p\"\nversion = \"0.1.0\"\n",
        );
        let thread = std::thread::spawn(move || run(&server, disk));
        let send = |id: i32, method: &str, params: serde_json::Value| {
            let request = Request::new(id.into(), method.into(), params);
            client.sender.send(request.into()).expect("send");
        };
        send(1, "initialize", json!({ "capabilities": {} }));
        answer(&client, 1);
        let initialized = Notification::new("initialized".into(), json!({}));
        client.sender.send(initialized.into()).expect("send");
        let notification = Notification::new(
            "textDocument/didOpen".into(),
            json!({ "textDocument": { "uri": "file:///p/a.weft", "languageId": "weft",
                    "version": 1, "text": "package p\n\n/// A.\ndomain d {\n  owner \"x\"\n}\n" } }),
        );
        client.sender.send(notification.into()).expect("send");
        send(2, "weft/panic", json!(null));
        let failed = answer(&client, 2);
        let error = failed.error.expect("an error answer");
        assert_eq!(error.code, ErrorCode::InternalError as i32);
        assert!(error.message.contains("on purpose"), "{}", error.message);
        // The next request is answered as usual.
        send(
            3,
            "textDocument/hover",
            json!({ "textDocument": { "uri": "file:///p/a.weft" },
            "position": { "line": 3, "character": 8 } }),
        );
        let hover = answer(&client, 3);
        assert!(hover.error.is_none(), "{hover:?}");
        let text = hover.result.expect("result").to_string();
        assert!(text.contains("domain d"), "{text}");
        send(4, "shutdown", json!(null));
        answer(&client, 4);
        client
            .sender
            .send(Notification::new("exit".into(), json!(null)).into())
            .expect("send");
        assert!(thread.join().expect("no panic escapes").is_ok());
    }
}
