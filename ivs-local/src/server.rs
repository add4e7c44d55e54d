//! The HTTP server: request pipeline, in-process handle and `serve`.

use crate::config::Config;
use crate::errors::ApiError;
use crate::faults::{Fault, FaultContext};
use crate::hooks;
use crate::listener;
use crate::operations;
use crate::sigv4;
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
use std::future::Future;
use std::io::{self, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::SystemTime;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
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
    match process(&state, &parts, &body) {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

fn process(state: &AppState, parts: &Parts, body: &[u8]) -> Result<Response, ApiError> {
    let now = SystemTime::now();
    let base_key = (state.access_key.as_str(), state.secret_key.as_str());
    let (access_key, secret_key) = state.sts.signing_key(parts, base_key, now)?;
    let caller = sigv4::verify(parts, body, &access_key, &secret_key, now)?;
    let route = operations::route(&parts.method, parts.uri.path())?;
    state
        .sts
        .record_signer(route.operation.name(), &caller.access_key);
    let scope = Scope::new(caller.region, state.account_id.clone());
    if let Some(fault) = state.faults.take(route.operation.name()) {
        let resource = operations::target_resource(&route, body, &scope);
        return Err(fault.to_api_error(&FaultContext {
            operation: route.operation.name(),
            account: &state.account_id,
            access_key: &caller.access_key,
            resource: &resource,
        }));
    }
    operations::execute(&state.store, &scope, &route, parts.uri.query(), body)
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
    let state = Arc::new(AppState::new(config)?);
    let header_read_timeout = state.header_read_timeout;
    let acceptor = tls.map(|tls| tls.acceptor);
    listener::run(
        listener,
        router(state),
        acceptor,
        header_read_timeout,
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
        let state = Arc::new(AppState::new(config)?);
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

    /// Queues a fault: the next `fault.times` requests of `fault.operation`
    /// (after SigV4 verification) get `fault.error` instead of their answer.
    pub fn inject_fault(&self, fault: Fault) {
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

    /// The STS calls received so far, in order.
    pub fn sts_calls(&self) -> Vec<crate::StsCall> {
        self.state.sts.calls()
    }

    /// The access keys that signed the accepted requests of `operation`, in arrival order
    /// (the server's own key, or the temporary key of an assumed role).
    pub fn signing_keys(&self, operation: &str) -> Vec<String> {
        self.state.sts.signers(operation)
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
