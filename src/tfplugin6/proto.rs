//! The tfplugin6 protocol messages and service, generated at build time from proto/tfplugin6.proto.
#![allow(clippy::all, missing_docs)]

tonic::include_proto!("tfplugin6");
