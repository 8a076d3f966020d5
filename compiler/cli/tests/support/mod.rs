//! What the command-line tests share: scratch folders that remove
//! themselves, and running the real `weft` binary under a hang guard.
// Each test binary uses a part of this module.
#![allow(dead_code)]

pub mod lsp_stdio;
pub mod tansu;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The binary under test.
pub const WEFT: &str = env!("CARGO_BIN_EXE_weft");

/// A fresh folder under the temporary directory, removed when dropped.
pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A new, empty scratch folder; `name` keeps it recognisable, the process
/// id and a counter keep parallel tests apart.
pub fn scratch(name: &str) -> Scratch {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "weft-test-{}-{}-{name}",
        std::process::id(),
        RUNS.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch folder");
    Scratch(dir)
}

/// Waits for `child`; a run past 60 s is killed and fails the test, so a
/// hang is a failure, never a stuck suite.
pub fn wait_guarded(child: &mut Child, args: &dyn std::fmt::Debug) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("weft {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Runs `weft args` (no input; output through files, so a command that
/// writes more than a pipe holds cannot block) under the hang guard.
pub fn weft(args: &[&str]) -> Output {
    let dir = scratch("run");
    let (stdout_path, stderr_path) = (dir.join("stdout"), dir.join("stderr"));
    let mut child = Command::new(WEFT)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::from(fs::File::create(&stdout_path).expect("stdout")))
        .stderr(Stdio::from(fs::File::create(&stderr_path).expect("stderr")))
        .spawn()
        .expect("weft starts");
    let status = wait_guarded(&mut child, &args);
    Output {
        status,
        stdout: fs::read(stdout_path).expect("stdout"),
        stderr: fs::read(stderr_path).expect("stderr"),
    }
}
