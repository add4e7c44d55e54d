//! The HTTP server: request pipeline, in-process handle and `serve`.

use crate::abort::{Abort, ConnectionAbort};
use crate::config::Config;
use crate::errors::ApiError;
use crate::faults::{Fault, FaultContext, FaultKind};
use crate::hooks;
use crate::listener;
use crate::operations;
use crate::sigv4;
use crate::sigv4::Caller;
use crate::state::AppState;
use crate::store::Scope;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::collections::BTreeMap;
use std::future::Future;
use std::io::{self, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::SystemTime;
use tokio::net::TcpListener;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinHandle;

/// Header carrying the request id on every response.
pub const REQUEST_ID_HEADER: &str = "x-amzn-requestid";

/// Larger bodies are refused; IVS requests are a few KiB at most.
const MAX_BODY_BYTES: usize = 1024 * 1024;

fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(
            "/_ivs_local/faults",
            post(hooks::add_fault)
                .delete(hooks::clear_faults)
                .fallback(hooks::method_not_allowed),
        )
        .route(
            "/_ivs_local/requests",
            get(hooks::request_counts).fallback(hooks::method_not_allowed),
        )
        .route(
            "/_ivs_local/streams",
            post(hooks::go_live)
                .delete(hooks::go_off_air)
                .fallback(hooks::method_not_allowed),
        )
        .route("/", post(crate::sts::handle).fallback(handle_ivs))
        .fallback(handle_ivs)
        .layer(middleware::from_fn_with_state(state.clone(), read_body))
        .layer(middleware::from_fn_with_state(state.clone(), stamp_and_log))
        .with_state(state)
}

