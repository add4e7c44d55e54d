//! A local Amazon IVS endpoint for offline tests.
//!
//! ivs-local speaks the IVS REST-JSON protocol as the AWS SDKs and CLI do, driven by the AWS
//! API model itself (botocore's `ivs` service model, embedded as `model/ivs.json` and
//! refreshed by `cargo xtask model`): routing, request binding and every input constraint come
//! from it. It serves the operations of each kind it declares (`src/kinds/`, one file each),
//! and `TagResource`, `UntagResource` and `ListTagsForResource` for all of them
//! ([`implemented_operations`] lists them). Requests must be SigV4-signed for service `ivs` with the
//! configured key (default `test`/`test`); the region comes from the credential scope, and
//! state is kept in memory per region and account.
//!
//! Behaviour worth knowing:
//! - Resources get AWS's documented defaults and derived fields (the crate README lists them
//!   per kind).
//! - Recording configurations are `ACTIVE` at once, or `CREATING` for
//!   [`Config::create_delay`] first.
//! - Requests are authenticated before anything else, as on AWS.
//! - Invalid input gets a 400 `ValidationException` worded as AWS words it, naming each
//!   offending member (model patterns with their Unicode classes included); malformed JSON a
//!   400 `SerializationException`.
//! - Slow clients are cut off by header and body read timeouts, and a shutdown takes at most
//!   [`SHUTDOWN_GRACE`] whatever clients do.
//! - At most [`Config::recording_configuration_quota`] (default 20) recording configurations
//!   per region and account, and each kind's AWS quota, then 402
//!   `ServiceQuotaExceededException`.
//! - Channels go on air through [`Server::go_live`] (or the `/_ivs_local/streams` hook, or a
//!   seeded channel's `live` field): GetStream, ListStreams, GetStreamSession and the other
//!   live-state operations then see the stream and its session; a live channel cannot be
//!   deleted (409 `ConflictException`).
//! - Deleting a resource another one refers to (or a seeded recording configuration marked
//!   `inUseByChannel`) answers 409 `ConflictException`, as on AWS.
//!
//! # In-process use
//!
//! ```no_run
//! # async fn example() -> std::io::Result<()> {
//! use ivs_local::{Config, Fault, FaultError, Server};
//!
//! let server = Server::start(Config::default()).await?;
//! let endpoint = server.endpoint(); // "http://127.0.0.1:PORT"
//! // ... point an AWS client at `endpoint` with credentials test/test ...
//!
//! // ivs-local extension: the next two Gets are throttled.
//! server.inject_fault(Fault::new("GetRecordingConfiguration", FaultError::Throttling, 2));
//! assert_eq!(server.request_count("GetRecordingConfiguration"), 0);
//! # Ok(())
//! # }
//! ```
//!
//! The `ivs-local` binary serves the same on `127.0.0.1:PORT`; its fault
//! hook is `POST /_ivs_local/faults` (see the crate README).

mod abort;
mod amz_date;
mod arn;
mod config;
mod duration;
mod errors;
mod fault_spec;
mod faults;
#[doc(hidden)]
pub mod fuzzing;
mod hooks;
mod kinds;
mod listener;
mod live;
mod live_operations;
mod model;
mod operations;
mod resources;
mod seed;
mod server;
mod sigv4;
mod state;
mod store;
mod sts;
mod tls;

pub use config::{
    Config, ConfigError, DEFAULT_ACCESS_KEY, DEFAULT_ACCOUNT_ID, DEFAULT_BODY_READ_TIMEOUT,
    DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_SECRET_KEY,
};
pub use duration::parse_duration;
pub use errors::ApiError;
pub use fault_spec::{FAULT_KIND_NAMES, parse_fault_kinds, parse_faults_json};
pub use faults::{ANY_OPERATION, Fault, FaultError, FaultKind, MAX_FAULT_LATENCY};
pub use kinds::{DEFAULT_RECORDING_CONFIGURATION_QUOTA, implemented_operations, parse_quota};
pub use listener::SHUTDOWN_GRACE;
pub use model::Tags;
pub use seed::{DEFAULT_SEED_REGION, Seed, SeedEntry, SeedError};
pub use server::{Server, serve, serve_with_shutdown};
pub use sts::StsCall;
pub use tls::TlsConfig;
