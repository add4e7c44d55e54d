//! The plugin process: go-plugin handshake, AutoMTLS, listening, and lifecycle.
//!
//! This layer knows nothing of Terraform's provider protocol: it serves whatever gRPC routes it is
//! given, next to go-plugin's own controller, stdio and broker services.

mod connection;
pub mod debug;
mod go_plugin_services;
pub mod handshake;
mod lifecycle;
mod listener;
mod proto;
mod tls;

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use thiserror::Error;
use tokio_rustls::TlsAcceptor;
use tonic::service::Routes;
use tonic::transport::Server;

pub use handshake::{HUMAN_MESSAGE, HandshakeError};
pub use listener::TRANSPORT_ENV;

use go_plugin_services::{Broker, Controller, Stdio};
use lifecycle::Shutdown;
use proto::grpc_broker_server::GrpcBrokerServer;
use proto::grpc_controller_server::GrpcControllerServer;
use proto::grpc_stdio_server::GrpcStdioServer;

/// How long in-flight calls may take to finish once shutdown has begun.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

#[derive(Debug, Error)]
pub enum PluginError {
    #[error(transparent)]
    Handshake(#[from] HandshakeError),
    #[error(transparent)]
    Tls(#[from] tls::TlsError),
    #[error(transparent)]
    Listen(#[from] listener::ListenError),
    #[error("no rustls crypto provider is installed; install one before serving")]
    NoCryptoProvider,
    #[error("plugin I/O failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("the gRPC server failed: {0}")]
    Server(#[from] tonic::transport::Error),
}

/// Serves `routes` as a go-plugin gRPC plugin until Terraform shuts it down.
///
/// The process-wide rustls crypto provider must be installed before this is called.
pub async fn serve(routes: Routes) -> Result<(), PluginError> {
    let protocol = handshake::negotiate_from_env()?;
    let tls = match std::env::var("PLUGIN_CLIENT_CERT") {
        Ok(pem) if !pem.trim().is_empty() => {
            let provider = rustls::crypto::CryptoProvider::get_default()
                .ok_or(PluginError::NoCryptoProvider)?;
            Some(tls::server_tls(&pem, Arc::clone(provider))?)
        }
        _ => None,
    };
    let listening = listener::listen_from_env()?;
    let (network, address) = listening.network_and_address();

    let shutdown = Shutdown::new();
    lifecycle::watch_process_events(shutdown.clone())?;
    let certificate_b64 = tls
        .as_ref()
        .map(|t| t.certificate_b64.as_str())
        .unwrap_or("");
    let line = handshake::handshake_line(protocol, network, &address, certificate_b64);
    let acceptor = tls.map(|t| TlsAcceptor::from(t.config));
    run(routes, listening, acceptor, shutdown, &line).await
}

/// Serves `routes` in debug mode ([`debug`]) as the provider `provider_address` until
/// SIGINT or SIGTERM, printing the `TF_REATTACH_PROVIDERS` value that attaches Terraform.
pub async fn serve_debug(routes: Routes, provider_address: &str) -> Result<(), PluginError> {
    let listening = listener::listen_from_env()?;
    let (network, address) = listening.network_and_address();
    let shutdown = Shutdown::new();
    lifecycle::watch_debug_signals(shutdown.clone())?;
    let reattach =
        debug::reattach_providers(provider_address, std::process::id(), network, &address);
    run(
        routes,
        listening,
        None,
        shutdown,
        &debug::attach_message(&reattach),
    )
    .await?;
    println!("Provider stopped.");
    Ok(())
}

/// Prints `announcement` once listening, then serves `routes` (with go-plugin's services) on
/// `listening` until `shutdown`, giving calls in flight [`SHUTDOWN_GRACE`] to finish.
async fn run(
    routes: Routes,
    listening: listener::Listening,
    acceptor: Option<TlsAcceptor>,
    shutdown: Shutdown,
    announcement: &str,
) -> Result<(), PluginError> {
    let (network, address) = listening.network_and_address();
    let routes = routes
        .add_service(GrpcControllerServer::new(Controller {
            shutdown: shutdown.clone(),
        }))
        .add_service(GrpcStdioServer::new(Stdio {
            shutdown: shutdown.clone(),
        }))
        .add_service(GrpcBrokerServer::new(Broker {
            shutdown: shutdown.clone(),
        }));
    let incoming = connection::accept_stream(listening.listener, acceptor);

    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{announcement}")?;
    stdout.flush()?;
    drop(stdout);
    tracing::debug!(network, address, "plugin listening");

    let server = Server::builder()
        .add_routes(routes)
        .serve_with_incoming_shutdown(incoming, shutdown.clone().wait_owned());
    let deadline = async {
        shutdown.wait().await;
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };
    tokio::select! {
        result = server => result?,
        () = deadline => tracing::warn!("in-flight calls did not finish in time; exiting anyway"),
    }
    // `listening.socket` is dropped here, removing the socket file.
    drop(listening.socket);
    Ok(())
}
