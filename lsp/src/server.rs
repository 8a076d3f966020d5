//! The server loop: initialise, then read messages, keep documents, hand
//! analyses to the worker thread ([`crate::worker`]), publish diagnostics
//! and answer requests, each inside a panic guard, until `shutdown` and
//! `exit`.
//!
//! The loop never waits for an analysis. A request about a file that has
//! not been edited since the last finished analysis is answered at once
//! from it, even while a newer one runs. A request about a file edited
//! since, or one no analysis has seen yet, waits for the analysis of the
//! text it was sent after: answered from an older text, its positions
//! would point at other places (a hover at a line the edit moved, a
//! definition the edit shifted) and its edits would land at stale offsets,
//! and LSP allows answering out of order only where that changes no
//! answer. A waiting request that the client cancels (`$/cancelRequest`)
//! is answered with `RequestCancelled`.
//!
//! There is no debounce delay: an edit starts an analysis at once, and the
//! edits that arrive while it runs are analysed together by the next one.

use crate::analysis::Analysis;
use crate::convert::{path_of, respell, uri_of};
use crate::disk::Disk;
use crate::features;
use crate::worker::{self, FromWorker, Published, ToWorker};
use crate::world::{Document, World};
use crossbeam_channel::{select, Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notify, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, LogMessageParams, MessageType,
    PublishDiagnosticsParams,
};
use std::collections::{BTreeSet, HashSet, VecDeque};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;

/// Why the server stopped other than by `exit`.
#[derive(Debug)]
pub struct ServerError(pub String);

impl std::fmt::Display for ServerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ServerError {}

/// How the client ended the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// `exit` after `shutdown`.
    AfterShutdown,
    /// `exit` without a `shutdown` before it (or before `initialize`).
    WithoutShutdown,
}

impl Exit {
    /// The process's exit code, as LSP's `exit` notification asks: 0 if
    /// `shutdown` was received before, 1 otherwise.
    pub fn code(self) -> u8 {
        match self {
            Exit::AfterShutdown => 0,
            Exit::WithoutShutdown => 1,
        }
    }
}

/// Runs the server on a connection until the client says `exit` (or goes
/// away); the [`Exit`] says whether `shutdown` came first. Files that are
/// not open in the editor are read through `disk`.
pub fn run(connection: &Connection, disk: Arc<dyn Disk>) -> Result<Exit, ServerError> {
    let capabilities = serde_json::to_value(features::capabilities())
        .map_err(|error| ServerError(error.to_string()))?;
    if let Some(exit) = initialize(connection, capabilities)? {
        return Ok(exit);
    }
    let (to_worker, jobs) = crossbeam_channel::unbounded();
    let (results, from_worker) = crossbeam_channel::unbounded();
    let worker_disk = Arc::clone(&disk);
    let worker = std::thread::Builder::new()
        .name("weft-lsp-analysis".into())
        .spawn(move || worker::run(worker_disk, jobs, results))
        .map_err(|error| ServerError(error.to_string()))?;
    let mut server = Server {
        connection,
        world: World::new(disk),
        to_worker,
        from_worker,
        running: None,
        waiting: VecDeque::new(),
        shutting_down: false,
    };
    let outcome = server.main_loop();
    // Closing the channel ends the worker after the analysis it runs.
    drop(server);
    let _ = worker.join();
    outcome
}

