//! Calling AWS: counting attempts, and turning every kind of failure into a diagnostic that says
//! what happened and what to do. "Not found" is said only when IVS itself said so.

use std::error::Error;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use aws_sdk_ivs::config::interceptors::BeforeTransmitInterceptorContextRef;
use aws_sdk_ivs::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_ivs::error::{BoxError, ProvideErrorMetadata, SdkError};

use super::AwsContext;
use crate::diagnostics::Diagnostic;

/// Counts the attempts of one operation (the SDK retries throttling, 5xx and connection errors).
#[derive(Debug, Clone, Default)]
pub struct AttemptCounter(Arc<AtomicU32>);

impl AttemptCounter {
    pub fn attempts(&self) -> u32 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Intercept for AttemptCounter {
    fn name(&self) -> &'static str {
        "AttemptCounter"
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        self.0.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// What was being done, for the messages.
pub struct Call<'a> {
    /// The IAM action, e.g. `ivs:GetRecordingConfiguration`.
    pub action: &'a str,
    /// What was asked for, e.g. "recording configuration".
    pub what: &'a str,
    pub arn: &'a str,
    /// The region in the ARN, to point out a mismatch with the provider's region.
    pub arn_region: &'a str,
    pub attempts: u32,
}

const CREDENTIAL_ERRORS: [&str; 7] = [
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "InvalidClientTokenId",
    "ExpiredTokenException",
    "ExpiredToken",
    "MissingAuthenticationTokenException",
];

const THROTTLING_ERRORS: [&str; 5] = [
    "ThrottlingException",
    "Throttling",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "SlowDown",
];

/// Turns a failed call into a diagnostic.
pub fn diagnose<E, R>(error: &SdkError<E, R>, aws: &AwsContext, call: &Call<'_>) -> Diagnostic
where
    E: ProvideErrorMetadata + Error + 'static,
    R: std::fmt::Debug + 'static,
{
    let attempts = attempt_text(call.attempts);
    match error {
        SdkError::ServiceError(service) => {
            let err = service.err();
            let code = err.code().unwrap_or("an unnamed error");
            let message = err.message().unwrap_or("(IVS sent no message)");
            service_error(code, message, aws, call, &attempts)
        }
        SdkError::DispatchFailure(failure) if failure.is_timeout() => Diagnostic::error(
            format!("Timed out connecting to IVS at {}", aws.ivs_endpoint),
            format!(
                "Reading {} {} timed out {attempts}: {}. Check that the endpoint is reachable from \
                 this machine (network, proxy, firewall) or set `endpoints {{ ivs = ... }}`.",
                call.what,
                call.arn,
                error_chain(error)
            ),
        ),
        SdkError::DispatchFailure(failure) if failure.is_io() => Diagnostic::error(
            format!("Could not connect to IVS at {}", aws.ivs_endpoint),
            format!(
                "Reading {} {} failed {attempts}: {}. Check the endpoint address and that the \
                 service is running and reachable.",
                call.what,
                call.arn,
                error_chain(error)
            ),
        ),
        SdkError::TimeoutError(_) => Diagnostic::error(
            format!("Timed out reading the {} from IVS", call.what),
            format!(
                "IVS at {} did not answer in time {attempts} for {}.",
                aws.ivs_endpoint, call.arn
            ),
        ),
        SdkError::ResponseError(response) => Diagnostic::error(
            format!(
                "IVS at {} sent a response that could not be read",
                aws.ivs_endpoint
            ),
            format!(
                "Reading {} {}: the answer was not a valid IVS API response ({}; raw response: \
                 {:?}). Check that the endpoint really is an IVS API endpoint.",
                call.what,
                call.arn,
                error_chain(error),
                response.raw()
            ),
        ),
        other => credential_or_other(other, aws, call),
    }
}

/// The error and its causes as one line, for people: "outer: inner: root cause".
fn error_chain(error: &(dyn Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        let inner_text = inner.to_string();
        // Wrappers often repeat their cause's text; say each thing once.
        if !text.contains(&inner_text) {
            text.push_str(": ");
            text.push_str(&inner_text);
        }
        cause = inner.source();
    }
    text
}

fn attempt_text(attempts: u32) -> String {
    match attempts {
        0 | 1 => "after 1 attempt".to_owned(),
        n => format!("after {n} attempts"),
    }
}

fn service_error(
    code: &str,
    message: &str,
    aws: &AwsContext,
    call: &Call<'_>,
    attempts: &str,
) -> Diagnostic {
    let region_hint = if call.arn_region != aws.region {
        format!(
            " The ARN is in region {}, but the provider is configured for region {}: set the \
             provider's `region` to {} (or use a provider alias) to read it.",
            call.arn_region, aws.region, call.arn_region
        )
    } else {
        String::new()
    };
    match code {
        "ResourceNotFoundException" => Diagnostic::error(
            format!("The {} was not found", call.what),
            format!(
                "IVS in region {} has no {} with ARN {}.{region_hint} Check the ARN, the region \
                 and the account the credentials belong to. (IVS said: {message})",
                aws.region, call.what, call.arn
            ),
        ),
        "AccessDeniedException" => Diagnostic::error(
            format!("Access denied reading the {}", call.what),
            format!(
                "IVS refused the IAM action {} on {}: {message}\nGrant the caller's IAM policy \
                 the action {} on this resource.",
                call.action, call.arn, call.action
            ),
        ),
        "ValidationException" => Diagnostic::error(
            format!("IVS rejected the request for the {}", call.what),
            format!("IVS said: {message}{region_hint}"),
        ),
        code if CREDENTIAL_ERRORS.contains(&code) => Diagnostic::error(
            "AWS rejected the credentials",
            format!(
                "IVS at {} answered {code}: {message}\nCheck the access key and secret key (or \
                 the profile) the provider uses; temporary credentials may have expired.",
                aws.ivs_endpoint
            ),
        ),
        code if THROTTLING_ERRORS.contains(&code) => Diagnostic::error(
            format!("IVS throttled the requests for the {}", call.what),
            format!(
                "Reading {} was throttled ({code}: {message}) and still failed {attempts}. Retry \
                 later, or raise the provider's `max_retries`.",
                call.arn
            ),
        ),
        code => Diagnostic::error(
            format!("IVS failed to return the {}", call.what),
            format!(
                "Reading {} failed {attempts} with {code}: {message}. If this is a service-side \
                 error, retry later.",
                call.arn
            ),
        ),
    }
}

/// Failures before anything reached IVS: most often no credentials could be found.
fn credential_or_other<E, R>(
    error: &SdkError<E, R>,
    aws: &AwsContext,
    call: &Call<'_>,
) -> Diagnostic
where
    E: Error + 'static,
    R: std::fmt::Debug + 'static,
{
    let text = error_chain(error);
    if text.contains("credentials") || text.contains("identity") {
        Diagnostic::error(
            "No valid AWS credentials found",
            format!(
                "The provider could not get AWS credentials to call IVS: {text}\nSet `access_key` \
                 and `secret_key` or `profile` in the provider block, or AWS_ACCESS_KEY_ID and \
                 AWS_SECRET_ACCESS_KEY / AWS_PROFILE in the environment."
            ),
        )
    } else {
        Diagnostic::error(
            format!("Reading the {} failed", call.what),
            format!(
                "The request for {} to IVS at {} failed before an answer came: {text}",
                call.arn, aws.ivs_endpoint
            ),
        )
    }
}
