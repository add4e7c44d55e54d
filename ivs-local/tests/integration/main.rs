//! ivs-local's integration tests, one binary linked once: each module is what used to be a
//! test binary of its own. Servers run in-process (or as the built binary) on 127.0.0.1.

mod ad_configurations;
mod auth;
mod binary;
mod channels;
mod common;
mod create_delay;
mod failover_slate_configurations;
mod fault_modes;
mod faults;
mod live;
mod playback_key_pairs;
mod playback_restriction_policies;
mod recording_configurations;
mod seed;
mod stream_keys;
mod sts_tls;
mod timeouts;
mod validation;
mod wire;
