//! The base protocol's framing (`Content-Length` headers, then a JSON body)
//! over the byte streams `weft lsp` is handed, feeding an
//! `lsp_server::Connection`. It replaces `Connection::stdio()`, whose reader
//! ends the process on any malformed message (and aborts it on a huge
//! `Content-Length`, allocating the announced size before reading it).
//!
//! What it does with bad input:
//!
//! - A body that is not JSON (invalid UTF-8 included) is answered with
//!   `ParseError` (-32700) and `id: null`; JSON that is not a message with
//!   `InvalidRequest` (-32600), with the message's `id` when it has a valid
//!   one and `null` otherwise. Reading goes on: the framing was sound.
//! - Header lines ended by a bare `\n`, a header without a space after its
//!   colon and blank lines before a header block are accepted: none of them
//!   leaves a doubt about where the body is.
//! - A header block that cannot be framed (no `Content-Length`, one that is
//!   not a number, one over [`MAX_BODY`], a line that is not a header) ends
//!   the reading, reported by [`Transport::finish`]; `weft lsp` writes it on
//!   stderr and exits with 2. Where such a body ends is unknown, and
//!   guessing the next header could lose a `didChange` or read part of one
//!   as a message, leaving the server with a text the editor does not have
//!   and edits at wrong offsets; a restart (editors restart a server that
//!   ended and open their documents again) is the safe way back.
//!
//! The body is read as it arrives, never allocated at its announced size.

use crossbeam_channel::{bounded, unbounded, Sender};
use lsp_server::{Connection, ErrorCode, Message, RequestId};
use serde_json::{json, Value};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};

/// The largest body read (256 MiB); a larger `Content-Length` is a framing
/// error. Far above any real message: a didOpen of a 50 MB file is 50 MB.
pub const MAX_BODY: usize = 256 * 1024 * 1024;

/// The longest header line (8 KiB), so that a stream without line ends
/// cannot grow one without bound.
const MAX_HEADER_LINE: usize = 8 * 1024;

/// The threads behind a connection made by [`connect`].
pub struct Transport {
    writer: JoinHandle<io::Result<()>>,
    dropper: JoinHandle<()>,
    /// Why the reader stopped, if not at the end of the input or `exit`.
    failure: Arc<Mutex<Option<String>>>,
}

impl Transport {
    /// Waits, once the connection is dropped, until everything sent has
    /// been written; an error when the input could not be framed (why the
    /// server saw it end) or the output failed. The reader is not waited
    /// for: after `exit` it has stopped, but when the server ended for
    /// another reason it may be blocked on an input the client keeps open.
    pub fn finish(self) -> Result<(), String> {
        let written = self.writer.join();
        let _ = self.dropper.join();
        if let Some(failure) = lock(&self.failure).take() {
            return Err(failure);
        }
        match written {
            Ok(Ok(())) => Ok(()),
            Ok(Err(error)) => Err(format!("writing a message failed: {error}")),
            Err(_) => Err("the writer thread panicked".into()),
        }
    }
}

/// A connection over `input` and `output` (stdin and stdout for `weft
/// lsp`): a thread reads and frames the input, another writes the messages
/// sent, each flushed, as `lsp-server`'s stdio transport does.
pub fn connect<R, W>(input: R, output: W) -> io::Result<(Connection, Transport)>
where
    R: Read + Send + 'static,
    W: Write + Send + 'static,
{
    // Shared so that the reader can answer what it could not decode; each
    // message is written under the lock, so none interleave.
    let output = Arc::new(Mutex::new(output));
    let (to_writer, writer_messages) = bounded::<Message>(0);
    // Written messages are freed on a thread of their own, so that freeing
    // a large one does not hold up the next.
    let (to_dropper, dropped) = bounded::<Message>(0);
    let writer_output = Arc::clone(&output);
    let writer = thread::Builder::new()
        .name("weft-lsp-writer".into())
        .spawn(move || {
            for message in writer_messages {
                let written = message.write(&mut *lock(&writer_output));
                let _ = to_dropper.send(message);
                written?;
            }
            Ok(())
        })?;
    let dropper = thread::Builder::new()
        .name("weft-lsp-dropper".into())
        .spawn(move || dropped.into_iter().for_each(drop))?;
    // Unbounded, as `Connection::memory`: the loop reads what has arrived as
    // one batch, so a cancel behind its request is seen before it runs.
    let (to_server, from_reader) = unbounded::<Message>();
    let failure = Arc::new(Mutex::new(None));
    let reader_failure = Arc::clone(&failure);
    thread::Builder::new()
        .name("weft-lsp-reader".into())
        .spawn(move || {
            let mut input = BufReader::new(input);
            if let Err(error) = read_messages(&mut input, &to_server, &output) {
                *lock(&reader_failure) = Some(error);
            }
            // Only now does the server see the input end, its reason kept.
            drop(to_server);
        })?;
    let connection = Connection {
        sender: to_writer,
        receiver: from_reader,
    };
    Ok((
        connection,
        Transport {
            writer,
            dropper,
            failure,
        },
    ))
}

