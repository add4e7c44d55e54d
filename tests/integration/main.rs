//! The provider's integration tests, one binary linked once (the rust-analyzer layout): each
//! module is what used to be a test binary of its own. They drive the real `terraform` against
//! the provider cargo builds and an in-process ivs-local, on 127.0.0.1 only.

mod ad_configurations;
mod assume_role;
mod bounded_inputs;
mod bounded_io;
mod cancellation;
mod channel_secrets;
mod channels;
mod debug_mode;
mod ephemeral_stream_key;
mod examples;
mod failover_slate_configurations;
mod functions;
mod fuzz_corpus;
mod hung_endpoint;
mod list_channels;
mod list_recording_configurations;
mod name_resolution;
mod named_lookups;
mod network;
mod playback_key_pairs;
mod playback_restriction_policies;
mod plugin_process;
mod protocol_6_10;
mod provider_configuration;
mod read_errors;
mod read_recording_configuration;
mod recording_configuration_lookup;
mod retry_storm;
mod stream_keys;
mod stream_sessions;
mod streams;
mod support;
mod terraform_logs;
mod terraform_schema;
mod terraform_validation;
