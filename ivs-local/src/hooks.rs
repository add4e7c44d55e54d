//! Test hooks over HTTP, an ivs-local extension for clients of the binary.
//!
//! They live under `/_ivs_local/`, which no IVS operation uses, and are not
//! signed (the server only listens on 127.0.0.1):
//!
//! - `POST /_ivs_local/faults` with a [`FaultRequest`] body queues a fault;
//! - `DELETE /_ivs_local/faults` drops all queued faults;
//! - `POST /_ivs_local/streams` with `{"channelArn": ..., "health": "HEALTHY", "viewerCount":
//!   0}` puts a channel on air (health and viewerCount optional) and answers its stream;
//! - `DELETE /_ivs_local/streams` with `{"channelArn": ...}` takes it off air;
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

/// The body of the streams hook.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct StreamRequest {
    channel_arn: String,
    #[serde(default = "healthy")]
    health: String,
    #[serde(default)]
    viewer_count: u64,
}

fn healthy() -> String {
    "HEALTHY".to_owned()
}

fn stream_request(body: &[u8]) -> Result<StreamRequest, ApiError> {
    serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            400,
            INVALID_HOOK_REQUEST,
            format!(
                "expected e.g. {{\"channelArn\": \"arn:aws:ivs:us-west-2:123456789012:channel/AbCd\", \"health\": \"HEALTHY\", \"viewerCount\": 3}}: {e}"
            ),
        )
    })
}

/// Parses a streams-hook body and runs `act` on its channel, in the partition its ARN names.
fn on_channel<T>(
    state: &AppState,
    body: &[u8],
    act: impl FnOnce(
        &mut crate::store::Store,
        &crate::store::Scope,
        &StreamRequest,
    ) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let request = stream_request(body)?;
    let scope = crate::live::scope_of(&request.channel_arn)?;
    act(&mut state.store.lock(), &scope, &request)
}

pub(crate) async fn go_live(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let result = on_channel(&state, &body, |store, scope, request| {
        crate::live::go_live(
            store,
            scope,
            &request.channel_arn,
            &request.health,
            request.viewer_count,
        )
    });
    match result {
        Ok(stream) => json_response(StatusCode::OK, &json!({ "stream": stream })),
        Err(error) => error.into_response(),
    }
}

pub(crate) async fn go_off_air(State(state): State<Arc<AppState>>, body: Bytes) -> Response {
    let result = on_channel(&state, &body, |store, scope, request| {
        crate::live::go_off_air(store, scope, &request.channel_arn)
    });
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => error.into_response(),
    }
}
