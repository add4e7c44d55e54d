//! The tfplugin6 service layer: protocol messages, schemas and values on the wire, diagnostics.
//!
//! It knows the provider layer below it and nothing of the plugin process above it.

mod diagnostics_proto;
mod dynamic_value;
mod function_proto;
mod panic_guard;
pub mod proto;
mod schema_proto;
mod service;

pub use service::ProviderService;

use crate::provider::Provider;

/// Terraform's client accepts messages up to 256 MiB; so do we, so large states never fail.
const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

/// The gRPC routes that serve `provider` over tfplugin6.
pub fn routes(provider: Provider) -> tonic::service::Routes {
    let service = proto::provider_server::ProviderServer::new(ProviderService::new(provider))
        .max_decoding_message_size(MAX_MESSAGE_BYTES)
        .max_encoding_message_size(MAX_MESSAGE_BYTES);
    tonic::service::Routes::new(service)
}
