//! Requests while an analysis runs: reading requests are answered from the
//! last good analysis at once, requests that edit the text wait for the
//! analysis of that text, and a waiting request the client cancels is
//! answered with `RequestCancelled`; diagnostics carry the version of the
//! text the analysis read, not of a newer one that arrived meanwhile.
//!
//! The analysis is held up deterministically: the server reads the files
//! that are not open through a disk whose reads wait at a gate the test
//! opens.

mod support;

use lsp_server::ErrorCode;
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use support::{path, position, uri, Client, ROOT};
use weft_lsp::{Disk, MemoryDisk};

const ORDERS: &str = "orders/orders.weft";
const LANDSCAPE: &str = "landscape.weft";

/// A disk whose reads of one file wait while the gate is closed, and tell
/// the test when one is waiting.
struct GatedDisk {
    inner: Arc<MemoryDisk>,
    held: PathBuf,
    closed: Mutex<bool>,
    opened: Condvar,
    waiting: crossbeam_channel::Sender<()>,
}

impl GatedDisk {
    fn set_closed(&self, closed: bool) {
        *self.closed.lock().expect("gate") = closed;
        self.opened.notify_all();
    }
}

impl Disk for GatedDisk {
    fn read(&self, path: &Path) -> Option<String> {
        if path == self.held {
            let mut closed = self.closed.lock().expect("gate");
            if *closed {
                let _ = self.waiting.send(());
            }
            while *closed {
                closed = self.opened.wait(closed).expect("gate");
            }
        }
        self.inner.read(path)
    }

    fn is_file(&self, path: &Path) -> bool {
        self.inner.is_file(path)
    }

    fn weft_files(&self, root: &Path) -> Vec<PathBuf> {
        self.inner.weft_files(root)
    }
}

