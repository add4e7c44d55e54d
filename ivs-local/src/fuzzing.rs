//! Entry point of the `ivs_local_request` fuzz target (`fuzz/`, nightly `cargo fuzz`), kept
//! here so that stable `cargo test` replays its committed corpus through the same function.
//!
//! The input is a request in a raw HTTP-like form, readable in the corpus files:
//!
//! ```text
//! POST /GetRecordingConfiguration?a=b
//! authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-west-2/ivs/aws4_request, ...
//! x-amz-date: 20260101T000000Z
//!
//! {"arn": "..."}
//! ```
//!
//! It runs what the server runs on a request's content: SigV4 header parsing and checking,
//! routing (path label decoding), then, as if authenticated, the operation itself against an
//! empty store (query string, JSON body, validation). None of it may panic.

use std::time::{Duration, UNIX_EPOCH};

use axum::http::{Method, Request};

use crate::store::{Scope, SharedStore, Store};
use crate::{operations, sigv4};

/// The clock the requests are checked against: 2026-01-01T00:00:00Z, so corpora stay valid.
const NOW_SECS: u64 = 1_767_225_600;

/// Parses `data` as a request and runs it; see the module documentation.
pub fn request(data: &[u8]) {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&data[..at], &data[at + 2..]),
        None => (data, &[][..]),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or_default();
    let (method, target) = request_line.split_once(' ').unwrap_or((request_line, "/"));
    let Ok(method) = Method::from_bytes(method.as_bytes()) else {
        return;
    };
    let mut builder = Request::builder()
        .method(method)
        .uri(target)
        .header("host", "127.0.0.1");
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            builder = builder.header(name.trim(), value.trim());
        }
    }
    let Ok(request) = builder.body(()) else {
        return;
    };
    let (parts, ()) = request.into_parts();
    let now = UNIX_EPOCH + Duration::from_secs(NOW_SECS);
    let _ = sigv4::verify(&parts, body, "test", "test", now);
    let Ok(route) = operations::route(&parts.method, parts.uri.path()) else {
        return;
    };
    let store = SharedStore::new(Store::default());
    let scope = Scope::new("us-west-2", "123456789012");
    let _ = operations::target_resource(&route, body, &scope);
    let _ = operations::execute(&store, &scope, &route, parts.uri.query(), body);
}
