//! Reading the small files the configuration names (shared config and credentials files, the
//! web identity token, the CA bundle) without ever blocking the async runtime: each read runs on
//! its own OS thread, is cut at a size cap, and is given up after a timeout.
//!
//! A plain `std::thread`, not `spawn_blocking`: a FIFO with no writer blocks in `open()` forever,
//! and a runtime waits for its blocking-pool tasks at shutdown, so a stuck `spawn_blocking` read
//! would keep the plugin alive after Terraform is gone. A detached thread ends with the process.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use thiserror::Error;

/// How long a file may take to read before it is given up: a local file takes microseconds, so
/// this is only ever reached by a FIFO without a writer or a hung network file system.
pub const FILE_READ_TIMEOUT: Duration = Duration::from_secs(5);

/// The most a shared config or credentials file, or a web identity token, may hold.
pub const SMALL_FILE_CAP: u64 = 1024 * 1024;

/// The most a CA bundle may hold (the system bundles are a few hundred KiB).
pub const CA_BUNDLE_CAP: u64 = 16 * 1024 * 1024;

/// Why a file could not be read; the caller names the file and the attribute.
#[derive(Debug, Error)]
pub enum ReadError {
    #[error("it does not exist")]
    NotFound,
    #[error("it is larger than the {} MiB this provider reads", .cap / (1024 * 1024))]
    TooLarge { cap: u64 },
    #[error(
        "it could not be read within {} s (a FIFO with no writer, or a hung file system?)",
        .after.as_secs()
    )]
    TimedOut { after: Duration },
    #[error("{0}")]
    Io(std::io::Error),
}

/// Reads at most `cap` bytes of `path` on its own thread, within `timeout`.
pub async fn read_file(path: &Path, cap: u64, timeout: Duration) -> Result<Vec<u8>, ReadError> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let owned: PathBuf = path.to_owned();
    std::thread::Builder::new()
        .name("file-read".into())
        .spawn(move || {
            // Nobody may be waiting any more (timed out): the result is then dropped.
            let _ = sender.send(read_capped(&owned, cap));
        })
        .map_err(ReadError::Io)?;
    match tokio::time::timeout(timeout, receiver).await {
        Ok(Ok(result)) => result,
        // The thread ended without answering: it panicked.
        Ok(Err(_)) => Err(ReadError::Io(std::io::Error::other(
            "the reading thread failed",
        ))),
        Err(_) => Err(ReadError::TimedOut { after: timeout }),
    }
}

/// `read_file` with the timeout every configured file gets.
pub async fn read_config_file(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    read_file(path, cap, FILE_READ_TIMEOUT).await
}

fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let file = std::fs::File::open(path).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(error),
    })?;
    let mut contents = Vec::new();
    // One byte past the cap tells "exactly the cap" from "more": /dev/zero stops here too.
    file.take(cap + 1)
        .read_to_end(&mut contents)
        .map_err(ReadError::Io)?;
    if contents.len() as u64 > cap {
        return Err(ReadError::TooLarge { cap });
    }
    Ok(contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_a_small_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, "hello").unwrap();
        assert_eq!(read_config_file(&path, 10).await.unwrap(), b"hello");
        assert_eq!(read_config_file(&path, 5).await.unwrap(), b"hello");
    }

    #[tokio::test]
    async fn stops_at_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, "hello!").unwrap();
        let error = read_config_file(&path, 5).await.unwrap_err();
        assert!(matches!(error, ReadError::TooLarge { cap: 5 }), "{error}");
        let error = read_config_file(Path::new("/dev/zero"), SMALL_FILE_CAP)
            .await
            .unwrap_err();
        assert!(
            error.to_string().contains("larger than the 1 MiB"),
            "{error}"
        );
    }

    #[tokio::test]
    async fn tells_a_missing_file() {
        let error = read_config_file(Path::new("/nonexistent/ivs-file"), 5)
            .await
            .unwrap_err();
        assert!(matches!(error, ReadError::NotFound), "{error}");
    }

    #[tokio::test(flavor = "current_thread")]
    async fn gives_up_on_a_fifo_without_blocking_the_runtime() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // A timer on the same single-threaded runtime still fires while the read is stuck.
        let ticks = tokio::spawn(async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            std::time::Instant::now()
        });
        let started = std::time::Instant::now();
        let error = read_file(&fifo, 5, Duration::from_millis(300))
            .await
            .unwrap_err();
        assert!(matches!(error, ReadError::TimedOut { .. }), "{error}");
        assert!(started.elapsed() < Duration::from_secs(2));
        let ticked = ticks.await.unwrap();
        assert!(ticked.duration_since(started) < Duration::from_millis(250));
    }
}
