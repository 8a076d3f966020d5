//! The ledger's generated `GeneralLedgerService` served on loopback, called
//! by the integration hub's generated `GeneralLedgerClient`.

use axum::routing::post;
use hub::generated::api_general_ledger as hub_api;
use hub::generated::api_general_ledger::client::{CallError, ClientAuth, GeneralLedgerClient};
use hub::generated::support::RetrySettings;
use ledger::generated::api_general_ledger::server::{router, GeneralLedgerService};
use ledger::generated::api_general_ledger::{
    GetJournalEntryError, GetJournalEntryRequest, PostJournalEntryError, PostJournalEntryRequest,
    ReverseJournalEntryError, ReverseJournalEntryRequest,
};
use ledger::generated::models::JournalEntry;
use ledger::generated::support::{Credential, Problem};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the server saw.
#[derive(Default)]
struct Ledger {
    credentials: Mutex<Vec<Credential>>,
    keys: Mutex<Vec<Option<String>>>,
    references: Mutex<Vec<String>>,
    posts: AtomicUsize,
}

fn entry(reference: &str) -> JournalEntry {
    serde_json::from_value(serde_json::json!({
        "reference": reference,
        "document_number": "5100000001",
        "company_code": "DE01",
        "fiscal_year": 2025,
        "posting_date": "2025-03-14",
        "source": "GOODS_RECEIPT",
        "status": "POSTED",
        "lines": [],
        "posted_at": "2025-03-14T09:30:00Z"
    }))
    .expect("a journal entry")
}

impl GeneralLedgerService for Ledger {
    async fn authenticate(&self, _operation: &'static str, credential: &Credential) -> bool {
        self.credentials.lock().unwrap().push(credential.clone());
        *credential == Credential::Bearer("token-1".to_string())
    }

    async fn post_journal_entry(
        &self,
        request: PostJournalEntryRequest,
    ) -> Result<JournalEntry, PostJournalEntryError> {
        self.keys
            .lock()
            .unwrap()
            .push(request.idempotency_key.clone());
        if request.body.reference == "closed" {
            return Err(PostJournalEntryError::period_closed("March is closed"));
        }
        // The first attempt of "flaky" fails as a busy server would.
        if request.body.reference == "flaky" && self.posts.fetch_add(1, Ordering::SeqCst) == 0 {
            return Err(PostJournalEntryError::Other(Problem::new(
                503,
                "Service Unavailable",
            )));
        }
        Ok(entry(&request.body.reference))
    }

    async fn reverse_journal_entry(
        &self,
        request: ReverseJournalEntryRequest,
    ) -> Result<JournalEntry, ReverseJournalEntryError> {
        self.references
            .lock()
            .unwrap()
            .push(request.reference.clone());
        Ok(entry(&request.reference))
    }

    async fn get_journal_entry(
        &self,
        request: GetJournalEntryRequest,
    ) -> Result<JournalEntry, GetJournalEntryError> {
        Err(GetJournalEntryError::not_found(request.reference))
    }
}

async fn serve(ledger: Arc<Ledger>, tokens: Arc<AtomicUsize>) -> String {
    let token = post(move || {
        let tokens = tokens.clone();
        async move {
            tokens.fetch_add(1, Ordering::SeqCst);
            axum::Json(serde_json::json!({"access_token": "token-1", "expires_in": 3600}))
        }
    });
    let app = router(ledger).route("/token", token);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serves") });
    format!("http://{address}")
}

fn request(reference: &str, key: Option<&str>) -> hub_api::PostJournalEntryRequest {
    let body = serde_json::from_value(serde_json::json!({
        "reference": reference,
        "company_code": "DE01",
        "posting_date": "2025-03-14",
        "source": "GOODS_RECEIPT",
        "lines": [{"account": "400000", "side": "DEBIT", "amount": {"amount": "12.5000", "currency": "EUR"}}]
    }))
    .expect("a journal entry request");
    hub_api::PostJournalEntryRequest {
        body,
        idempotency_key: key.map(str::to_string),
    }
}