/// Reads messages until the input ends or after `exit` (the client may
/// keep the input open, and nothing after `exit` is read); an error when
/// a header block cannot be framed.
fn read_messages<W: Write>(
    input: &mut impl BufRead,
    messages: &Sender<Message>,
    output: &Mutex<W>,
) -> Result<(), String> {
    while let Some(body) = read_frame(input)? {
        match decode(&body) {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if messages.send(message).is_err() || exit {
                    return Ok(());
                }
            }
            Err(reply) => {
                // An output that fails ends the writer too; nothing to add.
                let _ = write_frame(&mut *lock(output), &reply.to_string());
            }
        }
    }
    Ok(())
}

/// The next body; `None` at the end of the input, also in the middle of a
/// message (the client is gone); an error when the header block cannot be
/// framed.
fn read_frame(input: &mut impl BufRead) -> Result<Option<Vec<u8>>, String> {
    let mut length = None;
    let mut headers = 0;
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = input
            .by_ref()
            .take(MAX_HEADER_LINE as u64)
            .read_until(b'\n', &mut line)
            .map_err(|error| format!("reading the input failed: {error}"))?;
        if line.last() != Some(&b'\n') {
            if read < MAX_HEADER_LINE {
                return Ok(None);
            }
            return Err(format!(
                "a header line is longer than {MAX_HEADER_LINE} bytes"
            ));
        }
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        if line.is_empty() {
            if headers == 0 {
                continue;
            }
            break;
        }
        headers += 1;
        let text = String::from_utf8_lossy(&line);
        let Some((name, value)) = text.split_once(':') else {
            return Err(format!("malformed header line {text:?}"));
        };
        if name.trim().eq_ignore_ascii_case("Content-Length") {
            length = Some(content_length(value.trim())?);
        }
    }
    let Some(length) = length else {
        return Err("a header block without Content-Length".into());
    };
    let mut body = Vec::with_capacity(length.min(64 * 1024));
    while body.len() < length {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(format!("reading the input failed: {error}")),
        };
        if available.is_empty() {
            return Ok(None);
        }
        let taken = available.len().min(length - body.len());
        body.extend_from_slice(&available[..taken]);
        input.consume(taken);
    }
    Ok(Some(body))
}

fn content_length(value: &str) -> Result<usize, String> {
    if value.is_empty() || !value.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(format!("Content-Length {value:?} is not a length"));
    }
    match value.parse::<usize>() {
        Ok(length) if length <= MAX_BODY => Ok(length),
        _ => Err(format!(
            "Content-Length {value} is more than the {} MiB a message may have",
            MAX_BODY / (1024 * 1024)
        )),
    }
}

/// A body as a message, or the error response it gets.
fn decode(body: &[u8]) -> Result<Message, Value> {
    let value: Value = serde_json::from_slice(body).map_err(|error| {
        error_reply(
            Value::Null,
            ErrorCode::ParseError,
            format!("the message is not JSON: {error}"),
        )
    })?;
    // JSON-RPC: the id when it can be read, `null` otherwise.
    let id = value
        .get("id")
        .filter(|id| serde_json::from_value::<RequestId>((*id).clone()).is_ok())
        .cloned()
        .unwrap_or(Value::Null);
    let invalid = |why: String| {
        error_reply(
            id.clone(),
            ErrorCode::InvalidRequest,
            format!("the JSON is not a request, notification or response: {why}"),
        )
    };
    // `lsp-server` takes any object with an id for a response; one with a
    // `method` it cannot read, or with neither result nor error, is none.
    let has_method = value.get("method").is_some();
    let answers = value.get("result").is_some() || value.get("error").is_some();
    match serde_json::from_value(value) {
        Ok(Message::Response(_)) if has_method => Err(invalid("`method` is not a string".into())),
        Ok(Message::Response(_)) if !answers => Err(invalid(
            "it has neither a `method` nor a `result` or an `error`".into(),
        )),
        Ok(message) => Ok(message),
        Err(error) => Err(invalid(error.to_string())),
    }
}

fn error_reply(id: Value, code: ErrorCode, message: String) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code as i32, "message": message } })
}

