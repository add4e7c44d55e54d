//! go-plugin's side services that Terraform's plugin client talks to besides the provider.

use std::pin::Pin;

use futures_util::StreamExt;
use tokio_stream::Stream;
use tonic::{Request, Response, Status, Streaming};

use super::lifecycle::Shutdown;
use super::proto::grpc_broker_server::GrpcBroker;
use super::proto::grpc_controller_server::GrpcController;
use super::proto::grpc_stdio_server::GrpcStdio;
use super::proto::{ConnInfo, Empty, StdioData};

type EndlessStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send>>;

/// A stream that sends nothing and ends when the plugin shuts down, so that graceful shutdown
/// is not held up by a stream that never finishes.
fn until_shutdown<T: Send + 'static>(shutdown: Shutdown) -> EndlessStream<T> {
    let ended = futures_util::stream::once(async move { shutdown.wait().await });
    Box::pin(ended.filter_map(|()| std::future::ready(None)))
}

/// GRPCController: Terraform calls Shutdown when it is done with the plugin.
pub struct Controller {
    pub shutdown: Shutdown,
}

#[tonic::async_trait]
impl GrpcController for Controller {
    async fn shutdown(&self, _request: Request<Empty>) -> Result<Response<Empty>, Status> {
        self.shutdown
            .trigger("Terraform called GRPCController.Shutdown");
        Ok(Response::new(Empty {}))
    }
}

/// GRPCStdio: go-plugin can forward a plugin's stdout/stderr over gRPC. We write logs to stderr
/// directly, so the stream carries nothing; it stays open until shutdown as go-plugin expects.
pub struct Stdio {
    pub shutdown: Shutdown,
}

#[tonic::async_trait]
impl GrpcStdio for Stdio {
    async fn stream_stdio(
        &self,
        _request: Request<()>,
    ) -> Result<Response<EndlessStream<StdioData>>, Status> {
        Ok(Response::new(until_shutdown(self.shutdown.clone())))
    }
}

/// GRPCBroker: go-plugin opens it for plugins that dial back to the client; providers don't,
/// so the stream is accepted and left idle rather than failing with noise in Terraform's log.
pub struct Broker {
    pub shutdown: Shutdown,
}

#[tonic::async_trait]
impl GrpcBroker for Broker {
    async fn start_stream(
        &self,
        _request: Request<Streaming<ConnInfo>>,
    ) -> Result<Response<EndlessStream<ConnInfo>>, Status> {
        Ok(Response::new(until_shutdown(self.shutdown.clone())))
    }
}
