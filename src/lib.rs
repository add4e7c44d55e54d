//! terraform-provider-ivs: a Terraform/OpenTofu provider for Amazon IVS.
//!
//! Layers, each knowing only the one below it:
//! [`plugin`] (process, handshake, mTLS) -> [`tfplugin6`] (protocol service) -> [`provider`]
//! (configuration, AWS client) -> [`data_sources`] (one file each). The provider also serves
//! [`functions`], which compute without AWS (they use the data sources' ARN parsing).
//! [`schema`], [`values`] and [`diagnostics`] are the vocabulary they share.

pub mod data_sources;
pub mod diagnostics;
pub mod ephemeral_resources;
pub mod functions;
#[doc(hidden)]
pub mod fuzzing;
pub mod logging;
pub mod plugin;
pub mod provider;
pub mod schema;
pub mod tfplugin6;
pub mod values;

/// The provider's full source address, as `TF_REATTACH_PROVIDERS` keys it.
pub const PROVIDER_ADDRESS: &str = "registry.terraform.io/ivs-rs/ivs";

/// This build's version, from Cargo.toml: the hand-run message and release archives name it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
