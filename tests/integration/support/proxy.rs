//! A forward proxy for tests, on 127.0.0.1: plain HTTP proxying (absolute-form requests) and
//! CONNECT tunnels. It resolves every host name to 127.0.0.1, so a test can address ivs-local
//! by a name (e.g. `ivs.test.invalid`) that only this proxy can reach: a request that bypasses
//! the proxy then fails to resolve, and one that goes through it is recorded here.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The host name tests give ivs-local behind the proxy. `.invalid` never resolves elsewhere.
pub const PROXIED_HOST: &str = "ivs.test.invalid";

/// One request the proxy received: its request line and its `Proxy-Authorization` value.
#[derive(Debug, Clone)]
pub struct Seen {
    pub request_line: String,
    pub proxy_authorization: Option<String>,
}

pub struct TestProxy {
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl TestProxy {
    /// Starts the proxy in the current tokio runtime.
    pub async fn start() -> TestProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("proxy binds");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let record = Arc::clone(&record);
                tokio::spawn(async move {
                    let _ = relay(client, record).await;
                });
            }
        });
        TestProxy { url, seen }
    }

    /// The proxy URL with a user and password, e.g. `http://user:pw@127.0.0.1:PORT`.
    pub fn url_with_credentials(&self, user: &str, password: &str) -> String {
        self.url
            .replacen("http://", &format!("http://{user}:{password}@"), 1)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// Reads the request head, records it, connects to the target on 127.0.0.1 and relays bytes
/// both ways. Each proxied connection serves one target host (as the SDK's pool keeps them).
async fn relay(mut client: TcpStream, seen: Arc<Mutex<Vec<Seen>>>) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if client.read(&mut byte).await? == 0 {
            return Ok(());
        }
        head.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let request_line = text.lines().next().unwrap_or("").to_owned();
    let proxy_authorization = text.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("proxy-authorization")
            .then(|| value.trim().to_owned())
    });
    seen.lock().unwrap().push(Seen {
        request_line: request_line.clone(),
        proxy_authorization,
    });
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("");
    let authority = if method == "CONNECT" {
        target.to_owned()
    } else {
        let rest = target.split_once("://").map_or(target, |(_, rest)| rest);
        rest.split('/').next().unwrap_or("").to_owned()
    };
    let port = authority.rsplit_once(':').map_or("80", |(_, port)| port);
    let mut upstream = TcpStream::connect(format!("127.0.0.1:{port}")).await?;
    if method == "CONNECT" {
        client
            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
            .await?;
    } else {
        upstream.write_all(&head).await?;
    }
    tokio::io::copy_bidirectional(&mut client, &mut upstream).await?;
    Ok(())
}
