//! The real `weft lsp` over stdin and stdout, as an editor starts it: for
//! what only the process shows (framing, exit codes).

use super::WEFT;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long a test waits for one answer before it fails.
const PATIENCE: Duration = Duration::from_secs(60);

/// A `weft lsp` process and the messages it wrote.
pub struct Session {
    child: Child,
    input: Option<ChildStdin>,
    messages: mpsc::Receiver<Value>,
    stderr: Option<JoinHandle<String>>,
    next_id: i64,
}

impl Session {
    /// Starts `weft lsp` in `folder`; nothing is sent yet.
    pub fn start(folder: &Path) -> Session {
        let mut child = Command::new(WEFT)
            .arg("lsp")
            .current_dir(folder)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("weft lsp starts");
        let output = child.stdout.take().expect("stdout");
        let mut errors = child.stderr.take().expect("stderr");
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = errors.read_to_string(&mut text);
            text
        });
        Session {
            input: child.stdin.take(),
            child,
            messages: reader(output),
            stderr: Some(stderr),
            next_id: 0,
        }
    }

    /// Writes bytes as they are; a server that has gone is not an error
    /// here (the exit status says what happened).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        if let Some(input) = self.input.as_mut() {
            let _ = input.write_all(bytes).and_then(|()| input.flush());
        }
    }

    pub fn send(&mut self, message: Value) {
        let body = message.to_string();
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(body.as_bytes());
        self.send_raw(&framed);
    }

    /// Sends a request and returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = json!(self.next_id);
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Sends a request and waits for its response (the whole message).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.response(&id)
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// `initialize`, answered, then `initialized`.
    pub fn initialize(&mut self) -> Value {
        let answer = self.request("initialize", json!({ "capabilities": {} }));
        assert!(answer["result"]["capabilities"].is_object(), "{answer}");
        self.notify("initialized", json!({}));
        answer
    }

    /// The next message the server writes.
    pub fn next(&mut self) -> Value {
        match self.messages.recv_timeout(PATIENCE) {
            Ok(message) => message,
            Err(error) => {
                let _ = self.child.kill();
                panic!("no message from weft lsp ({error})")
            }
        }
    }

    /// The next diagnostics published for `uri`, skipping other messages.
    pub fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
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

    /// The response to `id`, skipping notifications.
    pub fn response(&mut self, id: &Value) -> Value {
        loop {
            let message = self.next();
            if &message["id"] == id && message.get("method").is_none() {
                return message;
            }
        }
    }

    /// Closes stdin if asked, waits for the process to end and returns its
    /// status and stderr; a process still running after the patience is
    /// killed and fails the test.
    pub fn wait(mut self, close_input: bool) -> (ExitStatus, String) {
        if close_input {
            self.input = None;
        }
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            if started.elapsed() > PATIENCE {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("weft lsp did not end");
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let stderr = self
            .stderr
            .take()
            .and_then(|thread| thread.join().ok())
            .unwrap_or_default();
        (status, stderr)
    }

    /// `shutdown` (answered without error) and `exit`; the exit status.
    pub fn shut_down(mut self) -> (ExitStatus, String) {
        let answer = self.request("shutdown", Value::Null);
        assert!(answer.get("error").is_none(), "{answer}");
        self.notify("exit", Value::Null);
        self.wait(false)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // A failed test leaves no process behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the server's framed messages on a thread.
fn reader(output: impl Read + Send + 'static) -> mpsc::Receiver<Value> {
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
            let mut body = vec![0; length.expect("the server writes Content-Length")];
            if output.read_exact(&mut body).is_err() {
                return;
            }
            let message: Value = serde_json::from_slice(&body).expect("the server writes JSON");
            if sender.send(message).is_err() {
                return;
            }
        }
    });
    receiver
}
