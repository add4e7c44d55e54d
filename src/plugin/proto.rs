//! go-plugin's own gRPC services (controller, stdio, broker), generated at build time.
#![allow(clippy::all, missing_docs)]

tonic::include_proto!("plugin");