/// Waits for `initialize` and answers it; `Some` when the client said
/// `exit` first. Before it, as LSP asks, requests are refused with
/// `ServerNotInitialized` (`shutdown` too, so it does not count) and
/// notifications other than `exit` are dropped. `initialized` is not
/// waited for: what comes after the answer goes to the loop, which takes
/// a request or `$/setTrace` sent before `initialized` as if it had come,
/// and ignores `initialized` itself (`lsp-server`'s `initialize_finish`
/// fails on any other message).
fn initialize(
    connection: &Connection,
    capabilities: serde_json::Value,
) -> Result<Option<Exit>, ServerError> {
    loop {
        let Ok(message) = connection.receiver.recv() else {
            return Err(ServerError("the client closed the connection".into()));
        };
        match message {
            Message::Request(request) if request.method == req::Initialize::METHOD => {
                let result = serde_json::json!({ "capabilities": capabilities });
                // A closed connection ends the loop at its first receive.
                let _ = connection
                    .sender
                    .send(Response::new_ok(request.id, result).into());
                return Ok(None);
            }
            Message::Request(request) => {
                let refusal = Response::new_err(
                    request.id,
                    ErrorCode::ServerNotInitialized as i32,
                    format!("`{}` before `initialize`", request.method),
                );
                let _ = connection.sender.send(refusal.into());
            }
            Message::Notification(notification) if notification.method == notify::Exit::METHOD => {
                return Ok(Some(Exit::WithoutShutdown));
            }
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
}

/// A request that waits for the analysis of the text it was sent after.
struct Waiting {
    request: Request,
    root: PathBuf,
    generation: u64,
}

struct Server<'a> {
    connection: &'a Connection,
    world: World,
    to_worker: Sender<ToWorker>,
    from_worker: Receiver<FromWorker>,
    /// The project the worker is analysing, with the files edited since
    /// the analysis before (published first when it is done).
    running: Option<(PathBuf, BTreeSet<PathBuf>)>,
    /// Requests waiting for an analysis, in arrival order.
    waiting: VecDeque<Waiting>,
    shutting_down: bool,
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<Exit, ServerError> {
        loop {
            select! {
                recv(self.connection.receiver) -> message => {
                    let Ok(first) = message else {
                        // The client went away without `exit`.
                        return Err(ServerError("the client closed the connection".into()));
                    };
                    // Everything that has arrived is read at once, so that a
                    // `$/cancelRequest` behind a request is seen before it runs.
                    let mut batch = vec![first];
                    batch.extend(self.connection.receiver.try_iter());
                    if let Some(outcome) = self.messages(batch) {
                        return outcome;
                    }
                }
                recv(self.from_worker) -> result => {
                    let Ok(result) = result else {
                        return Err(ServerError("the analysis thread ended".into()));
                    };
                    self.finished(result);
                }
            }
            self.answer_waiting();
            self.start_analysis();
        }
    }

    /// Handles a batch of messages; `Some` when the server is to stop.
    fn messages(&mut self, batch: Vec<Message>) -> Option<Result<Exit, ServerError>> {
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
                        return Some(Ok(if self.shutting_down {
                            Exit::AfterShutdown
                        } else {
                            Exit::WithoutShutdown
                        }));
                    }
                    if notification.method == notify::Cancel::METHOD {
                        self.cancel_waiting(&cancelled);
                    } else {
                        self.notification(notification);
                    }
                }
                Message::Response(_) => {}
            }
        }
        None
    }

    fn request(&mut self, request: Request) {
        if request.method == req::Initialize::METHOD {
            // LSP: `initialize` is sent once; a second one is a request
            // that is invalid now, not an unknown method.
            self.reply_error(
                request.id,
                ErrorCode::InvalidRequest,
                "the server is already initialized".into(),
            );
            return;
        }
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
            // What still waits is answered from what there is.
            for waiting in std::mem::take(&mut self.waiting) {
                self.answer(waiting.request);
            }
            self.send(Response::new_ok(request.id, ()).into());
            return;
        }
        if let Some((root, generation)) = self.must_wait(&request) {
            self.waiting.push_back(Waiting {
                request,
                root,
                generation,
            });
            return;
        }
        self.answer(request);
    }

    /// The project and generation a request waits for, if it cannot be
    /// answered from the last analysis.
    fn must_wait(&self, request: &Request) -> Option<(PathBuf, u64)> {
        let uri = request.params.get("textDocument")?.get("uri")?;
        let uri: lsp_types::Url = serde_json::from_value(uri.clone()).ok()?;
        let path = path_of(&uri)?;
        let root = self.world.known_root(&path)?;
        let project = self.world.projects.get(&root)?;
        if !project.dirty() {
            return None;
        }
        let seen = project
            .analysis
            .as_ref()
            .is_some_and(|analysis| analysis.file_id(&path).is_some());
        // Edited since the last finished analysis: after the analysis that
        // runs started, or before it.
        let edited = project.edited.contains(&path)
            || self
                .running
                .as_ref()
                .is_some_and(|(running, edited)| *running == root && edited.contains(&path));
        (!seen || edited).then_some((root, project.generation))
    }

    /// Answers a request from the last analysis.
    fn answer(&mut self, request: Request) {
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

    /// Answers the waiting requests whose analysis has finished.
    fn answer_waiting(&mut self) {
        let waiting = std::mem::take(&mut self.waiting);
        for entry in waiting {
            let done = self
                .world
                .projects
                .get(&entry.root)
                .is_none_or(|project| project.analysed >= entry.generation);
            if done {
                self.answer(entry.request);
            } else {
                self.waiting.push_back(entry);
            }
        }
    }

    fn cancel_waiting(&mut self, cancelled: &HashSet<RequestId>) {
        let waiting = std::mem::take(&mut self.waiting);
        for entry in waiting {
            if cancelled.contains(&entry.request.id) {
                self.reply_error(
                    entry.request.id,
                    ErrorCode::RequestCanceled,
                    "cancelled".into(),
                );
            } else {
                self.waiting.push_back(entry);
            }
        }
    }

    /// Starts the analysis of a project with changes, if none runs.
    fn start_analysis(&mut self) {
        if self.running.is_some() {
            return;
        }
        let Some(root) = self
            .world
            .projects
            .values()
            .find(|project| project.dirty())
            .map(|project| project.root.clone())
        else {
            return;
        };
        let Some(job) = self.world.job(&root) else {
            return;
        };
        let edited = self
            .world
            .projects
            .get_mut(&root)
            .map(|project| std::mem::take(&mut project.edited))
            .unwrap_or_default();
        if self.to_worker.send(ToWorker::Analyse(job)).is_ok() {
            self.running = Some((root, edited));
        }
    }

    /// Takes a finished analysis: publishes its diagnostics and retires the
    /// one it replaces.
    fn finished(&mut self, result: FromWorker) {
        let edited = self
            .running
            .take()
            .map(|(_, edited)| edited)
            .unwrap_or_default();
        match result {
            FromWorker::Analysed {
                root,
                generation,
                analysis,
                diagnostics,
            } => {
                let Some(project) = self.world.projects.get_mut(&root) else {
                    return;
                };
                project.analysed = project.analysed.max(generation);
                let old = project.analysis.replace(Arc::clone(&analysis));
                self.publish(&root, &edited, diagnostics, &analysis);
                if let Some(old) = old {
                    // Freed, and its trees kept, on the worker.
                    let _ = self.to_worker.send(ToWorker::Retire {
                        root,
                        analysis: old,
                    });
                }
            }
            FromWorker::Failed {
                root,
                generation,
                message,
            } => {
                // The last good analysis stays; the next edit tries again
                // (and publishes the files edited meanwhile).
                if let Some(project) = self.world.projects.get_mut(&root) {
                    project.analysed = project.analysed.max(generation);
                    project.edited.extend(edited);
                }
                self.log(
                    MessageType::ERROR,
                    &format!("weft lsp: analysing {} failed: {message}", root.display()),
                );
            }
        }
    }

    /// Publishes what changed: the edited files first (always, so that the
    /// editor knows they were analysed), then every file whose findings
    /// differ from those last published, then clears files that are gone.
    /// Each carries the version of the text `analysis` read for it.
    fn publish(
        &mut self,
        root: &PathBuf,
        edited: &BTreeSet<PathBuf>,
        now: Published,
        analysis: &Analysis,
    ) {
        let Some(project) = self.world.projects.get_mut(root) else {
            return;
        };
        let before = std::mem::replace(&mut project.published, now.clone());
        for path in edited {
            if let Some(diagnostics) = now.get(path) {
                self.notify_diagnostics(path, diagnostics.clone(), analysis.version(path));
            }
        }
        for (path, diagnostics) in &now {
            if !edited.contains(path) && before.get(path) != Some(diagnostics) {
                self.notify_diagnostics(path, diagnostics.clone(), analysis.version(path));
            }
        }
        for (path, diagnostics) in &before {
            if !now.contains_key(path) && !diagnostics.is_empty() {
                // No text of it was analysed, so there is no version.
                self.notify_diagnostics(path, Vec::new(), None);
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
                // As sent: parsing it into a `Url` already respells some
                // URIs (`file://localhost/…`).
                let sent = notification
                    .params
                    .pointer("/textDocument/uri")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned);
                let Ok(params) = notification
                    .extract::<DidOpenTextDocumentParams>(notify::DidOpenTextDocument::METHOD)
                else {
                    return;
                };
                if let Some(path) = path_of(&params.text_document.uri) {
                    let own = uri_of(&path);
                    match sent.filter(|sent| own.is_none_or(|own| own.as_str() != sent)) {
                        Some(sent) => self.world.spellings.insert(path.clone(), sent),
                        None => self.world.spellings.remove(&path),
                    };
                    let document = Document {
                        text: params.text_document.text,
                        version: params.text_document.version,
                    };
                    self.world.documents.insert(path.clone(), document);
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
                let mut text = self
                    .world
                    .documents
                    .get(&path)
                    .map(|document| document.text.clone())
                    .unwrap_or_default();
                for change in params.content_changes {
                    features::apply_change(&mut text, change);
                }
                let document = Document {
                    text,
                    version: params.text_document.version,
                };
                self.world.documents.insert(path.clone(), document);
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
                    self.world.spellings.remove(&path);
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

    fn notify_diagnostics(
        &self,
        path: &std::path::Path,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) {
        if let Some(uri) = uri_of(path) {
            let params = PublishDiagnosticsParams::new(uri, diagnostics, version);
            self.send(Notification::new(notify::PublishDiagnostics::METHOD.into(), params).into());
        }
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

    fn send(&self, mut message: Message) {
        // Nothing to walk unless a document was opened with a URI the
        // server would spell otherwise.
        if !self.world.spellings.is_empty() {
            match &mut message {
                Message::Response(response) => {
                    if let Some(result) = response.result.as_mut() {
                        respell(result, &self.world.spellings);
                    }
                }
                Message::Notification(notification) => {
                    respell(&mut notification.params, &self.world.spellings);
                }
                Message::Request(request) => respell(&mut request.params, &self.world.spellings),
            }
        }
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

pub(crate) fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
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
    use std::time::Duration;

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
        let exit = thread.join().expect("no panic escapes");
        assert!(matches!(exit, Ok(Exit::AfterShutdown)), "{exit:?}");
    }
}