/// Reads every request's whole body, within the size limit and the body
/// read timeout, before any handler runs: a client that sends less than it
/// announced holds no handler, and handlers get their body at once.
async fn read_body(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let read = axum::body::to_bytes(body, MAX_BODY_BYTES);
    let bytes = match tokio::time::timeout(state.body_read_timeout, read).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => {
            return ApiError::new(
                413,
                "RequestEntityTooLargeException",
                format!("Request bodies are limited to {MAX_BODY_BYTES} bytes"),
            )
            .into_response();
        }
        Err(_) => {
            let mut response = ApiError::new(
                408,
                "RequestTimeoutException",
                format!(
                    "The request body did not arrive within {} s",
                    state.body_read_timeout.as_secs_f64()
                ),
            )
            .into_response();
            // The rest of the body may never come: do not wait for it.
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            return response;
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Every IVS request: authenticate, route, inject faults, execute.
///
/// As on AWS, authentication comes first: an unsigned or badly signed
/// request gets its 403 whatever its path or body. Requests are counted
/// by the operation their method and path name, authenticated or not.
async fn handle_ivs(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    if let Ok(operation) = operations::operation(&parts.method, parts.uri.path()) {
        state.count_request(operation);
    }
    // Already read (and bounded) by `read_body`.
    let body = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .unwrap_or_default();
    let (route, scope, caller) = match authenticate(&state, &parts, &body) {
        Ok(accepted) => accepted,
        Err(error) => return error.into_response(),
    };
    if let Some(kind) = state.faults.take(route.operation.name()) {
        state.count_fault(route.operation, kind.name());
        match kind {
            FaultKind::Error(error) => {
                let resource = operations::target_resource(&route, &body, &scope);
                return error
                    .to_api_error(&FaultContext {
                        operation: route.operation.name(),
                        account: &state.account_id,
                        access_key: &caller.access_key,
                        resource: &resource,
                    })
                    .into_response();
            }
            FaultKind::Latency(latency) => tokio::time::sleep(latency).await,
            FaultKind::Hang => return hang(&state, parts.extensions.get()).await,
            FaultKind::Reset => return end_connection(parts.extensions.get(), Abort::Reset).await,
        }
    }
    match operations::execute(&state.store, &scope, &route, parts.uri.query(), &body) {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

/// Verifies the signature and routes the request.
fn authenticate(
    state: &AppState,
    parts: &Parts,
    body: &[u8],
) -> Result<(operations::Route, Scope, Caller), ApiError> {
    let now = SystemTime::now();
    let base_key = (state.access_key.as_str(), state.secret_key.as_str());
    let (access_key, secret_key) = state.sts.signing_key(parts, base_key, now)?;
    let caller = sigv4::verify(parts, body, &access_key, &secret_key, now)?;
    let route = operations::route(&parts.method, parts.uri.path())?;
    state
        .sts
        .record_signer(route.operation.name(), &caller.access_key);
    let scope = Scope::new(caller.region.clone(), state.account_id.clone());
    Ok((route, scope, caller))
}

/// The hang fault: no answer until the server shuts down, which then closes
/// the connection at once rather than waiting out its grace period.
async fn hang(state: &AppState, abort: Option<&ConnectionAbort>) -> Response {
    let mut closing = state.closing.clone();
    let _ = closing.wait_for(|closing| *closing).await;
    end_connection(abort, Abort::Close).await
}

/// Has the connection task drop this request's connection; never returns.
async fn end_connection(abort: Option<&ConnectionAbort>, how: Abort) -> Response {
    match abort {
        Some(abort) => {
            abort.abort(how);
            // The connection task drops this handler with the connection.
            std::future::pending().await
        }
        // Every connection of our listener provides one; without it, say so.
        None => ApiError::internal("this request's connection cannot be ended").into_response(),
    }
}

/// Adds `x-amzn-RequestId` to every response and logs the request.
async fn stamp_and_log(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let request_id = new_request_id();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    if state.log_requests {
        let error = response
            .headers()
            .get(crate::errors::ERROR_TYPE_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(|name| format!(" {name}"))
            .unwrap_or_default();
        // Logging must never take the server down, e.g. on a closed stderr.
        let _ = writeln!(
            io::stderr(),
            "ivs-local: {method} {path} {}{error} request-id={request_id}",
            response.status().as_u16()
        );
    }
    response
}

/// A random id in the UUID form AWS uses for request ids.
fn new_request_id() -> String {
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        fastrand::u32(..),
        fastrand::u16(..),
        fastrand::u16(..0x1000),
        fastrand::u16(0x8000..0xc000),
        fastrand::u64(..1 << 48)
    )
}

/// Serves IVS on `listener` until the process ends.
pub async fn serve(listener: TcpListener, config: Config) -> io::Result<()> {
    serve_with_shutdown(listener, config, std::future::pending()).await
}

/// Serves IVS on `listener` until `shutdown` completes, then gives the
/// requests under way a few seconds to finish, drops the rest and returns.
///
/// Fails at once with `InvalidInput` if the configuration (seed included)
/// is invalid.
pub async fn serve_with_shutdown<F>(
    listener: TcpListener,
    config: Config,
    shutdown: F,
) -> io::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let tls = config.tls.as_ref().map(crate::tls::prepare).transpose()?;
    let (closing, closing_signal) = watch::channel(false);
    let state = Arc::new(AppState::new(config, closing_signal)?);
    let header_read_timeout = state.header_read_timeout;
    let acceptor = tls.map(|tls| tls.acceptor);
    listener::run(
        listener,
        router(state),
        acceptor,
        header_read_timeout,
        closing,
        shutdown,
    )
    .await
}

/// An ivs-local server running in the background of the current tokio
/// runtime, on `127.0.0.1` and a free port. Dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    /// The private CA's certificate (PEM) when serving HTTPS with a self-signed certificate.
    ca_pem: Option<String>,
    https: bool,
    state: Arc<AppState>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl Server {
    /// Binds `127.0.0.1:0` and starts serving in a spawned task.
    ///
    /// Must be called within a tokio runtime. Fails with `InvalidInput` if
    /// the configuration (seed included) is invalid.
    pub async fn start(config: Config) -> io::Result<Server> {
        let tls = config.tls.as_ref().map(crate::tls::prepare).transpose()?;
        let (closing, closing_signal) = watch::channel(false);
        let state = Arc::new(AppState::new(config, closing_signal)?);
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let addr = listener.local_addr()?;
        let (shutdown, stopped) = oneshot::channel::<()>();
        let header_read_timeout = state.header_read_timeout;
        let app = router(state.clone());
        // Dropping the sender (Server dropped) also stops it.
        let stopped = async {
            let _ = stopped.await;
        };
        let https = tls.is_some();
        let ca_pem = tls.as_ref().and_then(|tls| tls.ca_pem.clone());
        let acceptor = tls.map(|tls| tls.acceptor);
        let task = tokio::spawn(listener::run(
            listener,
            app,
            acceptor,
            header_read_timeout,
            closing,
            stopped,
        ));
        Ok(Server {
            addr,
            ca_pem,
            https,
            state,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    /// The endpoint URL to give AWS clients: `http://127.0.0.1:PORT` (`https://` with TLS).
    pub fn endpoint(&self) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// The private CA's certificate (PEM) when serving HTTPS with a self-signed certificate.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queues a fault: requests of `fault.operation` (after SigV4
    /// verification) get one of `fault.kinds`, each with chance
    /// `fault.probability`, `fault.times` times (or until cleared).
    ///
    /// # Panics
    /// If the fault is invalid (see [`Fault::check`]): a bug in the test.
    pub fn inject_fault(&self, fault: Fault) {
        if let Err(message) = fault.check() {
            panic!("Server::inject_fault: {message}");
        }
        self.state.faults.push(fault);
    }

    /// Drops all queued faults.
    pub fn clear_faults(&self) {
        self.state.faults.clear();
    }

    /// How many requests of `operation` (e.g. `"GetRecordingConfiguration"`)
    /// arrived so far, whatever their outcome (retries included).
    pub fn request_count(&self, operation: &str) -> usize {
        self.state.request_count(operation)
    }

    /// How many faults fired on `operation` (`"*"`: on all operations), all
    /// kinds together. With only retryable faults, `request_count(op) -
    /// fault_count(op)` requests got their real answer.
    pub fn fault_count(&self, operation: &str) -> usize {
        self.state.fault_count(operation)
    }

    /// How many faults fired, by operation, then by kind name (`throttling`, `hang`, ...).
    pub fn fault_counts(&self) -> BTreeMap<String, BTreeMap<String, usize>> {
        self.state
            .fault_counts()
            .into_iter()
            .map(|(operation, kinds)| {
                let kinds = kinds.into_iter().map(|(k, n)| (k.to_owned(), n)).collect();
                (operation.to_owned(), kinds)
            })
            .collect()
    }

    /// The STS calls received so far, in order.
    pub fn sts_calls(&self) -> Vec<crate::StsCall> {
        self.state.sts.calls()
    }

    /// The access keys that signed the accepted requests of `operation`, in arrival order
    /// (the server's own key, or the temporary key of an assumed role).
    pub fn signing_keys(&self, operation: &str) -> Vec<String> {
        self.state.sts.signers(operation)
    }

    /// Puts a channel on air, as an encoder broadcasting to it would (ivs-local extension):
    /// GetStream then finds its stream (`health` `HEALTHY`, `STARVING` or `UNKNOWN`), and
    /// GetStreamSession its session. Answers the stream as GetStream does. Fails with 404
    /// `ResourceNotFoundException` for an unknown channel, 409 `ConflictException` if it is
    /// already live.
    pub fn go_live(
        &self,
        channel_arn: &str,
        health: &str,
        viewer_count: u64,
    ) -> Result<serde_json::Value, crate::ApiError> {
        let scope = crate::live::scope_of(channel_arn)?;
        let mut store = self.state.store.lock();
        crate::live::go_live(&mut store, &scope, channel_arn, health, viewer_count)
    }

    /// Takes a channel off air, as its encoder disconnecting would: the stream ends and its
    /// session gets its end time. 404 `ChannelNotBroadcasting` if it is not live.
    pub fn go_off_air(&self, channel_arn: &str) -> Result<(), crate::ApiError> {
        let scope = crate::live::scope_of(channel_arn)?;
        let mut store = self.state.store.lock();
        crate::live::go_off_air(&mut store, &scope, channel_arn)
    }

    /// Stops accepting connections, waits for requests under way, and returns.
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        match self.task.take() {
            Some(task) => task
                .await
                .map_err(|e| io::Error::other(format!("server task failed: {e}")))?,
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).finish()
    }
}
