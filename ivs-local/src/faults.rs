//! Fault injection, an ivs-local extension for testing clients' error
//! handling (retries, error mapping): the next `times` requests of an
//! operation get a chosen error instead of their real answer.
//!
//! Faults apply to requests that passed SigV4 verification, before their
//! input is validated, so they look like errors the service raised while
//! processing. Several faults queue up in order of injection.

use crate::errors::ApiError;
use serde::Deserialize;
use std::sync::Mutex;

/// The operation name that matches every operation.
pub const ANY_OPERATION: &str = "*";

/// The error a fault answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultError {
    /// 429 `ThrottlingException` (the SDKs retry it).
    Throttling,
    /// 500 `InternalServerException` (the SDKs retry it).
    InternalServer,
    /// 503 `ServiceUnavailableException` (the SDKs retry it).
    ServiceUnavailable,
    /// 403 `AccessDeniedException`, worded as IAM words it:
    /// `User: arn:aws:iam::{account}:user/{access key} is not authorized to
    /// perform: ivs:{Operation} on resource: {arn}`.
    AccessDenied,
    /// 409 `ConflictException`.
    Conflict,
    /// 402 `ServiceQuotaExceededException`.
    ServiceQuotaExceeded,
    /// 400 `ValidationException` with this message.
    Validation(String),
    /// Any status, error name (`x-amzn-ErrorType`) and message.
    Custom {
        status: u16,
        error_type: String,
        message: String,
    },
}

/// A fault: the next `times` requests of `operation` fail with `error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// IVS operation name, e.g. `GetRecordingConfiguration`, or `*` for all.
    pub operation: String,
    pub error: FaultError,
    pub times: u32,
}

impl Fault {
    pub fn new(operation: impl Into<String>, error: FaultError, times: u32) -> Self {
        Self {
            operation: operation.into(),
            error,
            times,
        }
    }
}

/// What a fault needs to know about the request it answers.
pub struct FaultContext<'a> {
    pub operation: &'a str,
    pub account: &'a str,
    pub access_key: &'a str,
    /// The resource the request targets (or a wildcard ARN for Create/List).
    pub resource: &'a str,
}

impl FaultError {
    /// The error response this fault gives to a request.
    pub fn to_api_error(&self, ctx: &FaultContext<'_>) -> ApiError {
        match self {
            FaultError::Throttling => ApiError::new(429, "ThrottlingException", "Rate exceeded"),
            FaultError::InternalServer => {
                ApiError::internal("Unexpected error during processing of request.")
            }
            FaultError::ServiceUnavailable => ApiError::new(
                503,
                "ServiceUnavailableException",
                "Service is unavailable. Please retry later.",
            ),
            FaultError::AccessDenied => ApiError::new(
                403,
                "AccessDeniedException",
                format!(
                    "User: arn:aws:iam::{}:user/{} is not authorized to perform: ivs:{} on resource: {}",
                    ctx.account, ctx.access_key, ctx.operation, ctx.resource
                ),
            ),
            FaultError::Conflict => ApiError::conflict(
                "Updating or deleting a resource can cause an inconsistent state.",
            ),
            FaultError::ServiceQuotaExceeded => {
                ApiError::quota_exceeded("Request would cause a service quota to be exceeded.")
            }
            FaultError::Validation(message) => ApiError::validation(message.clone()),
            FaultError::Custom {
                status,
                error_type,
                message,
            } => ApiError::new(*status, error_type.clone(), message.clone()),
        }
    }
}

/// Faults waiting to fire.
#[derive(Debug, Default)]
pub struct FaultQueue {
    pending: Mutex<Vec<Fault>>,
}