fn write_frame(output: &mut impl Write, text: &str) -> io::Result<()> {
    write!(output, "Content-Length: {}\r\n\r\n", text.len())?;
    output.write_all(text.as_bytes())?;
    output.flush()
}

/// A panic elsewhere while writing leaves the output usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn frame(body: &[u8]) -> Vec<u8> {
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(body);
        framed
    }

    fn read(input: &[u8]) -> Result<Option<Vec<u8>>, String> {
        read_frame(&mut Cursor::new(input.to_vec()))
    }

    #[test]
    fn a_huge_length_is_a_framing_error_and_nothing_is_allocated_for_it() {
        let error =
            read(b"Content-Length: 9223372036854775807\r\n\r\n{}").expect_err("a framing error");
        assert!(error.contains("256 MiB"), "{error}");
        let error = read(b"Content-Length: 99999999999999999999999\r\n\r\n{}")
            .expect_err("a framing error");
        assert!(error.contains("256 MiB"), "{error}");
        let error = read(format!("Content-Length: {}\r\n\r\n{{}}", MAX_BODY + 1).as_bytes())
            .expect_err("a framing error");
        assert!(error.contains("256 MiB"), "{error}");
    }

    #[test]
    fn headers_that_cannot_be_framed_are_errors() {
        for input in [
            &b"Content-Length: -5\r\n\r\n{}"[..],
            b"Content-Length: 5x\r\n\r\n{}",
            b"Content-Type: x\r\n\r\n{}",
            b"not a header\r\n\r\n{}",
        ] {
            assert!(read(input).is_err(), "{}", String::from_utf8_lossy(input));
        }
        let long = vec![b'x'; MAX_HEADER_LINE * 2];
        assert!(read(&long).is_err());
    }

    #[test]
    fn lenient_headers_are_read() {
        let body = br#"{"jsonrpc":"2.0","method":"exit"}"#;
        for header in [
            "Content-Length: 33\n\n",
            "content-length:33\r\n\r\n",
            "\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 33\r\n\r\n",
        ] {
            let mut input = header.as_bytes().to_vec();
            input.extend_from_slice(body);
            assert_eq!(read(&input).expect("framed").as_deref(), Some(&body[..]), "{header:?}");
        }
    }

    #[test]
    fn the_end_of_the_input_ends_the_reading_anywhere() {
        assert_eq!(read(b""), Ok(None));
        assert_eq!(read(b"Content-Len"), Ok(None));
        assert_eq!(read(b"Content-Length: 10\r\n\r\n{}"), Ok(None));
    }

    #[test]
    fn bodies_that_are_no_messages_are_answered_and_reading_goes_on() {
        let mut input = Vec::new();
        input.extend(frame(br#"{"jsonrpc":"2.0","id":7,"method":"#));
        input.extend(frame(b"[1,2,3]"));
        input.extend(frame(
            b"{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"weft/\xff\"}",
        ));
        input.extend(frame(br#"{"jsonrpc":"2.0","id":9,"method":3}"#));
        input.extend(frame(br#"{"jsonrpc":"2.0","id":"a"}"#));
        input.extend(frame(br#"{"jsonrpc":"2.0","id":2.5,"error":5}"#));
        // A response to the server is a message (with a null result too).
        input.extend(frame(br#"{"jsonrpc":"2.0","id":3,"result":null}"#));
        input.extend(frame(br#"{"jsonrpc":"2.0","method":"exit"}"#));
        input.extend(frame(br#"{"jsonrpc":"2.0","method":"after exit"}"#));
        let (sender, receiver) = unbounded();
        let output = Mutex::new(Vec::new());
        read_messages(&mut Cursor::new(input), &sender, &output).expect("framed");
        let read: Vec<Message> = receiver.try_iter().collect();
        assert!(
            matches!(&read[..], [Message::Response(r), Message::Notification(n)]
                if r.id == RequestId::from(3) && n.method == "exit"),
            "{read:?}"
        );
        let written = String::from_utf8(output.into_inner().expect("output")).expect("UTF-8");
        let replies: Vec<Value> = written
            .split("Content-Length: ")
            .filter_map(|part| part.split_once("\r\n\r\n"))
            .map(|(_, body)| serde_json::from_str(body).expect("JSON"))
            .collect();
        let summary: Vec<(i64, Value)> = replies
            .iter()
            .map(|reply| {
                (
                    reply["error"]["code"].as_i64().expect("a code"),
                    reply["id"].clone(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (-32700, Value::Null),
                (-32600, Value::Null),
                (-32700, Value::Null),
                (-32600, json!(9)),
                (-32600, json!("a")),
                (-32600, Value::Null),
            ]
        );
    }
}