#[tokio::test]
async fn client_and_server_talk_over_loopback() {
    let ledger = Arc::new(Ledger::default());
    let tokens = Arc::new(AtomicUsize::new(0));
    let base = serve(ledger.clone(), tokens.clone()).await;
    let client = GeneralLedgerClient::new(
        base.clone(),
        ClientAuth::OAuth2 {
            token_url: format!("{base}/token"),
            client_id: "hub".into(),
            client_secret: "secret".into(),
            scopes: Vec::new(),
        },
    )
    .expect("a client")
    .with_retry(RetrySettings {
        attempts: 3,
        first_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        factor: 2.0,
    });

    // A posting with the caller's idempotency key, authenticated.
    let posted = client
        .post_journal_entry(request("gr-1", Some("key-1")))
        .await
        .expect("posted");
    assert_eq!(posted.reference, "gr-1");
    assert_eq!(
        ledger.keys.lock().unwrap().as_slice(),
        [Some("key-1".to_string())]
    );
    assert_eq!(
        ledger.credentials.lock().unwrap().as_slice(),
        [Credential::Bearer("token-1".into())]
    );

    // A declared error comes back as its variant.
    match client.post_journal_entry(request("closed", None)).await {
        Err(CallError::Problem(hub_api::PostJournalEntryError::PeriodClosed(problem))) => {
            assert_eq!(problem.status, 409);
            assert_eq!(problem.detail.as_deref(), Some("March is closed"));
        }
        other => panic!("expected PeriodClosed, got {other:?}"),
    }
    // Without a key of its own, the client generated one.
    let generated = ledger.keys.lock().unwrap()[1]
        .clone()
        .expect("a generated key");
    assert_eq!(generated.len(), 36, "a UUID: {generated}");

    // A transient 503 is retried, with the same idempotency key.
    let retried = client
        .post_journal_entry(request("flaky", None))
        .await
        .expect("posted after a retry");
    assert_eq!(retried.reference, "flaky");
    let keys = ledger.keys.lock().unwrap().clone();
    assert_eq!(keys.len(), 4, "{keys:?}");
    assert_eq!(keys[2], keys[3], "a retry keeps its key");

    // Path parameters are encoded and decoded.
    client
        .reverse_journal_entry(hub_api::ReverseJournalEntryRequest {
            reference: "2025/03 #7".into(),
            idempotency_key: None,
        })
        .await
        .expect("reversed");
    assert_eq!(
        ledger.references.lock().unwrap().as_slice(),
        ["2025/03 #7".to_string()]
    );

    // 404 is not retried and is the declared NotFound.
    match client
        .get_journal_entry(hub_api::GetJournalEntryRequest {
            reference: "nope".into(),
        })
        .await
    {
        Err(CallError::Problem(hub_api::GetJournalEntryError::NotFound(problem))) => {
            assert_eq!(problem.status, 404)
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    // The token was fetched once and cached.
    assert_eq!(tokens.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_server_refuses_what_the_contract_refuses() {
    let ledger = Arc::new(Ledger::default());
    let base = serve(ledger.clone(), Arc::new(AtomicUsize::new(0))).await;
    let http = reqwest_free_post(
        &base,
        "/general-ledger/journal-entries",
        &[("authorization", "Bearer token-1")],
    )
    .await;
    assert!(
        http.starts_with("HTTP/1.1 400"),
        "no Idempotency-Key: {http}"
    );
    assert!(http.contains("application/problem+json"), "{http}");
    let http = reqwest_free_post(
        &base,
        "/general-ledger/journal-entries",
        &[("idempotency-key", "k")],
    )
    .await;
    assert!(http.starts_with("HTTP/1.1 401"), "no token: {http}");
    let http = reqwest_free_post(
        &base,
        "/general-ledger/journal-entries",
        &[
            ("authorization", "Bearer token-1"),
            ("idempotency-key", "k"),
        ],
    )
    .await;
    assert!(
        http.starts_with("HTTP/1.1 400"),
        "a body that breaks the schema: {http}"
    );
    assert!(
        ledger.keys.lock().unwrap().is_empty(),
        "the service was never called"
    );
}

/// A raw HTTP/1.1 POST with an invalid body, so that the server's own
/// checks answer.
async fn reqwest_free_post(base: &str, path: &str, headers: &[(&str, &str)]) -> String {
    let address = base.trim_start_matches("http://").to_string();
    let body = r#"{"reference": 5}"#;
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nhost: {address}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(address).expect("connects");
        stream.write_all(request.as_bytes()).expect("sends");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("reads");
        answer
    })
    .await
    .expect("the request ran")
}
