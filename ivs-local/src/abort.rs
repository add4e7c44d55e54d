//! Ending a connection from inside a request handler, without an HTTP
//! answer: what the hang and reset faults need.
//!
//! Each connection gives its requests a [`ConnectionAbort`] (as a request
//! extension); the connection task drops the connection as soon as a
//! handler asks. Its socket is an [`AbortableStream`], which closes with a
//! TCP reset (RST, `SO_LINGER` 0) instead of an orderly FIN when asked to.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::watch;

/// How to end a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abort {
    /// Close it (FIN) without answering.
    Close,
    /// Reset it (RST) without answering.
    Reset,
}

/// Lets the handlers of a connection's requests end it.
#[derive(Debug, Clone)]
pub(crate) struct ConnectionAbort(Arc<watch::Sender<Option<Abort>>>);

impl ConnectionAbort {
    /// A handle for the handlers, and the receiver the connection task watches.
    pub fn new() -> (Self, watch::Receiver<Option<Abort>>) {
        let (sender, receiver) = watch::channel(None);
        (Self(Arc::new(sender)), receiver)
    }

    /// Asks the connection task to drop the connection now.
    pub fn abort(&self, how: Abort) {
        self.0.send_replace(Some(how));
    }
}

/// Waits until a handler asks to end the connection (or nobody can any more).
pub(crate) async fn aborted(receiver: &mut watch::Receiver<Option<Abort>>) {
    let _ = receiver.wait_for(Option::is_some).await;
}

/// A TCP stream that resets the connection on drop if it was aborted with
/// [`Abort::Reset`].
pub(crate) struct AbortableStream {
    inner: TcpStream,
    abort: watch::Receiver<Option<Abort>>,
}

impl AbortableStream {
    pub fn new(inner: TcpStream, abort: watch::Receiver<Option<Abort>>) -> Self {
        Self { inner, abort }
    }
}

impl Drop for AbortableStream {
    fn drop(&mut self) {
        if *self.abort.borrow() == Some(Abort::Reset) {
            // Linger 0 makes close() send RST and discard unsent data; it
            // never blocks. If it fails, the close is an orderly one.
            let _ = socket2::SockRef::from(&self.inner).set_linger(Some(Duration::ZERO));
        }
    }
}

impl AsyncRead for AbortableStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for AbortableStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