impl FaultQueue {
    pub fn push(&self, fault: Fault) {
        if fault.times > 0 {
            self.lock().push(fault);
        }
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    /// Consumes one firing of the first fault matching `operation`.
    pub fn take(&self, operation: &str) -> Option<FaultError> {
        let mut pending = self.lock();
        let index = pending
            .iter()
            .position(|f| f.operation == operation || f.operation == ANY_OPERATION)?;
        let fault = &mut pending[index];
        let error = fault.error.clone();
        fault.times -= 1;
        if fault.times == 0 {
            pending.remove(index);
        }
        Some(error)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Fault>> {
        // A panic elsewhere cannot leave the list half-updated, so a
        // poisoned lock is still safe to use.
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The JSON body of `POST /_ivs_local/faults`.
///
/// `errorType` is one of `ThrottlingException`, `InternalServerException`,
/// `ServiceUnavailableException`, `AccessDeniedException`,
/// `ConflictException`, `ServiceQuotaExceededException`,
/// `ValidationException`, or any other name together with `status`.
/// `message` and `status` override the defaults of the known types.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRequest {
    pub operation: String,
    pub error_type: String,
    #[serde(default = "one")]
    pub times: u32,
    pub message: Option<String>,
    pub status: Option<u16>,
}

fn one() -> u32 {
    1
}

impl FaultRequest {
    /// The fault this request describes, or why it describes none.
    pub fn into_fault(self) -> Result<Fault, String> {
        let known = match self.error_type.as_str() {
            "ThrottlingException" => Some(FaultError::Throttling),
            "InternalServerException" => Some(FaultError::InternalServer),
            "ServiceUnavailableException" => Some(FaultError::ServiceUnavailable),
            "AccessDeniedException" => Some(FaultError::AccessDenied),
            "ConflictException" => Some(FaultError::Conflict),
            "ServiceQuotaExceededException" => Some(FaultError::ServiceQuotaExceeded),
            "ValidationException" => Some(FaultError::Validation(
                self.message
                    .clone()
                    .unwrap_or_else(|| "Invalid request".to_owned()),
            )),
            _ => None,
        };
        let error = match (known, self.status, self.message) {
            (Some(FaultError::Validation(message)), None, _) => FaultError::Validation(message),
            (Some(error), None, None) => error,
            (Some(error), status, message) => {
                // Keep the type's own status and message unless overridden.
                let defaults = error.to_api_error(&FaultContext {
                    operation: &self.operation,
                    account: "",
                    access_key: "",
                    resource: "",
                });
                FaultError::Custom {
                    status: status.unwrap_or(defaults.status),
                    error_type: self.error_type,
                    message: message.unwrap_or(defaults.message),
                }
            }
            (None, Some(status), message) => FaultError::Custom {
                status,
                message: message.unwrap_or_else(|| self.error_type.clone()),
                error_type: self.error_type,
            },
            (None, None, _) => {
                return Err(format!(
                    "unknown errorType '{}': give its HTTP status in 'status'",
                    self.error_type
                ));
            }
        };
        if let FaultError::Custom { status, .. } = &error
            && !(400..=599).contains(status)
        {
            return Err(format!(
                "status {status} is not an HTTP error status (400-599)"
            ));
        }
        Ok(Fault::new(self.operation, error, self.times))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_fire_the_given_number_of_times_in_order() {
        let queue = FaultQueue::default();
        queue.push(Fault::new(
            "GetRecordingConfiguration",
            FaultError::Throttling,
            2,
        ));
        queue.push(Fault::new(ANY_OPERATION, FaultError::InternalServer, 1));
        assert_eq!(
            queue.take("ListRecordingConfigurations"),
            Some(FaultError::InternalServer)
        );
        assert_eq!(
            queue.take("GetRecordingConfiguration"),
            Some(FaultError::Throttling)
        );
        assert_eq!(
            queue.take("GetRecordingConfiguration"),
            Some(FaultError::Throttling)
        );
        assert_eq!(queue.take("GetRecordingConfiguration"), None);
    }

    #[test]
    fn unknown_error_types_need_a_status() {
        let request = FaultRequest {
            operation: "*".into(),
            error_type: "Teapot".into(),
            times: 1,
            message: None,
            status: None,
        };
        assert!(request.into_fault().is_err());
    }
}
