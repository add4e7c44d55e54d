//! Errors as Amazon IVS sends them over REST-JSON.
//!
//! The wire form is what the AWS SDKs parse: the status code of the error
//! shape, an `x-amzn-ErrorType` header naming the error, and a JSON body with
//! `message`. The IVS model gives its error shapes a single `exceptionMessage`
//! member, so modeled errors carry the text under that name too (the SDKs'
//! typed errors read it from there, their generic error metadata from
//! `message`).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Header carrying the error name in REST-JSON error responses.
pub const ERROR_TYPE_HEADER: &str = "x-amzn-errortype";

/// An error answer of the local IVS endpoint.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code} ({status}): {message}")]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// Error name, e.g. `ValidationException`.
    pub code: String,
    /// Human-readable message.
    pub message: String,
}

/// Error shapes declared in the IVS model: their bodies carry `exceptionMessage`.
const MODELED_ERRORS: &[&str] = &[
    "AccessDeniedException",
    "ChannelNotBroadcasting",
    "ConflictException",
    "InternalServerException",
    "PendingVerification",
    "ResourceNotFoundException",
    "ServiceQuotaExceededException",
    "StreamUnavailable",
    "ThrottlingException",
    "ValidationException",
];

impl ApiError {
    /// An error with any status, name and message.
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    /// 400 `ValidationException`.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(400, "ValidationException", message)
    }

    /// 404 `ResourceNotFoundException` for an ARN.
    pub fn not_found(arn: &str) -> Self {
        Self::new(
            404,
            "ResourceNotFoundException",
            format!("Resource: {arn} not found"),
        )
    }

    /// 409 `ConflictException`.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(409, "ConflictException", message)
    }

    /// 402 `ServiceQuotaExceededException`.
    pub fn quota_exceeded(message: impl Into<String>) -> Self {
        Self::new(402, "ServiceQuotaExceededException", message)
    }

    /// 500 `InternalServerException`.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(500, "InternalServerException", message)
    }

    /// 400 `SerializationException`: the body is not JSON of the expected shape.
    pub fn serialization(message: impl Into<String>) -> Self {
        Self::new(400, "SerializationException", message)
    }

    /// 404 `UnknownOperationException`: no IVS operation at this method and path.
    pub fn unknown_operation(message: impl Into<String>) -> Self {
        Self::new(404, "UnknownOperationException", message)
    }

    /// 403 `MissingAuthenticationTokenException`: no SigV4 `Authorization` header.
    pub fn missing_authentication() -> Self {
        Self::new(
            403,
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        )
    }

    /// 403 `UnrecognizedClientException`: unknown access key.
    pub fn unrecognized_client() -> Self {
        Self::new(
            403,
            "UnrecognizedClientException",
            "The security token included in the request is invalid.",
        )
    }

    /// 403 `InvalidSignatureException` with AWS's wording for a wrong signature.
    pub fn signature_mismatch() -> Self {
        Self::invalid_signature(
            "The request signature we calculated does not match the signature you provided. \
             Check your AWS Secret Access Key and signing method. \
             Consult the service documentation for details.",
        )
    }

    /// 403 `InvalidSignatureException` with a specific message.
    pub fn invalid_signature(message: impl Into<String>) -> Self {
        Self::new(403, "InvalidSignatureException", message)
    }

    /// 403 `IncompleteSignatureException`: a malformed `Authorization` header.
    pub fn incomplete_signature(message: impl Into<String>) -> Self {
        Self::new(403, "IncompleteSignatureException", message)
    }

    /// Whether the IVS model declares this error shape (and so `exceptionMessage`).
    pub fn is_modeled(&self) -> bool {
        MODELED_ERRORS.contains(&self.code.as_str())
    }

    /// The JSON body sent for this error.
    pub fn body(&self) -> serde_json::Value {
        let mut body = serde_json::Map::new();
        body.insert("message".into(), self.message.clone().into());
        if self.is_modeled() {
            body.insert("exceptionMessage".into(), self.message.clone().into());
        }
        serde_json::Value::Object(body)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, json_body(&self.body())).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        // A name that is not a valid header value (fault injection allows any
        // text) still leaves the status code and body for the client to read.
        if let Ok(value) = HeaderValue::from_str(&self.code) {
            headers.insert(ERROR_TYPE_HEADER, value);
        }
        response
    }
}

/// A JSON response with `Content-Type: application/json`.
pub fn json_response(status: StatusCode, body: &serde_json::Value) -> Response {
    let mut response = (status, json_body(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn json_body(value: &serde_json::Value) -> String {
    // Serializing a `Value` cannot fail (its map keys are strings).
    serde_json::to_string(value).unwrap_or_else(|_| "{}".to_owned())
}
