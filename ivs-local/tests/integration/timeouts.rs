//! Clients that stall: header and body read timeouts, and a bounded shutdown.

use ivs_local::{Config, SHUTDOWN_GRACE, Server};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TIMEOUT: Duration = Duration::from_millis(300);

async fn server() -> Server {
    Server::start(Config {
        header_read_timeout: TIMEOUT,
        body_read_timeout: TIMEOUT,
        ..Config::default()
    })
    .await
    .unwrap()
}

/// Writes `bytes`, then reads until the server closes; returns what it sent
/// and how long that took. Fails if the server keeps the connection 5 s.
async fn stall(server: &Server, bytes: &[u8]) -> (String, Duration) {
    let mut stream = TcpStream::connect(server.local_addr()).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("the server closes a stalled connection")
        .unwrap_or_default();
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

#[tokio::test]
async fn half_sent_headers_are_dropped_after_the_header_timeout() {
    let server = server().await;
    let (answer, waited) = stall(
        &server,
        b"POST /ListRecordingConfigurations HTTP/1.1\r\nhost: x\r\ncontent-le",
    )
    .await;
    assert!(waited >= TIMEOUT / 2, "closed after {waited:?}: {answer}");
    assert!(!answer.contains(" 200 "), "{answer}");
}

#[tokio::test]
async fn a_short_body_gets_408_after_the_body_timeout() {
    let server = server().await;
    let (answer, waited) = stall(
        &server,
        b"POST /ListRecordingConfigurations HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{",
    )
    .await;
    assert!(waited >= TIMEOUT / 2, "answered after {waited:?}: {answer}");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.contains("x-amzn-errortype: RequestTimeoutException"),
        "{answer}"
    );
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
}

#[tokio::test]
async fn shutdown_is_bounded_whatever_stalled_clients_do() {
    // Long timeouts: only the shutdown deadline can end these connections.
    let server = Server::start(Config::default()).await.unwrap();
    let mut half = TcpStream::connect(server.local_addr()).await.unwrap();
    half.write_all(b"POST /x HTTP/1.1\r\nhost: x\r\n")
        .await
        .unwrap();
    let mut short = TcpStream::connect(server.local_addr()).await.unwrap();
    short
        .write_all(b"POST /x HTTP/1.1\r\nhost: x\r\ncontent-length: 10\r\n\r\n{")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    tokio::time::timeout(Duration::from_secs(5), server.shutdown())
        .await
        .expect("shutdown within 5 s")
        .unwrap();
    assert!(started.elapsed() < SHUTDOWN_GRACE + Duration::from_secs(1));
    drop((half, short));
}
