//! A real Kafka-protocol broker for the tests: tansu (crates.io, built into
//! the CI cache by `.ci/install-tansu`), started on a free loopback port
//! with in-memory storage and killed when dropped.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The CI cache (`$WEFT_CI_CACHE`, else `~/.cache/weft-ci`).
pub fn cache() -> PathBuf {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    std::env::var_os("WEFT_CI_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| home.join(".cache/weft-ci"))
}

/// Where `.ci/install-tansu` puts the broker.
pub fn tansu() -> PathBuf {
    cache().join("tansu/bin/tansu")
}

/// A tansu broker on a free loopback port, killed on drop.
pub struct Broker {
    child: Child,
    /// `127.0.0.1:<port>`.
    pub address: String,
}

impl Drop for Broker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// Starts tansu and waits (30 s at most) until it listens.
pub fn start_broker() -> Broker {
    let port = free_port();
    let address = format!("127.0.0.1:{port}");
    let url = format!("tcp://{address}");
    let child = Command::new(tansu())
        .args([
            "broker",
            "--listener-url",
            &url,
            "--advertised-listener-url",
            &url,
        ])
        .args(["--storage-engine", "memory://tansu/"])
        .env_remove("CLUSTER_ID")
        .env_remove("STORAGE_ENGINE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("tansu starts");
    let broker = Broker { child, address };
    let started = Instant::now();
    while TcpStream::connect(&broker.address).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "tansu did not listen on {} within 30 s",
            broker.address
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    broker
}
