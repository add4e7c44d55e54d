//! Fault injection, an ivs-local extension for testing clients' error
//! handling (retries, timeouts, error mapping).
//!
//! A fault matches an operation (or `*`) and does one of: answer with an
//! error, answer late, never answer (hang), or reset the connection. It fires
//! on a share of the matching requests (`probability`), for the next `times`
//! firings or without limit. Faults apply to requests that passed SigV4
//! verification, before their input is validated, so they look like what
//! the service or the network does while processing. A request goes through
//! the faults in order of injection; the first that fires applies.

use crate::errors::ApiError;
use crate::operations::Operation;
use std::sync::Mutex;
use std::time::Duration;

/// The operation name that matches every operation.
pub const ANY_OPERATION: &str = "*";

/// The longest latency a fault may add (as `parse_duration` allows).
pub const MAX_FAULT_LATENCY: Duration = Duration::from_secs(24 * 60 * 60);

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

/// What a fault does to a request it fires on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Answers with this error instead of the real answer.
    Error(FaultError),
    /// Waits this long, then answers as usual.
    Latency(Duration),
    /// Never answers: the connection stays open until the client closes it
    /// or the server stops (then it is closed without an answer, at once).
    Hang,
    /// Closes the TCP connection at once with a reset (RST), without an answer.
    Reset,
}

impl FaultKind {
    /// The kind's name in `--fault`, the hook's `kind` and the fault counts.
    pub fn name(&self) -> &'static str {
        match self {
            FaultKind::Error(error) => match error {
                FaultError::Throttling => "throttling",
                FaultError::InternalServer => "internal-server",
                FaultError::ServiceUnavailable => "service-unavailable",
                FaultError::AccessDenied => "access-denied",
                FaultError::Conflict => "conflict",
                FaultError::ServiceQuotaExceeded => "service-quota-exceeded",
                FaultError::Validation(_) => "validation",
                FaultError::Custom { .. } => "custom",
            },
            FaultKind::Latency(_) => "latency",
            FaultKind::Hang => "hang",
            FaultKind::Reset => "reset",
        }
    }
}

impl From<FaultError> for FaultKind {
    fn from(error: FaultError) -> Self {
        FaultKind::Error(error)
    }
}

/// A fault: requests of `operation` get one of `kinds` (picked at random),
/// each with chance `probability`, for `times` firings (`None`: no limit).
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    /// IVS operation name, e.g. `GetRecordingConfiguration`, or `*` for all.
    pub operation: String,
    /// What the fault does; one is picked at random each time it fires.
    pub kinds: Vec<FaultKind>,
    /// The share of matching requests it fires on, 0 to 1.
    pub probability: f64,
    /// How many times it fires before it is used up; `None`: without limit.
    pub times: Option<u32>,
}

impl Fault {
    /// The next `times` requests of `operation` get `kind` (e.g. a [`FaultError`]).
    pub fn new(operation: impl Into<String>, kind: impl Into<FaultKind>, times: u32) -> Self {
        Self::one_of(operation, [kind.into()]).times(times)
    }

    /// The next request of `operation` gets one of `kinds`, picked at random.
    pub fn one_of(
        operation: impl Into<String>,
        kinds: impl IntoIterator<Item = FaultKind>,
    ) -> Self {
        Self {
            operation: operation.into(),
            kinds: kinds.into_iter().collect(),
            probability: 1.0,
            times: Some(1),
        }
    }

    /// The next request of `operation` gets `error`.
    pub fn error(operation: impl Into<String>, error: FaultError) -> Self {
        Self::one_of(operation, [FaultKind::Error(error)])
    }

    /// The next request of `operation` is answered `latency` late.
    pub fn latency(operation: impl Into<String>, latency: Duration) -> Self {
        Self::one_of(operation, [FaultKind::Latency(latency)])
    }

    /// The next request of `operation` is never answered.
    pub fn hang(operation: impl Into<String>) -> Self {
        Self::one_of(operation, [FaultKind::Hang])
    }

    /// The next request of `operation` has its connection reset.
    pub fn reset(operation: impl Into<String>) -> Self {
        Self::one_of(operation, [FaultKind::Reset])
    }

    /// Fires on this share of the matching requests (0 to 1).
    ///
    /// # Panics
    /// If `probability` is not a number from 0 to 1 (a bug in the caller;
    /// the hook and the flags report it as an error instead).
    pub fn with_probability(mut self, probability: f64) -> Self {
        if let Err(message) = check_probability(probability) {
            panic!("Fault::with_probability: {message}");
        }
        self.probability = probability;
        self
    }

    /// Fires `times` times, then is used up.
    pub fn times(mut self, times: u32) -> Self {
        self.times = Some(times);
        self
    }

    /// Fires without limit (until the faults are cleared).
    pub fn always(mut self) -> Self {
        self.times = None;
        self
    }

