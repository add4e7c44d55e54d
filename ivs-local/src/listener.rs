//! Connections: the accept loop, the header read timeout, and a shutdown
//! with a deadline.
//!
//! `axum::serve` has neither a header read timeout nor a bound on graceful
//! shutdown, so a client holding a half-sent request could keep the server
//! from stopping. Here each connection runs in its own task (a stalled
//! client delays nobody else); on shutdown the listener closes at once,
//! every connection is asked to finish its request under way and close, and
//! after [`SHUTDOWN_GRACE`] whatever is left is dropped.

use crate::abort::{AbortableStream, ConnectionAbort, aborted};
use axum::{Extension, Router};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;

/// How long requests under way may take to finish once shutdown begins.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// Pause after a failed accept (e.g. out of file descriptors) before trying again.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// Serves `app` on `listener` (over TLS with `tls`) until `shutdown`
/// completes, then sets `closing` and stops within [`SHUTDOWN_GRACE`]
/// whatever the clients do.
pub(crate) async fn run<F>(
    listener: TcpListener,
    app: Router,
    tls: Option<TlsAcceptor>,
    header_read_timeout: Duration,
    closing: watch::Sender<bool>,
    shutdown: F,
) -> io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let close_signal = closing.subscribe();
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(connection(
                        stream,
                        app.clone(),
                        tls.clone(),
                        header_read_timeout,
                        close_signal.clone(),
                    ));
                }
                Err(_) => tokio::time::sleep(ACCEPT_BACKOFF).await,
            },
            // Reap finished connections so the set does not grow without bound.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    closing.send_replace(true);
    let drained = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        connections.shutdown().await;
    }
    Ok(())
}

/// One connection: its TLS handshake first when serving HTTPS (bounded by the
/// header read timeout, so a stalled handshake only holds its own task).
async fn connection(
    stream: TcpStream,
    app: Router,
    tls: Option<TlsAcceptor>,
    header_read_timeout: Duration,
    close_signal: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    // The requests of this connection may end it (hang and reset faults).
    let (abort, abort_signal) = ConnectionAbort::new();
    let stream = AbortableStream::new(stream, abort_signal.clone());
    let app = app.layer(Extension(abort));
    match tls {
        None => http(stream, app, header_read_timeout, close_signal, abort_signal).await,
        Some(acceptor) => {
            // A failed handshake (e.g. a client that does not trust our CA)
            // ends only this connection.
            let handshake = tokio::time::timeout(header_read_timeout, acceptor.accept(stream));
            if let Ok(Ok(stream)) = handshake.await {
                http(stream, app, header_read_timeout, close_signal, abort_signal).await;
            }
        }
    }
}

/// HTTP/1.1 over `io`, closed gracefully when `close_signal` turns true, and
/// dropped at once (no answer) when a request handler aborts it.
async fn http<I>(
    io: I,
    app: Router,
    header_read_timeout: Duration,
    mut close_signal: watch::Receiver<bool>,
    mut abort_signal: watch::Receiver<Option<crate::abort::Abort>>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let conn = builder.serve_connection(TokioIo::new(io), TowerToHyperService::new(app));
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => return,
        () = aborted(&mut abort_signal) => return,
        _ = close_signal.wait_for(|closing| *closing) => {}
    }
    // Finish the request under way (if any), then close; the caller's
    // grace period bounds how long that may take.
    conn.as_mut().graceful_shutdown();
    tokio::select! {
        _ = conn.as_mut() => {}
        () = aborted(&mut abort_signal) => {}
    }
}
