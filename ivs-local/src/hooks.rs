//! Test hooks over HTTP, an ivs-local extension for clients of the binary.
//!
//! They live under `/_ivs_local/`, which no IVS operation uses, and are not
//! signed (the server only listens on 127.0.0.1):
//!
//! - `POST /_ivs_local/faults` with a [`FaultRequest`] body queues a fault;
//! - `DELETE /_ivs_local/faults` drops all queued faults;
//! - `GET /_ivs_local/requests` returns how many requests of each operation
//!   arrived, and how many faults fired on each, by kind.

use crate::errors::{ApiError, json_response};
use crate::fault_spec::FaultRequest;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::Arc;

/// Error name of rejected hook requests.
const INVALID_HOOK_REQUEST: &str = "InvalidHookRequestException";

pub(crate) async fn add_fault(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let request: FaultRequest = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            return ApiError::new(
                400,
                INVALID_HOOK_REQUEST,
                format!(
                    "expected e.g. {{\"operation\": \"GetRecordingConfiguration\", \"kind\": \"throttling\", \"probability\": 0.3, \"times\": 1}}: {e}"
                ),
            )
            .into_response();
        }
    };
    match request.into_fault() {
        Ok(fault) => {
            let kinds: Vec<_> = fault.kinds.iter().map(|kind| kind.name()).collect();
            let echo = json!({
                "operation": fault.operation,
                "kind": kinds,
                "probability": fault.probability,
                "times": fault.times.map_or(json!("always"), |times| json!(times)),
            });
            state.faults.push(fault);
            json_response(StatusCode::OK, &echo)
        }
        Err(message) => ApiError::new(400, INVALID_HOOK_REQUEST, message).into_response(),
    }
}

pub(crate) async fn clear_faults(State(state): State<Arc<AppState>>) -> Response {
    state.faults.clear();
    StatusCode::NO_CONTENT.into_response()
}

pub(crate) async fn request_counts(State(state): State<Arc<AppState>>) -> Response {
    json_response(
        StatusCode::OK,
        &json!({
            "requestCounts": state.request_counts(),
            "faultCounts": state.fault_counts(),
        }),
    )
}

pub(crate) async fn method_not_allowed() -> Response {
    ApiError::new(
        405,
        INVALID_HOOK_REQUEST,
        "method not allowed on this ivs-local hook",
    )
    .into_response()
}