    /// Why this fault cannot be served, naming the field at fault.
    pub fn check(&self) -> Result<(), String> {
        let known = Operation::named(&self.operation).is_some();
        if !known && self.operation != ANY_OPERATION {
            let short: String = self.operation.chars().take(40).collect();
            return Err(format!(
                "operation '{short}' is not one ivs-local serves; give one of {} or *",
                Operation::all()
                    .map(Operation::name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if self.kinds.is_empty() {
            return Err("kinds must name at least one kind".to_owned());
        }
        check_probability(self.probability)?;
        for kind in &self.kinds {
            match kind {
                FaultKind::Latency(latency) if *latency > MAX_FAULT_LATENCY => {
                    return Err(format!(
                        "latency {latency:?} is longer than the 24h allowed"
                    ));
                }
                FaultKind::Error(FaultError::Custom { status, .. })
                    if !(400..=599).contains(status) =>
                {
                    return Err(format!(
                        "status {status} is not an HTTP error status (400-599)"
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn matches(&self, operation: &str) -> bool {
        self.operation == operation || self.operation == ANY_OPERATION
    }
}

/// Checks a probability, naming it in the error.
pub(crate) fn check_probability(probability: f64) -> Result<(), String> {
    if (0.0..=1.0).contains(&probability) {
        Ok(())
    } else {
        Err(format!(
            "probability {probability} must be a number from 0 to 1"
        ))
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
        if fault.times != Some(0) && !fault.kinds.is_empty() {
            self.lock().push(fault);
        }
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    /// Rolls the faults matching `operation` in order; the first that fires
    /// uses up one of its firings and says what to do.
    pub fn take(&self, operation: &str) -> Option<FaultKind> {
        let mut pending = self.lock();
        let index = pending.iter().position(|fault| {
            fault.matches(operation)
                && (fault.probability >= 1.0 || fastrand::f64() < fault.probability)
        })?;
        let fault = &mut pending[index];
        let kind = fault.kinds[fastrand::usize(..fault.kinds.len())].clone();
        if let Some(times) = &mut fault.times {
            *times -= 1;
            if *times == 0 {
                pending.remove(index);
            }
        }
        Some(kind)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Fault>> {
        // A panic elsewhere cannot leave the list half-updated, so a
        // poisoned lock is still safe to use.
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(kind: Option<FaultKind>) -> Option<FaultError> {
        match kind {
            Some(FaultKind::Error(error)) => Some(error),
            other => panic!("expected an error fault, got {other:?}"),
        }
    }

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
            error(queue.take("ListRecordingConfigurations")),
            Some(FaultError::InternalServer)
        );
        assert_eq!(
            error(queue.take("GetRecordingConfiguration")),
            Some(FaultError::Throttling)
        );
        assert_eq!(
            error(queue.take("GetRecordingConfiguration")),
            Some(FaultError::Throttling)
        );
        assert_eq!(queue.take("GetRecordingConfiguration"), None);
    }

    #[test]
    fn a_probability_fires_on_about_that_share() {
        let queue = FaultQueue::default();
        queue.push(
            Fault::one_of(
                ANY_OPERATION,
                [
                    FaultError::Throttling.into(),
                    FaultError::InternalServer.into(),
                ],
            )
            .with_probability(0.3)
            .always(),
        );
        let fired: Vec<_> = (0..10_000).filter_map(|_| queue.take("X")).collect();
        // 3000 expected; the bounds are over 10 standard deviations away.
        assert!((2500..3500).contains(&fired.len()), "{}", fired.len());
        let throttled = fired
            .iter()
            .filter(|kind| kind.name() == "throttling")
            .count();
        assert!(
            (throttled as f64 / fired.len() as f64 - 0.5).abs() < 0.1,
            "{throttled} of {}",
            fired.len()
        );
    }

    #[test]
    fn probability_zero_never_fires_and_limits_count_firings() {
        let queue = FaultQueue::default();
        queue.push(Fault::hang(ANY_OPERATION).with_probability(0.0).always());
        assert!((0..1000).all(|_| queue.take("X").is_none()));
        queue.clear();
        queue.push(Fault::reset(ANY_OPERATION).with_probability(0.5).times(3));
        let fired = (0..1000).filter(|_| queue.take("X").is_some()).count();
        assert_eq!(fired, 3);
    }

    #[test]
    fn check_names_the_field_at_fault() {
        let mut fault = Fault::latency("*", Duration::from_secs(25 * 3600));
        assert!(fault.check().unwrap_err().starts_with("latency"));
        fault.kinds.clear();
        assert!(fault.check().unwrap_err().starts_with("kinds"));
        let fault = Fault {
            probability: 1.5,
            ..Fault::hang("*")
        };
        assert!(fault.check().unwrap_err().starts_with("probability 1.5"));
        assert!(check_probability(f64::NAN).is_err());
        let err = Fault::hang("GetRecordingConfigurations")
            .check()
            .unwrap_err();
        assert!(
            err.starts_with("operation 'GetRecordingConfigurations'"),
            "{err}"
        );
    }
}