fn hover(client: &mut Client, at: lsp_types::Position) -> String {
    let answer = client
        .request("textDocument/hover", Client::at(ORDERS, at))
        .expect("hover");
    answer["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// A client over the fixture whose server reads the landscape (never
/// opened) through a gate, with the channel that tells when an analysis
/// waits at it.
fn gated_client() -> (Client, Arc<GatedDisk>, crossbeam_channel::Receiver<()>) {
    let memory = Arc::new(MemoryDisk::new());
    for (relative, text) in support::fixture_files() {
        memory.write(path(&relative), text);
    }
    let (waiting, analysis_held) = crossbeam_channel::unbounded();
    let gated = Arc::new(GatedDisk {
        inner: Arc::clone(&memory),
        held: Path::new(ROOT).join(LANDSCAPE),
        closed: Mutex::new(false),
        opened: Condvar::new(),
        waiting,
    });
    let server_disk: Arc<dyn Disk> = gated.clone();
    let client = Client::start_on(server_disk, memory);
    (client, gated, analysis_held)
}

/// Closes the gate, so that the next analysis waits at its read of the
/// landscape, edits the orders file to `text` as `version`, and returns
/// once that edit's analysis waits.
fn edit_with_its_analysis_held(
    client: &mut Client,
    gated: &GatedDisk,
    analysis_held: &crossbeam_channel::Receiver<()>,
    text: &str,
    version: i32,
) {
    gated.set_closed(true);
    client.replace(ORDERS, text, version);
    analysis_held
        .recv_timeout(support::PATIENCE)
        .expect("the analysis of the edit started");
}

/// Requests about a file edited since the last finished analysis wait for
/// the analysis of the edit, reading ones too (an older analysis would
/// answer about other places of the new text); a waiting request can be
/// cancelled; requests about other files are answered at once.
#[test]
fn requests_about_an_edited_file_wait_for_its_analysis_and_can_be_cancelled() {
    let (mut client, gated, analysis_held) = gated_client();
    let text = client.open(ORDERS);
    assert_eq!(client.diagnostics(ORDERS), Vec::<serde_json::Value>::new());
    let entity = position(&text, "entity Order", 0, 8);
    assert!(hover(&mut client, entity).contains("A production order."));

    let edited = text.replace("/// A production order.", "/// A works order.");
    edit_with_its_analysis_held(&mut client, &gated, &analysis_held, &edited, 2);

    // A hover of the edited file waits for the analysis of the edit.
    let waiting_hover = client.send_request("textDocument/hover", Client::at(ORDERS, entity));

    // So does completion, which edits the text.
    let completion_at = Client::at(ORDERS, position(&edited, "owner mes", 0, 6));
    let cancelled = client.send_request("textDocument/completion", completion_at.clone());
    let kept = client.send_request("textDocument/completion", completion_at);
    let id = serde_json::to_value(&cancelled).expect("id");
    client.notify("$/cancelRequest", json!({ "id": id }));
    let answer = client.response(&cancelled);
    let error = answer.error.expect("a cancelled request gets an error");
    assert_eq!(error.code, ErrorCode::RequestCanceled as i32);
    assert_eq!(error.code, -32800);

    // Let the analysis finish: the waiting requests are answered, in the
    // order they came, from the edited text, and the edit's diagnostics
    // are published.
    gated.set_closed(false);
    let hovered = client.response(&waiting_hover);
    let shown = hovered.result.expect("hover").to_string();
    assert!(shown.contains("A works order."), "{shown}");
    let completion = client.response(&kept);
    assert!(completion.error.is_none(), "{completion:?}");
    let labels = completion.result.expect("completion").to_string();
    assert!(labels.contains("\"mes\""), "{labels}");
    // The edit's diagnostics came before the answer that waited for them.
    let published = client.notifications.iter().any(|notification| {
        notification.method == "textDocument/publishDiagnostics"
            && notification.params["uri"] == uri(ORDERS).to_string()
    });
    assert!(published, "{:?}", client.notifications);
    let fresh = hover(&mut client, entity);
    assert!(fresh.contains("A works order."), "{fresh}");
    client.shutdown();
}

/// A request about a file no analysis has seen yet waits for the first
/// analysis instead of answering nothing.
#[test]
fn a_request_about_a_new_file_waits_for_its_first_analysis() {
    let mut client = Client::fixture();
    let text = "package plant.extra\n\n/// A new domain.\ndomain extra {\n  owner \"x\"\n}\n";
    client.open_with("extra.weft", text);
    let answer = client
        .request(
            "textDocument/hover",
            Client::at("extra.weft", position(text, "domain extra", 0, 8)),
        )
        .expect("hover");
    assert!(answer.to_string().contains("A new domain."), "{answer}");
    client.shutdown();
}

/// An edit that arrives while the analysis of the text before it runs:
/// that analysis's diagnostics carry the version it read, not the newest
/// the server holds, and the newest text's follow with their own.
#[test]
fn diagnostics_carry_the_version_the_analysis_read_not_the_newest() {
    let (mut client, gated, analysis_held) = gated_client();
    let text = client.open(ORDERS);
    assert_eq!(
        client.diagnostics_for_version(ORDERS, 1),
        Vec::<serde_json::Value>::new()
    );
    let misspelt = text.replace("  producer mes\n", "  prodcer mes\n");
    edit_with_its_analysis_held(&mut client, &gated, &analysis_held, &misspelt, 2);
    client.replace(ORDERS, &text, 3);
    // Messages are handled in order: once a request that waits for no
    // analysis (workspace symbols) is answered, the server holds version 3.
    client
        .request("workspace/symbol", json!({ "query": "Order" }))
        .expect("workspace symbols");
    gated.set_closed(false);
    let publication = client.publication(ORDERS);
    assert_eq!(publication["version"], 2, "{publication}");
    let diagnostics = support::list_of(&publication);
    assert!(
        diagnostics.iter().any(|d| d["code"] == "E001"),
        "version 2's misspelt keyword: {diagnostics:#?}"
    );
    assert_eq!(
        client.diagnostics_for_version(ORDERS, 3),
        Vec::<serde_json::Value>::new()
    );
    client.shutdown();
}
